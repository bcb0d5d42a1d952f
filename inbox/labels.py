"""What staff screens call things: statuses, kinds, channels, clocks, timeline events,
delivery states, escalation steps and SLA policy terms, in words (Bahasa Indonesia,
English through Flask-Babel; routing reasons are in inbox/reasons.py). Codes never reach
the screen; an unknown code is shown as it is rather than hidden."""

from __future__ import annotations

import re
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext, ngettext

from ticketing.names import CHANNELS  # also re-exported

STATUSES = {
    "new": _l("Baru"),
    "triage": _l("Triase"),
    "routed": _l("Diteruskan"),
    "in_progress": _l("Ditangani"),
    "waiting": _l("Menunggu warga"),
    "resolved": _l("Selesai"),
    "closed": _l("Ditutup"),
}
KINDS = {
    "complaint": _l("Pengaduan"),
    "info_request": _l("Permohonan informasi"),
    "emergency": lazy_pgettext("jenis laporan", "Darurat"),  # one "Emergency", not the tab
    "external": _l("Bukan wewenang"),
    "not_complaint": _l("Bukan pengaduan"),
    "status_check": _l("Cek status"),
}
CLOCKS = {
    "first_response": _l("Tanggapan pertama"),
    "resolution": _l("Penyelesaian"),
    "triage": _l("Disposisi"),
    "ppid": _l("Jawaban PPID"),
    "objection": _l("Keberatan"),
    "emergency_ack": _l("Respons 112"),
}
# An SLA policy by its key, without the amount (the stored seed name says "1x24 jam",
# which stays in the name when an admin changes the amount; policy() says the amount).
POLICIES = {
    "complaint": _l("Tanggapan pertama OPD"),
    "resolution": _l("Penyelesaian pengaduan"),
    "triage": _l("Disposisi oleh Media Center"),
    "ppid": _l("Jawaban PPID (UU 14/2008)"),
    "ppid_extension": _l("Perpanjangan PPID"),
    "objection": _l("Tanggapan keberatan"),
    "emergency": _l("Diterima petugas 112"),
}
CLOCK_STATES = {
    "running": _l("berjalan"),
    "paused": _l("berhenti (menunggu warga)"),
    "met": _l("terpenuhi"),
    "stopped": lazy_pgettext("jam SLA", "dihentikan"),  # for good ("stopped"), not paused
}
EVENTS = {
    "created": _l("laporan dibuat"),
    "triage": _l("masuk triase"),
    "routed": _l("diteruskan ke unit"),
    "accepted": _l("diterima petugas"),
    "progress": _l("perkembangan"),
    "resolved": _l("ditandai selesai"),
    "closed": _l("ditutup"),
    "reopened": _l("dibuka kembali"),  # by the citizen, an agent or the API
    "bounced": _l("dikembalikan unit (bukan wewenang)"),
    "transferred": _l("dipindahkan ke unit lain"),
    "asked_citizen": _l("bertanya ke warga"),
    "resumed": _l("warga menjawab"),
    "answer_lost": _l("balasan tidak sampai: tanggapan pertama dibatalkan"),
    "clock_paused": _l("jam SLA berhenti"),
    "clock_resumed": _l("jam SLA berjalan lagi"),
    "kind_changed": _l("jenis laporan diubah"),
    "ppid_extended": _l("batas PPID diperpanjang"),
    "objection_filed": _l("warga mengajukan keberatan (UU 14/2008)"),
    "acknowledged": _l("darurat diterima petugas 112"),
    "emergency": _l("terdeteksi darurat"),
    "desk_alerted": _l("petugas 112 diberi tahu"),
    "desk_told": _l("petugas 112 diberi tahu pesan susulan warga"),
    "incident_linked": _l("digabung ke kejadian yang sama"),
    "incident_joined": _l("laporan lain bergabung ke kejadian ini"),
    "incident_unlinked": _l("dilepas dari kejadian"),
    "incident_confirmed": _l("dikonfirmasi sebagai kejadian yang sama"),
    "follows_up": _l("warga menyebut laporan sebelumnya"),
    "followed_by": _l("warga mengirim laporan baru yang menyebut laporan ini"),
    # ticketing/emergencies.py link_phoned
    "phoned_from_number": _l(
        "telepon dari nomor pelapor darurat lain (nomor penelepon bisa dipalsukan)"
    ),
    "phoned_after": _l("telepon dari nomor pelapor ini dicatat sebagai laporan terpisah"),
    "split_from": _l("dipisah dari pesan dengan dua masalah"),
    "split_suggested": _l("mungkin berisi masalah lain: periksa dan pisahkan bila perlu"),
    "assigned": _l("ditugaskan"),
    "note": _l("catatan internal"),
    "feedback": _l("penilaian warga"),
    "rated": _l("penilaian warga"),
    "delivery_failed": _l("pengiriman gagal"),
    "delivery_fallback": _l("dikirim lewat jalur cadangan"),
    "transcribed": _l("rekaman telepon ditranskripsi"),
    "listen_needed": _l("rekaman perlu didengarkan"),
    "escalated": _l("eskalasi SLA"),
    "sla_step": _l("eskalasi SLA"),
    "contact_merged": _l("kontak pelapor digabung"),
    "contact_split": _l("kontak pelapor dipisahkan"),
    "personal_data_revealed": _l("data pribadi ditampilkan"),
    "phone_revealed": _l("nomor telepon ditampilkan ke petugas"),
    "made_private": _l("disembunyikan dari halaman publik"),
    "made_public": _l("ditampilkan di halaman publik"),
    "personal_data_redacted": _l("data pribadi dihapus"),
    "resent": _l("pesan dikirim ulang oleh petugas"),
    "settled": _l("pesan ditandai sudah diterima oleh petugas"),
    "reply_withheld": _l("balasan otomatis tidak dikirim: nomor yang diketik sudah mencapai batas"),
}
DELIVERY = {
    "pending": _l("menunggu kirim"),
    "sending": _l("sedang dikirim"),
    "sent": _l("terkirim"),
    "delivered": lazy_pgettext("status kirim", "sampai"),  # "delivered", not the date range's "to"
    "read": _l("dibaca"),
    "failed": _l("gagal"),
    "unknown": _l("tidak pasti (periksa lalu kirim ulang)"),
    "superseded": _l("diganti jalur lain"),
    "cancelled": _l("dibatalkan"),
    "undeliverable": _l("tidak dapat dikirim"),
}
# A partner webhook's delivery (ticketing/partners/deliveries.py), as the admin reads it.
WEBHOOK_DELIVERY = {
    "pending": DELIVERY["pending"],
    "held": _l("ditahan (webhook nonaktif)"),
    "failed": DELIVERY["failed"],
    "delivered": DELIVERY["delivered"],
}
# Why a partner webhook delivery failed, from the start of its stored error
# (ticketing.partners.deliveries keeps "<requests exception>: <detail>" or the egress
# refusal): the admin read "ConnectionError: _HTTPSPool(host=...) (Caused by ...)".
WEBHOOK_ERRORS = (
    ("Alamat tujuan ", _l("alamat tujuan bukan alamat internet publik; tidak dikirim")),
    ("ConnectTimeout", _l("tidak menjawab dalam batas waktu")),
    ("ReadTimeout", _l("tidak menjawab dalam batas waktu")),
    ("Timeout", _l("tidak menjawab dalam batas waktu")),
    ("SSLError", _l("sambungan aman (TLS) gagal; periksa sertifikatnya")),
    ("TooManyRedirects", _l("terlalu banyak pengalihan")),
    ("ConnectionError", _l("tidak bisa dihubungi")),
)
WEBHOOK_UNRESOLVED = _l("nama host tidak ditemukan (DNS)")
WEBHOOK_DISABLED = re.compile(r"(\d+) pengiriman gagal berturut-turut: (.*)", re.S)
STEPS = {
    "remind_officer": _l("ingatkan petugas OPD"),
    "warn_head": _l("peringatkan kepala OPD"),
    "warn_supervisor": _l("peringatkan supervisor"),
    "remind_desk": _l("ingatkan petugas 112"),
    "breach": _l("batas terlewati"),
}
UNITS = {"minutes": _l("menit"), "hours": _l("jam"), "working_days": _l("hari kerja")}
CALENDARS = {
    "working": _l("hari kerja"),
    "office": _l("jam kantor"),
    "wallclock": _l("24 jam, setiap hari"),
}
CLOSE_REASONS = {
    "bukan_wewenang": _l("bukan wewenang Pemkot"),
    "not_complaint": _l("bukan pengaduan"),
    "merged": _l("digabung"),
    "rated": _l("dinilai warga"),
    "confirmed": _l("dikonfirmasi warga"),
    "no_reply": _l("warga tidak menanggapi"),  # ticketing/feedback.py close_silent
}

