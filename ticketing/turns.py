"""Outbox rows of one ticket to one recipient are sent in their order: a send claims its
row only when no older one is on its way (ticketing/outbox.py sends; several workers and
the `sends` threads run side by side, and the citizen must read "sedang ditangani"
before the progress and its photo)."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, exists, or_, select, update
from sqlalchemy.orm import aliased

from aduan.extensions import db
from ticketing.models import Outbound

TURN_WAIT = 3.0  # seconds a send waits at most for an older one of its ticket (claim)


EARLIER = aliased(Outbound, name="earlier")  # one alias: SQLAlchemy caches what uses it


def _older_on_its_way(now: datetime) -> Any:
    """An older message of the same ticket to the same recipient is being sent or due."""
    on_its_way = or_(
        EARLIER.status == "sending",
        and_(EARLIER.status == "pending", EARLIER.next_attempt_at <= now),
    )
    return exists().where(
        EARLIER.ticket_id == Outbound.ticket_id,
        EARLIER.channel == Outbound.channel,
        EARLIER.recipient == Outbound.recipient,
        EARLIER.id < Outbound.id,
        on_its_way,
    )


def behind(outbound_id: int, now: datetime) -> bool:
    """True while an older message of the row's ticket to the same recipient is on its
    way: sends run side by side (several workers, the `sends` threads), and the citizen
    must read "sedang ditangani" before the progress and its photo."""
    stmt = select(Outbound.id).where(Outbound.id == outbound_id, _older_on_its_way(now))
    return db.session.execute(stmt).first() is not None


def claim(outbound_id: int, now: datetime) -> Outbound | None:
    """Claims the row for one send, in its turn (`behind`): a row waits, at most
    TURN_WAIT seconds (a lost job or a lower queue's row must not hold it longer),
    while an older one is on its way. Returns the claimed row as the claim left it (one
    UPDATE ... RETURNING, committed), or None when it is not (or no longer) to be sent."""
    due = (Outbound.status == "pending", Outbound.next_attempt_at <= now + timedelta(seconds=5))
    deadline = time.monotonic() + TURN_WAIT
    while True:
        in_turn = time.monotonic() < deadline
        stmt = update(Outbound).where(Outbound.id == outbound_id, *due)
        if in_turn:
            stmt = stmt.where(~_older_on_its_way(now))
        values = {"status": "sending", "attempts": Outbound.attempts + 1, "updated_at": now}
        stmt = stmt.values(**values).returning(Outbound)
        row = db.session.execute(stmt, execution_options={"synchronize_session": False}).scalar()
        commit_keeping()
        if row is not None:
            return row
        still = select(Outbound.id).where(Outbound.id == outbound_id, *due)
        waiting = in_turn and db.session.execute(still).first() is not None
        db.session.commit()  # no transaction open while waiting (SQLite would see no change)
        if not waiting:
            return None
        time.sleep(0.1)


def commit_keeping() -> None:
    """Commits without expiring what the session holds: the claimed row is read once."""
    session = db.session()
    session.expire_on_commit, keep = False, session.expire_on_commit
    try:
        session.commit()
    finally:
        session.expire_on_commit = keep
