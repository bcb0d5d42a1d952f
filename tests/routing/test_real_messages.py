"""Routing on messages that look like citizens' (issue 14): normalisation before rules,
emergency guards and cues, landmarks, rules contested by the model, calibration."""

from __future__ import annotations

from pathlib import Path

import pytest

from ticketing.routing import (
    Classifier,
    Example,
    emergency,
    evaluate,
    load_corpus,
    read_jsonl,
    train,
)
from ticketing.routing.normalize import canonical, stems
from ticketing.routing.outside import external_body
from ticketing.routing.rules import match_info_request, match_status

DEV_SET = Path(__file__).resolve().parents[2] / "bench" / "data" / "routing_dev.jsonl"


# ------------------------------------------------------------------ normalisation
def test_chat_abbreviations_are_read_before_the_rules():
    assert canonical("sy kmrn gk bs lwt, tlg dibantu ya min") == (
        "saya kemarin tidak bisa lewat, tolong dibantu ya admin"
    )
    assert canonical("wingi omahku kebanjiran rek") == "kemarin rumah saya kebanjiran rek"


def test_acronyms_in_capitals_are_kept_and_slang_is_not_an_agency():
    assert canonical("sy pgn lapor") == "saya pengin lapor"
    assert "pgn" in canonical("Tagihan gas PGN naik")
    # the lexicon would read these as "sama", "enggak", "kakak"
    assert canonical("depan sma 5, masuk gg 3, urus kk") == "depan sma 5, masuk gg 3, urus kk"


def test_emoji_become_words_and_words_are_stemmed():
    assert "api" in canonical("rumah tetangga 🔥")
    assert stems("kebakaran dan pembakaran") == "bakar dan bakar"
    assert stems("jalan diperbaiki") == "jalan baik"


# ---------------------------------------------------------------------- emergency
@pytest.mark.parametrize(
    "text",
    [
        "kmrn ada kebakaran di gang 3, skrg warga butuh bantuan pakaian",
        "Minggu lalu pohon tumbang menimpa pagar, sudah dipinggirkan tapi belum diangkut",
        "Tembok sekolah meh ambruk, mohon dicek sebelum ada korban",
        "Lihat berita kebakaran besar di Jakarta, semoga Surabaya aman",
        "Ambulans datang telat 1 jam waktu bapak saya pingsan minggu lalu",
        "Mohon pelatihan CPR untuk kader, biar siap kalau ada warga pingsan",
        "Tetangga bakar sampah tiap sore, asap hitamnya masuk rumah",
    ],
)
def test_past_near_miss_news_and_service_complaints_are_not_emergencies(classifier, text):
    match, _ = emergency.match(text)
    assert match is None
    assert classifier.classify(text).kind != "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "Barusan gladi evakuasi kebakaran di mall, alarm bunyi semua tapi aman",
        "Drill tanggap darurat banjir di kantor kecamatan sudah selesai, lancar",
        "Uji coba hidran kebakaran di depan pasar, air muncrat ke jalan",
    ],
)
def test_a_drill_or_exercise_is_not_an_emergency(classifier, text):
    assert emergency.match(text)[0] is None
    assert classifier.classify(text).kind != "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "Ini bukan latihan, ada kebakaran di gudang sebelah, apinya besar sekarang",
        "Tolong anak saya tenggelam waktu latihan renang di kolam, sekarang tidak sadar",
    ],
)
def test_not_a_drill_is_still_an_emergency(classifier, text):
    assert classifier.classify(text).kind == "emergency"


def test_asap_in_english_is_not_smoke(classifier):
    d = classifier.classify("Please fix the street light on Jl. Kutisari asap, it is dark")
    assert (d.kind, d.opd) == ("complaint", "DISHUB")


@pytest.mark.parametrize(
    ("text", "etype"),
    [
        ("Anak saya umur 5 tahun hilang di pasar sejak jam 3, belum ketemu", "missing_person"),
        ("my father collapsed and is not breathing, please send an ambulance", "medical"),
        ("our daughter went missing at the park an hour ago", "missing_person"),
        ("Rumah tetangga kebakaran!! apinya sudah ke atap", "fire"),
    ],
)
def test_missing_people_and_english_medical_wording_are_certain_emergencies(
    classifier, text, etype
):
    match, _ = emergency.match(text)
    assert match is not None and match.certain and match.label == etype
    d = classifier.classify(text)
    assert (d.kind, d.emergency_type, d.triage) == ("emergency", etype, False)
    assert d.opd == emergency.EMERGENCY_OPD[etype]


