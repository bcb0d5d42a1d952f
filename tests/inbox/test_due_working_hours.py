"""A clock counted in working hours (a complaint's 24, triage's 2) shows the working time
left, not the wall clock to its due time: received Friday 15:00, due Monday 15:00, it
reads "sisa 15 jam kerja" on Saturday, not "sisa 2 hari" (docs/sla.md). An emergency's
minutes run on the wall clock and read as before."""

from __future__ import annotations

from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from flask_babel import force_locale

from aduan.extensions import db
from inbox.filters import RowWords, due_in
from sla.calendar import due as policy_due
from sla.calendars import desk_calendar
from tests import factories
from tests.inbox.helpers import login, make_user
from tests.inbox.test_officer_ppid_extend import _routed
from ticketing.models import utcnow

WIB = ZoneInfo("Asia/Jakarta")
FRIDAY = datetime(2026, 3, 6, 15, 0, tzinfo=WIB)  # docs/sla.md's worked example
SATURDAY = datetime(2026, 3, 7, 10, 0, tzinfo=WIB)


def test_a_working_hour_deadline_counts_the_working_hours_left(app):
    due = policy_due("complaint", FRIDAY)
    assert due == datetime(2026, 3, 9, 15, 0, tzinfo=WIB)
    with app.test_request_context():
        assert due_in(due, FRIDAY, "working") == "sisa 24 jam kerja"
        assert due_in(due, SATURDAY, "working") == "sisa 15 jam kerja"
        monday = datetime(2026, 3, 9, 13, 50, tzinfo=WIB)
        assert due_in(due, monday, "working") == "sisa 1 jam 10 menit kerja"
        assert due_in(due, due - timedelta(minutes=30), "working") == "sisa 30 menit kerja"
        assert due_in(due, due + timedelta(hours=3), "working") == "lewat 3 jam"
        with force_locale("en"):
            assert due_in(due, SATURDAY, "working") == "15 working hours left"
        assert due_in(due, SATURDAY) == "sisa 2 hari"  # the wall clock, for a 24/7 clock


def test_queue_rows_count_working_hours_and_an_emergency_its_minutes(app):
    due = policy_due("complaint", FRIDAY)
    row = SimpleNamespace(
        kind="complaint", status="routed", first_responded_at=None, first_response_due_at=due
    )
    alarm = SimpleNamespace(
        kind="emergency",
        status="routed",
        first_responded_at=None,
        first_response_due_at=SATURDAY + timedelta(minutes=4),
    )
    with app.test_request_context():
        words = RowWords()
        words.now = SATURDAY
        assert words.due(row) == "sisa 15 jam kerja"
        assert words.due(alarm) == "sisa 4 menit"


def _expected(due: datetime) -> tuple[str, str]:
    """The page's words, computed a moment later (an hour may have turned meanwhile)."""
    hours = int(desk_calendar().working_time_between(utcnow(), due).total_seconds() // 3600)
    return f"sisa {hours} jam kerja", f"sisa {hours + 1} jam kerja"


def test_the_ticket_page_and_the_officer_page_count_working_hours(client, app):
    ticket, _officer, token = _routed("complaint", "DSDABM")
    due = utcnow() + timedelta(days=10)  # a long way: weekends lie between, whatever today
    ticket.first_response_due_at = due
    db.session.commit()
    page = client.get(f"/o/{token}").get_data(as_text=True)
    assert "jam kerja" in page and "sisa 10 hari" not in page and "sisa 9 hari" not in page
    assert any(words in page for words in _expected(due))
    login(client, make_user("agent", email="due-hours@example.org"))
    page = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    assert "jam kerja" in page and "sisa 10 hari" not in page and "sisa 9 hari" not in page


def test_an_emergency_page_counts_the_wall_clock(client, app):
    ticket = factories.ticket(kind="emergency", created=utcnow())
    ticket.first_response_due_at = utcnow() + timedelta(minutes=4, seconds=30)
    db.session.commit()
    login(client, make_user("agent", email="due-alarm@example.org"))
    page = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    assert "sisa 4 menit" in page and "menit kerja" not in page
