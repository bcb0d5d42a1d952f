"""channels.twilio_voice: the TwiML the IVR answers with, and the recording and
transcription callbacks (tests/fixtures/twilio/voice_*.form, transcription_*.form)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qsl

import pytest

from channels.base import Attachment
from channels.twilio_voice import (
    dial,
    gather_digits,
    menu,
    normalize_recording,
    parse_transcription,
    record,
    say_and_hangup,
    say_then_redirect,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "twilio"
WHEN = datetime(2026, 1, 6, 6, 20, tzinfo=UTC)


def load(name: str) -> dict[str, str]:
    text = (FIXTURES / f"{name}.form").read_text(encoding="utf-8").strip()
    return dict(parse_qsl(text, keep_blank_values=True))


def verbs(twiml: str) -> list[ET.Element]:
    root = ET.fromstring(twiml)
    assert root.tag == "Response"
    return list(root)


# --------------------------------------------------------------------------- TwiML


def test_menu_gathers_one_digit_while_speaking_indonesian_then_repeats():
    gather, redirect = verbs(menu("Tekan 1 untuk pengaduan.", "/voice/menu", 6, "/voice"))
    assert gather.tag == "Gather"
    assert gather.attrib == {
        "action": "/voice/menu",
        "method": "POST",
        "numDigits": "1",
        "timeout": "6",
    }
    (say,) = list(gather)
    assert (say.tag, say.text, say.attrib["language"]) == (
        "Say",
        "Tekan 1 untuk pengaduan.",
        "id-ID",
    )
    assert (redirect.tag, redirect.text, redirect.attrib["method"]) == (
        "Redirect",
        "/voice",
        "POST",
    )


def test_menu_without_repeat_url_has_no_redirect_and_voice_is_passed_on():
    (gather,) = verbs(menu("Halo", "https://aduan.example.org/v", voice="Google.id-ID-Standard-A"))
    assert gather[0].attrib["voice"] == "Google.id-ID-Standard-A"


def test_record_speaks_records_with_transcription_and_falls_back():
    twiml = record(
        "Sampaikan pengaduan Anda setelah nada, lalu tekan pagar.",
        "/voice/recorded",
        "/voice/transcription",
        "/voice/recording-status",
        "Kami tidak menerima rekaman. Terima kasih.",
    )
    say, rec, fallback, hangup = verbs(twiml)
    assert say.tag == "Say" and say.text.startswith("Sampaikan")
    assert rec.tag == "Record"
    assert rec.attrib["action"] == "/voice/recorded"
    assert rec.attrib["maxLength"] == "120"
    assert rec.attrib["finishOnKey"] == "#"
    assert rec.attrib["playBeep"] == "true"
    assert rec.attrib["transcribe"] == "true"
    assert rec.attrib["transcribeCallback"] == "/voice/transcription"
    assert rec.attrib["recordingStatusCallback"] == "/voice/recording-status"
    # Twilio skips the action when nothing was recorded: the verbs after <Record> run.
    assert (fallback.tag, fallback.text) == ("Say", "Kami tidak menerima rekaman. Terima kasih.")
    assert hangup.tag == "Hangup"


def test_record_without_status_callback_and_length_limit():
    rec = verbs(record("p", "/a", "/t", None, "f", max_length=60))[1]
    assert "recordingStatusCallback" not in rec.attrib and rec.attrib["maxLength"] == "60"
    with pytest.raises(ValueError):
        record("p", "/a", "/t", None, "f", max_length=121)  # Twilio would not transcribe


def test_gather_digits_collects_a_ticket_number_until_hash():
    (gather,) = verbs(gather_digits("Masukkan nomor tiket, akhiri dengan pagar.", "/voice/status"))
    assert gather.attrib == {
        "action": "/voice/status",
        "method": "POST",
        "input": "dtmf",
        "finishOnKey": "#",
        "timeout": "10",
    }
    (gather, redirect) = verbs(gather_digits("x", "/s", num_digits=6, repeat_url="/voice"))
    assert gather.attrib["numDigits"] == "6" and redirect.text == "/voice"


def test_say_and_hangup_say_then_redirect_and_dial():
    say, hangup = verbs(say_and_hangup("Tiket MC-2026-000123 sedang diproses & ditangani <OPD>."))
    assert say.text == "Tiket MC-2026-000123 sedang diproses & ditangani <OPD>."  # escaped XML
    assert hangup.tag == "Hangup"
    say, redirect = verbs(say_then_redirect("Pilihan tidak dikenal.", "/voice"))
    assert (say.text, redirect.text) == ("Pilihan tidak dikenal.", "/voice")
    say, dial_verb = verbs(dial("112", "Menghubungkan ke layanan darurat."))
    assert say.attrib["language"] == "id-ID" and (dial_verb.tag, dial_verb.text) == ("Dial", "112")
    assert [v.tag for v in verbs(dial("112"))] == ["Dial"]


# --------------------------------------------------------------------------- callbacks


def test_normalize_recording_gives_a_voice_message_with_the_mp3():
    form = load("voice_record")
    msg = normalize_recording(form, "lampu mati", received_at=WHEN)
    assert msg.channel == "voice"
    assert msg.external_id == form["RecordingSid"]
    assert msg.sender_id == "+6281234567890" and msg.phone == "+6281234567890"
    assert msg.sent_at == WHEN
    assert msg.text == "lampu mati"
    assert msg.attachments == (Attachment("audio", form["RecordingUrl"] + ".mp3", "audio/mpeg"),)
    assert msg.meta["CallSid"] == form["CallSid"]
    assert msg.meta["RecordingDuration"] == 14


def test_normalize_recording_without_transcription_and_with_an_extension():
    form = load("voice_record")
    form["RecordingUrl"] += ".wav"
    msg = normalize_recording(form | {"From": "081234567890"})
    assert msg.text == "" and msg.sender_id == "+6281234567890"
    assert msg.attachments[0].ref == form["RecordingUrl"]


@pytest.mark.parametrize("missing", ["RecordingSid", "RecordingUrl", "From"])
def test_normalize_recording_needs_sid_url_and_caller(missing):
    form = load("voice_record")
    del form[missing]
    form.pop("Caller")
    with pytest.raises(ValueError):
        normalize_recording(form)


def test_parse_transcription_completed_and_failed():
    sid, text, status = parse_transcription(load("transcription_completed"))
    assert sid == load("voice_record")["RecordingSid"]
    assert status == "completed" and text and text.startswith("Lamp up")
    assert parse_transcription(load("transcription_failed"))[1:] == (None, "failed")
    blank = load("transcription_completed") | {"TranscriptionText": "  "}
    assert parse_transcription(blank)[1] is None
    with pytest.raises(ValueError):
        parse_transcription({"TranscriptionStatus": "completed"})


def test_voice_webhook_fixtures_carry_the_call_params():
    for name in ("voice_incoming", "voice_gather_digits", "voice_record"):
        form = load(name)
        assert form["CallSid"].startswith("CA") and form["Direction"] == "inbound"
    assert load("voice_gather_digits")["Digits"] == "1"
