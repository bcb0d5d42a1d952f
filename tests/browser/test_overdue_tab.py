"""At the end of a shift a supervisor asks which open tickets are past their deadline:
the inbox's "Lewat batas" tab lists exactly those (a ticket waiting for the citizen's
answer has its clock paused and is not late), with its count."""

from __future__ import annotations

from datetime import timedelta

from aduan.extensions import db
from sla import clocks
from tests import factories
from ticketing.models import utcnow


def test_the_overdue_tab_lists_the_tickets_past_their_deadline(page, login):
    now = utcnow()
    late = factories.ticket(created=now - timedelta(days=6), summary="Got mampet lama")
    fresh = factories.ticket(created=now, summary="Lampu PJU mati")
    waiting = factories.ticket(created=now - timedelta(days=6), summary="Pohon tumbang")
    for ticket in (late, fresh, waiting):
        clocks.start(ticket, ticket.created_at)
    waiting.status = "waiting"
    db.session.commit()
    login("supervisor")
    page.goto("/inbox")
    tab = page.locator("[data-tab=overdue]")
    assert tab.inner_text().split() == ["Lewat", "batas", "1"]
    with page.expect_navigation():
        tab.click()
    rows = page.locator("#queue tr[data-number]")
    assert rows.evaluate_all("rows => rows.map(r => r.dataset.number)") == [late.number]
    assert "lewat" in rows.first.inner_text()
    page.goto("/lang/en")
    page.goto("/inbox")
    assert page.locator("[data-tab=overdue]").inner_text().split() == ["Overdue", "1"]
