"""Rule classes found on the eleventh independent set (dev part), each checked on other
sentences than the set's: people begging or busking at the traffic lights ("pengemis di
perempatan lampu merah", "gepeng di traffic light") are a DINSOS matter, the lights only
their place; the lights themselves stay DISHUB's. A theft whose city keyword is only its
scene ("HP saya dicopet di Suroboyo Bus", "dijambret di taman kota") is the police's; a
city problem it happened by ("dibegal di gang yang PJU-nya mati, tolong lampunya") and a
request to the city about thefts ("sering ada copet di bus, tolong pasang CCTV") are not.
A PPID registration number asked about ("PPID/2026/0112 ... kapan dijawab?") is a status
check, though it says "permohonan informasi"; an objection or a new request citing it is
not. Asking what a budget was spent on ("dana kelurahan dipakai untuk apa saja?", "minta
rincian anggaran ...") is an information request; a bill's breakdown, a road the budget
did not mend and aid cut by the RT are complaints. The status of an application in a
unit's own system ("NIB di SSW statusnya diproses terus") is a complaint about that
service, not a status check; the status of a report to the desk still is. Praise for a
road "turned into a fish pond" or an off-road track is sarcasm: a DSDABM complaint an
agent checks, not thanks; thanks for a road that was mended stays thanks."""

from __future__ import annotations

import pytest

from ticketing.routing import outside, rules


@pytest.mark.parametrize(
    "text",
    [
        "pengemis bawa bayi tiap hari di perempatan lampu merah Jl. Diponegoro, kasihan",
        "gepeng mangkal di traffic light Kertajaya tiap sore",
    ],
)
def test_people_begging_at_the_traffic_lights_are_dinsos(classifier, text):
    assert [h.label for h in rules.opd_hints(text)] == ["DINSOS"]
    decision = classifier.classify(text)
    assert decision.kind == "complaint" and decision.suggestions[0][0] == "DINSOS"


def test_busking_children_at_the_lights_hint_dinsos_not_dishub():
    # a hint only: the model may still read busking as public order (SATPOLPP)
    text = "anak2 kecil ngamen di bangjo Pasar Kembang sampe jam 10 malem"
    assert [h.label for h in rules.opd_hints(text)] == ["DINSOS"]
    assert "lampu" not in rules.without_places(text)


@pytest.mark.parametrize(
    "text",
    [
        "lampu merah di perempatan Kertajaya mati, pengendara saling serobot",
        "antre lama di lampu merah Margorejo, durasinya kelamaan",
    ],
)
def test_the_traffic_lights_themselves_stay_dishub(classifier, text):
    assert "DISHUB" in [h.label for h in rules.opd_hints(text)]
    assert classifier.classify(text).opd == "DISHUB"


@pytest.mark.parametrize(
    "text",
    [
        "dompet istri saya kecopetan pas naik suroboyo bus koridor utara, mau lapor kemana?",
        "kemarin saya dijambret di taman kota Bungkul, tas isi hp dibawa kabur",
    ],
)
def test_a_theft_whose_city_keyword_is_its_scene_is_the_polices(classifier, text):
    found = outside.external_body(text)
    assert found is not None and found.label == "POLRI"
    decision = classifier.classify(text)
    assert decision.kind == "external" and decision.external_body == "POLRI"


@pytest.mark.parametrize(
    "text",
    [
        "PJU di gang kami mati seminggu, kemarin tetangga dijambret di situ. tolong lampunya",
        "dibegal di gang yang pju nya mati, tolong lampunya diperbaiki",
        "sering ada copet di Suroboyo Bus, tolong dishub pasang CCTV dan petugas",
    ],
)
def test_a_city_problem_a_theft_happened_by_stays_the_citys(text):
    assert outside.external_body(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Permohonan saya nomor PPID-2026-00045 kok belum ada jawaban sampai sekarang?",
        "min, registrasi ppid 2026 87 gimana kabarnya? sudah 2 minggu",
        "permohonan informasi sy PPID 2026 0045 sdh lewat 10 hari kerja, kapan dijawab",
    ],
)
def test_a_ppid_registration_number_asked_about_is_a_status_check(classifier, text):
    decision = classifier.classify(text)
    assert decision.kind == "status_check" and not decision.triage


@pytest.mark.parametrize(
    "text",
    [
        "Saya mengajukan keberatan atas jawaban permohonan PPID-2026-00045 yang tidak lengkap",
        "Terkait PPID-2026-00045, saya ajukan permohonan informasi baru: data anggaran taman?",
    ],
)
def test_an_objection_or_new_request_citing_a_registration_is_not(classifier, text):
    assert rules.match_status(text) is None
    assert classifier.classify(text).kind == "info_request"


@pytest.mark.parametrize(
    "text",
    [
        "dana kelurahan tahun 2025 itu digunakan untuk apa saja ya? warga gak pernah dikasih tau",
        "APBD 2026 untuk taman kota berapa? mohon rinciannya per taman",
        "minta rincian anggaran perbaikan jalan di kecamatan Sukolilo tahun ini",
    ],
)
def test_what_a_budget_was_spent_on_is_an_information_request(classifier, text):
    assert rules.match_info_request(text) is not None
    decision = classifier.classify(text)
    assert decision.kind == "info_request" and not decision.triage


@pytest.mark.parametrize(
    "text",
    [
        "tagihan PDAM saya naik 3x lipat, minta rinciannya",
        "anggaran perbaikan jalan katanya sudah ada tapi jalan depan rumah masih rusak, kapan?",
        "dana bansos saya dipotong RT, buat apa aja katanya uang kas",
    ],
)
def test_a_bill_a_road_or_cut_aid_is_no_budget_question(classifier, text):
    assert rules.match_info_request(text) is None
    assert classifier.classify(text).kind == "complaint"


@pytest.mark.parametrize(
    "text",
    [
        "NIB toko saya di OSS statusnya 'menunggu' terus 5 minggu, gak ada kabar",
        "status izin reklame saya gak berubah2 sejak bulan lalu",
    ],
)
def test_an_applications_status_in_a_units_system_is_a_complaint(classifier, text):
    assert rules.names_application_status(text)
    assert classifier.classify(text).kind == "complaint"


@pytest.mark.parametrize(
    "text",
    ["status laporan saya soal izin reklame gimana ya?", "laporanku wingi statuse piye min?"],
)
def test_a_reports_status_is_still_a_status_check(classifier, text):
    assert not rules.names_application_status(text)
    assert classifier.classify(text).kind == "status_check"


@pytest.mark.parametrize(
    "text",
    [
        "mantap pak wali, jalan depan pasar Keputran sekarang jadi wahana offroad 👏👏",
        "hebat, jalan Raya Lontar udah kayak tambak ikan, bisa buat mancing 👍",
    ],
)
def test_a_road_mocked_as_a_pond_is_a_complaint(classifier, text):
    assert rules.mocks_a_road(text)
    decision = classifier.classify(text)
    assert decision.kind == "complaint" and decision.suggestions[0][0] == "DSDABM"


@pytest.mark.parametrize(
    "text",
    [
        "Alhamdulillah jalan Kenjeran sudah diaspal mulus, terima kasih pemkot",
        "terima kasih, kolam di taman Bungkul sudah dibersihkan, bagus sekali",
    ],
)
def test_thanks_for_a_mended_road_or_a_clean_pond_stays_thanks(classifier, text):
    assert not rules.mocks_a_road(text)
    assert classifier.classify(text).kind == "not_complaint"
