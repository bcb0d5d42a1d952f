"""Open311 partners: the systems allowed to POST service requests, one key each."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from aduan.extensions import db

from .base import UTCDateTime, utcnow


class Open311Key(db.Model):
    """An Open311 API key issued to one partner. Only its SHA-256 is stored; `prefix`
    (the first characters) lets people tell keys apart in lists and logs."""

    __tablename__ = "open311_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    prefix: Mapped[str] = mapped_column(String(12))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
