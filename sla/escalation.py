"""The escalation ladder: at 50 % remind the officer, at 75 % warn the OPD head and the
supervisors, at 100 % record the breach and escalate to the supervisors and the mayor's
office. Each step happens exactly once, however many sweepers race for it: the step is
claimed with a conditional UPDATE and recorded in a row unique per (clock, step)."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from aduan import timefmt
from aduan.extensions import db
from sla import clocks as clock_ops
from sla.models import Clock, EscalationStep
from ticketing import notify, outbox
from ticketing.audit import record
from ticketing.models import Officer, Ticket
from ticketing.texts import t

log = logging.getLogger(__name__)
BATCH = 1000


def due_clock_ids(now: datetime, limit: int = BATCH) -> list[int]:
    """Returns running clocks whose next step is due, oldest first (partial index scan)."""
    stmt = (
        select(Clock.id)
        .where(Clock.status == "running", Clock.next_step_at <= now)
        .order_by(Clock.next_step_at)
        .limit(limit)
    )
    return list(db.session.execute(stmt).scalars())


def sweep(now: datetime) -> int:
    """Carries out every due step; returns how many steps this caller performed."""
    done = 0
    ids = due_clock_ids(now)
    db.session.rollback()
    for clock_id in ids:
        while run_step(clock_id, now):  # a late sweep may owe several steps at once
            done += 1
    return done


def run_step(clock_id: int, now: datetime) -> bool:
    """Claims and performs the clock's next step if it is due; returns True if this
    caller performed it (False when nothing was due or another sweeper won)."""
    clock = db.session.get(Clock, clock_id)
    if clock is None or clock.status != "running" or clock.next_step_at is None:
        db.session.rollback()
        return False
    if clock.next_step_at > now:
        db.session.rollback()
        return False
    step = clock.next_step
    action = clock.policy.ladder[step]["action"]
    claim = (
        update(Clock)
        .where(Clock.id == clock_id, Clock.next_step == step, Clock.status == "running")
        .values(next_step=step + 1)
        .execution_options(synchronize_session=False)
    )
    if db.session.execute(claim).rowcount != 1:
        db.session.rollback()
        return False
    try:
        with db.session.begin_nested():
            db.session.add(EscalationStep(clock_id=clock_id, step=step, action=action, at=now))
    except IntegrityError:
        db.session.rollback()
        return False
    db.session.refresh(clock)
    recipients = perform(clock, step, action, now)
    db.session.execute(
        update(EscalationStep)
        .where(EscalationStep.clock_id == clock_id, EscalationStep.step == step)
        .values(recipients=recipients)
    )
    clock_ops._schedule(clock)
    db.session.commit()
    return True


def _group(code: str) -> list[Officer]:
    stmt = select(Officer).where(Officer.group_code == code, Officer.active.is_(True))
    return list(db.session.execute(stmt).scalars())


def _opd(ticket: Ticket, role: str) -> list[Officer]:
    if role == "officer" and ticket.assigned_officer_id:
        officer = db.session.get(Officer, ticket.assigned_officer_id)
        if officer is not None and officer.active:
            return [officer]
    if not ticket.opd_code:
        return []
    stmt = select(Officer).where(
        Officer.opd_code == ticket.opd_code, Officer.role == role, Officer.active.is_(True)
    )
    return list(db.session.execute(stmt).scalars())


def recipients_for(ticket: Ticket, clock: Clock, action: str) -> list[Officer]:
    """Returns who hears about `action` on `ticket`."""
    if action == "remind_officer":
        return _opd(ticket, "officer")
    if action == "warn_head":
        return _opd(ticket, "head") + _group("SUPERVISORS")
    if action == "warn_supervisor":
        return _group("SUPERVISORS")
    if action == "remind_desk":
        return _group("DESK112")
    if action == "breach":
        extra = _group("DESK112") if clock.kind == "emergency_ack" else []
        return extra + _group("SUPERVISORS") + _group("MAYOR")
    return []


def perform(clock: Clock, step: int, action: str, now: datetime) -> int:
    """Sends the step's notices through the outbox and writes the timeline; returns the
    number of officers notified."""
    ticket = clock.ticket
    if action == "breach":
        clock.breached_at = clock.due_at
    officers = recipients_for(ticket, clock, action)
    key = {
        "remind_officer": "sla_remind",
        "remind_desk": "sla_remind",
        "warn_head": "sla_warn",
        "warn_supervisor": "sla_warn",
        "breach": "sla_breach",
    }[action]
    for officer in officers:
        notify.send_with_link(
            officer,
            ticket,
            key,
            f"sla_{action}",
            now,
            priority="high" if clock.kind == "emergency_ack" else "default",
            dedupe_key=f"esc-{clock.id}-{step}-{officer.id}",
            clock=CLOCK_NAMES.get(clock.kind, clock.kind),
            due=timefmt.human(clock.due_at),
        )
    record(
        ticket,
        f"sla_{action}",
        at=now,
        clock=clock.kind,
        step=step,
        recipients=len(officers),
        due=clock.due_at.isoformat(),
    )
    if action == "breach" and clock.kind in ("first_response", "resolution", "ppid"):
        outbox.to_identity(
            ticket.identity,
            t("citizen_escalated", ticket.contact.locale, number=ticket.number),
            ticket=ticket,
            purpose="escalated",
            dedupe_key=f"escalated-{ticket.id}",
        )
    if not officers:
        log.warning("%s on %s: nobody to notify", action, ticket.number)
    return len(officers)


CLOCK_NAMES = {
    "first_response": "tanggapan pertama",
    "resolution": "penyelesaian",
    "triage": "disposisi",
    "ppid": "jawaban PPID",
    "objection": "keberatan",
    "emergency_ack": "respons darurat",
}
