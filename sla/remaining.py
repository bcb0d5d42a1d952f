"""What is left of a deadline, said in the deadline's own unit.

A clock counted in working days ends at END_OF_WORKING_DAY of a working day
(sla/clocks.py:_whole_days keeps it there through pauses and extensions), so its
countdown is told in working days: a PPID request's 10 working days read "10 hari kerja"
on the day it arrived, as `aduan sla due` counts them, not the 14 calendar days to the
same deadline. Other deadlines, and the last day of a working-day clock, are told in
time (minutes)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import NamedTuple

from sla.calendar import END_OF_WORKING_DAY, Calendar


class Left(NamedTuple):
    """`late`: the deadline has passed. `working_days`: whole working days left (or late
    by), when the deadline is a working-day one and at least one lies between; else None
    and `minutes` (wall-clock, rounded down) says it."""

    late: bool
    working_days: int | None
    minutes: int


def _working_days(calendar: Calendar, after: datetime, until: datetime) -> int:
    """Returns the working days of `calendar` in (after's day, until's day]."""
    day, last = after.date() + timedelta(days=1), until.date()
    count = 0
    while day <= last:
        count += calendar.is_working_day(day)
        day += timedelta(days=1)
    return count


def left(due: datetime, now: datetime, calendar: Calendar) -> Left:
    """Returns what is left of (or past) `due` at `now`; `calendar` gives the zone and
    the working days (sla/calendars.py:desk_calendar)."""
    seconds = (due - now).total_seconds()
    late, minutes = seconds < 0, abs(int(seconds // 60))
    local_due, local_now = due.astimezone(calendar.tz), now.astimezone(calendar.tz)
    if local_due.time().replace(microsecond=0) != END_OF_WORKING_DAY:
        return Left(late, None, minutes)
    if late:
        days = _working_days(calendar, local_due, local_now)
    else:
        days = _working_days(calendar, local_now, local_due)
    return Left(late, days or None, minutes)
