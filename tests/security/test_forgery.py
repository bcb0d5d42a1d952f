"""Forged, re-signed and replayed requests on every webhook route: no signature, a
garbage signature, a correct signature made with the wrong secret, a Twilio signature
over another URL or other parameters are all refused (403) and store nothing; the same
provider message sent again (the same body, or the same message id in another body)
makes one event and one ticket message."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import sys
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

import pytest
from sqlalchemy import func, select

from aduan.extensions import db
from channels.meta_common import sign as meta_sign
from sandbox.twilio_api import sign as twilio_sign
from tests.payloads import fixture_json, fixture_text
from tests.providers import PUBLIC
from ticketing.models import InboundEvent, Message

WRONG_SECRET = "not-the-secret-0123456789"


def count(model: Any) -> int:
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def x_sign(secret: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), body, hashlib.sha256).digest()
    return "sha256=" + base64.b64encode(digest).decode()


# route: (path, sample body, header name, header value from (secret, body), config key)
JSON_ROUTES: dict[str, tuple[str, str, str, Callable[[str, bytes], str], str]] = {
    "telegram": (
        "/webhooks/telegram",
        "telegram/text.json",
        "X-Telegram-Bot-Api-Secret-Token",
        lambda secret, body: secret,
        "TELEGRAM_WEBHOOK_SECRET",
    ),
    "whatsapp": (
        "/webhooks/whatsapp",
        "whatsapp_cloud/text.json",
        "X-Hub-Signature-256",
        meta_sign,
        "WHATSAPP_APP_SECRET",
    ),
    "meta": (
        "/webhooks/meta",
        "meta/messenger_text.json",
        "X-Hub-Signature-256",
        meta_sign,
        "META_APP_SECRET",
    ),
    "x": (
        "/webhooks/x",
        "x/activity_tweet_create.json",
        "x-twitter-webhooks-signature",
        x_sign,
        "X_CONSUMER_SECRET",
    ),
}
FORM_ROUTES = {
    "/webhooks/twilio/messaging": "sms_text",
    "/webhooks/twilio/status": "status_delivered",
    "/webhooks/twilio/voice": "voice_incoming",
    "/webhooks/twilio/voice/menu": "voice_gather_digits",
    "/webhooks/twilio/voice/ticket": "voice_gather_digits",
    "/webhooks/twilio/voice/recorded": "voice_record",
    "/webhooks/twilio/voice/transcription": "transcription_completed",
}


def body_of(fixture: str) -> bytes:
    return json.dumps(fixture_json(fixture)).encode()


@pytest.fixture(autouse=True)
def local_media(fake_x, monkeypatch):
    """X samples name pbs.twimg.com: their media come from the fake X instead."""
    real = fixture_json

    def local(name: str) -> Any:
        text = json.dumps(real(name)).replace("https://pbs.twimg.com", fake_x.url)
        return json.loads(text)

    monkeypatch.setattr(sys.modules[__name__], "fixture_json", local)


def post_json(client, path: str, body: bytes, header: str, value: str | None):
    headers = {"Content-Type": "application/json"}
    if value is not None:
        headers[header] = value
    return client.post(path, data=body, headers=headers)


@pytest.mark.parametrize("route", list(JSON_ROUTES))
@pytest.mark.parametrize("forgery", ["none", "garbage", "wrong secret", "other body", "empty"])
def test_forged_json_webhooks_are_403_and_store_nothing(client, app, route, forgery):
    path, fixture, header, signer, key = JSON_ROUTES[route]
    body = body_of(fixture)
    value = {
        "none": None,
        "garbage": "sha256=" + "A" * 44,
        "wrong secret": signer(WRONG_SECRET, body),
        "other body": signer(app.config[key], body + b" "),
        "empty": "",
    }[forgery]
    if route == "telegram" and forgery == "other body":
        value = app.config[key] + " "  # the secret token with a trailing byte
    assert post_json(client, path, body, header, value).status_code == 403
    assert count(InboundEvent) == 0


def twilio_params(fixture: str) -> dict[str, str]:
    return dict(parse_qsl(fixture_text(f"twilio/{fixture}.form"), keep_blank_values=True))


def post_form(client, path: str, params: dict[str, str], signature: str | None):
    headers = {} if signature is None else {"X-Twilio-Signature": signature}
    return client.post(path, data=params, headers=headers)


@pytest.mark.parametrize("path", list(FORM_ROUTES))
@pytest.mark.parametrize(
    "forgery",
    [
        "none",
        "garbage",
        "wrong secret",
        "another path",
        "another host",
        "query added",
        "param changed",
        "param added",
        "param removed",
    ],
)
def test_forged_and_tampered_twilio_requests_are_403(client, app, path, forgery):
    token = app.config["TWILIO_AUTH_TOKEN"]
    params = twilio_params(FORM_ROUTES[path])
    url, sent = PUBLIC + path, dict(params)
    signature: str | None = twilio_sign(token, url, params)
    if forgery == "none":
        signature = None
    elif forgery == "garbage":
        signature = "A" * 28
    elif forgery == "wrong secret":
        signature = twilio_sign(WRONG_SECRET, url, params)
    elif forgery == "another path":  # a signature captured from another of our routes
        other = "/webhooks/twilio/voice" if path.endswith("/status") else "/webhooks/twilio/status"
        signature = twilio_sign(token, PUBLIC + other, params)
    elif forgery == "another host":
        signature = twilio_sign(token, "https://attacker.example" + path, params)
    elif forgery == "query added":
        path = path + "?ticket=MC-2026-000001"
    elif forgery == "param changed":
        changeable = ("Body", "Digits", "RecordingUrl", "MessageStatus", "TranscriptionText")
        key = next(k for k in (*changeable, "CallStatus") if k in sent)
        sent[key] = sent[key] + "x"
    elif forgery == "param added":
        sent["Body"] = sent.get("Body", "") + " "
        sent["NumMedia"] = "1"
        sent["MediaUrl0"] = "https://attacker.example/x.svg"
    elif forgery == "param removed":
        sent.pop(next(k for k in sent if k not in ("AccountSid",)))
    assert post_form(client, path, sent, signature).status_code == 403
    assert count(InboundEvent) == 0


@pytest.mark.parametrize("route", ["telegram", "whatsapp", "meta", "x"])
def test_a_replayed_json_delivery_is_one_event_and_one_message(client, app, drain, route):
    path, fixture, header, signer, key = JSON_ROUTES[route]
    body = body_of(fixture)
    value = signer(app.config[key], body)
    assert post_json(client, path, body, header, value).status_code == 200
    drain()
    messages = count(Message)
    assert messages >= 1
    for _ in range(2):
        assert post_json(client, path, body, header, value).status_code == 200
    drain()
    assert count(InboundEvent) == 1 and count(Message) == messages


@pytest.mark.parametrize("route", ["telegram", "whatsapp", "meta", "x"])
def test_the_same_message_in_another_body_is_one_message(client, app, drain, route):
    """A provider (or an attacker replaying one) wraps the same message id in a new body:
    the body hash differs, the message id does not."""
    path, fixture, header, signer, key = JSON_ROUTES[route]
    first = fixture_json(fixture)
    second = dict(first, extra_field="retry")  # Telegram: the same update_id, its dedupe key
    counts = []
    for document in (first, second):
        body = json.dumps(document).encode()
        response = post_json(client, path, body, header, signer(app.config[key], body))
        assert response.status_code == 200
        drain()
        counts.append(count(Message))
    assert counts[0] >= 1 and counts[1] == counts[0]


def test_a_replayed_twilio_message_is_one_event_and_one_message(client, app, drain):
    token = app.config["TWILIO_AUTH_TOKEN"]
    params = twilio_params("sms_text")
    path = "/webhooks/twilio/messaging"
    signature = twilio_sign(token, PUBLIC + path, params)
    for _ in range(3):
        assert post_form(client, path, params, signature).status_code == 200
    assert count(InboundEvent) == 1
    drain()
    assert count(Message) == 1


@pytest.mark.parametrize(
    ("path", "key"),
    [("/webhooks/whatsapp", "WHATSAPP_VERIFY_TOKEN"), ("/webhooks/meta", "META_VERIFY_TOKEN")],
)
def test_a_subscription_handshake_with_the_wrong_token_is_403(client, app, path, key):
    query = "hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token="
    assert client.get(f"{path}?{query}{WRONG_SECRET}").status_code == 403
    assert client.get(f"{path}?{query}").status_code == 403
    answer = client.get(f"{path}?{query}{app.config[key]}")
    assert answer.status_code == 200 and answer.get_data(as_text=True) == "1158201444"
