"""Delivery rules for the phone channels (installed from the bottom of ticketing.delivery).

WhatsApp (through Twilio and the Cloud API) has a 24-hour customer service window: from
the citizen's last message (Identity.last_inbound_at) anything may be sent; after it only
an approved template (Twilio ContentSid / Meta template name) with the ticket number and
a short status. When a free-form message fails because the window closed (63016, 131047)
it is retried as the template; when the template fails too (or the number has no
WhatsApp) the text goes by SMS to the contact's phone, shortened to two GSM-7 segments.

SMS rows and "voice" rows (answers to a phone caller, sent by SMS) are cut to two GSM-7
segments unless a person wrote them: automatic texts stay cheap and readable."""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from aduan.extensions import db
from channels.base import ChannelError, OutboundMessage
from channels.twilio_messaging import is_gsm7, sms_segments, to_gsm
from ticketing import contacts, delivery
from ticketing.audit import record
from ticketing.models import Contact, Identity, Officer, Outbound, Ticket
from ticketing.texts import status_label, t

WINDOW = timedelta(hours=24)
WINDOW_MARGIN = timedelta(minutes=15)  # a send (and its retries) takes time
SMS_MAX_SEGMENTS = 2
# Free-form refused because the window is closed (ours: no template configured).
WINDOW_CODES = frozenset({"63016", "131047", "window_closed"})
# A template that cannot go: not approved / wrong parameters / paused / disabled.
TEMPLATE_CODES = frozenset({"63016", "131047", "132000", "132001", "132012", "132015", "132016"})
# The number has no WhatsApp account.
NOT_ON_WHATSAPP = frozenset({"63024", "131026"})
# Rows whose text a person wrote: never shortened (Twilio concatenates up to 1600 chars).
MANUAL_PURPOSES = frozenset({"reply", "progress", "resolved", "ask"})
TEMPLATE_CONFIG = {
    "whatsapp": "TWILIO_WHATSAPP_TEMPLATE_SID",
    "whatsapp_cloud": "WHATSAPP_TEMPLATE_NAME",
}


# --------------------------------------------------------------------------- SMS text


def gsm_text(text: str) -> str:
    """Returns `text` in the GSM-7 alphabet: typographic characters replaced (to_gsm),
    accents dropped where that gives a GSM letter, other characters (emoji) removed."""
    text = to_gsm(text)
    if is_gsm7(text):
        return text
    kept = []
    for ch in text:
        if is_gsm7(ch):
            kept.append(ch)
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if is_gsm7(c))
        kept.append(base)
    return "".join(kept)


def fit_sms(
    text: str, number: str | None = None, *, keep_tail: bool = False, segments: int = 2
) -> str:
    """Returns `text` as GSM-7 within `segments` SMS segments. A longer text is cut at a
    word and ends with "... Cek status: balas cek <number>" (or "..."); with `keep_tail`
    the part after the last " | " (an officer's link) is kept whole."""
    text = gsm_text(text).strip()
    if sms_segments(text) <= segments:
        return text
    tail = ""
    if keep_tail and " | " in text:
        text, last = text.rsplit(" | ", 1)
        tail = " | " + last
    suffix = t("sms_more", number=number) if number and not tail else "..."
    words = text.split(" ")
    while words and sms_segments(" ".join(words).rstrip(" ,.;:") + suffix + tail) > segments:
        words.pop()
    fitted = " ".join(words).rstrip(" ,.;:") + suffix + tail
    while sms_segments(fitted) > segments:  # one overlong word (a URL): cut characters
        fitted = fitted[: len(fitted) - 10]
    return fitted


def _ticket(row: Outbound) -> Ticket | None:
    return db.session.get(Ticket, row.ticket_id) if row.ticket_id else None


def sms_message(row: Outbound) -> OutboundMessage:
    """Returns the SMS for `row` (an "sms" or "voice" row): automatic texts fitted to two
    GSM-7 segments, texts a person wrote passed as they are."""
    text = row.text
    if row.purpose not in MANUAL_PURPOSES:
        text = fit_sms(text, _open_number(row), keep_tail=row.officer_id is not None)
    return OutboundMessage(channel="sms", recipient=row.recipient, text=text)


def _open_number(row: Outbound) -> str | None:
    """Returns the number of the row's ticket while it is open (a shortened SMS then
    points to the status check), else None."""
    ticket = _ticket(row)
    return ticket.number if ticket is not None and ticket.is_open else None


def prepare_sms(row: Outbound, identity: Identity | None, now: datetime) -> OutboundMessage:
    """Delivery rule for "sms" and "voice" rows: see sms_message()."""
    return sms_message(row)


# --------------------------------------------------------------------------- WhatsApp


