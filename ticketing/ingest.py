"""ingest(): the ONE writer of tickets. Every adapter's InboundMessage comes through here.

It finds the citizen, stores the message once, answers commands and status checks on
the spot, appends to the open ticket or opens and routes a new one; the caller commits."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app

from aduan import timefmt
from aduan.extensions import db
from channels.base import InboundMessage
from ticketing import cited as citing
from ticketing import (
    classifier,
    contacts,
    emergencies,
    feedback,
    followups,
    language,
    late_answers,
    numbers,
    objections,
    outbox,
    places,
    problems,
    status,
    status_words,
    stored,
    triage,
    waiting,
)
from ticketing.audit import record
from ticketing.models import Identity, Message, Ticket, summary_of, utcnow
from ticketing.routing import Decision
from ticketing.texts import t

log = logging.getLogger(__name__)

APPENDED_NOTICE_GAP = timedelta(minutes=30)
# A tweet starts with the handles it addresses ("@sapawargasby @ewsby ..."): not a summary.
LEADING_HANDLES = re.compile(r"^(?:@\w{1,15}\s+)+")
STATUS_COMMANDS = ("status", "cek", "check", "lacak")  # "/cek MC-2026-1" on Telegram


@dataclass
class Result:
    """What ingest did with one message."""

    duplicate: bool = False
    message_id: int | None = None
    ticket_id: int | None = None
    outcome: str = ""  # new_ticket | appended | status | welcome | not_complaint | ...
    notes: list[str] = field(default_factory=list)


def ingest(
    msg: InboundMessage,
    *,
    event_id: int | None = None,
    now: datetime | None = None,
    decision: Decision | None = None,
) -> Result:
    """Stores `msg` and acts on it; returns what happened. Duplicates are no-ops.
    `decision` is the routing decision for its text when the caller already has it."""
    now = now or utcnow()
    if stored.already(msg):
        return Result(duplicate=True, outcome="duplicate")
    identity = contacts.resolve(msg.channel, msg.sender_id, msg.sender_name, msg.sent_at)
    if msg.phone:
        db.session.flush()  # refresh() below would drop resolve()'s last_inbound_at
        contacts.link_phone(identity.contact, msg.phone)
        db.session.refresh(identity)
    message = stored.store(msg, identity, event_id)
    if message is None:
        return Result(duplicate=True, outcome="duplicate")
    result = Result(message_id=message.id)
    spoken = msg.channel == "voice"  # a transcript's wording is the recogniser's
    if contacts.unproven(msg.channel):
        # A number typed into a form: its report is answered in its own language, but the
        # number's owner (maybe someone else) keeps theirs.
        locale = language.guess(msg.text) or identity.contact.locale or "id"
    elif spoken:
        locale = identity.contact.locale
    else:
        locale = language.follow(identity.contact, msg.text)

    text = msg.text.strip()
    if decision is None and text:
        decision = classifier.classify(text, msg.channel)
    # an emergency is answered as one in every state: before a command, a rating, an
    # objection, a status check or the open ticket could take it
    alarm = decision is not None and decision.kind == "emergency"
    if msg.command == "start" and not alarm:
        outbox.to_identity(identity, t("welcome", locale), purpose="welcome")
        result.outcome = "welcome"
        return result
    if msg.unsupported and not msg.text:
        open_ticket = followups.open_ticket(identity.contact_id)
        if open_ticket is not None:
            message.ticket_id = open_ticket.id
        outbox.to_identity(identity, t("unsupported", locale), purpose="unsupported")
        result.outcome = "unsupported"
        return result

    form = msg.channel in classifier.FORM_CHANNELS  # its number may be a stranger's
    # not from a form nor a call (a caller's number is easily forged, and a keberatan is
    # written), nor in an alarm
    objects = text and not form and not spoken and not alarm
    objected = objections.handle(identity, text, now) if objects else None
    if objected is not None:  # "saya keberatan" after PPID answered (UU 14/2008)
        message.ticket_id = objected.id
        result.ticket_id, result.outcome = objected.id, "objection"
        return result
    answers = text and not form and not spoken  # a form's or call's "belum" is no owner's
    reply = feedback.answer(identity, text, now, decision) if answers else feedback.Answer()
    if reply.ticket is not None:
        message.ticket_id = reply.ticket.id
        result.ticket_id, result.outcome = reply.ticket.id, "feedback"
        return result
    reported = reply.report or text  # "4, oke tapi lampu mati": the report, not the rating
    late = None if form or spoken else late_answers.unanswered(identity, text, now, decision)
    if late is not None:  # the answer to a question asked before the ticket was resolved
        late_answers.land(late, message, now, locale)
        result.ticket_id, result.outcome = late.id, "late_answer"
        return result
    # a report form is never a status check
    asked = status.read(text) if text and not form else status.Request()
    # "000321": their own ticket's status; but "no 12" minutes after an alarm is the
    # address the 112 desk needs
    if asked.bare is not None and not emergencies.recent(identity.contact_id, now):
        asked = status.own_bare(identity.contact, asked)
    checking = (
        decision is not None
        and decision.kind == "status_check"
        and not decision.triage
        and not asked.new_problem
    )
    # "sudah lapor dari tadi, kok belum ada yang datang, apinya membesar": an emergency
    # is never answered with a status, however it grumbles about an earlier report
    if (msg.command in STATUS_COMMANDS or asked.is_check or checking) and not alarm:
        if msg.command in STATUS_COMMANDS:
            asked = status.read(f"cek {msg.command_args}")
        reply = status.answer(identity.contact, asked, locale)
        # "wis diproses durung?": the open ticket keeps it (a recent emergency first)
        about = None
        if not (asked.cited or asked.serials):
            recent = None if spoken else emergencies.recent(identity.contact_id, now)
            about = recent or followups.open_ticket(identity.contact_id)
        elif citing.says_more(asked) and (own := citing.own_open(identity.contact_id, asked)):
            # "MC-... masih bolong pak": the owner's words stay on their ticket
            _append(own, message, decision, now, locale, notice=False)
            reply = t("appended", locale, number=own.number) + "\n" + reply
            outbox.to_identity(
                identity, reply, ticket=own, purpose="status", reply_to=_reply_to(msg)
            )
            result.ticket_id, result.outcome = own.id, "status"
            return result
        if about is not None:
            message.ticket_id = about.id
            if about.kind == "emergency":
                emergencies.desk_hears_more(about, now)
        outbox.to_identity(identity, reply, ticket=about, purpose="status", reply_to=_reply_to(msg))
        result.ticket_id, result.outcome = (about.id if about else None), "status"
        return result
    cited: tuple[str, ...] = ()
    if asked.cited and asked.new_problem:  # "about MC-...: and now there is another problem"
        decision = classifier.classify(asked.rest, msg.channel)
        cited = citing.numbers(asked)

    emergency = decision is not None and decision.kind == "emergency"
    # The citizen of an emergency opened minutes ago writes again: "TOLONG!!" in a panic,
    # the address, a shared location, "ada anak di lantai 2". Not from a form (its
    # number may be a stranger's), nor another problem ("satu lagi, ...").
    joins = not form and msg.command != "baru" and (emergency or not cited)
    again = emergencies.recent(identity.contact_id, now) if joins else None
    more = again is not None and (emergency or not followups.another_problem(again, text, decision))
    phoned = again if more and spoken else None  # caller ID is forged easily: see by_phone
    if phoned is not None:
        decision, emergency = emergencies.by_phone(phoned, decision), True
    elif more and again is not None:
        # the 112 advice again, or (within its gap) that the desk has the words
        advised = emergency and emergencies.advise_again(again, now, locale, _reply_to(msg))
        _append(again, message, decision, now, locale, notice=not advised)
        result.ticket_id, result.outcome = again.id, "appended"
        return result
    current = None
    if msg.command != "baru" and not emergency:  # the ticket they cite before the newest
        own = citing.own_open(identity.contact_id, asked) if cited else None
        current = own or followups.open_ticket(identity.contact_id, text)
    if cited and current is not None and not citing.about(current, cited, decision):
        current = None  # a new problem, not more about the open ticket
    elif not cited and current is not None and followups.another_problem(current, text, decision):
        current = None  # "satu lagi, lampunya juga mati": not the open ticket's matter
    if current is not None:
        # "kapan dibenerin? sudah seminggu", "gimana min?": no number, but about the open
        # ticket. It keeps the message and the citizen hears its status (an answer the
        # desk asked for resumes the ticket instead).
        asks = status_words.asks_about_open(text)
        asks = asks and not form and current.status != "waiting"
        asks = asks and (bool(cited) or not status_words.elsewhere(text))
        _append(current, message, decision, now, locale, notice=not (asks or cited))
        if asks or cited:  # a number cited: noted on it, and where it stands
            reply = status.reply_for(identity.contact, (current.number,), locale)
            if cited:
                reply = t("appended", locale, number=current.number) + "\n" + reply
            outbox.to_identity(  # on the ticket: the agent sees the desk already answered
                identity, reply, ticket=current, purpose="status", reply_to=_reply_to(msg)
            )
        result.ticket_id, result.outcome = current.id, "status" if asks else "appended"
        return result
    if decision is not None and decision.kind == "not_complaint" and not decision.triage:
        outbox.to_identity(identity, t("not_complaint", locale), purpose="not_complaint")
        result.outcome = "not_complaint"
        return result

    parts = _problems(asked.rest if cited else reported, decision, form or bool(cited or phoned))
    summary = parts.parts[0].text if cited or reply.report or len(parts.parts) > 1 else None
    ticket = _open(identity, message, msg, now, summary)
    if phoned is not None:
        emergencies.link_phoned(ticket, phoned, now)
    triage.apply(ticket, parts.parts[0].decision, now=now, locale=locale, reply_to=_reply_to(msg))
    citing.link(ticket, cited, now)
    if parts.flag:
        record(ticket, "split_suggested", note=", ".join(parts.flag), opds=list(parts.flag))
    for part in parts.parts[1:]:
        other = _open(identity, None, msg, now, part.text)
        record(other, "split_from", note=ticket.number, parent=ticket.number)
        triage.apply(other, part.decision, now=now, locale=locale, reply_to=_reply_to(msg))
        result.notes.append(other.number)
    result.ticket_id, result.outcome = ticket.id, "new_ticket"
    return result


def _problems(text: str, decision: Decision | None, whole: bool) -> problems.Split:
    """Returns the problems to open tickets for (one unless the message holds several)."""
    if decision is None or whole or not text:
        return problems.Split((problems.Part(text, decision),))  # type: ignore[arg-type]
    threshold = current_app.config["ROUTING_THRESHOLD"]
    return problems.split(text, decision, classifier.classify, threshold, classifier.warm)


def _open(
    identity: Identity,
    message: Message | None,
    msg: InboundMessage,
    now: datetime,
    summary: str | None = None,
) -> Ticket:
    """Opens a ticket for `msg` (`summary`: the part of it this ticket is about)."""
    year = now.astimezone(timefmt.zone()).year
    text = (summary if summary is not None else msg.text or "").strip()
    if msg.channel == "x":
        text = LEADING_HANDLES.sub("", text) or text
    ticket = Ticket(
        number=numbers.next_number(year),
        contact_id=identity.contact_id,
        identity_id=identity.id,
        channel=msg.channel,
        status="new",
        summary=summary_of(text),
        created_at=now,
        last_citizen_at=now,
        pii_flag=bool(msg.meta.get("pii")),
    )
    if msg.location:
        ticket.latitude, ticket.longitude = msg.location.latitude, msg.location.longitude
        ticket.address = msg.location.address or msg.location.name
    ticket.kecamatan = places.find_kecamatan(ticket.address, msg.text)
    db.session.add(ticket)
    db.session.flush()
    if message is not None:
        message.ticket_id = ticket.id
    record(
        ticket,
        "created",
        actor_kind="citizen",
        actor_name=identity.display_name or "",
        channel=msg.channel,
    )
    return ticket


def _append(
    ticket: Ticket,
    message: Message,
    decision: object,
    now: datetime,
    locale: str,
    notice: bool = True,
) -> None:
    """Adds `message` to the open `ticket`; tells the citizen so (at most every
    APPENDED_NOTICE_GAP, a caller always) unless `notice` is False."""
    message.ticket_id = ticket.id
    ticket.last_citizen_at = now
    if message.meta.get("pii"):  # a public post with personal data (ticketing.privacy)
        ticket.pii_flag = True
    if message.latitude is not None and ticket.latitude is None:
        ticket.latitude, ticket.longitude = message.latitude, message.longitude
        ticket.address = message.address
    if message.text and not ticket.summary:
        ticket.summary = summary_of(message.text)
    record(ticket, "citizen_message", actor_kind="citizen", message_id=message.id)
    spoken = message.channel == "voice"
    writer = db.session.get(Identity, message.identity_id) if spoken else ticket.identity
    if ticket.kind == "emergency" and ticket.is_open:
        emergencies.desk_hears_more(ticket, now)  # the address, "ada anak di lantai 2"
        if notice:  # "the 112 desk has it" instead of the notices below
            emergencies.acknowledge_added(ticket, message, writer, now, locale)
        notice = False
    if (asked := waiting.unseen_question(ticket)) is not None:
        # asked now, where they wrote from: an SMS does not open WhatsApp's window
        sender = db.session.get(Identity, message.identity_id) or writer
        # at most once for the row the template stood for (two messages at once both
        # find it unseen)
        key = f"ask-again-{asked.id}"
        outbox.to_identity(sender, asked.text, ticket=ticket, purpose="ask", dedupe_key=key)
        return
    answered = ticket.status == "waiting"  # the answer to a question the desk asked
    if answered:
        triage.resume(ticket, now, message.text or "")
    routed = False  # by the answer's words: the citizen hears where it went
    if ticket.status == "triage" and ticket.routed_by is None and message.text:
        said = f"{ticket.summary}\n{message.text}".strip()  # the answer counts too
        before, ticket.summary = ticket.summary, summary_of(said)  # what the unit is told
        urgent = ticket.priority or 0
        triage.apply(
            ticket,
            classifier.classify(said, ticket.channel),
            now=now,
            locale=locale,
            acknowledge=False,
        )
        if ticket.status == "triage":
            ticket.summary = before
        routed = ticket.status != "triage"
        if not routed and (ticket.priority or 0) > urgent:  # "anak saya hilang" added: 112
            said = t("ack_triage_alarm", locale, number=ticket.number, track="")
            key = f"alarm-{ticket.id}"
            outbox.to_identity(writer, said, ticket=ticket, purpose="ack", dedupe_key=key)
            return
    # A caller always hears "the report number comes by SMS": a call is always answered.
    if notice and answered and not routed and not spoken:  # they wait to hear it arrived
        said = t("answer_received", locale, number=ticket.number)
        outbox.to_identity(ticket.identity, said, ticket=ticket, purpose="appended")
        return
    last_notice = ticket.updated_at if ticket.updated_at else ticket.created_at
    if notice and (
        spoken
        or (
            now - ticket.created_at > timedelta(minutes=1)
            and now - last_notice > APPENDED_NOTICE_GAP
        )
    ):
        outbox.to_identity(
            writer,
            t("appended", locale, number=ticket.number),
            ticket=ticket,
            purpose="appended",
        )


def _reply_to(msg: InboundMessage) -> str | None:
    return msg.external_id if msg.public else None
