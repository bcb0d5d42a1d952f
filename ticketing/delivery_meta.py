"""Delivery rules for Facebook Page messages and Instagram DMs: Meta's 24-hour rule.

Within 24 hours of the citizen's last message anything may be sent (RESPONSE). From 24
hours to 7 days only a human agent's answer may go, with the HUMAN_AGENT message tag:
agent replies and officers' updates qualify, automatic notices (SLA escalations,
reminders) do not. Past that, Meta accepts nothing: the row fails with
"outside_window" and, when the citizen has a phone number on file, the same text is
queued on their WhatsApp identity, or by SMS. Either way the ticket's timeline says
what happened, so agents see a message that could not go out."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import select

from aduan.extensions import db
from channels.base import ChannelError, OutboundMessage
from ticketing import delivery
from ticketing.audit import record
from ticketing.models import Contact, Identity, Outbound, Ticket

CHANNELS = ("facebook", "instagram")
WINDOW = timedelta(hours=24)
HUMAN_AGENT_WINDOW = timedelta(days=7)
MARGIN = timedelta(minutes=5)  # a send takes time; never cut it close
# Rows written (or triggered) by a person answering the citizen: allowed under the
# HUMAN_AGENT tag. Everything else is automatic.
HUMAN_PURPOSES = frozenset(
    {"reply", "progress", "ask", "resolved", "accepted", "routed", "bounced", "ppid_extended"}
)
# Our error codes (and Graph's) that mean "cannot reach this person here any more".
WINDOW_CODES = frozenset({"outside_window", "551"})
PHONE_CHANNELS = ("whatsapp_cloud", "whatsapp")  # existing identities, preferred first


def prepare(row: Outbound, identity: Identity | None, now: datetime) -> OutboundMessage:
    """Returns the Send API message for `row`: plain inside 24 h, tagged HUMAN_AGENT up
    to 7 days for a human's answer. Raises ChannelError(permanent, "outside_window")
    beyond that (the fallback then looks for a phone number)."""
    message = delivery.plain(row)
    last = identity.last_inbound_at if identity is not None else None
    if row.officer_id is not None or last is None:
        return message  # not a citizen conversation: Meta decides
    age = now - last
    if age < WINDOW - MARGIN:
        return message
    if age < HUMAN_AGENT_WINDOW - MARGIN and row.purpose in HUMAN_PURPOSES:
        return replace(message, template="HUMAN_AGENT")
    days = age.total_seconds() / 86400
    raise ChannelError(
        f"outside Meta's messaging window: the citizen last wrote {days:.1f} days ago",
        permanent=True,
        code="outside_window",
    )


def fallback(
    row: Outbound, identity: Identity | None, code: str | None, now: datetime
) -> Outbound | None:
    """After a window failure: queues the text on the citizen's WhatsApp (or SMS when
    they have a phone number but no WhatsApp identity) and notes it on the ticket.
    Returns the new row, or None when there is no number (the failure is noted)."""
    if code not in WINDOW_CODES:
        return None
    ticket = db.session.get(Ticket, row.ticket_id) if row.ticket_id else None
    contact = _contact(row)
    target = _phone_target(contact) if contact is not None else None
    if target is None:
        if ticket is not None:
            record(
                ticket,
                "delivery_failed",
                note=_label(row.channel) + ": di luar jendela "
                "24 jam/7 hari dan warga tidak punya nomor telepon. Tunggu warga menulis "
                "lagi atau hubungi lewat kanal lain.",
                outbox_id=row.id,
                at=now,
            )
        return None
    from ticketing import outbox

    channel, recipient, phone_identity = target
    replacement = outbox.queue_message(
        channel=channel,
        recipient=recipient,
        text=row.text,
        purpose=row.purpose,
        ticket=ticket,
        identity=phone_identity,
        priority=row.priority,
        dedupe_key=f"window-{row.id}",
        author_id=row.author_id,
    )
    replacement.contact_id = row.contact_id
    if ticket is not None:
        record(
            ticket,
            "delivery_fallback",
            note=f"{_label(row.channel)} di luar jendela "
            f"pesan; dikirim ulang lewat {_label(channel)}.",
            outbox_id=row.id,
            at=now,
        )
    return replacement


def _contact(row: Outbound) -> Contact | None:
    contact = db.session.get(Contact, row.contact_id) if row.contact_id else None
    while contact is not None and contact.merged_into_id:
        contact = db.session.get(Contact, contact.merged_into_id)
    return contact


def _phone_target(contact: Contact) -> tuple[str, str, Identity | None] | None:
    """Returns (channel, recipient, identity) for the contact's phone: their most recent
    WhatsApp identity, else SMS to the number on file; None without a number."""
    stmt = (
        select(Identity)
        .where(Identity.contact_id == contact.id, Identity.channel.in_(PHONE_CHANNELS))
        .order_by(Identity.last_inbound_at.desc(), Identity.id.desc())
    )
    for identity in db.session.execute(stmt).scalars():
        if identity.unreachable_at is None and _configured(identity.channel):
            return identity.channel, identity.address, identity
    if contact.phone and _configured("sms"):
        return "sms", contact.phone, None
    return None


def _configured(channel: str) -> bool:
    from ticketing import registry

    try:
        registry.adapter(channel)
    except ChannelError:
        return False
    return True


def _label(channel: str) -> str:
    return {
        "facebook": "Facebook",
        "instagram": "Instagram",
        "sms": "SMS",
        "whatsapp": "WhatsApp",
        "whatsapp_cloud": "WhatsApp",
    }.get(channel, channel)


for _channel in CHANNELS:
    delivery.register(_channel, prepare=prepare, fallback=fallback)
