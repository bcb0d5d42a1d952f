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
all-caps Suroboyoan), 10 near misses that are not emergencies (7 complaints with their
unit, 3 not complaints: the idiom "kebakaran jenggot", a fire or flood that is over,
thanks for a past fire, news of elsewhere, a drill notice, alarm words about traffic
lights and parking), 10 status checks (spaced, partial, English, Suroboyoan, no number),
15 information requests, 15 ordinary complaints with their unit. Split 50/50 by kind
with random.Random(10) into `dev` and `holdout`.

Before -> after the fixes of December 2026, through ingest():
dev: emergency 5 -> 8 of 8 (a polite letter about "asap cukup tebal ... sejak sekitar 10
menit yang lalu"; "suaminya pegang pisau ngancam istrinya"; a leaning tree with children
resting under it), complaint 11 -> 11, external 10 -> 13 of 13 (the Suramadu bridge's
lights; "itu masuk Sidoarjo ya?"; a road "wilayah Gresik" the model contested),
status 5 -> 5, information 6 -> 8 of 8 ("minta file pdf Perda RTRW"; "mau tau daftar
penerima ..., itu info terbuka kah?"), not a complaint 2 -> 2; OPD top-1 10 -> 10 of 10.
holdout (scored at the end, its misses not looked at): emergency 8 -> 8 of 8, complaint 11 -> 11,
external 11 -> 12 of 12, status 5 -> 5, information 6 -> 6 of 7, not a complaint
1 -> 1, OPD top-1 9 -> 9 of 11.
No false emergency before or after. ECE (bench/routing.py's evaluate() on the set): dev
0.092 -> 0.024, holdout 0.073 -> 0.071. Left: one information request and two units of
the holdout, not looked at so that the holdout stays a measure."""

from __future__ import annotations

from pathlib import Path

from tests.routing.test_independent_kinds_4 import assert_set

SET = Path(__file__).resolve().parents[1] / "data" / "independent_kinds_10.jsonl"

# Measured floors (dev and holdout together, after the fixes; see above).
RECALL_FLOOR = {
    "emergency": 16 / 16,
    "complaint": 22 / 22,
    "external": 25 / 25,
    "status_check": 10 / 10,
    "info_request": 14 / 15,
    "not_complaint": 3 / 3,
}
MAX_FALSE_EMERGENCIES = 0
OPD_TOP1_FLOOR = 19 / 21


def test_the_tenth_independent_set_keeps_its_measured_floors(app):
    assert_set(SET, RECALL_FLOOR, MAX_FALSE_EMERGENCIES, OPD_TOP1_FLOOR)
