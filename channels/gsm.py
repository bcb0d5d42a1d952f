"""SMS text: the GSM-7 alphabet, typographic characters that force UCS-2 replaced, and
the segments a text costs (what Twilio bills and what a phone reassembles)."""

from __future__ import annotations

_GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_EXTENDED = frozenset("^{}\\[~]|€\f")  # sent as ESC + char: two septets each
# Typographic characters that force UCS-2, grouped by their GSM-7 replacement.
_REPLACEMENTS = {
    "'": "‘’‚‛′`´",
    '"': "“”„‟″«»",
    "-": "–—―‐‑−•",
    "...": "…",
    " ": "\t\u00a0\u2002\u2003\u2007\u2009\u202f",
    "": "\u00ad\u200b\u2060\ufeff",
}
_TO_GSM = str.maketrans({ch: new for new, chars in _REPLACEMENTS.items() for ch in chars})


def to_gsm(text: str) -> str:
    """Returns `text` with typographic characters that force UCS-2 (curly quotes, dashes,
    ellipsis, bullets, non-breaking and zero-width spaces, tabs) replaced by GSM-7 ones.
    Other non-GSM characters (emoji, most accented letters) are left alone."""
    return text.translate(_TO_GSM)


def is_gsm7(text: str) -> bool:
    """Returns True when every character of `text` fits the GSM-7 alphabet (+ extension)."""
    return all(ch in _GSM_BASIC or ch in _GSM_EXTENDED for ch in text)


def sms_segments(text: str) -> int:
    """Returns how many SMS segments `text` costs: GSM-7 fits 160 septets in one segment
    and 153 per segment when concatenated (extension characters take two septets and are
    never split); anything else is UCS-2: 70 UTF-16 units, 67 when concatenated (a
    surrogate pair is never split). Returns 0 for an empty text."""
    if not text:
        return 0
    if is_gsm7(text):
        units = [2 if ch in _GSM_EXTENDED else 1 for ch in text]
        single, multi = 160, 153
    else:
        units = [2 if ord(ch) > 0xFFFF else 1 for ch in text]
        single, multi = 70, 67
    if sum(units) <= single:
        return 1
    segments, used = 1, 0
    for size in units:
        if used + size > multi:
            segments, used = segments + 1, 0
        used += size
    return segments
