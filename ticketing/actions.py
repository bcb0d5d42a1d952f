"""What people do to tickets (agents in the inbox; officers later through signed links).
Each action changes the ticket, writes the audit trail and tells the citizen."""

from __future__ import annotations

from datetime import datetime

from aduan.extensions import db
from ticketing import outbox
from ticketing.audit import record
from ticketing.models import Opd, Outbound, Ticket, User, utcnow
from ticketing.texts import t


class ActionError(ValueError):
    """The action is not allowed in the ticket's current state."""


def _first_response(ticket: Ticket, now: datetime) -> None:
    if ticket.first_responded_at is None:
        ticket.first_responded_at = now


def reply(ticket: Ticket, user: User, text: str, now: datetime | None = None) -> Outbound:
    """Sends an agent's reply to the citizen on their own channel; returns the outbox row."""
    text = text.strip()
    if not text:
        raise ActionError("Balasan kosong.")
    now = now or utcnow()
    row = outbox.to_identity(
        ticket.identity, t("agent_reply", ticket.contact.locale, text=text, number=ticket.number),
        ticket=ticket, purpose="reply", author_id=user.id,
    )
    _first_response(ticket, now)
    record(ticket, "reply", actor_kind="agent", actor_id=user.id, actor_name=user.name or user.email,
           note=text, at=now)
    return row


def route(ticket: Ticket, user: User, opd_code: str, now: datetime | None = None) -> None:
    """Routes (or re-routes) the ticket to an OPD and tells the citizen where it went."""
    opd = db.session.get(Opd, opd_code)
    if opd is None or not opd.active:
        raise ActionError("Unit tidak dikenal.")
    if not ticket.is_open:
        raise ActionError("Laporan sudah selesai atau ditutup.")
    now = now or utcnow()
    previous = ticket.opd_code
    ticket.opd_code, ticket.status, ticket.routed_by = opd.code, "routed", "agent"
    record(ticket, "routed", actor_kind="agent", actor_id=user.id,
           actor_name=user.name or user.email, at=now, opd=opd.code, previous=previous)
    outbox.to_identity(ticket.identity, t("routed", ticket.contact.locale, number=ticket.number,
                                          opd=opd.name), ticket=ticket, purpose="routed")


def resolve(ticket: Ticket, user: User, note: str, now: datetime | None = None) -> None:
    """Marks the ticket resolved and tells the citizen how it was resolved."""
    if not ticket.is_open:
        raise ActionError("Laporan sudah selesai atau ditutup.")
    now = now or utcnow()
    ticket.status, ticket.resolved_at = "resolved", now
    _first_response(ticket, now)
    record(ticket, "resolved", actor_kind="agent", actor_id=user.id,
           actor_name=user.name or user.email, note=note.strip(), at=now)
    outbox.to_identity(ticket.identity, t("resolved", ticket.contact.locale, number=ticket.number,
                                          note=note.strip()), ticket=ticket, purpose="resolved")
