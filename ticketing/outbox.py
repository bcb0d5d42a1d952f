"""The outbox: every message to a citizen or officer is a row first, then a job sends it.

A send claims its row with a conditional UPDATE (pending -> sending), so two jobs for
one row never both send. Transient errors go back to pending with back-off; permanent
ones are recorded and mark the identity unreachable."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from aduan.extensions import db
from aduan.queue import enqueue, enqueue_after_commit
from channels.base import ChannelError
from ticketing import delivery, links, registry
from ticketing.models import (
    OUTBOX_ORDER,
    OUTBOX_TERMINAL,
    Identity,
    Officer,
    Outbound,
    Ticket,
    utcnow,
)

log = logging.getLogger(__name__)

BACKOFF_SECONDS = (10, 30, 120, 600, 1800, 3600)
# Permanent errors that are about the recipient (so the citizen is unreachable there), as
# opposed to our own side (credentials, configuration, a text the provider refuses).
RECIPIENT_ERRORS = {
    "403",  # Telegram: bot blocked by the user / user deactivated
    "400",  # Telegram: chat not found
    "21610",  # Twilio: the recipient replied STOP
    "21211",  # Twilio: invalid "To" number
    "21614",  # Twilio: not a mobile number
    "131026",  # WhatsApp: message undeliverable to this user
    "551",  # Messenger: this person isn't available right now
    "550",  # SMTP: mailbox unavailable
}
MAX_ATTEMPTS = len(BACKOFF_SECONDS) + 1
STUCK_AFTER = timedelta(minutes=10)


def queue_message(
    *,
    channel: str,
    recipient: str,
    text: str,
    purpose: str,
    ticket: Ticket | None = None,
    identity: Identity | None = None,
    officer: Officer | None = None,
    priority: str = "default",
    dedupe_key: str | None = None,
    reply_to: str | None = None,
    author_id: int | None = None,
) -> Outbound:
    """Adds an outbox row and schedules its send for after the commit; returns the row.

    With a `dedupe_key` already used, returns the existing row and sends nothing new."""
    if dedupe_key:
        existing = db.session.execute(
            select(Outbound).where(Outbound.dedupe_key == dedupe_key)
        ).scalar()
        if existing is not None:
            return existing
    row = Outbound(
        channel=channel,
        recipient=recipient,
        text=text,
        purpose=purpose,
        ticket_id=ticket.id if ticket else None,  # tickets are flushed before messages
        contact_id=identity.contact_id if identity else (ticket.contact_id if ticket else None),
        identity_id=identity.id if identity else None,
        officer_id=officer.id if officer else None,
        priority=priority,
        dedupe_key=dedupe_key,
        reply_to=reply_to,
        author_id=author_id,
        next_attempt_at=utcnow(),
    )
    if dedupe_key:
        try:
            with db.session.begin_nested():
                db.session.add(row)
        except IntegrityError:
            return db.session.execute(
                select(Outbound).where(Outbound.dedupe_key == dedupe_key)
            ).scalar_one()
    else:
        db.session.add(row)  # flushed with the rest of the transaction
    enqueue_after_commit(send_outbound, row, queue=priority, job_id="out-{id}")
    return row


def to_identity(identity: Identity, text: str, **kwargs: object) -> Outbound:
    """Queues `text` to a citizen on the identity's own channel; returns the row."""
    return queue_message(
        channel=identity.channel,
        recipient=identity.address,
        text=text,
        identity=identity,
        **kwargs,  # type: ignore[arg-type]
    )


def to_officer(officer: Officer, text: str, **kwargs: object) -> Outbound:
    """Queues `text` to an officer on their notification channel; returns the row."""
    return queue_message(
        channel=officer.channel,
        recipient=officer.address,
        text=text,
        officer=officer,
        **kwargs,  # type: ignore[arg-type]
    )


def backoff(attempts: int) -> float:
    """Returns the seconds to wait after the `attempts`-th failed attempt."""
    return BACKOFF_SECONDS[min(attempts, len(BACKOFF_SECONDS)) - 1]


