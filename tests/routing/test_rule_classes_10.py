"""Rule classes found on the tenth independent set (dev part), each checked on other
sentences than the set's: a place the citizen puts in a neighbouring regency ("iki ikut
Sidoarjo kan?", "teruskan ke pemkabnya") or a road named with its regency is outside the
remit, and the model, which knows no map, does not contest it; the Suramadu bridge (its
lights, deck, lanes) is a national road, a place next to it or at its foot is not; asking
for the file of a regulation ("softcopy Perwali"), for a list one wants to know ("ingin
tahu daftar penerima"), or whether information is public ("bersifat terbuka?") is an
information request, an open drain is not; a weapon held while threatening someone
("megang golok sambil ngancam") is an emergency by itself; so is something about to fall
with anyone resting under it ("tukang parkir lagi istirahat di bawahnya"); a polite report
of smoke with a degree word ("asap sangat pekat") that started minutes ago ("sejak 15
menit lalu") is a fire happening now, smoke of exhaust or a factory and a fire that is
over are not; a road named with its town and regency ("jalan raya Krian-Sidoarjo") is
the regency's, Surabaya's "Jalan Gresik" and a road toward a regency are not; a parcel
and its courier ("JNE telat kirim barang", "paket dari J&T") is a private company's
matter, a courier's warehouse, trucks or drivers' hours are the city's; a bank not named
("rekening diblokir bank") is outside too, the city's "bank sampah" and city aid paid
into a bank account are not; a university's own matters (fees, diplomas, lecturers) are
the central government's, the city's student scholarship and a campus as a place are
not; an office of the province ("Dinas Pendidikan Jatim", "UPT Dishub Provinsi") or its
grant for SMA/SMK (BPOPP) is outside, and the model, which reads "dinas pendidikan" as
the city's, does not contest it; being hypnotised and robbed ("kena gendam") or
pickpocketed is the police's, and so is a police officer's own conduct ("oknum polisi",
"uang damai", Propam), not a city officer's nor a speed bump ("polisi tidur")."""

from __future__ import annotations

import pytest

from ticketing.routing import emergency, outside, rules


@pytest.mark.parametrize(
    "text",
    [
        "gang dekat pabrik di Sedati banyak lubang, setau sy itu ikut sidoarjo, tlg diteruskan",
        "got mampet di perum Driyorejo, itu termasuk kabupaten Gresik kan? lapor kemana ya",
        "Jalan raya Wringinanom rusak parah, itu urusan pemkab ya bukan pemkot?",
        "lampu jalan di dusun Kepuh mati semua, mohon sampaikan ke pemkabnya",
    ],
)
def test_a_place_the_citizen_puts_in_a_neighbouring_regency_is_outside(classifier, text):
    found = outside.external_body(text)
    assert found is not None and found.rule == outside.REGENCY_RULE
    decision = classifier.classify(text)
    assert decision.kind == "external" and not decision.triage


def test_a_road_named_with_its_regency_is_not_contested_by_the_model(classifier):
    text = "tumpukan sampah liar di jalan kampung Bringinbendo wilayah Sidoarjo, baunya parah"
    decision = classifier.classify(text)
    assert decision.kind == "external" and not decision.triage


@pytest.mark.parametrize(
    "text",
    [
        "banjir di kampung kami karena air kiriman dari Sidoarjo, tolong saluran diperbaiki",
        "Jalan Gresik depan PGN rusak parah, tolong diaspal",
        "saya warga Surabaya yang kerja di Sidoarjo, lampu PJU di gang rumah saya mati",
    ],
)
def test_a_regency_named_in_passing_is_not_outside(text):
    found = outside.external_body(text)
    assert found is None or found.rule != outside.REGENCY_RULE


@pytest.mark.parametrize(
    "text",
    [
        "aspal di jembatan suramadu arah madura bergelombang, motor sering oleng",
        "pju di lajur motor jembatan Suramadu mati sejak seminggu",
    ],
)
def test_the_suramadu_bridge_is_a_national_road(classifier, text):
    found = outside.external_body(text)
    assert found is not None and found.label == "PUSAT"
    decision = classifier.classify(text)
    assert decision.kind == "external" and not decision.triage


