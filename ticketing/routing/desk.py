"""Questions about the complaint desk itself: its hours, whether this number is the
city's own, whether a report can be sent here ("layanan pengaduan ini buka sampai jam
berapa?", "nomor WA aduan ini resmi?"). Nothing to act on: not a complaint. A question
about a unit's own service ("jam buka puskesmas") names that unit, and a problem told
besides ("... got di Jl. Ngagel mampet"; the caller reads ``rest`` with the model), are
left to the model."""

from __future__ import annotations

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
