"""Incidents: several citizens reporting the same pothole or flood.

A new ticket is compared with a bounded set of open tickets (same OPD, within
INCIDENT_DAYS, newest MAX_CANDIDATES, on indexed columns). Similar text alone is never
enough: a ticket joins another's incident by itself only with place evidence, a pin
within INCIDENT_METERS of the other's or the same street, gang, kampung or kelurahan
named in both. Similar text without it is a suggestion an agent can merge with one
click. Two pins far apart, or two different streets, are different incidents.

The first ticket is the parent. An automatic link is unconfirmed: the linked tickets
stay separate work for the officers (each is notified) and hear nothing of the
parent's progress until an agent confirms the incident (or merges it by hand)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from flask import current_app
from scipy import sparse
from sqlalchemy import select
from sqlalchemy.orm import lazyload

from aduan.extensions import db
from ticketing import classifier, places
from ticketing.audit import record
from ticketing.models import OPEN_STATUSES, Ticket

MAX_CANDIDATES = 200
MAX_MATCHES = 10  # the best few: one to link, five to show


@dataclass(frozen=True)
class Match:
    """A candidate parent: its text similarity, and `evidence` ("location", "place")
    that it is the same place, or "" when only the text is similar."""

    ticket: Ticket
    score: float
    evidence: str


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Returns the great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6_371_000 * 2 * math.asin(math.sqrt(a))


def _pinned(row: Any) -> bool:
    return row.latitude is not None and row.longitude is not None


def _keys(row: Any) -> frozenset[str]:
    return places.place_keys(row.summary, row.address, row.kecamatan)


def _evidence(ticket: Ticket, mine: frozenset[str], row: Any) -> str | None:
    """Returns "location" or "place" when `row` is at the same place as `ticket`, ""
    when nothing says where either is, None when they are clearly different places."""
    if _pinned(ticket) and _pinned(row):
        meters = distance_m(ticket.latitude, ticket.longitude, row.latitude, row.longitude)  # type: ignore[arg-type]
        return "location" if meters <= current_app.config["INCIDENT_METERS"] else None
    theirs = _keys(row)
    if mine & theirs:
        return "place"
    named = {k for k in mine if not k.startswith("kelurahan:")}
    if named and {k for k in theirs if not k.startswith("kelurahan:")}:
        return None  # both name a street, and not the same one
    return ""


def similar(ticket: Ticket, now: datetime) -> list[Match]:
    """Returns open parent tickets that may be the same incident: those with place
    evidence first, then by text similarity (at least INCIDENT_SIMILARITY)."""
    if not ticket.opd_code or not ticket.summary.strip():
        return []
    since = now - timedelta(days=current_app.config["INCIDENT_DAYS"])
    stmt = (
        select(
            Ticket.id,
            Ticket.summary,
            Ticket.latitude,
            Ticket.longitude,
            Ticket.address,
            Ticket.kecamatan,
        )
        .where(Ticket.opd_code == ticket.opd_code, Ticket.created_at >= since)
        .where(Ticket.status.in_(OPEN_STATUSES), Ticket.incident_id.is_(None))
        .where(Ticket.id != ticket.id, Ticket.contact_id != ticket.contact_id)
        .order_by(Ticket.created_at.desc())
        .limit(MAX_CANDIDATES)
    )
    mine = _keys(ticket)
    others = []
    for row in db.session.execute(stmt):
        evidence = _evidence(ticket, mine, row) if row.summary.strip() else None
        if evidence is not None:
            others.append((row, evidence))
    if not others:
        return []
    model = classifier.classifier().model
    model.warm([ticket.summary, *(row.summary for row, _ in others)])  # misses in one call
    vector = model.vector(ticket.summary)
    rows = sparse.vstack([model.vector(row.summary) for row, _ in others], format="csr")
    norms = np.sqrt(rows.multiply(rows).sum(axis=1)).A.ravel()
    norms = norms * np.sqrt(vector.multiply(vector).sum())
    scores = (rows @ vector.T).toarray().ravel() / np.maximum(norms, 1e-12)
    floor = current_app.config["INCIDENT_SIMILARITY"]
    found = [
        (row.id, float(score), evidence)
        for (row, evidence), score in zip(others, scores, strict=True)
        if score >= floor
    ]
    if not found:
        return []
    found = sorted(found, key=lambda item: (item[2] == "", -item[1]))[:MAX_MATCHES]
    wanted = select(Ticket).where(Ticket.id.in_([i for i, _, _ in found]))
    # Their messages are not needed to link them (read later only if asked for).
    loaded = db.session.execute(wanted.options(lazyload(Ticket.messages)))
    by_id = {item.id: item for item in loaded.scalars()}
    return [Match(by_id[i], score, evidence) for i, score, evidence in found]


def link(
    child: Ticket,
    parent: Ticket,
    now: datetime,
    *,
    actor_kind: str = "system",
    actor_id: int | None = None,
    actor_name: str = "",
    score: float | None = None,
    evidence: str | None = None,
) -> None:
    """Makes `child` part of `parent`'s incident (a parent's own children move along).
    A link an agent makes is confirmed; the system's is not (see confirm)."""
    if parent.incident_id is not None:
        parent = db.session.get(Ticket, parent.incident_id)  # type: ignore[assignment]
    if child.id == parent.id:
        raise ValueError("a ticket cannot be its own incident")
    confirmed = actor_kind == "agent"
    for member in members(child):
        member.incident_id = parent.id
        member.incident_confirmed = member.incident_confirmed and confirmed
    child.incident_id, child.incident_confirmed = parent.id, confirmed
    data: dict[str, Any] = {"score": round(score, 3)} if score is not None else {}
    if evidence:
        data["evidence"] = evidence
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
    child.incident_id, child.incident_confirmed = None, False
    record(
        child,
        "incident_unlinked",
        actor_kind="agent",
        actor_id=actor_id,
        actor_name=actor_name,
        at=now,
        parent=parent.number if parent else None,
    )


def confirm(
    child: Ticket, now: datetime, *, actor_id: int | None = None, actor_name: str = ""
) -> None:
    """An agent confirms that `child` is the same incident as its parent: from now on it
    follows the parent's handling and its citizen hears the parent's updates."""
    if child.incident_id is None:
        raise ValueError("not part of an incident")
    child.incident_confirmed = True
    parent = db.session.get(Ticket, child.incident_id)
    record(
        child,
        "incident_confirmed",
        actor_kind="agent",
        actor_id=actor_id,
        actor_name=actor_name,
        at=now,
        parent=parent.number if parent else None,
    )


def auto_link(ticket: Ticket, now: datetime) -> Ticket | None:
    """Links a freshly routed ticket to the most similar open ticket with place evidence
    (unconfirmed); returns the parent, or None when there is none."""
    for match in similar(ticket, now):
        if match.evidence:
            link(ticket, match.ticket, now, score=match.score, evidence=match.evidence)
            return match.ticket
    return None


def members(parent: Ticket) -> list[Ticket]:
    """Returns the other tickets of `parent`'s incident."""
    stmt = select(Ticket).where(Ticket.incident_id == parent.id).order_by(Ticket.id)
    return list(db.session.execute(stmt).scalars())


def confirmed_members(parent: Ticket) -> list[Ticket]:
    """Returns the tickets an agent confirmed as `parent`'s incident: those that follow
    its handling and hear its updates."""
    return [member for member in members(parent) if member.incident_confirmed]
