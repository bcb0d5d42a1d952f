"""Behaviour of the routing pipeline: rules, model, combination and evaluation."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ticketing.routing import (
    EXTERNAL_BODIES,
    Classifier,
    Example,
    emergency,
    evaluate,
    load_corpus,
    load_or_train,
    read_jsonl,
    reply_for,
    split_holdout,
    train,
)
from ticketing.routing.corpus import KINDS, OPD_CODES, corpus_hash
from ticketing.routing.emergency import EMERGENCY_OPD
from ticketing.routing.model import Model, cache_path
from ticketing.routing.normalize import normalize
from ticketing.routing.outside import external_body
from ticketing.routing.rules import find_ticket_numbers

HOLDOUT = Path(__file__).with_name("holdout.jsonl")


# ----------------------------------------------------------------------- corpus
def test_corpus_uses_only_known_kinds_and_opd_codes():
    examples = load_corpus()
    assert len(examples) >= 2500
    for ex in examples:
        assert ex.kind in KINDS
        if ex.kind in ("status_check", "not_complaint"):
            assert ex.opd is None
        elif ex.kind == "info_request":
            assert ex.opd == "PPID"
        elif ex.kind == "external":
            assert ex.opd == "EXTERNAL"
        else:
            assert ex.opd in OPD_CODES


def test_corpus_covers_every_complaint_opd_with_enough_examples():
    counts: dict[str, int] = {}
    for ex in load_corpus():
        if ex.kind == "complaint":
            counts[ex.opd] = counts.get(ex.opd, 0) + 1
    for code in OPD_CODES:
        if code not in ("PPID", "EXTERNAL"):
            assert counts.get(code, 0) >= 35, code


def test_holdout_shares_no_message_with_the_corpus():
    corpus = {ex.text.strip().lower() for ex in load_corpus()}
    overlap = [ex.text for ex in read_jsonl(HOLDOUT) if ex.text.strip().lower() in corpus]
    assert overlap == []


def test_split_holdout_is_reproducible_and_disjoint():
    examples = load_corpus()
    train_a, test_a = split_holdout(examples, 0.2, seed=7)
    train_b, test_b = split_holdout(examples, 0.2, seed=7)
    assert test_a == test_b and train_a == train_b
    assert len(train_a) + len(test_a) == len(examples)
    assert {ex.kind for ex in test_a} == set(KINDS)


# ------------------------------------------------------------------ normalisation
def test_normalize_maps_slang_and_collapses_repeated_letters():
    assert normalize("Tolooong lampu gk nyala bgt!!!") == "tolong lampu tidak nyala banget"
    assert normalize("omahku kobong") == "rumah saya terbakar"
    assert normalize("anak2 main") == "anak anak main"


# ------------------------------------------------------------------- status check
def test_status_check_finds_ticket_number_with_spaces(classifier):
    d = classifier.classify("cek laporan mc 2026 000123 ya min")
    assert d.kind == "status_check"
    assert d.opd is None
    assert d.ticket_numbers == ("MC-2026-000123",)
    assert d.suggestions == ()


def test_status_check_accepts_slash_command_and_missing_dashes(classifier):
    assert classifier.classify("/status MC-2026-000045").kind == "status_check"
    d = classifier.classify("status MC2026000321")
    assert d.kind == "status_check" and d.ticket_numbers == ("MC-2026-000321",)


def test_status_check_without_number_from_phrase(classifier):
    d = classifier.classify("sudah sampai mana laporan saya?")
    assert d.kind == "status_check"
    assert d.ticket_numbers == ()


def test_ticket_numbers_are_normalised_and_unique():
    text = "MC-2026-000123 dan mc 2026 000123, juga MC–2025–004410"
    assert find_ticket_numbers(text) == ("MC-2026-000123", "MC-2025-004410")


def test_emergency_with_ticket_number_is_still_an_emergency(classifier):
    d = classifier.classify("MC-2026-000123 rumah saya kebakaran lagi sekarang, tolong!")
    assert d.kind == "emergency"
    assert d.ticket_numbers == ("MC-2026-000123",)


# ---------------------------------------------------------------------- emergency
def test_fire_message_is_emergency_with_reason(classifier):
    d = classifier.classify("Tolong ada kebakaran rumah di Jl. Rungkut Madya, apinya besar!")
    assert d.kind == "emergency"
    assert d.opd == "DPKP"
    assert d.emergency_type == "fire"
    assert "kebakaran" in d.reason and d.reason.startswith("rule")


@pytest.mark.parametrize(
    ("text", "etype", "opd"),
    [
        ("Air banjir sudah masuk rumah sepinggang dan terus naik, butuh evakuasi", "flood", "BPBD"),
        ("kecelakaan motor di Jl. Ahmad Yani, korban berdarah tidak sadar", "accident", "DINKES"),
        ("ada anak tenggelam di Kali Jagir barusan, belum ketemu", "drowning", "DPKP"),
        ("Rumah tetangga roboh, ada orang tertimbun di dalam", "collapse", "BPBD"),
        ("Bapak saya pingsan tidak sadarkan diri, tolong ambulans", "medical", "DINKES"),
        ("ular kobra masuk kamar anak saya, anaknya masih di kasur", "animal", "DPKP"),
        ("bau gas elpiji bocor menyengat dari rumah tetangga", "gas_leak", "DPKP"),
        ("orang kesetrum kabel listrik putus, masih nempel", "electrocution", "DPKP"),
        ("klorin bocor di instalasi air, warga sekitar sesak napas", "gas_leak", "DPKP"),
        ("bapak saya kolaps di kantor, dadanya nyeri, keringat dingin", "medical", "DINKES"),
        ("korban dijambret terseret motor, sekarang tidak bangun", "medical", "DINKES"),
    ],
)
def test_emergency_types_route_to_the_responding_unit(classifier, text, etype, opd):
    d = classifier.classify(text)
    assert (d.kind, d.emergency_type, d.opd) == ("emergency", etype, opd)
    assert EMERGENCY_OPD[etype] == opd


@pytest.mark.parametrize(
    "text",
    ["harga bawang merah meledak di pasar, mohon operasi pasar", "ledakan penumpang di halte"],
)
def test_figures_that_explode_are_no_emergency_keyword(text):
    assert emergency.match(text)[0] is None


def test_a_voice_still_heard_makes_a_fall_into_a_well_certain():
    found, _ = emergency.match("mbah kecemplung sumur, suarane sik krungu")
    assert found is not None and found.label == "drowning" and found.certain


def test_past_fire_asking_for_aid_is_not_an_emergency(classifier):
    d = classifier.classify(
        "Rumah saudara saya terbakar bulan lalu, mereka butuh bantuan pakaian dan makanan"
    )
    assert d.kind == "complaint"
    assert d.opd == "DINSOS"


def test_broken_hydrant_is_a_dpkp_complaint(classifier):
    d = classifier.classify("Hidran di depan pasar rusak dan tidak keluar air, mohon diperbaiki")
    assert (d.kind, d.opd) == ("complaint", "DPKP")


def test_accident_prone_junction_asks_for_signs_not_ambulance(classifier):
    d = classifier.classify("Perempatan depan sekolah rawan kecelakaan, mohon dipasang rambu")
    assert (d.kind, d.opd) == ("complaint", "DISHUB")


def test_burning_rubbish_smoke_is_dlh_not_fire(classifier):
    d = classifier.classify("Tetangga bakar sampah tiap sore, asap hitamnya masuk rumah")
    assert (d.kind, d.opd) == ("complaint", "DLH")


# ------------------------------------------------------------------ ambiguous pairs
def test_household_power_cut_is_external_pln(classifier):
    d = classifier.classify("Listrik rumah saya padam sejak jam 3 sore, tetangga juga mati")
    assert (d.kind, d.opd, d.external_body) == ("external", "EXTERNAL", "PLN")
    assert "123" in reply_for(d.external_body)


def test_street_light_out_is_dishub(classifier):
    d = classifier.classify("Lampu PJU di gang depan rumah mati seminggu, jalan gelap")
    assert (d.kind, d.opd) == ("complaint", "DISHUB")


def test_tree_fallen_on_house_with_people_inside_is_emergency(classifier):
    d = classifier.classify("Pohon besar tumbang menimpa rumah, ada keluarga di dalam rumah!")
    assert (d.kind, d.opd, d.emergency_type) == ("emergency", "BPBD", "fallen_tree")


def test_branches_to_trim_are_dlh(classifier):
    d = classifier.classify("Ranting pohon depan rumah sudah menutupi atap, mohon dipangkas")
    assert (d.kind, d.opd) == ("complaint", "DLH")


def test_water_rising_into_homes_now_is_bpbd_emergency(classifier):
    d = classifier.classify("Air sudah masuk rumah dan terus naik, anak dan lansia perlu evakuasi")
    assert (d.kind, d.opd) == ("emergency", "BPBD")


def test_blocked_drain_with_puddles_is_dsdabm(classifier):
    d = classifier.classify("Got depan rumah mampet, tiap hujan air nggenang di jalan")
    assert (d.kind, d.opd) == ("complaint", "DSDABM")


def test_street_vendors_are_satpolpp(classifier):
    d = classifier.classify("PKL jualan di trotoar depan pasar sampai pejalan kaki turun ke jalan")
    assert (d.kind, d.opd) == ("complaint", "SATPOLPP")


def test_market_management_is_dinkopdag(classifier):
    d = classifier.classify(
        "Pengelola pasar membiarkan atap los sayur bocor dan toilet pasar jorok"
    )
    assert (d.kind, d.opd) == ("complaint", "DINKOPDAG")


def test_social_aid_data_for_bpjs_pbi_is_dinsos(classifier):
    d = classifier.classify("BPJS PBI saya dinonaktifkan karena data DTKS, mohon diaktifkan")
    assert (d.kind, d.opd) == ("complaint", "DINSOS")


def test_puskesmas_service_is_dinkes(classifier):
    d = classifier.classify("Pelayanan di puskesmas lama sekali, petugasnya judes ke pasien BPJS")
    assert (d.kind, d.opd) == ("complaint", "DINKES")


# --------------------------------------------------------------- info and external
def test_document_request_is_info_request_for_ppid(classifier):
    d = classifier.classify("Saya mengajukan permohonan informasi salinan APBD 2025")
    assert (d.kind, d.opd) == ("info_request", "PPID")
    assert d.suggestions[0][0] == "PPID"


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("Sertifikat tanah saya ganda, diklaim orang lain", "BPN"),
        ("Mau perpanjang SIM C di Satpas antrenya panjang", "POLRI"),
        ("Iuran BPJS Kesehatan mandiri saya menunggak, bisa dicicil?", "BPJS"),
        ("SMA negeri minta sumbangan gedung 3 juta", "PROVINSI"),
        ("Jalan tol Waru - Juanda banyak lubang", "JASA_MARGA"),
        ("internet Biznet di rumah mati terus, sudah lapor CS", "LAINNYA"),
    ],
)
def test_out_of_jurisdiction_names_the_body(classifier, text, body):
    d = classifier.classify(text)
    assert (d.kind, d.opd, d.external_body) == ("external", "EXTERNAL", body)


def test_level_crossing_gate_is_no_railway_company_matter(classifier):
    text = "palang perlintasan kereta di jalan kampung macet tidak bisa turun"
    assert external_body(text) is None  # the city's Dishub guards it, not KAI
    d = classifier.classify(text)
    assert d.kind != "external" or d.triage


def test_asking_whether_data_exists_is_an_information_request(classifier):
    d = classifier.classify("apakah ada data jumlah penerima beasiswa per kecamatan?")
    assert (d.kind, d.opd) == ("info_request", "PPID")


def test_every_external_body_has_polite_replies_in_both_languages():
    for key, body in EXTERNAL_BODIES.items():
        assert "Mohon maaf" in reply_for(key)
        assert "sorry" in reply_for(key, "en")
        assert body.contact


def test_an_english_reply_names_who_handles_it_in_english():
    """The English reply read "is handled by bank atau lembaga keuangan Anda (diawasi
    OJK) ... Please contact layanan pengaduan bank ..."."""
    english = reply_for("OJK", "en")
    assert "your bank or financial institution (supervised by OJK)" in english
    assert "Kontak OJK 157" in english
    for indonesian in ("atau lembaga keuangan Anda", "layanan pengaduan", "bila tidak selesai"):
        assert indonesian not in english
    for key in ("POLRI", "PUSAT", "LAINNYA", "BPN"):
        assert " atau " not in reply_for(key, "en"), key
    assert EXTERNAL_BODIES["OJK"].label("en").startswith("your bank")
    assert EXTERNAL_BODIES["OJK"].label("id").startswith("bank atau")
    assert EXTERNAL_BODIES["BPJS"].label("en") == "BPJS Kesehatan"  # a proper name stays


