"""Names of channels and emergency types, in words: one table for the staff screens
(inbox/labels.py) and the messages Aduan writes (the 112 desk's alert). Lazy Flask-Babel
strings: Indonesian, English as the second locale."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

CHANNELS = {
    "telegram": "Telegram",
    "sms": "SMS",
    "whatsapp": "WhatsApp",
    "whatsapp_cloud": "WhatsApp",
    "voice": _l("Telepon"),
    "x": "X",
    "x_dm": _l("X (pesan langsung)"),
    "messenger": "Messenger",
    "facebook": "Facebook",
    "instagram": "Instagram",
    "email": "E-mail",
    "web": _l("Formulir web"),
    "open311": "Open311",
}
EMERGENCY_TYPES = {
    "fire": _l("kebakaran"),
    "gas_leak": _l("kebocoran gas"),
    "trapped": _l("orang terjebak"),
    "drowning": _l("tenggelam/hanyut"),
    "animal": _l("hewan berbahaya"),
    "electrocution": _l("tersengat listrik"),
    "suicide": _l("percobaan bunuh diri"),
    "flood": _l("banjir"),
    "collapse": _l("bangunan roboh"),
    "fallen_tree": _l("pohon tumbang"),
    "storm": _l("angin kencang"),
    "accident": _l("kecelakaan"),
    "medical": _l("darurat medis"),
    "violence": _l("kekerasan/perkelahian"),
    "crime": _l("pencurian/penjambretan"),
    "missing_person": _l("orang hilang"),
    "bomb": _l("ancaman bom/benda mencurigakan"),
    "call": _l("panggilan darurat, kejadian belum disebut"),
    "unreached_112": _l("112 tidak bisa dihubungi"),
    "phone": _l("telepon dari nomor pelapor darurat lain, nomor penelepon bisa dipalsukan"),
}

# A ticket's status as staff read it in an action's refusal (ticketing.actions), in
# Indonesian like every refusal; texts.STATUS_LABELS speak to the citizen ("menunggu
# informasi dari Anda" would mean the officer reading it).
STATUS_WORDS = {
    "new": "baru masuk",
    "triage": "di triase Media Center",
    "routed": "diteruskan ke unit",
    "in_progress": "sedang ditangani",
    "waiting": "menunggu jawaban warga",
    "resolved": "sudah diselesaikan",
    "closed": "sudah ditutup",
}


def in_indonesian(table: dict[str, object], code: str) -> str:
    """Returns the name of `code` in Indonesian (for texts sent out), or the code."""
    with force_locale("id"):
        return str(table.get(code, code))
