"""What is left of a deadline, said in the deadline's own unit.

A clock counted in working days ends at END_OF_WORKING_DAY of a working day
(sla/clocks.py:_whole_days keeps it there through pauses and extensions), so its
countdown is told in working days: a PPID request's 10 working days read "10 hari kerja"
on the day it arrived, as `aduan sla due` counts them, not the 14 calendar days to the
same deadline. Other deadlines, and the last day of a working-day clock, are told in
time (minutes): the working time left for a clock counted in working hours (`hours`
"working" or "office": a complaint received Friday 15:00 has its 24 working hours due
Monday 15:00, and on Saturday "sisa 15 jam kerja", not the 2 days of wall clock), else
wall-clock time (an emergency's 5 minutes run 24/7; how long ago a deadline passed)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import NamedTuple

from sla.calendar import END_OF_WORKING_DAY, Calendar, WorkingCalendar, calendar_for


class Left(NamedTuple):
    """`late`: the deadline has passed. `working_days`: whole working days left (or late
    by), when the deadline is a working-day one and at least one lies between; else None
    and `minutes` (rounded down) says it: working minutes when `working`, else wall-clock."""

    late: bool
    working_days: int | None
    minutes: int
    working: bool = False


def _working_days(calendar: Calendar, after: datetime, until: datetime) -> int:
    """Returns the working days of `calendar` in (after's day, until's day]."""
    day, last = after.date() + timedelta(days=1), until.date()
    count = 0
    while day <= last:
        count += calendar.is_working_day(day)
        day += timedelta(days=1)
    return count


def left(due: datetime, now: datetime, calendar: Calendar, hours: str = "wallclock") -> Left:
    """Returns what is left of (or past) `due` at `now`; `calendar` gives the zone and
    the working days (sla/calendars.py:desk_calendar), `hours` the calendar kind the
    clock counts its hours on (its policy's: working, office or wallclock)."""
    seconds = (due - now).total_seconds()
    late, minutes = seconds < 0, abs(int(seconds // 60))
    local_due, local_now = due.astimezone(calendar.tz), now.astimezone(calendar.tz)
    if local_due.time().replace(microsecond=0) != END_OF_WORKING_DAY:
        if late or hours == "wallclock" or not isinstance(calendar, WorkingCalendar):
            return Left(late, None, minutes)  # how long ago it passed: wall-clock time
        span = calendar_for(hours, calendar).working_time_between(now, due)
        return Left(late, None, int(span.total_seconds() // 60), True)
    if late:
        days = _working_days(calendar, local_due, local_now)
    else:
        days = _working_days(calendar, local_now, local_due)
    return Left(late, days or None, minutes)
