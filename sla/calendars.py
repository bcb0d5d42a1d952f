"""The desk's working calendar: the holidays package plus the admins' overrides."""

from __future__ import annotations

import time

from flask import current_app, has_app_context
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from aduan.extensions import db
from sla.calendar import DEFAULT_CLOSURES, WorkingCalendar
from sla.models import CalendarOverride

CACHE_SECONDS = 60.0
_cache: dict[str, tuple[float, WorkingCalendar]] = {}


def desk_calendar(fresh: bool = False) -> WorkingCalendar:
    """Returns the working calendar with the admin closures and openings applied
    (cached for a minute per process; `fresh` re-reads the overrides)."""
    tz = current_app.config["TIMEZONE"] if has_app_context() else "Asia/Jakarta"
    hit = _cache.get(tz)
    if hit and not fresh and time.monotonic() - hit[0] < CACHE_SECONDS:
        return hit[1]
    closures, openings = set(DEFAULT_CLOSURES), set()
    if has_app_context():
        try:
            for row in db.session.execute(select(CalendarOverride)).scalars():
                (closures if row.kind == "closed" else openings).add(row.day)
        except SQLAlchemyError:
            db.session.rollback()  # no table yet (a fresh database): defaults only
    calendar = WorkingCalendar(tz, closures=closures, openings=openings)
    _cache[tz] = (time.monotonic(), calendar)
    return calendar


def forget() -> None:
    """Drops the cached calendar (after an admin edits the overrides)."""
    _cache.clear()
