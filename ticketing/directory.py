"""Admin edits to the OPD directory, each recorded with who changed what."""

from __future__ import annotations

from typing import Any

import phonenumbers
from flask_babel import lazy_gettext as _l

from aduan.extensions import db
from ticketing import links
from ticketing.contacts import normalize_phone
from ticketing.models import NOTIFY_CHANNELS, DirectoryChange, Officer, Opd

OPD_FIELDS = ("name", "remit", "keywords", "active", "transfer_allowed")
OFFICER_FIELDS = ("name", "role", "channel", "address", "active", "opd_code", "group_code")
# What a link is bound to besides its ticket: a change ends the officer's links.
LINK_BINDING = frozenset({"channel", "address", "opd_code", "group_code"})
MAX_TEXT = 200  # the name and address columns (PostgreSQL refuses longer: a 500)


class DirectoryError(ValueError):
    """An edit that would leave the directory wrong (the message is translatable)."""


def _fits(text: Any) -> None:
    """Raises DirectoryError for a name or address longer than its column."""
    if len(str(text)) > MAX_TEXT:
        raise DirectoryError(_l("Nama dan alamat maksimal %(n)s karakter.", n=MAX_TEXT))


def _apply(obj: Any, values: dict[str, Any], fields: tuple[str, ...]) -> dict[str, list[Any]]:
    changes = {}
    for field in fields:
        if field in values and getattr(obj, field) != values[field]:
            changes[field] = [getattr(obj, field), values[field]]
            setattr(obj, field, values[field])
    return changes


def update_opd(opd: Opd, values: dict[str, Any], user_id: int | None) -> dict[str, list[Any]]:
    """Applies an admin's edit to an OPD; returns the changes (also kept as history)."""
    if "name" in values and not str(values["name"]).strip():
        raise DirectoryError(_l("Nama unit wajib diisi."))
    _fits(values.get("name", ""))
    changes = _apply(opd, values, OPD_FIELDS)
    if changes:
        db.session.add(
            DirectoryChange(user_id=user_id, entity="opd", entity_key=opd.code, changes=changes)
        )
    return changes


def clean_address(channel: str, address: str) -> str:
    """Returns the address in the form the channel needs; raises DirectoryError."""
    address = address.strip()
    _fits(address)
    if channel not in NOTIFY_CHANNELS:
        raise DirectoryError(_l("Kanal notifikasi tidak dikenal."))
    if channel in ("whatsapp", "sms"):
        phone = normalize_phone(address)
        # "12345" is a possible (short landline) number, not one a message can reach
        if phone is None or not phonenumbers.is_valid_number(phonenumbers.parse(phone)):
            raise DirectoryError(_l("Nomor telepon tidak valid."))
        return phone
    if channel == "telegram" and not address.lstrip("-").isdigit():
        raise DirectoryError(
            _l("Telegram butuh chat id berupa angka (petugas kirim /start ke bot).")
        )
    if channel == "email" and "@" not in address:
        raise DirectoryError(_l("Alamat e-mail tidak valid."))
    return address


def save_officer(officer: Officer | None, values: dict[str, Any], user_id: int | None) -> Officer:
    """Creates or edits an officer (history kept); returns it. Deactivating an officer, or
    giving them another unit, group, channel or address, revokes their open links: a
    group member's links follow tickets anywhere, links to an OPD would work again on
    the officer's return, and the old chat or phone still holds the messages."""
    if not str(values.get("name", "")).strip():
        raise DirectoryError(_l("Nama petugas wajib diisi."))
    _fits(values["name"])
    if values.get("role") not in ("officer", "head"):
        raise DirectoryError(_l("Peran harus petugas atau kepala."))
    values["address"] = clean_address(values.get("channel", ""), values.get("address", ""))
    if officer is None:
        officer = Officer(**{f: values.get(f) for f in OFFICER_FIELDS if f != "active"})
        db.session.add(officer)
        db.session.flush()
        changes = {f: [None, values.get(f)] for f in OFFICER_FIELDS if values.get(f) is not None}
    else:
        changes = _apply(officer, values, OFFICER_FIELDS)
        if changes.get("active") == [True, False] or set(changes) & LINK_BINDING:
            links.revoke_all(officer_id=officer.id)
    if changes:
        db.session.add(
            DirectoryChange(
                user_id=user_id, entity="officer", entity_key=str(officer.id), changes=changes
            )
        )
    return officer
