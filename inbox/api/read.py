"""Reading tickets: the filtered list (paged by id) and one ticket in full."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import abort, jsonify
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, lazyload

from aduan.extensions import db
from inbox.api import common, schemas
from ticketing import queue
from ticketing.models import Opd, Outbound, Ticket, TicketEvent


def iso(dt: datetime | None) -> str | None:
    return dt.isoformat() if dt else None


def ticket_summary(t: Ticket) -> dict[str, Any]:
    """Returns the ticket as the list shows it (TicketSummary)."""
    return schemas.TicketSummary().dump(_summary(t))


def _summary(t: Ticket) -> dict[str, Any]:
    return {
        "id": t.id,
        "number": t.number,
        "status": t.status,
        "kind": t.kind,
        "opd": t.opd_code,
        "kecamatan": t.kecamatan,
        "channel": t.channel,
        "priority": t.priority,
        "summary": t.summary,
        "confidence": t.confidence,
        "routing_reason": t.routing_reason,
        "routed_by": t.routed_by,
        "suggestions": t.suggestions or [],
        "registration_number": t.registration_number,
        "external_body": t.external_body,
        "assignee": t.assignee.email if t.assignee else None,
        "rating": t.rating,
        "reopened": t.reopened,
        "bounces": t.bounces,
        "created_at": t.created_at,
        "updated_at": t.updated_at,
        "first_response_due_at": t.first_response_due_at,
        "first_responded_at": t.first_responded_at,
        "desk_replied_at": t.desk_replied_at,
        "resolution_due_at": t.resolution_due_at,
        "resolved_at": t.resolved_at,
        "closed_at": t.closed_at,
        "close_reason": t.close_reason,
        "location": (
            {"latitude": t.latitude, "longitude": t.longitude, "address": t.address}
            if t.latitude is not None
            else None
        ),
    }


def ticket_detail(t: Ticket) -> dict[str, Any]:
    """Returns the ticket with its messages, outbox rows and audit trail (TicketDetail)."""
    data = _summary(t)
    data["messages"] = [
        {
            "id": m.id,
            "channel": m.channel,
            # never the provider's message id: a WhatsApp one holds the sender's number
            "text": m.text,
            "sent_at": m.sent_at,
            "received_at": m.received_at,
            "location": (
                {"latitude": m.latitude, "longitude": m.longitude, "address": m.address}
                if m.latitude is not None
                else None
            ),
            "attachments": [
                {
                    "id": a.id,
                    "kind": a.kind,
                    "mime_type": a.mime_type,
                    "size": a.size,
                    "status": a.status,
                }
                for a in m.attachments
            ],
        }
        for m in t.messages
    ]
    outgoing = db.session.execute(
        select(Outbound).where(Outbound.ticket_id == t.id).order_by(Outbound.id)
    ).scalars()
    data["outbox"] = [
        {
            "id": o.id,
            "channel": o.channel,
            "purpose": o.purpose,
            "text": o.text,
            "status": o.status,
            "attempts": o.attempts,
            "error_code": o.error_code,
            "created_at": o.created_at,
            "sent_at": o.sent_at,
            "to_officer": o.officer_id is not None,
        }
        for o in outgoing
    ]
    events = db.session.execute(
        select(TicketEvent).where(TicketEvent.ticket_id == t.id).order_by(TicketEvent.id)
    ).scalars()
    data["events"] = [
        {
            "at": e.at,
            "actor_kind": e.actor_kind,
            "actor": e.actor_name,
            "action": e.action,
            "note": e.note,
            "data": e.data,
        }
        for e in events
    ]
    return schemas.TicketDetail().dump(data)


def list_tickets() -> Any:
    """Tickets, newest first, filtered; `count` is every match, not just this page."""
    query = common.load_query(schemas.TicketQuery())
    opds = query.get("opd")
    if opds:
        known = set(db.session.execute(select(Opd.code).where(Opd.code.in_(opds))).scalars())
        unknown = sorted(set(opds) - known)
        if unknown:
            abort(400, f"Unknown opd: {', '.join(unknown)}.")
    where = [
        column.in_(query[field])
        for field, column in (
            ("status", Ticket.status),
            ("kind", Ticket.kind),
            ("channel", Ticket.channel),
            ("opd", Ticket.opd_code),
        )
        if query.get(field)
    ]
    filters = "|".join(
        ",".join(sorted(query.get(f) or ())) for f in ("status", "kind", "channel", "opd")
    )
    total = queue.cached_count("api:" + filters, select(func.count(Ticket.id)).where(*where))
    if query.get("before_id") and query["before_id"] <= schemas.DB_MAX_ID:
        where.append(Ticket.id < query["before_id"])  # beyond: every id is smaller
    limit = query["limit"]
    # The summary only: not the messages (eager on Ticket), the assignee in the same query.
    stmt = (
        select(Ticket)
        .options(lazyload(Ticket.messages), joinedload(Ticket.assignee))
        .where(*where)
        .order_by(Ticket.id.desc())
        .limit(limit)
    )
    rows = db.session.execute(stmt).scalars().all()
    return jsonify(
        tickets=schemas.TicketSummary(many=True).dump([_summary(t) for t in rows]),
        count=total,
        next_before_id=rows[-1].id if len(rows) == limit else None,
    )


def get_ticket(number: str) -> Any:
    """One ticket with its messages, outbox and audit trail."""
    return jsonify(ticket_detail(common.ticket_or_404(number)))
