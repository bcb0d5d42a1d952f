"""What the public may see of a ticket: the one place that decides.

Every public output (Open311, the tracking page, the map and list) reads tickets through
here. A ticket is *listed* only when it is a complaint about something public (its OPD's
or its category's rule in ticketing/services.py), routed to an OPD, and not made private
by an agent. Shown: text through ticketing.privacy.redact, locations only when shared
(snapped to ~50 m), photos only when the citizen or the officer made them public."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import current_app
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, false, or_, select
from sqlalchemy.orm import selectinload

from aduan.extensions import db
from sla.models import Clock
from ticketing import places, privacy, services
from ticketing.models import OPEN_STATUSES, Attachment, Message, Opd, Ticket, TicketEvent

LISTED_KIND = "complaint"


def listed_clause() -> Any:
    """Returns the SQL condition of a listed ticket (see the module docstring)."""
    categories = [
        and_(Ticket.service_code == s.code, Ticket.opd_code == s.opd)
        for s in services.CATALOGUE
        if s.opd is not None and s.public and s.opd not in services.PUBLIC_OPDS
    ]
    return and_(
        Ticket.kind == LISTED_KIND,
        Ticket.private.is_(false()),
        Ticket.opd_code.is_not(None),
        or_(services.public_opd_clause(Ticket.opd_code), *categories),
    )


def is_listed(ticket: Ticket) -> bool:
    """Returns True when `ticket` may appear on public pages (same rule as listed_clause)."""
    if ticket.kind != LISTED_KIND or ticket.private or ticket.opd_code is None:
        return False
    if services.is_public_opd(ticket.opd_code):
        return True
    chosen = services.BY_CODE.get(ticket.service_code or "")
    return chosen is not None and chosen.public and chosen.opd == ticket.opd_code


def listed_query() -> Any:
    """Returns a select of listed tickets with what the public views need loaded."""
    return (
        select(Ticket)
        .where(listed_clause())
        .options(selectinload(Ticket.contact), selectinload(Ticket.identity))
    )


def find_listed(number: str) -> Ticket | None:
    """Returns the listed ticket with this MC number, else None (unknown or unlisted)."""
    ticket = db.session.execute(listed_query().where(Ticket.number == number)).scalar()
    return ticket if ticket is not None and is_listed(ticket) else None


def service_clause(codes: list[str]) -> Any:
    """Returns the SQL condition of tickets published under any of `codes` (see
    services.public_code): a category while it belongs to the ticket's OPD, or an OPD's
    general service for the rest of its tickets. Each code counts once, and only a
    category's or a unit's: a clause for each code of a made-up list in a URL (1,900
    times "x") made the query too deep for the database, a 500 to anyone."""
    units = set(db.session.execute(select(Opd.code)).scalars())
    clauses = []
    for code in dict.fromkeys(c for c in codes if c in services.BY_CODE or c in units):
        chosen = services.BY_CODE.get(code)
        if chosen is not None and chosen.opd is not None:
            clauses.append(and_(Ticket.service_code == code, Ticket.opd_code == chosen.opd))
        elif chosen is None:
            own = [s.code for s in services.CATALOGUE if s.opd == code] or [""]
            clauses.append(
                and_(
                    services.opd_clause(Ticket.opd_code, code),
                    or_(Ticket.service_code.is_(None), Ticket.service_code.not_in(own)),
                )
            )
    return or_(*clauses) if clauses else Ticket.id.is_(None)


def public_status(ticket: Ticket) -> str:
    """Returns the Open311 status: "open" while we work on it, else "closed"."""
    return "open" if ticket.status in OPEN_STATUSES else "closed"


@dataclass(frozen=True)
class Note:
    at: datetime
    text: str


@dataclass
class PublicRequest:
    """One listed ticket as the public sees it."""

    number: str
    status: str
    service_code: str | None
    service_name: str
    description: str
    agency: str | None
    requested: datetime
    updated: datetime
    expected: datetime | None
    kecamatan: str | None
    lat: float | None
    long: float | None
    notes: list[Note] = field(default_factory=list)
    photos: list[int] = field(default_factory=list)  # public attachment ids, citizen first
    progress_photos: list[int] = field(default_factory=list)  # officers', while handling
    fix_photos: list[int] = field(default_factory=list)  # officers', sent with the resolution
    stage: str = "routed"  # the ticket's own status: the tracking page's words for it

    @property
    def shown_name(self) -> str:
        """The service's name in the reader's language (Open311's `service_name`: Indonesian)."""
        service = services.BY_CODE.get(self.service_code or "")
        if service is not None:
            return gettext(service.name)
        if self.agency:
            return gettext("Lainnya - %(opd)s", opd=self.agency)
        return self.service_name

    @property
    def status_notes(self) -> str | None:
        return self.notes[-1].text if self.notes else None

    @property
    def address(self) -> str | None:
        return f"Kecamatan {self.kecamatan}, Surabaya" if self.kecamatan else None

    @property
    def media_url(self) -> str | None:
        ids = self.photos or self.fix_photos or self.progress_photos
        return photo_url(self.number, ids[0]) if ids else None


def tracking_url(number: str) -> str:
    """Returns the public tracking page of a ticket (PUBLIC_BASE_URL/lacak/<number>)."""
    return f"{current_app.config['PUBLIC_BASE_URL'].rstrip('/')}/lacak/{number}"


def own_tracking_url(number: str) -> str:
    """Returns the reporter's tracking link (their key shows an unlisted report's state)."""
    return f"{tracking_url(number)}?k={tracking_key(number)}"


def tracking_key(number: str) -> str:
    """Returns the reporter's key to the tracking page of `number` (an HMAC with SECRET_KEY)."""
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, f"lacak:{number}".encode(), hashlib.sha256).hexdigest()[:16]


