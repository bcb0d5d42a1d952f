"""Hand-written routing rules, read on the canonical text (slang already normalised).

Order (see ``pipeline``): status check -> emergency (``emergency.py``) -> information
request -> external (``outside.py``) -> OPD keyword hints. Every rule returns a
``RuleMatch`` with its own confidence and a ``reason`` naming the rule and the words that
matched, so agents see why a message was routed; a strong keyword ("permohonan
informasi", "sertifikat tanah") is more certain than a weak one ("minta data", "SMA").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .normalize import canonical, keyword, normalize
from .normalize import rx as _rx
from .opd_words import OPD_WORDS


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


# --------------------------------------------------------------------------- status
# An optional dash ("\s*(?:-\s*)?"): "\s*-?\s*" would try every split of a run of spaces.
TICKET_RE = _rx(r"\bmc\s*(?:[-‐‑‒–—―−/_.]\s*)?(20\d{2})\s*(?:[-‐‑‒–—―−/_.]\s*)?(\d{3,6})\b")
# An officer's promised visit asked after: "ditelpon petugas katanya mau survei, kapan?"
PROMISED_VISIT = _rx(r"\b(petugas\w*|ditelpon|ditelepon|dihubungi)\b.{0,40}\b(mau|akan) (survei|"
                     r"survey|datang|ke lokasi|cek|ngecek|mengecek|dicek|dikerjakan)\b.{0,60}\b"
                     r"(kapan|belum (datang|ada))\b")  # fmt: skip
_STATUS_PATTERNS = [
    _rx(r"^\s*/(status|cek|check)\b"),
    _rx(r"\b(cek|status|update|progres|progress|perkembangan|tindak lanjut|kelanjutan|kabar)\s+"
        r"(dari\s+)?(laporan|aduan|pengaduan|tiket|permohonan)"),
    _rx(r"\b(laporan|aduan|pengaduan)\s*(ku|saya)?\s+(sudah|wis)\s+(sampai|tekan)\s+"
        r"(mana|ngendi)"),
    _rx(r"\bsudah sampai mana\s+(laporan|aduan|pengaduan)"),
    _rx(r"\b(status|check)\s+(of\s+)?(my\s+)?(report|complaint|ticket)"),
    _rx(r"\b(update|news)\s+on\s+my\s+(report|complaint|ticket)"),
    # "I reported ... last Monday. Could you tell me whether it was passed on ...?"
    _rx(r"\bi (reported|submitted|filed|lodged)\b.{0,120}\b(any (update|news|progress)|"
        r"passed on|forwarded|referred|(been )?(handled|followed up)|status|progress)"),
    _rx(r"^\W*(cek|status|check|cek status|cek laporan|status laporan)\W*$"),
    # "laporan saya ... belum diproses", also an operator's "menanyakan apakah laporannya .."
    _rx(r"\b((laporan|aduan|pengaduan) (saya|ku|kami)|(laporan|aduan|pengaduan)nya)\b.{0,60}"
        r"\b(sudah|belum) (dijadwalkan|diproses|"
        r"ditindaklanjuti|dikerjakan|ditangani|direspon|diteruskan)"),
    _rx(r"\b(dapat|diberi) nomor (tiket|laporan)"),
    PROMISED_VISIT,  # and awaited: "saya yang lapor got mampet, sudah ada yang datang belum?"
    _rx(r"\b(yang|sudah) (\w+ )?(lapor|melapor)\w*\b.{0,80}\bsudah (ada )?(petugas|yang)\w* (\w+ )?"
        r"(datang|ke lokasi|cek|ngecek|mengecek|survei|survey)\w*\b (\w+ ){0,2}belum\b"),
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


# Thanks for work done, asking nothing more ("makasih, lampunya sudah nyala"): no complaint.
_FIXED = (
    _DONE + r"|\b(fixed|repaired|cleaned|resolved|sorted out|taken care of)\b|"
    r"\b(sudah|telah) (nyala|menyala|mengalir|lancar|bersih|mulus)\b"
)
_THANKS_FOR_FIXED = _rx(f"({_FIXED}).{{0,80}}{_THANKS}|{_THANKS}.{{0,80}}({_FIXED})")
_MORE_ASKED = _rx(
    r"\b(tapi|tetapi|namun|cuma|sayang\w*|but|however|still|mohon|tolong|minta|harap|"
    r"could|can you|lagi (rusak|mati|mampet)|rusak lagi|mati lagi)\b"
)


# Sarcasm about a road: praise for a road "turned into a fish pond" or an off-road track
# ("Terima kasih pemkot, jalannya sudah jadi kolam lele 👍") is a complaint about it.
_ROAD_MOCKED = _rx(
    r"\b(jalan|jl|jln|dalan|aspal|gang|gg)\b.{0,60}\b(jadi|dadi|kayak|kaya|kayaknya|seperti|"
    r"mirip|berubah jadi) (\w+ )?(kolam|empang|tambak|sungai|kali|kubangan|sawah|danau|"
    r"wahana|arena|lintasan|track) ?(lele|ikan|renang|kerbau|off ?road|motocross|offroad)?\b|"
    r"\btinggal (tebar|nebar|dikasih) (benih|bibit|ikan|lele)\b"
)


_MOCK_ANIMALS = _rx(r"\b(lele|ikan|benih|bibit|kerbau|mancing|memancing)\b")


def mocks_a_road(text: str) -> bool:
    """Whether ``text`` mocks a road as a pond, a river or an off-road track."""
    return bool(_ROAD_MOCKED.search(canonical(text)))


def match_thanks(text: str) -> RuleMatch | None:
    """Thanks for a problem already handled that asks nothing more (no number cited)."""
    canon = canonical(text)
    m = _THANKS_FOR_FIXED.search(canon)
    asks = m is None or find_ticket_numbers(text) or _STILL_ASKING.search(canon)
    if asks or _MORE_ASKED.search(canon) or _NEW_PROBLEM.search(canon):
        return None
    return RuleMatch("thanks for work done", "not_complaint", keyword(m[0]), 0.85)


# A PPID number ("PPID/2026/112") asked about: its status; an objection is no status check.
_REGISTRATION = _rx(r"\bppid[\s\-_./:]*(20\d\d)[\s\-_./:]*(\d{1,5})\b")
_NEW_REQUEST = _rx(r"\b(keberatan|(permohonan|permintaan) (informasi )?(baru|lain|lagi))\b")


def match_status(text: str) -> RuleMatch | None:
    """A status check: a ticket or PPID registration number, or a "cek/status laporan"
    phrase."""
    canon = canonical(text)
    tickets = find_ticket_numbers(text)
    thanks_for_done = _DONE_THANKS.search(canon) and not _STILL_ASKING.search(canon)
    if tickets and thanks_for_done:  # "> Laporan MC-... telah selesai. Sudah beres, makasih"
        return None
    if tickets and not _NEW_PROBLEM.search(canon):
        return RuleMatch("status check ticket", "status_check", tickets[0], 0.97)
    registered = _REGISTRATION.search(canon)
    if registered and _STILL_ASKING.search(canon) and not _NEW_REQUEST.search(canon):
        return RuleMatch("status check ticket", "status_check", registered.group(0), 0.95)
    if tickets or thanks_for_done:
        return None
    for rx in _STATUS_PATTERNS:
        m = rx.search(canon) or rx.search(normalize(text))
        if m:
            return RuleMatch("status check phrase", "status_check", m.group(0).strip(), 0.9)
    return None


# An application's status in a unit's own system ("NIB di SSW statusnya diproses terus"): a
# complaint about that service, not a question about a report to the desk.
_APPLICATION_STATUS = _rx(
    r"\b(nib|pbg|imb|slf|ssw|oss|izin\w*|perizinan|ktp|kk|akta|kia|berkas|pengajuan)\b.{0,40}"
    r"\bstatus\w*|\bstatus\w* (\w+ )?(pengajuan|permohonan|izin|perizinan|berkas|nib|pbg)\b"
)
_REPORT_WORD = _rx(r"\b(laporan|lapor|melapor|aduan|pengaduan|tiket|keluhan)\w*\b")


def names_application_status(text: str) -> bool:
    """Whether ``text`` asks about an application's status in a unit's system, naming no
    report to the desk."""
    canon = canonical(text)
    return bool(_APPLICATION_STATUS.search(canon)) and not _REPORT_WORD.search(canon)


# ----------------------------------------------------------------------- info request
# (pattern, confidence): naming the procedure is certain, asking for "data" less so.
_INFO_PATTERNS = [
    (_rx(r"\b(permohonan|permintaan|meminta|mengajukan|ajukan) informasi( publik)?"), 0.95),
    (_rx(r"\bppid\b"), 0.95),
    (_rx(r"\binformasi publik\b"), 0.95),
    (_rx(r"\b(minta|meminta|mohon|permohonan|permintaan|ingin|butuh|kirim\w*) (\w+ ){0,2}"
         r"salinan\b"), 0.9),
    # figures asked for without the word "data": "minta rekap jumlah kejadian kebakaran"
    (_rx(r"\b(minta|meminta|mohon|permohonan|permintaan|butuh|perlu|request|boleh minta|"
         r"bisa minta|mendapatkan) (\w+ ){0,2}((rekapitulasi|statistik)\b|jumlah "
         r"(kejadian|kasus|korban|penerima|pengaduan|panggilan|laporan)\b)"), 0.85),
    (_rx(r"\bsalinan (dokumen|sk|surat keputusan|perwali|perda|kontrak|laporan|notulen|"
         r"peta|berita acara|keputusan|perjanjian|lhp|izin|surat edaran|rekaman)"), 0.9),
    (_rx(r"\b(keberatan) (atas )?(informasi|jawaban ppid|permohonan informasi)"), 0.95),
    (_rx(r"\b(dokumen|salinan) (apbd|rpjmd|rkpd|lkpj|renstra|dpa|amdal|rdtr|rtrw)"), 0.9),
    (_rx(r"\b(minta|meminta|mohon|butuh|perlu|request|ingin|boleh minta|permohonan|"
         r"mendapatkan|kirim\w*) (\w+ ){0,2}data (jumlah|statistik|titik|volume|kualitas|"
         r"realisasi|luas|kasus|penerima|pendapatan|kunjungan|stunting|rekap|lengkap|"
         r"penduduk|debit|kecelakaan|pad|tbc|anak|resmi|sekolah|pengaduan)"), 0.85),
    (_rx(r"\b(minta|meminta|mohon|boleh minta|ingin|kirim\w*|memperoleh|mendapat\w*|info\w*|"
         r"(mau|ingin|pengen|pingin|pengin) (tau|tahu|lihat|liat)) "
         r"(\w+ ){0,2}(rincian anggaran|dokumen (rab|perencanaan|amdal|kontrak|anggaran)|"
         r"rab\b|kontrak(nya)?\b|notulen|laporan (keuangan|pertanggungjawaban|hasil audit)|"
         r"hasil (uji|audit)|peta rencana|daftar (penerima|proyek|harga|aset|izin|perusahaan|"
         r"pemenang|rekanan|paket|tanah|hibah|pejabat|kegiatan|lokasi|tarif))"), 0.8),
    (_rx(r"\b(uu kip|keterbukaan informasi|berhak tahu|hasil audit|berapa (sebenarnya )?"
         r"(anggaran|nilai (kontrak|proyek|tender|pagu))|nilai (kontrak|tender)\w*\b.{0,12}"
         r"\bberapa\b|rincian penggunaan dana|(data|dokumen|peta|salinan|arsip|risalah|notulen)"
         r"\w*\b(?! (saya|aku|kami|pribadi|diri))(?<!ku)((?!\b(saya|aku|kami|ku)\b).){0,30}"
         r"(bisa )?(diminta|didownload|"
         r"diunduh|dijaluk|diakses)|bisa (didownload|diunduh) di ?mana|can i (request|"
         r"get|obtain)\b.{0,40}(data|counts|figures|documents?|records))"), 0.8),
    # the file of a regulation or plan: "minta file pdf Perwali parkir", "softcopy RDTR"
    (_rx(r"\b(minta|meminta|mohon|butuh|perlu|request|ingin|boleh minta|bisa minta|kirim\w*|"
         r"mengirim\w*|cari|mencari|mendapat\w*|share) (\w+ ){0,2}(file|pdf|softcopy|soft ?file|"
         r"naskah|draf|draft|peta)\w*\b (\w+ ){0,2}(perda|perwali|perwal|peraturan|sk|"
         r"surat keputusan|surat edaran|rtrw|rdtr|rpjmd|rkpd|apbd|renstra|lkpj|"
         r"masterplan)\b"), 0.85),
    # asking whether something is public: "datanya informasi terbuka?", "apakah datanya
    # termasuk informasi yang dikecualikan?", "apakah laporan itu terbuka untuk umum?"
    (_rx(r"\b(info|informasi|data|dokumen)\w* (publik |yang )?terbuka\b(?! (di|ke|bebas|"
         r"begitu|sembarang\w*|untuk siapa))|"
         r"\b(bersifat|termasuk|merupakan|tergolong) (informasi |info |data |dokumen )?"
         r"(yang )?(terbuka|dikecualikan)\b|\b(apakah|apa|bisakah)\b.{0,60}"
         r"\b(data|dokumen|laporan|daftar|informasi|info|salinan|arsip)\w*\b.{0,40}"
         r"\b(terbuka|dibuka) (untuk|bagi) (umum|publik)\b"), 0.8),
    # asking whether a document exists that one may see: "apakah ada dokumen evaluasi
    # program ... yang bisa saya akses?"
    (_rx(r"\b(ada|adakah|apakah ada) (dokumen|data|salinan|arsip)\b"
         r"(?! (saya|aku|kami|pribadi|diri)).{0,60}\b(bisa|boleh|dapat) "
         r"(saya |kami |publik |warga )?(akses|diakses|lihat|dilihat|minta|diminta|unduh|"
         r"diunduh|peroleh|diperoleh)\b"), 0.8),
    # whether the data or a document exists: "data jumlah minimarket ... ada tidak?",
    # "daftar usaha yang kena sanksi ada dokumennya gak?"
    (_rx(r"\b(ada|adakah|apakah ada) data (jumlah|statistik|rekap|realisasi)\b|\b(ada (tidak|"
         r"enggak|nggak)|adakah) (data|dokumen|daftar|file|arsip|rekap)\b(?! (saya|aku|kami))|"
         r"\bada (dokumen|salinan|arsip)(nya)? (tidak|atau tidak)\b|"
         r"\b(dokumen|salinan|arsip)nya ada (tidak|atau tidak)\b|"
         r"\bdata (jumlah|statistik|rekap|realisasi)\b.{0,60}\b(ada (tidak|atau tidak)|"
         r"adakah|apakah ada|bisa (didapat|diminta|diakses))"), 0.8),
    # what a budget was spent on: "anggaran kelurahan dipakai apa aja? minta rinciannya"
    (_rx(r"\b(anggaran|apbd|dana (kelurahan|kecamatan|rw|rt|hibah|bos|csr))\w*\b.{0,60}"
         r"\b(dipakai|digunakan|dipergunakan|dialokasikan|dibelanjakan|untuk|buat) apa (saja|"
         r"aja)\b|\b(anggaran|apbd)\w*\b.{0,80}\b(meminta|mohon|minta) (\w+ ){0,2}rincian|"
         r"\b(meminta|mohon|minta) (\w+ ){0,2}rincian\w*\b.{0,40}\b(anggaran|apbd)"), 0.8),
    (_rx(r"\b(untuk|buat|keperluan) (skripsi|tesis|penelitian|riset|tugas akhir|research|"
         r"kajian|liputan)"), 0.8),
    (_rx(r"\b(request (the |a )?(copy|documents?|data)|budget document|share the data|"
         r"official (number|data))"), 0.85),
    # English: "Request: list of all licensed venues", "could I get the figures of ..."
    (_rx(r"\b(request|could i (get|have)|may i (get|have)|(please|mohon) (send|share))\W+"
         r"(\w+ ){0,2}(list|records|figures|statistics) of\b"), 0.85),
]  # fmt: skip


def match_info_request(text: str) -> RuleMatch | None:
    """A public-information (PPID) request: documents, data, copies, objections."""
    canon = canonical(text)
    for rx, confidence in _INFO_PATTERNS:
        m = rx.search(canon)
        if m:
            return RuleMatch("information request", "PPID", m.group(0).strip(), confidence)
    return None


# --------------------------------------------------------------------------- focus
# "... (a long story) ... Masalahnya: galian saluran di gang kami dibiarkan terbuka": the
# problem a rambling message announces; the story before it (a child at school, thanks
# for the parks) is not what the unit is chosen for.
_PROBLEM_IS = _rx(
    r"\b(masalahnya|intinya|jadi intinya|yang (mau|ingin|hendak) saya (laporkan|"
    r"keluhkan|adukan)|keluhan saya|the (problem|issue) is)\b\s*(adalah|yaitu|ialah)?\s*:?"
)
MIN_FOCUS_WORDS = 5


def focus(text: str) -> str:
    """The part of `text` after its last "masalahnya:" / "intinya" (the problem it
    announces), when that part has MIN_FOCUS_WORDS words or more; else `text`."""
    found = list(_PROBLEM_IS.finditer(text))
    if not found:
        return text
    rest = text[found[-1].end() :]
    return rest if len(re.findall(r"[^\W\d_]{2,}", rest)) >= MIN_FOCUS_WORDS else text


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
    ("DINSOS", _rx(r"(bansos|\bpkh\b|\bbpnt\b|\bmbr\b|\bdtks\b|\bpbi\b|liponsos|permakanan|"
                   # beggars, street children and people living in the street, wherever
                   # they stand
                   r"pengemis|mengemis|\bngemis|anak jalanan|\banjal\b|\bgepeng\b|"
                   r"anak\w* (\w+ )?(ngamen|mengamen)|gelandangan|\bodgj\b|orang gila|"
                   r"gangguan jiwa)")),
    ("DISPENDIK", _rx(r"(\bppdb\b|\bspmb\b|zonasi|\bsdn\b|\bsmpn\b|\b(sd|smp) negeri\b|ijazah|"
                      r"seragam sekolah)")),
    ("DLH", _rx(r"(sampah|\btps\b|dipangkas|perantingan|pemangkasan|"
                # city parks and their fountains and ponds
                r"taman kota|air mancur|kolam taman|ruang terbuka hijau|\brth\b)")),
    ("DSDABM", _rx(r"(berlubang|jalan rusak|got\w* mampet|saluran\w*\b.{0,20}(mampet|buntu|"
                   r"tersumbat)|paving|aspal|(trotoar|pedestrian|jalur pejalan kaki)\w*\b.{0,30}"
                   r"(rusak|berlubang|ambles|amblas|miring|retak|pecah|ambrol|copot|jebol|"
                   r"terbuka|hilang|licin))")),
    ("DSDABM", _ROAD_MOCKED),  # "jalannya sudah jadi kolam lele"
    ("DP3APPKB", _rx(r"(\bkdrt\b|pelecehan|kekerasan (dalam rumah|pada anak|terhadap)|"
                     r"dicabuli|bullying|di-?bully)")),
    ("DKPP", _rx(r"(anjing liar|rabies|rumah potong (hewan|unggas|ayam|sapi)|\brphu?\b|"
                 r"ayam tiren|(pemotongan|jagal|penyembelihan) (hewan|unggas|ayam|sapi)|"
                 r"tempat (potong|jagal))")),
    ("DINKOPDAG", _rx(r"(pengelola pasar|retribusi (pasar|stan)|\bumkm\b|operasi pasar|"
                      r"pasar murah|e-peken)")),
]  # fmt: skip


# A place phrase naming a school, clinic, market or a pole: where the problem is, not its
# subject ("jalan berlubang depan SDN Ketabang" is a road; "guru SDN Ketabang" is a school).
_PLACE = _rx(
    r"\b(depan|dekat|deket|samping|sebelah|seberang|belakang|ngarep\w*|cedhak|sebrang|"
    r"pinggir|utara|selatan|timur|barat)\s+(sdn?|smpn?|sman?|smkn?|sekolah\w*|puskesmas|"
    r"rsud|pasar|perpus\w*|rusun\w*)\b(\s+[\w-]+)?"
    # a pole something is stuck on: "reklame ditempel di tiang PJU" is about the poster
    r"|\b(ditempel|dipasang|dipaku|diikat|menempel|nempel)\s+(di|pada|ke)\s+tiang\s+"
    r"(pju|listrik|lampu)\b"
)


# People begging or busking at the traffic lights: the lights are where they are, the
# matter is the people's (DINSOS), not the lights' ("anak2 ngamen di lampu merah Waru").
_AT_LIGHTS = _rx(
    r"\b(?P<who>(ngamen|mengamen|pengamen|ngemis|mengemis|pengemis|meminta meminta|"
    r"minta minta|badut|manusia silver|anak jalanan|anjal|gepeng|asongan|joki)\w*)"
    r"(?P<mid>(\s+[\w-]+){0,4}?)\s+di\s+(perempatan\s+|pertigaan\s+)?(lampu merah|"
    r"lampu lalu lintas|traffic (lampu|light)|bangjo)\b"
)

# People in the street at a traffic light, a market or a park ("anjal ngamen di lampu
# merah", "orang gila di pasar Pabean"): that is where they stand, not the problem; a
# light's own fault ("lampu merah mati") is kept. A busker is DINSOS's or, when pushy,
# SATPOLPP's: the model chooses.
_STREET_PEOPLE = _rx(r"anak jalanan|pengemis|gelandangan|pengamen|\bodgj\b|orang gila")
_WHERE_THEY_STAND = _rx(
    r"\b(di|dekat|bawah)\s+(bawah\s+)?(lampu (merah|lalu lintas)|traffic (light|lampu)|"
    r"pasar|taman|halte)\b"
)


def _strip_places(low: str) -> str:
    """``low`` (canonical) without its place phrases."""
    low = _AT_LIGHTS.sub(r"\g<who>\g<mid>", _PLACE.sub(" ", low))
    return _WHERE_THEY_STAND.sub(" ", low) if _STREET_PEOPLE.search(low) else low


def without_places(text: str) -> str:
    """``text`` (canonical) without its landmark place phrases ("ODGJ tidur di halte depan
    RSUD Soewandhie" is a DINSOS matter, not the hospital's), when MIN_FOCUS_WORDS words
    or more remain; else ``text`` itself, unchanged."""
    rest = _strip_places(canonical(text))
    if mocks_a_road(text):  # the pond is a figure of speech: no fish for DKPP
        rest = _MOCK_ANIMALS.sub(" ", rest)
    if rest == canonical(text) or len(re.findall(r"[^\W\d_]{2,}", rest)) < MIN_FOCUS_WORDS:
        return text
    return rest


SUBJECT_RULE = "OPD subject"  # opd_words: a phrase naming the subject, weighed more


def opd_hints(text: str) -> list[RuleMatch]:
    """Keyword hints for OPDs (used to nudge, not override, the model); a landmark the
    problem is next to gives none."""
    low = _strip_places(canonical(text))
    hints: list[RuleMatch] = []
    for code, rx in _OPD_HINTS + OPD_WORDS:
        if m := rx.search(low):
            rule = SUBJECT_RULE if (code, rx) in OPD_WORDS else "OPD keyword"
            hints.append(RuleMatch(rule, code, m.group(0).strip(), 0.8))
    return hints
