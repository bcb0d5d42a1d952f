"""Delivery: how an outbox row becomes what a provider gets, one module per route.

RULES maps each channel to its rule. `prepare` runs before every send and returns the
adapter's message (a WhatsApp row outside the 24-hour window becomes the approved
template, an X row a neutral public sentence) plus companion messages; `fallback` runs
after a final failure and returns what to send instead (the template, an SMS copy).
Rules never queue anything: the outbox queues what they return. Adapters come from
ticketing.delivery.adapters.

"web" and "open311" (reports from the public side) have no rule and no adapter: nothing
can be sent back on them. ticketing.contacts.reply_identity sends their citizen's updates
to the phone number they left (WhatsApp or SMS, by these rules), and without one no outbox
row is made at all: the public tracking page is their channel."""

from __future__ import annotations

from datetime import datetime

from ticketing.delivery import meta, sms, whatsapp, x
from ticketing.delivery.adapters import adapter, configured
from ticketing.delivery.base import Instead, Prepared, Rule, prepare_plain
from ticketing.models import Identity, Outbound

PLAIN = Rule(prepare_plain)

RULES: dict[str, Rule] = {
    "telegram": PLAIN,
    "email": PLAIN,
    "sms": Rule(sms.prepare),
    "voice": Rule(sms.prepare),  # answers to a phone caller go by SMS
    "whatsapp": Rule(whatsapp.prepare, whatsapp.fallback),
    "whatsapp_cloud": Rule(whatsapp.prepare, whatsapp.fallback),
    "facebook": Rule(meta.prepare, meta.fallback),
    "instagram": Rule(meta.prepare, meta.fallback),
    "x": Rule(x.prepare),
    "x_dm": Rule(prepare_plain, x.dm_fallback),
}


def prepare(row: Outbound, identity: Identity | None, now: datetime) -> Prepared:
    """Returns what to hand to the channel's adapter for `row` (see Prepared)."""
    return RULES.get(row.channel, PLAIN).prepare(row, identity, now)


def fallback(
    row: Outbound, identity: Identity | None, reason: str, now: datetime
) -> Instead | None:
    """Returns what to send in place of a row that failed for good, or None."""
    rule = RULES.get(row.channel, PLAIN).fallback
    return rule(row, identity, reason, now) if rule is not None else None


__all__ = ["RULES", "Instead", "Prepared", "adapter", "configured", "fallback", "prepare"]
