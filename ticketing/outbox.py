"""The outbox: every message to a citizen or officer is a row first, then a job sends it.

A send claims its row with a conditional UPDATE (pending -> sending), so two jobs for
one row never both send. A send whose outcome is unknown (no answer after the request
was written, the connection lost or the job's time run out mid-request) becomes
"unknown" for an agent to check: none of our providers makes a repeated send idempotent
(Telegram, Twilio, the Graph API, X and SMTP take no idempotency key), so sending again
could tell the citizen twice.
Other transient errors (nothing was sent: refused, no connection, a 5xx or 429
answer) go back to pending with back-off; permanent ones are recorded with their
reason, may queue what the channel's delivery rule says to send instead, and mark the
identity unreachable when the recipient cannot be reached. An outcome waits for a
database gone away before it is recorded. The clock's sweeper re-enqueues rows whose
job was lost (ticketing/outbox_sweep.py)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TypeVar

from rq.timeouts import BaseTimeoutException
from sqlalchemy import bindparam, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from aduan import metrics
from aduan.extensions import db, db_transient
from aduan.queue import enqueue, enqueue_after_commit
from channels.base import AUTH, NOT_ON_WHATSAPP, RECIPIENT_UNREACHABLE, ChannelError
from ticketing import audit, contacts, delivery, health, links, lost_answers, sent_media, turns
from ticketing.delivery import Instead, Prepared
from ticketing.models import (
    Identity,
    Officer,
    Outbound,
    Ticket,
    utcnow,
)
from ticketing.texts import t

log = logging.getLogger(__name__)
T = TypeVar("T")

BACKOFF_SECONDS = (10, 30, 120, 600, 1800, 3600)
# Failures that are about the recipient (the citizen cannot be reached on that identity),
# as opposed to our own side (credentials, configuration, a text the provider refuses).
UNREACHABLE = frozenset({RECIPIENT_UNREACHABLE, NOT_ON_WHATSAPP})
MAX_ATTEMPTS = len(BACKOFF_SECONDS) + 1
RECORD_PATIENCE = 30.0  # seconds a send's outcome waits for the database (_patiently)
SWEEP_BATCH = 500
# What answers a citizen's own message (the acknowledgement and its kin): sent from the
# `urgent` queue, like everything queued with priority "high" (emergency alerts, 112).
FIRST_REPLIES = frozenset(
    {"ack", "appended", "welcome", "not_complaint", "unsupported", "status", "external"}
)

# A message body's limit where the provider does not split a long text: Twilio refuses
# more than 1600 characters on SMS and WhatsApp alike, and a phone caller is answered on
# one of them. Telegram, Messenger, Instagram and WhatsApp Cloud texts are split.
MAX_BODY = {"sms": 1600, "whatsapp": 1600, "voice": 1600}


def reply_room(ticket: Ticket, limit: int) -> int:
    """Returns how long an agent's reply to `ticket` may be: `limit`, or less where the
    citizen's channel takes shorter messages, once the signature is around it. (A web
    report's citizen is answered on the number they left: there the send decides.)"""
    identity = ticket.identity
    body = MAX_BODY.get((contacts.caller_chat(identity) or identity).channel)
    if body is None:
        return limit
    locale = ticket.contact.locale if ticket.contact else "id"
    return min(limit, body - len(t("agent_reply", locale, text="", number=ticket.number)))


# A send's outcome is recorded over "sending" and over the "unknown" the stuck-sending
# sweeper guessed for a worker frozen past stuck_after(): the worker knows (a delivered
# row left "unknown" invited an agent's resend, a second message to the citizen).
RECORDABLE = ("sending", "unknown")


def queue_for(row: Outbound) -> str:
    """Returns the RQ queue (aduan.queue.QUEUES) that sends `row`."""
    if row.priority == "high" or (row.officer_id is None and row.purpose in FIRST_REPLIES):
        return "urgent"
    if row.officer_id is not None:
        return "notify"
    return "low" if row.priority == "low" else "send"


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
    media: list[int] | None = None,
) -> Outbound:
    """Adds an outbox row and schedules its send for after the commit; returns the row.

    With a `dedupe_key` already used, returns the existing row and sends nothing new
    (the unique key decides: a used key is rare, so no read before the insert)."""
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
        media=media or None,
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
    queue = queue_for(row)
    enqueue_after_commit(send_outbound, row, queue=queue, job_id="out-{id}", many=send_many)
    return row


