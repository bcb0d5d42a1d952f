"""Pure parts of the X channel: API v2 pages and Account Activity payloads to
InboundMessages, the webhook CRC and signature (the weighted tweet length: channels.x_length).

Nothing here does I/O; channels.x re-exports the public names.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import re
from datetime import UTC, datetime
from typing import Any

from channels.base import Attachment, InboundMessage, Location, epoch

CHANNEL = "x"
DM_CHANNEL = "x_dm"
_V1_TIME = "%a %b %d %H:%M:%S %z %Y"  # Account Activity (v1.1) "Wed Oct 10 20:19:24 +0000 2018"


# --------------------------------------------------------------------------- webhook


# X signs its POSTs and answers its CRC with the same key and formula, so an endpoint that
# answered the CRC for any text would sign any body an attacker chose (send the body as the
# crc_token, replay the answer as the POST's signature). X lets us pick neither another key
# nor another formula, so the two input sets are kept apart instead: a CRC token is only
# ever short base64/hex/uuid text (never "{"), and a POST is only ever read when its body is
# a JSON object (always "{"). No body we read is a token we would sign.
CRC_TOKEN = re.compile(r"[A-Za-z0-9+/=_-]{1,256}")


def is_crc_token(text: str) -> bool:
    """Returns True when `text` has the shape of an X CRC token (and so may be answered)."""
    return CRC_TOKEN.fullmatch(text) is not None


def is_event_body(raw_body: bytes) -> bool:
    """Returns True when `raw_body` can be an Account Activity event: a JSON object. Such a
    body is never a CRC token, so no CRC answer is its signature."""
    return raw_body.lstrip(b" \t\r\n").startswith(b"{")


def crc_response(crc_token: str, consumer_secret: str) -> dict[str, str]:
    """Returns the JSON answer to an Account Activity CRC check:
    {"response_token": "sha256=" + base64(HMAC-SHA256(consumer_secret, crc_token))}.
    Raises ValueError for anything that is not token-shaped (see CRC_TOKEN)."""
    if not is_crc_token(crc_token):
        raise ValueError("not a CRC token")
    digest = hmac.new(consumer_secret.encode(), crc_token.encode(), hashlib.sha256).digest()
    return {"response_token": "sha256=" + base64.b64encode(digest).decode()}


def verify_signature(consumer_secret: str, raw_body: bytes, header: str | None) -> bool:
    """Returns True when `header` (x-twitter-webhooks-signature) is
    "sha256=" + base64(HMAC-SHA256(consumer_secret, raw_body)); compared in constant time.
    A missing or malformed header is False."""
    if not header or not consumer_secret or not is_event_body(raw_body):
        return False
    digest = hmac.new(consumer_secret.encode(), raw_body, hashlib.sha256).digest()
    expected = "sha256=" + base64.b64encode(digest).decode()
    return hmac.compare_digest(expected.encode(), header.strip().encode())


# --------------------------------------------------------------------------- API v2


def parse_mentions(page: dict[str, Any], account_id: str) -> list[InboundMessage]:
    """Parse one page of GET /2/users/:id/mentions (the JSON dict, with includes).

    Returns one InboundMessage per tweet, in the page's order (newest first), skipping
    tweets by `account_id` and retweets. Raises ValueError on a tweet without an id.
    """
    includes = page.get("includes") or {}
    users = {u["id"]: u for u in includes.get("users") or [] if "id" in u}
    media = {m["media_key"]: m for m in includes.get("media") or [] if "media_key" in m}
    places = {p["id"]: p for p in includes.get("places") or [] if "id" in p}
    messages = []
    for tweet in page.get("data") or []:
        if not tweet.get("id"):
            raise ValueError("tweet without id")
        author = str(tweet.get("author_id") or "")
        refs = tweet.get("referenced_tweets") or []
        if author == account_id or any(r.get("type") == "retweeted" for r in refs):
            continue
        messages.append(_from_v2_tweet(tweet, users.get(author, {}), media, places))
    return messages


def _from_v2_tweet(
    tweet: dict[str, Any],
    user: dict[str, Any],
    media: dict[str, dict[str, Any]],
    places: dict[str, dict[str, Any]],
) -> InboundMessage:
    entities = tweet.get("entities") or {}
    text, urls = _strip_media_links(html.unescape(tweet.get("text") or ""), entities)
    attachments = [
        _v2_attachment(media[key])
        for key in (tweet.get("attachments") or {}).get("media_keys") or []
        if key in media
    ]
    geo = tweet.get("geo") or {}
    meta: dict[str, Any] = {
        "username": user.get("username"),
        "name": user.get("name"),
        "conversation_id": tweet.get("conversation_id"),
        "urls": urls,
        "in_reply_to_user_id": tweet.get("in_reply_to_user_id"),
    }
    replied = [
        r["id"] for r in tweet.get("referenced_tweets") or [] if r.get("type") == "replied_to"
    ]
    if replied:
        meta["in_reply_to_tweet_id"] = replied[0]
    place = places.get(geo.get("place_id") or "")
    if place is not None:
        meta["place"] = _place(place.get("id"), place.get("full_name"), place.get("geo"))
    return InboundMessage(
        channel=CHANNEL,
        external_id=str(tweet["id"]),
        sender_id=str(tweet.get("author_id") or ""),
        sent_at=parse_time(tweet.get("created_at")),
        text=text,
        sender_name=_handle(user.get("username"), user.get("name")),
        attachments=tuple(a for a in attachments if a is not None),
        location=_point(geo.get("coordinates")),
        public=True,
        thread_id=tweet.get("conversation_id"),
        meta=meta,
    )


def parse_dm_events(page: dict[str, Any], account_id: str) -> list[InboundMessage]:
    """Parse one page of GET /2/dm_events. Returns one InboundMessage per MessageCreate
    event not sent by `account_id`, in the page's order (newest first)."""
    includes = page.get("includes") or {}
    users = {u["id"]: u for u in includes.get("users") or [] if "id" in u}
    media = {m["media_key"]: m for m in includes.get("media") or [] if "media_key" in m}
    messages = []
    for event in page.get("data") or []:
        sender = str(event.get("sender_id") or "")
        if event.get("event_type", "MessageCreate") != "MessageCreate" or not sender:
            continue
        if sender == account_id:
            continue
        user = users.get(sender, {})
        keys = (event.get("attachments") or {}).get("media_keys") or []
        attachments = [_v2_attachment(media[key]) for key in keys if key in media]
        conversation = event.get("dm_conversation_id")
        messages.append(
            InboundMessage(
                channel=DM_CHANNEL,
                external_id=str(event["id"]),
                sender_id=sender,
                sent_at=parse_time(event.get("created_at")),
                text=event.get("text") or "",
                sender_name=_handle(user.get("username"), user.get("name")),
                attachments=tuple(a for a in attachments if a is not None),
                thread_id=conversation,
                meta={"username": user.get("username"), "dm_conversation_id": conversation},
            )
        )
    return messages