@pytest.mark.parametrize(
    "text",
    [
        "PKL di kaki jembatan Suramadu sisi Kenjeran bikin macet",
        "saluran di Jl. Tambak Wedi dekat jembatan Suramadu mampet, airnya meluber",
    ],
)
def test_a_place_by_the_suramadu_bridge_is_no_national_road(text):
    assert outside.external_body(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "kak boleh minta softcopy perwali tentang tarif parkir yg baru? di jdih gk ada",
        "Saya perlu file RDTR kecamatan Benowo untuk kajian, bisa dikirim?",
        "ingin tahu daftar penerima bantuan seragam sekolah 2025, bisa dibagikan?",
        "data jumlah kasus DBD per kelurahan itu bersifat terbuka atau tidak ya?",
        "apakah laporan hasil lelang proyek saluran terbuka untuk umum?",
    ],
)
def test_asking_for_a_regulation_file_or_whether_it_is_public_is_information(classifier, text):
    assert rules.match_info_request(text) is not None
    assert classifier.classify(text).kind == "info_request"


@pytest.mark.parametrize(
    "text",
    [
        "saluran di depan rumah terbuka tidak ada tutupnya, bahaya",
        "datanya terbuka di internet, bocor semua, tolong ditindak",
        "mau tau kenapa nama ibu saya dicoret dari daftar penerima bansos",
        "lahan kosong terbuka dipakai buang sampah",
    ],
)
def test_something_open_or_a_list_one_is_missing_from_is_no_information_request(text):
    assert rules.match_info_request(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "bapak2 itu megang golok sambil ngancam mau bacok tetangganya",
        "ada pemuda mabuk nenteng celurit ngancam orang2 di warung kopi depan gang",
        "anak kos sebelah nyekel pisau dapur, ngancam pacarnya, pintunya dikunci",
    ],
)
def test_a_weapon_held_while_threatening_is_an_emergency(classifier, text):
    found, _ = emergency.match(text)
    assert found is not None and found.label == "violence" and found.certain
    assert classifier.classify(text).kind == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "pedagang pisau di pasar pegang dagangannya sambil teriak murah",
        "kemarin sore ada orang mabuk pegang celurit ngancam warga, sudah diamankan polisi",
    ],
)
def test_a_knife_for_sale_or_a_threat_that_is_over_is_no_emergency(text):
    found, _ = emergency.match(text)
    assert found is None or not found.certain


@pytest.mark.parametrize(
    "text",
    [
        "tiang reklame goyang2 kena angin, tukang parkir sedang beristirahat di bawahnya",
        "baliho besar di perempatan sudah miring, pedagang asongan lagi berteduh di bawahnya",
        "dahan trembesi retak besar, bapak2 ojol lagi ngaso di bawahnya",
    ],
)
def test_something_about_to_fall_with_people_resting_under_it_is_an_emergency(text):
    found, _ = emergency.match(text)
    assert found is not None and found.certain


def test_a_leaning_tree_to_prune_is_no_emergency():
    found, _ = emergency.match("pohon mangga di depan rumah miring, tolong dipangkas sebelum roboh")
    assert found is None


@pytest.mark.parametrize(
    "text",
    [
        "Dengan hormat, kami melihat asap sangat pekat dari atap gudang di seberang kantor "
        "kami sejak 15 menit lalu.",
        "Permisi, dari rumah kosong di gang 4 keluar asap lumayan tebal, udah 20 menitan",
    ],
)
def test_smoke_seen_for_some_minutes_is_a_fire_now(classifier, text):
    found, _ = emergency.match(text)
    assert found is not None and found.label == "fire" and found.certain
    assert classifier.classify(text).kind == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "asap knalpot bus hitam pekat bikin sesak",
        "asap pabrik hitam tebal tiap sore, mohon ditindak",
        "kemarin sore ada kebakaran, 30 menit baru padam, sekarang puingnya belum diangkut",
        "antrean di puskesmas sudah 30 menit tidak maju",
    ],
)
def test_exhaust_factory_smoke_a_fire_that_is_over_or_a_wait_is_no_emergency(text):
    found, _ = emergency.match(text)
    assert found is None or not found.certain


@pytest.mark.parametrize(
    "text",
    [
        "jalan raya Krian-Sidoarjo banyak lubang, gak diperbaiki2",
        "aspal di jl. raya Cerme gresik ambles sejak hujan kemarin",
    ],
)
def test_a_road_named_with_its_regency_is_outside(text):
    found = outside.external_body(text)
    assert found is not None and found.rule == outside.REGENCY_RULE


@pytest.mark.parametrize(
    "text",
    [
        "Jalan Gresik depan PGN rusak parah, tolong diaspal",
        "jalan tembus ke gresik dari benowo rusak",
        "jalan raya arah sidoarjo macet total tiap sore",
    ],
)
def test_surabayas_jalan_gresik_or_a_road_toward_a_regency_is_not(text):
    found = outside.external_body(text)
    assert found is None or found.rule != outside.REGENCY_RULE


