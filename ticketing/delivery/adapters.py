"""The adapter builders: the one place ticketing reaches provider adapters.

Adapters are built from the app config on first use and cached on the app. A channel
without credentials has no adapter. "sms", "whatsapp" and "voice" share one Twilio
adapter (voice needs it to download recordings and to answer callers by SMS)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app

from channels.base import CONFIG, CONNECT_TIMEOUT, ChannelError


def _timeout(cfg: dict[str, Any]) -> tuple[float, float]:
    """(connect, answer) seconds for a provider call."""
    answer = float(cfg["SEND_TIMEOUT_SECONDS"])
    return min(CONNECT_TIMEOUT, answer), answer


def _telegram(cfg: dict[str, Any]) -> Any:
    from channels.telegram import TelegramAdapter

    if not cfg["TELEGRAM_BOT_TOKEN"]:
        return None
    return TelegramAdapter(
        cfg["TELEGRAM_BOT_TOKEN"],
        base_url=cfg["TELEGRAM_API_BASE_URL"],
        timeout=_timeout(cfg)[1],
    )


def _email(cfg: dict[str, Any]) -> Any:
    from channels.email import EmailAdapter

    return EmailAdapter(cfg["SMTP_URL"], cfg["EMAIL_FROM"]) if cfg["SMTP_URL"] else None


def status_callback_url(cfg: dict[str, Any]) -> str:
    """Returns the public URL Twilio posts delivery statuses to."""
    return cfg["PUBLIC_BASE_URL"].rstrip("/") + "/webhooks/twilio/status"


def _twilio(cfg: dict[str, Any]) -> Any:
    from channels.twilio_adapter import TwilioMessagingAdapter

    if not (cfg["TWILIO_ACCOUNT_SID"] and cfg["TWILIO_AUTH_TOKEN"]):
        return None
    cache: dict[str, Any] = current_app.extensions.setdefault("adapters", {})
    if cache.get("_twilio") is None:
        cache["_twilio"] = TwilioMessagingAdapter(
            cfg["TWILIO_ACCOUNT_SID"],
            cfg["TWILIO_AUTH_TOKEN"],
            cfg["TWILIO_SMS_FROM"],
            cfg["TWILIO_WHATSAPP_FROM"],
            api_base_url=cfg["TWILIO_API_BASE_URL"] or None,
            status_callback=status_callback_url(cfg),
            timeout=_timeout(cfg)[1],
        )
    return cache["_twilio"]


def _whatsapp_cloud(cfg: dict[str, Any]) -> Any:
    from channels.whatsapp_cloud import WhatsAppCloudAdapter

    if not (cfg["WHATSAPP_ACCESS_TOKEN"] and cfg["WHATSAPP_PHONE_NUMBER_ID"]):
        return None
    return WhatsAppCloudAdapter(
        cfg["WHATSAPP_ACCESS_TOKEN"],
        cfg["WHATSAPP_PHONE_NUMBER_ID"],
        base_url=cfg["GRAPH_API_BASE_URL"],
        timeout=_timeout(cfg),
    )


X_KEYS = ("X_CONSUMER_KEY", "X_CONSUMER_SECRET", "X_ACCESS_TOKEN", "X_ACCESS_TOKEN_SECRET")


def _x(cfg: dict[str, Any]) -> Any:
    from channels.x import XAdapter

    if not all(cfg.get(key) for key in X_KEYS):
        return None
    return XAdapter(
        cfg.get("X_BEARER_TOKEN") or None,
        *(cfg[key] for key in X_KEYS),
        account_user_id=cfg.get("X_ACCOUNT_ID") or None,
        api_base_url=cfg.get("X_API_BASE_URL") or None,
        timeout=_timeout(cfg),
    )


def _meta(channel: str, id_key: str) -> Callable[[dict[str, Any]], Any]:
    def build(cfg: dict[str, Any]) -> Any:
        from channels.meta import MetaMessengerAdapter

        if not (cfg.get("META_PAGE_ACCESS_TOKEN") and cfg.get(id_key)):
            return None
        return MetaMessengerAdapter(
            cfg["META_PAGE_ACCESS_TOKEN"],
            cfg[id_key],
            channel=channel,
            base_url=cfg["GRAPH_API_BASE_URL"],
            timeout=_timeout(cfg),
        )

    return build


BUILDERS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "telegram": _telegram,
    "email": _email,
    "sms": _twilio,
    "whatsapp": _twilio,
    "voice": _twilio,
    "whatsapp_cloud": _whatsapp_cloud,
    "x": _x,
    "x_dm": _x,
    "facebook": _meta("facebook", "META_PAGE_ID"),
    "instagram": _meta("instagram", "META_IG_ID"),
}


def adapter(channel: str) -> Any:
    """Returns the configured adapter for `channel`.

    Raises ChannelError(permanent, reason "config") when the channel has no adapter or
    no credentials."""
    cache: dict[str, Any] = current_app.extensions.setdefault("adapters", {})
    if channel not in cache:
        builder = BUILDERS.get(channel)
        cache[channel] = builder(current_app.config) if builder else None
    if cache[channel] is None:
        raise ChannelError(
            f"channel {channel!r} is not configured", permanent=True, code="config", reason=CONFIG
        )
    return cache[channel]


def configured(channel: str) -> bool:
    """Returns True when `channel` has an adapter here."""
    try:
        adapter(channel)
    except ChannelError:
        return False
    return True
