"""Finding people's names in a citizen's text, for privacy.redact() to mask on the
public pages. A name is found after a cue, in any case ("Saya Sri", "sy ani warga
Wonokromo", "saya SITI AMINAH dari rungkut", "dengan bu yuli", "nama saya Dwi"), or as
a run of capitals holding a given name ("BUDI SANTOSO melaporkan"); "H." and "Hj."
(Haji, Hajah) are cues too. Place names of the city (the kecamatan and kelurahan of
ticketing/wilayah.py), streets named after someone ("Jl. H. Agus Salim"), roles ("Pak
RT", "Bu Lurah") and ordinary words ("saya mau lapor", "pak tolong") are no names."""

from __future__ import annotations

import functools
import re

from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

from ticketing import wilayah
from ticketing.routing.normalize import canonical, stem

# "nama saya Dewi Lestari", "a.n. Budi": the capitalised words after a naming cue; in
# a chat's lower case ("nama saya siti aminah, ..."), its next two words at most.
_INTRO_RE = re.compile(
    r"(?i:\b(?:nama saya|nama aku|namaku|saya bernama|nama\s*:|atas nama|a\.\s?n\.|a/n\b))\s*"
    r"([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,2}|[a-z][\w'-]+(?:\s+[a-z][\w'-]+)?)"
)
# A word in any case; not a piece of a code ("SAYA MC-2026-000123").
_WORD = r"[A-Za-z]{2,}(?:['-][A-Za-z]+)*(?![\w-])"
_TOKEN_RE = re.compile(_WORD)
# Up to three words after a self-introduction ("saya", "sy", "aku", "kulo"), a phone
# call's "dengan" or an honorific; the word after the cue decides (see _name_at).
_SELF = r"saya|sy|aku|aq|kulo|gue|gw"
_HONORIFIC = (
    r"pak|bu|bapak|ibu|bpk|bp|mbak|mba|mas|cak|ning|sdr|sdri|saudara|saudari|mbah|kak|mbok"
    r"|pakde|bude|om|tante|bang|koh|cik|ust|ustadz|ustad|hj"
)
# The words are looked ahead: "Saya Pak Sugeng" is a cue, then another. "H." (Haji)
# is read like "dengan": only a given name or a word no dictionary has follows it as
# a name ("H. Sugeng", not "Blok H Timur").
_CUE_RE = re.compile(
    rf"(?i:\b(?:({_SELF})\.?|(dengan|dgn|h\.|h(?=[ \t]))|({_HONORIFIC})\.?))"
    rf"(?=[,:]?[ \t]+({_WORD}(?:[ \t]+{_WORD}){{0,2}}))"
)
# A street or a mosque named after someone is a place: "Jl. H. Agus Salim", "Gg. Bu
# Sri", "Masjid Hj. Siti" (a lower-case "jalan" is a walk: "jalan sama pak Budi").
_PLACE_KINDS = "Jalan|Gang|Masjid|Musholla|Mushola|Musala|Langgar|Makam"
_PLACE_BEFORE_RE = re.compile(
    rf"(?:\b(?i:jl|jln|gg)\.?|\b(?:{_PLACE_KINDS}|{_PLACE_KINDS.upper()}))[ \t]*$"
)
# Given names that are also words of the dictionary ("Sri", "Budi", "Dewi", "Ani"):
# after a cue and in capitals they are names all the same.
GIVEN_NAMES = frozenset(
    "sri budi dewi indah putri ayu ani dwi tri eko siti slamet agus sari rahmat iman bayu "  # noqa: SIM905
    "intan lestari wahyu bambang rudi dian fitri nur muhammad ali hasan ina ari adi bagus "
    "gilang ratna rini mega bunga mawar hadi asih murni suci tini wulan nia dina toni "
    "fajar arif dimas gita rani tika yuli joko sugeng heru wawan endah tutik yanti ika "
    "anik umi ida ratih rahayu kartini santoso hartono dodik dedi andi rizki rina nanik "
    "sumarni suparman sutrisno darmo wati ningsih siswanto purnomo yudi cahyo".split()
)
_DESCRIBES = frozenset(
    "warga orang pelanggan penghuni pedagang pengguna pemilik ketua pengurus anggota "  # noqa: SIM905
    "mahasiswa pelajar pegawai karyawan guru sopir driver petugas asli tinggal selaku "
    "sebagai dari di ke yang mau ingin mohon minta sudah telah sangat juga tidak belum "
    "lapor melapor melaporkan mengadu mengadukan menyampaikan dan atau wartawan jurnalis "
    "ojol mhs admin".split()
)
_ROLES = frozenset(
    "lurah camat wali walikota kota kepala ketua kades polisi satpam guru dokter bidan "  # noqa: SIM905
    "ustadz ustad kyai haji hajah dosen direktur kadis kabid menteri presiden gubernur "
    "bupati dewan anggota sopir tukang penjual pemilik petugas pegawai pejabat bapak ibu "
    "rt rw".split()
)
_NO_NAME = frozenset({"kota", "rumah", "sekalian", "semua"})  # "Ibu Kota", "Ibu Rumah Tangga"
# A name stops at any of them: "Pak Sugeng Warga Kenjeran".
_NAME_ENDS = _ROLES | _NO_NAME | _DESCRIBES | frozenset(_HONORIFIC.split("|"))
PLACES = frozenset(
    w.lower()
    for _, name in (*wilayah.KECAMATAN, *wilayah.KELURAHAN)
    for w in name.replace("-", " ").split()
) | set("surabaya sby suroboyo jawa timur madura indonesia sidoarjo gresik jl jln".split())  # noqa: SIM905
# Pieces of a display name that name no one ("yuli_sby", "Warga Rungkut"): not masked.
NOT_NAMES = PLACES | _NAME_ENDS