def split_page(page: dict[str, Any], account_id: str) -> list[dict[str, Any]]:
    """Splits one API v2 page (mentions or DM events) into single-item pages, each with
    only its own `includes` (author/sender, media, place) and `for_user_id` = our
    account id, so one item can be stored raw and parsed later with parse_mentions /
    parse_dm_events. Returns them in the page's order."""
    includes = page.get("includes") or {}
    users = {u["id"]: u for u in includes.get("users") or [] if "id" in u}
    media = {m["media_key"]: m for m in includes.get("media") or [] if "media_key" in m}
    places = {p["id"]: p for p in includes.get("places") or [] if "id" in p}
    items = []
    for obj in page.get("data") or []:
        own: dict[str, list[dict[str, Any]]] = {}
        who = str(obj.get("author_id") or obj.get("sender_id") or "")
        if who in users:
            own["users"] = [users[who]]
        keys = (obj.get("attachments") or {}).get("media_keys") or []
        if found := [media[key] for key in keys if key in media]:
            own["media"] = found
        place = (obj.get("geo") or {}).get("place_id")
        if place in places:
            own["places"] = [places[place]]
        items.append({"for_user_id": account_id, "data": [obj], "includes": own})
    return items


def _v2_attachment(item: dict[str, Any]) -> Attachment | None:
    kind = item.get("type")
    if kind == "photo" and item.get("url"):
        return Attachment("photo", item["url"])
    if kind in ("video", "animated_gif"):
        mp4 = [v for v in item.get("variants") or [] if v.get("content_type") == "video/mp4"]
        if mp4:
            best = max(mp4, key=lambda v: v.get("bit_rate") or 0)
            return Attachment("video", best["url"], "video/mp4")
        if item.get("preview_image_url"):  # no playable URL without the variants field
            return Attachment("video", item["preview_image_url"])
    return None


