"""Queue rows are rendered once a minute and shared by the agents' pages
(inbox/filters.py:ROWS_KEPT): whatever a row shows must still follow every change at
once (status, assignee, unit, unread mark, language, calendar), and its countdown
the minute."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from flask_babel import force_locale

from aduan.extensions import db
from inbox import filters
from inbox.filters import RowWords
from sla import calendars
from sla.models import CalendarOverride
from tests import factories
from tests.inbox.helpers import login, make_user
from ticketing import queue
from ticketing.models import utcnow


def _row(html: str, number: str) -> str:
    return html.split(f'data-number="{number}"')[1].split("</tr>")[0]


def _rows(app, unread=()):  # type: ignore[no-untyped-def]
    with app.test_request_context("/inbox"):
        page = queue.page(queue.tab_query("open"), "urgent")
        return str(RowWords().rows(page.tickets, set(unread))), page.tickets


def test_a_cached_row_follows_every_change_of_its_ticket(client, app):
    item = factories.ticket(created=utcnow(), opd="DLH")
    db.session.commit()
    agent = make_user()
    login(client, agent)
    first = _row(client.get("/inbox?view=open").get_data(as_text=True), item.number)
    again = _row(client.get("/inbox?view=open").get_data(as_text=True), item.number)
    assert again == first and len(filters._rendered) >= 1  # served from the cache
    item.status, item.assignee_id, item.opd_code = "in_progress", agent.id, "DSDABM"
    db.session.commit()
    changed = _row(client.get("/inbox?view=open").get_data(as_text=True), item.number)
    assert "status-in_progress" in changed and "status-routed" not in changed
    assert "<td>DSDABM</td>" in changed and "<td>DLH</td>" not in changed
    assert f"<td>{agent.name}</td>" in changed


def test_the_unread_mark_and_the_language_are_part_of_a_row(app):
    item = factories.ticket(created=utcnow(), opd="DLH")
    db.session.commit()
    plain, rows = _rows(app)
    marked, _rows_again = _rows(app, unread=[rows[0].id])
    assert 'class="dot"' in _row(marked, item.number)
    assert 'class="dot"' not in _row(plain, item.number)
    with force_locale("en"):
        english, _ = _rows(app)
    assert english != plain


def test_the_countdown_moves_with_a_calendar_edit_and_the_minute(app):
    # A fixed Wednesday 10:00 WIB: at the real time, days off could leave no working
    # time between two instants (after midnight WIB, both read "sisa 20 menit kerja").
    now = datetime(2026, 12, 9, 3, 0, tzinfo=UTC)
    item = factories.ticket(created=utcnow(), opd="DLH")
    item.first_response_due_at = now + timedelta(days=3)
    db.session.commit()
    with app.test_request_context("/inbox"):
        page = queue.page(queue.tab_query("open"), "urgent")
        words = RowWords()
        words.now = now
        first = _row(str(words.rows(page.tickets, set())), item.number)
        # days off added by an admin (Thursday, Friday): the same minute, a new countdown
        for n in range(1, 4):
            db.session.add(
                CalendarOverride(day=(now + timedelta(days=n)).date(), kind="closed", reason="cuti")
            )
        db.session.commit()
        calendars.forget()
        edited = RowWords()
        edited.now = now
        shorter = _row(str(edited.rows(page.tickets, set())), item.number)
        # "sisa 14 jam kerja": the days off leave only Wednesday's hours
        assert shorter != first and re.search(r"sisa \d+ (jam|menit)[\w ]* kerja", shorter)
        later = RowWords()
        later.now = now + timedelta(hours=2)  # another minute: counted again
        assert _row(str(later.rows(page.tickets, set())), item.number) != shorter
