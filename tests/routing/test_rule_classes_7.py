"""Rule classes found on the seventh independent set, each checked on other sentences
than the set's: Javanese words for a person's state and acts in an emergency ("getihen",
"gak obah", "arep mlumpat", "asep"); a fire the citizen sees but names as a guess
("kayak e kobongan"); a report made to the police or PLN is no status check of the
citizen's own report; a police report that went nowhere, in a message about a city
matter, is not its subject; an online lender's threats in chat verbs ("neror", "nagih",
"nyebar"); a document or map asked for with "bisa diminta / dijaluk / diakses", or asked
whether it exists for the public to see."""

from __future__ import annotations

import pytest

from ticketing.routing import emergency, outside, rules
from ticketing.status import read


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("pengendara montor tibo nang Jl Kertajaya, getihen gak obah", "accident"),
        ("ono arek wedok arep mlumpat teko atap parkiran mall", "suicide"),
        ("cah enom mencolot teko jembatan Wonokromo, tulung", "suicide"),
    ],
)
def test_javanese_words_for_a_persons_state_and_acts_make_an_emergency(text, label):
    found, _ = emergency.match(text)
    assert found is not None and found.label == label and found.certain


@pytest.mark.parametrize(
    "text",
    [
        "bau gosong pol teko ruko sebelah, kayak e kobongan",
        "asep akeh teko pabrik ujung gang, sepertinya ada kebakaran",
    ],
)
def test_a_fire_seen_now_and_named_as_a_guess_is_certain(text):
    found, _ = emergency.match(text)
    assert found is not None and found.label == "fire" and found.certain


@pytest.mark.parametrize(
    "text",
    [
        "asapnya kayak kebakaran padahal cuma tetangga bakar sampah",
        "kemarin kayaknya ada kebakaran di gudang ujung, sudah padam",
    ],
)
def test_rubbish_smoke_or_a_past_fire_named_as_a_guess_is_not_certain(text):
    found, _ = emergency.match(text)
    assert found is None or not found.certain


@pytest.mark.parametrize(
    "text",
    [
        "hp istri saya dicopet di pasar, sudah lapor polres tapi belum ada kabar",
        "listrik rumah padam dua hari, wis lapor PLN durung onok sing teko",
        "helm saya digondol orang di parkiran, udah lapor polsek blm ada tindakan",
    ],
)
def test_a_report_made_to_the_police_or_pln_is_no_status_check(text):
    assert not read(text).is_check


@pytest.mark.parametrize(
    "text",
    [
        "warung di gang kami jual miras tiap malam, lapor polsek tidak ditanggapi",
        "sound system hajatan berisik sampai jam 2, telpon polisi gak digubris",
    ],
)
def test_a_police_report_that_went_nowhere_is_not_the_subject_of_a_city_matter(text):
    assert outside.external_body(text) is None


def test_a_police_report_that_went_nowhere_about_a_crime_stays_the_polices():
    found = outside.external_body("saya lapor polisi soal penipuan online tidak ditanggapi")
    assert found is not None and found.label == "POLRI"


@pytest.mark.parametrize(
    "text",
    [
        "pinjol nagih terus ke semua kontak hp saya",
        "pinjol ilegal ngancam mau nyebar foto saya",
    ],
)
def test_an_online_lenders_threats_in_chat_verbs_are_outside(text):
    found = outside.external_body(text)
    assert found is not None and found.label == "OJK"


@pytest.mark.parametrize(
    "text",
    [
        "peta saluran kota yang terbaru bisa diminta?",
        "risalah rapat paripurna perda parkir iso dijaluk ta",
        "apakah ada salinan kajian banjir Surabaya barat yang boleh warga lihat?",
    ],
)
def test_a_document_asked_for_or_asked_after_is_an_information_request(text):
    assert rules.match_info_request(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "ada data saya yang salah di KK, bisa dilihat di mana?",
        "data KTP ku bisa diakses orang lain ta, takut bocor",
    ],
)
def test_ones_own_data_is_no_information_request(text):
    assert rules.match_info_request(text) is None
