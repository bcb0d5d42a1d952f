"""Phone calls: a complaint spoken on the line, recognised in Indonesian (route
"twilio_speech", `<Gather input="speech" language="id-ID">`) while the call is recorded
(route "twilio_voice", the call recording's callback); the IVR's status answer (only
about the caller's own tickets, said while the call is on the line).

Both halves of a spoken complaint belong to one message keyed by the CallSid, whichever
is processed first: the recognised text routes the ticket, the recording stays on it
as the evidence. A call without a usable Indonesian transcript (nothing recognised, a
low confidence, or text that does not look Indonesian) is flagged for an agent to
listen to. Older calls made with `<Record transcribe>` (route "twilio_transcription",
Twilio's English-only engine) are read the same way, by RecordingSid."""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from datetime import datetime

from sqlalchemy import select

from aduan.extensions import db
from aduan.queue import enqueue_after_commit
from channels.base import InboundMessage
from channels.twilio_voice import (
    call_message,
    normalize_recording,
    parse_speech,
    parse_transcription,
)
from ticketing import (
    classifier,
    contacts,
    language,
    numwords,
    outbox,
    publication,
    status,
    triage,
)
from ticketing.audit import record
from ticketing.inbound.cleaning import clean
from ticketing.inbound.events import Inbound
from ticketing.inbound.twilio import read_form
from ticketing.ingest import ingest
from ticketing.models import (
    Attachment,
    Contact,
    InboundEvent,
    Message,
    Outbound,
    Ticket,
    summary_of,
    utcnow,
)
from ticketing.texts import public_label, t

log = logging.getLogger(__name__)

MIN_DIGITS, MAX_DIGITS = 5, 10  # year (4) + serial (1..6)
# The city's complaint vocabulary and the words of a ticket number: in a transcript
# they show the engine heard Indonesian.
_TOPIC_WORDS = """
    hari jam kemarin tadi pagi siang sore malam minggu bulan tahun satu dua tiga empat
    lima enam tujuh delapan sembilan sepuluh nomor gang gg rt rw kelurahan kecamatan
    kampung dekat samping warga sekolah pasar taman kantor masjid lampu sampah banjir air
    bocor pipa got selokan saluran macet rusak mati berlubang lubang pohon tumbang kabel
    listrik jembatan trotoar parkir liar pedagang kaki bau asap api kebakaran darurat
    bantu laporan lapor keluhan pengaduan petugas segera diperbaiki perbaiki diangkut
    menumpuk meluap tergenang genangan padam nol kosong sebelas belas puluh seratus ratus
    seribu ribu cek status
"""
TOPIC_WORDS = frozenset(_TOPIC_WORDS.split())


def looks_indonesian(text: str | None) -> bool:
    """Returns True when `text` has at least two frequent Indonesian words (function
    words or the city's complaint vocabulary) and more of them than English function
    words (a rough test for Twilio's English engine)."""
    english, native = language.counts(text or "", TOPIC_WORDS)
    return native >= 2 and native > english


# --------------------------------------------------------------------------- status by phone


def ticket_number(digits: str) -> str | None:
    """Returns the ticket number keyed in ("2026123", "2026000123" -> "MC-2026-000123")
    or said ("dua nol dua enam seratus dua puluh tiga", "em ce 2026 nol nol satu"), or
    None when there are too few or too many digits."""
    digits = re.sub(r"\D", "", numwords.digits(digits or ""))
    if not MIN_DIGITS <= len(digits) <= MAX_DIGITS or int(digits[4:]) == 0:
        return None
    return f"MC-{digits[:4]}-{int(digits[4:]):06d}"


def caller_contact(caller: str) -> Contact | None:
    """Returns the contact that owns the caller's number (From), following merges."""
    return contacts.find_by_phone(caller)


