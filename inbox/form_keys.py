"""One-time form keys: a form carries a fresh key (new_key), and its first submission
claims it (an ActionKey row). A double click, a replayed or a resubmitted form finds the
key claimed and changes nothing. Used by the officer's actions and the SLA policy form."""

from __future__ import annotations

import uuid

from sqlalchemy.exc import IntegrityError

from aduan.extensions import db
from ticketing.models import ActionKey


def new_key() -> str:
    """Returns a fresh key for one form."""
    return uuid.uuid4().hex


def well_formed(key: str) -> bool:
    """True for a key a form of ours could carry (16 to 64 characters)."""
    return 16 <= len(key) <= 64


def claim(key: str, link_id: int | None = None) -> bool:
    """Claims `key` in the session's transaction; returns False (the session rolled
    back) when a submission claimed it already. A rollback of the work releases it."""
    try:
        with db.session.begin_nested():
            db.session.add(ActionKey(key=key, link_id=link_id))
    except IntegrityError:
        db.session.rollback()
        return False
    return True