def _strip_media_links(text: str, entities: dict[str, Any]) -> tuple[str, list[str]]:
    """X appends a t.co link per attached photo/video; drop those from the text.
    Returns (text, expanded URLs of the other links)."""
    urls = []
    for entity in entities.get("urls") or []:
        if entity.get("media_key"):
            text = text.replace(entity.get("url") or "\0", "")
        else:
            urls.append(entity.get("unwound_url") or entity.get("expanded_url") or entity["url"])
    return text.strip(), urls


# --------------------------------------------------------------------------- Account Activity


def normalize_activity(payload: dict[str, Any], account_user_id: str) -> list[InboundMessage]:
    """Parse one Account Activity webhook payload (v1.1 shapes).

    Returns InboundMessages for `tweet_create_events` that mention or reply to
    `account_user_id` (channel "x"), and `direct_message_events` of type message_create
    not sent by it (channel "x_dm"); everything else (our own tweets, retweets,
    favourites, follows, typing indicators, other accounts' payloads) gives [].
    Raises ValueError when `payload` is not a JSON object.
    """
    if not isinstance(payload, dict):
        raise ValueError("Account Activity payload must be a JSON object")
    if str(payload.get("for_user_id") or account_user_id) != account_user_id:
        return []
    messages = [
        _from_v1_tweet(tweet)
        for tweet in payload.get("tweet_create_events") or []
        if _mentions_us(tweet, account_user_id)
    ]
    users = payload.get("users") or {}
    for event in payload.get("direct_message_events") or []:
        create = event.get("message_create") or {}
        sender = str(create.get("sender_id") or "")
        if event.get("type") != "message_create" or not sender or sender == account_user_id:
            continue
        messages.append(_from_v1_dm(event, create, users.get(sender) or {}, account_user_id))
    return messages


def _mentions_us(tweet: dict[str, Any], account_id: str) -> bool:
    user = tweet.get("user") or {}
    if str(user.get("id_str") or user.get("id") or "") == account_id:
        return False
    if tweet.get("retweeted_status") is not None:
        return False
    entities = (tweet.get("extended_tweet") or {}).get("entities") or tweet.get("entities") or {}
    mentioned = {str(m.get("id_str") or m.get("id")) for m in entities.get("user_mentions") or []}
    return account_id in mentioned or str(tweet.get("in_reply_to_user_id_str")) == account_id


def _from_v1_tweet(tweet: dict[str, Any]) -> InboundMessage:
    extended = tweet.get("extended_tweet") or {}
    text = html.unescape(extended.get("full_text") or tweet.get("text") or "")
    entities = extended.get("entities") or tweet.get("entities") or {}
    media = (
        (extended.get("extended_entities") or tweet.get("extended_entities") or {}).get("media")
        or entities.get("media")
        or []
    )
    for item in media:  # X appends one t.co link for all attached media
        text = text.replace(item.get("url") or "\0", "")
    user = tweet.get("user") or {}
    tweet_id = str(tweet.get("id_str") or tweet.get("id"))
    # v1.1 tweets carry no conversation id: a tweet that replies to nothing starts its
    # own conversation; for a reply the root is unknown (meta has the parent's id).
    reply_to = tweet.get("in_reply_to_status_id_str")
    conversation = None if reply_to else tweet_id
    meta: dict[str, Any] = {
        "username": user.get("screen_name"),
        "name": user.get("name"),
        "conversation_id": conversation,
        "urls": [u.get("expanded_url") or u.get("url") for u in entities.get("urls") or []],
        "in_reply_to_user_id": tweet.get("in_reply_to_user_id_str"),
    }
    if reply_to:
        meta["in_reply_to_tweet_id"] = str(reply_to)
    place = tweet.get("place")
    if place:
        meta["place"] = _place(place.get("id"), place.get("full_name"), place.get("bounding_box"))
    return InboundMessage(
        channel=CHANNEL,
        external_id=tweet_id,
        sender_id=str(user.get("id_str") or user.get("id") or ""),
        sent_at=parse_time(tweet.get("created_at")),
        text=text.strip(),
        sender_name=_handle(user.get("screen_name"), user.get("name")),
        attachments=tuple(a for a in map(_v1_attachment, media) if a is not None),
        location=_point(tweet.get("coordinates")),
        public=True,
        thread_id=conversation,
        meta=meta,
    )


