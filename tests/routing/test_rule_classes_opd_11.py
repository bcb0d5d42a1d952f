"""Rule classes found on the eleventh independent set (dev part), each checked on other
sentences than the set's: a street child, beggar or busker is the social service's
(DINSOS) wherever they stand, a traffic light they stand at ("anjal ngamen di lampu
merah") is only the place; the traffic light's own fault stays the transport office's.
A busker ("pengamen") is left to the model: the corpus has DINSOS and, when pushy,
SATPOLPP."""

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
