"""A fake X (Twitter) API v2 server on 127.0.0.1 for tests and the demo.

The API side serves what tweepy.Client calls for the X channel, with X's JSON shapes:
  GET  /2/users/me                              (user auth)
  GET  /2/users/<id>/mentions                   (app or user auth; since_id, until_id,
                                                 max_results, pagination_token)
  POST /2/tweets                                (user auth; 403 on duplicate content)
  GET  /2/dm_events                             (user auth; newest first, paginated)
  POST /2/dm_conversations/with/<id>/messages   (user auth)
App auth is `Authorization: Bearer <bearer_token>`; user auth any OAuth 1.0a header with
the configured consumer key and access token (the signature is not checked). Anything
else answers 401. Every answer carries x-rate-limit-limit/remaining/reset headers.
Point the real client here with XAdapter(..., api_base_url=fake.url).

The citizen side (`citizen_mentions`, `citizen_dms`) creates tweets and DM events the
way X would; X has no webhook here, the application polls.

`/sandbox/...` is this server's own JSON control API, not part of X's:
  POST /sandbox/mention  {"user_id"?, "username", "text", "media"?: [url], "reply_to"?}
  POST /sandbox/dm       {"user_id"?, "username", "text"}
  GET  /sandbox/timeline/<user_id>   the citizen's tweets with our replies, and the DMs
  GET  /sandbox/state    account, counts, revoked flag
  POST /sandbox/reset
Layout: x_store keeps the data, x_api answers the API, this module adds the server,
the citizen side and the control API.

    with FakeX() as fake:
        adapter = XAdapter(fake.bearer_token, fake.consumer_key, ..., api_base_url=fake.url)
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sandbox.base import FakeServer, JsonHandler
from sandbox.x_api import ApiError, XApi

__all__ = ["ApiError", "FakeX"]


class _Handler(JsonHandler["FakeX"]):
    """Routes /2/... to FakeX.handle and /sandbox/... to the control API."""

    keep_blank_values = True
    json_type = "application/json; charset=utf-8"

    def _api(self, path: str, query: dict[str, str], body: bytes) -> None:
        try:
            data = json.loads(body) if body else None
        except ValueError:
            data = None
        fake = self.fake
        status, answer, headers = fake.handle(
            self.command, path, query, data, self.headers.get("Authorization")
        )
        self._json(status, answer, fake.rate_headers() | headers)

    def _control(
        self, route: str, parts: list[str], data: dict[str, Any], query: dict[str, str]
    ) -> Any:
        fake, post = self.fake, self.command == "POST"
        if post and route == "mention":
            tweet = fake.citizen_mentions(
                _opt(data.get("user_id")),
                str(data["username"]),
                str(data["text"]),
                media=[str(url) for url in data.get("media") or []],
                reply_to=_opt(data.get("reply_to")),
                place=_opt(data.get("place")),
            )
            return {"tweet": tweet}
        if post and route == "dm":
            event = fake.citizen_dms(
                _opt(data.get("user_id")), str(data["username"]), str(data["text"])
            )
            return {"dm_event": event}
        if post and route == "reset":
            fake.reset()
            return {"ok": True}
        if not post and route == "state":
            return fake.state()
        if not post and route.startswith("timeline/"):
            return fake.timeline(route.removeprefix("timeline/"))
        return None


class FakeX(XApi, FakeServer):
    """X API v2 server + citizen simulator on 127.0.0.1. Thread-safe."""

    handler = _Handler

    def __init__(
        self,
        account_id: str = "1500000000000000001",
        username: str = "sapawargasby",
        bearer_token: str = "AAAAAAAAAAAAAAAAAAAAASANDBOX",
        consumer_key: str = "sandbox-consumer-key",
        consumer_secret: str = "sandbox-consumer-secret",
        access_token: str = "1500000000000000001-sandboxaccesstoken",
        access_token_secret: str = "sandbox-access-token-secret",
        *,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        super().__init__(account_id, username, bearer_token, consumer_key, access_token)
        self.consumer_secret, self.access_token_secret = consumer_secret, access_token_secret
        FakeServer.__init__(self, host, port)

    @property
    def credentials(self) -> dict[str, str]:
        """The five XAdapter constructor arguments, by name."""
        return {
            "bearer_token": self.bearer_token,
            "consumer_key": self.consumer_key,
            "consumer_secret": self.consumer_secret,
            "access_token": self.access_token,
            "access_token_secret": self.access_token_secret,
        }

    # ------------------------------------------------------------------ citizen side

    def citizen_mentions(
        self,
        user_id: str | None,
        username: str,
        text: str,
        *,
        media: Sequence[str] = (),
        reply_to: str | None = None,
        place: str | None = None,
    ) -> dict[str, Any]:
        """Post a citizen's tweet that mentions our account (`text` must contain
        "@<our username>"). `media` are photo URLs (.mp4/.mov: video); `reply_to` puts it
        in that tweet's conversation; `place` tags a place by full name. `user_id` None
        reuses the id of a known `username` or makes a new one. Returns the stored tweet.
        Raises ValueError without the mention or for an unknown `reply_to`."""
        if f"@{self.username}".lower() not in text.lower():
            raise ValueError(f"a mention must contain @{self.username}")
        with self._lock:
            if reply_to and self.tweet(reply_to) is None:
                raise ValueError(f"no tweet {reply_to} to reply to")
            author = self.user_id_for(username, user_id)
            keys = [self.add_media(author, url) for url in media]
            place_id = self.add_place(place) if place else None
            return dict(
                self.add_tweet(author, text, reply_to=reply_to, media_keys=keys, place_id=place_id)
            )

    def citizen_dms(self, user_id: str | None, username: str, text: str) -> dict[str, Any]:
        """A citizen sends our account a DM. Returns the stored DM event.
        Raises ValueError for empty text."""
        if not text.strip():
            raise ValueError("a DM needs text")
        with self._lock:
            sender = self.user_id_for(username, user_id)
            return dict(self.add_dm(sender, self.account_id, text))

    # ------------------------------------------------------------------ inspection

    def replies_to(self, tweet_id: str) -> list[dict[str, Any]]:
        """Returns the tweets that reply directly to `tweet_id`, oldest first."""
        with self._lock:
            return [
                t
                for t in self.tweets
                if {"type": "replied_to", "id": str(tweet_id)} in t.get("referenced_tweets", [])
            ]

    def dms_with(self, user_id: str) -> list[dict[str, Any]]:
        """Returns the DM events between our account and `user_id`, both directions,
        oldest first."""
        pair = sorted((self.account_id, str(user_id)), key=lambda s: (len(s), s))
        with self._lock:
            return [e for e in self.dm_events if e["dm_conversation_id"] == "-".join(pair)]

    def timeline(self, user_id: str) -> dict[str, Any]:
        """What the citizen sees: their tweets and every tweet in those conversations
        (our public replies included), and the DM conversation, each oldest first.
        Entries have direction "in" (the citizen's) or "out" (ours)."""
        user_id = str(user_id)
        with self._lock:
            own = [t for t in self.tweets if t["author_id"] == user_id]
            threads = {t["conversation_id"] for t in own}
            tweets = [
                self._tweet_summary(t)
                for t in self.tweets
                if t["author_id"] == user_id
                or (t["author_id"] == self.account_id and t["conversation_id"] in threads)
            ]
            dms = [
                {
                    "direction": "out" if e["sender_id"] == self.account_id else "in",
                    "id": e["id"],
                    "text": e["text"],
                    "created_at": e["created_at"],
                }
                for e in self.dms_with(user_id)
            ]
            return {"user": self.users.get(user_id), "tweets": tweets, "dms": dms}

    def state(self) -> dict[str, Any]:
        """Account, counts and switches, for the simulator page and debugging."""
        with self._lock:
            ours = sum(t["author_id"] == self.account_id for t in self.tweets)
            counts = {"tweets": len(self.tweets), "our_tweets": ours}
            counts |= {"dm_events": len(self.dm_events), "users": len(self.users)}
            counts |= {"calls": len(self.calls), "queued_failures": len(self._failures)}
            return {"account": self.users[self.account_id], "counts": counts} | {
                "revoked": self.revoked
            }

    def _tweet_summary(self, tweet: dict[str, Any]) -> dict[str, Any]:
        keys = (tweet.get("attachments") or {}).get("media_keys", [])
        media = [self.media[k].get("url") or self.media[k].get("preview_image_url") for k in keys]
        replied = [r["id"] for r in tweet.get("referenced_tweets", [])]
        return {
            "direction": "out" if tweet["author_id"] == self.account_id else "in",
            "id": tweet["id"],
            "text": self.raw_text[tweet["id"]],
            "created_at": tweet["created_at"],
            "conversation_id": tweet["conversation_id"],
            "in_reply_to": replied[0] if replied else None,
            "media": media,
        }


def _opt(value: Any) -> str | None:
    return None if value in (None, "") else str(value)
