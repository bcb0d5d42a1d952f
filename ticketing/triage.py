"""Applies a routing decision to a ticket: emergency, PPID, external, OPD or triage.

The classifier itself lives in ticketing/routing/; this module turns its Decision into
statuses, replies, alerts and clocks."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from flask import current_app

from aduan import metrics, timefmt
from aduan.extensions import db
from sla import clocks
from ticketing import (
    areas,
    categories,
    incidents,
    notify,
    numbers,
    outbox,
    publication,
    waiting,
)
from ticketing.audit import record
from ticketing.models import Officer, Opd, Ticket, TicketEvent
from ticketing.routing import Decision
from ticketing.routing.external import reply_for as external_reply
from ticketing.texts import t

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Routing:
    """One routing of one ticket: what every kind's handler needs."""

    ticket: Ticket
    decision: Decision
    now: datetime
    locale: str
    reply_to: str | None
    acknowledge: bool
    source: str
    quiet: bool = False  # the caller tells the citizen itself (an agent's correction)
    # A ticket acknowledged earlier (in triage), routed now by the citizen's later words
    # (an answer, a call's transcript): the citizen hears where it went.
    later: bool = False

    def tell(self, text: str, purpose: str, key: str, priority: str = "default") -> None:
        """Queues `text` to the citizen once per ticket and `key` (unless quiet)."""
        if self.quiet:
            return
        outbox.to_identity(
            self.ticket.identity,
            text,
            ticket=self.ticket,
            purpose=purpose,
            priority=priority,
            dedupe_key=f"{key}-{self.ticket.id}",
            reply_to=self.reply_to,
        )


def apply(
    ticket: Ticket,
    decision: Decision | None,
    *,
    now: datetime,
    locale: str = "id",
    reply_to: str | None = None,
    acknowledge: bool = True,
    source: str | None = None,
    quiet: bool = False,
) -> None:
    """Routes a ticket by `decision` and queues the citizen's acknowledgement.

    `decision` None means the first message had no text (a photo or a location): the
    ticket waits in triage for an agent or for the citizen's next message. `source`
    (rule | model | agent) defaults to what the decision's reason says. `quiet`: the
    caller tells the citizen itself, so nothing is queued to them here (an agent's kind
    change sends a correction instead of a second acknowledgement)."""
    if decision is None:
        ticket.status = "triage"
        ticket.routing_reason = "no text to classify yet"
        metrics.routed(ticket.kind, None, "triage")
        clocks.start(ticket, now)
        if acknowledge:
            _ack(ticket, "ack_triage", locale, reply_to)
        return
    ticket.confidence = decision.confidence
    ticket.routing_reason = decision.reason
    ticket.suggestions = [list(s) for s in decision.suggestions]
    source = source or ("rule" if decision.reason.startswith("rule") else "model")
    handler = {
        "emergency": _emergency,
        "info_request": _info_request,
        "external": _external,
        "not_complaint": _not_complaint,
    }.get(decision.kind, _complaint)
    if decision.triage and decision.kind != "emergency":
        handler = _complaint  # the classifier is unsure or contested: an agent decides
    later = not acknowledge and not quiet
    acknowledge = acknowledge and not quiet
    handler(Routing(ticket, decision, now, locale, reply_to, acknowledge, source, quiet, later))
    metrics.routed(ticket.kind, ticket.routed_by, ticket.status)


def _emergency(r: Routing) -> None:
    ticket, decision = r.ticket, r.decision
    ticket.kind, ticket.priority, ticket.status = "emergency", 2, "routed"
    ticket.opd_code, ticket.routed_by = decision.opd, r.source
    clocks.start(ticket, r.now)
    record(ticket, "emergency", reason=decision.reason, type=decision.emergency_type)
    r.tell(emergency_advice(ticket, decision, r.locale), "emergency", "emergency", "high")
    count = notify.desk_112(ticket, decision.emergency_type or "darurat", r.now)
    record(ticket, "desk_alerted", recipients=count)


