"""WhatsApp Cloud API (Meta, direct): parse webhook payloads and send through the Graph API.

`normalize()`, `parse_statuses()` and `event_ids()` are pure functions over one webhook
payload (the JSON dict, after the signature was verified with
channels.meta_common.verify_signature). `WhatsAppCloudAdapter` sends text and template
messages and downloads media with a Graph access token.

Outside the 24-hour customer service window only approved templates may be sent; a
free-form send then fails with 131047, usually not in the API answer but later as a
`failed` status webhook, so the caller must handle both (see parse_statuses()).
"""

from __future__ import annotations

import mimetypes
import re
from typing import Any

from channels.base import (
    CONNECT_TIMEOUT,
    RECIPIENT_UNREACHABLE,
    REJECTED,
    SEND_TIMEOUT,
    Attachment,
    ChannelError,
    DeliveryStatus,
    InboundMessage,
    Location,
    OutboundMessage,
    SendResult,
    after_parts,
    epoch,
    objects,
    split_text,
)
from channels.meta_common import (
    DEFAULT_BASE_URL,
    GraphClient,
    StatusUpdate,
    graph_reason,
    too_large,
)

CHANNEL = "whatsapp_cloud"
OBJECT = "whatsapp_business_account"
MAX_TEXT_LENGTH = 4096  # text.body limit of one message

# WhatsApp media message types -> our Attachment kind (audio with voice=true is "voice").
_MEDIA_KINDS = {
    "image": "photo",
    "audio": "audio",
    "video": "video",
    "document": "document",
    "sticker": "sticker",
}
_DIGITS_RE = re.compile(r"^\d{6,15}$")


# --------------------------------------------------------------------------- parsing


def _values(payload: dict[str, Any]) -> list[dict[str, Any]]:
    """The `value` of every "messages" change. Raises ValueError for a payload that is not a
    WhatsApp Business Account webhook."""
    if not isinstance(payload, dict) or payload.get("object") != OBJECT:
        got = payload.get("object") if isinstance(payload, dict) else type(payload).__name__
        raise ValueError(f"not a WhatsApp Cloud webhook payload (object={got!r})")
    values = []
    for entry in objects(payload.get("entry"), "entry"):
        for change in objects(entry.get("changes"), "entry.changes"):
            if change.get("field") != "messages":
                continue
            if not isinstance(change.get("value"), dict):
                raise ValueError("a messages change without a value object")
            values.append(change["value"])
    return values


def _text_field(raw: dict[str, Any], key: str) -> str:
    """Returns raw[key], an id or a status: a string or a number, never empty."""
    value = raw[key]
    if isinstance(value, bool) or not isinstance(value, str | int) or value == "":
        raise ValueError(f"{key} must be a non-empty string, not {str(value)[:40]!r}")
    return str(value)


def _profile_name(contact: dict[str, Any]) -> Any:
    profile = contact.get("profile")
    return profile.get("name") if isinstance(profile, dict) else None


def normalize(payload: dict[str, Any]) -> list[InboundMessage]:
    """Returns one InboundMessage per entry in `value.messages[]` of the payload, in order.

    Status updates and value-level errors are not messages (see parse_statuses(),
    parse_errors()); a payload with only those returns []. Reactions, unsupported and
    unknown types come back with `unsupported=<type>`. Raises ValueError when the payload
    is not a WhatsApp Business Account webhook or a message lacks id/from/timestamp."""
    result = []
    for value in _values(payload):
        names = {
            str(c.get("wa_id")): _profile_name(c)
            for c in objects(value.get("contacts"), "contacts")
        }
        metadata = value.get("metadata")
        business = metadata.get("phone_number_id") if isinstance(metadata, dict) else None
        for raw in objects(value.get("messages"), "messages"):
            result.append(_message(raw, names, business))
    return result


