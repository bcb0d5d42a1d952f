"""A token's use costs one look-up per call (the rate limit's key and the authentication
share it), and its "last used" time is written at most once a minute."""

from __future__ import annotations

from datetime import timedelta

from aduan.extensions import db
from tests.inbox.test_api import READ, auth, token_for
from tests.inbox.test_statements import counting
from ticketing.models import ApiToken, utcnow


def _token(secret: str) -> ApiToken:
    db.session.remove()
    return db.session.query(ApiToken).filter_by(prefix=secret[:10]).one()


def test_a_call_looks_the_token_up_once(client):
    secret = token_for("agent", READ)
    client.get("/api/v1/tickets", headers=auth(secret))  # last used noted
    db.session.remove()
    with counting() as sent:
        assert client.get("/api/v1/tickets", headers=auth(secret)).status_code == 200
    lookups = [s for s in sent if "from api_tokens" in s.lower()]
    assert len(lookups) == 1, lookups
    assert not [s for s in sent if s.lower().startswith("update api_tokens")]


def test_last_used_is_noted_at_most_once_a_minute(client):
    secret = token_for("agent", READ)
    assert _token(secret).last_used_at is None
    client.get("/api/v1/tickets", headers=auth(secret))
    first = _token(secret).last_used_at
    assert first is not None and utcnow() - first < timedelta(seconds=30)

    client.get("/api/v1/tickets", headers=auth(secret))
    assert _token(secret).last_used_at == first  # within the minute: not written again

    token = _token(secret)
    token.last_used_at = first - timedelta(minutes=2)
    db.session.commit()
    client.get("/api/v1/tickets", headers=auth(secret))
    assert _token(secret).last_used_at > first
