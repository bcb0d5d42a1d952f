"""The web never hangs on a database that accepts connections but never answers (a frozen
server, a half-dead network path): it answers 503 within the connect timeout, so the
provider retries and a load balancer takes it out of rotation."""

from __future__ import annotations

import re
import socket
import threading
import time

from aduan import config, create_app
from inbox import errors


def test_a_database_that_never_answers_gives_503_not_a_hang(monkeypatch, tmp_path):
    import fakeredis

    silent = socket.create_server(("127.0.0.1", 0))  # the kernel accepts; nobody answers
    port = silent.getsockname()[1]
    monkeypatch.setenv("DATABASE_URL", f"postgresql://postgres@127.0.0.1:{port}/aduan")
    monkeypatch.setenv("DATABASE_CONNECT_TIMEOUT", "1")
    monkeypatch.setenv("ADUAN_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("SECRET_KEY", "t" * 40)
    try:
        down = create_app({"TESTING": True})
        down.extensions["redis"] = fakeredis.FakeRedis()
        answers: dict[str, tuple[int, float]] = {}

        def get(path: str) -> None:
            started = time.monotonic()
            status = down.test_client().get(path).status_code
            answers[path] = (status, time.monotonic() - started)

        thread = threading.Thread(target=get, args=("/readyz",), daemon=True)
        thread.start()
        thread.join(20)
        assert not thread.is_alive(), "/readyz hung on a database that never answers"
        status, seconds = answers["/readyz"]
        assert status == 503
        assert seconds < 10
    finally:
        silent.close()


def test_a_connect_timeout_in_the_url_wins(monkeypatch, tmp_path):
    monkeypatch.setenv("ADUAN_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("SECRET_KEY", "t" * 40)
    monkeypatch.setenv("DATABASE_URL", "postgresql://h/db")
    assert config.load()["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"] == {"connect_timeout": 5}
    monkeypatch.setenv("DATABASE_URL", "postgresql://h/db?connect_timeout=30")
    assert "connect_args" not in config.load()["SQLALCHEMY_ENGINE_OPTIONS"]


def test_pages_and_programs_get_503_with_retry_after_when_the_database_is_down(
    monkeypatch, tmp_path, caplog
):
    import fakeredis

    closed = socket.create_server(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens: every connection is refused at once
    monkeypatch.setenv("DATABASE_URL", f"postgresql://postgres@127.0.0.1:{port}/aduan")
    monkeypatch.setenv("ADUAN_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("SECRET_KEY", "t" * 40)
    monkeypatch.setattr(errors, "_quiet", {"until": 0.0, "count": 0, "last": 0.0})
    down = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False})
    down.extensions["redis"] = fakeredis.FakeRedis()
    client = down.test_client()
    with client.session_transaction() as session:  # an agent signed in before the outage
        session["_user_id"] = "1"
        session["_fresh"] = True
    pages = ("/inbox", "/tickets/MC-2026-000123", "/lacak/MC-2026-000123", "/peta", "/kinerja")
    for path in pages:
        answer = client.get(path)
        assert answer.status_code == 503, path
        assert int(answer.headers["Retry-After"]) > 0
        assert "Layanan sedang tidak tersedia" in answer.get_data(as_text=True)
        assert "112" in answer.get_data(as_text=True)  # an emergency cannot wait for us
    answer = client.get("/api/v1/tickets", headers={"Authorization": "Bearer adn_" + "x" * 43})
    assert answer.status_code == 503 and answer.json["error"] == "Service Unavailable"
    answer = client.get("/open311/v2/requests.json")
    assert answer.status_code == 503
    assert answer.json == [{"code": 503, "description": "Database unavailable, please retry."}]
    answer = client.post("/lapor", data={"text": "Lampu mati", "phone": "081234567890"})
    assert answer.status_code == 503
    with client.session_transaction() as session:
        session["lang"] = "en"
    english = client.get("/inbox").get_data(as_text=True)
    assert "Service unavailable" in english and "call 112" in english
    token = "t0ken-of-an-officer-link"
    assert client.get(f"/o/{token}").status_code == 503
    said = [r.getMessage() for r in caplog.records if r.name == "inbox.errors"]
    assert len(said) == 1, said  # one line per outage window, not one per request
    assert said[0].startswith("database unavailable: GET /inbox:")
    errors._quiet["until"] = 0.0  # the window has passed: the next answer logs again
    assert client.get(f"/o/{token}").status_code == 503
    said = [r.getMessage() for r in caplog.records if r.name == "inbox.errors"]
    assert said[-1].startswith("database unavailable: GET /o/<token>:")
    assert re.search(r"\(9 more 503s since the previous line, \d+s ago\)$", said[-1])
    assert token not in "\n".join(said)  # logged by the URL rule: links carry a token


def test_a_statement_error_is_a_500_with_its_traceback_not_an_outage(monkeypatch, tmp_path):
    """Only a database gone away is a 503 to retry: a statement's own error (a missing
    column after a forgotten migration, a deadlock) is a bug to fix, so it stays a 500
    whose traceback reaches the log and Sentry (got_request_exception). A statement the
    web's statement_timeout cancelled is a 503 saying so, with no Retry-After."""
    import sqlite3

    import fakeredis
    import psycopg
    from flask import got_request_exception
    from sqlalchemy.exc import OperationalError

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/aduan.db")
    monkeypatch.setenv("ADUAN_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("SECRET_KEY", "t" * 40)
    app = create_app({"TESTING": True, "PROPAGATE_EXCEPTIONS": False})
    app.extensions["redis"] = fakeredis.FakeRedis()
    errors = [
        sqlite3.OperationalError("no such column: tickets.summary"),
        psycopg.errors.DeadlockDetected("deadlock detected"),
    ]
    errors[0].sqlite_errorcode, errors[0].sqlite_errorname = 1, "SQLITE_ERROR"  # as raised
    signalled: list[BaseException] = []

    def caught(_sender, exception, **_extra):
        signalled.append(exception)

    got_request_exception.connect(caught, app)
    client = app.test_client()
    for orig in errors:

        def fail(orig=orig):
            raise OperationalError("SELECT 1", {}, orig)

        app.view_functions["public.peta"] = fail
        answer = client.get("/peta")
        assert answer.status_code == 500, orig
        assert "Retry-After" not in answer.headers
    assert [type(e.orig) for e in signalled] == [type(e) for e in errors]
    cancelled = psycopg.errors.QueryCanceled("canceling statement due to statement timeout")

    def slow():
        raise OperationalError("SELECT 1", {}, cancelled)

    app.view_functions["public.peta"] = slow
    answer = client.get("/peta")
    assert answer.status_code == 503 and "Retry-After" not in answer.headers
    assert "terlalu lama" in answer.get_data(as_text=True)
    for orig in (
        psycopg.OperationalError("connection failed: Connection refused"),
        psycopg.errors.AdminShutdown("terminating connection due to administrator command"),
        sqlite3.OperationalError("database is locked"),
    ):
        if isinstance(orig, sqlite3.Error):
            orig.sqlite_errorcode, orig.sqlite_errorname = 5, "SQLITE_BUSY"

        def down(orig=orig):
            raise OperationalError("SELECT 1", {}, orig)

        app.view_functions["public.peta"] = down
        answer = client.get("/peta")
        assert answer.status_code == 503, orig
        assert answer.headers["Retry-After"]


def test_the_503_page_speaks_the_screens_language(monkeypatch, tmp_path):
    import fakeredis

    closed = socket.create_server(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    monkeypatch.setenv("DATABASE_URL", f"postgresql://postgres@127.0.0.1:{port}/aduan")
    monkeypatch.setenv("ADUAN_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("SECRET_KEY", "t" * 40)
    down = create_app({"TESTING": True})
    down.extensions["redis"] = fakeredis.FakeRedis()
    client = down.test_client()
    with client.session_transaction() as session:  # an English-reading agent
        session["_user_id"], session["_fresh"], session["lang"] = "1", True, "en"
    page = client.get("/inbox")
    assert page.status_code == 503
    said = page.get_data(as_text=True)
    assert "Service unavailable" in said and "In an emergency, call 112." in said
    assert "Layanan sedang tidak tersedia" not in said


def test_503s_held_back_in_an_earlier_outage_are_not_said_to_be_recent(app, monkeypatch, caplog):
    from sqlalchemy.exc import OperationalError

    monkeypatch.setattr(errors, "_quiet", {"until": 0.0, "count": 0, "last": 0.0})
    gone = OperationalError("SELECT 1", {}, Exception("connection refused"))
    clock = iter([1000.0, 1001.0, 1002.0, 1003.0, 5000.0])  # 3 held, then hours later
    monkeypatch.setattr(errors.time, "monotonic", lambda: next(clock))
    with app.test_request_context("/inbox"):
        for _ in range(5):
            errors._log_outage(gone)
    said = [r.getMessage() for r in caplog.records if r.name == "inbox.errors"]
    assert len(said) == 2 and not said[0].endswith(")")  # nothing held before the first
    assert said[1].endswith("(3 more 503s since the previous line, 4000s ago)")
