"""Which kecamatan or kelurahan unit a complaint belongs to.

The classifier routes neighbourhood matters to the KECAMATAN or KELURAHAN umbrella;
the ticket then goes to the specific unit (ticketing/wilayah.py) of the place: the
location pin inside a boundary an admin loaded (`aduan areas load`, point-in-polygon
with shapely), else the kelurahan or kecamatan named in the message or the pin's
address. When neither says where, the ticket waits in triage for an agent."""

from __future__ import annotations

import json
import re
from typing import Any

from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry
from sqlalchemy import func, select

from aduan.extensions import db
from ticketing import places, wilayah
from ticketing.models import Opd, Ticket

UMBRELLAS = ("KECAMATAN", "KELURAHAN")
_KECAMATAN_CODE = {name: code for code, name in wilayah.KECAMATAN}
_KECAMATAN_NAME = dict(wilayah.KECAMATAN)
_shapes: dict[str, Any] = {"key": None, "areas": []}


class BoundaryError(ValueError):
    """A boundary file that cannot be loaded."""


def _boundaries() -> list[tuple[str, BaseGeometry]]:
    """Returns (region code, shape) of every unit with a loaded boundary, kelurahan
    first; cached until an admin loads boundaries again."""
    key = db.session.execute(
        select(func.count(Opd.code), func.max(Opd.updated_at)).where(Opd.boundary.is_not(None))
    ).one()
    if _shapes["key"] != tuple(key):
        rows = db.session.execute(
            select(Opd.region_code, Opd.boundary).where(
                Opd.boundary.is_not(None), Opd.region_code.is_not(None), Opd.active
            )
        ).all()
        areas = [(code, shape(geometry)) for code, geometry in rows]
        areas.sort(key=lambda item: -item[0].count("."))  # kelurahan before kecamatan
        _shapes.update(key=tuple(key), areas=areas)
    return _shapes["areas"]


def at_point(latitude: float, longitude: float) -> tuple[str | None, str | None]:
    """Returns (kelurahan code, kecamatan code) of the loaded boundaries containing the
    point; None for what no loaded boundary covers."""
    point = Point(longitude, latitude)  # GeoJSON order: x = longitude
    kelurahan = kecamatan = None
    for code, area in _boundaries():
        if (kelurahan if code.count(".") == 3 else kecamatan) is None and area.covers(point):
            if code.count(".") == 3:
                kelurahan = code
                kecamatan = kecamatan or wilayah.kecamatan_of(code)
            else:
                kecamatan = code
    return kelurahan, kecamatan


def unit_for(ticket: Ticket, umbrella: str) -> str | None:
    """Returns the active unit code (KEC-/KEL-) for a complaint routed to `umbrella`,
    or None when the place is unknown. Sets ticket.kecamatan when the pin tells it."""
    kelurahan = kecamatan = None
    if ticket.latitude is not None and ticket.longitude is not None:
        kelurahan, kecamatan = at_point(ticket.latitude, ticket.longitude)
    if kelurahan is None:
        kelurahan = places.find_kelurahan(
            ticket.address, ticket.summary, ticket.kecamatan, loose=True
        )
    if kecamatan is None:
        kecamatan = wilayah.kecamatan_of(kelurahan) if kelurahan else None
        kecamatan = kecamatan or _KECAMATAN_CODE.get(ticket.kecamatan or "")
    if kecamatan and ticket.kecamatan is None:  # reports group by it
        ticket.kecamatan = _KECAMATAN_NAME[kecamatan]
    region = kelurahan if umbrella == "KELURAHAN" else kecamatan
    if region is None:
        return None
    unit = db.session.get(Opd, wilayah.unit_code(region))
    return unit.code if unit is not None and unit.active else None


# ------------------------------------------------------------- loading boundaries
_CODE_KEYS = (
    "kode",
    "code",
    "region_code",
    "kode_kel",
    "kd_kel",
    "kode_desa",
    "kode_kec",
    "kd_kec",
)
_NAME_KEYS = {
    "kelurahan": ("kelurahan", "desa", "nama_kel", "wadmkd", "namobj", "name", "nama"),
    "kecamatan": ("kecamatan", "nama_kec", "wadmkc", "namobj", "name", "nama"),
}
LEVELS = tuple(_NAME_KEYS)


def _code(properties: dict[str, Any], level: str) -> str | None:
    """Returns the region code of a feature at `level`: from a Kemendagri code
    property ("3578011001", "35.78.01"), else from its name (a kelurahan's kecamatan
    property tells a "Wonorejo" apart)."""
    lowered = {str(k).lower(): v for k, v in properties.items()}
    size = 10 if level == "kelurahan" else 6
    for key in _CODE_KEYS:
        digits = re.sub(r"\D", "", str(lowered.get(key) or ""))
        if digits.startswith("3578") and len(digits) == size:
            return ".".join(p for p in (digits[:2], digits[2:4], digits[4:6], digits[6:]) if p)
    names = [str(lowered[k]) for k in _NAME_KEYS[level] if lowered.get(k)]
    if level == "kecamatan":
        found = [places.normalize_kecamatan(name) for name in names]
        return next((_KECAMATAN_CODE[n] for n in found if n), None)
    kecamatan = next(
        (
            places.normalize_kecamatan(str(lowered[k]))
            for k in _NAME_KEYS["kecamatan"][:3]
            if lowered.get(k)
        ),
        None,
    )
    found_kel = [places.find_kelurahan(f"Kelurahan {name}", None, kecamatan) for name in names]
    return next((code for code in found_kel if code), None)


def load(data: str | bytes, level: str) -> tuple[int, list[str]]:
    """Stores the boundaries of a GeoJSON FeatureCollection of `level` ("kelurahan" or
    "kecamatan") areas on their units, each feature found by its Kemendagri code or its
    name. Returns (how many were stored, the features not recognised). Raises
    BoundaryError for a file that is not GeoJSON polygons; nothing is stored then."""
    if level not in LEVELS:
        raise BoundaryError("tingkat wilayah harus kelurahan atau kecamatan")
    try:
        collection = json.loads(data)
        features = (
            collection.get("features") if collection.get("type") == "FeatureCollection" else None
        )
    except (ValueError, AttributeError) as exc:
        raise BoundaryError("bukan GeoJSON FeatureCollection") from exc
    if not isinstance(features, list):
        raise BoundaryError("bukan GeoJSON FeatureCollection")
    found: dict[str, dict[str, Any]] = {}
    unknown: list[str] = []
    for n, feature in enumerate(features, 1):
        feature = feature if isinstance(feature, dict) else {}
        properties = feature.get("properties") or {}
        geometry = feature.get("geometry") or {}
        if not isinstance(geometry, dict) or geometry.get("type") not in (
            "Polygon",
            "MultiPolygon",
        ):
            raise BoundaryError(f"fitur {n}: bukan poligon")
        try:
            area = shape(geometry)
            valid = not area.is_empty and area.is_valid
        except (ValueError, TypeError, AttributeError, IndexError, KeyError) as exc:
            raise BoundaryError(f"fitur {n}: geometri rusak") from exc
        if not valid:
            raise BoundaryError(f"fitur {n}: geometri tidak valid")
        code = _code(properties if isinstance(properties, dict) else {}, level)
        if code is None:
            unknown.append(json.dumps(properties)[:80] if properties else f"fitur {n}")
        else:
            found[code] = geometry
    units = db.session.execute(select(Opd).where(Opd.region_code.in_(list(found)))).scalars()
    stored = 0
    for unit in units:
        unit.boundary = found[unit.region_code]  # type: ignore[index]
        stored += 1
    return stored, unknown
