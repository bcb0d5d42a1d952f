"""Rule classes found on the twelfth independent set (dev part), each checked on other
sentences than the set's: whether an officer came to the site is a status question; a
forwarded chain message is no complaint, a question whether it is a hoax is the hoax
desk's (DISKOMINFO); whether a document exists, and a plan's map sent, are information
requests; the civil servants' pension funds are central bodies; a phrase naming the
subject (an animal stuck, a home-repair programme, a sports hall, a civil servant idling
in office hours, livestock let loose, a person with a mental illness) chooses the unit
over the objects around it; Suroboyoan words for them."""

from __future__ import annotations

import pytest

from tests.routing import test_independent_kinds as kinds
from ticketing.routing.normalize import canonical


@pytest.mark.parametrize(
    "text",
    [
        "apakah tim sudah survei ke lokasi untuk aduan saya kemarin?",
        "opo wis onok petugas sing teko nang lokasi kanggo laporanku?",
    ],
)
def test_asking_whether_an_officer_came_is_a_status_check(app, text):
    assert kinds.observed(text)[0] == "status_check"


@pytest.mark.parametrize(
    "text",
    [
        "pesan berantai: awas penculikan anak pakai mobil van putih di daerah Rungkut, jaga "
        "anak2 kalian",
        "pesan berantai: besok ada razia besar2an se-Surabaya, jangan keluar rumah, "
        "teruskan ke semua keluarga",
    ],
)
def test_a_forwarded_chain_message_is_not_a_complaint(classifier, text):
    assert classifier.classify(text).kind == "not_complaint"


@pytest.mark.parametrize(
    "text",
    [
        "min ada video di tiktok katanya jembatan Merah mau dibongkar, itu hoaks ya?",
        "katanya ada pendaftaran bansos lewat link wa, itu asli atau hoaks?",
    ],
)
def test_asking_whether_a_message_is_a_hoax_is_the_hoax_desk_s(classifier, text):
    decision = classifier.classify(text)
    assert decision.kind == "complaint"
    assert (decision.opd or decision.suggestions[0][0]) == "DISKOMINFO"


def test_a_chain_message_about_a_city_service_is_left_to_the_model(classifier):
    text = "VIRALKAN: air PDAM besok mati total 3 hari, tampung air! kiriman dari grup RT"
    decision = classifier.classify(text)
    assert decision.kind == "complaint" and decision.opd == "PDAM"


def test_a_forwarded_alarm_with_a_fire_now_stays_an_emergency(classifier):
    text = "sebarkan! ada kebakaran di pasar Turi sekarang, apinya besar, banyak orang di dalam"
    assert classifier.classify(text).kind == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "arsip surat keputusan lurah tahun 2019 ada salinannya gak ya? arsipnya ada tidak",
        "tolong kirimkan peta RDTR kecamatan Benowo",
    ],
)
def test_whether_a_document_exists_and_a_plan_s_map_are_information_requests(classifier, text):
    decision = classifier.classify(text)
    assert decision.kind == "info_request" and not decision.triage


@pytest.mark.parametrize(
    "text",
    [
        "gaji pensiun almarhum kakek dari Asabri belum cair 2 bulan",
        "kata petugas Taspen data pensiun ibu harus diperbarui, sudah sebulan belum beres",
    ],
)
def test_the_civil_servants_pension_funds_are_outside_the_remit(classifier, text):
    decision = classifier.classify(text)
    assert decision.kind == "external" and not decision.triage


@pytest.mark.parametrize(
    "text, unit",
    [
        ("anak kucing nyangkut di talang air tetangga sejak kemarin, ngeong terus", "DPKP"),
        ("burung hantu nyangkut di kabel depan rumah dari pagi", "DPKP"),
        ("ibu saya janda, rumahnya reyot, gimana cara daftar bedah rumah?", "DPRKPP"),
        ("lantai GOR Kertajaya berlubang, atlet voli sering keseleo", "DISBUDPORAPAR"),
        ("petugas kelurahan tidur di jam kerja, warga yang antri dibiarkan", "INSPEKTORAT"),
        ("sapi tetangga dilepas tiap pagi, kotorannya di jalan kampung", "DKPP"),
        ("ada orang gila tiap malam teriak2 di depan toko, pembeli takut", "DINSOS"),
    ],
)
def test_a_phrase_naming_the_subject_chooses_the_unit(classifier, text, unit):
    decision = classifier.classify(text)
    assert decision.kind == "complaint"
    assert (decision.opd or decision.suggestions[0][0]) == unit


def test_suroboyoan_words_for_livestock_and_madness_are_read():
    assert "kambing" in canonical("wedus e pak RT diculke")
    assert "orang gila" in canonical("onok wong gendeng")
