"""The in-memory Telegram Bot API behind the sandbox (no networking here).

`BotApi.call(method, params)` runs one Bot API method against in-memory state and returns
its result or raises ApiError, shaped like Telegram's answers so python-telegram-bot maps
them to the same exceptions (400 BadRequest, 403 Forbidden, 429 RetryAfter, ...).
sandbox.telegram adds the HTTP server, the citizen side and webhook delivery.
"""

from __future__ import annotations

import json
import re
import secrets
import threading
import time
from collections import deque
from typing import Any

MAX_DOWNLOAD = 20 * 1024 * 1024  # getFile refuses bigger files, as Telegram does
_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
COMMAND_RE = re.compile(r"^/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]+)?(?=\s|$)")
_DEFAULT_ERRORS = {
    400: "Bad Request: chat not found",
    403: "Forbidden: bot was blocked by the user",
    429: "Too Many Requests: retry after {retry_after}",
    500: "Internal Server Error",
}


class ApiError(Exception):
    """A Bot API error answer: {"ok": false, "error_code", "description", "parameters"}."""

    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status, self.description, self.retry_after = status, description, retry_after

    def body(self) -> dict[str, Any]:
        data: dict[str, Any] = {"ok": False, "error_code": self.status}
        data["description"] = self.description
        if self.retry_after is not None:
            data["parameters"] = {"retry_after": self.retry_after}
        return data


