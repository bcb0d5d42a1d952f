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
    call_message,
    dial,
    gather_digits,
    menu,
    normalize_recording,
    parse_speech,
    parse_transcription,
    say_and_hangup,
    say_then_redirect,
    speak_complaint,
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


def test_speak_complaint_records_the_call_and_recognises_indonesian():
    twiml = speak_complaint(
        "Silakan sampaikan pengaduan Anda.",
        "/voice/speech",
        "/voice/recorded?caller=%2B6281234500005",
        "Kami tidak mendengar pengaduan Anda. Terima kasih.",
        hints="lampu PJU, sampah",
    )
    start, gather, fallback, hangup = verbs(twiml)
    (recording,) = start
    assert (start.tag, recording.tag) == ("Start", "Recording")
    assert recording.attrib["recordingStatusCallback"] == "/voice/recorded?caller=%2B6281234500005"
    assert recording.attrib["recordingStatusCallbackEvent"] == "completed"
    assert gather.attrib["input"] == "speech" and gather.attrib["language"] == "id-ID"
    assert gather.attrib["action"] == "/voice/speech" and gather.attrib["speechTimeout"] == "auto"
    assert gather.attrib["hints"] == "lampu PJU, sampah"
    assert gather[0].tag == "Say" and gather[0].attrib["language"] == "id-ID"
    # Nothing said: Twilio skips the action and the verbs after the Gather run.
    assert (fallback.tag, hangup.tag) == ("Say", "Hangup")


def test_speech_results_and_call_messages_are_parsed():
    form = {
        "CallSid": "CA1",
        "From": "+6281234500005",
        "SpeechResult": " Lampu mati ",
        "Confidence": "0.87",
    }
    assert parse_speech(form) == ("CA1", "Lampu mati", 0.87)
    assert parse_speech({"CallSid": "CA1", "Confidence": "x"}) == ("CA1", "", 0.0)
    with pytest.raises(ValueError):
        parse_speech({"SpeechResult": "halo"})
    message = call_message(form)
    assert (message.channel, message.external_id, message.sender_id) == (
        "voice",
        "CA1",
        "+6281234500005",
    )
    assert message.text == "" and message.attachments == ()
    recording = call_message(form | {"RecordingUrl": "https://api.twilio.com/R/RE1"})
    assert recording.attachments[0].ref.endswith("RE1.mp3")
    with pytest.raises(ValueError):
        call_message({"CallSid": "CA1"})  # the recording callback without the caller


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


def test_gather_digits_may_take_the_number_said_in_indonesian():
    (gather,) = verbs(gather_digits("Tekan atau sebutkan nomor laporan.", "/s", speech=True))
    assert gather.attrib["input"] == "dtmf speech" and gather.attrib["language"] == "id-ID"
    assert gather.attrib["speechTimeout"] == "auto" and gather.attrib["finishOnKey"] == "#"


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
