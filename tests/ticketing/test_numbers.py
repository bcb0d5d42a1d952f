"""Ticket numbers: per year, sequential, unique."""

from __future__ import annotations

from aduan.extensions import db
from ticketing.numbers import next_number


def test_numbers_count_up_per_year_and_series(app):
    assert next_number(2026) == "MC-2026-000001"
    assert next_number(2026) == "MC-2026-000002"
    assert next_number(2027) == "MC-2027-000001"
    assert next_number(2026, "PPID") == "PPID-2026-00001"
    db.session.commit()
    assert next_number(2026) == "MC-2026-000003"


def test_a_rolled_back_number_is_reissued(app):
    assert next_number(2026) == "MC-2026-000001"
    db.session.rollback()
    assert next_number(2026) == "MC-2026-000001"
