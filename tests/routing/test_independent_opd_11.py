"""The eleventh independent set (tests/data/independent_opd_11.jsonl): 158 complaints
written before the routing code, its rules or its corpus were read (only the city's
context notes and the unit codes), each with the unit a Media Center operator would
send it to: every OPD of the directory (roads and drains, rubbish, trees and parks,
street lights and parking, street vendors and noise, social welfare, health, civil
registry, schools, tax, water...), borderline pairs (a drain vs a road, a tree in a park
vs on a street, a street child at a traffic light, a dead cat on a road, a permit vs
its building, e-Peken down), and 15 matters of a kecamatan or kelurahan office (letters,
RT/RW, small kampung works). Split alternately into `dev` and `holdout`.

Graded like the routing set (tests/routing/test_independent_routing.py): through
ingest(), top-1 is the unit the ticket went to or, in triage, the first suggestion; a
KEC-/KEL- unit counts as its umbrella code. INDEPENDENT_REPORT=dev (=holdout, =all)
prints the report.

Measured (December 2026, before any fix): top-1 dev 76/79, holdout 77/79; top-3 dev
77/79, holdout 79/79; 8 sent to triage (5 right on the first suggestion), 150
auto-routed (148 right); expected calibration error 0.022 over four bins (0.50-0.75: 6
at 0.67 mean confidence, half right; 0.75-0.90: 15 at 0.84, 0.87 right; 0.90+: 137 at
0.99, all right).

After the dev fix of a street child or beggar at a traffic light (DINSOS, not DISHUB):
top-1 dev 77/79, holdout 77/79; ECE 0.027. Left on dev: a monkey on the roofs (DPKP, a
rescue, or DKPP, an animal: the two notes disagree) and e-Peken down (the lexicon gives
it to DINKOPDAG, which runs it; the set says DISKOMINFO); the holdout's misses are not
looked at."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.routing.test_independent_routing import BINS, observed, report

SET = Path(__file__).resolve().parents[1] / "data" / "independent_opd_11.jsonl"

# Floors slightly below the measured numbers (see above).
TOP1_FLOOR = {"dev": 76 / 79, "holdout": 76 / 79}
TOP3_FLOOR = {"dev": 76 / 79, "holdout": 78 / 79}
ECE_CEILING = 0.06


def expected_calibration_error(seen: list) -> float:
    scored = [(s.confidence, s.top1) for s in seen if s.confidence is not None]
    error = 0.0
    for low, high in BINS:
        inside = [(c, ok) for c, ok in scored if low <= c < high]
        if inside:
            gap = sum(c for c, _ in inside) - sum(ok for _, ok in inside)
            error += abs(gap) / len(scored)
    return error


def test_the_eleventh_independent_set_keeps_its_measured_floors(app):
    rows = [json.loads(line) for line in SET.read_text(encoding="utf-8").splitlines() if line]
    seen = [observed(row) for row in rows]
    if split := os.environ.get("INDEPENDENT_REPORT"):
        print("\n" + report(seen, split))
        print(f"ECE {expected_calibration_error(seen):.3f}")
    assert all(s.ranked for s in seen), [s.row["text"] for s in seen if not s.ranked]
    for split in ("dev", "holdout"):
        part = [s for s in seen if s.row["split"] == split]
        assert sum(s.top1 for s in part) / len(part) >= TOP1_FLOOR[split], split
        assert sum(s.top3 for s in part) / len(part) >= TOP3_FLOOR[split], split
    assert expected_calibration_error(seen) <= ECE_CEILING
