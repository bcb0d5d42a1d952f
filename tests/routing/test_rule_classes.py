"""Rule classes found on the third independent set's dev part, each checked on other
sentences than the set's: people stuck high up, shooting at people, figures of speech
and habits that name an emergency, BPJS Ketenagakerjaan, a faskes move to a puskesmas,
investment scams, ferries, elections and the neighbouring regencies; and an outside body
that sent the citizen to the city ("kata polisi itu urusan pemkot")."""

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


@pytest.mark.parametrize(
    "text",
    [
        "ada koper mencurigakan ditinggal di lobi terminal joyoboyo, tidak ada yang punya",
        "ada ancaman bom di sekolah anak saya, murid disuruh keluar",
        "bungkusan misterius di bawah kursi taman bungkul, bunyi tik tik",
    ],
)
def test_a_suspected_bomb_goes_to_the_112_desk(classifier, text):
    d = classifier.classify(text)
    assert (d.kind, d.emergency_type) == ("emergency", "bomb")


@pytest.mark.parametrize(
    "text",
    [
        "kemarin ada tas mencurigakan di halte, sudah diamankan polisi",
        "nelayan pakai bom ikan di kali, ikannya mati semua",
        "ada orang mencurigakan mondar mandir di gang tiap malam",
    ],
)
def test_a_past_scare_fish_bombing_or_a_stranger_is_no_bomb_emergency(text):
    found = emergency.match(text)[0]
    assert found is None or found.label != "bomb"


def test_buried_in_suroboyoan_is_read_as_buried(classifier):
    d = classifier.classify("tukang sumur ketimbun tanah pas nggali, sik nang njero, tulung")
    assert d.kind == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "kami penghuni asrama TNI AD mau diusir, rumah sudah kami tempati 30 tahun",
        "ada oknum tentara minta uang keamanan ke pedagang",
    ],
)
def test_military_housing_and_members_are_outside_the_city(text):
    from ticketing.routing.outside import external_body

    assert external_body(text) is not None


def test_a_road_near_a_military_office_is_still_the_citys():
    from ticketing.routing.outside import external_body

    assert external_body("jalan depan asrama tni di gubeng berlubang besar") is None


def test_property_tax_after_a_land_office_matter_is_the_citys():
    from ticketing.routing.outside import external_body

    text = "sertifikat rumah saya sudah balik nama di BPN, tapi SPPT PBB masih atas nama lama"
    assert external_body(text) is None
    assert external_body("sertifikat tanah saya hilang, bagaimana urus di BPN") is not None


@pytest.mark.parametrize(
    ("text", "opd"),
    [
        ("trotoar jalan pemuda pecah dan ambles, lansia sering tersandung", "DSDABM"),
        ("pkl jualan di atas trotoar sampai pejalan kaki turun ke jalan raya", "SATPOLPP"),
    ],
)
def test_a_broken_sidewalk_is_public_works_and_vendors_on_it_are_satpol_pp(classifier, text, opd):
    assert classifier.classify(text).opd == opd


@pytest.mark.parametrize(
    "text",
    [
        "sudah lapor ke polsek, kata polisi itu urusan pemkot. gorong-gorong ambrol depan rumah",
        "polres nyuruh lapor ke kecamatan soal warung remang-remang buka sampai subuh",
        "kata polisi minta ke pemkot aja soal balap liar tiap malam minggu di jalan kenjeran",
        "katanya BPN itu wewenang kelurahan soal surat keterangan tanah waris",
    ],
)
def test_an_outside_body_that_sent_the_citizen_to_the_city_is_not_the_answer(classifier, text):
    assert classifier.classify(text).kind != "external"


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("kata PLN besok ada pemadaman di kecamatan rungkut, kok lama sekali", "PLN"),
        ("lapor polsek tenggilis, motor saya hilang di parkiran pasar", "POLRI"),
        ("kata polisi saya harus ke samsat untuk bayar pajak motor", "PROVINSI"),
    ],
)
def test_a_body_named_without_sending_the_citizen_back_stays_outside(classifier, text, body):
    d = classifier.classify(text)
    assert (d.kind, d.external_body) == ("external", body)
