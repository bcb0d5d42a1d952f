"""Pathological text from anyone who can send a message: it must neither fail the
intake job (an exception retries the event) nor hold it for long (a pattern that
backtracks over a long run of the same character). No timed assertions: the tests
check that the text is read, and the structure that made it slow."""

from __future__ import annotations

import pytest

from ticketing import numwords, problems, status


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
