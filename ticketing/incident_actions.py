"""What agents do to incidents: merge a ticket into another's incident, take it out
again, confirm the system's link (ticketing/incidents.py)."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from aduan.extensions import db
from ticketing import incidents, outbox, triage
from ticketing.actions import ActionError, Actor
from ticketing.models import Opd, Ticket, utcnow
from ticketing.texts import t

# ticketing.incidents refuses in English (a library's words); agents read Indonesian.
REFUSALS = {
    "a ticket cannot be its own incident": _l("Laporan ini sudah menjadi induk kejadian tersebut."),
    "not part of an incident": _l("Laporan ini sudah tidak menjadi bagian dari kejadian mana pun."),
}


def _refused(exc: ValueError) -> ActionError:
    return ActionError(REFUSALS.get(str(exc), _l("Kejadian tidak dapat diubah.")))


def merge_incident(
    ticket: Ticket, actor: Actor, parent_number: str, now: datetime | None = None
) -> None:
    """An agent joins this ticket to another ticket's incident."""
    parent = db.session.execute(select(Ticket).where(Ticket.number == parent_number)).scalar()
    if parent is None:
        raise ActionError(_l("Laporan induk tidak ditemukan."))
    if parent.id == ticket.id:
        raise ActionError(_l("Laporan tidak dapat digabung ke dirinya sendiri."))
    root = db.session.get(Ticket, parent.incident_id) if parent.incident_id else parent
    if ticket.is_open and root is not None and not root.is_open:
        # join_parent would mark this ticket's clocks met by the finished parent (its
        # citizen "answered", its resolution "on time") while it stays open and unhandled;
        # the system links only to open parents too (incidents.similar).
        raise ActionError(_l("Laporan induk sudah selesai atau ditutup."))
    if root is not None and ticket.incident_id == root.id and ticket.incident_confirmed:
        raise ActionError(_l("Laporan sudah tergabung ke laporan induk ini."))
    now = now or utcnow()
    try:
        incidents.link(
            ticket,
            parent,
            now,
            actor_kind=actor.kind,
            actor_id=actor.id,
            actor_name=actor.name,
        )
    except ValueError as exc:
        raise _refused(exc) from exc
    if ticket.incident_confirmed and ticket.is_open:
        _join(ticket, db.session.get(Ticket, ticket.incident_id), now)


def confirm_incident(ticket: Ticket, actor: Actor, now: datetime | None = None) -> None:
    """An agent confirms the system's link: the ticket follows its parent's handling and
    its citizen hears the parent's updates (about their own report)."""
    now = now or utcnow()
    try:
        incidents.confirm(ticket, now, actor_id=actor.id, actor_name=actor.name)
    except ValueError as exc:
        raise _refused(exc) from exc
    if ticket.is_open:
        _join(ticket, db.session.get(Ticket, ticket.incident_id), now)


def _join(ticket: Ticket, parent: Ticket, now: datetime) -> None:
    """The ticket takes its parent's handling; when that moves it to another unit, its
    citizen hears so (the report they were told went to one unit is now another's)."""
    before = ticket.opd_code
    triage.join_parent(ticket, parent, now)
    unit = db.session.get(Opd, ticket.opd_code) if ticket.opd_code != before else None
    if unit is not None:
        locale, number = ticket.contact.locale, ticket.number
        said = t("merged", locale, number=number, parent=parent.number, opd=unit.name)
        outbox.to_identity(ticket.identity, said, ticket=ticket, purpose="routed")


def unlink_incident(ticket: Ticket, actor: Actor, now: datetime | None = None) -> None:
    """An agent takes this ticket out of its incident."""
    try:
        incidents.unlink(ticket, now or utcnow(), actor_id=actor.id, actor_name=actor.name)
    except ValueError as exc:
        raise _refused(exc) from exc
