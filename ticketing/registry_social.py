"""Registry entries for X, Facebook and Instagram: normalisers for the stored raw
events and adapter builders. ticketing.registry merges them in; importing this module
also installs the channels' delivery rules (public X replies, Meta's 24-hour rule).

Routes (InboundEvent.channel):
  "x"          one mention as a single-tweet API v2 page (polled)
  "x_dm"       one DM event as a single-event API v2 page (polled)
  "x_activity" one Account Activity webhook body (tweets and DMs, v1.1 shapes)
  "meta"       one Messenger Platform webhook body (object "page" or "instagram")"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from flask import current_app

from channels.base import InboundMessage
from ticketing import delivery_meta, delivery_x  # noqa: F401  (register delivery rules)
from ticketing.privacy import find_personal_data


def flag_personal_data(messages: list[InboundMessage]) -> list[InboundMessage]:
    """Returns `messages` with meta["pii"] = the kinds of personal data found in each
    public message (ingest flags the ticket; replies ask to hide the post)."""
    flagged = []
    for message in messages:
        kinds = find_personal_data(message.text) if message.public else []
        flagged.append(replace(message, meta={**message.meta, "pii": kinds}) if kinds else message)
    return flagged


def _object(payload: str) -> dict[str, Any]:
    data = json.loads(payload)
    if not isinstance(data, dict):
        raise ValueError("payload is not a JSON object")
    return data


def _x_mention(payload: str) -> list[InboundMessage]:
    from channels.x_parse import parse_mentions

    data = _object(payload)
    return flag_personal_data(parse_mentions(data, str(data["for_user_id"])))


def _x_dm(payload: str) -> list[InboundMessage]:
    from channels.x_parse import parse_dm_events

    data = _object(payload)
    return parse_dm_events(data, str(data["for_user_id"]))


def _x_activity(payload: str) -> list[InboundMessage]:
    from channels.x_parse import normalize_activity

    data = _object(payload)
    account = str(data.get("for_user_id") or current_app.config["X_ACCOUNT_ID"])
    return flag_personal_data(normalize_activity(data, account))


def _meta(payload: str) -> list[InboundMessage]:
    from channels.meta import normalize

    return normalize(_object(payload))


NORMALIZERS: dict[str, Callable[[str], list[InboundMessage]]] = {
    "x": _x_mention,
    "x_dm": _x_dm,
    "x_activity": _x_activity,
    "meta": _meta,
}


def _build_x(cfg: dict[str, Any]) -> Any:
    from channels.x import XAdapter

    keys = ("X_CONSUMER_KEY", "X_CONSUMER_SECRET", "X_ACCESS_TOKEN", "X_ACCESS_TOKEN_SECRET")
    if not all(cfg.get(key) for key in keys):
        return None
    return XAdapter(
        cfg.get("X_BEARER_TOKEN") or None,
        *(cfg[key] for key in keys),
        account_user_id=cfg.get("X_ACCOUNT_ID") or None,
        api_base_url=cfg.get("X_API_BASE_URL") or None,
    )


def _build_meta(channel: str, id_key: str) -> Callable[[dict[str, Any]], Any]:
    def build(cfg: dict[str, Any]) -> Any:
        from channels.meta import MetaMessengerAdapter

        if not (cfg.get("META_PAGE_ACCESS_TOKEN") and cfg.get(id_key)):
            return None
        return MetaMessengerAdapter(
            cfg["META_PAGE_ACCESS_TOKEN"],
            cfg[id_key],
            channel=channel,
            base_url=cfg["GRAPH_API_BASE_URL"],
        )

    return build


BUILDERS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "x": _build_x,
    "x_dm": _build_x,
    "facebook": _build_meta("facebook", "META_PAGE_ID"),
    "instagram": _build_meta("instagram", "META_IG_ID"),
}
