"""The report figures, each computed in one SQL query over the tickets created in a
period (the backlog: over the tickets open now), grouped by one dimension.

Per group: tickets; the promise kept (the kind's promise clock met by its due time, out
of those met or already due: the 1x24 working-hour first response for a complaint, the
PPID deadline for an information request, the 112 acknowledgement for an emergency);
median and p90 working time to first response (over the answered tickets, counted) and
to resolution (percentile_disc:
the value at rank ceil(q*n)); resolved, reopened and the reopen rate; CSAT (rated,
average, 1-5 distribution, response rate = rated / resolved); bounces ("bukan
wewenang", counted for the OPD that returned the ticket). Working time comes from
report_days (inbox.reports.calendar), the same calendar as the SLA clocks; the
per-ticket columns from inbox.reports.population (stored facts on PostgreSQL).

Every figure has a drill-down: `tickets(dim, key, metric, ...)` returns the tickets
behind it with the same predicates."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Select,
    and_,
    case,
    func,
    literal,
    literal_column,
    nulls_last,
    select,
)

from aduan.extensions import db
from inbox.reports.calendar import At, ensure, seconds_at
from inbox.reports.keys import key_text as _key_text
from inbox.reports.keys import key_value
from inbox.reports.population import DIMS, Filters, base, filtered
from inbox.reports.population import HANDLED_KINDS as HANDLED_KINDS  # re-exported
from inbox.reports.population import PROMISE as PROMISE
from sla.calendar import WorkingCalendar
from ticketing.models import OPEN_STATUSES, Ticket, TicketEvent

HOUR = 3600.0
BUCKETS = (("lt1", 1), ("1to3", 3), ("3to5", 5), ("5to10", 10), ("gt10", None))  # working days
RATINGS = (1, 2, 3, 4, 5)
RATING_KEYS = tuple(f"rating_{r}" for r in RATINGS)


def _pct(value: Any, rank: Any, n: Any, q: float) -> Any:
    """percentile_disc(q) for SQLite, from the window ranks (PostgreSQL has it)."""
    return func.min(case((and_(value.is_not(None), rank >= q * n), value)))


def _pair(value: Any) -> tuple[Any, Any]:
    """Returns (p50, p90) from PostgreSQL's array or SQLite's JSON array."""
    if isinstance(value, str):
        value = json.loads(value)
    return (value[0], value[1]) if value else (None, None)


def _hours(seconds: Any) -> float | None:
    return None if seconds is None else round(float(seconds) / HOUR, 1)


def _share(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def summary_query(dim: str, f: Filters, now: datetime, cal: WorkingCalendar) -> Select:
    """Returns the one statement behind `summary` (bench/ explains it)."""
    rows = base(dim, f, now, cal)
    if db.engine.dialect.name == "postgresql":
        c = rows.c
        both = literal_column("ARRAY[0.5, 0.9]::float8[]")  # one sort per column
        quantiles = [
            func.percentile_disc(both).within_group(c.fr).label("fr_q"),
            func.percentile_disc(both).within_group(c.res).label("res_q"),
        ]
        return _aggregate(c, quantiles).select_from(rows)
    window = {"partition_by": rows.c.g}
    ranked = select(
        rows,
        func.row_number().over(order_by=nulls_last(rows.c.fr.asc()), **window).label("fr_rank"),
        func.count(rows.c.fr).over(**window).label("fr_n"),
        func.row_number().over(order_by=nulls_last(rows.c.res.asc()), **window).label("res_rank"),
        func.count(rows.c.res).over(**window).label("res_n"),
    ).subquery("ranked")
    c = ranked.c
    quantiles = [
        func.json_array(
            _pct(c.fr, c.fr_rank, c.fr_n, 0.5), _pct(c.fr, c.fr_rank, c.fr_n, 0.9)
        ).label("fr_q"),
        func.json_array(
            _pct(c.res, c.res_rank, c.res_n, 0.5), _pct(c.res, c.res_rank, c.res_n, 0.9)
        ).label("res_q"),
    ]
    return _aggregate(c, quantiles)


def _aggregate(c: Any, quantiles: list[Any]) -> Select:
    """The per-group aggregates over the per-ticket columns `c` (quantiles: fr_q and
    res_q, each [p50, p90])."""
    return (
        select(
            c.g,
            func.count().label("tickets"),
            func.sum(c.measured),
            func.sum(c.on_time),
            *quantiles,
            func.sum(c.resolved),
            func.sum(c.reopened),
            func.count(c.rating),
            func.avg(c.rating),
            *(func.sum(case((c.rating == r, 1), else_=0)) for r in RATINGS),
            func.count(c.fr).label("responded"),
        )
        .group_by(c.g)
        .order_by(c.g)
    )


def summary(dim: str, f: Filters, now: datetime) -> list[dict[str, Any]]:
    """Returns one row per group (keys as text, "" for none), ordered by key."""
    cal = ensure(now.date())
    stmt = summary_query(dim, f, now, cal)
    bounced = bounces(dim, f, now, cal)
    result = []
    for row in db.session.execute(stmt):
        g, tickets, measured, on_time = row[:4]
        (fr50, fr90), (res50, res90) = _pair(row.fr_q), _pair(row.res_q)
        resolved, reopened, rated, avg = row[6:10]
        key = _key_text(g)
        result.append(
            {
                "key": key,
                "tickets": tickets,
                "measured": int(measured or 0),
                "on_time": int(on_time or 0),
                "pct_on_time": _share(int(on_time or 0), int(measured or 0)),
                "median_first_response_h": _hours(fr50),
                "p90_first_response_h": _hours(fr90),
                "median_resolution_h": _hours(res50),
                "p90_resolution_h": _hours(res90),
                "resolved": int(resolved or 0),
                "reopened": int(reopened or 0),
                "reopen_rate": _share(int(reopened or 0), int(resolved or 0)),
                "responded": int(row.responded or 0),
                "rated": rated,
                "csat_avg": round(float(avg), 2) if avg is not None else None,
                **{f"rating_{r}": int(n or 0) for r, n in zip(RATINGS, row[10:15], strict=True)},
                "csat_response_rate": _share(rated, int(resolved or 0)),
                "bounces": bounced.pop(key, 0),
            }
        )
    result.extend(empty_row(key, n) for key, n in sorted(bounced.items()))
    return result


def empty_row(key: str, bounce_count: int = 0) -> dict[str, Any]:
    """A group with bounces but no ticket of its own (an OPD that returned every one)."""
    row: dict[str, Any] = dict.fromkeys(COLUMNS, None)
    row.update({k: 0 for k in COUNTS})
    row.update(key=key, bounces=bounce_count)
    return row


COUNTS = (
    "tickets",
    "measured",
    "on_time",
    "responded",
    "resolved",
    "reopened",
    "rated",
    *RATING_KEYS,
)
COLUMNS = (
    "key",
    "tickets",
    "measured",
    "on_time",
    "pct_on_time",
    "median_first_response_h",
    "p90_first_response_h",
    "median_resolution_h",
    "p90_resolution_h",
    "resolved",
    "reopened",
    "reopen_rate",
    "rated",
    "csat_avg",
    *(f"rating_{r}" for r in RATINGS),
    "csat_response_rate",
    "bounces",
)


def _bounce_query(dim: str, f: Filters, cal: WorkingCalendar) -> Select:
    d0 = At(Ticket.created_at, cal)
    who = TicketEvent.data["opd"].as_string() if dim == "opd" else DIMS[dim].value(d0)
    stmt = (
        select(who.label("g"), TicketEvent.ticket_id.label("id"))
        .select_from(TicketEvent)
        .join(Ticket, Ticket.id == TicketEvent.ticket_id)
        .where(TicketEvent.action == "bounced")
        .where(Ticket.created_at >= f.start, Ticket.created_at < f.end)
    )
    return filtered(d0.join(stmt), f)


def bounces(
    dim: str, f: Filters, now: datetime, cal: WorkingCalendar | None = None
) -> dict[str, int]:
    """Returns {group key: bounces} for tickets created in the period; by OPD, each
    bounce counts for the OPD that returned the ticket."""
    cal = cal or ensure(now.date())
    sub = _bounce_query(dim, f, cal).subquery()
    stmt = select(sub.c.g, func.count()).group_by(sub.c.g)
    return {_key_text(g): n for g, n in db.session.execute(stmt)}


def _backlog_base(dim: str, f: Filters, now: datetime, cal: WorkingCalendar) -> Any:
    d0 = At(Ticket.created_at, cal)
    day = working_day_seconds(cal)
    age = literal(seconds_at(cal, now)) - d0.seconds
    bucket = case(
        *((age < limit * day, name) for name, limit in BUCKETS if limit is not None),
        else_=BUCKETS[-1][0],
    )
    stmt = (
        select(
            DIMS[dim].value(d0).label("g"),
            Ticket.id.label("id"),
            bucket.label("bucket"),
            case((Ticket.status == "waiting", 1), else_=0).label("waiting"),
        )
        .select_from(Ticket)
        .where(Ticket.status.in_(OPEN_STATUSES))
    )
    return filtered(d0.join(stmt), f).subquery("backlog")


def working_day_seconds(cal: WorkingCalendar) -> float:
    """Returns the working seconds in one working day of `cal`."""
    if cal.office_hours is None:
        return 86400.0
    opens, closes = cal.office_hours
    return float((closes.hour * 60 + closes.minute - opens.hour * 60 - opens.minute) * 60)


def backlog(dim: str, f: Filters, now: datetime) -> list[dict[str, Any]]:
    """Returns, per group, the tickets open at `now` by working age (BUCKETS; the
    period is ignored, the other filters apply) and how many wait for the citizen."""
    cal = ensure(now.date())
    sub = _backlog_base(dim, f, now, cal)
    stmt = select(sub.c.g, sub.c.bucket, func.count(), func.sum(sub.c.waiting)).group_by(
        sub.c.g, sub.c.bucket
    )
    rows: dict[str, dict[str, Any]] = {}
    for g, bucket, n, waiting in db.session.execute(stmt):
        key = _key_text(g)
        row = rows.setdefault(
            key, {"key": key, "open": 0, "waiting": 0, **{b: 0 for b, _ in BUCKETS}}
        )
        row[bucket] += n
        row["open"] += n
        row["waiting"] += int(waiting or 0)
    return [rows[k] for k in sorted(rows)]


METRICS = (
    "tickets",
    "measured",
    "on_time",
    "late",
    "responded",
    "resolved",
    "reopened",
    "rated",
    *(f"rating_{r}" for r in RATINGS),
    "bounces",
    "open",
    "waiting",
    *(f"backlog_{b}" for b, _ in BUCKETS),
)


def _predicate(metric: str, c: Any) -> Any:
    simple = {
        "tickets": None,
        "measured": c.measured == 1,
        "on_time": c.on_time == 1,
        "late": and_(c.measured == 1, c.on_time == 0),
        "responded": c.fr.is_not(None),
        "resolved": c.resolved == 1,
        "reopened": c.reopened == 1,
        "rated": c.rating.is_not(None),
        **{f"rating_{r}": c.rating == r for r in RATINGS},
    }
    return simple[metric]


def tickets(
    dim: str, key: str, metric: str, f: Filters, now: datetime, limit: int = 100
) -> tuple[int, list[Ticket]]:
    """Returns (how many, the newest `limit`) tickets behind one figure: group `key` of
    `dim`, `metric` one of METRICS. Raises ValueError for an unknown metric or key."""
    if metric not in METRICS or dim not in DIMS:
        raise ValueError(metric)
    value = key_value(dim, key)
    cal = ensure(now.date())
    if metric == "bounces":
        sub = _bounce_query(dim, f, cal).subquery()
        where = None
    elif metric in ("open", "waiting") or metric.startswith("backlog_"):
        sub = _backlog_base(dim, f, now, cal)
        where = {"open": None, "waiting": sub.c.waiting == 1}.get(metric)
        if metric.startswith("backlog_"):
            where = sub.c.bucket == metric.removeprefix("backlog_")
    else:
        sub = base(dim, f, now, cal)
        where = _predicate(metric, sub.c)
    ids = select(sub.c.id).where(sub.c.g.is_(None) if value is None else sub.c.g == value)
    if where is not None:
        ids = ids.where(where)
    ids = ids.distinct().subquery()
    count = db.session.execute(select(func.count()).select_from(ids)).scalar_one()
    stmt = select(Ticket).where(Ticket.id.in_(select(ids.c.id))).order_by(Ticket.id.desc())
    return count, list(db.session.execute(stmt.limit(limit)).scalars())