# ------------------------------------------------------------ not a complaint etc.
@pytest.mark.parametrize("text", ["terima kasih min", "👍", "tes", "Selamat pagi admin"])
def test_greetings_and_thanks_are_not_complaints(classifier, text):
    d = classifier.classify(text)
    assert (d.kind, d.opd, d.suggestions) == ("not_complaint", None, ())


@pytest.mark.parametrize(
    "text",
    [
        "terima kasih pak laporan saya sudah ditangani cepat",
        "matur nuwun min, lampune wis diperbaiki",
        "Got depan rumah sudah dibersihkan, mantap pelayanannya",
    ],
)
def test_thanks_for_a_handled_report_in_either_order_is_no_status_check(classifier, text):
    assert classifier.classify(text).kind == "not_complaint"


def test_complaint_has_three_suggestions_and_model_reason(classifier):
    d = classifier.classify("Sampah di TPS belum diangkut seminggu, bau sekali")
    assert (d.kind, d.opd) == ("complaint", "DLH")
    assert len(d.suggestions) == 3 and d.suggestions[0][0] == "DLH"
    assert d.reason.startswith("model:") and "sampah" in d.reason
    assert 0.0 <= d.confidence <= 1.0


def test_low_confidence_goes_to_triage(model):
    strict = Classifier(model, threshold=0.99)
    d = strict.classify("ada masalah di kampung kami, mohon dibantu")
    assert strict.needs_triage(d)


