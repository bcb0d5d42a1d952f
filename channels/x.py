"""X (Twitter) channel: poll mentions and DMs, send public replies and DMs (API v2).

`XAdapter` wraps one tweepy.Client. Polling is the baseline (the Account Activity
webhook needs an expensive tier and is being deprecated): `fetch_mentions(since_id)`
and `fetch_dms(since_event_id)` return the new messages oldest first plus the cursor to
persist. Mentions are public: the app must keep personal data out of replies and
keep them within 280 weighted characters (`fits_tweet`).

Every provider failure leaves as a ChannelError (see `_translate`); rate limits are
never waited out inside a call (`wait_on_rate_limit` stays off).

The pure helpers (API v2 page parsing, Account Activity `normalize_activity`, the CRC
answer, `verify_signature`) live in channels.x_parse, the tweet length in channels.x_length;
both are re-exported.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

import requests
import tweepy
from requests.adapters import HTTPAdapter

from channels.base import (
    AUTH,
    CONNECT_TIMEOUT,
    RATE_LIMITED,
    RECIPIENT_UNREACHABLE,
    SEND_TIMEOUT,
    WINDOW_CLOSED,
    ChannelError,
    InboundMessage,
    OutboundMessage,
    SendResult,
    maybe_sent,
)
from channels.x_length import fits_tweet, tweet_length
from channels.x_media import fetch_media
from channels.x_parse import (
    CHANNEL,
    DM_CHANNEL,
    crc_response,
    normalize_activity,
    parse_dm_events,
    parse_mentions,
    parse_time,
    split_page,
    verify_signature,
)

__all__ = [
    "CHANNEL",
    "DM_CHANNEL",
    "XAdapter",
    "crc_response",
    "fits_tweet",
    "normalize_activity",
    "parse_dm_events",
    "parse_mentions",
    "parse_time",
    "split_page",
    "tweet_length",
    "verify_signature",
]

API_HOSTS = ("https://api.twitter.com", "https://api.x.com")  # tweepy hard-codes the first
MAX_PAGES = 10  # per poll; 10 x 100 mentions is far beyond one poll interval's traffic
MAX_DM_LENGTH = 10_000
MENTION_FIELDS: dict[str, list[str]] = {
    "expansions": ["author_id", "attachments.media_keys", "geo.place_id"],
    "tweet_fields": [
        "created_at",
        "conversation_id",
        "author_id",
        "entities",
        "attachments",
        "in_reply_to_user_id",
        "referenced_tweets",
        "geo",
    ],
    "user_fields": ["username", "name"],
    "media_fields": ["url", "type", "preview_image_url", "variants"],
    "place_fields": ["full_name", "geo"],
}
DM_FIELDS: dict[str, list[str]] = {
    "dm_event_fields": [
        "id",
        "event_type",
        "sender_id",
        "text",
        "created_at",
        "dm_conversation_id",
        "attachments",
    ],
    "expansions": ["sender_id", "attachments.media_keys"],
    "user_fields": ["username", "name"],
    "media_fields": ["url", "type", "preview_image_url", "variants"],
}

T = TypeVar("T")


class _XHTTPAdapter(HTTPAdapter):
    """Gives every request a timeout (tweepy sets none) and, for the sandbox and tests,
    sends it to `target` ("http://127.0.0.1:PORT") instead of the real API host."""

    def __init__(self, timeout: float | tuple[float, float], target: str | None = None) -> None:
        super().__init__()
        self.timeout = timeout
        self.target = urlsplit(target) if target else None

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.timeout
        if self.target is not None:
            parts = urlsplit(request.url or "")
            path = self.target.path.rstrip("/") + parts.path
            request.url = urlunsplit(
                (self.target.scheme, self.target.netloc, path, parts.query, "")
            )
            host = self.target.hostname or ""
            if host in ("localhost", "::1") or host.startswith("127."):
                kwargs["proxies"] = {}  # requests picked proxies for the real host
        return super().send(request, **kwargs)


class XAdapter:
    """Sync X API v2 client (tweepy). Methods raise only ChannelError for provider
    failures; the instance caches the account id and may be reused across calls."""

    channel = CHANNEL
    channels = (CHANNEL, DM_CHANNEL)

    def __init__(
        self,
        bearer_token: str | None,
        consumer_key: str,
        consumer_secret: str,
        access_token: str,
        access_token_secret: str,
        *,
        account_user_id: str | None = None,
        api_base_url: str | None = None,
        timeout: float | tuple[float, float] = (CONNECT_TIMEOUT, SEND_TIMEOUT),
    ) -> None:
        if not (consumer_key and consumer_secret and access_token and access_token_secret):
            raise ValueError("X needs consumer key/secret and access token/secret")
        self._secrets = [
            s
            for s in (bearer_token, consumer_secret, access_token, access_token_secret)
            if s and len(s) > 4
        ]
        self.api_base_url = api_base_url
        self.client = tweepy.Client(
            bearer_token=bearer_token or None,
            consumer_key=consumer_key,
            consumer_secret=consumer_secret,
            access_token=access_token,
            access_token_secret=access_token_secret,
            return_type=dict,  # the raw JSON: the same shape as the fixtures
            wait_on_rate_limit=False,  # never sleep inside a job or request
        )
        adapter = _XHTTPAdapter(timeout, api_base_url)
        for host in API_HOSTS:
            self.client.session.mount(host, adapter)
        self._account_id = account_user_id or None

    def __repr__(self) -> str:  # never show the tokens
        return f"XAdapter(account_user_id={self._account_id!r}, api_base_url={self.api_base_url!r})"

    # ---------------------------------------------------------------- reading

    def account_id(self) -> str:
        """Returns the configured account id, else asks `GET /2/users/me` once (user
        auth) and caches it. Raises ChannelError."""
        if self._account_id is None:
            answer = self._call(self.client.get_me, user_auth=True)
            self._account_id = str(answer["data"]["id"])
        return self._account_id

    def fetch_mentions(
        self, since_id: str | None, max_results: int = 100
    ) -> tuple[list[InboundMessage], str | None]:
        """Returns (mentions newer than `since_id`, oldest first; the newest tweet id to
        persist as the next since_id, or None when there is nothing new).

        Follows `meta.next_token` for at most MAX_PAGES pages. Our own tweets and
        retweets are left out of the list but still advance the cursor. Uses the bearer
        token (app auth) when configured, else user auth. Raises ChannelError;
        ValueError for a since_id that is not a tweet id.
        """
        items, newest = self.fetch_mention_items(since_id, max_results)
        account = self.account_id()
        return [m for item in items for m in parse_mentions(item, account)], newest

    def fetch_mention_items(
        self, since_id: str | None, max_results: int = 100
    ) -> tuple[list[dict[str, Any]], str | None]:
        """Like fetch_mentions, but returns the raw JSON: one single-tweet page (see
        x_parse.split_page) per new mention, oldest first, for storing as it came."""
        if since_id is not None and not str(since_id).isdigit():
            raise ValueError(f"since_id must be a tweet id, got {since_id!r}")
        account = self.account_id()
        params: dict[str, Any] = dict(MENTION_FIELDS, max_results=min(max(max_results, 5), 100))
        if since_id:
            params["since_id"] = str(since_id)
        user_auth = not self.client.bearer_token
        newest: str | None = None
        found: dict[str, dict[str, Any]] = {}
        for page_number in range(MAX_PAGES):
            page = self._call(
                self.client.get_users_mentions, account, user_auth=user_auth, **params
            )
            meta = page.get("meta") or {}
            if page_number == 0:
                newest = meta.get("newest_id") or _first_id(page)
            for item in split_page(page, account):
                if parse_mentions(item, account):  # not ours, not a retweet
                    found[str(item["data"][0]["id"])] = item
            if not meta.get("next_token"):
                break
            params["pagination_token"] = meta["next_token"]
        return _oldest_first(found), newest

    def fetch_dms(self, since_event_id: str | None) -> tuple[list[InboundMessage], str | None]:
        """Returns (DMs received after `since_event_id`, oldest first; the newest event
        id to persist, or None when there is nothing new).

        X lists DM events newest first and has no since_id for them, so paging stops at
        the first event at or before `since_event_id` (or after MAX_PAGES pages). DMs
        we sent are left out of the list but advance the cursor. Raises ChannelError.
        """
        items, newest = self.fetch_dm_items(since_event_id)
        account = self.account_id()
        return [m for item in items for m in parse_dm_events(item, account)], newest

    def fetch_dm_items(self, since_event_id: str | None) -> tuple[list[dict[str, Any]], str | None]:
        """Like fetch_dms, but returns the raw JSON: one single-event page per new DM
        received, oldest first."""
        account = self.account_id()
        params: dict[str, Any] = dict(DM_FIELDS, event_types="MessageCreate", max_results=100)
        newest: str | None = None
        found: dict[str, dict[str, Any]] = {}
        for _ in range(MAX_PAGES):
            page = self._call(self.client.get_direct_message_events, **params)
            events = page.get("data") or []
            fresh = []
            for event in events:
                if since_event_id and not _is_newer(str(event["id"]), since_event_id):
                    break
                fresh.append(event)
            if fresh and newest is None:
                newest = str(fresh[0]["id"])
            for item in split_page({**page, "data": fresh}, account):
                if parse_dm_events(item, account):  # not sent by us
                    found[str(item["data"][0]["id"])] = item
            next_token = (page.get("meta") or {}).get("next_token")
            if len(fresh) < len(events) or not next_token:
                break
            params["pagination_token"] = next_token
        return _oldest_first(found), newest

    def fetch_file(self, url: str, max_bytes: int) -> tuple[bytes, str | None, str]:
        """Downloads a tweet's photo or video (public URLs on X's media hosts; no token
        is sent). Returns (content, MIME type or None, a file name). Raises
        ChannelError: permanent "forbidden_host" for other hosts, "too_large" past
        `max_bytes`, "not_found" for 404/410; transient for network and 5xx errors."""
        return fetch_media(self.client.session, url, max_bytes, self.api_base_url)

    # ---------------------------------------------------------------- sending

    def send(self, msg: OutboundMessage) -> SendResult:
        """Send a public tweet (channel "x"; a reply when `msg.reply_to` is a tweet id)
        or a DM to user id `msg.recipient` (channel "x_dm").

        Returns the new tweet id or DM event id. Raises ChannelError: permanent "empty",
        "too_long" (over 280 weighted characters for a tweet, 10,000 for a DM),
        "unsupported" (media or another channel), and the provider errors of `_translate`.
        """
        text = msg.text.strip()
        if not text:
            raise ChannelError("nothing to send", permanent=True, code="empty")
        if msg.media_urls:
            raise ChannelError("media upload is not supported", permanent=True, code="unsupported")
        if msg.channel == CHANNEL:
            if not fits_tweet(text):
                length = tweet_length(text)
                raise ChannelError(
                    f"tweet of {length} weighted characters exceeds 280",
                    permanent=True,
                    code="too_long",
                )
            answer = self._call(
                self.client.create_tweet,
                text=text,
                in_reply_to_tweet_id=msg.reply_to or None,
                user_auth=True,
            )
            return SendResult(provider_id=str(answer["data"]["id"]))
        if msg.channel == DM_CHANNEL:
            if len(text) > MAX_DM_LENGTH:
                raise ChannelError("DM exceeds 10,000 characters", permanent=True, code="too_long")
            try:
                answer = self._call(
                    self.client.create_direct_message,
                    participant_id=msg.recipient,
                    text=text,
                    user_auth=True,
                )
            except ChannelError as exc:
                if exc.code == "forbidden":  # the citizen does not accept DMs from us
                    exc.reason = WINDOW_CLOSED
                elif exc.code in ("not_found", "bad_request"):  # no such user any more
                    exc.reason = RECIPIENT_UNREACHABLE
                raise
            return SendResult(provider_id=str(answer["data"]["dm_event_id"]))
        raise ChannelError(
            f"XAdapter cannot send on {msg.channel!r}", permanent=True, code="unsupported"
        )

    # ---------------------------------------------------------------- plumbing

    def _call(self, method: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run one tweepy call; every failure becomes a ChannelError."""
        try:
            return method(*args, **kwargs)
        except (tweepy.TweepyException, requests.RequestException) as exc:
            raise self._translate(exc) from exc

    def _translate(self, exc: Exception) -> ChannelError:
        """The one place provider errors are mapped. 429 → transient "429" with
        retry_after = seconds until x-rate-limit-reset (at least 1; None without the
        header); 401 → permanent "auth"; 403 → permanent "forbidden" (duplicate tweet,
        DM not allowed, ...); 404 "not_found" and 400 "bad_request" permanent; other 4xx
        permanent with the status as code; 5xx, timeouts and connection errors transient."""
        text = self._scrub(_describe(exc))
        if isinstance(exc, tweepy.TooManyRequests):
            wait = None
            if exc.reset_time is not None:
                wait = float(max(1, int(exc.reset_time) - int(time.time())))
            return ChannelError(
                f"X rate limit: {text}", code="429", retry_after=wait, reason=RATE_LIMITED
            )
        permanent_codes = {
            tweepy.Unauthorized: "auth",
            tweepy.Forbidden: "forbidden",
            tweepy.NotFound: "not_found",
            tweepy.BadRequest: "bad_request",
        }
        for kind, code in permanent_codes.items():
            if isinstance(exc, kind):
                reason = AUTH if code == "auth" else None
                return ChannelError(text, permanent=True, code=code, reason=reason)
        if isinstance(exc, tweepy.TwitterServerError):
            return ChannelError(text, code=str(exc.response.status_code))
        if isinstance(exc, tweepy.HTTPException):
            status = int(getattr(exc.response, "status_code", 0) or 0)
            return ChannelError(text, permanent=400 <= status < 500, code=str(status))
        if isinstance(exc, requests.Timeout):
            return ChannelError(text, code="timeout", unknown=maybe_sent(exc))
        if isinstance(exc, requests.RequestException):
            return ChannelError(text, code="network", unknown=maybe_sent(exc))
        return ChannelError(text, code=type(exc).__name__)

    def _scrub(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "<secret>")
        return text


def _describe(exc: Exception) -> str:
    """The API's own words: `detail`/error messages when present, else str(exc)."""
    messages = getattr(exc, "api_messages", None)
    if messages:
        return "; ".join(str(m) for m in messages)
    return str(exc) or type(exc).__name__


def _first_id(page: dict[str, Any]) -> str | None:
    data = page.get("data") or []
    return str(max((t["id"] for t in data), key=int)) if data else None


def _is_newer(event_id: str, since: str) -> bool:
    """Snowflake ids grow with time; compare numerically when both are numbers."""
    if event_id.isdigit() and since.isdigit():
        return int(event_id) > int(since)
    return event_id != since


def _oldest_first(found: dict[str, T]) -> list[T]:
    """The values of `found` (keyed by snowflake id) sorted oldest first."""
    return [found[key] for key in sorted(found, key=lambda k: (int(k) if k.isdigit() else 0, k))]
