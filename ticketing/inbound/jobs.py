"""The intake job: claims stored raw events in batches and turns each into messages and
tickets, exactly once (ticketing/inbound/claims.py). A batch is read, classified in one
call, then written with a savepoint per event, so one bad event costs only itself. The
writes commit every COMMIT_SECONDS (and at the batch's end): acknowledgements are
queued on commit, so a citizen's waits for a slice of the batch, not all of it. At each
slice commit, possible emergencies stored meanwhile are processed before the batch goes
on."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from sqlalchemy import select

from aduan import txcache
from aduan.extensions import db
from ticketing import classifier, inbound
from ticketing.inbound import claims, events
from ticketing.inbound.events import Inbound
from ticketing.ingest import ingest
from ticketing.models import LANE_ALARM, InboundEvent, utcnow
from ticketing.routing import Decision

log = logging.getLogger(__name__)

SLICE_SECONDS = 1.0  # then the job yields its worker to the queues before it
COMMIT_SECONDS = 0.3  # a batch commits at least this often: acks wait for no long batch
RETRY_DELAYS = (0.25, 0.5, 1, 2, 4, 4, 4, 4)  # transient database errors, ~20 s in all
ALARMS_MEANWHILE = 5  # possible emergencies a slice commit takes in before the batch goes on


@dataclass
class Done:
    """What a run did: events processed and failed, and the outcomes of the processed."""

    processed: int = 0
    failed: int = 0
    outcomes: list[str] = field(default_factory=list)
    struck: list[int] = field(default_factory=list)  # events a transient error failed in


def drain() -> str:
    """RQ job: claims and processes batches until none wait (then returns) or its time
    slice ends (then makes sure a job continues after it, so sends queued meanwhile on
    a higher queue go first). A full batch means a backlog: it wakes another worker too.
    Transient database errors are retried with back-off; past RETRY_DELAYS it raises
    and the sweeper wakes a worker again later."""
    events.clear_wake()  # started: an event stored from now on queues the next job
    started, done = time.monotonic(), Done()
    batch = int(current_app.config["INBOUND_BATCH"])
    while found := _with_retries(lambda: run_batch(batch, done)):
        over = time.monotonic() - started > SLICE_SECONDS
        if found == batch or over:  # a backlog another worker may share, or a continuation
            events.send_wake()
        if over:
            break
    return f"{done.processed} processed, {done.failed} failed"


def process_event(event_id: int) -> str:
    """Processes one stored event now if it waits (tests, admin tools); returns the
    outcome, "skipped" when it was processed already or is claimed by a worker."""
    done = Done()
    if not run_batch(1, done, ids=[event_id]):
        return "skipped"
    return ",".join(done.outcomes) or "empty"


def _with_retries(step: Callable[[], int]) -> int:
    for delay in (*RETRY_DELAYS, None):
        try:
            return step()
        except Exception as exc:
            db.session.rollback()
            if delay is None or not claims.transient(exc):
                raise
            log.warning("intake: database unavailable, retrying in %.2fs: %s", delay, exc)
            time.sleep(delay)
    return 0  # not reached


def run_batch(limit: int, done: Done, ids: list[int] | None = None) -> int:
    """Claims up to `limit` events and processes them; returns how many were claimed."""
    token, claimed = claims.claim(utcnow(), limit, ids)
    if not claimed:
        return 0
    try:
        with txcache.across_commits():  # slice commits: as fresh as one transaction
            _process(token, claimed, done)
        db.session.expire_all()  # the next batch reads afresh
    except Exception as exc:
        db.session.rollback()
        _give_back(token, claimed, exc, done)
        raise
    return len(claimed)


def _alarms_meanwhile(done: Done) -> None:
    """Called at a batch's slice commit: possible emergencies stored since the batch was
    claimed are processed now, so their 112 reply waits for a slice, not the batch."""
    waiting = claims.alarms_waiting(utcnow(), ALARMS_MEANWHILE)
    if not waiting:
        return
    token, claimed = claims.claim(utcnow(), len(waiting), waiting)
    if not claimed:
        return  # another worker took them
    try:
        _process(token, claimed, done, meanwhile=False)
    except Exception as exc:
        db.session.rollback()
        _give_back(token, claimed, exc, done)
        raise


def _process(token: str, claimed: list[int], done: Done, meanwhile: bool = True) -> None:
    rows = db.session.execute(
        select(InboundEvent).where(InboundEvent.id.in_(claimed)).order_by(InboundEvent.id)
    ).scalars()
    held = {event.id: event for event in rows}  # held, so no event is read twice
    read: dict[int, Inbound | str] = {}
    for event in (held[event_id] for event_id in claimed if event_id in held):  # lane order
        try:
            read[event.id] = inbound.read(event.channel, event.payload)
        except (ValueError, KeyError, TypeError) as exc:
            read[event.id] = f"unreadable payload: {exc}"
    messages = [m for r in read.values() if isinstance(r, Inbound) for m in r.messages]
    decisions = dict(zip(map(id, messages), classifier.decide_many(messages), strict=True))
    now, failed, since = utcnow(), [], time.monotonic()
    for event_id, what in read.items():
        if time.monotonic() - since >= COMMIT_SECONDS:  # acks of the done ones go out now
            _commit(token, now, failed, done)
            if meanwhile:
                _alarms_meanwhile(done)
            failed, since = [], time.monotonic()
        event = held[event_id]
        queued = list(db.session.info.get("after_commit_jobs", []))
        try:
            with db.session.begin_nested():
                outcome = _one(event, what, token, decisions, now)
        except Exception as exc:
            if claims.transient(exc):
                done.struck.append(event_id)
                raise
            db.session.info["after_commit_jobs"] = queued  # its jobs go with its rows
            failed.append((event_id, exc))
            log.warning("event %s failed: %r", event_id, exc)
            continue
        if outcome is not None:
            done.outcomes.append(outcome)
            done.processed += 1
        if event.lane == LANE_ALARM:  # its 112 reply and desk alert go out at once
            _commit(token, now, failed, done)
            failed, since = [], time.monotonic()
    _commit(token, now, failed, done)


def _commit(token: str, now: datetime, failed: list[tuple[int, Exception]], done: Done) -> None:
    """Commits the events processed so far (their acknowledgements are queued on commit),
    then records the failed ones' attempts."""
    db.session.commit()
    for event_id, exc in failed:
        claims.fail(event_id, token, now, exc)
    if failed:
        db.session.commit()
        done.failed += len(failed)


