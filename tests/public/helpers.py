"""Helpers for the public side's tests: photos made with Pillow, listed tickets, the
report form, partner keys."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from PIL import Image

from aduan.extensions import db
from tests import factories
from tests.inbox.helpers import csrf
from ticketing import open311_keys
from ticketing.models import Ticket


def jpeg(size: tuple[int, int] = (64, 48), gps: bool = False) -> bytes:
    """Returns a small JPEG; with `gps`, carrying an EXIF GPS block (as phones write)."""
    image = Image.new("RGB", size, (200, 120, 40))
    out = io.BytesIO()
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"  # Make
        exif[0x8825] = {1: "S", 2: (7.0, 15.0, 30.0), 3: "E", 4: (112.0, 45.0, 1.0)}
        image.save(out, "JPEG", exif=exif)
    else:
        image.save(out, "JPEG")
    return out.getvalue()


def listed_ticket(
    created: datetime,
    *,
    summary: str = "Jalan berlubang besar di depan SDN Ketabang",
    opd: str = "DSDABM",
    service_code: str | None = None,
    lat: float | None = -7.2611,
    long: float | None = 112.7473,
    kecamatan: str | None = "Genteng",
    status: str = "routed",
    **kwargs: Any,
) -> Ticket:
    """Adds a routed complaint that the public side lists; returns it, flushed."""
    ticket = factories.ticket(created=created, summary=summary, opd=opd, status=status, **kwargs)
    ticket.service_code, ticket.kecamatan = service_code, kecamatan
    ticket.latitude, ticket.longitude = lat, long
    ticket.updated_at = created
    db.session.flush()
    return ticket


def form(client: Any, **fields: Any) -> dict[str, Any]:
    """Returns the /lapor form data: a pothole with a pin, plus `fields`, with the
    page's CSRF token."""
    data = {
        "csrf_token": csrf(client.get("/lapor").get_data(as_text=True)),
        "service_code": "jalan-rusak",
        "description": "Lubang besar di jalan depan SDN Ketabang, sudah seminggu",
        "lat": "-7.261234",
        "long": "112.747321",
        "kecamatan": "Genteng",
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def partner_key(name: str = "Aplikasi Mitra") -> str:
    """Issues and commits a partner key; returns the key."""
    _row, key = open311_keys.create(name)
    db.session.commit()
    return key
