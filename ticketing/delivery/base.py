"""What every delivery rule speaks: the prepared message, what to send instead, and the
one messaging-window test."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from channels.base import OutboundMessage
from ticketing import sent_media
from ticketing.models import Identity, Outbound

# A send and its retries take time: a window is treated as closed this long before it is.
WINDOW_MARGIN = timedelta(minutes=15)


@dataclass(frozen=True)
class Instead:
    """A message the outbox queues in place of (or next to) a row, for the same ticket,
    contact, officer and author. `dedupe_key` makes a retried decision queue it once."""

    channel: str
    recipient: str
    text: str
    dedupe_key: str
    identity: Identity | None = None
    template: str | None = None
    template_params: tuple[str, ...] = ()
    purpose: str | None = None  # default: the row's own


@dataclass(frozen=True)
class Prepared:
    """What a row becomes at send time: the adapter's message, whether the row is
    recorded as sent with that message's template (the citizen got the template, not
    the row's text), and companion messages to queue (e.g. X's DM with the full text)."""

    message: OutboundMessage
    records_template: bool = False
    also: tuple[Instead, ...] = ()


Prepare = Callable[[Outbound, Identity | None, datetime], Prepared]
Fallback = Callable[[Outbound, Identity | None, str, datetime], Instead | None]


@dataclass(frozen=True)
class Rule:
    """A channel's delivery rule: `prepare` before each send, `fallback` after a final
    failure (its argument is the failure reason, channels.base.REASONS)."""

    prepare: Prepare
    fallback: Fallback | None = None


def plain(row: Outbound) -> OutboundMessage:
    """Returns the row as it is: its text (or template) and photos to its recipient."""
    return OutboundMessage(
        channel=row.channel,
        recipient=row.recipient,
        text=row.text,
        reply_to=row.reply_to,
        template=row.template,
        template_params=tuple(row.template_params or ()),
        media_urls=sent_media.urls(row),
    )


def prepare_plain(row: Outbound, identity: Identity | None, now: datetime) -> Prepared:
    """The rule of channels without one (Telegram, e-mail): the row as it is."""
    return Prepared(plain(row))


def window_open(last_inbound: datetime | None, now: datetime, length: timedelta) -> bool:
    """Returns True while a messaging window of `length` since the citizen's last
    message is open, WINDOW_MARGIN before it closes (WhatsApp's 24 h, Meta's 24 h and
    7 days all use this one test)."""
    return last_inbound is not None and now - last_inbound < length - WINDOW_MARGIN