@pytest.mark.parametrize(
    "text",
    [
        "Rek, dua kelompok pemuda lagi baku hantam di lapangan Jl. Kalirungkut, ada yg berdarah",
        "Sedang ada keributan di depan warung Jl. Demak, seorang bapak dipukuli ramai2. Segera!",
        "ada perkelahian di parkiran Pasar Wonokromo sekarang, satu orang sudah jatuh",
        "Orang mabuk ngacungin celurit ke warga di depan balai RW Jl. Kapas Madya sekarang!!",
        "barusan ada 2 orang ngancem pakai pisau minta duit ke pedagang Pasar Keputran, tolong",
    ],
)
def test_a_fight_happening_now_is_an_emergency_for_satpol_pp(classifier, text):
    match, _ = emergency.match(text)
    assert match is not None and match.certain and match.label == "violence"
    d = classifier.classify(text)
    assert (d.kind, d.opd, d.triage) == ("emergency", "SATPOLPP", False)


@pytest.mark.parametrize(
    "text",
    [
        "ada maling motor barusan di gang 3 Rungkut, warga lagi ngejar",
        "tolong ada jambret barusan, tas ibu saya diambil di Jl Darmo",
        "ada orang mencuri motor sekarang di parkiran pasar",
    ],
)
def test_a_theft_happening_now_goes_to_the_unit_the_police_work_with(classifier, text):
    d = classifier.classify(text)
    assert (d.kind, d.opd, d.emergency_type) == ("emergency", "SATPOLPP", "crime"), d.reason


@pytest.mark.parametrize(
    "text",
    [
        "My electricity has been cut since this morning",
        "listrik di rumah putus sejak pagi, token masih ada",
        "gak ada listrik dari jam 5 pagi se-RT",
    ],
)
def test_a_power_cut_names_pln(classifier, text):
    d = classifier.classify(text)
    assert (d.kind, d.external_body) == ("external", "PLN"), d.reason


def test_a_theft_that_happened_stays_with_the_police(classifier):
    d = classifier.classify("motor saya dicuri kemarin sore di parkiran, gimana ngurusnya")
    assert (d.kind, d.external_body) == ("external", "POLRI"), d.reason


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("anakku keselek kacang, raine wes mulai biru, tulung", "medical"),
        ("mbah lanang ndlosor nang teras, lambene mencong, gak iso ngomong", "medical"),
        ("Bapak2 tergeletak di trotoar depan Pasar Genteng, dipanggil diam saja, tidak gerak",
         "medical"),
        ("sikile arek cilik kejepit eskalator mall, gak iso lepas", "trapped"),
        ("Cabang pohon asam di lapangan Kel. Sidotopo sudah retak, anak2 lagi main bola di "
         "bawahnya", "fallen_tree"),
        ("Plafon aula kelurahan melengkung & krek-krek, di bawahnya banyak warga antre bansos",
         "collapse"),
    ],
)  # fmt: skip
def test_emergencies_in_suroboyoan_or_without_the_usual_keyword_are_certain(text, label):
    match, _ = emergency.match(text)
    assert match is not None and match.label == label and match.certain, match


@pytest.mark.parametrize(
    "text",
    [
        "airnya udah sepinggang pak, mertua saya stroke gak bisa jalan, tolong dievakuasi",
        "banjirnya udah sedada, kami di atas lemari sama anak2",
        "kalinya meluap, airnya masuk rumah terus naik",
    ],
)
def test_flood_water_with_a_possessive_ending_is_a_flood(classifier, text):
    match, _ = emergency.match(text)
    assert match is not None and match.label == "flood", match
    assert classifier.classify(text).kind == "emergency"


def test_flood_water_gone_with_a_possessive_ending_is_no_emergency(classifier):
    text = "airnya sudah surut, tapi lumpurnya masih numpuk di jalan depan rumah"
    assert classifier.classify(text).kind != "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "anak2 main kembang api di dekat rumah sampai jam 12 malam, berisik",
        "matahari tenggelam di pantai kenjeran bagus tapi sampahnya banyak",
        "warga bikin api unggun di taman kota tiap malam",
        "jadwal kereta api ke Jakarta dari stasiun Gubeng sering molor",
        "suara kereta api lewat tengah malam keras sekali, rumah bergetar",
    ],
)
def test_fireworks_a_campfire_a_sunset_or_a_train_are_no_emergency_keyword(text):
    match, _ = emergency.match(text)
    assert match is None


