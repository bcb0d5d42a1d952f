"""Twilio Voice IVR: TwiML builders and the parsers of the recording/transcription callbacks.

Every builder takes the spoken texts (the app's Bahasa Indonesia catalogue) and the
absolute or relative callback URLs and returns a TwiML document as a string. `<Say>` uses
language "id-ID"; pass `voice=` (e.g. a "Google.id-ID-..." voice) to pick a specific one.

Twilio facts these builders rely on (https://www.twilio.com/docs/voice/twiml):
- `<Gather>` without input continues with the next verb (its action is not requested),
  so a `<Redirect>` after it repeats the menu.
- `<Record>` does not request its action when nothing was recorded: the verbs after it
  run instead, so a fallback `<Say>` + `<Hangup>` always follows it.
- Transcription (`transcribe`) works only for recordings of at most 120 seconds and
  Twilio's built-in engine is made for English: an Indonesian recording may come back
  empty, garbled or "failed". Treat the text as a hint; the recording is the evidence.
- `<Gather input="speech" language="id-ID">` recognises Indonesian and POSTs
  SpeechResult and Confidence to its action (not at all when nothing was said, unless
  actionOnEmptyResult); it keeps no audio, so `<Start><Recording>` records the call
  alongside and POSTs RecordingSid/RecordingUrl/CallSid to its recordingStatusCallback
  when the call ends (that callback carries no From).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from twilio.twiml.voice_response import Gather, Start, VoiceResponse

from channels.base import Attachment, InboundMessage
from channels.twilio_messaging import e164

LANGUAGE = "id-ID"
MAX_TRANSCRIBED_SECONDS = 120  # Twilio transcribes only recordings up to two minutes
RECORDING_MIME = "audio/mpeg"
_AUDIO_EXTENSIONS = (".mp3", ".wav")


def _say(parent: VoiceResponse | Gather, text: str, voice: str | None) -> None:
    if text:
        parent.say(text, language=LANGUAGE, voice=voice)


def menu(
    prompt: str,
    action_url: str,
    timeout: int = 6,
    repeat_url: str | None = None,
    *,
    voice: str | None = None,
) -> str:
    """Returns TwiML that says `prompt` while waiting `timeout` seconds for one key, which
    Twilio POSTs as `Digits` to `action_url`. When nothing was pressed the call is
    redirected to `repeat_url` (usually the menu's own URL); without it the call ends."""
    response = VoiceResponse()
    gather = Gather(num_digits=1, action=action_url, method="POST", timeout=timeout)
    _say(gather, prompt, voice)
    response.append(gather)
    if repeat_url:
        response.redirect(repeat_url, method="POST")
    return str(response)


def gather_digits(
    prompt: str,
    action_url: str,
    num_digits: int | None = None,
    finish_on_key: str = "#",
    timeout: int = 10,
    *,
    repeat_url: str | None = None,
    voice: str | None = None,
    speech: bool = False,
) -> str:
    """Returns TwiML that says `prompt` and collects digits (a ticket number) until
    `finish_on_key`, `num_digits` digits or `timeout` seconds of silence, then POSTs them
    as `Digits` to `action_url`; with `speech`, the number may be said instead (in
    Indonesian, POSTed as `SpeechResult`). Without input the call goes to `repeat_url`,
    or ends."""
    response = VoiceResponse()
    spoken = {"language": LANGUAGE, "speech_timeout": "auto"} if speech else {}
    gather = Gather(
        input="dtmf speech" if speech else "dtmf",
        action=action_url,
        method="POST",
        timeout=timeout,
        finish_on_key=finish_on_key,
        num_digits=num_digits,
        **spoken,
    )
    _say(gather, prompt, voice)
    response.append(gather)
    if repeat_url:
        response.redirect(repeat_url, method="POST")
    return str(response)


MAX_SPEECH_SECONDS = 60  # Twilio's longest speech Gather


def speak_complaint(
    prompt: str,
    speech_url: str,
    recording_callback: str,
    fallback: str,
    *,
    hints: str | None = None,
    voice: str | None = None,
) -> str:
    """Returns TwiML that starts recording the caller (RecordingSid/RecordingUrl/CallSid
    POSTed to `recording_callback` when the call ends), says `prompt` and recognises
    what the caller says in Indonesian (SpeechResult/Confidence POSTed to `speech_url`,
    ending at a pause, at most MAX_SPEECH_SECONDS), and says `fallback` and hangs up
    when nothing was said. `hints`: comma-separated words that help recognition."""
    response = VoiceResponse()
    start = Start()
    start.recording(
        recording_status_callback=recording_callback,
        recording_status_callback_method="POST",
        recording_status_callback_event="completed",
        track="inbound",
        trim="trim-silence",
    )
    response.append(start)
    gather = Gather(
        input="speech",
        language=LANGUAGE,
        action=speech_url,
        method="POST",
        timeout=6,
        speech_timeout="auto",
        max_speech_time=MAX_SPEECH_SECONDS,
        hints=hints,
        profanity_filter=False,
    )
    _say(gather, prompt, voice)
    response.append(gather)
    _say(response, fallback, voice)
    response.hangup()
    return str(response)


def parse_speech(form: Mapping[str, str]) -> tuple[str, str, float]:
    """Parse a speech Gather's action request. Returns (CallSid, SpeechResult stripped,
    Confidence 0..1, 0 when missing or not a number). Raises ValueError without
    CallSid."""
    sid = (form.get("CallSid") or "").strip()
    if not sid:
        raise ValueError("Twilio speech result without CallSid")
    try:
        confidence = min(max(float(form.get("Confidence") or 0), 0.0), 1.0)
    except ValueError:
        confidence = 0.0
    return sid, (form.get("SpeechResult") or "").strip(), confidence


def call_message(form: Mapping[str, str], received_at: datetime | None = None) -> InboundMessage:
    """Returns the "voice" message of a complaint spoken on a call: external_id = CallSid
    (the speech result and the call recording both belong to it), sender_id = the
    caller in E.164, no text yet, the audio attachment when `form` is the recording
    callback. Raises ValueError without CallSid or From."""
    sid = (form.get("CallSid") or "").strip()
    caller = (form.get("From") or form.get("Caller") or "").strip()
    if not sid or not caller:
        raise ValueError("Twilio call without CallSid or From")
    url = (form.get("RecordingUrl") or "").strip()
    attachments = (
        (Attachment(kind="audio", ref=recording_url(url), mime_type=RECORDING_MIME),) if url else ()
    )
    sender = e164(caller)
    return InboundMessage(
        channel="voice",
        external_id=sid,
        sender_id=sender,
        sent_at=received_at or datetime.now(UTC),
        attachments=attachments,
        phone=sender if sender.startswith("+") else None,
        meta={"CallSid": sid},
    )


def say_and_hangup(text: str, *, voice: str | None = None) -> str:
    """Returns TwiML that says `text` and ends the call."""
    response = VoiceResponse()
    _say(response, text, voice)
    response.hangup()
    return str(response)


def say_then_redirect(text: str, url: str, *, voice: str | None = None) -> str:
    """Returns TwiML that says `text` and then continues with the TwiML at `url` (POST)."""
    response = VoiceResponse()
    _say(response, text, voice)
    response.redirect(url, method="POST")
    return str(response)


def dial(number: str, before: str | None = None, *, voice: str | None = None) -> str:
    """Returns TwiML that says `before` (if given) and connects the caller to `number`
    (e.g. the emergency desk "112"); the call ends when that leg ends."""
    response = VoiceResponse()
    _say(response, before or "", voice)
    response.dial(number)
    return str(response)


def recording_url(url: str) -> str:
    """Returns the MP3 address of a RecordingUrl. Twilio's RecordingUrl has no extension
    and then serves WAV (audio/x-wav); with ".mp3" it serves MP3 (audio/mpeg, ~10x
    smaller). A URL that already ends in .mp3 or .wav is returned unchanged."""
    return url if url.lower().endswith(_AUDIO_EXTENSIONS) else url + ".mp3"


def normalize_recording(
    form: Mapping[str, str],
    transcription: str | None = None,
    received_at: datetime | None = None,
) -> InboundMessage:
    """Parse the `<Record>` action request (or a recording status callback carrying From).

    Returns a "voice" InboundMessage: external_id = RecordingSid, sender_id = the caller
    in E.164, text = `transcription` or "", one audio attachment (the MP3 URL, see
    recording_url()), meta with CallSid, RecordingDuration (int seconds), To, Digits.
    Raises ValueError when RecordingSid, RecordingUrl or From is missing."""
    sid = (form.get("RecordingSid") or "").strip()
    url = (form.get("RecordingUrl") or "").strip()
    caller = (form.get("From") or form.get("Caller") or "").strip()
    if not sid or not url or not caller:
        raise ValueError("Twilio recording without RecordingSid, RecordingUrl or From")
    meta: dict[str, object] = {
        key: form.get(key) for key in ("CallSid", "To", "AccountSid", "Digits") if form.get(key)
    }
    try:
        meta["RecordingDuration"] = int(form.get("RecordingDuration") or 0)
    except ValueError:
        meta["RecordingDuration"] = 0
    sender = e164(caller)
    audio = Attachment(kind="audio", ref=recording_url(url), mime_type=RECORDING_MIME)
    return InboundMessage(
        channel="voice",
        external_id=sid,
        sender_id=sender,
        sent_at=received_at or datetime.now(UTC),
        text=(transcription or "").strip(),
        attachments=(audio,),
        phone=sender if sender.startswith("+") else None,
        meta=meta,
    )


def parse_transcription(form: Mapping[str, str]) -> tuple[str, str | None, str]:
    """Parse a transcription callback. Returns (RecordingSid, text, status) where status
    is TranscriptionStatus ("completed" or "failed") and text is None unless the status
    is "completed" with a non-blank TranscriptionText. Raises ValueError without
    RecordingSid."""
    sid = (form.get("RecordingSid") or "").strip()
    if not sid:
        raise ValueError("Twilio transcription callback without RecordingSid")
    status = (form.get("TranscriptionStatus") or "").strip().lower()
    text = (form.get("TranscriptionText") or "").strip()
    return sid, (text if status == "completed" and text else None), status