# Unit codes that are not an OPD's well-known abbreviation, in words.
UNIT_CODES = {"EXTERNAL": _l("Luar kewenangan")}
ROLES = {"agent": _l("agen"), "supervisor": _l("supervisor"), "admin": _l("admin")}
# The officer groups the SLA ladder and the 112 alert reach (names of offices).
GROUPS = {
    "DESK112": "Command Center 112",
    "SUPERVISORS": "Supervisor Media Center",
    "MAYOR": "Kantor Wali Kota",
}
# The directory history (ticketing/directory.py OPD_FIELDS, OFFICER_FIELDS).
FIELDS = {
    "name": _l("nama"),
    "remit": _l("kewenangan"),
    "keywords": _l("kata kunci warga"),
    "active": _l("aktif"),
    "transfer_allowed": _l("petugas boleh memindahkan laporan"),
    "role": _l("peran"),
    "channel": _l("kanal"),
    "address": _l("kontak"),
    "opd_code": _l("unit"),
    "group_code": _l("grup"),
}
OFFICER_ROLES = {"officer": _l("petugas"), "head": _l("kepala")}
ATTACHMENTS = {
    "photo": _l("Foto"),
    "video": _l("Video"),
    "voice": _l("Pesan suara"),
    "audio": _l("Rekaman suara"),
    "document": _l("Dokumen"),
    "sticker": _l("Stiker"),
}
# Message types no channel can read for us (channels/*: `unsupported`).
MESSAGE_TYPES = {
    "sticker": _l("stiker"),
    "animation": _l("animasi"),
    "poll": _l("jajak pendapat"),
    "dice": _l("dadu"),
    "game": _l("permainan"),
    "story": _l("story"),
    "story_mention": _l("sebutan di story"),
    "share": _l("kiriman yang dibagikan"),
    "fallback": _l("tautan"),
    "template": _l("templat"),
    "ig_reel": _l("reel Instagram"),
    "reel": _l("reel"),
    "reaction": _l("reaksi"),
    "contacts": _l("kontak"),
    "order": _l("pesanan"),
    "system": _l("pesan sistem"),
    "interactive": _l("pesan interaktif"),
    "invoice": _l("tagihan"),
    "paid_media": _l("media berbayar"),
    "giveaway": _l("giveaway"),
    "giveaway_winners": _l("pemenang giveaway"),
    "checklist": _l("daftar periksa"),
    "unsupported": _l("tak dikenal"),
    "unknown": _l("tak dikenal"),
}
# Why a citizen's file could not be fetched: the ChannelError code stored before the
# provider's own words (ticketing/media.py); the provider's words stay in the log.
DOWNLOAD_ERRORS = {
    "too_large": _l("berkas melebihi batas ukuran"),
    "not_found": _l("berkas sudah tidak tersedia di penyedia"),
    "no_url": _l("berkas sudah tidak tersedia di penyedia"),
    "404": _l("berkas sudah tidak tersedia di penyedia"),
    "410": _l("berkas sudah tidak tersedia di penyedia"),
    "forbidden_host": _l("alamat berkas bukan server media penyedia, tidak diunduh"),
    "bad_type": _l("jenis berkas tidak diterima"),
    "unsupported": _l("jenis berkas tidak diterima"),
    "401": _l("akses ke penyedia ditolak (periksa kredensial kanal)"),
    "403": _l("akses ke penyedia ditolak (periksa kredensial kanal)"),
}


