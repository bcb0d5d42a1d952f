"""Hand-written routing rules, applied before the learned model.

Order (see ``pipeline``): status check -> emergency -> information request -> external
-> OPD keyword hints. Every rule returns a ``RuleMatch`` whose ``reason`` says which rule
and which words matched, so agents can see why a message was routed.

Emergency rules are tuned for recall: a missed emergency is the worst error. Guards only
remove phrases that are clearly not an emergency happening now (past events, prevention
requests, "pemadam kebakaran" as an institution name, "terjebak macet", ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .normalize import normalize

# Emergency type -> responding unit in the 112 room:
#   fire, gas leak, trapped people, drowning rescue, dangerous animals, electrocution -> DPKP
#   flood rising into homes, collapsed buildings, fallen trees, storms, landslides -> BPBD
#   traffic accidents with injured people, medical collapse -> DINKES
#   brawls / armed rampage in progress (public order, police as partner) -> SATPOLPP
EMERGENCY_OPD: dict[str, str] = {
    "fire": "DPKP",
    "gas_leak": "DPKP",
    "trapped": "DPKP",
    "drowning": "DPKP",
    "animal": "DPKP",
    "electrocution": "DPKP",
    "flood": "BPBD",
    "collapse": "BPBD",
    "fallen_tree": "BPBD",
    "storm": "BPBD",
    "accident": "DINKES",
    "medical": "DINKES",
    "violence": "SATPOLPP",
}


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
TICKET_RE = _rx(r"\bmc\s*[-–—/_.]?\s*(20\d{2})\s*[-–—/_.]?\s*(\d{3,6})\b")
_STATUS_PATTERNS = [
    _rx(r"^\s*/(status|cek|check)\b"),
    _rx(r"\b(cek|status|update|progres|progress|perkembangan|tindak lanjut|kabar)\s+"
        r"(dari\s+)?(laporan|aduan|pengaduan|tiket|permohonan)"),
    _rx(r"\b(laporan|aduan|pengaduan)\s*(ku|saya)?\s+(sudah|wis)\s+(sampai|tekan)\s+"
        r"(mana|ngendi)"),
    _rx(r"\bsudah sampai mana\s+(laporan|aduan|pengaduan)"),
    _rx(r"\b(status|check)\s+(of\s+)?(my\s+)?(report|complaint|ticket)"),
    _rx(r"\b(update|news)\s+on\s+my\s+(report|complaint|ticket)"),
]  # fmt: skip


def find_ticket_numbers(text: str) -> tuple[str, ...]:
    """Ticket numbers in ``text``, normalised to ``MC-YYYY-NNNNNN`` (order kept, unique)."""
    found: list[str] = []
    for year, num in TICKET_RE.findall(text or ""):
        ticket = f"MC-{year}-{int(num):06d}"
        if ticket not in found:
            found.append(ticket)
    return tuple(found)


def match_status(text: str) -> RuleMatch | None:
    """A status check: a ticket number or a "cek/status laporan" phrase."""
    tickets = find_ticket_numbers(text)
    if tickets:
        return RuleMatch("status check ticket", "status_check", tickets[0], 0.97)
    norm = normalize(text)
    for rx in _STATUS_PATTERNS:
        m = rx.search(text.lower()) or rx.search(norm)
        if m:
            return RuleMatch("status check phrase", "status_check", m.group(0).strip(), 0.9)
    return None


# ------------------------------------------------------------------------ emergency
# Phrases removed before emergency matching: institutions, prevention, habits.
_NEUTRALISE = _rx(
    r"(pemadam kebakaran|pemadam api|dinas kebakaran|bukan kebakaran|hidran\w* kebakaran|"
    r"(takut|khawatir|kuatir|wedi|sebelum|bisa|nanti)\b.{0,30}(menimpa|nimpa|tertimpa)|"
    r"pos (pemadam|damkar)|proteksi kebakaran|"
    r"keselamatan kebakaran|simulasi \w+|pelatihan \w+( \w+)?|korban (kebakaran|banjir)|"
    r"bekas (kebakaran|banjir|galian)|pasca (kebakaran|banjir)|sisa \w+|"
    r"(rawan|bahaya|risiko|resiko|potensi|antisipasi|mitigasi|takut|khawatir|kuatir|"
    r"wedi|cegah|mencegah|sebelum|hampir|bisa|mau|nanti|kalau|kalo|sampai)\s+"
    r"(terjadi\s+)?(ada\s+)?(kebakaran|terbakar|banjir|roboh|tumbang|ambruk|runtuh|"
    r"kecelakaan|tenggelam|longsor|jebol|tersetrum|patah|jatuh|ambles)|"
    r"(sering|kerap|selalu|langganan)\s+(terjadi\s+)?(ada\s+)?(kebakaran|banjir|"
    r"kecelakaan|tabrakan|tenggelam|ular|tawuran|laka)|"
    r"(terjebak|kejebak) macet|bakar sampah|pembakaran \w+|membakar (sampah|daun|kabel)|"
    r"asap (pembakaran|knalpot|pabrik|cerobong|rokok|proyek)|"
    r"(tangga|pintu|jalur) (darurat|evakuasi)|kecelakaan kerja|banjir rob tahunan)"
)
_PAST = _rx(
    r"\b(kemarin|semalam sudah|minggu lalu|bulan lalu|tahun lalu|\d+ hari (yang )?lalu|"
    r"(dua|tiga|beberapa) hari (yang )?lalu|tempo hari|sudah padam|sudah surut|"
    r"sudah dievakuasi|sudah dipotong|sudah ditangani|sudah sembuh|sudah aman|"
    r"tidak ada korban|pernah|tiap (hujan|tahun|musim|malam)|setiap (hujan|tahun|malam)|"
    r"musim hujan|sering|kadang|kadang-kadang|selalu|tiap hari|setiap hari)\b"
)
_NOW = _rx(
    r"\b((sekarang|saat ini|now)\s+(\w+\s+)?(masuk|naik|terbakar|kebakaran|banjir|api|"
    r"tenggelam|terjebak|meluap|roboh|ambruk)|barusan|baru saja|right now|masih (terbakar|menyala|"
    r"naik|di dalam|terjebak|tertimbun|tertimpa|belum (keluar|ditemukan))|"
    r"terus naik|naik terus|lagi terbakar|tolong cepat|cepat tolong|help)\b"
)
_BODY = (
    r"(orang|warga|anak|bocah|bayi|balita|lansia|nenek|kakek|ibu|bapak|pengendara|pekerja|"
    r"penghuni|korban|siswa|penumpang|sopir|pengemudi|pemotor|keluarga|istri|suami|tukang|"
    r"pemulung|pedagang|tamu|jamaah|pasien|pemuda|remaja|pria|wanita|perempuan|adik|kakak)"
)
_INJURY = (
    r"(luka|berdarah|darah|pingsan|tidak sadar|gak sadar|kritis|tergeletak|terkapar|"
    r"patah|terjepit|tewas|meninggal|ambulans|tidak bergerak|tidak gerak|parah|"
    r"kejang|terlindas|injured|bleeding|unconscious|terpental|terluka)"
)
_EMERGENCY_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("gas_leak", _rx(r"(bau gas|gas (elpiji |lpg )?bocor|bocor(an)? gas|kebocoran gas|gas leak|"
                     r"elpiji bocor|tabung gas bocor|regulator bocor)")),
    ("fire", _rx(r"(kebakaran|terbakar|kobongan|\bfire\b|on fire|burning|meledak|ledakan|"
                 r"\bada api\b|\bapi\b.{0,25}(dapur|rumah|gudang|kamar|atap|toko|warung|"
                 r"pabrik|gedung|kios|kos|mobil|motor|pasar)|"
                 r"\bapi (besar|membesar|menjalar|merembet|merambat|sudah|masih|keluar|"
                 r"muncul|nyala)|(keluar|muncul|percikan) api|asap (tebal|hitam|keluar|"
                 r"mengepul)(?!.{0,40}(pembakaran|bakar))|berasap)")),
    ("electrocution", _rx(r"(tersetrum|tersengat (arus )?listrik|kesengat listrik|"
                          r"electrocut)")),
    ("drowning", _rx(r"(tenggelam|hanyut|terseret arus|tercebur|terjun dari|drown|"
                     r"(jatuh|terjatuh|terpeleset) (masuk )?(ke )?(dalam )?(sungai|kali|laut|"
                     r"got|sumur|kolam|septic|saluran)|perahu\w* terbalik|"
                     r"fell into the river)")),
    ("flood", _rx(r"((banjir|air|rob|kali|sungai)\b.{0,60}(masuk (ke )?(dalam )?"
                  r"(rumah(?! sakit)|kamar)|"
                  r"naik terus|terus naik|naik cepat|sepinggang|sedada|seleher|sepaha|"
                  r"setinggi (dada|pinggang|leher|paha|atap)|evakuasi|mengungsi|perahu)|"
                  r"tanggul\w* jebol|jebol.{0,20}tanggul|banjir bandang|air kiriman|"
                  r"water is rising|flood water|(air|banjir) .{0,30}(masuk|naik).{0,30}"
                  r"(terus|cepat))")),
    ("fallen_tree", _rx(r"(pohon\w*|dahan|batang)\b.{0,40}(tumbang|roboh|patah)\b.{0,60}"
                        r"(menimpa|tertimpa|nimpa|terjepit|menutup|melintang|sekarang|barusan|"
                        r"terjebak|korban)|tree fell|fallen tree")),
    ("collapse", _rx(r"((rumah|bangunan|gedung|atap|tembok|dinding|plafon|jembatan|ruko|"
                     r"sekolah|kos\w*|gudang|dapur|reklame|baliho|tower|tiang)\w*\b.{0,40}"
                     r"(roboh|runtuh|ambrol|ambles dan|collapsed)|(menimpa|tertimpa) "
                     + _BODY + r"|" + _BODY + r".{0,20}(tertimpa|tertimbun)|reruntuhan|"
                     r"collapsed)")),
    ("storm", _rx(r"(puting beliung|angin ribut|angin kencang.{0,40}(roboh|menimpa|terbang)|"
                  r"atap\w* (beterbangan|terbang)|"
                  r"gempa.{0,40}(roboh|runtuh|tertimpa|tertimbun|korban))")),
    ("accident", _rx(r"((kecelakaan|tabrakan|ditabrak|tertabrak|terlindas|tabrak lari|"
                     r"\bcrash|hit by|terguling|jatuh dari (motor|lantai|tangga|atap|"
                     r"perancah|ketinggian)|nabrak)\b.{0,80}" + _INJURY + r"|" + _INJURY
                     + r".{0,80}(kecelakaan|tabrakan|ditabrak|tertabrak|tabrak lari))")),
    ("trapped", _rx(r"(terjebak|terjepit|terkunci di|terperangkap|trapped|"
                    r"(nyangkut|kejebak|kekunci|terkurung) di (dalam )?(lift|sumur|kamar|mobil|"
                    r"gorong)|dalam lift.{0,30}(mati|macet|berhenti)|"
                    r"lift macet|stuck in)")),
    ("medical", _rx(r"(pingsan|tidak sadar|gak sadar|tidak sadarkan diri|kejang|"
                    r"sesak napas (berat|hebat|parah)|serangan jantung|nyeri dada|"
                    r"stroke (mendadak|tiba)|tiba\s?tiba stroke|overdosis|\bod\b|tersedak|"
                    r"keselek|ketuban (sudah )?pecah|mau melahirkan|pendarahan|"
                    r"tidak (bisa )?bernapas|tidak (bisa )?nafas|tidak bernafas|"
                    r"keracunan|unconscious|not breathing|collapsed|"
                    r"(tergeletak|terkapar).{0,30}(berdarah|tidak|darah)|bibir\w* membiru|"
                    r"wajah\w* biru|bayi\w* biru|pingsan)")),
    ("animal", _rx(r"((ular|kobra|sanca|piton|weling|biawak|buaya)\b.{0,50}(masuk|di (dalam )?"
                   r"(kamar|dapur|kasur|rumah|bawah)|menggigit|digigit|melilit|mematuk|"
                   r"menyerang|muncul)|digigit ular|(anjing|asu|monyet)\w*\b.{0,30}"
                   r"(ngamuk|mengamuk|menyerang|menggigit (beberapa|warga|orang|anak))|"
                   r"(tawon|lebah)\b.{0,40}(menyerang|menyengat (orang|warga|jamaah)|"
                   r"disengat banyak))")),
    ("violence", _rx(r"(tawuran|perkelahian massal|dibacok|ditusuk|bacok|"
                     r"(ngamuk|mengamuk)\b.{0,40}(bawa|membawa|senjata|parang|pisau|celurit|"
                     r"clurit|memukuli)|(bawa|membawa) (senjata|celurit|clurit|parang|"
                     r"pisau)\b.{0,40}(menyerang|nyerang|ngamuk|mengamuk)|senjata tajam "
                     r"menyerang)")),
]  # fmt: skip
# Rules whose keyword alone is weaker; they need an injury/urgency context or no past.
_SENTENCE_SPLIT = re.compile(r"[.!?\n]+")
_ABBREV_DOT = _rx(r"\b(jl|jln|no|dr|ir|h|st|rs|pt|cv|gg|bu|pak|bpk|mr|mrs|km)\.")


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_SPLIT.split(_ABBREV_DOT.sub(r"\1 ", text)) if s.strip()]


def match_emergency(text: str) -> RuleMatch | None:
    """First emergency rule that matches a sentence not guarded as past/prevention."""
    return _match_emergency(text)[0]


def emergency_guarded(text: str) -> bool:
    """True when an emergency keyword is present but guarded (past event, habit, ...)."""
    match, guarded = _match_emergency(text)
    return match is None and guarded


def _match_emergency(text: str) -> tuple[RuleMatch | None, bool]:
    guarded = False
    best: RuleMatch | None = None
    for sentence in _sentences(text):
        for variant in (sentence.lower(), normalize(sentence)):
            cleaned = _NEUTRALISE.sub(" ", variant)
            for etype, rx in _EMERGENCY_RULES:
                m = rx.search(cleaned)
                if not m:
                    continue
                past = _PAST.search(cleaned) and not _NOW.search(cleaned)
                if past:
                    guarded = True
                    continue
                keyword = m.group(0).strip()[:60]
                if (
                    etype == "fire"
                    and keyword.startswith(("asap", "berasap"))
                    and re.search(r"\bbakar|pembakaran|membakar", variant)
                ):
                    continue
                match = RuleMatch("emergency keyword", etype, keyword, 0.9)
                if best is None:
                    best = match
                break
            if best is not None:
                return best, guarded
    return best, guarded


_WEAK_URGENCY = _rx(r"(darurat|emergency|gawat|\bsos\b|tolong+ ?!|!!+|cepat+ tolong|help)")


def has_urgency_cue(text: str) -> bool:
    """Weak cue (e.g. "darurat", "!!!") that lowers the model's emergency threshold."""
    return bool(_WEAK_URGENCY.search(_NEUTRALISE.sub(" ", text.lower())))


