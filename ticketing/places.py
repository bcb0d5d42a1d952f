"""Where a report is: Surabaya's 31 districts (kecamatan), and coordinates made coarse
enough to publish."""

from __future__ import annotations

import math
import re

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
_PATTERNS = [
    (name, re.compile(r"\b" + r"\s*".join(name.split()) + r"\b", re.IGNORECASE))
    for name in sorted(KECAMATAN, key=len, reverse=True)
]
# Published coordinates snap to a grid of this many metres (about a street block).
GRID_METRES = 50.0
METRES_PER_DEGREE = 111_320.0


def find_kecamatan(*texts: str | None) -> str | None:
    """Returns the first district named in `texts` (an address first, then the
    citizen's words), e.g. "Dukuh Pakis" for "dukuhpakis"; None when none is named."""
    for text in texts:
        for name, pattern in _PATTERNS:
            if text and pattern.search(text):
                return name
    return None


def normalize_kecamatan(value: str | None) -> str | None:
    """Returns the district's canonical name for a form value, or None."""
    return find_kecamatan(value) if value else None


def coarse(latitude: float, longitude: float) -> tuple[float, float]:
    """Returns (lat, long) snapped to a GRID_METRES grid, rounded to 5 decimals: close
    enough to find a pothole, too coarse to point at one house."""
    lat_step = GRID_METRES / METRES_PER_DEGREE
    lon_step = GRID_METRES / (METRES_PER_DEGREE * max(math.cos(math.radians(latitude)), 0.01))
    return (
        round(round(latitude / lat_step) * lat_step, 5),
        round(round(longitude / lon_step) * lon_step, 5),
    )
