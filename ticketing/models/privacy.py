"""The personal-data log: every reveal, export, erasure and retention run, without the
data itself (UU 27/2022: who saw or handled whose data, when, and why)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from aduan.extensions import db

from .base import UTCDateTime, utcnow

PRIVACY_ACTIONS = ("reveal", "export", "erase", "retention")


class PrivacyLog(db.Model):
    """One access to or change of a citizen's personal data. Holds ids, the field's name
    and counts, never a value."""

    __tablename__ = "privacy_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_kind: Mapped[str] = mapped_column(String(20))  # agent | officer | admin | system
    actor_id: Mapped[int | None] = mapped_column(Integer)
    actor_name: Mapped[str] = mapped_column(String(200), default="")
    action: Mapped[str] = mapped_column(String(20))  # one of PRIVACY_ACTIONS
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"), index=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), index=True)
    field: Mapped[str] = mapped_column(String(40), default="")  # e.g. phone, identity:12
    note: Mapped[str] = mapped_column(Text, default="")  # where / why, never the data
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # counts
