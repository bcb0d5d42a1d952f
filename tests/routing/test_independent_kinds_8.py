"""The eighth independent set (tests/data/independent_kinds_8.jsonl): 160 citizen
messages written before the classifier, its rules, its corpus or the earlier sets were
read (only three lines of the seventh set's format and the unit codes): call-centre
operators' transcripts ("Penelepon melaporkan ..."), X posts tagging @SapawargaSby and
@e100ss with hashtags, Instagram comments with emoji, Jaksel English-Indonesian mixing,
Madurese, formal letters ("Dengan hormat, ..."), voice-to-text without punctuation,
replies quoting the bot, forwarded news, phone and house numbers that look like ticket
numbers, and kind ambiguities (an emergency over now, a late ambulance, PPID requests
about emergency statistics, a figurative "darurat"). 25 emergencies, 50 complaints (each
with its unit), 25 outside the remit, 15 status checks, 30 information requests, 15 not
complaints; split 50/50 by kind with random.Random(8) into `dev` and `holdout`.

Before -> after the fixes of December 2026, through ingest():
dev: emergency 13 -> 13 of 13, complaint 25 -> 25, external 12 -> 13 of 13 (a complaint
about RSUD Dr. Soetomo, the province's hospital, went to the city's RSUD), status 8 -> 8,
information 15 -> 15, not a complaint 8 -> 8; OPD top-1 24 -> 25 of 25 (ODGJ sleeping at
a bus stop "depan RSUD Soewandhie" went to the hospital). The classifier alone also read
a quoted closing message with its ticket number ("... telah selesai ditangani. Sudah
beres, makasih") as a status check; fixed.
holdout (scored at the end, texts unread): emergency 11 of 12, complaint 25 of 25,
external 10 of 12, status 7 of 7, information 15 of 15, not a complaint 6 of 7, OPD
top-1 25 of 25, before and after.
No false emergency before or after. ECE (bench/routing.py on the set): dev 0.038 ->
0.025, holdout 0.053 -> 0.053. Left: the holdout's one emergency, two outside-the-remit
messages and one not-a-complaint message, unread so that the holdout stays a measure."""

from __future__ import annotations

from pathlib import Path

from tests.routing.test_independent_kinds_4 import assert_set

SET = Path(__file__).resolve().parents[1] / "data" / "independent_kinds_8.jsonl"

# Measured floors (dev and holdout together, after the fixes; see above).
RECALL_FLOOR = {
    "emergency": 24 / 25,
    "complaint": 50 / 50,
    "external": 23 / 25,
    "status_check": 15 / 15,
    "info_request": 30 / 30,
    "not_complaint": 14 / 15,
}
MAX_FALSE_EMERGENCIES = 0
OPD_TOP1_FLOOR = 50 / 50


def test_the_eighth_independent_set_keeps_its_measured_floors(app):
    assert_set(SET, RECALL_FLOOR, MAX_FALSE_EMERGENCIES, OPD_TOP1_FLOOR)
