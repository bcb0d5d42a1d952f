"""Two runs of letters side by side ("grand\\w+" in a list of people, then "\\w*\\b" after
the list): a long word splits between them every way, at every place the pattern may
start. "kebakaran rumah grandgrand..." (4,000 characters) held an intake worker for a
minute in the emergency rules, "pohon tumbang anakanak..." for longer, and two such
messages kept a real emergency from its "call 112" answer for minutes. Every pattern of
the desk is read for that shape (re's own parser); no timed assertions."""

from __future__ import annotations

import importlib
import pkgutil
import re
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser as P  # type: ignore[attr-defined]

import pytest

import aduan  # noqa: F401  (imports the models in their order)
from ticketing.routing import emergency, emergency_words, outside

PACKAGES = ("aduan", "channels", "inbox", "public", "ticketing", "webhooks")
NOT_IMPORTED = ("__main__", "wsgi")  # they start the program or build the app
REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT)
LETTER_SETS = (C.CATEGORY_WORD, C.CATEGORY_NOT_SPACE, C.CATEGORY_NOT_DIGIT)


def _letters(item) -> bool:
    """Whether one character matcher (., \\w, [a-z], [^x], a letter) takes letters."""
    op, av = item
    if op in (C.ANY, C.NOT_LITERAL):
        return True
    if op is C.LITERAL:
        return chr(av).isalnum()
    if op is C.IN:
        return any(
            o is C.NEGATE
            or (o is C.CATEGORY and a in LETTER_SETS)
            or (o is C.RANGE and chr(a[1]).isalnum())
            or (o is C.LITERAL and chr(a).isalnum())
            for o, a in av
        )
    return False


def _walk(items, run: bool, found: list[str]) -> bool:
    """Returns whether `items` may end in an unbounded run of letters, given whether
    what came before may (`run`); notes in `found` each run that may follow another."""
    for op, av in items:
        if op in REPEATS and len(av[2]) == 1 and av[2][0][0] in (C.ANY, C.NOT_LITERAL, C.IN):
            low, high, (item,) = av
            if high == C.MAXREPEAT and _letters(item):
                if run:
                    found.append(str(item))
                run = True
            elif low:
                run = False
        elif op in REPEATS or op is C.POSSESSIVE_REPEAT:
            low, _high, sub = av
            out = _walk(list(sub), run, found)
            run = False if op is C.POSSESSIVE_REPEAT else (out or (run and not low))
        elif op is C.SUBPATTERN:
            run = _walk(list(av[-1]), run, found)
        elif op is C.BRANCH:
            run = any([_walk(list(alt), run, found) for alt in av[1]])
        elif op is C.ATOMIC_GROUP:
            _walk(list(av), run, found)
            run = False
        elif op is C.AT:
            run = run and av not in (C.AT_BOUNDARY, C.AT_NON_BOUNDARY)
        elif op not in (C.ASSERT, C.ASSERT_NOT):
            run = False
    return run


def side_by_side(pattern: re.Pattern[str]) -> list[str]:
    """Returns the runs of letters in `pattern` that may directly follow another."""
    found: list[str] = []
    _walk(list(P.parse(pattern.pattern, pattern.flags)), False, found)
    return found


def _patterns(value, name: str, depth: int = 0):
    if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
        yield name, value
    elif depth < 3 and isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _patterns(item, f"{name}[{i}]", depth + 1)
    elif depth < 3 and isinstance(value, dict):
        for key, item in value.items():
            yield from _patterns(item, f"{name}[{key!r}]", depth + 1)


def every_pattern() -> dict[str, re.Pattern[str]]:
    found = {}
    for package in PACKAGES:
        root = importlib.import_module(package)
        for module in pkgutil.walk_packages(root.__path__, f"{package}."):
            if module.name.rsplit(".", 1)[-1] in NOT_IMPORTED:
                continue
            loaded = importlib.import_module(module.name)
            for name, value in vars(loaded).items():
                found.update(_patterns(value, f"{module.name}.{name}"))
    return found


def test_the_check_sees_the_shape_and_passes_what_cannot_split():
    for bad in (r"(ibu|grand\w+)\w*\b", r"(anak\w*|orang)\w*\b", r"[\w.-]+.*", r"a\w*(b)?\w+"):
        assert side_by_side(re.compile(bad)), bad
    for good in (r"(ibu|grand\w++)\w*\b", r"(anak|orang)\w*\b", r"\w+\b.{0,9}\w*", r"\w+ \w+"):
        assert not side_by_side(re.compile(good)), good


def test_no_pattern_of_the_desk_has_two_runs_of_letters_side_by_side():
    patterns = every_pattern()
    assert len(patterns) > 150  # the walk really reads the desk's patterns
    shapes = {name: found for name, pattern in patterns.items() if (found := side_by_side(pattern))}
    assert shapes == {}


@pytest.mark.parametrize(
    ("text", "label", "confidence"),
    [
        ("kebakaran rumah " + "grand" * 800, "fire", 0.7),
        ("pohon tumbang " + "anak" * 1000, None, None),
        ("tembok roboh " + "kos" * 1400, "collapse", 0.7),
        ("kebakaran rumah, grandma masih di dalam", "fire", 0.95),
        ("grandson saya hilang sejak tadi pagi", "missing_person", 0.9),
        ("grandma tertimpa tembok roboh", "collapse", 0.9),
        ("pohon tumbang menimpa warung, anaknya tadi duduk di bawah", "fallen_tree", 0.7),
        ("kosannya roboh", "collapse", 0.7),
    ],
)
def test_long_words_are_read_and_the_rules_still_say_the_same(text, label, confidence):
    found, _guarded = emergency.match(text)
    assert (found.label, found.confidence) == (label, confidence) if found else label is None


def test_a_thing_lost_a_police_referral_and_children_under_a_tree_still_read():
    assert emergency_words.MISSING_NOT.search("hilang tutupnya")
    assert outside._SENT_BACK.search("polresta nyuruh lapor ke kelurahan")
    assert emergency_words.UNDER.search("pohon tumbang, anak-anak sedang berteduh di bawahnya")
