"""Status checks from any channel: 'cek', 'status laporan saya', 'cek mc-2026-1', 'MC 2026
123', '2026-000002', 'MC-2026-00O123', 8 digits, '/status', the IVR menu, a number said in
words ('em ce dua nol dua enam ...', 'nomor seratus dua puluh tiga': ticketing/numwords.py).

A citizen learns the details only of their own tickets (found by their contact, so on
every channel they used). Of someone else's ticket they learn only its public status,
and only when the public side lists it; an unlisted number answers like an unknown one.
A PPID registration number is answered by that number, also when it is someone else's
or unknown: which ticket it is, and whether it exists, is the requester's business.
A number read from bare digits is a guess: it is answered when it is one of the
citizen's own tickets, else the citizen is asked to confirm the number."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from aduan import timefmt
from aduan.extensions import db
from sla import clocks
from ticketing import numwords, publication, waiting
from ticketing.models import OPEN_STATUSES, Contact, Ticket, TicketEvent, answered, utcnow
from ticketing.problems import ABBREV
from ticketing.status_words import ABOUT, FILLER, POSSESSIVE, PROGRESS_ASKED, follows_up
from ticketing.texts import public_label, status_label, t

MAX_LISTED = 5
_SEP = r"[\s\-_./:\u2010-\u2015\u2212]*"  # any dash a phone keyboard types
_D = "[0-9Oo]"  # a mistyped O is a zero in a number
# "MC-2026-000123", "mc 2026 1", "MC2026-00O123"
_PREFIXED = re.compile(rf"\bMC{_SEP}(2{_D}{{3}}){_SEP}({_D}{{1,6}})(?![0-9A-Za-z])", re.IGNORECASE)
# "PPID-2026-00001", "ppid 2026 1": an information request's registration number
_REGISTRATION = re.compile(rf"\bPPID{_SEP}(2{_D}{{3}}){_SEP}({_D}{{1,5}})(?![0-9A-Za-z])", re.I)
# How the phone line says a number back ("tahun 2026 nomor 123") and how callers say it
# ("MC 2026 nomor 123", "nomor 123 tahun 2026", "nomor 123 tahun ini" / Javanese "iki")
_NOMOR = r"(?:nomor|nomer|no\.?|nmr)"
_YEAR_NUMBER = re.compile(
    rf"\b(?:MC|tahun|th\.?)\s*(20\d\d)[\s,]*{_NOMOR}\s*(\d{{1,6}})(?!\w)", re.I
)
_NUMBER_YEAR = re.compile(
    rf"\b{_NOMOR}\s*(\d{{1,6}})[\s,]*(?:tahun|th\.?)\s*(20\d\d|ini|iki)\b", re.I
)
# "2026-000002", "2026/123" after a cue word: a year, a separator, a serial
_YEAR_SERIAL = re.compile(r"(?<![\w/.-])(20\d\d)[\-_./](\d{1,6})(?![\w/.-])")
# "2026000123" (year + 6 digits) and "20260123" (year + 4 digits): guesses
_DIGITS = re.compile(r"(?<![\w+])(20\d\d)(\d{4}|\d{6})(?!\w)")
_STRONG = r"(?:/?(?:cek|check|status|lacak|tracking))"
_CUE = (
    # with a possessive ending: "ditunggu kabarnya ya laporan saya"
    rf"(?:{_STRONG}|(?:update|progres|progress|perkembangan|kabar)(?:nya|ne|e)?|"
    r"tindak\s*lanjut(?:nya)?|gimana|"
    r"bagaimana|piye|pripun|sudah\s+sampai\s+mana|sdh\s+sampai\s+mana|wis\s+tekan\s+ngendi)"
)
# Asking for a status: a strong cue word, or a weak one about "my report"
_ASKED = re.compile(
    rf"(?:^|(?<=\W)){_STRONG}\b|\b{_CUE}\b.{{0,40}}\b(?:laporan|aduan|pengaduan|tiket|report)"
    r"|\b(?:laporan|aduan|pengaduan|tiket|report)\w*\b.{0,40}\b" + _CUE + r"\b"
    # "aduan saya soal sampah udah ditangani blm?"
    r"|\b(?:laporan|aduan|pengaduan|tiket)\w*\b.{0,40}\b(?:sudah|sdh|udah|udh|dah|wis|wes)\s+"
    r"di\w+\s+"
    r"(?:belum|blm|durung|apa belum)\b"
    # "no. 123 udah ditindaklanjuti belum": a bare number asked about the same way
    r"|\b(?:no|nomor|nomer|nmr)\.?\s?\d{1,6}\b.{0,20}\b(?:sudah|sdh|udah|udh|dah|wis|wes)\s+"
    r"di\w+\s+(?:belum|blm|durung)\b",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?\n]*")
# "cek 123": a bare serial right after "cek"/"status" (and "laporan/nomor/no"). A "#" or
# ":" carries its own spaces: "\s*#?\s*" split a long run of spaces every way (quadratic).
_SHORT = re.compile(
    rf"\b{_STRONG}(?:\s+(?:laporan|aduan|tiket|nomor|nomer|no\.?|nmr))*\s*(?:#\s*)?(\d{{1,6}})(?!\w)",
    re.IGNORECASE,
)
# "nomor aduan 000321", "no. tiket 45": a serial the citizen labels as a report number
_LABELLED = re.compile(
    r"\b(?:nomor|nomer|no\.?|nmr)\s*(?:laporan|aduan|pengaduan|tiket)\s*(?:[:#]\s*)?(\d{1,6})(?!\w)",
    re.IGNORECASE,
)
# "000321", "321?", "laporan 000321", "no. 321": a serial alone (with at most a label). A
# status check only when it is one of the sender's own tickets (see own_bare).
_BARE = re.compile(
    r"^\W*(?:(?:laporan|aduan|pengaduan|tiket|nomor|nomer|no|nmr)\b\W*)*(\d{1,6})\W*$", re.I
)
# A rest of at least this many words that are not fillers may be a new problem.
MIN_PROBLEM_WORDS = 3


@dataclass(frozen=True)
class Cited:
    """A ticket number read from a message; `certain` is False for bare digits. A PPID
    registration number keeps its `registration` ("PPID-2026-00001"); its `number` is
    the request's ticket number, "" when no request has it."""

    number: str
    certain: bool = True
    registration: str | None = None


