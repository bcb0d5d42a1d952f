"""The in-memory Meta Graph API behind the Graph sandbox (no networking here).

`GraphApi` holds the state (sends, media, citizens' last inbound times, injected failures)
and runs the Graph endpoints the adapters call: the WhatsApp Cloud send, media lookup and
download, and the Messenger / Instagram Send API. Errors are raised as GraphError, shaped
like Graph's `{"error": {...}}` answers. Status webhooks a send causes are queued on
`outgoing` (sandbox.graph delivers them).
"""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
import time
from collections import deque
from datetime import UTC, datetime, timedelta
from typing import Any

from sandbox import graph_webhooks as hooks

WINDOW = timedelta(hours=24)  # customer service window after the citizen's last message
HUMAN_AGENT_WINDOW = timedelta(days=7)  # Messenger HUMAN_AGENT tag
# Approved templates -> number of body parameters (None: any number).
DEFAULT_TEMPLATES: dict[str, int | None] = {
    "hello_world": 0,
    "aduan_status_update": None,
    "ticket_status_update": None,
}
CHANNEL_ALIASES = {"whatsapp": "whatsapp_cloud", "messenger": "facebook", "page": "facebook"}
PATH_KINDS = ("whatsapp", "messenger", "instagram", "media", "download")
_DEFAULT_MESSAGES = {
    1: "An unknown error occurred",
    2: "An unexpected error has occurred. Please retry your request later.",
    4: "(#4) Application request limit reached",
    10: "(#10) This message is sent outside of allowed window.",
    100: "(#100) Invalid parameter",
    190: "Invalid OAuth access token - Cannot parse access token",
    551: "(#551) This person isn't available right now.",
    613: "(#613) Calls to this api have exceeded the rate limit.",
    130429: "(#130429) Rate limit hit",
    131000: "(#131000) Something went wrong",
    131026: "(#131026) Message undeliverable",
    131047: "(#131047) Re-engagement message",
    131056: "(#131056) (Business Account, Consumer Account) pair rate limit hit",
    132000: "(#132000) Number of parameters does not match the expected number of params",
    132001: "(#132001) Template name does not exist in the translation",
}


class GraphError(Exception):
    """One Graph error answer: HTTP status + {"error": {message, type, code, ...}}."""

    def __init__(
        self,
        http_status: int,
        code: int,
        message: str | None = None,
        *,
        subcode: int | None = None,
        details: str | None = None,
    ) -> None:
        self.http_status, self.code, self.subcode = http_status, code, subcode
        self.message = message or _DEFAULT_MESSAGES.get(code, f"(#{code}) An error occurred")
        self.details = details
        super().__init__(self.message)

    def body(self) -> dict[str, Any]:
        kind = "OAuthException" if self.code in (10, 100, 190, 200) else "GraphMethodException"
        error: dict[str, Any] = {"message": self.message, "type": kind, "code": self.code}
        if self.subcode is not None:
            error["error_subcode"] = self.subcode
        if self.details:
            error["error_data"] = {"messaging_product": "whatsapp", "details": self.details}
        error["is_transient"] = self.http_status >= 500
        error["fbtrace_id"] = "A" + secrets.token_urlsafe(16)
        return {"error": error}


def channel_name(channel: str) -> str:
    """Returns the canonical channel ("whatsapp_cloud", "facebook", "instagram")."""
    name = CHANNEL_ALIASES.get(channel, channel)
    if name not in ("whatsapp_cloud", "facebook", "instagram"):
        raise ValueError(f"unknown channel {channel!r}")
    return name


def wa_digits(number: str) -> str:
    """ "+62 812-3456-7890", "6281234567890" or the local "081234567890" -> "6281234567890".
    Raises ValueError when no plausible number remains."""
    digits = re.sub(r"\D", "", number)
    if digits.startswith("0"):
        digits = "62" + digits[1:]  # Indonesian local format
    if not 6 <= len(digits) <= 15:
        raise ValueError(f"not a phone number: {number!r}")
    return digits


def user_key(channel: str, user: str) -> str:
    """Returns how the sandbox names a citizen: "+digits" on WhatsApp, the PSID/IGSID else."""
    return "+" + wa_digits(user) if channel == "whatsapp_cloud" else str(user)


