"""channels.meta.normalize / event_ids on real Messenger Platform webhook shapes
(tests/fixtures/meta): Facebook Page messages and Instagram DMs."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

import pytest

from channels.base import Attachment, InboundMessage, Location
from channels.meta import event_ids, normalize
from tests.channels.test_meta_helpers import fixture_names, load

PAGE, PSID = "105100012345678", "7380123456789012"
IG, IGSID = "17841405822304914", "1289345678901234"
SENT_AT = datetime(2026, 1, 6, 6, 20, tzinfo=UTC)


def fixture(name: str):
    return load("meta", name)


def one(name: str) -> InboundMessage:
    messages = normalize(fixture(name))
    assert len(messages) == 1
    return messages[0]


@pytest.mark.parametrize("name", fixture_names("meta"))
def test_every_fixture_parses_and_event_ids_match(name):
    payload = fixture(name)
    assert event_ids(payload) == [m.external_id for m in normalize(payload)]


def test_messenger_text_maps_every_field():
    msg = one("messenger_text")
    assert msg.channel == "facebook"
    assert msg.external_id.startswith("m_")
    assert msg.sender_id == PSID
    assert msg.sent_at == SENT_AT  # from the millisecond timestamp
    assert msg.text.startswith("Min, trotoar di Jl. Embong Malang rusak parah")
    assert msg.meta == {"quick_reply": "LAPOR_BARU", "recipient": PAGE}
    assert msg.attachments == () and msg.location is None and msg.unsupported is None


def test_messenger_image_refers_to_the_cdn_url():
    msg = one("messenger_image")
    url = fixture("messenger_image")["entry"][0]["messaging"][0]["message"]["attachments"][0]
    assert msg.attachments == (Attachment("photo", url["payload"]["url"]),)
    assert msg.text == "" and msg.unsupported is None
    assert msg.sent_at == SENT_AT.replace(second=1)


def test_messenger_location_becomes_a_location():
    msg = one("messenger_location")
    assert msg.location == Location(-7.2655, 112.7424, name="Lokasi Siti")
    assert msg.unsupported is None


def test_our_own_echo_and_delivery_receipts_are_skipped():
    assert normalize(fixture("messenger_echo")) == []
    assert normalize(fixture("messenger_delivery")) == []
    assert event_ids(fixture("messenger_echo")) == []


def test_instagram_text_is_channel_instagram():
    msg = one("instagram_text")
    assert msg.channel == "instagram"
    assert msg.sender_id == IGSID and msg.meta == {"recipient": IG}
    assert msg.text == "Kak, lampu lalu lintas di perempatan Jl. Pemuda mati."


def test_instagram_image_refers_to_lookaside():
    msg = one("instagram_image")
    assert msg.attachments[0].kind == "photo"
    assert msg.attachments[0].ref.startswith("https://lookaside.fbsbx.com/ig_messaging_cdn/")


def with_message(**message):
    payload = copy.deepcopy(fixture("messenger_text"))
    payload["entry"][0]["messaging"][0]["message"] = {"mid": "m_x"} | message
    return payload


@pytest.mark.parametrize(
    ("kind", "our_kind"),
    [("video", "video"), ("audio", "audio"), ("file", "document"), ("image", "photo")],
)
def test_attachment_types_map_to_our_kinds(kind, our_kind):
    url = "https://cdn.fbsbx.com/v/t59/file.bin"
    payload = with_message(attachments=[{"type": kind, "payload": {"url": url}}])
    assert normalize(payload)[0].attachments == (Attachment(our_kind, url),)


def test_a_shared_post_alone_is_unsupported_and_keeps_the_link():
    url = "https://www.facebook.com/share/p/abc"
    payload = with_message(attachments=[{"type": "fallback", "payload": {"url": url}}])
    msg = normalize(payload)[0]
    assert msg.unsupported == "fallback" and msg.meta["links"] == [url]


def test_reply_to_and_deleted_messages():
    assert normalize(with_message(text="ya", reply_to={"mid": "m_prev"}))[0].meta["reply_to"] == (
        "m_prev"
    )
    assert normalize(with_message(is_deleted=True)) == []


def test_postback_title_becomes_text():
    payload = copy.deepcopy(fixture("messenger_text"))
    event = payload["entry"][0]["messaging"][0]
    del event["message"]
    event["postback"] = {"mid": "m_pb", "title": "Lapor baru", "payload": "LAPOR_BARU"}
    msg = normalize(payload)[0]
    assert (msg.external_id, msg.text) == ("m_pb", "Lapor baru")
    assert msg.meta["postback_payload"] == "LAPOR_BARU"


def test_reactions_and_reads_are_skipped():
    payload = copy.deepcopy(fixture("messenger_text"))
    event = payload["entry"][0]["messaging"][0]
    del event["message"]
    event["reaction"] = {"mid": "m_1", "action": "react", "reaction": "love", "emoji": "\u2764"}
    payload["entry"][0]["messaging"].append(
        {"sender": event["sender"], "recipient": event["recipient"], "read": {"watermark": 1}}
    )
    assert normalize(payload) == []


@pytest.mark.parametrize("obj", ["whatsapp_business_account", "user", None])
def test_unknown_objects_are_rejected(obj):
    with pytest.raises(ValueError):
        normalize(fixture("messenger_text") | {"object": obj})
    with pytest.raises(ValueError):
        event_ids(fixture("messenger_text") | {"object": obj})


def test_a_message_without_mid_is_rejected():
    payload = copy.deepcopy(fixture("messenger_text"))
    del payload["entry"][0]["messaging"][0]["message"]["mid"]
    with pytest.raises(ValueError):
        normalize(payload)
