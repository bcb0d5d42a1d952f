"""Two first polls of an X feed (two workers taking two slots' jobs at start-up) both
found no channel state row and both added one: the later commit failed with an
IntegrityError, logged, and its events rolled back (a failure record's job crashed).
The row is now made by an INSERT that skips one another process made."""

from __future__ import annotations

import json
from typing import Any

import pytest

from aduan.extensions import db
from channels.base import ChannelError
from tests.ticketing.helpers import count
from ticketing import health
from ticketing.inbound import x
from ticketing.models import ChannelState, InboundEvent, utcnow

FEED = x.FEEDS[0]


@pytest.fixture
def raced(app, monkeypatch):
    """The other poll's row is committed, but this poll's reads ran before it did."""
    other = db.engine.connect()
    other.execute(ChannelState.__table__.insert().values(key=FEED.key, healthy=True))
    other.commit()
    other.close()
    real, misses = db.session.get, [2]

    def get(model: Any, key: Any, *args: Any, **kwargs: Any) -> Any:
        if model is ChannelState and misses[0]:
            misses[0] -= 1
            return None
        return real(model, key, *args, **kwargs)

    monkeypatch.setattr(db.session, "get", get)


def _item(tweet_id: str) -> dict[str, Any]:
    created = utcnow().isoformat().replace("+00:00", "Z")
    return {"data": [{"id": tweet_id, "text": "jalan rusak", "created_at": created}]}


def test_a_first_poll_racing_another_keeps_its_events(raced, caplog):
    outcome = x.poll_feed(FEED, lambda cursor: ([_item("1900")], "1900"), utcnow())
    assert outcome == "1 new"
    assert count(InboundEvent) == 1
    assert "IntegrityError" not in caplog.text
    db.session.expire_all()
    assert db.session.get(ChannelState, FEED.key).cursor == "1900"


def test_a_first_failed_poll_racing_another_is_recorded(raced):
    def refused(cursor: str | None) -> Any:
        raise ChannelError("server error", code="503")

    assert x.poll_feed(FEED, refused, utcnow()) == "error:503"
    db.session.expire_all()
    assert "503" in db.session.get(ChannelState, FEED.key).last_error


def test_the_state_row_is_made_once(app):
    first = health.state_row("x_dms")
    assert health.state_row("x_dms") is first
    db.session.commit()
    assert json.dumps(first.key) == '"x_dms"'
