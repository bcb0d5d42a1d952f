"""Rule classes found on the eighth independent set (dev part), each checked on other
sentences than the set's: a hospital in Surabaya that the city does not run (the
province's RSUD Dr. Soetomo, RSU Haji, RSJ Menur; the central government's RSPAL, RS
Bhayangkara, RS Unair) is outside the remit, unless it is only where the problem is or
where a city clinic refers to; a landmark a problem is next to ("depan RSUD
Soewandhie", "samping puskesmas") does not choose its unit; a status question in the
third person, as a call-centre operator writes it ("Penelepon menanyakan apakah
laporannya ... sudah ditindaklanjuti"); "darurat" said of a price or a nuisance, and a
price that "naik terus", are figures of speech, not an urgency cue; figures asked for
without the word "data" ("minta rekap jumlah kejadian kebakaran") are a PPID request;
Madurese words of an emergency ("bedeh", "apoy", "tenggelem", "compok") and English flood
water "rising to my knees" are read; thanks for a report that was handled, quoting its
ticket number, is no status check."""

from __future__ import annotations

import pytest

from ticketing.routing import emergency, outside, rules


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("antri obat di RS dr Sutomo 6 jam, petugasnya judes", "PROVINSI"),
        ("Perawat di RSU Haji Surabaya kasar ke pasien BPJS", "PROVINSI"),
        ("keluarga kami di RSJ Menur tidak boleh dijenguk tanpa alasan", "PROVINSI"),
        ("Biaya rawat inap di RSPAL dr Ramelan mahal, kami kaget", "PUSAT"),
        ("RS Bhayangkara menolak pasien tanpa surat pengantar", "PUSAT"),
    ],
)
def test_a_hospital_the_city_does_not_run_is_outside_the_remit(text, body):
    found = outside.external_body(text)
    assert found is not None and found.label == body


@pytest.mark.parametrize(
    "text",
    [
        "Pedagang kaki lima di depan RSUD Dr. Soetomo menutup akses ambulans",
        "parkir liar dekat RS Haji sampai dua lapis",
        "puskesmas tidak mau kasih rujukan ke RS Soetomo padahal anak saya perlu",
        "ibu dirujuk dari RSUD Soewandhie ke RSUD Dr Soetomo tapi ambulans RSUD tidak ada",
        "Pohon besar tumbang di Jl. Dr. Soetomo menutup 2 lajur",
    ],
)
def test_an_outside_hospital_as_a_place_or_a_referral_is_not_the_subject(text):
    assert outside.external_body(text) is None


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("Gelandangan tidur di emperan depan RSUD Soewandhie tiap malam, tidak ada yang urus",
         "DINSOS"),
        ("anak jalanan ngamen di lampu merah dekat RSUD Soewandhie, masih kecil-kecil", "DINSOS"),
        ("pengemis lansia duduk di trotoar samping puskesmas Tanah Kali Kedinding tiap hari",
         "DINSOS"),
    ],
)  # fmt: skip
def test_a_landmark_the_problem_is_next_to_does_not_choose_the_unit(classifier, text, unit):
    decision = classifier.classify(text)
    assert decision.kind == "complaint" and decision.opd == unit


def test_the_model_reading_an_outside_hospital_as_the_citys_does_not_contest_it(classifier):
    decision = classifier.classify("antrean poli di RSUD dr Soetomo dari pagi belum dipanggil")
    assert decision.kind == "external" and not decision.triage
    assert decision.external_body == "PROVINSI"


@pytest.mark.parametrize(
    "text",
    [
        "Penelepon menanyakan apakah laporannya soal lampu jalan mati sudah diproses",
        "Penelepon menanyakan kelanjutan pengaduannya tentang sampah yang tidak diangkut",
        "laporan kami soal got mampet bulan lalu sudah ditangani belum?",
    ],
)
def test_a_status_question_in_the_third_person_or_plural_is_a_status_check(text):
    assert rules.match_status(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "harga bawang merah di pasar Pucang sudah darurat",
        "darurat! tarif parkir di Tunjungan seenaknya",
        "harga daging sapi di pasar Genteng naik terus",
    ],
)
def test_darurat_said_of_a_price_or_a_nuisance_is_no_urgency_cue(text):
    assert not emergency.has_urgency_cue(text)


@pytest.mark.parametrize(
    "text",
    [
        "darurat, ada kebakaran di pasar Genteng",
        "air sungai naik terus sudah masuk rumah",
        "harga naik gpp, tapi ini darurat: ada orang pingsan di pasar",
    ],
)
def test_a_real_urgency_cue_stays(text):
    assert emergency.has_urgency_cue(text)


@pytest.mark.parametrize(
    "text",
    [
        "Saya dari pers mahasiswa, boleh minta jumlah korban kecelakaan per bulan 2025?",
        "mohon statistik kasus DBD per kecamatan tiga tahun terakhir",
        "bisa minta rekap jumlah pengaduan soal PJU tahun ini?",
    ],
)
def test_figures_asked_for_without_the_word_data_are_an_information_request(text):
    found = rules.match_info_request(text)
    assert found is not None and found.label == "PPID"


def test_a_personal_record_asked_for_is_no_information_request():
    assert rules.match_info_request("minta rekap nilai rapor anak saya kok tidak dikasih") is None


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("tolong, ana' kaula tenggelem e songai, ghi' ta' temmo", "drowning"),
        ("bedeh apoy gedhe e compok tatangga, tolong", "fire"),
        ("please help, flood water rising to our waist in the kitchen, Kedung Baruk", "flood"),
    ],
)
def test_madurese_and_english_emergencies_are_read(text, label):
    found, _ = emergency.match(text)
    assert found is not None and found.label == label


@pytest.mark.parametrize(
    "text",
    [
        "> Tiket MC-2026-000777 sudah selesai.\nIya sudah diperbaiki, terima kasih pak",
        "MC-2026-000888 sudah ditangani dengan baik, matur nuwun",
    ],
)
def test_thanks_for_a_handled_report_with_its_number_is_no_status_check(text):
    assert rules.match_status(text) is None


def test_a_number_with_a_question_after_done_is_still_a_status_check():
    assert rules.match_status("MC-2026-000888 katanya sudah selesai, kok belum ada yang datang?")
