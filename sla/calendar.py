"""Working-time calendars and default SLA deadlines (pure Python, no database).

Two calendars share one interface (:class:`Calendar`):

* :class:`WorkingCalendar` — Monday-Friday in a time zone (default ``Asia/Jakarta``),
  minus Indonesian national holidays and *cuti bersama* from the ``holidays`` package,
  minus admin ``closures``, plus admin ``openings``; optionally only within office hours.
* :class:`WallClockCalendar` — 24/7, for emergencies.

All datetimes passed in must be timezone-aware (``ValueError`` otherwise); datetimes
returned are aware and expressed in the calendar's zone.  Durations are measured in real
elapsed time (arithmetic is done in UTC), so zones with DST are handled correctly.

:func:`due` computes a deadline from the small :data:`DEFAULT_POLICIES` table; the app can
pass its own table (e.g. admin-edited policies loaded from the database).
See ``docs/sla.md`` for the rules with worked examples.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Literal, NamedTuple
from zoneinfo import ZoneInfo

import holidays as holidays_pkg

DEFAULT_TZ = "Asia/Jakarta"
#: Office hours used by policies of kind ``"office"`` when the base calendar has none.
DEFAULT_OFFICE_HOURS: tuple[time, time] = (time(8), time(16))
#: ``government`` holds *cuti bersama* (collective leave), which also closes offices.
HOLIDAY_CATEGORIES: tuple[str, ...] = ("public", "government")
#: "N working days" end at this local time of the N-th working day.
END_OF_WORKING_DAY = time(23, 59, 59)

#: Corrections to the ``holidays`` package, seeded by the app into the admin closures
#: table (date -> reason).  Checked against the 2026 SKB of the Minister of Religious
#: Affairs, the Minister of Manpower and the Minister of State Apparatus Empowerment and
#: Bureaucratic Reform (Nomor 1497 Tahun 2025, Nomor 2 Tahun 2025, Nomor 5 Tahun 2025):
#: 17 national holidays + 8 days of cuti bersama.  ``holidays`` 0.109 already lists all 25
#: dates, so no correction is needed for 2026.  Add a dated entry here (citing the decree)
#: when a future decree or Keppres adds a day the package lacks; to force a day *open*
#: use ``WorkingCalendar(openings=...)`` instead.
DEFAULT_CLOSURES: dict[date, str] = {}

_ONE_DAY = timedelta(days=1)
#: A run of this many consecutive closed days means the calendar is misconfigured.
_MAX_CLOSED_RUN = 3660


def _to_utc(value: datetime, name: str) -> datetime:
    """Return ``value`` converted to UTC; raise ``ValueError`` if it is naive."""
    if not isinstance(value, datetime):
        raise TypeError(f"{name} must be a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {value.isoformat()}")
    return value.astimezone(UTC)


def _check_delta(delta: timedelta) -> None:
    """Raise ``TypeError``/``ValueError`` unless ``delta`` is a non-negative timedelta."""
    if not isinstance(delta, timedelta):
        raise TypeError(f"delta must be a timedelta, got {type(delta).__name__}")
    if delta < timedelta(0):
        raise ValueError(f"delta must not be negative, got {delta}")


def _check_dates(values: Iterable[date], name: str) -> frozenset[date]:
    """Return ``values`` as a frozenset; raise ``TypeError`` on non-dates or datetimes."""
    result = frozenset(values)
    for value in result:
        if isinstance(value, datetime) or not isinstance(value, date):
            raise TypeError(f"{name} must contain dates, got {value!r}")
    return result


class Calendar(ABC):
    """Interface shared by all calendars.

    Subclasses decide which days are working days and which hours of a working day count
    (``office_hours``); the deadline arithmetic is shared and steps day by day, never
    minute by minute.
    """

    office_hours: tuple[time, time] | None = None

    def __init__(self, tz: str = DEFAULT_TZ) -> None:
        """Create a calendar in zone ``tz``; raise ``ZoneInfoNotFoundError`` if unknown."""
        self.tz = ZoneInfo(tz)

    @abstractmethod
    def is_working_day(self, d: date) -> bool:
        """Return True if local day ``d`` contains working time."""

    def _window(self, d: date) -> tuple[datetime, datetime] | None:
        """Return the UTC ``[open, close)`` working interval of local day ``d``, or None."""
        if not self.is_working_day(d):
            return None
        if self.office_hours is None:
            opens = datetime.combine(d, time(0), self.tz)
            closes = datetime.combine(d + _ONE_DAY, time(0), self.tz)
        else:
            opens = datetime.combine(d, self.office_hours[0], self.tz)
            closes = datetime.combine(d, self.office_hours[1], self.tz)
        return opens.astimezone(UTC), closes.astimezone(UTC)

    def _local_date(self, instant: datetime) -> date:
        """Return the calendar-local date of an aware ``instant``."""
        return instant.astimezone(self.tz).date()

    def add_working_time(self, start: datetime, delta: timedelta) -> datetime:
        """Return the instant at which ``delta`` of working time has elapsed after ``start``.

        Counting begins at ``start`` if it is inside working time, otherwise at the next
        opening (00:00 of the next working day, or the office-hours start).  The result is
        the earliest such instant, so a deadline may fall exactly on a closing time
        (e.g. 24:00, shown as 00:00 of the next day).  Raises ``ValueError`` if ``start``
        is naive or ``delta`` negative, ``RuntimeError`` if no working day exists within
        about ten years.
        """
        begin = _to_utc(start, "start")
        _check_delta(delta)
        remaining = delta
        day = self._local_date(begin)
        closed_run = 0
        while True:
            window = self._window(day)
            if window is None:
                closed_run += 1
                if closed_run > _MAX_CLOSED_RUN:
                    raise RuntimeError(f"no working day within {_MAX_CLOSED_RUN} days")
            else:
                closed_run = 0
                cursor = max(begin, window[0])
                if cursor < window[1]:
                    available = window[1] - cursor
                    if remaining <= available:
                        return (cursor + remaining).astimezone(self.tz)
                    remaining -= available
            day += _ONE_DAY

    def end_of_nth_working_day(self, start: datetime, n: int) -> datetime:
        """Return 23:59:59 (calendar zone) of the ``n``-th working day after ``start``'s day.

        The day of receipt (the local date of ``start``) never counts, even if it is a
        working day; office hours are ignored.  Raises ``ValueError`` if ``start`` is naive
        or ``n < 1``, ``RuntimeError`` if no working day exists within about ten years.
        """
        begin = _to_utc(start, "start")
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise ValueError(f"n must be an integer >= 1, got {n!r}")
        day = self._local_date(begin)
        counted = 0
        closed_run = 0
        while counted < n:
            day += _ONE_DAY
            if self.is_working_day(day):
                counted += 1
                closed_run = 0
            else:
                closed_run += 1
                if closed_run > _MAX_CLOSED_RUN:
                    raise RuntimeError(f"no working day within {_MAX_CLOSED_RUN} days")
        return datetime.combine(day, END_OF_WORKING_DAY, self.tz)

    def working_time_between(self, a: datetime, b: datetime) -> timedelta:
        """Return the working time inside ``[a, b)``; ``timedelta(0)`` if ``b <= a``.

        Raises ``ValueError`` if either datetime is naive.
        """
        lo, hi = _to_utc(a, "a"), _to_utc(b, "b")
        total = timedelta(0)
        if hi <= lo:
            return total
        day, last = self._local_date(lo), self._local_date(hi)
        while day <= last:
            window = self._window(day)
            if window is not None:
                overlap = min(hi, window[1]) - max(lo, window[0])
                if overlap > timedelta(0):
                    total += overlap
            day += _ONE_DAY
        return total


class WorkingCalendar(Calendar):
    """Indonesian civil-service working days, optionally restricted to office hours.

    A day is a working day if it is in ``openings`` (admin correction forcing a day open;
    openings win over everything, including weekends and ``closures``), otherwise if it is
    Monday-Friday, not in ``closures`` and not an Indonesian national holiday or
    *cuti bersama* according to ``holidays.country_holidays("ID", categories=("public",
    "government"))``.  Holidays are computed lazily per year and cached on the instance.
    """

    def __init__(
        self,
        tz: str = DEFAULT_TZ,
        closures: Iterable[date] = (),
        openings: Iterable[date] = (),
        office_hours: tuple[time, time] | None = None,
    ) -> None:
        """Create the calendar.

        ``office_hours=None`` counts the whole working day (00:00-24:00); otherwise a pair
        of naive local times ``(open, close)`` with ``open < close``.  Raises
        ``ValueError`` for invalid office hours, ``TypeError`` if ``closures``/``openings``
        contain anything but ``date`` objects (datetimes are rejected).
        """
        super().__init__(tz)
        self.closures = _check_dates(closures, "closures")
        self.openings = _check_dates(openings, "openings")
        if office_hours is not None:
            opens, closes = office_hours
            if opens.tzinfo is not None or closes.tzinfo is not None:
                raise ValueError("office_hours must be naive local times")
            if not opens < closes:
                raise ValueError(f"office_hours must open before they close: {office_hours}")
        self.office_hours = office_hours
        self._holiday_cache: dict[int, dict[date, str]] = {}

    def __repr__(self) -> str:
        return (
            f"WorkingCalendar(tz={self.tz.key!r}, closures={len(self.closures)}, "
            f"openings={len(self.openings)}, office_hours={self.office_hours!r})"
        )

    def holidays_for(self, year: int) -> dict[date, str]:
        """Return ``{date: Indonesian name}`` of national holidays and cuti bersama in ``year``.

        Admin closures and openings are not applied here.  The result is cached; do not
        mutate it.
        """
        cached = self._holiday_cache.get(year)
        if cached is None:
            found = holidays_pkg.country_holidays(
                "ID", years=year, categories=HOLIDAY_CATEGORIES, language="id"
            )
            cached = dict(found.items())
            self._holiday_cache[year] = cached
        return cached

    def holiday_name(self, d: date) -> str | None:
        """Return the holiday/cuti bersama name of ``d`` from the package, or None."""
        return self.holidays_for(d.year).get(d)

    def is_working_day(self, d: date) -> bool:
        """Return True if ``d`` is a working day (see the class docstring for the rules)."""
        if d in self.openings:
            return True
        if d.weekday() >= 5 or d in self.closures:
            return False
        return d not in self.holidays_for(d.year)

    def with_office_hours(self, office_hours: tuple[time, time] | None) -> WorkingCalendar:
        """Return a copy with other ``office_hours`` and the same days (cache shared)."""
        other = WorkingCalendar(self.tz.key, self.closures, self.openings, office_hours)
        other._holiday_cache = self._holiday_cache
        return other


class WallClockCalendar(Calendar):
    """24/7 calendar: every instant is working time (emergencies)."""

    def __repr__(self) -> str:
        return f"WallClockCalendar(tz={self.tz.key!r})"

    def is_working_day(self, d: date) -> bool:
        """Return True: every day is a working day."""
        return True

    def add_working_time(self, start: datetime, delta: timedelta) -> datetime:
        """Return ``start + delta`` in real elapsed time, in the calendar's zone.

        Raises ``ValueError`` if ``start`` is naive or ``delta`` negative.
        """
        begin = _to_utc(start, "start")
        _check_delta(delta)
        return (begin + delta).astimezone(self.tz)

    def working_time_between(self, a: datetime, b: datetime) -> timedelta:
        """Return the real elapsed time ``b - a``, or ``timedelta(0)`` if ``b <= a``.

        Raises ``ValueError`` if either datetime is naive.
        """
        elapsed = _to_utc(b, "b") - _to_utc(a, "a")
        return max(elapsed, timedelta(0))


# --- policies ---------------------------------------------------------------------------

CalendarKind = Literal["working", "wallclock", "office"]
Unit = Literal["hours", "minutes", "working_days"]
CALENDAR_KINDS: tuple[str, ...] = ("working", "wallclock", "office")
UNITS: tuple[str, ...] = ("hours", "minutes", "working_days")


class Policy(NamedTuple):
    """One deadline rule: which calendar, which unit, how many units."""

    calendar: CalendarKind
    unit: Unit
    amount: int


#: Built-in defaults; the app may replace them with admin-edited policies from the DB.
DEFAULT_POLICIES: dict[str, Policy] = {
    "complaint": Policy("working", "hours", 24),  # first response by the OPD
    "triage": Policy("working", "hours", 2),  # unrouted ticket routed by an agent
    "ppid": Policy("working", "working_days", 10),  # written answer to an info request
    "ppid_extension": Policy("working", "working_days", 7),  # start = original PPID due
    "emergency": Policy("wallclock", "minutes", 5),  # acknowledged by the 112 desk
    "resolution": Policy("working", "working_days", 3),  # default per-category target
    "objection": Policy("working", "working_days", 30),  # keberatan answered
}


@lru_cache(maxsize=1)
def default_calendar() -> WorkingCalendar:
    """Return the shared default calendar: WIB, with :data:`DEFAULT_CLOSURES` applied."""
    return WorkingCalendar(DEFAULT_TZ, closures=DEFAULT_CLOSURES)


def calendar_for(kind: str, base: WorkingCalendar | None = None) -> Calendar:
    """Return the calendar of ``kind`` built on ``base`` (default :func:`default_calendar`).

    ``base`` supplies the zone and the working days; ``kind`` decides the hours:
    ``"working"`` = whole working days, ``"office"`` = ``base.office_hours`` or
    :data:`DEFAULT_OFFICE_HOURS`, ``"wallclock"`` = 24/7 in ``base``'s zone.
    Raises ``ValueError`` for an unknown kind.
    """
    cal = base if base is not None else default_calendar()
    if kind == "working":
        return cal if cal.office_hours is None else cal.with_office_hours(None)
    if kind == "office":
        return cal if cal.office_hours is not None else cal.with_office_hours(DEFAULT_OFFICE_HOURS)
    if kind == "wallclock":
        return WallClockCalendar(cal.tz.key)
    raise ValueError(f"unknown calendar kind {kind!r}; expected one of {CALENDAR_KINDS}")


def due_for(spec: Policy, start: datetime, calendar: WorkingCalendar | None = None) -> datetime:
    """Return the due time of ``spec`` for a clock started at ``start``.

    ``"hours"``/``"minutes"`` use :meth:`Calendar.add_working_time`; ``"working_days"``
    uses :meth:`Calendar.end_of_nth_working_day`.  Raises ``ValueError`` for a naive
    ``start``, an unknown kind/unit, or an amount that is not a positive integer.
    """
    amount = spec.amount
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 1:
        raise ValueError(f"policy amount must be a positive integer, got {amount!r}")
    cal = calendar_for(spec.calendar, calendar)
    if spec.unit == "working_days":
        return cal.end_of_nth_working_day(start, amount)
    if spec.unit == "hours":
        return cal.add_working_time(start, timedelta(hours=amount))
    if spec.unit == "minutes":
        return cal.add_working_time(start, timedelta(minutes=amount))
    raise ValueError(f"unknown unit {spec.unit!r}; expected one of {UNITS}")


def due(
    policy: str,
    start: datetime,
    calendar: WorkingCalendar | None = None,
    *,
    policies: Mapping[str, Policy] | None = None,
) -> datetime:
    """Return the due time of the named ``policy`` for a clock started at ``start``.

    ``policies`` defaults to :data:`DEFAULT_POLICIES`; ``calendar`` (default
    :func:`default_calendar`) supplies the zone, closures and openings.  The result is
    aware, in the calendar's zone.  Raises ``ValueError`` for an unknown policy name, a
    naive ``start`` or an invalid policy.
    """
    table = DEFAULT_POLICIES if policies is None else policies
    try:
        spec = table[policy]
    except KeyError:
        known = ", ".join(sorted(table))
        raise ValueError(f"unknown SLA policy {policy!r}; known: {known}") from None
    return due_for(spec, start, calendar)
