"""The citizen of an open emergency writes again: "apinya merembet", the address, "ada
anak di lantai 2". It all belongs to that ticket (one 112 alert, one escalation chain),
and every word of it reaches the 112 desk: a notice at once, or, within AGAIN_GAP of the
previous "wrote again" notice, a notice when the gap has passed (a delayed job) quoting
everything written since. A burst of messages is one notice, and none is left unsaid.
The citizen hears that the desk has their words (at most once per ADDED_GAP).
Thanks alone ("terima kasih pak") stays on the timeline: no news, and the desk read its
notice as the alarm raised again."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta
from functools import partial

from sqlalchemy import func, select

from aduan.extensions import db
from aduan.queue import call_after_commit, enqueue
from ticketing import notify, outbox
from ticketing.audit import record
from ticketing.models import (
    OPEN_STATUSES,
    Identity,
    Message,
    Outbound,
    Ticket,
    TicketEvent,
    utcnow,
)
from ticketing.routing import Decision
from ticketing.texts import t

EMERGENCY_AGAIN = timedelta(minutes=30)  # a new emergency message joins an open one
AGAIN_GAP = timedelta(minutes=1)  # the 112 advice and the desk's notice, at most this often
ADDED_GAP = timedelta(minutes=3)  # "the 112 desk has your words", at most this often
DESK_PURPOSES = ("emergency_alert", "emergency_more")  # what the 112 desk was sent


def recent(contact_id: int | None, now: datetime) -> Ticket | None:
    """The citizen's open emergency ticket opened within EMERGENCY_AGAIN, if any: their
    next emergency message (a panicked repeat, "apinya membesar") belongs to it, not to
    a new ticket with its own 112 alert and escalation chain."""
    stmt = (
        select(Ticket)
        .where(Ticket.contact_id == contact_id, Ticket.kind == "emergency")
        .where(Ticket.status.in_(OPEN_STATUSES), Ticket.created_at >= now - EMERGENCY_AGAIN)
        .order_by(Ticket.id.desc())
        .limit(1)
    )
    return db.session.execute(stmt).scalar() if contact_id is not None else None


def advise_again(ticket: Ticket, now: datetime, locale: str, reply_to: str | None) -> bool:
    """A further emergency message on `ticket`: the citizen is told again to call 112, at
    most once per AGAIN_GAP. Returns True when the advice was queued."""
    recent_advice = select(Outbound.id).where(
        Outbound.ticket_id == ticket.id,
        Outbound.purpose == "emergency",
        Outbound.created_at > now - AGAIN_GAP,
    )
    if db.session.execute(recent_advice.limit(1)).first() is None:
        outbox.to_identity(
            ticket.identity,
            t("emergency", locale, number=ticket.number),
            ticket=ticket,
            purpose="emergency",
            priority="high",
            reply_to=reply_to,
        )
        return True
    return False


def acknowledge_added(
    ticket: Ticket, message: Message, identity: Identity, now: datetime, locale: str
) -> bool:
    """Tells the citizen who wrote more on open emergency `ticket` that the 112 desk has
    it (`identity`: where to), at most once per ADDED_GAP; nothing for words the desk is
    not told (thanks alone). Returns True when the acknowledgement was queued."""
    if not _words(message):
        return False
    recent_ack = select(Outbound.id).where(
        Outbound.ticket_id == ticket.id,
        Outbound.purpose == "emergency_added",
        Outbound.created_at > now - ADDED_GAP,
    )
    if db.session.execute(recent_ack.limit(1)).first() is not None:
        return False
    text = t("emergency_added", locale, number=ticket.number)
    row = outbox.to_identity(
        identity, text, ticket=ticket, purpose="emergency_added", priority="high"
    )
    return row is not None


def desk_hears_more(ticket: Ticket, now: datetime) -> int:
    """Tells the 112 desk what the citizen of open emergency `ticket` wrote since the
    desk's last alert or notice; within AGAIN_GAP of the last "wrote again" notice, it
    schedules `tell_desk` for when the gap has passed instead. Returns how many desk
    members were told now. On PostgreSQL the ticket row is locked first: the delayed job
    and a worker storing a new message never tell the desk the same words at once."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(select(Ticket.id).where(Ticket.id == ticket.id).with_for_update())
    rows = db.session.execute(
        select(Outbound.purpose, func.max(Outbound.created_at))
        .where(Outbound.ticket_id == ticket.id, Outbound.purpose.in_(DESK_PURPOSES))
        .group_by(Outbound.purpose)
    ).all()
    last = dict(rows)
    more = last.get("emergency_more")
    if more is not None and now - more < AGAIN_GAP:
        wait = (more + AGAIN_GAP - now).total_seconds() + 1
        job_id = f"desk112-more-{ticket.id}"
        # After the commit: a job that ran before the words were committed (a slow
        # commit) would find nothing untold, and the desk would never hear them.
        later = partial(enqueue, tell_desk, ticket.id, queue="urgent", job_id=job_id, delay=wait)
        call_after_commit(job_id, later)
        return 0
    stmt = select(Message).where(Message.ticket_id == ticket.id).order_by(Message.id)
    messages = list(db.session.execute(stmt).scalars())
    told = _told(ticket)
    if "emergency_alert" in last and messages:  # the alert quoted the message that opened it
        told.add(messages[0].id)
    untold = [message for message in messages if message.id not in told]
    said = " / ".join(part for message in untold for part in _words(message))
    if not said:
        return 0
    count = notify.desk_112_more(ticket, said, now)
    record(ticket, "desk_told", recipients=count, messages=[m.id for m in untold])
    return count


