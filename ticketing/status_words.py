"""The words of a status check (ticketing/status.py): what a citizen says around a
ticket number that is no new problem (fillers, what the old report was about), and the
grumble that their report is not handled yet ("katanya diproses terus, kapan kelarnya",
"blm ada yg dateng", "durung onok sing ngurus", "nobody came"), which asks for its
status even when it repeats the old problem's words ("jalannya tambah parah").

A grumble counts only about the citizen's own report (a cited number, "laporan saya",
"sudah lapor", not "lapor ke kelurahan") and only when no new problem is announced
("sekarang ada ...", "mau lapor lagi", "masalah lain"). Every pattern is linear: one
run of spaces between two words, never two runs side by side."""

from __future__ import annotations

import re
from functools import lru_cache

from ticketing.routing import emergency
from ticketing.routing.normalize import canonical
from ticketing.routing.rules import PROMISED_VISIT

# "(yg) soal lampu jalan", "tentang sampah di TPS": what the earlier report was about
ABOUT = re.compile(
    r"\b(?:soal|tentang|ttg|tntg|mengenai|perihal|terkait|about|regarding)(?:\s+[^\W\d_]+){1,3}",
    re.IGNORECASE,
)
_FILLER = (
    "laporan aduan pengaduan tiket nomor nomer no nmr saya sy aku ku ane gue kami punya "
    "dengan dgn yang yg atas nama tentang soal mengenai untuk utk ini itu tsb tersebut "
    "sudah sdh udah belum blm kok ya yah dong donk nih min admin mimin kak pak bu bapak ibu "
    "mas mbak cak ning rek mohon tolong info informasi minta terima kasih makasih trims "
    "thanks thank you matur nuwun suwun selamat pagi siang sore malam halo hai hallo "
    "assalamualaikum wr wb apa ada kabar bagaimana gimana sampai mana status cek check "
    "my report please the of on is what about and di ke dari pada kemarin kmrn lalu tgl "
    "tanggal hari minggu bulan sekarang saat skrg apakah sudahkah dicek ditindaklanjuti "
    "diproses tindak lanjut lanjutnya progres progress update perkembangan "
    # asking how far a report got, informally or in Javanese ("wis ditangani durung?")
    "lapor melapor ngelapor kelanjutan lanjut kapan kenapa knp kok gmn gmna piye pripun "
    "kabare wis wes uwis sampun durung dereng blum udh sdah belom ditangani ditanggapi "
    "direspon direspons respon dikerjakan dikerjain digarap ditindak selesai rampung "
    "beres diselesaikan seminggu sebulan lama "
    # where it went and what the citizen was told ("sdh diteruskan ke dinas mana?",
    # "sudah ditutup? soalnya dapat notif selesai tp blm dikerjakan")
    "mau ingin tanya nanya diteruskan diterusin dinas opd ditutup tutup notif notifikasi "
    "sms pesan dapat dapet soalnya tapi tp masih aktif "
    # Suroboyoan and chat particles, address words and negations: no problem by themselves
    # ("aduanku wingi piye lur, wis ditindaklanjuti opo durung?", "kok gak ada update")
    "lur rek sam dulur lek bro gan sis opo wingi saiki iki iku yo tah ta seh ae wae lho loh "
    "gak ga nggak enggak gk tidak tdk sama sekali "
    # whether it arrived, was read or answered ("yg sy kirim semalem udh dibaca blm sih?",
    # "kok belum ada balasan", "sdh smp mana", "no aduan 321 thn ini")
    "kirim dikirim semalam semalem kemaren dibaca dibalas dibales balasan balesan jawaban "
    "dijawab tanggapan masuk sih smp sampe nyampe mana thn tahun "
    # English: "ticket ... was marked as done but ... still ..., can you check?"
    "ticket was marked as done but still can you could has been it yet why when closed "
    "solved fixed not any news "
    # asking politely, and Javanese krama ("mohon maaf mengganggu, mau menanyakan ...",
    # "sampun dipun proses dereng nggih laporan kula")
    "maaf mengganggu permisi menanyakan tanyakan nanyain follow ditunggu tunggu nunggu "
    "menunggu hehe nggih kula sampun dipun proses njenengan "
    # how, in short and in Suroboyoan ("yaopo cak?"), and how long it takes ("kok suwe")
    "bgmn yaopo yopo suwe jam pekan hr mgg bln nungguin satu dua tiga empat lima rong telung "
    # "mohon kabar terbarunya", "yang tadi gimana", "lama banget", "tolong dipercepat"
    "terbaru terkini tadi banget bgt amat lagi lelet lambat dipercepat percepat "
    # Madurese ("laporan kaula se bari' ponapa ampon e proses?", "la e tindak lanjuti?")
    "kaula kaule engkok sengkok ponapa ampon bari tadek enggi engghi bede "
    # krama greetings and asking ("sugeng siang, kula badhe nyuwun pirsa perkawis laporan
    # kula ..., sampun dipun tindak lanjuti dereng?")
    "sugeng badhe bade nyuwun pirsa perkawis babagan lanjuti wonten punapa menapa "
    # English waiting and asking ("I submitted it 5 days ago", "is there any progress")
    "there submitted reported sent filed lodged ago days weeks months hours good morning "
    "afternoon evening "
    # Suroboyoan prepositions and the Javanese -ke/-no forms of "passed on", and a report
    # gone quiet ("aduanku opo wis diterusno nang dinas? kok sepi ae")
    "nang neng nok menyang nyang sing diteruske diterusno diterusne diterusake dilanjutno "
    "dilanjutke diurus diurusi sepi meneng"
)
FILLER = frozenset(_FILLER.split())
# The asking words of a bare question after a report ("gimana min?", "ada kabar kak?",
# "update dong", "yaopo cak?"): every other word of it is a filler.
_ASKING = (
    "gimana gmn gmna bagaimana bgmn piye pripun yaopo yopo kabar kabare update progres "
    "progress perkembangan kelanjutan status nunggu nungguin menunggu ditunggu mana tanya "
    "nanya menanyakan tanyakan lama suwe lelet lambat dipercepat dicek respon respons direspon"
)
ASKING = frozenset(_ASKING.split(" "))
MAX_BARE_WORDS = 8
# Calling the desk, asked as a question after a report: "min??", "halo kak?", "p?"
CALLING = frozenset(
    ["min", "admin", "mimin", "kak", "pak", "bu", "mas", "mbak", "halo", "hallo", "hai", "p"]
)
# "laporanku", "statusnya", "kabare": a filler word with a possessive ending
POSSESSIVE = re.compile(r"(?:ku|mu|nya|ne|e)$")

