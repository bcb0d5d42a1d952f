"""A ticket waiting for its reporter's answer: the question asked and the status the
ticket had before it (where the answer brings it back, and what anyone but the reporter
hears while it waits)."""

from __future__ import annotations

from sqlalchemy import select

from aduan.extensions import db
from ticketing.models import Ticket, TicketEvent


def question(ticket: Ticket) -> TicketEvent | None:
    """Returns the latest question asked of the citizen on `ticket` (None without one)."""
    stmt = (
        select(TicketEvent)
        .where(TicketEvent.ticket_id == ticket.id, TicketEvent.action == "asked_citizen")
        .order_by(TicketEvent.id.desc())
        .limit(1)
    )
    return db.session.execute(stmt).scalar()


def question_text(ticket: Ticket) -> str:
    """Returns the text of the latest question asked of the citizen ("" without one)."""
    asked = question(ticket)
    return " ".join((asked.note or "").split()) if asked is not None else ""


def before(ticket: Ticket, asked: TicketEvent | None) -> str:
    """Returns the status the ticket had when the citizen was asked (kept on the
    "asked_citizen" event); without one: triage when no OPD has it, else in progress."""
    data = (asked.data if asked is not None else None) or {}
    previous = data.get("previous")
    if previous in ("new", "triage", "routed", "in_progress"):
        return "triage" if previous == "new" and ticket.opd_code is None else previous
    return "triage" if ticket.opd_code is None else "in_progress"


def as_others_hear(ticket: Ticket) -> str:
    """Returns the ticket's status as anyone but its reporter hears it: a waiting ticket
    is where it was when the reporter was asked (a report only forwarded is not "being
    handled" because its reporter was asked something)."""
    return before(ticket, question(ticket)) if ticket.status == "waiting" else ticket.status
