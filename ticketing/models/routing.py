"""Agents' corrections to routing decisions: the training data for `aduan routing retrain`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from aduan.extensions import db

from .base import UTCDateTime, utcnow


class RoutingCorrection(db.Model):
    __tablename__ = "routing_corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    kind_before: Mapped[str | None] = mapped_column(String(20))
    opd_before: Mapped[str | None] = mapped_column(String(20))
    kind_after: Mapped[str] = mapped_column(String(20))
    opd_after: Mapped[str | None] = mapped_column(String(20))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
