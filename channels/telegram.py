"""Telegram channel: talk to the Bot API (webhook updates are parsed by
channels.telegram_parse).

`TelegramAdapter` is the sync client used by RQ jobs and the CLI; every method runs on a
python-telegram-bot `Bot` and an event loop kept per thread (an RQ job has no event loop of
its own, and Bot objects do not pickle, so they are never passed to jobs).

"""

from __future__ import annotations

import asyncio
import mimetypes
import threading
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any, TypeVar
from urllib.parse import urlsplit

from telegram import Bot, Message, ReplyParameters
from telegram import error as tg_error
from telegram.request import HTTPXRequest

from channels import base
from channels.base import (
    AUTH,
    CONNECT_TIMEOUT,
    RATE_LIMITED,
    RECIPIENT_UNREACHABLE,
    REJECTED,
    SEND_TIMEOUT,
    ChannelError,
    OutboundMessage,
    SendResult,
    after_parts,
    maybe_sent,
)
from channels.telegram_parse import CHANNEL

DEFAULT_BASE_URL = "https://api.telegram.org/bot"
MAX_TEXT_LENGTH = 4096  # Bot API limit for one sendMessage text
# Update types we ask Telegram for; normalize() ignores everything else anyway.
ALLOWED_UPDATES = ("message",)
# A flood-control wait (429) between the parts of one long message is waited out in the
# job when it is at most this long, so a retry does not resend the parts already delivered.
MAX_INLINE_FLOOD_WAIT = 5.0

T = TypeVar("T")
# PTB 22 warns on every RetryAfter that `retry_after` will become a timedelta; both work here.
_sleep = asyncio.sleep  # the one seam tests patch to skip flood-control waits


def derive_file_url(base_url: str) -> str:
    """Returns the file URL for `base_url`: "file/" goes before its last path segment,
    which must start with "bot" (else ValueError). "https://api.telegram.org/bot" ->
    ".../file/bot"; "http://127.0.0.1:9000/bot" -> "http://127.0.0.1:9000/file/bot";
    "http://host/bot{token}" -> "http://host/file/bot{token}"."""
    head, _, last = base_url.rpartition("/")
    if not head or not last.startswith("bot"):
        raise ValueError(f"cannot derive base_file_url from {base_url!r}; pass it explicitly")
    return f"{head}/file/{last}"


def _is_loopback(url: str) -> bool:
    host = urlsplit(url.replace("{token}", "")).hostname or ""
    return host in ("localhost", "::1") or host.startswith("127.")