@pytest.mark.parametrize(
    "text",
    [
        "kembang api nyasar ke atap rumah, atapnya terbakar sekarang",
        "ada anak tenggelam di pantai kenjeran waktu matahari tenggelam tadi, belum ketemu",
        "rumah dekat rel kereta api kebakaran sekarang, apinya besar, tolong",
    ],
)
def test_a_real_fire_or_drowning_beside_those_words_is_still_an_emergency(classifier, text):
    assert classifier.classify(text).kind == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "pak tolong ada orang bunuh diri mau loncat dari atas gedung",
        "teman saya bilang mau bunuh diri, sekarang dia sendirian di kamar kos",
        "ada yg gantung diri di kos sebelah, masih ada yg nolong",
        "someone is about to jump off the flyover on jalan pasar kembang",
    ],
)
def test_a_suicide_attempt_under_way_is_a_certain_emergency_for_rescue(classifier, text):
    match, _ = emergency.match(text)
    assert match is not None and match.label == "suicide" and match.certain, match
    decision = classifier.classify(text)
    assert (decision.kind, decision.opd, decision.emergency_type) == (
        "emergency",
        "DPKP",
        "suicide",
    )


@pytest.mark.parametrize(
    "text",
    [
        "mohon pemkot bikin layanan konseling untuk pencegahan bunuh diri remaja",
        "minta data kasus bunuh diri di surabaya tahun 2025",
        "kemarin ada yang bunuh diri di jembatan, mohon pagarnya ditinggikan",
    ],
)
def test_suicide_prevention_statistics_or_a_past_case_is_no_emergency(classifier, text):
    assert classifier.classify(text).kind != "emergency"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("bos ada yg kesurupan ngamuk bawa golok di masjid", "violence"),
        ("ada orang ngamok bawa celurit di pasar, warga lari2", "violence"),
        ("preman bawa golok ngejar2 tukang parkir sekarang", "violence"),
        ("rmh sy kemasukan ular piton 3 meter", "animal"),
    ],
)
def test_informal_rampage_and_a_house_a_snake_got_into_are_emergencies(classifier, text, label):
    match, _ = emergency.match(text)
    assert match is not None and match.label == label, match
    assert classifier.classify(text).kind == "emergency"


def test_a_past_rampage_or_a_house_rats_get_into_is_a_complaint(classifier):
    for text in (
        "kemarin ada orang ngamuk bawa golok di pasar, sudah diamankan polisi, mohon patroli",
        "rumah saya sering kemasukan tikus dari got, mohon got dibersihkan",
    ):
        assert classifier.classify(text).kind == "complaint", text


@pytest.mark.parametrize(
    "text",
    [
        "Pohon trembesi depan rumah saya miring, takut roboh kalau hujan, mohon dipangkas",
        "Minta tolong ke pos damkar terdekat untuk lepas cincin, jari bengkak gak bisa lepas",
    ],
)
def test_a_leaning_tree_with_nobody_under_it_or_a_fire_station_is_no_emergency(text):
    match, _ = emergency.match(text)
    assert match is None or not match.certain


def test_a_surabaya_street_named_after_another_city_is_not_news_from_elsewhere(classifier):
    text = "Kebakaran di ruko Jl. Semarang sekarang, apinya membesar, tolong kirim damkar"
    match, _ = emergency.match(text)
    assert match is not None and match.label == "fire" and match.certain
    assert classifier.classify(text).kind == "emergency"
    # the city itself still is news from elsewhere
    assert emergency.match("Lihat berita kebakaran besar di Semarang sekarang")[0] is None


@pytest.mark.parametrize(
    "text",
    [
        "Kemarin malam ada perkelahian di depan kafe Jl. Kayoon, mohon patroli lebih sering",
        "Warung kopi di gang 5 tiap malam keributan sampai jam 2, mohon ditertibkan",
    ],
)
def test_a_past_fight_or_a_noisy_place_is_a_complaint(classifier, text):
    assert classifier.classify(text).kind == "complaint"


def test_a_bare_keyword_without_a_cue_is_not_certain():
    match, _ = emergency.match("ada pohon roboh menutup jalan di Jl. Kenjeran")
    assert match is not None and not match.certain
    assert "no present-tense cue" in match.reason


