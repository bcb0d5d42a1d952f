"""Hand-written routing rules, read on the canonical text (slang already normalised).

Order (see ``pipeline``): status check -> emergency (``emergency.py``) -> information
request -> external -> OPD keyword hints. Every rule returns a ``RuleMatch`` with its own
confidence and a ``reason`` naming the rule and the words that matched, so agents see why
a message was routed; a strong keyword ("permohonan informasi", "sertifikat tanah") is
more certain than a weak one ("minta data", "SMA").

Landmarks are places, not subjects: "lampu jalan mati dari depan SMA 5" is a street-light
complaint, so place phrases ("depan/dekat/samping ... SMA/KUA/Polsek/Samsat/PLN") are
removed before the external rules look for a body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .normalize import canonical, normalize


@dataclass(frozen=True)
class RuleMatch:
    """A rule decision: ``label`` is an emergency type, external body or OPD code."""

    rule: str
    label: str
    keyword: str
    confidence: float

    @property
    def reason(self) -> str:
        return f"rule: {self.rule} '{self.keyword}'"


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# --------------------------------------------------------------------------- status
# A dash with its spaces is optional ("\s*(?:-\s*)?"): "\s*-?\s*" would try every split of a
# long run of spaces after "mc" (quadratic).
TICKET_RE = _rx(r"\bmc\s*(?:[-‐‑‒–—―−/_.]\s*)?(20\d{2})\s*(?:[-‐‑‒–—―−/_.]\s*)?(\d{3,6})\b")
_STATUS_PATTERNS = [
    _rx(r"^\s*/(status|cek|check)\b"),
    _rx(r"\b(cek|status|update|progres|progress|perkembangan|tindak lanjut|kabar)\s+"
        r"(dari\s+)?(laporan|aduan|pengaduan|tiket|permohonan)"),
    _rx(r"\b(laporan|aduan|pengaduan)\s*(ku|saya)?\s+(sudah|wis)\s+(sampai|tekan)\s+"
        r"(mana|ngendi)"),
    _rx(r"\bsudah sampai mana\s+(laporan|aduan|pengaduan)"),
    _rx(r"\b(status|check)\s+(of\s+)?(my\s+)?(report|complaint|ticket)"),
    _rx(r"\b(update|news)\s+on\s+my\s+(report|complaint|ticket)"),
    _rx(r"^\W*(cek|status|check|cek status|cek laporan|status laporan)\W*$"),
    _rx(r"\b(laporan|aduan) (saya|ku)\b.{0,60}\b(sudah|belum) (dijadwalkan|diproses|"
        r"ditindaklanjuti|dikerjakan|ditangani|direspon|diteruskan)"),
    _rx(r"\b(dapat|diberi) nomor (tiket|laporan)"),
]  # fmt: skip


def find_ticket_numbers(text: str) -> tuple[str, ...]:
    """Ticket numbers in ``text``, normalised to ``MC-YYYY-NNNNNN`` (order kept, unique)."""
    found: list[str] = []
    for year, num in TICKET_RE.findall(text or ""):
        ticket = f"MC-{year}-{int(num):06d}"
        if ticket not in found:
            found.append(ticket)
    return tuple(found)


# A new problem reported after an old ticket number: a complaint, not a status check.
_NEW_PROBLEM = _rx(
    r"\b(lapor(an)? baru|mau lapor|juga mau lapor|ingin melaporkan|masalah (lain|baru)|"
    r"new (problem|issue|report)|(terus|trus|dan|tapi) sekarang|sekarang (ada|malah|giliran)|"
    r"sekalian (lapor|dicek))\b|(sudah|telah) (selesai|beres|tuntas|diperbaiki)\b.{0,40}[.,!]\s*"
    r"(sekarang|kali ini)\b"
)


# Thanks for a report that was handled: not a question about its status.
_DONE = (
    r"\b(sudah|telah) (ditangani|ditindaklanjuti|dikerjakan|diperbaiki|beres|selesai|"
    r"diangkut|dibersihkan)\b"
)
_THANKS = r"\b(terima kasih|thank|mantap|matur nuwun|suwun)"
_DONE_THANKS = _rx(f"{_DONE}.{{0,80}}{_THANKS}|{_THANKS}.{{0,80}}{_DONE}")
_STILL_ASKING = _rx(r"\?|\b(belum|kapan|kok|kenapa|masih)\b")


def match_status(text: str) -> RuleMatch | None:
    """A status check: a ticket number or a "cek/status laporan" phrase."""
    canon = canonical(text)
    tickets = find_ticket_numbers(text)
    if tickets and not _NEW_PROBLEM.search(canon):
        return RuleMatch("status check ticket", "status_check", tickets[0], 0.97)
    if tickets or (_DONE_THANKS.search(canon) and not _STILL_ASKING.search(canon)):
        return None
    for rx in _STATUS_PATTERNS:
        m = rx.search(canon) or rx.search(normalize(text))
        if m:
            return RuleMatch("status check phrase", "status_check", m.group(0).strip(), 0.9)
    return None


# ----------------------------------------------------------------------- info request
# (pattern, confidence): naming the procedure is certain, asking for "data" less so.
_INFO_PATTERNS = [
    (_rx(r"\b(permohonan|permintaan|meminta|mengajukan|ajukan) informasi( publik)?"), 0.95),
    (_rx(r"\bppid\b"), 0.95),
    (_rx(r"\binformasi publik\b"), 0.95),
    (_rx(r"\b(minta|meminta|mohon|permohonan|permintaan|ingin|butuh|kirim\w*) (\w+ ){0,2}"
         r"salinan\b"), 0.9),
    (_rx(r"\bsalinan (dokumen|sk|surat keputusan|perwali|perda|kontrak|laporan|notulen|"
         r"peta|berita acara|keputusan|perjanjian|lhp|izin|surat edaran|rekaman)"), 0.9),
    (_rx(r"\b(keberatan) (atas )?(informasi|jawaban ppid|permohonan informasi)"), 0.95),
    (_rx(r"\b(dokumen|salinan) (apbd|rpjmd|rkpd|lkpj|renstra|dpa|amdal|rdtr|rtrw)"), 0.9),
    (_rx(r"\b(minta|meminta|mohon|butuh|perlu|request|ingin|boleh minta|permohonan|"
         r"mendapatkan|kirim\w*) (\w+ ){0,2}data (jumlah|statistik|titik|volume|kualitas|"
         r"realisasi|luas|kasus|penerima|pendapatan|kunjungan|stunting|rekap|lengkap|"
         r"penduduk|debit|kecelakaan|pad|tbc|anak|resmi|sekolah|pengaduan)"), 0.85),
    (_rx(r"\b(minta|meminta|mohon|boleh minta|ingin|kirim\w*|memperoleh|mendapat\w*) "
         r"(\w+ ){0,2}(rincian anggaran|dokumen (rab|perencanaan|amdal|kontrak|anggaran)|"
         r"rab\b|kontrak(nya)?\b|notulen|laporan (keuangan|pertanggungjawaban|hasil audit)|"
         r"hasil (uji|audit)|peta rencana|daftar (penerima|proyek|harga|aset|izin|perusahaan|"
         r"pemenang|rekanan|paket|tanah|hibah|pejabat|kegiatan|lokasi))"), 0.8),
    (_rx(r"\b(uu kip|keterbukaan informasi|berhak tahu|hasil audit|berapa (sebenarnya )?"
         r"anggaran|rincian penggunaan dana|(data|dokumen)\w*\b.{0,30}(bisa )?(diminta|"
         r"didownload|diunduh|dijaluk)|bisa (didownload|diunduh) di ?mana|can i (request|"
         r"get|obtain)\b.{0,40}(data|counts|figures|documents?|records))"), 0.8),
    # asking whether the data exists: "data jumlah minimarket ... ada tidak?"
    (_rx(r"\b(ada|adakah|apakah ada) data (jumlah|statistik|rekap|realisasi)\b|"
         r"\bdata (jumlah|statistik|rekap|realisasi)\b.{0,60}\b(ada (tidak|atau tidak)|"
         r"adakah|apakah ada|bisa (didapat|diminta|diakses))"), 0.8),
    (_rx(r"\b(untuk|buat|keperluan) (skripsi|tesis|penelitian|riset|tugas akhir|research|"
         r"kajian|liputan)"), 0.8),
    (_rx(r"\b(request (the |a )?(copy|documents?|data)|budget document|share the data|"
         r"official (number|data))"), 0.85),
]  # fmt: skip


def match_info_request(text: str) -> RuleMatch | None:
    """A public-information (PPID) request: documents, data, copies, objections."""
    canon = canonical(text)
    for rx, confidence in _INFO_PATTERNS:
        m = rx.search(canon)
        if m:
            return RuleMatch("information request", "PPID", m.group(0).strip(), confidence)
    return None


# --------------------------------------------------------------------------- external
# A place phrase naming an outside body's building: only where the problem is.
_LANDMARK = _rx(
    r"\b(depan|dekat|deket|samping|sebelah|seberang|belakang|ngarep\w*|cedhak|arah|"
    r"sampai|sampe|dari|utara|selatan|timur|barat|pinggir|lewat|menuju|near|in front of|"
    r"opposite|next to)\s+(kantor\s+|gedung\s+)?(sma|smk|sman|smkn|kua|polres\w*|polsek|"
    r"samsat|pln|kantor pos|bank|bpn|imigrasi|pengadilan|pajak|kpp|stasiun|bandara|gerbang tol|"
    r"pintu tol|tol)\b(\s+(negeri|pgri|muhammadiyah|pelabuhan)?\s*[\w-]+)?"
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
# An employer that did not register or pay for its staff: a labour matter.
_EMPLOYER = _rx(r"\b(perusahaan|pabrik|kantor|bos|majikan|instansi)\w*\b.{0,40}\b(tidak|belum) "
                r"(\w+ )?(mendaftarkan|didaftarkan|daftarkan|membayar\w*|bayar\w*)")  # fmt: skip
# A crime that happened (theft, pickpocketing, a mugging): the police's, unless the
# message names a city problem it happened by ("PJU mati, kemarin ada yang dibegal").
_CRIME = _rx(r"(kemasukan maling|\bmaling\w* (motor|mobil|hp|helm|sepeda|rumah)|"
             r"\b(kemalingan|kecopetan|dicopet|kecurian|curanmor|dibegal|kebegal|dijambret|"
             r"dirampas)\b|"
             r"\bpencurian (motor|mobil|hp|rumah|sepeda|kendaraan)|"
             r"\b(motor|mobil|hp|helm|dompet|sepeda|laptop|tas)\w*\b.{0,30}"
             r"\b(dicuri|digondol|dibawa kabur|dibawa lari)\b)")  # fmt: skip
# Someone stealing or robbing: with an emergency the model sees, one happening now.
_THIEF = _rx(r"\b(maling\w*|kemalingan|pencuri\w*|mencuri|nyolong|jambret\w*|dijambret|"
             r"begal\w*|dibegal|kebegal|copet\w*|dicopet|kecopetan|curanmor|rampok\w*|"
             r"dirampok|perampok\w*|merampas|dirampas|thief|thieves|stealing|robbery|"
             r"mugging|mugged)\b")  # fmt: skip


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
                     r"provinsi jawa timur)"), 0.8),
    ("PUSAT", _rx(r"(jalan nasional|\bbbpjn\b|kementerian|imigrasi|paspor|buku nikah|kemenag|"
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
    ("OJK", _rx(r"((utang|hutang|pinjam|tagihan|teror)\w* .{0,20}pinjol|pinjol .{0,20}(teror|"
                r"tagih|utang|hutang|sebar|ilegal)|pinjaman online|debt collector|leasing|"
                r"\bbank (bri|bni|mandiri|btn|bca|jatim|bsi|danamon|cimb|permata|mega)\b|"
                r"\b(bri|bni|bca|btn|bsi)\b.{0,30}(rekening|atm|kartu kredit|kredit|pinjaman|"
                r"\bkur\b|tabungan|saldo|transfer|cicilan)|kredit usaha rakyat|(pengajuan|"
                r"pinjaman|kredit|ajukan|mengajukan) kur\b|kartu kredit|\bojk\b|(rekening|atm|"
                r"tabungan|saldo) (\w+ )?(bri|bni|bca|btn|bsi|mandiri)\b|"
                r"asuransi (jiwa|kendaraan|mobil|swasta))"), 0.8),
    ("LAINNYA", _rx(r"(kereta api|\bkai\b|komuter|commuter|\bkrl\b|\bpelni\b|bandara|juanda|"
                    r"kantor pos|indihome|\btelkom\b|jaringan gas|\bjargas\b|gas (alam|pipa)|"
                    r"provider internet|operator seluler|"
                    # private telecoms and internet providers
                    r"\b(telkomsel|indosat|im3|xl ?axis|smartfren|first ?media|biznet|"
                    r"myrepublic|iconnet|mnc play)\b|"
                    # sea crossings, elections, and the neighbouring regencies' own matters
                    r"\b(ferry|feri|asdp)\b|kapal penyeberangan|\b(kpu|bawaslu|dpt)\b|"
                    r"daftar pemilih|\b(pemkab|kabupaten|pemerintah kabupaten|wilayah) (sidoarjo|"
                    r"gresik|bangkalan|mojokerto|lamongan|pasuruan)\b|"
                    # a road or land in a neighbouring regency ("jalan di Menganti Gresik",
                    # Madurese "tanah kaula e Bangkalan"), not Surabaya's "Jalan Gresik"
                    r"\b(jalan|jembatan|tanah|lahan|sawah)\w*\b.{0,30}\b(di|e|daerah|wilayah|"
                    r"kab) (?!(jalan|jl|jln|gang|gg|raya)\b)(\w+ )?(sidoarjo|gresik|bangkalan|"
                    r"mojokerto|lamongan|pasuruan|"
                    r"sampang|pamekasan|sumenep)\b|"
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
# The outside body sent the citizen to the city ("kata polisi itu urusan pemkot", "PLN
# bilang tiangnya punya dinas", "polsek nyuruh lapor ke kecamatan"): not the subject.
_CITY = r"(pemkot|pemerintah kota|dinas\w*|kelurahan|kecamatan|satpol( pp)?|wali ?kota|camat|lurah)"
_AUTHORITY = r"(urusan|wewenang|kewenangan|tugas|punya|milik|tanggung|tanggungan|bagian|ranah|aset)"
_SENT_BACK = _rx(r"\b(kata|katanya|menurut) (\w+ )?(polisi|polsek|polres\w*|pln|bpn|bpjs)\b"
                 r"(\W+\w+){0,10}?\W+" + _AUTHORITY + r"\w*(\W+\w+){0,3}?\W+" + _CITY + r"\b|"
                 r"\b(polisi|polsek|polres\w*|pln|bpn|bpjs)\w* (\w+ ){0,2}(suruh|nyuruh|menyuruh|"
                 r"disuruh|minta|meminta|mengarahkan|arahkan|diarahkan|bilang|ngomong|lempar|"
                 r"melempar)\w* (\w+ ){0,5}" + _CITY + r"\b")  # fmt: skip
_SENT_BY = {"polisi": "POLRI", "polsek": "POLRI", "polres": "POLRI", "pln": "PLN", "bpn": "BPN"}
# Population documents: the body named is only where a document came from.
_STRONG = _rx(r"\b(stnk|bpkb|skck|sim [abc]|tilang|paspor)\b")
_VEHICLE_TAX = _rx(r"\bpajak (\w+ )?(stnk|kendaraan|motor|mobil)|stnk\w*\b.{0,30}\bpajak")
_CIVIL = _rx(r"\b(ktp|kk|akta|kartu keluarga|surat pengantar|kelurahan|dukcapil|"
             r"status perkawinan)\b")  # fmt: skip


def external_body(text: str) -> RuleMatch | None:
    """Which outside body handles ``text``, if a clear keyword names one (place phrases
    such as "depan SMA 5" are not read as the subject)."""
    low = _TRIED.sub(" ", _RISK.sub(" ", _LANDMARK.sub(" ", canonical(text))))
    sent_back = _sent_back(low)
    for body, rx, confidence in _EXTERNAL_RULES:
        m = rx.search(low)
        if not m or body in sent_back:
            continue
        if rx is _CRIME and opd_hints(text):  # a city problem, the crime only its context
            continue
        if body == "PLN" and _NOT_PLN.search(low):
            continue
        if body == "LAINNYA" and _LEVEL_CROSSING.search(low):
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
        if body in ("POLRI", "PUSAT") and _CIVIL.search(low) and not _STRONG.search(low):
            continue
        if body == "POLRI" and _VEHICLE_TAX.search(low):  # paid at Samsat (the province)
            continue
        return RuleMatch("outside city jurisdiction", body, m.group(0).strip(), confidence)
    return None


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


# ------------------------------------------------------------------------ OPD hints
_OPD_HINTS: list[tuple[str, re.Pattern[str]]] = [
    ("DISHUB", _rx(r"(\bpju\b|palang pintu|perlintasan (sebidang|kereta)|"
                   r"lampu (jalan|penerangan jalan|lalu lintas|merah)|traffic light|"
                   r"bangjo|\bapill\b|juru parkir|jukir|parkir liar|suroboyo bus|street light)")),
    ("PDAM", _rx(r"(\bpdam\b|air ledeng|meter(an)? air|tagihan air|surya sembada|"
                 r"air (mati|keruh)\b|air bersih|mobil tangki air|sambungan (baru )?air|"
                 r"(kran|keran) (air )?(mati|tidak (keluar|mengalir)))")),
    ("DISPENDUKCAPIL", _rx(r"(e-?ktp|\bktp\b|kartu keluarga|akta (kelahiran|kematian|lahir)|"
                           r"klampid|dukcapil|\bkia\b|pindah datang|\bikd\b)")),
    ("BAPENDA", _rx(r"(\bpbb\b|\bsppt\b|\bbphtb\b|\bnjop\b|pajak (restoran|reklame|hotel|"
                    r"hiburan|parkir)|pajak bumi|pajak (rumah|tanah|bangunan)\b)")),
    ("BPKAD", _rx(r"(surat ijo|\bipt\b|aset pemkot|izin pemakaian tanah)")),
    ("SATPOLPP", _rx(r"(\bpkl\b|pedagang kaki lima|miras|minuman keras|"
                     r"(reklame|baliho|spanduk|banner|poster|papan iklan)\w* liar|"
                     r"bangunan liar|balap liar|"
                     # noise and nightlife (public order)
                     r"berisik|bising|kebisingan|sound ?system|karaoke|musik (keras|kencang)|"
                     r"(tempat|rumah) hiburan|hiburan malam)")),
    ("DINKES", _rx(r"(puskesmas|fogging|\bdbd\b|demam berdarah|posyandu|imunisasi|stunting)")),
    ("RSUD", _rx(r"(\brsud\b|soewandhie|bhakti dharma husada|\bbdh\b)")),
    ("DPRKPP", _rx(r"(rusun|rusunawa|rumah tidak layak huni|rutilahu|\bpsu\b)")),
    ("INSPEKTORAT", _rx(r"(\bpungli\b|gratifikasi|\bsuap\b|korupsi|mark up|fiktif)")),
    ("BKPSDM", _rx(r"(\bpppk\b|\bcpns\b|honorer|\basn\b.{0,30}(pangkat|mutasi|cuti|pensiun))")),
    ("DISNAKER", _rx(r"(\bumk\b|\bthr\b|pesangon|\bphk\b|di-?phk|lembur)")),
    ("DISPUSIP", _rx(r"(perpustakaan|perpus\b|taman baca)")),
    ("DPMPTSP", _rx(r"(single window|\bssw\b|\bpbg\b|izin usaha|\bslf\b|perizinan)")),
    ("DPKP", _rx(r"(hidran|hydrant|sarang tawon|sarang lebah|\bapar\b)")),
    ("DINSOS", _rx(r"(bansos|\bpkh\b|\bbpnt\b|\bmbr\b|\bdtks\b|\bpbi\b|liponsos|permakanan)")),
    ("DISPENDIK", _rx(r"(\bppdb\b|\bspmb\b|zonasi|\bsdn\b|\bsmpn\b|\b(sd|smp) negeri\b|ijazah|"
                      r"seragam sekolah)")),
    ("DLH", _rx(r"(sampah|\btps\b|dipangkas|perantingan|pemangkasan|"
                # city parks and their fountains and ponds
                r"taman kota|air mancur|kolam taman|ruang terbuka hijau|\brth\b)")),
    ("DSDABM", _rx(r"(berlubang|jalan rusak|got\w* mampet|saluran\w*\b.{0,20}(mampet|buntu|"
                   r"tersumbat)|paving|aspal|(trotoar|pedestrian|jalur pejalan kaki)\w*\b.{0,30}"
                   r"(rusak|berlubang|ambles|amblas|miring|retak|pecah|ambrol|copot|jebol|"
                   r"terbuka|hilang|licin))")),
    ("DP3APPKB", _rx(r"(\bkdrt\b|pelecehan|kekerasan (dalam rumah|pada anak|terhadap)|"
                     r"dicabuli|bullying|di-?bully)")),
    ("DKPP", _rx(r"(anjing liar|rabies|rumah potong (hewan|unggas|ayam|sapi)|\brphu?\b|"
                 r"ayam tiren|(pemotongan|jagal|penyembelihan) (hewan|unggas|ayam|sapi)|"
                 r"tempat (potong|jagal))")),
    ("DINKOPDAG", _rx(r"(pengelola pasar|retribusi (pasar|stan)|\bumkm\b|operasi pasar|"
                      r"pasar murah|e-peken)")),
]  # fmt: skip


# A place phrase naming a school, clinic or market: where the problem is, not its subject
# ("jalan berlubang depan SDN Ketabang" is a road; "guru SDN Ketabang" is a school).
_PLACE = _rx(
    r"\b(depan|dekat|deket|samping|sebelah|seberang|belakang|ngarep\w*|cedhak|sebrang|"
    r"pinggir|utara|selatan|timur|barat)\s+(sdn?|smpn?|sman?|smkn?|sekolah\w*|puskesmas|"
    r"rsud|pasar|perpus\w*|rusun\w*)\b(\s+[\w-]+)?"
)


def opd_hints(text: str) -> list[RuleMatch]:
    """Keyword hints for OPDs (used to nudge, not override, the model); a landmark the
    problem is next to gives none."""
    low = _PLACE.sub(" ", canonical(text))
    hints: list[RuleMatch] = []
    for code, rx in _OPD_HINTS:
        m = rx.search(low)
        if m:
            hints.append(RuleMatch("OPD keyword", code, m.group(0).strip(), 0.8))
    return hints