def _from_v1_dm(
    event: dict[str, Any], create: dict[str, Any], user: dict[str, Any], account_id: str
) -> InboundMessage:
    data = create.get("message_data") or {}
    sender = str(create["sender_id"])
    text = data.get("text") or ""
    media = (data.get("attachment") or {}).get("media")
    attachment = _v1_attachment(media) if media else None
    if media and media.get("url"):
        text = text.replace(media["url"], "")
    # The same "<smaller id>-<larger id>" form API v2 uses for one-to-one conversations.
    conversation = "-".join(sorted((sender, account_id), key=lambda s: (len(s), s)))
    stamp = event.get("created_timestamp")
    sent_at = epoch(stamp, "created_timestamp", 1000) if stamp else datetime.fromtimestamp(0, UTC)
    return InboundMessage(
        channel=DM_CHANNEL,
        external_id=str(event["id"]),
        sender_id=sender,
        sent_at=sent_at,
        text=text.strip(),
        sender_name=_handle(user.get("screen_name"), user.get("name")),
        attachments=(attachment,) if attachment else (),
        thread_id=conversation,
        meta={"username": user.get("screen_name"), "dm_conversation_id": conversation},
    )


def _v1_attachment(item: dict[str, Any]) -> Attachment | None:
    kind = item.get("type")
    if kind == "photo":
        url = item.get("media_url_https") or item.get("media_url")
        return Attachment("photo", url) if url else None
    if kind in ("video", "animated_gif"):
        variants = (item.get("video_info") or {}).get("variants") or []
        mp4 = [v for v in variants if v.get("content_type") == "video/mp4"]
        if mp4:
            best = max(mp4, key=lambda v: v.get("bitrate") or 0)
            return Attachment("video", best["url"], "video/mp4")
    return None


# --------------------------------------------------------------------------- helpers


def parse_time(value: str | None) -> datetime:
    """Returns an aware UTC datetime from an API v2 ("2024-05-01T03:04:05.000Z") or v1.1
    ("Wed May 01 03:04:05 +0000 2024") timestamp. Raises ValueError when missing/invalid."""
    if not value:
        raise ValueError("missing created_at")
    if value[:4].isdigit():
        return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)
    return datetime.strptime(value, _V1_TIME).astimezone(UTC)


def _handle(username: str | None, name: str | None) -> str | None:
    return f"@{username}" if username else (name or None)


def _point(geo: dict[str, Any] | None) -> Location | None:
    """A GeoJSON Point ([longitude, latitude]) as a Location, else None."""
    if not geo or geo.get("type") != "Point":
        return None
    lon, lat = geo["coordinates"][:2]
    return Location(latitude=float(lat), longitude=float(lon))


def _place(place_id: Any, full_name: Any, geo: dict[str, Any] | None) -> dict[str, Any]:
    """A place as meta: id, full_name and bbox [west, south, east, north] when known."""
    bbox = (geo or {}).get("bbox")
    coords = (geo or {}).get("coordinates")  # v1.1 bounding_box polygon
    if bbox is None and coords:
        lons = [p[0] for p in coords[0]]
        lats = [p[1] for p in coords[0]]
        bbox = [min(lons), min(lats), max(lons), max(lats)]
    return {"id": place_id, "full_name": full_name, "bbox": bbox}