def _message(raw: dict[str, Any], names: dict[str, Any], business: str | None) -> InboundMessage:
    try:
        wamid, sender = _text_field(raw, "id"), _text_field(raw, "from")
        stamp = epoch(raw["timestamp"], "message timestamp")
    except KeyError as exc:
        raise ValueError(f"WhatsApp message without id/from/timestamp: {exc!r}") from exc
    kind = str(raw.get("type") or "unknown")
    body: dict[str, Any] = raw.get(kind) if isinstance(raw.get(kind), dict) else {}
    meta: dict[str, Any] = {"type": kind}
    if business:
        meta["phone_number_id"] = str(business)
    context = raw.get("context") or {}
    if context.get("id"):
        meta["context_id"] = context["id"]  # the message this one replies to
    if context.get("forwarded") or context.get("frequently_forwarded"):
        meta["forwarded"] = True
    text, attachments, location, unsupported = "", (), None, None
    if kind == "text":
        text = str(body.get("body") or "")
    elif kind in _MEDIA_KINDS:
        text = str(body.get("caption") or "")
        attachments = (_attachment(kind, body),)
    elif kind == "location":
        try:
            lat, lon = float(body["latitude"]), float(body["longitude"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"WhatsApp location without coordinates: {exc!r}") from exc
        location = Location(lat, lon, address=body.get("address"), name=body.get("name"))
    elif kind == "interactive" and body.get("type") in ("button_reply", "list_reply"):
        reply = body.get(body["type"]) or {}
        text = str(reply.get("title") or "")
        meta |= {"reply_type": body["type"], "reply_id": reply.get("id")}
    elif kind == "button":  # quick-reply button of a template we sent
        text = str(body.get("text") or "")
        meta["button_payload"] = body.get("payload")
    else:  # reaction, unsupported, contacts, order, system, interactive flows, ...
        unsupported = kind
        if kind == "reaction":
            meta["emoji"] = body.get("emoji")
            meta["reacted_to"] = body.get("message_id")
        errors = raw.get("errors") or []
        if errors:
            meta["error_code"] = str(errors[0].get("code"))
    return InboundMessage(
        channel=CHANNEL,
        external_id=wamid,
        sender_id=e164(sender),
        sent_at=stamp,
        text=text,
        sender_name=_name(names, sender),
        attachments=attachments,
        location=location,
        unsupported=unsupported,
        meta=meta,
    )


def _name(names: dict[str, Any], sender: str) -> str | None:
    """The profile name for `sender`; with a single contact its name even when wa_id and
    `from` differ (Meta documents that they can, e.g. for some Brazilian numbers)."""
    name = names.get(sender) or (next(iter(names.values())) if len(names) == 1 else None)
    return str(name) if name else None


def _attachment(kind: str, body: dict[str, Any]) -> Attachment:
    mime = body.get("mime_type")
    our_kind = "voice" if kind == "audio" and body.get("voice") else _MEDIA_KINDS[kind]
    return Attachment(our_kind, str(body.get("id") or ""), mime, name=body.get("filename"))


def parse_statuses(payload: dict[str, Any]) -> list[StatusUpdate]:
    """Returns the delivery statuses (`value.statuses[]`) in the payload, in order; the
    first error's code/title are kept for failures (131047 = outside the 24 h window,
    132001 = unknown template). Raises ValueError for a non-WhatsApp payload or a status
    without id/status/timestamp."""
    result = []
    for value in _values(payload):
        for raw in objects(value.get("statuses"), "statuses"):
            errors = objects(raw.get("errors"), "status errors") or [{}]
            code = errors[0].get("code")
            try:
                wamid, status = _text_field(raw, "id"), _text_field(raw, "status")
                stamp = epoch(raw["timestamp"], "status timestamp")
            except KeyError as exc:
                raise ValueError(f"WhatsApp status without id/status/timestamp: {exc!r}") from exc
            recipient = raw.get("recipient_id")
            result.append(
                StatusUpdate(
                    provider_id=wamid,
                    status=status,
                    timestamp=stamp,
                    recipient=e164(str(recipient)) if recipient else None,
                    error_code=str(code) if code is not None else None,
                    error_title=errors[0].get("title"),
                )
            )
    return result


# Cloud API statuses -> ours (channels.base.DeliveryStatus).
STATUSES = {"sent": "sent", "delivered": "delivered", "read": "read", "failed": "failed"}


def delivery_status(update: StatusUpdate) -> DeliveryStatus | None:
    """Returns `update` in our words (status and failure reason), or None for a status
    that says nothing about delivery."""
    status = STATUSES.get(update.status)
    if status is None:
        return None
    reason = None
    if status == "failed":
        code = int(update.error_code) if (update.error_code or "").isdigit() else None
        reason = graph_reason(code) or REJECTED
    return DeliveryStatus(update.provider_id, status, update.error_code, reason, update.recipient)


def parse_errors(payload: dict[str, Any]) -> list[dict[str, Any]]:
    """Returns value-level errors (not tied to one message, e.g. 130429 throughput) as
    dicts with code (str), title and details. Raises ValueError for a non-WhatsApp payload."""
    result = []
    for value in _values(payload):
        for raw in objects(value.get("errors"), "errors"):
            data = raw.get("error_data")
            details = data.get("details") if isinstance(data, dict) else None
            result.append(
                {"code": str(raw.get("code")), "title": raw.get("title"), "details": details}
            )
    return result


def event_ids(payload: dict[str, Any]) -> list[str]:
    """Returns the dedupe key of every event in the payload, in order: the wamid for each
    message, f"{wamid}:{status}" for each status. Raises ValueError like normalize()."""
    keys = []
    for value in _values(payload):
        keys += [str(raw.get("id")) for raw in objects(value.get("messages"), "messages")]
        statuses = objects(value.get("statuses"), "statuses")
        keys += [f"{raw.get('id')}:{raw.get('status')}" for raw in statuses]
    return keys


def e164(wa_id: str) -> str:
    """WhatsApp ids are the international number without "+": "6281234567890" ->
    "+6281234567890". Leaves anything already starting with "+" alone."""
    return wa_id if wa_id.startswith("+") else f"+{wa_id}"


def wa_recipient(recipient: str) -> str:
    """Returns the Cloud API `to` value (digits only) for an E.164 number ("+62812..." or
    "whatsapp:+62812..."). Raises ChannelError(permanent, "invalid_recipient") otherwise."""
    digits = re.sub(r"[\s\-().]", "", recipient.removeprefix("whatsapp:")).removeprefix("+")
    if not _DIGITS_RE.match(digits):
        raise ChannelError(
            f"not an international number: {recipient!r}",
            permanent=True,
            code="invalid_recipient",
            reason=RECIPIENT_UNREACHABLE,
        )
    return digits


# --------------------------------------------------------------------------- sending


class WhatsAppCloudAdapter:
    """Graph API client for one WhatsApp business phone number. Methods raise only
    ChannelError (with Meta's error code as `code`, see meta_common.GRAPH_ERRORS)."""

    channel = CHANNEL

    def __init__(
        self,
        access_token: str,
        phone_number_id: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        template_language: str = "id",
        timeout: float | tuple[float, float] = (CONNECT_TIMEOUT, SEND_TIMEOUT),
    ) -> None:
        if not phone_number_id:
            raise ValueError("WhatsApp phone_number_id is empty")
        self.graph = GraphClient(access_token, base_url, timeout)
        self.phone_number_id = str(phone_number_id)
        self.template_language = template_language

    def __repr__(self) -> str:
        return f"WhatsAppCloudAdapter({self.phone_number_id!r}, base_url={self.graph.base_url!r})"

    def send(self, msg: OutboundMessage) -> SendResult:
        """Send a template (when `msg.template` is set: `template_params` fill the body
        placeholders in order) or free-form text (split into 4096-character messages, the
        first replying to `msg.reply_to`), then each of `msg.media_urls` as an image link.

        Returns the wamid of the first message. Acceptance is not delivery: a free-form
        text outside the 24 h window is accepted and fails later as a status webhook
        (131047). Raises ChannelError (permanent "empty" when there is nothing to send)."""
        to = wa_recipient(msg.recipient)
        base = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": to}
        bodies: list[dict[str, Any]] = []
        if msg.template:
            template: dict[str, Any] = {
                "name": msg.template,
                "language": {"code": self.template_language},
            }
            if msg.template_params:
                params = [{"type": "text", "text": str(p)} for p in msg.template_params]
                template["components"] = [{"type": "body", "parameters": params}]
            bodies.append(base | {"type": "template", "template": template})
        else:
            for part in split_text(msg.text, MAX_TEXT_LENGTH):
                bodies.append(base | {"type": "text", "text": {"body": part, "preview_url": False}})
            bodies += [base | {"type": "image", "image": {"link": url}} for url in msg.media_urls]
        if not bodies:
            raise ChannelError("nothing to send", permanent=True, code="empty")
        if msg.reply_to:
            bodies[0]["context"] = {"message_id": msg.reply_to}
        ids: list[str] = []
        for body in bodies:
            try:
                ids.append(self._post(body))
            except ChannelError as exc:
                raise after_parts(len(ids), len(bodies), exc) from exc
        return SendResult(provider_id=ids[0])

    def _post(self, body: dict[str, Any]) -> str:
        answer = self.graph.post(f"{self.phone_number_id}/messages", body)
        try:
            return str(answer["messages"][0]["id"])
        except (KeyError, IndexError, TypeError) as exc:
            raise ChannelError(f"Graph answer without a message id: {answer!r}") from exc

    def fetch_file(self, media_id: str, max_bytes: int) -> tuple[bytes, str | None, str]:
        """Download the media a citizen sent: GET {base}/{media_id} for its short-lived URL,
        then GET that URL with the bearer token.

        Returns (content, MIME type without parameters or None, a file name made of the
        media id and an extension for the type). Raises ChannelError(permanent,
        "too_large") when Graph reports or the download exceeds `max_bytes` (checked
        before downloading), other ChannelErrors for Graph failures."""
        info = self.graph.get(str(media_id))
        url = info.get("url")
        if not url:
            raise ChannelError(f"media {media_id} has no URL", permanent=True, code="no_url")
        size = info.get("file_size")
        if isinstance(size, int | str) and str(size).isdigit() and int(size) > max_bytes:
            raise too_large(int(size), max_bytes)
        content, served = self.graph.download(str(url), max_bytes, bearer=True)
        mime = str(info.get("mime_type") or "").split(";")[0].strip() or served
        ext = (mimetypes.guess_extension(mime) if mime else None) or ".bin"
        return content, mime, f"{media_id}{ext}"
