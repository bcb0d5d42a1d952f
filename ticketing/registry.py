"""The channel registry: the one place ticketing reaches provider adapters.

Adapters are built from the app config on first use and cached on the app; the
normalisers are pure functions keyed by the webhook route that stored the event."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from flask import current_app

from channels.base import ChannelError, InboundMessage


def _telegram_normalize(payload: str) -> list[InboundMessage]:
    from channels.telegram import normalize

    return normalize(json.loads(payload))


NORMALIZERS: dict[str, Callable[[str], list[InboundMessage]]] = {
    "telegram": _telegram_normalize,
}


# Routes whose events are not (only) citizen messages, e.g. delivery statuses: route ->
# handler(event) returning an outcome; ticketing.jobs runs it after ingesting the
# event's messages, in the same transaction.
HANDLERS: dict[str, Callable[[Any], str]] = {}


def normalize(route: str, payload: str) -> list[InboundMessage]:
    """Returns the messages in a stored raw event; raises ValueError when unreadable."""
    try:
        return NORMALIZERS[route](payload)
    except KeyError as exc:
        raise ValueError(f"no normaliser for route {route!r}") from exc


def _build_telegram(cfg: dict[str, Any]) -> Any:
    from channels.telegram import TelegramAdapter

    if not cfg["TELEGRAM_BOT_TOKEN"]:
        return None
    return TelegramAdapter(cfg["TELEGRAM_BOT_TOKEN"], base_url=cfg["TELEGRAM_API_BASE_URL"])


def _build_email(cfg: dict[str, Any]) -> Any:
    from channels.email import EmailAdapter

    return EmailAdapter(cfg["SMTP_URL"], cfg["EMAIL_FROM"]) if cfg["SMTP_URL"] else None


BUILDERS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "telegram": _build_telegram,
    "email": _build_email,
}


def adapter(channel: str) -> Any:
    """Returns the configured adapter for `channel`.

    Raises ChannelError(permanent) when the channel has no adapter or no credentials."""
    cache: dict[str, Any] = current_app.extensions.setdefault("adapters", {})
    if channel not in cache:
        builder = BUILDERS.get(channel)
        cache[channel] = builder(current_app.config) if builder else None
    if cache[channel] is None:
        raise ChannelError(f"channel {channel!r} is not configured", permanent=True, code="config")
    return cache[channel]


# X, Facebook and Instagram (importing it also installs their delivery rules).
from ticketing import registry_social  # noqa: E402

NORMALIZERS.update(registry_social.NORMALIZERS)
BUILDERS.update(registry_social.BUILDERS)

# SMS, WhatsApp (Twilio and the Cloud API) and voice.
from ticketing import registry_phone  # noqa: E402

NORMALIZERS.update(registry_phone.NORMALIZERS)
BUILDERS.update(registry_phone.BUILDERS)
HANDLERS.update(registry_phone.HANDLERS)