def emergency_advice(ticket: Ticket, decision: Decision, locale: str) -> str:
    """What the citizen of a new emergency is told: call 112, or, when they wrote that 112
    cannot be reached, that the desk has their message (and the other numbers, if set)."""
    if not decision.unreached_112:
        return t("emergency", locale, number=ticket.number)
    numbers = current_app.config.get("EMERGENCY_OTHER_NUMBERS", "").strip()
    others = t("emergency_other_numbers", locale, numbers=numbers) if numbers else ""
    return t("emergency_unreached", locale, number=ticket.number, others=others)


def _info_request(r: Routing) -> None:
    ticket = r.ticket
    ticket.kind, ticket.opd_code, ticket.status = "info_request", "PPID", "routed"
    ticket.routed_by = r.source
    if ticket.registration_number is None:
        year = r.now.astimezone(timefmt.zone()).year
        ticket.registration_number = numbers.next_number(year, "PPID")
    started = clocks.start(ticket, r.now)
    clocks.meet(ticket, "triage", r.now, started)
    record(ticket, "routed", opd="PPID", reason=r.decision.reason)
    notify.opd_officers(ticket, r.now)
    if r.acknowledge or r.later:  # a request found later still gets its registration
        due = timefmt.human(ticket.first_response_due_at, r.locale)
        text = t(
            "info_request",
            r.locale,
            registration=ticket.registration_number,
            number=ticket.number,
            due=due,
        )
        r.tell(text, "ack", "ack-ppid")


def _external(r: Routing) -> None:
    ticket, body = r.ticket, r.decision.external_body
    ticket.kind, ticket.opd_code, ticket.status = "external", "EXTERNAL", "closed"
    ticket.external_body, ticket.routed_by = body, r.source
    ticket.closed_at, ticket.close_reason = r.now, "bukan_wewenang"
    clocks.stop_all(ticket, r.now)
    record(ticket, "closed", reason="bukan_wewenang", body=body)
    r.tell(external_reply(body, r.locale), "external", "ack-external")


def _not_complaint(r: Routing) -> None:
    ticket = r.ticket
    ticket.kind, ticket.status, ticket.routed_by = "not_complaint", "closed", r.source
    ticket.closed_at, ticket.close_reason = r.now, "not_complaint"
    clocks.stop_all(ticket, r.now)
    record(ticket, "closed", reason="not_complaint")


def _complaint(r: Routing) -> None:
    ticket, decision, now = r.ticket, r.decision, r.now
    ticket.kind = "complaint"
    threshold = current_app.config["ROUTING_THRESHOLD"]
    opd = decision.opd if decision.kind == "complaint" else None
    reason = decision.reason
    sure = decision.confidence >= threshold and not decision.triage
    if opd in areas.UMBRELLAS and sure:
        opd = areas.unit_for(ticket, opd)  # the kecamatan/kelurahan of the place
        if opd is None:
            reason = f"{reason}; {decision.opd.lower()} tidak diketahui dari pesan atau lokasi"
            ticket.routing_reason = reason
    if opd and sure:
        ticket.opd_code, ticket.status, ticket.routed_by = opd, "routed", r.source
        categories.categorize(ticket)
        record(
            ticket,
            "routed",
            opd=opd,
            reason=reason,
            confidence=round(decision.confidence, 3),
        )
        started = clocks.start(ticket, now)
        clocks.meet(ticket, "triage", now, started)
        incidents.auto_link(ticket, now)  # unconfirmed: still the officers' own work
        notify.opd_officers(ticket, now)
        if r.acknowledge:
            _ack(ticket, "ack", r.locale, r.reply_to)
        elif r.later:  # told "being reviewed" before: now where it went, as an agent's route
            unit = db.session.get(Opd, opd)
            name = unit.name if unit is not None else opd
            r.tell(t("routed", r.locale, number=ticket.number, opd=name), "routed", "routed")
        return
    ticket.status, ticket.opd_code = "triage", None
    record(
        ticket,
        "triage",
        reason=reason,
        confidence=round(decision.confidence, 3),
        suggestions=ticket.suggestions,
    )
    clocks.start(ticket, now)
    if decision.emergency_unsure:  # an alarm word left to an agent: first in triage
        ticket.priority = max(ticket.priority or 0, 1)
    if r.acknowledge:
        key = "ack_triage_alarm" if decision.emergency_unsure else "ack_triage"
        _ack(ticket, key, r.locale, r.reply_to)


