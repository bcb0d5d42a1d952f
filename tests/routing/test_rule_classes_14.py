"""Rule classes found on the fourteenth independent set (dev part), each checked on
other sentences than the set's."""

from __future__ import annotations

import pytest

from tests.routing import test_independent_kinds as kinds


@pytest.mark.parametrize(
    "text",
    [
        "ada orang nyongkel jendela rumah kosong depan saya, pencurinya masih di dalam sekarang",
        "pak itu ada copet lagi ngambil dompet ibu2 di angkot, saya lihat sekarang",
        "tolong rumah sebelah sedang dibobol maling, penghuninya lagi keluar kota",
        "someone is breaking into my neighbour's house right now, they're away",
    ],
)
def test_a_theft_happening_now_is_an_emergency(classifier, text):
    decision = classifier.classify(text)
    assert decision.kind == "emergency" and decision.opd == "SATPOLPP"


@pytest.mark.parametrize(
    "text",
    [
        "kemarin malam ada maling masuk rumah warga RT 3, motor hilang, tolong patroli",
        "kampung kami rawan maling kalau lampu jalan mati, tolong PJU gang 4 dinyalakan",
        "maling sekarang makin berani ya, dulu cuma ambil helm",
    ],
)
def test_a_theft_that_happened_or_is_feared_is_no_emergency(classifier, text):
    assert classifier.classify(text).kind != "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "kucing saya terjebak di atap ruko sebelah dari kemarin, ga bisa turun, tolong dibantu",
        "ada anjing kejepit di pagar besi sekolah, nguik nguik terus dari pagi",
        "burung hantu nyangkut di jaring layangan di tiang depan rumah, kasihan",
    ],
)
def test_an_animal_stuck_is_the_rescue_service_s_complaint_not_an_emergency(classifier, text):
    decision = classifier.classify(text)
    assert decision.kind == "complaint" and decision.opd == "DPKP"


@pytest.mark.parametrize(
    "text",
    [
        "anak saya terjebak di kamar mandi, pintunya macet, dia nangis terus",
        "kucing dan anak saya terjebak di dalam lift mall sekarang",
    ],
)
def test_a_person_trapped_stays_an_emergency(classifier, text):
    assert classifier.classify(text).kind == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "minggu lalu petugas DSDABM bilang mau ngecek saluran depan rumah, sampai sekarang kok "
        "belum datang ya?",
        "katanya petugas mau survei ke lokasi hari Senin, jadinya kapan pak?",
        "pak, kemarin sudah dihubungi petugas katanya akan dikerjakan minggu ini, jadinya kapan?",
    ],
)
def test_asking_when_an_officer_s_promised_visit_comes_is_a_status_check(classifier, text):
    assert classifier.classify(text).kind == "status_check"


@pytest.mark.parametrize(
    "text",
    [
        "katanya jalan Kedung Cowek mau diperbaiki tahun ini, kok masih bolong semua?",
        "petugas parkir di Jl. Tunjungan minta 10 ribu, katanya mau dipakai buat kas, kapan "
        "ditertibkan?",
    ],
)
def test_a_public_promise_or_an_officer_s_conduct_stays_a_complaint(classifier, text):
    assert classifier.classify(text).kind == "complaint"


@pytest.mark.parametrize(
    "text",
    [
        "admin, layanan pengaduan ini buka hari Minggu juga ga?",
        "nomor aduan ini bisa dipakai buat lapor malam-malam? ada yang balas?",
        "kak kalau chat ke WA ini jam berapa biasanya dibalas?",
    ],
)
def test_a_question_about_the_desk_itself_is_not_a_complaint(classifier, text):
    assert classifier.classify(text).kind == "not_complaint"


@pytest.mark.parametrize(
    "text, opd",
    [
        ("jam operasional puskesmas Kenjeran sampai jam berapa? kemarin jam 12 sudah tutup",
         "DINKES"),
        ("layanan aduan ini buka sampai jam berapa? got di Jl. Ngagel Jaya mampet lagi",
         "DSDABM"),
    ],
)  # fmt: skip
def test_a_question_naming_a_unit_s_subject_stays_its_complaint(classifier, text, opd):
    decision = classifier.classify(text)
    assert decision.kind == "complaint" and decision.opd == opd


