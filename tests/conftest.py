"""Shared fixtures (flaskr style): app, client, queues drained by a real RQ worker,
and fake provider servers on 127.0.0.1.

Backends: every test that uses `app` runs on SQLite + fakeredis; when TEST_DATABASE_URL
and TEST_REDIS_URL are set (CI) it also runs on PostgreSQL + a real Redis."""

from __future__ import annotations

import functools
import ipaddress
import json
import os
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import fakeredis
import pytest
from redis import Redis
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from werkzeug.security import generate_password_hash

from aduan import create_app
from aduan.config import ROOT
from aduan.extensions import db
from ticketing.models import people

# Staff passwords are hashed cheaply in the tests: werkzeug's default (scrypt, which
# production keeps) took ~120 ms a hash and as long a check, a quarter of a second for
# each of the suite's hundreds of sign-ins. Sign-in itself (the same method for every
# account and the decoy) is unchanged.
people.generate_password_hash = functools.partial(
    generate_password_hash, method="pbkdf2:sha256:1000"
)


def _own_backends(database_url: str, redis_url: str) -> tuple[str, str]:
    """Under `pytest -n N` (pytest-xdist) each worker process gets its own PostgreSQL
    database and Redis database: the first worker the given ones, worker k the database
    `<name>_gwk` (created when missing) and the Redis database k below the given one."""
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0")[2:] or 0)
    if not (worker and database_url and redis_url):
        return database_url, redis_url
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    name = f"{url.database}_gw{worker}"
    with psycopg.connect(url.set(drivername="postgresql").render_as_string(False)) as conn:
        conn.autocommit = True
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{name}"')
    base, _, number = redis_url.rstrip("/").rpartition("/")
    if not number.isdigit() or int(number) < worker:
        raise RuntimeError(f"TEST_REDIS_URL needs a database number of at least {worker}")
    own_redis = f"{base}/{int(number) - worker}"
    return url.set(database=name).render_as_string(False), own_redis


TEST_DATABASE_URL, TEST_REDIS_URL = _own_backends(
    os.environ.get("TEST_DATABASE_URL", ""), os.environ.get("TEST_REDIS_URL", "")
)
BACKENDS = ["sqlite"] + (["postgresql"] if TEST_DATABASE_URL and TEST_REDIS_URL else [])
SECRET = "test-secret-key"
# Tests that measure what the database cannot change (the router's quality on the
# independent sets, through ingest) run on SQLite only: their PostgreSQL half repeated
# the same decisions, about two minutes of the suite's time.
ONE_BACKEND = ("tests/routing/test_independent_", "tests/ticketing/test_independent_followups.py")


# -- network guard: only loopback connections are allowed ---------------------------

_real_connect = socket.socket.connect


def _guarded_connect(self: socket.socket, address: Any) -> Any:
    if self.family in (socket.AF_INET, socket.AF_INET6):
        host = address[0]
        try:
            allowed = ipaddress.ip_address(host).is_loopback
        except ValueError:
            allowed = host == "localhost"
        if not allowed:
            raise RuntimeError(f"network access in tests is not allowed: {address}")
    return _real_connect(self, address)


@pytest.fixture(autouse=True, scope="session")
def network_guard() -> Iterator[None]:
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
    os.environ["NO_PROXY"] = "127.0.0.1,localhost"
    yield
    socket.socket.connect = _real_connect  # type: ignore[method-assign]


# -- fake providers ---------------------------------------------------------------


@pytest.fixture(scope="session")
def fake_telegram() -> Iterator[Any]:
    from sandbox.telegram import FakeTelegram

    fake = FakeTelegram(token="111111:TESTTOKEN", retry_base_delay=0.05).start()
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def fake_twilio() -> Iterator[Any]:
    from sandbox.twilio import FakeTwilio

    fake = FakeTwilio(auth_token="test-twilio-token").start()
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def fake_graph() -> Iterator[Any]:
    from sandbox.graph import FakeGraph

    fake = FakeGraph(
        app_secret="test-app-secret", verify_token="test-verify", retry_base_delay=0.05
    ).start()
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def fake_x() -> Iterator[Any]:
    from sandbox.x import FakeX

    fake = FakeX().start()
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def fake_smtp() -> Iterator[Any]:
    from sandbox.smtp import FakeSMTP

    fake = FakeSMTP().start()
    yield fake
    fake.stop()


