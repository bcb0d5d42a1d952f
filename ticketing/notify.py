"""Telling officers about tickets: each message carries that officer's own signed link."""

from __future__ import annotations

import logging
import re
from datetime import datetime

from sqlalchemy import select

from aduan import timefmt, txcache
from aduan.extensions import db
from ticketing import links, outbox
from ticketing.models import Officer, Opd, Ticket
from ticketing.names import CHANNELS, EMERGENCY_TYPES, in_indonesian
from ticketing.texts import t

log = logging.getLogger(__name__)


def officers_of(opd_code: str, role: str = "officer") -> list[Officer]:
    """Returns a unit's active officers of `role` (looked up once per transaction)."""

    def load() -> list[Officer]:
        stmt = select(Officer).where(
            Officer.opd_code == opd_code, Officer.role == role, Officer.active.is_(True)
        )
        return list(db.session.execute(stmt).scalars())

    return list(txcache.get(("officers", opd_code, role), (Officer,), load))


def group(code: str) -> list[Officer]:
    stmt = select(Officer).where(Officer.group_code == code, Officer.active.is_(True))
    return list(db.session.execute(stmt).scalars())


_NO_WORDS = {"voice": "officer_no_words_voice"}  # what a ticket without a summary is


# Double quotes a citizen may type, as the single quotes they become inside a quotation.
_INNER_QUOTES = str.maketrans({"“": "‘", "”": "’", "„": "‚", "‟": "‛", '"': "'", "″": "′"})


def quoted(summary: str | None, limit: int = 200) -> str:
    """Returns the citizen's words as one quoted line of at most `limit` characters ("" when
    there are none): what a citizen wrote must not start a line of its own in an
    officer's notice, nor pass for the notice's own fields ("Tindak lanjuti: <a link>").
    Double quotes inside become single ones: a citizen's own closing quote would end the
    quotation early and leave what follows standing as the notice's words. Links are
    defanged (defang): a citizen's link must not be one tap away in the officer's chat."""
    words = " ".join((summary or "").split())[:limit].translate(_INNER_QUOTES)
    return f"“{defang(words)}”" if words else ""


# What a chat app turns into a tappable link: an address with a scheme or "www.", a
# host name ending in a common top-level domain ("bit.ly/x", "evil.example.com",
# "bücher.de", "xn--80ak6aa92e.com") or an IPv4 address ("1.2.3.4/login"). Telegram
# takes the ideographic and fullwidth dots for dots too ("evil。com", "evil．com").
_TLDS = (
    "com|net|org|id|co|io|me|ly|info|biz|xyz|site|online|link|app|dev|top|club|shop|store|"
    "live|tk|ml|ga|cf|gq|ru|cn|tv|cc|ws|gl|gd|to|in|us|uk|sg|my|asia|page|click|icu|vip|"
    "win|work|example|gov|edu|ac|sch|go|or|web|pw|su|am|fm|gg|im|is|la|lc|mobi|name|pro|one|"
    "ai|au|de|fr|nl|eu|jp|kr|vn|th|ph|tw|hk|br|mx|ca|it|es|pl|ch|be|se|fi|dk|cz|at|pt|tr|"
    "ir|pk|bd|za|ng|ke|nz|ar|cl|ua|kz|ae|sa|qa|il|ro|hu|bg|ie|li|lu|md|ge|cx|ms|nu|st|"
    "sh|tech|zip|mov|fun|blog|news|space|website|digital|email|support|help|today|life|"
    "world|network|cloud|host|buzz|cyou|rest|bond|sbs|cfd|lol|monster|quest|beauty|hair|"
    "skin|makeup|loan|men|bid|date|download|review|stream|racing|party|trade|science|"
    r"xn--[a-z0-9-]+"
)
_DOT = "[.\u3002\uff0e\uff61]"
_LINK_RE = re.compile(
    rf"(?i)\b(?:(?:https?|ftp)://|www{_DOT})[^\s/]+"
    rf"|(?<![\w@.\u3002\uff0e\uff61-])[\w-]+(?:{_DOT}[\w-]+)*{_DOT}(?:{_TLDS})\b"
    rf"(?![.\u3002\uff0e\uff61-]?\w)"
    rf"|(?<![\w.])\d{{1,3}}(?:{_DOT}\d{{1,3}}){{3}}(?![.\w])"
)
_DOT_RE = re.compile(rf"(?<!\[){_DOT}(?!\])")  # a dot not defanged already
_SCHEME_RE = re.compile(r"(?i)\b(h)tt(ps?)://|\b(f)tp://")
# An e-mail address: chat apps make one a link whatever its top-level domain
# ("budi@gmail.com", "x@bücher.de", "x@почта.рф", "mailto:x@y.id"), also with a
# fullwidth or small at sign. Its last label has a letter ("2@3.500" is a price).
_AT = "[@\uff20\ufe6b]"
_EMAIL_RE = re.compile(
    rf"(?<![\w.+%'-])[\w.+%'-]+{_AT}[\w-]+(?:{_DOT}[\w-]+)*{_DOT}(?=[\w-]*[^\W\d_])[\w-]+"
)
_AT_RE = re.compile(_AT)
_MAILTO_RE = re.compile(r"(?i)\b(mailto):")