class BotApi:
    """Bot API state and methods. Every public method is thread-safe."""

    def __init__(self, token: str = "123456:SANDBOX") -> None:
        self.token = token
        bot_id = int(token.split(":", 1)[0]) if token.split(":", 1)[0].isdigit() else 1
        self.bot_user = {"id": bot_id, "is_bot": True, "first_name": "Aduan Sandbox"}
        self.bot_user |= {"username": "AduanSandboxBot", "can_join_groups": False}
        self.sent: list[dict[str, Any]] = []  # successful sendMessage/sendPhoto calls
        self.calls: list[dict[str, Any]] = []  # every Bot API call: method, params, status
        self.webhook: dict[str, Any] = {"url": "", "secret_token": None, "allowed_updates": None}
        self.pending: list[dict[str, Any]] = []  # undelivered: {"update", "attempts", "next_at"}
        self.queued: list[dict[str, Any]] = []  # for getUpdates when no webhook is set
        self.files: dict[str, dict[str, Any]] = {}  # file_id -> file_path, content, ...
        self.host = "127.0.0.1"
        self._last_error: tuple[int, str] | None = None  # (unix time, message) of a delivery
        self._chats: dict[int, dict[str, Any]] = {}
        self._log: list[dict[str, Any]] = []  # {"direction", "chat_id", "message"}
        self._failures: dict[str, deque[ApiError]] = {}
        self._late: dict[str, deque[float]] = {}  # method -> seconds to hold the answer
        # Update ids go on increasing across restarts (from the clock, in microseconds), as
        # Telegram's do: the desk drops an update id it has stored as a provider retry.
        self._next_update_id = time.time_ns() // 1000
        self._next_message_id, self._next_file = 1, 1
        self._lock = threading.RLock()
        self._wake = threading.Event()  # set when there may be updates to deliver

    # ------------------------------------------------------------------ test controls

    def fail_next(
        self,
        method: str,
        status: int,
        description: str | None = None,
        retry_after: int | None = None,
    ) -> None:
        """Make the next call of `method` fail like Telegram would, e.g. (403 blocked),
        (400 chat not found), (429, retry_after=5), (500). Calls queue up per method."""
        text = description or _DEFAULT_ERRORS.get(status, "Internal Server Error")
        error = ApiError(status, text.format(retry_after=retry_after), retry_after)
        with self._lock:
            self._failures.setdefault(method.lower(), deque()).append(error)

    def answer_late(self, method: str, seconds: float, times: int = 1) -> None:
        """Make the next `times` calls of `method` succeed (the message is sent) but hold
        the HTTP answer for `seconds`, like a slow provider past the client's timeout."""
        with self._lock:
            self._late.setdefault(method.lower(), deque()).extend([seconds] * times)

    def late_answer(self, method: str) -> float:
        """Seconds to hold the answer to this call of `method` (0 for most calls)."""
        with self._lock:
            waiting = self._late.get(method.lower())
            return waiting.popleft() if waiting else 0.0

    def reset(self) -> None:
        """Forget sends, calls, chats, files, queued/pending updates, injected failures
        and the webhook (for a server shared by many tests). Ids keep increasing."""
        with self._lock:
            for store in (self.sent, self.calls, self.pending, self.queued, self._log):
                store.clear()
            self.files.clear()
            self._chats.clear()
            self._failures.clear()
            self._late.clear()
            self.webhook = {"url": "", "secret_token": None, "allowed_updates": None}
            self._last_error = None

    def sent_to(self, chat_id: int | str) -> list[dict[str, Any]]:
        """The bot's successful sends to `chat_id`, oldest first."""
        with self._lock:
            return [item for item in self.sent if str(item["chat_id"]) == str(chat_id)]

    # ------------------------------------------------------------------ Bot API

    def call(self, method: str, params: dict[str, Any]) -> Any:
        """Run one Bot API method. Returns its result; raises ApiError."""
        name = method.lower()
        with self._lock:
            failures = self._failures.get(name)
            if failures:
                raise failures.popleft()
            handler = getattr(self, f"_api_{name}", None)
            if handler is None:
                raise ApiError(404, "Not Found")
            return handler(params)

    def _api_getme(self, params: dict[str, Any]) -> Any:
        return self.bot_user

    def _api_sendmessage(self, params: dict[str, Any]) -> Any:
        text = str(params.get("text") or "")
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if len(text) > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        return self._bot_message(params, {"text": text}, {"text": text})

    def _api_sendphoto(self, params: dict[str, Any]) -> Any:
        photo = str(params.get("photo") or "")
        if not photo:
            raise ApiError(400, "Bad Request: there is no photo in the request")
        if photo in self.files and "size" in self.files[photo]:
            sizes = [dict(self.files[photo]["size"])]
        else:  # a URL: Telegram would fetch it; we only remember it
            sizes = [{"file_id": _new_id("AgAC"), "file_unique_id": _new_id("AQAD", 8)}]
            sizes[0] |= {"width": 800, "height": 600, "file_size": 0}
        extra = {
            "photo": sizes,
            **({"caption": params["caption"]} if params.get("caption") else {}),
        }
        return self._bot_message(params, extra, {"photo": photo, "caption": params.get("caption")})

    def _api_setwebhook(self, params: dict[str, Any]) -> Any:
        url, secret = str(params.get("url") or ""), params.get("secret_token")
        if not url:
            return self._api_deletewebhook(params)
        if secret is not None and not _SECRET_RE.match(str(secret)):
            raise ApiError(400, "Bad Request: secret token contains unallowed characters")
        allowed = _json_param(params.get("allowed_updates"))
        self.webhook = {"url": url, "secret_token": secret, "allowed_updates": allowed}
        if _true(params.get("drop_pending_updates")):
            self.queued.clear()
        now = time.monotonic()
        self.pending += [{"update": u, "attempts": 0, "next_at": now} for u in self.queued]
        self.queued.clear()
        self._last_error = None
        self._wake.set()
        return True

    def _api_deletewebhook(self, params: dict[str, Any]) -> Any:
        self.webhook = {"url": "", "secret_token": None, "allowed_updates": None}
        if _true(params.get("drop_pending_updates")):
            self.pending.clear()
        self.queued += [item["update"] for item in self.pending]
        self.pending.clear()
        return True

    def _api_getwebhookinfo(self, params: dict[str, Any]) -> Any:
        return self._webhook_info()

    def _api_getupdates(self, params: dict[str, Any]) -> Any:
        if self.webhook["url"]:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active")
        offset, limit = int(params.get("offset") or 0), int(params.get("limit") or 100)
        self.queued = [u for u in self.queued if u["update_id"] >= offset]
        return self.queued[:limit]

    def _api_getfile(self, params: dict[str, Any]) -> Any:
        stored = self.files.get(str(params.get("file_id")))
        if stored is None or stored["content"] is None:
            raise ApiError(400, "Bad Request: wrong file_id or the file is temporarily unavailable")
        if len(stored["content"]) > MAX_DOWNLOAD:
            raise ApiError(400, "Bad Request: file is too big")
        result = {"file_id": stored["file_id"], "file_unique_id": stored["file_unique_id"]}
        return result | {"file_size": len(stored["content"]), "file_path": stored["file_path"]}

    # ------------------------------------------------------------------ helpers

    def file_by_path(self, file_path: str) -> dict[str, Any] | None:
        with self._lock:
            return next((f for f in self.files.values() if f["file_path"] == file_path), None)

    def _bot_message(
        self, params: dict[str, Any], content: dict[str, Any], record: dict[str, Any]
    ) -> dict[str, Any]:
        raw_chat = str(params.get("chat_id") or "")
        if not raw_chat.lstrip("-").isdigit():
            raise ApiError(400, "Bad Request: chat not found")
        chat_id = int(raw_chat)
        chat = self._chats.get(chat_id, {"id": chat_id, "first_name": "Warga", "type": "private"})
        message = {"message_id": self._next_message_id, "from": self.bot_user, "chat": chat}
        message |= {"date": int(time.time()), **content}
        self._next_message_id += 1
        method = "sendPhoto" if "photo" in content else "sendMessage"
        entry = {"method": method, "chat_id": chat_id, "message_id": message["message_id"]}
        entry |= {"date": message["date"], "received_at": time.time()}
        self.sent.append(entry | {**record, "params": params})
        self._log.append({"direction": "out", "chat_id": chat_id, "message": message})
        return message

    def _store_file(self, content: bytes, folder: str, ext: str, prefix: str) -> dict[str, Any]:
        file_id, unique = _new_id(prefix), _new_id("AQAD", 8)
        path = f"{folder}/file_{self._next_file}.{ext}"
        self._next_file += 1
        self.files[file_id] = {"file_id": file_id, "file_unique_id": unique}
        self.files[file_id] |= {"file_path": path, "content": content}
        return {"file_id": file_id, "file_unique_id": unique, "file_size": len(content)}

    def _store_photo(self, content: bytes) -> list[dict[str, Any]]:
        """Telegram offers a photo in several sizes, smallest first. The fake cannot
        resize, so every size holds the original bytes under its own file_id."""
        ext = "png" if content.startswith(b"\x89PNG") else "jpg"
        sizes = []
        for width, height in ((90, 68), (320, 240), (800, 600)):
            size = self._store_file(content, "photos", ext, "AgAC")
            size |= {"width": width, "height": height}
            self.files[size["file_id"]]["size"] = size
            sizes.append(size)
        return sizes

    def _webhook_info(self) -> dict[str, Any]:
        hook = self.webhook
        count = len(self.pending) if hook["url"] else len(self.queued)
        info = {"url": hook["url"], "has_custom_certificate": False, "pending_update_count": count}
        if hook["url"]:
            info |= {"max_connections": 40, "ip_address": self.host}
            if hook["allowed_updates"]:
                info["allowed_updates"] = hook["allowed_updates"]
        if self._last_error:
            info |= {
                "last_error_date": self._last_error[0],
                "last_error_message": self._last_error[1],
            }
        return info


def _new_id(prefix: str, length: int = 48) -> str:
    return prefix + secrets.token_urlsafe(length)[:length]


def _true(value: Any) -> bool:
    return value is True or str(value).lower() in ("true", "1")


def _json_param(value: Any) -> Any:
    """PTB JSON-encodes non-string parameters in form bodies."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value
