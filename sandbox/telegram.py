"""A fake Telegram Bot API server on 127.0.0.1 for tests and the demo.

The bot side speaks the real Bot API under `/bot<token>/<method>` (getMe, sendMessage,
sendPhoto, setWebhook, deleteWebhook, getWebhookInfo, getUpdates, getFile) and serves
files under `/file/bot<token>/<file_path>`, so python-telegram-bot talks to it unchanged.

The citizen side (`citizen_sends`, or `POST /sandbox/citizen/send` from another process)
builds updates the way Telegram does and POSTs them to the registered webhook with the
`X-Telegram-Bot-Api-Secret-Token` header. Like Telegram, an update the webhook does not
accept (non-2xx or no connection) stays pending and is retried from a background thread
after 1, 2, 4, 8 ... seconds (doubling, capped at 60 s; `retry_base_delay` scales it).
Unlike Telegram, new updates are delivered at once even while older ones are pending.
Without a webhook, updates queue for `getUpdates`.

`/sandbox/...` is this server's own JSON control API, not part of Telegram's:
  POST /sandbox/citizen/send    {"chat_id", "text"?, "photo_base64"?, "caption"?,
                                 "latitude"?, "longitude"?, "contact_phone"?, "first_name"?}
  GET  /sandbox/chats/<id>/messages[?after=<message_id>]  the conversation, in order
  GET  /sandbox/state           webhook info and counts
  GET  /sandbox/files/<file_id> a stored file (photo URLs in the conversation point here)
  POST /sandbox/retry           retry pending webhook deliveries now
It keeps everything in memory; no CORS headers (the web app proxies these calls).

Layout: telegram_api.BotApi holds the Bot API state and methods (no networking),
telegram_http routes HTTP requests, this module adds the server, citizen and delivery.

    with FakeTelegram() as fake:
        adapter = TelegramAdapter(fake.token, base_url=fake.base_url)
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sandbox.base import FakeServer
from sandbox.telegram_api import COMMAND_RE, ApiError, BotApi
from sandbox.telegram_http import Handler

__all__ = ["ApiError", "FakeTelegram"]


class FakeTelegram(BotApi, FakeServer):
    """Bot API server + citizen simulator on 127.0.0.1. Thread-safe."""

    handler = Handler

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        token: str = "123456:SANDBOX",
        *,
        retry_base_delay: float = 1.0,
        delivery_timeout: float = 10.0,
    ) -> None:
        super().__init__(token)
        FakeServer.__init__(self, host, port)
        self.retry_base_delay, self.delivery_timeout = retry_base_delay, delivery_timeout
        self._retry_lock = threading.Lock()

    # ------------------------------------------------------------------ lifecycle

    def _background(self) -> list[Callable[[], None]]:
        return [self._retry_loop]

    def _wake_background(self) -> None:
        self._wake.set()

    @property
    def base_url(self) -> str:
        """python-telegram-bot `base_url` (the token is appended)."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.url}/file/bot"

    # ------------------------------------------------------------------ inspection

    def conversation(self, chat_id: int | str, after: int = 0) -> list[dict[str, Any]]:
        """Both directions of one chat, in order: direction "in" (citizen) / "out" (bot),
        message_id, text (or caption), time (ISO UTC), photo_url, location."""
        with self._lock:
            entries = [e for e in self._log if str(e["chat_id"]) == str(chat_id)]
            return [self._summary(e) for e in entries if e["message"]["message_id"] > after]

    def state(self) -> dict[str, Any]:
        """Webhook info and counts, for the simulator page and debugging."""
        with self._lock:
            counts = {"sent": len(self.sent), "calls": len(self.calls), "chats": len(self._chats)}
            counts |= {"pending": len(self.pending), "queued": len(self.queued)}
            counts["files"] = len(self.files)
            return {"bot": self.bot_user, "webhook": self._webhook_info(), "counts": counts}

    # ------------------------------------------------------------------ citizen side

    def citizen_sends(
        self,
        chat_id: int,
        *,
        text: str | None = None,
        photo: bytes | None = None,
        caption: str | None = None,
        location: tuple[float, float] | None = None,
        contact_phone: str | None = None,
        voice: bytes | None = None,
        document: tuple[bytes, str, str] | None = None,
        first_name: str = "Warga",
        last_name: str | None = None,
        username: str | None = None,
    ) -> dict[str, Any]:
        """Build the update Telegram would send for this private-chat message and deliver
        it to the webhook (or queue it for getUpdates). A photo is stored in several
        sizes; `text` with a photo becomes its caption; `contact_phone` shares the
        citizen's own number; `document` is (bytes, file name, declared type). Returns
        {"update", "status" (HTTP status of the webhook, or None), "delivered", "error"}.
        Raises ValueError when there is nothing to send."""
        if photo is not None and caption is None:
            caption, text = text, None
        if document is not None and caption is None:
            caption, text = text, None
        kinds = [text, photo, location, contact_phone, voice, document]
        if sum(kind is not None for kind in kinds) != 1:
            raise ValueError(
                "send exactly one of text, photo, location, contact_phone, voice, document"
            )
        chat_id = int(chat_id)
        person = {"first_name": first_name, "last_name": last_name, "username": username}
        person = {key: value for key, value in person.items() if value}
        with self._lock:
            self._chats[chat_id] = chat = {"id": chat_id, **person, "type": "private"}
            user = {"id": chat_id, "is_bot": False, **person, "language_code": "id"}
            message: dict[str, Any] = {"message_id": self._next_message_id, "from": user}
            message |= {"chat": chat, "date": int(time.time())}
            self._next_message_id += 1
            if text is not None:
                message["text"] = text
                command = COMMAND_RE.match(text)
                if command:
                    entity = {"offset": 0, "length": command.end(), "type": "bot_command"}
                    message["entities"] = [entity]
            if photo is not None:
                message["photo"] = self._store_photo(photo)
            if caption:
                message["caption"] = caption
            if location is not None:
                message["location"] = {"latitude": location[0], "longitude": location[1]}
            if contact_phone is not None:
                contact = {"phone_number": contact_phone, "first_name": first_name}
                message["contact"] = contact | {"user_id": chat_id}
            if voice is not None:
                stored = self._store_file(voice, "voice", "oga", "AwAC")
                message["voice"] = stored | {"duration": 3, "mime_type": "audio/ogg"}
            if document is not None:
                content, file_name, mime = document
                stored = self._store_file(content, "documents", "bin", "BQAC")
                message["document"] = stored | {"file_name": file_name, "mime_type": mime}
            update = {"update_id": self._next_update_id, "message": message}
            self._next_update_id += 1
            self._log.append({"direction": "in", "chat_id": chat_id, "message": message})
            url, secret = self.webhook["url"], self.webhook["secret_token"]
            if not url:
                self.queued.append(update)
        if not url:
            return {"update": update, "status": None, "delivered": False, "error": "no webhook"}
        status, error = self._post(url, secret, update)
        if error:
            with self._lock:
                self.pending.append({"update": update, "attempts": 1, "next_at": self._due(1)})
            self._wake.set()
        return {"update": update, "status": status, "delivered": not error, "error": error}

    def retry_pending(self, due_only: bool = False) -> int:
        """Try every pending update again now (only those due, if `due_only`), oldest
        first. Updates stay in `pending` until delivered. Returns how many were delivered."""
        delivered = 0
        with self._retry_lock:  # one pass at a time, so no update goes out twice
            with self._lock:
                now = time.monotonic()
                batch = [p for p in self.pending if not due_only or p["next_at"] <= now]
                url, secret = self.webhook["url"], self.webhook["secret_token"]
            for item in sorted(batch, key=lambda p: p["update"]["update_id"]):
                error = self._post(url, secret, item["update"])[1] if url else "no webhook"
                with self._lock:
                    if error is None:
                        delivered += 1
                        self.pending = [p for p in self.pending if p is not item]
                    else:
                        item["attempts"] += 1
                        item["next_at"] = self._due(item["attempts"])
        return delivered

    # ------------------------------------------------------------------ helpers

    def _summary(self, entry: dict[str, Any]) -> dict[str, Any]:
        message = entry["message"]
        photo_url = None
        if message.get("photo"):
            sent_ref = next(
                (s.get("photo") for s in self.sent if s["message_id"] == message["message_id"]),
                None,
            )
            file_id = message["photo"][-1]["file_id"]
            photo_url = sent_ref if sent_ref and sent_ref.startswith("http") else None
            photo_url = photo_url or f"{self.url}/sandbox/files/{file_id}"
        when = datetime.fromtimestamp(message["date"], UTC).isoformat()
        return {
            "direction": entry["direction"],
            "message_id": message["message_id"],
            "text": message.get("text") or message.get("caption") or "",
            "time": when,
            "photo_url": photo_url,
            "location": message.get("location"),
            "contact": message.get("contact"),
        }

    def _due(self, attempts: int) -> float:
        return time.monotonic() + self.retry_base_delay * min(2 ** (attempts - 1), 60)

    def _post(
        self, url: str, secret: str | None, update: dict[str, Any]
    ) -> tuple[int | None, str | None]:
        """POST one update to the webhook. Returns (HTTP status or None, error or None)."""
        headers = {"Content-Type": "application/json"}
        if secret:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        body = json.dumps(update).encode()
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # no proxies
        status: int | None
        try:
            with opener.open(request, timeout=self.delivery_timeout) as response:
                status, error = response.status, None
                response.read()
        except urllib.error.HTTPError as exc:
            status, error = exc.code, f"Wrong response from the webhook: {exc.code} {exc.reason}"
            exc.close()
        except OSError as exc:
            status, error = None, f"Connection failed: {exc}"
        if error:
            with self._lock:
                self._last_error = (int(time.time()), error)
        return status, error

    def _retry_loop(self) -> None:
        while not self._stopping.is_set():
            with self._lock:
                due = min((p["next_at"] for p in self.pending), default=None)
            timeout = None if due is None else max(0.0, due - time.monotonic())
            self._wake.wait(timeout)
            self._wake.clear()
            if not self._stopping.is_set():
                self.retry_pending(due_only=True)
