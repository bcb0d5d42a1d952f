"""The web never hangs on a database that accepts connections but never answers (a frozen
server, a half-dead network path): it answers 503 within the connect timeout, so the
provider retries and a load balancer takes it out of rotation."""

from __future__ import annotations

import socket
import threading
import time

from aduan import config, create_app


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
