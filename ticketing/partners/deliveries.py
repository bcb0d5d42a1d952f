"""Deliveries: one row per (event, endpoint), then a job posts it, like the outbox.

A send claims its row (pending -> sending) with a conditional UPDATE. 2xx: delivered.
A timeout, a connection error, 408/425/429 or 5xx: back to pending with back-off (a
Retry-After is honoured). Any other answer, or the last attempt failing: failed, kept
with the partner's answer. DISABLE_AFTER failed deliveries in a row disable the
endpoint: its pending rows and every new event wait as "held" and go out when an admin
enables it again, so nothing is lost. Delivery is at least once; partners dedupe on the
event id."""

from __future__ import annotations

import logging
import time
import uuid
from datetime import datetime, timedelta

import requests
from flask import current_app
from sqlalchemy import select, update

from aduan import txcache
from aduan.extensions import db
from aduan.queue import enqueue, enqueue_after_commit, enqueue_sweep
from ticketing.models import Ticket, TicketEvent, WebhookDelivery, WebhookEndpoint, utcnow
from ticketing.partners import egress, endpoints, payloads, signing

log = logging.getLogger(__name__)

BACKOFF_SECONDS = (10, 30, 120, 600, 1800, 3600, 7200, 14400)
MAX_ATTEMPTS = len(BACKOFF_SECONDS) + 1
TRANSIENT_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
TIMEOUT = (3.05, 10)
STUCK_AFTER = timedelta(minutes=10)
SWEEP_BATCH = 500
KEEP_RESPONSE = 2000


def emit(ticket: Ticket, event: TicketEvent, event_type: str) -> int:
    """Adds a delivery of `event_type` for every active endpoint that wants it (held
    while an endpoint is disabled) and queues the sends after the commit. Returns how
    many rows were added. A status change to the status last announced is not repeated."""
    wanted = [e for e in active_endpoints() if event_type in (e.events or [])]
    if not wanted:
        return 0
    previous = None
    if event_type == "ticket.status_changed":
        previous = db.session.execute(
            select(WebhookDelivery.ticket_status)
            .where(
                WebhookDelivery.ticket_id == ticket.id,
                WebhookDelivery.event_type == event_type,
            )
            .order_by(WebhookDelivery.id.desc())
            .limit(1)
        ).scalar()
        if previous == ticket.status:
            return 0
    event_id = "evt_" + uuid.uuid4().hex
    for endpoint in wanted:
        row = WebhookDelivery(
            endpoint_id=endpoint.id,
            event_id=event_id,
            event_type=event_type,
            ticket_id=ticket.id,
            ticket_status=ticket.status,
            body=payloads.body(event_id, event_type, ticket, event, endpoint.trusted, previous),
            status="held" if endpoint.disabled_at else "pending",
            attempts=0,
            next_attempt_at=utcnow(),
        )
        db.session.add(row)
        if row.status == "pending":
            enqueue_after_commit(send, row, queue="notify", job_id="wh-{id}")
    return len(wanted)


def active_endpoints() -> list[WebhookEndpoint]:
    """Returns the active endpoints, looked up once per transaction (every audit record
    asks; most desks have none)."""

    def load() -> list[WebhookEndpoint]:
        stmt = select(WebhookEndpoint).where(WebhookEndpoint.active.is_(True))
        return list(db.session.execute(stmt).scalars())

    return txcache.get("webhook_endpoints", (WebhookEndpoint,), load)


def backoff(attempts: int) -> float:
    """Returns the seconds to wait after the `attempts`-th failed attempt."""
    return BACKOFF_SECONDS[min(attempts, len(BACKOFF_SECONDS)) - 1]


def _retry_after(response: requests.Response | None) -> float:
    value = response.headers.get("Retry-After", "") if response is not None else ""
    return min(float(value), 3600.0) if value.isdigit() else 0.0