# -- the app on each backend ------------------------------------------------------


MODEL_DIR = ROOT / "var" / "models"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Leaves out the PostgreSQL half of the ONE_BACKEND tests."""
    kept, left = [], []
    for item in items:
        backend = getattr(item, "callspec", None) and item.callspec.params.get("backend_app")
        once = item.nodeid.startswith(ONE_BACKEND) and backend == "postgresql"
        (left if once else kept).append(item)
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept


def pytest_sessionstart(session: pytest.Session) -> None:
    """Trains the routing model once, before pytest-xdist starts its workers (its hook
    runs after this one). Otherwise each worker trained it on first use, one of them
    inside an intake job, whose time limit a loaded machine could exceed."""
    if hasattr(session.config, "workerinput"):
        return  # a worker: the controller has trained it
    from ticketing.routing import load_or_train

    MODEL_DIR.mkdir(parents=True, exist_ok=True)
    load_or_train(MODEL_DIR)


@pytest.fixture(scope="session")
def model_dir() -> str:
    MODEL_DIR.mkdir(parents=True, exist_ok=True)
    return str(MODEL_DIR)


def _config(backend: str, tmp: Path, fakes: dict[str, Any], model_dir: str) -> dict[str, Any]:
    url = TEST_DATABASE_URL if backend == "postgresql" else f"sqlite:///{tmp / 'test.db'}"
    return {
        "TESTING": True,
        "SECRET_KEY": SECRET,
        "SQLALCHEMY_DATABASE_URI": url,
        "MEDIA_DIR": str(tmp / "media"),
        "MODEL_DIR": model_dir,
        "TELEGRAM_BOT_TOKEN": fakes["telegram"].token,
        "TELEGRAM_API_BASE_URL": fakes["telegram"].base_url,
        "TWILIO_ACCOUNT_SID": fakes["twilio"].account_sid,
        "TWILIO_AUTH_TOKEN": fakes["twilio"].auth_token,
        "TWILIO_API_BASE_URL": fakes["twilio"].url,
        "TWILIO_SMS_FROM": fakes["twilio"].sms_number,
        "TWILIO_WHATSAPP_FROM": fakes["twilio"].whatsapp_number,
        "TWILIO_VOICE_NUMBER": fakes["twilio"].voice_number,
        "TWILIO_WHATSAPP_TEMPLATE_SID": "HX" + "0" * 32,
        "WHATSAPP_ACCESS_TOKEN": fakes["graph"].access_token,
        "WHATSAPP_APP_SECRET": fakes["graph"].app_secret,
        "WHATSAPP_VERIFY_TOKEN": fakes["graph"].verify_token,
        "WHATSAPP_PHONE_NUMBER_ID": fakes["graph"].phone_number_id,
        "GRAPH_API_BASE_URL": fakes["graph"].base_url,
        "META_PAGE_ACCESS_TOKEN": fakes["graph"].page_access_token,
        "META_PAGE_ID": fakes["graph"].page_id,
        "META_IG_ID": fakes["graph"].ig_id,
        "META_APP_SECRET": fakes["graph"].app_secret,
        "META_VERIFY_TOKEN": fakes["graph"].verify_token,
        **{f"X_{k.upper()}": v for k, v in fakes["x"].credentials.items()},
        "X_ACCOUNT_ID": fakes["x"].account_id,
        "X_WEBHOOK_ENABLED": True,
        "SMTP_URL": fakes["smtp"].url,
        "EMAIL_FROM": "aduan@example.org",
        "X_API_BASE_URL": fakes["x"].url,
        "TELEGRAM_WEBHOOK_SECRET": "tg-secret",
        "RATELIMIT_STORAGE_URI": "memory://",
        "PUBLIC_BASE_URL": "https://aduan.example.org",
        "INBOUND_WAKE_ASYNC": False,  # the wake-up job is queued before the 200
    }


@pytest.fixture(scope="session")
def _backend_apps() -> Iterator[dict[str, Any]]:
    """The app of each backend, made at most once a session (see backend_app)."""
    apps: dict[str, Any] = {}
    yield apps
    for app in apps.values():
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def backend_app(
    request: pytest.FixtureRequest,
    _backend_apps: dict[str, Any],
    tmp_path_factory: pytest.TempPathFactory,
    fake_telegram: Any,
    fake_twilio: Any,
    fake_graph: Any,
    fake_x: Any,
    fake_smtp: Any,
    model_dir: str,
) -> Any:
    """The app on one backend with the schema and the OPD directory. Kept for the whole
    session: pytest-xdist runs a file's SQLite tests, then its PostgreSQL ones, and pytest
    makes a parametrized session fixture again at each change of parameter, so building
    it here (create_all, the directory) cost two builds a file, about 1-2 s each."""
    if request.param in _backend_apps:
        return _backend_apps[request.param]
    tmp = tmp_path_factory.mktemp(request.param)
    fakes = {
        "telegram": fake_telegram,
        "twilio": fake_twilio,
        "graph": fake_graph,
        "x": fake_x,
        "smtp": fake_smtp,
    }
    app = create_app(_config(request.param, tmp, fakes, model_dir))
    app.extensions["redis"] = (
        Redis.from_url(TEST_REDIS_URL) if request.param == "postgresql" else fakeredis.FakeRedis()
    )
    with app.app_context():
        import sla.models  # noqa: F401

        if request.param == "postgresql":
            _no_commit_wait()
        db.drop_all()
        db.create_all()
        from aduan.seed import seed_directory

        seed_directory()
        app.extensions["seeded_directory"] = _directory()
    _backend_apps[request.param] = app
    return app


def _no_commit_wait() -> None:
    """The test database's commits return before the server's WAL flush
    (synchronous_commit off, for every connection to it: the app, the workers the tests
    start, pg_dump). Visibility, locks and rollbacks are unchanged; only a crash of the
    server could lose the last commits, and no test crashes it. A flush took about 3 ms
    of each commit on this machine's disk."""
    name = db.engine.url.database
    with db.engine.connect() as connection:
        connection.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
        connection.commit()
    db.engine.dispose()  # the pool's connections were opened before the setting