# ---------------------------------------------------------- landmarks and politeness
@pytest.mark.parametrize(
    "text",
    [
        "lampu jalan mati dari depan SMA 5 sampai perempatan, gelap sekali",
        "Got depan kantor PLN Ngagel mampet, air meluber ke jalan",
        "Jalan berlubang besar dekat Polres Pelabuhan Tanjung Perak",
        "Sampah menumpuk di samping KUA Tegalsari, bau sekali",
        "PJU mati, jalannya rawan dijambret kalau malam",
        "sy pgn jalan kampung dipaving, matur nuwun",
    ],
)
def test_landmarks_and_slang_do_not_make_a_complaint_external(classifier, text):
    assert external_body(text) is None
    assert classifier.classify(text).kind == "complaint"


@pytest.mark.parametrize(
    ("text", "opd"),
    [
        ("dalane bolong gede ngarep SDN Ketabang, wis sewulan ora didandani", "DSDABM"),
        ("Sampah numpuk di samping Puskesmas Mulyorejo, bau banget", "DLH"),
        ("Guru SDN Ketabang minta sumbangan seragam", "DISPENDIK"),
    ],
)
def test_a_school_or_clinic_the_problem_is_next_to_is_not_its_subject(classifier, text, opd):
    assert classifier.classify(text).opd == opd


def test_suroboyoan_ngarep_is_in_front_of():
    assert canonical("got ngarep omah bolong") == "got depan rumah berlubang"


@pytest.mark.parametrize(
    "text",
    [
        "Anak saya diganggu preman sekolah, sudah lapor polsek tapi butuh pendampingan psikolog",
        "Lampu jalan di gang 3 Kalijudan mati, sudah telpon PLN katanya bukan urusan PLN",
    ],
)
def test_an_outside_body_already_tried_is_not_the_subject(text):
    assert external_body(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "gugatan perdata saya di PN surabaya gk ada kabar",
        "mau banding putusan PN surabaya gimana",
        "saya digugat di pengadilan negeri, butuh bantuan hukum",
        "pajak penghasilan saya di KPP kok dobel",
        "lapor SPT tahunan online error terus",
    ],
)
def test_courts_and_central_taxes_are_the_central_governments(classifier, text):
    assert external_body(text).label == "PUSAT"
    decision = classifier.classify(text)
    assert (decision.kind, decision.external_body) == ("external", "PUSAT")


@pytest.mark.parametrize(
    "text",
    [
        "parkir liar di depan kantor pajak bikin macet",
        "PKL di depan kpp pratama nutup trotoar",
        "pajak PBB saya kok naik tinggi banget",
    ],
)
def test_a_tax_office_as_a_place_or_a_city_tax_is_the_citys(classifier, text):
    assert external_body(text) is None
    assert classifier.classify(text).kind == "complaint"


@pytest.mark.parametrize(
    "text",
    [
        "kwh meter rumah bunyi terus pulsanya habis",
        "KWH meter saya error tulisannya periksa",
        "pulsa listrik baru beli kok cepet habis",
        "mau ganti listrik prabayar ke pascabayar",
    ],
)
def test_a_household_kwh_meter_or_prepaid_power_is_plns(text):
    assert external_body(text).label == "PLN"


def test_a_street_lights_kwh_meter_stays_the_citys():
    assert external_body("lampu PJU depan rumah mati, kwh meter PJU nya dicuri orang") is None


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("pajak STNK motor saya telat, dendanya berapa", "PROVINSI"),
        ("mau bayar pajak stnk mobil yg mati 2 tahun", "PROVINSI"),
        ("STNK saya hilang, gimana ngurusnya", "POLRI"),
    ],
)
def test_vehicle_tax_is_samsats_and_a_lost_stnk_the_polices(text, body):
    assert external_body(text).label == body


@pytest.mark.parametrize(
    "text",
    ["mau pindah kelas BPJS dari kelas 1 ke kelas 3 gimana caranya", "cara turun kelas bpjs gmn"],
)
def test_a_bpjs_class_change_in_either_word_order_is_bpjs(text):
    assert external_body(text).label == "BPJS"


def test_outside_bodies_as_subjects_are_still_external():
    assert external_body("Sudah lapor polisi tapi motor saya yang dicuri belum ketemu").label == (
        "POLRI"
    )
    assert external_body("SMA negeri minta sumbangan gedung 3 juta").label == "PROVINSI"
    assert external_body("Tagihan gas PGN bulan ini naik").label == "LAINNYA"
    assert external_body("Biaya nikah di KUA lebih mahal dari aturan").label == "PUSAT"


