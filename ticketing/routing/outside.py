"""Which outside body a message names (the bodies and their replies: ``external.py``),
read on the canonical text like the other rules (``rules.py``).

Landmarks are places, not subjects: "lampu jalan mati dari depan SMA 5" is a street-light
complaint, so place phrases ("depan/dekat/samping ... SMA/KUA/Polsek/Samsat/PLN") are
removed before the rules look for a body; so are a crime named only as a risk of a city
problem, and an outside body the citizen already tried or that sent them to the city.
"""

from __future__ import annotations

import re

from .normalize import canonical
from .normalize import rx as _rx
from .rules import RuleMatch, opd_hints

# A place phrase naming an outside body's building: only where the problem is.
_LANDMARK = _rx(
    r"\b(depan|dekat|deket|samping|sebelah|seberang|belakang|ngarep\w*|cedhak|arah|"
    r"sampai|sampe|dari|utara|selatan|timur|barat|pinggir|lewat|menuju|near|in front of|"
    r"opposite|next to)\s+(kantor\s+|gedung\s+)?(sma|smk|sman|smkn|kua|polres\w*|polsek|"
    r"samsat|pln|kantor pos|bank|bpn|imigrasi|pengadilan|pajak|kpp|stasiun|bandara|gerbang tol|"
    r"pintu tol|tol|jembatan suramadu|suramadu|spbu|pom bensin)\b"
    r"(\s+(negeri|pgri|muhammadiyah|pelabuhan)?\s*[\w-]+)?"
    r"(\s+tanjung perak)?"
)
_SCHOOL_MATTER = (
    r"(guru|iuran|sumbangan|pungutan|spp|biaya|seragam|ppdb|spmb|pendaftaran|daftar ulang|"
    r"kepala sekolah|gedung sekolah|ijazah|zonasi|siswa baru|komite|mutasi|kelas|murid|"
    r"ujian|rapor|study tour|wisuda|fees?|teacher|anak saya sekolah|sekolah anak)"
)
_NOT_PLN = _rx(r"(lampu (jalan|pju|penerangan jalan)|\bpju\b|penerangan jalan|lampu merah|"
               r"traffic light|lampu lalu lintas)")  # fmt: skip
# A level crossing on a city road: its gate and guards are the city's Dishub, not KAI's.
_LEVEL_CROSSING = _rx(r"(palang (pintu )?(kereta|perlintasan|rel)|palang pintu|perlintasan "
                      r"(sebidang|kereta|rel)|penjaga (palang|perlintasan))")  # fmt: skip
_NOT_BPJS = _rx(r"\b(pbi|kis|dtks|mbr|dinsos|ketenagakerjaan|perusahaan|"
                r"instansi|karyawan|penerima|bantuan iuran|salah sasaran)\b")  # fmt: skip