class TelegramAdapter:
    """Sync Bot API client. Every method raises only ChannelError for provider failures.
    Methods use asyncio.run(), so call them from sync code (RQ jobs, CLI), not from
    inside a running event loop.

    Requests to a loopback base URL (the sandbox) ignore HTTP(S)_PROXY variables; other
    hosts use httpx's normal environment handling.
    """

    channel = CHANNEL

    def __init__(
        self,
        token: str,
        base_url: str = DEFAULT_BASE_URL,
        base_file_url: str | None = None,
        timeout: float = SEND_TIMEOUT,
    ) -> None:
        if not token:
            raise ValueError("Telegram bot token is empty")
        self._token = token
        self.base_url = base_url
        self.base_file_url = base_file_url or derive_file_url(base_url)
        self.timeout = timeout
        self._local = threading.local()

    def __repr__(self) -> str:  # never show the token
        return f"TelegramAdapter(base_url={self.base_url!r})"

    def send(self, msg: OutboundMessage) -> SendResult:
        """Send `msg.text` (split into <= 4096-character messages), then each of
        `msg.media_urls` as a photo. Returns the message id of the first message sent.
        Raises ChannelError (permanent, or transient with retry_after)."""
        parts = split_text(msg.text)
        if not parts and not msg.media_urls:
            raise ChannelError("nothing to send", permanent=True, code="empty")
        chat_id = _chat_id(msg.recipient)
        reply = None  # reply to the citizen's message when the app names one
        if msg.reply_to and msg.reply_to.isdigit():
            reply = ReplyParameters(int(msg.reply_to), allow_sending_without_reply=True)

        async def work(bot: Bot) -> SendResult:
            calls = [partial(bot.send_message, chat_id, part) for part in parts]
            calls += [partial(bot.send_photo, chat_id, url) for url in msg.media_urls]
            ids: list[int] = []
            for call in calls:
                first = not ids
                try:
                    sent = await _flood_wait(
                        call, may_wait=not first, reply_parameters=reply if first else None
                    )
                except tg_error.TelegramError as exc:
                    raise after_parts(len(ids), len(calls), self._translate(exc)) from exc
                ids.append(sent.message_id)
            return SendResult(provider_id=str(ids[0]))

        return self._run(work)

    def fetch_file(self, file_id: str, max_bytes: int) -> tuple[bytes, str | None, str]:
        """Download a file the citizen sent.

        Returns (content, MIME type guessed from the file path or None, file path relative
        to the file URL, e.g. "photos/file_3.jpg"). Raises ChannelError(permanent,
        code="too_large") when the file is bigger than `max_bytes`, other ChannelErrors
        for provider failures.
        """

        async def work(bot: Bot) -> tuple[bytes, str | None, str]:
            tg_file = await bot.get_file(file_id)
            if tg_file.file_size is not None and tg_file.file_size > max_bytes:
                raise _too_large(tg_file.file_size, max_bytes)
            content = bytes(await tg_file.download_as_bytearray())
            if len(content) > max_bytes:
                raise _too_large(len(content), max_bytes)
            path = str(tg_file.file_path or "")
            prefix = bot.base_file_url + "/"
            if path.startswith(prefix):
                path = path[len(prefix) :]
            return content, mimetypes.guess_type(path)[0], path

        return self._run(work)

    def set_webhook(self, url: str, secret_token: str) -> bool:
        """Register `url` for updates (ALLOWED_UPDATES only); Telegram will send
        `secret_token` in X-Telegram-Bot-Api-Secret-Token. Returns Telegram's answer."""
        return self._run(
            lambda bot: bot.set_webhook(
                url, secret_token=secret_token, allowed_updates=list(ALLOWED_UPDATES)
            )
        )

    def delete_webhook(self) -> bool:
        """Remove the webhook (pending updates are kept). Returns Telegram's answer."""
        return self._run(lambda bot: bot.delete_webhook())

    def webhook_info(self) -> dict[str, Any]:
        """Returns getWebhookInfo as a dict (url, pending_update_count, last_error_message,
        ...). Raises ChannelError."""

        async def work(bot: Bot) -> dict[str, Any]:
            return (await bot.get_webhook_info()).to_dict()

        return self._run(work)

    def get_me(self) -> dict[str, Any]:
        """Returns the bot's own User object as a dict (id, username, first_name, ...)."""

        async def work(bot: Bot) -> dict[str, Any]:
            return (await bot.get_me()).to_dict()

        return self._run(work)

    # ---------------------------------------------------------------- plumbing

    def _session(self) -> tuple[asyncio.AbstractEventLoop, Bot]:
        """Returns this thread's event loop and Bot, made on first use and kept: building
        an HTTP client (and its TLS context) per message costs more than sending it.
        Each worker thread has its own pair; nothing here is ever pickled."""
        session = getattr(self._local, "session", None)
        if session is None:
            connect = min(CONNECT_TIMEOUT, self.timeout)
            request = HTTPXRequest(
                connection_pool_size=4,
                media_write_timeout=self.timeout,
                httpx_kwargs={"trust_env": False} if _is_loopback(self.base_url) else None,
                connect_timeout=connect,
                pool_timeout=connect,
                read_timeout=self.timeout,
                write_timeout=self.timeout,
            )
            bot = Bot(
                self._token,
                base_url=self.base_url,
                base_file_url=self.base_file_url,
                request=request,
                get_updates_request=request,
            )
            # No bot.initialize(): it would cost a getMe round trip.
            session = self._local.session = (asyncio.new_event_loop(), bot)
        return session

    def _run(self, work: Callable[[Bot], Awaitable[T]]) -> T:
        """Run `work(bot)` on this thread's event loop; translate telegram errors."""
        loop, bot = self._session()

        async def main() -> T:
            try:
                return await work(bot)
            except tg_error.TelegramError as exc:
                raise self._translate(exc) from exc

        return loop.run_until_complete(main())

    def _translate(self, exc: tg_error.TelegramError) -> ChannelError:
        text = str(exc.message).replace(self._token, "<token>")
        if isinstance(exc, tg_error.RetryAfter):
            wait = _retry_after_seconds(exc)
            return ChannelError(
                f"Telegram flood control: {text}",
                code="429",
                retry_after=wait,
                reason=RATE_LIMITED,
            )
        if isinstance(exc, tg_error.Forbidden):  # blocked by the user, user deactivated
            return ChannelError(text, permanent=True, code="403", reason=RECIPIENT_UNREACHABLE)
        if isinstance(exc, tg_error.BadRequest):  # before NetworkError: it is a subclass
            if "too big" in text.lower():
                return ChannelError(text, permanent=True, code="too_large")
            gone = "chat not found" in text.lower() or "user not found" in text.lower()
            reason = RECIPIENT_UNREACHABLE if gone else REJECTED
            return ChannelError(text, permanent=True, code="400", reason=reason)
        if isinstance(exc, tg_error.TimedOut):
            return ChannelError(text, code="timeout", unknown=maybe_sent(exc))
        if isinstance(exc, tg_error.NetworkError):
            return ChannelError(text, code="network", unknown=maybe_sent(exc))
        if isinstance(exc, tg_error.InvalidToken):
            return ChannelError(text, code="401", reason=AUTH)
        return ChannelError(text, code=type(exc).__name__)


def _chat_id(recipient: str) -> int | str:
    return int(recipient) if recipient.lstrip("-").isdigit() else recipient


def _too_large(size: int, limit: int) -> ChannelError:
    return ChannelError(
        f"file of {size} bytes exceeds the limit of {limit}", permanent=True, code="too_large"
    )


def _retry_after_seconds(exc: tg_error.RetryAfter) -> float:
    value = exc.retry_after  # int now, timedelta with PTB_TIMEDELTA=true or in PTB 23
    return float(value if isinstance(value, int | float) else value.total_seconds())


async def _flood_wait(
    call: Callable[..., Awaitable[Message]], *, may_wait: bool, **kwargs: Any
) -> Message:
    """Await `call(**kwargs)`; when earlier parts of the same message already went out,
    wait out one short flood-control pause instead of failing (a retry would resend them)."""
    try:
        return await call(**kwargs)
    except tg_error.RetryAfter as exc:
        wait = _retry_after_seconds(exc)
        if not may_wait or wait > MAX_INLINE_FLOOD_WAIT:
            raise
        await _sleep(wait)
        return await call(**kwargs)


def split_text(text: str, limit: int = MAX_TEXT_LENGTH) -> list[str]:
    """Split `text` into Telegram-sized pieces (see channels.base.split_text)."""
    return base.split_text(text, limit)
