"""Text normalisation shared by the rules, training and prediction.

Citizens write formal Indonesian, chat Indonesian and Suroboyoan Javanese, with
abbreviations, repeated letters, emoji and some English. Two forms are made here:

- ``canonical(text)``: lowercase, emoji as Indonesian words and chat slang as standard
  Indonesian (both from indoNLP: its emoji table and the Colloquial Indonesian Lexicon,
  about 4,300 entries), punctuation kept so rules still see sentences. Rules read this
  form, so "kmrn" is read as "kemarin" before a past-event guard looks for it.
- ``stems(text)``: the canonical words stemmed with Sastrawi, a feature of the model
  ("kebakaran", "terbakar" -> "bakar"; "diperbaiki", "perbaikan" -> "baik").

Our own word lists are small and say only what the libraries cannot know: Suroboyoan,
Javanese krama and Madurese words (the lexicon is Jakarta chat), domain acronyms the
lexicon would rewrite ("sma" -> "sama", "gg" -> "enggak", "kk" -> "kakak"), and a few
English words.
"""

from __future__ import annotations

import re
from functools import lru_cache

from indoNLP.preprocessing import SLANG_DATA, emoji_to_words
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

from .lookalike import fold

# Acronyms and words of our domain that the lexicon must leave as they are.
KEEP: frozenset[str] = frozenset(
    [
        "sma",
        "smp",
        "smk",
        "sd",
        "sdn",
        "smpn",
        "sman",
        "smkn",
        "mi",
        "mts",
        "kk",
        "ktp",
        "kia",
        "gg",
        "rt",
        "rw",
        "pju",
        "pln",
        "pdam",
        "kua",
        "bpn",
        "rs",
        "rsud",
        "pkl",
        "tps",
        "ipal",
        "ac",
        "atm",
        "tol",
        "kali",
        "mas",
        "mbak",
        "pak",
        "bu",
        "cak",
        "ning",
        "rek",
        "lek",
        "darurat",
        "sos",
        "ok",
        "oke",
        "dong",
        "sih",
        "nih",
        "ya",
        "kok",
        "info",
        "wa",
        "jam",
        "bis",
        "bus",
    ]
)