# A puskesmas or city hospital is the subject unless the citizen is moving their
# registered clinic (faskes) there.
_CITY_CARE = _rx(r"\b(puskesmas|rsud)\b")
_RULE = "outside city jurisdiction"
HOSPITAL_RULE = "outside city jurisdiction: a hospital the city does not run"
# A market, village or district of a neighbouring regency ("pasar Larangan Sidoarjo",
# "desa Wringinanom Gresik"): the model knows no map, so it does not contest this rule.
REGENCY_RULE = "outside city jurisdiction: a place in a neighbouring regency"
_REGENCY = r"(sidoarjo|gresik|bangkalan|mojokerto|lamongan|pasuruan)"
_REGENCY_PLACE = _rx(
    r"\b(pasar|desa|kecamatan|kec)\b (\w+ ){1,2}" + _REGENCY + r"\b|"
    r"\b(pemkab|kabupaten|pemerintah kabupaten|wilayah) " + _REGENCY + r"\b|"
    # a road or land in a neighbouring regency ("jalan di Menganti Gresik", Madurese
    # "tanah kaula e Bangkalan"), not Surabaya's "Jalan Gresik"
    r"\b(jalan|jembatan|tanah|lahan|sawah)\w*\b.{0,30}\b(di|e|daerah|wilayah|kab) "
    r"(?!(jalan|jl|jln|gang|gg|raya)\b)(\w+ )?(sidoarjo|gresik|bangkalan|mojokerto|lamongan|"
    r"pasuruan|sampang|pamekasan|sumenep)\b|"
    # a road named with its town and regency ("Jl. Raya Menganti Gresik", "jalan raya
    # Waru-Sidoarjo"), not Surabaya's "Jalan Gresik" nor a road "dari/ke Sidoarjo"
    r"\bjalan (raya )?(?!(raya|surabaya|perbatasan|arah|ke|menuju|dari|tembus|ujung)\b)\w+ ?[ -] ?"
    + _REGENCY
    + r"\b|"
    # the citizen places it there ("iki ikut Sidoarjo kan?", "melu Gresik") or sends it on
    # ("teruskan ke pemkabnya"): Surabaya is a city, it has no pemkab
    r"\b(masuk|ikut|melu|termasuk|bagian|punya|milik|urusan|wewenang|kewenangan|"
    r"wilayahnya|wilayahe|daerahnya) (wilayah |daerah |kabupaten |kab |pemkab )?"
    + _REGENCY
    + r"\b|\b(ke|urusan|wewenang|kewenangan|punya|milik|lapor) pemkab\w*"
)
# The province's own offices ("Dinas Pendidikan Jatim", "UPT Dishub Provinsi") and its
# operating grant for SMA/SMK (BPOPP): the model reads "dinas pendidikan" as the city's
# and knows no level of government, so it does not contest this rule.
PROVINCE_RULE = "outside city jurisdiction: an office of the province"
_PROVINCE_OFFICE = _rx(
    r"\b(dinas|dispendik|dindik|dishub|dinkes|dinsos|bapenda|upt|uptd|cabang dinas|cabdin|"
    r"satpol pp)\w*( \w+)? (jatim|jawa timur|provinsi|prov)\b|\bbpopp\b"
)
# The civil servants' and soldiers' pension funds: central bodies the model reads as the
# city's staffing office (BKPSDM), so it does not contest this rule.
CENTRAL_RULE = "outside city jurisdiction: a central-government fund"
_PENSION_FUND = _rx(r"\b(taspen|asabri)\b")
# Units the model, which knows only the city's hospitals, gives a hospital complaint.
HOSPITAL_UNITS = frozenset({"RSUD", "DINKES"})
# Hospitals in Surabaya the city does not run: the province's (RSUD Dr. Soetomo, RSU
# Haji, RSJ Menur) and the central government's (RSPAL, RS Bhayangkara, RS Unair, RSUP).
_HOSPITAL = r"(rsud|rsu|rs|rumah sakit( umum)?( daerah)?|rspal|rsal)"
_PROVINCE_HOSPITAL = _rx(
    r"\b(" + _HOSPITAL + r" ((dari|dokter) )?(soetomo|sutomo)|rsds|(rsu|rs|rumah sakit( umum)?) "
    r"haji|rsj menur|rumah sakit jiwa menur)\b"
)  # fmt: skip
_CENTRAL_HOSPITAL = _rx(
    r"\b(rspal|rsal|rs (angkatan laut|al)|" + _HOSPITAL + r" ((dari|dokter|laksamana) )?"
    r"ramelan|(rs|rumah sakit) bhayangkara|(rs|rumah sakit) (unair|universitas airlangga)|"
    r"rsup( surabaya)?)\b"
)  # fmt: skip
# ... named as a place or a referral ("depan RS Soetomo", "dirujuk ke RS Haji"): the
# problem is elsewhere.
_HOSPITAL_PLACE = _rx(
    r"\b(depan|dekat|deket|samping|sebelah|seberang|belakang|ngarep\w*|cedhak|arah|sampai|"
    r"sampe|dari|menuju|jalan|jl|jln|rujuk\w*|dirujuk|merujuk|rujukan|dibawa|bawa|near|"
    r"in front of)( (ke|di))? " + _HOSPITAL + r"\b"
)  # fmt: skip
# An employer that did not register or pay for its staff: a labour matter.
_EMPLOYER = _rx(r"\b(perusahaan|pabrik|kantor|bos|majikan|instansi)\w*\b.{0,40}\b(tidak|belum) "
                r"(\w+ )?(mendaftarkan|didaftarkan|daftarkan|membayar\w*|bayar\w*)")  # fmt: skip
