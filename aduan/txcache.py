"""A memo for one database transaction: rows that do not change while it runs (the
partner endpoints, a unit's officers, a unit, an SLA policy version). The intake job
routes dozens of tickets in one transaction and each would look them up again.

An entry lives until the transaction ends (commit or rollback, a savepoint's rollback
too) and is dropped as soon as the session holds a new, changed or deleted row of a
model it depends on, or flushes one, so it never hides a change made in the same
transaction; rows committed elsewhere are seen from the next transaction on. The intake
job keeps it across the slice commits of one batch (across_commits, at most about a
second), as if the batch were still one transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.orm import Session

from aduan.extensions import db

T = TypeVar("T")
KEY = "txcache"
HOLD = "txcache_hold"


def get(key: Any, models: tuple[type, ...], load: Callable[[], T]) -> T:
    """Returns what `load()` returned for `key` in this transaction (calls it once)."""
    session = db.session()
    memo: dict[Any, tuple[tuple[type, ...], Any]] = session.info.setdefault(KEY, {})
    if key in memo and not _touched(session, models):
        return memo[key][1]  # type: ignore[no-any-return]
    value = load()
    if session.in_transaction():  # else there is no transaction to bind it to
        memo[key] = (models, value)
    return value


def clear(session: Session | None = None) -> None:
    (session or db.session()).info.pop(KEY, None)


def _touched(session: Session, models: tuple[type, ...]) -> bool:
    """True when the session holds unflushed changes to a row of `models`."""
    return any(
        isinstance(obj, models)
        for rows in (session.new, session.dirty, session.deleted)
        for obj in rows
    )


def _after_flush(session: Session, context: Any) -> None:
    memo = session.info.get(KEY)
    if not memo:
        return
    written = {type(obj) for rows in (session.new, session.dirty, session.deleted) for obj in rows}
    for key, (models, _) in list(memo.items()):
        if any(issubclass(kind, models) for kind in written):
            del memo[key]


@contextmanager
def across_commits() -> Iterator[None]:
    """Keeps the memo, and every loaded row unexpired, across the commits made inside
    the block (the intake job's slice commits): the rows are as fresh as they were in
    one transaction over the whole block; leaving it drops the memo."""
    session = db.session()
    session.info[HOLD] = True
    keep, session.expire_on_commit = session.expire_on_commit, False
    try:
        yield
    finally:
        session.expire_on_commit = keep
        session.info.pop(HOLD, None)
        session.info.pop(KEY, None)


def _after_commit(session: Session) -> None:
    if session.in_nested_transaction() or session.info.get(HOLD):
        return  # a savepoint released, or a slice commit inside across_commits
    session.info.pop(KEY, None)


def _after_rollback(session: Session) -> None:
    session.info.pop(KEY, None)


def _after_soft_rollback(session: Session, previous: Any) -> None:
    session.info.pop(KEY, None)


def _listen() -> None:
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_soft_rollback", _after_soft_rollback)
        event.listen(Session, "after_rollback", _after_rollback)


_listen()
