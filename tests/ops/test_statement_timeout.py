"""The web process bounds every PostgreSQL statement (DATABASE_STATEMENT_TIMEOUT, 15 s by
default): a runaway query is cancelled and the request answers 503 with words saying so,
instead of holding a web thread forever. Workers, migrations and SQLite are unbounded."""

from __future__ import annotations

import time
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import text

from aduan import config, create_app
from aduan.extensions import db


def _web_app(backend_app: Any, **overrides: Any) -> Any:
    base = {k: backend_app.config[k] for k in ("SECRET_KEY", "SQLALCHEMY_DATABASE_URI")}
    app = create_app({**base, "TESTING": True, "RATELIMIT_STORAGE_URI": "memory://", **overrides})

    @app.get("/slow")
    def slow() -> str:
        db.session.execute(text("SELECT pg_sleep(5)"))
        return "done"

    return app


def test_a_slow_statement_in_a_web_request_is_cancelled_with_a_clear_answer(backend_app):
    if backend_app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("statement_timeout is PostgreSQL's (SQLite: test below)")
    app = _web_app(backend_app, WEB_PROCESS=True, DATABASE_STATEMENT_TIMEOUT=0.5)
    try:
        client = app.test_client()
        started = time.monotonic()
        response = client.get("/slow")
        assert time.monotonic() - started < 3
        assert response.status_code == 503
        assert "Permintaan terlalu lama diproses" in response.get_data(as_text=True)
        api = client.get("/slow", headers={"Accept": "application/json"})
        assert api.status_code == 503 and "too long" in api.get_json()["description"]
        with app.app_context():  # the connection is usable again
            assert db.session.execute(text("SHOW statement_timeout")).scalar() == "500ms"
    finally:
        with app.app_context():
            db.engine.dispose()


def test_only_the_web_process_is_bounded(backend_app):
    if backend_app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("SQLite: test below")
    app = _web_app(backend_app)  # a worker's, the clock's, a migration's
    try:
        with app.app_context():
            assert db.session.execute(text("SHOW statement_timeout")).scalar() == "0"
    finally:
        with app.app_context():
            db.engine.dispose()


def test_the_default_is_fifteen_seconds_and_sqlite_is_left_alone(monkeypatch):
    monkeypatch.delenv("DATABASE_STATEMENT_TIMEOUT", raising=False)
    loaded = config.load({"SECRET_KEY": "k" * 32})
    cfg = {**loaded, "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://h/db"}
    config.limit_statements(cfg)
    options = cfg["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"]["options"]
    assert options == "-c statement_timeout=15000"
    sqlite = {**loaded, "SQLALCHEMY_DATABASE_URI": "sqlite:///x.db"}
    before = dict(sqlite["SQLALCHEMY_ENGINE_OPTIONS"])
    config.limit_statements(sqlite)
    assert sqlite["SQLALCHEMY_ENGINE_OPTIONS"] == before


def test_report_pages_may_run_longer_statements_than_the_rest_of_the_web(backend_app, monkeypatch):
    """A year's figures at a million tickets take seconds of SQL: the report pages run
    under REPORT_STATEMENT_TIMEOUT, the rest of the web (and the same pooled connection
    afterwards) under DATABASE_STATEMENT_TIMEOUT."""
    if backend_app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("statement_timeout is PostgreSQL's (SQLite: the default test above)")
    from inbox.reports import figures
    from tests.inbox.helpers import login, make_user

    seen = []

    def slow_summary(*args: Any, **kwargs: Any) -> list:
        seen.append(db.session.execute(text("SHOW statement_timeout")).scalar())
        db.session.execute(text("SELECT pg_sleep(1)"))  # past the web's 0.5 s
        return []

    monkeypatch.setattr(figures, "summary", slow_summary)
    app = _web_app(
        backend_app,
        WEB_PROCESS=True,
        DATABASE_STATEMENT_TIMEOUT=0.5,
        REPORT_STATEMENT_TIMEOUT=5,
        SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 1, "max_overflow": 0},
    )

    @app.get("/timeout")
    def timeout() -> str:
        return str(db.session.execute(text("SHOW statement_timeout")).scalar())

    try:
        with app.app_context():
            make_user("supervisor", "long-reports@example.org")
        client = app.test_client()
        login(client, SimpleNamespace(email="long-reports@example.org"))
        response = client.get("/reports/export.csv?table=summary")
        assert response.status_code == 200, response.get_data(as_text=True)[:300]
        assert seen == ["5s"]
        assert client.get("/timeout").get_data(as_text=True) == "500ms"  # same connection
        assert client.get("/slow").status_code == 503  # elsewhere the web's bound holds
    finally:
        with app.app_context():
            db.engine.dispose()
