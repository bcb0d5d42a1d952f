"""Rule classes found on the fourteenth independent set (dev part), each checked on
other sentences than the set's."""

from __future__ import annotations

import pytest


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
