"""The thirteenth independent set (tests/data/independent_kinds_13.jsonl): 150 citizen
messages written before the classifier's rules, corpus, code or earlier sets were read
(only surabaya.md, the kinds in docs/routing.md, the unit codes and the format of set 12's
first lines), committed alone before any measurement: Suroboyoan and chat Indonesian with
heavy typos, all caps, long stories with the ask in the middle, sarcasm, replies to the
desk ("iya", "belum pak, petugase durung teko"), a forwarded chain letter, English from
expats, complaints naming the police or PLN only in passing, emergencies without the word
"darurat" (a collapse, smoke from a window, a child carried off by a river, a gas smell in
a boarding house, a cobra under a bed, a lift stuck), informal PPID requests ("min ada
file APBD gak"), status checks in odd forms, and the outside bodies (BPN, PLN, Satpas and
Samsat, BPJS, banks, toll roads, SMA, Pertamina, immigration, Taspen, online lenders).
60 complaints with their unit, 20 information requests, 20 emergencies, 25 outside the
remit, 15 status checks, 10 not complaints; split 50/50 by position into `dev` and
`holdout`.

Measured through ingest() before any fix (dev + holdout): emergency 10/10 + 9/10,
complaint 28/30 + 29/30, external 11/13 + 11/12, status 6/7 + 7/8, information 9/10 +
10/10, not a complaint 4/5 + 5/5, false emergencies 2 + 2, OPD top-1 27/30 + 27/30.
Classifier alone (evaluate.evaluate): kind accuracy 0.947, complaint OPD 0.900, emergency
recall 0.95, ECE 0.031 (dev 0.045, holdout 0.041).

After the dev fixes of December 2026 (tests/routing/test_rule_classes_13.py: street
furniture struck, "ambulans susah lewat", stay permits and fuel, Suroboyoan status
checks and words, informal document questions, bridges, chain letters, collapses and
flames without "pingsan"/"api"): dev 74/75 kinds (left: a person with a mental illness
throwing stones, read as an emergency; its label is arguable), 1 false emergency, OPD
29/30; classifier alone kind 0.967, complaint OPD 0.933, ECE 0.021. Holdout (its misses
not looked at): unchanged, 71/75 kinds, 2 false emergencies, emergency 9/10, OPD 27/30."""

from __future__ import annotations

from pathlib import Path

from tests.routing.test_independent_kinds_4 import assert_set

SET = Path(__file__).resolve().parents[1] / "data" / "independent_kinds_13.jsonl"

# Measured floors (dev and holdout together, after the fixes: 19/20, 58/60, 24/25,
# 14/15, 20/20, 10/10, 3 false emergencies, OPD 56/60), one message of slack on each
# kind but emergencies: a lost emergency must fail.
RECALL_FLOOR = {
    "emergency": 19 / 20,
    "complaint": 57 / 60,
    "external": 23 / 25,
    "status_check": 13 / 15,
    "info_request": 19 / 20,
    "not_complaint": 9 / 10,
}
MAX_FALSE_EMERGENCIES = 3
OPD_TOP1_FLOOR = 55 / 60


def test_the_thirteenth_independent_set_keeps_its_measured_floors(app):
    assert_set(SET, RECALL_FLOOR, MAX_FALSE_EMERGENCIES, OPD_TOP1_FLOOR)