def find_own(number: str, key: str) -> Ticket | None:
    """Returns the ticket `number` when `key` is its reporter's tracking key, else None:
    without the key an unlisted number answers exactly like an unknown one."""
    if not key or not hmac.compare_digest(key.encode(), tracking_key(number).encode()):
        return None
    return db.session.execute(select(Ticket).where(Ticket.number == number)).scalar()


def own_state(ticket: Ticket) -> str:
    """What the reporter's page says of a ticket not listed: triage (an agent is still
    reading it), routed (not yet accepted), waiting (for the reporter's answer), open,
    closed (handled), or dismissed (closed unhandled: outside the city's remit, not a
    complaint). Never its text."""
    if ticket.status in ("new", "triage"):
        return "triage"
    if ticket.status in ("routed", "waiting"):
        return ticket.status
    if ticket.is_open:
        return "open"
    return "closed" if ticket.resolved_at is not None else "dismissed"


def photo_url(number: str, attachment_id: int) -> str:
    """Returns the public address of one public photo of a listed ticket."""
    return f"{tracking_url(number)}/foto/{attachment_id}"


def reporter_names(ticket: Ticket) -> list[str]:
    """Returns the names the reporter goes by (masked wherever they appear)."""
    names = [ticket.contact.name if ticket.contact else None]
    names.append(ticket.identity.display_name if ticket.identity else None)
    return [name for name in names if name]


def _source(ticket: Ticket) -> int:
    """Returns whose timeline the ticket shows: its parent's once an agent confirmed the
    incident (the officers work on the parent), else its own. Never the timeline of a
    parent the public pages do not list (private, an emergency, a PPID request)."""
    if not (ticket.incident_id and ticket.incident_confirmed):
        return ticket.id
    parent = db.session.get(Ticket, ticket.incident_id)
    return parent.id if parent is not None and is_listed(parent) else ticket.id


