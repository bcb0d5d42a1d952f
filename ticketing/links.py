"""Officer links: signed (itsdangerous), scoped to one ticket and one officer, expiring,
revocable, stored only as a SHA-256 hash."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select

from aduan.extensions import db
from ticketing.models import Officer, OfficerLink, Ticket, utcnow

SALT = "aduan-officer-link"


class LinkError(Exception):
    """The link cannot be used. `reason`: invalid | expired | revoked."""

    def __init__(self, reason: str, link: OfficerLink | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.link = link


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def lifetime() -> timedelta:
    return timedelta(days=current_app.config["OFFICER_LINK_DAYS"])


def issue(ticket: Ticket, officer: Officer, now: datetime | None = None) -> str:
    """Creates a link for (ticket, officer) and returns its token (shown once, never stored)."""
    now = now or utcnow()
    token = _serializer().dumps({"t": ticket.id, "o": officer.id, "n": secrets.token_urlsafe(12)})
    db.session.add(
        OfficerLink(
            ticket_id=ticket.id,
            officer_id=officer.id,
            token_hash=_hash(token),
            created_at=now,
            expires_at=now + lifetime(),
        )
    )
    return token


def url(token: str) -> str:
    """Returns the public URL of a link token."""
    return f"{current_app.config['PUBLIC_BASE_URL']}/o/{token}"


def issue_url(ticket: Ticket, officer: Officer, now: datetime | None = None) -> str:
    return url(issue(ticket, officer, now))


def resolve(token: str, now: datetime | None = None) -> OfficerLink:
    """Returns the usable link behind `token`; raises LinkError(invalid|expired|revoked)."""
    now = now or utcnow()
    try:
        data = _serializer().loads(token, max_age=int(lifetime().total_seconds()))
    except SignatureExpired as exc:
        raise LinkError("expired", _by_hash(token)) from exc
    except BadSignature as exc:
        raise LinkError("invalid") from exc
    link = _by_hash(token)
    if link is None or link.ticket_id != data.get("t") or link.officer_id != data.get("o"):
        raise LinkError("invalid")
    if link.revoked_at is not None:
        raise LinkError("revoked", link)
    if link.expires_at <= now:
        raise LinkError("expired", link)
    return link


def _by_hash(token: str) -> OfficerLink | None:
    stmt = select(OfficerLink).where(OfficerLink.token_hash == _hash(token))
    return db.session.execute(stmt).scalar()


def revoke(link: OfficerLink, now: datetime | None = None) -> None:
    link.revoked_at = link.revoked_at or now or utcnow()


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
