"""The X sandbox's in-memory store: users, tweets, media, places and DM events, kept in
API v2 shapes with every field filled in (the API layer selects what was asked for)."""

from __future__ import annotations

import hashlib
import re
import threading
import time
from datetime import UTC, datetime
from typing import Any

TWEPOCH_MS = 1288834974657  # X snowflake epoch
# Places a citizen may tag (full_name -> place); bbox is [west, south, east, north].
KNOWN_PLACES = {
    "Surabaya, Indonesia": ("1d2f8a4c6b3e5f70", "city", [112.5994, -7.3525, 112.8466, -7.1897]),
    "Taman Bungkul": ("8a1c2e4f6b7d9e01", "poi", [112.7395, -7.2925, 112.7405, -7.2915]),
}


def iso(epoch: float) -> str:
    """API v2 timestamp: "2026-01-31T03:04:05.000Z"."""
    moment = datetime.fromtimestamp(epoch, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


class XStore:
    """State of the fake X. Callers hold `_lock` (an RLock) around changes."""

    def __init__(self, account_id: str, username: str) -> None:
        self.account_id, self.username = account_id, username
        self._lock = threading.RLock()
        self.reset()

    def reset(self) -> None:
        """Forget every tweet, DM, medium, place and user except our own account."""
        with self._lock:
            ours = {"id": self.account_id, "name": "Media Center Surabaya"}
            self.users: dict[str, dict[str, Any]] = {
                self.account_id: ours | {"username": self.username}
            }
            self.tweets: list[dict[str, Any]] = []  # every tweet, ours included, oldest first
            self.dm_events: list[dict[str, Any]] = []  # oldest first
            self.media: dict[str, dict[str, Any]] = {}
            self.places: dict[str, dict[str, Any]] = {}
            self.raw_text: dict[str, str] = {}  # tweet id -> text as posted (unescaped)
            self.posted_at: dict[str, float] = {}  # tweet id -> unix time
            self._last_id = 0
            self._next_user = 1600000000000000001

    # ------------------------------------------------------------------ lookups

    def next_id(self) -> str:
        """A new snowflake-like id: milliseconds since X's epoch << 22, always increasing."""
        with self._lock:
            candidate = (int(time.time() * 1000) - TWEPOCH_MS) << 22
            self._last_id = max(candidate, self._last_id + 1)
            return str(self._last_id)

    def tweet(self, tweet_id: str) -> dict[str, Any] | None:
        """Returns the stored tweet with this id, or None."""
        with self._lock:
            return next((t for t in self.tweets if t["id"] == str(tweet_id)), None)

    def user_id_for(self, username: str, user_id: str | None = None) -> str:
        """Returns `user_id` (registering the user), else the id of a known `username`,
        else a new id for a new user."""
        username = username.lstrip("@")
        with self._lock:
            if user_id is None:
                known = [u["id"] for u in self.users.values() if u["username"] == username]
                if known:
                    return known[0]
                user_id = str(self._next_user)
                self._next_user += 1
            user_id = str(user_id)
            user = self.users.setdefault(user_id, {"id": user_id, "name": username})
            user["username"] = username
            return user_id

    # ------------------------------------------------------------------ writers

    def add_media(self, author_id: str, url: str) -> str:
        """Register an attached photo (or video, for .mp4/.mov URLs). Returns its key."""
        with self._lock:
            media_id = self.next_id()
            if url.lower().endswith((".mp4", ".mov")):
                key = f"7_{media_id}"
                variant = {"bit_rate": 2176000, "content_type": "video/mp4", "url": url}
                preview = f"https://pbs.twimg.com/ext_tw_video_thumb/{media_id}/pu/img/p.jpg"
                self.media[key] = {"media_key": key, "type": "video", "variants": [variant]}
                self.media[key]["preview_image_url"] = preview
            else:
                key = f"3_{media_id}"
                self.media[key] = {"media_key": key, "type": "photo", "url": url}
            return key

    def add_place(self, full_name: str) -> str:
        """Register a place by name (KNOWN_PLACES have real boxes). Returns its id."""
        place_id, kind, bbox = KNOWN_PLACES.get(
            full_name, (hashlib.sha1(full_name.encode()).hexdigest()[:16], "city", None)
        )
        place: dict[str, Any] = {"id": place_id, "full_name": full_name, "place_type": kind}
        place |= {"name": full_name.split(",")[0], "country_code": "ID", "country": "Indonesia"}
        if bbox:
            place["geo"] = {"type": "Feature", "bbox": bbox, "properties": {}}
        with self._lock:
            self.places[place_id] = place
        return place_id

    def add_tweet(
        self,
        author_id: str,
        text: str,
        *,
        reply_to: str | None = None,
        media_keys: list[str] | None = None,
        place_id: str | None = None,
    ) -> dict[str, Any]:
        """Store a tweet with every v2 field filled in (entities from the text; a reply
        joins its parent's conversation). Like X, `&`, `<`, `>` are HTML-escaped in the
        text and attached media add a t.co link at its end. Returns the tweet."""
        with self._lock:
            tweet_id, now = self.next_id(), time.time()
            escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            tweet: dict[str, Any] = {"id": tweet_id, "text": escaped, "author_id": author_id}
            tweet |= {"created_at": iso(now), "conversation_id": tweet_id}
            tweet["edit_history_tweet_ids"] = [tweet_id]
            parent = self.tweet(reply_to) if reply_to else None
            if parent is not None:
                tweet["conversation_id"] = parent["conversation_id"]
                tweet["in_reply_to_user_id"] = parent["author_id"]
                tweet["referenced_tweets"] = [{"type": "replied_to", "id": parent["id"]}]
            entities = _entities(escaped, self.users)
            if media_keys:
                tweet["attachments"] = {"media_keys": list(media_keys)}
                link = f"https://t.co/m{tweet_id[-9:]}"
                start = len(escaped) + 1
                tweet["text"] = f"{escaped} {link}"
                username = self.users.get(author_id, {}).get("username", "i")
                kind = "photo" if self.media[media_keys[0]]["type"] == "photo" else "video"
                entity = {"start": start, "end": start + len(link), "url": link}
                entity["expanded_url"] = f"https://x.com/{username}/status/{tweet_id}/{kind}/1"
                entity |= {"display_url": f"pic.x.com/m{tweet_id[-9:]}", "media_key": media_keys[0]}
                entities.setdefault("urls", []).append(entity)
            if entities:
                tweet["entities"] = entities
            if place_id:
                tweet["geo"] = {"place_id": place_id}
            self.tweets.append(tweet)
            self.raw_text[tweet_id], self.posted_at[tweet_id] = text, now
            return tweet

    def add_dm(self, sender_id: str, recipient_id: str, text: str) -> dict[str, Any]:
        """Store one MessageCreate DM event in the one-to-one conversation
        "<smaller id>-<larger id>". Returns the event."""
        pair = sorted((str(sender_id), str(recipient_id)), key=lambda s: (len(s), s))
        with self._lock:
            event = {"id": self.next_id(), "event_type": "MessageCreate", "text": text}
            event |= {"sender_id": str(sender_id), "dm_conversation_id": "-".join(pair)}
            event["created_at"] = iso(time.time())
            self.dm_events.append(event)
            return event


def _entities(text: str, users: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """mentions, urls and hashtags entities for `text`, with X's start/end offsets."""
    by_name = {u["username"].lower(): u["id"] for u in users.values()}
    entities: dict[str, Any] = {}
    for match in re.finditer(r"(?<!\w)@(\w{1,15})", text):
        mention = {"start": match.start(), "end": match.end(), "username": match.group(1)}
        if match.group(1).lower() in by_name:
            mention["id"] = by_name[match.group(1).lower()]
        entities.setdefault("mentions", []).append(mention)
    for match in re.finditer(r"https?://[^\s<>\"]+", text):
        url = match.group(0)
        entity = {"start": match.start(), "end": match.end(), "url": url, "expanded_url": url}
        entity["display_url"] = url.split("://", 1)[1][:26]
        entities.setdefault("urls", []).append(entity)
    for match in re.finditer(r"(?<!\w)#(\w+)", text):
        tag = {"start": match.start(), "end": match.end(), "tag": match.group(1)}
        entities.setdefault("hashtags", []).append(tag)
    return entities