# Suroboyoan / Javanese words (absent from the lexicon) and a few chat forms it lacks.
SUROBOYOAN: dict[str, str] = {
    "gak": "tidak", "ga": "tidak", "gk": "tidak", "ndak": "tidak", "ora": "tidak",
    "nggak": "tidak", "ngga": "tidak", "enggak": "tidak", "gag": "tidak",
    "wes": "sudah", "wis": "sudah", "uwis": "sudah", "durung": "belum",
    "saiki": "sekarang", "wingi": "kemarin", "sesok": "besok", "mulih": "pulang",
    "arek": "anak", "arek2": "anak anak", "bocah": "anak", "wong": "orang", "uwong": "orang",
    "tonggo": "tetangga", "tonggoku": "tetangga saya", "sampeyan": "anda",
    "njenengan": "anda", "aku": "saya", "awakdewe": "kami", "kulo": "saya",
    "sing": "yang", "karo": "dengan", "kanggo": "untuk", "gawe": "untuk",
    "soale": "karena", "mergo": "karena", "amergi": "karena", "nang": "di", "ning": "di",
    "ndek": "di", "nok": "di", "teko": "dari", "iki": "ini", "iku": "itu", "kuwi": "itu",
    "opo": "apa", "yaopo": "bagaimana", "yopo": "bagaimana", "piye": "bagaimana",
    "onok": "ada", "ono": "ada", "enek": "ada", "akeh": "banyak", "guede": "besar",
    "cilik": "kecil", "suwe": "lama", "ndang": "cepat", "cepet": "cepat", "tulung": "tolong",
    "mhn": "mohon", "mohn": "mohon", "maneh": "lagi", "pol": "banget", "ae": "saja",
    "ngarep": "depan", "ngarepe": "depannya", "bolong": "berlubang", "gede": "besar",
    "sewulan": "sebulan", "didandani": "diperbaiki", "dandani": "perbaiki",
    "dalan": "jalan", "dalane": "jalan", "omah": "rumah", "omahku": "rumah saya",
    "omahe": "rumah", "banyu": "air", "banyune": "air", "geni": "api", "kobong": "terbakar",
    "kobongan": "kebakaran", "kelelep": "tenggelam", "kecemplung": "tercebur",
    "nyemplung": "tercebur", "ambruk": "roboh", "rubuh": "roboh", "ambrol": "roboh",
    "ketiban": "tertimpa", "nimpa": "menimpa", "semaput": "pingsan", "klenger": "pingsan",
    "getih": "darah", "kesetrum": "tersetrum", "ketabrak": "ditabrak", "kelindes": "terlindas",
    "sik": "masih", "isih": "masih", "krungu": "terdengar", "wonge": "orangnya",
    "kenek": "kena", "njero": "dalam", "njerone": "dalamnya", "suarane": "suaranya",
    "gedhe": "besar", "sesek": "sesak", "keringet": "keringat", "keseret": "terseret",
    "dadane": "dadanya",
    "mambu": "bau", "peteng": "gelap", "udan": "hujan", "mlebu": "masuk", "munggah": "naik",
    "mundak": "naik", "ilang": "hilang", "ilange": "hilang", "mari": "selesai",
    "meh": "hampir", "nyaris": "hampir", "ngerti": "tahu", "weruh": "lihat",
    "suwun": "terima kasih", "nuwun": "terima kasih", "matur": "", "maturnuwun": "terima kasih",
    "makasih": "terima kasih", "makasi": "terima kasih", "thx": "terima kasih",
    "tq": "terima kasih", "trims": "terima kasih", "ty": "terima kasih",
    "min": "admin", "mimin": "admin", "minn": "admin", "lur": "saudara",
    "bangjo": "lampu lalu lintas", "apill": "lampu lalu lintas", "lalin": "lalu lintas",
    "ledeng": "pdam", "jukir": "juru parkir", "damkar": "pemadam kebakaran",
    "laka": "kecelakaan", "ambulan": "ambulans", "ambulance": "ambulans",
    "hydrant": "hidran", "hidrant": "hidran", "jln": "jalan", "jl": "jalan",
    "mati2": "mati", "kmrn": "kemarin", "kmrin": "kemarin", "kemaren": "kemarin",
    "keselek": "tersedak", "ketimbun": "tertimbun", "kruntuhan": "tertimpa reruntuhan",
    "keruntuhan": "tertimpa reruntuhan", "kukus": "asap", "ireng": "hitam", "kejepit": "terjepit",
    "kecepit": "terjepit", "raine": "wajahnya", "ngoyak": "mengejar", "nggowo": "membawa",
    "gowo": "bawa", "metu": "keluar", "ngisor": "bawah", "ngisore": "bawahnya",
    # question words, time, seeing and fear, and what happens to a person or a house
    "piro": "berapa", "sopo": "siapa", "endi": "mana", "ngendi": "mana", "mbiyen": "dulu",
    "kepungkur": "yang lalu", "sesuk": "besok", "bengi": "malam", "esuk": "pagi",
    "diluk": "sebentar", "sedhela": "sebentar", "kudu": "harus", "isok": "bisa",
    "ketok": "terlihat", "digoleki": "dicari", "goleki": "cari", "wedi": "takut",
    "kegowo": "terbawa", "kegawa": "terbawa", "keli": "hanyut", "kentir": "hanyut",
    "klelep": "tenggelam", "kecebur": "tercebur", "kepleset": "terpeleset",
    "ceblok": "jatuh", "kejlungup": "terjatuh", "kejeglong": "terperosok",
    "nyokot": "menggigit", "dicokot": "digigit", "gelut": "berkelahi", "urup": "menyala",
    "kebul": "asap", "kebule": "asapnya",
    "ambune": "baunya", "turu": "tidur", "cedhak": "dekat", "cedak": "dekat", "adoh": "jauh",
    "mlaku": "jalan", "bosok": "busuk", "reget": "kotor", "resik": "bersih",
    "ambek": "dengan", "mbek": "dengan", "duwe": "punya", "nduwe": "punya",
    "rph": "rumah potong hewan", "pajek": "pajak", "tagihane": "tagihan", "arep": "mau",
    "mbayar": "bayar", "bayare": "bayarnya",
    "dolanan": "bermain", "iso": "bisa", "ngomong": "bicara", "lambene": "bibirnya",
    "ndlosor": "jatuh", "tibo": "jatuh", "ndelik": "sembunyi", "kobong2": "terbakar",
    # a person's state and acts in an emergency: "getihen gak obah", "arep mlumpat"
    "getihen": "berdarah", "obah": "bergerak", "mlumpat": "melompat", "mencolot": "melompat",
    "montor": "motor", "mlayu": "lari",
    # asking for something: "iso dijaluk ta?", "lapor nang ndi"
    "njaluk": "minta", "jaluk": "minta", "dijaluk": "diminta", "ndi": "mana",
    # people in the street: "anjal ngamen di lampu merah", "gepeng di perempatan"
    "anjal": "anak jalanan", "gepeng": "gelandangan pengemis",
    # "wong gendheng nang pasar", "wedus tonggo diculno mangan tanduran"
    "gendheng": "gila", "gendeng": "gila", "edan": "gila", "wedus": "kambing",
    "diculno": "dilepas", "diculke": "dilepas", "tanduran": "tanaman", "mangan": "makan",
    "telek": "kotoran", "teleke": "kotorannya",
}  # fmt: skip

