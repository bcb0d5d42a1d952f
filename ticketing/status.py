"""Status checks from any channel: 'cek MC-2026-000123', '/status', the IVR menu.
A citizen only ever learns about their own tickets."""

from __future__ import annotations

import re

from sqlalchemy import select

from aduan import timefmt
from aduan.extensions import db
from ticketing.models import OPEN_STATUSES, Contact, Ticket
from ticketing.texts import status_label, t

NUMBER_RE = re.compile(r"\bMC[\s\-_./]*(\d{4})[\s\-_./]*(\d{1,6})\b", re.IGNORECASE)
MAX_LISTED = 5


def find_numbers(text: str) -> tuple[str, ...]:
    """Returns the ticket numbers in `text`, normalised to MC-YYYY-NNNNNN."""
    found = [f"MC-{year}-{int(n):06d}" for year, n in NUMBER_RE.findall(text or "")]
    return tuple(dict.fromkeys(found))


def owns(contact: Contact, ticket: Ticket) -> bool:
    """Returns True when `contact` reported `ticket` (or a ticket merged into it)."""
    if ticket.contact_id == contact.id:
        return True
    stmt = select(Ticket.id).where(Ticket.incident_id == ticket.id, Ticket.contact_id == contact.id)
    return db.session.execute(stmt).first() is not None


def line(ticket: Ticket, locale: str = "id") -> str:
    """Returns one status line for the citizen."""
    due = ""
    if ticket.status in OPEN_STATUSES and ticket.first_response_due_at:
        due = t("status_due", locale, due=timefmt.human(ticket.first_response_due_at, locale))
    return t(
        "status_line",
        locale,
        number=ticket.number,
        status=status_label(ticket.status, locale),
        opd=ticket.opd.name if ticket.opd else "Media Center",
        updated=timefmt.human(ticket.updated_at or ticket.created_at, locale),
        due=due,
    )


def reply_for(contact: Contact, numbers: tuple[str, ...], locale: str = "id") -> str:
    """Returns the answer to a status check for `numbers` (or the open tickets if none)."""
    if numbers:
        lines = []
        for number in numbers[:MAX_LISTED]:
            ticket = db.session.execute(select(Ticket).where(Ticket.number == number)).scalar()
            if ticket is None or not owns(contact, ticket):
                lines.append(t("status_not_found", locale, number=number))
            else:
                lines.append(line(ticket, locale))
        return "\n".join(lines)
    stmt = (
        select(Ticket)
        .where(Ticket.contact_id == contact.id, Ticket.status.in_(OPEN_STATUSES))
        .order_by(Ticket.id.desc())
        .limit(MAX_LISTED)
    )
    tickets = db.session.execute(stmt).scalars().all()
    if not tickets:
        return t("status_none", locale)
    return "\n".join(line(ticket, locale) for ticket in tickets)
