"""The unit directory as the inbox shows it: OPDs by their code, kecamatan and kelurahan
by their name, for the filter menus, the bulk bar's suggestions and the timeline's
words; also the channels a ticket can come in on."""

from __future__ import annotations

import time
from collections import Counter

from flask_babel import get_locale
from markupsafe import Markup
from sqlalchemy import select

from aduan.extensions import db
from inbox import labels
from ticketing import wilayah
from ticketing.models import Opd

# Every channel a ticket can come in on, for the channel filter.
CHANNELS = ("telegram", "whatsapp", "whatsapp_cloud", "sms", "voice", "x", "x_dm")
CHANNELS += ("facebook", "instagram", "web", "open311")
KECAMATAN_NAMES = dict(wilayah.KECAMATAN)
# Menus list OPDs by code, then kecamatan and kelurahan units, then "Luar kewenangan"
# (EXTERNAL): among the codes it sat between DSDABM and INSPEKTORAT, where no one looks.
MENU_ORDER = (Opd.code == "EXTERNAL", Opd.region_code.is_not(None), Opd.code)


def opds() -> list[Opd]:
    stmt = select(Opd).where(Opd.active).order_by(*MENU_ORDER)
    return list(db.session.execute(stmt).scalars())


_units: tuple[float, list[tuple[str, str]], dict[str, str]] = (0.0, [], {})


def _directory() -> tuple[float, list[tuple[str, str]], dict[str, str]]:
    """Returns (read at, menu choices, {code: name}) of the active units. Re-read at most
    once a minute: the directory changes rarely, the inbox refreshes often."""
    global _units
    if time.monotonic() - _units[0] > 60 or not _units[1]:
        stmt = select(Opd.code, Opd.name, Opd.region_code).where(Opd.active)
        rows = list(db.session.execute(stmt.order_by(*MENU_ORDER)))
        # Two kelurahan share a name (Wonorejo, in Rungkut and in Tegalsari): their
        # kecamatan tells them apart.
        shared = Counter(name for _, name, region in rows if region)
        choices = [
            (code, _area_label(name, region) if shared[name] > 1 else name)
            if region
            else (code, code)
            for code, name, region in rows
        ]
        _units = (time.monotonic(), choices, {code: name for code, name, _ in rows})
    return _units


def _area_label(name: str, region: str) -> str:
    """Returns "Kelurahan Wonorejo (Rungkut)": a kelurahan with its kecamatan."""
    return f"{name} ({KECAMATAN_NAMES.get(wilayah.kecamatan_of(region), region)})"


def unit_choices() -> list[tuple[str, str]]:
    """Returns (code, label) of the active units for the filter menu: an OPD by its code,
    a kecamatan or kelurahan by its name (its code is a Kemendagri number)."""
    return _directory()[1]


def unit_names() -> dict[str, str]:
    """Returns {code: the directory's name} of the active units."""
    return _directory()[2]


_lists: dict[tuple[str, tuple[tuple[str, str], ...]], Markup] = {}


def unit_datalist() -> Markup:
    """Returns the bulk bar's unit suggestions: an OPD by its code and its name ("DLH ·
    Dinas Lingkungan Hidup"), so typing either finds it; an area unit by its name. Not
    "EXTERNAL": routing there is refused (the outside remit is a kind, not a unit)."""
    units, names = unit_choices(), unit_names()
    key = (str(get_locale()), tuple(units))
    if key not in _lists:
        if len(_lists) > 8:
            _lists.clear()
        option = Markup('<option value="{}">{}</option>')
        units = [(code, label) for code, label in units if code != "EXTERNAL"]
        words = [(code, str(labels.label(labels.UNIT_CODES, label))) for code, label in units]
        _lists[key] = Markup("").join(
            option.format(code, f"{code} · {names[code]}" if word == code else word)
            for code, word in words
        )
    return _lists[key]


_words: dict[tuple[str, tuple[tuple[str, str], ...]], dict[str, str]] = {}


def unit_words() -> dict[str, str]:
    """Returns {code: what agents call the unit} for the active units: an OPD by its
    code, a kecamatan or kelurahan by its name, "EXTERNAL" in words. Made once per
    language and list of units (every queue page asks; there are about 200 units)."""
    units = unit_choices()
    key = (str(get_locale()), tuple(units))
    if key not in _words:
        if len(_words) > 8:
            _words.clear()
        _words[key] = {code: str(labels.label(labels.UNIT_CODES, w)) for code, w in units}
    return _words[key]


_menus: dict[tuple[str, tuple[tuple[str, str], ...]], tuple[list[str], list[str]]] = {}


def _options(values: list[str], chosen: str | None, pieces: list[str]) -> Markup:
    """Returns the options `pieces` (one per value) joined, the `chosen` one selected."""
    # str.replace, not Markup.replace: the latter escapes its arguments, which made the
    # chosen option read 'value="DLH&#34; selected&gt;DLH' (no selection, a broken value).
    return Markup(
        "".join(
            str(p).replace('">', '" selected>', 1) if v == chosen else str(p)
            for v, p in zip(values, pieces, strict=True)
        )
    )


def filter_menus(opd: str | None, channel: str | None) -> tuple[Markup, Markup]:
    """Returns the <option>s of the unit and channel filters, `opd` and `channel`
    selected. Built once per language and list of units: ~230 escaped options per page
    were a third of the page's template time."""
    units = unit_choices()
    codes = [code for code, _ in units]
    key = (str(get_locale()), tuple(units))
    if key not in _menus:
        if len(_menus) > 8:
            _menus.clear()
        option = '<option value="{}">{}</option>'
        opds = [
            Markup(option).format(code, labels.label(labels.UNIT_CODES, label))
            for code, label in units
        ]
        # Both WhatsApp routes read "WhatsApp" on a row; in the menu they must differ (as on
        # the reports' filter).
        channels = [
            Markup(option).format(
                c,
                labels.label(labels.CHANNELS, c)
                + (" (Cloud API)" if c == "whatsapp_cloud" else ""),
            )
            for c in CHANNELS
        ]
        _menus[key] = (opds, channels)
    opds, channels = _menus[key]
    units_menu = _options(codes, opd, opds)
    if opd and opd not in codes:  # a unit since deactivated, or typed: the list is filtered
        # by it, so the menu says so (it read "Semua unit" over an empty list)
        units_menu = Markup('<option value="{}" selected>{}</option>').format(opd, opd) + units_menu
    return units_menu, _options(list(CHANNELS), channel, channels)
