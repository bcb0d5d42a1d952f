"""Signed links that let OPD officers act on one ticket without an account."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from aduan.extensions import db

from .base import UTCDateTime, utcnow


class OfficerLink(db.Model):
    """One link for one (ticket, officer). The token is never stored: only its SHA-256 and
    the nonce it is signed from (useless without SECRET_KEY)."""

    __tablename__ = "officer_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"), index=True)
    # The officer's OPD when the link was issued (None for members of a group: the 112
    # desk, supervisors): the link works only while the ticket and officer are still there.
    opd_code: Mapped[str | None] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), index=True)
    nonce: Mapped[str] = mapped_column(String(32))  # the token is derived from it + SECRET_KEY
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    uses: Mapped[int] = mapped_column(Integer, default=0)

    ticket = relationship("Ticket")
    officer = relationship("Officer")


class ActionKey(db.Model):
    """A form submission already applied: a replayed or double-submitted form finds
    its key here and changes nothing."""

    __tablename__ = "action_keys"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    link_id: Mapped[int | None] = mapped_column(ForeignKey("officer_links.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