# The one link kept: a point on a map as map_link writes it (the 112 desk's way to a
# shared location; coordinates only, nothing a citizen can aim elsewhere).
_MAP_RE = re.compile(
    r"https://maps\.google\.com/\?q=-?\d{1,3}(?:\.\d+)?,-?\d{1,3}(?:\.\d+)?(?![^\s”])"
)


def defang(text: str) -> str:
    """Returns `text` with its links made untappable the way security notices write
    them: "https://evil.example/x" as "hxxps://evil[.]example/x", "bit.ly/x" as
    "bit[.]ly/x", "mailto:nama@domain.com" as "mailto[:]nama[@]domain[.]com". What the
    link was stays readable for an officer who needs it. A map point of map_link's
    stays a link."""
    parts = _MAP_RE.split(text)
    maps = [*_MAP_RE.findall(text), ""]
    return "".join(_defanged(part) + kept for part, kept in zip(parts, maps, strict=True))


def _defanged(text: str) -> str:
    text = _EMAIL_RE.sub(_email, text)
    text = _MAILTO_RE.sub(r"\1[:]", text)
    text = _LINK_RE.sub(lambda m: _DOT_RE.sub("[.]", m.group(0)), text)
    return _SCHEME_RE.sub(lambda m: f"{m[1]}xx{m[2]}://" if m[1] else f"{m[3]}xp://", text)


def _email(match: re.Match[str]) -> str:
    """Returns an e-mail address as "nama[@]domain[.]com" (its name as written)."""
    name, host = _AT_RE.split(match.group(0), maxsplit=1)
    return f"{name}[@]{_DOT_RE.sub('[.]', host)}"


def unit_label(ticket: Ticket) -> str:
    """The ticket's unit as officers read it: an OPD by the code they know (DSDABM), a
    kecamatan or kelurahan by its name ("Kecamatan Kenjeran", never KEC-357817); a
    ticket no unit holds yet says so."""
    code = ticket.opd_code
    if not code:  # still at the desk (triage): words, not a bare "(-)"
        return "belum diteruskan ke OPD"
    # By its code: ticket.opd may still be the unit it was just routed away from.
    unit = txcache.get(("opd", code), (Opd,), lambda: db.session.get(Opd, code))
    return unit.name if unit is not None and unit.region_code else code


def send_with_link(
    officer: Officer,
    ticket: Ticket,
    key: str,
    purpose: str,
    now: datetime,
    *,
    priority: str = "default",
    dedupe_key: str | None = None,
    **values: object,
) -> None:
    """Queues text `key` to one officer with a fresh link to the ticket."""
    fields: dict[str, object] = {
        "number": ticket.number,
        "opd": unit_label(ticket),
        "summary": quoted(ticket.summary)
        or t(_NO_WORDS.get(ticket.channel, "officer_no_words"), "id"),
        "due": timefmt.human(ticket.first_response_due_at),
    }
    fields.update(values, url=links.placeholder(links.issue(ticket, officer, now)))
    text = t(key, "id", **fields)
    outbox.to_officer(
        officer, text, ticket=ticket, purpose=purpose, priority=priority, dedupe_key=dedupe_key
    )


def responsible(opd_code: str) -> list[Officer]:
    """Returns who is told of a unit's tickets: its officers, else its heads, else those
    of the unit above it (a kelurahan's kecamatan, then the umbrella)."""
    seen: set[str] = set()
    code: str | None = opd_code
    while code and code not in seen:
        seen.add(code)
        people = officers_of(code) or officers_of(code, "head")
        if people:
            return people
        unit = txcache.get(("opd", code), (Opd,), lambda c=code: db.session.get(Opd, c))
        code = unit.parent_code if unit is not None else None
    return []


def opd_officers(ticket: Ticket, now: datetime) -> int:
    """Notifies the ticket's OPD officers (heads if it names no officer, the unit above
    if it has neither); returns how many."""
    if not ticket.opd_code:
        return 0
    people = responsible(ticket.opd_code)
    answered = ticket.first_responded_at is not None and ticket.resolution_due_at is not None
    key, values = "officer_new_answered" if answered else "officer_new", {}
    if answered:
        values["due"] = timefmt.human(ticket.resolution_due_at)
    if ticket.kind == "info_request":  # a request, by its registration and its legal due
        key = "officer_new_info"
        values["registration"] = ticket.registration_number or ticket.number
    for officer in people:
        issued = links.issued(ticket, officer, now)
        if issued.working:  # still holds a link that works for this ticket
            continue
        send_with_link(
            officer,
            ticket,
            key,
            "officer_notify",
            now,
            dedupe_key=f"notify-{ticket.id}-{officer.id}-{issued.count}",
            **values,
        )
    if not people:
        log.warning("%s routed to %s, which has no active officer", ticket.number, ticket.opd_code)
    return len(people)


