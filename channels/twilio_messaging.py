"""Twilio Programmable Messaging: SMS and WhatsApp-via-Twilio share one webhook and one client.

`normalize()` and `parse_status()` are pure: they read the form parameters of the inbound
messaging webhook and of the status callback. `TwilioMessagingAdapter` sends through the
real `twilio.rest.Client` and downloads citizens' media; with `api_base_url` every request
for a Twilio host goes to that base instead (the sandbox, tests). `validate_signature()`
checks `X-Twilio-Signature`. SMS bodies pass through channels.gsm.to_gsm().
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import phonenumbers
from twilio.request_validator import RequestValidator

from channels.base import (
    AUTH,
    CONFIG,
    NOT_ON_WHATSAPP,
    RATE_LIMITED,
    RECIPIENT_UNREACHABLE,
    REJECTED,
    WINDOW_CLOSED,
    Attachment,
    DeliveryStatus,
    InboundMessage,
    Location,
)

WHATSAPP_PREFIX = "whatsapp:"
DEFAULT_REGION = "ID"  # national numbers ("0812...") are Indonesian

RATE_LIMIT_CODE = 20429  # "Too Many Requests": back off, then retry
# Twilio error codes -> failure reason (channels.base); others: transient / rejected.
ERROR_REASONS = {
    21610: RECIPIENT_UNREACHABLE,
    21211: RECIPIENT_UNREACHABLE,
    21614: RECIPIENT_UNREACHABLE,
    30005: RECIPIENT_UNREACHABLE,  # delivery status: unknown destination handset
    30006: RECIPIENT_UNREACHABLE,  # delivery status: landline or unreachable carrier
    63024: NOT_ON_WHATSAPP,
    63016: WINDOW_CLOSED,
    21408: CONFIG,
    21608: CONFIG,
    20404: CONFIG,
    20003: AUTH,
    RATE_LIMIT_CODE: RATE_LIMITED,
}
# MessageStatus -> ours (channels.base.DeliveryStatus); queued, accepted, scheduled,
# receiving and received say nothing new about a message we sent.
STATUSES = {
    "sending": "sending",
    "sent": "sent",
    "delivered": "delivered",
    "read": "read",
    "failed": "failed",
    "undelivered": "undeliverable",
    "canceled": "failed",
}
_VCARD_TYPES = frozenset({"text/vcard", "text/x-vcard"})
# Inbound parameters kept in InboundMessage.meta when present.
_META_KEYS = ("To", "AccountSid", "MessagingServiceSid", "WaId", "NumSegments", "Forwarded")
_META_KEYS += ("FrequentlyForwarded", "ButtonPayload", "MessageType", "OriginalRepliedMessageSid")
_META_KEYS += ("FromCountry", "FromCity")


# --------------------------------------------------------------------------- parsing


@dataclass(frozen=True)
class StatusUpdate:
    """One delivery status callback: Twilio's message sid, its new status (queued, sent,
    delivered, read, failed, undelivered, ...), the error code on failure and the channel."""

    provider_id: str
    status: str
    error_code: str | None
    channel: str
    recipient: str | None = None


def e164(number: str, region: str = DEFAULT_REGION) -> str:
    """Returns `number` (optionally "whatsapp:"-prefixed) in E.164 ("0812 3456 7890" and
    "+62 812-3456-7890" -> "+6281234567890"). A value phonenumbers cannot parse (short
    code, alphanumeric sender, "anonymous") is returned stripped, without the prefix."""
    raw = number.strip().removeprefix(WHATSAPP_PREFIX).strip()
    try:
        parsed = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return raw
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def channel_of(address: str) -> str:
    """Returns "whatsapp" for a "whatsapp:+..." address, else "sms"."""
    return "whatsapp" if address.strip().lower().startswith(WHATSAPP_PREFIX) else "sms"


def normalize(form: Mapping[str, str], received_at: datetime | None = None) -> list[InboundMessage]:
    """Parse the inbound messaging webhook's form parameters (SMS, MMS or WhatsApp).

    Returns a list with one InboundMessage. Twilio sends no timestamp, so `sent_at` is
    `received_at` (pass the time the webhook stored the event) or now in UTC.
    Raises ValueError when MessageSid or From is missing.
    """
    sid, sender = (form.get("MessageSid") or "").strip(), (form.get("From") or "").strip()
    if not sid or not sender:
        raise ValueError("Twilio messaging webhook without MessageSid or From")
    channel = channel_of(sender)
    sender_id = e164(sender)
    attachments, unsupported = _attachments(form)
    location = _location(form)
    text = form.get("Body") or ""
    if not text.strip() and form.get("ButtonText"):
        text = form.get("ButtonText") or ""  # a quick-reply button: its label is the answer
    if not text.strip() and not attachments and location is None and unsupported is None:
        unsupported = "unknown"
    meta: dict[str, Any] = {key: form.get(key) for key in _META_KEYS if form.get(key)}
    return [
        InboundMessage(
            channel=channel,
            external_id=sid,
            sender_id=sender_id,
            sent_at=received_at or datetime.now(UTC),
            text=text,
            sender_name=(form.get("ProfileName") or None) if channel == "whatsapp" else None,
            attachments=attachments,
            location=location,
            phone=sender_id if sender_id.startswith("+") else None,
            unsupported=unsupported,
            meta=meta,
        )
    ]


# Twilio sends at most 10 media per message; a larger NumMedia (signed, but absurd) would
# loop over MediaUrl0..N for as long as the number says, stalling the intake worker.
MAX_MEDIA = 10


def _attachments(form: Mapping[str, str]) -> tuple[tuple[Attachment, ...], str | None]:
    """Returns the media attachments and "contact" when the only media was a vCard."""
    try:
        count = min(int(form.get("NumMedia") or 0), MAX_MEDIA)
    except ValueError:
        count = 0
    found: list[Attachment] = []
    vcards = 0
    for index in range(count):
        url = form.get(f"MediaUrl{index}")
        mime = (form.get(f"MediaContentType{index}") or "").split(";")[0].strip().lower()
        if not url:
            continue
        if mime in _VCARD_TYPES:  # a shared phone-book contact, not evidence
            vcards += 1
            continue
        found.append(Attachment(kind=media_kind(mime), ref=url, mime_type=mime or None))
    return tuple(found), ("contact" if vcards and not found else None)


def media_kind(mime: str | None) -> str:
    """Returns the Attachment kind for a content type: photo, audio, video or document."""
    major = (mime or "").split("/")[0]
    return {"image": "photo", "audio": "audio", "video": "video"}.get(major, "document")


def _location(form: Mapping[str, str]) -> Location | None:
    try:
        latitude, longitude = float(form["Latitude"]), float(form["Longitude"])
    except (KeyError, TypeError, ValueError):
        return None
    return Location(latitude, longitude, form.get("Address") or None, form.get("Label") or None)


def parse_status(form: Mapping[str, str]) -> StatusUpdate:
    """Parse a message status callback. Returns the StatusUpdate (error_code None unless
    Twilio sent a non-empty ErrorCode). Raises ValueError without MessageSid/MessageStatus."""
    sid = (form.get("MessageSid") or form.get("SmsSid") or "").strip()
    status = (form.get("MessageStatus") or form.get("SmsStatus") or "").strip().lower()
    if not sid or not status:
        raise ValueError("Twilio status callback without MessageSid or MessageStatus")
    recipient = form.get("To") or ""
    return StatusUpdate(
        provider_id=sid,
        status=status,
        error_code=(form.get("ErrorCode") or "").strip() or None,
        channel=channel_of(recipient or form.get("From") or ""),
        recipient=e164(recipient) if recipient else None,
    )


def error_reason(code: str | None) -> str | None:
    """Returns the failure reason (channels.base) for a Twilio error code, or None for
    the default (transient, or rejected when permanent)."""
    try:
        return ERROR_REASONS.get(int(code or ""))
    except ValueError:
        return None


def delivery_status(update: StatusUpdate) -> DeliveryStatus | None:
    """Returns a status callback in our words, or None when it says nothing new."""
    status = STATUSES.get(update.status)
    if status is None:
        return None
    reason = None
    if status in ("failed", "undeliverable"):
        reason = error_reason(update.error_code) or REJECTED
    return DeliveryStatus(update.provider_id, status, update.error_code, reason, update.recipient)


# --------------------------------------------------------------------------- signatures


def validate_signature(
    auth_token: str, url: str, params: Mapping[str, Any], signature: str | None
) -> bool:
    """Returns True when `signature` (the X-Twilio-Signature header) is Twilio's HMAC-SHA1
    of `url` + all `params` under `auth_token`, else False (also for an empty signature).

    `url` must be the public URL Twilio requested, query string included, with the scheme
    and host Twilio saw: behind a TLS-terminating proxy `request.url` says "http://..."
    and every signature fails. Use ProxyFix or rebuild it from PUBLIC_BASE_URL. Ports
    443/80 may be present or not. `params` is a werkzeug MultiDict (repeated keys count)
    or a plain mapping of str (or list of str) values; never filter it to known keys.
    """
    if not signature or not auth_token:
        return False
    if not hasattr(params, "getall") and not hasattr(params, "getlist"):
        params = _MultiValues(params)
    return bool(RequestValidator(auth_token).validate(url, params, signature))


class _MultiValues(dict):  # type: ignore[type-arg]
    """A plain mapping seen through the MultiDict interface RequestValidator uses."""

    def getall(self, key: str) -> list[str]:
        value = self[key]
        return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]
