"""Two problems in one message ("Lampu PJU di Jl. Kutisari mati. Satu lagi, sampah di
TPS Kendangsari tidak diangkut seminggu").

The choice: two tickets when the message clearly holds two problems for different
units, each recognised with confidence, so each unit gets its own work and clock and
neither problem waits behind the other; one ticket flagged for the agent when a part
looks like another unit's problem but not with confidence, since splitting a single
story in two would send the citizen two numbers for one problem. A message is cut at
its sentences and at words that start another item ("satu lagi", "selain itu", "2.")."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ticketing.routing import Decision, rules

# Where a new item starts: a numbered or bulleted line, or words that add one. Only
# spaces and tabs before the bullet: "\s*" there would rescan every following blank line
# from each newline (quadratic on a message of newlines).
_ITEM = re.compile(
    r"(?:^|\n)[^\S\n]*(?:\d{1,2}[.)]|[-*\u2022])\s+|"
    r"\b(?:satu lagi|selain itu|ada lagi|yang kedua|kedua|terus juga|lalu juga|"
    r"sekalian (?:lapor|juga)|oh ya|oiya|o iya|juga mau lapor|mau lapor juga|"
    r"another thing|also)\b",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
# A full stop after these is an abbreviation ("Jl. Rungkut"), not the end of a sentence.
ABBREV = re.compile(
    r"\b(jl|jln|no|dr|ir|h|st|rs|pt|cv|gg|bu|pak|bpk|kel|kec|km|rt|rw)\.\s*", re.IGNORECASE
)
_DOT = "\u2024"  # stands in for an abbreviation's full stop while cutting sentences
MIN_WORDS = 5
# Sentences (without words that start an item) split only when the recogniser is sure.
SENTENCE_CONFIDENCE = 0.8
MAX_TICKETS = 3
# Only the first MAX_READ sentences are routed one by one (each costs the rules a pass);
# later ones join the problem before them. A 4,000-character message of short sentences
# had 130 of them.
MAX_READ = 30


@dataclass(frozen=True)
class Part:
    """One problem of a message: its text and its routing decision."""

    text: str
    decision: Decision


@dataclass(frozen=True)
class Split:
    """`parts`: one per ticket to open (one part when the message is one problem);
    `flag`: other units a part may belong to, for the agent to split by hand."""

    parts: tuple[Part, ...]
    flag: tuple[str, ...] = ()


def _pieces(text: str) -> list[tuple[str, bool]]:
    """Returns the message's sentences, each with True when it starts a new item."""
    pieces: list[tuple[str, bool]] = []
    kept = ABBREV.sub(lambda m: m.group(1) + _DOT + " ", text)
    for n, chunk in enumerate(_ITEM.split(kept)):
        found = [m.group(0).strip() for m in _SENTENCE.finditer(chunk or "")]
        found = [piece.replace(_DOT, ".").lstrip(",;:- ") for piece in found]
        found = [piece for piece in found if piece]  # "Kedua, saluran ...": no leading comma
        pieces += [(piece, n > 0 and i == 0) for i, piece in enumerate(found)]
    return pieces


def split(
    text: str,
    whole: Decision,
    classify: Callable[[str], Decision],
    threshold: float,
    warm: Callable[[list[str]], None] | None = None,
) -> Split:
    """Returns the problems in `text`, whose decision as a whole is `whole`. Only
    complaints are split; `classify` routes one piece, `threshold` is the routing
    threshold a piece must reach to become a ticket of its own. `warm`, when given,
    computes the model's features of all the pieces in one call before `classify` asks
    for each (one call per piece cost milliseconds each: a 4,000-character message of
    short sentences took most of a second)."""
    one = Split((Part(text, whole),))
    if whole.kind != "complaint":
        return one
    if rules.focus(text) is not text:  # "... (a story) ... Masalahnya: ...": one problem
        return one
    pieces = _pieces(text)
    if len(pieces) < 2:
        return one
    read = [piece for piece, _ in pieces[:MAX_READ] if len(piece.split()) >= MIN_WORDS]
    if warm is not None and read:
        warm(read)
    groups: list[tuple[list[str], Decision | None]] = []
    unsure: set[str] = set()
    for n, (piece, item) in enumerate(pieces):
        wanted = n < MAX_READ and len(piece.split()) >= MIN_WORDS
        decision = classify(piece) if wanted else None
        floor = threshold if item else max(threshold, SENTENCE_CONFIDENCE)
        confident = (
            decision is not None
            and decision.kind == "complaint"
            and decision.opd is not None
            and decision.confidence >= floor
        )
        if confident and decision is not None:
            if groups and groups[-1][1] is not None and groups[-1][1].opd == decision.opd:
                groups[-1][0].append(piece)
            elif groups and groups[-1][1] is None:  # a greeting joins the first problem
                groups[-1] = (groups[-1][0] + [piece], decision)
            else:
                groups.append(([piece], decision))
            continue
        if decision is not None and decision.kind == "complaint" and decision.opd:
            unsure.add(decision.opd)
        if groups:
            groups[-1][0].append(piece)
        else:
            groups.append(([piece], None))
    routed = [(pieces_, d) for pieces_, d in groups if d is not None]
    if len(routed) >= 2:
        return Split(tuple(Part(" ".join(p), d) for p, d in routed[:MAX_TICKETS]))
    mine = routed[0][1].opd if routed else whole.opd
    return Split(one.parts, tuple(sorted(unsure - {mine, None})))
