"""A ticket waiting for its reporter's answer: the question asked and the status the
ticket had before it (where the answer brings it back, and what anyone but the reporter
hears while it waits)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from aduan.extensions import db
from ticketing.models import Outbound, Ticket, TicketEvent


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


def asked_since(contact_id: int, since: datetime) -> bool:
    """Returns True when a ticket of the contact waits for their answer to a question
    asked after `since`."""
    stmt = (
        select(TicketEvent.id)
        .join(Ticket, Ticket.id == TicketEvent.ticket_id)
        .where(Ticket.contact_id == contact_id, Ticket.status == "waiting")
        .where(TicketEvent.action == "asked_citizen", TicketEvent.at > since)
        .limit(1)
    )
    return db.session.execute(stmt).first() is not None


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


def unseen_question(ticket: Ticket) -> Outbound | None:
    """Returns the message that asked the citizen when only the WhatsApp status template
    reached them (the question itself refused: their 24-hour window had closed), else
    None. Their next message answers the template ("Balas pesan ini ..."), not the
    question they never read; it reopens the window, so the question can go now."""
    if ticket.status != "waiting":
        return None
    stmt = (
        select(Outbound)
        .where(
            Outbound.ticket_id == ticket.id,
            Outbound.purpose == "ask",
            Outbound.identity_id.is_not(None),
        )
        .order_by(Outbound.id.desc())
        .limit(1)
    )
    last = db.session.execute(stmt).scalar()
    # sent as the template at once (the window known closed), or after its text was refused
    seen_as_template = last is not None and (
        last.template is not None or (last.dedupe_key or "").startswith("wa-template-")
    )
    return last if seen_as_template and last.status != "failed" else None
