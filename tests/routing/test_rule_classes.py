"""Rule classes found on the third independent set's dev part, each checked on other
sentences than the set's: people stuck high up, shooting at people, figures of speech
and habits that name an emergency, BPJS Ketenagakerjaan, a faskes move to a puskesmas,
investment scams, ferries, elections and the neighbouring regencies."""

from __future__ import annotations

import pytest

from ticketing.routing import emergency


@pytest.mark.parametrize(
    ("text", "etype"),
    [
        ("ada pemuda naik ke atas menara BTS sudah dua jam, tidak mau turun", "trapped"),
        ("tukang cat tersangkut di lantai 9 gedung, talinya putus, tidak bisa turun", "trapped"),
        ("orang mabuk menembaki warga pakai pistol di depan warung, satu kena kepala", "violence"),
    ],
)
def test_people_stuck_high_up_or_shot_at_are_emergencies(classifier, text, etype):
    d = classifier.classify(text)
    assert (d.kind, d.emergency_type) == ("emergency", etype)


@pytest.mark.parametrize(
    "text",
    [
        "setiap melintas di underpass ini serasa mau bunuh diri, genangannya dalam dan gelap",
        "tiap kali lewat jembatan itu rasanya mau mati, pagarnya sudah hilang",
    ],
)
def test_a_figure_of_speech_or_a_habit_is_no_emergency(text):
    assert emergency.match(text)[0] is None


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("klaim JHT saya di BPJS TK ditolak terus, katanya datanya beda", "BPJS_TK"),
        ("mau ganti faskes BPJS ke puskesmas kelurahan, caranya bagaimana", "BPJS"),
        ("arisan online yang diikuti ibu saya ternyata bodong, uangnya hilang", "POLRI"),
        ("jadwal kapal feri ke madura sering terlambat tanpa pemberitahuan", "LAINNYA"),
        ("pemkab sidoarjo tidak mau memperbaiki saluran di desa kami", "LAINNYA"),
    ],
)
def test_more_outside_bodies_are_named(classifier, text, body):
    d = classifier.classify(text)
    assert (d.kind, d.external_body) == ("external", body)


def test_a_puskesmas_serving_bpjs_patients_badly_stays_a_city_complaint(classifier):
    d = classifier.classify("pelayanan puskesmas jelek sekali untuk pasien BPJS, antre 5 jam")
    assert d.kind == "complaint"
