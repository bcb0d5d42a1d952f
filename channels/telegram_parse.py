"""Telegram webhook updates to InboundMessages: `normalize()` is pure (one update, the
JSON dict, in; messages out).

Only private chats are read. In groups a citizen's complaint (and our replies with ticket
numbers and personal data) would be visible to everybody in the group, the group's chat id
is not the citizen's address, and with privacy mode on the bot only sees commands there.
"""

from __future__ import annotations

import re
from typing import Any

from telegram import Message, Update

from channels.base import Attachment, InboundMessage, Location

CHANNEL = "telegram"
# Message content we cannot use for a complaint: the app answers politely.
_UNSUPPORTED_KEYS = ("sticker", "animation", "poll", "dice", "game", "story", "invoice")
_UNSUPPORTED_KEYS += ("paid_media", "giveaway", "giveaway_winners", "checklist")
# Service messages in a private chat: nothing the citizen wrote, nothing to answer.
_SERVICE_MESSAGES = (
    "pinned_message message_auto_delete_timer_changed chat_background_set write_access_allowed"
    " users_shared chat_shared web_app_data successful_payment refunded_payment gift unique_gift"
    " proximity_alert_triggered connected_website passport_data boost_added"
)
_SERVICE_KEYS = frozenset(_SERVICE_MESSAGES.split())
# "/status MC-2026-000123", "/baru@AduanSurabayaBot ..." (Telegram's bot_command rule).
_COMMAND_RE = re.compile(r"^/([A-Za-z0-9_]{1,32})(?:@[A-Za-z0-9_]+)?(?=\s|$)")


def normalize(update: dict[str, Any]) -> list[InboundMessage]:
    """Parse one webhook update.

    Returns one InboundMessage for a new message in a private chat, and an empty list for
    everything we deliberately ignore: edited messages (including live-location updates),
    channel posts, callback queries, chat-member changes, other update types, group chats
    and service messages.

    Raises ValueError when `update` is not a Telegram update (not a dict, no integer
    update_id, or a structure python-telegram-bot cannot parse).
    """
    if not isinstance(update, dict):
        raise ValueError(f"Telegram update must be a JSON object, got {type(update).__name__}")
    update_id = update.get("update_id")
    if not isinstance(update_id, int) or isinstance(update_id, bool):
        raise ValueError("Telegram update has no integer update_id")
    try:
        message = Update.de_json(update, None).message
        if message is not None and (message.chat is None or message.date is None):
            raise ValueError("message without chat or date")  # PTB does not insist
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ValueError(f"malformed Telegram update {update_id}: {exc!r}") from exc
    if message is None or message.chat.type != "private":
        return []
    return _from_message(update_id, message, update["message"])


def _from_message(update_id: int, msg: Message, raw: dict[str, Any]) -> list[InboundMessage]:
    text = msg.text or msg.caption or ""
    meta: dict[str, Any] = {"message_id": msg.message_id}
    user = msg.from_user
    if user is not None:
        if user.username:
            meta["username"] = user.username
        if user.language_code:
            meta["language_code"] = user.language_code
    if msg.media_group_id:
        meta["media_group_id"] = msg.media_group_id  # one album arrives as several updates
    if msg.reply_to_message is not None:
        meta["reply_to_message_id"] = msg.reply_to_message.message_id
    if msg.forward_origin is not None:
        meta["forwarded"] = True

    attachment = _attachment(msg)
    location = _location(msg)
    phone = None
    if msg.contact is not None:
        contact = msg.contact
        if user is not None and contact.user_id == user.id:
            phone = _international(contact.phone_number)
        else:  # someone else's card from the phone book: not an identity of the sender
            meta["shared_contact"] = {
                "phone_number": contact.phone_number,
                "first_name": contact.first_name,
                "last_name": contact.last_name,
                "user_id": contact.user_id,
            }

    unsupported = None
    if attachment is None and location is None and msg.contact is None:
        unsupported = next((key for key in _UNSUPPORTED_KEYS if raw.get(key)), None)
        if unsupported is None and not text:
            if _SERVICE_KEYS.intersection(raw):
                return []
            unsupported = "unknown"
        if unsupported in ("sticker", "dice"):
            meta["emoji"] = raw[unsupported].get("emoji")

    command, command_args = None, ""
    found = _COMMAND_RE.match(text)
    if found:
        command = found.group(1).lower()
        text = command_args = text[found.end() :].strip()

    return [
        InboundMessage(
            channel=CHANNEL,
            external_id=str(update_id),
            sender_id=str(msg.chat.id),
            sent_at=msg.date,
            text=text,
            sender_name=_display_name(msg),
            attachments=(attachment,) if attachment else (),
            location=location,
            phone=phone,
            command=command,
            command_args=command_args,
            unsupported=unsupported,
            meta=meta,
        )
    ]


def _attachment(msg: Message) -> Attachment | None:
    """The one file of a message; None when there is none or it is an uncaptioned GIF."""
    if msg.photo:
        largest = msg.photo[-1]  # Telegram lists the sizes smallest first
        return Attachment("photo", largest.file_id, "image/jpeg", largest.file_size)
    if msg.animation:  # also carries `document`; a captioned GIF/muted video is evidence
        anim = msg.animation
        if not msg.caption:
            return None
        return Attachment("video", anim.file_id, anim.mime_type, anim.file_size, anim.file_name)
    if msg.voice:
        return Attachment("voice", msg.voice.file_id, msg.voice.mime_type, msg.voice.file_size)
    if msg.audio:
        audio = msg.audio
        name = audio.file_name or audio.title
        return Attachment("audio", audio.file_id, audio.mime_type, audio.file_size, name)
    if msg.video:
        video = msg.video
        return Attachment("video", video.file_id, video.mime_type, video.file_size, video.file_name)
    if msg.video_note:  # the round "video message"
        return Attachment("video", msg.video_note.file_id, "video/mp4", msg.video_note.file_size)
    if msg.document:
        doc = msg.document
        return Attachment("document", doc.file_id, doc.mime_type, doc.file_size, doc.file_name)
    return None


def _location(msg: Message) -> Location | None:
    if msg.venue is not None:
        venue = msg.venue
        return Location(
            venue.location.latitude, venue.location.longitude, venue.address, venue.title
        )
    if msg.location is not None:
        return Location(msg.location.latitude, msg.location.longitude)
    return None


def _display_name(msg: Message) -> str | None:
    person = msg.from_user or msg.chat
    full = " ".join(part for part in (person.first_name, person.last_name) if part)
    return full or person.username or None


def _international(phone: str) -> str:
    """Telegram sends the user's own number in international form without "+"; a number
    in national form (leading 0) is kept as it is for the app to normalise."""
    digits = re.sub(r"[\s\-().]", "", phone)
    return digits if digits.startswith(("+", "0")) else f"+{digits}"
