"""The ninth independent set (tests/data/independent_kinds_9.jsonl): 160 citizen
messages written before the classifier, its rules, its corpus or the earlier sets were
read (only three lines of the eighth set's format and the unit codes): WhatsApp
voice-note transcripts, elderly citizens' formal Indonesian and Javanese krama ("Nuwun
sewu, kulo badhe matur ..."), Suroboyoan ("rek", "cak", "onok", "wingi"), SMS
abbreviations ("yg", "gk", "sdh"), very short messages ("lampu jalan mati gang 5 rek"),
long rambling ones, phone and house numbers next to ticket-like numbers, expatriates'
English, sarcasm, complaints asked as questions and emergencies asked as questions ("itu
lapor ke mana ya?"), an emergency told calmly in a formal letter, a nuisance told in
alarm words ("darurat sampah!!!"), status questions without "cek". 25 emergencies, 50
complaints (each with its unit), 25 outside the remit, 15 status checks, 30 information
requests, 15 not complaints; split 50/50 by kind with random.Random(9) into `dev` and
`holdout`.

Before -> after the fixes of December 2026, through ingest():
dev: emergency 9 -> 13 of 13 (krama "tiyangipun taksih wonten ing lebet" was not read;
wasps that "nyengat 2 anak, satu sesak napas" asked as a question; a calm letter about a
fire "mulai mendekati rumah warga"; a fall at home guarded as news of elsewhere because
"anak2 di luar kota"), complaint 25 -> 25, external 12 -> 13 of 13 (a market in
Sidoarjo; the model contested the rule), status 7 -> 8 of 8 ("apakah sudah diterima
petugas"), information 15 -> 15, not a complaint 7 -> 8 of 8 (English thanks for a
fixed pothole read as a pothole complaint); OPD top-1 25 -> 25 of 25.
holdout (scored at the end, texts unread): emergency 12 of 12, complaint 25 of 25,
external 8 of 12, status 7 of 7, information 15 of 15, not a complaint 6 of 7, OPD
top-1 24 of 25, before and after.
No false emergency before or after. ECE (bench/routing.py on the set): dev 0.055 ->
0.047, holdout 0.035 -> 0.035. Left: the holdout's four outside-the-remit messages
(all read as complaints), one not-a-complaint message and one unit, unread so that the
holdout stays a measure."""

from __future__ import annotations

from pathlib import Path

from tests.routing.test_independent_kinds_4 import assert_set

SET = Path(__file__).resolve().parents[1] / "data" / "independent_kinds_9.jsonl"

# Measured floors (dev and holdout together, after the fixes; see above).
RECALL_FLOOR = {
    "emergency": 25 / 25,
    "complaint": 50 / 50,
    "external": 21 / 25,
    "status_check": 15 / 15,
    "info_request": 30 / 30,
    "not_complaint": 14 / 15,
}
MAX_FALSE_EMERGENCIES = 0
OPD_TOP1_FLOOR = 49 / 50


def test_the_ninth_independent_set_keeps_its_measured_floors(app):
    assert_set(SET, RECALL_FLOOR, MAX_FALSE_EMERGENCIES, OPD_TOP1_FLOOR)
