"""The OPD directory as shipped: every unit of the Surabaya context with its code, name,
remit and typical citizen keywords. Seeded on first run; admins edit it afterwards."""

from __future__ import annotations

# (code, name, remit, keywords)
OPDS: list[tuple[str, str, str, str]] = [
    (
        "DSDABM",
        "Dinas Sumber Daya Air dan Bina Marga",
        "Jalan rusak/berlubang, paving, saluran/got mampet, gorong-gorong, genangan, rumah pompa, jembatan",
        "jalan rusak, berlubang, aspal, paving, got, saluran, mampet, gorong-gorong, genangan, rumah pompa, jembatan",
    ),
    (
        "DLH",
        "Dinas Lingkungan Hidup",
        "Sampah tidak diangkut, TPS, perantingan pohon, taman, bau, limbah, pencemaran sungai, pembakaran sampah",
        "sampah, TPS, pohon, ranting, taman, bau, limbah, sungai tercemar, bakar sampah",
    ),
    (
        "DISHUB",
        "Dinas Perhubungan",
        "PJU mati, lampu lalu lintas, rambu, marka, parkir liar, juru parkir, Suroboyo Bus, kemacetan",
        "PJU, lampu jalan, traffic light, rambu, marka, parkir liar, jukir, Suroboyo Bus, macet",
    ),
    (
        "SATPOLPP",
        "Satuan Polisi Pamong Praja",
        "PKL di trotoar, bangunan liar, reklame liar, minuman keras, ketertiban umum, kebisingan, hiburan malam",
        "PKL, trotoar, bangunan liar, reklame liar, miras, ketertiban, berisik, hiburan malam",
    ),
    (
        "DPKP",
        "Dinas Pemadam Kebakaran dan Penyelamatan",
        "Kebakaran, korsleting, evakuasi hewan (ular, tawon, biawak), orang/hewan terjebak, hidran",
        "kebakaran, korsleting, ular, tawon, biawak, terjebak, hidran, evakuasi",
    ),
    (
        "BPBD",
        "Badan Penanggulangan Bencana Daerah",
        "Bencana, banjir besar, angin kencang, rumah roboh, pohon tumbang darurat, evakuasi (pengelola 112)",
        "bencana, banjir, angin puting beliung, rumah roboh, pohon tumbang, evakuasi, 112",
    ),
    (
        "DINSOS",
        "Dinas Sosial",
        "Bansos (PKH, BPNT), data MBR/DTKS, gelandangan, pengemis, anak jalanan, lansia terlantar, ODGJ",
        "bansos, PKH, BPNT, MBR, DTKS, gelandangan, pengemis, anjal, lansia terlantar, ODGJ, PBI",
    ),
    (
        "DINKES",
        "Dinas Kesehatan",
        "Layanan puskesmas, penggunaan BPJS/KIS PBI, DBD/fogging, ambulans, stunting, imunisasi",
        "puskesmas, BPJS, KIS, DBD, fogging, ambulans, stunting, imunisasi",
    ),
    (
        "RSUD",
        "RSUD Kota Surabaya (dr. Mohamad Soewandhie, Bhakti Dharma Husada)",
        "Layanan rumah sakit, IGD, rujukan, kamar penuh",
        "rumah sakit, RSUD, IGD, rujukan, kamar penuh, Soewandhie, BDH",
    ),
    (
        "DISPENDUKCAPIL",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "e-KTP, KK, akta kelahiran/kematian, KIA, pindah datang, masalah NIK, antrean",
        "KTP, e-KTP, KK, akta, KIA, pindah, NIK, antrean, dukcapil",
    ),
    (
        "DISPENDIK",
        "Dinas Pendidikan",
        "Sekolah SD/SMP, PPDB/SPMB, zonasi, pungutan liar sekolah, seragam, guru, beasiswa",
        "sekolah, SD, SMP, PPDB, SPMB, zonasi, pungutan, seragam, guru, beasiswa",
    ),
    (
        "DP3APPKB",
        "Dinas Pemberdayaan Perempuan dan Perlindungan Anak serta Pengendalian Penduduk dan KB",
        "KDRT, kekerasan anak, pelecehan, perundungan",
        "KDRT, kekerasan anak, pelecehan, bullying, perundungan, KB",
    ),
    (
        "DPRKPP",
        "Dinas Perumahan Rakyat dan Kawasan Permukiman serta Pertanahan",
        "Rusunawa, rumah tidak layak huni, fasum perumahan, aset tanah kota",
        "rusun, rusunawa, rumah tidak layak huni, rutilahu, fasum, fasos, tanah aset",
    ),
    (
        "DKPP",
        "Dinas Ketahanan Pangan dan Pertanian",
        "Hewan liar/terlantar, rabies, rumah potong hewan, ternak, harga pangan",
        "anjing liar, kucing, rabies, RPH, ternak, harga pangan",
    ),
    (
        "DINKOPDAG",
        "Dinas Koperasi Usaha Kecil dan Menengah dan Perdagangan",
        "Pasar, sentra wisata kuliner, UMKM, harga bahan pokok",
        "pasar, SWK, UMKM, koperasi, harga sembako",
    ),
    (
        "DPMPTSP",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "Perizinan, izin usaha, Surabaya Single Window, status PBG",
        "izin, perizinan, SSW, PBG, IMB, NIB",
    ),
    (
        "DISBUDPORAPAR",
        "Dinas Kebudayaan, Kepemudaan dan Olah Raga serta Pariwisata",
        "Gedung olahraga, cagar budaya, pariwisata, acara",
        "GOR, lapangan, cagar budaya, wisata, event",
    ),
    (
        "DISKOMINFO",
        "Dinas Komunikasi dan Informatika",
        "Wi-Fi publik, aplikasi/website kota tidak bisa diakses, hoaks",
        "wifi, aplikasi, website, hoaks, internet",
    ),
    (
        "PPID",
        "Pejabat Pengelola Informasi dan Dokumentasi",
        "Permohonan informasi/dokumen publik (anggaran, keputusan), keberatan",
        "permohonan informasi, salinan, dokumen, data, APBD, SK, keberatan",
    ),
    (
        "DISNAKER",
        "Dinas Tenaga Kerja",
        "Upah/UMK, THR, PHK, pelatihan kerja",
        "UMK, gaji, THR, PHK, pelatihan kerja, loker",
    ),
    (
        "DISPUSIP",
        "Dinas Perpustakaan dan Kearsipan",
        "Perpustakaan, taman baca",
        "perpustakaan, taman baca, arsip",
    ),
    (
        "BAPENDA",
        "Badan Pendapatan Daerah",
        "Pajak bumi dan bangunan (PBB/SPPT), BPHTB, pajak restoran/hotel/reklame",
        "PBB, SPPT, BPHTB, pajak restoran, pajak hotel, pajak reklame",
    ),
    (
        "BPKAD",
        "Badan Pengelolaan Keuangan dan Aset Daerah",
        "Aset kota, sewa aset, tanah surat ijo",
        "aset, sewa aset, surat ijo, IPT",
    ),
    (
        "INSPEKTORAT",
        "Inspektorat Kota Surabaya",
        "Pungli, gratifikasi, pelanggaran disiplin ASN",
        "pungli, gratifikasi, suap, oknum ASN",
    ),
    (
        "BKPSDM",
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        "ASN, PPPK, tenaga kontrak",
        "ASN, PNS, PPPK, honorer, outsourcing",
    ),
    (
        "KECAMATAN",
        "Kecamatan (31 kecamatan)",
        "Layanan kecamatan, surat-surat, koordinasi wilayah",
        "kecamatan, camat, surat pengantar",
    ),
    (
        "KELURAHAN",
        "Kelurahan (153 kelurahan)",
        "Urusan RT/RW, pekerjaan kecil kampung, surat keterangan lingkungan",
        "kelurahan, lurah, RT, RW, kampung, surat keterangan",
    ),
    (
        "PDAM",
        "Perumda Air Minum Surya Sembada",
        "Air mati/kecil, air keruh, pipa bocor, meteran, tagihan membengkak",
        "PDAM, air mati, air keruh, pipa bocor, meteran, tagihan air",
    ),
    (
        "EXTERNAL",
        "Di luar kewenangan Pemerintah Kota",
        "PLN (listrik rumah), BPN (sertifikat tanah), kepolisian (SIM/STNK, kriminal), kepesertaan BPJS, "
        "jalan nasional/provinsi, SMA/SMK (provinsi)",
        "PLN, listrik, BPN, sertifikat, polisi, SIM, STNK, BPJS, jalan nasional, SMA, SMK",
    ),
]

CODES = tuple(code for code, *_ in OPDS)


def area_units() -> list[tuple[str, str, str, str, str, str]]:
    """Returns Surabaya's 31 kecamatan and 153 kelurahan as units of their own:
    (code, name, remit, keywords, region code, parent code). A kecamatan sits under
    the KECAMATAN umbrella, a kelurahan under its kecamatan."""
    from ticketing import wilayah

    kecamatan = dict(wilayah.KECAMATAN)
    units = [
        (
            wilayah.unit_code(code),
            f"Kecamatan {name}",
            f"Layanan dan koordinasi wilayah Kecamatan {name}",
            f"kecamatan {name.lower()}, camat {name.lower()}",
            code,
            "KECAMATAN",
        )
        for code, name in wilayah.KECAMATAN
    ]
    for code, name in wilayah.KELURAHAN:
        parent = wilayah.kecamatan_of(code)
        units.append(
            (
                wilayah.unit_code(code),
                f"Kelurahan {name}",
                f"Urusan RT/RW dan lingkungan Kelurahan {name}, Kecamatan {kecamatan[parent]}",
                f"kelurahan {name.lower()}, lurah {name.lower()}",
                code,
                wilayah.unit_code(parent),
            )
        )
    return units