def views(tickets: list[Ticket], opd_names: dict[str, str] | None = None) -> list[PublicRequest]:
    """Returns the public view of each listed ticket, in order, with its whole public
    timeline and its public photos (loaded for all of them at once). `opd_names` maps
    OPD codes to names (default: services.opd_names())."""
    opd_names = opd_names if opd_names is not None else services.opd_names()
    sources = {t.id: _source(t) for t in tickets}
    events = _events(set(sources.values()))
    citizen, evidence = _photos(list(sources), set(sources.values()))
    incident_names = _incident_names(set(sources.values()))
    result = []
    for ticket in tickets:
        item = _view(ticket, opd_names)
        names = reporter_names(ticket) + incident_names.get(sources[ticket.id], [])
        source = sources[ticket.id]
        item.notes = _notes(ticket, source, events.get(source, []), opd_names, names)
        item.photos = citizen.get(ticket.id, [])
        officers = evidence.get(sources[ticket.id], [])
        item.fix_photos = [id_ for id_, action in officers if action == "resolved"]
        item.progress_photos = [id_ for id_, action in officers if action != "resolved"]
        result.append(item)
    return result


def _incident_names(sources: set[int]) -> dict[int, list[str]]:
    """Returns {source id: the names of its reporter and of every report confirmed into
    it}: an officer's note on the source may name any of them, and every page showing
    that timeline must mask them all."""
    found: dict[int, list[str]] = {}
    for chunk in _chunks(sorted(sources)):
        members = (Ticket.incident_id.in_(chunk)) & Ticket.incident_confirmed.is_(True)
        stmt = select(Ticket).where(or_(Ticket.id.in_(chunk), members))
        loaded = stmt.options(selectinload(Ticket.contact), selectinload(Ticket.identity))
        rows = db.session.execute(loaded)  # the names without a query per reporter
        for ticket in rows.scalars():
            if ticket.id in sources:
                found.setdefault(ticket.id, []).extend(reporter_names(ticket))
            if ticket.incident_confirmed and ticket.incident_id in sources:
                found.setdefault(ticket.incident_id, []).extend(reporter_names(ticket))
    return found


def _view(ticket: Ticket, opd_names: dict[str, str]) -> PublicRequest:
    code = services.public_code(ticket.service_code, ticket.opd_code)
    service = services.BY_CODE.get(code or "")
    agency = opd_names.get(ticket.opd_code or "")
    if service is None:
        service_name = f"Lainnya - {agency}" if agency else services.MEDIA_CENTER
    else:
        service_name = service.name
    lat = long = None
    if ticket.latitude is not None and ticket.longitude is not None:
        lat, long = places.coarse(ticket.latitude, ticket.longitude)
    expected = ticket.resolution_due_at or ticket.first_response_due_at
    return PublicRequest(
        number=ticket.number,
        status=public_status(ticket),
        stage=ticket.status,
        service_code=code,
        service_name=service_name,
        description=privacy.redact(ticket.summary or "", reporter_names(ticket)),
        agency=agency,
        requested=ticket.created_at,
        updated=ticket.updated_at or ticket.created_at,
        expected=expected if ticket.is_open and ticket.status != "waiting" else None,
        kecamatan=ticket.kecamatan,
        lat=lat,
        long=long,
    )


# Audit actions the citizen was told about, as public sentences. Notes that people wrote
# (progress, resolution) follow, redacted; questions to the citizen and replies never.
NOTE_TEXT = {
    "created": _l("Laporan diterima."),
    "routed": _l("Diteruskan ke %(opd)s."),
    "transferred": _l("Dialihkan ke %(opd)s."),
    "accepted": _l("Diterima dan mulai ditangani petugas."),
    "progress": _l("Perkembangan: %(note)s"),
    "asked_citizen": _l("Menunggu informasi tambahan dari pelapor."),
    "resumed": _l("Pelapor sudah melengkapi informasi; penanganan berlanjut."),
    "resolved": _l("Selesai ditangani: %(note)s"),
    "reopened": _l("Dibuka kembali: pelapor menyatakan masalah belum selesai."),
    "bounced": _l("Dikembalikan ke Media Center untuk diteruskan ke unit yang tepat."),
}
CHUNK = 500


def _chunks(ids: list[int]) -> list[list[int]]:
    return [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)]