def _one(
    event: InboundEvent,
    what: Inbound | str,
    token: str,
    decisions: dict[int, Decision | None],
    now: datetime,
) -> str | None:
    """Processes one event inside its savepoint; None when its claim was lost."""
    if isinstance(what, str):  # kept with its error for an admin to replay, not retried
        if not claims.take(event.id, token, now, error=what):
            return None
        log.warning("event %s %s", event.id, what)
        return "unreadable"
    if not claims.take(event.id, token, now):
        return None
    outcomes = [
        ingest(m, event_id=event.id, decision=decisions[id(m)]).outcome for m in what.messages
    ]
    if what.then is not None:  # e.g. delivery statuses, a transcript
        outcomes.append(what.then(event))
    return ",".join(outcomes) or "empty"


def _give_back(token: str, claimed: list[int], exc: Exception, done: Done) -> None:
    """After a batch failed as a whole: transient → its events are claimable at once
    (the retry takes them again), except one the error struck twice running, which waits
    a back-off (no attempt counted): an error of its own that looks transient must not
    roll back every batch it heads while the rest of the backlog waits behind it;
    anything else → each records a failed attempt. When the database cannot take even
    that, the lease ends on its own."""
    try:
        if claims.transient(exc):
            twice = len(done.struck) > 1 and done.struck[-1] == done.struck[-2]
            if twice and done.struck[-1] in claimed:
                claims.fail(done.struck[-1], token, utcnow(), exc)
            claims.release(token)
        else:
            for event_id in claimed:
                claims.fail(event_id, token, utcnow(), exc)
        db.session.commit()
    except Exception as again:
        db.session.rollback()
        log.warning("intake: claim %s not given back (its lease will end): %r", token, again)