def send(delivery_id: int, now: datetime | None = None) -> str:
    """RQ job: posts one delivery. Returns delivered / retry / failed / skipped."""
    now = now or utcnow()
    claim = (
        update(WebhookDelivery)
        .where(
            WebhookDelivery.id == delivery_id,
            WebhookDelivery.status == "pending",
            WebhookDelivery.next_attempt_at <= now + timedelta(seconds=5),
        )
        .values(status="sending", attempts=WebhookDelivery.attempts + 1, updated_at=now)
    )
    claimed = db.session.execute(claim).rowcount
    db.session.commit()
    if not claimed:
        return "skipped"
    row = db.session.get(WebhookDelivery, delivery_id)
    assert row is not None
    endpoint = row.endpoint
    body = row.body.encode()
    stamp = int(time.time())
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "Aduan-Webhooks/1",
        "X-Aduan-Event": row.event_type,
        "X-Aduan-Event-Id": row.event_id,
        "X-Aduan-Delivery": str(row.id),
        signing.HEADER: signing.sign(endpoints.secret_of(endpoint), stamp, body),
    }
    response: requests.Response | None = None
    blocked = False
    try:
        with egress.session(current_app.config["PARTNER_WEBHOOKS_ALLOW_PRIVATE"]) as http:
            response = http.post(
                endpoint.url, data=body, headers=headers, timeout=TIMEOUT, allow_redirects=False
            )
        row.response_status = response.status_code
        row.response_body = response.text[:KEEP_RESPONSE]
        row.error = None
    except egress.BlockedAddress as exc:  # permanent: retrying reaches the same address
        row.response_status, row.response_body, blocked = None, None, True
        row.error = str(exc)
    except requests.RequestException as exc:
        row.response_status, row.response_body = None, None
        row.error = f"{type(exc).__name__}: {exc}"[:KEEP_RESPONSE]
    if response is not None and 200 <= response.status_code < 300:
        row.status, row.delivered_at = "delivered", utcnow()
        endpoint.failures = 0
        db.session.commit()
        return "delivered"
    transient = not blocked and (response is None or response.status_code in TRANSIENT_STATUSES)
    if transient and row.attempts < MAX_ATTEMPTS:
        delay = max(_retry_after(response), backoff(row.attempts))
        row.status, row.next_attempt_at = "pending", now + timedelta(seconds=delay)
        db.session.commit()
        enqueue(send, row.id, queue="notify", delay=delay, job_id=f"wh-{row.id}-{row.attempts}")
        return "retry"
    row.status = "failed"
    if response is not None and not row.error:
        row.error = f"HTTP {response.status_code}"
    _count_failure(endpoint, row, now)
    db.session.commit()
    return "failed"


def _count_failure(endpoint: WebhookEndpoint, row: WebhookDelivery, now: datetime) -> None:
    endpoint.failures = (endpoint.failures or 0) + 1
    limit = current_app.config.get("PARTNER_WEBHOOKS_DISABLE_AFTER", 5)
    if endpoint.disabled_at is None and endpoint.failures >= limit:
        disable(endpoint, f"{endpoint.failures} pengiriman gagal berturut-turut: {row.error}", now)
        log.warning(
            "webhook endpoint %s disabled after %s failures", endpoint.id, endpoint.failures
        )


def disable(endpoint: WebhookEndpoint, reason: str, now: datetime) -> None:
    """Stops sending to `endpoint`; its pending rows (and new events) wait as held."""
    endpoint.disabled_at, endpoint.disabled_reason = now, reason[:1000]
    db.session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.endpoint_id == endpoint.id, WebhookDelivery.status == "pending")
        .values(status="held", updated_at=now)
    )


def enable(endpoint: WebhookEndpoint, now: datetime | None = None) -> int:
    """Sends to `endpoint` again: held rows go out (oldest first) after the commit.
    Returns how many were released."""
    now = now or utcnow()
    endpoint.disabled_at = endpoint.disabled_reason = None
    endpoint.failures = 0
    endpoint.active = True
    ids = (
        db.session.execute(
            select(WebhookDelivery.id)
            .where(WebhookDelivery.endpoint_id == endpoint.id, WebhookDelivery.status == "held")
            .order_by(WebhookDelivery.id)
        )
        .scalars()
        .all()
    )
    if ids:
        db.session.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.id.in_(ids))
            .values(status="pending", next_attempt_at=now, updated_at=now)
        )
    for delivery_id in ids:
        enqueue_after_commit(
            send, delivery_id, queue="notify", job_id=f"wh-{delivery_id}-e{int(now.timestamp())}"
        )
    return len(ids)


def resend(row: WebhookDelivery, now: datetime | None = None) -> None:
    """Puts a failed delivery back in the queue (an admin's decision); it keeps its body
    and event id, so the partner can recognise a repeat."""
    if row.status != "failed":
        raise ValueError("only failed deliveries can be sent again")
    now = now or utcnow()
    row.status = "held" if row.endpoint.disabled_at else "pending"
    row.attempts, row.next_attempt_at = 0, now
    if row.status == "pending":
        enqueue_after_commit(
            send, row.id, queue="notify", job_id=f"wh-{row.id}-r{int(now.timestamp())}"
        )


def requeue_due(now: datetime) -> int:
    """Clock sweeper: re-enqueues pending rows overdue by a minute (their job was lost)
    and puts rows stuck in "sending" by a crashed worker back to pending (partners
    dedupe on the event id). Returns how many jobs were enqueued."""
    stuck = (
        db.session.execute(
            select(WebhookDelivery.id)
            .where(
                WebhookDelivery.status == "sending", WebhookDelivery.updated_at < now - STUCK_AFTER
            )
            .limit(SWEEP_BATCH)
        )
        .scalars()
        .all()
    )
    if stuck:
        db.session.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.id.in_(stuck), WebhookDelivery.status == "sending")
            .values(status="pending", next_attempt_at=now, updated_at=now)
        )
    db.session.commit()
    overdue = (
        db.session.execute(
            select(WebhookDelivery.id)
            .where(
                WebhookDelivery.status == "pending",
                WebhookDelivery.next_attempt_at < now - timedelta(minutes=1),
            )
            .order_by(WebhookDelivery.next_attempt_at)
            .limit(SWEEP_BATCH)
        )
        .scalars()
        .all()
    )
    db.session.rollback()
    return enqueue_sweep(send, [(i, "notify") for i in (*stuck, *overdue)], "wh", now)
