"""What people do to tickets: agents in the inbox, officers through signed links.

Each action changes the ticket with a conditional UPDATE (so two people acting at once
cannot both succeed), writes the audit trail, moves the clocks and tells the citizen in
plain Bahasa Indonesia on their own channel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, update

from aduan.extensions import db
from sla import clocks
from ticketing import categories, corrections, feedback, incidents, notify, outbox, places, triage
from ticketing.audit import record
from ticketing.models import (
    OPEN_STATUSES,
    Officer,
    Opd,
    Outbound,
    Ticket,
    TicketEvent,
    User,
    utcnow,
)
from ticketing.names import STATUS_WORDS
from ticketing.texts import TEXTS, t

MAX_TEXT = 4000  # what a person writes on a timeline: as the API and internal notes


class ActionError(ValueError):
    """The action is not allowed in the ticket's current state."""


@dataclass(frozen=True)
class Actor:
    """Who acts: an agent (user), an officer (through a link), or the system."""

    kind: str
    id: int | None
    name: str
    link_id: int | None = None
    opd_code: str | None = None

    @classmethod
    def agent(cls, user: User) -> Actor:
        return cls("agent", user.id, user.name or user.email)

    @classmethod
    def officer(cls, officer: Officer, link_id: int | None) -> Actor:
        return cls("officer", officer.id, officer.name, link_id, officer.opd_code)


def log_action(
    ticket: Ticket, actor: Actor, action: str, now: datetime, note: str = "", **data: Any
) -> TicketEvent:
    """Writes one action on the ticket's timeline with its actor; returns the event.
    Raises ActionError for a note over MAX_TEXT (the forms had no limit; the API has)."""
    if len(note) > MAX_TEXT:
        raise ActionError(_l("Teks terlalu panjang (maksimal %(n)s karakter).", n=MAX_TEXT))
    if actor.link_id:
        data["link_id"] = actor.link_id
    return record(
        ticket,
        action,
        actor_kind=actor.kind,
        actor_id=actor.id,
        actor_name=actor.name,
        note=note,
        at=now,
        **data,
    )


def _claim(ticket: Ticket, allowed: tuple[str, ...], **values: Any) -> None:
    """Moves the ticket only if its status is still one of `allowed`; raises ActionError
    when someone else changed it first."""
    stmt = update(Ticket).where(Ticket.id == ticket.id, Ticket.status.in_(allowed))
    if db.session.execute(stmt.values(updated_at=utcnow(), **values)).rowcount != 1:
        db.session.refresh(ticket)  # said in words: "status: in_progress" is a code
        now_is = STATUS_WORDS.get(ticket.status, ticket.status)
        raise ActionError(_l("Laporan sudah berubah (kini %(status)s).", status=now_is))


def _taken_by(actor: Actor) -> dict[str, Any]:
    """An officer acting without "Terima" first takes an unassigned ticket (reports count
    it as theirs); a holder keeps it, an agent takes nothing."""
    if actor.kind != "officer" or actor.id is None:
        return {}
    return {"assigned_officer_id": func.coalesce(Ticket.assigned_officer_id, actor.id)}


# What the other reporters of a confirmed incident hear instead of the parent's text:
# their own number and place, never the officer's words about another report.
MEMBER_TEXTS = {"resolved": "incident_resolved", "progress": "incident_progress"}


def _tell(
    ticket: Ticket, key: str, purpose: str, fan_out: bool = True, typed: str = "", **values: Any
) -> Outbound | None:
    """Tells the ticket's citizen (and, with `fan_out`, every other reporter of an
    incident an agent confirmed, each about their own report, once). Returns the citizen's
    outbox row, None when they left no way to reach them (a web report without a phone
    number). Raises ActionError when what a person `typed` makes the text longer than
    the citizen's channel takes (outbox.MAX_BODY): refused now, not by the provider."""
    own_key = key  # "permohonan", not "laporan", for the requester only
    if ticket.kind == "info_request" and f"{key}_info" in TEXTS:
        own_key = f"{key}_info"
        registration = ticket.registration_number or ticket.number
        values = {**values, "registration": values.get("registration", registration)}
    row = outbox.to_identity(
        ticket.identity,
        t(own_key, ticket.contact.locale, number=ticket.number, **values),
        ticket=ticket,
        purpose=purpose,
        priority="high" if ticket.kind == "emergency" else "default",  # 112 replies
    )
    body = outbox.MAX_BODY.get(row.channel, 0) if row is not None and typed else 0
    if row is not None and body and len(row.text) > body:
        room = body - (len(row.text) - len(typed))
        raise ActionError(
            _l("Teks terlalu panjang untuk kanal warga ini (maksimal %(n)s karakter).", n=room)
        )
    if fan_out:
        told = {ticket.contact_id}  # one text per citizen, who may have reported twice
        for member in incidents.confirmed_members(ticket):
            if member.status == "closed" or member.contact_id in told:
                continue
            told.add(member.contact_id)
            own = MEMBER_TEXTS.get(key, key)
            place = places.describe(member) or t("incident_place_unknown", member.contact.locale)
            text = t(
                own, member.contact.locale, **{**values, "number": member.number, "place": place}
            )
            outbox.to_identity(member.identity, text, ticket=member, purpose=purpose)
    return row


