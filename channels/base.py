"""The shapes every channel adapter speaks: one inbound message, one outbound message,
one error type. Adapters import nothing from the rest of the project."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
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


class ChannelError(Exception):
    """The only error an adapter raises.

    `permanent` means retrying cannot help (blocked bot, invalid number, STOP);
    `retry_after` (seconds) is the provider's own back-off hint; `code` is the
    provider's error code as a string.
    """

    def __init__(
        self,
        message: str,
        *,
        permanent: bool = False,
        code: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.permanent = permanent
        self.code = code
        self.retry_after = retry_after


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
