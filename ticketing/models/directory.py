"""The OPD directory: city units, their officers, alert groups, and the edit history."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from aduan.extensions import db

from .base import UTCDateTime, utcnow

NOTIFY_CHANNELS = ("telegram", "whatsapp", "sms", "email")
# Groups that are not OPDs but receive alerts: the 112 desk, Media Center supervisors,
# and the mayor's office.
GROUPS = ("DESK112", "SUPERVISORS", "MAYOR")
# Groups whose links follow a ticket without acting on it: the OPD handles it, the
# Media Center acts in the inbox. The 112 desk acts on emergencies through its links.
WATCHING = ("SUPERVISORS", "MAYOR")


class Opd(db.Model):
    __tablename__ = "opds"

    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    remit: Mapped[str] = mapped_column(Text, default="")
    keywords: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(default=True)
    # Admins decide whether this OPD's officers may transfer tickets to another OPD.
    transfer_allowed: Mapped[bool] = mapped_column(default=False)
    # A kecamatan or kelurahan is a unit of its own: its Kemendagri code, the unit above
    # it (a kelurahan's kecamatan; a kecamatan's the KECAMATAN umbrella), and the
    # boundary an admin loaded (GeoJSON geometry, `aduan areas load`).
    region_code: Mapped[str | None] = mapped_column(String(13), unique=True)
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("opds.code"), index=True)
    boundary: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    officers: Mapped[list[Officer]] = relationship(back_populates="opd")


class Officer(db.Model):
    """A person who is notified: an OPD complaint officer or head, or a group member."""

    __tablename__ = "officers"

    id: Mapped[int] = mapped_column(primary_key=True)
    opd_code: Mapped[str | None] = mapped_column(ForeignKey("opds.code"), index=True)
    group_code: Mapped[str | None] = mapped_column(String(20), index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), default="officer")  # officer | head
    channel: Mapped[str] = mapped_column(String(20))  # one of NOTIFY_CHANNELS
    address: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)

    opd: Mapped[Opd | None] = relationship(back_populates="officers")

    @property
    def watching(self) -> bool:
        """True for a member of a group that follows tickets but does not act on them."""
        return self.group_code in WATCHING


class DirectoryChange(db.Model):
    """History of admin edits to the directory: who changed what, from what, to what."""

    __tablename__ = "directory_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    entity: Mapped[str] = mapped_column(String(20))  # opd | officer
    entity_key: Mapped[str] = mapped_column(String(40), index=True)
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
