"""Idempotent seeding: the OPD directory on every start, demo people in the sandbox."""

from __future__ import annotations

from sqlalchemy import select

from aduan.extensions import db
from ticketing.directory_seed import OPDS, area_units
from ticketing.models import CannedReply, Officer, Opd, User

DEMO_PASSWORD = "aduan-demo"
DEMO_USERS = (
    ("agent@aduan.local", "Agen Demo", "agent"),
    ("supervisor@aduan.local", "Supervisor Demo", "supervisor"),
    ("admin@aduan.local", "Admin Demo", "admin"),
)
# Sandbox chat ids for demo officers: the fake Telegram server shows what they receive.
DEMO_GROUPS = (
    ("DESK112", "Petugas Command Center 112", 911112),
    ("SUPERVISORS", "Supervisor Media Center", 911113),
    ("MAYOR", "Kantor Wali Kota", 911114),
)


def seed_directory() -> int:
    """Adds missing OPDs, and each kecamatan and kelurahan as a unit of its own (never
    overwrites admin edits); returns how many were added."""
    existing = set(db.session.execute(select(Opd.code)).scalars())
    added = 0
    for code, name, remit, keywords in OPDS:
        if code not in existing:
            db.session.add(Opd(code=code, name=name, remit=remit, keywords=keywords))
            added += 1
    db.session.flush()  # the umbrellas before the units under them
    for code, name, remit, keywords, region, parent in area_units():
        if code not in existing:
            db.session.add(
                Opd(
                    code=code,
                    name=name,
                    remit=remit,
                    keywords=keywords,
                    region_code=region,
                    parent_code=parent,
                )
            )
            added += 1  # in order: a kecamatan before its kelurahan
    db.session.commit()
    return added


# Replies a desk would keep, so a new agent can try the canned-reply menu at once.
DEMO_CANNED = [
    (
        "Sedang ditindaklanjuti",
        "Terima kasih, {nama}. Laporan {nomor} sudah kami teruskan ke {unit} dan sedang "
        "ditindaklanjuti. Batas waktu: {batas_waktu}.",
    ),
    (
        "Minta titik lokasi",
        "Mohon maaf, {nama}, agar laporan {nomor} dapat segera ditangani, mohon kirimkan "
        "titik lokasi (share location) atau alamat lengkap dengan RT/RW.",
    ),
]


def seed_demo_people() -> list[tuple[str, str]]:
    """Creates the demo logins and sandbox officers if there are no users yet.
    Returns the (email, role) pairs created."""
    if db.session.execute(select(User.id).limit(1)).first() is not None:
        return []
    created = []
    for email, name, role in DEMO_USERS:
        user = User(email=email, name=name, role=role)
        user.set_password(DEMO_PASSWORD)
        db.session.add(user)
        created.append((email, role))
    if db.session.execute(select(Officer.id).limit(1)).first() is None:
        for n, (code, *_rest) in enumerate(OPDS):
            db.session.add(
                Officer(
                    opd_code=code,
                    name=f"Petugas {code}",
                    role="officer",
                    channel="telegram",
                    address=str(920000 + n),
                )
            )
            db.session.add(
                Officer(
                    opd_code=code,
                    name=f"Kepala {code}",
                    role="head",
                    channel="telegram",
                    address=str(930000 + n),
                )
            )
        for title, body in DEMO_CANNED:
            db.session.add(CannedReply(title=title, body=body, active=True))
        for group, name, chat_id in DEMO_GROUPS:
            db.session.add(
                Officer(
                    group_code=group,
                    name=name,
                    role="officer",
                    channel="telegram",
                    address=str(chat_id),
                )
            )
    db.session.commit()
    return created