# A crime that happened (theft, pickpocketing, a mugging): the police's, unless the
# message names a city problem it happened by ("PJU mati, kemarin ada yang dibegal").
_CRIME = _rx(r"(kemasukan maling|\bmaling\w* (motor|mobil|hp|helm|sepeda|rumah)|"
             r"\b(kemalingan|kecopetan|dicopet|kecurian|curanmor|dibegal|kebegal|dijambret|"
             r"dirampas)\b|"
             # hypnotised and robbed ("kena gendam di pasar, uang 5 juta raib")
             r"\b(kena|korban|terkena) (hipnotis|gendam)|\b(dihipnotis|digendam|kegendam)\b|"
             r"\b(penjambretan|pencopetan|perampasan)\b|"
             r"\bpencurian (motor|mobil|hp|rumah|sepeda|kendaraan)|"
             r"\b(motor|mobil|hp|helm|dompet|sepeda|laptop|tas)\w*\b.{0,30}"
             r"\b(dicuri|digondol|dibawa kabur|dibawa lari)\b)")  # fmt: skip
# Someone stealing or robbing: with an emergency the model sees, one happening now.
_THIEF = _rx(r"\b(maling\w*|kemalingan|pencuri\w*|mencuri|nyolong|jambret\w*|dijambret|"
             r"begal\w*|dibegal|kebegal|copet\w*|dicopet|kecopetan|curanmor|rampok\w*|"
             r"dirampok|perampok\w*|merampas|dirampas|thief|thieves|stealing|robbery|"
             r"mugging|mugged)\b")  # fmt: skip


# A parcel and its courier: a private company's service ("paket dari J&T hilang", "JNE
# telat kirim barang"), not a courier's warehouse, trucks or drivers' hours (the city's).
# "J&T" reads "saja&t" once canonical ("j" is "saja").
_COURIER_NAME = (
    r"(kurir|ekspedisi|jasa (kirim|pengiriman)|(j|saja) ?& ?t\b|\bjnt\b|\bjne\b|sicepat|"
    r"anteraja|ninja (xpress|express)|shopee ?express|\bspx\b|lion parcel|\btiki\b|paxel|"
    r"id ?express)"
)
_PARCEL = (
    r"(paket|kiriman|\bresi\b|ongkir|\bcod\b|parcel|package|kirim\w* (\w+ )?barang|"
    r"barang\w* (\w+ ){0,2}(hilang|rusak|pecah|nyasar|belum sampai|tidak sampai|telat))"
)
_COURIER = _rx(_PARCEL + r".{0,60}" + _COURIER_NAME + r"|" + _COURIER_NAME + r".{0,60}" + _PARCEL)
_COURIER_NOT = _rx(r"\b(gudang|truk|parkir|bongkar muat|sopir|karyawan|pekerja|lembur|"
                   r"trotoar|bahu jalan)\b")  # fmt: skip


# A bank named without its name ("rekening sy diblokir bank"), not the city's "bank
# sampah", nor city aid or taxes paid through a bank (the city's units).
_BANK = _rx(
    r"\b(rekening|atm|saldo|tabungan|kartu debit|m ?-?banking|mobile banking|internet banking|"
    r"nasabah|transfer)\w*\b.{0,60}\bbank\b(?! sampah)|\bbank\b(?! sampah).{0,40}\b(blokir|"
    r"diblokir|memblokir|rekening|atm|saldo|tabungan|nasabah|kartu debit|cicilan|bunga|pinjaman|"
    r"refund|potongan|biaya admin|menolak|tidak mau)\b"
)
_CITY_MONEY = _rx(r"\b(pbb|sppt|retribusi|pajak daerah|bapenda|pdam|bansos|pkh|bpnt|blt|"
                  r"bantuan|permakanan|beasiswa|insentif|pemkot)\b")  # fmt: skip


