"""The public scorecard per OPD, the figures the Media Center publishes: of the
complaints received in a period, the share answered within the 1x24-hour working-day
promise, and the median time to resolve. Computed in SQL from the SLA clocks (two
grouped queries, the median with window functions) on SQLite and PostgreSQL alike.

Only aggregates leave this module: no ticket, no text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Integer, and_, case, cast, func, or_, select

from aduan.extensions import db
from sla.models import Clock
from ticketing.models import Ticket

KIND = "complaint"


@dataclass(frozen=True)
class Score:
    opd: str
    received: int
    measured: int  # first answers that are due: given, or past their due time
    on_time: int  # given within the promise
    resolved: int
    median_resolve_hours: float | None

    @property
    def pct_on_time(self) -> float | None:
        return round(100.0 * self.on_time / self.measured, 1) if self.measured else None


def _seconds(start: object, end: object) -> object:
    """SQL seconds between two timestamp columns, per dialect."""
    if db.engine.dialect.name == "postgresql":
        return func.extract("epoch", end - start)  # type: ignore[operator]
    return (func.julianday(end) - func.julianday(start)) * 86400.0


def scorecard(start: datetime, end: datetime, now: datetime) -> list[Score]:
    """Returns one Score per OPD for complaints created in [start, end), best share on
    time first (OPDs with nothing measured last)."""
    period = and_(
        Ticket.kind == KIND,
        Ticket.opd_code.is_not(None),
        Ticket.created_at >= start,
        Ticket.created_at < end,
    )
    first = and_(Clock.ticket_id == Ticket.id, Clock.kind == "first_response")
    met = and_(Clock.status == "met", Clock.met_at <= Clock.due_at)
    due = or_(
        Clock.status == "met", and_(Clock.status.in_(("running", "paused")), Clock.due_at <= now)
    )
    counts = db.session.execute(
        select(
            Ticket.opd_code,
            func.count(Ticket.id),
            func.sum(cast(case((due, 1), else_=0), Integer)),
            func.sum(cast(case((met, 1), else_=0), Integer)),
        )
        .select_from(Ticket)
        .outerjoin(Clock, first)
        .where(period)
        .group_by(Ticket.opd_code)
    ).all()
    durations = (
        select(
            Ticket.opd_code.label("opd"),
            _seconds(Clock.started_at, Clock.met_at).label("seconds"),
        )
        .join(Clock, and_(Clock.ticket_id == Ticket.id, Clock.kind == "resolution"))
        .where(period, Clock.status == "met")
        .subquery()
    )
    ranked = select(
        durations.c.opd,
        durations.c.seconds,
        func.row_number()
        .over(partition_by=durations.c.opd, order_by=durations.c.seconds)
        .label("n"),
        func.count().over(partition_by=durations.c.opd).label("c"),
    ).subquery()
    middle = or_(ranked.c.n == (ranked.c.c + 1) / 2, ranked.c.n == (ranked.c.c + 2) / 2)
    medians = db.session.execute(
        select(ranked.c.opd, func.avg(ranked.c.seconds), func.max(ranked.c.c))
        .where(middle)
        .group_by(ranked.c.opd)
    ).all()
    by_opd = {opd: (float(seconds) / 3600.0, int(count)) for opd, seconds, count in medians}
    scores = [
        Score(
            opd=opd,
            received=int(received),
            measured=int(measured or 0),
            on_time=int(on_time or 0),
            resolved=by_opd.get(opd, (None, 0))[1],
            median_resolve_hours=round(by_opd[opd][0], 1) if opd in by_opd else None,
        )
        for opd, received, measured, on_time in counts
    ]
    return sorted(scores, key=lambda s: (s.pct_on_time is None, -(s.pct_on_time or 0), s.opd))
