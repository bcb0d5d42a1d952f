"""Another problem, or more about the open one? A citizen with an open ticket writes
again without citing its number (ticketing/ingest.py decides what to do with it).

A message is another problem, and gets a ticket of its own, when
- it announces another item ("satu lagi", "selain itu", "sekalian", "mau lapor juga",
  "siji maneh", "also", "one more thing") and says something besides: even for the
  open ticket's unit, and even when the recogniser is unsure of the unit (the triage
  queue decides), since the citizen said it is another matter;
- it says "juga"/"also" of a thing the open ticket does not name ("got di gang sebelah
  juga mampet" after a road report, "juga pohon di depan rumah saya ..." after
  rubbish): another object is another problem, even for the same unit;
- the recogniser is sure it is another kind of request (an information request, a
  matter outside the city's remit such as a PLN power cut, which is answered with who
  handles it), or a complaint for a unit the
  ticket neither went to nor was really suggested for (a suggestion counts from
  SUGGESTED up). Without the words above, sure means problems.SENTENCE_CONFIDENCE, as
  for a sentence to split off a message: "foto terlampir" read as Diskominfo's at 0.76,
  or "tadi pagi ngejar anak sekolah lagi" as a school's, stays on the ticket;
- the open ticket waits in triage (no unit yet) and the recogniser is sure the message
  is a complaint about another kind of thing than the ticket names (see _OBJECTS).

Never another problem: an answer the desk asked for (a waiting ticket), a question about
the report's status, a place said alone ("lokasinya di depan pasar", "di sebelah SDN
2": the landmark's unit is not the subject), thanks and greetings. Emergencies never
reach here: ingest opens them a ticket of their own before."""

from __future__ import annotations

import re

from flask import current_app
from sqlalchemy import case, select

from aduan.extensions import db
from ticketing.contacts import NO_REPLY_CHANNELS
from ticketing.models import OPEN_STATUSES, Ticket
from ticketing.problems import SENTENCE_CONFIDENCE
from ticketing.routing import Decision
from ticketing.services import AREA_UMBRELLA
from ticketing.status_words import FILLER, asks_about_open

SUGGESTED = 0.1  # a unit suggested below this for the ticket is no real alternative
MIN_WORDS = 2  # words besides the announcement and fillers: "satu lagi min" says nothing

# Words that start another item (as in ticketing/problems.py), anywhere in the message.
ANNOUNCED = re.compile(
    r"\b(?:satu\s+lagi|satu\s+lg|siji\s+maneh|siji\s+engkas|selain\s+itu|sekalian|"
    r"ada\s+lagi|ada\s+juga|mau\s+lapor\s+juga|juga\s+mau\s+lapor|lapor\s+juga|lapor\s+lagi|"
    r"hal\s+lain|masalah\s+lain|also|another\s+(?:thing|problem|issue)|one\s+more)\b",
    re.IGNORECASE,
)
ALSO = re.compile(r"\b(?:juga|jg|jga|pisan|also|too)\b", re.IGNORECASE)

# What a complaint is about, by kind of thing: "juga" with a kind the ticket does not name
# is another problem. Places and addresses name no kind ("Jl.", "gang", "depan masjid").
_OBJECTS = {
    "road": r"lubang\w*|berlubang|lobang\w*|aspal\w*|paving|jalan\w*\s+(?:rusak|ambles|bolong)",
    "pavement": r"trotoar\w*|ambles|amblas",
    "drain": r"got|selokan|saluran\w*|drainase|gorong\w*|mampet|banjir|drain",
    "rubbish": r"sampah\w*|tps|rubbish|garbage|trash",
    "light": r"lampu\w*|pju|penerangan|street\s*lights?",
    "traffic": r"lampu\s+merah\w*|lampu\s+lalu\s+lintas|traffic\s+lights?|rambu\w*|marka|macet",
    "tree": r"pohon\w*|ranting\w*|dahan\w*|dipangkas|trees?|branch\w*",
    "water": r"pdam|pipa\w*|bocor\w*|meteran|water|pipe",
    "bill": r"tagihan\w*|rekening|bills?",
    "noise": r"berisik|bising|musik|karaoke|noise|noisy|loud",
    "vendor": r"pkl|pedagang|jualan|lapak|vendors?",
    "parking": r"parkir|jukir|parking",
    "building": r"bangunan\s+liar|bangli|bangunan\s+tanpa\s+izin|ruko",
    "animal": r"anjing|kucing|ular|monyet|biawak|tawon|dogs?|snakes?",
    "papers": r"ktp|kk|akta|kartu\s+keluarga|dispenduk\w*|capil",
    "aid": r"bansos|pkh|bpnt|dtks|pengemis|gepeng|pengamen|anak\s+jalanan",
    "health": r"puskesmas|rsud|rumah\s+sakit|bpjs|ambulan\w*",
    "school": r"sekolah|sdn|smpn|guru|ppdb|spmb",
    "tax": r"pbb|pajak",
    "permit": r"izin|ijin|pbg|imb|ssw|permit",
    "wifi": r"wifi|wi-fi|internet",
    "smoke": r"asap|bakar\w*",
    "alcohol": r"miras|minuman\s+keras",
    "bus": r"bus|angkot|halte",
    "work": r"gaji|umk|thr|phk|pesangon",
}
_KINDS = {kind: re.compile(rf"\b(?:{words})\b", re.IGNORECASE) for kind, words in _OBJECTS.items()}
_WORD = re.compile(r"[^\W\d_]+")