@dataclass(frozen=True)
class Request:
    """What a message asks about tickets: the numbers it cites, bare serials after a cue
    ("cek 123"), whether it asks for a status at all, and the words left over."""

    cited: tuple[Cited, ...] = ()
    serials: tuple[int, ...] = ()
    asked: bool = False
    rest: str = ""
    bare: int | None = None  # a serial said alone ("000321"): a check if it is theirs

    @property
    def new_problem(self) -> bool:
        """True when the words left over may be a new report (a few real words)."""
        words = re.findall(r"[a-z]{3,}", ABOUT.sub(" ", self.rest).lower())
        if sum(1 for w in words if not _filler(w)) < MIN_PROBLEM_WORDS:
            return False
        # "MC-... blm ada yg dateng, jalannya tambah parah": the old problem, still waiting
        return not follows_up(self.rest, bool(self.cited or self.serials))

    @property
    def is_check(self) -> bool:
        """True when the message is only a status check ('cek', 'cek MC-2026-1')."""
        return (self.asked or bool(self.cited)) and not self.new_problem


def _filler(word: str) -> bool:
    return word in FILLER or POSSESSIVE.sub("", word) in FILLER


def _number(year: str, serial: str) -> str | None:
    year, serial = year.replace("O", "0").replace("o", "0"), serial.replace("O", "0")
    serial = serial.replace("o", "0")
    if not (year.isdigit() and serial.isdigit()) or int(serial) == 0:
        return None
    return f"MC-{year}-{int(serial):06d}"


def _registered(year: str, serial: str) -> Cited | None:
    """Returns PPID registration `year`/`serial` as cited (with its request's ticket
    number, "" when there is none), or None when it is no registration number."""
    number = _number(year, serial)
    if number is None:
        return None
    registration = f"PPID-{number[3:7]}-{int(number[8:]):05d}"
    stmt = select(Ticket.number).where(Ticket.registration_number == registration)
    return Cited(db.session.execute(stmt).scalar() or "", True, registration)


def read(text: str, year: int | None = None) -> Request:
    """Returns what `text` asks about tickets (see Request). Numbers said in words
    count ("em ce dua nol dua enam ...", ticketing/numwords.py); "tahun ini" is `year`
    (default: this year in the desk's time zone)."""
    text = numwords.in_context(text or "")
    cited: list[Cited] = []
    spans: list[tuple[int, int]] = []
    asked = bool(_ASKED.search(text) or PROGRESS_ASKED.search(text))
    for match in _REGISTRATION.finditer(text):  # never read as an MC number
        spans.append(match.span())
        if found := _registered(match.group(1), match.group(2)):
            cited.append(found)
    this_year = str(year or utcnow().astimezone(timefmt.zone()).year)
    patterns = ((_YEAR_NUMBER, True), (_NUMBER_YEAR, True), (_PREFIXED, True))
    patterns += ((_YEAR_SERIAL, True), (_DIGITS, False))
    for pattern, certain in patterns:
        for match in pattern.finditer(text):
            if any(a <= match.start() < b for a, b in spans):
                continue
            if pattern is _YEAR_SERIAL and not (asked or len(match.group(2)) >= 4):
                continue  # "2026/12" is a date unless a cue word says "a report"
            first, second = match.group(1), match.group(2)
            if pattern is _NUMBER_YEAR:  # the serial first, then the year ("ini": this one)
                first, second = (second if second.isdigit() else this_year), first
            number = _number(first, second)
            if number is not None:
                spans.append(match.span())
                cited.append(Cited(number, certain))
    serials: list[int] = []
    for match in (*_SHORT.finditer(text), *_LABELLED.finditer(text)):
        if not any(a <= match.start(1) < b for a, b in spans) and int(match.group(1)):
            serials.append(int(match.group(1)))
            spans.append(match.span(1))
            asked = True  # a serial after "cek" or "nomor aduan" asks about that report
    rest = _rest(text, spans)
    asked = asked or (not cited and follows_up(text, bool(serials)))
    unique: dict[str, Cited] = {}
    for item in cited:
        unique.setdefault(item.registration or item.number, item)
    bare = _BARE.match(text) if not (cited or serials) else None
    serial = int(bare.group(1)) if bare and int(bare.group(1)) else None
    return Request(tuple(unique.values()), tuple(dict.fromkeys(serials)), asked, rest, serial)


