"""Facebook Page messages and Instagram DMs: Meta's 24-hour rule.

Within 24 hours of the citizen's last message anything may be sent (RESPONSE). From 24
hours to 7 days only a human agent's answer may go, with the HUMAN_AGENT message tag:
agent replies and officers' updates qualify, automatic notices (SLA escalations,
reminders) do not. Past that, Meta accepts nothing: the row fails as window_closed and,
when the citizen has a phone number on file, the same text goes to their WhatsApp
identity, or by SMS. Either way the ticket's timeline says what happened."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import select

from aduan.extensions import db
from channels.base import WINDOW_CLOSED, ChannelError
from ticketing import contacts
from ticketing.audit import record
from ticketing.delivery.adapters import configured
from ticketing.delivery.base import Instead, Prepared, plain, window_open
from ticketing.models import Contact, Identity, Outbound, Ticket

WINDOW = timedelta(hours=24)
HUMAN_AGENT_WINDOW = timedelta(days=7)
# Rows written (or triggered) by a person answering the citizen: allowed under the
# HUMAN_AGENT tag. Everything else is automatic.
HUMAN_PURPOSES = frozenset(
    {"reply", "progress", "ask", "resolved", "accepted", "routed", "bounced", "ppid_extended"}
)
PHONE_CHANNELS = ("whatsapp_cloud", "whatsapp")  # existing identities, preferred first
LABELS = {
    "facebook": "Facebook",
    "instagram": "Instagram",
    "sms": "SMS",
    "whatsapp": "WhatsApp",
    "whatsapp_cloud": "WhatsApp",
}


def prepare(row: Outbound, identity: Identity | None, now: datetime) -> Prepared:
    """Returns the Send API message for `row`: plain inside 24 h, tagged HUMAN_AGENT up
    to 7 days for a human's answer. Raises ChannelError(permanent, window_closed)
    beyond that (the fallback then looks for a phone number)."""
    message = plain(row)
    last = identity.last_inbound_at if identity is not None else None
    if row.officer_id is not None or last is None:
        return Prepared(message)  # not a citizen conversation: Meta decides
    if window_open(last, now, WINDOW):
        return Prepared(message)
    if window_open(last, now, HUMAN_AGENT_WINDOW) and row.purpose in HUMAN_PURPOSES:
        return Prepared(replace(message, template="HUMAN_AGENT"))
    days = (now - last).total_seconds() / 86400
    raise ChannelError(
        f"outside Meta's messaging window: the citizen last wrote {days:.1f} days ago",
        permanent=True,
        code="outside_window",
        reason=WINDOW_CLOSED,
    )


def fallback(
    row: Outbound, identity: Identity | None, reason: str, now: datetime
) -> Instead | None:
    """After a window failure: the text on the citizen's WhatsApp (or SMS when they have
    a phone number but no WhatsApp identity), noted on the ticket. Returns what to send
    instead, or None when there is no number (the failure is noted)."""
    if reason != WINDOW_CLOSED:
        return None
    ticket = db.session.get(Ticket, row.ticket_id) if row.ticket_id else None
    contact = contacts.current_by_id(row.contact_id)
    target = _phone_target(contact) if contact is not None else None
    label = LABELS.get(row.channel, row.channel)
    if target is None:
        if ticket is not None:
            note = (
                f"{label}: di luar jendela 24 jam/7 hari dan warga tidak punya nomor "
                "telepon. Tunggu warga menulis lagi atau hubungi lewat kanal lain."
            )
            record(ticket, "delivery_failed", note=note, outbox_id=row.id, at=now, via=row.channel)
        return None
    channel, recipient, phone_identity = target
    if ticket is not None:
        note = f"{label} di luar jendela pesan; dikirim ulang lewat {LABELS.get(channel, channel)}."
        record(
            ticket,
            "delivery_fallback",
            note=note,
            outbox_id=row.id,
            at=now,
            via=row.channel,
            to=channel,
            failure=WINDOW_CLOSED,
        )
    return Instead(channel, recipient, row.text, f"window-{row.id}", identity=phone_identity)


def _phone_target(contact: Contact) -> tuple[str, str, Identity | None] | None:
    """Returns (channel, recipient, identity) for the contact's phone: their most recent
    WhatsApp identity, else SMS to the number on file; None without a number."""
    stmt = (
        select(Identity)
        .where(Identity.contact_id == contact.id, Identity.channel.in_(PHONE_CHANNELS))
        .order_by(Identity.last_inbound_at.desc(), Identity.id.desc())
    )
    for identity in db.session.execute(stmt).scalars():
        if identity.unreachable_at is None and configured(identity.channel):
            return identity.channel, identity.address, identity
    if contact.phone and configured("sms"):
        return "sms", contact.phone, None
    return None
