"""Report tables as CSV (machine keys as headers) and XLSX (openpyxl: one sheet per
table, Indonesian headers, numbers as numbers)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from flask_babel import lazy_gettext as _l
from openpyxl import Workbook
from openpyxl.styles import Font

from inbox.reports.figures import BUCKETS, COLUMNS

HEADERS: dict[str, Any] = {
    "key": _l("Kelompok"),
    "label": _l("Nama"),
    "tickets": _l("Laporan"),
    "measured": _l("Terukur"),
    "on_time": _l("Tepat janji"),
    "pct_on_time": _l("Persentase tepat janji"),
    "median_first_response_h": _l("Median tanggapan (jam kerja)"),
    "p90_first_response_h": _l("P90 tanggapan (jam kerja)"),
    "median_resolution_h": _l("Median selesai (jam kerja)"),
    "p90_resolution_h": _l("P90 selesai (jam kerja)"),
    "resolved": _l("Selesai"),
    "reopened": _l("Dibuka lagi"),
    "reopen_rate": _l("Persentase dibuka lagi"),
    "rated": _l("Dinilai"),
    "csat_avg": _l("Rata-rata nilai (1-5)"),
    "csat_response_rate": _l("Persentase warga yang menilai"),
    "bounces": _l("Dikembalikan (bukan wewenang)"),
    "open": _l("Terbuka"),
    "waiting": _l("Menunggu warga"),
    "lt1": _l("< 1 hari kerja"),
    "1to3": _l("1-3 hari kerja"),
    "3to5": _l("3-5 hari kerja"),
    "5to10": _l("5-10 hari kerja"),
    "gt10": _l("> 10 hari kerja"),
    **{f"rating_{r}": _l("Nilai %(n)s", n=r) for r in range(1, 6)},
}
BACKLOG_COLUMNS = ("key", "label", "open", "waiting", *(b for b, _ in BUCKETS))


# What a spreadsheet reads as the start of a formula when a text cell begins with it.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text_cell(value: Any) -> Any:
    """Returns `value` for a CSV cell: text that a spreadsheet would run as a formula (a
    name such as "=HYPERLINK(...)") gets a leading apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_text(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    """Returns `rows` as CSV with the machine column names as the header."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    writer.writerows({c: _text_cell(row.get(c)) for c in columns} for row in rows)
    return out.getvalue()


def xlsx_bytes(sheets: Sequence[tuple[str, Sequence[dict[str, Any]], Sequence[str]]]) -> bytes:
    """Returns a workbook with one sheet per (title, rows, columns)."""
    book = Workbook()
    book.remove(book.active)
    for title, rows, columns in sheets:
        sheet = book.create_sheet(title[:31])
        sheet.append([str(HEADERS.get(c, c)) for c in columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([row.get(c) for c in columns])
            for cell in sheet[sheet.max_row]:
                if cell.data_type == "f":  # openpyxl takes text starting "=" as a formula
                    cell.data_type = "s"
        sheet.freeze_panes = "B2"
        for index, column in enumerate(columns, start=1):
            width = max(10, min(40, len(str(HEADERS.get(column, column))) + 2))
            sheet.column_dimensions[sheet.cell(1, index).column_letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


SUMMARY_COLUMNS = ("key", "label", *COLUMNS[1:])
