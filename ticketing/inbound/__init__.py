"""Inbound: what providers sent us, from the stored raw event to ingest().

ROUTES maps each webhook route (InboundEvent.channel) to the function that reads its
stored payload into an Inbound: the citizens' messages, and the rest of the payload's
work (delivery statuses, a transcript). ticketing.inbound.events is the one writer of
InboundEvent; ticketing.inbound.jobs processes one event exactly once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from sqlalchemy.exc import SQLAlchemyError

from ticketing.inbound import meta, telegram, twilio, voice, web, whatsapp_cloud, x
from ticketing.inbound.cleaning import clean
from ticketing.inbound.events import Inbound

ROUTES: dict[str, Callable[[str], Inbound]] = {
    "telegram": telegram.read,
    "twilio": twilio.read_messages,
    "twilio_status": twilio.read_status,
    "twilio_voice": voice.read_recording,
    "twilio_speech": voice.read_speech,
    "twilio_transcription": voice.read_transcription,
    "whatsapp_cloud": whatsapp_cloud.read,
    "meta": meta.read,
    "x": x.read_mention,
    "x_dm": x.read_dm,
    "x_activity": x.read_activity,
    "web": web.read,  # the /lapor form
    "open311": web.read,  # Open311 partners' POST requests
}


def read(route: str, payload: str) -> Inbound:
    """Returns what a stored payload holds. Raises ValueError when it is unreadable or
    no route reads it. Apart from the database (a SQLAlchemyError passes through: the
    job retries it), whatever a reader raises on a payload it would raise again: that
    is reported as unreadable too (kept for replay, not retried)."""
    reader = ROUTES.get(route)
    if reader is None:
        raise ValueError(f"no reader for route {route!r}")
    try:
        return _cleaned(reader(payload))
    except (ValueError, SQLAlchemyError):
        raise
    except Exception as exc:  # a shape no reader foresaw, a RecursionError, ...
        raise ValueError(f"{type(exc).__name__}: {str(exc)[:300]}") from exc


def _cleaned(found: Inbound) -> Inbound:
    """Returns `found` with each of its messages cleaned (see clean)."""
    return replace(found, messages=[clean(message) for message in found.messages])
