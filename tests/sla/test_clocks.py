"""Ticket clocks with `now` injected: weekends, holidays, pauses, extensions, versions."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from aduan.extensions import db
from sla import clocks, policies
from sla.models import CalendarOverride
from tests import factories

WIB = ZoneInfo("Asia/Jakarta")


def wib(*args: int) -> datetime:
    return datetime(*args, tzinfo=WIB)


def start(kind: str = "complaint", at: datetime | None = None, status: str = "routed"):
    ticket = factories.ticket(kind=kind, status=status, created=at)
    clocks.start(ticket, at)
    db.session.commit()
    return ticket


def due(ticket, kind: str) -> datetime:
    return clocks.get(ticket, kind).due_at.astimezone(WIB)


def test_friday_afternoon_complaint_is_due_monday_afternoon(app):
    ticket = start(at=wib(2026, 11, 27, 15, 0))
    assert due(ticket, "first_response") == wib(2026, 11, 30, 15, 0)
    assert due(ticket, "resolution") == wib(2026, 12, 2, 23, 59, 59)
    assert ticket.first_response_due_at.astimezone(WIB) == wib(2026, 11, 30, 15, 0)


def test_idul_fitri_and_cuti_bersama_2026_close_eighteen_to_twenty_four_march(app):
    ticket = start(at=wib(2026, 3, 17, 15, 0))
    assert due(ticket, "first_response") == wib(2026, 3, 25, 15, 0)


def test_christmas_and_cuti_bersama_push_the_deadline_past_the_weekend(app):
    ticket = start(at=wib(2026, 12, 23, 15, 0))
    assert due(ticket, "first_response") == wib(2026, 12, 28, 15, 0)


def test_new_year_2027_is_not_a_working_day(app):
    ticket = start(at=wib(2026, 12, 31, 10, 0))
    assert due(ticket, "first_response") == wib(2027, 1, 4, 10, 0)


def test_pause_across_christmas_moves_the_deadline_by_the_paused_working_time(app):
    ticket = start(at=wib(2026, 12, 23, 9, 0))
    assert due(ticket, "first_response") == wib(2026, 12, 28, 9, 0)
    clocks.pause(ticket, wib(2026, 12, 23, 15, 0))  # 6 working hours used
    assert clocks.get(ticket, "first_response").status == "paused"
    clocks.resume(ticket, wib(2026, 12, 28, 10, 0))  # 18 working hours left
    assert due(ticket, "first_response") == wib(2026, 12, 29, 4, 0)


def test_a_met_clock_stops(app):
    ticket = start(at=wib(2026, 11, 27, 15, 0))
    clock = clocks.meet(ticket, "first_response", wib(2026, 11, 30, 9, 0))
    assert clock.status == "met" and clock.next_step_at is None
    assert clocks.meet(ticket, "first_response", wib(2026, 11, 30, 10, 0)) is None


def test_ppid_answer_is_due_at_the_end_of_the_tenth_working_day(app):
    ticket = start(kind="info_request", at=wib(2026, 11, 26, 10, 0))
    assert due(ticket, "ppid") == wib(2026, 12, 10, 23, 59, 59)


def test_ppid_extension_adds_seven_working_days_once_and_needs_a_reason(app):
    ticket = start(kind="info_request", at=wib(2026, 11, 26, 10, 0))
    with pytest.raises(ValueError, match="reason"):
        clocks.extend(ticket, "  ", wib(2026, 12, 9, 9, 0))
    clocks.extend(ticket, "Dokumen masih dikumpulkan dari tiga OPD", wib(2026, 12, 9, 9, 0))
    assert due(ticket, "ppid") == wib(2026, 12, 21, 23, 59, 59)
    with pytest.raises(ValueError, match="once"):
        clocks.extend(ticket, "lagi", wib(2026, 12, 15, 9, 0))


def test_emergency_is_acknowledged_within_five_minutes_even_on_sunday_night(app):
    ticket = start(kind="emergency", at=wib(2026, 11, 29, 23, 58))
    assert due(ticket, "emergency_ack") == wib(2026, 11, 30, 0, 3)


def test_triage_clock_runs_while_the_ticket_waits_for_an_agent(app):
    ticket = start(at=wib(2026, 11, 30, 10, 0), status="triage")
    assert due(ticket, "triage") == wib(2026, 11, 30, 12, 0)
    assert ticket.first_response_due_at.astimezone(WIB) == wib(2026, 11, 30, 12, 0)


def test_an_admin_closure_is_not_a_working_day(app):
    from sla.calendars import forget

    db.session.add(
        CalendarOverride(
            day=datetime(2026, 11, 30).date(), kind="closed", reason="Banjir, kantor tutup"
        )
    )
    db.session.commit()
    forget()
    try:
        ticket = start(at=wib(2026, 11, 27, 15, 0))
        assert due(ticket, "first_response") == wib(2026, 12, 1, 15, 0)
    finally:
        forget()


def test_a_ticket_keeps_the_policy_version_it_started_with(app):
    first = start(at=wib(2026, 11, 27, 15, 0))
    policies.new_version(
        "complaint", amount=8, unit="hours", calendar="working", ladder=policies.STANDARD_LADDER
    )
    db.session.commit()
    second = start(at=wib(2026, 11, 27, 15, 0))
    assert clocks.get(first, "first_response").policy.version == 1
    assert clocks.get(second, "first_response").policy.version == 2
    assert due(first, "first_response") == wib(2026, 11, 30, 15, 0)
    assert due(second, "first_response") == wib(2026, 11, 27, 23, 0)


def test_a_bad_policy_edit_is_refused(app):
    with pytest.raises(ValueError):
        policies.new_version("complaint", amount=0, unit="hours", calendar="working", ladder=[])
    with pytest.raises(ValueError):
        policies.new_version(
            "complaint",
            amount=5,
            unit="hours",
            calendar="working",
            ladder=[{"at": 1.5, "action": "breach"}],
        )


def test_a_clock_met_while_paused_counts_only_its_own_time(app):
    """An officer asked the citizen something, no answer came, and the officer resolved
    it anyway (the officer page's 'Selesaikan' while waiting): the deadline had not moved
    by the wait, so a report resolved with time to spare counted as late."""
    ticket = start(at=wib(2026, 11, 30, 9, 0))  # Monday; resolution due Thursday's end
    assert due(ticket, "resolution") == wib(2026, 12, 3, 23, 59, 59)
    clocks.pause(ticket, wib(2026, 11, 30, 10, 0))  # asked after an hour
    clock = clocks.meet(ticket, "resolution", wib(2026, 12, 7, 10, 0))  # next Monday
    assert clock.met_at <= clock.due_at
    assert clock.paused_at is None
