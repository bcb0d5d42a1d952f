"""Ticket numbers like MC-2026-000123: per year, unique and race-free across workers.

The counter row is bumped with UPDATE ... RETURNING inside the caller's transaction;
the row lock (PostgreSQL) or the write lock (SQLite) serialises concurrent workers."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from aduan.extensions import db
from ticketing.models import TicketCounter

SERIES = {"MC": "{series}-{year}-{n:06d}", "PPID": "{series}-{year}-{n:05d}"}


def next_number(year: int, series: str = "MC") -> str:
    """Returns the next number of `series` for `year` (e.g. MC-2026-000123)."""
    stmt = (
        update(TicketCounter)
        .where(TicketCounter.series == series, TicketCounter.year == year)
        .values(last=TicketCounter.last + 1)
        .returning(TicketCounter.last)
    )
    n = db.session.execute(stmt).scalar()
    if n is None:
        try:
            with db.session.begin_nested():
                db.session.add(TicketCounter(series=series, year=year, last=0))
        except IntegrityError:
            pass  # another worker created the row first
        n = db.session.execute(stmt).scalar()
    return SERIES[series].format(series=series, year=year, n=n)


def current_last(year: int, series: str = "MC") -> int:
    """Returns the last number issued for `year` (0 if none)."""
    stmt = select(TicketCounter.last).where(
        TicketCounter.series == series, TicketCounter.year == year
    )
    return db.session.execute(stmt).scalar() or 0