# Madurese words (Surabaya's second language in the north and east; absent from the
# lexicon): a glottal stop written "'" is dropped by the tokenizer ("ghi'" -> "ghi").
MADURESE: dict[str, str] = {
    "aeng": "air", "bengko": "rumah", "bengkona": "rumahnya", "masok": "masuk",
    "ampon": "sudah", "sapenggang": "sepinggang", "sapennggang": "sepinggang",
    "kaula": "saya", "kaule": "saya", "engkok": "saya", "sengkok": "saya",
    "ponapa": "apa", "tatangga": "tetangga", "oreng": "orang", "bede": "ada", "bedhe": "ada",
    "dhalem": "dalam", "kalowar": "keluar", "bannya": "banyak", "ghi": "masih",
    "olle": "dapat", "songai": "sungai", "bantowan": "bantuan", "tadek": "tidak ada",
    "bedeh": "ada", "apoy": "api", "compok": "rumah", "tenggelem": "tenggelam",
    "ngamok": "mengamuk", "lokah": "luka", "pate": "mati", "kabbhi": "semua",
    "saminggu": "seminggu",
}  # fmt: skip

# Javanese krama (the polite register older citizens write in, "nyuwun tulung, griyanipun
# tanggi kula kobong") and its polite forms: absent from the lexicon, read as Indonesian.
KRAMA: dict[str, str] = {
    "mboten": "tidak", "boten": "tidak", "saged": "bisa", "sampun": "sudah",
    "dereng": "belum", "kula": "saya", "kawula": "saya", "panjenengan": "anda",
    "nyuwun": "mohon", "wonten": "ada", "niki": "ini", "punika": "ini", "menika": "ini",
    "ingkang": "yang", "saking": "dari", "badhe": "mau", "bade": "mau", "ugi": "juga",
    "kathah": "banyak", "sanget": "sangat", "enjing": "pagi", "sakmenika": "sekarang",
    "samenika": "sekarang", "sakniki": "sekarang", "toya": "air", "tanggi": "tetangga",
    "lare": "anak", "sepuh": "tua", "ngajeng": "depan", "wingking": "belakang",
    "mambet": "bau", "ing": "di", "dhateng": "ke", "pundi": "mana", "punapa": "apa",
    "menapa": "apa", "inggih": "ya", "nggih": "ya", "pangapunten": "maaf", "lan": "dan",
    "griya": "rumah", "griyo": "rumah", "griyanipun": "rumahnya", "tiyang": "orang",
    "ageng": "besar", "genipun": "apinya", "geninipun": "apinya", "ical": "hilang",
    "dhawah": "jatuh", "dawah": "jatuh", "tangi": "bangun", "wungu": "bangun",
    "sirah": "kepala", "sirahipun": "kepalanya", "medal": "keluar", "rah": "darah",
    "gerah": "sakit", "piyambakan": "sendirian", "asmanipun": "namanya", "ngagem": "memakai",
    "wit": "pohon", "pangipun": "dahannya", "resiki": "bersihkan", "mireng": "dengar",
    # "tiyangipun taksih wonten ing lebet": someone still inside
    "taksih": "masih", "lebet": "dalam", "tiyangipun": "orangnya", "amargi": "karena",
    "pitulungan": "pertolongan",
}  # fmt: skip
# English words of code-mixed messages, read as the Indonesian words of the corpus.
ENGLISH: dict[str, str] = {
    "road": "jalan", "street": "jalan", "pothole": "lubang", "potholes": "lubang",
    "drain": "saluran", "clogged": "mampet", "flood": "banjir", "flooding": "banjir",
    "rubbish": "sampah", "garbage": "sampah", "trash": "sampah", "tree": "pohon",
    "light": "lampu", "lights": "lampu", "streetlight": "lampu jalan", "water": "air",
    "fire": "kebakaran", "burning": "terbakar", "accident": "kecelakaan",
    "unconscious": "pingsan", "fainted": "pingsan",
    "missing": "hilang", "lost": "hilang", "drowning": "tenggelam", "trapped": "terjebak",
    "help": "tolong", "please": "mohon", "pls": "mohon", "plz": "mohon", "school": "sekolah",
    "hospital": "rumah sakit", "electricity": "listrik", "bill": "tagihan",
    "thanks": "terima kasih", "thank": "terima kasih", "hello": "halo", "hi": "halo",
    "yesterday": "kemarin", "now": "sekarang", "vendors": "pedagang", "bribe": "pungli",
    "tax": "pajak", "library": "perpustakaan", "permit": "izin", "report": "laporan",
    # kept: the chat lexicon reads it "wig", so "last week" was no past marker
    "week": "week",
}  # fmt: skip

