"""Rule classes found on the ninth independent set (dev part), each checked on other
sentences than the set's: Javanese krama of someone still inside ("tiyangipun taksih
wonten ing lebet"); wasps or bees stinging people; a fire spreading toward houses
("apinya mulai mendekati rumah warga"); family away ("anak-anak di luar kota") is no news
of elsewhere; thanks for work already done is no complaint; asking whether a report
arrived ("apakah sudah diterima?") is a status question; a market, village or district
of a neighbouring regency is outside the remit, and the model does not contest it."""

from __future__ import annotations

import pytest

from ticketing import status, status_words
from ticketing.routing import emergency, outside, rules


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Griya tanggi kula ambruk, lare-lare taksih wonten ing lebet, nyuwun pitulungan",
         "collapse"),
        ("Nyuwun tulung, gudang ngajeng griya kula kebakaran, tiyangipun taksih wonten ing lebet",
         "fire"),
    ],
)  # fmt: skip
def test_krama_of_someone_still_inside_makes_an_emergency_certain(text, label):
    found, _ = emergency.match(text)
    assert found is not None and found.label == label and found.certain


@pytest.mark.parametrize(
    "text",
    [
        "tawon ndas di pohon mangga depan rumah barusan nyengat 3 orang, satu sesak napas",
        "anak saya disengat tawon banyak sekali, badannya bengkak dan sesak napas",
    ],
)
def test_wasps_stinging_people_are_an_emergency(text):
    found, _ = emergency.match(text)
    assert found is not None and found.label == "animal" and found.certain


def test_a_wasp_nest_to_remove_is_no_emergency():
    assert emergency.match("ada sarang tawon di atap rumah, mohon dievakuasi sarangnya")[0] is None


@pytest.mark.parametrize(
    "text",
    [
        "Dengan hormat, kami laporkan kebakaran ilalang di lahan kosong yang apinya mulai "
        "merembet ke pagar rumah warga.",
        "kebakaran tumpukan kayu di belakang gudang, apinya terus menjalar ke kandang.",
    ],
)
def test_a_fire_spreading_toward_houses_is_happening_now(text):
    found, _ = emergency.match(text)
    assert found is not None and found.label == "fire" and found.certain


@pytest.mark.parametrize(
    "text",
    [
        "Ibu saya jatuh di dapur tidak bisa bangun, saya sendirian, kakak di luar kota",
        "suami saya pingsan di kamar, keluarga kami semua lagi di luar kota, tolong",
    ],
)
def test_family_away_out_of_town_is_not_news_of_somewhere_else(text):
    found, _ = emergency.match(text)
    assert found is not None and found.label == "medical" and found.certain


def test_an_emergency_in_another_town_stays_guarded():
    assert emergency.match("ada kebakaran di luar kota, semoga korban selamat")[0] is None


@pytest.mark.parametrize(
    "text",
    [
        "Many thanks, the clogged drain on our street was cleaned yesterday",
        "Thank you so much, the crew repaired the broken pavement in front of our shop "
        "within a day. Impressed!",
        "alhamdulillah pipa PDAM yang bocor sudah diperbaiki, terima kasih",
    ],
)
def test_thanks_for_work_done_is_no_complaint(classifier, text):
    decision = classifier.classify(text)
    assert decision.kind == "not_complaint" and not decision.triage


@pytest.mark.parametrize(
    "text",
    [
        "terima kasih sudah diperbaiki, tapi lubang di sebelahnya belum",
        "Thanks, the pothole was fixed but the drain next to it is still blocked",
        "makasih lampunya sudah nyala, tolong yang di gang 3 juga",
        "terima kasih sudah diangkut, kok sampahnya numpuk lagi?",
    ],
)
def test_thanks_with_one_more_ask_is_not_read_as_thanks_only(text):
    assert rules.match_thanks(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Selamat pagi, minggu lalu saya kirim laporan soal pohon lewat WA. Apakah sudah diterima?",
        "pengaduan saya yang kemarin apa sudah masuk ke petugas ya?",
    ],
)
def test_asking_whether_a_report_arrived_is_no_new_problem(text):
    assert status_words.follows_up(text, False)
    assert not status.Request(rest=text).new_problem


def test_asking_whether_a_letter_arrived_elsewhere_is_no_status_question():
    assert not status_words.follows_up("apakah sudah diterima lamaran kerja di pabrik?", False)


@pytest.mark.parametrize(
    "text",
    [
        "los pasar Krian Sidoarjo bocor semua, pedagang kebasahan",
        "jalan desa Wringinanom Gresik rusak parah",
        "sampah numpuk di kecamatan Waru Sidoarjo",
    ],
)
def test_a_market_village_or_district_of_a_neighbouring_regency_is_outside(text):
    found = outside.external_body(text)
    assert found is not None and found.label == "LAINNYA"


def test_a_surabaya_market_is_not_outside():
    assert outside.external_body("pasar Pabean sampahnya numpuk, baunya sampai jalan") is None


def test_the_model_does_not_contest_a_place_in_a_neighbouring_regency(classifier):
    decision = classifier.classify("sampah numpuk di pasar Krian Sidoarjo, baunya parah")
    assert decision.kind == "external" and not decision.triage