@pytest.mark.parametrize(
    "text",
    [
        "JNE telat kirim barang 2 minggu, cs gak bisa dihubungi",
        "kurir SiCepat minta ongkir tambahan pas COD, katanya aturan baru",
        "resi sy gak update2 udh 10 hari di anteraja",
        "paket sy dr J&T rusak pas nyampe, klaim ditolak",
    ],
)
def test_a_parcel_and_its_courier_are_outside(classifier, text):
    found = outside.external_body(text)
    assert found is not None and found.label == "LAINNYA"
    decision = classifier.classify(text)
    assert decision.kind == "external" and not decision.triage


@pytest.mark.parametrize(
    "text",
    [
        "Rumah di perumahan dipakai gudang ekspedisi, truk bongkar muat malam hari",
        "perusahaan ekspedisi di Jl. Kalianak, sopir kerja 16 jam",
        "kurir paket parkir motor di trotoar depan toko",
    ],
)
def test_a_couriers_warehouse_trucks_or_drivers_are_the_citys(text):
    assert outside.external_body(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "saldo tabungan sy berkurang 3 juta, bank bilang itu transaksi sy sendiri",
        "mobile banking error dari pagi, transfer gak masuk, cs bank gak bisa dihubungi",
        "bank menolak restrukturisasi cicilan KPR sy padahal sdh ajukan 2 bulan",
    ],
)
def test_a_bank_not_named_is_outside(text):
    found = outside.external_body(text)
    assert found is not None and found.label == "OJK"


@pytest.mark.parametrize(
    "text",
    [
        "saldo bank sampah RW kami belum dibayar 3 bulan",
        "bansos PKH belum masuk ke rekening bank, tolong dicek",
    ],
)
def test_the_citys_bank_sampah_or_aid_paid_into_a_bank_is_not(text):
    assert outside.external_body(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "dosen pembimbing skripsi anak sy di universitas swasta minta uang 2 juta biar lulus",
        "anak saya di-DO dari politeknik gara2 telat bayar SPP",
        "kampus swasta di surabaya nahan ijazah alumni yg blm lunas",
    ],
)
def test_a_universitys_own_matters_are_outside(text):
    found = outside.external_body(text)
    assert found is not None and found.label == "PUSAT"


@pytest.mark.parametrize(
    "text",
    [
        "beasiswa pemuda tangguh buat mahasiswa belum cair 3 bulan",
        "Parkir sepeda motor di trotoar depan kampus di Jl. Dharmawangsa",
        "ijazah SMP anak saya ditahan sekolah karena tunggakan",
    ],
)
def test_the_citys_scholarship_a_campus_as_a_place_or_a_city_school_are_not(text):
    assert outside.external_body(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Dinas Pendidikan Jatim blm cairkan BPOPP, SMK anak sy narik iuran",
        "petugas UPT Dishub Provinsi di terminal bungurasih minta uang ke sopir",
        "dana BPOPP di sekolah anak saya katanya dipotong",
    ],
)
def test_an_office_of_the_province_is_outside_uncontested(classifier, text):
    found = outside.external_body(text)
    assert found is not None and found.label == "PROVINSI"
    decision = classifier.classify(text)
    assert decision.kind == "external" and not decision.triage


def test_the_citys_own_education_office_is_not_the_province():
    assert outside.external_body("Dinas Pendidikan Kota lambat urus mutasi siswa SD") is None


@pytest.mark.parametrize(
    "text",
    [
        "ibu sy digendam org di depan ATM, perhiasannya dibawa semua",
        "korban gendam di terminal, hp sama dompet hilang",
        "terjadi pencopetan di bus kota tadi pagi, uang belanja sy hilang",
    ],
)
def test_being_hypnotised_and_robbed_or_pickpocketed_is_the_polices(text):
    found = outside.external_body(text)
    assert found is not None and found.label == "POLRI"


def test_a_risk_of_pickpockets_by_a_dark_street_is_the_citys():
    assert outside.external_body("lampu PJU mati, rawan penjambretan di gang 3") is None


@pytest.mark.parametrize(
    "text",
    [
        "pas razia motor ada oknum polisi minta 100rb biar gak ditilang",
        "dimintai uang damai sama petugas pas operasi zebra",
        "sudah lapor propam soal anggota yg pukul adik sy, gak ada kabar",
    ],
)
def test_a_police_officers_own_conduct_is_the_polices(text):
    found = outside.external_body(text)
    assert found is not None and found.label == "POLRI"


@pytest.mark.parametrize(
    "text",
    [
        "oknum satpol pp minta uang ke PKL",
        "oknum staf kecamatan narik uang buat legalisir KK",
        "polisi tidur di gang kami terlalu tinggi, motor sering mentok",
    ],
)
def test_a_city_officers_conduct_or_a_speed_bump_is_the_citys(text):
    assert outside.external_body(text) is None
