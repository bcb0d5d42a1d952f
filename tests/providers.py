"""Fixtures for the phone channels: our app served on 127.0.0.1 so the session's fake
Twilio and fake Graph API can call its webhooks (signed as the real providers sign), and
helpers that post fixture payloads signed exactly like Twilio and Meta."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qsl

import pytest
from werkzeug.serving import make_server

from aduan.extensions import db
from channels.meta_common import sign as meta_sign
from sandbox.twilio_api import sign
from tests.payloads import FIXTURES, fixture_text

PUBLIC = "https://aduan.example.org"  # PUBLIC_BASE_URL of the test app


@pytest.fixture(scope="session")
def live_url(backend_app: Any) -> Iterator[str]:
    """The test app served by a threaded werkzeug server (ProxyFix included)."""
    server = make_server("127.0.0.1", 0, backend_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def twilio(app: Any, live_url: str, fake_twilio: Any) -> Iterator[Any]:
    """The session's FakeTwilio wired to our webhooks, callbacks held until delivered."""
    fake_twilio.reset()
    fake_twilio.auto_deliver = False
    fake_twilio.callbacks_out_of_order = False
    fake_twilio.configure(
        messaging_url=f"{live_url}/webhooks/twilio/messaging",
        status_url=f"{live_url}/webhooks/twilio/status",
        voice_url=f"{live_url}/webhooks/twilio/voice",
        signing_base=PUBLIC,
    )
    yield fake_twilio
    fake_twilio.configure(messaging_url=None, status_url=None, voice_url=None, signing_base=None)
    fake_twilio.reset()
    fake_twilio.callbacks_out_of_order = False
    fake_twilio.auto_deliver = True


@pytest.fixture
def graph(app: Any, live_url: str, fake_graph: Any) -> Iterator[Any]:
    """The session's FakeGraph posting WhatsApp webhooks to us, statuses held back."""
    fake_graph.reset()
    fake_graph.auto_deliver = False
    fake_graph.statuses_out_of_order = False
    fake_graph.whatsapp_webhook_url = f"{live_url}/webhooks/whatsapp"
    yield fake_graph
    fake_graph.whatsapp_webhook_url = ""
    fake_graph.reset()
    fake_graph.statuses_out_of_order = False
    fake_graph.auto_deliver = True


@pytest.fixture
def settle(drain: Callable[..., int], twilio: Any, graph: Any) -> Callable[[], None]:
    """Runs the worker and delivers the fakes' held callbacks until nothing moves."""

    def run() -> None:
        for _ in range(20):
            moved = drain()
            moved += twilio.deliver_callbacks("status")
            moved += graph.deliver_pending()
            if not moved:
                db.session.rollback()  # the next reads see what the worker committed
                return
        raise AssertionError("the pipeline did not settle")

    return run


def form(name: str) -> dict[str, str]:
    """Returns the parameters of tests/fixtures/twilio/<name>.form."""
    return dict(parse_qsl(fixture_text(f"twilio/{name}.form"), keep_blank_values=True))


@pytest.fixture
def twilio_post(client: Any, app: Any, twilio: Any) -> Callable[..., Any]:
    """Posts form parameters to a Twilio webhook, signed as Twilio signs them (over
    `signed_url`, default the public URL of `path`). Replies go to the fake Twilio."""

    def post(
        path: str,
        params: dict[str, str],
        signed_url: str | None = None,
        headers: dict[str, str] | None = None,
        signature: str | None = None,
    ) -> Any:
        url = signed_url or PUBLIC + path
        token = app.config["TWILIO_AUTH_TOKEN"]
        sig = signature if signature is not None else sign(token, url, params)
        return client.post(
            path, data=params, headers={"X-Twilio-Signature": sig, **(headers or {})}
        )

    return post


@pytest.fixture
def meta_post(client: Any, app: Any, graph: Any) -> Callable[..., Any]:
    """Posts raw bytes to /webhooks/whatsapp with Meta's X-Hub-Signature-256. Replies go
    to the fake Graph API."""

    def post(body: bytes, signature: str | None = None) -> Any:
        sig = (
            signature
            if signature is not None
            else meta_sign(app.config["WHATSAPP_APP_SECRET"], body)
        )
        headers = {"Content-Type": "application/json", "X-Hub-Signature-256": sig}
        return client.post("/webhooks/whatsapp", data=body, headers=headers)

    return post


def cloud_fixture(name: str) -> bytes:
    """Returns tests/fixtures/whatsapp_cloud/<name>.json as the exact bytes."""
    return (FIXTURES / "whatsapp_cloud" / f"{name}.json").read_bytes()