def status_speech(caller: str, digits: str, locale: str = "id") -> str:
    """Returns what the IVR says for a status check of `digits` (keyed in or said) by
    `caller`. Caller ID can be forged and the answer is said to whoever is on the line,
    so the words are the same for everyone: the public status of a ticket the public
    pages list (what a non-owner hears on every channel), else that it cannot be told by
    phone. When the caller's number reported the ticket, its full status line is sent by
    SMS to that number (a forger never sees it). Queues that SMS; the caller commits."""
    number = ticket_number(digits)
    if number is None:
        return t("voice_status_invalid", locale)
    year, serial = number[3:7], str(int(number[8:]))
    ticket = db.session.execute(select(Ticket).where(Ticket.number == number)).scalar()
    contact = caller_contact(caller)
    if ticket is not None and contact is not None and status.owns(contact, ticket):
        _text_status(caller, ticket, contact, locale)
    if ticket is not None and publication.is_listed(ticket):
        shown = public_label(ticket.status, locale)  # the tracking page's words
        said = t("voice_status_public", locale, year=year, serial=serial, status=shown)
    else:
        said = t("voice_status_not_said", locale, year=year, serial=serial)
    return f"{said} {t('voice_status_by_sms', locale)}"


def _text_status(caller: str, ticket: Ticket, contact: Contact, locale: str) -> None:
    """Queues the full status line of `ticket` by SMS to the caller's number: once per
    ticket, status and hour. Caller ID is forged easily, and each forged call would
    otherwise text the owner again (and cost an SMS)."""
    phone = contacts.normalize_phone(caller)
    if phone is None:
        return
    identity = contacts.find_identity("voice", phone) or contacts.resolve(
        "voice", phone, None, utcnow(), phone=phone
    )
    outbox.to_identity(
        identity,
        status.line(ticket, locale, contact),
        ticket=ticket,
        purpose="status",
        dedupe_key=f"ivr-status-{ticket.id}-{ticket.status}-{utcnow():%Y%m%d%H}",
    )


# --------------------------------------------------------------------------- recordings


def recording_message(form: dict[str, str], received: datetime | None) -> InboundMessage:
    """Returns the "voice" message of an older `<Record>` complaint, whose English-only
    transcript comes later and re-routes the ticket: it always opens a new ticket
    (command "baru"). Raises ValueError without RecordingSid, RecordingUrl or From."""
    return replace(normalize_recording(form, received_at=received), command="baru")


MIN_SPEECH_CONFIDENCE = 0.5  # below it the recognised text is only a hint
MIN_LISTEN_SECONDS = 3  # a shorter call recording without speech is nothing to hear


def read_speech(payload: str) -> Inbound:
    """Route "twilio_speech": what the caller said, recognised in id-ID (see
    take_speech), unless the call's recording job already took it."""
    form, received = read_form(payload)
    _call(form, received)
    return Inbound([], lambda event: take_speech(form, received, event))


def take_speech(form: dict[str, str], received: datetime | None, event: InboundEvent) -> str:
    """Ingests what the caller said like any citizen's message: a status check is
    answered (by SMS), more about the caller's open ticket is appended to it by the
    desk's usual rules (ticketing/ingest.py), anything else opens a ticket routed by
    the text. Text that is not usable (nothing, an unsure recognition, not Indonesian)
    is ingested without words, like a voice note, and flagged for an agent to listen
    to. Returns the outcome word; raises ValueError when the call's message was stored
    by a concurrent job not yet committed (the event is retried)."""
    sid, text, confidence = parse_speech(form)
    message = _voice_message(sid)
    if message is not None and "transcription_status" in (message.meta or {}):
        return "duplicate"
    confident = confidence >= MIN_SPEECH_CONFIDENCE
    usable = bool(text) and confident and looks_indonesian(text)
    if message is None:
        outcome = _ingest_call(form, received, event, text if usable else "")
        message = _voice_message(sid)
        if message is None:
            raise ValueError("the call's message was not stored")
        if outcome == "duplicate":  # a concurrent job stored and took it
            return "duplicate"
        if usable:  # ingest read and acted on the words: keep them, as said
            meta = {"transcription_status": "completed", "transcription": text}
            message.meta = dict(message.meta or {}, speech_confidence=confidence, **meta)
            if outcome != "new_ticket" or message.ticket_id is None:
                return outcome  # status, appended, feedback
            ticket = db.session.get(Ticket, message.ticket_id)
            record(ticket, "transcribed", note=text[:200], message_id=message.id, at=utcnow())
            return "transcribed"
    message.meta = dict(message.meta or {}, speech_confidence=confidence)
    return apply_transcription(
        message, text or None, "completed" if text else "empty", utcnow(), usable=confident
    )


