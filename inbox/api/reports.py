"""Report figures through the API (scope reports:read): the same queries as /reports."""

from __future__ import annotations

from typing import Any

from flask import abort, jsonify, request

from inbox.api import read, schemas
from inbox.reports import figures
from inbox.reports.period import Request, parse
from ticketing.models import utcnow


def _request() -> tuple[Request, dict[str, Any]]:
    from aduan import timefmt

    known = set(schemas.DrillQuery().fields)
    unknown = sorted(set(request.args) - known)
    if unknown:
        abort(400, f"Unknown parameter: {', '.join(unknown)[:100]}.")
    return parse(request.args, timefmt.local(utcnow()).date()), request.args.to_dict()


def _table(req: Request, rows: list[dict[str, Any]]) -> Any:
    return jsonify(
        schemas.ReportTable().dump(
            {"dim": req.dim, "start": req.first, "end": req.last, "rows": rows}
        )
    )


def summary() -> Any:
    """Figures per group for tickets created in the period (see /reports)."""
    req, _ = _request()
    return _table(req, figures.summary(req.dim, req.filters, utcnow()))


def backlog() -> Any:
    """Tickets open now per group, by working age."""
    req, _ = _request()
    return _table(req, figures.backlog(req.dim, req.filters, utcnow()))


def drill() -> Any:
    """The tickets behind one figure: group `key` of `dim`, `metric`."""
    req, args = _request()
    try:
        limit = int(args.get("limit", 100))
        if not 1 <= limit <= schemas.MAX_LIMIT:
            raise ValueError(limit)
        count, items = figures.tickets(
            req.dim, args.get("key", ""), args.get("metric", "tickets"), req.filters, utcnow(),
            limit,
        )  # fmt: skip
    except ValueError:
        abort(400, f"Unknown metric or key, or limit outside 1-{schemas.MAX_LIMIT}.")
    return jsonify(count=count, tickets=[read.ticket_summary(t) for t in items])