def _events(ids: set[int]) -> dict[int, list[TicketEvent]]:
    found: dict[int, list[TicketEvent]] = {}
    for chunk in _chunks(sorted(ids)):
        rows = db.session.execute(
            select(TicketEvent)
            .where(TicketEvent.ticket_id.in_(chunk), TicketEvent.action.in_(tuple(NOTE_TEXT)))
            .order_by(TicketEvent.at, TicketEvent.id)
        ).scalars()
        for event in rows:
            found.setdefault(event.ticket_id, []).append(event)
    return found


def _notes(
    ticket: Ticket,
    source: int,
    events: list[TicketEvent],
    opd_names: dict[str, str],
    names: list[str],
) -> list[Note]:
    """The ticket's public timeline, oldest first: `source`'s (its incident parent's
    when an agent confirmed it joined one: the officers work on the parent)."""
    created = str(NOTE_TEXT["created"])  # in the reader's language
    found = [Note(ticket.created_at, created)] if source != ticket.id else []
    for event in events:
        if event.action == "created" and event.ticket_id != ticket.id:
            continue
        opd = (event.data or {}).get("opd") or ticket.opd_code or ""
        note = privacy.redact(event.note or "", names).strip() or "-"
        text = str(NOTE_TEXT[event.action]) % {"opd": opd_names.get(opd, opd), "note": note}
        found.append(Note(event.at, text))
    return found


def _photos(
    ids: list[int], sources: set[int]
) -> tuple[dict[int, list[int]], dict[int, list[tuple[int, str]]]]:
    """The stored public photos: {ticket id: the citizen's}, {source id: the officers',
    each with the action it came with (progress, resolved)}."""
    citizen: dict[int, list[int]] = {}
    evidence: dict[int, list[tuple[int, str]]] = {}
    for chunk in _chunks(ids):
        rows = db.session.execute(
            select(Message.ticket_id, Attachment.id)
            .join(Message, Attachment.message_id == Message.id)
            .where(Message.ticket_id.in_(chunk), Attachment.public.is_(True))
            .where(Attachment.status == "stored", Attachment.kind == "photo")
            .order_by(Attachment.id)
        )
        for ticket_id, attachment_id in rows:
            citizen.setdefault(ticket_id, []).append(attachment_id)
    for chunk in _chunks(sorted(sources)):
        rows = db.session.execute(
            select(TicketEvent.ticket_id, Attachment.id, TicketEvent.action)
            .join(TicketEvent, Attachment.event_id == TicketEvent.id)
            .where(TicketEvent.ticket_id.in_(chunk), Attachment.public.is_(True))
            .where(Attachment.status == "stored")
            .order_by(Attachment.id)
        )
        for ticket_id, attachment_id, action in rows:
            evidence.setdefault(ticket_id, []).append((attachment_id, action))
    return citizen, evidence


def public_photo(ticket: Ticket, attachment_id: int) -> Attachment | None:
    """Returns a public, stored photo of a listed ticket, else None."""
    item = views([ticket])[0]
    if attachment_id not in item.photos + item.fix_photos + item.progress_photos:
        return None
    return db.session.get(Attachment, attachment_id)


@dataclass(frozen=True)
class Promise:
    """One SLA clock as the tracking page shows it."""

    kind: str  # first_response | resolution
    due_at: datetime
    state: str  # met | late | running | paused | stopped


def promises(ticket: Ticket, now: datetime) -> list[Promise]:
    """Returns the ticket's first-response and resolution clocks: due time and whether
    the promise was kept ("met", "late"), is still running, or no longer applies."""
    rows = db.session.execute(
        select(Clock)
        .where(Clock.ticket_id == ticket.id, Clock.kind.in_(("first_response", "resolution")))
        .order_by(Clock.id)
    ).scalars()
    found = []
    for clock in rows:
        if clock.status == "met":
            state = "met" if clock.met_at and clock.met_at <= clock.due_at else "late"
        elif clock.status == "running" and clock.due_at < now:
            state = "late"
        else:
            state = clock.status
        found.append(Promise(clock.kind, clock.due_at, state))
    return found
