"""The public catalogue of service request types (Open311 "services"): the complaint
categories a citizen can choose on the web form or an Open311 client can POST.

Two kinds of service codes exist:
- a curated category (``jalan-rusak``) belongs to one OPD and may ask for attributes;
- an OPD's general service (its code, ``DSDABM``) stands for every other complaint the
  OPD handles, so a ticket that came by chat has a service code too (its OPD's).
``lainnya`` is for citizens who do not know: the classifier routes it like a chat
message. Categories of units whose complaints are personal by nature (social aid,
civil registry, domestic violence, health, tax, staffing, whistle-blowing) are not
public: they are neither offered here nor listed (ticketing/publication.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_, select

from aduan.extensions import db
from ticketing.models import Opd

# OPDs whose general complaints may be published (redacted). Everything else stays inside.
PUBLIC_OPDS = frozenset(
    {
        "DSDABM",
        "DLH",
        "DISHUB",
        "SATPOLPP",
        "DPKP",
        "BPBD",
        "DISPENDIK",
        "DPRKPP",
        "DKPP",
        "DINKOPDAG",
        "DISBUDPORAPAR",
        "DISKOMINFO",
        "DISPUSIP",
        "KECAMATAN",
        "KELURAHAN",
        "PDAM",
    }
)
# Each kecamatan and kelurahan is a unit of its own ("KEC-357801", "KEL-3578011001",
# ticketing/wilayah.py): public like their umbrellas, published under their service.
AREA_UMBRELLA = {"KEC-": "KECAMATAN", "KEL-": "KELURAHAN"}
OTHER = "lainnya"
MEDIA_CENTER = "Media Center"


def N_(text: str) -> str:
    """Marks catalogue text for translation (`make messages` extracts it). The catalogue
    stays Indonesian (Open311, stored answers); pages translate it where they show it."""
    return text


@dataclass(frozen=True)
class Choice:
    key: str
    name: str


@dataclass(frozen=True)
class Attribute:
    """One extra question of a service (Open311 service definition attribute)."""

    code: str
    description: str
    datatype: str = "string"  # string | number | text | singlevaluelist | multivaluelist
    required: bool = False
    values: tuple[Choice, ...] = ()
    datatype_description: str = ""

    def answer(self, raw: list[str]) -> str | None:
        """Returns the citizen's answer as text (names of chosen values), or None when
        blank. Raises ValueError for a value not in the list or a non-number."""
        raw = [value.strip() for value in raw if value and value.strip()]
        if not raw:
            return None
        if self.datatype in ("singlevaluelist", "multivaluelist"):
            names = {choice.key: choice.name for choice in self.values}
            if any(value not in names for value in raw):
                raise ValueError(self.code)
            picked = raw[:1] if self.datatype == "singlevaluelist" else raw
            return ", ".join(names[value] for value in picked)
        if self.datatype == "number":
            try:
                float(raw[0])
            except ValueError:
                raise ValueError(self.code) from None
        return raw[0][:200]


@dataclass(frozen=True)
class Service:
    code: str
    opd: str | None
    name: str
    description: str
    keywords: str
    attributes: tuple[Attribute, ...] = field(default=())
    public: bool = True  # listed on public pages (its OPD's rule otherwise)

    @property
    def metadata(self) -> bool:
        return bool(self.attributes)


_SIZE = Attribute(
    "ukuran",
    N_("Seberapa besar kerusakannya?"),
    "singlevaluelist",
    values=(
        Choice("kecil", N_("Kecil (kurang dari 30 cm)")),
        Choice("sedang", N_("Sedang (30 cm - 1 m)")),
        Choice("besar", N_("Besar (lebih dari 1 m)")),
    ),
)
_POLE = Attribute(
    "nomor_tiang",
    N_("Nomor tiang lampu (tertulis di tiang), bila terlihat"),
    datatype_description=N_("Contoh: PJU-SBY-01234"),
)
_SINCE = Attribute(
    "sejak",
    N_("Sudah berapa hari?"),
    "number",
    datatype_description=N_("Jumlah hari"),
)

CATALOGUE: tuple[Service, ...] = (
    Service(
        "jalan-rusak",
        "DSDABM",
        N_("Jalan rusak / berlubang"),
        N_("Jalan berlubang, aspal atau paving rusak, jembatan rusak."),
        "jalan, berlubang, aspal, paving, jembatan",
        (_SIZE,),
    ),
    Service(
        "saluran-mampet",
        "DSDABM",
        N_("Saluran / got mampet, genangan"),
        N_("Got atau saluran tersumbat, gorong-gorong, genangan air setelah hujan."),
        "got, saluran, mampet, gorong-gorong, genangan",
    ),
    Service(
        "sampah",
        "DLH",
        N_("Sampah tidak diangkut"),
        N_("Sampah menumpuk, TPS penuh, pembakaran sampah."),
        "sampah, TPS, bau, bakar sampah",
        (_SINCE,),
    ),
    Service(
        "pohon",
        "DLH",
        N_("Pohon / ranting perlu dipangkas"),
        N_("Ranting menjuntai atau pohon rawan tumbang (bukan darurat)."),
        "pohon, ranting, pangkas, perantingan",
    ),
    Service(
        "taman",
        "DLH",
        N_("Taman dan ruang terbuka hijau"),
        N_("Fasilitas taman rusak atau tidak terawat."),
        "taman, RTH, bangku taman",
    ),
    Service(
        "pju-mati",
        "DISHUB",
        N_("Lampu jalan (PJU) mati"),
        N_("Lampu penerangan jalan umum mati atau berkedip."),
        "PJU, lampu jalan, penerangan",
        (_POLE,),
    ),
    Service(
        "lampu-lalu-lintas",
        "DISHUB",
        N_("Lampu lalu lintas, rambu, marka"),
        N_("Traffic light mati, rambu hilang atau rusak, marka pudar."),
        "traffic light, lampu merah, rambu, marka",
    ),
    Service(
        "parkir-liar",
        "DISHUB",
        N_("Parkir liar / juru parkir"),
        N_("Parkir di bahu jalan atau trotoar, juru parkir liar."),
        "parkir liar, jukir, juru parkir",
    ),
    Service(
        "pkl-trotoar",
        "SATPOLPP",
        N_("PKL di trotoar / ketertiban umum"),
        N_("Pedagang kaki lima di trotoar, bangunan atau reklame liar, kebisingan."),
        "PKL, trotoar, bangunan liar, reklame liar, berisik",
    ),
    Service(
        "hewan-liar",
        "DPKP",
        N_("Evakuasi hewan (ular, tawon, biawak)"),
        N_("Hewan berbahaya di rumah atau jalan. Bila ada korban, telepon 112."),
        "ular, tawon, biawak, sarang tawon",
    ),
    Service(
        "air-pdam",
        "PDAM",
        N_("Air PDAM mati / keruh, pipa bocor"),
        N_("Air tidak mengalir, keruh, atau pipa PDAM bocor di jalan."),
        "PDAM, air mati, air keruh, pipa bocor",
    ),
    Service(
        "fogging",
        "DINKES",
        N_("Permintaan fogging / sarang nyamuk (DBD)"),
        N_("Lingkungan dengan kasus DBD atau banyak jentik nyamuk."),
        "fogging, DBD, nyamuk, jentik",
    ),
    Service(
        "wifi-publik",
        "DISKOMINFO",
        N_("Wi-Fi publik / layanan digital kota"),
        N_("Wi-Fi publik mati, aplikasi atau situs Pemkot tidak bisa diakses."),
        "wifi, internet, aplikasi, situs",
    ),
    Service(
        OTHER,
        None,
        N_("Lainnya / tidak tahu"),
        N_("Petugas Media Center akan meneruskan laporan ke unit yang tepat."),
        "lainnya, lain-lain",
    ),
)
BY_CODE = {service.code: service for service in CATALOGUE}


def opd_names() -> dict[str, str]:
    """Returns {code: name} of the active OPDs."""
    rows = db.session.execute(select(Opd.code, Opd.name).where(Opd.active)).all()
    return {code: name for code, name in rows}


def umbrella(opd_code: str | None) -> str | None:
    """Returns KECAMATAN or KELURAHAN for an area unit's code, else the code itself."""
    for prefix, code in AREA_UMBRELLA.items():
        if opd_code and opd_code.startswith(prefix):
            return code
    return opd_code