# Where, said alone: "lokasinya di depan pasar Keputran", "di sebelah SDN 2", "dekat
# puskesmas". The recogniser reads the landmark's unit in it (a school's, a market's),
# but it only says where the open ticket's problem is: a place phrase at the start,
# a landmark, its name (a word, a number), and nothing after it but fillers.
_PLACE_ALONE = re.compile(
    r"^\W*(?:(?:lokasi|tepat|letak|persis|posisi|alamat)\w*\s+)?(?:(?:yg|yang|di|nang|neng|e)\s+)?"
    r"(?:depan|dekat|deket|samping|sebelah|seberang|sebrang|belakang|ngarep\w*|cedhak|cedhek|"
    r"pinggir|pojok\w*|ujung|near|next\s+to|in\s+front\s+of|opposite|behind)\s+"
    r"(?:(?:kantor|gedung|the)\s+)?"
    r"(?:sdn?|smpn?|sman?|smkn?|sekolah\w*|kampus|puskesmas|rsud|rumah\s+sakit|klinik|apotek|"
    r"pasar|masjid|musholla|mushola|langgar|gereja|balai\s+\w+|halte|terminal|stasiun|taman|"
    r"tps|toko|warung|indomaret|alfamart|spbu|pos\s+\w+|gapura|jembatan|bank|hotel|mall|"
    r"kelurahan|kecamatan|polsek|school|market|mosque|station|bus\s+stop|park)\b"
    r"(?:\s+[\w.-]++)?(?:\s+\d+)?(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)


def only_a_place(text: str) -> bool:
    """True when `text` only says where: a place phrase at a landmark, then fillers."""
    found = _PLACE_ALONE.match(text or "")
    return found is not None and all(w in FILLER for w in _WORD.findall(found["rest"].lower()))


def kinds(text: str) -> set[str]:
    """Returns the kinds of thing `text` complains about (see _OBJECTS)."""
    return {kind for kind, pattern in _KINDS.items() if pattern.search(text or "")}


def _says_something(text: str) -> bool:
    """True when `text` has MIN_WORDS words besides an announcement and fillers."""
    rest = ANNOUNCED.sub(" ", text.lower())
    return sum(1 for w in _WORD.findall(rest) if w not in FILLER) >= MIN_WORDS


def another_problem(ticket: Ticket, text: str, decision: Decision | None) -> bool:
    """Returns True when `text`, from the citizen of the open `ticket` and citing no
    number, is another problem than the ticket's (see the module's rules)."""
    if decision is not None and decision.emergency_unsure:
        # "anak saya hilang" beside a broken pipe, even as the answer to its question: a
        # possible emergency for an agent, unless an agent or the 112 desk has the ticket
        return ticket.kind != "emergency" and ticket.status != "triage"
    if decision is None or ticket.status == "waiting" or decision.kind == "status_check":
        return False
    if asks_about_open(text):
        return False  # "udah seminggu, kapan diperbaiki?": about the open ticket
    if only_a_place(text):
        return False  # "di sebelah SDN 2": where the open ticket's problem is
    unsure_other = decision.kind == "complaint" or decision.triage
    if unsure_other and _says_something(text):
        if ANNOUNCED.search(text):
            return True
        if ALSO.search(text) and kinds(text) - kinds(ticket.summary or ""):
            return True
    if _another_request(ticket, text, decision):
        return True
    if _another_thing_in_triage(ticket, text, decision):
        return True
    return _another_unit(ticket, decision, SENTENCE_CONFIDENCE)


def _another_request(ticket: Ticket, text: str, decision: Decision) -> bool:
    """True when, beside an open information request, `text` is for sure an information
    request that announces itself as another ("saya juga minta data ..."): it needs its
    own registration and legal deadline, and on the open request it went unanswered."""
    if ticket.kind != "info_request" or decision.kind != "info_request" or decision.triage:
        return False
    return _says_something(text) and bool(ANNOUNCED.search(text) or ALSO.search(text))


def _another_thing_in_triage(ticket: Ticket, text: str, decision: Decision) -> bool:
    """True when `ticket` still waits in triage (no unit) and `text` is, for sure, a
    complaint about another kind of thing than the ticket names: "PKL jualan di
    trotoar" after "pohon tumbang". Kept on the ticket, it would also reroute it (the
    triage reads both messages together) to the second problem's unit."""
    if ticket.opd_code is not None or decision.kind != "complaint" or decision.triage:
        return False
    if decision.confidence < max(SENTENCE_CONFIDENCE, current_app.config["ROUTING_THRESHOLD"]):
        return False
    said, held = kinds(text), kinds(ticket.summary or "")
    return bool(said) and bool(held) and not said & held


def _another_unit(ticket: Ticket, decision: Decision, sure: float) -> bool:
    """True when `decision` is, for sure (`sure`, never below the routing threshold),
    another kind of request than the open `ticket`, or a complaint for a unit the
    ticket neither went to nor was suggested for (from SUGGESTED up)."""
    if decision.triage or ticket.opd_code is None:
        return False
    if decision.kind not in ("complaint", "info_request", "external"):
        return False
    if decision.confidence < max(sure, current_app.config["ROUTING_THRESHOLD"]):
        return False
    if decision.kind != ticket.kind:
        return True
    suggested = {code for code, p in ticket.suggestions or () if p >= SUGGESTED}
    known = {ticket.opd_code, *suggested}
    known.add(AREA_UMBRELLA.get(ticket.opd_code[:4], ""))  # KEL-3578011001: a KELURAHAN matter
    return decision.opd not in known


def open_ticket(contact_id: int | None, text: str = "") -> Ticket | None:
    """Returns the open ticket of contact `contact_id` on any channel a message without a number is
    about: one waiting for the citizen's answer (an officer or agent asked; the answer
    must not land on a newer ticket while the asker waits), else the most recent, a
    report from a form last, waiting or not: its number was typed by whoever filled the
    form in, maybe a stranger, whose report must not take the number owner's follow-ups and grumbles
    from their own tickets (see contacts.unproven). A `text` that names the kind of
    thing an older open ticket is about, and not the most recent one's ("pohonnya besar
    sekali" after a tree and then a PKL report), goes to that older ticket."""
    tickets = open_tickets(contact_id)
    if not tickets or tickets[0].status == "waiting":
        return tickets[0] if tickets else None
    said = kinds(text)
    if not said or said & kinds(tickets[0].summary or ""):
        return tickets[0]
    named = (
        t
        for t in tickets[1:]
        if t.channel not in NO_REPLY_CHANNELS  # a form's number may be a stranger's
        and said & kinds(t.summary or "")
    )
    return next(named, tickets[0])


def open_tickets(contact_id: int | None, limit: int = 5) -> list[Ticket]:
    """The citizen's open tickets (but emergencies), in the order `open_ticket` prefers
    them."""
    stmt = (
        select(Ticket)
        .where(Ticket.contact_id == contact_id, Ticket.status.in_(OPEN_STATUSES))
        .where(Ticket.kind != "emergency")
        .order_by(
            # a form's report last, even one waiting for its answer: its number was typed
            # by whoever filled the form in, maybe a stranger
            case((Ticket.channel.in_(NO_REPLY_CHANNELS), 1), else_=0),
            case((Ticket.status == "waiting", 0), else_=1),
            Ticket.id.desc(),
        )
        .limit(limit)
    )
    return list(db.session.execute(stmt).scalars())
