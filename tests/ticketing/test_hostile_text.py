"""Pathological text from anyone who can send a message: it must neither fail the
intake job (an exception retries the event) nor hold it for long (a pattern that
backtracks over a long run of the same character). No timed assertions: the tests
check that the text is read, and the structure that made it slow."""

from __future__ import annotations

import re

import pytest

from ticketing import feedback, numwords, privacy, problems, status, status_words

# Two runs of spaces with only something optional between them ("\s*[.!]*\s*",
# "\s*#?\s*", "\s*(?:bintang)?\s*"): a long run of spaces splits between them every way.
SPACE_RUNS_SIDE_BY_SIDE = re.compile(
    r"\\s\*(?:\[[^\]]*\]|\\?[^\\(])[?*]\\s\*|\\s\*\(\?:[^()]*\)\?\\s\*"
)


def test_the_side_by_side_check_sees_the_shapes_it_names():
    for bad in (r"\s*[.!]*\s*$", r"\s*#?\s*(\d)", r"\s*(?:bintang|/5)?\s*", r"em\s*[-.]?\s*c"):
        assert SPACE_RUNS_SIDE_BY_SIDE.search(bad), bad
    for good in (r"\s*(?:[.!]+\s*)?$", r"\s*(?:#\s*)?(\d)", r"\s+(?:ok)\s*"):
        assert not SPACE_RUNS_SIDE_BY_SIDE.search(good), good


@pytest.mark.parametrize(
    "text",
    [
        "nomor ² ³",  # digits to str.isdigit(), none to int()
        "cek 1 1 ²",
        "1 ²",
        "cek 1 1 " + "9" * 5000,  # over int()'s 4,300-digit limit
        "MC 2 0 2 6 " + "1" * 9000,
    ],
)
def test_digits_that_int_cannot_read_do_not_fail_the_number_reader(text):
    numwords.in_context(text)
    numwords.digits(text)
    status.read(text, year=2026)


def test_superscripts_are_no_number_words_and_long_digit_runs_stay_as_written():
    assert numwords.digits("nomor ² ³") == "nomor ² ³"
    assert numwords.in_context("cek 1 1 " + "9" * 5000) == "cek 11 " + "9" * 5000


def test_an_item_bullet_is_looked_for_after_spaces_not_after_more_blank_lines():
    # "\s*" after the newline rescanned every following newline from each one
    assert r"\n)\s*" not in problems._ITEM.pattern
    assert problems._pieces("\n" * 20000) == []
    said = "Lampu mati di gang 3\n\n  1. sampah numpuk\n\t- got mampet"
    assert problems._pieces(said) == [
        ("Lampu mati di gang 3", False),
        ("sampah numpuk", True),
        ("got mampet", True),
    ]


@pytest.mark.parametrize(
    "pattern", [feedback.RATING, feedback.FIXED, feedback.NO], ids=["rating", "fixed", "no"]
)
def test_the_answers_to_sudah_beres_have_no_space_runs_side_by_side(pattern):
    # "5", 4,000 spaces and a letter held RATING for minutes (every message is tried)
    assert not SPACE_RUNS_SIDE_BY_SIDE.search(pattern.pattern)


@pytest.mark.parametrize(
    ("text", "rating", "fixed", "no"),
    [
        ("5", "5", False, False),
        (" 4 bintang !! ", "4", False, False),
        ("3 / 5.", "3", False, False),
        ("5" + " " * 4000 + "x", None, False, False),
        ("sudah beres!", None, True, False),
        ("udah ok . ", None, True, False),
        ("sudah" + " " * 4000 + "x", None, False, False),
        ("tidak juga pak !", None, False, True),
        ("tidak" + " " * 4000 + "x", None, False, False),
    ],
)
def test_the_answers_to_sudah_beres_are_still_read(text, rating, fixed, no):
    found = feedback.RATING.match(text)
    assert (found.group(1) if found else None) == rating
    assert bool(feedback.FIXED.match(text)) is fixed
    assert bool(feedback.NO.match(text)) is no


@pytest.mark.parametrize("pattern", [privacy._RT_RW_RE, privacy._HOUSE_RE], ids=["rt_rw", "house"])
def test_the_address_patterns_have_no_space_runs_side_by_side(pattern):
    assert not SPACE_RUNS_SIDE_BY_SIDE.search(pattern.pattern)