def window_open(identity: Identity | None, now: datetime) -> bool:
    """Returns True when the citizen wrote on this identity within 24 h (minus a margin)."""
    last = identity.last_inbound_at if identity is not None else None
    return last is not None and now - last < WINDOW - WINDOW_MARGIN


def template_name(channel: str) -> str:
    """Returns the configured approved template for a WhatsApp channel ("" if none)."""
    return current_app.config.get(TEMPLATE_CONFIG[channel], "") or ""


def template_params(row: Outbound) -> list[str]:
    """Returns the template's body parameters: the ticket number and a short status."""
    ticket = _ticket(row)
    if ticket is None:
        return ["Media Center Surabaya", t("wa_template_notice")]
    return [ticket.number, status_label(ticket.status)]


def prepare_whatsapp(row: Outbound, identity: Identity | None, now: datetime) -> OutboundMessage:
    """Delivery rule for "whatsapp" and "whatsapp_cloud": free-form inside the window,
    else the approved template (recorded on the row). An officer who never wrote to us
    gets free-form (a refusal falls back). Raises ChannelError(permanent,
    "window_closed") when the window is closed and no template is configured, or for
    an officer (the template cannot carry the link: the fallback sends an SMS)."""
    who = identity or contacts.find_identity(row.channel, row.recipient)
    if row.template or (who is None and row.officer_id is not None) or window_open(who, now):
        return delivery.plain(row)
    name = template_name(row.channel)
    if not name or row.officer_id is not None:
        raise ChannelError(
            "outside the 24-hour window and no template is configured",
            permanent=True,
            code="window_closed",
        )
    row.template, row.template_params = name, template_params(row)
    return delivery.plain(row)


def fallback_whatsapp(
    row: Outbound, identity: Identity | None, code: str | None, now: datetime
) -> Outbound | None:
    """After a WhatsApp row failed for good: free-form refused for the window -> the same
    update as the template; template refused or no WhatsApp -> SMS to the contact's
    phone. Returns the queued row, or None (other errors, no phone number)."""
    code = str(code or "")
    citizen = row.officer_id is None  # officers need their link: SMS, not the template
    if citizen and row.template is None and code in WINDOW_CODES and template_name(row.channel):
        key = f"wa-template-{row.id}"
        return _queue_copy(row, row.channel, row.recipient, row.text, key, template=True)
    if code not in WINDOW_CODES | TEMPLATE_CODES | NOT_ON_WHATSAPP:
        return None
    phone = _phone_of(row)
    if phone is None or _sms_blocked(phone):
        return None
    ticket = _ticket(row)
    text = fit_sms(row.text, _open_number(row), keep_tail=bool(row.officer_id))
    replacement = _queue_copy(row, "sms", phone, text, f"sms-fallback-{row.id}")
    if ticket is not None:
        record(
            ticket,
            "delivery_fallback",
            note=f"WhatsApp gagal ({code}); dikirim lewat SMS.",
            outbox_id=row.id,
            at=now,
        )
    return replacement


def _queue_copy(
    row: Outbound, channel: str, recipient: str, text: str, key: str, template: bool = False
) -> Outbound:
    """Queues `text` to `recipient` on `channel` for the same ticket, contact and person."""
    from ticketing import outbox

    identity = contacts.find_identity(channel, recipient)
    officer = db.session.get(Officer, row.officer_id) if row.officer_id else None
    new = outbox.queue_message(
        channel=channel,
        recipient=recipient,
        text=text,
        purpose=row.purpose,
        ticket=_ticket(row),
        identity=identity,
        officer=officer,
        priority=row.priority,
        dedupe_key=key,
        author_id=row.author_id,
    )
    if new.contact_id is None:
        new.contact_id = row.contact_id
    if template:
        new.template, new.template_params = template_name(channel), template_params(row)
    return new


def _phone_of(row: Outbound) -> str | None:
    """Returns the E.164 number to text: the contact's phone, the officer's, or the
    WhatsApp number itself."""
    contact = db.session.get(Contact, row.contact_id) if row.contact_id else None
    while contact is not None and contact.merged_into_id:
        contact = db.session.get(Contact, contact.merged_into_id)
    if contact is not None and contact.phone:
        return contact.phone
    return contacts.normalize_phone(row.recipient)


def _sms_blocked(phone: str) -> bool:
    """Returns True when the number opted out of (or cannot receive) our SMS."""
    stmt = select(Identity.unreachable_at).where(
        Identity.channel == "sms", Identity.address == phone
    )
    return db.session.execute(stmt).scalar() is not None


for _channel in ("sms", "voice"):
    delivery.register(_channel, prepare=prepare_sms)
for _channel in ("whatsapp", "whatsapp_cloud"):
    delivery.register(_channel, prepare=prepare_whatsapp, fallback=fallback_whatsapp)
