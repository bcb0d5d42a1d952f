"""What people do to tickets (agents in the inbox; officers later through signed links).
Each action changes the ticket, writes the audit trail and tells the citizen."""

from __future__ import annotations

from datetime import datetime

from aduan.extensions import db
from sla import clocks
from ticketing import outbox
from ticketing.audit import record
from ticketing.models import Opd, Outbound, Ticket, User, utcnow
from ticketing.texts import t


class ActionError(ValueError):
    """The action is not allowed in the ticket's current state."""


def _first_response(ticket: Ticket, now: datetime) -> None:
    """The citizen got a real answer: the first-response clock is met."""
    if ticket.first_responded_at is None:
        ticket.first_responded_at = now
    clocks.meet(ticket, "first_response", now)


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
    if ticket.kind not in ("complaint", "info_request", "emergency"):
        ticket.kind = "complaint"
    clocks.meet(ticket, "triage", now)
    clocks.start(ticket, now)
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
    for kind in ("resolution", "ppid", "emergency_ack", "triage"):
        clocks.meet(ticket, kind, now)
    record(ticket, "resolved", actor_kind="agent", actor_id=user.id,
           actor_name=user.name or user.email, note=note.strip(), at=now)
    outbox.to_identity(ticket.identity, t("resolved", ticket.contact.locale, number=ticket.number,
                                          note=note.strip()), ticket=ticket, purpose="resolved")


def ask_citizen(ticket: Ticket, user: User, question: str, now: datetime | None = None) -> None:
    """Asks the citizen for more information; the clocks pause until they answer."""
    question = question.strip()
    if not question:
        raise ActionError("Pertanyaan kosong.")
    if not ticket.is_open or ticket.status == "waiting":
        raise ActionError("Laporan tidak dalam status yang bisa menunggu warga.")
    now = now or utcnow()
    ticket.status = "waiting"
    clocks.pause(ticket, now)
    record(ticket, "asked_citizen", actor_kind="agent", actor_id=user.id,
           actor_name=user.name or user.email, note=question, at=now)
    outbox.to_identity(ticket.identity, t("ask_citizen", ticket.contact.locale,
                                          number=ticket.number, question=question),
                       ticket=ticket, purpose="ask")


def extend_ppid(ticket: Ticket, user: User, reason: str, now: datetime | None = None) -> None:
    """Extends a PPID request once (UU 14/2008 Pasal 22) and tells the requester why."""
    from aduan import timefmt

    now = now or utcnow()
    try:
        clock = clocks.extend(ticket, reason, now)
    except ValueError as exc:
        raise ActionError(str(exc)) from exc
    record(ticket, "ppid_extended", actor_kind="agent", actor_id=user.id,
           actor_name=user.name or user.email, note=reason.strip(), at=now,
           due=clock.due_at.isoformat())
    text = t("ppid_extended", ticket.contact.locale,
             registration=ticket.registration_number or ticket.number,
             due=timefmt.human(clock.due_at, ticket.contact.locale), reason=reason.strip())
    outbox.to_identity(ticket.identity, text, ticket=ticket, purpose="ppid_extended",
                       dedupe_key=f"ppid-extended-{ticket.id}")


def acknowledge(ticket: Ticket, actor_name: str, actor_kind: str = "agent",
                actor_id: int | None = None, now: datetime | None = None) -> None:
    """The 112 desk has taken the emergency: its acknowledgement clock is met."""
    now = now or utcnow()
    if clocks.meet(ticket, "emergency_ack", now) is None:
        raise ActionError("Tidak ada respons darurat yang menunggu.")
    if ticket.status == "routed":
        ticket.status = "in_progress"
    record(ticket, "acknowledged", actor_kind=actor_kind, actor_id=actor_id,
           actor_name=actor_name, at=now)