# A university's own matters (fees, diplomas, lecturers): the central government's, not
# the city's schools, nor the city's scholarship for students (Beasiswa Pemuda Tangguh).
_CAMPUS = (
    r"(kampus|universitas|perguruan tinggi|politeknik|sekolah tinggi|institut|\bstie|stikes|"
    r"mahasiswa)"
)
_CAMPUS_MATTER = (
    r"(ijazah|\bukt\b|uang pangkal|uang kuliah|biaya kuliah|\bspp\b|dosen|wisuda|skripsi|"
    r"transkrip|akreditasi|drop ?out|\bdi ?-?do\b|rektor)"
)
_UNIVERSITY = _rx(r"\b" + _CAMPUS + r"\w*\b.{0,60}" + _CAMPUS_MATTER + r"|" + _CAMPUS_MATTER
                  + r"\w*\b.{0,60}\b" + _CAMPUS)  # fmt: skip
_CITY_GRANT = _rx(r"\b(beasiswa|pemuda tangguh)\b")


# Where a crime happened ("HP saya dicopet di Suroboyo Bus", "kecopetan pas naik bus"):
# a city keyword right after it is only the scene, not a city problem.
_SCENE = (
    r"\b(kecopetan|dicopet|kecurian|dicuri|kemalingan|dijambret|dibegal|kebegal|dirampas|"
    r"digendam|dihipnotis)\b(\s+[\w-]+){0,3}?\s+(di|pas|waktu|saat|ketika|dalam)\s+"
    r"(dalam\s+|atas\s+|naik\s+)?"
)


def _city_matter(text: str, low: str) -> bool:
    """Whether ``text`` names a city problem besides the crime's scene."""
    return any(not re.search(_SCENE + re.escape(h.keyword), low) for h in opd_hints(text))


def names_crime(text: str) -> bool:
    """Whether ``text`` speaks of a theft, a mugging or a robbery."""
    return bool(_CRIME.search(canonical(text)) or _THIEF.search(canonical(text)))