SEND_FAILURES = {  # channels.base.REASONS
    "transient": _l("gangguan sementara di penyedia"),
    "rate_limited": _l("penyedia meminta pengiriman diperlambat"),
    "recipient_unreachable": _l(
        "penerima tidak dapat dihubungi (memblokir, berhenti, atau alamat tidak ada)"
    ),
    "not_on_whatsapp": _l("nomor ini tidak memakai WhatsApp"),
    "window_closed": _l("di luar jendela percakapan kanal (warga terakhir menulis terlalu lama)"),
    "template_rejected": _l("template pesan ditolak penyedia"),
    "auth": _l("kredensial kanal ditolak penyedia"),
    "config": _l("kanal belum dikonfigurasi"),
    "rejected": _l("pesan ini tidak dapat dikirim"),
}
SEND_REFUSALS = {  # error codes of sends the desk itself refused (ticketing/delivery/x.py)
    "pii_guard": _l("teks publik ditahan karena memuat data pribadi"),
    "no_thread": _l("tidak ada tweet publik warga untuk dibalas"),
}
X_DM_CLOSED = _l("warga tidak menerima DM dari akun kami")  # X's 403 (channels/x.py)

# Channels whose answers go out on another one: a phone caller is answered by SMS.
SENT_ON = {"voice": "sms"}


