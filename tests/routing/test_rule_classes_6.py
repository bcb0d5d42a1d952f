"""Rule classes found on the sixth independent set's dev part, each checked on other
sentences than the set's: a report made to someone else (a teacher, the building
manager) is no status check of the citizen's own report; a polite request for the
progress of one's report ("mohon info perkembangannya") is one; a poster stuck on a
street-light pole is about the poster, not the light; a rambling message that announces
its problem ("Masalahnya: ...") is one problem, chosen on what it announces."""

from __future__ import annotations

import pytest

from ticketing import problems
from ticketing.routing import Decision, rules
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


STORY = (
    "Saya sudah 10 tahun jualan di sini dan anak saya sekolah di SD dekat toko, tiap hari "
    "lewat jalan ini. {marker}lampu PJU di depan toko mati sudah dua minggu, gelap sekali"
)


def _fake(piece: str) -> Decision:
    unit = "DISPENDIK" if "sekolah" in piece else "DISHUB"
    return Decision("complaint", unit, 0.95, "", ())


def test_a_rambling_message_that_announces_its_problem_is_one_problem():
    text = STORY.format(marker="Masalahnya: ")
    assert (
        rules.focus(text).strip() == "lampu PJU di depan toko mati sudah dua minggu, gelap sekali"
    )
    assert len(problems.split(text, _fake(text), _fake, 0.75).parts) == 1
    # without the announcement, the story's sentence reads as another unit's problem
    text = STORY.format(marker="")
    assert rules.focus(text) is text
    assert len(problems.split(text, _fake(text), _fake, 0.75).parts) == 2


def test_a_short_tail_after_intinya_is_no_focus():
    text = "lampu PJU di gang kami mati seminggu, intinya tolong cepat"
    assert rules.focus(text) is text
