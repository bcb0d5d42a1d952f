"""The fourteenth independent set (tests/data/independent_kinds_14.jsonl): 150 citizen
messages written before the classifier's rules, corpus, code or earlier sets were read
(only surabaya.md, DESIGN.md, docs/routing.md and the first three lines of set 13 for the
format), committed alone before any measurement: voice-call transcripts with fillers
("eee", "anu"), Madurese-influenced Indonesian, very short messages ("got mampet Jl
Dukuh Kupang XV"), addresses and landmarks only, emoji, a copied news headline with a
complaint, English mixing, formal letters ("Dengan hormat, ..."), complaints framed as
questions, emergencies told indirectly (a burning smell from a locked house, water rising
fast at night, an old neighbour not seen for days with a smell, a live wire on a wet road
with children near, a burglar climbing a fence now), and outside bodies named only by
their function ("kantor yang ngurus paspor", "yang ngurus dana pensiun PNS"). 60
complaints with their unit, 20 information requests, 20 emergencies, 25 outside the
remit, 15 status checks, 10 not complaints; split by position into `dev` and `holdout`.

Measured through ingest() before any fix (dev + holdout): emergency 9/10 + 10/10,
complaint 29/30 + 30/30, external 12/13 + 11/12, status 6/7 + 6/8, information 10/10 +
10/10, not a complaint 4/5 + 4/5, false emergencies 1 + 0, OPD top-1 27/30 + 28/30.
Classifier alone (evaluate.evaluate, threshold 0.75): dev kind 0.920, complaint OPD
0.900, emergency recall 0.90, false emergencies 1 (0.015), ECE 0.058; holdout kind 0.960,
complaint OPD 0.933, emergency recall 1.00, false emergencies 0, ECE 0.050."""

from __future__ import annotations

from pathlib import Path

from tests.routing.test_independent_kinds_4 import assert_set

SET = Path(__file__).resolve().parents[1] / "data" / "independent_kinds_14.jsonl"

# Measured floors (dev and holdout together, before any fix: 19/20, 59/60, 23/25, 12/15,
# 20/20, 8/10, 1 false emergency, OPD 55/60), one message of slack on each kind but
# emergencies: a lost emergency must fail, and so must one more false alarm.
RECALL_FLOOR = {
    "emergency": 19 / 20,
    "complaint": 58 / 60,
    "external": 22 / 25,
    "status_check": 11 / 15,
    "info_request": 19 / 20,
    "not_complaint": 7 / 10,
}
MAX_FALSE_EMERGENCIES = 1
OPD_TOP1_FLOOR = 54 / 60


def test_the_fourteenth_independent_set_keeps_its_measured_floors(app):
    assert_set(SET, RECALL_FLOOR, MAX_FALSE_EMERGENCIES, OPD_TOP1_FLOOR)
