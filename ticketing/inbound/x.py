"""X: mentions of our account (route "x") and DMs to it (route "x_dm"), polled, and the
optional Account Activity webhook (route "x_activity", tweets and DMs in v1.1 shapes).
A public mention that carries personal data is flagged (ingest flags the ticket; the
replies ask the citizen to hide the post).

Polling, every X_POLL_SECONDS:
The clock process calls `schedule_poll` on every tick; it enqueues `poll_x` once per
time slot of X_POLL_SECONDS, claimed with a Redis SET NX on the slot's key, so several
clock processes never double a poll (and an RQ job id per slot names it). The job:
  - skips a feed while ChannelState.retry_at is in the future (after a 429),
  - fetches what is newer than the cursor persisted in ChannelState.cursor,
  - inserts each item as a raw InboundEvent (external id = tweet or event id,
    duplicates ignored) and moves the cursor in the SAME transaction, so a crash loses
    nothing and a replay doubles nothing,
  - wakes an intake worker for the new events after the commit.
Errors never escape the job: a 429 records retry_at from x-rate-limit-reset (never a
sleep), an authentication error marks the feed unhealthy (shown on /admin/channels),
anything else is recorded and the next slot tries again."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from redis.exceptions import RedisError
from sqlalchemy.exc import SQLAlchemyError

from aduan.extensions import db
from aduan.queue import enqueue, redis_conn
from channels.base import ChannelError, InboundMessage
from channels.x_parse import normalize_activity, parse_dm_events, parse_mentions, parse_time
from ticketing import health
from ticketing.delivery import adapters
from ticketing.inbound import events
from ticketing.inbound.events import Inbound
from ticketing.models import ChannelState, utcnow
from ticketing.privacy import find_personal_data

log = logging.getLogger(__name__)

DEFAULT_RATE_LIMIT_WAIT = timedelta(minutes=15)  # X's window, when no reset header came
UNHEALTHY_AFTER = timedelta(minutes=15)  # transient errors this long: the feed is failing
BACKFILL = timedelta(hours=24)  # on the very first poll, older items are only skipped


@dataclass(frozen=True)
class Feed:
    key: str  # ChannelState key
    route: str  # InboundEvent.channel
    fetch: str  # XAdapter method returning (raw items, newest id)


FEEDS = (
    Feed("x_mentions", "x", "fetch_mention_items"),
    Feed("x_dms", "x_dm", "fetch_dm_items"),
)


# --------------------------------------------------------------------------- reading


def flag_personal_data(messages: list[InboundMessage]) -> list[InboundMessage]:
    """Returns `messages` with meta["pii"] = the kinds of personal data found in each
    public message."""
    flagged = []
    for message in messages:
        kinds = find_personal_data(message.text) if message.public else []
        flagged.append(replace(message, meta={**message.meta, "pii": kinds}) if kinds else message)
    return flagged


def _object(payload: str) -> dict[str, Any]:
    data = json.loads(payload)
    if not isinstance(data, dict):
        raise ValueError("payload is not a JSON object")
    return data


def read_mention(payload: str) -> Inbound:
    """Route "x": one mention as a single-tweet API v2 page (polled)."""
    data = _object(payload)
    return Inbound(flag_personal_data(parse_mentions(data, str(data["for_user_id"]))))


def read_dm(payload: str) -> Inbound:
    """Route "x_dm": one DM event as a single-event API v2 page (polled)."""
    data = _object(payload)
    return Inbound(parse_dm_events(data, str(data["for_user_id"])))


def read_activity(payload: str) -> Inbound:
    """Route "x_activity": one Account Activity webhook body."""
    data = _object(payload)
    account = str(data.get("for_user_id") or current_app.config["X_ACCOUNT_ID"])
    return Inbound(flag_personal_data(normalize_activity(data, account)))


# --------------------------------------------------------------------------- polling


def configured() -> bool:
    """Returns True when X credentials are set (the poll has something to do)."""
    return all(current_app.config.get(key) for key in adapters.X_KEYS)


def schedule_poll(now: datetime) -> int:
    """Enqueues poll_x once for the current slot of X_POLL_SECONDS; returns 1 when this
    call enqueued it, 0 when it was already claimed, X is not configured, or Redis is
    unavailable (the next tick tries again)."""
    if not configured():
        return 0
    interval = max(1, int(current_app.config["X_POLL_SECONDS"]))
    slot = int(now.timestamp()) // interval
    try:
        claimed = redis_conn().set(f"aduan:x-poll:{slot}", "1", nx=True, ex=interval * 4)
    except (RedisError, OSError) as exc:
        log.warning("x poll not scheduled, Redis unavailable: %s", exc)
        return 0
    if not claimed:
        return 0
    return int(enqueue(poll_x, queue="low", job_id=f"x-poll-{slot}", timeout=300))


def poll_x(now: datetime | None = None) -> dict[str, str]:
    """RQ job: polls every X feed once. Returns {feed key: outcome} with outcomes
    "off" | "waiting" | "error:<code>" | "<n> new". Never raises for provider errors."""
    now = now or utcnow()
    try:
        adapter = adapters.adapter("x")
    except ChannelError:
        return {feed.key: "off" for feed in FEEDS}
    return {feed.key: poll_feed(feed, getattr(adapter, feed.fetch), now) for feed in FEEDS}


def poll_feed(
    feed: Feed,
    fetch: Callable[[str | None], tuple[list[dict[str, Any]], str | None]],
    now: datetime,
) -> str:
    """Polls one feed; returns its outcome (see poll_x). Commits."""
    state = db.session.get(ChannelState, feed.key)
    if state is not None and state.retry_at is not None and state.retry_at > now:
        db.session.rollback()
        return "waiting"
    cursor = state.cursor if state is not None else None
    db.session.rollback()  # no transaction held open across the HTTP calls
    try:
        items, newest = fetch(cursor)
    except ChannelError as exc:
        return _failed(feed, exc, now)
    except ValueError as exc:  # a cursor X cannot take: start over from now
        log.error("x poll %s: bad cursor %r: %s", feed.key, cursor, exc)
        return _failed(feed, ChannelError(str(exc), permanent=True, code="cursor"), now)
    except Exception as exc:  # a bug must not take the worker down: record, retry later
        log.exception("x poll %s: unexpected error", feed.key)
        return _failed(feed, ChannelError(repr(exc), code="unexpected"), now)
    if cursor is None:
        items = [item for item in items if _recent(item, now)]
    try:
        new_ids = [_insert(feed.route, item) for item in items]
        health.mark(feed.key, now, cursor=_later(cursor, newest))  # healthy again
        db.session.commit()
    except SQLAlchemyError as exc:  # the database went away mid-poll
        db.session.rollback()
        log.warning("x poll %s not stored, the next poll fetches it again: %s", feed.key, exc)
        return "error:db"
    created = [event_id for event_id in new_ids if event_id is not None]
    if created:
        events.wake()
    return f"{len(created)} new"


def _failed(feed: Feed, exc: ChannelError, now: datetime) -> str:
    """Records a poll failure on the feed's state and commits; returns the outcome."""
    db.session.rollback()
    retry_at = None
    if exc.code == "429":
        wait = timedelta(seconds=exc.retry_after) if exc.retry_after else DEFAULT_RATE_LIMIT_WAIT
        retry_at = now + wait
    state = health.mark(feed.key, now, error=f"[{exc.code}] {exc}", retry_at=retry_at)
    last_ok = state.last_ok_at
    stale = last_ok is None or now - last_ok > UNHEALTHY_AFTER
    if exc.permanent or (exc.code != "429" and stale):
        state.healthy = False
    if exc.code == "cursor":
        state.cursor = None
    db.session.commit()
    log.warning("x poll %s failed: [%s] %s", feed.key, exc.code, exc)
    return f"error:{exc.code}"


def _insert(route: str, item: dict[str, Any]) -> int | None:
    """Adds the raw event in the session's transaction; returns its id, or None for a
    duplicate."""
    values = events.row(route, str(item["data"][0]["id"]), json.dumps(item))
    return db.session.execute(events.insert_statement(), values).scalar()


def _later(cursor: str | None, newest: str | None) -> str | None:
    """Returns the newer of two snowflake ids (a slower concurrent poll never moves the
    cursor back); None when there is nothing new."""
    if newest is None:
        return None
    if cursor and cursor.isdigit() and newest.isdigit() and int(cursor) >= int(newest):
        return None
    return newest


def _recent(item: dict[str, Any], now: datetime) -> bool:
    try:
        return now - parse_time(item["data"][0].get("created_at")) <= BACKFILL
    except ValueError:
        return True
