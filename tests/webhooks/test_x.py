"""The optional Account Activity webhook: CRC, signatures, and one message per tweet
whether it came by webhook, by polling, or both."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

import pytest
from sqlalchemy import select

from aduan.extensions import db
from tests.citizens import Tweeter, poll
from tests.payloads import fixture_text
from tests.ticketing.helpers import count
from ticketing.models import InboundEvent, Message, Ticket


@pytest.fixture
def secret(app) -> str:
    return app.config["X_CONSUMER_SECRET"]


def sign(secret: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), body, hashlib.sha256).digest()
    return "sha256=" + base64.b64encode(digest).decode()


def activity(fake_x: Any, name: str = "activity_tweet_create.json") -> bytes:
    """The fixture with media URLs on the fake's host (no downloads leave 127.0.0.1)."""
    return fixture_text(f"x/{name}").replace("https://pbs.twimg.com", fake_x.url).encode()


def post(client: Any, body: bytes, signature: str | None) -> Any:
    headers = {"Content-Type": "application/json"}
    if signature is not None:
        headers["x-twitter-webhooks-signature"] = signature
    return client.post("/webhooks/x", data=body, headers=headers)


def test_crc_answers_with_the_hmac_of_the_token(client, secret):
    response = client.get("/webhooks/x?crc_token=abc123")
    digest = hmac.new(secret.encode(), b"abc123", hashlib.sha256).digest()
    assert response.status_code == 200
    assert response.get_json() == {"response_token": "sha256=" + base64.b64encode(digest).decode()}
    assert client.get("/webhooks/x").status_code == 400


def test_signed_tweet_event_becomes_a_ticket(client, secret, fake_x, drain):
    fake_x.reset()
    body = activity(fake_x)
    response = post(client, body, sign(secret, body))
    assert response.status_code == 200 and response.get_json()["status"] == "accepted"
    event = db.session.execute(select(InboundEvent)).scalar_one()
    assert event.channel == "x_activity" and event.external_id.startswith("sha256:")
    drain()
    messages = {m.external_id: m for m in db.session.execute(select(Message)).scalars()}
    message = messages["1869000000000000401"]
    assert message.channel == "x" and message.public
    assert message.latitude == pytest.approx(-7.2465)
    assert message.attachments[0].status == "failed"  # the fake has no such photo
    assert {m.channel for m in messages.values()} == {"x"}
    assert message.ticket.channel == "x"
    assert post(client, body, sign(secret, body)).get_json()["status"] == "duplicate"


@pytest.mark.parametrize("signature", [None, "", "sha256=AAAA", "sha256=" + "A" * 44])
def test_bad_or_missing_signature_is_refused_and_nothing_is_stored(client, fake_x, signature):
    response = post(client, activity(fake_x), signature)
    assert response.status_code == 403
    assert count(InboundEvent) == 0


def test_a_signature_over_other_bytes_is_refused(client, secret, fake_x):
    body = activity(fake_x)
    response = post(client, body + b" ", sign(secret, body))
    assert response.status_code == 403 and count(InboundEvent) == 0


def test_typing_indicators_are_answered_and_dropped(client, secret, fake_x):
    body = activity(fake_x, "activity_typing.json")
    response = post(client, body, sign(secret, body))
    assert response.status_code == 200 and response.get_json()["status"] == "ignored"
    assert count(InboundEvent) == 0


def test_the_same_tweet_by_webhook_and_by_polling_is_one_message(client, secret, fake_x, drain):
    fake_x.reset()
    citizen = Tweeter(fake_x, drain, "dewi_sby")
    tweet = citizen.mentions("Trotoar di depan Pasar Atom rusak parah", process=False)
    payload = json.loads(activity(fake_x))
    event = payload["tweet_create_events"][0]
    event["id"], event["id_str"] = int(tweet["id"]), tweet["id"]
    event["user"]["id"], event["user"]["id_str"] = int(citizen.user_id), citizen.user_id
    payload["tweet_create_events"] = [event]
    body = json.dumps(payload).encode()
    assert post(client, body, sign(secret, body)).status_code == 200
    poll(drain)
    assert count(InboundEvent) == 2  # one per path
    assert count(Message) == 1 and count(Ticket) == 1
    assert len(fake_x.replies_to(tweet["id"])) == 1  # one acknowledgement


def test_dm_by_webhook_joins_the_pipeline(client, secret, fake_x, drain):
    body = activity(fake_x, "activity_direct_message.json")
    assert post(client, body, sign(secret, body)).status_code == 200
    drain()
    channels = db.session.execute(select(Message.channel)).scalars().all()
    assert channels and set(channels) == {"x_dm"}


def test_media_is_only_fetched_from_x_hosts(app):
    from channels.base import ChannelError
    from ticketing.delivery import adapters

    adapter = adapters.adapter("x")
    for url in ("https://evil.example/a.jpg", "http://pbs.twimg.com/media/a.jpg"):
        with pytest.raises(ChannelError) as caught:
            adapter.fetch_file(url, 1000)
        assert caught.value.permanent and caught.value.code == "forbidden_host"