class GraphApi:
    """Graph state and endpoints. Every public method is thread-safe."""

    url: str  # the server's base URL (FakeServer.url)

    def __init__(
        self,
        *,
        app_secret: str,
        access_token: str,
        page_access_token: str | None,
        phone_number_id: str,
        page_id: str,
        ig_id: str,
        verify_token: str,
        display_phone_number: str,
        waba_id: str,
        templates: dict[str, int | None] | None,
    ) -> None:
        self.app_secret, self.access_token = app_secret, access_token
        self.page_access_token = page_access_token or access_token
        self.phone_number_id, self.page_id, self.ig_id = phone_number_id, page_id, ig_id
        self.verify_token, self.waba_id = verify_token, waba_id
        self.display_phone_number = display_phone_number
        self.templates = dict(DEFAULT_TEMPLATES if templates is None else templates)
        self.statuses_out_of_order = False  # deliver "delivered" before "sent"
        self.auto_read = False  # also report "read" after "delivered"
        self.status_delay = 0.0  # seconds between a send and its status webhooks
        self.sent: list[dict[str, Any]] = []  # accepted sends, all channels, in order
        self.calls: list[dict[str, Any]] = []  # every Graph request: kind, path, status
        self.media: dict[str, dict[str, Any]] = {}  # id -> content, mime_type, sha256
        self.outgoing: list[dict[str, Any]] = []  # webhooks to deliver: kind, body, ...
        self.last_inbound: dict[tuple[str, str], datetime] = {}
        self._log: list[dict[str, Any]] = []  # both directions, for conversations
        self._failures: dict[str, deque[GraphError]] = {}
        self._lock = threading.RLock()
        self._wake = threading.Event()  # set when `outgoing` may have due items

    # ------------------------------------------------------------------ test controls

    def fail_next(
        self,
        path_kind: str,
        http_status: int,
        code: int,
        subcode: int | None = None,
        message: str | None = None,
    ) -> None:
        """Make the next request of `path_kind` ("whatsapp", "messenger", "instagram",
        "media", "download") answer Graph's error JSON, e.g. (400, 131047), (429, 130429),
        (401, 190), (500, 131000), (400, 10, 2018278). Failures queue up per kind."""
        if path_kind not in PATH_KINDS:
            raise ValueError(f"path_kind must be one of {PATH_KINDS}")
        error = GraphError(http_status, code, message, subcode=subcode)
        with self._lock:
            self._failures.setdefault(path_kind, deque()).append(error)

    def take_failure(self, path_kind: str) -> GraphError | None:
        """Returns (and forgets) the next injected failure for `path_kind`, if any."""
        with self._lock:
            queue = self._failures.get(path_kind)
            return queue.popleft() if queue else None

    def set_last_inbound(self, channel: str, user: str, when: datetime) -> None:
        """Pretend the citizen's last message on `channel` arrived at `when` (aware)."""
        name = channel_name(channel)
        with self._lock:
            self.last_inbound[(name, user_key(name, user))] = when

    def sent_to(self, channel: str, user: str) -> list[dict[str, Any]]:
        """Accepted sends to one citizen on one channel, oldest first."""
        name = channel_name(channel)
        key = user_key(name, user)
        with self._lock:
            return [s for s in self.sent if s["channel"] == name and s["to"] == key]

    def reset(self) -> None:
        """Forget sends, calls, media, windows, logs, queued webhooks and failures."""
        with self._lock:
            for store in (self.sent, self.calls, self.outgoing, self._log):
                store.clear()
            self.media.clear()
            self.last_inbound.clear()
            self._failures.clear()

    @staticmethod
    def now() -> datetime:
        return datetime.now(UTC)

    def conversation(self, channel: str, user: str) -> list[dict[str, Any]]:
        """Both directions with one citizen, in order: direction "in"/"out", id, type,
        text, time (ISO UTC), status and error code (outbound), image_url, location."""
        name = channel_name(channel)
        key = user_key(name, user)
        with self._lock:
            return [self._summary(e) for e in self._log if (e["channel"], e["user"]) == (name, key)]

    def state(self) -> dict[str, Any]:
        """Ids, window ages and counts, for the simulator page and debugging."""
        with self._lock:
            now = self.now()
            windows = [
                {"channel": c, "user": u, "hours_ago": round((now - t).total_seconds() / 3600, 2)}
                for (c, u), t in self.last_inbound.items()
            ]
            counts = {"sent": len(self.sent), "calls": len(self.calls), "media": len(self.media)}
            counts["pending_webhooks"] = len(self.outgoing)
            ids = {"phone_number_id": self.phone_number_id, "page_id": self.page_id}
            ids |= {"ig_id": self.ig_id, "waba_id": self.waba_id}
            return {"ids": ids, "windows": windows, "counts": counts}

    # ------------------------------------------------------------------ Graph endpoints

    def whatsapp_send(self, body: dict[str, Any]) -> dict[str, Any]:
        """POST /{phone_number_id}/messages. Returns Graph's answer with a new wamid; the
        outcome (sent+delivered, or failed 131047 / 132001) follows as status webhooks."""
        if body.get("messaging_product") != "whatsapp":
            raise GraphError(400, 100, "(#100) The parameter messaging_product is required.")
        kind = body.get("type") or "text"
        try:
            to = "+" + wa_digits(str(body.get("to") or ""))
        except ValueError as exc:
            raise GraphError(400, 100, "(#100) Invalid parameter", details=str(exc)) from exc
        record: dict[str, Any] = {"channel": "whatsapp_cloud", "to": to, "type": kind}
        record["request"] = body  # the JSON the adapter sent, for tests
        record |= {"text": None, "template": None, "params": [], "context": None}
        failure: tuple[int, str, str] | None = None
        if kind == "text":
            text = str((body.get("text") or {}).get("body") or "")
            if not text.strip():
                raise GraphError(400, 100, "(#100) Param text['body'] is required.")
            record["text"] = text
            failure = None if self._window_open("whatsapp_cloud", to, WINDOW) else hooks.RE_ENGAGE
        elif kind == "image":
            record["text"] = (body.get("image") or {}).get("caption")
            record["image_url"] = (body.get("image") or {}).get("link")
            failure = None if self._window_open("whatsapp_cloud", to, WINDOW) else hooks.RE_ENGAGE
        elif kind == "template":
            failure = self._check_template(body.get("template") or {}, record)
        else:
            raise GraphError(400, 131051, f"(#131051) Unsupported message type {kind}")
        if (body.get("context") or {}).get("message_id"):
            record["context"] = body["context"]["message_id"]
        wamid = hooks.new_wamid()
        record |= {"message_id": wamid, "status": "accepted", "statuses": [], "error_code": None}
        record["time"] = self.now().isoformat()
        record["received_at"] = time.time()  # the wall clock, for benchmarks (bench/flood.py)
        with self._lock:
            self.sent.append(record)
            self._log.append({"channel": "whatsapp_cloud", "user": to, "direction": "out"} | record)
            steps = ["failed"] if failure else ["sent", "delivered"] + ["read"] * self.auto_read
            if self.statuses_out_of_order:
                steps.reverse()
            for status in steps:
                self._queue_status(record, status, failure)
        contact = {"input": str(body.get("to")), "wa_id": to[1:]}
        return {"messaging_product": "whatsapp", "contacts": [contact], "messages": [{"id": wamid}]}

    def _check_template(
        self, template: dict[str, Any], record: dict[str, Any]
    ) -> tuple[int, str, str] | None:
        name = str(template.get("name") or "")
        if not name or not (template.get("language") or {}).get("code"):
            raise GraphError(400, 100, "(#100) Param template['name'] and language are required.")
        params = [
            str(p.get("text"))
            for c in template.get("components") or []
            if c.get("type") == "body"
            for p in c.get("parameters") or []
        ]
        record |= {"template": name, "params": params, "language": template["language"]["code"]}
        if name not in self.templates:  # Meta accepts, then reports the failure
            return (132001, hooks.TEMPLATE_MISSING[1], hooks.TEMPLATE_MISSING[2].format(name=name))
        expected = self.templates[name]
        if expected is not None and expected != len(params):
            details = (
                f"body: number of localizable_params ({len(params)}) does not match {expected}"
            )
            raise GraphError(400, 132000, details=details)
        return None

    def _queue_status(
        self, record: dict[str, Any], status: str, failure: tuple[int, str, str] | None
    ) -> None:
        stamp = int(time.time())
        payload = hooks.wa_status_payload(
            self, record["message_id"], record["to"][1:], status, stamp, failure
        )
        record["statuses"].append(status)
        if hooks.STATUS_RANK[status] >= hooks.STATUS_RANK.get(record["status"], 0):
            record["status"] = status
        if failure:
            record["error_code"] = str(failure[0])
        self.queue_webhook("whatsapp", payload, delay=self.status_delay)

    def queue_webhook(self, kind: str, payload: dict[str, Any], delay: float = 0.0) -> None:
        """Queue one signed webhook POST to the "whatsapp" or "meta" webhook URL."""
        item = {"kind": kind, "body": hooks.encode(payload), "attempts": 0}
        item["next_at"] = time.monotonic() + delay
        with self._lock:
            self.outgoing.append(item)
        self._wake.set()

    def messenger_send(self, channel: str, body: dict[str, Any]) -> dict[str, Any]:
        """POST /{page_id|ig_id}/messages (Send API). Returns recipient_id + message_id.
        Enforces the 24 h window (RESPONSE) and 7 days for the HUMAN_AGENT tag."""
        user = str((body.get("recipient") or {}).get("id") or "")
        message = body.get("message") or {}
        kind_of_send = body.get("messaging_type") or "RESPONSE"
        if not user or not isinstance(message, dict) or not message:
            raise GraphError(400, 100, "(#100) Param recipient and message are required")
        if kind_of_send not in ("RESPONSE", "UPDATE", "MESSAGE_TAG"):
            raise GraphError(400, 100, "(#100) Param messaging_type is not valid")
        with self._lock:
            last = self.last_inbound.get((channel, user))
        if last is None:
            raise GraphError(400, 100, "(#100) No matching user found", subcode=2018001)
        tag = body.get("tag") if kind_of_send == "MESSAGE_TAG" else None
        allowed = HUMAN_AGENT_WINDOW if tag == "HUMAN_AGENT" else WINDOW
        if not self._window_open(channel, user, allowed):
            raise GraphError(400, 10, subcode=2018278)
        attachment = message.get("attachment") or {}
        image_url = (attachment.get("payload") or {}).get("url") if attachment else None
        if not message.get("text") and not image_url:
            raise GraphError(400, 100, "(#100) Message cannot be empty, must provide valid text")
        facebook = channel == "facebook"
        mid = "m_" + secrets.token_urlsafe(40) if facebook else hooks.new_instagram_mid()
        record = {"channel": channel, "to": user, "type": "image" if image_url else "text"}
        record |= {"text": message.get("text"), "image_url": image_url, "template": None}
        record |= {"params": [], "messaging_type": kind_of_send, "tag": tag, "message_id": mid}
        record |= {"status": "sent", "statuses": ["sent"], "error_code": None, "request": body}
        record["time"] = self.now().isoformat()
        record["received_at"] = time.time()  # the wall clock, for benchmarks (bench/flood.py)
        with self._lock:
            self.sent.append(record)
            self._log.append({"channel": channel, "user": user, "direction": "out"} | record)
        return {"recipient_id": user, "message_id": mid}

    def store_media(self, content: bytes, mime_type: str) -> str:
        """Keep a citizen's file; returns its media id (numeric, like Meta's)."""
        media_id = str(10**15 + secrets.randbelow(9 * 10**15))
        with self._lock:
            self.media[media_id] = {"content": content, "mime_type": mime_type}
            self.media[media_id]["sha256"] = hashlib.sha256(content).hexdigest()
        return media_id

    def media_info(self, media_id: str) -> dict[str, Any]:
        """GET /{media_id}: the short-lived download URL and metadata."""
        with self._lock:
            stored = self.media.get(media_id)
        if stored is None:
            text = f"Unsupported get request. Object with ID '{media_id}' does not exist"
            raise GraphError(400, 100, f"{text}, cannot be loaded due to missing permissions")
        url = f"{self.url}/whatsapp_business/attachments/?mid={media_id}&ext={int(time.time())}"
        return {
            "messaging_product": "whatsapp",
            "url": url + f"&hash={stored['sha256'][:16]}",
            "mime_type": stored["mime_type"],
            "sha256": stored["sha256"],
            "file_size": len(stored["content"]),
            "id": media_id,
        }

    def media_content(self, media_id: str) -> tuple[bytes, str]:
        """Returns (content, MIME type) of a stored file; raises GraphError 404."""
        with self._lock:
            stored = self.media.get(media_id)
        if stored is None:
            raise GraphError(404, 100, "Media not found")
        return stored["content"], stored["mime_type"]

    # ------------------------------------------------------------------ helpers

    def record_inbound(self, channel: str, user: str, entry: dict[str, Any]) -> None:
        """Open/refresh the citizen's window and log their message."""
        with self._lock:
            self.last_inbound[(channel, user)] = self.now()
            self._log.append({"channel": channel, "user": user, "direction": "in"} | entry)

    def _window_open(self, channel: str, user: str, length: timedelta) -> bool:
        with self._lock:
            last = self.last_inbound.get((channel, user))
        return last is not None and self.now() - last < length

    def _summary(self, entry: dict[str, Any]) -> dict[str, Any]:
        keys = ("direction", "type", "text", "time", "status", "statuses", "error_code")
        keys += ("template", "params", "tag", "image_url", "location", "context")
        summary = {key: entry.get(key) for key in keys}
        summary["id"] = entry.get("message_id")
        return summary
