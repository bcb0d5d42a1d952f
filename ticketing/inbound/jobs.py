"""The inbound job: one stored raw event becomes messages and tickets, exactly once.
Jobs take ids and reload everything from the database."""

from __future__ import annotations

import logging

from sqlalchemy import select

from aduan.extensions import db
from ticketing import classifier, inbound
from ticketing.ingest import ingest
from ticketing.models import InboundEvent, utcnow

log = logging.getLogger(__name__)


def process_event(event_id: int) -> str:
    """Turns one stored raw event into messages and tickets, exactly once.

    The event row is locked for the transaction (FOR UPDATE on PostgreSQL), so two
    runs of the same job serialise and the second sees it processed. A payload that
    cannot be read is marked processed with its error (kept for replay), not retried."""
    stmt = select(InboundEvent).where(InboundEvent.id == event_id).with_for_update()
    event = db.session.execute(stmt).scalar()
    if event is None or event.processed_at is not None:
        db.session.rollback()
        return "skipped"
    try:
        read = inbound.read(event.channel, event.payload)
    except (ValueError, KeyError, TypeError) as exc:
        event.attempts += 1
        event.last_error = f"unreadable payload: {exc}"
        event.processed_at = utcnow()
        db.session.commit()
        log.warning("event %s unreadable: %s", event_id, exc)
        return "unreadable"
    # Classify first (CPU only): on SQLite the write lock is then held just for the writes.
    messages = read.messages
    decisions = [classifier.decide(m) for m in messages]
    event.attempts += 1
    outcomes = []
    try:
        for msg, decision in zip(messages, decisions, strict=True):
            outcomes.append(ingest(msg, event_id=event.id, decision=decision).outcome)
        if read.then is not None:  # e.g. delivery statuses, a transcript
            outcomes.append(read.then(event))
        event.processed_at = utcnow()
        event.last_error = None
        db.session.commit()
    except Exception as exc:
        db.session.rollback()
        _record_error(event_id, exc)
        raise
    return ",".join(outcomes) or "empty"


def _record_error(event_id: int, exc: Exception) -> None:
    event = db.session.get(InboundEvent, event_id)
    if event is not None:
        event.attempts += 1
        event.last_error = repr(exc)[:2000]
        db.session.commit()