# ----------------------------------------------------------------------- info request
_INFO_PATTERNS = [
    _rx(r"\b(permohonan|permintaan|meminta|mengajukan|ajukan) informasi( publik)?"),
    _rx(r"\bppid\b"),
    _rx(r"\binformasi publik\b"),
    _rx(r"\b(minta|meminta|mohon|permohonan|permintaan) (\w+ )?salinan\b"),
    _rx(r"\bsalinan (dokumen|sk|surat keputusan|perwali|perda|kontrak|laporan|notulen|"
        r"peta|berita acara|keputusan|perjanjian|lhp|izin|surat edaran|rekaman)"),
    _rx(r"\b(keberatan) (atas )?(informasi|jawaban ppid|permohonan informasi)"),
    _rx(r"\b(dokumen|salinan) (apbd|rpjmd|rkpd|lkpj|renstra|dpa|amdal|rdtr|rtrw)"),
    _rx(r"\b(minta|meminta|mohon|butuh|perlu|request|ingin|boleh minta|permohonan|"
        r"mendapatkan) (\w+ ){0,2}data (jumlah|statistik|titik|volume|kualitas|realisasi|"
        r"luas|kasus|penerima|pendapatan|kunjungan|stunting|rekap|lengkap|penduduk|debit|"
        r"kecelakaan|pad|tbc|anak)"),
    _rx(r"\b(untuk|buat|keperluan) (skripsi|tesis|penelitian|riset|tugas akhir|research)"),
    _rx(r"\brequest (the |a )?(copy|documents?|data)"),
]  # fmt: skip