# (body, pattern, confidence)
_EXTERNAL_RULES: list[tuple[str, re.Pattern[str], float]] = [
    ("JASA_MARGA", _rx(r"(jalan tol|\btol\b|gerbang tol|e-?toll|toll road)"), 0.85),
    ("PLN", _rx(r"(\bpln\b|token listrik|meteran listrik|tagihan listrik|tambah daya|"
                r"pemadaman listrik|listrik\w*\b.{0,40}(padam|mati|byar|drop|naik turun|putus|"
                r"cut|off)\b|\b(no|tidak ada|gak ada|ga ada|nggak ada) listrik\b|"
                r"(padam|mati)\b.{0,20}listrik|power (outage|cut|has been out)|electricity|"
                r"(lampu|listrik) (rumah|omah)\w*\b.{0,30}(mati|padam)|kabel sr\b|"
                r"pasang baru listrik|subsidi listrik|\bkwh ?meter|meter(an)? kwh|pulsa listrik|"
                r"listrik (prabayar|pascabayar))"), 0.9),
    ("BPN", _rx(r"(\bbpn\b|kantor pertanahan|sertifikat (tanah|rumah|ganda|palsu)|"
                r"sertifikat\w*\b.{0,20}(hilang|tumpang|ditahan)|\bptsl\b|\broya\b|"
                r"mafia tanah|land certificate|\bgirik\b|\bshm\b|\bhgb\b)"), 0.9),
    ("POLRI", _rx(r"(\bstnk\b|\bbpkb\b|\bskck\b|\btilang\b|\betle\b|\bsatpas\b|\bsim [abc]\b|"
                  r"(perpanjang\w*|bikin|buat|pembuatan|ujian) sim\b|\bsim\b.{0,15}hilang|"
                  r"lapor(an)? (ke )?polisi|laporan polisi|driving licen[cs]e|ditipu|penipuan|"
                  r"narkoba|investasi bodong|(investasi|arisan|trading)\w*\b.{0,60}\bbodong\b|"
                  r"(polsek|polres\w*)\b.{0,40}(lapor|laporan|pelayanan|petugas|diproses|"
                  r"ditangani|skck)|(lapor|laporan)\w*\b.{0,40}(polsek|polres\w*))"), 0.85),
    ("POLRI", _CRIME, 0.85),
    # a police officer's own conduct: "oknum polisi minta uang damai", "polantas"
    ("POLRI", _rx(r"(\boknum (anggota )?(polisi|polantas|polri|brimob|polsek|polres\w*|"
                  r"kepolisian)|\buang damai\b|\bpolantas\b|\bpropam\b)"), 0.85),
    ("BPJS_TK", _rx(r"(bpjs (ketenagakerjaan|tk|naker)|bp ?jamsostek|\bjamsostek\b|\bjht\b|"
                    r"\bjmo\b|jaminan (hari tua|pensiun))"), 0.85),
    ("BPJS", _rx(r"(bpjs (kesehatan )?mandiri|iuran bpjs|mobile jkn|tunggakan bpjs|"
                 r"denda bpjs|bpjs\w*\b.{0,40}(menunggak|telat bayar|iuran|pindah kelas|"
                 r"ganti faskes|kartu\w* hilang|nonaktif)|(pindah|turun|naik) kelas\b.{0,20}"
                 r"\bbpjs|(ganti|pindah) faskes)"), 0.85),
    ("PROVINSI", _rx(r"(\b(sma|smk|sman|smkn)\b.{0,60}" + _SCHOOL_MATTER + r"|"
                     + _SCHOOL_MATTER + r".{0,60}\b(sma|smk|sman|smkn)\b|jalan provinsi|"
                     r"jalur provinsi|\bsamsat\b.{0,40}(pajak|bayar|stnk|denda|antre|antri|"
                     r"pelayanan|petugas|calo|plat)|pajak (kendaraan|motor|mobil)|pemprov|"
                     r"pajak (\w+ )?stnk|stnk\w*\b.{0,30}\bpajak|"
                     # intercity transport: its routes are licensed by the province
                     r"provinsi jawa timur|travel gelap|(bus|angkutan|travel|trayek)\w* antar ?"
                     r"(kota|kabupaten)|\bakdp\b)"), 0.8),
    ("PROVINSI", _PROVINCE_OFFICE, 0.8),
    ("PROVINSI", _PROVINCE_HOSPITAL, 0.8),
    ("PUSAT", _CENTRAL_HOSPITAL, 0.8),
    ("PUSAT", _PENSION_FUND, 0.85),
    # the Suramadu bridge is a national road (its lights, deck and lanes), not the access
    # roads or the vendors at its foot ("kaki jembatan Suramadu")
    ("PUSAT", _rx(r"((?<!kaki )(?<!akses )(?<!bawah )\bjembatan suramadu\b|suramadu bridge|"
                  r"\b(bentang|lajur|jalur|pylon|tol) suramadu\b)"), 0.8),
    ("PUSAT", _rx(r"(jalan nasional|\bbbpjn\b|kementerian|imigrasi|paspor|buku nikah|kemenag|"
                  # foreigners' stay permits and visas (immigration, central), in English too
                  r"\bkita[sp]\b|immigration|passport|\bvisa\b|stay permit|"
                  r"antrean haji|\bukt\b|\blapas\b|\bkua\b.{0,40}(nikah|biaya|"
                  r"daftar|pelayanan|petugas|penghulu|rujuk)|(nikah|penghulu).{0,40}\bkua\b|"
                  # courts (Mahkamah Agung) and central taxes (DJP)
                  r"pengadilan (negeri|agama|tinggi|tata usaha|niaga)|\bptun\b|bea (dan )?cukai|"
                  r"\bpn (surabaya|sby)\b|mahkamah agung|\b(gugatan|digugat|menggugat|kasasi)\b|"
                  r"\bbanding\b.{0,30}"
                  r"(putusan|vonis|perkara|pengadilan)|putusan (pengadilan|hakim|pn)\b|"
                  r"perkara (perdata|pidana|waris\w*|cerai)|sidang (cerai|perkara|gugatan|perdata|"
                  r"pidana)|pajak penghasilan|\bpph\b|\bkpp\b|kantor pajak(?! daerah)|\bdjp\b|"
                  r"spt tahunan|\bnpwp\b)"),
     0.8),
    # banks, loans and online lenders (not the city's "bank sampah")
    ("OJK", _rx(r"((utang|hutang|pinjam|tagihan|teror)\w* .{0,20}pinjol|pinjol .{0,30}(teror|"
                r"neror|meneror|tagih|nagih|utang|hutang|sebar|nyebar|menyebar|ilegal|ancam|"
                r"ngancam|mengancam)|pinjaman online|debt collector|leasing|"
                r"\bbank (bri|bni|mandiri|btn|bca|jatim|bsi|danamon|cimb|permata|mega)\b|"
                r"\b(bri|bni|bca|btn|bsi)\b.{0,30}(rekening|atm|kartu kredit|kredit|pinjaman|"
                r"\bkur\b|tabungan|saldo|transfer|cicilan)|kredit usaha rakyat|(pengajuan|"
                r"pinjaman|kredit|ajukan|mengajukan) kur\b|kartu kredit|\bojk\b|(rekening|atm|"
                r"tabungan|saldo) (\w+ )?(bri|bni|bca|btn|bsi|mandiri)\b|"
                r"asuransi (jiwa|kendaraan|mobil|swasta))"), 0.8),
    ("LAINNYA", _COURIER, 0.8),
    ("OJK", _BANK, 0.8),
    ("PUSAT", _UNIVERSITY, 0.8),
    ("LAINNYA", _rx(r"(kereta api|\bkai\b|komuter|commuter|\bkrl\b|\bpelni\b|bandara|juanda|"
                    r"kantor pos|indihome|\btelkom\b|jaringan gas|\bjargas\b|gas (alam|pipa)|"
                    # fuel and its stations (Pertamina, a state company)
                    r"\bpertamina\b|\bspbu\b|\b(pertalite|pertamax|biosolar)\b|"
                    r"solar (subsidi|langka|kosong|habis)|"
                    r"provider internet|operator seluler|"
                    # private telecoms and internet providers
                    r"\b(telkomsel|indosat|im3|xl ?axis|smartfren|first ?media|biznet|"
                    r"myrepublic|iconnet|mnc play)\b|"
                    # sea crossings, elections, and the neighbouring regencies' own matters
                    r"\b(ferry|feri|asdp)\b|kapal penyeberangan|\b(kpu|bawaslu|dpt)\b|"
                    r"daftar pemilih|"
                    # a landlord keeping a deposit or rent: a private dispute ("landlord saya
                    # nahan deposit kos", "ibu kos tidak mengembalikan uang jaminan")
                    r"(landlord|pemilik (kos|kost|kontrakan|rumah sewa)|(ibu|bapak|pak|bu) kos)"
                    r"\w*\b.{0,60}\b(deposit|uang jaminan|uang sewa|uang kos)|(deposit|uang "
                    r"jaminan)\w* (\w+ )?(kos|kost|kontrakan|sewa)\b|"
                    # air travel: airlines and their fares
                    r"tiket pesawat|maskapai|\b(garuda|lion ?air|citilink|batik air|air ?asia|"
                    r"super air jet)\b|\bairlines?\b|"
                    # money owed between private people, and an employer or agent abroad
                    r"(utang|hutang|pinjam|minjam|meminjam|ngutang)\w*\b.{0,40}\b(tidak|belum) "
                    r"(\w+ )?(dibayar|dilunasi|dikembalikan|bayar|kembali)|\b(kbri|kjri|bp2mi|"
                    r"bp3mi)\b|(majikan|agen|agensi|pjtki|p3mi|penyalur)\w*\b.{0,30}\bdi (malaysia|"
                    r"singapura|hong ?kong|taiwan|arab|saudi|brunei|korea|jepang|luar negeri)\b|"
                    r"\bpgn\b.{0,30}(gas|tagihan|meter|pipa)|(gas|tagihan|meter|pipa)"
                    r".{0,30}\bpgn\b|"
                    # the military: its housing, land and members (TNI, not the city)
                    r"\boknum (tni|tentara|marinir)\b|\b(kodim|koramil|pomdam|denpom|pomal)\b"
                    r".{0,40}(lapor|laporan|anggota|oknum|sengketa|gusur\w*|ditangani)|"
                    r"(rumah dinas|rumdis|asrama|perumahan|tanah|lahan|aset|mess) (milik )?"
                    r"(tni|tni ?a[dlu]|kodam|lantamal|lanal|lanud|kodikal|marinir|kostrad)\b"
                    r".{0,60}(sengketa|gusur\w*|pengosongan|dikosongkan|diusir|klaim|sewa|"
                    r"iuran|pungut\w*|penghuni))"), 0.75),
]  # fmt: skip