def _ingest_call(
    form: dict[str, str], received: datetime | None, event: InboundEvent, text: str
) -> str:
    """Ingests the call's message with `text` (may be empty); returns ingest's outcome.
    A phone complaint is never closed as "not a complaint" by the model: such words
    stay for an agent (on the caller's open ticket, or on a new one in triage)."""
    decision = classifier.classify(text, "voice") if text else None
    if decision is not None and decision.kind == "not_complaint":
        decision = replace(decision, triage=True)
    msg = replace(_call(form, received), text=text)
    return ingest(msg, event_id=event.id, decision=decision).outcome


def _call(form: dict[str, str], received: datetime | None) -> InboundMessage:
    """Returns the call's message cleaned like every reader's (cleaning.clean).
    Raises ValueError for a call no step can store (no CallSid or From, a caller id
    too long to store): read_speech calls it first, so such an event is unreadable at
    once rather than failing, and retried, in a later step."""
    return clean(call_message(form, received))


def read_recording(payload: str) -> Inbound:
    """Route "twilio_voice": a call's recording, kept on the call's message (taking the
    caller's stored speech first when its job has not run yet; ingesting the call
    without words when the caller said nothing recognisable: an agent listens), or an
    older `<Record>` complaint, one message of its own."""
    form, received = read_form(payload)
    if form.get("RecordingSource", "RecordVerb") == "RecordVerb":
        return Inbound([recording_message(form, received)])
    sid = form.get("CallSid") or ""

    def then(event: InboundEvent) -> str:
        message = _voice_message(sid)
        if message is None:
            speech = _speech_event(sid)
            if speech is not None:  # what the caller said decides, so it goes first
                take_speech(*read_form(speech.payload), speech)
                message = _voice_message(sid)
            elif _seconds(form) < MIN_LISTEN_SECONDS:
                return "silent"
            else:  # nothing recognised: an agent listens (on the open ticket, if any)
                message = _open_call(form, received, event)
                apply_transcription(message, None, "empty", utcnow())
        if message is None:
            raise ValueError("the call's message was not stored")
        if any(a.kind == "audio" for a in message.attachments):
            return "duplicate"
        audio = _call(form, received).attachments[0]
        attachment = Attachment(
            message_id=message.id, kind="audio", ref=audio.ref, mime_type=audio.mime_type
        )
        db.session.add(attachment)
        db.session.flush()
        from ticketing.media import download_attachment

        enqueue_after_commit(download_attachment, attachment.id, queue="low")
        return "stored"

    return Inbound([], then)


def _open_call(form: dict[str, str], received: datetime | None, event: InboundEvent) -> Message:
    """Ingests a call without recognised words, like a voice note: appended to the
    caller's open ticket, else a new ticket in triage. Returns its message."""
    _ingest_call(form, received, event, "")
    message = _voice_message(form.get("CallSid") or "")
    if message is None:
        raise ValueError("the call's message was not stored")
    return message


def _speech_event(call_sid: str) -> InboundEvent | None:
    """Returns the caller's stored speech result for this call, if any."""
    stmt = select(InboundEvent).where(
        InboundEvent.channel == "twilio_speech", InboundEvent.external_id == f"{call_sid}:speech"
    )
    return db.session.execute(stmt).scalar()


def _seconds(form: dict[str, str]) -> int:
    try:
        return int(form.get("RecordingDuration") or 0)
    except ValueError:
        return 0