# Rules and the model read a message's first MAX_CHARS characters: the most the web form,
# Open311 and a Telegram or WhatsApp message hold (4,000-4,096); the corpus's longest is
# under 300. Each rule reads the whole text, so an X DM of 10,000 characters or a long
# tweet, transcript or e-mail took seconds. NFKC and the emoji names lengthen a text (one
# emoji is a dozen characters of words, "\ufdfa" 18): what they give is cut at MAX_READ.
MAX_CHARS = 4000
MAX_READ = 2 * MAX_CHARS

_URL_RE = re.compile(r"(https?://\S+|www\.\S+|bit\.ly/\S+)")
# "\s*(?:-\s*)?", not "\s*-?\s*": two runs of spaces side by side split a long run of spaces
# every way (quadratic after "mc").
_TICKET_RE = re.compile(
    r"\bmc\s*(?:[-–—/_.]\s*)?20\d{2}\s*(?:[-–—/_.]\s*)?\d{3,6}\b", re.IGNORECASE
)
_REDUP_RE = re.compile(r"\b([a-z]{2,})2\b")
_REPEAT_RE = re.compile(r"([a-z])\1{2,}")
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_TOKEN_RE = re.compile(r"[a-z0-9_]+")
_ACRONYM_RE = re.compile(r"\b[A-Z]{2,6}\b")
# Abbreviations written with a dot ("Jl. Darmo"): the dot does not end a sentence.
_ABBREV_DOT_RE = re.compile(
    r"\b(jl|jln|gg|no|dr|rs|pt|cv|kel|kec|bpk|bu|pak|h|ir|st|mr|mrs|km|rt|rw|yth)\.",
    re.IGNORECASE,
)


