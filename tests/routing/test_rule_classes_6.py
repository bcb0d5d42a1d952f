"""Rule classes found on the sixth independent set's dev part, each checked on other
sentences than the set's: a report made to someone else (a teacher, the building
manager) is no status check of the citizen's own report; a polite request for the
progress of one's report ("mohon info perkembangannya") is one; a poster stuck on a
street-light pole is about the poster, not the light."""

from __future__ import annotations

import pytest

from ticketing.routing import rules
from ticketing.status import read


@pytest.mark.parametrize(
    "text",
    [
        "atap kelas anak saya bocor terus, sudah lapor kepala sekolah tapi belum ada tindakan",
        "lift apartemen mati seminggu, sudah lapor pengelola tapi tidak ada tanggapan",
        "mandor proyek sebelah buang puing ke jalan, sudah lapor satpam tidak ada tindakan",
    ],
)
def test_a_report_made_to_someone_else_is_no_status_check(text):
    assert not read(text).is_check


def test_a_report_made_here_and_not_handled_is_still_a_status_check():
    assert read("saya sudah lapor minggu lalu tapi belum ada tindakan").is_check


@pytest.mark.parametrize(
    "text",
    [
        "Kemarin sudah melapor saluran mampet lewat WA ini, mohon kabar tindak lanjutnya",
        "Saya sudah lapor lampu jalan mati lewat aplikasi, minta update progresnya",
    ],
)
def test_a_polite_request_for_the_progress_of_ones_report_is_a_status_check(text):
    assert read(text).is_check


def test_a_poster_stuck_on_a_street_light_pole_is_about_the_poster():
    codes = [
        h.label for h in rules.opd_hints("poster liar ditempel pada tiang lampu jalan Jl Manyar")
    ]
    assert codes == ["SATPOLPP"]
    codes = [h.label for h in rules.opd_hints("spanduk liar dipasang di tiang PJU depan balai RW")]
    assert codes == ["SATPOLPP"]
    assert [h.label for h in rules.opd_hints("tiang PJU di Jl Manyar miring")] == ["DISHUB"]