def moved_away(
    ticket: Ticket, now: datetime, *, parent: Ticket | None = None, skip: int | None = None
) -> int:
    """Ends the ticket's links bound to a unit it is no longer with (links.retire) and
    tells those links' officers that it left them: routed on, returned to the Media
    Center, or merged into `parent`'s incident (they would keep a link to a ticket no
    longer theirs). `skip`: the officer who moved it themselves. Returns how many."""
    told: set[int] = set()
    for link in links.retire(ticket):
        officer = link.officer
        if officer.id in told or officer.id == skip or not officer.active:
            continue
        if link.expires_at <= now:  # a link they could not use any more anyway
            continue
        told.add(officer.id)
        if parent is not None:
            key = "officer_merged"
        else:
            key = "officer_moved" if ticket.opd_code else "officer_returned"
        text = t(
            key,
            "id",
            number=ticket.number,
            opd=unit_label(ticket),
            parent=parent.number if parent is not None else "",
        )
        outbox.to_officer(
            officer,
            text,
            ticket=ticket,
            purpose="officer_moved",
            dedupe_key=f"moved-{ticket.id}-{link.id}",
        )
    return len(told)


def superiors(opd_code: str | None) -> list[Officer]:
    """Returns who answers an objection to a PPID answer (UU 14/2008 Pasal 35-36): the
    PPID's superior (the unit's heads), else whoever the unit's tickets go to."""
    if not opd_code:
        return []
    return officers_of(opd_code, "head") or responsible(opd_code)


def reopened(
    ticket: Ticket,
    now: datetime,
    key: str = "reopened_officer",
    *,
    objected: bool = False,
    **values: object,
) -> int:
    """Tells who handles a reopened ticket (its officer, else its unit's) with a fresh
    link; returns how many. A request `objected` to is the superiors' (the officer
    whose answer was objected to gets no link back to it)."""
    unit = superiors(ticket.opd_code) if objected else responsible(ticket.opd_code or "")
    officer = ticket.assigned_officer
    people = [officer] if officer is not None and officer.active else []
    people = [person for person in people if not objected or person in unit] or unit
    for person in people:
        send_with_link(
            person,
            ticket,
            key,
            "reopened",
            now,
            dedupe_key=f"reopened-{ticket.id}-{ticket.reopened}-{person.id}",
            **values,
        )
    return len(people)


def ppid_extended(ticket: Ticket, now: datetime, reason: str, skip: int | None = None) -> int:
    """Tells who handles an information request its new deadline after it was extended
    (their notice said the old one), except officer `skip` who extended it; returns how
    many."""
    people = responsible(ticket.opd_code) if ticket.opd_code else []
    people = [person for person in people if person.id != skip]
    for person in people:
        send_with_link(
            person,
            ticket,
            "ppid_extended_officer",
            "ppid_extended",
            now,
            dedupe_key=f"ppid-extended-{ticket.id}-{person.id}",
            registration=ticket.registration_number or ticket.number,
            due=timefmt.human(ticket.first_response_due_at),
            reason=quoted(reason),
        )
    return len(people)


def map_link(latitude: float | None, longitude: float | None) -> str:
    """Returns a link to a point on a map ("" without one)."""
    if latitude is None or longitude is None:
        return ""
    return f"https://maps.google.com/?q={latitude},{longitude}"


def desk_112(ticket: Ticket, kind: str, now: datetime) -> int:
    """Alerts every 112 desk member at top priority, once per ticket; returns how many."""
    # the shared place's name (the citizen's words), else its point on a map
    location = quoted(ticket.address) or map_link(ticket.latitude, ticket.longitude) or "-"
    count = _to_desk(
        ticket,
        "emergency_alert",
        now,
        dedupe=True,
        type=in_indonesian(EMERGENCY_TYPES, kind),
        location=location,
        channel=in_indonesian(CHANNELS, ticket.channel),
    )
    if not count:
        log.error("emergency %s: the DESK112 group has no active member", ticket.number)
    return count


def desk_112_more(ticket: Ticket, said: str, now: datetime) -> int:
    """Tells every 112 desk member that the citizen of an open emergency wrote again
    (their words, quoted); returns how many were told. Past the quote's 200 characters
    the newest words are kept: in a burst the last ones (the house, "lantai 2") matter
    most, and the desk's link opens the rest."""
    said = " ".join(said.split())
    if len(said) > 200:
        said = "…" + said[-199:]
    return _to_desk(ticket, "emergency_more", now, dedupe=False, said=quoted(said) or "-")


def _to_desk(ticket: Ticket, key: str, now: datetime, *, dedupe: bool, **values: object) -> int:
    """Queues text `key` at top priority to every 112 desk member (once per ticket and
    member with `dedupe`); returns how many."""
    people = group("DESK112")
    for officer in people:
        send_with_link(
            officer,
            ticket,
            key,
            key,
            now,
            priority="high",
            dedupe_key=f"desk112-{ticket.id}-{officer.id}" if dedupe else None,
            **values,
        )
    return len(people)
