"""Delivery statuses from Twilio (SMS, WhatsApp) and the WhatsApp Cloud API, applied to
the outbox: a row's status only moves forward (callbacks arrive out of order), a failure
keeps the provider's error code and may queue a fallback (ticketing.delivery_phone), and
errors that say the number cannot receive messages mark the identity unreachable."""

from __future__ import annotations

import json
import logging

from sqlalchemy import select

from aduan.extensions import db
from aduan.queue import enqueue
from ticketing import contacts, outbox
from ticketing.models import OUTBOX_TERMINAL, Identity, InboundEvent, Outbound, utcnow

log = logging.getLogger(__name__)

# Twilio MessageStatus -> outbox status; queued, accepted, scheduled, receiving and
# received say nothing new about a row we sent.
TWILIO_STATUSES = {
    "sending": "sending",
    "sent": "sent",
    "delivered": "delivered",
    "read": "read",
    "failed": "failed",
    "undelivered": "undeliverable",
    "canceled": "failed",
}
CLOUD_STATUSES = {"sent": "sent", "delivered": "delivered", "read": "read", "failed": "failed"}
# The number cannot receive on this channel: STOP (21610), invalid (21211), landline
# (21614), no WhatsApp account (63024, 131026).
UNREACHABLE_CODES = frozenset({"21610", "21211", "21614", "63024", "131026"})
# A status can arrive before the send job committed the provider's message id: it is
# tried again after these delays (seconds), then dropped.
RETRY_DELAYS = (5, 30, 120, 600)


def twilio_event(event: InboundEvent) -> str:
    """Applies one stored Twilio status callback; returns the outcome (see apply())."""
    from channels.twilio_messaging import parse_status
    from ticketing.registry_phone import read_form

    update = parse_status(read_form(event.payload)[0])
    return apply(event, update.provider_id, TWILIO_STATUSES.get(update.status), update.error_code)


def whatsapp_event(event: InboundEvent) -> str:
    """Applies the statuses in one stored WhatsApp Cloud webhook and logs value-level
    errors; returns the outcomes joined by commas ("" when there were none)."""
    from channels.whatsapp_cloud import parse_errors, parse_statuses

    payload = json.loads(event.payload)
    for error in parse_errors(payload):
        log.warning("WhatsApp Cloud reported error %s: %s", error["code"], error["title"])
    outcomes = [
        apply(event, s.provider_id, CLOUD_STATUSES.get(s.status), s.error_code)
        for s in parse_statuses(payload)
    ]
    return ",".join(outcomes)


def apply(event: InboundEvent, provider_id: str, status: str | None, code: str | None) -> str:
    """Moves the outbox row sent as `provider_id` to `status` (our name; None ignores
    it). Returns "status_applied", "status_stale", "status_ignored" or, for a message
    not recorded yet, "status_deferred" (a delayed retry job is queued)."""
    if status is None:
        return "status_ignored"
    row = db.session.execute(select(Outbound).where(Outbound.provider_id == provider_id)).scalar()
    if row is None:
        return defer(provider_id, status, code, 0)
    return _advance(row, provider_id, status, code)


def defer(provider_id: str, status: str, code: str | None, attempt: int) -> str:
    """Queues apply_later() after RETRY_DELAYS[attempt]; returns "status_deferred", or
    "status_unknown" when the retries are used up."""
    if attempt >= len(RETRY_DELAYS):
        log.info("status %s for unknown message %s dropped", status, provider_id)
        return "status_unknown"
    delay = RETRY_DELAYS[attempt]
    enqueue(apply_later, provider_id, status, code, attempt + 1, queue="low", delay=delay)
    return "status_deferred"


def apply_later(provider_id: str, status: str, code: str | None, attempt: int) -> str:
    """RQ job: applies a deferred status once its outbox row exists; returns the outcome."""
    row = db.session.execute(select(Outbound).where(Outbound.provider_id == provider_id)).scalar()
    if row is None:
        db.session.rollback()
        return defer(provider_id, status, code, attempt)
    outcome = _advance(row, provider_id, status, code)
    db.session.commit()
    return outcome


def _advance(row: Outbound, provider_id: str, status: str, code: str | None) -> str:
    changed = outbox.advance_status(provider_id, status, code)
    if changed and status in OUTBOX_TERMINAL and code in UNREACHABLE_CODES:
        _mark_unreachable(row, code)
    return "status_applied" if changed else "status_stale"


def _mark_unreachable(row: Outbound, code: str) -> None:
    """Marks the row's identity (or the identity of its channel and number) unreachable."""
    identity = db.session.get(Identity, row.identity_id) if row.identity_id else None
    if identity is None or identity.channel != row.channel:
        identity = contacts.find_identity(row.channel, row.recipient)
    if identity is None:
        return
    identity.unreachable_at = utcnow()
    identity.unreachable_reason = f"{row.channel} error {code}: {row.error or 'delivery failed'}"
    db.session.commit()
