"""Ticket numbers like MC-2026-000123: per year, unique and race-free across workers.

The counter row is bumped with UPDATE ... RETURNING; its row lock (PostgreSQL) or the
write lock (SQLite) serialises concurrent workers, so no number is issued twice.

PostgreSQL: the bump runs on its own connection in autocommit, so the row is locked
for that one statement, not for the rest of the caller's transaction (an intake batch
would otherwise make every other worker wait for its commit). A number issued to a
transaction that then rolls back is not issued again: the series may have gaps, never
duplicates. SQLite (one writer at a time anyway) bumps inside the caller's transaction,
so there a rolled-back number is issued again."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.exc import IntegrityError

from aduan.extensions import db
from ticketing.models import TicketCounter

SERIES = {"MC": "{series}-{year}-{n:06d}", "PPID": "{series}-{year}-{n:05d}"}


def next_number(year: int, series: str = "MC") -> str:
    """Returns the next number of `series` for `year` (e.g. MC-2026-000123)."""
    if db.engine.dialect.name == "postgresql":
        n = _bump_apart(year, series)
    else:
        n = _bump_here(year, series)
    return SERIES[series].format(series=series, year=year, n=n)


def _bump(year: int, series: str) -> Any:
    return (
        update(TicketCounter)
        .where(TicketCounter.series == series, TicketCounter.year == year)
        .values(last=TicketCounter.last + 1)
        .returning(TicketCounter.last)
    )


def _bump_apart(year: int, series: str) -> int:
    """PostgreSQL: bumps the counter in its own autocommitted statement."""
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        n = conn.execute(_bump(year, series)).scalar()
        if n is None:
            row = {"series": series, "year": year, "last": 0}
            conn.execute(pg_insert(TicketCounter).values(**row).on_conflict_do_nothing())
            n = conn.execute(_bump(year, series)).scalar()
    return int(n)


def _bump_here(year: int, series: str) -> int:
    """SQLite: bumps the counter in the caller's transaction."""
    n = db.session.execute(_bump(year, series)).scalar()
    if n is None:
        try:
            with db.session.begin_nested():
                db.session.add(TicketCounter(series=series, year=year, last=0))
        except IntegrityError:
            pass  # another worker created the row first
        n = db.session.execute(_bump(year, series)).scalar()
    return int(n)


def current_last(year: int, series: str = "MC") -> int:
    """Returns the last number issued for `year` (0 if none)."""
    stmt = select(TicketCounter.last).where(
        TicketCounter.series == series, TicketCounter.year == year
    )
    return db.session.execute(stmt).scalar() or 0
