"""SLA policies as data: defaults seeded once, edited by admins as new versions.
A clock keeps the policy version it started with."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import func, select

from aduan import txcache
from aduan.extensions import db
from sla.models import SlaPolicy

STANDARD_LADDER = [
    {"at": 0.5, "action": "remind_officer"},
    {"at": 0.75, "action": "warn_head"},
    {"at": 1.0, "action": "breach"},
]
TRIAGE_LADDER = [{"at": 0.75, "action": "warn_supervisor"}, {"at": 1.0, "action": "breach"}]
EMERGENCY_LADDER = [{"at": 0.6, "action": "remind_desk"}, {"at": 1.0, "action": "breach"}]
ACTIONS = ("remind_officer", "warn_head", "warn_supervisor", "remind_desk", "breach")

# key: (name, calendar, unit, amount, ladder)
DEFAULTS: dict[str, tuple[str, str, str, int, list[dict[str, Any]]]] = {
    "complaint": (
        "Tanggapan pertama OPD (1x24 jam hari kerja)",
        "working",
        "hours",
        24,
        STANDARD_LADDER,
    ),
    "resolution": ("Penyelesaian pengaduan", "working", "working_days", 3, STANDARD_LADDER),
    "triage": ("Disposisi oleh Media Center", "working", "hours", 2, TRIAGE_LADDER),
    "ppid": (
        "Jawaban PPID (UU 14/2008, 10 hari kerja)",
        "working",
        "working_days",
        10,
        STANDARD_LADDER,
    ),
    "ppid_extension": (
        "Perpanjangan PPID (7 hari kerja)",
        "working",
        "working_days",
        7,
        STANDARD_LADDER,
    ),
    "objection": (
        "Tanggapan keberatan (30 hari kerja)",
        "working",
        "working_days",
        30,
        STANDARD_LADDER,
    ),
    "emergency": (
        "Diterima petugas 112 (5 menit, 24/7)",
        "wallclock",
        "minutes",
        5,
        EMERGENCY_LADDER,
    ),
}
# Which policy each clock kind follows.
CLOCK_POLICY = {
    "first_response": "complaint",
    "resolution": "resolution",
    "triage": "triage",
    "ppid": "ppid",
    "objection": "objection",
    "emergency_ack": "emergency",
}


def seed_policies() -> int:
    """Adds version 1 of every default policy that has no version yet; returns the count."""
    have = set(
        db.session.execute(select(SlaPolicy.key).where(SlaPolicy.opd_code.is_(None))).scalars()
    )
    added = 0
    for key, (name, calendar, unit, amount, ladder) in DEFAULTS.items():
        if key not in have:
            db.session.add(
                SlaPolicy(
                    key=key,
                    name=name,
                    calendar=calendar,
                    unit=unit,
                    amount=amount,
                    ladder=ladder,
                    version=1,
                )
            )
            added += 1
    db.session.flush()
    return added


# The newest version's id per (key, opd) for CACHE_SECONDS: every new ticket needs two or
# three policies, and they change rarely. A new version made here clears the cache; other
# processes pick it up within CACHE_SECONDS.
CACHE_SECONDS = 30.0
_current_ids: dict[tuple[str, str | None], tuple[float, int]] = {}
_calendars: dict[str, tuple[float, str]] = {}


def forget() -> None:
    _current_ids.clear()
    _calendars.clear()


def calendar_of(key: str) -> str:
    """Returns the calendar kind of `key`'s current version (working, office, wallclock),
    remembered for CACHE_SECONDS: every countdown on a page asks (inbox/filters.py)."""
    hit = _calendars.get(key)
    if hit is None or time.monotonic() - hit[0] >= CACHE_SECONDS:
        hit = _calendars[key] = (time.monotonic(), current(key).calendar)
    return hit[1]


def current(key: str, opd_code: str | None = None) -> SlaPolicy:
    """Returns the active newest version of `key` (the OPD's own version if it has one).

    Seeds the defaults when the table is empty (fresh databases, tests). The row is
    kept for the rest of the transaction (aduan.txcache)."""
    return txcache.get(("sla_policy", key, opd_code), (SlaPolicy,), lambda: _current(key, opd_code))


def _current(key: str, opd_code: str | None) -> SlaPolicy:
    hit = _current_ids.get((key, opd_code))
    if hit is not None and time.monotonic() - hit[0] < CACHE_SECONDS:
        policy = db.session.get(SlaPolicy, hit[1])
        if policy is not None and policy.active:
            return policy
    policy = _lookup(key, opd_code)
    _current_ids[(key, opd_code)] = (time.monotonic(), policy.id)
    return policy


def _lookup(key: str, opd_code: str | None) -> SlaPolicy:
    for code in ([opd_code] if opd_code else []) + [None]:
        stmt = select(SlaPolicy).where(SlaPolicy.key == key, SlaPolicy.active.is_(True))
        stmt = stmt.where(SlaPolicy.opd_code == code if code else SlaPolicy.opd_code.is_(None))
        policy = db.session.execute(stmt.order_by(SlaPolicy.version.desc()).limit(1)).scalar()
        if policy is not None:
            return policy
    if seed_policies():
        return _lookup(key, opd_code)
    raise LookupError(f"no active SLA policy {key!r}")


# At most a year in each unit: a larger amount would overflow the column (a 500) or put
# every new ticket's due date past what the clocks can compute.
MAX_AMOUNT = {"minutes": 366 * 24 * 60, "hours": 366 * 24, "working_days": 260}


def new_version(
    key: str,
    *,
    amount: int,
    unit: str,
    calendar: str,
    ladder: list[dict[str, Any]],
    opd_code: str | None = None,
    user_id: int | None = None,
    name: str | None = None,
) -> SlaPolicy:
    """Adds the next version of a policy (the old one stays for running clocks)."""
    if unit not in MAX_AMOUNT or not 0 < amount <= MAX_AMOUNT[unit]:
        raise ValueError(
            "amount must be positive and at most a year; unit minutes, hours or working_days"
        )
    if calendar not in ("working", "wallclock", "office"):
        raise ValueError("calendar must be working, wallclock or office")
    steps = sorted(ladder, key=lambda step: step["at"])
    if any(s["action"] not in ACTIONS or not 0 < float(s["at"]) <= 1 for s in steps):
        raise ValueError("ladder steps need 0 < at <= 1 and a known action")
    last = (
        db.session.execute(
            select(func.max(SlaPolicy.version)).where(
                SlaPolicy.key == key,
                SlaPolicy.opd_code == opd_code if opd_code else SlaPolicy.opd_code.is_(None),
            )
        ).scalar()
        or 0
    )
    policy = SlaPolicy(
        key=key,
        opd_code=opd_code,
        version=last + 1,
        amount=amount,
        unit=unit,
        calendar=calendar,
        ladder=steps,
        created_by=user_id,
        name=name or DEFAULTS.get(key, (key,))[0],
    )
    db.session.add(policy)
    db.session.flush()
    forget()
    return policy
