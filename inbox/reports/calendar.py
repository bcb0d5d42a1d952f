"""Working time in SQL: the report_days table (ticketing.models.reporting) built from
the desk's calendar, and the expressions that turn a timestamp column into working
seconds counted from ORIGIN. The same calendar as the SLA clocks (sla.calendars)."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, time, timedelta
from importlib.metadata import version
from typing import Any

from sqlalchemy import (
    Date,
    Integer,
    case,
    cast,
    delete,
    func,
    insert,
    literal_column,
    select,
    text,
)
from sqlalchemy.orm import aliased

from aduan.extensions import db
from sla.calendar import WorkingCalendar
from sla.calendars import desk_calendar
from ticketing.models import ReportDay
from ticketing.models.reporting import WORK_BACKFILL

ORIGIN = date(2020, 1, 1)
DAY = timedelta(days=1)


def _last_day(today: date) -> date:
    return date(today.year + 2, 1, 1) - DAY  # the end of next year


def signature(cal: WorkingCalendar, last: date) -> str:
    """Returns a fingerprint of everything that decides the table's rows."""
    parts = [
        cal.tz.key,
        repr(cal.office_hours),
        ",".join(sorted(d.isoformat() for d in cal.closures)),
        ",".join(sorted(d.isoformat() for d in cal.openings)),
        version("holidays"),
        ORIGIN.isoformat(),
        last.isoformat(),
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def _window(cal: WorkingCalendar, day: date) -> tuple[int, int]:
    """Returns the UTC epoch seconds [opens, closes) of `day`'s working time; a closed
    day has opens == closes (its midnight)."""
    midnight = int(datetime.combine(day, time(0), cal.tz).timestamp())
    if not cal.is_working_day(day):
        return midnight, midnight
    start, end = cal.office_hours or (time(0), None)
    opens = int(datetime.combine(day, start, cal.tz).timestamp())
    if end is None:
        closes = int(datetime.combine(day + DAY, time(0), cal.tz).timestamp())
    else:
        closes = int(datetime.combine(day, end, cal.tz).timestamp())
    return opens, closes


def rows(cal: WorkingCalendar, last: date) -> list[dict[str, Any]]:
    """Returns the table's rows from ORIGIN to `last` for `cal`."""
    sig = signature(cal, last)
    found, before, day = [], 0, ORIGIN
    while day <= last:
        opens, closes = _window(cal, day)
        found.append(
            {
                "day": day,
                "opens": opens,
                "closes": closes,
                "before": before,
                "week": day - timedelta(days=day.weekday()),
                "month": day.replace(day=1),
                "signature": sig,
            }
        )
        before += closes - opens
        day += DAY
    return found


def ensure(today: date | None = None) -> WorkingCalendar:
    """Makes report_days match the desk calendar (rebuilt in one transaction when an
    admin changed a closure, a new year came, or the table is empty); returns the
    calendar."""
    cal = desk_calendar()
    last = _last_day(today or datetime.now(UTC).date())
    sig = signature(cal, last)
    stored = db.session.execute(select(ReportDay.signature).where(ReportDay.day == ORIGIN)).scalar()
    postgres = db.engine.dialect.name == "postgresql"
    if stored != sig:
        if postgres:
            db.session.execute(text("LOCK TABLE report_days IN EXCLUSIVE MODE"))
        new = rows(cal, last)
        since = _first_change(new) if postgres else None
        db.session.execute(delete(ReportDay))
        db.session.execute(insert(ReportDay), new)
        if since is not None:
            recompute(since)
        db.session.commit()
    if postgres:
        # Report queries sort a year of tickets (1M: ~95 MB by group, then each
        # percentile's values): let them sort in memory, not in merge files on disk,
        # and skip JIT compilation (it costs more than it saves here). For this
        # transaction only.
        db.session.execute(text("SET LOCAL work_mem = '256MB'"))
        db.session.execute(text("SET LOCAL jit = off"))
    return cal


def _first_change(new: list[dict[str, Any]]) -> date | None:
    """Returns the first day whose working window differs from the stored table (its
    first day when the table was empty), None when no day does."""
    stored = dict(
        (day, (opens, closes))
        for day, opens, closes in db.session.execute(
            select(ReportDay.day, ReportDay.opens, ReportDay.closes)
        )
    )
    for row in new:
        if stored.get(row["day"]) != (row["opens"], row["closes"]):
            return row["day"]
    return None


def recompute(since: date) -> None:
    """Recomputes the stored working seconds (PostgreSQL) of the tickets with a time
    on or after the local day `since`, after report_days changed from that day on."""
    start = datetime.combine(since - DAY, time(0), UTC)  # a day early: any zone
    db.session.execute(
        text(
            WORK_BACKFILL.format(
                where="GREATEST(t.created_at, t.first_responded_at, t.resolved_at) >= :s"
            )
        ),
        {"s": start},
    )


def seconds_at(cal: WorkingCalendar, instant: datetime) -> float:
    """Returns the working seconds from ORIGIN to `instant` by the table's rule (call
    `ensure` first); what `At` computes in SQL for a column."""
    row = db.session.get(ReportDay, instant.astimezone(cal.tz).date())
    if row is None:
        raise ValueError(f"{instant} is outside report_days")
    stamp = instant.timestamp()
    return row.before + min(max(stamp - row.opens, 0.0), float(row.closes - row.opens))


def epoch(column: Any) -> Any:
    """Returns SQL for the UTC epoch seconds of a timestamp column."""
    if db.engine.dialect.name == "postgresql":
        return func.date_part("epoch", column)  # double precision (extract() is numeric)
    return (func.julianday(column) - 2440587.5) * 86400.0


def local_day(column: Any, cal: WorkingCalendar) -> Any:
    """Returns SQL for the calendar-local date of a timestamp column. SQLite has no
    time zones: it adds the zone's current offset (right for zones without DST, such as
    Asia/Jakarta)."""
    if db.engine.dialect.name == "postgresql":
        return cast(func.timezone(cal.tz.key, column), Date)
    offset = datetime.now(cal.tz).utcoffset() or timedelta(0)
    return func.date(column, f"{int(offset.total_seconds() // 60):+d} minutes")


def fixed_offset(cal: WorkingCalendar, last: date) -> int | None:
    """Returns the zone's UTC offset in seconds when it never changes between ORIGIN and
    `last` (Indonesia's zones have no DST), else None."""
    offsets = {
        datetime.combine(date(year, month, 1), time(12), cal.tz).utcoffset()
        for year in range(ORIGIN.year, last.year + 1)
        for month in (1, 4, 7, 10)
    }
    if len(offsets) != 1:
        return None
    (offset,) = offsets
    return int(offset.total_seconds()) if offset is not None else None


class At:
    """Working seconds since ORIGIN at a timestamp column (`seconds`), and the local
    week and month it falls in.

    One join of report_days on the column's local date (`join`); on PostgreSQL with a
    fixed-offset zone (Indonesia's) the local date is arithmetic on the epoch."""

    def __init__(self, column: Any, cal: WorkingCalendar) -> None:
        e = epoch(column)
        offset = None
        if db.engine.dialect.name == "postgresql":
            offset = fixed_offset(cal, _last_day(datetime.now(UTC).date()))
        self.day = aliased(ReportDay)
        if offset is None:
            self.on = self.day.day == local_day(column, cal)
        else:  # the local date by arithmetic: no time zone lookup per row
            days = cast(func.floor((e + offset) / 86400.0), Integer)
            self.on = self.day.day == literal_column("DATE '1970-01-01'", Date) + days
        span = self.day.closes - self.day.opens
        self.seconds = self.day.before + case(
            (e <= self.day.opens, 0), (e >= self.day.closes, span), else_=e - self.day.opens
        )
        self.week, self.month = self.day.week, self.day.month

    def join(self, stmt: Any) -> Any:
        """Returns `stmt` with the join this column needs."""
        return stmt.outerjoin(self.day, self.on)