def sent_channel(channel: str | None) -> str:
    """Returns the words for the channel a message to a citizen on `channel` goes out
    on (a phone caller's answers go by SMS)."""
    return label(CHANNELS, SENT_ON.get(channel or "", channel))


def send_failure(reason: str | None, code: str | None, channel: str = "") -> str:
    """Returns why a send failed, in words, from its reason (channels.base.REASONS), with
    the provider's numeric error code for support; never the provider's own English."""
    words = SEND_REFUSALS.get(code or "") or SEND_FAILURES.get(reason or "transient")
    if channel == "x_dm" and reason == "window_closed":
        words = X_DM_CLOSED
    words = str(words or SEND_FAILURES["rejected"])
    return f"{words} ({code})" if code and code.isdigit() else words


def label(table: dict[str, Any], code: str | None) -> str:
    """Returns the words for `code` in `table`, or the code itself when unknown."""
    if code is None:
        return "-"
    return str(table.get(code, code))


def opd_name(opd: Any) -> str:
    """Returns a unit's name; a unit that is not an office ("EXTERNAL") in words."""
    return str(UNIT_CODES[opd.code]) if opd.code in UNIT_CODES else opd.name


def opd_option(opd: Any) -> str:
    """Returns a unit as the route menu lists it: "DLH · Dinas Lingkungan Hidup", or
    only the words for a unit whose code is not an abbreviation ("EXTERNAL")."""
    return opd_name(opd) if opd.code in UNIT_CODES else f"{opd.code} · {opd.name}"


def download_error(error: str | None) -> str:
    """Returns why a file could not be fetched, in words, from the stored "code: detail"
    (ticketing/media.py); anything else reads as a refusal by the provider."""
    code = (error or "").split(":", 1)[0].strip()
    return str(DOWNLOAD_ERRORS.get(code, _("penyedia menolak pengunduhan")))


