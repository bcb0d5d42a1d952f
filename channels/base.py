"""The shapes every channel adapter speaks: one inbound message, one outbound message,
one error type. Adapters import nothing from the rest of the project."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


@dataclass(frozen=True)
class Attachment:
    """A file the citizen sent. `ref` is what the adapter needs to fetch it later
    (Telegram file_id, Twilio media URL, Meta media id)."""

    kind: str  # "photo" | "voice" | "audio" | "video" | "document" | "sticker"
    ref: str
    mime_type: str | None = None
    size: int | None = None
    name: str | None = None


@dataclass(frozen=True)
class Location:
    latitude: float
    longitude: float
    address: str | None = None
    name: str | None = None


@dataclass(frozen=True)
class InboundMessage:
    """One message from a citizen, the same for every provider.

    `external_id` is the provider's message id: (channel, external_id) is unique.
    `sender_id` is the provider's address of the citizen (Telegram chat id, E.164
    phone number, WhatsApp id, X user id): replies go back to it.
    """

    channel: str
    external_id: str
    sender_id: str
    sent_at: datetime
    text: str = ""
    sender_name: str | None = None
    attachments: tuple[Attachment, ...] = ()
    location: Location | None = None
    phone: str | None = None  # a phone number the citizen shared about themself
    command: str | None = None  # bot command without the slash: "start", "status", "baru"
    command_args: str = ""
    unsupported: str | None = None  # provider type we cannot read, e.g. "sticker"
    public: bool = False  # True for public posts (X mentions): replies must not leak data
    thread_id: str | None = None  # provider conversation id (X conversation, reply context)
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class OutboundMessage:
    """One message to a citizen or officer, as an adapter sends it."""

    channel: str
    recipient: str
    text: str
    reply_to: str | None = None  # provider message id to reply to (X tweet id, WA context)
    template: str | None = None  # approved template name / ContentSid outside 24 h windows
    template_params: tuple[str, ...] = ()
    media_urls: tuple[str, ...] = ()
    status_callback: str | None = None


@dataclass(frozen=True)
class SendResult:
    """What a provider answered to a send: its message id."""

    provider_id: str


# Why a send failed, in the words the rest of the desk acts on. Provider error codes are
# translated into these here in channels/ and nowhere else.
TRANSIENT = "transient"  # network, timeout, provider 5xx: try again with back-off
RATE_LIMITED = "rate_limited"  # the provider asked us to slow down (retry_after)
RECIPIENT_UNREACHABLE = "recipient_unreachable"  # blocked us, STOP, no such number/chat/mailbox
NOT_ON_WHATSAPP = "not_on_whatsapp"  # the number has no WhatsApp account
WINDOW_CLOSED = "window_closed"  # outside the messaging window: only a template or tag may go
TEMPLATE_REJECTED = "template_rejected"  # the approved template cannot go (paused, params)
AUTH = "auth"  # our credentials were refused
CONFIG = "config"  # the channel is not configured here (no credentials, no sender)
REJECTED = "rejected"  # this message can never go (empty, too long, unsupported, policy)
REASONS = (
    TRANSIENT,
    RATE_LIMITED,
    RECIPIENT_UNREACHABLE,
    NOT_ON_WHATSAPP,
    WINDOW_CLOSED,
    TEMPLATE_REJECTED,
    AUTH,
    CONFIG,
    REJECTED,
)


# How long a send waits. Nothing is sent before the connection stands, so a connect
# failure is safe to retry and can be short; once the request is written, giving up
# early only turns a slow success into an unknown outcome, so the answer gets long.
CONNECT_TIMEOUT = 5.0
SEND_TIMEOUT = 30.0


class ChannelError(Exception):
    """The only error an adapter raises.

    `permanent` means retrying cannot help (blocked bot, invalid number, STOP);
    `reason` says why, from REASONS (default: transient, or rejected when permanent);
    `retry_after` (seconds) is the provider's own back-off hint; `code` is the
    provider's error code as a string, kept for people to read, never for decisions.
    `unknown` means the request may have reached the provider (no answer after it was
    written, the connection lost mid-request): sending again may deliver it twice.
    """

    def __init__(
        self,
        message: str,
        *,
        permanent: bool = False,
        code: str | None = None,
        retry_after: float | None = None,
        reason: str | None = None,
        unknown: bool = False,
    ) -> None:
        super().__init__(message)
        self.unknown = unknown
        self.permanent = permanent
        self.code = code
        self.retry_after = retry_after
        self.reason = reason or (REJECTED if permanent else TRANSIENT)
        if self.reason not in REASONS:
            raise ValueError(f"unknown failure reason {self.reason!r}")


@dataclass(frozen=True)
class DeliveryStatus:
    """A provider's delivery report for a message we sent, in our words.

    `status` is one of sent, delivered, read, failed, undeliverable; `reason` (from
    REASONS) says why a failed one failed; `error_code` is the provider's code."""

    provider_id: str
    status: str
    error_code: str | None = None
    reason: str | None = None
    recipient: str | None = None


