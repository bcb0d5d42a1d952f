"""An answer that comes after its ticket was resolved: an officer or agent asked the
citizen, then resolved the ticket without waiting for the answer. Within FEEDBACK_DAYS
the citizen's next message is that answer (unless it is plainly another problem): it
lands on the resolved ticket, in its conversation and timeline, and whoever asked hears
it, instead of opening a new report. A rating, "belum" or "masih rusak" is taken by
ticketing/feedback.py first (it closes or reopens the ticket)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from aduan.extensions import db
from ticketing import feedback, followups, outbox, triage, waiting
from ticketing.audit import record
from ticketing.models import Identity, Message, Ticket, TicketEvent
from ticketing.routing import Decision
from ticketing.texts import t


def unanswered(
    identity: Identity, text: str, now: datetime, decision: Decision | None
) -> Ticket | None:
    """Returns the citizen's resolved ticket (within FEEDBACK_DAYS) whose question to
    them was still unanswered when it was resolved, if `text` can be its answer."""
    if decision is not None and decision.maybe_emergency:
        return None  # an alarm opens its own, a possible one goes to an agent
    sure = decision is not None and not decision.triage
    if sure and decision.kind == "status_check":  # type: ignore[union-attr]
        return None  # "cek MC-..." is answered with a status
    ticket = feedback.awaiting(identity, now)
    asked = waiting.question(ticket) if ticket is not None else None
    if ticket is None or asked is None:
        return None
    said_since = select(TicketEvent.id).where(
        TicketEvent.ticket_id == ticket.id,
        TicketEvent.id > asked.id,
        TicketEvent.actor_kind == "citizen",  # answered, reopened, rated
    )
    if db.session.execute(said_since.limit(1)).first() is not None:
        return None
    if followups.another_problem(ticket, text, decision):
        return None  # "satu lagi, lampu di gang 3 mati": a report of its own
    return ticket


def land(ticket: Ticket, message: Message, now: datetime, locale: str) -> None:
    """Puts the late answer `message` on the resolved `ticket`: its conversation and
    timeline keep it, the officer who asked hears it through their link, and the
    citizen hears it arrived (the ticket stays resolved; "Sudah beres?" still stands)."""
    message.ticket_id = ticket.id
    ticket.last_citizen_at = now
    record(
        ticket, "citizen_message", actor_kind="citizen", at=now, message_id=message.id, late=True
    )
    triage.tell_asker(ticket, waiting.question(ticket), message.text or "", now)
    said = t("answer_received", locale, number=ticket.number)
    outbox.to_identity(ticket.identity, said, ticket=ticket, purpose="appended")
