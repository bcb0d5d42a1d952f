"""One citizen, one contact: the contact page (identities, tickets, messages) where agents
merge two contacts that are the same person, or split off an identity that is not."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from aduan.extensions import db
from aduan.inputs import parse_id
from inbox import labels, lookups
from ticketing import contacts, personal_data
from ticketing.audit import record
from ticketing.models import Contact, Identity, Message, Outbound, Ticket

bp = Blueprint("contacts", __name__, url_prefix="/contacts")

MESSAGES_SHOWN = 50
TICKETS_SHOWN = 100  # the newest; the count says how many there are
_CONTACT_ID = re.compile(r"^#?(\d{1,7})$")  # "12" or "#12"; longer digit runs are phones


def get_contact(contact_id: int) -> Contact:
    """Returns the contact; aborts 404 when there is none."""
    contact = db.session.get(Contact, contact_id)
    if contact is None:
        abort(404)
    return contact


def find_other(value: str) -> Contact | None:
    """Returns the contact named by an agent: a contact id ("12", "#12") or a phone number
    in any common form ("0812...", "+62 812-..."), following merges to the survivor."""
    value = value.strip()
    match = _CONTACT_ID.match(value)
    if not match:
        # number after number: a way around the reveal's limit, as the search (lookups.py)
        phone = contacts.normalize_phone(value)
        if phone and not lookups.allowed(current_user.id, phone):
            abort(429)
        return contacts.find_by_phone(value)
    return contacts.current_by_id(int(match.group(1)))


@bp.get("/<int:contact_id>")
@login_required
def contact(contact_id: int) -> Any:
    item = get_contact(contact_id)
    if item.merged_into_id:
        flash(
            _("Kontak #%(id)s sudah digabung ke #%(into)s.", id=item.id, into=item.merged_into_id),
            "ok",
        )
        return redirect(url_for("contacts.contact", contact_id=item.merged_into_id))
    # Plain rows of what the table shows: Ticket objects brought every ticket's messages
    # and their attachments along (selectin), half a second for a citizen with 3,000.
    tickets = db.session.execute(
        select(Ticket.number, Ticket.summary, Ticket.channel, Ticket.status)
        .where(Ticket.contact_id == item.id)
        .order_by(Ticket.id.desc())
        .limit(TICKETS_SHOWN)  # a citizen with 3,000 reports made a 700-KB page
    ).all()
    total = len(tickets)
    if total == TICKETS_SHOWN:
        total = db.session.execute(
            select(func.count()).where(Ticket.contact_id == item.id)
        ).scalar_one()
    messages = db.session.execute(
        select(Message)
        .where(Message.contact_id == item.id)
        .order_by(Message.id.desc())
        .limit(MESSAGES_SHOWN)
        .options(  # each message's ticket number, in one query, without its messages
            joinedload(Message.ticket).load_only(Ticket.number).lazyload(Ticket.messages)
        )
    ).scalars()
    identities = db.session.execute(
        select(Identity).where(Identity.contact_id == item.id).order_by(Identity.id)
    ).scalars()
    outgoing = db.session.execute(
        select(Outbound)
        .where(Outbound.contact_id == item.id, Outbound.officer_id.is_(None))  # not officers
        .order_by(Outbound.id.desc())
        .limit(MESSAGES_SHOWN)
    ).scalars()
    outgoing = list(outgoing)
    # The ticket each reply was about, in one query (Outbound has no relationship).
    ids = {o.ticket_id for o in outgoing if o.ticket_id}
    numbers = (
        dict(db.session.execute(select(Ticket.id, Ticket.number).where(Ticket.id.in_(ids))).all())
        if ids
        else {}
    )
    # One conversation, newest first: the citizen's messages and the replies interleaved
    # by time (the table listed every incoming message before any outgoing one).
    conversation = sorted(
        [("in", m.received_at, m) for m in messages] + [("out", o.created_at, o) for o in outgoing],
        key=lambda row: row[1],
        reverse=True,
    )[:MESSAGES_SHOWN]
    return render_template(
        "contact.html",
        contact=item,
        identities=list(identities),
        tickets=tickets,
        tickets_total=total,
        conversation=conversation,
        reply_tickets=numbers,
    )


@bp.post("/<int:contact_id>/merge")
@login_required
def merge(contact_id: int) -> Any:
    target = get_contact(contact_id)
    other = find_other(request.form.get("other", ""))
    if target.merged_into_id:
        flash(_("Kontak ini sudah digabung ke kontak lain."), "error")
    elif other is None:
        flash(_("Kontak lain tidak ditemukan (isi nomor kontak atau nomor telepon)."), "error")
    elif other.id == target.id:
        flash(_("Itu kontak yang sama."), "error")
    else:
        moved = list(
            db.session.execute(select(Ticket).where(Ticket.contact_id == other.id)).scalars()
        )
        source_id = other.id
        contacts.merge(other, target)
        for ticket in moved:
            note = f"Kontak #{source_id} digabung ke #{target.id}."
            _audit(ticket, "contact_merged", note, source=source_id, target=target.id)
        db.session.commit()
        flash(_("Kontak #%(id)s digabung ke kontak ini.", id=source_id), "ok")
    return redirect(url_for("contacts.contact", contact_id=contact_id))


@bp.post("/<int:contact_id>/split")
@login_required
def split(contact_id: int) -> Any:
    item = get_contact(contact_id)
    identity = db.session.get(Identity, parse_id(request.form.get("identity_id")) or 0)
    if identity is None or identity.contact_id != item.id:
        flash(_("Identitas tidak ditemukan pada kontak ini."), "error")
        return redirect(url_for("contacts.contact", contact_id=contact_id))
    count = len(db.session.execute(select(Identity.id).where(Identity.contact_id == item.id)).all())
    if count < 2:
        flash(_("Kontak ini hanya punya satu identitas; tidak ada yang dipisahkan."), "error")
        return redirect(url_for("contacts.contact", contact_id=contact_id))
    # masked, as on every page: the flash and the timeline are no reveal (never logged)
    channel, masked = identity.channel, personal_data.mask(identity.address)
    label = f"{labels.label(labels.CHANNELS, channel)} {masked}"
    new = contacts.split(identity)
    for ticket in db.session.execute(select(Ticket).where(Ticket.contact_id == new.id)).scalars():
        note = f"{label} dipisahkan dari kontak #{contact_id}."
        _audit(ticket, "contact_split", note, source=contact_id, channel=channel, masked=masked)
    db.session.commit()
    flash(_("%(label)s dipisahkan menjadi kontak #%(id)s.", label=label, id=new.id), "ok")
    return redirect(url_for("contacts.contact", contact_id=new.id))


def audit_note(event: Any) -> str | None:
    """A merge or split on a ticket's timeline in the reader's language (its note is
    Indonesian: kept for the rows written before the event carried its parts)."""
    data = event.data or {}
    if event.action == "contact_merged" and "target" in data:
        return _(
            "Kontak #%(source)s digabung ke #%(target)s.",
            source=data["source"],
            target=data["target"],
        )
    if event.action == "contact_split" and "masked" in data:
        label = f"{labels.label(labels.CHANNELS, data.get('channel'))} {data['masked']}"
        return _(
            "%(label)s dipisahkan dari kontak #%(source)s.", label=label, source=data["source"]
        )
    return None


def _audit(ticket: Ticket, action: str, note: str, **data: Any) -> None:
    record(
        ticket,
        action,
        actor_kind="agent",
        actor_id=current_user.id,
        actor_name=current_user.name or current_user.email,
        note=note,
        **data,
    )
