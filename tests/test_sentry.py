"""Optional Sentry: an error in a request reaches a (local) Sentry server without the
request body, cookies, phone numbers or secrets."""

from __future__ import annotations

import gzip
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import sentry_sdk

from aduan import create_app, sentry


class _Ingest(BaseHTTPRequestHandler):
    received: list[bytes] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "deflate":
            body = zlib.decompress(body)
        elif encoding == "br":  # sentry-sdk compresses with brotli when it is installed
            import brotli

            body = brotli.decompress(body)
        self.received.append(body)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def ingest():
    _Ingest.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Ingest)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://publickey123@127.0.0.1:{server.server_port}/42", _Ingest.received
    sentry_sdk.get_client().close()
    sentry_sdk.init()  # back to no client
    sentry._initialised.clear()
    server.shutdown()
    server.server_close()


def _secret(*parts: str) -> str:
    """Joined at run time: Sentry sends source lines around a frame, and the values must
    not be found there by accident."""
    return "".join(parts)


def test_an_error_reaches_sentry_scrubbed(ingest, tmp_path):
    dsn, received = ingest
    phone, token = _secret("+62812", "34567890"), _secret("123456:", "SENTRYTOKENabc")
    cookie, query, header = _secret("cookie-", "xyz"), _secret("qs-", "999"), _secret("hd-", "777")
    home = _secret("Jl. Kenjeran ", "45")
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 's.db'}",
            "SECRET_KEY": _secret("sentry-test-", "secret-key"),
            "SENTRY_DSN": dsn,
            "TELEGRAM_BOT_TOKEN": token,
            "RATELIMIT_STORAGE_URI": "memory://",
            "WTF_CSRF_ENABLED": False,
        }
    )

    @app.post("/boom")
    def boom() -> str:
        token = app.config["TELEGRAM_BOT_TOKEN"]
        raise RuntimeError(f"send to {phone} failed via /bot{token}/sendMessage")

    client = app.test_client()
    client.set_cookie("session", cookie)
    answer = client.post(
        f"/boom?access_token={query}",
        data={"text": f"nama saya Siti, rumah {home}"},
        headers={"Authorization": f"Bearer {header}"},
    )
    assert answer.status_code == 500
    sentry_sdk.flush(timeout=10)
    assert received, "nothing reached the Sentry server"
    sent = b"\n".join(received).decode()
    assert "RuntimeError" in sent and "+62812****7890" in sent and "/bot[secret]/" in sent
    for leaked in (
        phone[1:],
        token,
        _secret("sentry-test-", "secret-key"),
        cookie,
        query,
        header,
        home,
    ):
        assert leaked not in sent, leaked


def test_without_a_dsn_nothing_starts():
    assert sentry.init({"SENTRY_DSN": ""}) is False


def test_an_error_in_a_webhook_answered_before_flask_reaches_sentry(ingest, tmp_path, monkeypatch):
    """webhooks.receiver answers outside Flask's request handling, where the Flask
    integration sees nothing: its logged exception is what reaches Sentry, scrubbed."""
    from webhooks.receiver import ROUTES

    dsn, received = ingest
    phone = _secret("+62812", "34567890")
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 's.db'}",
            "SECRET_KEY": _secret("sentry-test-", "secret-key"),
            "SENTRY_DSN": dsn,
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )

    def telegram(request, config):
        raise KeyError(f"no chat for {phone}")

    monkeypatch.setitem(ROUTES["/webhooks/telegram"], "POST", telegram)
    answer = app.test_client().post("/webhooks/telegram", json={"update_id": 1})
    assert answer.status_code == 500
    sentry_sdk.flush(timeout=10)
    sent = b"\n".join(received).decode()
    assert "KeyError" in sent and "+62812****7890" in sent and phone[1:] not in sent


def test_a_webhook_answered_before_flask_is_traced_under_its_route(ingest, tmp_path):
    dsn, received = ingest
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 's.db'}",
            "SECRET_KEY": _secret("sentry-test-", "secret-key"),
            "SENTRY_DSN": dsn,
            "SENTRY_TRACES_SAMPLE_RATE": "1",
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    answer = app.test_client().post("/webhooks/telegram", json={"update_id": 1})
    assert answer.status_code == 403  # no secret token: refused, and still traced
    sentry_sdk.flush(timeout=10)
    sent = b"\n".join(received).decode()
    assert '"transaction":"/webhooks/telegram"' in sent.replace(" ", "")
    assert "generic WSGI request" not in sent