def join_parent(ticket: Ticket, parent: Ticket, now: datetime) -> None:
    """A new report of an incident already being handled takes the parent's state: the
    officers work on the parent, so this ticket's clocks the parent met are met too, and
    it is the parent's unit's work (as it stays when the parent is routed on), so its
    citizen, a status check and the reports all name the unit that handles it."""
    if parent.opd_code and ticket.opd_code != parent.opd_code:
        previous = ticket.opd_code
        ticket.opd_code, ticket.assigned_officer_id = parent.opd_code, parent.assigned_officer_id
        categories.categorize(ticket)
        notify.moved_away(ticket, now, parent=parent)  # the old unit's links end here
        if ticket.status in ("new", "triage"):
            ticket.status = "routed"
            clocks.meet(ticket, "triage", now)
        record(ticket, "routed", at=now, opd=parent.opd_code, previous=previous)
    if parent.status in ("in_progress", "waiting"):
        ticket.status = "in_progress"
    for clock in clocks.clocks_of(parent):
        if clock.status == "met":
            clocks.meet(ticket, clock.kind, now)
    if parent.first_responded_at and ticket.first_responded_at is None:
        ticket.first_responded_at = now


def _ack(ticket: Ticket, key: str, locale: str, reply_to: str | None) -> None:
    """Queues the acknowledgement; it links the public tracking page when the report
    appears there (or may, once an agent has routed it from triage). The link is always
    the reporter's own (with their key): a report the unit returns to triage, or an
    agent marks private, leaves the public pages, and a bare link then said "not found"."""
    track = ""
    if publication.is_listed(ticket) or (ticket.status == "triage" and not ticket.private):
        track = t("track", locale, url=publication.own_tracking_url(ticket.number))
    outbox.to_identity(
        ticket.identity,
        t(key, locale, number=ticket.number, track=track),
        ticket=ticket,
        purpose="ack",
        dedupe_key=f"ack-{ticket.id}",
        reply_to=reply_to,
    )


def resume_clocks(ticket: Ticket, now: datetime) -> None:
    """Restarts the ticket's paused clocks, noted on its timeline when one was paused."""
    if clocks.resume(ticket, now):
        record(ticket, "clock_resumed", at=now)


def resume(ticket: Ticket, now: datetime, said: str = "") -> None:
    """The citizen answered a question: the ticket goes back to where it was when asked
    (a triage ticket to triage, to be classified again with the answer), and an officer
    who asked through their link hears the answer there (they have no inbox)."""
    asked = waiting.question(ticket)
    ticket.status = waiting.before(ticket, asked)
    resume_clocks(ticket, now)
    record(ticket, "resumed", actor_kind="citizen")
    tell_asker(ticket, asked, said, now)


def tell_asker(ticket: Ticket, asked: TicketEvent | None, said: str, now: datetime) -> None:
    """An officer who asked the citizen through their link hears the answer `said`
    there (they have no inbox); an agent reads it on the ticket."""
    officer = db.session.get(Officer, asked.actor_id) if asked and asked.actor_id else None
    if asked is not None and asked.actor_kind == "officer" and officer and officer.active:
        notify.send_with_link(
            officer,
            ticket,
            "citizen_answered_officer",
            "citizen_answered",
            now,
            dedupe_key=f"answered-{asked.id}-{officer.id}",
            answer=notify.quoted(said, 300) or "(tanpa teks: foto atau lampiran)",
        )