# Crime named as a risk of a city problem ("PJU mati, rawan dijambret").
_RISK = _rx(r"\b(rawan|takut|bahaya|sering ada|banyak|hampir|nyaris) (\w+ ){0,2}(dijambret|jambret|"
            r"begal|dibegal|maling|dicuri|pencurian|kejahatan)")  # fmt: skip
# The outside body already tried and it sent the citizen back to the city ("sdh lapor
# polisi, tp anak butuh pendampingan", "katanya bukan urusan PLN"): not the subject.
_TRIED = _rx(r"\b(sudah|sdh|udah|telah|wes|wis|pernah) (\w+ )?(lapor|melapor|telpon|telepon|"
             r"nelpon|hubungi|menghubungi|tanya|datang)\w* (ke )?(\w+ )?(polisi|polsek|polres\w*|"
             r"pln|bpn|bpjs)\b(?=.{0,40}\b(tapi|tp|tetapi|namun|katanya|kata\w*)\b)|"
             r"bukan (urusan|wewenang|tanggung jawab|tanggungan)\w* (\w+ )?"
             r"(pln|polisi|bpn|bpjs)\b")  # fmt: skip
# ... or tried and it did nothing ("lapor polisi gak digubris, itu kan perda pemkot"): not
# the subject when the message names a city matter (an OPD keyword) as well.
_IGNORED = _rx(r"\b(lapor|melapor|laporan|telpon|telepon|nelpon|hubungi|menghubungi)\w* (ke )?"
               r"(\w+ )?(polisi|polsek|polres\w*|pln|bpn|bpjs)\b,? (\w+ ){0,2}(tidak|belum) "
               r"(\w+ )?(digubris|ditanggapi|direspon\w*|diproses|ditindaklanjuti|digagas|"
               r"ditangani|datang|ada (respon\w*|tanggapan|tindakan|kabar))\b")  # fmt: skip
