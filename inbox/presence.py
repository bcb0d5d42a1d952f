"""Who is on a ticket right now, and what each agent has already read. Both live in
Redis only: they are hints for people, so losing them costs nothing.

* Presence: a sorted set per ticket (member: user id, score: when the mark expires),
  refreshed by the ticket page every 5 s; a separate set marks who is typing a
  reply. Marks expire after PRESENCE_SECONDS / TYPING_SECONDS without a refresh, and the
  keys themselves after a minute of silence.
* Read marks: a hash per agent (ticket id -> the time of the last citizen message they
  saw); a ticket is unread when the citizen wrote after that, or the agent never opened it.
* Mentions: a hash per agent (ticket number -> when a note @mentioned them), shown on
  their inbox until they open the ticket.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from redis.exceptions import RedisError

from aduan.queue import redis_conn
from ticketing.models import Ticket

PRESENCE_SECONDS = 30
TYPING_SECONDS = 12
READ_DAYS = 30


@dataclass(frozen=True)
class Other:
    """Another agent on the same ticket."""

    user_id: int
    typing: bool


def _keys(ticket_id: int) -> tuple[str, str]:
    return f"aduan:presence:{ticket_id}", f"aduan:typing:{ticket_id}"


def touch(ticket_id: int, user_id: int, typing: bool = False, now: float | None = None) -> None:
    """Marks `user_id` as viewing (and, with `typing`, writing a reply on) the ticket."""
    now = time.time() if now is None else now
    seen, writing = _keys(ticket_id)
    try:
        pipe = redis_conn().pipeline()
        pipe.zadd(seen, {str(user_id): now + PRESENCE_SECONDS})
        if typing:
            pipe.zadd(writing, {str(user_id): now + TYPING_SECONDS})
        else:
            pipe.zrem(writing, str(user_id))
        pipe.expire(seen, 60)
        pipe.expire(writing, 60)
        pipe.execute()
    except RedisError:
        return


def leave(ticket_id: int, user_id: int) -> None:
    """Removes the agent's marks from the ticket (they closed it)."""
    try:
        redis_conn().zrem(_keys(ticket_id)[0], str(user_id))
        redis_conn().zrem(_keys(ticket_id)[1], str(user_id))
    except RedisError:
        return


def others(ticket_id: int, user_id: int, now: float | None = None) -> list[Other]:
    """Returns the other agents whose marks on the ticket have not expired."""
    now = time.time() if now is None else now
    seen, writing = _keys(ticket_id)
    try:
        pipe = redis_conn().pipeline()
        pipe.zrangebyscore(seen, now, "+inf")
        pipe.zrangebyscore(writing, now, "+inf")
        viewing, typing = pipe.execute()
    except RedisError:
        return []
    typing_ids = {int(v) for v in typing}
    ids = {int(v) for v in viewing} | typing_ids
    return [Other(uid, uid in typing_ids) for uid in sorted(ids) if uid != user_id]


def _stamp(ticket: Any) -> float:
    at = ticket.last_citizen_at or ticket.created_at
    return at.timestamp() if at else 0.0


def mark_read(user_id: int, ticket: Ticket) -> None:
    """Remembers that the agent has seen the ticket as it is now."""
    key = read_key(user_id)
    try:
        pipe = redis_conn().pipeline()
        pipe.hset(key, str(ticket.id), repr(_stamp(ticket)))
        pipe.expire(key, READ_DAYS * 86400)
        pipe.hdel(mentions_key(user_id), ticket.number)
        pipe.execute()
    except RedisError:
        return


def mention(user_ids: Iterable[int], ticket: Ticket, now: float | None = None) -> None:
    """Tells the @mentioned agents: the ticket is unread for them and listed on their
    inbox until they open it."""
    now = time.time() if now is None else now
    try:
        pipe = redis_conn().pipeline()
        for user_id in user_ids:
            pipe.hset(read_key(user_id), str(ticket.id), "0")
            pipe.hset(mentions_key(user_id), ticket.number, repr(now))
            pipe.expire(mentions_key(user_id), READ_DAYS * 86400)
        pipe.execute()
    except RedisError:
        return


def mentions_from(found: dict[bytes, bytes] | None, limit: int = 10) -> list[str]:
    """Returns the ticket numbers in an agent's mentions hash (HGETALL), newest first."""
    stamps = {k.decode(): float(v) for k, v in (found or {}).items()}
    return sorted(stamps, key=lambda number: -stamps[number])[:limit]


def mentions_key(user_id: int) -> str:
    """Returns the Redis key of the agent's unseen mentions."""
    return f"aduan:mentions:{user_id}"


def read_key(user_id: int) -> str:
    """Returns the Redis key of the agent's read marks."""
    return f"aduan:read:{user_id}"


def unread(user_id: int, tickets: Iterable[Any]) -> set[int]:
    """Returns the ids of `tickets` with citizen messages the agent has not seen."""
    tickets = list(tickets)
    if not tickets:
        return set()
    try:
        marks = redis_conn().hmget(read_key(user_id), [str(t.id) for t in tickets])
    except RedisError:
        return set()
    return unread_from(tickets, marks)


def unread_from(tickets: list[Any], marks: list[Any]) -> set[int]:
    """Returns unread() given the agent's read marks of `tickets` (HMGET's answer)."""
    return {
        t.id
        for t, mark in zip(tickets, marks, strict=True)
        if mark is None or float(mark) < _stamp(t)
    }
