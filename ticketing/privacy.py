"""Finding personal data in a citizen's text, and masking it before anything is published.

A public post that carries a phone number, a NIK, a home address or an email gets its
ticket flagged (the desk asks the citizen to hide or delete the post), and nothing the
citizen wrote is ever repeated in a public reply. The patterns are tuned for how
people in Surabaya write: "0812-3456-7890", "+62 812 3456 7890", "(031) 531 2144",
"NIK 3578...", "Jl. Kenjeran No. 45", "RT 03/RW 05". Street names alone (a pothole on
"Jl. Rungkut Madya") are a location, not personal data, and are not flagged.

redact() masks what the public side must never show (ticketing/publication.py): phone
numbers, NIKs, e-mails, home addresses, vehicle plates, the reporter's own name (in any
case) and the names ticketing/person_names.py finds."""

from __future__ import annotations

import functools
import re

from ticketing import person_names

KINDS = ("nik", "phone", "email", "address", "rt_rw")

# Where a number may start: not inside a word or another number ("Rp 1.081.234"), but
# right after an abbreviation's full stop ("HP.0812...", "Telp.031-...", "NIK.3578...").
_START = r"(?<![\w+])(?<!\d\.)"
# 16 digits, optionally in groups ("3578 0123 4567 0001", "3578.012345.670001").
_NIK_RE = re.compile(_START + r"\d(?:[ .-]?\d){15}(?![\w])")
# A phone-looking run: +62 / 62 / 0 prefix, then digits with spaces, dots, dashes or
# brackets, slashes or underscores; the digit count decides (see _is_phone).
_PHONE_RE = re.compile(_START + r"(?:\+\s?62|62|\(?0)[\d\s()./_-]{6,18}\d(?![\w])")
# Digits spaced one by one ("0 8 1 2 3 4 5 6 7 8 9 0"), too long for the run above.
_SPACED_PHONE_RE = re.compile(_START + r"(?:\+\s?62|62|0)(?:\s\d){8,14}(?![\w])")
# Starts only where a run of local-part characters starts: tried at every letter of a
# long word (an officer's note of 200 000 "a"s), the pattern was quadratic and held a
# public page for minutes.
_EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}", re.IGNORECASE)
_STREET = r"(?:jl|jln|jalan|gg|gang|perum(?:ahan)?|komplek|kompleks|perumnas|griya|pondok)"
# A street (or housing estate) with a house number: "Jl. Kenjeran No. 45", "Perum
# Griya Asri blok C-12", "gg. Lebar no 7a". The span starts at the street word nearest
# the number: "lampu jalan mati depan rumah saya Jl. Kenjeran No. 12" keeps its start.
_HOUSE_RE = re.compile(
    rf"\b{_STREET}\b\.?(?:(?!\b{_STREET}\b)[^\n,;]){{1,50}}?"
    r"(?:\b(?:no|nomor|nomer|nmr|kav)\b\.?\s*(?::\s*)?\d+[a-z]?|\bblok\s*[a-z]{1,2}[\s.-]?\d+)",
    re.IGNORECASE,
)
# "Jl. Raya Darmo 12": the abbreviation, capitalised name words, then a number. Lower-
# case words in between ("Jl. Rungkut Madya mati 3 hari") are a sentence, not an address.
_STREET_NUMBER_RE = re.compile(r"(?i:\bjln?\b)\.?\s*(?:[A-Z][\w'-]*\.?\s+){1,5}\d{1,4}[a-zA-Z]?\b")
# "alamat saya Kenjeran 45", "alamat: Jl Kenjeran 45".
_HOME_RE = re.compile(r"\balamat\b[^\n.;]{0,60}?\b\d{1,4}[a-z]?\b", re.IGNORECASE)
# A separator carries its own spaces ("\s*(?:[.:]\s*)?"): with "\s*[.:]?\s*" a long run of
# spaces after "rt" split between the two runs every way (quadratic).
_RT_RW_RE = re.compile(
    r"\b(?:rt\s*(?:[./]\s*)?rw\s*(?:[.:]\s*)?\d{1,3}\s*/\s*\d{1,3}|"
    r"r[tw]\s*(?:[.:]\s*)?0*\d{1,3}\b)",
    re.IGNORECASE,
)


# Indonesian vehicle plates: a region code, 1-4 digits, 1-3 letters ("L 1234 AB",
# "B1RI"). Region codes keep "RT 3 RW" and "di 3 hari" out.
_REGIONS = (
    "A|B|D|E|F|G|H|K|L|M|N|P|R|S|T|W|Z|AA|AB|AD|AE|AG|BA|BB|BD|BE|BG|BH|BK|BL|BM|BN|BP|"
    "DA|DB|DD|DE|DG|DH|DK|DL|DM|DN|DR|DS|DT|DW|EA|EB|ED|KB|KH|KT|KU|PA|PB|CD|CC"
)
_REGION_SET = frozenset(_REGIONS.split("|"))
_PLATE_RE = re.compile(r"\b([A-Za-z]{1,2})[ -]?\d{1,4}[ -]?([A-Za-z]{1,3})\b")
# Units and words that follow a number in ordinary sentences ("M 3 km" is no plate).
_NOT_PLATE = frozenset({"km", "kg", "cm", "mm", "jam", "rt", "rw", "lt", "no", "x"})
MASKS = {
    "nik": "[NIK]",
    "phone": "[telepon]",
    "email": "[email]",
    "address": "[alamat]",
    "plate": "[nopol]",
    "name": "[nama]",
}
MIN_NAME = 3


