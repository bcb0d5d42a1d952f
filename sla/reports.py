"""Compliance reports: per OPD, channel or kind — % on time, median and p90 times to
first response and resolution, breaches and bounces."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from aduan.extensions import db
from sla.models import Clock
from ticketing.models import Ticket

GROUPS = ("opd", "channel", "kind")
# The clock that carries each kind's promise to the citizen.
PROMISE = {"complaint": "first_response", "info_request": "ppid", "emergency": "emergency_ack"}


@dataclass
class Row:
    key: str
    tickets: int = 0
    due: int = 0  # promise clocks that are met or past due
    on_time: int = 0
    breaches: int = 0
    bounces: int = 0
    first_response_hours: list[float] = field(default_factory=list)
    resolution_hours: list[float] = field(default_factory=list)

    @property
    def pct_on_time(self) -> float | None:
        return round(100.0 * self.on_time / self.due, 1) if self.due else None

    @staticmethod
    def _q(values: list[float], q: float) -> float | None:
        if not values:
            return None
        if len(values) == 1:
            return round(values[0], 1)
        return round(statistics.quantiles(values, n=100, method="inclusive")[int(q * 100) - 1], 1)

    def as_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "tickets": self.tickets,
            "pct_on_time": self.pct_on_time,
            "on_time": self.on_time,
            "measured": self.due,
            "median_first_response_h": self._q(self.first_response_hours, 0.5),
            "p90_first_response_h": self._q(self.first_response_hours, 0.9),
            "median_resolution_h": self._q(self.resolution_hours, 0.5),
            "p90_resolution_h": self._q(self.resolution_hours, 0.9),
            "breaches": self.breaches,
            "bounces": self.bounces,
        }


def _hours(a: datetime, b: datetime | None) -> float | None:
    return (b - a).total_seconds() / 3600 if b else None


def compliance(
    start: datetime, end: datetime, group: str, now: datetime
) -> list[dict[str, object]]:
    """Returns one row per group value for tickets created in [start, end), worst first."""
    if group not in GROUPS:
        raise ValueError(f"group must be one of {GROUPS}")
    tickets = (
        db.session.execute(
            select(Ticket)
            .where(Ticket.created_at >= start, Ticket.created_at < end)
            .where(Ticket.kind.in_(tuple(PROMISE)))
        )
        .scalars()
        .all()
    )
    ids = [t.id for t in tickets]
    by_ticket: dict[int, list[Clock]] = defaultdict(list)
    for chunk in range(0, len(ids), 900):
        stmt = select(Clock).where(Clock.ticket_id.in_(ids[chunk : chunk + 900]))
        for clock in db.session.execute(stmt).scalars():
            by_ticket[clock.ticket_id].append(clock)
    rows: dict[str, Row] = {}
    for ticket in tickets:
        key = {
            "opd": ticket.opd_code or "(triase)",
            "channel": ticket.channel,
            "kind": ticket.kind,
        }[group]
        row = rows.setdefault(key, Row(key))
        row.tickets += 1
        row.bounces += ticket.bounces
        clocks = by_ticket.get(ticket.id, [])
        row.breaches += sum(1 for c in clocks if c.breached_at is not None)
        promise = next((c for c in clocks if c.kind == PROMISE[ticket.kind]), None)
        if promise is not None:
            if promise.status == "met":
                row.due += 1
                row.on_time += promise.met_at <= promise.due_at  # type: ignore[operator]
            elif promise.due_at <= now:
                row.due += 1
        if (hours := _hours(ticket.created_at, ticket.first_responded_at)) is not None:
            row.first_response_hours.append(hours)
        if (hours := _hours(ticket.created_at, ticket.resolved_at)) is not None:
            row.resolution_hours.append(hours)
    result = [row.as_dict() for row in rows.values()]
    return sorted(result, key=lambda r: (r["pct_on_time"] is None, r["pct_on_time"] or 0, r["key"]))
