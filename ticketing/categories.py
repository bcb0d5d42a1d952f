"""The public category of a complaint that came by chat (ticketing/services.py CATALOGUE).

A web form or Open311 report carries the category the citizen chose. A WhatsApp, SMS,
phone or social message carries none, so /lacak, /peta and Open311 listed every one of
them as "Lainnya - <unit>", a pothole as much as a dead street light. When such a ticket
is routed, it takes the category of its unit that its words name (the one with the most
distinct words matched; none on a tie), else it stays under the unit's general service.
The words below are what citizens write (Indonesian, Suroboyoan, English), not the
catalogue's Open311 keywords, too broad for guessing ("jalan" is in every address)."""

from __future__ import annotations

import re

from ticketing.classifier import FORM_CHANNELS
from ticketing.models import Ticket
from ticketing.services import BY_CODE, OTHER, is_public_opd

WORDS: dict[str, tuple[str, ...]] = {
    "jalan-rusak": (
        r"berlubang",
        r"lubang",
        r"bolong",
        r"jeglongan",
        r"aspal",
        r"paving",
        r"jalan\w* (?:rusak|ambles|amblas|retak|ambrol|hancur)",
        r"jembatan\w* (?:rusak|retak|ambrol|jebol)",
        r"potholes?",
        r"(?:damaged|broken|cracked) (?:road|street)s?",
    ),
    "saluran-mampet": (
        r"got",
        r"selokan",
        r"saluran",
        r"gorong[- ]?gorong",
        r"mampet",
        r"buntu",
        r"genangan",
        r"tergenang",
        r"banjir",
        r"mbanjiri",
        r"drains?",
        r"gutters?",
        r"sewers?",
        r"clogged",
        r"flood(?:ed|ing)?",
    ),
    "sampah": (r"sampah", r"tps", r"uwuh", r"bau busuk", r"garbage", r"trash", r"rubbish"),
    "pohon": (r"pohon", r"ranting", r"dahan", r"wit", r"pangkas", r"trees?", r"branch(?:es)?"),
    "taman": (r"taman", r"rth", r"bangku taman", r"(?:city|public) parks?"),
    "pju-mati": (
        r"pju",
        r"lampu jalan",
        r"penerangan jalan",
        r"lampu penerangan",
        r"street ?(?:lights?|lamps?)",
    ),
    "lampu-lalu-lintas": (
        r"traffic lights?",
        r"lampu merah",
        r"lampu lalu ?lintas",
        r"apill?",
        r"rambu",
        r"marka",
        r"(?:traffic|road) signs?",
    ),
    "parkir-liar": (r"parkir", r"jukir", r"parkiran", r"parking"),
    "pkl-trotoar": (
        r"pkl",
        r"pedagang kaki lima",
        r"lapak",
        r"bangunan liar",
        r"reklame",
        r"(?:street|sidewalk) vendors?",
        r"hawkers?",
    ),
    "hewan-liar": (
        r"ular",
        r"tawon",
        r"biawak",
        r"lebah",
        r"sarang",
        r"snakes?",
        r"wasps?",
        r"hornets?",
        r"bees?",
        r"monitor lizards?",
    ),
    "air-pdam": (
        r"pdam",
        r"air (?:mati|keruh|kotor|tidak (?:mengalir|keluar|ngalir)|gak (?:ngalir|metu))",
        r"banyu (?:mati|keruh|gak metu)",
        r"pipa",
        r"pipes?",
        r"no (?:running )?water",
    ),
    "fogging": (
        r"fogging",
        r"dbd",
        r"demam berdarah",
        r"nyamuk",
        r"jentik",
        r"dengue",
        r"mosquito(?:e?s)?",
    ),
    "wifi-publik": (r"wi-?fi", r"internet", r"aplikasi", r"situs", r"website"),
}
PATTERNS = {code: [re.compile(rf"\b{word}\b") for word in words] for code, words in WORDS.items()}


def guess(text: str, opd_code: str | None) -> str | None:
    """Returns the code of unit `opd_code`'s category that `text` names most (by distinct
    words matched), or None when none does or two tie."""
    lowered = text.lower()
    scores = []
    for code, patterns in PATTERNS.items():
        if BY_CODE[code].opd != opd_code:
            continue
        hits = sum(1 for pattern in patterns if pattern.search(lowered))
        if hits:
            scores.append((hits, code))
    scores.sort(reverse=True)
    if not scores or (len(scores) > 1 and scores[0][0] == scores[1][0]):
        return None
    return scores[0][1]


def categorize(ticket: Ticket) -> None:
    """Sets the category of a chat ticket just routed (or re-routed) to a unit: the one
    its words name among the unit's, else none (its unit's general service). A form's
    chosen category is the citizen's and stays (but for "Lainnya / tidak tahu"). A unit
    whose complaints stay inside (DINKES) gets no guess: its public category ("fogging")
    would publish a chat message ("anak saya kena DBD") its citizen never chose to."""
    if ticket.channel in FORM_CHANNELS and ticket.service_code != OTHER:
        return
    if not is_public_opd(ticket.opd_code):
        ticket.service_code = None
        return
    ticket.service_code = guess(ticket.summary or "", ticket.opd_code)
