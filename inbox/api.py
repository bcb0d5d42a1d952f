"""JSON API, authenticated by per-user tokens: `Authorization: Bearer <token>`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, abort, g, jsonify, request
from sqlalchemy import select

from aduan.extensions import db
from inbox.auth import hash_token
from ticketing.models import Outbound, Ticket, TicketEvent, User

bp = Blueprint("api", __name__, url_prefix="/api/v1")
MAX_LIMIT = 500


@bp.before_request
def authenticate() -> None:
    header = request.headers.get("Authorization", "")
    token = header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else ""
    user = None
    if token:
        user = db.session.execute(
            select(User).where(User.api_token_hash == hash_token(token))
        ).scalar()
    if user is None or not user.active:
        abort(401, "A valid API token is required (Authorization: Bearer <token>).")
    g.api_user = user


def iso(dt: datetime | None) -> str | None:
    return dt.isoformat() if dt else None


def ticket_summary(t: Ticket) -> dict[str, Any]:
    return {
        "number": t.number,
        "status": t.status,
        "kind": t.kind,
        "opd": t.opd_code,
        "channel": t.channel,
        "priority": t.priority,
        "summary": t.summary,
        "confidence": t.confidence,
        "routing_reason": t.routing_reason,
        "routed_by": t.routed_by,
        "suggestions": t.suggestions,
        "registration_number": t.registration_number,
        "external_body": t.external_body,
        "created_at": iso(t.created_at),
        "updated_at": iso(t.updated_at),
        "first_response_due_at": iso(t.first_response_due_at),
        "first_responded_at": iso(t.first_responded_at),
        "resolved_at": iso(t.resolved_at),
        "closed_at": iso(t.closed_at),
        "close_reason": t.close_reason,
        "location": (
            {"latitude": t.latitude, "longitude": t.longitude, "address": t.address}
            if t.latitude is not None
            else None
        ),
    }


def ticket_detail(t: Ticket) -> dict[str, Any]:
    data = ticket_summary(t)
    data["messages"] = [
        {
            "id": m.id,
            "channel": m.channel,
            "external_id": m.external_id,
            "text": m.text,
            "sent_at": iso(m.sent_at),
            "received_at": iso(m.received_at),
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
            "created_at": iso(o.created_at),
            "sent_at": iso(o.sent_at),
            "to_officer": o.officer_id is not None,
        }
        for o in outgoing
    ]
    events = db.session.execute(
        select(TicketEvent).where(TicketEvent.ticket_id == t.id).order_by(TicketEvent.id)
    ).scalars()
    data["events"] = [
        {
            "at": iso(e.at),
            "actor_kind": e.actor_kind,
            "actor": e.actor_name,
            "action": e.action,
            "note": e.note,
            "data": e.data,
        }
        for e in events
    ]
    return data


@bp.get("/tickets")
def list_tickets() -> Any:
    stmt = select(Ticket)
    for field in ("status", "opd", "channel", "kind"):
        value = request.args.get(field)
        if value:
            column = Ticket.opd_code if field == "opd" else getattr(Ticket, field)
            stmt = stmt.where(column.in_(value.split(",")))
    try:
        limit = min(int(request.args.get("limit", 100)), MAX_LIMIT)
        before = int(request.args["before_id"]) if request.args.get("before_id") else None
    except ValueError:
        abort(400, "limit and before_id must be integers.")
    if before:
        stmt = stmt.where(Ticket.id < before)
    rows = db.session.execute(stmt.order_by(Ticket.id.desc()).limit(limit)).scalars().all()
    return jsonify(tickets=[ticket_summary(t) for t in rows], count=len(rows))


@bp.get("/tickets/<number>")
def get_ticket(number: str) -> Any:
    ticket = db.session.execute(select(Ticket).where(Ticket.number == number.upper())).scalar()
    if ticket is None:
        abort(404, f"No ticket {number}.")
    return jsonify(ticket_detail(ticket))
