"""Ticket numbers said in words: a speech recogniser (or a citizen) writes "em ce dua nol
dua enam nol nol nol satu dua tiga", "MC dua ribu dua puluh enam seratus dua puluh
tiga", "nomor siji loro telu", "MC 2026 nol nol nol satu dua tiga".

`in_context(text)` turns such number words into digits only where a ticket number is
expected: right after "MC" (also "em ce"), "nomor", "tahun", "cek" or "status", or a
run of at least five digit words (nobody counts "satu dua tiga empat lima" in a
complaint). Everything else stays as written: "dua hari lampu mati" and "satu rumah
kebanjiran" are complaints, not numbers. `digits(text)` turns every number word into
digits, for an answer that can only be a number (the phone line's ticket prompt).

Indonesian and Javanese digit words (nol/kosong, satu/siji, dua/loro, tiga/telu,
empat/papat, lima/limo, enam/enem, tujuh/pitu, delapan/wolu, sembilan/songo) are read
digit by digit; compound numbers (sepuluh, sebelas, dua belas, dua puluh, seratus,
dua ribu dua puluh enam; Javanese satus, sewu, rong ewu, rong puluh) by place value,
so "dua ribu dua puluh enam seratus dua puluh tiga" is two numbers, 2026 and 123."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

UNITS = {
    "nol": 0, "kosong": 0, "satu": 1, "siji": 1, "dua": 2, "loro": 2, "rong": 2,
    "tiga": 3, "telu": 3, "telo": 3, "empat": 4, "papat": 4, "lima": 5, "limo": 5,
    "enam": 6, "enem": 6, "nem": 6, "tujuh": 7, "pitu": 7, "delapan": 8, "wolu": 8,
    "sembilan": 9, "songo": 9, "sanga": 9,
}  # fmt: skip
# Multiplier words and the place (power of ten) they stand for.
PLACES = {"belas": 1, "welas": 1, "puluh": 1, "ratus": 2, "atus": 2, "ribu": 3, "ewu": 3}
TEENS = frozenset({"belas", "welas"})  # "dua belas": 12, the tens and the units
# One word that is a whole number: value, highest and lowest place it fills.
WHOLE = {
    "sepuluh": (10, 1, 0), "sebelas": (11, 1, 0), "sewelas": (11, 1, 0), "rolas": (12, 1, 0),
    "seratus": (100, 2, 2), "satus": (100, 2, 2), "seribu": (1000, 3, 3), "sewu": (1000, 3, 3),
}  # fmt: skip
# Words a number runs up to that show it counts things, not a ticket ("nomor dua rumah").
_COUNTED = """
    hari jam menit minggu bulan malam kali rumah orang warga meter km titik tiang lampu
    kk rt rw lantai dino sasi wong omah
