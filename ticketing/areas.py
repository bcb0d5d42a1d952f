"""Which of Surabaya's 31 kecamatan a ticket is about, read from its address (or an
explicit "Kecamatan X" / "Kec. X" in the citizen's text). Reports group by it.

The directory does not have kecamatan/kelurahan units yet; when it does, `locate` is the
one place that should map a kelurahan to its kecamatan unit instead of matching names."""

from __future__ import annotations

import re

from ticketing.models import Ticket

KECAMATAN = (
    "Asemrowo", "Benowo", "Bubutan", "Bulak", "Dukuh Pakis", "Gayungan", "Genteng",
    "Gubeng", "Gunung Anyar", "Jambangan", "Karang Pilang", "Kenjeran", "Krembangan",
    "Lakarsantri", "Mulyorejo", "Pabean Cantian", "Pakal", "Rungkut", "Sambikerep",
    "Sawahan", "Semampir", "Simokerto", "Sukolilo", "Sukomanunggal", "Tambaksari",
    "Tandes", "Tegalsari", "Tenggilis Mejoyo", "Wiyung", "Wonocolo", "Wonokromo",
)  # fmt: skip


def _pattern(name: str) -> str:
    return r"\s*".join(re.escape(part) for part in name.split())  # "Karangpilang" too


_NAMES = "|".join(sorted((_pattern(n) for n in KECAMATAN), key=len, reverse=True))
_ANY = re.compile(rf"\b({_NAMES})\b", re.IGNORECASE)
_EXPLICIT = re.compile(rf"\bkec(?:amatan|\.)?\s+({_NAMES})\b", re.IGNORECASE)
_CANONICAL = {re.sub(r"\s+", "", n).lower(): n for n in KECAMATAN}


def _canonical(found: str) -> str:
    return _CANONICAL[re.sub(r"\s+", "", found).lower()]


def find(address: str | None, text: str | None = None) -> str | None:
    """Returns the kecamatan named in `address` (an explicit "Kecamatan X" first, then
    any kecamatan name), or one named explicitly in `text`; None when there is none."""
    for source, pattern in ((address, _EXPLICIT), (address, _ANY), (text, _EXPLICIT)):
        match = pattern.search(source or "")
        if match:
            return _canonical(match.group(1))
    return None


def locate(ticket: Ticket) -> None:
    """Sets ticket.kecamatan when it is unknown and the ticket now says where."""
    if ticket.kecamatan is None:
        ticket.kecamatan = find(ticket.address, ticket.summary)
