"""What every message a provider brought goes through before ingest(): what a citizen
wrote without the characters PostgreSQL cannot store or that reorder staff screens, and
what the provider says fitted to its columns (docs/security.md, "Malformed but
correctly signed bodies")."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

from channels.base import InboundMessage

# NUL and lone surrogates (JSON may escape half a pair, "\ud800": PostgreSQL cannot
# store either) and the bidirectional overrides and isolates (U+202A-U+202E,
# U+2066-U+2069) that reorder the text around them on staff screens.
_DROPPED = dict.fromkeys(
    [0, *range(0x202A, 0x202F), *range(0x2066, 0x206A), *range(0xD800, 0xE000)]
)


def _on_the_globe(latitude: float, longitude: float) -> bool:
    """False for NaN, infinities (json.loads reads both) and coordinates off the map:
    stored, they made the maps' JSON invalid or put a pin nowhere."""
    try:
        return -90 <= float(latitude) <= 90 and -180 <= float(longitude) <= 180
    except (TypeError, ValueError):
        return False


# What no provider id holds: NUL or half a surrogate pair (unstorable, see _DROPPED).
_UNSTORABLE = dict.fromkeys([0, *range(0xD800, 0xE000)])


def _scrubbed(value: Any) -> Any:
    """Returns `value` (a string, or a dict/list/tuple of them, as in `meta`) with the
    _DROPPED characters dropped from every string in it, and None for NaN and the
    infinities (json.loads reads NaN, Infinity and 1e999; PostgreSQL's json refuses them,
    and the whole message with them)."""
    if isinstance(value, str):
        return value.translate(_DROPPED)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {_scrubbed(k): _scrubbed(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_scrubbed(v) for v in value)
    return value


# The widths of the columns what the sender's side says is stored in: a name (a profile
# name, Telegram's first and last name: Contact.name, Identity.display_name and the
# timeline's actor_name), a declared file type (Attachment.mime_type), an unreadable
# message's type (Message.unsupported). Past them PostgreSQL refused the whole message.
NAME_MAX, FILE_TYPE_MAX, UNSUPPORTED_MAX = 200, 100, 40
# Provider ids no real provider exceeds (Message.external_id: Instagram's are ~160;
# Identity.address: phone numbers, chat and user ids).
ID_MAX, ADDRESS_MAX = 255, 100
# The longest message any channel delivers (X's DMs; Telegram and WhatsApp stop at 4,096).
# Longer text comes from no real client: it is cut, the stored event keeps it whole.
# PostgreSQL's text-search parser takes time growing with the square of a hyphenated
# word's length, and every message's text is indexed (ix_messages_fts): a 200 KB
# "MC-2026-MC-2026-..." held an intake worker and its database connection for minutes.
TEXT_MAX = 10_000
SIZE_MAX = 2**31 - 1  # Attachment.size is an INTEGER


def _name(name: str | None) -> str | None:
    """Returns a sender's name cut to NAME_MAX characters (None for none)."""
    return name[:NAME_MAX].rstrip() or None if name else None


def _file_size(declared: Any) -> int | None:
    """Returns the file size a provider declared when it fits Attachment.size (an
    INTEGER), else None: the size is only a hint, the bytes tell once fetched
    (ticketing/media.py). A list, a float or 2**40 there failed the whole message."""
    return declared if type(declared) is int and 0 <= declared <= SIZE_MAX else None


def _file_type(declared: Any) -> str | None:
    """Returns the file type a sender's client declared, without its parameters when it
    is too long to keep ("application/pdf; name=..."); None when even the type is (no
    real one is: the bytes decide once the file is fetched, ticketing/media.py), or when
    it is no text at all (an object there failed the message on every database)."""
    if not isinstance(declared, str):
        return None
    if not declared or len(declared) <= FILE_TYPE_MAX:
        return declared
    base = declared.split(";", 1)[0].strip()
    return base if 0 < len(base) <= FILE_TYPE_MAX else None


def clean(message: InboundMessage) -> InboundMessage:
    """Drops NUL and bidi control characters from what a citizen wrote and fits what the
    provider says to its columns. Raises ValueError for NUL or half a surrogate pair in a
    provider id (no provider sends one; stored, it failed the event five times before an
    admin saw it) and for an id or a sender too long to store. Every message ingested
    goes through it: a reader's, and one a later step makes (a call's, a transcript's)."""
    ids = (message.external_id, message.sender_id, message.thread_id or "")
    ids += (message.phone or "", *(a.ref for a in message.attachments))
    if any(i.translate(_UNSTORABLE) != i for i in ids):
        raise ValueError("a NUL character or half a surrogate pair in a provider id")
    if len(message.external_id) > ID_MAX or len(message.sender_id) > ADDRESS_MAX:
        # the same readable error on SQLite, which would keep it, as on PostgreSQL
        raise ValueError(f"a message id over {ID_MAX} or a sender over {ADDRESS_MAX} chars")
    # The rest the provider says about a message (a message type we cannot read, a
    # profile's username, a shared contact card's name) is stored as well.
    kept = (message.unsupported, message.command, message.meta)
    if _scrubbed(kept) != kept:
        message = replace(
            message,
            unsupported=_scrubbed(message.unsupported),
            command=_scrubbed(message.command),
            meta=_scrubbed(message.meta),
        )
    if len(message.text) > TEXT_MAX:
        message = replace(message, text=message.text[:TEXT_MAX])
    text, name = message.text, message.sender_name or ""
    written = text + name + message.command_args
    if written.translate(_DROPPED) != written:
        message = replace(
            message,
            text=text.translate(_DROPPED),
            sender_name=name.translate(_DROPPED) or None,
            command_args=message.command_args.translate(_DROPPED),
        )
    if len(message.sender_name or "") > NAME_MAX:
        message = replace(message, sender_name=_name(message.sender_name))
    if len(message.unsupported or "") > UNSUPPORTED_MAX:
        message = replace(message, unsupported=message.unsupported[:UNSUPPORTED_MAX])
    files = tuple(
        replace(
            a,
            name=a.name.translate(_DROPPED) or None if isinstance(a.name, str) else None,
            mime_type=_file_type(_scrubbed(a.mime_type)),
            size=_file_size(a.size),
        )
        for a in message.attachments
    )
    if files != message.attachments:  # a file name is shown on the ticket page too
        message = replace(message, attachments=files)
    place = message.location
    if place is not None and not _on_the_globe(place.latitude, place.longitude):
        message, place = replace(message, location=None), None
    if place is not None and (place.address or place.name):
        message = replace(
            message,
            location=replace(
                place,
                address=(place.address or "").translate(_DROPPED) or None,
                name=(place.name or "").translate(_DROPPED) or None,
            ),
        )
    return message
