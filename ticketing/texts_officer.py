"""The notice an officer gets for a ticket that reaches their unit already answered (an
agent routes it on after another unit accepted and returned it): its deadline is the
resolution target, not a first response that was given."""

from __future__ import annotations

OFFICER_TEXTS: dict[str, dict[str, str]] = {
    "officer_new_answered": {
        "id": "Laporan {number} untuk {opd} (sudah ditanggapi): {summary} | Target selesai: "
        "{due} | Tindak lanjuti: {url}",
        "en": "Report {number} for {opd} (already answered): {summary} | To be resolved by: "
        "{due} | Act: {url}",
    },
}