_NOT = r"(?:belum|blm|blum|belom|durung|dereng|gak|ga|gk|nggak|enggak|tidak|tdk|ndak|ora|not)"
# what the desk or the unit was to do with the report, and the report being done
_HANDLED = (
    r"(?:datang|dateng|teko|rawuh|ngurus|ngurusi|diurus|ngecek|dicek|survei|survey|turun|"
    r"ditangani|diproses|diperbaiki|dikerjakan|dikerjain|digarap|ditindaklanjuti|"
    r"dibenerin|dibenerno|dibenahi|dibetulin|dibetulkan|didandani|"
    r"direspon|direspons|ditanggapi|dibalas|dibales|diapa2in|diapa-apain|hasil|kabar|"
    r"tindakan|tindak\s+lanjut|respon|respons|tanggapan|progres|progress|perkembangan|"
    r"kejelasan|perubahan|kepastian|kelar|selesai|beres|rampung|mari|jadwal|dijawab|jawaban)"
    r"(?:nya|ne|e)?2?\b"
)
_DONE_YET = r"(?:belum|blm|blum|belom|durung|dereng)"
_SO_FAR = r"(?:sudah|sdh|udah|udh|dah|wis|wes|uwis|sampun)"
# "blm ada yg dateng", "durung onok sing ngurus", "kapan kelarnya", "udah lama",
# "katanya diproses terus", "sampun dipun proses dereng", "nobody came"
PENDING = re.compile(
    rf"\b{_NOT}\s+(?:(?:ada|onok|ono|enek)\s+)?(?:\w+\s+){{0,2}}{_HANDLED}"
    rf"|\bkapan\s+(?:\w+\s+)?{_HANDLED}"
    rf"|\b{_SO_FAR}\s+(?:\w+\s+)?(?:suwe|lama)\b"
    r"|\bkatanya\s+(?:\w+\s+)?(?:diproses|ditangani|selesai|sudah|sdh|udah|diteruskan)\b"
    rf"|\b{_SO_FAR}\s+(?:dipun\s+)?\w+\s+(?:(?:apa|opo|napa)\s+)?{_DONE_YET}\b"
    r"|\bmasih\s+(?:sama|gitu|begitu|tetap|tetep)\b"
    r"|\b(?:menanyakan|tanyakan|nanyain|tanya|nanya)\s+(?:\w+\s+)?(?:tindak\s+lanjut|"
    r"perkembangan|kabar|progres|progress|kelanjutan|status)"
    r"|\bpercuma\s+(?:\w+\s+)?lapor|\bfollow[\s-]?up\b"
    r"|\b(?:nobody|no\s+one)\s+(?:came|come|has)\b|\bstill\s+(?:not|no|nothing|waiting)\b"
    r"|\bwhat'?s\s+going\s+on\b|\bhas\s+been\s+open\b"
    # "could you tell me whether it was passed on to the right department?"
    r"|\b(?:(?:was|has|have)\s+(?:it|this|that|they)|(?:it|this|that|they)\s+(?:was|has|have))"
    r"\s+(?:been\s+)?(?:passed\s+on|forwarded|sent\s+on|referred|assigned)\b"
    # "sudah ada jadwal perbaikan?", "sampun wonten tindak lanjut?", "udah ada kabar?"
    rf"|\b(?:{_SO_FAR}|apa|apakah|opo)\s+(?:ada|onok|ono|wonten)\s+(?:\w+\s+)?{_HANDLED}"
    # "ditanggapi gak sih?", "dikerjakan belum ya?": done or not, asked at the end
    rf"|{_HANDLED}\s+(?:apa\s+|opo\s+)?{_NOT}(?:\s+(?:sih|seh|ya|yah|kah|ini|nih|itu|tuh|lho|loh|min|kak|pak|bu))*"
    r"\s*(?:\?|$)"
    # "mohon info perkembangannya", "minta kabar tindak lanjutnya": its progress, asked
    r"|\b(?:mohon|minta|tolong|please)\s+(?:info|informasi|kabar|kabari|update)\s+(?:\w+\s+)?"
    r"(?:perkembangan|progres|progress|kelanjutan|tindak\s+lanjut)(?:nya|ne)\b"
    # "any news?", "is anyone handling this?", "it's been a week"
    r"|\bany\s+(?:news|updates?|progress)\b"
    # "mohon informasi apakah sudah diterima petugas": whether it arrived
    r"|\b(?:apakah|apa|opo)\s+(?:sudah|sdh|udah|udh|wis|sampun)\s+(?:(?:di)?terima|sampai|nyampe|"
    r"masuk|dibaca)\b"
    r"|\b(?:any|some|no)(?:one|body)\s+(?:handling|working|looking|checking|dealing)\b"
    # "apakah petugas sudah ke lokasi?", "udah ada tim yang survei?": whether anyone came
    rf"|\b(?:apakah|apa|opo|{_SO_FAR})\s+(?:ada\s+|onok\s+)?(?:petugas|tim|orang\s+dinas)\s+"
    rf"(?:(?:yang|yg|sing)\s+)?(?:{_SO_FAR}\s+)?(?:ke\s+lokasi|ke\s+sini|datang|dateng|teko|"
    r"turun|survei|survey|ngecek|mengecek|meninjau|cek)\b"
    r"|\bit'?s\s+been\s+(?:a|one|two|three|\d+)\s+(?:days?|weeks?|months?)\b",
    re.IGNORECASE,
)
# The citizen's own report: "laporanku", "aduan saya", "sudah 2 minggu lapor" (not "lapor
# ke kelurahan", "lapor RT": someone else was told), "my complaint", not "tiket parkir".
OWN_REPORT = re.compile(
    r"\b(?:laporan|aduan|pengaduan|complaint|report)(?:ku|ne|nya|e)?\b"
    r"|\btiket(?:ku|nya)?\b(?!\s+(?:parkir|masuk|kereta|pesawat|bus|konser))"
    r"|\bi\s+(?:reported|submitted|filed|lodged)\b"
    # "sudah lapor guru / satpam / pengelola / polsek": someone else was told
    r"|\b(?:me|nge)?lapor\b(?!\s+(?:rt|rw|pak|bu|lurah|camat|polisi|guru|wali\s+kelas|"
    r"kepala\s+sekolah|sekolah|satpam|security|pengelola|pemilik|developer|ketua|mandor|"
    r"atasan|hrd|bos|polsek|polres\w*|polda|kantor\s+polisi|pln|bpn|bpjs|bank|ojk)\b)"
    r"(?!\s+(?:ke|di|sama|pada|nang|neng)\s+(?!sini\b))",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]+")