# Javanese words a citizen of Surabaya writes after "kulo" or "aku" ("kulo nuwun", "aku
# rapopo", "aku gelem"): the dictionary is Indonesian, they read as unknown words.
JAVANESE = frozenset(
    "nuwun suwun matursuwun maturnuwun rapopo ngapunten nyuwun sowan ndherek tumut badhe "  # noqa: SIM905
    "kersane ngaturaken budhal lungo muleh mulih gelem emoh kroso nesu ngamuk ngelu ngeluh "
    "ngenteni nunggu takon ngelapor mangan turu adus metu mlebu ngguyu nangis wedi kesel "
    "mumet sumpek mangkel males ngerti weruh ndelok ngomong kandani krungu nggowo njaluk "
    "tuku dodolan kerjo nyambut sekolah bingung sampun mboten nggih inggih dereng enggal "
    "ngertos sewu".split()
)


@functools.cache
def _words() -> frozenset[str]:
    return frozenset(StemmerFactory().get_words_from_file())


def _is_word(low: str) -> bool:
    """True for a word of the dictionary, its stem, or chat slang for one ("gak")."""
    words = _words()
    return low in JAVANESE or low in words or stem(low) in words or canonical(low) in words


def _is_name(word: str, title_is_name: bool = False) -> bool:
    """True when `word` can be (part of) a person's name: a given name, or no word of
    the dictionary nor a place; a capitalised word after an honorific always is."""
    if "-" in word:  # "Siti-Aminah" is one; "kupu-kupu", "om-om", "anak-anak" none
        parts = word.lower().split("-")
        if len(set(parts)) == 1 or _is_word(word.lower()):
            return False
        return all(_is_name(part, title_is_name) for part in word.split("-"))
    low = word.lower()
    if low in _NAME_ENDS or low in PLACES:
        return False
    if low in GIVEN_NAMES or (title_is_name and word.istitle()):
        return True
    return not _is_word(low)


def _style(word: str) -> str:
    return "caps" if word.isupper() else "title" if word.istitle() else "lower"


# What may follow a name a citizen gives: "sy ani warga Wonokromo", "saya budi, ...".
_AFTER_NAME = frozenset("warga dari dr asal tinggal rt rw selaku sebagai".split())  # noqa: SIM905
# What may come before a self-introduction: "Selamat pagi, saya ...", "Halo min saya ...".
_GREETINGS = frozenset(
    "halo hallo hai pagi siang sore malam permisi perkenalkan min admin pak bu kak mas mbak "  # noqa: SIM905
    "assalamualaikum".split()
)
GREETING_MAX = 20
_LAST_WORD_RE = re.compile(r"(\w*)\W*$")
_AFTER_NAME_RE = re.compile(r"[ \t]*(?:$|[,.;:!?()]|(\w+))")


def _introduced(text: str, token: re.Match[str]) -> bool:
    """True when an unknown word in lower case or capitals reads as a name: two vowels
    at least (no acronym: "BPKB", "PPID") and the end of the clause or a word that
    follows a name next ("sy paimin warga Gubeng"), not the rest of a sentence."""
    if sum(c in "aeiou" for c in token.group().lower()) < 2:
        return False
    after = _AFTER_NAME_RE.match(text, token.end())
    return bool(after) and (after.group(1) is None or after.group(1).lower() in _AFTER_NAME)


