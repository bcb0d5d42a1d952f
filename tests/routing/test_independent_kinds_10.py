"""The tenth independent set (tests/data/independent_kinds_10.jsonl): 91 citizen
messages written before the classifier's rules or corpus were read (only the ninth set's
format, its test and the unit codes), aimed at the kind the holdout finds weakest,
outside the remit: 25 of them (PLN in Suroboyoan, a PLN bill, a sagging PLN service
cable, BPN measurements and a double certificate, a past snatch theft and an ETLE ticket
for the police, two Samsat, two BPJS, the lights of the Suramadu bridge, two toll roads,
Kemenag's hajj list and a KUA fee, a road in Sidoarjo, rubbish in Gresik, a bank, a
pinjol debt collector, a private internet provider, a courier, a developer keeping the
certificates, a provincial SMA, the commuter train). 16 emergencies told calmly or
indirectly ("mau tanya aja ... skrg gak sadar", a polite letter about smoke, krama,
all-caps Suroboyoan), 10 near misses that are not emergencies (the idiom "kebakaran
jenggot", a fire or flood that is over, thanks for a past fire, news of elsewhere, a
drill notice, alarm words about traffic lights and parking), 10 status checks (spaced,
partial, English, Suroboyoan, no number), 15 information requests, 15 ordinary
complaints with their unit. Split 50/50 by kind with random.Random(10) into `dev` and
`holdout`.

Measured through ingest() before any fix (dev + holdout): emergency 13/16, complaint
22/22, external 21/25, status 10/10, information 12/15, not a complaint 3/3, OPD top-1
19/21; no false emergency. ECE (bench/routing.py's evaluate() on the set): dev 0.092,
holdout 0.073."""

from __future__ import annotations

from pathlib import Path

from tests.routing.test_independent_kinds_4 import assert_set

SET = Path(__file__).resolve().parents[1] / "data" / "independent_kinds_10.jsonl"

# Measured floors (dev and holdout together; see above).
RECALL_FLOOR = {
    "emergency": 13 / 16,
    "complaint": 22 / 22,
    "external": 21 / 25,
    "status_check": 10 / 10,
    "info_request": 12 / 15,
    "not_complaint": 3 / 3,
}
MAX_FALSE_EMERGENCIES = 0
OPD_TOP1_FLOOR = 19 / 21


def test_the_tenth_independent_set_keeps_its_measured_floors(app):
    assert_set(SET, RECALL_FLOOR, MAX_FALSE_EMERGENCIES, OPD_TOP1_FLOOR)
