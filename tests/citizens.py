"""Helpers for the social channel tests: citizens on the fake X and the fake Graph API,
and the poll job run the way the clock runs it."""

from __future__ import annotations

import itertools
import json
from typing import Any

from sqlalchemy import select

from aduan.extensions import db
from tests.channels.test_meta_helpers import Receiver
from ticketing.models import Outbound, Ticket

_user_ids = itertools.count(1_700_000_000_000_000_001)
_psids = itertools.count(26_000_000_000_001)


def only_ticket() -> Ticket:
    return db.session.execute(select(Ticket)).scalar_one()


def rows(channel: str | None = None) -> list[Outbound]:
    stmt = select(Outbound).order_by(Outbound.id)
    if channel:
        stmt = stmt.where(Outbound.channel == channel)
    return list(db.session.execute(stmt).scalars())


class Tweeter:
    """A citizen on the fake X: mentions and DMs our account; the poll job and a real RQ
    worker turn them into tickets."""

    def __init__(self, fake: Any, drain: Any, username: str = "warga_sby") -> None:
        self.fake, self.drain = fake, drain
        self.user_id = str(next(_user_ids))
        self.username = username

    def mentions(self, text: str, *, process: bool = True, **kwargs: Any) -> dict[str, Any]:
        tweet = self.fake.citizen_mentions(
            self.user_id, self.username, f"@{self.fake.username} {text}", **kwargs
        )
        if process:
            poll(self.drain)
        return tweet

    def dms(self, text: str, *, process: bool = True) -> dict[str, Any]:
        event = self.fake.citizen_dms(self.user_id, self.username, text)
        if process:
            poll(self.drain)
        return event

    def public_replies(self) -> list[str]:
        """Our tweets in this citizen's conversations, oldest first (what everyone sees)."""
        timeline = self.fake.timeline(self.user_id)["tweets"]
        return [t["text"] for t in timeline if t["direction"] == "out"]

    def dms_received(self) -> list[str]:
        return [
            e["text"] for e in self.fake.dms_with(self.user_id) if e["sender_id"] != self.user_id
        ]


def poll(drain: Any) -> None:
    """Runs the poll job through RQ as the clock schedules it, then the work it made."""
    from aduan.queue import enqueue

    enqueue("ticketing.inbound.x.poll_x", queue="low")
    drain()


class MetaCitizen:
    """A person writing to our Facebook Page or Instagram account through the fake Graph
    API. The fake builds and signs the real payload; we capture it at a local receiver
    and post the exact bytes to our webhook with the test client."""

    def __init__(self, fake: Any, client: Any, drain: Any, channel: str = "facebook") -> None:
        self.fake, self.client, self.drain, self.channel = fake, client, drain, channel
        self.user = str(next(_psids))

    def capture(self, text: str | None = None, **kwargs: Any) -> tuple[bytes, dict[str, str]]:
        """Returns (body, headers) of the webhook the fake would deliver."""
        receiver = Receiver(self.fake.app_secret)
        saved = self.fake.meta_webhook_url
        self.fake.meta_webhook_url = receiver.url
        try:
            if self.channel == "facebook":
                self.fake.citizen_messenger(self.user, text, **kwargs)
            else:
                self.fake.citizen_instagram(self.user, text, **kwargs)
            request = receiver.wait_for(1)[0]
        finally:
            self.fake.meta_webhook_url = saved
            receiver.close()
        headers = {k: v for k, v in request["headers"].items() if k.lower().startswith("x-hub")}
        return request["body"], headers | {"Content-Type": "application/json"}

    def post(self, body: bytes, headers: dict[str, str]) -> Any:
        return self.client.post("/webhooks/meta", data=body, headers=headers)

    def says(self, text: str | None = None, *, process: bool = True, **kwargs: Any) -> Any:
        response = self.post(*self.capture(text, **kwargs))
        assert response.status_code == 200, response.get_data(as_text=True)
        if process:
            self.drain()
        return response

    def received(self) -> list[dict[str, Any]]:
        """Our accepted Send API calls to this person, oldest first."""
        return self.fake.sent_to(self.channel, self.user)


def payload_of(row: Any) -> dict[str, Any]:
    return json.loads(row.payload)
