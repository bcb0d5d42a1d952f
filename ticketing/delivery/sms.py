"""SMS: rows on "sms" and "voice" (answers to a phone caller go by SMS) are cut to two
GSM-7 segments unless a person wrote them: automatic texts stay cheap and readable."""

from __future__ import annotations

import unicodedata
from datetime import datetime

from aduan.extensions import db
from channels.base import OutboundMessage
from channels.gsm import is_gsm7, sms_segments, to_gsm
from ticketing.delivery.base import Prepared
from ticketing.models import Identity, Outbound, Ticket
from ticketing.texts import t

SMS_MAX_SEGMENTS = 2
# Rows whose text a person wrote: never shortened (Twilio concatenates up to 1600 chars).
MANUAL_PURPOSES = frozenset({"reply", "progress", "resolved", "ask"})


def gsm_text(text: str) -> str:
    """Returns `text` in the GSM-7 alphabet: typographic characters replaced (to_gsm),
    accents dropped where that gives a GSM letter, other characters (emoji) removed."""
    text = to_gsm(text)
    if is_gsm7(text):
        return text
    kept = []
    for ch in text:
        if is_gsm7(ch):
            kept.append(ch)
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if is_gsm7(c))
        kept.append(base)
    return "".join(kept)


def fit_sms(
    text: str, number: str | None = None, *, keep_tail: bool = False, segments: int = 2
) -> str:
    """Returns `text` as GSM-7 within `segments` SMS segments. A longer text is cut at a
    word and ends with "... Cek status: balas cek <number>" (or "..."); with `keep_tail`
    the part after the last " | " (an officer's link) is kept whole."""
    text = gsm_text(text).strip()
    if sms_segments(text) <= segments:
        return text
    tail = ""
    if keep_tail and " | " in text:
        text, last = text.rsplit(" | ", 1)
        tail = " | " + last
    suffix = t("sms_more", number=number) if number and not tail else "..."
    words = text.split(" ")
    while words and sms_segments(" ".join(words).rstrip(" ,.;:") + suffix + tail) > segments:
        words.pop()
    fitted = " ".join(words).rstrip(" ,.;:") + suffix + tail
    while sms_segments(fitted) > segments:  # one overlong word (a URL): cut characters
        fitted = fitted[: len(fitted) - 10]
    return fitted


def open_number(row: Outbound) -> str | None:
    """Returns the number of the row's ticket while it is open (a shortened SMS then
    points to the status check), else None."""
    ticket = db.session.get(Ticket, row.ticket_id) if row.ticket_id else None
    return ticket.number if ticket is not None and ticket.is_open else None


def sms_text(row: Outbound, text: str | None = None) -> str:
    """Returns what goes by SMS for `row` (or `text` on its behalf): automatic texts
    fitted to two GSM-7 segments, texts a person wrote as they are."""
    text = row.text if text is None else text
    if row.purpose in MANUAL_PURPOSES:
        return text
    return fit_sms(text, open_number(row), keep_tail=row.officer_id is not None)


def prepare(row: Outbound, identity: Identity | None, now: datetime) -> Prepared:
    """The rule for "sms" and "voice" rows: see sms_text()."""
    return Prepared(OutboundMessage(channel="sms", recipient=row.recipient, text=sms_text(row)))