# The outside body sent the citizen to the city ("kata polisi itu urusan pemkot", "PLN
# bilang tiangnya punya dinas", "polsek nyuruh lapor ke kecamatan"): not the subject.
_CITY = r"(pemkot|pemerintah kota|dinas\w*|kelurahan|kecamatan|satpol( pp)?|wali ?kota|camat|lurah)"
_AUTHORITY = r"(urusan|wewenang|kewenangan|tugas|punya|milik|tanggung|tanggungan|bagian|ranah|aset)"
_SENT_BACK = _rx(r"\b(kata|katanya|menurut) (\w+ )?(polisi|polsek|polres\w*|pln|bpn|bpjs)\b"
                 r"(\W+\w+){0,10}?\W+" + _AUTHORITY + r"\w*(\W+\w+){0,3}?\W+" + _CITY + r"\b|"
                 r"\b(polisi|polsek|polres|pln|bpn|bpjs)\w* (\w+ ){0,2}(suruh|nyuruh|menyuruh|"
                 r"disuruh|minta|meminta|mengarahkan|arahkan|diarahkan|bilang|ngomong|lempar|"
                 r"melempar)\w* (\w+ ){0,5}" + _CITY + r"\b")  # fmt: skip
_SENT_BY = {"polisi": "POLRI", "polsek": "POLRI", "polres": "POLRI", "pln": "PLN", "bpn": "BPN"}
# Population documents: the body named is only where a document came from.
_STRONG = _rx(r"\b(stnk|bpkb|skck|sim [abc]|tilang|paspor)\b")
_VEHICLE_TAX = _rx(r"\bpajak (\w+ )?(stnk|kendaraan|motor|mobil)|stnk\w*\b.{0,30}\bpajak")
_RT_LETTER = _rx(r"\b(rt|rw)\b.{0,40}\b(surat )?pengantar\b")
_CIVIL = _rx(r"\b(ktp|kk|akta|kartu keluarga|surat pengantar|kelurahan|dukcapil|"
             r"status perkawinan)\b")  # fmt: skip


