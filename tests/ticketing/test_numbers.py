"""Ticket numbers: per year, sequential, unique."""

from __future__ import annotations

import threading

from aduan.extensions import db
from ticketing.numbers import current_last, next_number


def test_numbers_count_up_per_year_and_series(app):
    assert next_number(2026) == "MC-2026-000001"
    assert next_number(2026) == "MC-2026-000002"
    assert next_number(2027) == "MC-2027-000001"
    assert next_number(2026, "PPID") == "PPID-2026-00001"
    db.session.commit()
    assert next_number(2026) == "MC-2026-000003"
    assert current_last(2026) == 3


def test_a_rolled_back_number_is_never_issued_twice(app):
    assert next_number(2026) == "MC-2026-000001"
    db.session.rollback()
    # SQLite bumps in the caller's transaction: the number comes back. PostgreSQL
    # bumps apart (no lock held for the caller's transaction): a gap, no duplicate.
    again = "MC-2026-000002" if db.engine.dialect.name == "postgresql" else "MC-2026-000001"
    assert next_number(2026) == again


def test_numbers_are_unique_across_concurrent_workers_with_open_transactions(app):
    """Two workers, each issuing numbers inside its own open transaction (as an intake
    batch does): none waits for the other's commit, none gets a number twice."""
    if db.engine.dialect.name != "postgresql":
        return  # SQLite has one writer at a time: nothing runs concurrently
    issued: list[list[str]] = [[], []]
    holding = threading.Barrier(2)

    def worker(out: list[str]) -> None:
        with app.app_context():
            db.session.connection()  # its own open transaction, as a batch's
            for _ in range(20):
                out.append(next_number(2031))
            holding.wait(60)  # both hold their transactions open with numbers issued
            db.session.rollback()
            db.session.remove()

    threads = [threading.Thread(target=worker, args=(out,)) for out in issued]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not any(thread.is_alive() for thread in threads)
    numbers = issued[0] + issued[1]
    assert len(numbers) == 40 and len(set(numbers)) == 40
    assert current_last(2031) == 40
