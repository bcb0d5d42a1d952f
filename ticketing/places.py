"""Where a report is: Surabaya's 31 districts (kecamatan) and 153 kelurahan, the streets,
gang and kampung a citizen names, and coordinates made coarse enough to publish."""

from __future__ import annotations

import functools
import math
import re

from ticketing import wilayah
from ticketing.models import Ticket

KECAMATAN = tuple(sorted(name for _, name in wilayah.KECAMATAN))
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


# ------------------------------------------------------------------ kelurahan
def _name_rx(name: str) -> str:
    parts = re.split(r"[\s.-]+", name)
    return r"[\s.-]*".join(re.escape(part) for part in parts if part)


def _fold(name: str) -> str:
    return re.sub(r"[\s.-]+", "", name).lower()


_KEL_CODES: dict[str, list[str]] = {}  # folded name -> codes ("Wonorejo" is in two)
for _code, _name in wilayah.KELURAHAN:
    _KEL_CODES.setdefault(_fold(_name), []).append(_code)
_KEL_NAMES = "|".join(sorted((_name_rx(n) for _, n in wilayah.KELURAHAN), key=len)[::-1])
_KEL_ANY = re.compile(rf"\b({_KEL_NAMES})\b", re.IGNORECASE)
_KEL_EXPLICIT = re.compile(rf"\b(?:kelurahan|kel\.?|kalurahan)\s+({_KEL_NAMES})\b", re.IGNORECASE)
_KEC_CODE = {name: code for code, name in wilayah.KECAMATAN}
KELURAHAN_NAME = dict(wilayah.KELURAHAN)


def _pick(found: str, kecamatan: str | None) -> str | None:
    codes = _KEL_CODES[_fold(found)]
    if kecamatan is not None:
        codes = [c for c in codes if wilayah.kecamatan_of(c) == _KEC_CODE.get(kecamatan)] or (
            codes if len(codes) == 1 and kecamatan not in _KEC_CODE else []
        )
    return codes[0] if len(codes) == 1 else None


# Kelurahan names that are also everyday words or landmarks: never read bare in a text.
_COMMON_WORDS = (
    "Made Jeruk Lontar Beringin Ujung Pakis Mojo Gading Genteng Bulak Jepara Airlangga "
    "Darmo Kenjeran Ampel Benowo Wonokromo Sawahan Gubeng Tambaksari Pakal"
)
_COMMON = frozenset(_fold(n) for n in _COMMON_WORDS.split())


def find_kelurahan(
    address: str | None,
    text: str | None = None,
    kecamatan: str | None = None,
    *,
    loose: bool = False,
) -> str | None:
    """Returns the Kemendagri code of the kelurahan named explicitly ("Kelurahan X",
    "Kel. X") in `address` or `text`, or named at all in `address` (a pin's address
    lists it), or with `loose` named bare in `text` unless the name is an everyday word
    ("Jeruk", "Made"); None when none is named or the name is ambiguous ("Wonorejo" is
    in Rungkut and in Tegalsari) and `kecamatan` does not tell which."""
    kecamatan = kecamatan or find_kecamatan(address, text)
    sources = [(address, _KEL_EXPLICIT), (text, _KEL_EXPLICIT), (address, _KEL_ANY)]
    if loose:
        sources.append((text, _KEL_ANY))
    for source, pattern in sources:
        for match in pattern.finditer(source or ""):
            if pattern is _KEL_ANY and source is text and _fold(match.group(1)) in _COMMON:
                continue
            code = _pick(match.group(1), kecamatan)
            if code is not None:
                return code
    return None


# -------------------------------------------------------------- streets, kampung
_MARKER = re.compile(r"\b(jl|jln|jalan|gg|gang|kampung|kamp|kp)\b\.?\s*", re.IGNORECASE)
_KIND = {"jl": "jalan", "jln": "jalan", "jalan": "jalan", "gg": "gang", "gang": "gang"}
_SPELLED_OUT = ("jalan", "gang", "kampung")  # also plain nouns: need a capitalised name
_WORD = re.compile(r"[ \t]*([A-Za-z][A-Za-z'-]*)(\.)?")
_TITLES = {"dr", "ir", "h", "hj", "kh", "prof", "st", "mh"}
_STOP_WORDS = """depan dpn dekat dkt deket samping sebelah sblh belakang blkg seberang sebrang ujung
    pojok no nomor nmr rt rw kel kelurahan kec kecamatan kota surabaya sby sudah sdh udah
    wis mati padam rusak berlubang bolong lubang ada yang yg tidak tdk ga gak nggak ngga
    sejak dari sampai sampe smp arah menuju persis tepat tepatnya di ke dan itu ini pak bu
    mohon tolong lampu sampah banyak sangat sekali lagi masih belum blm karena krn jadi
    sehingga selama mulai hari minggu bulan tahun tgl tanggal pagi siang sore malam kemarin
    kmrn sekitar area wilayah daerah kawasan masuk keluar pas gelap menumpuk numpuk belum
    tergenang banjir macet sepi ramai rame the in at on near street road lane"""
_STOP = frozenset(_STOP_WORDS.split())
MAX_NAME_WORDS = 4


def streets(text: str | None) -> set[str]:
    """Returns the streets, gang and kampung named in `text` as keys such as
    "jalan:rungkut asri" ("Jl. Rungkut Asri", "jln rungkut asri no 5" and "Jalan
    Rungkut Asri" are the same key). A spelled-out "jalan"/"gang"/"kampung" counts only
    before a capitalised name, since "jalan rusak" is a road, not a street's name."""
    found: set[str] = set()
    text = text or ""
    for marker in _MARKER.finditer(text):
        word = marker.group(1).lower()
        words: list[str] = []
        pos = marker.end()
        while len(words) < MAX_NAME_WORDS:
            match = _WORD.match(text, pos)
            if match is None:
                break
            token = match.group(1).lower()
            if token in _STOP or _MARKER.fullmatch(match.group(1)):
                break
            if not words and word in _SPELLED_OUT and not match.group(1)[0].isupper():
                break
            words.append(token)
            pos = match.end()
            if match.group(2) and token not in _TITLES:
                break  # a full stop ends the name ("Jl. Kutisari. Lampu mati")
        if words and not all(w in _TITLES for w in words):
            found.add(f"{_KIND.get(word, 'kampung')}:{' '.join(words)}")
    return found


# Open tickets are compared again and again (the same hot set as model.VECTOR_CACHE).
@functools.lru_cache(maxsize=2048)
def place_keys(summary: str | None, address: str | None, kecamatan: str | None) -> frozenset[str]:
    """Returns what a report says about where it is: its streets, gang and kampung, and
    its kelurahan ("kelurahan:<code>")."""
    keys = streets(summary) | streets(address)
    code = find_kelurahan(address, summary, kecamatan)
    if code:
        keys.add(f"kelurahan:{code}")
    return frozenset(keys)


def describe(ticket: Ticket) -> str:
    """Returns the place of a report in a few words for the citizen: the street they
    named, else the pin's address, kelurahan or kecamatan; "" when none is known."""
    named = sorted(k for k in streets(ticket.summary) if not k.startswith("kelurahan:"))
    if named:
        kind, name = named[0].split(":", 1)
        return f"{'Jl.' if kind == 'jalan' else kind.capitalize()} {name.title()}"
    if ticket.address:
        return ticket.address[:80]
    code = find_kelurahan(None, ticket.summary, ticket.kecamatan)
    if code:
        return f"Kel. {KELURAHAN_NAME[code]}"
    return f"Kec. {ticket.kecamatan}" if ticket.kecamatan else ""