def after_parts(delivered: int, total: int, exc: ChannelError) -> ChannelError:
    """The error of a message sent in parts (long text, photos) that failed after
    `delivered` parts reached the citizen: a transient failure becomes unknown, since
    sending the message again would repeat what arrived; a permanent one stays."""
    if delivered == 0 or exc.permanent or exc.unknown:
        return exc
    text = f"{delivered} of {total} parts delivered, then: {exc}"
    return ChannelError(text, code=exc.code, reason=exc.reason, unknown=True)


def split_text(text: str, limit: int) -> list[str]:
    """Split `text` into pieces of at most `limit` characters, cutting at the last
    paragraph break, line break or space before the limit (mid-word only for one overlong
    word). Returns [] for blank text."""
    parts: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        cut = 0
        for sep in ("\n\n", "\n", " "):
            cut = rest.rfind(sep, 0, limit + 1)
            if cut > 0:
                break
        if cut <= 0:
            cut = limit
        if piece := rest[:cut].rstrip():
            parts.append(piece)
        rest = rest[cut:].lstrip()
    if rest:
        parts.append(rest)
    return parts


def _causes(exc: BaseException) -> list[BaseException]:
    """Returns `exc` and every exception it wraps (cause, context, args, urllib3's
    `reason`), without repeats."""
    found: list[BaseException] = []
    todo = [exc]
    while todo:
        item = todo.pop()
        if item in found:
            continue
        found.append(item)
        inner = [item.__cause__, item.__context__, getattr(item, "reason", None), *item.args]
        todo += [e for e in inner if isinstance(e, BaseException)]
    return found


def maybe_sent(exc: BaseException) -> bool:
    """Returns True when the network error `exc` (requests, httpx, sockets) may have
    happened after the provider got the request: no answer in time, the connection lost
    mid-request. False when nothing was sent (refused, no route, name not found, connect
    timeout) and for errors that are not about the connection (e.g. an HTTP 5xx answer)."""
    import http.client
    import socket

    import httpx
    import urllib3.exceptions

    not_sent = (
        httpx.ConnectError,
        httpx.ConnectTimeout,
        httpx.PoolTimeout,
        urllib3.exceptions.NewConnectionError,  # refused, unreachable, DNS
        urllib3.exceptions.ConnectTimeoutError,
        ConnectionRefusedError,
        socket.gaierror,
    )
    mid_request = (
        httpx.ReadTimeout,
        httpx.WriteTimeout,
        httpx.ReadError,
        httpx.WriteError,
        httpx.RemoteProtocolError,
        urllib3.exceptions.ReadTimeoutError,
        urllib3.exceptions.ProtocolError,
        http.client.RemoteDisconnected,
        ConnectionResetError,
        BrokenPipeError,
        TimeoutError,
    )
    chain = _causes(exc)
    if any(isinstance(e, not_sent) for e in chain):
        return False
    return any(isinstance(e, mid_request) for e in chain)


# Readers walk provider payloads through these instead of trusting their shape: a wrong
# type anywhere is a ValueError that says what was wrong (kept on the event for replay).
EARLIEST, LATEST = datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC)


def objects(value: Any, what: str) -> list[dict[str, Any]]:
    """Returns `value`, a payload's list of JSON objects (absent or null: []); raises
    ValueError naming `what` when it is anything else."""
    if value is None:
        return []
    if isinstance(value, list) and all(isinstance(item, dict) for item in value):
        return value
    raise ValueError(f"{what} must be a list of objects, not {type(value).__name__}")


def epoch(value: Any, what: str, per_second: int = 1) -> datetime:
    """Returns the aware UTC time of `value`, seconds (or 1/`per_second`) since 1970 as a
    number or digits; raises ValueError naming `what` for anything else, or for a time
    outside 2000-2100 (no provider sends those)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"{what} must be a number, not {type(value).__name__}")
    try:
        seconds = float(value) / per_second
        moment = datetime.fromtimestamp(seconds, UTC)
    except (ValueError, OverflowError, OSError) as exc:
        raise ValueError(f"{what} is not a time: {str(value)[:40]!r}") from exc
    if not EARLIEST <= moment < LATEST:
        raise ValueError(f"{what} is out of range: {str(value)[:40]!r}")
    return moment