def own_bare(contact: Contact, request: Request) -> Request:
    """Returns `request` as a status check of its bare serial ("000321") when it is one of
    `contact`'s tickets and none waits for their answer ("12" may be a house number), or
    when nothing of theirs is open to add it to; else unchanged. Reads no one else's."""
    if request.bare is None:
        return request
    own = bool(_own_by_serial(contact, request.bare))
    busy = Ticket.status == "waiting" if own else Ticket.status.in_(OPEN_STATUSES)
    if db.session.execute(select(Ticket.id).where(Ticket.contact_id == contact.id, busy)).first():
        return request
    return Request(request.cited, (request.bare,), True, "", None)


def _rest(text: str, spans: list[tuple[int, int]]) -> str:
    """Returns `text` without the cited numbers; without the sentences citing them when
    the other sentences still say something ("I reported MC-... about the lamp. Now
    there is rubbish on ...": the new problem is the rest)."""
    # the full stop of "Jl." ends no sentence (same length, so the spans still hold)
    masked = ABBREV.sub(lambda m: m.group(0).replace(".", " "), text)
    others = [
        text[m.start() : m.end()]
        for m in _SENTENCE.finditer(masked)
        if not any(m.start() <= a < m.end() for a, _ in spans)
    ]
    if spans and others and Request(rest=" ".join(others)).new_problem:
        return " ".join(" ".join(others).split())
    for a, b in sorted(spans, reverse=True):
        text = text[:a] + " " + text[b:]
    return " ".join(text.split())


def find_numbers(text: str, registrations: bool = False) -> tuple[str, ...]:
    """Returns the ticket numbers `text` certainly cites, normalised to MC-YYYY-NNNNNN;
    with `registrations` (staff only), also the tickets of the PPID registration
    numbers it cites: for anyone else the registration must not tell its ticket."""
    return tuple(
        c.number
        for c in read(text).cited
        if c.certain and c.number and (registrations or c.registration is None)
    )


def owns(contact: Contact, ticket: Ticket) -> bool:
    """Returns True when `contact` reported `ticket` (or a ticket an agent confirmed as
    part of its incident)."""
    if ticket.contact_id == contact.id:
        return True
    stmt = select(Ticket.id).where(
        Ticket.incident_id == ticket.id,
        Ticket.incident_confirmed.is_(True),
        Ticket.contact_id == contact.id,
    )
    return db.session.execute(stmt).first() is not None


def line(ticket: Ticket, locale: str = "id", asker: Contact | None = None) -> str:
    """Returns one status line for the citizen who reported the ticket (`asker`, when
    given, is who asks: the question put to the reporter is told to them only, not to
    the reporter of another report in the same incident)."""
    due = ""
    mine = asker is None or asker.id == ticket.contact_id
    awaited = promised(ticket)
    request = ticket.kind == "info_request"  # a PPID request: its registration, its legal due
    # Waiting for the citizen's answer the clocks stand still: the date stored moves on
    # by the pause once they answer, so it is not told (as on the agent's page, "-").
    if ticket.status in OPEN_STATUSES and ticket.status != "waiting" and awaited:
        key = "status_resolution_due" if answered(ticket) else "status_due"
        if request:  # a keberatan under way has its own deadline (UU 14/2008 Pasal 36)
            c = clocks.get(ticket, "objection")
            key = "status_due_info" if c is None or c.status == "met" else "status_due_objection"
        due = t(key, locale, due=timefmt.human(awaited, locale))
    elif ticket.status == "waiting" and mine and (question := waiting.question_text(ticket)):
        # "menunggu informasi dari Anda" alone: a citizen who lost the question could
        # not tell what to send
        due = t("status_question", locale, question=question)
    return t(
        "status_line_info" if request else "status_line",
        locale,
        registration=ticket.registration_number or ticket.number,
        number=ticket.number,
        status=shown_status(ticket, asker, locale),
        opd=_handler(ticket),
        updated=timefmt.human(ticket.updated_at or ticket.created_at, locale),
        due=due,
    )