def test_decision_as_dict_matches_cli_fields(classifier):
    row = classifier.classify("lampu jalan mati").as_dict()
    assert {"kind", "opd", "confidence", "reason"} <= set(row)
    json.dumps(row)


# --------------------------------------------------------------------- the model
def test_model_cache_is_reused_without_rewriting(model, model_cache, tmp_path):
    # A copy in a directory of its own: on a fresh clone another test process may still
    # be saving its own (identical) model into the shared cache while this one runs.
    cached = tmp_path / cache_path(model_cache, corpus_hash()).name
    shutil.copy2(cache_path(model_cache, corpus_hash()), cached)
    before = cached.stat().st_mtime_ns
    again = load_or_train(tmp_path)
    assert isinstance(again, Model) and again.corpus_hash == model.corpus_hash
    assert cached.stat().st_mtime_ns == before
    assert sorted(tmp_path.glob("*.joblib")) == [cached]


def test_a_change_to_the_feature_code_is_not_served_a_stale_model(monkeypatch, tmp_path):
    from ticketing.routing import model as model_module

    source = Path(model_module.__file__)
    for name in model_module.FEATURE_CODE:
        (tmp_path / name).write_bytes(source.with_name(name).read_bytes())
    monkeypatch.setattr(model_module, "__file__", str(tmp_path / "model.py"))
    before = cache_path(tmp_path, corpus_hash())
    with open(tmp_path / "normalize.py", "a") as edited:
        edited.write("\nSUROBOYOAN = {}\n")
    assert cache_path(tmp_path, corpus_hash()) != before
    before = cache_path(tmp_path, corpus_hash())
    with open(tmp_path / "lookalike.py", "a") as edited:  # what the rules read, folded
        edited.write("\n_LATIN = ''\n")
    assert cache_path(tmp_path, corpus_hash()) != before


