"""Rule classes found on the eleventh independent set (dev part), each checked on other
sentences than the set's: a street child, beggar or busker is the social service's
(DINSOS) wherever they stand, a traffic light they stand at ("anjal ngamen di lampu
merah") is only the place; the traffic light's own fault stays the transport office's.
A busker ("pengamen") is left to the model: the corpus has DINSOS and, when pushy,
SATPOLPP. The same for a market, a park or a bus stop they stand or sleep at ("orang gila
di pasar Pabean" went to DINKOPDAG); the market's or park's own state stays its unit's."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text",
    [
        "tiap sore ada anjal minta2 duit di lampu merah Jl. Ahmad Yani, kasian masih kecil",
        "banyak pengemis bawa bayi di traffic light perempatan Jl. Diponegoro",
        "gepeng tidur di bawah lampu merah Jl. Kertajaya, tolong dibina",
        "ada pengemis lansia duduk di bangjo Jl. Kenjeran tiap hari, kasian",
    ],
)
def test_people_in_the_street_are_the_social_service_s_at_a_traffic_light(classifier, text):
    decision = classifier.classify(text)
    assert decision.kind == "complaint" and decision.opd == "DINSOS" and not decision.triage


def test_a_broken_traffic_light_stays_the_transport_office_s_with_a_busker_nearby(classifier):
    decision = classifier.classify("lampu merah Jl. Pahlawan mati dari pagi, pengamen ikut ngatur")
    assert decision.opd == "DISHUB" or decision.suggestions[0][0] == "DISHUB"


@pytest.mark.parametrize(
    "text",
    [
        "ada orang gila mondar mandir gak pakai baju di pasar Genteng, kasian",
        "ODGJ tiap malam tidur di halte Jl. Raya Darmo, kasian",
        "gelandangan bikin tenda di taman Jl. Ahmad Yani",
    ],
)
def test_people_in_the_street_at_a_market_park_or_stop_are_the_social_service_s(classifier, text):
    decision = classifier.classify(text)
    assert decision.kind == "complaint"
    assert (decision.opd or decision.suggestions[0][0]) == "DINSOS"


@pytest.mark.parametrize(
    "text, unit",
    [
        ("pasar Genteng becek dan kotor, pengelola pasar diem aja", "DINKOPDAG"),
        ("taman di Jl. Ahmad Yani rumputnya gak pernah dipotong", "DLH"),
    ],
)
def test_the_market_or_park_itself_stays_its_unit_s(classifier, text, unit):
    assert classifier.classify(text).opd == unit
