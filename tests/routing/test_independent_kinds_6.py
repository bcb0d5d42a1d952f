"""The sixth independent set (tests/data/independent_kinds_6.jsonl): 160 citizen
messages written before the rules were read, in registers the first five sets
under-used: Madurese-mixed Suroboyoan, WhatsApp voice-note transcripts (no punctuation,
fillers, repeated words), very short messages, long rambling ones with the problem at
the end, forwarded chain messages, ticket numbers with a new problem, RT/RW heads on
behalf of residents, business owners (permits, taxes, bank loans), schools and health
(puskesmas, BPJS PBI), transport (Suroboyo Bus, parking attendants), negations ("bukan
kebakaran, cuma asap sampah"), hypotheticals ("kalau banjir lagi ..."), emergencies in
heavy slang or emoji, PDAM (the city's water company) and outside bodies (PLN, BPN,
police, Jasa Marga, Pertamina, banks, telcos, KAI, Samsat). 30 emergencies, 60
complaints (unit or null), 25 outside the remit, 20 status checks, 25 information
requests, split 50/50 by kind with random.Random(6) into `dev` and `holdout`.

INDEPENDENT_REPORT=dev (or =holdout, =all) prints the confusion table, calibration,
OPD top-1, and the misses of dev only.

Before -> after the dev fixes (recall per kind): dev emergency 15/15 -> 15/15, complaint
29/30 -> 30/30, external 12/13 -> 12/13, status check 9/10 -> 10/10, information 2/13 ->
2/13, OPD top-1 26/30 -> 28/30; holdout unchanged at 14/15, 30/30, 10/12, 8/10, 2/12,
OPD 28/29, and one holdout information request sent to the 112 desk before and after
(the only false emergency; none in dev). The classes fixed: a report made to someone
else ("sudah lapor guru / satpam / pengelola") read as the citizen's own report, so a
complaint became a status check; a polite request for the progress of one's report
("mohon info perkembangannya") not read as a status check; a poster stuck on a PJU pole
routed to the light's unit; a long story before "Masalahnya: ..." split off as another
unit's ticket. Left: a bank loan (KUR) the model contests against the outside-body rule
(corpus lines for banks moved other sets' borderline emergencies and status checks), two
fair OPD disagreements (bullying at a school: DP3APPKB or DISPENDIK; a kelurahan officer
asking money: INSPEKTORAT or KELURAHAN, which the corpus labels both ways), and the
information requests: 11 of the 13 dev misses are questions about using a city service
("syarat bikin KIA apa", "cara pasang sambungan baru PDAM"), whom to call if something
happens, or whether a forwarded message is true. This set labels them information
requests; the project labels such questions complaints to the service's unit
(tests/routing/holdout.jsonl: "Kartu keluarga saya hilang kebanjiran, bagaimana cara
cetak ulang?" is DISPENDUKCAPIL) and information requests are PPID requests for
documents and data. A rule and corpus lines for them were tried and dropped: they broke
those labels in the earlier sets."""

from __future__ import annotations

from pathlib import Path

from tests.routing.test_independent_kinds_4 import assert_set

SET = Path(__file__).resolve().parents[1] / "data" / "independent_kinds_6.jsonl"

# Measured floors (dev and holdout together, after the dev fixes of December 2026;
# before them: 29, 59, 22, 17 and 4, one false emergency, OPD top-1 54/59): recall per
# kind, the number of non-emergencies sent to the 112 desk, and the share of complaints
# with a known unit whose first answer is that unit. Dev went from 15/15, 29/30, 12/13,
# 9/10, 2/13 (OPD 26/30) to 15/15, 30/30, 12/13, 10/10, 2/13 (OPD 28/30); the holdout
# part alone did not move (14/15, 30/30, 10/12, 8/10, 2/12; OPD 28/29; one false
# emergency, an information request).
RECALL_FLOOR = {
    "emergency": 29 / 30,
    "complaint": 60 / 60,
    "external": 22 / 25,
    "status_check": 18 / 20,
    "info_request": 4 / 25,
}
MAX_FALSE_EMERGENCIES = 1
OPD_TOP1_FLOOR = 56 / 59


def test_the_sixth_independent_set_keeps_its_measured_floors(app):
    assert_set(SET, RECALL_FLOOR, MAX_FALSE_EMERGENCIES, OPD_TOP1_FLOOR)
