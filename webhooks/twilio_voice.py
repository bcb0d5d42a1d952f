"""The phone line: Twilio Voice webhooks answering TwiML in Bahasa Indonesia.

    POST /webhooks/twilio/voice              incoming call: the menu (repeated on silence)
    POST /webhooks/twilio/voice/menu         the key pressed: 1 complaint, 2 status, 0 112
    POST /webhooks/twilio/voice/ticket       the ticket number keyed in (or said) after 2
    POST /webhooks/twilio/voice/speech       what the caller said (id-ID speech recognition)
    POST /webhooks/twilio/voice/recorded     the call recording (or an older <Record>)
    POST /webhooks/twilio/voice/transcription  Twilio's transcript of that recording

Every request is signature-checked like the messaging webhooks. URLs in the TwiML are
relative, so Twilio requests (and signs) them on the public host it called."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, request, url_for
from werkzeug.datastructures import MultiDict

from aduan.extensions import db
from channels import twilio_voice as twiml_voice
from ticketing.inbound.voice import status_speech
from ticketing.texts import t
from webhooks.intake import Store, save
from webhooks.twilio import empty_twiml, stored_form, twiml, verified_form

MAX_TRIES = 3  # menus said without an answer before the call ends
# Words the speech recogniser should expect in a Surabaya complaint.
SPEECH_HINTS = (
    "lampu PJU, sampah, got, saluran, jalan berlubang, banjir, PDAM, kelurahan, kecamatan, "
    "gang, RT, RW"
)


def _form() -> MultiDict[str, str]:
    return verified_form(request, current_app.config)


def _voice() -> str | None:
    return current_app.config.get("TWILIO_VOICE") or None


def _menu_url(again: bool = True, tries: int = 1) -> str:
    return url_for("webhooks.twilio_voice", again=1 if again else None, tries=tries)


def twilio_voice() -> Any:
    _form()
    tries = request.args.get("tries", default=1, type=int) or 1
    if tries > MAX_TRIES:
        return twiml(twiml_voice.say_and_hangup(t("voice_goodbye"), voice=_voice()))
    again = request.args.get("again") == "1"
    prompt = t("voice_menu_short" if again else "voice_menu")
    return twiml(
        twiml_voice.menu(
            prompt,
            url_for("webhooks.twilio_voice_menu"),
            repeat_url=_menu_url(again=True, tries=tries + 1),
            voice=_voice(),
        )
    )


def twilio_voice_menu() -> Any:
    form = _form()
    choice, voice = (form.get("Digits") or "").strip()[:1], _voice()
    if choice == "1":
        caller = form.get("From") or form.get("Caller") or ""
        document = twiml_voice.speak_complaint(
            t("voice_record"),
            url_for("webhooks.twilio_voice_speech"),
            url_for("webhooks.twilio_voice_recorded", caller=caller),  # signed by Twilio
            t("voice_no_recording"),
            hints=SPEECH_HINTS,
            voice=voice,
        )
    elif choice == "2":
        document = twiml_voice.gather_digits(
            t("voice_status_prompt"),
            url_for("webhooks.twilio_voice_ticket"),
            finish_on_key="#",
            repeat_url=_menu_url(),
            voice=voice,
            speech=True,
        )
    elif choice == "0":
        number = current_app.config["EMERGENCY_NUMBER"]
        document = twiml_voice.dial(number, t("voice_emergency"), voice=voice)
    else:
        document = twiml_voice.say_then_redirect(
            t("voice_invalid_choice"), _menu_url(), voice=voice
        )
    return twiml(document)


def twilio_voice_ticket() -> Any:
    form = _form()
    caller = form.get("From") or form.get("Caller") or ""
    keyed = form.get("Digits") or form.get("SpeechResult") or ""  # pressed or said
    speech = status_speech(caller, keyed)
    db.session.commit()  # the owner's SMS (status_speech)
    return twiml(twiml_voice.say_then_redirect(speech, _menu_url(), voice=_voice()))


def twilio_voice_speech() -> Any:
    form = _form()
    sid = (form.get("CallSid") or "").strip()
    if not sid:
        abort(400, "Not a Twilio speech result: CallSid missing.")
    save(Store("twilio_speech", f"{sid}:speech", stored_form(form)))
    return twiml(twiml_voice.say_and_hangup(t("voice_recorded"), voice=_voice()))


def twilio_voice_recorded() -> Any:
    """A <Record> action (older calls) or the call recording's status callback, which
    carries no From: the caller comes from the callback URL we signed into the TwiML."""
    form = _form()
    sid = (form.get("RecordingSid") or "").strip()
    if not sid or not form.get("RecordingUrl"):
        abort(400, "Not a Twilio recording: RecordingSid or RecordingUrl missing.")
    if not form.get("From") and request.args.get("caller"):
        form = form.copy()
        form["From"] = request.args["caller"]
    save(Store("twilio_voice", sid, stored_form(form)))
    if form.get("RecordingSource", "RecordVerb") != "RecordVerb":
        return empty_twiml()  # a status callback: the call is over
    return twiml(twiml_voice.say_and_hangup(t("voice_recorded"), voice=_voice()))


def twilio_voice_transcription() -> Any:
    form = _form()
    sid = (form.get("RecordingSid") or "").strip()
    if not sid:
        abort(400, "Not a Twilio transcription: RecordingSid missing.")
    save(Store("twilio_transcription", f"{sid}:transcription", stored_form(form)))
    return empty_twiml()
