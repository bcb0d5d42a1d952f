"""Correctly signed but malformed payloads, for every webhook route: each value of real
provider samples (tests/fixtures) replaced by a wrong type or an absurd size, plus whole
bodies no parser should trust. The answer is never a 500: a clear 4xx, or 200 with the
raw event kept and, when it cannot be read, marked with a readable error so the admin's
failed-events list (ticketing.health.dead_letters) offers it for replay."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qsl

import pytest
from sqlalchemy import func, select

from aduan.extensions import db
from channels.meta_common import sign as meta_sign
from sandbox.twilio_api import sign as twilio_sign
from tests.payloads import fixture_json, fixture_text
from tests.providers import PUBLIC
from tests.security.mutations import WRONG_TEXT, hostile_bodies, mutations
from ticketing import health
from ticketing.inbound import jobs
from ticketing.models import Identity, InboundEvent, Message, Ticket

Signer = Callable[[Any, bytes], dict[str, str]]


def telegram_headers(app, body: bytes) -> dict[str, str]:
    return {"X-Telegram-Bot-Api-Secret-Token": app.config["TELEGRAM_WEBHOOK_SECRET"]}


def whatsapp_headers(app, body: bytes) -> dict[str, str]:
    return {"X-Hub-Signature-256": meta_sign(app.config["WHATSAPP_APP_SECRET"], body)}


def meta_headers(app, body: bytes) -> dict[str, str]:
    return {"X-Hub-Signature-256": meta_sign(app.config["META_APP_SECRET"], body)}


def x_headers(app, body: bytes) -> dict[str, str]:
    key = app.config["X_CONSUMER_SECRET"].encode()
    digest = base64.b64encode(hmac.new(key, body, hashlib.sha256).digest()).decode()
    return {"x-twitter-webhooks-signature": "sha256=" + digest}


JSON_ROUTES: dict[str, tuple[str, Signer, tuple[str, ...]]] = {
    "telegram": (
        "/webhooks/telegram",
        telegram_headers,
        ("telegram/text.json", "telegram/photo_with_caption.json", "telegram/location.json"),
    ),
    "whatsapp": (
        "/webhooks/whatsapp",
        whatsapp_headers,
        (
            "whatsapp_cloud/text.json",
            "whatsapp_cloud/image_with_caption.json",
            "whatsapp_cloud/status_failed_131047.json",
            "whatsapp_cloud/location.json",
        ),
    ),
    "meta": (
        "/webhooks/meta",
        meta_headers,
        ("meta/messenger_text.json", "meta/messenger_location.json", "meta/instagram_image.json"),
    ),
    "x": (
        "/webhooks/x",
        x_headers,
        ("x/activity_tweet_create.json", "x/activity_direct_message.json"),
    ),
}
FORM_ROUTES: dict[str, tuple[str, ...]] = {
    "/webhooks/twilio/messaging": ("sms_text", "sms_mms_photo", "whatsapp_location"),
    "/webhooks/twilio/status": ("status_failed_63016",),
    "/webhooks/twilio/voice": ("voice_incoming",),
    "/webhooks/twilio/voice/recorded": ("voice_record",),
    "/webhooks/twilio/voice/transcription": ("transcription_completed",),
}


def stored_ids() -> set[int]:
    return set(db.session.execute(select(InboundEvent.id)).scalars())


def process_new(before: set[int], label: str) -> int:
    """Runs the job for every event stored since `before` and checks each one ends read or
    in the failed-events list with a readable error. Returns how many there were."""
    new = stored_ids() - before
    for event_id in sorted(new):
        try:
            jobs.process_event(event_id)
        except Exception:
            db.session.rollback()
        event = db.session.get(InboundEvent, event_id)
        db.session.refresh(event)
        ok = event.processed_at is not None and event.last_error is None
        failed = bool(event.last_error) and event.attempts >= 1
        assert ok or failed, f"{label}: event {event_id} left unprocessed without an error"
        if failed:
            assert event.id in {row.id for row in health.dead_letters()}, label
    return len(new)


def send_json(client, app, path: str, signer: Signer, label: str, body: bytes) -> None:
    before = stored_ids()
    headers = {"Content-Type": "application/json", **signer(app, body)}
    response = client.post(path, data=body, headers=headers)
    # /webhooks/x refuses a body that is not a JSON object as unsigned (403): such a body
    # could be a CRC token, whose signature anyone can ask for (see webhooks/x.py).
    allowed = (200, 400, 413, 403) if path == "/webhooks/x" else (200, 400, 413)
    assert response.status_code in allowed, f"{label}: {response.status_code}"
    stored = process_new(before, label)
    assert response.status_code == 200 or stored == 0, f"{label}: refused but stored"


def fixture_cases() -> Iterator[Any]:
    for name, (path, signer, fixtures) in JSON_ROUTES.items():
        for fixture in fixtures:
            yield pytest.param(path, signer, fixture, id=f"{name}:{fixture.split('/')[-1]}")


@pytest.mark.parametrize(("path", "signer", "fixture"), list(fixture_cases()))
def test_every_value_of_a_signed_sample_made_wrong(client, app, path, signer, fixture):
    document = fixture_json(fixture)
    count = 0
    for label, body in mutations(document):
        send_json(client, app, path, signer, f"{fixture} {label}", body)
        count += 1
    assert count >= 40  # the generator really walked the sample


@pytest.mark.parametrize(
    ("path", "signer"), [pytest.param(p, s, id=n) for n, (p, s, _) in JSON_ROUTES.items()]
)
def test_whole_bodies_nobody_should_trust(client, app, path, signer):
    for label, body in hostile_bodies(app.config["WEBHOOK_MAX_BYTES"]):
        send_json(client, app, path, signer, label, body)


@pytest.mark.parametrize(
    "name",
    [
        "entry_abc",
        "messaging_abc",
        "changes_abc",
        "timestamp_huge",
        "timestamp_negative",
        "timestamp_string",
    ],
)
def test_the_reported_shapes(client, app, name):
    """The payloads of the report: `entry: "abc"`, `messaging: "abc"`, 1e30 timestamps."""
    whatsapp = fixture_json("whatsapp_cloud/text.json")
    messenger = fixture_json("meta/messenger_text.json")
    cases = {
        "entry_abc": ("/webhooks/whatsapp", whatsapp_headers, {**whatsapp, "entry": "abc"}),
        "messaging_abc": (
            "/webhooks/meta",
            meta_headers,
            {**messenger, "entry": [{**messenger["entry"][0], "messaging": "abc"}]},
        ),
        "changes_abc": (
            "/webhooks/whatsapp",
            whatsapp_headers,
            {**whatsapp, "entry": [{**whatsapp["entry"][0], "changes": "abc"}]},
        ),
    }
    for key, value in (("huge", 1e30), ("negative", -5), ("string", "kemarin")):
        update = fixture_json("telegram/text.json")
        update["message"]["date"] = value
        cases[f"timestamp_{key}"] = ("/webhooks/telegram", telegram_headers, update)
    path, signer, document = cases[name]
    send_json(client, app, path, signer, name, json.dumps(document).encode())


@pytest.mark.parametrize(
    ("path", "fixture"), [(p, f) for p, names in FORM_ROUTES.items() for f in names]
)
def test_every_twilio_parameter_made_wrong(client, app, path, fixture):
    params = dict(parse_qsl(fixture_text(f"twilio/{fixture}.form"), keep_blank_values=True))
    token = app.config["TWILIO_AUTH_TOKEN"]
    for key in [*params, "Extra"]:
        for value in WRONG_TEXT:
            changed = {**params, key: value}
            label = f"{fixture} {key}={value!r:.20}"
            before = stored_ids()
            signature = twilio_sign(token, PUBLIC + path, changed)
            response = client.post(path, data=changed, headers={"X-Twilio-Signature": signature})
            assert response.status_code in (200, 400, 403), f"{label}: {response.status_code}"
            process_new(before, label)


def test_a_nul_in_what_a_citizen_wrote_is_dropped_not_a_failure(client, app):
    """PostgreSQL text cannot hold NUL: the message still becomes a ticket, without it."""
    document = fixture_json("whatsapp_cloud/text.json")
    document["entry"][0]["changes"][0]["value"]["messages"][0]["text"]["body"] = "Got\x00 mampet"
    document["entry"][0]["changes"][0]["value"]["contacts"][0]["profile"]["name"] = "Sit\x00i"
    send_json(
        client, app, "/webhooks/whatsapp", whatsapp_headers, "nul", json.dumps(document).encode()
    )
    (message,) = db.session.execute(select(Message)).scalars()
    assert message.text == "Got mampet"
    event = db.session.execute(select(InboundEvent)).scalar_one()
    assert event.processed_at is not None and event.last_error is None


def test_bidi_overrides_in_a_name_or_text_are_dropped(client, app):
    """U+202E and friends reorder the text around them on every staff screen."""
    document = fixture_json("whatsapp_cloud/text.json")
    value = document["entry"][0]["changes"][0]["value"]
    value["messages"][0]["text"]["body"] = "Got \u202emampet\u202c di \u2066Jl. X\u2069"
    value["contacts"][0]["profile"]["name"] = "Ali\u202eadnI"
    send_json(
        client, app, "/webhooks/whatsapp", whatsapp_headers, "bidi", json.dumps(document).encode()
    )
    (message,) = db.session.execute(select(Message)).scalars()
    assert message.text == "Got mampet di Jl. X"
    identity = db.session.get(Identity, message.identity_id)
    assert identity.display_name == "AliadnI"


def test_bidi_overrides_and_nul_in_a_shared_location_are_dropped(client, app):
    """The name and address of a shared location are the ticket's address on every staff
    screen: the same characters are dropped there as from the text."""
    document = fixture_json("whatsapp_cloud/location.json")
    shared = document["entry"][0]["changes"][0]["value"]["messages"][0]["location"]
    shared["address"] = "Jl. \u202eTunjungan\u202c No.1\x00"
    shared["name"] = "Jalan \u2066Tunjungan\u2069"
    send_json(
        client, app, "/webhooks/whatsapp", whatsapp_headers, "place", json.dumps(document).encode()
    )
    (message,) = db.session.execute(select(Message)).scalars()
    assert message.address == "Jl. Tunjungan No.1"
    ticket = db.session.get(Ticket, message.ticket_id)
    assert ticket.address == "Jl. Tunjungan No.1"


def test_a_lone_surrogate_in_what_a_citizen_wrote_is_dropped_not_retried(client, app):
    """JSON may escape half of a surrogate pair ("\\ud800"); PostgreSQL cannot store it,
    and the event failed five times before an admin saw it. It is dropped like NUL."""
    document = json.loads(fixture_text("telegram/text.json"))
    document["message"]["text"] = "Got mampet \ud800di Jl. Kenjeran"
    document["message"]["from"]["first_name"] = "Ali\udfff"
    body = json.dumps(document).encode()  # ASCII: the escape travels as "\\ud800"
    send_json(client, app, "/webhooks/telegram", telegram_headers, "surrogate", body)
    (message,) = db.session.execute(select(Message)).scalars()
    assert message.text == "Got mampet di Jl. Kenjeran"
    event = db.session.execute(select(InboundEvent)).scalar_one()
    assert event.processed_at is not None and event.attempts <= 1


@pytest.mark.parametrize(
    ("latitude", "longitude"), [("NaN", "112.7"), ("-7.2", "Infinity"), ("999", "-999")]
)
def test_a_location_off_the_globe_is_dropped(client, app, latitude, longitude):
    """json.loads reads NaN and Infinity: stored, they made /inbox/map.json and the
    public map's points invalid JSON on PostgreSQL (every marker lost), and 999/-999
    put a pin off the map. Such a location is no location; the message still counts."""
    body = fixture_text("telegram/location.json")
    body = re.sub(r'"latitude": [-0-9.]+', f'"latitude": {latitude}', body)
    body = re.sub(r'"longitude": [-0-9.]+', f'"longitude": {longitude}', body)
    send_json(client, app, "/webhooks/telegram", telegram_headers, "globe", body.encode())
    (message,) = db.session.execute(select(Message)).scalars()
    assert message.latitude is None and message.longitude is None
    ticket = db.session.get(Ticket, message.ticket_id) if message.ticket_id else None
    assert ticket is None or (ticket.latitude is None and ticket.longitude is None)


def test_a_job_that_meets_an_unexpected_error_still_records_it(app, monkeypatch):
    """A reader failing in a way nobody foresaw (here a RecursionError) is recorded on
    the event with its error, once, and not retried forever."""
    from ticketing import inbound
    from ticketing.inbound import events

    def explode(payload: str) -> Any:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setitem(inbound.ROUTES, "telegram", explode)
    event_id = events.store("telegram", "77", json.dumps(fixture_json("telegram/text.json")))
    try:
        jobs.process_event(event_id)
    except Exception:
        db.session.rollback()
    event = db.session.get(InboundEvent, event_id)
    assert event.attempts == 1 and "RecursionError" in (event.last_error or "")
    assert db.session.execute(select(func.count()).select_from(InboundEvent)).scalar_one() == 1


def test_half_a_surrogate_pair_in_what_the_provider_says_is_dropped_not_retried(client, app):
    """Beyond the text and the name: a message type, a username, a shared card's name are
    stored too (Message.unsupported, Message.meta). Half a surrogate pair there failed
    the event five times, and the citizen never heard back."""
    document = fixture_json("whatsapp_cloud/text.json")
    message = document["entry"][0]["changes"][0]["value"]["messages"][0]
    message["type"], message["text"] = "sticker\ud800", None
    message["sticker\ud800"] = {"id": "1"}
    body = json.dumps(document).encode()  # ASCII: the escape travels as "\\ud800"
    send_json(client, app, "/webhooks/whatsapp", whatsapp_headers, "type", body)
    event = db.session.execute(select(InboundEvent)).scalar_one()
    assert event.processed_at is not None and event.last_error is None
    (stored,) = db.session.execute(select(Message)).scalars()
    assert stored.unsupported == "sticker"


@pytest.mark.parametrize("field", ["from", "id"])
def test_half_a_surrogate_pair_in_a_provider_id_is_unreadable_at_once(client, app, field):
    """No provider sends one: the event is kept for an admin at once, not tried five
    times over an hour."""
    document = fixture_json("whatsapp_cloud/text.json")
    document["entry"][0]["changes"][0]["value"]["messages"][0][field] = "62812\udfff"
    body = json.dumps(document).encode()
    send_json(client, app, "/webhooks/whatsapp", whatsapp_headers, "id", body)
    event = db.session.execute(select(InboundEvent)).scalar_one()
    assert event.processed_at is not None and "surrogate" in event.last_error
    assert db.session.execute(select(Message)).first() is None


@pytest.mark.parametrize("number", ["NaN", "-Infinity", "1e999"])
def test_a_number_json_cannot_hold_in_what_the_provider_says_is_dropped(client, app, number):
    """json.loads reads NaN, Infinity and 1e999; what the provider says about a message
    (Message.meta: a username, a quick reply) kept them, and PostgreSQL's json refused
    the whole message: the event failed and was retried, and the citizen never heard."""
    body = fixture_text("telegram/text.json").replace('"sitirahma"', number, 1)
    assert number in body
    send_json(client, app, "/webhooks/telegram", telegram_headers, number, body.encode())
    event = db.session.execute(select(InboundEvent)).scalar_one()
    assert event.processed_at is not None and event.last_error is None
    (message,) = db.session.execute(select(Message)).scalars()
    assert message.ticket_id is not None
    assert message.meta.get("username") is None


@pytest.mark.parametrize("size", [[[1]], 2**40, -5, 1.5, "big", True])
def test_a_file_size_no_column_holds_is_no_size(client, app, size):
    """Attachment.size is an INTEGER: a list there failed the message on every database,
    2**40 on PostgreSQL; the event was retried and the citizen's document lost. The size
    is only a hint (the bytes tell once fetched): the document is kept without one."""
    document = fixture_json("telegram/document.json")
    document["message"]["document"]["file_size"] = size
    body = json.dumps(document).encode()
    send_json(client, app, "/webhooks/telegram", telegram_headers, "size", body)
    event = db.session.execute(select(InboundEvent)).scalar_one()
    assert event.processed_at is not None and event.last_error is None
    (message,) = db.session.execute(select(Message)).scalars()
    (attachment,) = message.attachments
    assert attachment.size is None


@pytest.mark.parametrize("declared", [{"a": {"b": "c"}}, ["application/pdf"], 7, True])
def test_a_file_type_or_name_that_is_no_text_is_unknown(client, app, declared):
    """Attachment.mime_type is text: an object there failed the message on every
    database (psycopg cannot adapt a dict), and it was retried. The bytes tell the type
    once the file is fetched; the document is kept without a declared one."""
    document = fixture_json("telegram/document.json")
    document["message"]["document"]["mime_type"] = declared
    document["message"]["document"]["file_name"] = declared
    body = json.dumps(document).encode()
    send_json(client, app, "/webhooks/telegram", telegram_headers, "type", body)
    event = db.session.execute(select(InboundEvent)).scalar_one()
    assert event.processed_at is not None and event.last_error is None
    (message,) = db.session.execute(select(Message)).scalars()
    (attachment,) = message.attachments
    assert attachment.mime_type is None