@pytest.mark.parametrize(
    "text",
    [
        "omahku kemasukan maling wingi bengi, tipi karo laptop ilang",
        "dompet sy kecopetan pas naik angkot lyn O tadi siang",
        "adik saya dibegal di jl. ahmad yani jam 11 malam, hp nya dirampas",
        "helm ku digondol wong pas parkir neng pasar atom",
        "curanmor di kos an daerah mulyosari, 2 motor ilang minggu iki",
    ],
)
def test_a_crime_that_happened_is_the_polices(text):
    assert external_body(text).label == "POLRI"


@pytest.mark.parametrize(
    "text",
    [
        "PJU di gang 4 mati sebulan, kemarin ada warga dibegal di situ",
        "lampu jalan depan SD mati terus, sudah 2 motor kemalingan, tolong dinyalakan",
        "jukir liar di taman bungkul minta 10rb, helm saya sampai dicuri",
    ],
)
def test_a_crime_beside_a_city_problem_leaves_it_the_citys(text):
    assert external_body(text) is None


def test_polite_complaint_with_greeting_and_thanks_is_a_complaint(classifier):
    d = classifier.classify(
        "Assalamualaikum min, mohon maaf mengganggu. Sampah di TPS Keputran sudah 5 hari "
        "tidak diangkut, baunya sampai rumah. Mohon dibantu nggih, matur nuwun 🙏"
    )
    assert (d.kind, d.opd) == ("complaint", "DLH")


def test_rule_confidence_depends_on_the_keyword():
    strong = match_info_request("Saya mengajukan permohonan informasi publik")
    weak = match_info_request("minta data jumlah penduduk untuk skripsi")
    assert strong.confidence > weak.confidence


def test_old_ticket_number_followed_by_a_new_problem_is_not_a_status_check(classifier):
    assert match_status("cek MC-2026-000123 ya min") is not None
    text = "MC-2026-000123 sudah beres, sekarang mau lapor baru: lampu PJU gang 5 mati"
    assert match_status(text) is None
    assert classifier.classify(text).kind == "complaint"


# ----------------------------------------------------- rules contested by the model
def test_a_rule_the_model_strongly_contradicts_goes_to_triage_with_both_reasons():
    rows = [(f"sertifikat tanah warga nomor {i} dipakai untuk rapat rw", "complaint", "KELURAHAN")
            for i in range(12)]  # fmt: skip
    rows += [(f"lampu jalan mati nomor {i}", "complaint", "DISHUB") for i in range(12)]
    rows += [(f"terima kasih admin {i}", "not_complaint", None) for i in range(12)]
    model = train([Example(t, k, o) for t, k, o in rows])
    d = Classifier(model).classify("sertifikat tanah warga dipakai untuk rapat rw")
    assert d.kind == "external" and d.triage
    assert "rule: outside city jurisdiction" in d.reason and "model says complaint" in d.reason


def test_an_unsure_not_complaint_goes_to_an_agent(model):
    d = Classifier(model, threshold=0.999).classify("ok")
    assert d.kind == "not_complaint" and d.triage


# ---------------------------------------------------------------- evaluation
def test_evaluation_reports_calibration_triage_and_complaint_opd(classifier):
    examples = read_jsonl(Path(__file__).with_name("holdout.jsonl"))[:80]
    report = evaluate(classifier, examples)
    assert sum(b.n for b in report.buckets) == report.n == 80
    assert 0.0 <= report.ece <= 1.0 and 0.0 <= report.triage_rate <= 1.0
    text = report.format()
    for label in ("complaint OPD acc.", "triage rate", "right when auto", "calibration ECE"):
        assert label in text
    assert set(report.as_dict()) >= {"kind_accuracy", "ece", "triage_rate", "auto_accuracy"}


def test_the_development_set_is_independent_of_the_training_data():
    corpus = {ex.text.strip().lower() for ex in load_corpus()}
    dev = read_jsonl(DEV_SET)
    assert len(dev) >= 600
    assert [ex.text for ex in dev if ex.text.strip().lower() in corpus] == []


@pytest.mark.parametrize("text", ["a", "x", "aaa", "['a']", "d", "🙏"])
def test_a_message_without_words_is_never_an_emergency_or_routed(classifier, text):
    d = classifier.classify(text)
    assert (d.kind, d.opd) == ("not_complaint", None)


def test_every_emergency_type_has_a_name_for_the_112_desk():
    from ticketing.names import EMERGENCY_TYPES

    assert set(emergency.EMERGENCY_OPD) <= set(EMERGENCY_TYPES)
