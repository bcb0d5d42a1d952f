"""Per-channel delivery rules, applied by the outbox around every send.

`prepare` turns an outbox row into what the provider gets: e.g. a WhatsApp message
outside the 24-hour window becomes an approved template, a public X reply becomes a
neutral sentence with the ticket number. `fallback` is asked after a send failed (at
once, or later through a failed delivery status) and may queue a replacement row on
another channel (template failed -> SMS). Channel modules register their rules here."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from channels.base import OutboundMessage
from ticketing.models import Identity, Outbound

Prepare = Callable[[Outbound, Identity | None, datetime], OutboundMessage]
Fallback = Callable[[Outbound, Identity | None, str | None, datetime], Outbound | None]

PREPARE: dict[str, Prepare] = {}
FALLBACK: dict[str, Fallback] = {}


def register(
    channel: str, *, prepare: Prepare | None = None, fallback: Fallback | None = None
) -> None:
    """Installs a channel's rules (called by the channel's delivery module at import)."""
    if prepare is not None:
        PREPARE[channel] = prepare
    if fallback is not None:
        FALLBACK[channel] = fallback


def plain(row: Outbound) -> OutboundMessage:
    """Returns the row as it is: free-form text to its recipient."""
    return OutboundMessage(
        channel=row.channel,
        recipient=row.recipient,
        text=row.text,
        reply_to=row.reply_to,
        template=row.template,
        template_params=tuple(row.template_params or ()),
    )


def prepare(row: Outbound, identity: Identity | None, now: datetime) -> OutboundMessage:
    """Returns the message to hand to the channel's adapter for `row`."""
    rule = PREPARE.get(row.channel)
    return rule(row, identity, now) if rule else plain(row)


def fallback(
    row: Outbound, identity: Identity | None, code: str | None, now: datetime
) -> Outbound | None:
    """Returns a replacement row queued on another channel, or None."""
    rule = FALLBACK.get(row.channel)
    return rule(row, identity, code, now) if rule else None


# SMS, voice answers and WhatsApp (24-hour window, template, SMS fallback).
from ticketing import delivery_phone  # noqa: E402,F401