def to_identity(identity: Identity, text: str, **kwargs: object) -> Outbound | None:
    """Queues `text` to a citizen on the identity's own channel; returns the row. A web
    or Open311 report's citizen is written to on the phone number they left; without
    one (contacts.reply_identity), or past its share of first replies
    (contacts.typed_number_capped), nothing is queued and None is returned."""
    target = contacts.reply_identity(identity)
    if target is None:
        return None
    purpose = kwargs.get("purpose")
    if contacts.unproven(identity.channel) and contacts.typed_number_capped(
        target, purpose, utcnow()
    ):
        number = getattr(ticket := kwargs.get("ticket"), "number", "-")  # for operators
        log.warning("%s: no first reply, the number typed in had its share", number)
        if isinstance(ticket, Ticket):  # and for agents, on its timeline
            audit.record(ticket, "reply_withheld", purpose=purpose, channel=target.channel)
        return None
    return queue_message(
        channel=target.channel,
        recipient=target.address,
        text=text,
        identity=target,
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
    """RQ job: sends one outbox row once, in its turn among its ticket's messages to the
    same recipient (_claim). Returns what happened (sent, retry, failed, unknown or
    skipped)."""
    now = now or utcnow()
    row = _claim(outbound_id, now)
    if row is None:
        return "skipped"
    prepared: Prepared | None = None
    handed = False  # the message went to the adapter: it may reach the provider
    try:
        identity = db.session.get(Identity, row.identity_id) if row.identity_id else None
        expanded = links.expand(row.text, row.officer_id, row.ticket_id)
        expanded = sent_media.expand(row, expanded)  # an SMS's links to its photos
        if expanded != row.text:
            # A signed link exists only in memory, for this send: set without
            # marking the row dirty, so the stored text keeps the placeholder.
            set_committed_value(row, "text", expanded)
        prepared = delivery.prepare(row, identity, now)
        handed = True
        result = delivery.adapter(row.channel).send(prepared.message)
    except ChannelError as exc:
        failure = exc
    except Exception as exc:
        if isinstance(exc, BaseTimeoutException) and handed:  # RQ's job timeout, mid-send
            failure = ChannelError(f"the job's time ran out: {exc}", code="timeout", unknown=True)
        elif db_transient(exc):  # the adapters never touch the database: nothing sent
            failure = ChannelError(f"database unavailable, nothing sent: {type(exc).__name__}")
        else:  # an adapter bug must not lose the row: retry, then fail
            log.exception("unexpected error sending outbox row %s", outbound_id)
            failure = ChannelError(repr(exc))
    else:
        return _record_sent(outbound_id, prepared, result.provider_id)
    return _record(outbound_id, prepared, lambda row: _failed(row, failure, now))


def send_many(outbound_ids: list[int]) -> str:
    """RQ job: sends a commit's share of rows (aduan.queue.enqueue_after_commit), one
    after another, each as its own send_outbound job would; a row that raises does not
    stop the others (it is raised after them, for RQ's failed list)."""
    outcomes, failure = [], None
    for outbound_id in outbound_ids:
        try:
            outcomes.append(send_outbound(outbound_id))
        except Exception as exc:  # the row stays pending or sending: the sweepers see it
            log.exception("outbox row %s of a shared job", outbound_id)
            failure = failure or exc
        db.session.remove()
    if failure is not None:
        raise failure
    return ", ".join(outcomes)


def _claim(outbound_id: int, now: datetime) -> Outbound | None:
    """turns.claim through a database gone away. A claim whose commit lost its answer
    may have been made: unsent, the row would stay "sending" and become "unknown". Once
    the database answers, the row says whether the claim is ours, else it is made again."""
    try:
        return turns.claim(outbound_id, now)
    except Exception as exc:
        db.session.rollback()
        if not db_transient(exc):
            raise
        log.warning("outbox %s: database unavailable, claiming again: %s", outbound_id, exc)
    return _patiently(
        outbound_id, lambda: turns.made(outbound_id, now) or turns.claim(outbound_id, now)
    )


def _record(outbound_id: int, prepared: Prepared | None, outcome: Callable[[Outbound], str]) -> str:
    """Records what a send did: keeps what preparing it decided (the template sent
    instead of the text, what the rule sends alongside), then `outcome(row)` updates the
    row and commits."""

    def step() -> str:
        db.session.rollback()  # the stored row, without the expanded text
        row = db.session.get(Outbound, outbound_id)
        if row is None or row.status not in RECORDABLE:
            return "skipped"  # an agent decided meanwhile
        if prepared is not None and prepared.records_template:
            row.template = prepared.message.template
            row.template_params = list(prepared.message.template_params)
        for extra in prepared.also if prepared is not None else ():
            queue_instead(row, extra)  # deduplicated
        return outcome(row)

    return _patiently(outbound_id, step)


# Built once (bound parameters): building it cost a third of a millisecond per send.
SENT = (
    update(Outbound)
    .where(Outbound.id == bindparam("sent_row"), Outbound.status.in_(RECORDABLE))
    .values(status="sent", provider_id=bindparam("sent_id"), sent_at=bindparam("sent_when"))
    .values(error=None, error_code=None, failure_reason=None)
    .execution_options(synchronize_session=False)
)


def _record_sent(outbound_id: int, prepared: Prepared, provider_id: str | None) -> str:
    """Records a send the provider took: one conditional UPDATE when preparing it decided
    nothing to keep (the common case), else through _record."""
    if prepared.records_template or prepared.also:
        return _record(outbound_id, prepared, lambda row: _sent(row, provider_id))
    params = {"sent_row": outbound_id, "sent_id": provider_id, "sent_when": utcnow()}

    def step() -> str:
        done = db.session.execute(SENT, params).rowcount
        db.session.commit()
        return "sent" if done else "skipped"  # else an agent decided

    return _patiently(outbound_id, step)


def _patiently(outbound_id: int, step: Callable[[], T]) -> T:
    """Runs `step` (which claims a row or records a send's outcome, and commits) until it
    succeeds. Only this worker knows the outcome (a row left "sending" becomes "unknown"),
    so it waits RECORD_PATIENCE seconds at most for a database gone away."""
    delay, deadline = 0.5, time.monotonic() + RECORD_PATIENCE
    while True:
        try:
            return step()
        except Exception as exc:
            db.session.rollback()
            if not db_transient(exc) or time.monotonic() > deadline:
                raise
            log.warning("outbox %s: database unavailable, recording again: %s", outbound_id, exc)
        time.sleep(delay)
        delay = min(delay * 2, 5.0)


def _sent(row: Outbound, provider_id: str | None) -> str:
    row.status, row.provider_id, row.sent_at = "sent", provider_id, utcnow()
    row.error = row.error_code = row.failure_reason = None
    db.session.commit()
    return "sent"


def queue_instead(row: Outbound, instead: Instead) -> Outbound:
    """Queues what a delivery rule returned, for the same ticket, contact, officer,
    author and priority as `row`; returns the new (or deduplicated) row."""
    officer = db.session.get(Officer, row.officer_id) if row.officer_id else None
    ticket = db.session.get(Ticket, row.ticket_id) if row.ticket_id else None
    new = queue_message(
        channel=instead.channel,
        recipient=instead.recipient,
        text=instead.text,
        purpose=instead.purpose or row.purpose,
        ticket=ticket,
        identity=instead.identity,
        officer=officer,
        priority=row.priority,
        dedupe_key=instead.dedupe_key,
        author_id=row.author_id,
    )
    if new.contact_id is None:
        new.contact_id = row.contact_id
    if instead.template:
        new.template, new.template_params = instead.template, list(instead.template_params)
    return new


def _failed(row: Outbound, exc: ChannelError, now: datetime) -> str:
    row.error = str(exc)
    row.error_code = exc.code
    row.failure_reason = exc.reason
    if exc.unknown:
        row.status = "unknown"
        row.error = f"delivery unknown, not sent again: {exc}"[:2000]
        metrics.send_failed(row.channel, "unknown", True)
        db.session.commit()
        log.warning("outbox %s: outcome unknown, left for an agent: %s", row.id, exc)
        return "unknown"
    final = exc.permanent or row.attempts >= MAX_ATTEMPTS
    metrics.send_failed(row.channel, exc.reason, final)
    if final:
        row.status = "failed"
        identity = db.session.get(Identity, row.identity_id) if row.identity_id else None
        after_failure(row, identity, exc.reason, now)
        db.session.commit()
        log.warning("outbox %s failed for good (%s): %s", row.id, exc.reason, exc)
        return "failed"
    if exc.reason == AUTH:
        health.send_refused(row.channel, str(exc), now)
    delay = max(exc.retry_after or 0, backoff(row.attempts))
    row.status = "pending"
    row.next_attempt_at = now + timedelta(seconds=delay)
    db.session.commit()
    enqueue(
        send_outbound,
        row.id,
        queue=queue_for(row),
        delay=delay,
        job_id=f"out-{row.id}-{row.attempts}",
    )
    return "retry"


def after_failure(row: Outbound, identity: Identity | None, reason: str, now: datetime) -> None:
    """A row failed for good: queue what its rule sends instead, remember that the
    recipient cannot be reached there, flag our own credentials."""
    instead = delivery.fallback(row, identity, reason, now)
    if instead is not None:
        queue_instead(row, instead)
    else:  # an agent's reply that reached nobody answered nobody
        lost_answers.take_back(row, now)
    if reason in UNREACHABLE:
        if identity is None or identity.channel != row.channel:
            identity = contacts.find_identity(row.channel, row.recipient)
        if identity is not None:
            identity.unreachable_at = now
            identity.unreachable_reason = f"{row.channel}: {row.error or reason}"[:500]
    if reason == AUTH:
        health.send_refused(row.channel, row.error or reason, now)
