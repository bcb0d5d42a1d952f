"""The in-memory X API v2 behind the X sandbox (no networking here).

`XApi.handle(method, path, query, body, authorization)` answers one API request the way
X does: the same JSON shapes (`data`/`includes`/`meta`, problem-details errors), field
selection by `tweet.fields`/`user.fields`/..., expansions, pagination tokens and
`x-rate-limit-*` headers. sandbox.x adds the HTTP server and the citizen side.
"""

from __future__ import annotations

import re
import time
from collections import deque
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

from sandbox.x_store import XStore

WINDOW = 15 * 60  # rate-limit window, seconds
# Requests per 15 minutes (Pro-tier-like numbers; enough for any demo or test).
LIMITS = {"me": 75, "mentions": 450, "tweets": 200, "dm_events": 300, "dm_send": 200}
DEFAULT_FIELDS = {
    "tweet": {"id", "text", "edit_history_tweet_ids"},
    "user": {"id", "name", "username"},
    "media": {"media_key", "type"},
    "place": {"id", "full_name"},
    "dm_event": {"id", "event_type", "text"},
}
_OAUTH_PARAM_RE = re.compile(r'(\w+)="([^"]*)"')
_APP_ONLY = (
    "Authenticating with OAuth 2.0 Application-Only is forbidden for this endpoint.  "
    "Supported authentication types are [OAuth 1.0a User Context, OAuth 2.0 User Context]."
)
DUPLICATE = "You are not allowed to create a Tweet with duplicate content."