@pytest.mark.parametrize(
    "text",
    [
        "bus antar kota jurusan Surabaya-Jember sopirnya ugal2an, tadi hampir nyerempet saya",
        "agen travel gelap di Jl. Diponegoro angkut penumpang ke Malang tiap malam, mobilnya "
        "penuh sesak",
    ],
)
def test_intercity_transport_is_outside_the_remit(classifier, text):
    assert classifier.classify(text).kind == "external"


def test_a_city_minibus_stays_the_transport_unit_s(classifier):
    decision = classifier.classify("angkot lyn JMK ngetem sembarangan depan pasar, bikin macet")
    assert decision.kind == "complaint" and decision.opd == "DISHUB"


@pytest.mark.parametrize(
    "text",
    [
        "pegawai kecamatan minta uang 300 ribu biar KTP saya cepet jadi, padahal katanya gratis",
        "ngurus PBG, stafnya minta duit 2 juta supaya berkas diproses duluan",
        "di loket kelurahan disuruh kasih uang pelicin biar surat domisili cepat keluar",
        "petugas di kantor kecamatan minta uang 500 ribu untuk ngurus surat keterangan tidak "
        "mampu ibu saya, katanya supaya cepat",
    ],
)
def test_an_officer_asking_money_to_speed_a_service_is_the_inspectorate_s(classifier, text):
    decision = classifier.classify(text)
    assert decision.kind == "complaint" and decision.opd == "INSPEKTORAT"


def test_a_parking_attendant_s_fee_stays_the_transport_unit_s(classifier):
    text = "tukang parkir minimarket minta uang 5 ribu padahal ada tulisan parkir gratis"
    decision = classifier.classify(text)
    assert decision.kind == "complaint" and decision.opd == "DISHUB"


@pytest.mark.parametrize(
    "text",
    [
        "anak saya kelas 5 SD sering dibully teman sekelasnya sampai ga mau sekolah",
        "anak saya jadi korban bullying di sekolah, diejek dan didorong tiap hari",
        "anak kami dipalak kakak kelasnya tiap istirahat, uang sakunya diambil",
    ],
)
def test_bullying_at_school_is_the_child_protection_unit_s(classifier, text):
    decision = classifier.classify(text)
    assert decision.kind == "complaint" and decision.opd == "DP3APPKB"


def test_a_teacher_missing_class_stays_the_education_unit_s(classifier):
    decision = classifier.classify("guru kelas anak saya di SDN Ketabang sering ga masuk")
    assert decision.kind == "complaint" and decision.opd == "DISPENDIK"


@pytest.mark.parametrize(
    "text",
    [
        "ketua RW tidak mau tanda tangan surat pengantar buat bikin SKCK, katanya harus lunas "
        "iuran keamanan",
        "Pak RT mempersulit surat pengantar untuk perpanjang paspor anak saya",
    ],
)
def test_a_neighbourhood_letter_for_an_outside_document_is_the_kelurahan_s(classifier, text):
    decision = classifier.classify(text)
    assert decision.kind == "complaint" and decision.opd == "KELURAHAN"


def test_the_outside_document_itself_stays_outside(classifier):
    assert classifier.classify("SKCK saya di Polrestabes lama sekali jadinya").kind == "external"


@pytest.mark.parametrize(
    "text",
    [
        "pak saya yang lapor lampu jalan mati di Jl. Kalijudan minggu lalu, sudah ada petugas "
        "yang ngecek belum?",
        "eee bu saya kemarin sudah melapor soal sampah di gang lima itu sudah ada yang datang ke "
        "lokasi belum ya",
    ],
)
def test_the_reporter_asking_whether_anyone_came_is_a_status_check(classifier, text):
    assert classifier.classify(text).kind == "status_check"


def test_nobody_came_after_a_report_elsewhere_stays_a_complaint(classifier):
    text = "sudah lapor ke kelurahan tapi belum ada yang datang, jalan depan rumah masih ambles"
    assert classifier.classify(text).kind == "complaint"


@pytest.mark.parametrize(
    "text",
    [
        "katanya petugas mau survei ke lokasi hari Senin, jadinya kapan pak?",
        "pak, kemarin sudah dihubungi petugas katanya akan dikerjakan minggu ini, jadinya kapan?",
    ],
)
def test_a_promised_visit_asked_after_is_answered_with_a_status(app, text):
    assert kinds.observed(text)[0] == "status_check"
