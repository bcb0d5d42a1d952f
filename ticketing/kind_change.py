"""An agent corrects what a ticket is (a complaint, an information request, an
emergency, outside the city's remit, not a complaint): the clocks, the unit and the
citizen's promise follow, and the correction is kept for retraining."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from aduan import timefmt
from aduan.extensions import db
from sla import clocks
from ticketing import corrections, notify, outbox, triage
from ticketing.actions import KINDS_AGENTS_SET, ActionError, Actor, log_action
from ticketing.models import Ticket, TicketEvent, utcnow
from ticketing.routing import Decision
from ticketing.routing.external import EXTERNAL_BODIES
from ticketing.routing.external import reply_for as external_reply
from ticketing.texts import t
from ticketing.texts_kinds import KIND_NAMES


def change_kind(
    ticket: Ticket, actor: Actor, kind: str, body: str | None = None, now: datetime | None = None
) -> None:
    """An agent corrects what the ticket is (the correction is kept for retraining):
    a complaint goes to triage, an information request to PPID with its legal clock,
    an emergency to the 112 desk, "external" closes it with a reply naming who handles
    it (`body`, e.g. PLN), "not a complaint" closes it."""
    if kind not in KINDS_AGENTS_SET:
        raise ActionError(_l("Jenis laporan tidak dikenal."))
    if not ticket.is_open:
        raise ActionError(_l("Laporan sudah selesai atau ditutup."))
    # Only a listed body (the form's choices): a crafted one was stored as it came, and
    # one longer than the column failed the commit on PostgreSQL (a 500).
    body = body if kind == "external" else None
    if body is not None and body not in EXTERNAL_BODIES:
        raise ActionError(_l("Pihak yang menangani tidak dikenal."))
    now = now or utcnow()
    opd = {"info_request": "PPID", "external": "EXTERNAL"}.get(kind)
    if kind == "emergency":
        opd = ticket.opd_code or "BPBD"
    corrections.record(ticket, kind, opd, actor.id)
    previous = ticket.kind
    fresh = previous == "complaint" and ticket.opd_code is None and not _told_kind(ticket)
    keep = clocks.KIND_CLOCKS.get(kind, ())
    for clock in clocks.clocks_of(ticket):
        if clock.kind not in keep and clock.kind != "triage" and clock.status != "met":
            clock.status, clock.next_step_at = "stopped", None
    decision = Decision(
        kind,
        opd,
        1.0 if kind != "complaint" else 0.0,
        f"agent: {actor.name}",
        (),
        (),
        external_body=body,
    )
    locale = ticket.contact.locale
    triage.apply(ticket, decision, now=now, locale=locale, source="agent", quiet=True)
    _rerun(ticket, keep, now)
    if ticket.is_open and ticket.status != "waiting":
        triage.resume_clocks(ticket, now)
    notify.moved_away(ticket, now)
    log_action(ticket, actor, "kind_changed", now, kind=kind, previous=previous)
    if kind != previous and fresh:
        _first(ticket, locale)
    elif kind != previous:
        _correct(ticket, previous, locale)


def _rerun(ticket: Ticket, keep: tuple[str, ...], now: datetime) -> None:
    """Starts afresh the clocks the new kind runs on that an earlier kind stopped (a
    complaint made an information request and a complaint again), and the triage clock
    of a ticket back in triage after it was met: the citizen is promised an answer, so a
    clock must run that escalates and shows it overdue."""
    if not ticket.is_open:
        return
    for clock in clocks.clocks_of(ticket):
        again = clock.kind in keep and clock.status == "stopped"
        if again or (
            clock.kind == "triage" and ticket.status == "triage" and clock.status == "met"
        ):
            clocks.restart(ticket, clock.kind, now)


# What tells the citizen what their report is: a unit or PPID took it, the 112 desk, a
# closing reply, an earlier correction. A ticket with none of these was acknowledged only
# with "being reviewed by the Media Center" (ack_triage): nothing to correct.
TOLD = ("routed", "emergency", "closed", "kind_changed", "bounced")


def _told_kind(ticket: Ticket) -> bool:
    """Returns True when the citizen was told what kind of report the ticket is."""
    stmt = select(TicketEvent.id).where(
        TicketEvent.ticket_id == ticket.id, TicketEvent.action.in_(TOLD)
    )
    return db.session.execute(stmt.limit(1)).first() is not None


def _first(ticket: Ticket, locale: str) -> None:
    """Tells the citizen of a ticket only acknowledged as "being reviewed" what it is, as
    the new kind's first message (not a correction of a promise never made)."""
    number = ticket.number
    if ticket.kind == "emergency":
        text, purpose = t("emergency", locale, number=number), "emergency"
    elif ticket.kind == "info_request":
        due = timefmt.human(ticket.first_response_due_at, locale)
        registration = ticket.registration_number
        text = t("info_request", locale, number=number, registration=registration, due=due)
        purpose = "ack"
    elif ticket.kind == "external":
        reply = external_reply(ticket.external_body, locale)
        text, purpose = t("reviewed_external", locale, number=number, reply=reply), "external"
    else:
        text, purpose = t("reviewed_not_complaint", locale, number=number), "not_complaint"
    outbox.to_identity(
        ticket.identity,
        text,
        ticket=ticket,
        purpose=purpose,
        priority="high" if ticket.kind == "emergency" else "default",
        dedupe_key=f"kind-{ticket.id}-first",
    )


def _correct(ticket: Ticket, previous: str, locale: str) -> None:
    """Tells the citizen what their report is now, in place of the earlier promise."""
    values: dict[str, Any] = {
        "number": ticket.number,
        "previous": KIND_NAMES.get(previous, KIND_NAMES["complaint"]).get(locale, ""),
    }
    if ticket.kind == "info_request":
        values["registration"] = ticket.registration_number
        values["due"] = timefmt.human(ticket.first_response_due_at, locale)
    if ticket.kind == "external":
        values["reply"] = external_reply(ticket.external_body, locale)
    count = db.session.execute(
        select(func.count())
        .select_from(TicketEvent)
        .where(TicketEvent.ticket_id == ticket.id, TicketEvent.action == "kind_changed")
    ).scalar()
    outbox.to_identity(
        ticket.identity,
        t(f"kind_{ticket.kind}", locale, **values),
        ticket=ticket,
        purpose="correction",
        priority="high" if ticket.kind == "emergency" else "default",
        dedupe_key=f"kind-{ticket.id}-{count}",
    )
