"""WhatsApp, through Twilio ("whatsapp") and the Cloud API ("whatsapp_cloud"): one rule.

From the citizen's last message (Identity.last_inbound_at) anything may be sent for 24
hours; after that only an approved template (Twilio ContentSid / Meta template name)
with the ticket number and a short status. A free-form message refused because the
window closed is sent again as the template; when the template fails too, or the number
has no WhatsApp, the text goes by SMS to the contact's phone, within two GSM-7 segments."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from flask import current_app
from sqlalchemy import select

from aduan.extensions import db
from channels.base import NOT_ON_WHATSAPP, TEMPLATE_REJECTED, WINDOW_CLOSED, ChannelError
from ticketing import contacts
from ticketing.audit import record
from ticketing.delivery import sms
from ticketing.delivery.base import Instead, Prepared, plain, window_open
from ticketing.models import Identity, Outbound, Ticket
from ticketing.texts import status_label, t

WINDOW = contacts.WHATSAPP_WINDOW  # 24 hours after the citizen last wrote
TEMPLATE_CONFIG = {
    "whatsapp": "TWILIO_WHATSAPP_TEMPLATE_SID",
    "whatsapp_cloud": "WHATSAPP_TEMPLATE_NAME",
}
TO_SMS = frozenset({WINDOW_CLOSED, TEMPLATE_REJECTED, NOT_ON_WHATSAPP})


def template_name(channel: str) -> str:
    """Returns the configured approved template for a WhatsApp channel ("" if none)."""
    return current_app.config.get(TEMPLATE_CONFIG[channel], "") or ""


def template_params(row: Outbound) -> tuple[str, ...]:
    """Returns the template's body parameters: the ticket number and a short status."""
    ticket = db.session.get(Ticket, row.ticket_id) if row.ticket_id else None
    if ticket is None:
        return ("Media Center Surabaya", t("wa_template_notice"))
    return (ticket.number, status_label(ticket.status))


def prepare(row: Outbound, identity: Identity | None, now: datetime) -> Prepared:
    """Free-form inside the window, else the approved template. An officer who never
    wrote to us gets free-form (a refusal falls back). Raises ChannelError(permanent,
    window_closed) when the window is closed and no template is configured, or for an
    officer (the template cannot carry the link: the fallback sends an SMS)."""
    who = identity or contacts.find_identity(row.channel, row.recipient)
    last = who.last_inbound_at if who is not None else None
    if row.template or (who is None and row.officer_id is not None):
        return Prepared(plain(row))
    if window_open(last, now, WINDOW):
        return Prepared(plain(row))
    name = template_name(row.channel)
    if not name or row.officer_id is not None:
        raise ChannelError(
            "outside the 24-hour window and no template is configured",
            permanent=True,
            code="window_closed",
            reason=WINDOW_CLOSED,
        )
    message = replace(  # a template carries no photos
        plain(row), template=name, template_params=template_params(row), media_urls=()
    )
    return Prepared(message, records_template=True)


def fallback(
    row: Outbound, identity: Identity | None, reason: str, now: datetime
) -> Instead | None:
    """After a row failed for good: free-form refused for the window -> the same update
    as the template; template refused or no WhatsApp -> SMS to the contact's phone.
    Returns what to send instead, or None (other reasons, no phone number)."""
    citizen = row.officer_id is None  # officers need their link: SMS, not the template
    name = template_name(row.channel)
    if citizen and row.template is None and reason == WINDOW_CLOSED and name:
        return Instead(
            row.channel,
            row.recipient,
            row.text,
            f"wa-template-{row.id}",
            identity=contacts.find_identity(row.channel, row.recipient),
            template=name,
            template_params=template_params(row),
        )
    if reason not in TO_SMS:
        return None
    phone = _phone_of(row)
    if phone is None or _sms_blocked(phone):
        return None
    text = sms.fit_sms(row.text, sms.open_number(row), keep_tail=bool(row.officer_id))
    ticket = db.session.get(Ticket, row.ticket_id) if row.ticket_id else None
    if ticket is not None:
        record(
            ticket,
            "delivery_fallback",
            note=f"WhatsApp gagal ({row.error_code or reason}); dikirim lewat SMS.",
            outbox_id=row.id,
            at=now,
            via=row.channel,
            to="sms",
            failure=reason,
            code=row.error_code,
        )
    return Instead(
        "sms",
        phone,
        text,
        f"sms-fallback-{row.id}",
        identity=contacts.find_identity("sms", phone),
    )


def _phone_of(row: Outbound) -> str | None:
    """Returns the E.164 number to text: the contact's phone, else the WhatsApp number."""
    contact = contacts.current_by_id(row.contact_id)
    if contact is not None and contact.phone:
        return contact.phone
    return contacts.normalize_phone(row.recipient)


def _sms_blocked(phone: str) -> bool:
    """Returns True when the number opted out of (or cannot receive) our SMS."""
    stmt = select(Identity.unreachable_at).where(
        Identity.channel == "sms", Identity.address == phone
    )
    return db.session.execute(stmt).scalar() is not None
