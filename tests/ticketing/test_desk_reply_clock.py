"""An agent's holding reply ("sudah kami teruskan ke DSDABM") answers the citizen, not
for the OPD: the OPD's 1x24 working-hour first response keeps counting and escalating,
and the scorecard and the per-OPD report do not credit the OPD with it. The OPD's own
accept meets it; an agent resolving over the OPD's head credits no one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from aduan import timefmt
from aduan.extensions import db
from inbox.reports import figures
from sla import clocks
from tests import factories
from tests.inbox.helpers import make_user
from ticketing import actions, escalations, scorecard, status
from ticketing.models import Outbound

WIB = ZoneInfo("Asia/Jakarta")
START = datetime(2026, 11, 30, 9, 0, tzinfo=WIB)  # Monday 09:00: 24 h = Tuesday 09:00
LATE = START + timedelta(days=1, hours=1)  # Tuesday 10:00, past the OPD's deadline
PERIOD = (START - timedelta(days=1), START + timedelta(days=1))


def _held(email: str = "agen-tunda@example.org"):
    """A complaint routed to DSDABM, given an agent's holding reply an hour later."""
    officer = factories.officer("Petugas DSDABM", opd="DSDABM")
    factories.officer("Supervisor MC", group="SUPERVISORS")
    mayor = factories.officer("Kantor Wali Kota", group="MAYOR")
    ticket = factories.ticket(created=START)
    clocks.start(ticket, START)
    agent = actions.Actor.agent(make_user(email=email))
    actions.reply(ticket, agent, "Sudah kami teruskan ke DSDABM.", START + timedelta(hours=1))
    db.session.commit()
    return ticket, officer, mayor, agent


def _opd_row(now: datetime) -> dict:
    f = figures.Filters(PERIOD[0].astimezone(UTC), PERIOD[1].astimezone(UTC))
    return next(r for r in figures.summary("opd", f, now) if r["key"] == "DSDABM")


def _score(now: datetime) -> scorecard.Score:
    return next(s for s in scorecard.scorecard(*PERIOD, now) if s.opd == "DSDABM")


def test_a_holding_reply_leaves_the_opds_clock_running_and_escalating(app):
    ticket, _, mayor, _ = _held()
    clock = clocks.get(ticket, "first_response")
    assert clock.status == "running" and ticket.first_responded_at is None
    assert ticket.desk_replied_at == START + timedelta(hours=1)
    assert ticket.awaited_due == clock.due_at == START + timedelta(days=1)
    assert escalations.sweep(LATE) == 3  # remind, warn, breach at the OPD's 1x24 h
    assert clocks.get(ticket, "first_response").breached_at == clock.due_at
    stmt = select(Outbound.purpose).where(Outbound.officer_id == mayor.id)
    assert list(db.session.execute(stmt).scalars()) == ["sla_breach"]


def test_the_scorecard_and_the_opd_report_do_not_credit_the_desks_reply(app):
    _held()
    score, row = _score(LATE), _opd_row(LATE)
    assert (score.measured, score.on_time) == (1, 0)
    assert (row["measured"], row["on_time"]) == (1, 0)
    assert row["median_first_response_h"] is None  # the OPD has not answered at all


def test_the_officers_accept_after_the_desks_reply_meets_the_first_response(app):
    ticket, officer, _, _ = _held()
    accepted = START + timedelta(hours=3)
    actions.accept(ticket, actions.Actor.officer(officer, None), accepted)
    db.session.commit()
    clock = clocks.get(ticket, "first_response")
    assert (clock.status, clock.met_at, ticket.first_responded_at) == ("met", accepted, accepted)
    assert escalations.sweep(LATE) == 0
    assert (_score(LATE).on_time, _opd_row(LATE)["on_time"]) == (1, 1)
    assert _opd_row(LATE)["median_first_response_h"] == 3.0


def test_an_agent_resolving_before_the_opd_answered_credits_no_one(app):
    ticket, _, _, agent = _held()
    actions.resolve(ticket, agent, "Sudah diperbaiki.", START + timedelta(hours=2))
    db.session.commit()
    assert clocks.get(ticket, "first_response").status == "stopped"
    assert (_score(LATE).measured, _opd_row(LATE)["measured"]) == (0, 0)
    assert escalations.sweep(LATE) == 0  # the ticket is done: no clock escalates


def test_an_agent_resolving_after_the_opds_deadline_leaves_the_miss_counted(app):
    ticket, _, _, agent = _held()
    actions.resolve(ticket, agent, "Sudah diperbaiki.", LATE)
    db.session.commit()
    clock = clocks.get(ticket, "first_response")
    assert (clock.status, clock.met_at) == ("met", LATE)
    score, row = _score(LATE), _opd_row(LATE)
    assert (score.measured, score.on_time, row["measured"], row["on_time"]) == (1, 0, 1, 0)


def test_a_reply_in_triage_leaves_the_clock_for_the_opd_it_is_routed_to(app):
    factories.officer("Petugas DSDABM", opd="DSDABM")
    ticket = factories.ticket(status="triage", opd=None, created=START)
    clocks.start(ticket, START)
    agent = actions.Actor.agent(make_user(email="agen-triase@example.org"))
    actions.reply(ticket, agent, "Laporan sedang kami periksa.", START + timedelta(minutes=10))
    actions.route(ticket, agent, "DSDABM", START + timedelta(minutes=30))
    db.session.commit()
    assert clocks.get(ticket, "first_response").status == "running"
    notice = db.session.execute(
        select(Outbound.text).where(Outbound.purpose == "officer_notify")
    ).scalar_one()
    assert "sudah ditanggapi" not in notice


def test_an_agent_resolving_over_the_opds_head_is_no_first_response_in_the_reports(app):
    """The OPD never answered: its median first response must not count the agent's
    resolution, before the OPD's deadline (clock stopped) or after it (met late)."""
    for when, clock_status in ((START + timedelta(hours=2), "stopped"), (LATE, "met")):
        ticket, _, _, agent = _held(email=f"agen-{clock_status}@example.org")
        actions.resolve(ticket, agent, "Sudah diperbaiki.", when)
        db.session.commit()
        assert clocks.get(ticket, "first_response").status == clock_status
        assert ticket.first_responded_at is None and ticket.resolved_at == when
    row = _opd_row(LATE + timedelta(hours=1))
    assert (row["resolved"], row["median_first_response_h"]) == (2, None)


def test_reopened_after_the_desk_resolved_it_the_fix_is_awaited_and_the_opd_answers_later(app):
    """Reopened ("BELUM"), the citizen had the desk's answer: the resolution target is
    the deadline shown, not the OPD's long-gone response time; the OPD's own progress
    report is its first response then."""
    ticket, officer, _, agent = _held()
    actions.resolve(ticket, agent, "Sudah diperbaiki.", START + timedelta(hours=2))
    actions.reopen(ticket, agent, "Warga: belum beres", START + timedelta(hours=3))
    db.session.commit()
    assert ticket.first_responded_at is None
    assert ticket.awaited_due == ticket.resolution_due_at == ticket.queue_due_at
    assert ticket.resolution_due_at > START + timedelta(days=1)  # restarted on reopening
    target = timefmt.human(ticket.resolution_due_at)
    assert f"target selesai: {target}." in status.line(ticket)
    assert "Batas tanggapan" not in status.line(ticket)
    answered = START + timedelta(hours=4)
    actions.progress(ticket, actions.Actor.officer(officer, None), "Kami cek lagi.", answered)
    db.session.commit()
    assert ticket.first_responded_at == answered
    assert _opd_row(LATE)["median_first_response_h"] == 4.0
