"""The tickets a report counts and the per-ticket columns every period figure reads
(id, group g, working seconds to first response fr and to resolution res, promise
measured / on_time, rating, resolved, reopened): on PostgreSQL from the facts the
triggers keep on each ticket (ticketing/models/reporting.py), on SQLite computed per
query from report_days and the promise clock. Both give the same numbers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, case, or_, select

from aduan.extensions import db
from inbox.reports.calendar import At
from sla.calendar import WorkingCalendar
from sla.models import Clock
from ticketing.models import Ticket

HANDLED_KINDS = ("complaint", "info_request", "emergency")
PROMISE = {"complaint": "first_response", "info_request": "ppid", "emergency": "emergency_ack"}


@dataclass(frozen=True)
class Filters:
    """Tickets created in [start, end) (UTC), optionally of one OPD, channel, kind or
    kecamatan ("" means none recorded)."""

    start: datetime
    end: datetime
    opd: str | None = None
    channel: str | None = None
    kind: str | None = None
    kecamatan: str | None = None


@dataclass(frozen=True)
class Dim:
    name: str
    value: Callable[[At], Any]  # the group key, given the created-at join (keys.KINDS: type)


# To group by the directory's kecamatan units once they exist (and tickets point at a
# kelurahan), change the kecamatan entry to that join; nothing else reads the column.
DIMS: dict[str, Dim] = {
    "opd": Dim("opd", lambda d0: Ticket.opd_code),
    "kecamatan": Dim("kecamatan", lambda d0: Ticket.kecamatan),
    "channel": Dim("channel", lambda d0: Ticket.channel),
    "kind": Dim("kind", lambda d0: Ticket.kind),
    "officer": Dim("officer", lambda d0: Ticket.assigned_officer_id),
    "agent": Dim("agent", lambda d0: Ticket.assignee_id),
    "week": Dim("week", lambda d0: d0.week),
    "month": Dim("month", lambda d0: d0.month),
}


def charged(dim: str, measured: Any, on_time: Any) -> tuple[Any, Any]:
    """Returns the promise columns as `dim` is charged with them: an emergency's promise
    is the 112 desk's acknowledgement, not the work of the agent it is assigned to, so the
    agent dimension does not measure it (the OPD and every other dimension do)."""
    if dim != "agent":
        return measured, on_time
    desk = Ticket.kind == "emergency"
    return case((desk, 0), else_=measured), case((desk, 0), else_=on_time)


def filtered(stmt: Select, f: Filters) -> Select:
    for value, column in (
        (f.opd, Ticket.opd_code),
        (f.channel, Ticket.channel),
        (f.kind, Ticket.kind),
        (f.kecamatan, Ticket.kecamatan),
    ):
        if value is not None:
            stmt = stmt.where(column.is_(None) if value == "" else column == value)
    return stmt.where(Ticket.kind.in_(HANDLED_KINDS))


def base(dim: str, f: Filters, now: datetime, cal: WorkingCalendar) -> Any:
    """Returns the per-ticket subquery every period figure reads: on PostgreSQL from
    the facts the triggers keep on each ticket (one index scan, no join), on SQLite
    computed from report_days and the promise clock."""
    if db.engine.dialect.name == "postgresql":
        return stored_base(dim, f, now, cal)
    return computed_base(dim, f, now, cal)


def computed_base(dim: str, f: Filters, now: datetime, cal: WorkingCalendar) -> Any:
    """The per-ticket columns computed per query (SQLite; on PostgreSQL the tests check
    the stored facts against it)."""
    d0, d1, d2 = At(Ticket.created_at, cal), At(Ticket.first_responded_at, cal), None
    d2 = At(Ticket.resolved_at, cal)
    clock = Clock.__table__.alias("promise")
    promise_kind = case(*((Ticket.kind == k, v) for k, v in PROMISE.items()))
    met = clock.c.status == "met"
    measured, on_time = charged(
        dim,
        case((met, 1), (and_(clock.c.status == "running", clock.c.due_at <= now), 1), else_=0),
        case((and_(met, clock.c.met_at <= clock.c.due_at), 1), else_=0),
    )
    stmt = (
        select(
            DIMS[dim].value(d0).label("g"),
            Ticket.id.label("id"),
            (d1.seconds - d0.seconds).label("fr"),
            (d2.seconds - d0.seconds).label("res"),
            measured.label("measured"),
            on_time.label("on_time"),
            Ticket.rating.label("rating"),
            case((or_(Ticket.resolved_at.is_not(None), Ticket.reopened > 0), 1), else_=0).label(
                "resolved"
            ),
            case((Ticket.reopened > 0, 1), else_=0).label("reopened"),
        )
        .select_from(Ticket)
        .outerjoin(
            clock,
            and_(
                clock.c.ticket_id == Ticket.id,
                clock.c.kind == promise_kind,
                clock.c.kind.in_(tuple(PROMISE.values())),
                clock.c.started_at >= f.start,  # a clock starts with or after its ticket
            ),
        )
        .where(Ticket.created_at >= f.start, Ticket.created_at < f.end)
    )
    stmt = d2.join(d1.join(d0.join(stmt)))
    return filtered(stmt, f).subquery("base")


def stored_base(dim: str, f: Filters, now: datetime, cal: WorkingCalendar) -> Any:
    """The same columns as `_base`, from tickets.work_* and promise_* (PostgreSQL)."""
    d0 = At(Ticket.created_at, cal)
    met = Ticket.promise_status == "met"
    due = and_(Ticket.promise_status == "running", Ticket.promise_due_at <= now)
    measured, on_time = charged(
        dim,
        case((met, 1), (due, 1), else_=0),
        case((and_(met, Ticket.promise_met_at <= Ticket.promise_due_at), 1), else_=0),
    )
    stmt = select(
        DIMS[dim].value(d0).label("g"),
        Ticket.id.label("id"),
        Ticket.work_first_response_s.label("fr"),
        Ticket.work_resolution_s.label("res"),
        measured.label("measured"),
        on_time.label("on_time"),
        Ticket.rating.label("rating"),
        case((or_(Ticket.resolved_at.is_not(None), Ticket.reopened > 0), 1), else_=0).label(
            "resolved"
        ),
        case((Ticket.reopened > 0, 1), else_=0).label("reopened"),
    ).where(Ticket.created_at >= f.start, Ticket.created_at < f.end)
    if dim in ("week", "month"):
        stmt = d0.join(stmt.select_from(Ticket))
    return filtered(stmt, f).subquery("base")