class ApiError(Exception):
    """An X API error answer (RFC 7807 problem details, as API v2 sends them)."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str | None = None,
        *,
        type_: str = "about:blank",
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(detail or title)
        self.status, self.headers = status, headers or {}
        self.payload = {"title": title, "type": type_, "status": status}
        self.payload |= {"detail": detail or title} | (extra or {})


def invalid(parameter: str, value: Any, message: str) -> ApiError:
    """A 400 "Invalid Request" the way API v2 reports a bad query parameter."""
    error = {"parameters": {parameter: [str(value)]}, "message": message}
    return ApiError(
        400,
        "Invalid Request",
        "One or more parameters to your request was invalid.",
        type_="https://api.twitter.com/2/problems/invalid-request",
        extra={"errors": [error]},
    )


class XApi(XStore):
    """X API v2 endpoints over XStore's state. Every public method is thread-safe."""

    def __init__(
        self,
        account_id: str,
        username: str,
        bearer_token: str,
        consumer_key: str,
        access_token: str,
    ) -> None:
        self.bearer_token, self.consumer_key = bearer_token, consumer_key
        self.access_token = access_token
        super().__init__(account_id, username)

    def reset(self) -> None:
        """Forget every tweet, DM, user (but ours), queued failure and rate-limit count;
        tokens work again."""
        with self._lock:
            super().reset()
            self.calls: list[dict[str, Any]] = []  # method, path, status, auth
            self.revoked = False
            self.closed_dms: set[str] = set()  # users who accept no DMs from us
            self._failures: deque[ApiError] = deque()
            self._windows: dict[str, tuple[int, int]] = {}  # key -> (reset epoch, used)

    # ------------------------------------------------------------------ test controls

    def rate_limit_next(self, reset_in_seconds: int = 60) -> None:
        """Make the next API call answer 429 with x-rate-limit-reset = now + seconds."""
        reset = str(int(time.time()) + int(reset_in_seconds))
        headers = {"x-rate-limit-remaining": "0", "x-rate-limit-reset": reset}
        with self._lock:
            self._failures.append(ApiError(429, "Too Many Requests", headers=headers))

    def fail_next(self, status: int, detail: str | None = None) -> None:
        """Make the next API call answer `status` (e.g. 503, 403) with `detail`."""
        titles = {400: "Bad Request", 403: "Forbidden", 404: "Not Found"}
        titles |= {500: "Internal Server Error", 503: "Service Unavailable"}
        with self._lock:
            self._failures.append(ApiError(status, titles.get(status, "Error"), detail))

    def close_dms(self, user_id: str, closed: bool = True) -> None:
        """Make DMs to `user_id` answer 403, as X does for people who only accept DMs
        from accounts they follow (until `close_dms(user_id, False)` or reset())."""
        with self._lock:
            (self.closed_dms.add if closed else self.closed_dms.discard)(str(user_id))

    def revoke_tokens(self, revoked: bool = True) -> None:
        """Make every API call answer 401 (until `revoke_tokens(False)` or reset())."""
        with self._lock:
            self.revoked = revoked

    # ------------------------------------------------------------------ dispatch

    def handle(
        self,
        method: str,
        path: str,
        query: dict[str, str],
        body: Any,
        authorization: str | None,
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        """Answer one API request. Returns (HTTP status, JSON body, extra headers)."""
        parts = [unquote(p) for p in path.strip("/").split("/")]
        status, answer, headers, auth = 404, {}, {}, None
        try:
            with self._lock:
                route = self._route(method, parts, query, body)
                if route is None:
                    raise ApiError(404, "Not Found Error", f"No route for {method} {path}")
                key, user_only, call = route
                headers = self._count(key, dry_run=True)
                if self.revoked:
                    raise _unauthorized()
                if self._failures:
                    raise self._failures.popleft()
                auth = self._auth(authorization)
                if auth == "app" and user_only:
                    raise ApiError(
                        403,
                        "Unsupported Authentication",
                        _APP_ONLY,
                        type_="https://api.twitter.com/2/problems/unsupported-authentication",
                    )
                headers = self._count(key)
                status = 201 if method == "POST" else 200
                answer = call()
        except ApiError as exc:
            status, answer, headers = exc.status, exc.payload, headers | exc.headers
        with self._lock:
            self.calls.append({"method": method, "path": path, "status": status, "auth": auth})
        return status, answer, headers

    def _route(
        self, method: str, parts: list[str], query: dict[str, str], body: Any
    ) -> tuple[str, bool, Callable[[], dict[str, Any]]] | None:
        """Returns (rate-limit key, user auth only?, call) for a known endpoint, else None."""
        match method, parts:
            case "GET", ["2", "users", "me"]:
                return "me", True, self.get_me
            case "GET", ["2", "users", user_id, "mentions"]:
                return "mentions", False, lambda: self.get_mentions(user_id, query)
            case "POST", ["2", "tweets"]:
                return "tweets", True, lambda: self.create_tweet(body)
            case "GET", ["2", "dm_events"]:
                return "dm_events", True, lambda: self.get_dm_events(query)
            case "POST", ["2", "dm_conversations", "with", participant_id, "messages"]:
                return "dm_send", True, lambda: self.send_dm(participant_id, body)
        return None

    def _auth(self, header: str | None) -> str:
        """Returns "app" (the bearer token) or "user" (OAuth 1.0a with our consumer key
        and access token; the signature is not checked). Raises ApiError 401."""
        header = header or ""
        if header.startswith("Bearer ") and header[7:] == self.bearer_token:
            return "app"
        if header.startswith("OAuth "):
            params = {k: unquote(v) for k, v in _OAUTH_PARAM_RE.findall(header)}
            if (
                params.get("oauth_consumer_key") == self.consumer_key
                and params.get("oauth_token") == self.access_token
                and params.get("oauth_signature")
            ):
                return "user"
        raise _unauthorized()

    def _count(self, key: str, *, dry_run: bool = False) -> dict[str, str]:
        """Count one request in `key`'s window (not when `dry_run`). Returns the
        x-rate-limit-* headers; raises ApiError 429 when the window is used up."""
        now, limit = int(time.time()), LIMITS[key]
        reset, used = self._windows.get(key, (now + WINDOW, 0))
        if reset <= now:
            reset, used = now + WINDOW, 0
        headers = {"x-rate-limit-limit": str(limit), "x-rate-limit-reset": str(reset)}
        if dry_run:
            return headers | {"x-rate-limit-remaining": str(max(0, limit - used))}
        if used >= limit:
            headers["x-rate-limit-remaining"] = "0"
            raise ApiError(429, "Too Many Requests", headers=headers)
        self._windows[key] = (reset, used + 1)
        return headers | {"x-rate-limit-remaining": str(limit - used - 1)}

    def rate_headers(self) -> dict[str, str]:
        """Headers for answers outside any endpoint's window (404s, 401s)."""
        reset = str(int(time.time()) + WINDOW)
        return {"x-rate-limit-limit": "0", "x-rate-limit-remaining": "0"} | {
            "x-rate-limit-reset": reset
        }

    # ------------------------------------------------------------------ endpoints

    def get_me(self) -> dict[str, Any]:
        return {"data": dict(self.users[self.account_id])}

    def get_mentions(self, user_id: str, query: dict[str, str]) -> dict[str, Any]:
        """GET /2/users/:id/mentions: tweets mentioning the user, newest first."""
        user = self.users.get(user_id)
        if user is None:
            detail = f"Could not find user with id: [{user_id}]."
            error = {"value": user_id, "detail": detail, "title": "Not Found Error"}
            error |= {"resource_type": "user", "parameter": "id", "resource_id": user_id}
            return {
                "errors": [
                    error | {"type": "https://api.twitter.com/2/problems/resource-not-found"}
                ]
            }
        name = user["username"].lower()
        tweets = [
            t
            for t in self.tweets
            if any(m["username"].lower() == name for m in t.get("entities", {}).get("mentions", []))
        ]
        for bound, keep in (("since_id", int.__gt__), ("until_id", int.__lt__)):
            if query.get(bound):
                if not query[bound].isdigit():
                    raise invalid(
                        bound, query[bound], f"The `{bound}` query parameter value is not valid"
                    )
                tweets = [t for t in tweets if keep(int(t["id"]), int(query[bound]))]
        page, meta = self._page(tweets, query, default=10, low=5)
        data = [_select(t, "tweet", query) for t in page]
        answer: dict[str, Any] = {"data": data} if data else {}
        includes = self._includes(page, query, tweets=True)
        if includes:
            answer["includes"] = includes
        return answer | {"meta": meta}

    def get_dm_events(self, query: dict[str, str]) -> dict[str, Any]:
        """GET /2/dm_events: our DM events (both directions), newest first."""
        wanted = set(filter(None, query.get("event_types", "").split(",")))
        events = [e for e in self.dm_events if not wanted or e["event_type"] in wanted]
        page, meta = self._page(events, query, default=100, low=1)
        meta.pop("newest_id", None)
        meta.pop("oldest_id", None)
        data = [_select(e, "dm_event", query) for e in page]
        answer: dict[str, Any] = {"data": data} if data else {}
        includes = self._includes(page, query, tweets=False)
        if includes:
            answer["includes"] = includes
        return answer | {"meta": meta}

    def create_tweet(self, body: Any) -> dict[str, Any]:
        """POST /2/tweets as our account."""
        if not isinstance(body, dict) or not str(body.get("text") or "").strip():
            raise invalid("text", "", "The `text` field is required when no media is attached")
        text = str(body["text"])
        if _weighted(text) > 280:
            raise ApiError(403, "Forbidden", "Your Tweet text is too long.")
        day_ago = time.time() - 86400
        if any(
            t["author_id"] == self.account_id
            and self.raw_text[t["id"]] == text
            and self.posted_at[t["id"]] > day_ago
            for t in self.tweets
        ):
            raise ApiError(403, "Forbidden", DUPLICATE)
        reply_to = str((body.get("reply") or {}).get("in_reply_to_tweet_id") or "") or None
        if reply_to and self.tweet(reply_to) is None:
            raise ApiError(
                403,
                "Forbidden",
                "You attempted to reply to a Tweet that is deleted or not visible to you.",
            )
        tweet = self.add_tweet(self.account_id, text, reply_to=reply_to)
        return {"data": {k: tweet[k] for k in ("id", "text", "edit_history_tweet_ids")}}

    def send_dm(self, participant_id: str, body: Any) -> dict[str, Any]:
        """POST /2/dm_conversations/with/:participant_id/messages as our account."""
        if not isinstance(body, dict) or not str(body.get("text") or "").strip():
            raise invalid("text", "", "The `text` field is required when no attachments are set")
        closed = participant_id in self.closed_dms
        if participant_id == self.account_id or participant_id not in self.users or closed:
            raise ApiError(403, "Forbidden", "You are not permitted to send messages to this user.")
        event = self.add_dm(self.account_id, participant_id, str(body["text"]))
        return {
            "data": {"dm_conversation_id": event["dm_conversation_id"], "dm_event_id": event["id"]}
        }

    # ------------------------------------------------------------------ helpers

    def _page(
        self, items: list[dict[str, Any]], query: dict[str, str], *, default: int, low: int
    ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        """Newest-first page of `items` after `pagination_token`. Returns (page, meta)."""
        raw = query.get("max_results") or str(default)
        if not raw.isdigit() or not low <= int(raw) <= 100:
            message = (
                f"The `max_results` query parameter value [{raw}] is not between {low} and 100"
            )
            raise invalid("max_results", raw, message)
        ordered = sorted(items, key=lambda item: int(item["id"]), reverse=True)
        token = query.get("pagination_token")
        if token:
            try:
                below = int(token, 36)
            except ValueError:
                below = -1
            if below <= 0:
                message = f"The `pagination_token` query parameter value [{token}] is not valid"
                raise invalid("pagination_token", token, message)
            ordered = [item for item in ordered if int(item["id"]) < below]
        page = ordered[: int(raw)]
        meta: dict[str, Any] = {"result_count": len(page)}
        if page:
            meta |= {"newest_id": page[0]["id"], "oldest_id": page[-1]["id"]}
        if len(ordered) > len(page):
            meta["next_token"] = _base36(int(page[-1]["id"]))
        return page, meta

    def _includes(
        self, items: list[dict[str, Any]], query: dict[str, str], *, tweets: bool
    ) -> dict[str, Any]:
        expansions = set(filter(None, query.get("expansions", "").split(",")))
        user_ids: list[str] = []
        media_keys: list[str] = []
        place_ids: list[str] = []
        for item in items:
            who = item.get("author_id" if tweets else "sender_id")
            if who and ("author_id" if tweets else "sender_id") in expansions:
                user_ids.append(who)
            if "attachments.media_keys" in expansions:
                media_keys += (item.get("attachments") or {}).get("media_keys", [])
            if tweets and "geo.place_id" in expansions and item.get("geo"):
                place_ids.append(item["geo"]["place_id"])
        includes: dict[str, Any] = {}
        for name, kind, ids, store in (
            ("users", "user", user_ids, self.users),
            ("media", "media", media_keys, self.media),
            ("places", "place", place_ids, self.places),
        ):
            unique = [store[i] for i in dict.fromkeys(ids) if i in store]
            if unique:
                includes[name] = [_select(obj, kind, query) for obj in unique]
        return includes


def _unauthorized() -> ApiError:
    return ApiError(401, "Unauthorized", "Unauthorized")


def _select(obj: dict[str, Any], kind: str, query: dict[str, str]) -> dict[str, Any]:
    """The default fields of `kind` plus those asked for in `<kind>.fields`."""
    wanted = DEFAULT_FIELDS[kind] | set(query.get(f"{kind}.fields", "").split(","))
    return {key: value for key, value in obj.items() if key in wanted}


def _weighted(text: str) -> int:
    """A simple X length: each URL 23, each other character 1 (the adapter is exact)."""
    return len(re.sub(r"https?://\S+", "x" * 23, text))


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while number:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
    return out or "0"