def is_public_opd(opd_code: str | None) -> bool:
    """Returns True when the general complaints of this OPD (or area unit) may be published."""
    return umbrella(opd_code) in PUBLIC_OPDS


def public_opd_clause(column: Any) -> Any:
    """Returns the SQL condition of is_public_opd on an OPD code column."""
    return or_(column.in_(PUBLIC_OPDS), *(column.like(f"{p}%") for p in AREA_UMBRELLA))


def opd_clause(column: Any, code: str) -> Any:
    """Returns the SQL condition "the OPD is `code`", its area units included for the
    KECAMATAN and KELURAHAN umbrellas."""
    areas = [column.like(f"{p}%") for p, umbrella in AREA_UMBRELLA.items() if umbrella == code]
    return or_(column == code, *areas)


def general(opd: Opd) -> Service:
    """Returns an OPD's general service (every complaint it handles that no category
    names)."""
    return Service(
        opd.code,
        opd.code,
        f"Lainnya - {opd.name}",
        opd.remit,
        opd.keywords,
        public=opd.code in PUBLIC_OPDS,
    )


def public_services() -> list[Service]:
    """Returns the services the public may choose, curated categories first, then the
    general service of every public, active OPD. Categories of an inactive OPD are left
    out."""
    names = opd_names()
    curated = [s for s in CATALOGUE if s.opd is None or s.opd in names]
    opds = db.session.execute(
        select(Opd)
        .where(Opd.active, Opd.code.in_(PUBLIC_OPDS), Opd.region_code.is_(None))
        .order_by(Opd.code)
    ).scalars()
    return curated + [general(opd) for opd in opds]


def find(code: str) -> Service | None:
    """Returns the public service `code` (curated or an OPD's general one), else None."""
    return next((s for s in public_services() if s.code == code), None)


def group_of(service: Service, names: dict[str, str] | None = None) -> str:
    """Returns the Open311 group of a service: its OPD's name (Media Center if none)."""
    if service.opd is None:
        return MEDIA_CENTER
    names = names if names is not None else opd_names()
    return names.get(service.opd, service.opd)


def shown_name(service: Service, names: dict[str, str] | None = None) -> str:
    """Returns a service's name in the reader's language: a curated category translated,
    an OPD's general service as "Other - <unit>" (`name` stays Indonesian for Open311)."""
    from flask_babel import gettext

    if service.code in BY_CODE:
        return gettext(service.name)
    return gettext("Lainnya - %(opd)s", opd=group_of(service, names))


def public_code(service_code: str | None, opd_code: str | None) -> str | None:
    """Returns the service code a ticket is published under: its chosen category while
    that category belongs to the ticket's OPD, else the OPD's general service."""
    chosen = BY_CODE.get(service_code or "")
    if chosen is not None and chosen.opd is not None and chosen.opd == opd_code:
        return chosen.code
    return umbrella(opd_code)