# "udah 3 hari", "sdh seminggu", "wis rong minggu": how long the report has waited
_HOW_LONG = re.compile(
    r"\b(?:sudah|sdh|udah|udh|dah|wis|wes|uwis|sampun)\s+(?:\d+\s*|se|(?:satu|dua|tiga|empat|"
    r"lima|rong|telung|berapa)\s+)(?:hari|hr|minggu|mgg|bulan|bln|pekan|jam)\b",
    re.IGNORECASE,
)
# A new problem announced after the old report ("Sekarang sampah numpuk", "mau lapor
# lagi", "satu lagi"); "sampai sekarang" is how long the old one waits.
ANOTHER = re.compile(
    r"(?<!sampai )(?<!sampe )(?<!sampek )(?<!hingga )(?<!smp )"
    r"\b(?:sekarang|skrg|skg|saiki|now)\b(?!\s+(?:masih|malah|tambah|makin|belum|blm|durung)\b)"
    r"|\b(?:masalah|problem|laporan|aduan)\s+(?:lain|baru)\b"
    r"|\b(?:mau|ingin|juga)\s+(?:lapor|melapor|melaporkan|laporkan|ngelaporin)\b"
    r"|\blapor\s+lagi\b|\b(?:satu|ada)\s+lagi\b|\bselain\s+itu\b|\bsekalian\b"
    r"|\b(?:new|another)\s+(?:problem|issue|report)\b",
    re.IGNORECASE,
)


