"""Where a report is: Surabaya's 31 districts (kecamatan), and coordinates made coarse
enough to publish."""

from __future__ import annotations

import math
import re

from ticketing.models import Ticket

KECAMATAN = (
    "Asemrowo",
    "Benowo",
    "Bubutan",
    "Bulak",
    "Dukuh Pakis",
    "Gayungan",
    "Genteng",
    "Gubeng",
    "Gunung Anyar",
    "Jambangan",
    "Karang Pilang",
    "Kenjeran",
    "Krembangan",
    "Lakarsantri",
    "Mulyorejo",
    "Pabean Cantian",
    "Pakal",
    "Rungkut",
    "Sambikerep",
    "Sawahan",
    "Semampir",
    "Simokerto",
    "Sukolilo",
    "Sukomanunggal",
    "Tambaksari",
    "Tandes",
    "Tegalsari",
    "Tenggilis Mejoyo",
    "Wiyung",
    "Wonocolo",
    "Wonokromo",
)
_NAMES = "|".join(
    sorted((r"\s*".join(re.escape(part) for part in n.split()) for n in KECAMATAN), key=len)[::-1]
)
_ANY = re.compile(rf"\b({_NAMES})\b", re.IGNORECASE)  # "Karangpilang" too
_EXPLICIT = re.compile(rf"\bkec(?:amatan|\.)?\s+({_NAMES})\b", re.IGNORECASE)
_CANONICAL = {re.sub(r"\s+", "", n).lower(): n for n in KECAMATAN}
# Published coordinates snap to a grid of this many metres (about a street block).
GRID_METRES = 50.0
METRES_PER_DEGREE = 111_320.0


def _canonical(found: str) -> str:
    return _CANONICAL[re.sub(r"\s+", "", found).lower()]


def find_kecamatan(address: str | None, text: str | None = None) -> str | None:
    """Returns the district named in `address` (an explicit "Kecamatan X" first, then
    any district name), or one named explicitly ("Kecamatan X", "Kec. X") in the
    citizen's `text`, where a bare word may mean something else ("genteng bocor" is a
    leaking roof); None when none is named."""
    for source, pattern in ((address, _EXPLICIT), (address, _ANY), (text, _EXPLICIT)):
        match = pattern.search(source or "")
        if match:
            return _canonical(match.group(1))
    return None


def normalize_kecamatan(value: str | None) -> str | None:
    """Returns the district's canonical name for a form value, or None."""
    return find_kecamatan(value) if value else None


def locate(ticket: Ticket) -> None:
    """Sets ticket.kecamatan when it is unknown and the ticket now says where."""
    if ticket.kecamatan is None:
        ticket.kecamatan = find_kecamatan(ticket.address, ticket.summary)


def coarse(latitude: float, longitude: float) -> tuple[float, float]:
    """Returns (lat, long) snapped to a GRID_METRES grid, rounded to 5 decimals: close
    enough to find a pothole, too coarse to point at one house."""
    lat_step = GRID_METRES / METRES_PER_DEGREE
    lon_step = GRID_METRES / (METRES_PER_DEGREE * max(math.cos(math.radians(latitude)), 0.01))
    return (
        round(round(latitude / lat_step) * lat_step, 5),
        round(round(longitude / lon_step) * lon_step, 5),
    )
