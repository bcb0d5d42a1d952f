"""The web while Redis is down: the rate-limited pages (public pages, Open311, login)
count in memory until Redis is back, instead of answering 500 on every request."""

from __future__ import annotations

import socket
from pathlib import Path

from aduan import create_app
from aduan.extensions import db


def _closed_port() -> int:
    with socket.socket() as sock:  # bound, then closed: nothing listens there
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_rate_limited_pages_answer_while_redis_is_down_and_limits_still_hold(tmp_path: Path):
    redis_url = f"redis://127.0.0.1:{_closed_port()}/0"
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-" + "x" * 32,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'desk.db'}",
            "REDIS_URL": redis_url,
            "RATELIMIT_STORAGE_URI": redis_url,
            "WTF_CSRF_ENABLED": False,
            "LOGIN_IP_LIMIT": "3 per minute",
        }
    )
    with app.app_context():
        db.create_all()
    client = app.test_client()
    for path in ("/peta", "/kinerja", "/lacak/MC-2026-000001", "/open311/v2/services.json"):
        assert client.get(path).status_code < 500, path
    wrong = {"email": "nobody@aduan.local", "password": "not-the-password"}
    answers = [client.post("/login", data=wrong).status_code for _ in range(5)]
    assert 500 not in answers
    assert answers[-1] == 429  # the login limit holds, counted in memory meanwhile
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