"""
COUNTED = frozenset(_COUNTED.split())
# The word before a run that makes it a ticket number (or its year or serial).
_CUES = "mc nomor nomer nmr no nomornya nomere tahun cek status lacak tiket"
CUES = frozenset(_CUES.split())
MIN_BARE_DIGITS = 5  # a run of this many digit words is a number wherever it stands
_WORDS = "|".join(sorted([*UNITS, *WHOLE], key=len, reverse=True))
# "em ce", "m c", "emsi" before a number: the recogniser's way of writing "MC"
# ("em\s*(?:[-.]\s*)?": "\s*[-.]?\s*" split a long run of spaces after "em" every way)
_MC = re.compile(
    rf"\b(?:em\s*(?:[-.]\s*)?(?:ce|c|se|si)|m[\s.-]+(?:ce|c|se|si))\b"
    rf"(?=[\s\-/.:]*(?:\d|(?:{_WORDS})\b))",
    re.IGNORECASE,
)
_SE = re.compile(r"\bse[-\s]+(puluh|belas|ratus|ribu)\b", re.IGNORECASE)
_TOKEN = re.compile(r"[^\W_]+")
_AFTER = re.compile(r"[ ,]*([^\W_]+)")  # the word after a run
_JOINER = re.compile(r"[\s\-/.,:#]*")  # what may stand between the words of one number
_SEPARATOR_WORDS = frozenset({"strip", "setrip"})


@dataclass
class _Group:
    """One number being read: its value so far, its lowest place, and whether it is a
    single digit word (read digit by digit) or a number with places."""

    value: int
    low: int
    digit: bool
    text: str = ""  # digits as written: then `value` is not read


def _is_number_word(word: str) -> bool:
    w = word.lower()
    return w in UNITS or w in PLACES or w in WHOLE or w.isdecimal() or w in _SEPARATOR_WORDS


def _groups(words: list[str]) -> list[_Group] | None:
    """Returns the numbers `words` say, or None when they are no number ("puluh" alone)."""
    groups: list[_Group] = []
    pending: int | None = None  # a unit waiting for a multiplier ("dua" of "dua puluh")
    for raw in words:
        word = raw.lower()
        if word in _SEPARATOR_WORDS:
            continue
        if word.isdecimal():  # kept as written: no int() ("²" is none, 5,000 digits too many)
            groups.append(_Group(0, 0, len(word) == 1, word))
            continue
        if word in UNITS:
            if pending is not None:
                _add(groups, pending, 0, 0)
            pending = UNITS[word]
            continue
        if word in WHOLE:
            value, high, low = WHOLE[word]
            if pending is not None:
                _add(groups, pending, 0, 0)
        else:  # a multiplier
            if pending is None:
                return None
            high = PLACES[word]
            low = 0 if word in TEENS else high
            value = pending + 10 if word in TEENS else pending * 10**high
        pending = None
        _add(groups, value, high, low)
    if pending is not None:
        _add(groups, pending, 0, 0)
    return groups


def _add(groups: list[_Group], value: int, high: int, low: int) -> None:
    """Adds a part filling places `high`..`low` to the last number when those places are
    below the ones it filled ("dua ribu" + "dua puluh"), else starts a new number
    ("dua nol": two digits; "2026" + "seratus": two numbers)."""
    last = groups[-1] if groups else None
    if last is not None and not last.text and not last.digit and high < last.low:
        last.value, last.low = last.value + value, low
        return
    groups.append(_Group(value, low, high == 0 and value < 10))


def _render(groups: list[_Group]) -> str:
    """Returns the digits of `groups`: digit words run together ("2026000123"), numbers
    with places stand apart ("2026 123")."""
    out: list[str] = []
    run = False
    for group in groups:
        text = group.text or str(group.value)
        if group.digit and run:
            out[-1] += text
        else:
            out.append(text)
        run = group.digit
    return " ".join(out)


def _runs(text: str) -> list[tuple[int, int, list[str], str]]:
    """Returns the runs of number words in `text`: (start, end, words, the word before
    the run or "")."""
    runs: list[tuple[int, int, list[str], str]] = []
    tokens = list(_TOKEN.finditer(text))
    i = 0
    while i < len(tokens):
        if not _is_number_word(tokens[i].group()) or tokens[i].group().lower() in _SEPARATOR_WORDS:
            i += 1
            continue
        j = i + 1
        while (
            j < len(tokens)
            and _is_number_word(tokens[j].group())
            and _JOINER.fullmatch(text[tokens[j - 1].end() : tokens[j].start()])
        ):
            j += 1
        before = tokens[i - 1].group() if i else ""
        runs.append(
            (tokens[i].start(), tokens[j - 1].end(), [t.group() for t in tokens[i:j]], before)
        )
        i = j
    return runs


def _spelt(words: list[str]) -> bool:
    """True when `words` are digits said one by one ("2 0 2 6"): two single ones in a row."""
    return any(len(a) == len(b) == 1 for a, b in itertools.pairwise(words))


def _mark(text: str) -> str:
    """Returns `text` with "em ce" written MC and "se ratus" written "seratus"."""
    text = _SE.sub(lambda m: "se" + m.group(1).lower(), text)
    return _MC.sub("MC", text)


def in_context(text: str) -> str:
    """Returns `text` with the number words where a ticket number is expected written
    in digits (see the module's rules); every other word as it was."""
    if not text:
        return text or ""
    text = _mark(text)
    # The cue and the next word come from the run's own tokens and the text at the run's
    # end: re-reading the text before each run was quadratic in the number of runs.
    for start, end, words, before in reversed(_runs(text)):
        cue = before.lower()
        if all(w.isdecimal() for w in words) and not (cue in CUES and _spelt(words)):
            continue  # written in digits already ("MC-2026-000123", "2026/12")
        after = _AFTER.match(text, end)
        counted = after is not None and after.group(1).lower() in COUNTED
        groups = _groups(words)
        if groups is None:
            continue
        bare = sum(1 for g in groups if g.digit) >= MIN_BARE_DIGITS
        if (cue in CUES and (cue == "mc" or not counted)) or bare:
            text = text[:start] + _render(groups) + text[end:]
    return text


def digits(text: str) -> str:
    """Returns `text` with every number word written in digits ("dua nol dua enam
    seratus dua puluh tiga" -> "2026 123"): for an answer that can only be a number."""
    if not text:
        return text or ""
    text = _mark(text)
    for start, end, words, _ in reversed(_runs(text)):
        groups = _groups(words)
        if groups is not None:
            text = text[:start] + _render(groups) + text[end:]
    return text
