"""Small builders for rows the tests need (a hand-rolled factory, redash style)."""

from __future__ import annotations

import io
import itertools
from datetime import datetime

from PIL import Image

from aduan.extensions import db
from ticketing import contacts, numbers
from ticketing.models import Identity, Officer, Ticket

_ids = itertools.count(800_000_001)


def ticket(
    *,
    kind: str = "complaint",
    status: str = "routed",
    opd: str | None = "DSDABM",
    created: datetime,
    summary: str = "Jalan berlubang di Jl. Rungkut Madya",
    channel: str = "telegram",
    identity: Identity | None = None,
) -> Ticket:
    """Adds a ticket created at `created` for `identity` (else a new citizen); returns it,
    flushed."""
    identity = identity or contacts.resolve(channel, str(next(_ids)), "Warga Uji", created)
    item = Ticket(
        number=numbers.next_number(created.year),
        contact_id=identity.contact_id,
        identity_id=identity.id,
        channel=channel,
        status=status,
        kind=kind,
        opd_code=opd,
        summary=summary,
        created_at=created,
        last_citizen_at=created,
    )
    db.session.add(item)
    db.session.flush()
    return item


def resolved_yesterday(opd: str = "DSDABM", summary: str = "Jalan berlubang di Jl. Rungkut Madya"):
    """A ticket an agent resolved a day ago, its clocks run (awaiting "Sudah beres?")."""
    from datetime import timedelta

    from sla import clocks
    from ticketing import actions
    from ticketing.models import utcnow

    then = utcnow() - timedelta(days=1)
    item = ticket(opd=opd, summary=summary, created=then - timedelta(hours=5))
    clocks.start(item, then - timedelta(hours=5))
    actions.resolve(item, actions.Actor("agent", None, "Agen"), "Sudah diperbaiki", now=then)
    db.session.commit()
    return item


def officer(
    name: str,
    *,
    opd: str | None = None,
    group: str | None = None,
    role: str = "officer",
    address: str | None = None,
) -> Officer:
    """Adds an officer notified on Telegram; returns it, flushed."""
    item = Officer(
        opd_code=opd,
        group_code=group,
        name=name,
        role=role,
        channel="telegram",
        address=address or str(next(_ids)),
    )
    db.session.add(item)
    db.session.flush()
    return item


def png(size: tuple[int, int] = (48, 32), colour: int = 0) -> bytes:
    """Returns a real PNG (a striped picture, so it is not tiny); `colour` varies it."""
    image = Image.new("RGB", size)
    image.putdata(
        [
            ((x * 7 + colour) % 256, (y * 11) % 256, (x * y) % 256)
            for y in range(size[1])
            for x in range(size[0])
        ]
    )
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