# Without a cited number, "juga" or a place named ("di gang 3 juga belum diperbaiki")
# points at another spot than the open ticket's, so a grumble is not about that ticket.
# "belum juga diperbaiki", "gak dibenerin juga": still not, of the same thing
_STILL_NOT = re.compile(
    r"\b(?:belum|blm|gak|ga|nggak|tidak|tdk)\s+(?:\w+\s+){0,2}(?:juga|jg)\b", re.IGNORECASE
)
ELSEWHERE = re.compile(
    r"\b(?:juga|jg)\b|\b(?:di|nang|ning|neng|depan|dekat|deket|sebelah)\s+"
    r"(?:gang|gg|jalan|jl|jln|rt|rw|kampung|perumahan|blok|kelurahan|kecamatan)\b",
    re.IGNORECASE,
)


_PROGRESS = r"(?:progres|progress|perkembangan|kelanjutan|lanjutan|tindak\s+lanjut|update)"
_HOW = r"(?:gimana|gmn|gmna|bagaimana|bgmn|piye|yaopo|yopo|sudah|sdh|udah)"
# "progresnya gmn ya?", "gmn min kelanjutannya?": the progress of what the citizen
# reported, named by its possessive ending alone
PROGRESS_ASKED = re.compile(
    rf"\b{_PROGRESS}(?:nya|ne)\s+(?:\w+\s+)?{_HOW}\b|\b{_HOW}\s+(?:\w+\s+)?{_PROGRESS}(?:nya|ne)\b",
    re.IGNORECASE,
)


def follows_up(text: str, cites: bool) -> bool:
    """True when `text` grumbles that a report is not handled yet, about a report it
    cites (`cites`) or names as the citizen's own, and announces no new problem and
    names no emergency (that one is a new alarm, whatever was reported before). An
    officer's promised visit asked after ("ditelpon petugas katanya mau survei, kapan?")
    is such a grumble about the citizen's own report."""
    promised = PROMISED_VISIT.search(canonical(text))
    if not (promised or PENDING.search(text)) or ANOTHER.search(text):
        return False
    if emergency.match(text)[0] is not None:  # "... belum ada yang datang, apinya besar"
        return False
    return cites or bool(promised or OWN_REPORT.search(text))


def asks_after(text: str) -> bool:
    """True for a bare question after a report: a few words, all fillers, one of them an
    asking word ("gimana min?", "ada kabar kak?", "update dong 🙏", "masih nunggu nih"),
    how long it has been ("udah 3 hari loh"), or the desk called with a question mark
    ("min??"). With an open ticket it asks how that ticket is doing; "gimana cara
    lapor?" names something else."""
    words = [POSSESSIVE.sub("", w) if w not in FILLER else w for w in _WORD.findall(text.lower())]
    if not words or len(words) > MAX_BARE_WORDS or not all(w in FILLER for w in words):
        return False
    if "?" in text and all(w in CALLING for w in words):  # "min??", "halo kak?"
        return True
    return any(w in ASKING for w in words) or bool(_HOW_LONG.search(text))


def elsewhere(text: str) -> bool:
    """True when `text` points at another spot than the open ticket's (ELSEWHERE), not
    counting "belum ... juga" (still not)."""
    return bool(ELSEWHERE.search(_STILL_NOT.sub(" ", text)))


@lru_cache(maxsize=256)  # ingest and followups both ask of one message
def asks_about_open(text: str) -> bool:
    """True when `text`, from a citizen with an open report and citing no other, asks how
    that report is doing: a grumble that it is not handled yet, or a bare nudge."""
    return follows_up(text, True) or asks_after(text)
