"""What an SLA escalation step does: the sla package claims due steps exactly once
(sla.escalation.sweep); this module tells the right people through the outbox and
writes the ticket's timeline. The ladder: at 50 % remind the officer, at 75 % warn the
OPD head and the supervisors, at 100 % record the breach and escalate to the
supervisors and the mayor's office (the 112 desk for emergencies)."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select

from aduan import timefmt
from aduan.extensions import db
from sla import escalation
from sla.models import Clock
from ticketing import notify, outbox
from ticketing.audit import record
from ticketing.models import Officer, Ticket
from ticketing.texts import t

log = logging.getLogger(__name__)

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
            if clock.kind == "objection":  # the PPID's superior's, not the answering officer's
                return self.opd(ticket, "head") or self.opd(ticket, "officer")
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
    """Performs every due escalation step once; returns how many steps were taken."""
    people = Recipients()
    return escalation.sweep(now, lambda clock, action, at: perform(clock, action, at, people))


def perform(clock: Clock, action: str, now: datetime, people: Recipients) -> int:
    """Sends one claimed step's notices through the outbox and writes the timeline;
    returns how many officers were told."""
    ticket = clock.ticket
    step = clock.next_step - 1
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
