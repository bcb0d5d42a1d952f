"""The escalation ladder: each step once, at the right time, to the right people."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from aduan.extensions import db
from sla import clocks, escalation
from sla.models import Clock, EscalationStep
from tests import factories
from ticketing import escalations
from ticketing.models import Outbound, TicketEvent

WIB = ZoneInfo("Asia/Jakarta")
START = datetime(2026, 11, 30, 9, 0, tzinfo=WIB)  # Monday 09:00: 24 h = Tuesday 09:00


def setup_desk():
    people = {
        "officer": factories.officer("Petugas DSDABM", opd="DSDABM"),
        "head": factories.officer("Kepala DSDABM", opd="DSDABM", role="head"),
        "supervisor": factories.officer("Supervisor MC", group="SUPERVISORS"),
        "mayor": factories.officer("Kantor Wali Kota", group="MAYOR"),
    }
    ticket = factories.ticket(created=START)
    clocks.start(ticket, START)
    db.session.commit()
    return ticket, people


def sent_to(officer) -> list[str]:
    stmt = select(Outbound.purpose).where(Outbound.officer_id == officer.id).order_by(Outbound.id)
    return list(db.session.execute(stmt).scalars())


def test_nothing_happens_before_half_time(app):
    setup_desk()
    assert escalations.sweep(START + timedelta(hours=11)) == 0


def test_half_time_reminds_the_officer_once(app):
    ticket, people = setup_desk()
    assert escalations.sweep(START + timedelta(hours=12, minutes=1)) == 1
    assert escalations.sweep(START + timedelta(hours=12, minutes=2)) == 0
    assert sent_to(people["officer"]) == ["sla_remind_officer"]
    assert sent_to(people["head"]) == []


def test_three_quarters_warns_the_head_and_the_supervisor(app):
    ticket, people = setup_desk()
    escalations.sweep(START + timedelta(hours=12, minutes=1))
    escalations.sweep(START + timedelta(hours=18, minutes=1))
    assert sent_to(people["head"]) == ["sla_warn_head"]
    assert sent_to(people["supervisor"]) == ["sla_warn_head"]
    assert sent_to(people["mayor"]) == []


def test_breach_is_recorded_and_escalated_to_the_mayors_office_and_the_citizen_told(app):
    ticket, people = setup_desk()
    late = START + timedelta(days=1, hours=1)  # Tuesday 10:00, all three steps owed
    assert escalations.sweep(late) == 3
    clock = clocks.get(ticket, "first_response")
    assert clock.breached_at == clock.due_at
    assert sent_to(people["mayor"]) == ["sla_breach"]
    citizen = db.session.execute(
        select(Outbound).where(Outbound.purpose == "escalated")
    ).scalar_one()
    assert ticket.number in citizen.text and "eskalasi" in citizen.text
    actions = (
        db.session.execute(select(TicketEvent.action).where(TicketEvent.ticket_id == ticket.id))
        .scalars()
        .all()
    )
    assert {"sla_remind_officer", "sla_warn_head", "sla_breach"} <= set(actions)


def test_a_met_clock_never_escalates(app):
    ticket, people = setup_desk()
    clocks.meet(ticket, "first_response", START + timedelta(hours=2))
    db.session.commit()
    escalations.sweep(START + timedelta(days=1, hours=1))
    first = clocks.get(ticket, "first_response")
    steps = db.session.execute(
        select(func.count()).select_from(EscalationStep).where(EscalationStep.clock_id == first.id)
    ).scalar_one()
    assert steps == 0


def test_a_paused_clock_is_not_swept(app):
    ticket, _ = setup_desk()
    clocks.pause(ticket, START + timedelta(hours=1))
    db.session.commit()
    assert escalation.due_clock_ids(START + timedelta(days=5)) == []


def test_sweepers_racing_for_the_same_steps_perform_each_once(app):
    ticket, people = setup_desk()
    late = START + timedelta(days=1, hours=1)
    results: list[int] = []
    barrier = threading.Barrier(4)

    def sweeper() -> None:
        with app.app_context():
            barrier.wait()
            results.append(escalations.sweep(late))
            db.session.remove()

    threads = [threading.Thread(target=sweeper) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    db.session.expire_all()
    first = clocks.get(ticket, "first_response")
    steps = (
        db.session.execute(select(EscalationStep.step).where(EscalationStep.clock_id == first.id))
        .scalars()
        .all()
    )
    assert sorted(steps) == [0, 1, 2]
    assert sent_to(people["mayor"]) == ["sla_breach"]
    assert len(sent_to(people["officer"])) == 1
    assert sum(results) == 3  # the resolution clock (3 working days) owes nothing yet


def test_sweep_reads_only_due_clocks(app):
    for n in range(5):
        factory_ticket = factories.ticket(created=START + timedelta(minutes=n))
        clocks.start(factory_ticket, START + timedelta(minutes=n))
    db.session.commit()
    due = escalation.due_clock_ids(START + timedelta(hours=12, minutes=10))
    kinds = {db.session.get(Clock, i).kind for i in due}
    assert len(due) == 5 and kinds == {"first_response"}


def test_a_triage_deadline_names_the_desk_not_a_dash(app):
    """The supervisors' warning for a ticket still in triage read "laporan MC-... (-)"."""
    people = setup_desk()[1]
    ticket = factories.ticket(created=START, status="triage", opd=None)
    clocks.start(ticket, START)
    db.session.commit()
    escalations.sweep(START + timedelta(days=3))
    stmt = select(Outbound.text).where(
        Outbound.officer_id == people["supervisor"].id, Outbound.ticket_id == ticket.id
    )
    texts = list(db.session.execute(stmt).scalars())
    assert texts and all(f"{ticket.number} (belum diteruskan ke OPD)" in x for x in texts)
    assert not any("(-)" in x for x in texts)


def test_the_timeline_names_the_clock_of_each_escalation_step(app, client):
    """Two clocks ran out on one ticket and its timeline read "eskalasi SLA: batas
    terlewati" twice, without saying which deadline passed."""
    from tests.inbox.helpers import link_tokens, login, make_user

    ticket, people = setup_desk()
    escalations.sweep(START + timedelta(days=10))
    db.session.commit()
    token = link_tokens("sla_remind_officer")[people["officer"].id]
    officer_page = client.get(f"/o/{token}").get_data(as_text=True)
    assert "<b>eskalasi SLA: batas terlewati</b> (Tanggapan pertama)" in officer_page
    login(client, make_user())
    html = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    assert "<b>eskalasi SLA: batas terlewati</b> (Tanggapan pertama)" in html
    assert "<b>eskalasi SLA: batas terlewati</b> (Penyelesaian)" in html


def test_a_step_with_nobody_to_tell_says_so_on_the_ticket_page(app, client):
    """walk13: "ingatkan petugas OPD" on a unit with no officer showed on the timeline
    like a reminder that reached someone."""
    from tests.inbox.helpers import login, make_user

    ticket = factories.ticket(created=START, opd="DLH")  # no DLH officer in this desk
    clocks.start(ticket, START)
    db.session.commit()
    escalations.sweep(START + timedelta(hours=12, minutes=1))
    login(client, make_user())
    page = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    assert "tidak ada petugas yang bisa diberi tahu" in page
    told, people = setup_desk()
    escalations.sweep(START + timedelta(hours=12, minutes=1))
    page = client.get(f"/tickets/{told.number}").get_data(as_text=True)
    assert "tidak ada petugas yang bisa diberi tahu" not in page
