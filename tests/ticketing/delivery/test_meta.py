"""Facebook Page messages and Instagram DMs: the signed webhook, tickets, and replies
under Meta's 24-hour rule (HUMAN_AGENT up to 7 days, then an honest fallback)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from aduan.extensions import db
from sandbox.graph_webhooks import signature_headers
from tests.citizens import MetaCitizen, only_ticket, rows
from tests.payloads import fixture_text
from tests.ticketing.helpers import count
from ticketing import actions, health, outbox
from ticketing.models import Contact, Identity, InboundEvent, Message, TicketEvent, utcnow

POTHOLE = "Jalan di depan SDN Ketabang 1 berlubang besar, sudah 2 motor jatuh pak"
AGENT = actions.Actor("agent", None, "Ani")


@pytest.fixture
def fb(app, fake_graph, client, drain):
    return MetaCitizen(fake_graph, client, drain, "facebook")


@pytest.fixture
def ig(app, fake_graph, client, drain):
    return MetaCitizen(fake_graph, client, drain, "instagram")


def age_conversation(citizen: MetaCitizen, days: float) -> None:
    """The citizen last wrote `days` ago: in our database and at the fake Meta."""
    when = utcnow() - timedelta(days=days)
    identity = db.session.execute(
        select(Identity).where(Identity.channel == citizen.channel)
    ).scalar_one()
    identity.last_inbound_at = when
    db.session.commit()
    citizen.fake.set_last_inbound(citizen.channel, citizen.user, when)


def agent_reply(text: str, drain) -> None:
    actions.reply(only_ticket(), AGENT, text)
    db.session.commit()
    drain()


def test_subscription_handshake(client, app):
    token = app.config["META_VERIFY_TOKEN"]
    ok = client.get(f"/webhooks/meta?hub.mode=subscribe&hub.verify_token={token}&hub.challenge=42")
    assert ok.status_code == 200 and ok.get_data(as_text=True) == "42"
    bad = client.get("/webhooks/meta?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=42")
    assert bad.status_code == 403


def test_messenger_message_becomes_a_ticket_and_is_answered(fb):
    fb.says(POTHOLE)
    ticket = only_ticket()
    assert ticket.channel == "facebook" and ticket.status == "routed"
    (ack,) = fb.received()
    assert ticket.number in ack["text"] and ack["messaging_type"] == "RESPONSE"
    event = db.session.execute(select(InboundEvent)).scalar_one()
    assert event.channel == "meta" and event.external_id.startswith("sha256:")


def test_instagram_dm_becomes_a_ticket_and_is_answered(ig):
    ig.says("Sampah di TPS Wonokromo tidak diangkut 4 hari, bau sekali")
    ticket = only_ticket()
    assert ticket.channel == "instagram"
    (ack,) = ig.received()
    assert ticket.number in ack["text"]


def test_messenger_location_and_photo_are_kept(fb):
    fb.says(POTHOLE, image=b"\xff\xd8\xff\xe0" + b"0" * 2048)
    fb.says(location=(-7.2905, 112.7398))
    ticket = only_ticket()
    assert ticket.latitude == pytest.approx(-7.2905)
    (photo,) = ticket.messages[0].attachments
    assert photo.status == "stored" and photo.size > 2000


@pytest.mark.parametrize("forge", ["other secret", "no signature", "changed body"])
def test_forged_webhook_is_refused_and_nothing_is_stored(fb, forge):
    body, headers = fb.capture(POTHOLE)
    if forge == "other secret":
        headers = signature_headers("not-the-app-secret", body)
    elif forge == "no signature":
        headers = {"Content-Type": "application/json"}
    else:
        body = body.replace(b"berlubang", b"bolong")
    assert fb.post(body, headers).status_code == 403
    assert count(InboundEvent) == 0 and count(Message) == 0


def test_replayed_webhook_gives_one_message(fb):
    body, headers = fb.capture(POTHOLE)
    assert fb.post(body, headers).get_json()["status"] == "accepted"
    assert fb.post(body, headers).get_json()["status"] == "duplicate"
    # The same message redelivered in a new batch (another body) is still one message.
    respaced = body.replace(b'"entry":[', b'"entry": [')
    headers = signature_headers(fb.fake.app_secret, respaced)
    assert fb.post(respaced, headers).get_json()["status"] == "accepted"
    fb.drain()
    assert count(Message) == 1 and len(fb.received()) == 1


@pytest.mark.parametrize("name", ["messenger_echo", "messenger_delivery"])
def test_echoes_and_receipts_are_answered_and_not_stored(fb, app, name):
    body = fixture_text(f"meta/{name}.json").encode()
    response = fb.post(body, signature_headers(app.config["META_APP_SECRET"], body))
    assert response.status_code == 200 and response.get_json()["status"] == "ignored"
    assert count(InboundEvent) == 0


def test_a_reply_within_24_hours_is_a_plain_response(fb, drain):
    fb.says(POTHOLE)
    age_conversation(fb, 0.5)
    agent_reply("Baik, petugas DSDABM meluncur besok pagi", drain)
    last = fb.received()[-1]
    assert last["messaging_type"] == "RESPONSE" and last["tag"] is None
    assert "meluncur" in last["text"]


def test_between_24_hours_and_7_days_a_human_answer_uses_the_human_agent_tag(ig, drain):
    ig.says(POTHOLE)
    age_conversation(ig, 3)
    agent_reply("Lubang sudah kami laporkan, mohon ditunggu", drain)
    last = ig.received()[-1]
    assert last["messaging_type"] == "MESSAGE_TAG" and last["tag"] == "HUMAN_AGENT"
    assert rows("instagram")[-1].status == "sent"


def test_automatic_notices_are_not_tagged_as_a_human(fb, drain):
    fb.says(POTHOLE)
    age_conversation(fb, 3)
    ticket = only_ticket()
    row = outbox.to_identity(
        ticket.identity, "Laporan dieskalasi", ticket=ticket, purpose="escalated"
    )
    db.session.commit()
    drain()
    db.session.refresh(row)
    assert row.status == "failed" and row.error_code == "outside_window"
    assert len(fb.received()) == 1  # only the acknowledgement


def test_beyond_7_days_with_no_phone_the_failure_is_shown_to_agents(fb, drain, client):
    from tests.inbox.helpers import login, make_user

    fb.says(POTHOLE)
    age_conversation(fb, 8)
    agent_reply("Apakah lubangnya masih ada?", drain)
    row = rows("facebook")[-1]
    assert row.status == "failed" and row.error_code == "outside_window"
    event = db.session.execute(
        select(TicketEvent).where(TicketEvent.action == "delivery_failed")
    ).scalar_one()
    assert "nomor telepon" in event.note
    login(client, make_user())
    page = client.get(f"/tickets/{only_ticket().number}").get_data(as_text=True)
    assert "pengiriman gagal" in page  # the event in words
    assert "di luar jendela percakapan kanal" in page and "outside_window" not in page  # the row


def test_beyond_7_days_the_update_goes_by_sms_to_the_number_on_file(fb, drain, fake_twilio):
    fb.says(POTHOLE)
    contact = db.session.execute(select(Contact)).scalar_one()
    contact.phone = "+6281234500077"
    db.session.commit()
    age_conversation(fb, 8)
    agent_reply("Apakah lubangnya masih ada?", drain)
    failed, sms = rows("facebook")[-1], rows("sms")[-1]
    assert failed.status == "failed" and failed.error_code == "outside_window"
    assert sms.recipient == "+6281234500077" and sms.dedupe_key == f"window-{failed.id}"
    assert sms.status == "sent" and "lubangnya" in sms.text
    event = db.session.execute(
        select(TicketEvent).where(TicketEvent.action == "delivery_fallback")
    ).scalar_one()
    assert "SMS" in event.note


def test_health_shows_facebook_and_instagram(fb, ig):
    fb.says(POTHOLE)
    ig.says("Sampah di TPS Wonokromo tidak diangkut 4 hari, bau sekali")
    report = {h.channel: h for h in health.report(utcnow())}
    for channel in ("facebook", "instagram"):
        assert report[channel].status == "healthy"
        assert report[channel].last_inbound is not None
        assert report[channel].last_outbound is not None
