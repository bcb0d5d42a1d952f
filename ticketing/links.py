"""Officer links: signed (itsdangerous), scoped to one ticket and one officer, expiring,
revocable, never stored, and bound to the officer's OPD: a link works only while the
ticket is with that OPD and the officer still belongs to it (a re-route, a transfer or a
"bukan kewenangan kami" ends it; the new OPD's officers get links of their own).

The database keeps the SHA-256 of the token and a random nonce; the token itself is
derived from the nonce with SECRET_KEY only when a message is handed to a provider. Outbox
rows and timelines hold a placeholder (`[[link:ID]]`), so neither a database copy nor an
agent's screen carries a working link."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from aduan.extensions import db
from ticketing.models import Officer, OfficerLink, Ticket, utcnow

SALT = "aduan-officer-link"
PLACEHOLDER = re.compile(r"\[\[link:(\d+)\]\]")


class LinkError(Exception):
    """The link cannot be used. `reason`: invalid | moved | revoked | expired | closed
    ("moved": the ticket left the link's OPD, or the officer did; "closed": the ticket is
    done with, and a reopening sends a fresh link)."""

    def __init__(self, reason: str, link: OfficerLink | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.link = link


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def lifetime() -> timedelta:
    return timedelta(days=current_app.config["OFFICER_LINK_DAYS"])


def token_for(link: OfficerLink) -> str:
    """Returns the link's token (signed; derived from its nonce, never stored)."""
    return _serializer().dumps({"l": link.id, "n": link.nonce})


def url(token: str) -> str:
    """Returns the public URL of a link token."""
    return f"{current_app.config['PUBLIC_BASE_URL']}/o/{token}"


def issue(ticket: Ticket, officer: Officer, now: datetime | None = None) -> OfficerLink:
    """Creates a link for (ticket, officer); returns it (flushed, so it has an id)."""
    now = now or utcnow()
    link = OfficerLink(
        ticket_id=ticket.id,
        officer_id=officer.id,
        opd_code=None if officer.group_code else officer.opd_code,  # groups follow tickets
        nonce=secrets.token_urlsafe(16),
        token_hash="",
        created_at=now,
        expires_at=now + lifetime(),
    )
    db.session.add(link)
    db.session.flush()
    link.token_hash = _hash(token_for(link))
    return link


def placeholder(link: OfficerLink) -> str:
    """Returns the text that stands for the link's URL until the message is sent."""
    return f"[[link:{link.id}]]"


def expand(text: str, officer_id: int | None, ticket_id: int | None) -> str:
    """Returns `text` with the placeholders of the links of (`officer_id`, `ticket_id`)
    replaced by their URLs: the recipient's own links to the row's ticket. The text also
    carries what citizens wrote (a summary, a forwarded answer), so any other placeholder
    is left as written: a citizen typing "[[link:5]]" must not have another officer's link
    to another ticket sent out, and a row to a citizen never carries a link."""
    if officer_id is None or ticket_id is None:
        return text

    def one(match: re.Match[str]) -> str:
        link_id = int(match.group(1))
        link = db.session.get(OfficerLink, link_id) if 0 < link_id < 2**31 else None
        if link is None or link.officer_id != officer_id or link.ticket_id != ticket_id:
            return match.group(0)
        return url(token_for(link))

    return PLACEHOLDER.sub(one, text)


# What a group's links are bound to instead of an OPD: the 112 desk acts on emergencies
# only (a ticket an agent corrected into a complaint or a PPID request is not theirs).
GROUP_KINDS = {"DESK112": "emergency"}


def bound(link: OfficerLink) -> bool:
    """True while the link's ticket and officer are still with the OPD it was issued
    for. Group members' links follow a ticket wherever it goes (the 112 desk while it is
    an emergency, supervisors and the mayor's office always)."""
    if link.opd_code is None:
        kind = GROUP_KINDS.get(link.officer.group_code or "")
        return kind is None or link.ticket.kind == kind
    return link.ticket.opd_code == link.opd_code and link.officer.opd_code == link.opd_code


@dataclass(frozen=True)
class Issued:
    count: int  # links ever issued for (ticket, officer)
    working: bool  # one of them still works


def issued(ticket: Ticket, officer: Officer, now: datetime) -> Issued:
    """Returns how many links (ticket, officer) has had and whether one still works."""
    stmt = select(OfficerLink).where(
        OfficerLink.ticket_id == ticket.id, OfficerLink.officer_id == officer.id
    )
    found = list(db.session.execute(stmt).scalars())
    working = any(
        link.revoked_at is None and link.expires_at > now and bound(link) for link in found
    )
    return Issued(len(found), working)


def resolve(token: str, now: datetime | None = None) -> OfficerLink:
    """Returns the usable link behind `token`; raises
    LinkError(invalid|moved|revoked|expired|closed)."""
    now = now or utcnow()
    try:
        data = _serializer().loads(token)
    except BadSignature as exc:
        raise LinkError("invalid") from exc
    link_id = data.get("l") if isinstance(data, dict) else None
    if type(link_id) is not int or not 0 < link_id < 2**31:
        raise LinkError("invalid")  # only our own well-formed ids reach the database
    link = db.session.get(OfficerLink, link_id)
    if link is None or link.token_hash != _hash(token):
        raise LinkError("invalid")
    if not bound(link):
        raise LinkError("moved", link)
    if link.revoked_at is not None or not link.officer.active:
        raise LinkError("revoked", link)
    if link.expires_at <= now:
        raise LinkError("expired", link)
    if link.ticket.status == "closed":  # nothing left to do: no conversation, no phone
        raise LinkError("closed", link)
    return link


def revoke(link: OfficerLink, now: datetime | None = None) -> None:
    link.revoked_at = link.revoked_at or now or utcnow()


def _revoke_unit_links(ticket: Ticket, *where: Any) -> list[OfficerLink]:
    """Revokes the ticket's live links bound to an OPD that match `where`; returns them."""
    stmt = select(OfficerLink).where(
        OfficerLink.ticket_id == ticket.id,
        OfficerLink.revoked_at.is_(None),
        OfficerLink.opd_code.is_not(None),
        *where,
    )
    now, revoked = utcnow(), list(db.session.execute(stmt).scalars())
    for link in revoked:
        link.revoked_at = now
    return revoked


def retire(ticket: Ticket) -> list[OfficerLink]:
    """Revokes the ticket's live links bound to an OPD it is no longer with, so they stay
    dead should the ticket come back (A -> B -> A). Returns them (notify.moved_away
    tells their officers)."""
    return _revoke_unit_links(ticket, OfficerLink.opd_code.is_distinct_from(ticket.opd_code))


def retire_others(ticket: Ticket, keep: set[int]) -> int:
    """Revokes the ticket's live links bound to an OPD, but those of the officers in
    `keep`: an objection is the superior's to answer, not the answering officer's.
    Returns how many."""
    return len(_revoke_unit_links(ticket, OfficerLink.officer_id.not_in(keep or {0})))


def revoke_all(ticket_id: int | None = None, officer_id: int | None = None) -> int:
    """Revokes every live link of a ticket and/or an officer; returns how many."""
    stmt = select(OfficerLink).where(OfficerLink.revoked_at.is_(None))
    if ticket_id is not None:
        stmt = stmt.where(OfficerLink.ticket_id == ticket_id)
    if officer_id is not None:
        stmt = stmt.where(OfficerLink.officer_id == officer_id)
    links = list(db.session.execute(stmt).scalars())
    now = utcnow()
    for link in links:
        link.revoked_at = now
    return len(links)