KEEP_TABLES = {"opds"}


@pytest.fixture
def app(backend_app: Any, fake_telegram: Any) -> Iterator[Any]:
    """The app with empty tables (the OPD directory stays) and an empty Redis."""
    backend_app.extensions["redis"].flushdb()
    backend_app.extensions.pop("adapters", None)
    from aduan.extensions import limiter

    with backend_app.app_context():
        limiter.reset()
    with backend_app.app_context():
        _empty_tables()
        _restore_directory(backend_app.extensions["seeded_directory"])
        _forget_process_caches()
        yield backend_app
        db.session.remove()


def _directory() -> list[dict[str, Any]]:
    from ticketing.models import Opd

    rows = db.session.execute(Opd.__table__.select().order_by(Opd.code)).mappings()
    return [dict(row) for row in rows]


def _restore_directory(seeded: list[dict[str, Any]]) -> None:
    """The directory stays between tests (KEEP_TABLES): a unit a test edited (renamed
    by an admin, say) is put back as seeded, so no later test reads that edit."""
    found = {row["code"]: row for row in _directory()}
    if list(found.values()) == seeded:
        return
    from ticketing.models import Opd

    table, wanted = Opd.__table__, {row["code"] for row in seeded}
    added = [code for code in found if code not in wanted]  # a unit's children first
    for code in sorted(added, key=lambda code: found[code]["parent_code"] is None):
        db.session.execute(table.delete().where(table.c.code == code))
    for row in sorted(seeded, key=lambda row: row["parent_code"] is not None):
        if row["code"] not in found:
            db.session.execute(table.insert(), row)
        elif found[row["code"]] != row:
            db.session.execute(table.update().where(table.c.code == row["code"]).values(row))
    db.session.commit()


def _forget_process_caches() -> None:
    """Per-process caches of what the tables held (the desk calendar, the unit menu)
    start empty with the tables, so no test sees another test's closure or units."""
    import inbox.units
    from sla import calendars

    calendars.forget()
    inbox.units._units = (0.0, [], {})


