"""Group keys of the report dimensions: as text in URLs and CSV, as SQL values, and the
names people read (OPD names, officers', agents')."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import get_locale
from sqlalchemy import select

from aduan import timefmt
from aduan.extensions import db
from inbox import labels as words
from ticketing.models import Officer, Opd, User

# How each dimension's key is typed (inbox.reports.figures.DIMS has the SQL).
KINDS = {"officer": "int", "agent": "int", "week": "date", "month": "date"}


def key_value(dim: str, key: str) -> Any:
    """Returns the SQL value of a group key from a URL ("" is none); raises ValueError."""
    if key == "":
        return None
    kind = KINDS.get(dim, "str")
    if kind == "int":
        value = int(key)
        if not 0 < value < 2**31:  # the id columns are INTEGER
            raise ValueError(key)
        return value
    return date.fromisoformat(key) if kind == "date" else key


def key_text(value: Any) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def labels(dim: str, keys: list[str]) -> dict[str, str]:
    """Returns display names for group keys (OPD names, officers', agents' names, kinds,
    channels, weeks and months in words)."""
    wanted = [k for k in keys if k]
    if dim in ("week", "month"):  # "30 Nov 2026" (the week's Monday), "Des 2026"
        words_of = timefmt.day if dim == "week" else timefmt.month
        return {k: words_of(date.fromisoformat(k), str(get_locale())) for k in wanted}
    if dim in ("kind", "channel"):
        table = words.KINDS if dim == "kind" else words.CHANNELS
        found = {k: words.label(table, k) for k in wanted}
        if dim == "channel" and "whatsapp_cloud" in found:  # as the filter menus: two routes
            found["whatsapp_cloud"] = f"{found['whatsapp_cloud']} (Cloud API)"
        return found
    if dim == "opd" and wanted:
        stmt = select(Opd.code, Opd.name).where(Opd.code.in_(wanted))
        return {code: f"{code} · {name}" for code, name in db.session.execute(stmt)}
    if dim in ("officer", "agent") and wanted:
        ids = [int(k) for k in wanted]
        if dim == "officer":
            stmt = select(Officer.id, Officer.name, Officer.opd_code, Officer.group_code)
            rows = db.session.execute(stmt.where(Officer.id.in_(ids)))
            return {  # an officer of a group (the 112 desk) is named by the group
                str(i): f"{n} ({o or words.label(words.GROUPS, g)})" for i, n, o, g in rows
            }
        stmt = select(User.id, User.name, User.email).where(User.id.in_(ids))
        return {str(i): n or e for i, n, e in db.session.execute(stmt)}
    return {}