def shown_status(ticket: Ticket, asker: Contact | None, locale: str = "id") -> str:
    """The ticket's status as `asker` hears it: an incident waiting for its own
    reporter's answer is, to the other reporters, where it was when that reporter was
    asked (nothing is awaited from them; forwarded is not "sedang ditangani")."""
    mine = asker is None or asker.id == ticket.contact_id
    return status_label(ticket.status if mine else waiting.as_others_hear(ticket), locale)


def _handler(ticket: Ticket) -> str:
    """Who handles the ticket; for one an agent resolved, the desk, as the citizen was
    told when it was resolved (not the unit it had been passed to)."""
    if ticket.opd is None:
        return "Media Center"
    if ticket.status in ("resolved", "closed"):
        resolver = db.session.execute(
            select(TicketEvent.actor_kind)
            .where(TicketEvent.ticket_id == ticket.id, TicketEvent.action == "resolved")
            .order_by(TicketEvent.id.desc())
            .limit(1)
        ).scalar()
        if resolver is not None and resolver != "officer":
            return "Media Center Surabaya"
    return ticket.opd.name


def promised(ticket: Ticket) -> datetime | None:
    """The deadline the citizen was promised (1x24 working hours, PPID's days, 112's
    minutes), never the desk's own 2-hour triage clock, which the inbox sorts by. A
    canned reply's {batas_waktu} quotes the same (ticketing/canned.py)."""
    if answered(ticket):
        return ticket.awaited_due
    running = [
        c.due_at
        for c in clocks.clocks_of(ticket)
        if c.kind not in ("triage", "resolution") and c.status in ("running", "paused")
    ]
    return min(running) if running else ticket.awaited_due


def _by_number(number: str) -> Ticket | None:
    return db.session.execute(select(Ticket).where(Ticket.number == number)).scalar()


def _answer(contact: Contact, cited: Cited, locale: str) -> str:
    ticket = _by_number(cited.number) if cited.number else None
    if ticket is not None and owns(contact, ticket):
        return line(ticket, locale, contact)
    if cited.registration is not None:  # someone else's or unknown: alike, by itself
        return t("status_not_found", locale, number=cited.registration)
    if not cited.certain:
        return t("status_confirm", locale, number=cited.number)
    if ticket is not None and publication.is_listed(ticket):
        return t(
            "status_public",
            locale,
            number=ticket.number,
            status=public_label(ticket.status, locale),
        )
    return t("status_not_found", locale, number=cited.number)


def _own_by_serial(contact: Contact, serial: int) -> list[Ticket]:
    stmt = (
        select(Ticket)
        .where(Ticket.contact_id == contact.id, Ticket.number.like(f"MC-%-{serial:06d}"))
        .order_by(Ticket.id.desc())
        .limit(MAX_LISTED)
    )
    return list(db.session.execute(stmt).scalars())


def own_open(contact: Contact, limit: int = MAX_LISTED) -> list[Ticket]:
    """Returns the contact's open tickets, newest first."""
    stmt = (
        select(Ticket)
        .where(Ticket.contact_id == contact.id, Ticket.status.in_(OPEN_STATUSES))
        .order_by(Ticket.id.desc())
        .limit(limit)
    )
    return list(db.session.execute(stmt).scalars())


def answer(contact: Contact, request: Request, locale: str = "id") -> str:
    """Returns the reply to a status check: a line per cited number (see the module's
    rules), the contact's own tickets matching a bare serial, or, when nothing is cited,
    the contact's open tickets with their states."""
    lines = [_answer(contact, cited, locale) for cited in request.cited[:MAX_LISTED]]
    for serial in request.serials[: MAX_LISTED - len(lines)]:
        mine = _own_by_serial(contact, serial)
        if len(mine) == 1:
            lines.append(line(mine[0], locale))
        elif mine:
            choices = ", ".join(ticket.number for ticket in mine)
            lines.append(t("status_which", locale, serial=serial, choices=choices))
        else:
            lines.append(t("status_serial_unknown", locale, serial=serial))
    if lines:
        return "\n".join(lines)
    tickets = own_open(contact)
    if not tickets:
        return t("status_none", locale)
    return "\n".join([t("status_list", locale)] + [line(ticket, locale) for ticket in tickets])


def reply_for(contact: Contact, numbers: tuple[str, ...], locale: str = "id") -> str:
    """Returns the answer to a status check for `numbers` (or the open tickets if none)."""
    return answer(contact, Request(tuple(Cited(n) for n in numbers), asked=True), locale)
