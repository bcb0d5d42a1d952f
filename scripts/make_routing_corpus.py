"""Write the chat-style part of the routing corpus from the hand-written lines.

Usage: python scripts/make_routing_corpus.py   (rewrites ticketing/routing/corpus/chat_*.jsonl)

Real messages are longer than our hand-written lines: a greeting, who is writing and
where, the problem, how long it has lasted, a request and thanks; written with chat
abbreviations, Suroboyoan, emoji, English, as an SMS or as a voice transcript. This script
puts each hand-written line (the "core") into such a message a few times, with a seeded
random generator, so the output is reproducible. The files it writes are the training
data (the source of truth); every line keeps its core's text in "group", so a held-out
split never puts a core's variants on both sides.
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "ticketing" / "routing" / "corpus"
SEED = 14
# Evaluation sets: a generated variant that happens to equal one of their messages
# ("sip rek", "Status") is dropped, so no evaluation message is ever trained on.
EVAL_SETS = [
    ROOT / "bench" / "data" / "routing_dev.jsonl",
    ROOT / "tests" / "routing" / "holdout.jsonl",
]

# How many chat variants per hand-written line, by kind.
VARIANTS = {
    "complaint": 3,
    "emergency": 4,
    "info_request": 6,
    "external": 4,
    "not_complaint": 4,
    "status_check": 4,
}

GREETINGS = [
    "Assalamualaikum min", "Assalamu'alaikum wr wb", "Selamat pagi admin", "Selamat siang",
    "Sore min", "Malam min, maaf mengganggu", "Halo admin", "Permisi min", "Min", "Mas admin",
    "Pak/Bu yth", "Yth. Media Center Surabaya", "Salam sejahtera", "Punten min", "Min mau tanya",
    "Rek", "Cak admin", "Ngapunten min", "Hallo", "Met pagi min", "Pagi pak", "Hi admin",
    "Good morning", "Selamat malam Bapak/Ibu", "Sugeng enjang", "Om swastiastu",
]  # fmt: skip
INTROS = [
    "saya warga {place}", "saya mau melaporkan", "mau lapor min", "numpang lapor",
    "sy warga RT {rt} RW {rw} {kel}", "ijin menyampaikan keluhan warga {kel}",
    "kami dari warga {place}", "saya tinggal di {place}", "sy mau ngadu",
    "maaf mau menyampaikan", "saya ibu rumah tangga di {kel}", "mohon ijin lapor",
    "langsung aja ya min", "sy pgn lapor", "aku arek {kel}", "mau curhat dikit min",
    "saya pengendara yang tiap hari lewat {place}", "tadi pagi saya lewat {place}",
    "I live in {kel}", "numpang tanya sekalian lapor",
]  # fmt: skip
DURATIONS = [
    "sudah 3 hari", "udah seminggu lebih", "sdh 2 minggu", "hampir sebulan", "dari kemarin",
    "sejak lebaran", "sudah berbulan-bulan", "sejak awal bulan", "wes suwe", "dari tahun lalu",
    "sudah lapor RT tapi belum ada tindakan", "sudah lapor lewat WA tapi belum direspon",
    "warga sudah resah", "anak-anak sekolah jadi susah lewat",
    "kami sudah swadaya tapi tidak cukup",
    "sudah viral di grup warga", "tiap hari begitu terus", "kondisinya makin parah",
]  # fmt: skip
REQUESTS = [
    "Mohon dibantu", "Mohon segera ditindaklanjuti", "tolong dicek ya min", "mohon perhatiannya",
    "Mohon segera diperbaiki", "tlg dibantu", "minta tolong diteruskan ke dinas terkait",
    "kapan bisa ditangani?", "mohon solusinya", "gimana ini min?", "Mohon bantuannya",
    "ditunggu tindak lanjutnya", "tolong ya cak", "pripun niki?", "please help",
    "please fix asap", "monggo dibantu", "semoga segera ada tindakan", "mohon maaf merepotkan",
]  # fmt: skip
KIND_REQUESTS = {
    "info_request": [
        "Mohon dapat dikirim lewat email", "mohon informasinya", "ditunggu jawabannya",
        "bisa dikirim softcopy-nya?", "terima kasih atas kerja samanya", "mohon arahannya",
    ],
    "status_check": [
        "mohon infonya", "kok belum ada kabar", "ditunggu updatenya", "gimana kelanjutannya?",
    ],
}  # fmt: skip
THANKS = [
    "Terima kasih", "terima kasih banyak", "Matur nuwun", "matur suwun min", "suwun",
    "makasih min", "Terimakasih atas perhatiannya", "thx", "tq", "trims", "nuwun",
    "Wassalamualaikum", "terima kasih, salam sehat", "thank you",
    "Atas perhatiannya kami ucapkan terima kasih",
]  # fmt: skip
EMOJI_SAD = ["🙏", "🙏🙏", "😭", "😡", "😤", "🥺", "😔", "🙏🏻", "😢", "🤦‍♂️"]
EMOJI_URGENT = ["🆘", "😭😭", "🙏🙏🙏", "‼️", "🚨", "😱", "🔥", "⚠️"]
EMOJI_HAPPY = ["👍", "🙏", "😊", "👏", "❤️", "🥰", "👍👍", "💪"]

KELURAHAN = [
    "Rungkut Kidul", "Medokan Ayu", "Kalirungkut", "Gunung Anyar", "Wonokromo", "Jagir",
    "Ngagel Rejo", "Sawunggaling", "Darmo", "Keputran", "Tegalsari", "Kedungdoro",
    "Genteng", "Embong Kaliasin", "Ketabang", "Peneleh", "Bubutan", "Alun-alun Contong",
    "Tembok Dukuh", "Gundih", "Krembangan Selatan", "Perak Barat", "Morokrembangan",
    "Kenjeran", "Tanah Kali Kedinding", "Sidotopo Wetan", "Bulak", "Kedung Cowek",
    "Mulyorejo", "Kalisari", "Kejawan Putih Tambak", "Sukolilo Baru", "Keputih",
    "Menur Pumpungan", "Gebang Putih", "Tenggilis Mejoyo", "Kutisari", "Prapen",
    "Panjang Jiwo", "Jemur Wonosari", "Siwalankerto", "Kebonsari", "Gayungan",
    "Ketintang", "Karah", "Jambangan", "Wiyung", "Babatan", "Lidah Kulon", "Lakarsantri",
    "Sambikerep", "Benowo", "Sememi", "Tandes", "Manukan Kulon", "Balongsari",
    "Asemrowo", "Genting Kalianak", "Sukomanunggal", "Putat Gede", "Simomulyo",
    "Dukuh Pakis", "Pradah Kalikendal", "Sawahan", "Banyu Urip", "Pakis", "Putat Jaya",
    "Kapasan", "Tambaksari", "Ploso", "Pacar Keling", "Gading", "Semampir", "Pegirian",
    "Wonokusumo", "Ampel", "Pabean Cantikan", "Nyamplungan", "Karang Pilang", "Kebraon",
    "Wonocolo", "Jemurwonosari", "Bendul Merisi", "Margorejo", "Pakal", "Sumberejo",
]  # fmt: skip
STREETS = [
    "Jl. Rungkut Madya", "Jl. Ngagel Jaya Selatan", "Jl. Ahmad Yani", "Jl. Raya Darmo",
    "Jl. Diponegoro", "Jl. Kertajaya Indah", "Jl. Kenjeran", "Jl. Semolowaru", "Jl. Mulyosari",
    "Jl. Raya Kalirungkut", "Jl. Jemursari", "Jl. Ketintang Baru", "Jl. Gayung Kebonsari",
    "Jl. Menganti Wiyung", "Jl. Raya Lidah Wetan", "Jl. Tandes Lor", "Jl. Demak",
    "Jl. Kapas Krampung", "Jl. Dukuh Kupang", "Jl. Banyu Urip", "Jl. Pandegiling",
    "Jl. Kedung Baruk", "Jl. Medokan Asri", "Jl. Simo Pomahan", "Jl. Manukan Tama",
    "Jl. Bulak Banteng", "Jl. Sidotopo Wetan", "Jl. Kalianak", "Jl. Petemon", "Jl. Embong Malang",
    "Gang Lebar", "Gg. Buntu", "gang 5", "jalan kampung belakang masjid", "Jl. Tenggilis Mejoyo",
    "Jl. Kutisari Selatan", "Jl. Raya Gubeng", "Jl. Dharmahusada", "Jl. Klampis Jaya",
]  # fmt: skip
# Landmarks that only say where: a school of the province, a police or tax office, the
# power company's office. They must never make a complaint "external".
LANDMARKS = [
    "depan SMA Negeri 5", "dekat SMAN 15", "samping SMK Negeri 2", "seberang SMA 9",
    "depan KUA Tegalsari", "belakang kantor KUA Rungkut", "dekat Polres Pelabuhan Tanjung Perak",
    "depan Polsek Wonokromo", "sebelah Polsek Rungkut", "depan Samsat Manyar",
    "dekat kantor Samsat Colombo", "depan kantor PLN Ngagel", "samping kantor PLN Dharmahusada",
    "dekat Polrestabes", "depan kantor pos Kebonrojo", "dekat bank BRI Jemursari",
    "sebelah SMP 12", "depan SD Kalirungkut", "dekat masjid Al Akbar", "depan pasar Pucang",
    "dekat Stasiun Gubeng", "depan Indomaret", "sebelah puskesmas Medokan Ayu",
    "depan RS Soewandhie", "dekat Taman Bungkul", "depan kantor kelurahan", "dekat balai RW",
    "ngarepe SMA 2", "cedhak kantor PLN", "deket Samsat", "depan SMK PGRI",
    "dekat Polsek Tegalsari",
]  # fmt: skip
PLACE_FORMS = ["{street}", "{street} {kel}", "{landmark}", "{landmark} {street}", "{kel}"]

# Chat abbreviations and Suroboyoan forms (word -> replacements).
ABBREV = {
    "yang": ["yg"], "saya": ["sy", "aku"], "tidak": ["tdk", "gak", "gk", "ga"],
    "sudah": ["sdh", "udh", "udah"], "belum": ["blm", "blom"], "kemarin": ["kmrn", "kemaren"],
    "bagaimana": ["gmn", "gimana"], "dengan": ["dg", "dgn"], "karena": ["krn", "soalnya"],
    "tapi": ["tp"], "dari": ["dr"], "sekali": ["bgt", "banget"], "sekarang": ["skrg", "skrng"],
    "tolong": ["tlg"], "untuk": ["utk", "buat"], "juga": ["jg"], "lagi": ["lg"],
    "terima kasih": ["makasih", "mksh", "trims"], "mohon": ["mhn"], "jalan": ["jln", "jl"],
    "rumah": ["rmh"], "banyak": ["bnyk"], "orang": ["org"], "masih": ["msh"], "bisa": ["bs"],
    "sama": ["sm"], "kenapa": ["knp", "napa"], "hari": ["hr"], "minggu": ["mgg"],
    "sampai": ["sampe", "smpe"], "pengen": ["pgn"], "ingin": ["pgn", "pengen"], "apa": ["ap"],
    "segera": ["asap"],
}  # fmt: skip
JAVANESE = {
    "tidak": ["gak", "ndak"], "sudah": ["wes", "wis"], "di": ["nang", "ndek"], "ini": ["iki"],
    "itu": ["iku"], "apa": ["opo"], "ada": ["onok"], "bagaimana": ["yaopo"], "sekarang": ["saiki"],
    "kemarin": ["wingi"], "rumah": ["omah"], "banyak": ["akeh"], "lama": ["suwe"],
    "air": ["banyu"], "anak": ["arek"], "orang": ["wong"], "besar": ["guede"], "yang": ["sing"],
    "dengan": ["karo"], "tetangga": ["tonggo"], "belum": ["durung"], "saja": ["ae"],
    "terima kasih": ["suwun", "matur nuwun"], "jalan": ["dalan"], "masuk": ["mlebu"],
}  # fmt: skip
SUROBOYOAN_TAGS = ["rek", "cak", "lho", "yo", "ta", "se", "lur", "ndhuk", "loh", "ya rek"]
FILLERS = ["eee", "anu", "gini", "jadi gini", "halo halo", "iya", "ehm", "apa ya", "pokoknya"]

URGENT_ENDINGS = [
    "sekarang juga", "cepat kirim bantuan", "tolong segera", "masih berlangsung", "kami panik",
    "ini barusan", "please hurry", "mohon kirim petugas", "saat ini",
]  # fmt: skip
ENGLISH_FRAMES = [
    "Hi, I'd like to report this: {core}. Please help, thank you",
    "Hello admin, {core}. Can someone check it asap? thanks",
    "Sorry for my Indonesian, {core}. Please follow up",
    "{core}. Pls help min, this is so annoying",
    "FYI min, {core}, please handle it, thx",
    "Good evening, {core}. Hope it can be fixed soon",
]  # fmt: skip


def _place(rng: random.Random) -> str:
    form = rng.choice(PLACE_FORMS)
    return form.format(
        street=rng.choice(STREETS), kel=rng.choice(KELURAHAN), landmark=rng.choice(LANDMARKS)
    )


def _fill(template: str, rng: random.Random) -> str:
    return template.format(
        place=_place(rng),
        kel=rng.choice(KELURAHAN),
        rt=f"{rng.randint(1, 12):02d}",
        rw=f"{rng.randint(1, 15):02d}",
    )


def _swap(text: str, table: dict[str, list[str]], rate: float, rng: random.Random) -> str:
    for word, forms in table.items():
        pattern = re.compile(rf"\b{word}\b", re.IGNORECASE)
        text = pattern.sub(lambda m, f=forms: rng.choice(f) if rng.random() < rate else m.group(0),
                           text)  # fmt: skip
    return text


def _strip_end(text: str) -> str:
    return text.strip().rstrip(".!?,;")


def _with_place(core: str, rng: random.Random) -> str:
    """Adds a place to a core that names none."""
    if re.search(r"\b(jl\.?|jalan|gang|gg\.?|kelurahan|kecamatan|rt|rw)\b", core, re.I):
        return core
    return f"{_strip_end(core)} di {_place(rng)}"


def _compose(core: str, kind: str, rng: random.Random) -> str:
    """One chat message around ``core``."""
    core = _strip_end(core)
    parts: list[str] = []
    if kind == "emergency":
        if rng.random() < 0.5:
            parts.append(rng.choice(["TOLONG", "Tolong min!!", "Darurat", "min tolong cepat",
                                     "Pak tolong", "help", "TOLONGG", "Gawat min",
                                     "Assalamualaikum, darurat"]))  # fmt: skip
        parts.append(core if rng.random() < 0.5 else _with_place(core, rng))
        if rng.random() < 0.5:
            parts.append(rng.choice(URGENT_ENDINGS))
        text = ". ".join(parts)
        if rng.random() < 0.3:
            text += " " + rng.choice(EMOJI_URGENT)
        return text
    if kind in ("complaint", "external") and rng.random() < 0.1:
        return rng.choice(ENGLISH_FRAMES).format(core=core)
    if rng.random() < 0.6:
        parts.append(rng.choice(GREETINGS))
    if kind in ("complaint", "external") and rng.random() < 0.5:
        parts.append(_fill(rng.choice(INTROS), rng))
    if kind == "complaint" and rng.random() < 0.5:
        core = _with_place(core, rng)
    parts.append(core)
    if kind in ("complaint", "external") and rng.random() < 0.5:
        parts.append(rng.choice(DURATIONS))
    if kind in ("complaint", "external", "info_request", "status_check") and rng.random() < 0.6:
        parts.append(rng.choice(KIND_REQUESTS.get(kind, REQUESTS)))
    if rng.random() < 0.5:
        parts.append(rng.choice(THANKS))
    text = ". ".join(p[:1].upper() + p[1:] if rng.random() < 0.5 else p for p in parts)
    if rng.random() < 0.15:
        text += " " + rng.choice(EMOJI_HAPPY if kind == "not_complaint" else EMOJI_SAD)
    return text


def _style(text: str, kind: str, rng: random.Random) -> str:
    """Chat, Suroboyoan, SMS or voice-transcript spelling of one message."""
    roll = rng.random()
    if roll < 0.3:
        text = _swap(text, ABBREV, 0.7, rng)
    elif roll < 0.55:
        text = _swap(text, JAVANESE, 0.6, rng)
        if rng.random() < 0.6:
            text = f"{_strip_end(text)} {rng.choice(SUROBOYOAN_TAGS)}"
    elif roll < 0.65:  # SMS: lowercase, few spaces after punctuation, abbreviations
        text = _swap(text, ABBREV, 0.9, rng).lower()
        text = re.sub(r"[.!?]\s*", ".", text)
    elif roll < 0.72 and kind in ("complaint", "emergency", "status_check"):  # voice transcript
        words = re.sub(r"[^\w\s-]", " ", text.lower()).split()
        for _ in range(rng.randint(1, 3)):
            words.insert(rng.randint(0, len(words)), rng.choice(FILLERS))
        text = " ".join(words)
    if rng.random() < 0.15:
        text = text.lower()
    return text


def _letters(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def build(rng: random.Random) -> dict[str, list[dict[str, object]]]:
    out: dict[str, list[dict[str, object]]] = {}
    seen: set[str] = set()
    held = {json.loads(ln)["text"].strip().lower() for path in EVAL_SETS if path.exists()
            for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()}  # fmt: skip
    for path in sorted(CORPUS.glob("*.jsonl")):
        if path.name.startswith("chat_"):
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            kind, core = row["kind"], row["text"]
            seen.add(core.lower())
            for _ in range(VARIANTS[kind]):
                text = _style(_compose(core, kind, rng), kind, rng)
                text = re.sub(r"\s+", " ", text).strip()
                if text.lower() in seen or text.lower() in held or _letters(text) == _letters(core):
                    continue  # the same words as the core: no variant
                seen.add(text.lower())
                out.setdefault(kind, []).append(
                    {"text": text, "kind": kind, "opd": row.get("opd"), "group": core}
                )
    return out


def main() -> None:
    rng = random.Random(SEED)
    for old in CORPUS.glob("chat_*.jsonl"):
        old.unlink()
    for kind, rows in sorted(build(rng).items()):
        path = CORPUS / f"chat_{kind}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"{path.relative_to(ROOT)}: {len(rows)}", file=sys.stderr)


if __name__ == "__main__":
    main()
