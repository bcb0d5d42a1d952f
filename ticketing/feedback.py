"""The citizen's side of the loop after a resolve: "Sudah beres?" A rating 1-5 closes
the ticket (thanks or praise after it are kept on its timeline; words saying it is not
fixed reopen it, words reporting another problem go on as a report of their own),
"belum" (or "tidak", "masih rusak", "👎") within FEEDBACK_DAYS reopens it (the handling
clock restarts and the OPD hears about it), and silence closes it after FEEDBACK_DAYS."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import lazyload

from aduan.extensions import db
from sla import clocks
from ticketing import notify, outbox, waiting
from ticketing.audit import record
from ticketing.models import Identity, Ticket
from ticketing.routing import Decision
from ticketing.texts import t

# Each run of spaces stands next to no other ("\s*[.!]*\s*" would split a run of spaces
# every way between two runs, three with the "bintang" one: "5", 4,000 spaces and a letter
# took minutes). Every message is tried against these, awaited or not.
# "bintang 5", "nilai: 4", "rating 5": the rating's name before the number
NAMED = r"(?:(?:bintang|nilai(?:nya)?|rating)(?:\s*:)?\s*)?"
RATING = re.compile(rf"^\s*{NAMED}([1-5])\s*(?:(?:bintang|/\s*5)\s*)?(?:[.!]+\s*)?$", re.IGNORECASE)
# "⭐⭐⭐⭐⭐": stars alone, as many as the rating
STARS = re.compile(r"^\s*((?:[\u2b50\u2605]\ufe0f?){1,5})\s*$")
# "5, terima kasih", "4 bintang. agak lama", "5 mantap pak": a rating followed by words
# of its own, set off by punctuation or starting with praise or thanks ("3 hari belum
# diangkut", "1.5 jam menunggu" are no rating). Read as a rating only when the words
# are not a new problem.
PRAISE = (
    r"(?:terima|t(?:e|)rimakasih|makasih?|mksh|mks|trmksh|tq|ty|trims|thanks|thx|mantap"
    r"|mantul|bagus|puas|oke|ok|good|top|keren|cepat|suwun|nuwun|matur|maturnuwun"
    r"|alhamdulillah|sip|siip|jo+s+|apik|sae)\b"
)
BROKEN = (
    r"rusak|mati|bocor|mampet|buntu|banjir|berlubang|bolong|ambles|amblas|retak|putus"
    r"|padam|jebol|macet|mbledos|nggronjal|kumat|kambuh|menumpuk|numpuk|bau|ngelupas"
    r"|mengelupas|pecah|ambrol|gompal"
)
# "3 tapi masih bocor", "2 sudah diperbaiki tapi sekarang rusak lagi", "4 lumayan": a
# rating's words may also start with "but", "already", "still", "not yet" or a verdict
BUT = (
    r"(?:tapi|tp|tpi|tetapi|namun|cuma|cuman|sudah|sdh|udah|wis|wes|masih|msh|tetap|tetep"
    r"|isih|belum|blm|belom|durung|ga|gak|gk|nggak|ngga|tidak|tdk|ora|lumayan|agak|kurang"
    r"|lama|lambat|lelet|suwe|telat|kelamaan|bohong|ngapusi)\b"
    rf"|(?:{BROKEN})\s+(?:lagi|maneh|meneh|maning)\b"
)
RATED_SAYING = re.compile(
    rf"^\s*{NAMED}([1-5])(?:\s*(?:bintang\b|/\s*5\b))?\s*"
    r"(?:[.,!:;)\-](?!\s*[0-9])"
    r"|(?=[\u2600-\u27bf\u2b00-\u2bff\U0001f300-\U0001faff])"  # "5 👍", "1 👎 belum"
    rf"|(?={PRAISE}|{BUT}))(.*)$",
    re.IGNORECASE | re.DOTALL,
)
# "1. Lampu di Jl. Mawar mati": a number set off by "." or ")" before a report of its own
# is a list's first item, no rating (unless praise follows: "4. oke, tapi ...")
LIST_NUMBER = re.compile(r"^\s*[1-5]\s*[.)]")
# what words after a rating can be, a message of their own ("5, makasih. minta data
# anggaran ..." is a PPID request, whose legal deadline runs; not a rating's note)
OWN_KINDS = ("complaint", "info_request", "external")
SAYING_CHARS = 300  # a longer message after a number is a message of its own
# "1. jalan berlubang\n2. lampu mati\n3. got mampet": a numbered list of problems, whose
# first number is no rating
LIST_ITEM = re.compile(r"\n[ \t]*[0-9]{1,2}[ \t]*[.):][ \t]*\S")
# "1, petugas tidak datang", "2. sama sekali belum dikerjakan", "1 - ra beres": a low
# rating whose words say it is not done anywhere reopens (a closed ticket is lost to
# the citizen; a reopened one the officer can resolve again).
LOW_RATING = 2
NOT_DONE_INSIDE = re.compile(
    r"\b(belum|blm|belom|durung|urung|tidak|tdk|gak|ga|gk|nggak|ngga|enggak|engga|ndak|ra"
    r"|ora|mboten|bohong|lagi|not|still|again|never)\b(?!\s+(ada|pernah))",
    re.IGNORECASE,
)
# What may come before "belum" or "masih": a yes to the question, a sigh, the desk
# addressed ("ya belum", "oke belum nyala", "lho pak masih mati").
LEAD = (
    r"(?:(?:ya|y|yo|iya|ok|oke|wah|waduh|lho|loh|lha|duh|aduh|ealah|halah|pak|bu|min|mas"
    r"|mbak|kak)[\s,.!]+){0,2}"
)
NOT_FIXED = re.compile(
    rf"^\s*{LEAD}(belum|blm|belom|blom|durung|urung|dereng|not yet|not fixed)\b(?!\s+(ada|pernah))",
    re.IGNORECASE,
)
# What may follow a one-word answer: how the citizen addresses the desk, punctuation and
# emoji ("sampun pak", "oke 👍", "ga 👎")
ADDRESS = r"(?:\s+(?:pak|bu|kak|min|mas|mbak|bos|ya|yo|nggih|njih))*"
TAIL = r"(?:[\s.,!]|[\u2600-\u27bf\U0001f300-\U0001faff\ufe0f])*$"
# one symbol (or a row of it), any skin tone: 👍 👌 🙏 ✅ say yes, 👎 ❌ say no. A lone 🙏
# after "Sudah beres?" is the chat's thank-you for the work: a yes (a problem left is
# said in words, and silence would close the ticket anyway).
TONE = r"[\U0001f3fb-\U0001f3ff\ufe0f]*"
YES_SYMBOLS = rf"(?:[\U0001f44d\U0001f44c\U0001f64f\u2705\u2714]{TONE})++"
NO_SYMBOLS = rf"(?:[\U0001f44e\u274c]{TONE})++"
# Other ways of saying "no" to "Sudah beres?": only as the whole answer (a message that
# starts with "tidak" can be a new complaint: "tidak ada air sejak pagi").
NO = re.compile(
    rf"^\s*(?:(tidak|tdk|gak|ga|gk|nggak|ngga|enggak|engga|ndak|kagak|ora|mboten|no)"
    rf"(\s+(beres|selesai|juga|sama sekali))*{ADDRESS}|{NO_SYMBOLS}){TAIL}",
    re.IGNORECASE,
)
# "masih rusak", "tetap banjir", "isih bau": the problem is still there. A short answer
# reopens; a longer one only when it says "not" (STILL_NOT) or its words belong to the
# same unit and kind as the ticket (else it is read as what it says: "masih ada pohon
# tumbang di ..." is new).
STILL = re.compile(rf"^\s*{LEAD}(masih|msh|tetap|tetep|isih)\s+\w", re.IGNORECASE)
STILL_WORDS = 10
# "masih belum diangkut ...", "tetap tidak menyala ...": still not done, at any length
# (a long answer that says so is not a new problem).
STILL_NOT = re.compile(
    rf"^\s*{LEAD}(masih|msh|tetap|tetep|isih|sik)\s+(belum|blm|belom|durung|urung|tidak|tdk|gak|ga"
    r"|nggak|ngga|ndak)\b(?!\s+(ada|pernah))",
    re.IGNORECASE,
)
# "kok lampunya masih mati", "lampune sik mati ae": "still" further in the message;
# it reopens only when its words belong to the same unit and kind as the ticket.
STILL_INSIDE = re.compile(r"\b(masih|msh|tetap|tetep|isih|sik)\b", re.IGNORECASE)
# What the words after any rating say when this problem is not fixed: still, not yet
# ("3, tapi masih bocor", "4, tp sampahnya blm diangkut semua") or broken again ("3 sudah
# diperbaiki tapi sekarang rusak lagi", "4, aspale mbledos maneh"). Narrower than
# NOT_DONE_INSIDE: praise says "tidak" and "lagi" ("5, tidak sampai sehari beres").
NOT_YET_INSIDE = re.compile(
    r"\b(?:masih|msh|tetap|tetep|isih"
    r"|(?:belum|blm|belom|blom|durung|urung|dereng)"
    r"(?!\s+(?:ada\b(?!\s+(?:perbaikan|tindak|petugas|yang|perubahan|pengerjaan|hasil))"
    r"|pernah|sampai|sampe|sehari|seminggu|sejam|lama|[0-9]))"
    rf"|(?:{BROKEN})\s+(?:lagi|maneh|meneh|maning|neh)"
    rf"|(?:lagi|maneh|kembali|balik)\s+(?:{BROKEN})|kumat|kambuh"
    r"|(?:tambah|makin|semakin|soyo)\s+(?:parah|gede|besar|lebar|dalam|rusak|banyak))\b",
    re.IGNORECASE,
)
# "2 lama bgt prosesnya", "3, petugasnya lambat": a grumble about the handling, not a
# problem of its own (unless the words name something broken: "lampu mati, lama")
SPEED = re.compile(
    r"\b(lama|lamaa+|lambat|lelet|suwe|suwi|telat|terlambat|molor|kelamaan|nunggu|menunggu"
    r"|respon|pelayanan|petugas(nya)?|prosesnya)\b",
    re.IGNORECASE,
)
BROKEN_WORD = re.compile(rf"\b({BROKEN})\b", re.IGNORECASE)
# "5, semoga tidak rusak lagi", "4 mantap, jangan sampai mampet maneh": a wish, not news
WISH_BEFORE = re.compile(
    r"\b(?:tidak|tdk|gak|ga|nggak|ndak|ora|ra|jangan|semoga|moga|mugo|mugi|biar|agar|supaya)"
    r"\W+(?:\w+\W+)?$",
    re.IGNORECASE,
)
# What comes between a rating and the new problem it reports: thanks, praise, "but",
# "while at it", the desk addressed ("4, oke tapi ", "5 makasih banyak pak, sekalian ")
LEAD_IN = re.compile(
    rf"^(?:(?:{PRAISE}|(?:kasih|banyak|sekali|bgt|banget|tapi|tp|tpi|tetapi|namun|cuma|cuman"
    r"|mek|sekalian|sekaligus|btw|pak|bu|min|mas|mbak|kak|ya)\b)"
    r"(?:[\s,.!;:\-]|[\u2600-\u27bf\U0001f300-\U0001faff\ufe0f])*)+",
    re.IGNORECASE,
)
# "sudah", "sip", "nggih", "👍": yes to "Sudah beres?", only as the whole answer
FIXED = re.compile(
    r"^\s*(?:(?:sudah|sdh|sdah|udah|udh|wis|uwis|wes|uwes|sampun|ok|oke|okay|okey|okeh|sip|siip"
    rf"|siap|nggih|inggih|njih|iya|iyo|ya|y|yes)(\s+(beres|selesai|oke|ok))?{ADDRESS}"
    rf"|{YES_SYMBOLS}){TAIL}",
    re.IGNORECASE,
)


def window() -> timedelta:
    return timedelta(days=current_app.config["FEEDBACK_DAYS"])


def awaiting(identity: Identity, now: datetime) -> Ticket | None:
    """Returns the citizen's latest resolved ticket still waiting for their answer."""
    stmt = (
        select(Ticket)
        .where(Ticket.contact_id == identity.contact_id, Ticket.status == "resolved")
        .where(Ticket.resolved_at > now - window())
        .order_by(Ticket.resolved_at.desc())
        .limit(1)
    )
    return db.session.execute(stmt).scalar()


