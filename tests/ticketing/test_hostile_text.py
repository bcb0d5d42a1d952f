"""Pathological text from anyone who can send a message: it must neither fail the
intake job (an exception retries the event) nor hold it for long (a pattern that
backtracks over a long run of the same character). No timed assertions: the tests
check that the text is read, and the structure that made it slow."""

from __future__ import annotations

import pytest

from ticketing import numwords, status


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
