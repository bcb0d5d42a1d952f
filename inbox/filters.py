"""Jinja filters for the inbox pages."""

from __future__ import annotations

from datetime import datetime

from flask import Flask

from aduan import timefmt
from ticketing.links import PLACEHOLDER
from ticketing.models import utcnow
from ticketing.texts import status_label

CHANNEL_LABELS = {
    "telegram": "Telegram",
    "sms": "SMS",
    "whatsapp": "WhatsApp",
    "whatsapp_cloud": "WhatsApp",
    "voice": "Telepon",
    "x": "X",
    "x_dm": "X DM",
    "facebook": "Facebook",
    "instagram": "Instagram",
    "email": "E-mail",
    "web": "Formulir web",
    "open311": "Open311",
}
KIND_LABELS = {
    "complaint": "Pengaduan",
    "info_request": "Permohonan informasi",
    "emergency": "Darurat",
    "external": "Bukan wewenang",
    "not_complaint": "Bukan pengaduan",
    "status_check": "Cek status",
}


CLOCK_LABELS = {
    "first_response": "Tanggapan pertama",
    "resolution": "Penyelesaian",
    "triage": "Disposisi",
    "ppid": "Jawaban PPID",
    "objection": "Keberatan",
    "emergency_ack": "Respons 112",
}


def due_in(dt: datetime | None, now: datetime | None = None) -> str:
    """Returns 'lewat 3 jam' / 'sisa 5 jam' / 'sisa 12 menit' for a due time."""
    if dt is None:
        return "-"
    seconds = (dt - (now or utcnow())).total_seconds()
    minutes = abs(int(seconds // 60))
    amount = (
        f"{minutes // 1440} hari"
        if minutes >= 2880
        else (f"{minutes // 60} jam" if minutes >= 120 else f"{minutes} menit")
    )
    return f"lewat {amount}" if seconds < 0 else f"sisa {amount}"


def is_overdue(dt: datetime | None) -> bool:
    return dt is not None and dt < utcnow()


def register(app: Flask) -> None:
    app.jinja_env.filters.update(
        wib=lambda dt: timefmt.human(dt),
        wib_short=lambda dt: timefmt.human(dt, with_day=False),
        due_in=due_in,
        status_label=status_label,
        channel_label=lambda c: CHANNEL_LABELS.get(c, c),
        kind_label=lambda k: KIND_LABELS.get(k, k),
        clock_label=lambda k: CLOCK_LABELS.get(k, k),
        hide_links=lambda text: PLACEHOLDER.sub("[tautan petugas]", text or ""),
    )
    app.jinja_env.tests["overdue"] = is_overdue
