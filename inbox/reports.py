"""Supervisor dashboard: SLA compliance per OPD, channel and kind, with CSV export."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

from flask import Blueprint, Response, abort, render_template, request

from inbox.auth import role_required
from sla.reports import GROUPS, compliance
from ticketing.models import utcnow

bp = Blueprint("reports", __name__, url_prefix="/reports")
PERIODS = (7, 30, 90, 365)


def _args() -> tuple[str, int]:
    group = request.args.get("group", "opd")
    try:
        days = int(request.args.get("days", 30))
    except ValueError:
        abort(400, "days must be a number")
    if group not in GROUPS or not 1 <= days <= 366:
        abort(400, "group must be opd, channel or kind; days 1-366")
    return group, days


def _rows(group: str, days: int) -> list[dict[str, object]]:
    now = utcnow()
    return compliance(now - timedelta(days=days), now, group, now)


@bp.get("/")
@role_required("supervisor")
def dashboard() -> Any:
    group, days = _args()
    return render_template(
        "reports.html",
        rows=_rows(group, days),
        group=group,
        days=days,
        periods=PERIODS,
        groups=GROUPS,
    )


@bp.get("/sla.csv")
@role_required("supervisor")
def export() -> Any:
    group, days = _args()
    rows = _rows(group, days)
    out = io.StringIO()
    fields = [
        "key",
        "tickets",
        "measured",
        "on_time",
        "pct_on_time",
        "median_first_response_h",
        "p90_first_response_h",
        "median_resolution_h",
        "p90_resolution_h",
        "breaches",
        "bounces",
    ]
    writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    name = f"sla-{group}-{days}d-{utcnow():%Y%m%d}.csv"
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename={name}"},
    )
