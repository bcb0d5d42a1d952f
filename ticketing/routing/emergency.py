"""Emergency rules: a keyword of an emergency type, read sentence by sentence on the
canonical text (so "kmrn" is already "kemarin"), with guards and cues.

- Guards (``emergency_guards``) drop a sentence that is not an emergency happening now:
  past events ("kemarin", "minggu lalu", "sudah padam"), near-misses ("hampir/meh
  roboh"), prevention and habits ("rawan banjir", "sering kecelakaan"), news of somewhere
  else ("berita", "turut berduka"), complaints about a slow ambulance or fire engine,
  institution names ("pemadam kebakaran").
- Cues give the match its confidence: a present-tense or urgency cue ("sekarang",
  "barusan", "masih", "tolong cepat", "!!") or people at risk (injured, trapped, inside)
  make the rule certain (0.95 / 0.9); a bare keyword is 0.7 and needs the model's support.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .emergency_guards import CALM as _CALM
from .emergency_guards import ELSEWHERE as _ELSEWHERE
from .emergency_guards import HERE_NOW as _HERE_NOW
from .emergency_guards import NEUTRALISE as _NEUTRALISE
from .emergency_guards import PAST as _PAST
from .emergency_guards import SERVICE as _SERVICE
from .normalize import canonical
from .normalize import rx as _rx

# Emergency type -> responding unit in the 112 room:
#   fire, gas leak, trapped people, drowning rescue, dangerous animals, electrocution,
#   a suicide attempt under way (rescue from a bridge, roof or rope) -> DPKP
#   flood rising into homes, collapsed buildings, fallen trees, storms, landslides,
#   the search for a missing person -> BPBD (runs the 112 room)
#   traffic accidents with injured people, medical collapse -> DINKES
#   brawls / armed rampage / robbery in progress (police as partner) -> SATPOLPP
#   a theft or mugging happening now, seen by the model only (police as partner) -> SATPOLPP
#   a bomb threat or a suspicious object left behind (police bomb squad as partner) -> SATPOLPP
EMERGENCY_OPD: dict[str, str] = {
    "fire": "DPKP",
    "gas_leak": "DPKP",
    "trapped": "DPKP",
    "drowning": "DPKP",
    "animal": "DPKP",
    "electrocution": "DPKP",
    "suicide": "DPKP",
    "flood": "BPBD",
    "collapse": "BPBD",
    "fallen_tree": "BPBD",
    "storm": "BPBD",
    "missing_person": "BPBD",
    "accident": "DINKES",
    "medical": "DINKES",
    "violence": "SATPOLPP",
    "crime": "SATPOLPP",
    "bomb": "SATPOLPP",
}

CERTAIN = 0.9


@dataclass(frozen=True)
class EmergencyMatch:
    """An emergency keyword in a sentence not guarded; ``cue`` says why it is certain."""

    label: str
    keyword: str
    confidence: float
    cue: str | None

    @property
    def certain(self) -> bool:
        return self.confidence >= CERTAIN

    @property
    def reason(self) -> str:
        cue = f", cue '{self.cue}'" if self.cue else ", no present-tense cue"
        return f"rule: emergency keyword '{self.keyword}' ({self.label}{cue})"


_WEAPON = (
    r"(senjata|sajam|parang|celurit|clurit|pisau|golok|samurai|pedang|pistol|pentungan|senapan)"
)


# Strong present tense: it also overrides a past marker in the same sentence.
_NOW = _rx(
    r"\b(sedang|right now|barusan|baru saja|detik ini|"
    r"masih (terbakar|menyala|naik|di dalam|terjebak|tertimbun|tertimpa|nempel|kejang|"
    r"belum|terdengar|teriak|berteriak|minta tolong)|"
    r"belum (ketemu|ditemukan|pulang|kembali|sadar)|terus naik|naik terus|"
    r"makin (tinggi|besar|parah|naik|membesar)|sedang berlangsung|masih berlangsung|"
    r"(tidak|belum) bisa (lepas|dilepas\w*|keluar|dikeluarkan)|"
    # someone high up who cannot or will not come down
    r"(tidak|belum) (mau|gelem|bisa) (naik turun|turun|mudun)|"  # English: "still happening"
    r"still (happening|going on|burning|inside|trapped)|happening (right )?now)\b"
)
# Bare "now", "lagi <doing>" or "ada kebakaran": a cue, but "terbakar minggu lalu, sekarang
# numpang" is still past.
_NOW_WEAK = _rx(
    r"\b(sekarang|saat ini|now|lagi (ada|baku|ber\w+|ter\w+|di\w+|tawuran)|"
    r"ada (kebakaran|api|orang (tenggelam|hanyut|pingsan|tertimpa|terjebak)|kecelakaan|"
    r"tawuran|keributan|perkelahian))\b"
)
_URGENT = _rx(
    r"(darurat|emergency|gawat|\bsos\b|tolong cepat|cepat tolong|segera kirim|"
    r"kirim (ambulans|bantuan|petugas)|please (hurry|help|send)|(please|mohon) (quick|hurry)|"
    r"come quick|send (an )?ambulans|\bhelp\b|(tolong|segera|mohon|minta) (di)?evakuasi|"
    r"evakuasi segera|"
    r"!{2,}|tolong+ ?!|cepat+ ?!|segera+ ?!)"
)
_BODY = (
    r"(orang|warga|anak|bayi|balita|lansia|nenek|kakek|ibu|bapak|pengendara|pekerja|"
    r"penghuni|korban|siswa|penumpang|sopir|pengemudi|pemotor|keluarga|istri|suami|tukang|"
    r"pemulung|pedagang|tamu|jamaah|pasien|pemuda|remaja|pria|wanita|perempuan|adik|kakak|"
    r"mbah|eyang|ayah|mama|papa|cucu|keponakan|ponakan|putra|putri|teman|"
    r"people|someone|man|woman|child|kids|son|daughter|father|mother|neighbour|neighbor|"
    r"grand\w++|husband|wife|brother|sister|boy|girl|dad|mom|mum)"
)
_INJURY = (
    r"(luka|berdarah|darah|pingsan|tidak sadar|kritis|terjepit|"
    r"(orang|korban|pengendara|anak|bapak|ibu|pria|wanita)\w* .{0,15}(tergeletak|terkapar)|"
    r"(kaki|tangan|tulang|leher|kepala)\w* (patah|bocor)|patah (kaki|tangan|tulang)|"
    r"tewas|meninggal|ambulans|tidak bergerak|tidak gerak|luka parah|kejang|terlindas|injured|"
    r"bleeding|unresponsive|terpental|terluka|lying on the ground|is lying|masih hidup|"
    r"sesak (napas|nafas)|(susah|sulit|tidak bisa) (bernapas|bernafas|napas|nafas)|"
    r"(tidak|belum) (juga )?bangun( bangun)?(?! ?[a-z])|"  # "gk bangun," not "blm bangun jembatan"
    r"terseret (motor|mobil|kendaraan|truk)|"
    r"(kena|mengenai|terkena) (mata|kepala|leher|dada|perut)|"
    r"(korban|penumpang|orang|warga|pengendara|pejalan kaki)\w* (\w+ )?luka\b)"
)
_AT_RISK = _rx(_INJURY + r"|" + _BODY + r"\w*\b.{0,25}\b(di dalam|terjebak|tertimpa|tertimbun|"
               r"inside|trapped)|(menimpa|mengenai|melukai) " + _BODY + r"|"
               # "masih ada yang belum keluar", "belum bisa dievakuasi": someone still inside
               r"\b(belum|blm) (bisa )?(keluar|dievakuasi|diselamatkan|ditemukan)\b|"
               r"\bmasih (ada )?(orang |yang |warga )?(di dalam|didalam|terjebak|"
               r"tertimbun)")  # fmt: skip
_THINGS = (
    r"(ktp|kk|kia|akta|sim|stnk|bpkb|dompet|hp|ponsel|motor|mobil|sepeda|berkas|data|"
    r"surat|kartu|sertifikat|ijazah|barang|tas|paket|sinyal|air|listrik|nama|nik|"
    r"kucing|anjing|burung|ayam|cat|ring|tutup\w*+|rambu|marka|plat)"
)
# The person is back or found: the report is over ("sudah pulang", "sudah ketemu").
_FOUND = _rx(
    r"\b(sudah|akhirnya|alhamdulillah) ((?!tidak|belum)\w+ ){0,3}(ketemu|ditemukan|pulang|kembali|"
    r"balik|bisa dihubungi|ada kabar)|(was|been|is) found|came (back|home)|is back|"
    r"(sudah|telah) aman\b"
)
# "Not back yet" is a missing person only with a recent time ("sejak tadi pagi", "jam 9").
_MISSING_STRONG = _rx(r"hilang|missing|ketemu|ditemukan|terpisah|di mana|nowhere|find")
_RECENT = _rx(
    r"\b(sejak|dari|mulai|semenjak|bar|habis|sehabis|setelah) (tadi|pagi|siang|sore|malam|"
    r"subuh|magrib|maghrib|isya|asar|ashar|zuhur|semalam|kemarin|"
    r"jam|pukul|pulang|berangkat|pamit|\d)|\bsampai (sekarang|saat ini|jam|malam|pagi|"
    r"subuh)|\b(biasanya|seharian|semalaman|\d+ jam|hours?|since|this morning|"
    r"last night|yesterday|tonight)\b"
)
# Nobody hurt: "tidak ada yang luka", "untung tidak ada korban", "nobody was hurt".
_NOBODY_HURT = (
    r"\b(tidak|belum|tanpa) (ada )?(yang |orang |korban )?(luka|terluka|korban|cedera)(nya)?\b|"
    r"no (one|body) (was )?(hurt|injured)|nobody (was )?(hurt|injured)"
)
_UNHURT = _rx(_NOBODY_HURT)
# ... or no fire left ("sudah tidak ada api"): words no cue may be read in.
_NEGATED = _rx(
    _NOBODY_HURT + r"|\b(tidak|belum|tanpa) (ada )?(yang |orang |korban )?(api|kena)(nya)?\b"
)
# A thing lost, not a person: "KTP anak saya hilang", "catnya hilang".
_MISSING_NOT = _rx(r"\b" + _THINGS + r"\w*\b.{0,20}\bhilang|\bhilang\w*\b.{0,10}\b" + _THINGS
                   + r"\b")  # fmt: skip
_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("suicide", _rx(r"(bunuh diri|gantung diri|menggantung diri|(mau|akan|hendak|ingin|"
                    r"mencoba|coba|arep|ape) (lompat|loncat|terjun|melompat|meloncat|njegur)|"
                    r"(lompat|loncat|melompat|meloncat) dari (atas )?(jembatan|gedung|atap|"
                    r"lantai|tower|menara|flyover|jpo)|(sayat|menyayat|potong|memotong) "
                    r"(urat )?nadi|suicid\w*|kill (him|her|my)sel(f|ves)|jump off)")),
    ("gas_leak", _rx(r"(bau gas|gas (elpiji |lpg )?bocor|bocor(an)? gas|kebocoran gas|gas leak|"
                     r"elpiji bocor|tabung gas bocor|regulator bocor|gas beracun|"
                     # a chemical escaping from a plant or a tanker
                     r"(amonia|ammonia|klorin|chlorine|kaporit|bahan kimia|zat kimia|cairan kimia)"
                     r"\w*\b.{0,20}\b(bocor|tumpah|menyebar|meluber)|(bocor|kebocoran|tumpahan)\w* "
                     r"(\w+ )?(amonia|ammonia|klorin|chlorine|bahan kimia|zat kimia))")),
    ("fire", _rx(r"(kebakaran|terbakar|\bon fire\b|burning|meledak|ledakan|\bada api\b|"
                 r"\bapi\b.{0,25}(dapur|rumah|gudang|kamar|atap|toko|warung|pabrik|gedung|kios|"
                 r"kos|mobil|motor|pasar)|\bapi (besar|membesar|menjalar|merembet|merambat|"
                 r"sudah|masih|keluar|muncul|nyala|menyala)|"
                 r"(keluar|muncul|percikan|nyala|menyala) api|"
                 r"kabel\w*\b.{0,30}\b(terbakar|berasap|meletup|memercik\w*|berpijar)\b|"
                 r"asap (tebal|hitam|keluar|mengepul)|berasap|flames|smoke pouring)")),
    ("electrocution", _rx(r"(tersetrum|tersengat (arus )?listrik|kesengat listrik|"
                          r"electrocut)")),
    ("drowning", _rx(r"(tenggelam|terjun dari (jembatan|atas)|hanyut|terseret arus|tercebur|"
                     r"terbawa arus|drown|"
                     r"(jatuh|terjatuh|terpeleset) (masuk )?(ke )?(dalam )?(sungai|kali|laut|"
                     r"got|sumur|kolam|septic|saluran)|perahu\w* terbalik|fell into)")),
    ("flood", _rx(r"((banjir|air|rob|kali|sungai)(nya)?\b.{0,60}(masuk (ke )?(dalam )?"
                  r"(rumah(?! sakit)|kamar|houses)|naik terus|terus naik|naik cepat|sepinggang|"
                  r"sedada|seleher|sepaha|setinggi (dada|pinggang|leher|paha|atap)|evakuasi|"
                  r"mengungsi|perahu|terjebak)|tanggul\w* jebol|jebol.{0,20}tanggul|"
                  r"banjir bandang|water is rising|rising fast|flood water|(air|banjir) .{0,30}"
                  r"(masuk|naik).{0,30}(terus|cepat))")),
    ("fallen_tree", _rx(r"(pohon\w*|dahan|batang|tree)\b.{0,40}(tumbang|roboh|patah|fell)\b.{0,60}"
                        r"(menimpa|tertimpa|terjepit|menutup|melintang|sekarang|barusan|"
                        r"terjebak|korban|on a|inside)|tree fell|fallen tree")),
    ("collapse", _rx(r"((house|building|roof|wall)\w* collapsed|(rumah|bangunan|gedung|atap|"
                     r"tembok|dinding|plafon|jembatan|ruko|"
                     r"sekolah|kos|gudang|dapur|reklame|baliho|tower|tiang)\w*\b.{0,40}"
                     r"(roboh|runtuh|ambrol|collapsed)|(menimpa|tertimpa) " + _BODY + r"|"
                     + _BODY + r".{0,20}(tertimpa|tertimbun)|reruntuhan)")),
    ("storm", _rx(r"(puting beliung|angin ribut|(terbang|roboh|ambruk)\w* .{0,20}(kena|karena|"
                  r"akibat) angin|angin kencang.{0,40}(roboh|menimpa|terbang)|"
                  r"atap\w* (beterbangan|terbang)|gempa.{0,40}(roboh|runtuh|tertimpa|tertimbun|"
                  r"korban))")),
    ("accident", _rx(r"(\b" + _BODY + r"\w*\b.{0,20}(ditabrak|tertabrak|terlindas|disambar) "
                     r"(kereta|truk|mobil|bus|motor|kendaraan)|(kecelakaan|tabrakan|ditabrak|"
                     r"tertabrak|terlindas|tabrak lari|"
                     r"\bcrash|hit by|terguling|jatuh dari (motor|lantai|tangga|atap|"
                     r"perancah|ketinggian)|nabrak|anjlok|keluar rel|derail\w*|"
                     # a rider who fell: "pengendara motor jatuh ..., berdarah"
                     r"(pengendara|pemotor|motor|sepeda)\w* (\w+ )?(jatuh|terjatuh|tergelincir|"
                     r"terpelanting|terpental))\b.{0,80}"
                     + _INJURY + r"|" + _INJURY
                     + r".{0,80}(kecelakaan|tabrakan|ditabrak|tertabrak|tabrak lari))")),
    ("missing_person", _rx(r"(\b" + _BODY + r"\w*\b.{0,70}\b(hilang|menghilang|belum (pulang|"
                           r"kembali|ketemu|ditemukan)|terpisah|is missing|went missing|"
                           r"(tidak|belum) (juga )?(sampai|tiba) (di )?(rumah|omah|sekolah)|"
                           r"(tidak|belum) (juga )?(pulang|balik|bali|kembali)( ke rumah)?|"
                           r"(tidak|belum) (ada )?(kabar|kabarnya)|(tidak|belum) bisa dihubungi|"
                           r"(tidak|belum) (kelihatan|terlihat)|tidak ada di mana|"
                           r"(can't|cannot|can not) find|nowhere|"
                           r"(hasn't|has not|haven't|did not|didn't) (come|came|been) (back|home)|"
                           r"(hasn't|has not|didn't) return\w*|not (come )?(back|home) (yet|since))"
                           r"\b|\b(hilang|missing)\b.{0,20}\b" + _BODY + r"\b)")),
    ("trapped", _rx(r"(terjebak|terjepit|terkunci di|terperangkap|trapped|"
                    r"(nyangkut|kejebak|kekunci|terkurung|terkunci) di (dalam )?(lift|sumur|"
                    r"kamar|mobil|gorong)|dalam lift.{0,30}(mati|macet|berhenti)|"
                    r"lift macet|stuck in|"
                    # English ("in" is read "ini"): "locked himself in the car"
                    r"locked (\w+ )?in\w* (the |a |his |her |their |my )?(car|room|"
                    r"bathroom|toilet|lift|elevator|house)|"
                    # stuck high up: on a pylon, a crane, a facade
                    r"(manjat|memanjat|naik) (ke )?(atas )?(tower|sutet|menara|tiang listrik|"
                    r"crane)|(nyangkut|tersangkut|gelantungan|bergelantungan) di (atas )?"
                    r"(lantai \d+|ketinggian|tower|sutet|menara|crane))")),
    ("medical", _rx(r"(pingsan|tidak sadar|tidak sadarkan diri|kejang|"
                    r"sesak napas (berat|hebat|parah)|serangan jantung|nyeri dada|"
                    r"\b(pak|bu|mas|mbak|ustadz?|kyai|guru|" + _BODY + r")\w*\b.{0,25}\bkolaps\b|"
                    r"(dada|dadanya) (\w+ )?(sakit|nyeri|sesak)|sakit dada|"
                    r"keringat dingin|(tidak|belum) (juga )?bangun( bangun)?(?! ?[a-z])|"
                    # a fall that leaves someone on the floor (not "bedridden since a stroke")
                    r"(jatuh|terjatuh|fell|fallen)\b.{0,40}\b(tidak|belum|can'?t|cannot|unable to) "
                    r"(bisa |dapat )?(bangun|berdiri|get up|stand)|"
                    r"(kepala|hidung|telinga)\w* (\w+ )?(keluar|mengeluarkan|mengucur\w*) darah|"
                    r"stroke (mendadak|tiba)|tiba\s?tiba stroke|overdosis|\bod\b|tersedak|"
                    r"ketuban (sudah )?pecah|mau melahirkan|pendarahan|muntah darah|"
                    r"tidak (bisa )?(bernapas|bernafas|nafas)|keracunan|heart attack|"
                    r"not breathing|(is|isn't|is not) breathing|unresponsive|"
                    r"\b(he|she|man|woman|someone|"
                    r"father|mother|dad|mom|neighbou?r|wife|husband|son|daughter|friend|child)"
                    r"\b.{0,15}\bcollapsed\b|"
                    r"seizure|choking|"
                    r"bleeding (heavily|badly)|in labou?r|chest pain|overdose|"
                    r"(tergeletak|terkapar).{0,60}(berdarah|tidak|darah|berbusa)|bibir\w* "
                    r"(membiru|biru|mencong|perot)|mulut\w* (mencong|perot)|"
                    r"wajah\w* (sudah |mulai |jadi )?(mem)?biru|bayi\w* biru)")),
    ("animal", _rx(r"(kemasukan (ular|kobra|sanca|piton|weling|biawak|buaya)|"
                   r"(ular|kobra|sanca|piton|weling|biawak|buaya|snake)\b.{0,50}(masuk|di "
                   r"(dalam )?(kamar|dapur|kasur|rumah|bawah)|menggigit|digigit|melilit|"
                   r"mematuk|menyerang|muncul|inside|(me)?nyambar|menerkam|memangsa|attack\w*)|"
                   r"digigit ular|(anjing|monyet)\w*\b.{0,30}"
                   r"(mengamuk|menyerang|menggigit (beberapa|warga|orang|anak))|"
                   r"(tawon|lebah)\b.{0,40}(menyerang|menyengat (orang|warga|jamaah)|"
                   r"disengat banyak))")),
    ("bomb", _rx(r"((ancaman|teror|ada|diduga|mirip|seperti|kayak|kaya|dikira|curiga) "
                 r"(\w+ )?bom\b|\bbom rakitan|bahan peledak|\bbomb\b|explosive|granat|"
                 r"(tas|koper|kardus|paket|bungkusan|benda|barang|ransel|kotak)\w* "
                 r"(yang )?(\w+ )?(mencurigakan|misterius|suspicious)|"
                 r"suspicious (bag|package|object|parcel))")),
    ("violence", _rx(r"(tawuran|perkelahian|berkelahi|baku hantam|adu jotos|saling (pukul|"
                     r"bacok|serang|lempar)|bentrok\w*|pengeroyokan|keroyok\w*|dipukuli|"
                     r"dihajar|carok|brawl|fighting|dibacok|ditusuk|bacok|dikeroyok|"
                     r"perampokan|dirampok|memukuli (istri|anak|warga)|mukuli|"
                     r"(mengamuk|ngamuk|ngamok)\b.{0,40}(bawa|membawa|memukuli|mukuli|"
                     + _WEAPON + r")|(bawa|membawa) (senjata|celurit|clurit|parang|sajam|"
                     r"pisau|pistol|golok)\b.{0,40}(menyerang|nyerang|mengamuk|ngamuk|"
                     r"mengejar|ngejar)|senjata tajam "
                     r"menyerang|with a knife|threatening people|stabbed|"
                     r"(being|getting) (beaten|attacked|stabbed|punched|kicked|hit)\b|"
                     r"beating (up|her|him|a)\b|attacking (people|someone|her|him)\b|"
                     # shooting at people: "nembak pakai senapan angin ke arah warga"
                     r"(tembak|nembak|menembak|ditembak)\w*\b.{0,40}\b(senapan|pistol|"
                     r"senjata|peluru|airsoft)|(senapan|pistol|senjata api|airsoft)\w*\b"
                     r".{0,40}\b(ke arah|menembak|nembak|mengenai)|"
                     r"mengejar\w*\b.{0,30}\b(bawa|membawa) " + _WEAPON + r"|"
                     # a weapon drawn at people: "bawa parang ngancem", "ditodong pisau"
                     r"(bawa|membawa|acung\w*|ngacung\w*|mengacung\w*|menghunus|hunus\w*|"
                     r"ayun\w*|ngayun\w*|mengayun\w*) (\w+ )?" + _WEAPON + r"\b.{0,50}"
                     r"\b(ancam|ngancem|ngancam|mengancam|nyerang|ngamuk|ngejar|nodong|"
                     r"menodong|ke (arah )?(warga|orang|pedagang|pengendara|anak))|"
                     r"(ancam|ngancem|ngancam|mengancam|nodong|menodong|ditodong|todong)\w*\b"
                     r".{0,30}\b" + _WEAPON + r")")),
]  # fmt: skip
# About to fall with people under it now: "dahan retak, anak2 bermain di bawahnya",
# "dinding miring, suara krek dari tadi, isinya 5 orang". Read before _NEUTRALISE, which
# drops "mau roboh" (without people at risk it is a complaint to prune or inspect).
_FALLING = _rx(
    r"(?P<thing>pohon|dahan|cabang|ranting besar|reklame|baliho|papan|tembok|dinding|rumah|"
    r"bangunan|atap|tiang|tower|plafon)\w*\b.{0,60}\b((mau|hampir|nyaris|akan|mulai) "
    r"(roboh|tumbang|ambruk|runtuh|jatuh|patah|ambrol)|miring|retak|goyang\w*|krek\w*|"
    r"kretek\w*|bergoyang)"
)
_UNDER = _rx(
    r"(di )?(bawah|bawahnya|ngisor\w*)\b.{0,40}\b(orang|anak|warga|halte|siswa|murid|"
    r"pengendara|pedagang|jamaah|bermain|ramai|banyak)|"
    r"(isi\w*|penghuni\w*|ada) \d+ (orang|jiwa|keluarga)|"
    r"(orang|anak|warga|siswa|murid)\w*\b.{0,30}\b(sedang |lagi )?(bermain|main|berteduh|"
    r"menunggu|duduk)\b.{0,20}\b(di )?(bawah\w*|ngisor\w*)"
)
_BURNING = _rx(r"\b(bakar|membakar|pembakaran|dibakar)\b")
# A fire the citizen sees now but names as a guess: "kayak e kobongan", "sepertinya ada
# kebakaran" (not when the smoke is someone burning rubbish: _BURNING).
_SEEMS_FIRE = _rx(
    r"\b(kayak|kayaknya|kayake|kaya|kayanya|sepertinya|seperti|kelihatannya) (e |nya )?"
    r"(ada )?(kebakaran|terbakar)\b"
)
# Types whose keyword describes a present state of a person.
# A state that is an emergency by itself: a person missing or collapsed, a suspected bomb.
_STATES = frozenset({"missing_person", "medical", "suicide", "bomb"})
# Types that are over once they happened: with nobody hurt and nobody at risk, a complaint.
_OVER_WHEN_UNHURT = frozenset({"fallen_tree", "collapse", "accident"})
_SENTENCE_SPLIT = re.compile(r"[.!?\n;]+")
_ABBREV_DOT = _rx(r"\b(jl|jln|no|dr|ir|h|st|rs|pt|cv|gg|bu|pak|bpk|mr|mrs|km)\.")


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_SPLIT.split(_ABBREV_DOT.sub(r"\1 ", text)) if s.strip()]


def match(text: str) -> tuple[EmergencyMatch | None, bool]:
    """The first emergency keyword in a sentence that no guard drops, and whether a
    keyword was found but guarded (past event, near-miss, elsewhere, service complaint)."""
    calm = _NEGATED.sub(" ", _CALM.sub(" ", canonical(text)))
    now_any = _NOW.search(calm)
    cue_any = now_any or _NOW_WEAK.search(calm) or _URGENT.search(calm)
    past_all = bool(_PAST.search(calm) and not now_any)
    other_all = bool(_ELSEWHERE.search(calm) or (_SERVICE.search(calm) and not cue_any))
    guard_all = past_all or other_all
    guarded = False
    falling = _FALLING.search(calm)
    if falling and not guard_all and _UNDER.search(calm):
        label = "fallen_tree" if falling["thing"] in ("pohon", "dahan", "cabang") else "collapse"
        under = _UNDER.search(calm).group(0).strip()  # type: ignore[union-attr]
        return EmergencyMatch(label, falling.group(0).strip()[:60], CERTAIN, under), guarded
    for sentence in _sentences(calm):
        cleaned = _NEUTRALISE.sub(" ", sentence)
        if cleaned != sentence and any(rx.search(sentence) for _, rx in _RULES):
            guarded = True  # "takut kebakaran", "hampir roboh": named, not happening
        now = _NOW.search(cleaned)
        for label, rx in _RULES:
            m = rx.search(cleaned)
            if not m:
                continue
            keyword = m.group(0).strip()[:60]
            if label == "missing_person" and _MISSING_NOT.search(cleaned):
                continue
            if label == "missing_person":
                if _FOUND.search(calm):
                    guarded = True
                    break
                if not _MISSING_STRONG.search(keyword) and not _RECENT.search(canonical(text)):
                    continue
                if not guard_all:  # when they left is no past event: still missing
                    cue = now or cue_any or _RECENT.search(canonical(text))
                    if cue:
                        return EmergencyMatch(label, keyword, CERTAIN, cue.group(0)), guarded
                    return EmergencyMatch(label, keyword, 0.7, None), guarded
            if keyword.startswith(("asap", "berasap")) and _BURNING.search(calm):
                continue  # smoke of someone burning rubbish: a DLH complaint
            # a past marker elsewhere, but this sentence says "malam ini" / "sekarang"
            here = None
            if past_all and not other_all and not _PAST.search(cleaned):
                here = _HERE_NOW.search(cleaned)
            if (guard_all and not here) or (_PAST.search(cleaned) and not now):
                guarded = True
                break
            # "dahan patah menimpa pagar, gak ada yg luka, skrg sudah di pinggir": over
            unhurt = label in _OVER_WHEN_UNHURT and says_unhurt(text)
            cue = now or here or cue_any
            if label == "fire" and not cue and not _BURNING.search(calm):
                cue = _SEEMS_FIRE.search(cleaned)
            if cue and not unhurt:
                return EmergencyMatch(label, keyword, 0.95, cue.group(0).strip()), guarded
            risk = _AT_RISK.search(cleaned)
            if risk:
                return EmergencyMatch(label, keyword, CERTAIN, risk.group(0).strip()), guarded
            if label in _STATES:
                return EmergencyMatch(label, keyword, CERTAIN, keyword), guarded
            if unhurt:
                guarded = True  # a complaint for the agent, not the 112 desk
                break
            return EmergencyMatch(label, keyword, 0.7, None), guarded
    return None, guarded


def says_unhurt(text: str) -> bool:
    """Whether the citizen says nobody was hurt ("gak ada yg luka", "tidak ada korban")."""
    return bool(_UNHURT.search(canonical(text)))


def has_urgency_cue(text: str) -> bool:
    """A strong present-tense or urgency cue anywhere in the message ("sedang",
    "barusan", "tolong!!")."""
    calm = _NEUTRALISE.sub(" ", _CALM.sub(" ", canonical(text)))
    return bool(_NOW.search(calm) or _URGENT.search(calm))