def external_body(text: str) -> RuleMatch | None:
    """Which outside body handles ``text``, if a clear keyword names one (place phrases
    such as "depan SMA 5" are not read as the subject)."""
    low = _TRIED.sub(" ", _RISK.sub(" ", _LANDMARK.sub(" ", canonical(text))))
    if opd_hints(text):
        low = _IGNORED.sub(" ", low)
    sent_back = _sent_back(low)
    for body, rx, confidence in _EXTERNAL_RULES:
        m = rx.search(low)
        if not m or body in sent_back:
            continue
        if rx is _CRIME and _city_matter(text, low):  # the crime only a city problem's context
            continue
        if body == "PLN" and _NOT_PLN.search(low):
            continue
        if body == "LAINNYA" and _LEVEL_CROSSING.search(low):
            continue
        if rx is _COURIER and _COURIER_NOT.search(low):
            continue
        if rx is _BANK and _CITY_MONEY.search(low):
            continue
        if rx is _UNIVERSITY and _CITY_GRANT.search(low):
            continue
        if body == "BPJS" and _NOT_BPJS.search(low):
            continue
        if body == "BPJS" and _CITY_CARE.search(low) and "faskes" not in m.group(0):
            continue
        if body == "BPJS_TK" and _EMPLOYER.search(low):
            continue
        # the city's own land matters: surat ijo, IPT, and property tax (PBB, Bapenda)
        if body == "BPN" and re.search(r"surat ijo|\bipt\b|\bpbb\b|\bsppt\b|pajak bumi", low):
            continue
        # "pak RT tidak mau kasih surat pengantar buat SKCK": the letter is the subject
        civil = _CIVIL.search(low) and (not _STRONG.search(low) or _RT_LETTER.search(low))
        if body in ("POLRI", "PUSAT") and rx is not _CENTRAL_HOSPITAL and civil:
            continue
        if body == "POLRI" and _VEHICLE_TAX.search(low):  # paid at Samsat (the province)
            continue
        if rx in (_PROVINCE_HOSPITAL, _CENTRAL_HOSPITAL) and _hospital_not_subject(low, rx):
            continue
        rule = HOSPITAL_RULE if rx in (_PROVINCE_HOSPITAL, _CENTRAL_HOSPITAL) else _RULE
        rule = PROVINCE_RULE if rx is _PROVINCE_OFFICE else rule
        rule = CENTRAL_RULE if rx is _PENSION_FUND else rule
        return RuleMatch(rule, body, m.group(0).strip(), confidence)
    if m := _REGENCY_PLACE.search(low):
        return RuleMatch(REGENCY_RULE, "LAINNYA", m.group(0).strip(), 0.8)
    return None


def _hospital_not_subject(low: str, rx: re.Pattern[str]) -> bool:
    """Whether the outside hospital in ``low`` is only a place or a referral, or a
    puskesmas or city hospital is named besides it."""
    if _HOSPITAL_PLACE.search(low):
        return True
    return bool(_CITY_CARE.search(rx.sub(" ", low)))


def sent_to_city(text: str) -> bool:
    """Whether an outside body named in ``text`` sent the citizen to the city."""
    return bool(_SENT_BACK.search(canonical(text)))


def _sent_back(low: str) -> set[str]:
    """The outside bodies that sent the citizen to the city, by rule body name."""
    found = set()
    for m in _SENT_BACK.finditer(low):
        for word in re.findall(r"\b(polisi|polsek|polres|pln|bpn|bpjs)", m.group(0)):
            found |= {"BPJS", "BPJS_TK"} if word == "bpjs" else {_SENT_BY[word]}
    return found
