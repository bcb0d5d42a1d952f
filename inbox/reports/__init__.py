"""Supervisor reports: figures per OPD, kecamatan, channel, kind, officer, agent, week
or month (inbox.reports.figures), the backlog by age, a weekly trend, the tickets
behind any number, CSV/XLSX exports and a printable monthly PDF per OPD."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import text

from aduan import timefmt
from aduan.extensions import db
from inbox.auth import role_required
from inbox.reports import export, figures, keys, pdf
from inbox.reports.period import Request, parse
from inbox.units import CHANNELS, unit_choices
from ticketing.models import Opd, utcnow

bp = Blueprint("reports", __name__, url_prefix="/reports")
PERIODS = (7, 30, 90, 365)
DIM_LABELS = {
    "opd": _l("Per OPD"),
    "kecamatan": _l("Per kecamatan"),
    "channel": _l("Per kanal"),
    "kind": _l("Per jenis"),
    "officer": _l("Per petugas OPD"),
    "agent": _l("Per agen"),
    "week": _l("Per minggu"),
    "month": _l("Per bulan"),
}
NONE_LABEL = {
    "opd": _l("(triase, belum ada OPD)"),
    "kecamatan": _l("(lokasi tidak diketahui)"),
    "officer": _l("(belum diterima petugas)"),
    "agent": _l("(tanpa agen)"),
}

# A drill-down's title: the figure it lists, in words (the export's column names, and the
# figures linked from the pages that are no column: "late: DLH" was the code).
DRILL_LABELS: dict[str, Any] = {
    **export.HEADERS,
    "late": _l("Terlambat"),
    "responded": _l("Ditanggapi"),
    **{f"backlog_{b}": _l("Terbuka %(age)s", age=export.HEADERS[b]) for b, _n in figures.BUCKETS},
}


@bp.before_request
def _longer_statements() -> None:
    """A year's figures at a million tickets take several seconds of SQL (bench/reports.py),
    near the web's 15 s bound (DATABASE_STATEMENT_TIMEOUT): report pages and exports may run
    their statements up to REPORT_STATEMENT_TIMEOUT instead. SET LOCAL ends with the
    request's transaction, so the connection goes back to the pool with the web's bound."""
    cfg = current_app.config
    bound, longer = cfg.get("DATABASE_STATEMENT_TIMEOUT") or 0, cfg.get("REPORT_STATEMENT_TIMEOUT")
    if not cfg.get("WEB_PROCESS") or bound <= 0 or db.engine.dialect.name != "postgresql":
        return  # no bound to lift (workers, SQLite, turned off)
    ms = int(max(longer, bound) * 1000) if longer else 0  # 0: no bound on report pages
    db.session.execute(text(f"SET LOCAL statement_timeout = {ms}"))


def _today() -> date:
    return timefmt.local(utcnow()).date()


def _labelled(req: Request, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    names = keys.labels(req.dim, [r["key"] for r in rows])
    for row in rows:
        row["label"] = names.get(row["key"]) or row["key"] or str(NONE_LABEL.get(req.dim, "-"))
    return rows


def _worst_first(req: Request, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if req.dim in ("week", "month"):
        return rows
    return sorted(rows, key=lambda r: (r["pct_on_time"] is None, r["pct_on_time"] or 0, r["key"]))


@bp.get("/")
@role_required("supervisor")
def dashboard() -> Any:
    req = parse(request.args, _today(), page=True)
    now = utcnow()
    rows = _worst_first(req, _labelled(req, figures.summary(req.dim, req.filters, now)))
    backlog = _labelled(req, figures.backlog(req.dim, req.filters, now))
    return render_template(
        "reports.html",
        req=req,
        rows=rows,
        backlog=backlog,
        buckets=[b for b, _ in figures.BUCKETS],
        bucket_names=[str(export.HEADERS[b]) for b, _ in figures.BUCKETS],
        headers=export.HEADERS,
        dims=DIM_LABELS,
        periods=PERIODS,
        opds=unit_choices(),
        channels=CHANNELS,
        kinds=figures.HANDLED_KINDS,
        month=_today().replace(day=1),
    )


@bp.get("/trend")
@role_required("supervisor")
def trend() -> Any:
    args = request.args.to_dict()
    args["dim"] = "week"
    req = parse(args, _today(), default_days=84, page=True)
    rows = _labelled(req, _every_week(req, figures.summary("week", req.filters, utcnow())))
    return render_template(
        "reports_trend.html", req=req, rows=rows, opds=unit_choices(), channels=CHANNELS,
        kinds=figures.HANDLED_KINDS,
    )  # fmt: skip


def _every_week(req: Request, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The weeks of the period in order, a week without tickets as an empty row (a line
    over only the busy weeks would hide the quiet ones)."""
    found = {row["key"]: row for row in rows}
    week, weeks = req.first - timedelta(days=req.first.weekday()), []
    while week <= req.last:
        weeks.append(found.pop(week.isoformat(), None) or figures.empty_row(week.isoformat()))
        week += timedelta(days=7)
    return weeks + list(found.values())