def match_info_request(text: str) -> RuleMatch | None:
    """A public-information (PPID) request: documents, data, copies, objections."""
    low = text.lower()
    for rx in _INFO_PATTERNS:
        m = rx.search(low)
        if m:
            return RuleMatch("information request", "PPID", m.group(0).strip(), 0.9)
    return None


# --------------------------------------------------------------------------- external
_NOT_PLN = _rx(r"(lampu (jalan|pju|penerangan jalan)|\bpju\b|penerangan jalan|lampu merah|"
               r"traffic light|lampu lalu lintas)")  # fmt: skip
_NOT_BPJS = _rx(r"\b(pbi|kis|dtks|mbr|dinsos|puskesmas|rsud|ketenagakerjaan|perusahaan|"
                r"instansi|karyawan)\b")  # fmt: skip
_EXTERNAL_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("JASA_MARGA", _rx(r"(jalan tol|\btol\b|gerbang tol|e-?toll|toll road)")),
    ("PLN", _rx(r"(\bpln\b|token listrik|meteran listrik|tagihan listrik|tambah daya|"
                r"pemadaman listrik|listrik\w*\b.{0,40}(padam|mati|byar|drop|naik turun)|"
                r"(padam|mati)\b.{0,20}listrik|power (outage|cut)|electricity|"
                r"(lampu|listrik) (rumah|omah)\w*\b.{0,30}(mati|padam)|kabel sr\b|"
                r"pasang baru listrik|subsidi listrik)")),
    ("BPN", _rx(r"(\bbpn\b|kantor pertanahan|sertifikat (tanah|rumah|ganda|palsu)|"
                r"sertifikat\w*\b.{0,20}(hilang|tumpang|ditahan)|\bptsl\b|\broya\b|"
                r"mafia tanah|land certificate|\bgirik\b|\bshm\b|\bhgb\b)")),
    ("POLRI", _rx(r"(\bstnk\b|\bbpkb\b|\bskck\b|\btilang\b|\betle\b|\bsatpas\b|\bsim [abc]\b|"
                  r"(perpanjang\w*|bikin|buat|pembuatan|ujian) sim\b|\bsim\b.{0,15}hilang|"
                  r"polrestabes|\bpolsek\b|\bpolres\b|lapor(an)? (ke )?polisi|"
                  r"driving licen[cs]e|kemalingan|dijambret|ditipu|penipuan|narkoba|"
                  r"investasi bodong)")),
    ("BPJS", _rx(r"(bpjs (kesehatan )?mandiri|iuran bpjs|mobile jkn|tunggakan bpjs|"
                 r"denda bpjs|bpjs\w*\b.{0,40}(menunggak|telat bayar|iuran|pindah kelas|"
                 r"ganti faskes|kartu\w* hilang)|\bjht\b|\bjmo\b)")),
    ("PROVINSI", _rx(r"(\b(sma|smk|sman|smkn)\b|jalan provinsi|jalur provinsi|\bsamsat\b|"
                     r"pajak kendaraan|pemprov|provinsi jawa timur)")),
    ("PUSAT", _rx(r"(jalan nasional|\bbbpjn\b|kementerian|imigrasi|paspor|\bkua\b|"
                  r"buku nikah|kemenag|antrean haji|\bukt\b|pengadilan|\blapas\b)")),
    ("LAINNYA", _rx(r"(kereta api|\bkai\b|komuter|\bpelni\b|bandara|juanda|kantor pos|"
                    r"pinjol|pinjaman online|debt collector|indihome|provider internet|"
                    r"operator seluler|\bpgn\b|tanjung perak)")),
]  # fmt: skip


