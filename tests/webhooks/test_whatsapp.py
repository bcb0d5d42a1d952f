"""GET/POST /webhooks/whatsapp (Cloud API): the subscription handshake, X-Hub-Signature-256
over the exact raw body, every fixture type, replays, and statuses on the outbox."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from aduan.extensions import db
from tests.factories import png
from tests.providers import cloud_fixture
from tests.ticketing.helpers import count
from ticketing.models import Contact, InboundEvent, Message, Outbound

MESSAGES = ["text", "image_with_caption", "audio_voice", "document", "location"]
MESSAGES += ["interactive_button_reply", "interactive_list_reply", "button", "reaction"]
MESSAGES += ["unsupported"]
STATUSES = ["status_sent", "status_delivered", "status_read", "status_failed_131047"]
PNG = png((32, 32), 4)


def wamid_of(name: str, key: str = "messages") -> str:
    value = json.loads(cloud_fixture(name))["entry"][0]["changes"][0]["value"]
    return value[key][0]["id"]


def test_subscription_handshake_echoes_the_challenge(client, app):
    token = app.config["WHATSAPP_VERIFY_TOKEN"]
    query = {"hub.mode": "subscribe", "hub.verify_token": token, "hub.challenge": "1158201444"}
    response = client.get("/webhooks/whatsapp", query_string=query)
    assert response.status_code == 200 and response.data == b"1158201444"
    assert response.mimetype == "text/plain"
    query["hub.verify_token"] = "tebakan"
    assert client.get("/webhooks/whatsapp", query_string=query).status_code == 403


def test_the_graph_sandbox_subscribes_like_meta(graph):
    assert graph.subscribe("whatsapp")


def test_every_message_fixture_is_stored_and_normalized_once(meta_post, drain):
    for name in [*MESSAGES, "two_messages_one_payload"]:
        assert meta_post(cloud_fixture(name)).status_code == 200, name
    drain()
    ids = set(db.session.execute(select(Message.external_id)).scalars())
    assert {wamid_of(name) for name in MESSAGES} <= ids
    assert count(Message) == len(MESSAGES) + 2
    senders = db.session.execute(select(Contact.phone)).scalars().all()
    assert sorted(senders) == ["+6281234567890", "+6285732109876"]  # wa_id -> E.164


def test_status_fixtures_and_value_errors_are_stored(meta_post, drain):
    for name in [*STATUSES, "errors_130429"]:
        assert meta_post(cloud_fixture(name)).status_code == 200, name
    assert count(InboundEvent) == len(STATUSES) + 1
    assert count(Message) == 0


def test_replayed_body_is_one_event_and_one_message(meta_post, drain):
    body = cloud_fixture("text")
    assert meta_post(body).get_json()["status"] == "accepted"
    assert meta_post(body).get_json()["status"] == "duplicate"
    drain()
    assert count(InboundEvent) == 1 and count(Message) == 1


@pytest.mark.parametrize("tamper", ["no signature", "wrong secret", "re-serialised body"])
def test_forged_posts_get_403_and_nothing_is_stored(meta_post, tamper):
    from channels.meta_common import sign

    body = cloud_fixture("text")
    if tamper == "no signature":
        response = meta_post(body, signature="")
    elif tamper == "wrong secret":
        response = meta_post(body, signature=sign("bukan-rahasia-kita", body))
    else:  # signed as sent, but the bytes changed on the way
        response = meta_post(json.dumps(json.loads(body)).encode(), signature=sign("x", body))
    assert response.status_code == 403
    assert count(InboundEvent) == 0


def test_read_then_delivered_then_sent_keeps_read(meta_post, drain):
    wamid = wamid_of("status_read", "statuses")
    row = Outbound(channel="whatsapp_cloud", recipient="+6281234567890", text="Halo")
    row.purpose, row.status, row.provider_id = "ack", "sent", wamid
    db.session.add(row)
    db.session.commit()
    for name in ("status_read", "status_delivered", "status_sent"):
        body = cloud_fixture(name).replace(wamid_of(name, "statuses").encode(), wamid.encode())
        meta_post(body)
        drain()
    db.session.refresh(row)
    assert row.status == "read"


def test_citizen_via_graph_sandbox_gets_a_ticket_an_ack_and_statuses(graph, settle):
    graph.citizen_whatsapp("081234500004", "Banjir setinggi lutut di Jl. Dharmahusada Indah")
    graph.citizen_whatsapp("081234500004", "Ini fotonya", image=PNG)
    graph.citizen_whatsapp("081234500004", audio=b"OggS" + bytes(300))
    settle()
    messages = db.session.execute(select(Message).order_by(Message.id)).scalars().all()
    assert [m.channel for m in messages] == ["whatsapp_cloud"] * 3
    assert {m.ticket_id for m in messages} == {messages[0].ticket_id}
    photo, voice = messages[1].attachments[0], messages[2].attachments[0]
    assert photo.status == "stored" and photo.size == len(PNG)
    assert voice.kind == "voice" and voice.status == "stored"
    # the report waited for an agent until the photo's words made the router sure: the
    # citizen heard its number, then where it went
    ack, routed = graph.sent_to("whatsapp", "+6281234500004")
    assert ack["type"] == "text" and "MC-" in ack["text"]
    assert routed["text"].startswith("Laporan MC-") and "diteruskan ke" in routed["text"]
    assert set(db.session.execute(select(Outbound.status)).scalars()) == {"delivered"}