def _replace(word: str) -> str:
    if word in KEEP:
        return word
    if word in SUROBOYOAN:
        return SUROBOYOAN[word]
    if word in MADURESE:
        return MADURESE[word]
    if word in KRAMA:
        return KRAMA[word]
    if word in ENGLISH:
        return ENGLISH[word]
    return SLANG_DATA.get(word, word)


def rx(pattern: str) -> re.Pattern[str]:
    """A case-insensitive pattern: how every routing rule reads the canonical text."""
    return re.compile(pattern, re.IGNORECASE)


def keyword(matched: str) -> str:
    """Returns what a rule quotes of its match in a reason: at most 60 characters, with
    no space at either end (the ticket page showed "kata kunci “... ada nenek ”")."""
    return matched.strip()[:60].rstrip()


@lru_cache(maxsize=2048)  # one message asks several times; a flood must not fill memory
def canonical(text: str) -> str:
    """Lowercase text with emoji as words and slang as standard words; punctuation kept.

    A word written in capitals (PGN, SMA, KK) is an acronym and is kept as it is,
    unless the whole message is in capitals. Reads the first MAX_CHARS characters,
    folded (lookalike.py: NFKC, look-alike letters and marks read as plain Latin)."""
    t = fold((text or "")[:MAX_CHARS])[:MAX_READ]
    t = _URL_RE.sub(" tautan ", t)
    t = _TICKET_RE.sub(" nomortiket ", t)
    t = _ABBREV_DOT_RE.sub(r"\1 ", t)
    if not t.isascii():  # the emoji table is one large pattern: skip it for plain text
        t = emoji_to_words(t, delimiter=(" ", " "))[:MAX_READ]
    shouting = t.upper() == t
    acronyms = set() if shouting else {a.lower() for a in _ACRONYM_RE.findall(t)}
    t = t.lower()
    t = _REDUP_RE.sub(r"\1 \1", t)  # anak2 -> anak anak
    t = _REPEAT_RE.sub(r"\1", t)  # tolooong -> tolong

    def sub(m: re.Match[str]) -> str:
        word = m.group(0)
        return word if word in acronyms else _replace(word)

    return re.sub(r"\s+", " ", _WORD_RE.sub(sub, t)).strip()


# "api" next to these names no fire (fireworks, a lighter, a firearm, a coffee
# brand, a campfire, a volcano, an extinguisher): one token for the model, which reads a
# lone "api" as a fire. Only the model's words: the rules match the canonical text.
_NOT_FIRE_RE = re.compile(r"\b(korek|kembang|senjata|kapal|gunung|pemadam) api\b|\bapi unggun\b")


def normalize(text: str) -> str:
    """Canonical words only (no punctuation), numbers folded to "0" / "00"; "api"
    compounds that name no fire joined into one word ("korek_api")."""
    tokens: list[str] = []
    words = _NOT_FIRE_RE.sub(lambda m: m.group(0).replace(" ", "_"), canonical(text))
    for tok in _TOKEN_RE.findall(words):
        if tok.isdigit():
            tokens.append("0" if len(tok) < 3 else "00")
        else:
            tokens.append(tok)
    return " ".join(tokens) if tokens else "kosong"


@lru_cache(maxsize=1)
def _stemmer():  # type: ignore[no-untyped-def]
    return StemmerFactory().create_stemmer()


def stem(word: str) -> str:
    """Sastrawi stem of one lowercase word (emoji names, numbers and short words
    unchanged, and not cached: house and RT numbers would fill the cache)."""
    if "_" in word or not word.isalpha() or len(word) < 4:
        return word
    return _stem(word)


@lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    return _stemmer().stem(word) or word


def stems(text: str) -> str:
    """The stemmed words of ``normalize(text)``."""
    return " ".join(stem(w) for w in normalize(text).split())