def _tiny_corpus(directory: Path, extra_line: str = "") -> None:
    rows = [
        ("lampu jalan mati", "complaint", "DISHUB"),
        ("pju padam gelap", "complaint", "DISHUB"),
        ("sampah tidak diangkut", "complaint", "DLH"),
        ("tps penuh sampah bau", "complaint", "DLH"),
        ("kebakaran rumah tolong", "emergency", "DPKP"),
        ("api besar gudang terbakar", "emergency", "DPKP"),
        ("terima kasih", "not_complaint", None),
        ("halo admin", "not_complaint", None),
    ]
    text = "".join(Example(t, k, o).to_json() + "\n" for t, k, o in rows) + extra_line
    (directory / "tiny.jsonl").write_text(text, encoding="utf-8")


def test_model_cache_is_invalidated_when_the_corpus_changes(tmp_path):
    corpus_dir, cache = tmp_path / "corpus", tmp_path / "cache"
    corpus_dir.mkdir()
    _tiny_corpus(corpus_dir)
    load_or_train(cache, corpus_dir=corpus_dir)
    first = {p.name for p in cache.glob("*.joblib")}
    _tiny_corpus(corpus_dir, Example("oke siap", "not_complaint").to_json() + "\n")
    load_or_train(cache, corpus_dir=corpus_dir)
    second = {p.name for p in cache.glob("*.joblib")}
    assert len(first) == len(second) == 1 and first != second


def test_extra_examples_change_the_cache_key_and_are_learned(tmp_path):
    corpus_dir, cache = tmp_path / "corpus", tmp_path / "cache"
    corpus_dir.mkdir()
    _tiny_corpus(corpus_dir)
    base = load_or_train(cache, corpus_dir=corpus_dir)
    fix = [Example("parkir liar di trotoar", "complaint", "DISHUB")] * 3
    retrained = load_or_train(cache, extra_examples=fix, corpus_dir=corpus_dir)
    assert retrained.corpus_hash != base.corpus_hash
    assert retrained.n_examples == base.n_examples + 3


def test_model_save_and_load_roundtrip(tmp_path, model):
    path = model.save(tmp_path / "m.joblib")
    loaded = Model.load(path)
    assert loaded.kinds == model.kinds and loaded.opds == model.opds


