"""The test fixtures themselves: emptying the tables survives a request still in flight."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select, text

from aduan.extensions import db
from tests.conftest import _empty_tables
from tests.inbox.helpers import make_user


def test_emptying_the_tables_survives_a_deadlock_with_a_request_in_flight(app):
    """A request a closed browser tab left running reads `users` (the login) and then
    `tickets` while the tables are emptied. With TRUNCATE (its locks taken in table order)
    PostgreSQL cancelled one of the two; the DELETEs used now do not wait for readers,
    and a deadlock with a writer is tried again. The tables still get emptied."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's table locks: PostgreSQL tier")
    make_user("agent")
    db.session.commit()
    db.session.remove()
    engine, holding, outcome = db.engine, threading.Event(), []

    def request_in_flight() -> None:
        with engine.connect() as connection:
            try:
                connection.execute(text("SELECT count(*) FROM users")).scalar()
                holding.set()
                connection.execute(text("SELECT pg_sleep(0.3)"))
                connection.execute(text("SELECT count(*) FROM tickets")).scalar()
                connection.commit()
                outcome.append("finished")
            except Exception as error:  # PostgreSQL may cancel this one instead
                outcome.append(type(error).__name__)

    worker = threading.Thread(target=request_in_flight)
    worker.start()
    assert holding.wait(5)
    _empty_tables()
    worker.join(10)
    assert outcome in (["finished"], ["OperationalError"])
    assert db.session.execute(select(db.func.count()).select_from(text("users"))).scalar() == 0
