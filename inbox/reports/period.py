"""Reading a report request: dimension, period (WIB days) and filters; a clear 400 for
anything unknown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from flask import abort
from flask_babel import lazy_gettext as _l

from aduan import timefmt
from aduan.extensions import db
from inbox import errors
from inbox.reports.figures import DIMS, HANDLED_KINDS, Filters
from inbox.units import CHANNELS
from ticketing.models import Opd
from ticketing.places import KECAMATAN

MAX_DAYS = 731
# What a person picking dates on a report page reads (the API keeps its English 400).
PERIOD_WORDS = _l(
    "Periode laporan paling panjang 2 tahun, mulai 2020 atau sesudahnya, dan berakhir "
    "paling lambat setahun dari hari ini. Pilih tanggal lain."
)


def _refuse(said: str, page: bool) -> None:
    """Aborts with 400: in words the page shows (inbox/errors.py) on a page, else `said`."""
    if page:
        errors.refuse(PERIOD_WORDS)
    abort(400, said)


@dataclass(frozen=True)
class Request:
    dim: str
    first: date  # WIB, inclusive
    last: date  # WIB, inclusive
    filters: Filters

    def args(self, **changes: Any) -> dict[str, Any]:
        """Returns the query arguments of this request (for links), with `changes`."""
        values: dict[str, Any] = {
            "dim": self.dim,
            "start": self.first.isoformat(),
            "end": self.last.isoformat(),
        }
        for name in ("opd", "channel", "kind", "kecamatan"):
            value = getattr(self.filters, name)
            if value is not None:
                values[name] = value
        values.update(changes)
        return {k: v for k, v in values.items() if v is not None}


def bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """Returns the UTC [start, end) of local days first..last."""
    zone = timefmt.zone()
    start = datetime.combine(first, time(0), zone)
    end = datetime.combine(last + timedelta(days=1), time(0), zone)
    return start, end


def parse(
    args: Any, today: date, default_dim: str = "opd", default_days: int = 30, *, page: bool = False
) -> Request:
    """Returns the report request in `args` (a MultiDict or dict); aborts with 400 for
    an unknown dimension or filter value, a bad date or a period over two years. On a
    `page` (a person picking dates) two dates picked the other way round are the same
    period; the API answers 400, as for any bad filter."""
    dim = args.get("dim") or default_dim
    if dim not in DIMS:
        abort(400, f"dim must be one of: {', '.join(DIMS)}")
    try:
        last = date.fromisoformat(args["end"]) if args.get("end") else today
        if args.get("start"):
            first = date.fromisoformat(args["start"])
        else:
            days = int(args.get("days") or default_days)
            if not 1 <= days <= MAX_DAYS:
                raise ValueError(days)
            first = last - timedelta(days=days - 1)
    except (ValueError, OverflowError):
        abort(400, "start and end must be dates (YYYY-MM-DD); days 1-731")
    if page and args.get("start") and first > last:  # picked the other way round
        first, last = last, first
    if first > last or (last - first).days >= MAX_DAYS or first.year < 2020:
        _refuse("the period must start after 2020, end after it starts, span ≤ 2 years", page)
    if last > today + timedelta(days=366):  # (9999-12-31 overflowed the bounds: a 500)
        _refuse("the period must end within a year from today", page)
    opd = args.get("opd") or None
    if opd and db.session.get(Opd, opd) is None:
        abort(400, f"unknown opd {opd[:20]}")
    channel, kind = args.get("channel") or None, args.get("kind") or None
    if channel and channel not in CHANNELS:  # the channels tickets come in on, as the inbox
        abort(400, f"unknown channel {channel[:20]}")
    if kind and kind not in HANDLED_KINDS:
        abort(400, f"kind must be one of: {', '.join(HANDLED_KINDS)}")
    kecamatan = args.get("kecamatan") or None
    if kecamatan and kecamatan not in KECAMATAN:  # a typo must not look like "no tickets"
        abort(400, f"unknown kecamatan {kecamatan[:40]}")
    start, end = bounds(first, last)
    filters = Filters(start, end, opd, channel, kind, kecamatan)
    return Request(dim, first, last, filters)