def test_addresses_are_still_masked_and_long_space_runs_read():
    said = "rumah saya Jl. Kenjeran No : 45, RT . 03 / RW 05, rt 3 rw 4"
    assert privacy.redact(said) == "rumah saya [alamat], RT . 03 / RW 05, rt 3 rw 4"
    assert privacy.find_personal_data(said) == ["address", "rt_rw"]
    assert privacy.redact("rt" + " " * 20000 + "x").startswith("rt ")
    assert privacy.find_personal_data("Jl x no" + " " * 20000 + ":") == []


def test_em_ce_has_no_space_runs_side_by_side_and_runs_carry_the_word_before():
    assert not SPACE_RUNS_SIDE_BY_SIDE.search(numwords._MC.pattern)
    assert numwords.in_context("em" + " " * 20000 + "x").startswith("em ")
    assert numwords.in_context("em - ce satu dua") == "MC 12"
    # the cue of each run is the word before it, read once (not the text re-read per run)
    assert [r[3] for r in numwords._runs("cek satu, nomor dua hari, tiga")] == [
        "cek",
        "nomor",
        "hari",
    ]
    many = "nomor satu dua rumah, " * 2000
    assert numwords.in_context(many) == many
    assert numwords.in_context("cek satu dua tiga " * 1000) == "cek 123 " * 1000


@pytest.mark.parametrize("pattern", [status._SHORT, status._LABELLED], ids=["short", "labelled"])
def test_serial_patterns_have_no_space_runs_side_by_side(pattern):
    assert not SPACE_RUNS_SIDE_BY_SIDE.search(pattern.pattern)


@pytest.mark.parametrize(
    "pattern",
    [
        status_words.PENDING,
        status_words.OWN_REPORT,
        status_words.ANOTHER,
        status_words.PROGRESS_ASKED,
    ],
    ids=["pending", "own_report", "another", "progress_asked"],
)
def test_the_grumble_patterns_have_no_space_runs_side_by_side(pattern):
    assert not SPACE_RUNS_SIDE_BY_SIDE.search(pattern.pattern)
    assert status.read("gak" + " " * 20000 + "x", 2026).rest.startswith("gak")
    assert not status.read("lapor" + " " * 20000 + "ke" + " " * 20000 + "x", 2026).asked


def test_serials_are_still_read_and_long_space_runs_after_cek_are_not_one():
    assert status.read("cek laporan # 123", 2026).serials == (123,)
    assert status.read("nomor aduan : 45", 2026).serials == (45,)
    assert status.read("cek" + " " * 20000 + "x", 2026).serials == ()
    assert status.read("nomor laporan" + " " * 20000 + "x", 2026).serials == ()


def test_a_message_of_many_sentences_has_its_features_computed_in_one_call():
    from ticketing.routing import Decision

    whole = Decision("complaint", "DLH", 0.9, "", ())
    warmed: list[list[str]] = []
    asked: list[str] = []

    def classify(piece: str) -> Decision:
        asked.append(piece)
        return whole

    said = " ".join(f"sampah numpuk di gang nomor {i}." for i in range(300))
    split = problems.split(said, whole, classify, 0.75, warmed.append)
    assert len(warmed) == 1 and warmed[0] == asked and len(asked) == problems.MAX_READ
    assert split.parts == (problems.Part(said, whole),)


def test_sentences_past_those_routed_one_by_one_join_the_problem_before_them():
    from ticketing.routing import Decision

    rubbish = Decision("complaint", "DLH", 0.9, "", ())
    lamp = Decision("complaint", "DISHUB", 0.9, "", ())

    def classify(piece: str) -> Decision:
        return lamp if "lampu" in piece else rubbish

    first = [f"sampah numpuk di gang nomor {i}." for i in range(problems.MAX_READ - 1)]
    said = " ".join([*first, "lampu jalan mati di gang tiga.", "lampu pju mati di gang lima."])
    split = problems.split(said, rubbish, classify, 0.75)
    assert [p.decision.opd for p in split.parts] == ["DLH", "DISHUB"]
    assert split.parts[1].text == "lampu jalan mati di gang tiga. lampu pju mati di gang lima."
    later = " ".join([*first, "sampah lagi di gang nomor 99.", "lampu jalan mati di gang tiga."])
    assert problems.split(later, rubbish, classify, 0.75).parts == (problems.Part(later, rubbish),)
