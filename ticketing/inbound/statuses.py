"""Delivery statuses from the providers (Twilio SMS/WhatsApp, the WhatsApp Cloud API),
already in our words (channels.base.DeliveryStatus), applied to the outbox. A status can
arrive before the send job committed the provider's message id: it is tried again
later by a delayed job, then dropped."""

from __future__ import annotations

import logging

from sqlalchemy import select

from aduan import metrics
from aduan.extensions import db
from aduan.queue import enqueue
from channels.base import REJECTED, DeliveryStatus
from ticketing import outbox
from ticketing.models import OUTBOX_ORDER, OUTBOX_TERMINAL, Identity, Outbound, utcnow

log = logging.getLogger(__name__)

RETRY_DELAYS = (5, 30, 120, 600)  # seconds


def apply_all(statuses: list[DeliveryStatus | None]) -> str:
    """Applies each status (None: one that says nothing new, "status_ignored"); returns
    the outcomes joined by commas ("" when there were none). Not committed: the
    caller's job commits."""
    return ",".join(apply(s) if s is not None else "status_ignored" for s in statuses)


def apply(status: DeliveryStatus, attempt: int = 0) -> str:
    """Moves the outbox row sent as `status.provider_id` forward. Returns
    "status_applied", "status_stale" or, for a message not recorded yet,
    "status_deferred" (a delayed retry is queued) / "status_unknown" (given up)."""
    changed = advance(status.provider_id, status.status, status.error_code, status.reason)
    if changed is None:
        return _defer(status, attempt)
    return "status_applied" if changed else "status_stale"


def advance(
    provider_id: str, status: str, error_code: str | None = None, reason: str | None = None
) -> bool | None:
    """Applies a delivery callback; statuses only move forward, and a failure (which can
    arrive after "sent", e.g. WhatsApp's closed window) is final and may queue what the
    rule sends instead. Returns True if the row changed, False if not, None when no row
    was sent as `provider_id` (not committed)."""
    row = db.session.execute(select(Outbound).where(Outbound.provider_id == provider_id)).scalar()
    if row is None:
        return None
    if row.status in OUTBOX_TERMINAL:
        return False
    if status in OUTBOX_TERMINAL:
        row.status, row.error_code = status, error_code
        row.failure_reason = reason or REJECTED
        metrics.send_failed(row.channel, row.failure_reason, True)
        identity = db.session.get(Identity, row.identity_id) if row.identity_id else None
        outbox.after_failure(row, identity, row.failure_reason, utcnow())
        return True
    if status in OUTBOX_ORDER and OUTBOX_ORDER.index(status) > OUTBOX_ORDER.index(row.status):
        row.status = status
        return True
    return False


def _defer(status: DeliveryStatus, attempt: int) -> str:
    if attempt >= len(RETRY_DELAYS):
        log.info("status %s for unknown message %s dropped", status.status, status.provider_id)
        return "status_unknown"
    args = (status.provider_id, status.status, status.error_code, status.reason, attempt + 1)
    enqueue(apply_later, *args, queue="low", delay=RETRY_DELAYS[attempt])
    return "status_deferred"


def apply_later(
    provider_id: str, status: str, error_code: str | None, reason: str | None, attempt: int
) -> str:
    """RQ job: applies a deferred status once its outbox row exists; returns the outcome."""
    outcome = apply(DeliveryStatus(provider_id, status, error_code, reason), attempt)
    db.session.commit()
    return outcome