def _opens(text: str, start: int) -> bool:
    """True when a self-introduction at `start` opens a clause ("Pagi, saya ..."), not
    "bapak saya nunggu" (whose "saya" is "my")."""
    before = text[:start].rstrip()
    if not before or not before[-1].isalnum():
        return True
    # Its last word only: searched in the whole text before, every cue took as long as
    # the text ("saya saya saya ..." took seconds); no greeting is that long.
    return _LAST_WORD_RE.search(before[-GREETING_MAX:]).group(1).lower() in _GREETINGS


def _can_be_name(text: str, token: re.Match[str], title_is_name: bool, opens: bool) -> bool:
    """A capitalised word by _is_name; in lower case or capitals (no sign of a name),
    a given name, or an unknown word that reads as one (_introduced) after a cue that
    `opens` a clause."""
    word = token.group()
    if word.istitle():
        return _is_name(word, title_is_name)
    low = word.lower()
    if low in GIVEN_NAMES:
        return low not in _NAME_ENDS
    return opens and _is_name(word) and _introduced(text, token)


def _name_at(text: str, match: re.Match[str]) -> tuple[int, int] | None:
    """The span of the name after a cue, or None. After "dengan" only a given name or
    a capitalised word is one ("dengan hormat" is not). The name goes on with the
    words of its own case that can be names."""
    tokens = list(_TOKEN_RE.finditer(text, match.start(4), match.end(4)))
    honorific = match.group(3) is not None
    if honorific and "," in text[match.end() : match.start(4)]:
        return None  # "Pak, tolong": the officer is spoken to, not named
    if honorific:
        if tokens and tokens[0].group().lower() in _NO_NAME:  # "Ibu Kota Nusantara"
            return None
        while tokens and tokens[0].group().lower() in _ROLES:  # "Pak Haji Slamet"
            tokens.pop(0)
    opens = match.group(1) is None or _opens(text, match.start())
    if not tokens or not _can_be_name(text, tokens[0], honorific, opens):
        return None
    first = tokens[0].group()
    end = tokens[0].end()
    for token in tokens[1:]:
        title = honorific or match.group(1) is not None
        if _style(token.group()) != _style(first) or not _can_be_name(text, token, title, opens):
            break
        end = token.end()
    return tokens[0].start(), end


# Words in capitals in a row ("BUDI SANTOSO RT 3", "SITI AMINAH").
_CAPS_RUN_RE = re.compile(r"\b[A-Z]{2,}(?:[ \t]+[A-Z]{2,})+\b(?![\w-])")


def _caps_names(text: str) -> list[tuple[int, int]]:
    """The spans of two or three words in capitals that can all be names, one of them
    a given name: "BUDI SANTOSO", not "POHON TUMBANG" nor "PJU MATI"."""
    spans = []
    for run in _CAPS_RUN_RE.finditer(text):
        group: list[re.Match[str]] = []
        for token in [*re.finditer(r"[A-Z]+", run.group()), None]:
            if token is not None and _is_name(token.group()):
                group.append(token)
                continue
            names = [t for t in group if t.group().lower() in GIVEN_NAMES]
            if 2 <= len(group) <= 3 and names:
                spans.append((run.start() + group[0].start(), run.start() + group[-1].end()))
            group = []
    return spans


def _named(words: str) -> bool:
    """False for the words of a sentence after "nama saya" in lower case ("nama saya
    tidak ada di DTKS", "atas nama orang lain"); a given name is a name."""
    first = words.split()[0]
    return not first.islower() or first in GIVEN_NAMES or not _is_word(first)


def _place_before(text: str, start: int) -> bool:
    """True when a place's kind comes right before `start` ("Jl. H. Agus Salim")."""
    return bool(_PLACE_BEFORE_RE.search(text[max(0, start - 20) : start]))


def name_spans(text: str) -> list[tuple[int, int]]:
    """Returns the (start, end) of every name found in `text` (see the module's doc)."""
    spans = [(m.start(1), m.end(1)) for m in _INTRO_RE.finditer(text) if _named(m.group(1))]
    cues = [m for m in _CUE_RE.finditer(text) if not _place_before(text, m.start())]
    spans += [span for m in cues if (span := _name_at(text, m))]
    return spans + _caps_names(text)
