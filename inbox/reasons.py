"""A routing reason in words (the ticket page's "Alasan"): ticketing/routing writes its
reasons in fixed English phrases ("model: 'got', 'mampet' (0.91)", "rule: emergency keyword
'kebakaran' (fire, cue 'sekarang')"); reason() says them in the reader's language."""

from __future__ import annotations

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from inbox.labels import KINDS, label
from ticketing.names import EMERGENCY_TYPES

RULES = {  # the rule names of ticketing/routing/rules.py
    "information request": _l("permohonan informasi"),
    "outside city jurisdiction": _l("di luar kewenangan Pemkot"),
    # ticketing/routing/outside.py: REGENCY_RULE, HOSPITAL_RULE, PROVINCE_RULE
    "outside city jurisdiction: a place in a neighbouring regency": _l(
        "di luar kewenangan Pemkot (tempat di kabupaten tetangga)"
    ),
    "outside city jurisdiction: a hospital the city does not run": _l(
        "di luar kewenangan Pemkot (rumah sakit yang tidak dikelola Pemkot)"
    ),
    "outside city jurisdiction: an office of the province": _l(
        "di luar kewenangan Pemkot (kantor Pemprov)"
    ),
    "status check ticket": _l("cek status (nomor laporan)"),
    "status check phrase": _l("cek status"),
    "OPD keyword": _l("kata kunci OPD"),
    "thanks for work done": _l("terima kasih atas pekerjaan yang sudah selesai"),
}

_MODEL = re.compile(r"^model: (?P<words>.*?) \((?P<p>[0-9.]+)\)$")
_EMERGENCY = re.compile(
    r"^rule: emergency keyword '(?P<kw>[^']*)' \((?P<type>\w+)"
    r"(?:, cue '(?P<cue>[^']*)'|, no present-tense cue)?\)$"
)
_RULE = re.compile(r"^rule: (?P<rule>[\w :]+?) '(?P<kw>[^']*)'$")
_AGENT = re.compile(r"^agent: (?P<name>.*)$")
_SAYS = re.compile(r"^model says (?P<kind>\w+) \((?P<p>[0-9.]+)\)$")
_SEES = re.compile(r"^model sees an emergency \((?P<p>[0-9.]+)\) without a present-tense cue$")
_SUPPORT = re.compile(r"^model (?P<p>[0-9.]+)$")
_PHONED = re.compile(r"^phone: a call from the number of open emergency (?P<number>\S+)$")
# ticketing/triage.py: an umbrella's matter whose place names no kecamatan/kelurahan
_UNPLACED = re.compile(r"^(?P<unit>kecamatan|kelurahan) tidak diketahui dari pesan atau lokasi$")
_HINT = re.compile(r"([\w-]+):'([^']*)'")


def reason(text: str | None) -> str:
    """Returns a routing reason in words, part by part ("; "): which words the model saw
    and how sure it was, which keyword a rule matched, or which agent decided."""
    if not text:
        return "-"
    return "; ".join(_reason_part(part) for part in text.split("; "))


def _percent(p: str) -> int:
    return round(float(p) * 100)


def _reason_part(part: str) -> str:
    suffix = ""
    for tail, words in ((", agent to check", _l("perlu dicek agen")),
                        (", contested", _l("dibantah model"))):  # fmt: skip
        if part.endswith(tail):
            part, suffix = part[: -len(tail)], f", {words}{suffix}"
    return _reason_words(part) + suffix


def _reason_words(part: str) -> str:
    if match := _MODEL.match(part):
        words = match["words"].replace("'", "")
        if words == "no strong feature":
            words = _("tidak ada kata yang menonjol")
        return _("Model: kata yang menentukan %(words)s (model %(percent)s%%)", words=words,
                 percent=_percent(match["p"]))  # fmt: skip
    if part.startswith("hint "):  # "DSDABM:'jalan rusak', DLH:'sampah'": keyword → unit
        found = _HINT.findall(part[5:])
        hints = ", ".join(f"\u201c{kw}\u201d \u2192 {unit}" for unit, kw in found)
        return _("petunjuk kata kunci %(hints)s", hints=hints or part[5:])
    if match := _EMERGENCY.match(part):
        keyword, kind = match["kw"].strip(), label(EMERGENCY_TYPES, match["type"])
        said = _("Aturan darurat: kata kunci \u201c%(keyword)s\u201d (%(type)s)",
                 keyword=keyword, type=kind)  # fmt: skip
        if match["cue"]:
            return said + ", " + _("isyarat \u201c%(cue)s\u201d", cue=match["cue"])
        return said + ", " + _("tanpa isyarat kejadian saat ini")
    if match := _RULE.match(part):
        return _("Aturan %(rule)s: kata kunci \u201c%(keyword)s\u201d",
                 rule=label(RULES, match["rule"]), keyword=match["kw"].strip())  # fmt: skip
    if match := _AGENT.match(part):
        return _("Diputuskan petugas %(name)s", name=match["name"])
    if match := _SAYS.match(part):
        return _("model menilai %(kind)s (%(percent)s%%)", kind=label(KINDS, match["kind"]),
                 percent=_percent(match["p"]))  # fmt: skip
    if match := _SEES.match(part):
        return _("model melihat kemungkinan darurat (%(percent)s%%) tanpa isyarat kejadian "
                 "saat ini", percent=_percent(match["p"]))  # fmt: skip
    if match := _SUPPORT.match(part):
        return _("model %(percent)s%%", percent=_percent(match["p"]))
    if part.startswith("form: the citizen chose "):  # the category's name, not its code
        from ticketing.services import BY_CODE

        code = part[24:]
        service = BY_CODE.get(code)
        choice = f"\u201c{service.name}\u201d" if service else code
        return _("formulir: warga memilih %(choice)s", choice=choice)
    if match := _PHONED.match(part):  # ticketing/emergencies.py by_phone
        return _("Telepon dari nomor pelapor darurat %(number)s (nomor penelepon bisa "
                 "dipalsukan): laporan terpisah", number=match["number"])  # fmt: skip
    if match := _UNPLACED.match(part):
        if match["unit"] == "kecamatan":
            return _("kecamatan tidak diketahui dari pesan atau lokasi")
        return _("kelurahan tidak diketahui dari pesan atau lokasi")
    fixed = {
        "no text to classify yet": _("Belum ada teks untuk dibaca"),
        "no words to read": _("Tidak ada kata untuk dibaca"),
    }
    return fixed.get(part, part)