def external_body(text: str) -> RuleMatch | None:
    """Which outside body handles ``text``, if a clear keyword names one."""
    low = text.lower()
    for body, rx in _EXTERNAL_RULES:
        m = rx.search(low)
        if not m:
            continue
        if body == "PLN" and _NOT_PLN.search(low):
            continue
        if body == "BPJS" and _NOT_BPJS.search(low) and not re.search(r"\b(jht|jmo)\b", low):
            continue
        if body == "BPN" and re.search(r"surat ijo|\bipt\b", low):
            continue
        if body == "POLRI" and re.search(
            r"\b(ktp|kk|akta|kartu keluarga|surat pengantar|kelurahan)\b", low
        ):
            continue
        return RuleMatch("outside city jurisdiction", body, m.group(0).strip(), 0.88)
    return None


# ------------------------------------------------------------------------ OPD hints
_OPD_HINTS: list[tuple[str, re.Pattern[str]]] = [
    ("DISHUB", _rx(r"(\bpju\b|lampu (jalan|penerangan jalan|lalu lintas|merah)|traffic light|"
                   r"bangjo|\bapill\b|juru parkir|jukir|parkir liar|suroboyo bus|street light)")),
    ("PDAM", _rx(r"(\bpdam\b|air ledeng|meter(an)? air|tagihan air)")),
    ("DISPENDUKCAPIL", _rx(r"(e-?ktp|\bktp\b|kartu keluarga|akta (kelahiran|kematian|lahir)|"
                           r"klampid|dukcapil|\bkia\b|pindah datang|\bikd\b)")),
    ("BAPENDA", _rx(r"(\bpbb\b|\bsppt\b|\bbphtb\b|\bnjop\b|pajak (restoran|reklame|hotel|"
                    r"hiburan|parkir))")),
    ("BPKAD", _rx(r"(surat ijo|\bipt\b|aset pemkot|izin pemakaian tanah)")),
    ("SATPOLPP", _rx(r"(\bpkl\b|pedagang kaki lima|miras|minuman keras|reklame liar|"
                     r"bangunan liar|balap liar)")),
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
    ("DISPENDIK", _rx(r"(\bppdb\b|\bspmb\b|zonasi|\bsdn\b|\bsmpn\b|ijazah|seragam sekolah)")),
    ("DLH", _rx(r"(sampah|\btps\b|dipangkas|perantingan|pemangkasan)")),
    ("DSDABM", _rx(r"(berlubang|jalan rusak|got\w* mampet|saluran\w*\b.{0,20}(mampet|buntu|"
                   r"tersumbat)|paving|aspal)")),
    ("DP3APPKB", _rx(r"(\bkdrt\b|pelecehan|kekerasan (dalam rumah|pada anak|terhadap)|"
                     r"dicabuli|bullying|di-?bully)")),
    ("DKPP", _rx(r"(anjing liar|rabies|rumah potong hewan|\brph\b|ayam tiren)")),
    ("DINKOPDAG", _rx(r"(pengelola pasar|retribusi (pasar|stan)|\bumkm\b|operasi pasar|"
                      r"pasar murah|e-peken)")),
]  # fmt: skip


def opd_hints(text: str) -> list[RuleMatch]:
    """Keyword hints for OPDs (used to nudge, not override, the model)."""
    low = normalize(text) + " " + text.lower()
    hints: list[RuleMatch] = []
    for code, rx in _OPD_HINTS:
        m = rx.search(low)
        if m:
            hints.append(RuleMatch("OPD keyword", code, m.group(0).strip(), 0.8))
    return hints
