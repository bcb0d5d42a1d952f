"""A clock counted in working days (PPID's 10, an objection's 30, a resolution's 3) shows
what is left in working days, as `aduan sla due` counts them: "sisa 10 hari kerja" on
the day a PPID request arrives, not "sisa 14 hari" of calendar days to the same deadline."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from flask_babel import force_locale

from inbox.filters import RowWords, due_in
from sla.calendar import due as policy_due
from tests.inbox.test_officer_ppid_extend import _routed

WIB = ZoneInfo("Asia/Jakarta")
MONDAY = datetime(2026, 12, 7, 9, 0, tzinfo=WIB)


def test_a_working_day_deadline_counts_working_days(app):
    ppid_due = policy_due("ppid", MONDAY)  # Monday 21 December, 23:59:59
    assert ppid_due.date().isoformat() == "2026-12-21"
    with app.test_request_context():
        assert due_in(ppid_due, MONDAY) == "sisa 10 hari kerja"
        friday = datetime(2026, 12, 11, 16, 0, tzinfo=WIB)
        assert due_in(ppid_due, friday) == "sisa 6 hari kerja"
        saturday = datetime(2026, 12, 12, 8, 0, tzinfo=WIB)
        assert due_in(ppid_due, saturday) == "sisa 6 hari kerja"
        # the last day: the hours left
        assert due_in(ppid_due, datetime(2026, 12, 21, 10, 0, tzinfo=WIB)) == "sisa 13 jam"
        assert due_in(ppid_due, datetime(2026, 12, 23, 10, 0, tzinfo=WIB)) == "lewat 2 hari kerja"
        with force_locale("en"):
            assert due_in(ppid_due, MONDAY) == "10 working days left"


def test_an_hour_clock_still_counts_time(app):
    first_response = policy_due("complaint", MONDAY)  # Tuesday 09:00
    with app.test_request_context():
        assert due_in(first_response, MONDAY) == "sisa 24 jam"


def test_queue_rows_count_working_days(app):
    ppid_due = policy_due("ppid", MONDAY)
    row = SimpleNamespace(status="routed", first_responded_at=None, first_response_due_at=ppid_due)
    with app.test_request_context():
        words = RowWords()
        words.now = MONDAY
        assert words.due(row) == "sisa 10 hari kerja"


def test_the_ppid_officer_page_counts_working_days(client, app):
    ticket, _officer, token = _routed("info_request", "PPID")
    page = client.get(f"/o/{token}").get_data(as_text=True)
    assert "sisa 10 hari kerja" in page
    assert "sisa 13 hari" not in page and "sisa 14 hari" not in page
