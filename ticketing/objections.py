"""An objection (keberatan) to an answered information request (UU 14/2008 Pasal 35-36):
the requester may object to the PPID's superior within 30 working days of the answer,
and the superior answers in writing within 30 working days.

"saya keberatan" from a requester whose request PPID answered is that objection, on the
same request: the ticket opens again with PPID on the `objection` clock (sla/policies.py),
the PPID unit is told, and the requester hears the deadline. It is never a new complaint
in triage. A second objection after the superior answered is taken on the request too,
and the requester is pointed to the Komisi Informasi (Pasal 37)."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select

from aduan import timefmt
from aduan.extensions import db
from sla import clocks
from sla.calendar import Policy, due_for
from sla.calendars import desk_calendar
from ticketing import links, notify, outbox, status
from ticketing.audit import record
from ticketing.models import Identity, Ticket
from ticketing.texts import t

# "keberatan" as the citizen's objection; not "tidak keberatan" (I don't mind) nor
# "kalau (tidak) keberatan" (if you don't mind).
OBJECTS = re.compile(r"\b(keberatan|i object|objection)", re.IGNORECASE)
MINDING = re.compile(
    r"\b(kalau|kalo|jika|bila|apabila|bukan|tidak|tdk|gak|ga|nggak|ndak)\s+(tidak\s+)?keberatan",
    re.IGNORECASE,
)
# What an objection is about: PPID's answer (or the request, its information, its data).
ABOUT_ANSWER = re.compile(
    r"\b(jawab\w*|informasi\w*|info|ppid|permohonan\w*|permintaan\w*|tanggap\w*|balas\w*|"
    r"data\w*|dokumen\w*|keputusan\w*|putusan\w*|answer\w*|response|reply|information|"
    r"request|decision|document\w*|lengkap\w*|sesuai|\w*tolak\w*|salinan\w*|berkas\w*)\b",
    re.IGNORECASE,
)
# Words that say no more than the objection itself ("mau mengajukan keberatan pak").
ONLY_OBJECTING = re.compile(
    r"saya|aku|kami|sy|sya|gw|gue|mau|ingin|akan|hendak|mengajukan|ajukan|diajukan|keberatan|"
    r"pak|bu|bapak|ibu|min|admin|kak|mas|mbak|ya|dong|nih|lho|atas|itu|ini|tersebut|sangat|"
    r"sekali|tolong|mohon|dengan|terhadap|i|object|objection|file|an|to|the|please"
)
# How long after the answer an objection may be filed (Pasal 36 ayat 1).
WINDOW = Policy("working", "working_days", 30)
ANSWERED = ("resolved", "closed")


def says_objection(text: str) -> bool:
    """Returns True when `text` files an objection ("saya keberatan", "mengajukan
    keberatan", "keberatan atas jawaban PPID"), not when it only says the writer does
    not mind, nor when it objects to another matter than PPID's answer."""
    if not OBJECTS.search(text) or MINDING.search(text):
        return False
    # "warga keberatan dengan bau limbah pabrik": a new complaint that objects to
    # something else is read as one, not swallowed by the answered request
    rest = [w for w in re.findall(r"\w+", text.lower()) if not ONLY_OBJECTING.fullmatch(w)]
    return not rest or bool(ABOUT_ANSWER.search(text))


def answered_request(identity: Identity, now: datetime, text: str = "") -> Ticket | None:
    """Returns the citizen's latest information request PPID answered within the
    objection window (30 working days), or None; the one `text` cites when it names
    requests ("keberatan atas jawaban PPID-2026-00041"), None when none of those is an
    answered request of theirs."""
    cited = {c.number for c in status.read(text).cited if c.certain and c.number}
    stmt = (
        select(Ticket)
        .where(Ticket.contact_id == identity.contact_id, Ticket.kind == "info_request")
        .where(Ticket.status.in_(ANSWERED), Ticket.resolved_at.is_not(None))
        .order_by(Ticket.resolved_at.desc())
        .limit(1)
    )
    if cited:
        stmt = stmt.where(Ticket.number.in_(cited))
    ticket = db.session.execute(stmt).scalar()
    if ticket is None or now > due_for(WINDOW, ticket.resolved_at, desk_calendar()):
        return None
    return ticket


def handle(identity: Identity, text: str, now: datetime) -> Ticket | None:
    """Files `text` as an objection to the citizen's answered information request;
    returns the request, or None when `text` is no objection or there is none to object
    to (then it is a normal message)."""
    if not says_objection(text):
        return None
    ticket = answered_request(identity, now, text)
    if ticket is None:
        return None
    registration = ticket.registration_number or ticket.number
    locale = identity.contact.locale
    if clocks.get(ticket, "objection") is not None:  # the superior answered already
        text_out = t("objection_answered", locale, number=ticket.number, registration=registration)
        outbox.to_identity(ticket.identity, text_out, ticket=ticket, purpose="objection")
        return ticket
    ticket.status, ticket.resolved_at = "in_progress", None
    ticket.closed_at, ticket.close_reason = None, None
    clock = clocks.restart(ticket, "objection", now)
    record(ticket, "objection_filed", actor_kind="citizen", at=now, note=text.strip()[:300])
    due = timefmt.human(clock.due_at, locale)
    outbox.to_identity(
        ticket.identity,
        t("objection_received", locale, number=ticket.number, registration=registration, due=due),
        ticket=ticket,
        purpose="objection",
        dedupe_key=f"objection-{ticket.id}",
    )
    superiors = notify.superiors(ticket.opd_code)  # the requester is told it went there
    # the officer whose answer is objected to does not answer the objection
    keep = {person.id for person in superiors}
    links.retire_others(ticket, keep)
    if ticket.assigned_officer_id not in keep:
        ticket.assigned_officer_id = None
    for person in superiors:
        notify.send_with_link(
            person,
            ticket,
            "objection_officer",
            "objection",
            now,
            dedupe_key=f"objection-{ticket.id}-{person.id}",
            registration=registration,
            said=notify.quoted(text),
            due=timefmt.human(clock.due_at),
        )
    return ticket
