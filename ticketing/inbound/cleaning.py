"""What every message a provider brought goes through before ingest(): what a citizen
wrote without the characters PostgreSQL cannot store or that nobody sees (they hid words
from every rule and reordered staff screens), and what the provider says fitted to its
columns (docs/security.md, "Malformed but correctly signed bodies")."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import replace
from typing import Any

from channels.base import InboundMessage

# What PostgreSQL cannot store: NUL and lone surrogates (JSON may escape half a pair,
# "\ud800").
_UNSTORABLE = dict.fromkeys([0, *range(0xD800, 0xE000)])
# The format characters (Unicode category Cf, as Python's unicodedata has it: checked by
# tests/security/test_invisible_characters.py). Unseen, they hid a word from every rule
# ("da\u200brurat", "ke\u00adbakaran": zero-width space, soft hyphen, word joiner, BOM,
# ZWNJ/ZWJ) or reordered what staff read (direction marks, overrides and isolates).
FORMAT = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f"
)
# Other characters no one sees (Unicode's default ignorables that are no format
# characters): the combining grapheme joiner, the Hangul fillers and Khmer's and
# Mongolian's invisible vowels and selectors hid a word the same way ("keba\u3164karan").
IGNORABLE = "\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180d\u180f\u3164\uffa0"
# A variation selector chooses how the character before it looks: an emoji's
# ("\u2764\ufe0f", "1\ufe0f\u20e3") stays, after a letter it only hides the word.
_SELECTOR_AFTER_LETTER = re.compile(r"(?<=[^\W\d_])[\ufe00-\ufe0f\U000e0100-\U000e01ef]+")
_IGNORABLE_RE = re.compile(f"[{IGNORABLE}]")
# The braille blank shows as a space: a space it becomes ("\u2800\u2800" as a name).
_BLANK = {0x2800: " "}
_ZWJ = "\u200d"
# ... but an emoji sequence needs two of them: ZWJ between two emoji ("👨\u200d👩\u200d👧",
# "🏳️\u200d🌈") and the tags of a subdivision flag (🏴 + "gbsct" in tags + cancel tag).
_FORMAT_OR_FLAG = re.compile(
    f"(?P<flag>\U0001f3f4[\U000e0020-\U000e007e]{{1,7}}\U000e007f)|[{FORMAT}]"
)
_SKIN_TONES = "\U0001f3fb\U0001f3fc\U0001f3fd\U0001f3fe\U0001f3ff"


def _emoji(char: str) -> bool:
    return char != "" and unicodedata.category(char) == "So"


def _kept(found: re.Match[str]) -> str:
    """What stays of one format character (or flag) found: an emoji's ZWJ and a flag."""
    if found["flag"]:
        return found["flag"]
    text, at, end = found.string, found.start(), found.end()
    # 🏳️ and 👩🏽 end in these (a few characters back: a long text is not copied each time)
    before = text[max(0, at - 3) : at].rstrip("\ufe0f" + _SKIN_TONES)[-1:]
    kept = found[0] == _ZWJ and _emoji(before) and _emoji(text[end : end + 1])
    return found[0] if kept else ""


def visible(text: str) -> str:
    """Returns `text` without NUL, lone surrogates, format characters (but an emoji's)
    and the other characters no one sees (IGNORABLE, a letter's variation selector)."""
    text = text.translate(_UNSTORABLE)
    if text.isascii():
        return text
    text = _FORMAT_OR_FLAG.sub(_kept, text) if _FORMAT_OR_FLAG.search(text) else text
    text = _IGNORABLE_RE.sub("", text.translate(_BLANK))
    return _SELECTOR_AFTER_LETTER.sub("", text)


def _on_the_globe(latitude: float, longitude: float) -> bool:
    """False for NaN, infinities (json.loads reads both) and coordinates off the map:
    stored, they made the maps' JSON invalid or put a pin nowhere."""
    try:
        return -90 <= float(latitude) <= 90 and -180 <= float(longitude) <= 180
    except (TypeError, ValueError):
        return False


def _scrubbed(value: Any) -> Any:
    """Returns `value` (a string, or a dict/list/tuple of them, as in `meta`) with every
    string in it visible(), and None for NaN and the
    infinities (json.loads reads NaN, Infinity and 1e999; PostgreSQL's json refuses them,
    and the whole message with them)."""
    if isinstance(value, str):
        return visible(value)
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
    """Drops NUL and format characters (visible()) from what a citizen wrote and fits
    what the provider says to its columns. Raises ValueError for NUL or half a surrogate pair in a
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
    written = (message.text, message.sender_name or "", message.command_args)
    text, name, args = (visible(part) for part in written)
    if (text, name, args) != written:
        name = name.strip()  # a name of hidden characters and blanks is none
        message = replace(message, text=text, sender_name=name or None, command_args=args)
    if len(message.sender_name or "") > NAME_MAX:
        message = replace(message, sender_name=_name(message.sender_name))
    if len(message.unsupported or "") > UNSUPPORTED_MAX:
        message = replace(message, unsupported=message.unsupported[:UNSUPPORTED_MAX])
    files = tuple(
        replace(
            a,
            name=visible(a.name) or None if isinstance(a.name, str) else None,
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
                address=visible(place.address or "") or None,
                name=visible(place.name or "") or None,
            ),
        )
    return message
