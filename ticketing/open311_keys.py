"""Open311 partner keys: issued by an admin (`aduan open311 keys create NAME`), stored
only as a SHA-256, checked on every POST, revocable."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

from sqlalchemy import select

from aduan.extensions import db
from ticketing.models import Open311Key, utcnow

KEY_PREFIX = "o311_"


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create(name: str) -> tuple[Open311Key, str]:
    """Issues a key for partner `name`; returns the row and the key, which is shown
    once and never stored. Raises ValueError for a blank name."""
    name = name.strip()
    if not name:
        raise ValueError("a partner needs a name")
    key = KEY_PREFIX + secrets.token_urlsafe(24)
    row = Open311Key(name=name[:120], prefix=key[:10], key_hash=_hash(key))
    db.session.add(row)
    return row, key


def verify(key: str | None, now: datetime | None = None) -> Open311Key | None:
    """Returns the active partner key matching `key` (and notes its use), else None."""
    if not key or not key.startswith(KEY_PREFIX) or len(key) > 100:
        return None
    digest = _hash(key)
    row = db.session.execute(select(Open311Key).where(Open311Key.key_hash == digest)).scalar()
    if row is None or row.revoked_at is not None:
        return None
    if not hmac.compare_digest(row.key_hash, digest):
        return None
    row.last_used_at = now or utcnow()
    return row


def revoke(key_id: int, now: datetime | None = None) -> Open311Key | None:
    """Revokes key `key_id`; returns it (None when unknown). Revoking twice keeps the
    first time."""
    row = db.session.get(Open311Key, key_id)
    if row is not None and row.revoked_at is None:
        row.revoked_at = now or utcnow()
    return row


def listing() -> list[Open311Key]:
    """Returns every key, newest first."""
    return list(db.session.execute(select(Open311Key).order_by(Open311Key.id.desc())).scalars())