# The capitalised words right after a known name word ("Dewi Lestari": the surname).
_MORE_NAME_RE = re.compile(r"(?:\s+[A-Z][a-z]+(?:['-][A-Za-z]+)*){1,2}")


def redact(text: str, names: tuple[str, ...] | list[str] = ()) -> str:
    """Returns `text` with phone numbers, NIKs, e-mails, home addresses (a street with a
    house number), vehicle plates and the given `names` (the reporter's, word by word)
    replaced by MASKS. RT/RW numbers (a neighbourhood, not a home) are kept."""
    if not text:
        return ""
    return _redact(text, tuple(names))


@functools.lru_cache(maxsize=4096)
def _redact(text: str, names: tuple[str, ...]) -> str:
    spans = [(a, b, kind) for a, b, kind in _spans(text) if kind != "rt_rw"]
    for match in _PLATE_RE.finditer(text):
        region, letters = match.group(1).upper(), match.group(2).lower()
        if region in _REGION_SET and letters not in _NOT_PLATE:
            spans.append((match.start(), match.end(), "plate"))
    # Word by word, whatever joins them: "yuli_sby", "Ani22", "Budi.S".
    words = {w for name in names if name for w in re.split(r"[\W\d_]+", name) if len(w) >= MIN_NAME}
    words = {w for w in words if w.lower() not in person_names.NOT_NAMES}
    for word in sorted(words, key=len, reverse=True):
        for m in _word(word).finditer(text):
            more = _MORE_NAME_RE.match(text, m.end()) if m.group(0)[:1].isupper() else None
            spans.append((m.start(), more.end() if more else m.end(), "name"))
    spans += [(start, end, "name") for start, end in person_names.name_spans(text)]
    merged: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(spans, key=lambda s: (s[0], -s[1])):
        if merged and start < merged[-1][1]:
            last = merged[-1]
            merged[-1] = (last[0], max(last[1], end), last[2])
        else:
            merged.append((start, end, kind))
    for start, end, kind in reversed(merged):
        text = text[:start] + MASKS[kind] + text[end:]
    return text


@functools.lru_cache(maxsize=512)
def _word(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)


def find_personal_data(text: str) -> list[str]:
    """Returns the kinds of personal data found in `text`, in KINDS order, each once:
    "nik", "phone", "email", "address", "rt_rw". Returns [] for clean text. The data
    itself is never returned, so callers cannot copy it anywhere by accident."""
    found = {kind for _, _, kind in _spans(text)}
    return [kind for kind in KINDS if kind in found]


def has_personal_data(text: str) -> bool:
    """Returns True when find_personal_data(text) finds anything."""
    return bool(_spans(text))


# What reads the same on screen as the characters the patterns know, one character for
# one (offsets hold): dashes and hyphens (iOS copies a number as "+62 812\u20113456..."),
# full-width forms, Arabic-Indic digits, and invisible characters between digits
# (zero-width space, word joiner, byte-order mark, soft hyphen, direction marks), seen
# as a space.
_LOOKALIKES = {
    **dict.fromkeys([*range(0x2010, 0x2016), 0x2212, 0xFE58, 0xFE63], "-"),
    **{code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)},
    **{0x660 + digit: str(digit) for digit in range(10)},  # Arabic-Indic digits
    **{0x6F0 + digit: str(digit) for digit in range(10)},  # and their Persian forms
    **dict.fromkeys([0xAD, 0x61C, 0x180E, *range(0x200B, 0x2010), *range(0x2060, 0x2065)], " "),
    0xFEFF: " ",
}


def _spans(text: str) -> list[tuple[int, int, str]]:
    """Returns (start, end, kind) of every find. Found NIKs and emails are blanked (same
    length, so offsets hold) before looking for phone numbers and addresses."""
    if not text:
        return []
    spans: list[tuple[int, int, str]] = []
    text = text.translate(_LOOKALIKES)
    rest = text

    def blank(start: int, end: int, kind: str) -> None:
        nonlocal rest
        spans.append((start, end, kind))
        rest = rest[:start] + " " * (end - start) + rest[end:]

    if len(_digits(text)) >= 16:  # the pattern is costly; most texts have fewer digits
        for match in _NIK_RE.finditer(text):
            if len(_digits(match.group(0))) == 16:
                blank(match.start(), match.end(), "nik")
    for match in _EMAIL_RE.finditer(rest):
        blank(match.start(), match.end(), "email")
    for pattern in (_PHONE_RE, _SPACED_PHONE_RE):
        for match in pattern.finditer(rest):
            if _is_phone(match.group(0)):
                spans.append((match.start(), match.end(), "phone"))
    for pattern in (_HOUSE_RE, _STREET_NUMBER_RE, _HOME_RE):
        spans += [(m.start(), m.end(), "address") for m in pattern.finditer(rest)]
    spans += [(m.start(), m.end(), "rt_rw") for m in _RT_RW_RE.finditer(rest)]
    return spans


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value)


def _is_phone(candidate: str) -> bool:
    """An Indonesian mobile (8xx, 9+ digits after the prefix) or landline (area code
    2x-7x, 8 to 11 digits after the 0) number. A trailing number the pattern swallowed
    ("0812 3456 7890 3 hari") only adds digits, hence the loose upper bounds."""
    digits = _digits(candidate)
    if digits.startswith("62"):
        national = digits[2:]
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        return False
    if national.startswith("8"):
        return 9 <= len(national) <= 14
    return national[:1] in ("2", "3", "4", "5", "6", "7") and 8 <= len(national) <= 11
