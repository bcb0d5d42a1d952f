"""Rule classes found on the thirteenth independent set (dev part), each checked on
other sentences than the set's: a vehicle that struck a thing (a road divider, a gate, a
flower pot) with nobody named hurt is a repair, and an ambulance named only as a vehicle
kept out ("ambulans susah lewat") is no injury."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text",
    [
        "pembatas jalan di Jl. Kalirungkut ketabrak mobil, sekarang bengkok masuk ke tengah "
        "jalan, tolong diganti",
        "pot bunga gede di mulut gang Ngagel ditabrak motor sampai pecah, sekarang mobil "
        "ambulans sulit masuk gang",
    ],
)
def test_a_thing_struck_with_nobody_hurt_is_no_emergency(classifier, text):
    assert classifier.classify(text).kind != "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "tiang lampu ditabrak mobil, ada anak kecil kejepit di bawahnya sekarang",
        "pagar sekolah ditabrak truk, sekarang ada siswa luka",
    ],
)
def test_a_thing_struck_onto_a_person_stays_an_emergency(classifier, text):
    assert classifier.classify(text).kind == "emergency"
