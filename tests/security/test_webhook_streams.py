"""Message webhooks attacked as an outsider would, on what the WSGI receiver
(webhooks.receiver) reads itself: a body sent without Content-Length (chunked, as
gunicorn hands it on with wsgi.input_terminated) is held to WEBHOOK_MAX_BYTES like one
that declares its length."""

from __future__ import annotations

import io
from urllib.parse import urlencode

from sqlalchemy import func, select
from werkzeug.test import EnvironBuilder, TestResponse, run_wsgi_app

from aduan.extensions import db
from sandbox.twilio_api import sign
from tests.providers import PUBLIC, form
from ticketing.models import InboundEvent

PATH = "/webhooks/twilio/messaging"
FORM = "application/x-www-form-urlencoded"


def chunked_post(app, path, body: bytes, headers: dict[str, str]):
    """POSTs `body` with no Content-Length, the way a WSGI server passes a chunked one."""
    builder = EnvironBuilder(
        path=path, method="POST", input_stream=io.BytesIO(body), content_type=FORM
    )
    environ = builder.get_environ() | {"wsgi.input_terminated": True}
    del environ["CONTENT_LENGTH"]
    for key, value in headers.items():
        environ["HTTP_" + key.upper().replace("-", "_")] = value
    body_iter, status, answer_headers = run_wsgi_app(app, environ)
    return TestResponse([b"".join(body_iter)], status, answer_headers, request=None)


def test_a_signed_chunked_twilio_form_over_the_webhook_limit_is_a_413(app, twilio):
    params = form("sms_text") | {"Body": "x" * (app.config["WEBHOOK_MAX_BYTES"] + 10)}
    signature = sign(app.config["TWILIO_AUTH_TOKEN"], PUBLIC + PATH, params)
    headers = {"X-Twilio-Signature": signature}
    response = chunked_post(app, PATH, urlencode(params).encode(), headers)
    assert response.status_code == 413
    assert response.get_json()["error"] == "Request Entity Too Large"
    assert db.session.scalar(select(func.count()).select_from(InboundEvent)) == 0


def test_a_signed_chunked_twilio_form_under_the_limit_is_stored(app, twilio):
    params = form("sms_text")
    signature = sign(app.config["TWILIO_AUTH_TOKEN"], PUBLIC + PATH, params)
    headers = {"X-Twilio-Signature": signature}
    response = chunked_post(app, PATH, urlencode(params).encode(), headers)
    assert response.status_code == 200
    assert db.session.scalar(select(func.count()).select_from(InboundEvent)) == 1


def test_a_chunked_telegram_update_over_the_webhook_limit_is_a_413(app, tg_post):
    body = b'{"update_id": 1, "message": {"text": "' + b"x" * app.config["WEBHOOK_MAX_BYTES"]
    headers = {"X-Telegram-Bot-Api-Secret-Token": "tg-secret"}
    response = chunked_post(app, "/webhooks/telegram", body + b'"}}', headers)
    assert response.status_code == 413
    assert db.session.scalar(select(func.count()).select_from(InboundEvent)) == 0


def test_a_signed_chunked_voice_recording_over_the_webhook_limit_is_a_413(app, twilio):
    path = "/webhooks/twilio/voice/recorded"  # a Flask view: MAX_REQUEST_BYTES is larger
    params = form("voice_record") | {"Padding": "x" * (app.config["WEBHOOK_MAX_BYTES"] + 10)}
    headers = {"X-Twilio-Signature": sign(app.config["TWILIO_AUTH_TOKEN"], PUBLIC + path, params)}
    response = chunked_post(app, path, urlencode(params).encode(), headers)
    assert response.status_code == 413
    assert db.session.scalar(select(func.count()).select_from(InboundEvent)) == 0