def send_outbound(outbound_id: int, now: datetime | None = None) -> str:
    """RQ job: sends one outbox row once. Returns what happened (sent/retry/failed/skipped)."""
    now = now or utcnow()
    claim = (
        update(Outbound)
        .where(
            Outbound.id == outbound_id,
            Outbound.status == "pending",
            Outbound.next_attempt_at <= now + timedelta(seconds=5),
        )
        .values(status="sending", attempts=Outbound.attempts + 1, updated_at=now)
    )
    claimed = db.session.execute(claim).rowcount
    db.session.commit()
    if not claimed:
        return "skipped"
    row = db.session.get(Outbound, outbound_id)
    assert row is not None
    identity = db.session.get(Identity, row.identity_id) if row.identity_id else None
    expanded = links.expand(row.text)
    if expanded != row.text:
        # An officer's signed link exists only in memory, for this send: set without
        # marking the row dirty, so the stored text keeps the placeholder.
        set_committed_value(row, "text", expanded)
    try:
        message = delivery.prepare(row, identity, now)
        result = registry.adapter(row.channel).send(message)
    except ChannelError as exc:
        db.session.expire(row, ["text"])
        return _failed(row, identity, exc, now)
    except Exception as exc:  # an adapter bug must not lose the row: retry, then fail
        log.exception("unexpected error sending outbox row %s", row.id)
        db.session.expire(row, ["text"])
        return _failed(row, identity, ChannelError(repr(exc)), now)
    db.session.expire(row, ["text"])
    row.status = "sent"
    row.provider_id = result.provider_id
    row.sent_at = utcnow()
    row.error = row.error_code = None
    db.session.commit()
    return "sent"


def _failed(row: Outbound, identity: Identity | None, exc: ChannelError, now: datetime) -> str:
    row.error = str(exc)
    row.error_code = exc.code
    if exc.permanent or row.attempts >= MAX_ATTEMPTS:
        row.status = "failed"
        replacement = delivery.fallback(row, identity, exc.code, now)
        if replacement is None and identity is not None and exc.code in RECIPIENT_ERRORS:
            identity.unreachable_at = now
            identity.unreachable_reason = str(exc)
        db.session.commit()
        log.warning("outbox %s failed for good: %s", row.id, exc)
        return "failed"
    delay = max(exc.retry_after or 0, backoff(row.attempts))
    row.status = "pending"
    row.next_attempt_at = now + timedelta(seconds=delay)
    db.session.commit()
    enqueue(
        send_outbound,
        row.id,
        queue=row.priority,
        delay=delay,
        job_id=f"out-{row.id}-{row.attempts}",
    )
    return "retry"


def advance_status(provider_id: str, status: str, error_code: str | None = None) -> bool:
    """Applies a delivery callback; statuses only move forward, and a failure (which can
    arrive after "sent", e.g. WhatsApp 131047) is final and may queue a fallback.
    Returns True if the row changed."""
    row = db.session.execute(select(Outbound).where(Outbound.provider_id == provider_id)).scalar()
    if row is None or row.status in OUTBOX_TERMINAL:
        return False
    if status in OUTBOX_TERMINAL:
        row.status, row.error_code = status, error_code
        identity = db.session.get(Identity, row.identity_id) if row.identity_id else None
        delivery.fallback(row, identity, error_code, utcnow())
        db.session.commit()
        return True
    if status in OUTBOX_ORDER and OUTBOX_ORDER.index(status) > OUTBOX_ORDER.index(row.status):
        row.status = status
        db.session.commit()
        return True
    return False


def resend(row: Outbound) -> None:
    """Puts a failed or unknown row back in the queue (an agent's explicit decision)."""
    if row.status not in OUTBOX_TERMINAL:
        raise ValueError("only failed rows can be resent")
    row.status, row.next_attempt_at, row.attempts = "pending", utcnow(), 0
    enqueue_after_commit(send_outbound, row.id, queue=row.priority, job_id=f"out-{row.id}-r")
