"""Questions about the complaint desk itself: its hours, whether this number is the
city's own, whether a report can be sent here ("layanan pengaduan ini buka sampai jam
berapa?", "nomor WA aduan ini resmi?"). Nothing to act on: not a complaint. A question
about a unit's own service ("jam buka puskesmas") names that unit, and a problem told
besides ("... got di Jl. Ngagel mampet"; the caller reads ``rest`` with the model), are
left to the model."""

from __future__ import annotations

import re

from .normalize import canonical
from .normalize import rx as _rx
from .rules import opd_hints

CONFIDENCE = 0.8

_DESK = _rx(
    r"\b((layanan|nomor|kanal|saluran|chat|whatsapp|wa|akun|admin|hotline|call center)\w* "
    r"(\w+ )?(pengaduan|aduan)|(layanan|nomor|akun|chat|wa|whatsapp|admin)\w* ini|"
    r"media center|sapa ?warga\w*)\b"
)
_ABOUT = _rx(
    r"\b(jam (buka|operasional|layanan|kerja|berapa)|sampai jam|"
    r"buka (\w+ )?(setiap|tiap|hari|sabtu|minggu|24)|tutup (jam|hari)|24 jam|hari libur|"
    r"resmi|bisa (lapor|mengadu|melapor|dipakai|pakai)|dibalas|membalas|yang balas)\b"
)


def rest(text: str) -> str:
    """``text`` without its words about the desk."""
    return _ABOUT.sub(" ", _DESK.sub(" ", canonical(text)))


def asks_about_desk(text: str) -> bool:
    """Whether ``text`` asks about the desk itself (see above) and names no unit's subject."""
    canon = canonical(text)
    return bool(_DESK.search(canon) and _ABOUT.search(canon)) and not opd_hints(text)


# What a first message holds when it only opens a conversation: who writes, that they
# want to report, ask or be helped, where to, greetings, forms of address and particles
# (canonical() has made "sy" "saya", "min" "admin" and 🙏 "melipat_tangan").
_INTENT = """lapor laporan melapor melaporkan laporkan lapornya ngelapor pelaporan mengadu
    ngadu aduan adukan mengadukan pengaduan komplain complain keluhan mengeluh mengeluhkan
    bantu bantuan bantuannya membantu"""
_OPENER = """saya aku gue gw kami kita mau ingin pengen pingin hendak akan bisa boleh harus
    menyampaikan sampaikan tanya bertanya nanya tolong minta mohon dong ya yah sih nih deh
    kok lah pak bu bapak ibu admin kak mas mbak mba bang ndan gan sis cak ning bingung
    kemana ke mana siapa dimana di cara caranya gimana bagaimana permisi izin ijin
    assalamualaikum salam selamat pagi siang sore malam halo hai hallo hello ini itu
    sesuatu hal masalah apa yang untuk buat melipat_tangan"""
_INTENT_WORDS = frozenset(_INTENT.split())
_OPENER_WORDS = _INTENT_WORDS | frozenset(_OPENER.split())
_TOKEN = re.compile(r"[^\W\d]+")
OPENER_MAX_WORDS = 16
# "laporan saya", "aduan kami": a report already made (its status asked), not one to make
_OWN_REPORT = _rx(
    r"\b(laporan|pengaduan|aduan|keluhan|komplain|complain) (saya|aku|kami|kita|gue|gw)\b"
)


def opens_only(text: str) -> bool:
    """Whether ``text`` only says that the citizen wants to report or be helped ("saya
    mau lapor", "tolong bantu saya pak", "bingung mau lapor kemana"): no problem named
    yet, nothing another body handles."""
    canon = canonical(text)
    words = _TOKEN.findall(canon)
    if not words or len(words) > OPENER_MAX_WORDS or _OWN_REPORT.search(canon):
        return False
    return all(w in _OPENER_WORDS for w in words) and not _INTENT_WORDS.isdisjoint(words)