@dataclass(frozen=True)
class Answer:
    """What a message did to the ticket awaiting the citizen's answer: `ticket`, the one
    it answered (None: the message goes on as a message of its own); `report`, after a
    rating that counted, the words of a new report without the rating ("4, oke tapi
    lampu PJU mati": "lampu PJU mati"), else ""."""

    ticket: Ticket | None = None
    report: str = ""


def handle(
    identity: Identity, text: str, now: datetime, decision: Decision | None = None
) -> Ticket | None:
    """Returns the ticket `text` answered, or None (see answer)."""
    return answer(identity, text, now, decision).ticket


def answer(
    identity: Identity, text: str, now: datetime, decision: Decision | None = None
) -> Answer:
    """Applies a rating, "belum" or "sudah" to the awaiting ticket; returns the ticket
    answered, none when `text` is not an answer to "Sudah beres?" (then it is a normal
    message). `decision` is the routing decision for `text`, if the caller has it."""
    if decision is not None and decision.maybe_emergency:
        return Answer()  # "belum, ada kebakaran", "3, anak saya hilang": never the answer
    rating, fixed = RATING.match(text) or STARS.match(text), FIXED.match(text)
    listed = len(text) > SAYING_CHARS or LIST_ITEM.search(text)
    said = None if rating or listed else RATED_SAYING.match(text)
    words = said.group(2).strip(" ,.!-") if said else text
    still = STILL_INSIDE.search(words)  # anywhere; a short answer that starts with it:
    short = STILL.match(words) and len(words.split()) <= STILL_WORDS
    short = short and not (said and _praise(decision))  # "5, tetap semangat pak"
    not_fixed = NOT_FIXED.match(words) or NO.match(words) or STILL_NOT.match(words) or short
    low = said and int(said.group(1)) <= LOW_RATING and NOT_DONE_INSIDE.search(words)
    if not (rating or said or not_fixed or fixed or still):
        return Answer()
    ticket = awaiting(identity, now)
    if ticket is None:
        return Answer()
    bare = (fixed or NO.match(text)) and not said
    if bare and waiting.asked_since(identity.contact_id, ticket.resolved_at):
        return Answer()  # "ok" answers the desk's newer question, not "Sudah beres?"
    if still and not not_fixed:  # a longer "masih ...", or "still" further on: this one?
        if _same_problem(ticket, decision):
            not_fixed = True
        elif not said:
            return Answer()
    again = low or (said and _not_yet(words, decision))
    if again and not not_fixed and not _new_problem(ticket, decision):
        not_fixed = True  # "1, petugas tidak datang", "3, tapi masih bocor": not done
    locale = identity.contact.locale
    grumble = SPEED.search(words) and not BROKEN_WORD.search(words)
    if said and not not_fixed and _reported(decision) and not grumble:
        # "4, oke tapi lampu PJU di Jl. Kenjeran mati": a report of its own, even for the
        # same unit; the rating counts (not a list's "1." before it) and the caller
        # opens the report from the words
        if not LIST_NUMBER.match(text) or re.match(PRAISE, words, re.IGNORECASE):
            _close(ticket, now, locale, said, "")
            return Answer(report=LEAD_IN.sub("", words) or words)
        return Answer()
    rating = rating or said
    if not_fixed:
        reopen(ticket, now, text)
        key = "reopened_info" if ticket.kind == "info_request" else "reopened"
        key = "reopened_review" if ticket.status == "triage" else key  # no unit was told
        registration = ticket.registration_number or ticket.number
        outbox.to_identity(
            ticket.identity,
            t(key, locale, number=ticket.number, registration=registration),
            ticket=ticket,
            purpose="reopened",
        )
        return Answer(ticket)
    _close(ticket, now, locale, rating, words[:300] if said else "")
    return Answer(ticket)