def _empty_tables() -> None:
    tables = [t for t in reversed(db.metadata.sorted_tables) if t.name not in KEEP_TABLES]
    if db.engine.dialect.name == "postgresql":
        for attempt in range(5):
            try:
                _empty_postgresql(tables)
                break
            except OperationalError as error:
                # A request the previous browser tab left in flight (the inbox's poll)
                # can hold one table while the clean-up holds another: PostgreSQL ends
                # the deadlock by cancelling the clean-up. Try again once it is gone.
                db.session.rollback()
                if getattr(error.orig, "sqlstate", None) != "40P01" or attempt == 4:
                    raise
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


def _empty_postgresql(tables: list[Any]) -> None:
    """Deletes the rows of the tables that hold any (children first) and starts their
    sequences again, as TRUNCATE ... RESTART IDENTITY did; a TRUNCATE of every table
    took about half a second a test (new files for each table), this a few milliseconds."""
    quote = db.engine.dialect.identifier_preparer.quote
    probe = " UNION ALL ".join(
        f"(SELECT {i} FROM {quote(t.name)} LIMIT 1)" for i, t in enumerate(tables)
    )
    for (i,) in sorted(db.session.execute(text(probe)).all()):
        db.session.execute(tables[i].delete())
    db.session.execute(
        text(
            "SELECT setval(s.seqrelid, s.seqstart, false) FROM pg_sequence s"
            " JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.seqrelid"
            " AND d.deptype IN ('a', 'i')"
            " JOIN pg_class t ON t.oid = d.refobjid"
            " WHERE t.relname = ANY(:names)"
            " AND pg_sequence_last_value(s.seqrelid) IS NOT NULL"
        ),
        {"names": [t.name for t in tables]},
    )


@pytest.fixture
def client(app: Any) -> Any:
    return app.test_client()


@pytest.fixture
def drain(app: Any) -> Callable[..., int]:
    """Runs a real RQ worker (in this process) until the queues are empty; returns the
    number of jobs it performed. with_scheduler moves due scheduled jobs first."""
    from aduan.worker import make_worker

    def run(with_scheduler: bool = False) -> int:
        worker = make_worker(app, threaded=False)
        worker.work(burst=True, with_scheduler=with_scheduler, logging_level="WARNING")
        return worker.performed

    return run


@pytest.fixture
def tg_post(client: Any) -> Callable[..., Any]:
    """Posts a Telegram update to the webhook with the right secret."""

    def post(update: dict[str, Any] | str | bytes, secret: str | None = "tg-secret") -> Any:
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        data = update if isinstance(update, str | bytes) else json.dumps(update)
        return client.post("/webhooks/telegram", data=data, headers=headers)

    return post


# The phone and social channels' fixtures (the app served live for the fake providers).
from tests.providers import graph, live_url, meta_post, settle, twilio, twilio_post  # noqa: E402,F401


@pytest.fixture(scope="session")
def s3_server() -> Iterator[str]:
    """An S3-compatible server on 127.0.0.1 (moto's server mode); yields its URL."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_media(app: Any, s3_server: str) -> Iterator[str]:
    """The app's media in a fresh bucket of the local S3 server; yields the storage URL."""
    import uuid

    import boto3

    bucket = f"aduan-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name="us-east-1",
        aws_access_key_id="test-access-key",
        aws_secret_access_key="test-secret-key",
    )
    client.create_bucket(Bucket=bucket)
    url = f"s3://test-access-key:test-secret-key@{bucket}/media?endpoint_url={s3_server}&region=us-east-1"
    saved = app.config["MEDIA_STORAGE_URL"]
    app.config["MEDIA_STORAGE_URL"] = url
    app.extensions.pop("media_storage", None)
    yield url
    app.config["MEDIA_STORAGE_URL"] = saved
    app.extensions.pop("media_storage", None)


@pytest.fixture
def migrated(app: Any) -> Iterator[None]:
    """The test schema stamped as migrated to the newest revision (dropped afterwards)."""
    from alembic import command

    from aduan.schema import alembic_config

    with db.engine.begin() as connection:
        cfg = alembic_config(app)
        cfg.attributes["connection"] = connection
        command.stamp(cfg, "head")
    yield
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE alembic_version"))