def _told(ticket: Ticket) -> set[int]:
    """Ids of the messages a "wrote again" notice quoted (its "desk_told" event). Kept
    per message, not read from clocks: a message stored by a worker whose clock lags, or
    committed after a notice it raced, was still never told."""
    rows = select(TicketEvent.data).where(
        TicketEvent.ticket_id == ticket.id, TicketEvent.action == "desk_told"
    )
    return {i for data in db.session.execute(rows).scalars() for i in data.get("messages", ())}


def by_phone(again: Ticket, decision: Decision | None) -> Decision:
    """The decision for a phone call about open emergency `again` from its reporter's
    number. Caller ID is forged easily: the call never joins `again` (a forger could tell
    the desk "sudah padam" on a real fire, or learn of it) but opens a report of its own,
    an emergency of type "phone" the 112 desk is alerted to, as from the phone line."""
    reason = f"phone: a call from the number of open emergency {again.number}"
    if decision is not None and decision.kind == "emergency":
        return replace(decision, emergency_type="phone", reason=f"{reason}; {decision.reason}")
    opd = again.opd_code or "BPBD"
    return Decision("emergency", opd, 1.0, reason, ((opd, 1.0),), emergency_type="phone")


def link_phoned(ticket: Ticket, again: Ticket, now: datetime) -> None:
    """Marks on both timelines that `ticket`, a call from the reporter's number of open
    emergency `again`, is a report of its own (see by_phone)."""
    record(ticket, "phoned_from_number", note=again.number, earlier=again.number, at=now)
    record(again, "phoned_after", note=ticket.number, later=ticket.number, at=now)


# What the desk is told of a file the citizen sent (it opens it from the notice's link).
FILE_NAMES = {"photo": "(foto)", "video": "(video)", "voice": "(pesan suara)"}
FILE_NAMES["audio"] = FILE_NAMES["voice"]


# Words of a message that only thanks or acknowledges ("terima kasih pak", "ok, suwun"):
# no news for the desk. At least one of THANKS, the rest from POLITE; anything else (even
# "sudah": "sudah padam" is news) and it is told.
THANKS = re.compile(
    r"terima|kasih|makasih?|t(e|)rimakasih|trims|thx|tq|ty|thanks?|suwun|nuwun|matur(nuwun)?"
    r"|ok(e|ay|ey)?|baik|siap|noted"
)
POLITE = re.compile(
    r"pak|bu|bapak|ibu|min|mas|mbak|kak|dik|you|banyak|sekali|atas|bantuan(nya)?|respon(nya)?"
    r"|infonya|ya|iya|yo|nggih|njih|nya|sangat|much|very|so"
)


def thanks_only(text: str | None) -> bool:
    """Returns True when `text` only thanks or acknowledges (emoji and punctuation aside;
    a number is news: "ok pak, 12" may be the house number the desk asked for)."""
    words = re.findall(r"[^\W_]+", (text or "").lower())
    thanks = any(THANKS.fullmatch(word) for word in words)
    return thanks and all(THANKS.fullmatch(w) or POLITE.fullmatch(w) for w in words)


def _words(message: Message) -> list[str]:
    """What the 112 desk is told of one message: its text, the files it has (a photo of
    the fire, a voice note: named, so the desk knows to open them), the place it shares.
    Thanks alone is nothing to tell (the desk would read it as the alarm raised again)."""
    text = message.text.strip() if message.text and not thanks_only(message.text) else ""
    said = [text] if text else []
    said += [FILE_NAMES.get(a.kind, "(berkas)") for a in message.attachments]
    parts = [" ".join(said)] if said else []
    if place := notify.map_link(message.latitude, message.longitude):
        parts.append(f"{message.address} {place}" if message.address else place)
    return parts


def tell_desk(ticket_id: int) -> int:
    """RQ job: the delayed notice of `desk_hears_more` (nothing when the ticket was closed
    meanwhile or a notice went out since). Returns how many desk members were told."""
    ticket = db.session.get(Ticket, ticket_id)
    if ticket is None or ticket.kind != "emergency" or not ticket.is_open:
        return 0
    told = desk_hears_more(ticket, utcnow())
    db.session.commit()
    return told
