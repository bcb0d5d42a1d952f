"""The report facts PostgreSQL keeps on each ticket (ticketing/models/reporting.py):
the working seconds to first response and resolution and the promise clock's copy,
kept right through resolve, reopen, re-route, a kind change and a calendar change, and
equal to what the reports compute per query (SQLite's way)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from aduan.extensions import db
from inbox.reports import calendar, population
from sla import calendars, clocks
from sla.models import CalendarOverride
from tests import factories
from tests.inbox.test_reports import NOW, PERIOD, WIB, tickets, wib  # noqa: F401
from ticketing import actions
from ticketing.models import Ticket

AGENT = actions.Actor("agent", None, "Agen")


@pytest.fixture
def pg(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the facts are kept by PostgreSQL triggers; SQLite computes per query")
    return app


def facts(ticket: Ticket) -> tuple:
    db.session.flush()
    db.session.expire(ticket)
    return (
        ticket.work_first_response_s,
        ticket.work_resolution_s,
        ticket.promise_status,
        ticket.promise_due_at,
        ticket.promise_met_at,
    )


def working(a: datetime, b: datetime) -> float:
    return calendars.desk_calendar().working_time_between(a, b).total_seconds()


@pytest.mark.parametrize("dim", ["opd", "kecamatan", "kind", "week", "agent"])
def test_stored_facts_equal_the_computed_columns(pg, tickets, dim):  # noqa: F811
    cal = calendar.ensure(NOW.date())
    order = ("id",)
    stored = population.stored_base(dim, PERIOD, NOW, cal)
    computed = population.computed_base(dim, PERIOD, NOW, cal)
    got = db.session.execute(select(stored).order_by(*(stored.c[k] for k in order))).all()
    want = db.session.execute(select(computed).order_by(*(computed.c[k] for k in order))).all()
    assert got == want and len(got) == 6


def test_resolve_reopen_and_reroute_keep_the_facts_right(pg):
    calendar.ensure(NOW.date())
    created = wib(2, 9)  # Monday
    ticket = factories.ticket(created=created, opd="DLH")
    clocks.start(ticket, created)
    db.session.commit()
    assert facts(ticket)[:3] == (None, None, "running")
    due = ticket.promise_due_at
    dlh = actions.Actor.officer(factories.officer("Dewi", opd="DLH"), None)
    actions.resolve(ticket, dlh, "sudah diperbaiki", now=wib(3, 10))  # DLH's own answer
    db.session.commit()
    day = working(created, wib(3, 10))
    assert facts(ticket) == (day, day, "met", due, wib(3, 10))
    actions.reopen(ticket, AGENT, "belum beres", now=wib(4, 9))
    db.session.commit()
    assert facts(ticket)[:3] == (day, None, "met")  # the first response stays
    actions.route(ticket, AGENT, "DSDABM", now=wib(4, 10))  # re-routed: same clock, same facts
    db.session.commit()
    assert facts(ticket)[:3] == (day, None, "met")
    actions.resolve(ticket, AGENT, "selesai", now=wib(5, 15))
    db.session.commit()
    assert facts(ticket)[:2] == (day, working(created, wib(5, 15)))


def test_an_agent_resolving_over_the_opds_head_stores_no_first_response(pg):
    """Past DLH's deadline the agent's resolution meets its clock late (the miss is
    counted), but it is not DLH's first response: no working seconds to one."""
    calendar.ensure(NOW.date())
    created = wib(2, 9)  # Monday
    ticket = factories.ticket(created=created, opd="DLH")
    clocks.start(ticket, created)
    db.session.commit()
    due = ticket.promise_due_at
    actions.resolve(ticket, AGENT, "sudah diperbaiki", now=wib(3, 10))
    db.session.commit()
    day = working(created, wib(3, 10))
    assert facts(ticket) == (None, day, "met", due, wib(3, 10))


def test_a_kind_change_copies_the_new_kinds_promise_clock(pg):
    calendar.ensure(NOW.date())
    ticket = factories.ticket(created=wib(2, 9), opd="DLH")
    clocks.start(ticket, wib(2, 9))
    db.session.commit()
    ticket.kind = "info_request"
    db.session.flush()
    assert facts(ticket)[2] is None  # no PPID clock yet
    clocks.start(ticket, wib(2, 10))
    db.session.commit()
    ppid = clocks.get(ticket, "ppid")
    assert facts(ticket)[2:4] == ("running", ppid.due_at)


def test_a_calendar_change_recomputes_the_stored_seconds(pg):
    calendar.ensure(NOW.date())
    ticket = factories.ticket(created=wib(2, 9), opd="DLH")
    ticket.first_responded_at = wib(4, 9)  # Monday -> Wednesday: 48 working hours
    old = factories.ticket(created=datetime(2026, 10, 1, 9, tzinfo=WIB), opd="DLH")
    old.first_responded_at = datetime(2026, 10, 2, 9, tzinfo=WIB)
    db.session.commit()
    assert facts(ticket)[0] == 48 * 3600.0
    db.session.add(CalendarOverride(day=date(2026, 11, 3), kind="closed", reason="banjir"))
    db.session.commit()
    calendars.forget()
    calendar.ensure(NOW.date())
    db.session.commit()
    assert facts(ticket)[0] == 24 * 3600.0 == working(wib(2, 9), wib(4, 9))
    assert facts(old)[0] == 24 * 3600.0