def _close(ticket: Ticket, now: datetime, locale: str, rating: re.Match | None, note: str) -> None:
    """Closes the ticket as the citizen answered (rated, or confirmed without a number)
    and thanks them."""
    ticket.status, ticket.closed_at = "closed", now
    ticket.close_reason = "rated" if rating else "confirmed"
    if rating:
        ticket.rating = _stars(rating.group(1))
    record(
        ticket,
        "closed",
        actor_kind="citizen",
        at=now,
        rating=ticket.rating,
        reason=ticket.close_reason,
        note=note,
    )
    thanks = t(ticket.close_reason, locale, number=ticket.number)  # "rated" or "confirmed"
    outbox.to_identity(ticket.identity, thanks, ticket=ticket, purpose="rated")


def _stars(given: str) -> int:
    """The rating a "5" or a "⭐⭐⭐⭐⭐" gives."""
    return int(given) if given.isdigit() else len(given.replace("\ufe0f", ""))


def _not_yet(words: str, decision: Decision | None) -> bool:
    """The words after a rating say this problem is still there, not yet done or broken
    again (not as a wish: "semoga tidak rusak lagi"); a "still" alone not when the
    router is sure they are praise ("5, tetap semangat pak")."""
    for found in NOT_YET_INSIDE.finditer(words):
        if WISH_BEFORE.search(words[: found.start()]):
            continue
        if not (STILL_INSIDE.fullmatch(found.group()) and _praise(decision)):
            return True
    return False


