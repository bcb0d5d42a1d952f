"""The X Account Activity route as an attacker sees it: off unless X_WEBHOOK_ENABLED, and
its CRC answer (same key, same formula as a POST signature) never signs a body we read."""

from __future__ import annotations

import base64
import hashlib
import hmac
import urllib.parse
import uuid

import pytest

from tests.payloads import fixture_text
from tests.ticketing.helpers import count
from ticketing.models import InboundEvent


def forged_mention() -> bytes:
    return fixture_text("x/activity_tweet_create.json").encode()


def crc(client, token: str):
    return client.get("/webhooks/x?crc_token=" + urllib.parse.quote(token, safe=""))


def post(client, body: bytes, signature: str):
    return client.post(
        "/webhooks/x",
        data=body,
        headers={"Content-Type": "application/json", "x-twitter-webhooks-signature": signature},
    )


def test_the_crc_endpoint_refuses_to_sign_an_event_body(client):
    body = forged_mention()
    response = crc(client, body.decode())
    assert response.status_code == 400
    assert "response_token" not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "token",
    ['{"a":1}', " {}", "abc def", "a\nb", "x" * 257, "ñ", "%7B%7D", ""],
)
def test_tokens_that_are_not_token_shaped_are_refused(client, token):
    assert crc(client, token).status_code == 400


@pytest.mark.parametrize(
    "token",
    [
        base64.b64encode(b"\x01" * 32).decode(),
        base64.urlsafe_b64encode(b"\xfb" * 48).decode(),
        hashlib.sha256(b"x").hexdigest(),
        str(uuid.UUID(int=0x91F1BDC70DAC43588BCC4AD49366B6CB)),
        "a" * 256,
    ],
)
def test_real_looking_tokens_are_answered(client, app, token):
    secret = app.config["X_CONSUMER_SECRET"].encode()
    expected = base64.b64encode(hmac.new(secret, token.encode(), hashlib.sha256).digest())
    response = crc(client, token)
    assert response.status_code == 200
    assert response.get_json() == {"response_token": "sha256=" + expected.decode()}


def test_a_crc_answer_replayed_as_a_signature_stores_nothing(client):
    """Whatever token-shaped text the attacker has signed, the same bytes POSTed with that
    answer are refused: no token is a JSON object."""
    for token in ("eyJhIjoxfQ==", "e30", "W10=", "abc123"):
        answer = crc(client, token).get_json()["response_token"]
        assert post(client, token.encode(), answer).status_code == 403
    assert count(InboundEvent) == 0


def test_the_route_is_off_unless_enabled(client, app):
    app.config["X_WEBHOOK_ENABLED"] = False
    try:
        assert crc(client, "abc123").status_code == 404
        body = forged_mention()
        secret = app.config["X_CONSUMER_SECRET"].encode()
        signature = (
            "sha256=" + base64.b64encode(hmac.new(secret, body, hashlib.sha256).digest()).decode()
        )
        assert post(client, body, signature).status_code == 404
    finally:
        app.config["X_WEBHOOK_ENABLED"] = True
    assert count(InboundEvent) == 0
