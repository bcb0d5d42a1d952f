"""channels.telegram_parse.normalize() on real Telegram update shapes (tests/fixtures/telegram)."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from channels.base import Attachment, InboundMessage, Location
from channels.telegram import derive_file_url, split_text
from channels.telegram_parse import normalize

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "telegram"


def load(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def one(name: str) -> InboundMessage:
    messages = normalize(load(name))
    assert len(messages) == 1
    return messages[0]


def test_text_message_maps_every_field():
    msg = one("text")
    assert msg.channel == "telegram"
    assert msg.external_id == "815202001"  # the update id: Telegram's dedupe key
    assert msg.sender_id == "587321904"
    assert msg.sender_name == "Siti Rahmawati"
    assert msg.sent_at == datetime(2026, 1, 6, 6, 20, tzinfo=UTC)
    assert msg.sent_at.utcoffset() is not None
    assert msg.text.startswith("Selamat pagi, lampu PJU di Jl. Raya Darmo")
    assert msg.attachments == ()
    assert msg.location is None and msg.phone is None and msg.command is None
    assert msg.unsupported is None and msg.public is False
    assert msg.meta == {"message_id": 41, "username": "sitirahma", "language_code": "id"}


def test_photo_uses_the_largest_size_and_the_caption_as_text():
    msg = one("photo_with_caption")
    assert msg.text == "Ini fotonya, tiang lampu nomor 17 yang mati."
    largest = load("photo_with_caption")["message"]["photo"][-1]
    assert msg.attachments == (
        Attachment(kind="photo", ref=largest["file_id"], mime_type="image/jpeg", size=201577),
    )


def test_location_becomes_a_location():
    msg = one("location")
    assert msg.location == Location(latitude=-7.287645, longitude=112.737419)
    assert msg.text == "" and msg.unsupported is None


def test_venue_keeps_its_title_and_address():
    msg = one("venue")
    assert msg.location == Location(
        latitude=-7.265757,
        longitude=112.734146,
        address="Jl. Gubernur Suryo, Embong Kaliasin, Kec. Genteng, Surabaya",
        name="Taman Apsari",
    )


def test_own_contact_sets_the_phone_in_international_form():
    msg = one("contact_own")
    assert msg.phone == "+6281234567890"
    assert msg.meta["reply_to_message_id"] == 40
    assert "shared_contact" not in msg.meta


def test_someone_elses_contact_is_not_the_senders_phone():
    msg = one("contact_other")
    assert msg.phone is None
    assert msg.meta["shared_contact"]["phone_number"] == "+62 812-3000-4567"
    assert msg.meta["shared_contact"]["user_id"] is None
    assert msg.unsupported is None


def test_voice_note_is_an_attachment_with_its_mime_type():
    msg = one("voice")
    assert msg.sender_name == "Budi"
    assert msg.attachments == (
        Attachment(
            kind="voice",
            ref="AwACAgUAAxkBAAMvZ3v2bQXr0yT8aG3k1sYd5q3t9yEAAl8TAAKrZNhVfHqJ7zW3bBY2BA",
            mime_type="audio/ogg",
            size=23145,
        ),
    )


def test_document_keeps_name_mime_and_caption():
    msg = one("document")
    assert msg.text == "Permohonan data anggaran perbaikan saluran di Kecamatan Rungkut."
    (doc,) = msg.attachments
    assert (doc.kind, doc.mime_type, doc.size) == ("document", "application/pdf", 184320)
    assert doc.name == "surat_permohonan_informasi.pdf"


def test_sticker_is_reported_as_unsupported():
    msg = one("sticker")
    assert msg.unsupported == "sticker"
    assert msg.attachments == () and msg.text == ""
    assert msg.meta["emoji"] == "👍"


def test_uncaptioned_animation_is_unsupported_not_a_document():
    msg = one("animation")
    assert msg.unsupported == "animation"
    assert msg.attachments == ()


def test_captioned_animation_is_kept_as_a_video():
    update = load("animation")
    update["message"]["caption"] = "Banjir di Jl. Ngagel"
    (msg,) = normalize(update)
    assert msg.unsupported is None
    assert msg.text == "Banjir di Jl. Ngagel"
    assert [a.kind for a in msg.attachments] == ["video"]


def test_start_command():
    msg = one("command_start")
    assert (msg.command, msg.command_args, msg.text) == ("start", "", "")


def test_status_command_carries_the_ticket_number():
    msg = one("command_status")
    assert msg.command == "status"
    assert msg.command_args == "MC-2026-000123"


def test_baru_command_drops_the_bot_name_and_keeps_the_complaint():
    msg = one("command_baru")
    assert msg.command == "baru"
    complaint = "Saluran air di Jl. Kenjeran 250 tersumbat, air meluap ke jalan."
    assert msg.command_args == complaint
    assert msg.text == complaint


def test_slash_inside_text_is_not_a_command():
    update = load("text")
    update["message"]["text"] = "/home/warga tidak bisa dibuka"
    (msg,) = normalize(update)
    assert msg.command is None and msg.text == "/home/warga tidak bisa dibuka"


@pytest.mark.parametrize(
    "name",
    ["edited_message", "group_message", "callback_query", "my_chat_member", "channel_post"],
)
def test_updates_we_do_not_read_give_no_message(name):
    assert normalize(load(name)) == []


def test_service_message_in_private_chat_gives_no_message():
    update = load("text")
    message = update["message"]
    del message["text"]
    message["pinned_message"] = copy.deepcopy(message)
    assert normalize(update) == []


def test_unknown_content_type_is_unsupported():
    update = load("text")
    del update["message"]["text"]
    update["message"]["hologram"] = {"file_id": "x"}
    (msg,) = normalize(update)
    assert msg.unsupported == "unknown"


@pytest.mark.parametrize("bad", [None, "update", [1, 2], 42])
def test_non_object_is_rejected(bad):
    with pytest.raises(ValueError, match="JSON object"):
        normalize(bad)


@pytest.mark.parametrize("update_id", [None, "815202001", True])
def test_missing_or_non_integer_update_id_is_rejected(update_id):
    update = load("text")
    if update_id is None:
        del update["update_id"]
    else:
        update["update_id"] = update_id
    with pytest.raises(ValueError, match="update_id"):
        normalize(update)


def test_message_without_chat_is_rejected():
    update = load("text")
    del update["message"]["chat"]
    with pytest.raises(ValueError, match="malformed Telegram update 815202001"):
        normalize(update)


def test_split_text_cuts_at_paragraphs_then_spaces():
    paragraph = ("kata " * 700).strip()  # 3499 characters
    parts = split_text(f"{paragraph}\n\n{paragraph}\n\n{paragraph}")
    assert parts == [paragraph, paragraph, paragraph]
    words = split_text("abc " * 3000)
    assert all(len(part) <= 4096 for part in words)
    assert " ".join(words) == ("abc " * 3000).strip()
    assert split_text("x" * 5000) == ["x" * 4096, "x" * 904]
    assert split_text("  \n ") == []


def test_file_url_is_derived_from_the_api_url():
    assert derive_file_url("https://api.telegram.org/bot") == "https://api.telegram.org/file/bot"
    assert derive_file_url("http://127.0.0.1:9000/bot") == "http://127.0.0.1:9000/file/bot"
    assert derive_file_url("http://h/tg/bot{token}") == "http://h/tg/file/bot{token}"
    with pytest.raises(ValueError):
        derive_file_url("http://127.0.0.1:9000/api")
