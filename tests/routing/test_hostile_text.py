"""Pathological text through the routing rules: long runs of the characters a pattern
can split many ways. The tests check the structure that made a pattern backtrack and
that such text is still read; no timed assertions."""

from __future__ import annotations

import re

import pytest

from ticketing.routing import normalize, rules

# "\s*", an optional character, "\s*": a run of spaces between them splits every way.
_SPACES_TWICE = re.compile(r"\\s\*(?:\[[^\]]*\]|\\?.)\?\\s\*")


@pytest.mark.parametrize("pattern", [rules.TICKET_RE, normalize._TICKET_RE])
def test_ticket_number_patterns_have_no_two_space_runs_side_by_side(pattern):
    assert not _SPACES_TWICE.search(pattern.pattern)


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("cek MC - 2026 - 000123", ("MC-2026-000123",)),
        ("mc2026123 dan MC–2026–45678", ("MC-2026-000123", "MC-2026-045678")),
        ("mc" + " " * 20000 + "x", ()),
        ("MC" + " " * 10000 + "-" + " " * 10000 + "2026 1", ()),
    ],
)
def test_ticket_numbers_are_found_and_long_space_runs_after_mc_are_read(text, numbers):
    assert rules.find_ticket_numbers(text) == numbers
    normalize.canonical(text)


@pytest.mark.parametrize(
    "text",
    [
        "a " * 20000,  # an X DM or a long tweet: longer than any form takes
        "😀" * 4000,  # each emoji is a dozen characters of words
        "\ufdfa" * 4000,  # NFKC makes 18 characters of each
        "".join(chr(0x1F600 + i % 79) for i in range(4000)),
    ],
)
def test_the_rules_and_the_model_read_a_bounded_text(text):
    assert len(normalize.canonical(text)) <= normalize.MAX_READ
    assert len(normalize.normalize(text)) <= normalize.MAX_READ


def test_what_a_message_says_in_its_first_characters_is_still_read(classifier):
    said = "kebakaran rumah di gang 3, api masih menyala, tolong cepat!! "
    decision = classifier.classify(said + "x " * 1900)
    assert decision.kind == "emergency"
    long = said + "x " * (normalize.MAX_CHARS // 2) + "kebakaran"
    assert classifier.classify(long) == classifier.classify(long[: normalize.MAX_CHARS])
