"""Emergency keywords per type (RULES) and what makes a match certain or not: present
and urgency cues, people at risk, a missing person's markers, negated harm, something about
to fall with people under it. ticketing/routing/emergency.py reads them sentence by
sentence; its guards are in emergency_guards.py."""

from __future__ import annotations

import re

from .normalize import rx as _rx

# Single-word stems of an emergency, looked for in a raw payload before it is parsed (the
# intake's lane, ticketing/inbound/events.py): cheap substring tests, no regex. A complaint
# that has one ("pohon ambruk kemarin") only moves up the queue; the classifier decides.
ALARM_STEMS = (
    "kebakar",
    "terbakar",
    "kobong",
    "tenggelam",
    "hanyut",
    "terseret",
    "kecelakaan",
    "tabrakan",
    "ketabrak",
    "pingsan",
    "kejang",
    "melahirkan",
    "terjebak",
    "tertimpa",
    "tertimbun",
    "longsor",
    "ambruk",
    "begal",
    "rampok",
    "tawuran",
    "bunuh",
    "darurat",
    "emergency",
    "ambulan",
    "kesetrum",
    "tersengat",
    "meledak",
    "ledakan",
    "drowning",
    "accident",
)

WEAPON = (
    r"(senjata|sajam|parang|celurit|clurit|pisau|golok|samurai|pedang|pistol|pentungan|senapan)"
)


THIEF = (
    r"(maling|pencuri|pencopet|copet|jambret|penjambret|begal|perampok|garong|burglar|thief|"
    r"robber)\w*"
)

