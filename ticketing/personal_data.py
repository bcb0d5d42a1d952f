"""A citizen's personal data as staff see it: masked until revealed, every reveal
logged (PrivacyLog, and on the ticket's timeline when there is a ticket, like the
officer page's phone reveal), and the subject-access export of everything held about
one citizen."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from aduan.extensions import db
from aduan.inputs import parse_id
from ticketing.audit import record
from ticketing.models import (
    Attachment,
    Contact,
    Identity,
    Message,
    Outbound,
    PrivacyLog,
    Ticket,
    TicketEvent,
)

# Channels whose identity address is a phone number (the rest: chat or account ids).
PHONE_CHANNELS = ("sms", "whatsapp", "whatsapp_cloud", "voice")


class UnknownField(LookupError):
    """The field named is not a revealable field of that contact."""


def mask(value: str | None) -> str:
    """Returns a masked form: +62812****7890 for numbers, 92****31 for ids, '-' for none."""
    if not value:
        return "-"
    if len(value) > 10:
        return value[:6] + "*" * (len(value) - 10) + value[-4:]
    if len(value) > 4:
        return value[:2] + "*" * (len(value) - 4) + value[-2:]
    return "****"


def value_of(contact: Contact, field: str) -> str | None:
    """Returns the raw value of `field` ("phone" or "identity:<id>"); raises UnknownField."""
    if field == "phone":
        return contact.phone
    kind, _, raw_id = field.partition(":")
    # The id as the page writes it: the field is logged as given ("identity:" and 30
    # spaces before "12" overflowed the log's column on PostgreSQL, a 500, and "0012"
    # logged the same reveal under another name).
    if kind == "identity" and (ident := parse_id(raw_id)) and raw_id == str(ident):
        identity = db.session.get(Identity, ident)
        if identity is not None and identity.contact_id == contact.id:
            return identity.address
    raise UnknownField(field)


def reveal(
    contact: Contact,
    field: str,
    *,
    actor_kind: str,
    actor_id: int | None,
    actor_name: str,
    where: str,
    now: datetime,
    ticket: Ticket | None = None,
    on_timeline: bool = True,
) -> str | None:
    """Returns the unmasked value of `field` after logging who saw it, where, when (not
    committed); `on_timeline=False` when the caller writes its own timeline event (the
    officer page's "phone_revealed"). Raises UnknownField."""
    value = value_of(contact, field)
    db.session.add(
        PrivacyLog(
            at=now,
            actor_kind=actor_kind,
            actor_id=actor_id,
            actor_name=actor_name,
            action="reveal",
            contact_id=contact.id,
            ticket_id=ticket.id if ticket else None,
            field=field,
            note=where,
        )
    )
    if ticket is not None and on_timeline:
        record(
            ticket,
            "personal_data_revealed",
            actor_kind=actor_kind,
            actor_id=actor_id,
            actor_name=actor_name,
            at=now,
            field=field,
        )
    return value


def merged_into(contact: Contact) -> list[int]:
    """Returns the ids of the contacts merged into `contact`."""
    stmt = select(Contact.id).where(Contact.merged_into_id == contact.id).order_by(Contact.id)
    return list(db.session.execute(stmt).scalars())


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _attachment(item: Attachment) -> dict[str, Any]:
    return {
        "id": item.id,
        "kind": item.kind,
        "mime_type": item.mime_type,
        "size": item.size,
        "status": item.status,
        "file": item.storage_path,
    }


def export(contact: Contact) -> dict[str, Any]:
    """Returns everything held about the citizen (and contacts merged into them) as plain
    JSON-ready data: contact, identities, tickets with their timelines, messages with
    their files, and what was sent to them."""
    ids = [contact.id, *merged_into(contact)]
    identities = db.session.execute(
        select(Identity).where(Identity.contact_id.in_(ids)).order_by(Identity.id)
    ).scalars()
    tickets = list(
        db.session.execute(
            select(Ticket).where(Ticket.contact_id.in_(ids)).order_by(Ticket.id)
        ).scalars()
    )
    numbers = {t.id: t.number for t in tickets}
    messages = db.session.execute(
        select(Message).where(Message.contact_id.in_(ids)).order_by(Message.id)
    ).scalars()
    sent = db.session.execute(
        select(Outbound)
        .where(Outbound.contact_id.in_(ids), Outbound.officer_id.is_(None))
        .order_by(Outbound.id)
    ).scalars()
    events = db.session.execute(
        select(TicketEvent)
        .where(TicketEvent.ticket_id.in_(list(numbers) or [0]))
        .order_by(TicketEvent.id)
    ).scalars()
    return {
        "contact": {
            "id": contact.id,
            "name": contact.name,
            "phone": contact.phone,
            "locale": contact.locale,
            "created_at": _iso(contact.created_at),
            "erased_at": _iso(contact.erased_at),
            "merged_contacts": ids[1:],
        },
        "identities": [
            {
                "channel": i.channel,
                "address": i.address,
                "display_name": i.display_name,
                "last_message_at": _iso(i.last_inbound_at),
                "created_at": _iso(i.created_at),
            }
            for i in identities
        ],
        "tickets": [
            {
                "number": t.number,
                "kind": t.kind,
                "status": t.status,
                "opd": t.opd_code,
                "channel": t.channel,
                "summary": t.summary,
                "address": t.address,
                "latitude": t.latitude,
                "longitude": t.longitude,
                "created_at": _iso(t.created_at),
                "closed_at": _iso(t.closed_at),
                "rating": t.rating,
                "redacted_at": _iso(t.redacted_at),
            }
            for t in tickets
        ],
        "messages": [
            {
                "ticket": numbers.get(m.ticket_id or 0),
                "channel": m.channel,
                "received_at": _iso(m.received_at),
                "text": m.text,
                "address": m.address,
                "latitude": m.latitude,
                "longitude": m.longitude,
                "files": [_attachment(a) for a in m.attachments],
            }
            for m in messages
        ],
        "sent_to_citizen": [
            {
                "ticket": numbers.get(o.ticket_id or 0),
                "channel": o.channel,
                "to": o.recipient,
                "created_at": _iso(o.created_at),
                "text": o.text,
                "status": o.status,
            }
            for o in sent
        ],
        "timeline": [
            {
                "ticket": numbers.get(e.ticket_id),
                "at": _iso(e.at),
                "by": e.actor_kind,
                "action": e.action,
                "note": e.note,
                "files": [_attachment(a) for a in e.attachments],
            }
            for e in events
        ],
    }


def log_export(contact: Contact, now: datetime, actor: dict[str, Any]) -> None:
    """Records that the contact's data was exported (not committed)."""
    db.session.add(PrivacyLog(at=now, action="export", contact_id=contact.id, **actor))
