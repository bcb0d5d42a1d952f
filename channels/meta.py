"""Facebook Page Messenger and Instagram DMs: parse Messenger Platform webhooks and answer
through the Send API.

Both products deliver the same webhook shape (`entry[].messaging[]`) and take the same
Send API call; only the `object` ("page" / "instagram") and the account id differ. So one
`normalize()` serves both (channel "facebook" or "instagram") and one
`MetaMessengerAdapter` class serves both, told its channel in the constructor.

Messenger's 24-hour rule: free-form replies (messaging_type RESPONSE) only within 24 h of
the person's last message; up to 7 days later only with the HUMAN_AGENT tag (a human agent
answering); later than that, not at all (error 10 / 2018278 -> code "outside_window").
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from channels.base import (
    CONNECT_TIMEOUT,
    SEND_TIMEOUT,
    Attachment,
    ChannelError,
    InboundMessage,
    Location,
    OutboundMessage,
    SendResult,
    after_parts,
    epoch,
    objects,
    split_text,
)
from channels.meta_common import DEFAULT_BASE_URL, GraphClient

CHANNELS = {"page": "facebook", "instagram": "instagram"}  # webhook `object` -> channel
MAX_TEXT_LENGTH = {"facebook": 2000, "instagram": 1000}  # Send API text limits
# Message tags allowed outside the 24 h window; HUMAN_AGENT is the one a help desk uses.
MESSAGE_TAGS = frozenset({"HUMAN_AGENT", "ACCOUNT_UPDATE", "CONFIRMED_EVENT_UPDATE"})
# Hosts Meta serves attachment URLs from (https only).
CDN_SUFFIXES = (".fbcdn.net", ".cdninstagram.com")
CDN_HOSTS = frozenset({"lookaside.fbsbx.com", "cdn.fbsbx.com"})  # cdn: voice clips, files
_ATTACHMENT_KINDS = {"image": "photo", "video": "video", "audio": "audio", "file": "document"}


# --------------------------------------------------------------------------- parsing


def normalize(payload: dict[str, Any]) -> list[InboundMessage]:
    """Returns one InboundMessage per message (and postback) event in the payload, in order.

    Skips our own sends echoed back (`is_echo`), deleted/unsent messages, delivery and read
    receipts, reactions and every other event. A message with only an attachment type we
    cannot use (a shared post, a story mention) comes back with `unsupported=<type>`.
    Raises ValueError when `object` is neither "page" nor "instagram", or an event lacks
    sender/timestamp/mid."""
    kind = payload.get("object") if isinstance(payload, dict) else None
    if not isinstance(kind, str) or kind not in CHANNELS:
        got = payload.get("object") if isinstance(payload, dict) else type(payload).__name__
        raise ValueError(f"not a Messenger/Instagram webhook payload (object={got!r})")
    channel = CHANNELS[payload["object"]]
    result = []
    for entry in objects(payload.get("entry"), "entry"):
        for event in objects(entry.get("messaging"), "entry.messaging"):
            message = _event(channel, event)
            if message is not None:
                result.append(message)
    return result


def event_ids(payload: dict[str, Any]) -> list[str]:
    """Returns the dedupe keys (the `mid`s) of the events normalize() turns into messages.
    Raises ValueError like normalize()."""
    return [message.external_id for message in normalize(payload)]


def _event(channel: str, event: dict[str, Any]) -> InboundMessage | None:
    message, postback = event.get("message"), event.get("postback")
    if isinstance(message, dict):
        if message.get("is_echo") or message.get("is_deleted") or message.get("is_unsupported"):
            return None
        return _message(channel, event, message)
    if isinstance(postback, dict):  # a button of ours was tapped: its title is the text
        meta = {"postback_payload": postback.get("payload")}
        return _build(channel, event, postback, str(postback.get("title") or ""), meta=meta)
    return None  # delivery, read, reaction, referral, optin, handover, ...


def _message(channel: str, event: dict[str, Any], message: dict[str, Any]) -> InboundMessage:
    meta: dict[str, Any] = {}
    if (message.get("quick_reply") or {}).get("payload"):
        meta["quick_reply"] = message["quick_reply"]["payload"]
    reply_to = message.get("reply_to") or {}
    if reply_to.get("mid"):
        meta["reply_to"] = reply_to["mid"]
    attachments: list[Attachment] = []
    location, other = None, None
    for item in message.get("attachments") or []:
        kind, body = item.get("type"), item.get("payload") or {}
        coordinates = body.get("coordinates") or {}
        if kind == "location" and "lat" in coordinates and "long" in coordinates:
            location = Location(
                float(coordinates["lat"]), float(coordinates["long"]), name=item.get("title")
            )
        elif kind in _ATTACHMENT_KINDS and body.get("url"):
            our_kind = "sticker" if body.get("sticker_id") else _ATTACHMENT_KINDS[kind]
            attachments.append(Attachment(our_kind, str(body["url"])))
        else:  # fallback (shared link), template, share, story_mention, ig_reel, ...
            other = other or str(kind or "unknown")
            if body.get("url"):
                meta.setdefault("links", []).append(body["url"])
    text = str(message.get("text") or "")
    unsupported = other if not (text or attachments or location) else None
    if unsupported is None and not (text or attachments or location):
        unsupported = "unknown"
    return _build(channel, event, message, text, tuple(attachments), location, unsupported, meta)


def _build(
    channel: str,
    event: dict[str, Any],
    body: dict[str, Any],
    text: str,
    attachments: tuple[Attachment, ...] = (),
    location: Location | None = None,
    unsupported: str | None = None,
    meta: dict[str, Any] | None = None,
) -> InboundMessage:
    try:
        sender = str(event["sender"]["id"])
        sent_at = epoch(event["timestamp"], "event timestamp", per_second=1000)
        mid = str(body["mid"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"Messenger event without sender/timestamp/mid: {exc!r}") from exc
    meta = dict(meta or {})
    recipient = (event.get("recipient") or {}).get("id")
    if recipient:
        meta["recipient"] = str(recipient)  # our page / Instagram account id
    return InboundMessage(
        channel=channel,
        external_id=mid,
        sender_id=sender,
        sent_at=sent_at,
        text=text,
        attachments=attachments,
        location=location,
        unsupported=unsupported,
        meta=meta,
    )


# --------------------------------------------------------------------------- sending


class MetaMessengerAdapter:
    """Send API client for one Facebook Page (channel "facebook") or one Instagram
    professional account (channel "instagram", `page_id` = the IG account id). Methods
    raise only ChannelError (see meta_common.GRAPH_ERRORS)."""

    def __init__(
        self,
        page_access_token: str,
        page_id: str,
        *,
        channel: str = "facebook",
        base_url: str = DEFAULT_BASE_URL,
        timeout: float | tuple[float, float] = (CONNECT_TIMEOUT, SEND_TIMEOUT),
    ) -> None:
        if channel not in MAX_TEXT_LENGTH:
            raise ValueError(f"channel must be 'facebook' or 'instagram', not {channel!r}")
        if not page_id:
            raise ValueError("page_id is empty")
        self.graph = GraphClient(page_access_token, base_url, timeout)
        self.page_id = str(page_id)
        self.channel = channel
        self._base_netloc = urlsplit(self.graph.base_url).netloc

    def __repr__(self) -> str:
        return f"MetaMessengerAdapter({self.page_id!r}, channel={self.channel!r})"

    def send(self, msg: OutboundMessage) -> SendResult:
        """Send `msg.text` (split at the channel's length limit) and then each of
        `msg.media_urls` as an image to the PSID/IGSID in `msg.recipient`.

        As a RESPONSE inside the 24 h window; when `msg.template` is a message tag
        ("HUMAN_AGENT": up to 7 days after the person's last message) as MESSAGE_TAG.
        Returns the message id of the first message. Raises ChannelError: permanent
        "outside_window" when Meta refuses because of the window, permanent
        "unsupported_tag" for another template name, permanent "empty" for nothing."""
        base: dict[str, Any] = {"recipient": {"id": msg.recipient}, "messaging_type": "RESPONSE"}
        if msg.template:
            if msg.template not in MESSAGE_TAGS:
                raise ChannelError(
                    f"{self.channel} has no templates; {msg.template!r} is not a message tag",
                    permanent=True,
                    code="unsupported_tag",
                )
            base |= {"messaging_type": "MESSAGE_TAG", "tag": msg.template}
        messages: list[dict[str, Any]] = [
            {"text": part} for part in split_text(msg.text, MAX_TEXT_LENGTH[self.channel])
        ]
        for url in msg.media_urls:
            messages.append({"attachment": {"type": "image", "payload": {"url": url}}})
        if not messages:
            raise ChannelError("nothing to send", permanent=True, code="empty")
        ids = []
        for message in messages:
            try:
                answer = self.graph.post(f"{self.page_id}/messages", base | {"message": message})
            except ChannelError as exc:
                raise after_parts(len(ids), len(messages), exc) from exc
            if not answer.get("message_id"):
                raise ChannelError(f"Send API answer without message_id: {answer!r}")
            ids.append(str(answer["message_id"]))
        return SendResult(provider_id=ids[0])

    def host_allowed(self, url: str) -> bool:
        """True for https URLs on Meta's CDN hosts and for the configured Graph host."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if parts.scheme == "https" and (host in CDN_HOSTS or host.endswith(CDN_SUFFIXES)):
            return True
        return bool(parts.netloc) and parts.netloc == self._base_netloc

    def fetch_file(self, url: str, max_bytes: int) -> tuple[bytes, str | None, str]:
        """Download an attachment URL from a webhook (no token is sent: Meta's CDN URLs
        are signed). Returns (content, MIME type from Content-Type or None, the last path
        segment of the URL as a name). Raises ChannelError(permanent, "forbidden_host")
        for other hosts or plain http, ChannelError(permanent, "too_large") past
        `max_bytes`, other ChannelErrors for HTTP failures."""
        content, mime = self.graph.download(url, max_bytes, bearer=False, host_ok=self.host_allowed)
        name = urlsplit(url).path.rstrip("/").rpartition("/")[2] or "attachment"
        return content, mime, name
