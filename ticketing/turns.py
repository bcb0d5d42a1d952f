"""Outbox rows of one ticket to one recipient are sent in their order: a send claims its
row only when no older one is on its way (ticketing/outbox.py sends; several workers and
the `sends` threads run side by side, and the citizen must read "sedang ditangani"
before the progress and its photo)."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, bindparam, exists, or_, select, update
from sqlalchemy.orm import aliased

from aduan.extensions import db
from ticketing.models import Outbound

TURN_WAIT = 3.0  # seconds a send waits at most for an older one of its ticket (claim)


EARLIER = aliased(Outbound, name="earlier")


def _older_on_its_way(now: Any) -> Any:
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


# The statements of a send's claim, built once with bound parameters: building them
# took about half a millisecond per send.
_ROW, _NOW = bindparam("turn_row"), bindparam("turn_now")
_DUE = (Outbound.status == "pending", Outbound.next_attempt_at <= bindparam("turn_due"))
_TAKE = {"status": "sending", "attempts": Outbound.attempts + 1, "updated_at": _NOW}
_ANY_TURN = update(Outbound).where(Outbound.id == _ROW, *_DUE).values(**_TAKE)
CLAIM_IN_TURN = _ANY_TURN.where(~_older_on_its_way(_NOW)).returning(Outbound)
CLAIM_PAST_TURN = _ANY_TURN.returning(Outbound)  # once TURN_WAIT has passed
STILL_DUE = select(Outbound.id).where(Outbound.id == _ROW, *_DUE)
BEHIND = select(Outbound.id).where(Outbound.id == _ROW, _older_on_its_way(_NOW))
MINE = select(Outbound).where(
    Outbound.id == _ROW, Outbound.status == "sending", Outbound.updated_at == _NOW
)


def behind(outbound_id: int, now: datetime) -> bool:
    """True while an older message of the row's ticket to the same recipient is on its
    way: sends run side by side (several workers, the `sends` threads), and the citizen
    must read "sedang ditangani" before the progress and its photo."""
    found = db.session.execute(BEHIND, {"turn_row": outbound_id, "turn_now": now})
    return found.first() is not None


def claim(outbound_id: int, now: datetime) -> Outbound | None:
    """Claims the row for one send, in its turn (`behind`): a row waits, at most
    TURN_WAIT seconds (a lost job or a lower queue's row must not hold it longer),
    while an older one is on its way. Returns the claimed row as the claim left it (one
    UPDATE ... RETURNING, committed), or None when it is not (or no longer) to be sent."""
    params = {"turn_row": outbound_id, "turn_now": now, "turn_due": now + timedelta(seconds=5)}
    deadline = time.monotonic() + TURN_WAIT
    while True:
        in_turn = time.monotonic() < deadline
        stmt = CLAIM_IN_TURN if in_turn else CLAIM_PAST_TURN
        found = db.session.execute(stmt, params, execution_options={"synchronize_session": False})
        row = found.scalar()
        commit_keeping()
        if row is not None:
            return row
        waiting = in_turn and db.session.execute(STILL_DUE, params).first() is not None
        db.session.commit()  # no transaction open while waiting (SQLite would see no change)
        if not waiting:
            return None
        time.sleep(0.1)


def made(outbound_id: int, now: datetime) -> Outbound | None:
    """The row, when a claim made at `now` was committed though the commit's answer was
    lost (the database went away mid-commit): its claim stamped updated_at with `now`."""
    row = db.session.execute(MINE, {"turn_row": outbound_id, "turn_now": now}).scalar()
    commit_keeping()
    return row


def commit_keeping() -> None:
    """Commits without expiring what the session holds: the claimed row is read once."""
    session = db.session()
    session.expire_on_commit, keep = False, session.expire_on_commit
    try:
        session.commit()
    finally:
        session.expire_on_commit = keep