def _cascade(ticket: Ticket, now: datetime, meet: tuple = (), by_unit: bool = True, **values: Any):
    """Applies the parent's change to the open tickets an agent confirmed as its incident."""
    for member in incidents.confirmed_members(ticket):
        if not member.is_open:
            continue
        for field, value in values.items():
            setattr(member, field, value)
        for kind in meet:
            if kind == "first_response":
                _first_response(member, now, by_unit=by_unit)
            clocks.meet(member, kind, now)


def _first_response(ticket: Ticket, now: datetime, *, by_unit: bool = True) -> None:
    """The citizen got a real answer: the first-response clock and a 112 acknowledgement
    are met. Not for the OPD when an agent resolves (`by_unit` False) a ticket its OPD has
    not answered: its clock stops (counted in no report), or, already past due, is met
    late (the OPD's miss stays counted), and first_responded_at stays empty (the reports'
    first response is the OPD's own); docs/sla.md."""
    clock = None if by_unit or not ticket.opd_code else clocks.get(ticket, "first_response")
    running = clock is not None and clock.status in ("running", "paused")
    if running and clock and not clocks.first_period_over(clock, now):
        clock.status, clock.next_step_at, clock.paused_at = "stopped", None, None
        clocks.sync(ticket)
    if by_unit or not ticket.opd_code:  # the desk over the OPD's head: not its response
        ticket.first_responded_at = ticket.first_responded_at or now
    clocks.meet(ticket, "first_response", now)
    clocks.meet(ticket, "emergency_ack", now)


KINDS_AGENTS_SET = ("complaint", "info_request", "emergency", "external", "not_complaint")
DESK = "Media Center Surabaya"


def _opd_name(ticket: Ticket) -> str:
    return ticket.opd.name if ticket.opd else "Media Center"


def reply(ticket: Ticket, actor: Actor, text: str, now: datetime | None = None) -> Outbound:
    """Sends an agent's reply to the citizen; returns the outbox row. Raises ActionError
    for an empty text or a citizen who left no way to reach them."""
    text = text.strip()
    if not text:
        raise ActionError(_l("Balasan kosong."))
    now = now or utcnow()
    row = _tell(ticket, "agent_reply", "reply", fan_out=False, typed=text, text=text)
    if row is None:
        raise ActionError(
            _l("Pelapor tidak meninggalkan nomor: tulis perkembangan sebagai catatan.")
        )
    row.author_id = actor.id if actor.kind == "agent" else None
    # the clock of whoever owns the answer (OPD, PPID, 112; in triage the OPD's) runs on
    ticket.desk_replied_at = ticket.desk_replied_at or now
    if ticket.kind not in clocks.KIND_CLOCKS and ticket.first_responded_at is None:
        ticket.first_responded_at = now  # no promise clock: the desk's reply is the answer
    log_action(ticket, actor, "reply", now, note=text)
    return row


