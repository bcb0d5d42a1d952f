"""The clock under faults: a sweeper that fails leaves the others running, and a clock
that died stays visible in /metrics (the age of its last tick grows, it never vanishes)."""

from __future__ import annotations

import logging
import time
from datetime import timedelta

import pytest
from sqlalchemy.exc import OperationalError

from aduan import clock
from aduan.extensions import db
from aduan.queue import CLOCK_HEARTBEAT, redis_conn
from tests.test_ops import samples
from tests.ticketing.helpers import new_chat_id
from ticketing import contacts, escalations, outbox, retention
from ticketing.inbound import events
from ticketing.models import Outbound, utcnow


def _stuck_row() -> Outbound:
    """An outbox row a killed worker left "sending" half an hour ago."""
    identity = contacts.resolve("telegram", str(new_chat_id()), "Warga", utcnow())
    row = outbox.to_identity(identity, "Halo dari Media Center", purpose="reply")
    db.session.flush()
    row.status, row.updated_at = "sending", utcnow() - timedelta(minutes=30)
    db.session.commit()
    return row


def test_a_failing_sweeper_does_not_stop_the_others(app, monkeypatch, caplog):
    row = _stuck_row()

    def broken(now):
        raise RuntimeError("a row no sweeper can take")

    ran = []
    monkeypatch.setattr(events, "requeue_stale", broken)  # the first of the tick
    monkeypatch.setattr(escalations, "sweep", broken)  # one in the middle
    monkeypatch.setattr(retention, "run_if_due", lambda now: ran.append(now) or 1)  # the last
    with caplog.at_level(logging.ERROR, logger="aduan.clock"):
        done = clock.tick(app)
    assert done["events"] == done["escalations"] == 0
    assert done["stuck"] == 1 and done["retention"] == 1 and len(ran) == 1
    db.session.refresh(row)
    assert row.status == "unknown"  # after the first sweeper failed
    failed = [r.getMessage() for r in caplog.records if "sweeper" in r.getMessage()]
    assert len(failed) == 2 and "escalations" in failed[1], failed


def test_the_database_gone_ends_the_tick_at_once(app, monkeypatch):
    def away(now):
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))

    ran = []
    monkeypatch.setattr(events, "requeue_stale", away)
    monkeypatch.setattr(retention, "run_if_due", lambda now: ran.append(now) or 1)
    with pytest.raises(OperationalError):  # clock.run logs it once and ticks again later
        clock.tick(app)
    assert ran == []  # no sweeper tried a database that is not there


def test_a_dead_clocks_last_tick_stays_in_the_metrics(app, client, monkeypatch):
    an_hour_ago = time.time() - 3600
    monkeypatch.setattr(clock.time, "time", lambda: an_hour_ago)
    clock.beat(app)  # the clock's last tick, then it died
    monkeypatch.undo()
    # Redis keeps it: an expiring key made the gauge vanish once the clock was dead for
    # a few minutes, so an alert on its age went quiet exactly then.
    assert redis_conn(app).ttl(CLOCK_HEARTBEAT) == -1
    found = samples(client.get("/metrics").get_data(as_text=True))
    assert found[("aduan_clock_last_tick_seconds", ())] >= 3600
