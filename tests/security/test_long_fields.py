"""What a provider passes on from the sender's side and the desk stores in a column of
fixed width: the sender's name (a profile name, a Telegram first and last name) and the
file type a client declared for a document. Past the column's width, PostgreSQL refused
the row: the event failed five times and went to the failed-events list, and the citizen
got no acknowledgement (SQLite kept the whole value)."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl

import pytest
from sqlalchemy import select

from aduan.extensions import db
from sandbox.twilio_api import sign as twilio_sign
from tests.payloads import fixture_json, fixture_text
from tests.providers import PUBLIC
from tests.security.test_malformed_webhooks import (
    meta_headers,
    send_json,
    telegram_headers,
    whatsapp_headers,
)
from ticketing.inbound import jobs
from ticketing.models import Attachment, Contact, Identity, InboundEvent, Message, TicketEvent


def _read(client, app, path, signer, document) -> Message:
    send_json(client, app, path, signer, "long", json.dumps(document).encode())
    event = db.session.execute(select(InboundEvent)).scalar_one()
    assert event.processed_at is not None and event.last_error is None
    message = db.session.execute(select(Message)).scalar_one()
    assert message.ticket_id is not None
    return message


def test_a_long_profile_name_is_kept_shortened(client, app):
    document = fixture_json("whatsapp_cloud/text.json")
    value = document["entry"][0]["changes"][0]["value"]
    value["contacts"][0]["profile"]["name"] = "Siti " + "Aminah " * 60
    _read(client, app, "/webhooks/whatsapp", whatsapp_headers, document)
    identity = db.session.execute(select(Identity)).scalar_one()
    assert identity.display_name.startswith("Siti Aminah")
    assert len(identity.display_name) <= 200
    assert len(db.session.execute(select(Contact)).scalar_one().name) <= 200
    names = db.session.execute(select(TicketEvent.actor_name)).scalars()
    assert all(len(name) <= 200 for name in names)


def test_long_telegram_names_are_kept_shortened(client, app):
    update = fixture_json("telegram/text.json")
    for person in (update["message"]["from"], update["message"]["chat"]):
        person["first_name"], person["last_name"] = "Budi" * 40, "Santoso" * 30
    _read(client, app, "/webhooks/telegram", telegram_headers, update)
    identity = db.session.execute(select(Identity)).scalar_one()
    assert identity.display_name.startswith("BudiBudi") and len(identity.display_name) <= 200


def test_a_long_declared_file_type_does_not_lose_the_message(client, app):
    update = fixture_json("telegram/document.json")
    declared = "application/pdf; name=" + "surat_permohonan_" * 10 + ".pdf"
    update["message"]["document"]["mime_type"] = declared
    message = _read(client, app, "/webhooks/telegram", telegram_headers, update)
    (item,) = db.session.execute(select(Attachment)).scalars()
    assert item.message_id == message.id
    assert item.mime_type == "application/pdf"  # the parameters are no part of the type


def test_a_declared_file_type_past_any_real_one_is_unknown(client, app):
    update = fixture_json("telegram/document.json")
    update["message"]["document"]["mime_type"] = "application/" + "x" * 150
    _read(client, app, "/webhooks/telegram", telegram_headers, update)
    (item,) = db.session.execute(select(Attachment)).scalars()
    assert item.mime_type is None  # the bytes decide once it is fetched (ticketing/media.py)


def test_an_instagram_message_with_its_real_long_id_becomes_a_ticket(client, app):
    """Instagram's message ids are about 160 characters (the sample's is 164): every
    Instagram message failed on PostgreSQL, whose column held 120."""
    document = fixture_json("meta/instagram_text.json")
    message = _read(client, app, "/webhooks/meta", meta_headers, document)
    assert message.external_id == document["entry"][0]["messaging"][0]["message"]["mid"]


def test_an_id_past_any_real_one_is_refused_the_same_way_on_every_database(client, app):
    """SQLite kept a 300-character message id that PostgreSQL refused with a DataError:
    both now set the event aside with the same readable reason, and store nothing."""
    document = fixture_json("whatsapp_cloud/text.json")
    document["entry"][0]["changes"][0]["value"]["messages"][0]["id"] = "wamid." + "A" * 300
    body = json.dumps(document).encode()
    send_json(client, app, "/webhooks/whatsapp", whatsapp_headers, "long id", body)
    event = db.session.execute(select(InboundEvent)).scalar_one()
    assert "a message id over 255" in event.last_error
    assert db.session.execute(select(Message)).first() is None


@pytest.mark.parametrize(
    ("path", "fixture"),
    [
        ("/webhooks/twilio/voice/transcription", "transcription_completed"),
        ("/webhooks/twilio/voice/transcription", "transcription_failed"),
        ("/webhooks/twilio/voice/speech", "voice_incoming"),
    ],
)
def test_a_caller_past_any_real_number_is_refused_by_a_transcript_too(client, app, path, fixture):
    """A transcript that comes before its recording's event stores the recording itself,
    and what a caller said stores the call: those messages skipped the readers' checks,
    and a 400-digit From failed on PostgreSQL (Identity.address holds 100) and was
    retried. It is set aside like a reader's."""
    params = dict(parse_qsl(fixture_text(f"twilio/{fixture}.form"), keep_blank_values=True))
    params |= {"SpeechResult": "Jalan rusak di Jl. Kenjeran", "Confidence": "0.9"}
    params["From"] = params["Caller"] = "9" * 400
    signature = twilio_sign(app.config["TWILIO_AUTH_TOKEN"], PUBLIC + path, params)
    response = client.post(path, data=params, headers={"X-Twilio-Signature": signature})
    assert response.status_code == 200
    event = db.session.execute(select(InboundEvent)).scalar_one()
    jobs.process_event(event.id)
    db.session.refresh(event)
    assert event.processed_at is not None and "a sender over 100" in (event.last_error or "")
    assert db.session.execute(select(Message)).first() is None


def test_a_text_longer_than_any_channel_sends_is_cut_and_kept_whole_in_its_event(client, app):
    """Every message's text is indexed for search, and PostgreSQL's text-search parser
    takes time growing with the square of a hyphenated word: a signed update with 200 KB
    of "MC-2026-MC-2026-..." held an intake worker and a database connection for minutes.
    No channel delivers more than 10,000 characters; the raw event keeps the rest."""
    update = fixture_json("telegram/text.json")
    text = "Jalan berlubang di Jl. Kenjeran " + "rusak-2026-" * 1_000
    update["message"]["text"] = text
    message = _read(client, app, "/webhooks/telegram", telegram_headers, update)
    assert message.text == text[:10_000]
    event = db.session.execute(select(InboundEvent)).scalar_one()
    assert text in event.payload