def test_train_rejects_empty_input():
    with pytest.raises(ValueError):
        train([])


# ------------------------------------------------------------------- evaluation
def test_holdout_meets_the_targets(classifier):
    report = evaluate(classifier, read_jsonl(HOLDOUT))
    text = report.format()
    assert report.n >= 350
    assert report.kind_accuracy >= 0.92, text
    assert report.opd_accuracy >= 0.88, text
    assert report.emergency_recall == 1.0, text
    assert report.false_emergency_rate <= 0.02, text
    assert "kind accuracy" in text


def test_the_feature_cache_keeps_the_recently_used_rows_up_to_its_cap(model, monkeypatch):
    """A flood's texts fill the cache of feature rows to VECTOR_CACHE and no further (a
    row is ~2.7 KB); the rows still in use (the open tickets duplicate detection compares)
    stay, the least recently used go."""
    from ticketing.routing import model as model_module

    monkeypatch.setattr(model_module, "VECTOR_CACHE", 3)
    monkeypatch.setitem(model.__dict__, "_vectors", model_module.OrderedDict())
    texts = [f"jalan rusak di gang {n}" for n in range(6)]
    first = model.vector(texts[0])
    model.warm(texts[1:3])
    assert model.vector(texts[0]) is first  # used again: now the most recent
    model.warm(texts[3:5])  # two more: the two least recently used go
    cached = list(model.__dict__["_vectors"])
    assert cached == [texts[0], texts[3], texts[4]]
    assert (model.vector(texts[5]) != model.features([texts[5]])).nnz == 0
    assert len(model.__dict__["_vectors"]) == 3


def test_numbers_and_short_words_are_not_stemmed_nor_cached():
    """House, RT and phone numbers vary without end: they must not fill the stem cache."""
    from ticketing.routing import normalize as normalize_module

    before = normalize_module._stem.cache_info().currsize
    assert [normalize_module.stem(w) for w in ("12345", "rt05", "di", "gg_3")] == [
        "12345",
        "rt05",
        "di",
        "gg_3",
    ]
    assert normalize_module._stem.cache_info().currsize == before
    assert normalize_module.stem("perbaikan") == "baik"


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Anak-anak main korek api di gang", "korek_api"),
        ("pesta kembang api sampai jam 2", "kembang_api"),
        ("ada SENJATA API di tas orang itu", "senjata_api"),
        ("bikin api unggun di taman kota", "api_unggun"),
    ],
)
def test_api_that_names_no_fire_is_one_word_for_the_model(text, word):
    words = normalize(text).split()
    assert word in words and "api" not in words


def test_a_lone_api_stays_a_word_for_the_model():
    assert "api" in normalize("api dari dapur menjalar ke atap").split()


@pytest.mark.parametrize(
    "text",
    ["Kereta anjlok dekat pintu air, ada korban luka", "trem keluar rel, penumpang luka parah"],
)
def test_a_derailment_with_people_hurt_is_an_emergency(text):
    from ticketing.routing import emergency

    found, _ = emergency.match(text)
    assert found is not None


@pytest.mark.parametrize(
    "text",
    [
        "kartu kredit saya kena tagihan yang tidak pernah saya pakai",
        "ATM Mandiri menelan kartu, saldo tabungan Mandiri hilang",
        "penagih dari leasing datang marah-marah ke rumah",
    ],
)
def test_banks_loans_and_lenders_are_for_the_bank_and_ojk(text):
    found = external_body(text)
    assert found is not None and found.label == "OJK"
    assert "157" in reply_for("OJK")


def test_the_citys_waste_bank_is_no_bank():
    assert external_body("bank sampah kampung kami butuh timbangan baru") is None


def test_the_reply_for_another_body_does_not_say_twice_it_is_not_the_city():
    """ "ditangani oleh instansi atau perusahaan di luar Pemerintah Kota Surabaya, bukan
    Pemerintah Kota Surabaya": the name already says it."""
    for language in ("id", "en"):
        reply = reply_for("LAINNYA", language)
        assert reply.count("Pemerintah Kota Surabaya") + reply.count("City Government") == 1
    assert reply_for("LAINNYA") == (
        "Mohon maaf, hal yang Anda laporkan ditangani oleh instansi atau perusahaan di luar "
        "Pemerintah Kota Surabaya. Silakan hubungi instansi atau penyedia layanan yang "
        "bersangkutan melalui kanal resminya, atau kanal nasional SP4N-LAPOR!. Terima kasih "
        "atas laporan Anda."
    )
    assert reply_for("PLN").count(", bukan Pemerintah Kota Surabaya.") == 1  # others keep it
