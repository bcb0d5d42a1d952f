"""Rule classes found on the fifth independent set's dev part, each checked on other
sentences than the set's: Javanese krama, a fall that leaves someone down, English
emergencies, an animal seizing livestock, krama and English status questions, English
and casual PPID requests, landlords and airlines."""

from __future__ import annotations

import pytest

from ticketing.routing import emergency, outside, rules
from ticketing.routing.normalize import canonical
from ticketing.status import Request, read


def test_javanese_krama_is_read_as_indonesian():
    assert (
        canonical("griyanipun tanggi kula kobong, tiyang sepuh mboten saged medal")
        == "rumahnya tetangga saya terbakar, orang tua tidak bisa keluar"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Nyuwun tulung, bapak kula dhawah saking tangga, mboten saged tangi",
        "mbah saya jatuh di teras, kepalanya keluar darah",
        "grandpa fell in the kitchen and can't get up",
    ],
)
def test_a_fall_that_leaves_someone_down_is_a_medical_emergency(text):
    found, _ = emergency.match(text)
    assert found is not None and found.label == "medical" and found.certain


def test_someone_bedridden_for_years_is_no_emergency():
    text = "ibu saya sudah 2 tahun tidak bisa bangun dari kasur sejak stroke, mohon kursi roda"
    assert emergency.match(text)[0] is None


@pytest.mark.parametrize(
    ("text", "etype"),
    [
        (
            "a toddler locked herself inside the bathroom and the tap is running, please hurry",
            "trapped",
        ),
        ("a man is being stabbed outside the bar, it is happening right now", "violence"),
        (
            "two guys are beating up a street vendor near the bus stop, it's still going on",
            "violence",
        ),
    ],
)
def test_an_english_emergency_is_read(text, etype):
    found, _ = emergency.match(text)
    assert found is not None and found.label == etype and found.certain


def test_english_last_week_is_a_past_event():
    assert canonical("last week") == "last week"
    assert emergency.match("Last week someone was being beaten near the market")[0] is None


@pytest.mark.parametrize(
    "text",
    [
        "ada biawak besar di got depan rumah, tadi menerkam ayam tetangga",
        "ular sanca nyambar bebek warga di kandang belakang",
    ],
)
def test_a_wild_animal_seizing_livestock_is_an_animal_emergency(text):
    found, _ = emergency.match(text)
    assert found is not None and found.label == "animal"


def test_a_krama_status_question_announces_no_new_problem():
    text = "Sugeng enjing, badhe nyuwun pirsa perkawis laporan kula, sampun dipun proses dereng?"
    assert not Request(rest=text).new_problem


def test_an_english_status_question_with_how_long_it_waited_is_a_check():
    assert read("Any progress on MC-2026-000045? I submitted it 3 days ago.").is_check


def test_an_english_i_reported_question_without_a_number_is_a_status_check():
    text = "Hello, I reported a fallen branch last week on the app. Has it been forwarded yet?"
    assert rules.match_status(text) is not None
    assert read(text).is_check
    assert read("I reported a pothole last week and now there is a broken light too").new_problem


@pytest.mark.parametrize(
    "text",
    [
        "Request: records of building permits issued in 2025 for Kecamatan Rungkut",
        "info dong daftar tarif retribusi parkir yang resmi",
    ],
)
def test_an_english_or_casual_request_for_a_list_is_a_ppid_request(text):
    assert rules.match_info_request(text) is not None


def test_a_copy_of_ones_own_document_is_no_ppid_request():
    assert rules.match_info_request("could I get a copy of my KTP? it was lost") is None


@pytest.mark.parametrize(
    "text",
    [
        "Ibu kos tidak mau mengembalikan uang jaminan kos saya",
        "my landlord won't return the deposit for the room I rented",
        "maskapai membatalkan penerbangan saya tanpa refund",
    ],
)
def test_landlords_and_airlines_are_outside_the_remit(text):
    found = outside.external_body(text)
    assert found is not None and found.label == "LAINNYA"


def test_a_landlords_rubbish_is_a_city_matter():
    assert outside.external_body("pemilik kos buang sampah ke sungai setiap malam") is None
