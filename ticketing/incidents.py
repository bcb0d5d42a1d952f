"""Incidents: several citizens reporting the same pothole or flood. A new ticket close to
an open one (same OPD, similar text, within INCIDENT_DAYS, and within INCIDENT_METERS when
both have a location) joins it as the same incident. The first ticket is the parent;
officers work on it, and every reporter hears its updates."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from flask import current_app
from scipy import sparse
from sqlalchemy import select

from aduan.extensions import db
from ticketing import classifier
from ticketing.audit import record
from ticketing.models import OPEN_STATUSES, Ticket

MAX_CANDIDATES = 300


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Returns the great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6_371_000 * 2 * math.asin(math.sqrt(a))


def _close(a: Any, b: Any) -> bool:
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return True  # only compared when both have a location
    limit = current_app.config["INCIDENT_METERS"]
    return distance_m(a.latitude, a.longitude, b.latitude, b.longitude) <= limit  # type: ignore[arg-type]


def similar(ticket: Ticket, now: datetime) -> list[tuple[Ticket, float]]:
    """Returns open parent tickets that may be the same incident, most similar first."""
    if not ticket.opd_code or not ticket.summary.strip():
        return []
    since = now - timedelta(days=current_app.config["INCIDENT_DAYS"])
    stmt = (
        select(Ticket.id, Ticket.summary, Ticket.latitude, Ticket.longitude)
        .where(Ticket.opd_code == ticket.opd_code, Ticket.status.in_(OPEN_STATUSES))
        .where(Ticket.id != ticket.id, Ticket.incident_id.is_(None), Ticket.created_at >= since)
        .where(Ticket.contact_id != ticket.contact_id)
        .order_by(Ticket.id.desc())
        .limit(MAX_CANDIDATES)
    )
    others = [
        row for row in db.session.execute(stmt) if row.summary.strip() and _close(ticket, row)
    ]
    if not others:
        return []
    model = classifier.classifier().model
    mine = model.vector(ticket.summary)
    rows = sparse.vstack([model.vector(row.summary) for row in others], format="csr")
    norms = np.sqrt(rows.multiply(rows).sum(axis=1)).A.ravel() * np.sqrt(mine.multiply(mine).sum())
    scores = (rows @ mine.T).toarray().ravel() / np.maximum(norms, 1e-12)
    floor = current_app.config["INCIDENT_SIMILARITY"]
    found = [
        (row.id, float(score)) for row, score in zip(others, scores, strict=True) if score >= floor
    ]
    found.sort(key=lambda pair: -pair[1])
    return [(db.session.get(Ticket, ticket_id), score) for ticket_id, score in found]


def link(
    child: Ticket,
    parent: Ticket,
    now: datetime,
    *,
    actor_kind: str = "system",
    actor_id: int | None = None,
    actor_name: str = "",
    score: float | None = None,
) -> None:
    """Makes `child` part of `parent`'s incident (a parent's own children move along)."""
    if parent.incident_id is not None:
        parent = db.session.get(Ticket, parent.incident_id)  # type: ignore[assignment]
    if child.id == parent.id:
        raise ValueError("a ticket cannot be its own incident")
    for member in members(child):
        member.incident_id = parent.id
    child.incident_id = parent.id
    data = {"score": round(score, 3)} if score is not None else {}
    record(
        child,
        "incident_linked",
        actor_kind=actor_kind,
        actor_id=actor_id,
        actor_name=actor_name,
        at=now,
        parent=parent.number,
        **data,
    )
    record(
        parent,
        "incident_joined",
        actor_kind=actor_kind,
        actor_id=actor_id,
        actor_name=actor_name,
        at=now,
        child=child.number,
        **data,
    )


def unlink(
    child: Ticket, now: datetime, *, actor_id: int | None = None, actor_name: str = ""
) -> None:
    """Takes `child` out of its incident again."""
    if child.incident_id is None:
        raise ValueError("not part of an incident")
    parent = db.session.get(Ticket, child.incident_id)
    child.incident_id = None
    record(
        child,
        "incident_unlinked",
        actor_kind="agent",
        actor_id=actor_id,
        actor_name=actor_name,
        at=now,
        parent=parent.number if parent else None,
    )


def auto_link(ticket: Ticket, now: datetime) -> Ticket | None:
    """Links a freshly routed ticket to the most similar open incident; returns the parent."""
    matches = similar(ticket, now)
    if not matches:
        return None
    parent, score = matches[0]
    link(ticket, parent, now, score=score)
    return parent


def members(parent: Ticket) -> list[Ticket]:
    """Returns the other tickets of `parent`'s incident."""
    stmt = select(Ticket).where(Ticket.incident_id == parent.id).order_by(Ticket.id)
    return list(db.session.execute(stmt).scalars())