def read_transcription(payload: str) -> Inbound:
    """Route "twilio_transcription": a transcript, applied to its recorded complaint
    (ingesting the recording first if its own event has not been processed yet)."""
    form, received = read_form(payload)
    sid, text, outcome = parse_transcription(form)
    try:
        recording = recording_message(form, received)
    except ValueError:  # no recording named: nothing to add a transcript to
        recording = None
    else:  # stored by a later step: cleaned (and refused) like a reader's message now
        recording = clean(recording)

    def then(event: InboundEvent) -> str:
        message = _voice_message(sid)
        if message is None:
            if recording is None:
                return "no_message"
            ingest(recording, event_id=event.id)
            message = _voice_message(sid)
        if message is None:
            return "no_message"
        if "transcription_status" in (message.meta or {}):
            return "duplicate"
        return apply_transcription(message, text, outcome or "empty", utcnow())

    return Inbound([], then)


def _voice_message(sid: str) -> Message | None:
    stmt = select(Message).where(Message.channel == "voice", Message.external_id == sid)
    return db.session.execute(stmt).scalar()


# Why a recording needs an agent's ear, in the stored note's words (inbox/filters.py
# says them in the reader's language from the event's "reason").
LISTEN_REASONS = {
    "unreadable": "tidak terbaca",
    "failed": "gagal",
    "empty": "kosong",
    "unsure": "pengenalan suara ragu-ragu",
}


def apply_transcription(
    message: Message, text: str | None, outcome: str, now: datetime, *, usable: bool = True
) -> str:
    """Adds a usable transcript to the message and re-classifies its ticket, or flags the
    recording for an agent to listen to (`usable` False: the recogniser was unsure).
    Returns "transcribed" or "listen_needed"."""
    meta = dict(message.meta or {}, transcription_status=outcome)
    if text:
        meta["transcription"] = text
    ticket = db.session.get(Ticket, message.ticket_id) if message.ticket_id else None
    if text and usable and looks_indonesian(text):
        meta.pop("needs_listening", None)
        message.meta, message.text = meta, text
        if ticket is not None:
            if not ticket.summary:
                ticket.summary = summary_of(text)
            record(ticket, "transcribed", note=text[:200], message_id=message.id, at=now)
            reclassify(ticket, text, now)
        return "transcribed"
    code = "unreadable" if text else ("failed" if outcome == "failed" else "empty")
    code = "unsure" if text and not usable else code
    message.meta = meta | {"needs_listening": True}
    if ticket is not None:
        note = t("listen_needed", "id", reason=LISTEN_REASONS[code])
        record(ticket, "listen_needed", note=note, message_id=message.id, at=now, reason=code)
    return "listen_needed"


def _acknowledged(ticket: Ticket) -> bool:
    """True when the caller already got the acknowledgement of an ordinary report."""
    stmt = select(Outbound.id).where(Outbound.ticket_id == ticket.id, Outbound.purpose == "ack")
    return db.session.execute(stmt.limit(1)).first() is not None


def reclassify(ticket: Ticket, text: str, now: datetime) -> None:
    """Routes a phone complaint by its transcript: an emergency always (the citizen is
    told to call 112 and the 112 desk is alerted), anything else only while the ticket
    still waits in triage unrouted. A phone complaint is never closed as "not a
    complaint" by the model: it stays in triage for an agent."""
    decision = classifier.classify(text, "voice")
    locale = ticket.contact.locale
    if decision.kind == "emergency":
        if ticket.kind != "emergency" and ticket.is_open:
            acked = _acknowledged(ticket)
            triage.apply(ticket, decision, now=now, locale=locale, quiet=acked)
            if acked:  # the caller was promised 1x24 h: the 112 message corrects that
                outbox.to_identity(
                    ticket.identity,
                    t("kind_emergency", locale, number=ticket.number),
                    ticket=ticket,
                    purpose="correction",
                    priority="high",
                    dedupe_key=f"emergency-{ticket.id}",
                )
        return
    if ticket.status != "triage" or ticket.routed_by is not None:
        return
    if decision.kind == "not_complaint":
        return
    triage.apply(ticket, decision, now=now, locale=locale, acknowledge=False)
