"""The escalation ladder: at 50 % remind the officer, at 75 % warn the OPD head and the
supervisors, at 100 % record the breach and escalate to the supervisors and the mayor's
office. Each step happens exactly once, however many sweepers race for it: the step is
claimed with a conditional UPDATE (next_step = k -> k + 1) and recorded in a row unique
per (clock, step). Steps are committed in batches, so a sweep costs about one round trip
per step; a failure rolls the whole batch back, notices included."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from aduan import timefmt
from aduan.extensions import db
from sla import clocks as clock_ops
from sla.models import Clock, EscalationStep
from ticketing import notify, outbox
from ticketing.audit import record
from ticketing.models import Officer, Ticket
from ticketing.texts import t

log = logging.getLogger(__name__)
BATCH = 200
MAX_BATCHES = 500

CLOCK_NAMES = {
    "first_response": "tanggapan pertama",
    "resolution": "penyelesaian",
    "triage": "disposisi",
    "ppid": "jawaban PPID",
    "objection": "keberatan",
    "emergency_ack": "respons darurat",
}
TEXT_KEYS = {
    "remind_officer": "sla_remind",
    "remind_desk": "sla_remind",
    "warn_head": "sla_warn",
    "warn_supervisor": "sla_warn",
    "breach": "sla_breach",
}


def due_clock_ids(now: datetime, limit: int = BATCH) -> list[int]:
    """Returns running clocks whose next step is due, oldest first (partial index scan)."""
    stmt = (
        select(Clock.id)
        .where(Clock.status == "running", Clock.next_step_at <= now)
        .order_by(Clock.next_step_at)
        .limit(limit)
    )
    return list(db.session.execute(stmt).scalars())


class Recipients:
    """Who hears about a step; the directory is read once per sweep."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, str], list[Officer]] = {}

    def _get(self, column: str, value: str, role: str | None = None) -> list[Officer]:
        key = (f"{column}:{value}", role or "")
        if key not in self._cache:
            stmt = select(Officer).where(getattr(Officer, column) == value, Officer.active)
            if role:
                stmt = stmt.where(Officer.role == role)
            self._cache[key] = list(db.session.execute(stmt).scalars())
        return self._cache[key]

    def opd(self, ticket: Ticket, role: str) -> list[Officer]:
        assigned = ticket.assigned_officer
        if role == "officer" and assigned is not None and assigned.active:
            return [assigned]
        return self._get("opd_code", ticket.opd_code, role) if ticket.opd_code else []

    def group(self, code: str) -> list[Officer]:
        return self._get("group_code", code)

    def of(self, ticket: Ticket, clock: Clock, action: str) -> list[Officer]:
        if action == "remind_officer":
            return self.opd(ticket, "officer")
        if action == "warn_head":
            return self.opd(ticket, "head") + self.group("SUPERVISORS")
        if action == "warn_supervisor":
            return self.group("SUPERVISORS")
        if action == "remind_desk":
            return self.group("DESK112")
        if action == "breach":
            desk = self.group("DESK112") if clock.kind == "emergency_ack" else []
            return desk + self.group("SUPERVISORS") + self.group("MAYOR")
        return []


def sweep(now: datetime) -> int:
    """Carries out every due step; returns how many steps this caller performed."""
    done = 0
    for _ in range(MAX_BATCHES):
        ids = due_clock_ids(now)
        if not ids:
            break
        stmt = (
            select(Clock)
            .where(Clock.id.in_(ids))
            .options(joinedload(Clock.policy), joinedload(Clock.ticket))
            .order_by(Clock.next_step_at)
        )
        people = Recipients()
        with db.session.no_autoflush:
            for clock in db.session.execute(stmt).unique().scalars():
                while _is_due(clock, now) and _claim(clock):
                    _perform(clock, now, people)
                    done += 1
        db.session.commit()
        if len(ids) < BATCH:
            break
    return done


def _is_due(clock: Clock, now: datetime) -> bool:
    return (
        clock.status == "running"
        and clock.next_step_at is not None
        and clock.next_step_at <= now
        and clock.next_step < len(clock.policy.ladder or [])
    )


def _claim(clock: Clock) -> bool:
    """Takes step `clock.next_step` for this transaction; False if another sweeper has it."""
    step = clock.next_step
    claim = (
        update(Clock)
        .where(Clock.id == clock.id, Clock.next_step == step, Clock.status == "running")
        .values(next_step=step + 1)
        .execution_options(synchronize_session=False)
    )
    if db.session.execute(claim).rowcount != 1:
        db.session.expire(clock)
        return False
    set_committed_value(clock, "next_step", step + 1)
    return True


def _perform(clock: Clock, now: datetime, people: Recipients) -> None:
    """Sends the claimed step's notices through the outbox and writes the timeline."""
    step = clock.next_step - 1
    action = clock.policy.ladder[step]["action"]
    ticket = clock.ticket
    if action == "breach":
        clock.breached_at = clock.due_at
    officers = people.of(ticket, clock, action)
    for officer in officers:
        notify.send_with_link(
            officer,
            ticket,
            TEXT_KEYS[action],
            f"sla_{action}",
            now,
            priority="high" if clock.kind == "emergency_ack" else "default",
            clock=CLOCK_NAMES.get(clock.kind, clock.kind),
            due=timefmt.human(clock.due_at),
        )
    db.session.add(
        EscalationStep(
            clock_id=clock.id, step=step, action=action, at=now, recipients=len(officers)
        )
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
    clock_ops.schedule(clock)
