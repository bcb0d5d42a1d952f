"""An officer who sent progress (or asked, or resolved) without first tapping "Terima &
tangani" handled the report (its status said "Ditangani") but it stayed without an
officer: the per-officer report counted it under "(belum diterima petugas)" and not for
the officer who did the work. Acting on an unassigned report takes it; someone already
holding it keeps it."""

from __future__ import annotations

from datetime import date

import pytest

from aduan import timefmt
from aduan.extensions import db
from inbox.reports import figures
from inbox.reports.period import bounds
from sla import clocks
from tests import factories
from ticketing import actions
from ticketing.models import utcnow

AGENT = actions.Actor("agent", None, "Agen")


def routed(opd: str = "DSDABM"):
    ticket = factories.ticket(status="triage", opd=None, created=utcnow())
    clocks.start(ticket, utcnow())
    actions.route(ticket, AGENT, opd)
    return ticket


@pytest.mark.parametrize(
    "act",
    [
        lambda t, a: actions.progress(t, a, "Petugas menuju lokasi"),
        lambda t, a: actions.ask_citizen(t, a, "Nomor rumah berapa?"),
        lambda t, a: actions.resolve(t, a, "Sudah ditambal"),
    ],
    ids=["progress", "ask", "resolve"],
)
def test_an_officer_acting_on_an_unassigned_report_takes_it(app, act):
    officer = factories.officer("Andi", opd="DSDABM")
    ticket = routed()
    act(ticket, actions.Actor.officer(officer, None))
    db.session.commit()
    db.session.refresh(ticket)
    assert ticket.assigned_officer_id == officer.id
    today = timefmt.local(utcnow()).date()  # the desk's day: UTC's is a day behind at 17:00
    f = figures.Filters(*bounds(date(today.year, 1, 1), today))
    rows = {r["key"]: r["tickets"] for r in figures.summary("officer", f, utcnow())}
    assert rows == {str(officer.id): 1}


def test_progress_by_a_colleague_leaves_the_report_with_who_accepted_it(app):
    first = factories.officer("Andi", opd="DSDABM")
    second = factories.officer("Budi", opd="DSDABM")
    ticket = routed()
    actions.accept(ticket, actions.Actor.officer(first, None))
    actions.progress(ticket, actions.Actor.officer(second, None), "Tim kedua membantu")
    db.session.commit()
    db.session.refresh(ticket)
    assert ticket.assigned_officer_id == first.id


def test_an_agents_progress_assigns_no_officer(app):
    ticket = routed()
    actions.progress(ticket, AGENT, "Sudah kami teruskan")
    db.session.commit()
    db.session.refresh(ticket)
    assert ticket.assigned_officer_id is None