def route(ticket: Ticket, actor: Actor, opd_code: str, now: datetime | None = None) -> None:
    """Routes (or re-routes) the ticket to an OPD, notifies its officers and the citizen."""
    opd = db.session.get(Opd, opd_code)
    if opd is None or not opd.active or opd.code == "EXTERNAL":
        raise ActionError(_l("Unit tidak dikenal."))
    if not ticket.is_open:
        raise ActionError(_l("Laporan sudah selesai atau ditutup."))
    if ticket.opd_code == opd.code and ticket.status in ("routed", "in_progress"):
        # Sent again, it told the citizen a second time and took the ticket back from
        # the officer who had accepted it.
        raise ActionError(_l("Laporan sudah diteruskan ke unit ini."))
    now = now or utcnow()
    previous = ticket.opd_code
    if actor.kind == "agent":
        kind = "info_request" if opd.code == "PPID" else ticket.kind
        corrections.record(
            ticket, kind if kind in KINDS_AGENTS_SET else "complaint", opd.code, actor.id
        )
    _claim(
        ticket,
        OPEN_STATUSES,
        opd_code=opd.code,
        status="routed",
        assigned_officer_id=None,
        routed_by=actor.kind if actor.kind == "agent" else "officer",
    )
    if ticket.kind not in ("complaint", "info_request", "emergency"):
        ticket.kind = "complaint"
    triage.resume_clocks(ticket, now)  # routed on without the answer: no clock waits now
    clocks.meet(ticket, "triage", now)
    clocks.start(ticket, now)
    # the previous OPD's links end here (its officers are told); notify issues new ones
    notify.moved_away(ticket, now, skip=actor.id if actor.kind == "officer" else None)
    log_action(ticket, actor, "routed", now, opd=opd.code, previous=previous)
    _cascade(ticket, now, opd_code=opd.code, status="routed", assigned_officer_id=None)
    for routed in (ticket, *incidents.confirmed_members(ticket)):
        categories.categorize(routed)
    notify.opd_officers(ticket, now)
    _tell(ticket, "routed", "routed", opd=opd.name)


def accept(ticket: Ticket, actor: Actor, now: datetime | None = None) -> None:
    """An officer takes the ticket: it is in progress and the first response is met."""
    now = now or utcnow()
    _claim(ticket, ("routed",), status="in_progress", assigned_officer_id=actor.id)
    _first_response(ticket, now)
    log_action(ticket, actor, "accepted", now)
    _cascade(ticket, now, ("first_response", "emergency_ack"), status="in_progress")
    key = "accepted_emergency" if ticket.kind == "emergency" else "accepted"
    _tell(ticket, key, "accepted", opd=_opd_name(ticket))


def progress(ticket: Ticket, actor: Actor, text: str, now: datetime | None = None) -> TicketEvent:
    """An officer reports progress; the citizen reads it. Returns the event (for photos)."""
    text = text.strip()
    if not text:
        raise ActionError(_l("Isi perkembangan kosong."))
    now = now or utcnow()
    _claim(ticket, ("routed", "in_progress"), status="in_progress", **_taken_by(actor))
    _first_response(ticket, now)
    event = log_action(ticket, actor, "progress", now, note=text)
    _cascade(ticket, now, ("first_response", "emergency_ack"), status="in_progress")
    _tell(ticket, "progress", "progress", typed=text, opd=_opd_name(ticket), text=text)
    return event


def ask_citizen(ticket: Ticket, actor: Actor, question: str, now: datetime | None = None) -> None:
    """Asks the citizen for more information; the clocks pause until they answer."""
    question = question.strip()
    if not question:
        raise ActionError(_l("Pertanyaan kosong."))
    now = now or utcnow()
    previous = ticket.status  # the answer brings the ticket back here (triage.resume)
    _claim(ticket, ("new", "triage", "routed", "in_progress"), status="waiting", **_taken_by(actor))
    clocks.pause(ticket, now)
    record(ticket, "clock_paused", at=now)
    log_action(ticket, actor, "asked_citizen", now, note=question, previous=previous)
    _tell(ticket, "ask_citizen", "ask", fan_out=False, typed=question, question=question)


def resolve(ticket: Ticket, actor: Actor, note: str, now: datetime | None = None) -> TicketEvent:
    """Marks the ticket resolved, stops its clocks and asks the citizen "Sudah beres?".
    Returns the event (evidence photos hang off it)."""
    now = now or utcnow()
    _claim(ticket, OPEN_STATUSES, status="resolved", resolved_at=now, **_taken_by(actor))
    by_unit = actor.kind == "officer" or ticket.first_responded_at is not None
    _first_response(ticket, now, by_unit=by_unit)
    for kind in ("resolution", "ppid", "triage"):
        clocks.meet(ticket, kind, now)
    objection = clocks.meet(ticket, "objection", now)  # the PPID superior's (UU 14/2008)
    event = log_action(ticket, actor, "resolved", now, note=note.strip())
    _cascade(
        ticket,
        now,
        ("first_response", "emergency_ack", "resolution", "ppid", "triage"),
        by_unit,
        status="resolved",
        resolved_at=now,
    )
    who = _opd_name(ticket) if actor.kind == "officer" else DESK  # who really resolved it
    said = f": {note.strip()}" if note.strip() else "."  # no ": -" when nothing was written
    # an objection answered: not "you may object" again, the Komisi Informasi is next
    key = "resolved" if objection is None else "resolved_objection"
    registration = ticket.registration_number or ticket.number
    told = {"opd": who, "note": said, "registration": registration}
    _tell(ticket, key, "resolved", objection is None, note.strip(), **told)
    return event


