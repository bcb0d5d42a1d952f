"""The monthly report of one OPD for the mayor's office: an HTML page printed to PDF
with WeasyPrint (bars drawn in CSS on a 0-100 % scale, no scripts)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from flask import render_template

from inbox.reports import figures, keys
from inbox.reports.period import bounds
from ticketing.models import Opd


def month_bounds(month: date) -> tuple[date, date]:
    """Returns the first and last day of `month`'s month."""
    first = month.replace(day=1)
    nxt = (first + timedelta(days=32)).replace(day=1)
    return first, nxt - timedelta(days=1)


def context(opd: Opd, month: date, now: datetime) -> dict[str, Any]:
    """Returns what the monthly page shows: the OPD's figures for the month, by channel,
    kind, kecamatan and week, its backlog now, and the latest late tickets."""
    first, last = month_bounds(month)
    start, end = bounds(first, last)
    f = figures.Filters(start, end, opd=opd.code)
    total = figures.summary("opd", f, now)
    row = next((r for r in total if r["key"] == opd.code), None)
    late_count, late = figures.tickets("opd", opd.code, "late", f, now, limit=15)
    return {
        "opd": opd,
        "first": first,
        "last": last,
        "now": now,
        "row": row,
        "by_channel": _named("channel", figures.summary("channel", f, now)),
        "by_kind": _named("kind", figures.summary("kind", f, now)),
        "by_kecamatan": _named("kecamatan", figures.summary("kecamatan", f, now)),
        "by_week": _named("week", figures.summary("week", f, now)),
        "backlog": figures.backlog("opd", figures.Filters(start, end, opd=opd.code), now),
        "buckets": [b for b, _ in figures.BUCKETS],
        "late_count": late_count,
        "late": late,
    }


def _named(dim: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Adds each row's name in words ("Telegram", "Pengaduan"): the mayor's office reads
    the report, not the codes."""
    names = keys.labels(dim, [r["key"] for r in rows])
    for row in rows:
        row["label"] = names.get(row["key"]) or row["key"]
    return rows


def render(opd: Opd, month: date, now: datetime, base_url: str) -> bytes:
    """Returns the PDF bytes of `opd`'s report for `month`."""
    from PIL import ImageFile
    from weasyprint import HTML  # here: loading it (Pango, its stylesheets) costs every process

    # Importing WeasyPrint lets Pillow accept truncated images in the whole process; the
    # citizens' photos (ticketing/filetypes.py) must still be whole to be accepted.
    ImageFile.LOAD_TRUNCATED_IMAGES = False

    html = render_template("report_month.html", **context(opd, month, now))
    return HTML(string=html, base_url=base_url).write_pdf()
