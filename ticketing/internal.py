"""What agents do among themselves, never told to the citizen: assigning a ticket to an
agent, and internal notes that may @mention agents (by the part of their e-mail before
the @, e.g. "@rina") and may be shown to the OPD officer on their link page."""

from __future__ import annotations

import re
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from aduan.extensions import db
from ticketing.actions import ActionError, Actor, log_action
from ticketing.models import (
    Ticket,
    TicketEvent,
    User,
    utcnow,
)

MENTION = re.compile(r"(?<![\w.])@([A-Za-z0-9._-]{2,64})")
MAX_NOTE = 4000


def assign(
    ticket: Ticket, actor: Actor, assignee: User | None, now: datetime | None = None
) -> None:
    """Gives the ticket to `assignee` (None: back to unassigned). Raises ActionError for
    an inactive user or a resolved or closed ticket."""
    if assignee is not None and not assignee.active:
        raise ActionError(_l("Petugas tidak aktif."))
    if not ticket.is_open:
        raise ActionError(_l("Laporan sudah selesai atau ditutup."))
    if ticket.assignee_id == (assignee.id if assignee else None):
        return
    ticket.assignee_id = assignee.id if assignee else None
    name = (assignee.name or assignee.email) if assignee else ""
    log_action(ticket, actor, "assigned", now or utcnow(), assignee_id=ticket.assignee_id, to=name)


def mentioned(text: str) -> list[User]:
    """Returns the active users @mentioned in `text` (by their e-mail's local part)."""
    handles = {handle.lower().rstrip(".") for handle in MENTION.findall(text)}
    if not handles:
        return []
    # Matched here, not one LIKE per handle joined by OR: a note of a thousand "@aa"s
    # made a condition deeper than SQLite allows (a 500, no note). Staff are few.
    stmt = select(User).where(User.active.is_(True)).order_by(User.id)
    return [
        user
        for user in db.session.execute(stmt).scalars()
        if user.email.lower().partition("@")[0] in handles
    ]


def add_note(
    ticket: Ticket,
    actor: Actor,
    text: str,
    *,
    officer_visible: bool = False,
    now: datetime | None = None,
) -> TicketEvent:
    """Adds an internal note to the ticket's timeline; returns it. The mentioned users'
    ids are kept in data["mentions"]. Raises ActionError for an empty or overlong note."""
    text = text.strip()
    if not text:
        raise ActionError(_l("Catatan kosong."))
    if len(text) > MAX_NOTE:
        raise ActionError(_l("Catatan terlalu panjang (maksimal %(n)s karakter).", n=MAX_NOTE))
    mentions = [user.id for user in mentioned(text)]
    return log_action(
        ticket,
        actor,
        "note",
        now or utcnow(),
        note=text,
        mentions=mentions,
        officer_visible=officer_visible,
    )
