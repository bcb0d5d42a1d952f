"""Staff users, citizens (contacts) and their per-channel identities."""

from __future__ import annotations

import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from aduan.extensions import db

from .base import UTCDateTime, utcnow

ROLES = ("agent", "supervisor", "admin")
PHONE_CHANNELS = ("sms", "whatsapp", "whatsapp_cloud", "voice")  # addresses are E.164
_DECOY: list[str] = []  # a hash of nothing anyone knows, made once per process


def check_nobody(password: str) -> bool:
    """Hashes `password` the way a sign-in to a real account does, and returns False: a
    failed sign-in costs the same whether the e-mail is a staff account or not."""
    if not _DECOY:
        _DECOY.append(generate_password_hash(secrets.token_hex(16)))
    check_password_hash(_DECOY[0], password)
    return False


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(255), unique=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    role: Mapped[str] = mapped_column(String(20), default="agent")
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Part of every session and remember cookie (get_id); bumping it ends them all.
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")

    def set_password(self, password: str) -> None:
        """Sets the password and ends every session signed in with the old one."""
        self.password_hash = generate_password_hash(password)
        self.end_sessions()

    def end_sessions(self) -> None:
        """Makes every session and remember cookie issued so far invalid."""
        self.session_version = (self.session_version or 1) + 1

    def get_id(self) -> str:  # Flask-Login: what the session and remember cookie hold
        return f"{self.id}:{self.session_version or 1}"

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    def can(self, role: str) -> bool:
        """Returns True when this user's role is `role` or above (agent < supervisor < admin)."""
        return ROLES.index(self.role) >= ROLES.index(role)


class Contact(db.Model):
    """One citizen, whatever channels they use."""

    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(20), unique=True)  # E.164
    # The last four digits, all a masked number shows of its end (+62812****7890): what
    # a search by a number's end looks up (ticketing/search.py:_partial_matches).
    phone_end: Mapped[str | None] = mapped_column(String(4), index=True)
    locale: Mapped[str] = mapped_column(String(5), default="id")
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"))
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # personal data removed
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    identities: Mapped[list[Identity]] = relationship(back_populates="contact")


class Identity(db.Model):
    """A contact's address on one channel (Telegram chat id, E.164 number, X user id)."""

    __tablename__ = "identities"
    __table_args__ = (UniqueConstraint("channel", "address", name="uq_identity_channel_address"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"), index=True)
    channel: Mapped[str] = mapped_column(String(20))
    address: Mapped[str] = mapped_column(String(100))
    display_name: Mapped[str | None] = mapped_column(String(200))
    phone_end: Mapped[str | None] = mapped_column(String(4), index=True)  # as Contact's
    last_inbound_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    unreachable_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    unreachable_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    contact: Mapped[Contact] = relationship(back_populates="identities")


Index("ix_contacts_merged_into", Contact.merged_into_id)


def phone_end(number: str | None) -> str | None:
    """Returns the last four digits of an E.164 number, else None (ids, erased ones)."""
    if number and number.startswith("+") and number[1:].isdigit() and len(number) > 8:
        return number[-4:]
    return None


@event.listens_for(Contact, "before_insert")
@event.listens_for(Contact, "before_update")
def _contact_phone_end(_mapper: object, _connection: object, contact: Contact) -> None:
    contact.phone_end = phone_end(contact.phone)


@event.listens_for(Identity, "before_insert")
@event.listens_for(Identity, "before_update")
def _identity_phone_end(_mapper: object, _connection: object, identity: Identity) -> None:
    is_phone = identity.channel in PHONE_CHANNELS
    identity.phone_end = phone_end(identity.address) if is_phone else None