@bp.get("/tickets")
@role_required("supervisor")
def drill() -> Any:
    req = parse(request.args, _today(), page=True)
    key, metric = request.args.get("key", ""), request.args.get("metric", "tickets")
    try:
        count, items = figures.tickets(req.dim, key, metric, req.filters, utcnow(), limit=200)
    except ValueError:
        abort(400, _("Angka yang diminta tidak dikenal."))
    label = keys.labels(req.dim, [key]).get(key) or key or str(NONE_LABEL.get(req.dim, "-"))
    return render_template(
        "reports_tickets.html",
        req=req,
        key=key,
        label=label,
        metric=metric,
        metric_label=DRILL_LABELS.get(metric, metric),
        count=count,
        tickets=items,
        dims=DIM_LABELS,
    )


@bp.get("/export.<fmt>")
@role_required("supervisor")
def export_table(fmt: str) -> Any:
    if fmt not in ("csv", "xlsx"):
        abort(404)
    req = parse(request.args, _today(), page=True)
    now = utcnow()
    rows = _labelled(req, figures.summary(req.dim, req.filters, now))
    name = f"laporan-{req.dim}-{req.first:%Y%m%d}-{req.last:%Y%m%d}"
    if fmt == "csv":
        table = request.args.get("table", "summary")
        if table == "backlog":
            rows = _labelled(req, figures.backlog(req.dim, req.filters, now))
            columns = export.BACKLOG_COLUMNS
            name = f"backlog-{req.dim}-{_today():%Y%m%d}"
        elif table == "summary":
            columns = export.SUMMARY_COLUMNS
        else:
            abort(400, "table must be summary or backlog")
        return Response(
            export.csv_text(rows, columns),
            mimetype="text/csv",
            headers={"Content-Disposition": f"attachment; filename={name}.csv"},
        )
    backlog = _labelled(req, figures.backlog(req.dim, req.filters, now))
    data = export.xlsx_bytes(
        [
            (_("Ringkasan"), rows, export.SUMMARY_COLUMNS),
            (_("Tunggakan"), backlog, export.BACKLOG_COLUMNS),
        ]
    )
    return Response(
        data,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f"attachment; filename={name}.xlsx"},
    )


@bp.get("/opd/<code>/<month>.pdf")
@role_required("supervisor")
def monthly_pdf(code: str, month: str) -> Any:
    opd = db.session.get(Opd, code) or abort(404)
    try:
        first = date.fromisoformat(f"{month}-01")
    except ValueError:
        abort(400, "month must be YYYY-MM")
    if first.year < 2020 or first > _today():
        abort(400, "month must be YYYY-MM")
    data = pdf.render(opd, first, utcnow(), request.host_url)
    return Response(
        data,
        mimetype="application/pdf",
        headers={"Content-Disposition": f"inline; filename=laporan-{opd.code}-{month}.pdf"},
    )
