"""The eleventh independent set (tests/data/independent_kinds_11.jsonl): 166 citizen
messages written before the classifier's rules, corpus or code were read (only
surabaya.md, DESIGN.md and the tenth set's keys): Suroboyoan and krama, SMS
abbreviations, emoji, tweets, a phone transcript, English from expats, sarcasm ("sudah
jadi kolam lele"), long stories with one ask. 25 emergencies (calm and polite ones, krama,
a live wire, a child locked in a car, people in a lift), 83 complaints with their unit
(kelurahan and kecamatan offices, past fires, floods and fallen trees whose aftermath is
the complaint, alarm words in idioms, messages naming several problems), 25 outside the
remit (each with a `handler`: PLN, BPN, police, Samsat, BPJS, toll road, province, two
regencies, KAI, Telkom, a bank, Kemenag, immigration, a courier, OJK, the Suramadu
bridge), 13 PPID requests (some phrased as complaints), 18 status checks in odd
formats, 2 not complaints. Eight questions about using a service were relabelled from
information requests to the unit's complaints before any floor was set, as
docs/routing.md defines them. Split 50/50 by position into `dev` and `holdout`.

Measured through ingest() before any fix (dev + holdout):
emergency 12/12 + 12/13, complaint 40/41 + 40/42, external 12/13 + 10/12,
status 8/9 + 7/9, information 4/7 + 6/6, not a complaint 1/2, one false emergency
(holdout), OPD top-1 37/41 + 38/42. The classifier alone (Classifier.classify, ECE
over evaluate.BUCKETS, right = kind and, for complaints, unit): dev ECE 0.026, holdout
0.051; confidence >= 0.95 was right 0.97 / 0.96 of the time, 0.70-0.80 only 0.25.

After the dev fixes of December 2026 (tests/routing/test_rule_classes_11.py): dev
external 12 -> 13 of 13 (a theft whose city keyword was only its scene), status 8 -> 9
of 9 (a PPID registration number asked about), information 4 -> 5 of 7 (what a budget
was spent on), complaint 40 -> 41 of 41 (a road mocked as a fish pond), OPD top-1
37 -> 40 of 41 (busking at the lights; an NIB's status in SSW; the mocked road).
Holdout (its misses not looked at): unchanged. Classifier alone: dev ECE 0.026 -> 0.066
(right answers now at low confidence: the mocked road waits in triage at 0.14), holdout
0.051 -> 0.051. Left in dev: a past fallen tree's cleanup sent to BPBD's triage, a
tariff question and an unanswered PPID e-mail read as other kinds (labels arguable).
Through ingest() the holdout loses two outside-remit messages and two status checks
that Classifier.classify gets right (12/12 and 9/9 there)."""

from __future__ import annotations

from pathlib import Path

from tests.routing.test_independent_kinds_4 import assert_set

SET = Path(__file__).resolve().parents[1] / "data" / "independent_kinds_11.jsonl"

# Measured floors (dev and holdout together, after the fixes), one message of slack on
# the two large groups.
RECALL_FLOOR = {
    "emergency": 24 / 25,
    "complaint": 80 / 83,
    "external": 23 / 25,
    "status_check": 16 / 18,
    "info_request": 11 / 13,
    "not_complaint": 1 / 2,
}
MAX_FALSE_EMERGENCIES = 1
OPD_TOP1_FLOOR = 77 / 83


def test_the_eleventh_independent_set_keeps_its_measured_floors(app):
    assert_set(SET, RECALL_FLOOR, MAX_FALSE_EMERGENCIES, OPD_TOP1_FLOOR)