def reject(ticket: Ticket, actor: Actor, reason: str, now: datetime | None = None) -> None:
    """An OPD says "bukan kewenangan kami": the ticket returns to Media Center triage
    with a fresh triage (disposition) clock, the bounce is counted, and the citizen's
    clocks keep running (they are still waiting)."""
    if not reason.strip():
        raise ActionError(_l("Alasan wajib diisi."))
    now = now or utcnow()
    _claim(
        ticket,
        ("routed", "in_progress"),
        status="triage",
        opd_code=None,
        assigned_officer_id=None,
        routed_by=None,
        bounces=Ticket.bounces + 1,
    )
    db.session.refresh(ticket)
    clocks.restart(ticket, "triage", now)  # the desk has a disposition deadline again
    notify.moved_away(ticket, now, skip=actor.id if actor.kind == "officer" else None)
    log_action(ticket, actor, "bounced", now, note=reason.strip(), opd=actor.opd_code)
    _cascade(ticket, now, status="triage", opd_code=None, assigned_officer_id=None)
    _tell(ticket, "bounced", "bounced")


def transfer(
    ticket: Ticket, actor: Actor, opd_code: str, reason: str, now: datetime | None = None
) -> None:
    """An officer hands the ticket to another OPD, where the admin allows it."""
    own = db.session.get(Opd, actor.opd_code) if actor.opd_code else None
    if own is None or not own.transfer_allowed:
        raise ActionError(_l("Unit Anda tidak diizinkan memindahkan laporan."))
    if opd_code == ticket.opd_code:
        raise ActionError(_l("Pilih unit lain."))
    now = now or utcnow()
    ticket.bounces += 1
    log_action(
        ticket,
        actor,
        "transferred",
        now,
        note=reason.strip(),
        opd=opd_code,
        previous=ticket.opd_code,
    )
    route(ticket, actor, opd_code, now)


def acknowledge(ticket: Ticket, actor: Actor, now: datetime | None = None) -> None:
    """The 112 desk has taken the emergency: its acknowledgement clock is met."""
    now = now or utcnow()
    if clocks.meet(ticket, "emergency_ack", now) is None:
        raise ActionError(_l("Tidak ada respons darurat yang menunggu."))
    if ticket.status == "routed":
        ticket.status = "in_progress"
    ticket.first_responded_at = ticket.first_responded_at or now  # else 112's 5 min shows
    # reports of the same emergency an agent merged into it stop escalating too
    _cascade(ticket, now, ("emergency_ack",), status="in_progress")
    log_action(ticket, actor, "acknowledged", now)
    _tell(ticket, "accepted_emergency", "accepted")


def reopen(ticket: Ticket, actor: Actor, reason: str, now: datetime | None = None) -> None:
    """An agent reopens a resolved or closed ticket (the citizen said it is not fixed on
    another line, or a partner system found it open): it is in progress again, a
    complaint's handling clock restarts, and the citizen is told. A ticket no unit
    handled (outside the remit, never routed) goes back to triage instead. Raises
    ActionError without a reason or when the ticket is still open."""
    if not reason.strip():
        raise ActionError(_l("Alasan wajib diisi."))
    now = now or utcnow()
    back_to_triage = feedback.unowned(ticket)
    _claim(
        ticket,
        ("resolved", "closed"),
        status="triage" if back_to_triage else "in_progress",
        opd_code=None if back_to_triage else ticket.opd_code,
        resolved_at=None,
        closed_at=None,
        close_reason=None,
        reopened=Ticket.reopened + 1,
    )
    db.session.refresh(ticket)
    log_action(ticket, actor, "reopened", now, note=reason.strip())
    # the citizen is told "unit terkait sudah kami beri tahu": so it is (if there is one)
    feedback.restart_reopened(ticket, now, "reopened_desk_officer", reason=reason.strip()[:300])
    key = "reopened_review" if back_to_triage else "reopened"
    _tell(ticket, key, "reopened", fan_out=False)