def _praise(decision: Decision | None) -> bool:
    """The router is sure the words are no complaint (thanks, praise)."""
    return decision is not None and decision.kind == "not_complaint" and not decision.triage


def _reported(decision: Decision | None) -> bool:
    """The router is sure the words are a complaint, an information request or a matter
    for another agency: a report of their own, never only a note on a rating."""
    return (
        decision is not None
        and decision.kind in OWN_KINDS
        and not decision.triage
        and decision.opd is not None
    )


def _same_problem(ticket: Ticket, decision: Decision | None) -> bool:
    """A longer "masih ..." is about the resolved ticket when it is routed like it."""
    return (
        decision is not None
        and decision.opd is not None
        and (decision.kind, decision.opd) == (ticket.kind, ticket.opd_code)
    )


def _new_problem(ticket: Ticket, decision: Decision | None) -> bool:
    """The words after a rating are a complaint, an information request or a matter for
    another agency of their own: routed, but not like the resolved ticket."""
    return _reported(decision) and not _same_problem(ticket, decision)


def reopen(ticket: Ticket, now: datetime, said: str) -> None:
    """Reopens a resolved ticket: handling clock restarted, the OPD notified. One no
    unit handled (the desk resolved it in triage) goes back to triage, as
    actions.reopen sends it, on a fresh triage clock."""
    back_to_triage = unowned(ticket)
    ticket.status, ticket.resolved_at = ("triage" if back_to_triage else "in_progress"), None
    ticket.opd_code = None if back_to_triage else ticket.opd_code
    ticket.reopened += 1
    record(ticket, "reopened", actor_kind="citizen", at=now, note=said.strip()[:300])
    restart_reopened(ticket, now, said=notify.quoted(said))  # why, in the officer's notice


