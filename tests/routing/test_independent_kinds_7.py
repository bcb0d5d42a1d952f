"""The seventh independent set (tests/data/independent_kinds_7.jsonl): 160 citizen
messages written before the classifier, its rules, its corpus or the earlier sets were
read (only the format of two lines of the sixth set): Suroboyoan mixed with Indonesian,
chat abbreviations and typos, very short and long rambling messages, several issues in
one, sarcasm ("mantap lampu merah mati maneh"), negation ("bukan darurat", "gak perlu
ambulans"), complaints naming PLN or the police in passing, status checks in many
formats (with or without dashes, the number alone, "laporan saya kemarin gimana"),
greetings, thanks, spam and chain messages, and PPID requests asked as questions. 25
emergencies, 50 complaints (each with its unit), 25 outside the remit, 15 status checks,
30 information requests, 15 not complaints; split 50/50 by kind with random.Random(7)
into `dev` and `holdout`.

Before -> after the fixes of December 2026 (dev + holdout): emergency 22 -> 25 of 25
(missed: "wong e getihen gak obah" after an accident, "arep mlumpat teko jembatan",
"asep ireng ... kayak e kobongan"), complaint 50 -> 50, external 22 -> 25 (two police
reports read as status checks of the citizen's own report, a lender's threats in chat
verbs), status check 14 -> 14, information 28 -> 30, not a complaint 14 -> 14; no false
emergency before or after; OPD top-1 46 -> 47 of 50 (a karaoke complaint that named a
police report gone nowhere was contested as the police's). Left: a bare serial
("000321") and a chain message go to triage; a sarcastic complaint ("mantap ... mati
maneh") and a question about moving one's domicile are read as small talk and go to
triage without a unit; bullying at school goes to DISPENDIK (the set says DP3APPKB, a
fair disagreement noted by the sixth set too)."""

from __future__ import annotations

from pathlib import Path

from tests.routing.test_independent_kinds_4 import assert_set

SET = Path(__file__).resolve().parents[1] / "data" / "independent_kinds_7.jsonl"

# Measured floors (dev and holdout together, after the fixes; see above).
RECALL_FLOOR = {
    "emergency": 25 / 25,
    "complaint": 50 / 50,
    "external": 25 / 25,
    "status_check": 14 / 15,
    "info_request": 30 / 30,
    "not_complaint": 14 / 15,
}
MAX_FALSE_EMERGENCIES = 0
OPD_TOP1_FLOOR = 47 / 50


def test_the_seventh_independent_set_keeps_its_measured_floors(app):
    assert_set(SET, RECALL_FLOOR, MAX_FALSE_EMERGENCIES, OPD_TOP1_FLOOR)