def event(action: str) -> str:
    """Returns a timeline event's name in words (SLA steps: "eskalasi SLA: ...")."""
    if action.startswith("sla_") and action[4:] in STEPS:
        return _("eskalasi SLA: %(step)s", step=STEPS[action[4:]])
    return label(EVENTS, action)


def actor(kind: str, name: str) -> str:
    """Returns who did a timeline event: the stored name, except the system's, which
    ticketing.audit stores as "Sistem" and is said here in the reader's language, and a
    citizen who gave no name (an SMS, a reply "warga menjawab"), who is "Warga"."""
    if kind == "system" and name in ("", "Sistem"):
        return _("sistem").capitalize()
    if kind == "citizen" and not name:
        return _("Warga")
    return name


def policy(amount: int, unit: str, calendar: str) -> str:
    """Returns e.g. "24 jam (hari kerja)" ("1 hour", not "1 hours", in English); "3 hari
    kerja", not "3 hari kerja (hari kerja)", when the unit already says it."""
    if unit == "minutes":
        words = ngettext("%(num)s menit", "%(num)s menit", amount)
    elif unit == "hours":
        words = ngettext("%(num)s jam", "%(num)s jam", amount)
    else:  # working_days, the last of sla/calendar.py's UNITS
        words = ngettext("%(num)s hari kerja", "%(num)s hari kerja", amount)
    if unit == "working_days" and calendar == "working":
        return words
    return _("%(period)s (%(calendar)s)", period=words, calendar=label(CALENDARS, calendar))


def clock_period(clock: Any, extension: Any = None) -> str:
    """Returns a clock's period in words: its policy's ("10 hari kerja"), or once a PPID
    request was extended by policy `extension`, both ("10 + 7 hari kerja (diperpanjang)")."""
    base = clock.policy
    words = policy(base.amount, base.unit, base.calendar)
    if clock.extended_at is None or extension is None:
        return words
    if (extension.unit, extension.calendar) == (base.unit, base.calendar):
        total = policy(extension.amount, base.unit, base.calendar)
        words = f"{base.amount} + {total}"  # "10 + 7 hari kerja": the unit said once
    else:
        words = f"{words} + {policy(extension.amount, extension.unit, extension.calendar)}"
    return _("%(period)s (diperpanjang)", period=words)


def change(field: str, value: Any) -> str:
    """Returns one side of a directory change in words: "ya"/"tidak", "-" for none,
    an officer's role or channel by name."""
    if value is None or value == "":
        return "-"
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    table = {"role": OFFICER_ROLES, "channel": CHANNELS}.get(field)
    return label(table, str(value)) if table else str(value)


def policy_name(policy: Any) -> str:
    """Returns an SLA policy's name in the reader's language (POLICIES by its key; an
    unknown key: its stored name)."""
    return str(POLICIES.get(policy.key, policy.name))


def webhook_error(error: str | None) -> str:
    """Returns why a partner webhook delivery failed, in words ("HTTP 503" as it is);
    the stored technical detail stays for the page's "rincian"."""
    if not error:
        return ""
    if error.startswith("HTTP "):
        return error
    if error.startswith("ConnectionError") and ("resolve" in error or "NameResolution" in error):
        return str(WEBHOOK_UNRESOLVED)
    for start, words in WEBHOOK_ERRORS:
        if error.startswith(start):
            return str(words)
    return _("pengiriman gagal")


def webhook_disabled(reason: str | None) -> str:
    """Returns why a webhook was switched off, in the reader's language (stored as
    "<n> pengiriman gagal berturut-turut: <error>")."""
    found = WEBHOOK_DISABLED.fullmatch(reason or "")
    if not found:
        return reason or ""
    count = int(found.group(1))
    words = ngettext(
        "%(num)s pengiriman gagal berturut-turut", "%(num)s pengiriman gagal berturut-turut", count
    )
    return f"{words}: {webhook_error(found.group(2))}"
