"""channels.whatsapp_cloud.normalize / parse_statuses / event_ids on real webhook shapes
(tests/fixtures/whatsapp_cloud)."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

import pytest

from channels.base import Attachment, InboundMessage, Location
from channels.meta_common import StatusUpdate
from channels.whatsapp_cloud import event_ids, normalize, parse_errors, parse_statuses
from tests.channels.test_meta_helpers import fixture_names, load

SENT_AT = datetime(2026, 1, 6, 6, 20, tzinfo=UTC)
OUR_WAMID = "wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABEYEjdCNEE0QTUzNkRFQjM4MkQ2MgA="
STATUS_FIXTURES = ("status_sent", "status_delivered", "status_read", "status_failed_131047")


def fixture(name: str):
    return load("whatsapp_cloud", name)


def one(name: str) -> InboundMessage:
    messages = normalize(fixture(name))
    assert len(messages) == 1
    assert messages[0].channel == "whatsapp_cloud"
    return messages[0]


@pytest.mark.parametrize("name", fixture_names("whatsapp_cloud"))
def test_every_fixture_parses_and_each_event_has_one_key(name):
    payload = fixture(name)
    messages, statuses = normalize(payload), parse_statuses(payload)
    keys = event_ids(payload)
    assert [m.external_id for m in messages] + [
        f"{s.provider_id}:{s.status}" for s in statuses
    ] == keys
    assert len(set(keys)) == len(keys)
    assert bool(messages) != bool(statuses) or name == "errors_130429"


def test_text_maps_every_field():
    msg = one("text")
    assert msg.external_id.startswith("wamid.")
    assert msg.sender_id == "+6281234567890"  # E.164 from the wa_id
    assert msg.sender_name == "Siti Rahmawati"
    assert msg.sent_at == SENT_AT.replace(second=1)  # "1767680401", a string of epoch seconds
    assert msg.sent_at.utcoffset() is not None
    assert msg.text.startswith("Selamat pagi, lampu PJU di Jl. Raya Darmo")
    assert msg.attachments == () and msg.location is None and msg.unsupported is None
    assert msg.meta == {"type": "text", "phone_number_id": "106540352242922"}


def test_image_keeps_the_media_id_and_uses_the_caption_as_text():
    msg = one("image_with_caption")
    assert msg.text == "Ini fotonya, saluran air tersumbat di Jl. Kedungdoro."
    assert msg.attachments == (Attachment("photo", "1275934127083726", "image/jpeg"),)


def test_voice_note_is_a_voice_attachment():
    msg = one("audio_voice")
    assert msg.text == ""
    assert msg.attachments == (Attachment("voice", "908512307751024", "audio/ogg; codecs=opus"),)


def test_audio_without_the_voice_flag_is_plain_audio():
    payload = fixture("audio_voice")
    payload["entry"][0]["changes"][0]["value"]["messages"][0]["audio"].pop("voice")
    assert normalize(payload)[0].attachments[0].kind == "audio"


def test_document_keeps_its_file_name_and_caption():
    msg = one("document")
    assert msg.text == "Surat permohonan informasi publik"
    assert msg.attachments == (
        Attachment(
            "document",
            "1561728474532105",
            "application/pdf",
            name="permohonan_informasi_publik.pdf",
        ),
    )


def test_location_keeps_name_and_address():
    msg = one("location")
    assert msg.location == Location(
        -7.2596,
        112.7389,
        address="Jl. Tunjungan No.1, Genteng, Kec. Genteng, Surabaya, Jawa Timur 60275",
        name="Jalan Tunjungan",
    )
    assert msg.text == "" and msg.unsupported is None


@pytest.mark.parametrize(
    ("name", "text", "reply_type", "reply_id"),
    [
        ("interactive_button_reply", "Sudah beres", "button_reply", "confirm_resolved"),
        ("interactive_list_reply", "Jalan rusak", "list_reply", "kategori_jalan"),
    ],
)
def test_interactive_replies_give_the_title_as_text_and_the_id_in_meta(
    name, text, reply_type, reply_id
):
    msg = one(name)
    assert msg.text == text
    assert (msg.meta["reply_type"], msg.meta["reply_id"]) == (reply_type, reply_id)
    assert msg.meta["context_id"] == OUR_WAMID  # the message of ours they answered


def test_template_quick_reply_button_is_text_with_its_payload():
    msg = one("button")
    assert msg.text == "Cek status"
    assert msg.meta["button_payload"] == "STATUS MC-2026-000123"
    assert msg.meta["context_id"] == OUR_WAMID


def test_reaction_is_unsupported_and_keeps_the_emoji():
    msg = one("reaction")
    assert msg.unsupported == "reaction" and msg.text == ""
    assert msg.meta["emoji"] == "\N{THUMBS UP SIGN}" and msg.meta["reacted_to"] == OUR_WAMID


def test_unsupported_type_keeps_meta_error_code():
    msg = one("unsupported")
    assert msg.unsupported == "unsupported" and msg.meta["error_code"] == "131051"


def test_unknown_future_type_is_unsupported_not_an_error():
    payload = fixture("text")
    raw = payload["entry"][0]["changes"][0]["value"]["messages"][0]
    raw["type"] = "poll"
    raw["poll"] = raw.pop("text")
    assert normalize(payload)[0].unsupported == "poll"


def test_two_messages_in_one_payload_get_their_own_names():
    first, second = normalize(fixture("two_messages_one_payload"))
    assert (first.sender_id, first.sender_name) == ("+6281234567890", "Siti Rahmawati")
    assert (second.sender_id, second.sender_name) == ("+6285732109876", "Budi Santoso")
    assert first.external_id != second.external_id
    assert event_ids(fixture("two_messages_one_payload")) == [first.external_id, second.external_id]


@pytest.mark.parametrize("name", STATUS_FIXTURES)
def test_statuses_are_not_messages(name):
    assert normalize(fixture(name)) == []


@pytest.mark.parametrize(
    ("name", "status"),
    [("status_sent", "sent"), ("status_delivered", "delivered"), ("status_read", "read")],
)
def test_status_updates_parse(name, status):
    (update,) = parse_statuses(fixture(name))
    assert update.provider_id == OUR_WAMID and update.status == status
    assert update.recipient == "+6281234567890"
    assert update.error_code is None and update.error_title is None
    assert update.timestamp.tzinfo is not None
    assert event_ids(fixture(name)) == [f"{OUR_WAMID}:{status}"]


def test_failed_status_carries_the_re_engagement_code():
    (update,) = parse_statuses(fixture("status_failed_131047"))
    assert update == StatusUpdate(
        provider_id=OUR_WAMID,
        status="failed",
        timestamp=datetime.fromtimestamp(1767680503, UTC),
        recipient="+6281234567890",
        error_code="131047",
        error_title="Re-engagement message",
    )


def test_value_level_errors_are_neither_messages_nor_statuses():
    payload = fixture("errors_130429")
    assert normalize(payload) == [] and parse_statuses(payload) == [] and event_ids(payload) == []
    assert parse_errors(payload) == [
        {
            "code": "130429",
            "title": "Rate limit hit",
            "details": "Cloud API message throughput has been reached.",
        }
    ]


def test_other_fields_than_messages_are_ignored():
    payload = fixture("text")
    payload["entry"][0]["changes"][0]["field"] = "message_template_status_update"
    assert normalize(payload) == [] and event_ids(payload) == []


@pytest.mark.parametrize("obj", ["page", "instagram", None, "whatsapp"])
def test_other_objects_are_rejected(obj):
    payload = fixture("text") | {"object": obj}
    for parse in (normalize, parse_statuses, event_ids):
        with pytest.raises(ValueError):
            parse(payload)


def test_a_message_without_id_is_rejected():
    payload = copy.deepcopy(fixture("text"))
    del payload["entry"][0]["changes"][0]["value"]["messages"][0]["id"]
    with pytest.raises(ValueError):
        normalize(payload)


def test_not_a_dict_is_rejected():
    with pytest.raises(ValueError):
        normalize([])  # type: ignore[arg-type]
