"""The durable half of every webhook: commit the raw event, then enqueue its processing."""

from __future__ import annotations

import logging
from typing import Any

from flask import abort, current_app, jsonify, request
from sqlalchemy import insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from aduan.extensions import db
from aduan.queue import enqueue
from ticketing.models import InboundEvent, utcnow

log = logging.getLogger(__name__)

# By name, so the web process never imports the pipeline it only enqueues.
PROCESS_EVENT = "ticketing.jobs.process_event"


def read_body() -> bytes:
    """Returns the raw request body; aborts 413 when it exceeds WEBHOOK_MAX_BYTES."""
    limit = current_app.config["WEBHOOK_MAX_BYTES"]
    if request.content_length is not None and request.content_length > limit:
        abort(413, f"Body larger than {limit} bytes.")
    body = request.stream.read(limit + 1)
    if len(body) > limit:
        abort(413, f"Body larger than {limit} bytes.")
    return body


def _insert_ignoring_duplicates() -> Any:
    dialect = db.engine.dialect.name
    if dialect == "postgresql":
        return postgresql.insert(InboundEvent).on_conflict_do_nothing(
            index_elements=["channel", "external_id"]
        )
    if dialect == "sqlite":
        return sqlite.insert(InboundEvent).on_conflict_do_nothing(
            index_elements=["channel", "external_id"]
        )
    return insert(InboundEvent)


def store_event(channel: str, external_id: str, payload: str) -> int | None:
    """Commits the raw event; returns its id, or None when it was already stored.

    Aborts 503 when the database cannot take it, so the provider retries later.
    """
    stmt = (
        _insert_ignoring_duplicates()
        .values(channel=channel, external_id=external_id, payload=payload, received_at=utcnow())
        .returning(InboundEvent.id)
    )
    try:
        with db.engine.begin() as connection:  # Core, no ORM session: this is the hot path
            event_id = connection.execute(stmt).scalar()
    except (DBAPIError, SQLAlchemyError) as exc:
        log.error("could not store %s event %s: %s", channel, external_id, exc)
        abort(503, "Storage unavailable, please retry.")
    return event_id


def accept(channel: str, external_id: str, payload: str) -> Any:
    """Stores and enqueues one event; returns the JSON response for the provider."""
    event_id = store_event(channel, external_id, payload)
    if event_id is None:
        return jsonify(status="duplicate"), 200
    enqueue(PROCESS_EVENT, event_id, queue="default", job_id=f"in-{event_id}")
    return jsonify(status="accepted"), 200


def ignored(reason: str) -> Any:
    """Returns the 200 answer for payloads we deliberately do not store."""
    return jsonify(status="ignored", reason=reason), 200
