"""The demo desk `make run` seeds: logins, officers and canned replies to try."""

from __future__ import annotations

from sqlalchemy import select

from aduan.extensions import db
from aduan.seed import seed_demo_people, seed_directory
from tests import factories
from ticketing import canned
from ticketing.models import CannedReply, User, utcnow


def test_the_demo_has_canned_replies_an_agent_can_use_at_once(app):
    seed_directory()
    created = seed_demo_people()
    assert ("agent@aduan.local", "agent") in created
    replies = list(db.session.execute(select(CannedReply)).scalars())
    assert len(replies) >= 2 and all(r.active for r in replies)
    ticket = factories.ticket(created=utcnow(), opd="DSDABM")
    text = canned.render(replies[0], ticket)
    assert ticket.number in text and "{" not in text
    assert seed_demo_people() == []  # a second start adds nothing
    assert len(list(db.session.execute(select(User)).scalars())) == len(created)