def unowned(ticket: Ticket) -> bool:
    """No unit handled the ticket (outside the remit, never routed): reopened, it goes
    back to triage."""
    return ticket.opd_code in (None, "EXTERNAL")


def restart_reopened(
    ticket: Ticket, now: datetime, key: str = "reopened_officer", **values: object
) -> None:
    """A reopened ticket's clocks and who hears of it: back in triage, the triage clock
    alone (no unit to tell); else a complaint's handling clock restarts (PPID and 112
    have no such clock) and its unit is told with text `key`."""
    if ticket.status == "triage":
        clocks.restart(ticket, "triage", now)
        return
    if ticket.kind == "complaint":
        clocks.restart(ticket, "resolution", now)
    objected = clocks.get(ticket, "objection") is not None  # the superior's (UU 14/2008)
    notify.reopened(ticket, now, key, objected=objected, **values)


CLOSE_BATCH = 500  # tickets closed per transaction by close_silent


def close_silent(now: datetime) -> int:
    """Closes resolved tickets nobody answered within FEEDBACK_DAYS, each through the
    audit trail (its timeline says so, partners hear "closed"); commits every
    CLOSE_BATCH tickets and returns how many it closed."""
    closed = 0
    while True:
        batch = (
            db.session.execute(
                select(Ticket)
                .where(Ticket.status == "resolved", Ticket.resolved_at <= now - window())
                .order_by(Ticket.id)
                .limit(CLOSE_BATCH)
                .options(lazyload(Ticket.messages))  # not every message of 500 tickets
                .with_for_update(skip_locked=True)
            )
            .scalars()
            .all()
        )
        for ticket in batch:
            ticket.status, ticket.closed_at, ticket.updated_at = "closed", now, now
            ticket.close_reason = "no_reply"
            record(ticket, "closed", at=now, reason="no_reply")
        db.session.commit()
        closed += len(batch)
        if len(batch) < CLOSE_BATCH:
            return closed