# Strong present tense: it also overrides a past marker in the same sentence.
NOW = _rx(
    r"\b(sedang|right now|barusan|baru saja|detik ini|"
    r"masih (terbakar|menyala|naik|di dalam|terjebak|tertimbun|tertimpa|nempel|kejang|"
    r"belum|terdengar|teriak|berteriak|minta tolong)|"
    r"belum (ketemu|ditemukan|pulang|kembali|sadar)|terus naik|naik terus|"
    r"makin (tinggi|besar|parah|naik|membesar)|sedang berlangsung|masih berlangsung|"
    # a fire reaching for the houses: "apinya mulai mendekati rumah warga"
    r"(mulai|terus|makin) (mendekati|merembet|menjalar|merambat)|"
    r"(tidak|belum) bisa (lepas|dilepas\w*|keluar|dikeluarkan)|"
    # someone high up who cannot or will not come down
    r"(tidak|belum) (mau|gelem|bisa) (naik turun|turun|mudun)|"  # English: "still happening"
    r"still (happening|going on|burning|inside|trapped)|happening (right )?now)\b"
)
# Bare "now", "lagi <doing>" or "ada kebakaran": a cue, but "terbakar minggu lalu, sekarang
# numpang" is still past.
NOW_WEAK = _rx(
    r"\b(sekarang|saat ini|now|lagi (ada|baku|ber\w+|ter\w+|di\w+|tawuran)|"
    # it started minutes ago: "sejak kira kira 5 menit lalu", "udah 15 menitan"
    r"(sejak|dari|sudah|selama) (sekitar |kurang lebih |hampir |kira kira )?\d+ menit\w*|"
    r"\d+ menit (yang )?lalu|"
    r"ada (kebakaran|api|orang (tenggelam|hanyut|pingsan|tertimpa|terjebak)|kecelakaan|"
    r"tawuran|keributan|perkelahian))\b"
)
URGENT = _rx(
    r"(darurat|emergency|gawat|\bsos\b|tolong cepat|cepat tolong|segera kirim|"
    r"kirim (ambulans|bantuan|petugas)|please (hurry|help|send)|(please|mohon) (quick|hurry)|"
    r"come quick|send (an )?ambulans|\bhelp\b|(tolong|segera|mohon|minta) (di)?evakuasi|"
    r"evakuasi segera|"
    r"!{2,}|tolong+ ?!|cepat+ ?!|segera+ ?!)"
)
BODY = (
    r"(orang|warga|anak|bayi|balita|lansia|nenek|kakek|ibu|bapak|pengendara|pekerja|"
    r"penghuni|korban|siswa|penumpang|sopir|pengemudi|pemotor|keluarga|istri|suami|tukang|"
    r"pemulung|pedagang|tamu|jamaah|pasien|pemuda|remaja|pria|wanita|perempuan|adik|kakak|"
    r"mbah|eyang|ayah|mama|papa|cucu|keponakan|ponakan|putra|putri|teman|"
    r"people|someone|man|woman|child|kids|son|daughter|father|mother|neighbour|neighbor|"
    r"grand\w++|husband|wife|brother|sister|boy|girl|dad|mom|mum)"
)
INJURY = (
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
AT_RISK = _rx(INJURY + r"|" + BODY + r"\w*\b.{0,25}\b(di dalam|terjebak|tertimpa|tertimbun|"
               r"inside|trapped)|(menimpa|mengenai|melukai) " + BODY + r"|"
               # "masih ada yang belum keluar", "belum bisa dievakuasi": someone still inside
               r"\b(belum|blm) (bisa )?(keluar|dievakuasi|diselamatkan|ditemukan)\b|"
               r"\bmasih (ada )?(orang |yang |warga )?(di dalam|didalam|terjebak|"
               r"tertimbun)")  # fmt: skip
THINGS = (
    r"(ktp|kk|kia|akta|sim|stnk|bpkb|dompet|hp|ponsel|motor|mobil|sepeda|berkas|data|"
    r"surat|kartu|sertifikat|ijazah|barang|tas|paket|sinyal|air|listrik|nama|nik|"
    r"kucing|anjing|burung|ayam|cat|ring|tutup\w*+|rambu|marka|plat)"
)
# The person is back or found: the report is over ("sudah pulang", "sudah ketemu").
FOUND = _rx(
    r"\b(sudah|akhirnya|alhamdulillah) ((?!tidak|belum)\w+ ){0,3}(ketemu|ditemukan|pulang|kembali|"
    r"balik|bisa dihubungi|ada kabar)|(was|been|is) found|came (back|home)|is back|"
    r"(sudah|telah) aman\b"
)
# "Not back yet" is a missing person only with a recent time ("sejak tadi pagi", "jam 9").
MISSING_STRONG = _rx(r"hilang|missing|ketemu|ditemukan|terpisah|di mana|nowhere|find")
RECENT = _rx(
    r"\b(sejak|dari|mulai|semenjak|bar|habis|sehabis|setelah) (tadi|pagi|siang|sore|malam|"
    r"subuh|magrib|maghrib|isya|asar|ashar|zuhur|semalam|kemarin|"
    r"jam|pukul|pulang|berangkat|pamit|\d)|\bsampai (sekarang|saat ini|jam|malam|pagi|"
    r"subuh)|\b(biasanya|seharian|semalaman|\d+ jam|hours?|since|this (morning|afternoon|"
    r"evening)|earlier today|last night|yesterday|tonight)\b"
)
# Nobody hurt: "tidak ada yang luka", "untung tidak ada korban", "nobody was hurt".
NOBODY_HURT = (
    r"\b(tidak|belum|tanpa) (ada )?(yang |orang |korban )?(luka|terluka|korban|cedera)(nya)?\b|"
    r"no (one|body) (was )?(hurt|injured)|nobody (was )?(hurt|injured)"
)
UNHURT = _rx(NOBODY_HURT)
# ... or no fire left ("sudah tidak ada api"): words no cue may be read in.
NEGATED = _rx(
    NOBODY_HURT + r"|\b(tidak|belum|tanpa) (ada )?(yang |orang |korban )?(api|kena)(nya)?\b"
)
# A thing lost, not a person: "KTP anak saya hilang", "catnya hilang".
MISSING_NOT = _rx(r"\b" + THINGS + r"\w*\b.{0,20}\bhilang|\bhilang\w*\b.{0,10}\b" + THINGS
                   + r"\b")  # fmt: skip
RULES: list[tuple[str, re.Pattern[str]]] = [
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
                 # a flame out of hand without the word "api": "kompor nyala besar sampai plafon"
                 r"(kompor|wajan|penggorengan|tabung)\w*\b.{0,20}\b(nyala|menyala|apinya)\b"
                 r".{0,15}\b(besar|membesar|tinggi|sampai (ke )?(plafon|atap|langit))|"
                 r"kabel\w*\b.{0,30}\b(terbakar|berasap|meletup|memercik\w*|berpijar)\b|"
                 r"asap\w* ((cukup|sangat|agak|lumayan|banyak|makin|semakin|mulai|putih|"
                 r"abu abu) )?(tebal|hitam|pekat|keluar|mengepul)|berasap|flames|smoke pouring)")),
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
                  r"(masuk|naik).{0,30}(terus|cepat)|"
                  # English once canonical: "the flood water is rising to my knees"
                  r"(air|banjir)\b.{0,30}\b(rising|knee|waist|chest)\w*)")),
    ("fallen_tree", _rx(r"(pohon\w*|dahan|batang|tree)\b.{0,40}(tumbang|roboh|patah|fell)\b.{0,60}"
                        r"(menimpa|tertimpa|terjepit|menutup|melintang|sekarang|barusan|"
                        r"terjebak|korban|on a|inside)|tree fell|fallen tree")),
    ("collapse", _rx(r"((house|building|roof|wall)\w* collapsed|(rumah|bangunan|gedung|atap|"
                     r"tembok|dinding|plafon|jembatan|ruko|"
                     r"sekolah|kos|gudang|dapur|reklame|baliho|tower|tiang)\w*\b.{0,40}"
                     r"(roboh|runtuh|ambrol|collapsed)|(menimpa|tertimpa) " + BODY + r"|"
                     + BODY + r".{0,20}(tertimpa|tertimbun)|reruntuhan)")),
    ("storm", _rx(r"(puting beliung|angin ribut|(terbang|roboh|ambruk)\w* .{0,20}(kena|karena|"
                  r"akibat) angin|angin kencang.{0,40}(roboh|menimpa|terbang)|"
                  r"atap\w* (beterbangan|terbang)|gempa.{0,40}(roboh|runtuh|tertimpa|tertimbun|"
                  r"korban))")),
    ("accident", _rx(r"(\b" + BODY + r"\w*\b.{0,20}(ditabrak|tertabrak|terlindas|disambar) "
                     r"(kereta|truk|mobil|bus|motor|kendaraan)|(kecelakaan|tabrakan|ditabrak|"
                     r"tertabrak|terlindas|tabrak lari|"
                     r"\bcrash|hit by|terguling|jatuh dari (motor|lantai|tangga|atap|"
                     r"perancah|ketinggian)|nabrak|anjlok|keluar rel|derail\w*|"
                     # a rider who fell: "pengendara motor jatuh ..., berdarah"
                     r"(pengendara|pemotor|motor|sepeda)\w* (\w+ )?(jatuh|terjatuh|tergelincir|"
                     r"terpelanting|terpental))\b.{0,80}"
                     + INJURY + r"|" + INJURY
                     + r".{0,80}(kecelakaan|tabrakan|ditabrak|tertabrak|tabrak lari))")),
    ("missing_person", _rx(r"(\b" + BODY + r"\w*\b.{0,70}\b(hilang|menghilang|belum (pulang|"
                           r"kembali|ketemu|ditemukan)|terpisah|is missing|went missing|"
                           r"(tidak|belum) (juga )?(sampai|tiba) (di )?(rumah|omah|sekolah)|"
                           r"(tidak|belum) (juga )?(pulang|balik|bali|kembali)( ke rumah)?|"
                           r"(tidak|belum) (ada )?(kabar|kabarnya)|(tidak|belum) bisa dihubungi|"
                           r"(tidak|belum) (kelihatan|terlihat)|tidak ada di mana|"
                           r"(can't|cannot|can not) find|nowhere|"
                           r"(hasn't|has not|haven't|did not|didn't) (come|came|been) (back|home)|"
                           r"(hasn't|has not|didn't) return\w*|not (come )?(back|home) (yet|since))"
                           r"\b|\b(hilang|missing)\b.{0,20}\b" + BODY + r"\b)")),
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
                    r"\b(pak|bu|mas|mbak|ustadz?|kyai|guru|" + BODY + r")\w*\b.{0,25}\bkolaps\b|"
                    r"(dada|dadanya) (\w+ )?(sakit|nyeri|sesak)|sakit dada|"
                    r"keringat dingin|(tidak|belum) (juga )?bangun( bangun)?(?! ?[a-z])|"
                    # someone who does not answer when called or shaken, or who drops all
                    # at once ("tiba2 ambruk", "mendadak tumbang"): not a wall nor a tree
                    r"(tidak|belum) (\w+ )?(nyaut|nyahut|menyahut)\w* (\w+ )?dipanggil|"
                    r"(tidak|belum) (\w+ )?(nyaut|nyahut|menyahut|merespon|respon)\w* (\w+ )?"
                    r"(dibangun\w*|digoyang\w*|ditepuk\w*)|(dibangun\w*|digoyang\w*|ditepuk\w*)"
                    r"( \w+){0,2} (tidak|belum) (\w+ )?(nyaut|nyahut|menyahut|merespon|respon|"
                    r"sadar|bergerak)|"
                    r"\b(pak|bu|mas|mbak|satpam|petugas|pegawai|guru|sopir|" + BODY + r")\w*\b"
                    r".{0,30}\b(tiba tiba|mendadak) (roboh|jatuh|terjatuh|tumbang|tersungkur)\b"
                    r"(?! (sakit|miskin|bangkrut))|"
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
                   r"disengat banyak)|"
                   # "sarang tawon ... sudah nyengat 2 anak": stinging people
                   r"(tawon|lebah)\b.{0,60}\b(me)?nyengat (\d+ |beberapa |banyak )?" + BODY + r"|"
                   + BODY + r"\w* (\w+ )?(disengat|kesengat|tersengat) (tawon|lebah))")),
    # a theft under way: a thief named at work ("maling lagi manjat pagar", "rumah sedang
    # dibobol"); with no cue ("ada maling lagi" may mean "again") it needs the model
    ("crime", _rx(r"\b" + THIEF + r"\b.{0,30}\b(lagi|sedang|masih|mencoba|coba) (\w+ )?"
                  r"(manjat|memanjat|panjat|masuk|nyongkel|mencongkel|congkel|membobol|bobol|"
                  r"ngambil|mengambil|mencolong|nyolong|mencuri|ngintip|mengintip|beraksi|"
                  r"merusak|ngerusak|membuka|buka|ngangkut|mengangkut|di (dalam|atas|rumah))|"
                  r"\b(sedang|lagi) (dibobol|dirampok|dicuri|dicolong|dibongkar|dicongkel|"
                  r"dijambret|dibegal|dimaling\w*)|"
                  r"\b(is|are) (breaking into|robbing|trying to break in)")),
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
                     + WEAPON + r")|(bawa|membawa) (senjata|celurit|clurit|parang|sajam|"
                     r"pisau|pistol|golok)\b.{0,40}(menyerang|nyerang|mengamuk|ngamuk|"
                     r"mengejar|ngejar)|senjata tajam "
                     r"menyerang|with a knife|threatening people|stabbed|"
                     r"(being|getting) (beaten|attacked|stabbed|punched|kicked|hit)\b|"
                     r"beating (up|her|him|a)\b|attacking (people|someone|her|him)\b|"
                     # shooting at people: "nembak pakai senapan angin ke arah warga"
                     r"(tembak|nembak|menembak|ditembak)\w*\b.{0,40}\b(senapan|pistol|"
                     r"senjata|peluru|airsoft)|(senapan|pistol|senjata api|airsoft)\w*\b"
                     r".{0,40}\b(ke arah|menembak|nembak|mengenai)|"
                     r"mengejar\w*\b.{0,30}\b(bawa|membawa) " + WEAPON + r"|"
                     # a weapon drawn at people: "bawa parang ngancem", "ditodong pisau"
                     r"(bawa|membawa|acung\w*|ngacung\w*|mengacung\w*|menghunus|hunus\w*|"
                     r"ayun\w*|ngayun\w*|mengayun\w*|pegang|megang|memegang|nyekel|nenteng|"
                     r"menenteng|genggam|menggenggam) (\w+ )?" + WEAPON + r"\b.{0,50}"
                     r"\b(ancam|ngancem|ngancam|mengancam|nyerang|ngamuk|ngejar|nodong|"
                     r"menodong|ke (arah )?(warga|orang|pedagang|pengendara|anak))|"
                     r"(ancam|ngancem|ngancam|mengancam|nodong|menodong|ditodong|todong)\w*\b"
                     r".{0,30}\b" + WEAPON + r")")),
]  # fmt: skip
# A weapon drawn at someone: an emergency by itself, like a person collapsed ("bapaknya
# nyekel golok ngancam anaknya", "ditodong celurit").
DRAWN = _rx(
    WEAPON + r"\b.{0,50}\b(ancam|ngancem|ngancam|mengancam|nodong|menodong)\w*|"
    r"(ancam|ngancem|ngancam|mengancam|nodong|menodong|ditodong|todong)\w*\b.{0,30}\b" + WEAPON
)
# About to fall with people under it now: "dahan retak, anak2 bermain di bawahnya",
# "dinding miring, suara krek dari tadi, isinya 5 orang". Read before _NEUTRALISE, which
# drops "mau roboh" (without people at risk it is a complaint to prune or inspect).
FALLING = _rx(
    r"(?P<thing>pohon|dahan|cabang|ranting besar|reklame|baliho|papan|tembok|dinding|rumah|"
    r"bangunan|atap|tiang|tower|plafon)\w*\b.{0,60}\b((mau|hampir|nyaris|akan|mulai) "
    r"(roboh|tumbang|ambruk|runtuh|jatuh|patah|ambrol)|miring|retak|goyang\w*|krek\w*|"
    r"kretek\w*|bergoyang)"
)
UNDER = _rx(
    r"(di )?(bawah|bawahnya|ngisor\w*)\b.{0,40}\b(orang|anak|warga|halte|siswa|murid|"
    r"pengendara|pedagang|jamaah|bermain|ramai|banyak)|"
    r"(isi\w*|penghuni\w*|ada) \d+ (orang|jiwa|keluarga)|"
    r"\b" + BODY + r"\w*\b.{0,30}\b(sedang |lagi )?(bermain|"
    r"main|berteduh|menunggu|duduk|istirahat|beristirahat|ngiyup|ngaso|berkumpul|kumpul|"
    r"nongkrong|jualan|berjualan|antre|antri|tidur)\b.{0,20}\b(di )?(bawah\w*|ngisor\w*)"
)
BURNING = _rx(r"\b(bakar|membakar|pembakaran|dibakar)\b")
# A fire the citizen sees now but names as a guess: "kayak e kobongan", "sepertinya ada
# kebakaran" (not when the smoke is someone burning rubbish: BURNING).
SEEMS_FIRE = _rx(
    r"\b(kayak|kayaknya|kayake|kaya|kayanya|sepertinya|seperti|kelihatannya) (e |nya )?"
    r"(ada )?(kebakaran|terbakar)\b"
)
