"""Time on screen: UTC in storage, the desk's zone (WIB) for people."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

DAYS = {
    "id": ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}
MONTHS = {
    "id": ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"],
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}


def zone() -> ZoneInfo:
    """Returns the desk's time zone (TIMEZONE, default Asia/Jakarta)."""
    name = current_app.config["TIMEZONE"] if has_app_context() else "Asia/Jakarta"
    return ZoneInfo(name)


def local(dt: datetime) -> datetime:
    """Returns `dt` converted to the desk's zone."""
    return dt.astimezone(zone())


def zone_label(dt: datetime) -> str:
    """Returns the zone abbreviation people know (WIB, WITA, WIT) or the tz name."""
    return local(dt).tzname() or ""


def day(d: date, locale: str = "id") -> str:
    """Returns a calendar day in words, e.g. '5 Nov 2026'."""
    lang = locale if locale in MONTHS else "id"
    return f"{d.day} {MONTHS[lang][d.month - 1]} {d.year}"


def month(d: date, locale: str = "id") -> str:
    """Returns a calendar month in words, e.g. 'Des 2026'."""
    lang = locale if locale in MONTHS else "id"
    return f"{MONTHS[lang][d.month - 1]} {d.year}"


def human(dt: datetime | None, locale: str = "id", with_day: bool = True) -> str:
    """Returns e.g. 'Senin, 30 Nov 2026 15:00 WIB'; '-' for None."""
    if dt is None:
        return "-"
    loc = local(dt)
    lang = locale if locale in DAYS else "id"
    text = f"{loc.day} {MONTHS[lang][loc.month - 1]} {loc.year} {loc:%H:%M} {zone_label(dt)}"
    return f"{DAYS[lang][loc.weekday()]}, {text}" if with_day else text
