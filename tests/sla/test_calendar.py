"""Behaviour of the SLA working-time calendars and the default due-time table.

Every start instant is injected; nothing reads the real clock.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from sla.calendar import (
    DEFAULT_CLOSURES,
    DEFAULT_POLICIES,
    Policy,
    WallClockCalendar,
    WorkingCalendar,
    calendar_for,
    default_calendar,
    due,
    due_for,
)

WIB = ZoneInfo("Asia/Jakarta")
H24 = timedelta(hours=24)
OFFICE = (time(8), time(16))


def wib(y: int, m: int, d: int, hh: int = 0, mm: int = 0, ss: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, ss, tzinfo=WIB)


@pytest.fixture(scope="module")
def cal() -> WorkingCalendar:
    return WorkingCalendar()


# --- the two examples from the issue -----------------------------------------------------


def test_friday_afternoon_complaint_is_due_monday_afternoon(cal: WorkingCalendar) -> None:
    assert cal.add_working_time(wib(2026, 3, 6, 15), H24) == wib(2026, 3, 9, 15)


def test_complaint_before_nyepi_and_idul_fitri_is_due_wednesday_25_march(
    cal: WorkingCalendar,
) -> None:
    result = cal.add_working_time(wib(2026, 3, 17, 15), H24)
    assert result == wib(2026, 3, 25, 15)
    assert result.tzinfo == WIB


# --- what the holidays package must provide ----------------------------------------------


def test_every_day_from_18_to_24_march_2026_is_closed(cal: WorkingCalendar) -> None:
    closed = [date(2026, 3, day) for day in range(18, 25)]
    assert not any(cal.is_working_day(d) for d in closed)
    assert cal.is_working_day(date(2026, 3, 17))
    assert cal.is_working_day(date(2026, 3, 25))


# SKB Menag/Menaker/MenPANRB No. 1497/2025, 2/2025, 5/2025: 17 holidays + 8 cuti bersama.
SKB_2026_HOLIDAYS = [
    (1, 1), (1, 16), (2, 17), (3, 19), (3, 21), (3, 22), (4, 3), (4, 5), (5, 1),
    (5, 14), (5, 27), (5, 31), (6, 1), (6, 16), (8, 17), (8, 25), (12, 25),
]  # fmt: skip
SKB_2026_CUTI_BERSAMA = [(2, 16), (3, 18), (3, 20), (3, 23), (3, 24), (5, 15), (5, 28), (12, 24)]


@pytest.mark.parametrize(("month", "day"), SKB_2026_HOLIDAYS + SKB_2026_CUTI_BERSAMA)
def test_every_2026_skb_day_is_a_holiday_in_the_package(
    cal: WorkingCalendar, month: int, day: int
) -> None:
    d = date(2026, month, day)
    assert cal.holiday_name(d) is not None
    assert not cal.is_working_day(d)


def test_cuti_bersama_is_named_as_such(cal: WorkingCalendar) -> None:
    assert "Cuti Bersama" in (cal.holiday_name(date(2026, 3, 20)) or "")
    assert cal.holiday_name(date(2026, 3, 25)) is None


def test_no_default_closures_are_needed_for_2026() -> None:
    assert isinstance(DEFAULT_CLOSURES, dict)
    assert not [d for d in DEFAULT_CLOSURES if d.year == 2026]


# --- weekends, holidays, Christmas and New Year ------------------------------------------


def test_weekend_days_are_closed_and_weekdays_open(cal: WorkingCalendar) -> None:
    assert cal.is_working_day(date(2026, 3, 6))  # Friday
    assert not cal.is_working_day(date(2026, 3, 7))  # Saturday
    assert not cal.is_working_day(date(2026, 3, 8))  # Sunday
    assert cal.is_working_day(date(2026, 3, 9))  # Monday


def test_christmas_2026_complaint_is_due_after_the_weekend(cal: WorkingCalendar) -> None:
    # 24 Dec cuti bersama, 25 Dec Christmas, 26-27 weekend.
    assert cal.add_working_time(wib(2026, 12, 23, 15), H24) == wib(2026, 12, 28, 15)


def test_new_years_eve_complaint_is_due_monday_4_january_2027(cal: WorkingCalendar) -> None:
    assert not cal.is_working_day(date(2027, 1, 1))
    assert cal.add_working_time(wib(2026, 12, 31, 15), H24) == wib(2027, 1, 4, 15)


def test_ppid_request_before_christmas_skips_christmas_new_year_and_isra_miraj() -> None:
    # 23,28,29,30,31 Dec + 4,6,7,8,11 Jan; 5 Jan 2027 is Isra Mi'raj.
    assert due("ppid", wib(2026, 12, 22, 10)) == wib(2027, 1, 11, 23, 59, 59)


# --- starting inside a closed day --------------------------------------------------------


def test_start_on_saturday_counts_from_monday_midnight(cal: WorkingCalendar) -> None:
    assert cal.add_working_time(wib(2026, 3, 7, 10), timedelta(hours=2)) == wib(2026, 3, 9, 2)
    # 24 h that end exactly at Monday 24:00 are reported as Tuesday 00:00.
    assert cal.add_working_time(wib(2026, 3, 7, 10), H24) == wib(2026, 3, 10)


def test_start_on_idul_fitri_counts_from_the_next_working_day(cal: WorkingCalendar) -> None:
    assert cal.add_working_time(wib(2026, 3, 21, 9), timedelta(hours=2)) == wib(2026, 3, 25, 2)


def test_zero_delta_on_closed_day_moves_to_next_opening(cal: WorkingCalendar) -> None:
    assert cal.add_working_time(wib(2026, 3, 8, 12), timedelta(0)) == wib(2026, 3, 9)
    assert cal.add_working_time(wib(2026, 3, 9, 12), timedelta(0)) == wib(2026, 3, 9, 12)


# --- N working days ----------------------------------------------------------------------


def test_day_of_receipt_never_counts_even_when_it_is_a_working_day(
    cal: WorkingCalendar,
) -> None:
    assert cal.end_of_nth_working_day(wib(2026, 3, 9, 0, 0, 1), 1) == wib(2026, 3, 10, 23, 59, 59)


def test_working_days_counted_from_a_saturday_start_at_monday(cal: WorkingCalendar) -> None:
    assert cal.end_of_nth_working_day(wib(2026, 3, 7, 10), 1) == wib(2026, 3, 9, 23, 59, 59)


def test_ppid_request_on_thursday_before_good_friday_weekend() -> None:
    # Received Thu 2 Apr 2026; 3 Apr Good Friday, 4-5 Apr weekend/Easter.
    assert due("ppid", wib(2026, 4, 2, 10)) == wib(2026, 4, 17, 23, 59, 59)


def test_ppid_extension_counts_seven_working_days_after_original_due() -> None:
    original = due("ppid", wib(2026, 4, 2, 10))
    assert due("ppid_extension", original) == wib(2026, 4, 28, 23, 59, 59)


def test_nth_working_day_rejects_zero(cal: WorkingCalendar) -> None:
    with pytest.raises(ValueError):
        cal.end_of_nth_working_day(wib(2026, 3, 9), 0)


# --- office hours ------------------------------------------------------------------------


def test_office_hours_friday_afternoon_triage_is_due_monday_morning() -> None:
    office = WorkingCalendar(office_hours=OFFICE)
    assert office.add_working_time(wib(2026, 3, 6, 15), timedelta(hours=2)) == wib(2026, 3, 9, 9)


def test_office_hours_start_before_opening_or_after_closing() -> None:
    office = WorkingCalendar(office_hours=OFFICE)
    assert office.add_working_time(wib(2026, 3, 9, 7), timedelta(hours=1)) == wib(2026, 3, 9, 9)
    assert office.add_working_time(wib(2026, 3, 9, 17), timedelta(hours=1)) == wib(2026, 3, 10, 9)
    assert office.add_working_time(wib(2026, 3, 9, 16), timedelta(0)) == wib(2026, 3, 10, 8)


def test_office_hours_24_hours_take_three_office_days() -> None:
    office = WorkingCalendar(office_hours=OFFICE)
    assert office.add_working_time(wib(2026, 3, 9, 8), H24) == wib(2026, 3, 11, 16)
    assert office.working_time_between(wib(2026, 3, 9, 7), wib(2026, 3, 9, 20)) == timedelta(
        hours=8
    )


def test_office_policy_kind_uses_default_office_hours() -> None:
    assert due_for(Policy("office", "hours", 2), wib(2026, 3, 6, 15)) == wib(2026, 3, 9, 9)


def test_working_policy_kind_ignores_office_hours_of_the_given_calendar() -> None:
    office = WorkingCalendar(office_hours=OFFICE)
    assert due("complaint", wib(2026, 3, 6, 15), office) == wib(2026, 3, 9, 15)
    assert calendar_for("office", office) is office


@pytest.mark.parametrize("hours", [(time(16), time(8)), (time(8), time(8))])
def test_office_hours_must_open_before_closing(hours: tuple[time, time]) -> None:
    with pytest.raises(ValueError):
        WorkingCalendar(office_hours=hours)


# --- admin closures and openings ---------------------------------------------------------


def test_admin_closure_on_monday_pushes_friday_complaint_to_tuesday() -> None:
    closed = WorkingCalendar(closures=[date(2026, 3, 9)])
    assert not closed.is_working_day(date(2026, 3, 9))
    assert closed.add_working_time(wib(2026, 3, 6, 15), H24) == wib(2026, 3, 10, 15)


def test_admin_opening_reopens_a_cuti_bersama_day() -> None:
    opened = WorkingCalendar(openings=[date(2026, 3, 20)])
    assert opened.is_working_day(date(2026, 3, 20))
    assert opened.add_working_time(wib(2026, 3, 17, 15), H24) == wib(2026, 3, 20, 15)


def test_admin_opening_can_open_a_saturday_and_wins_over_a_closure() -> None:
    saturday = date(2026, 3, 7)
    opened = WorkingCalendar(closures=[saturday], openings=[saturday])
    assert opened.is_working_day(saturday)
    assert opened.add_working_time(wib(2026, 3, 6, 15), H24) == wib(2026, 3, 7, 15)


def test_closures_must_be_dates_not_datetimes() -> None:
    with pytest.raises(TypeError):
        WorkingCalendar(closures=[wib(2026, 3, 9)])


def test_due_uses_the_given_calendar_closures() -> None:
    closed = WorkingCalendar(closures=[date(2026, 3, 9)])
    assert due("complaint", wib(2026, 3, 6, 15), closed) == wib(2026, 3, 10, 15)


# --- input validation and time zones -----------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.add_working_time(datetime(2026, 3, 6, 15), H24),
        lambda c: c.end_of_nth_working_day(datetime(2026, 3, 6, 15), 1),
        lambda c: c.working_time_between(datetime(2026, 3, 6, 15), wib(2026, 3, 9)),
        lambda c: c.working_time_between(wib(2026, 3, 6), datetime(2026, 3, 9)),
    ],
)
@pytest.mark.parametrize("calendar", [WorkingCalendar(), WallClockCalendar()])
def test_naive_datetime_is_rejected(calendar, call) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        call(calendar)


def test_naive_start_is_rejected_by_due() -> None:
    with pytest.raises(ValueError):
        due("emergency", datetime(2026, 3, 6, 15))


def test_negative_delta_is_rejected(cal: WorkingCalendar) -> None:
    with pytest.raises(ValueError):
        cal.add_working_time(wib(2026, 3, 6), timedelta(hours=-1))


def test_utc_input_gives_the_same_instant_as_wib_input(cal: WorkingCalendar) -> None:
    start_utc = datetime(2026, 3, 6, 8, tzinfo=UTC)  # Friday 15:00 WIB
    result = cal.add_working_time(start_utc, H24)
    assert result == wib(2026, 3, 9, 15)
    assert result.utcoffset() == timedelta(hours=7)
    assert result.tzinfo == WIB


def test_day_of_receipt_is_the_local_wib_date_of_a_utc_start(cal: WorkingCalendar) -> None:
    # 20:00 UTC on Monday 16 March is already Tuesday 17 March 03:00 WIB.
    start = datetime(2026, 3, 16, 20, tzinfo=UTC)
    assert cal.end_of_nth_working_day(start, 1) == wib(2026, 3, 25, 23, 59, 59)


def test_non_wib_calendar_counts_real_hours_on_a_dst_day() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    # Sunday 29 March 2026 has 23 hours in Berlin; open it so that it counts.
    cal = WorkingCalendar("Europe/Berlin", openings=[date(2026, 3, 29)])
    sunday = datetime(2026, 3, 29, tzinfo=berlin)
    monday = datetime(2026, 3, 30, tzinfo=berlin)
    assert cal.working_time_between(sunday, monday) == timedelta(hours=23)
    assert cal.add_working_time(sunday, timedelta(hours=23)) == monday
    wall = WallClockCalendar("Europe/Berlin")
    assert wall.working_time_between(sunday, monday) == timedelta(hours=23)


# --- working_time_between ----------------------------------------------------------------


def test_working_time_between_friday_and_monday_skips_the_weekend(cal: WorkingCalendar) -> None:
    assert cal.working_time_between(wib(2026, 3, 6, 15), wib(2026, 3, 9, 15)) == H24


def test_working_time_between_skips_nyepi_and_idul_fitri(cal: WorkingCalendar) -> None:
    assert cal.working_time_between(wib(2026, 3, 17, 15), wib(2026, 3, 25, 15)) == H24


def test_working_time_between_is_zero_when_end_is_not_after_start(cal: WorkingCalendar) -> None:
    assert cal.working_time_between(wib(2026, 3, 9, 15), wib(2026, 3, 9, 15)) == timedelta(0)
    assert cal.working_time_between(wib(2026, 3, 9, 15), wib(2026, 3, 6, 15)) == timedelta(0)


@pytest.mark.parametrize(
    "start", [wib(2026, 3, 6, 15), wib(2026, 3, 17, 9, 30), wib(2026, 12, 23, 23), wib(2026, 3, 7)]
)
@pytest.mark.parametrize("hours", [1, 24, 80, 240])
def test_working_time_between_inverts_add_working_time(start: datetime, hours: int) -> None:
    for calendar in (WorkingCalendar(), WorkingCalendar(office_hours=OFFICE)):
        end = calendar.add_working_time(start, timedelta(hours=hours))
        assert calendar.working_time_between(start, end) == timedelta(hours=hours)


def test_paused_clock_resumed_after_a_holiday_re_adds_remaining_time(
    cal: WorkingCalendar,
) -> None:
    start = wib(2026, 3, 16, 20)  # Monday 20:00
    paused_at = wib(2026, 3, 17, 10)  # Tuesday: waiting for the citizen
    resumed_at = wib(2026, 3, 26, 10)  # citizen replied after Nyepi and Lebaran
    remaining = H24 - cal.working_time_between(start, paused_at)
    assert remaining == timedelta(hours=10)
    assert cal.add_working_time(resumed_at, remaining) == wib(2026, 3, 26, 20)


# --- wall clock --------------------------------------------------------------------------


def test_wall_clock_counts_weekends_and_holidays() -> None:
    wall = WallClockCalendar()
    assert wall.is_working_day(date(2026, 3, 21))
    assert wall.add_working_time(wib(2026, 3, 21, 10), H24) == wib(2026, 3, 22, 10)
    assert wall.working_time_between(wib(2026, 3, 20), wib(2026, 3, 25)) == timedelta(days=5)


# --- the due() table ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("policy", "start", "expected"),
    [
        ("complaint", wib(2026, 3, 6, 15), wib(2026, 3, 9, 15)),
        ("complaint", wib(2026, 3, 17, 15), wib(2026, 3, 25, 15)),
        ("triage", wib(2026, 3, 6, 23), wib(2026, 3, 9, 1)),
        ("triage", wib(2026, 3, 9, 10), wib(2026, 3, 9, 12)),
        ("ppid", wib(2026, 4, 2, 10), wib(2026, 4, 17, 23, 59, 59)),
        ("ppid_extension", wib(2026, 4, 17, 23, 59, 59), wib(2026, 4, 28, 23, 59, 59)),
        ("emergency", wib(2026, 3, 21, 23, 58), wib(2026, 3, 22, 0, 3)),
        ("resolution", wib(2026, 3, 6, 15), wib(2026, 3, 11, 23, 59, 59)),
        ("objection", wib(2026, 3, 2, 10), wib(2026, 4, 21, 23, 59, 59)),
    ],
)
def test_default_policy_due_times(policy: str, start: datetime, expected: datetime) -> None:
    result = due(policy, start)
    assert result == expected
    assert result.tzinfo == WIB


def test_every_default_policy_is_covered_and_well_formed() -> None:
    assert set(DEFAULT_POLICIES) == {
        "complaint", "triage", "ppid", "ppid_extension", "emergency", "resolution", "objection"
    }  # fmt: skip
    for spec in DEFAULT_POLICIES.values():
        assert spec.calendar in ("working", "wallclock", "office")
        assert spec.unit in ("hours", "minutes", "working_days")
        assert spec.amount > 0


def test_emergency_due_is_five_wall_clock_minutes_on_a_holiday() -> None:
    start = datetime(2026, 3, 21, 3, tzinfo=UTC)  # Idul Fitri, 10:00 WIB
    assert due("emergency", start) == wib(2026, 3, 21, 10, 5)


def test_unknown_policy_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown SLA policy"):
        due("nope", wib(2026, 3, 6))


def test_due_accepts_an_admin_edited_policy_table() -> None:
    table = {"complaint": Policy("working", "hours", 48)}
    assert due("complaint", wib(2026, 3, 6, 15), policies=table) == wib(2026, 3, 10, 15)


@pytest.mark.parametrize(
    "spec",
    [Policy("working", "hours", 0), Policy("lunar", "hours", 1), Policy("working", "weeks", 1)],  # type: ignore[arg-type]
)
def test_invalid_policy_is_rejected(spec: Policy) -> None:
    with pytest.raises(ValueError):
        due_for(spec, wib(2026, 3, 6))


def test_default_calendar_is_wib_and_shared() -> None:
    assert default_calendar() is default_calendar()
    assert default_calendar().tz == WIB


# --- efficiency --------------------------------------------------------------------------


class CountingCalendar(WorkingCalendar):
    calls = 0

    def is_working_day(self, d: date) -> bool:
        type(self).calls += 1
        return super().is_working_day(d)


def test_long_spans_step_by_day_not_by_minute() -> None:
    counting = CountingCalendar()
    counting.add_working_time(wib(2026, 3, 17, 15), timedelta(hours=240))
    counting.working_time_between(wib(2026, 3, 1), wib(2026, 4, 1))
    counting.end_of_nth_working_day(wib(2026, 3, 2), 30)
    assert CountingCalendar.calls < 20 + 32 + 60
