"""The Graph sandbox itself: webhook signing and retries, status ordering, the GET
handshake and the /sandbox/ control API the simulator page uses."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator

import pytest
import requests

from channels import meta, whatsapp_cloud
from channels.base import Location, OutboundMessage
from channels.meta_common import verify_signature
from channels.whatsapp_cloud import WhatsAppCloudAdapter, parse_statuses
from sandbox.graph import FakeGraph
from tests.channels.test_meta_helpers import APP_SECRET, VERIFY_TOKEN, Receiver

NUMBER = "+6281234567890"
JPEG = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    yield server
    server.close()


def make_fake(receiver: Receiver, **kwargs) -> FakeGraph:
    options = {"app_secret": APP_SECRET, "verify_token": VERIFY_TOKEN, "retry_base_delay": 0.05}
    options |= {"whatsapp_webhook_url": receiver.url, "meta_webhook_url": receiver.url}
    return FakeGraph(**(options | kwargs)).start()


@pytest.fixture
def fake(receiver: Receiver) -> Iterator[FakeGraph]:
    graph = make_fake(receiver)
    yield graph
    graph.stop()


@pytest.fixture
def http() -> Iterator[requests.Session]:
    with requests.Session() as session:
        session.trust_env = False
        yield session


def adapter_for(fake: FakeGraph) -> WhatsAppCloudAdapter:
    return WhatsAppCloudAdapter(fake.access_token, fake.phone_number_id, base_url=fake.base_url)


def out(text: str = "Tiket MC-2026-000123 selesai", **kwargs) -> OutboundMessage:
    return OutboundMessage(channel="whatsapp_cloud", recipient=NUMBER, text=text, **kwargs)


def wait_until(condition, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.01)


# ----------------------------------------------------------------------- signing


def test_bodies_are_escaped_like_meta_and_the_signature_covers_those_bytes(fake, receiver):
    fake.citizen_messenger("7380123456789012", "Jalan rusak di Kenjeran — tolong", image=JPEG)
    (request,) = receiver.wait_for(1)
    assert request["valid"]
    assert b"\\/" in request["body"] and b"\\u2014" in request["body"]
    assert request["headers"]["X-Hub-Signature"].startswith("sha1=")
    resent = json.dumps(request["payload"]).encode()  # what a careless webhook would check
    assert not verify_signature(APP_SECRET, resent, request["headers"]["X-Hub-Signature-256"])


def test_a_payload_signed_with_another_secret_is_refused_and_kept(receiver):
    fake = make_fake(receiver, app_secret="not-the-app-secret", auto_deliver=False)
    try:
        result = fake.citizen_whatsapp(NUMBER, "halo")
        assert result["status"] == 403 and result["error"]
        assert len(fake.outgoing) == 1  # Meta keeps retrying
    finally:
        fake.stop()


def test_the_get_handshake(fake, receiver):
    assert fake.subscribe("whatsapp") and fake.subscribe("meta")
    fake.verify_token = "wrong"
    assert not fake.subscribe("whatsapp")


# ----------------------------------------------------------------------- retries


def test_a_refused_citizen_message_is_retried_in_the_background(fake, receiver):
    receiver.statuses.append(500)
    result = fake.citizen_whatsapp(NUMBER, "Banjir di Jl. Dharmahusada")
    assert result["status"] == 500
    first, second = receiver.wait_for(2)
    assert (first["status"], second["status"]) == (500, 200)
    assert first["body"] == second["body"]  # the same bytes, the same signature
    wait_until(lambda: not fake.outgoing)


def test_retry_pending_delivers_synchronously(receiver):
    fake = make_fake(receiver, auto_deliver=False, whatsapp_webhook_url="")
    try:
        assert fake.citizen_whatsapp(NUMBER, "halo")["status"] is None  # no webhook yet
        fake.whatsapp_webhook_url = receiver.url
        assert fake.retry_pending() == 1
        assert receiver.accepted()[0]["entry"][0]["changes"][0]["value"]["messages"]
    finally:
        fake.stop()


# ----------------------------------------------------------------------- statuses


def test_statuses_wait_for_deliver_pending_when_auto_delivery_is_off(receiver):
    fake = make_fake(receiver, auto_deliver=False)
    try:
        adapter_for(fake).send(out(template="aduan_status_update"))
        assert receiver.requests == []
        assert fake.deliver_pending() == 2
        statuses = [s.status for p in receiver.accepted() for s in parse_statuses(p)]
        assert statuses == ["sent", "delivered"]
    finally:
        fake.stop()


def test_statuses_out_of_order_and_read(fake, receiver):
    fake.statuses_out_of_order, fake.auto_read = True, True
    result = adapter_for(fake).send(out(template="aduan_status_update"))
    statuses = [s for r in receiver.wait_for(3) for s in parse_statuses(r["payload"])]
    assert [s.status for s in statuses] == ["read", "delivered", "sent"]
    assert {s.provider_id for s in statuses} == {result.provider_id}
    assert fake.sent[-1]["status"] == "read"  # the sandbox's record keeps the furthest


# ----------------------------------------------------------------------- citizen kinds


def test_whatsapp_location_and_button_reply(fake, receiver):
    fake.citizen_whatsapp(NUMBER, location=(-7.2596, 112.7389, "Jalan Tunjungan", "Genteng"))
    fake.citizen_whatsapp(NUMBER, button_reply=("confirm_resolved", "Sudah beres"))
    first, second = (whatsapp_cloud.normalize(p)[0] for p in receiver.accepted())
    assert first.location == Location(-7.2596, 112.7389, address="Genteng", name="Jalan Tunjungan")
    assert (second.text, second.meta["reply_id"]) == ("Sudah beres", "confirm_resolved")


def test_whatsapp_citizen_name_and_local_number(fake, receiver):
    fake.citizen_whatsapp("0812-3456-7890", "halo", name="Budi Santoso")
    (message,) = whatsapp_cloud.normalize(receiver.accepted()[0])
    assert (message.sender_id, message.sender_name) == (NUMBER, "Budi Santoso")


def test_citizen_must_send_exactly_one_kind(fake):
    with pytest.raises(ValueError):
        fake.citizen_whatsapp(NUMBER)
    with pytest.raises(ValueError):
        fake.citizen_whatsapp(NUMBER, "a", audio=b"x")
    with pytest.raises(ValueError):
        fake.citizen_messenger("1")


# ----------------------------------------------------------------------- control API


def test_control_api_drives_every_channel(fake, receiver, http):
    fake.whatsapp_webhook_url = fake.meta_webhook_url = ""
    config = {"whatsapp_webhook_url": receiver.url, "meta_webhook_url": receiver.url}
    assert http.post(f"{fake.url}/sandbox/config", json=config).json()["meta_webhook_url"]
    photo = base64.b64encode(JPEG).decode()
    wa = {"from": NUMBER, "text": "Lihat fotonya", "image_base64": photo, "name": "Siti"}
    assert http.post(f"{fake.url}/sandbox/whatsapp", json=wa).json()["status"] == 200
    assert http.post(f"{fake.url}/sandbox/messenger", json={"psid": "42", "text": "a"}).ok
    assert http.post(f"{fake.url}/sandbox/instagram", json={"igsid": "43", "text": "b"}).ok
    payloads = receiver.accepted()
    wa_msg = whatsapp_cloud.normalize(payloads[0])[0]
    assert (wa_msg.text, wa_msg.attachments[0].kind, wa_msg.sender_name) == (
        "Lihat fotonya",
        "photo",
        "Siti",
    )
    assert [meta.normalize(p)[0].channel for p in payloads[1:]] == ["facebook", "instagram"]
    assert http.post(f"{fake.url}/sandbox/whatsapp", json={"text": "no sender"}).status_code == 400


def test_control_api_conversation_shows_both_directions_with_statuses(fake, receiver, http):
    fake.citizen_whatsapp(NUMBER, "Lampu PJU mati")
    result = adapter_for(fake).send(out("Aduan diterima"))
    wait_until(lambda: fake.sent[-1]["status"] == "delivered" and len(receiver.requests) == 3)
    answer = http.get(f"{fake.url}/sandbox/conversations/whatsapp/{NUMBER}").json()
    incoming, outgoing = answer["messages"]
    assert (incoming["direction"], incoming["text"]) == ("in", "Lampu PJU mati")
    assert (outgoing["direction"], outgoing["id"]) == ("out", result.provider_id)
    assert outgoing["statuses"] == ["sent", "delivered"]
    state = http.get(f"{fake.url}/sandbox/state").json()
    assert state["counts"]["sent"] == 1 and state["windows"][0]["user"] == NUMBER


def test_control_api_serves_citizen_media(fake, receiver, http):
    fake.citizen_whatsapp(NUMBER, image=JPEG)
    (entry,) = fake.conversation("whatsapp_cloud", NUMBER)
    assert http.get(entry["image_url"]).content == JPEG


def test_reset_forgets_everything(fake, receiver):
    fake.citizen_whatsapp(NUMBER, "halo")
    adapter_for(fake).send(out())
    fake.reset()
    assert fake.sent == [] and fake.conversation("whatsapp", NUMBER) == []
    assert fake.state()["windows"] == [] and fake.media == {}
