"""Rule classes found on the fourth independent set's dev part, each checked on other
sentences than the set's: an emergency told after a past aside, a call to evacuate,
Madurese words, money owed between private people, employers abroad, roads and land in
the neighbouring regencies, lists asked of the PPID, illegal banners, and riders who
keep falling on a bad road."""

from __future__ import annotations

import pytest

from ticketing.routing import emergency, outside, rules
from ticketing.routing.normalize import canonical
from ticketing.status import Request, read


@pytest.mark.parametrize(
    ("text", "etype"),
    [
        (
            "Minggu lalu dia cuma marah-marah. Sekarang dia bawa golok dan mengancam "
            "tetangga di depan rumah",
            "violence",
        ),
        ("Kemarin listrik sempat padam. Malam ini gudang sebelah kebakaran", "fire"),
        ("air sudah sepaha di dalam rumah, tolong evakuasi lansia kami", "flood"),
    ],
)
def test_an_emergency_happening_now_is_read_past_an_earlier_aside(text, etype):
    found, _ = emergency.match(text)
    assert found is not None and found.label == etype and found.certain


def test_a_madurese_emergency_reaches_the_112_desk(classifier):
    d = classifier.classify("Tolong, bengko tatangga kebakaran, bede oreng e dhalem")
    assert (d.kind, d.emergency_type) == ("emergency", "fire")


@pytest.mark.parametrize(
    "text",
    [
        "Kemarin ada perkelahian di pasar, sekarang sudah aman",
        "Kemarin rumah kami kebakaran. Sekarang kami menumpang di rumah saudara",
        "Kemarin ada tawuran di jembatan. Warga minta patroli ditambah",
    ],
)
def test_a_past_event_stays_past(text):
    assert emergency.match(text)[0] is None


def test_madurese_words_are_read_as_indonesian():
    assert canonical("kaula ghi' e bengko, aeng masok") == "saya masih' e rumah, air masuk"


def test_a_madurese_status_question_announces_no_new_problem():
    assert not Request(rest="Pak, laporan kaula ampon e proses ponapa dereng?").new_problem


@pytest.mark.parametrize(
    "text",
    [
        "adik ipar saya hutang 2 juta sejak lebaran belum dilunasi, mohon dibantu",
        "agensi saya di Singapura tidak membayar gaji dua bulan",
        "jembatan di desa kami wilayah Gresik rusak, mohon diperbaiki",
        "sengketa lahan warisan keluarga di Sampang belum selesai",
    ],
)
def test_private_debts_employers_abroad_and_neighbouring_regencies_are_external(text):
    found = outside.external_body(text)
    assert found is not None and found.label == "LAINNYA"


@pytest.mark.parametrize(
    "text",
    [
        "Jalan Gresik dekat Pasar Loak berlubang besar",
        "jalan rusak parah di Jl. Gresik depan pasar, banyak lubang",  # a Surabaya street
        "got mampet di jalan raya Sidoarjo dekat bundaran, air meluber",
        "THR saya tidak dibayar pabrik sampai sekarang",
        "pinjam buku di perpustakaan kelurahan susah, petugas jarang ada",
    ],
)
def test_city_matters_that_look_like_them_stay_the_citys(text):
    assert outside.external_body(text) is None


def test_a_list_asked_of_the_city_is_an_information_request():
    assert rules.match_info_request("mohon daftar pemenang tender proyek drainase 2025")
    assert rules.match_info_request("mohon saya didaftarkan jadi penerima bansos") is None


def test_illegal_banners_are_public_order(classifier):
    d = classifier.classify("spanduk liar menutupi rambu di perempatan Jl. Ngagel, mohon dicopot")
    assert (d.kind, d.opd) == ("complaint", "SATPOLPP")


def test_riders_falling_on_a_bad_road_is_a_road_complaint(classifier):
    d = classifier.classify(
        "dalan nang gang 2 Rungkut rusak, pemotor ambruk terus, tulung didandani"
    )
    assert (d.kind, d.opd) == ("complaint", "DSDABM")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("SMP negeri di Wiyung narik uang kegiatan 800 ribu, wajib katanya", "complaint"),
        ("SD negeri minta sumbangan pagar 1 juta per wali murid", "complaint"),
        ("SMA negeri minta sumbangan pagar 1 juta per wali murid", "external"),
    ],
)
def test_fees_at_a_city_school_are_the_citys_and_at_a_high_school_the_provinces(
    classifier, text, kind
):
    d = classifier.classify(text)
    assert d.kind == kind
    assert kind == "external" or d.opd == "DISPENDIK"


@pytest.mark.parametrize(
    "text",
    ["masih nunggu updatenya laporan saya min", "aduan saya kemarin, perkembangannya gimana?"],
)
def test_a_status_cue_with_a_possessive_ending_asks_for_the_status(text):
    assert read(text).is_check


def test_a_bare_number_asked_whether_it_was_handled_is_a_status_check():
    assert read("nomor 457 sdh dikerjakan blm ya").is_check
    assert not read("no 12 rumah saya sudah dicat belum rapi, tolong tetangga").is_check


@pytest.mark.parametrize(
    "text",
    [
        "dahan pohon besar patah menimpa pagar rumah, gak ada yg luka",
        "pohon tumbang menimpa mobil yang parkir, untung tidak ada korban",
        "tembok pagar roboh menimpa gerobak, tidak ada yang terluka",  # the model alone
        "ranting besar patah di Jl. Dharmawangsa, gak ada yg luka, skrg sudah dipinggirkan",
    ],
)
def test_a_fallen_tree_that_hurt_nobody_is_no_emergency(classifier, text):
    assert classifier.classify(text).kind != "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "pohon tumbang menimpa pengendara motor, orangnya terjepit, cepat",
        "pohon tumbang menimpa rumah, tidak ada korban, tapi ada orang terjebak di dalam",
        "bangunan ruko ambruk, tidak ada korban, tapi masih ada yang belum keluar",
    ],
)
def test_a_fallen_tree_on_a_person_is_still_one(classifier, text):
    assert classifier.classify(text).kind == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "pohon tumbang kena kabel listrik, kabelnya putus dan nyala api, tidak ada yang luka",
        "kabel di gardu dekat rumah berasap dan bau gosong sekarang",
    ],
)
def test_a_power_line_on_fire_is_an_emergency_not_plns(classifier, text):
    assert classifier.classify(text).kind == "emergency"
