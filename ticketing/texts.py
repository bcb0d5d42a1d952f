"""The message catalogue: every text a citizen or officer reads, in Bahasa Indonesia
first and English second. Texts stay ASCII (GSM-7 friendly) so an SMS does not fall
back to UCS-2 encoding, which halves the characters per segment."""

from __future__ import annotations

from typing import Any

from ticketing.texts_channels import CHANNEL_TEXTS
from ticketing.texts_kinds import KIND_TEXTS
from ticketing.texts_officer import OFFICER_TEXTS
from ticketing.texts_ppid import PPID_TEXTS

TEXTS: dict[str, dict[str, str]] = {
    "ack": {
        "id": (
            "Terima kasih, laporan Anda sudah kami terima dengan nomor {number}. "
            "Laporan akan ditanggapi paling lambat 1x24 jam hari kerja. "
            "Cek status kapan saja dengan membalas: cek {number}{track}"
        ),
        "en": (
            "Thank you, we received your report, number {number}. It will be answered "
            "within 1x24 hours on working days. To check its status, reply: cek {number}{track}"
        ),
    },
    "ack_triage": {
        "id": (
            "Terima kasih, laporan Anda sudah kami terima dengan nomor {number}. Petugas "
            "Media Center sedang memeriksanya dan akan menanggapi paling lambat 1x24 jam "
            "hari kerja. Cek status: cek {number}{track}"
        ),
        "en": (
            "Thank you, we received your report, number {number}. A Media Center agent "
            "is reviewing it and will answer within 1x24 hours on working days. "
            "Status: cek {number}{track}"
        ),
    },
    # A triage ticket whose words an alarm rule read, without the certainty of an
    # emergency ("anak saya hilang"): an agent checks, and the citizen knows about 112.
    "ack_triage_alarm": {
        "id": (
            "Terima kasih, laporan Anda sudah kami terima dengan nomor {number}. Bila ini "
            "keadaan darurat, segera TELEPON 112 (gratis, 24 jam). Petugas Media Center "
            "sedang memeriksa laporan Anda. Cek status: cek {number}{track}"
        ),
        "en": (
            "Thank you, we received your report, number {number}. If this is an "
            "emergency, CALL 112 now (free, 24 hours). A Media Center agent is reviewing "
            "your report. Status: cek {number}{track}"
        ),
    },
    # Appended to acknowledgements of reports that appear on the public tracking page.
    "track": {"id": ". Pantau: {url}", "en": ". Follow it: {url}"},
    "answer_received": {
        "id": (
            "Terima kasih, jawaban Anda untuk laporan {number} sudah kami terima dan kami "
            "teruskan kepada petugas yang menanganinya."
        ),
        "en": "Thank you, we received your answer on report {number} and passed it on to "
        "the officer handling it.",
    },
    "appended": {
        "id": "Informasi tambahan Anda sudah kami catat pada laporan {number}.",
        "en": "We added your information to report {number}.",
    },
    "welcome": {
        "id": (
            "Selamat datang di layanan pengaduan Media Center Pemerintah Kota Surabaya. "
            "Silakan tulis keluhan Anda, sertakan lokasi dan foto bila ada. "
            "Cek laporan: cek MC-TAHUN-NOMOR. Keadaan darurat: telepon 112 (gratis, 24 jam)."
        ),
        "en": (
            "Welcome to the complaint service of the Surabaya City Media Center. Describe "
            "your complaint, with a location and photo if you can. Check a report: "
            "cek MC-YEAR-NUMBER. Emergencies: call 112 (free, 24 hours)."
        ),
    },
    "not_complaint": {
        "id": (
            "Terima kasih telah menghubungi Media Center Kota Surabaya. Bila ingin "
            "menyampaikan keluhan, tulis saja masalahnya beserta lokasinya. "
            "Keadaan darurat: telepon 112."
        ),
        "en": (
            "Thank you for contacting the Surabaya City Media Center. To report a problem, "
            "describe it with its location. Emergencies: call 112."
        ),
    },
    "unsupported": {
        "id": (
            "Maaf, jenis pesan ini belum dapat kami baca. Silakan kirim laporan berupa "
            "teks, foto, atau lokasi."
        ),
        "en": "Sorry, we cannot read this kind of message. Please send text, a photo or a "
        "location.",
    },
    "emergency": {
        "id": (
            "PENTING: untuk keadaan darurat segera TELEPON 112 (gratis, 24 jam). "
            "Laporan Anda ({number}) sudah kami teruskan ke Command Center 112 Surabaya. "
            "Utamakan keselamatan Anda."
        ),
        "en": (
            "IMPORTANT: in an emergency CALL 112 now (free, 24 hours). Your report "
            "({number}) has been passed to the Surabaya 112 Command Center. Stay safe."
        ),
    },
    "emergency_added": {
        "id": (
            "Tambahan informasi Anda sudah kami teruskan ke petugas Command Center 112 "
            "(laporan {number})."
        ),
        "en": "Your added information has been passed to the 112 Command Center ({number}).",
    },
    "emergency_unreached": {
        "id": (
            "PENTING: pesan Anda ({number}) sudah kami teruskan langsung ke petugas Command "
            "Center 112 Surabaya. Tetap di tempat aman dan kirim di sini alamat lengkap serta "
            "apa yang terjadi; petugas akan menghubungi Anda.{others}"
        ),
        "en": (
            "IMPORTANT: your message ({number}) has been passed straight to the Surabaya 112 "
            "Command Center staff. Stay safe and send the full address and what is happening "
            "here; the staff will contact you.{others}"
        ),
    },
    "emergency_other_numbers": {
        "id": " Nomor darurat lain: {numbers}.",
        "en": " Other emergency numbers: {numbers}.",
    },
    "emergency_alert": {
        "id": "DARURAT {number} ({type}): {summary} | Lokasi: {location} | Kanal: {channel} | "
        "Terima: {url}",
        "en": "EMERGENCY {number} ({type}): {summary} | Location: {location} | "
        "Channel: {channel} | Accept: {url}",
    },
    "emergency_more": {
        "id": "DARURAT {number}: pelapor mengirim pesan lagi: {said} | Buka: {url}",
        "en": "EMERGENCY {number}: the reporter wrote again: {said} | Open: {url}",
    },
    "info_request": {
        "id": (
            "Permohonan informasi Anda terdaftar dengan nomor registrasi {registration} "
            "(tiket {number}). Sesuai UU 14/2008, PPID akan memberi jawaban tertulis paling "
            "lambat {due}."
        ),
        "en": (
            "Your information request is registered as {registration} (ticket {number}). "
            "Under Law 14/2008 the PPID will answer in writing by {due}."
        ),
    },
    "status_line": {
        "id": "Laporan {number}: {status}. Unit: {opd}. Pembaruan terakhir: {updated}.{due}",
        "en": "Report {number}: {status}. Unit: {opd}. Last update: {updated}.{due}",
    },
    "status_due": {"id": " Batas tanggapan: {due}.", "en": " Answer due: {due}."},
    "status_question": {"id": " Pertanyaan petugas: {question}", "en": " Asked: {question}"},
    "status_resolution_due": {
        "id": " Sudah ditanggapi; target selesai: {due}.",
        "en": " Answered; to be resolved by: {due}.",
    },
    "status_not_found": {
        "id": (
            "Maaf, laporan {number} tidak ditemukan di antara laporan Anda. Periksa kembali "
            "nomornya, atau kirim 'cek' untuk melihat laporan Anda."
        ),
        "en": "Sorry, report {number} is not among your reports. Send 'cek' to list yours.",
    },
    "status_list": {
        "id": "Laporan Anda yang sedang diproses:",
        "en": "Your reports in progress:",
    },
    "status_public": {
        "id": (
            "Laporan {number}: {status}. Laporan ini bukan atas nama Anda, jadi hanya "
            "statusnya yang bisa kami sampaikan."
        ),
        "en": "Report {number}: {status}. It is not your report, so we can only share its status.",
    },
    "status_confirm": {
        "id": (
            "Apakah maksud Anda laporan {number}? Bila benar, balas: cek {number}. "
            "Kirim 'cek' saja untuk melihat semua laporan Anda."
        ),
        "en": "Do you mean report {number}? If so, reply: cek {number}. Send 'cek' to list yours.",
    },
    "status_which": {
        "id": "Ada beberapa laporan Anda bernomor {serial}: {choices}. Balas cek dengan nomor lengkapnya.",
        "en": "Several of your reports end in {serial}: {choices}. Reply cek with the full number.",
    },
    "status_serial_unknown": {
        "id": (
            "Maaf, laporan bernomor {serial} tidak ditemukan di antara laporan Anda. Kirim "
            "'cek' untuk melihat laporan Anda."
        ),
        "en": "Sorry, no report of yours ends in {serial}. Send 'cek' to list yours.",
    },
    "status_none": {
        "id": "Anda belum memiliki laporan yang sedang diproses.",
        "en": "You have no report in progress.",
    },
    "agent_reply": {
        "id": "{text}\n\n(Media Center Surabaya, {number})",
        "en": "{text}\n\n({number})",
    },
    "resolved": {
        "id": (
            "Laporan {number} telah diselesaikan oleh {opd}{note}\n"
            "Sudah beres? Balas angka 1-5 untuk menilai layanan kami (5 = sangat puas), "
            "atau balas BELUM bila masalahnya belum selesai."
        ),
        "en": (
            "Report {number} was resolved by {opd}{note}\nIs it fixed? Reply 1-5 to rate "
            "our service (5 = very satisfied), or BELUM if the problem is not solved."
        ),
    },
    "merged": {
        "id": "Laporan {number} digabung dengan laporan {parent} tentang masalah yang sama dan "
        "kini ditangani oleh {opd}.",
        "en": "Report {number} was joined with report {parent} about the same problem and is "
        "now handled by {opd}.",
    },
    "routed": {
        "id": "Laporan {number} telah diteruskan ke {opd} untuk ditangani.",
        "en": "Report {number} has been forwarded to {opd}.",
    },
}

TEXTS.update(
    {
        "officer_new": {
            "id": "Laporan baru {number} untuk {opd}: {summary} | Batas tanggapan: {due} | "
            "Tindak lanjuti: {url}",
            "en": "New report {number} for {opd}: {summary} | Answer due: {due} | Act: {url}",
        },
        "accepted": {
            "id": "Laporan {number} sudah diterima oleh {opd} dan sedang ditangani.",
            "en": "Report {number} was accepted by {opd} and is being handled.",
        },
        "accepted_emergency": {
            "id": "Laporan darurat {number} sudah diterima petugas dan sedang ditangani. "
            "Tetap utamakan keselamatan; telepon 112 bila keadaan memburuk.",
            "en": "Emergency report {number} was taken by the responders. Call 112 if it gets worse.",
        },
        "progress": {
            "id": "Perkembangan laporan {number} dari {opd}: {text}",
            "en": "Update on report {number} from {opd}: {text}",
        },
        "incident_resolved": {
            "id": (
                "Laporan {number} ({place}) telah diselesaikan oleh {opd} bersama laporan "
                "lain tentang kejadian yang sama.\nSudah beres di tempat Anda? Balas angka "
                "1-5 untuk menilai layanan kami (5 = sangat puas), atau balas BELUM bila "
                "masalahnya belum selesai."
            ),
            "en": (
                "Report {number} ({place}) was resolved by {opd} together with other reports "
                "of the same incident.\nIs it fixed where you are? Reply 1-5 to rate our "
                "service (5 = very satisfied), or BELUM if the problem is not solved."
            ),
        },
        "incident_progress": {
            "id": "Laporan {number} ({place}) sedang ditangani {opd} bersama laporan lain "
            "tentang kejadian yang sama.",
            "en": "Report {number} ({place}) is being handled by {opd} together with other "
            "reports of the same incident.",
        },
        "incident_place_unknown": {
            "id": "lokasi yang Anda laporkan",
            "en": "the place you reported",
        },
        "bounced": {
            "id": "Laporan {number} sedang kami teruskan ke unit yang tepat. Mohon ditunggu.",
            "en": "We are forwarding report {number} to the right unit. Thank you for waiting.",
        },
        "rated": {
            "id": "Terima kasih atas penilaian Anda untuk laporan {number}. Laporan kami tutup.",
            "en": "Thank you for rating report {number}. The report is now closed.",
        },
        "confirmed": {
            "id": "Terima kasih atas konfirmasi Anda. Laporan {number} kami tutup.",
            "en": "Thank you for confirming. Report {number} is now closed.",
        },
        "reopened": {
            "id": "Mohon maaf masalahnya belum selesai. Laporan {number} kami buka kembali dan "
            "unit terkait sudah kami beri tahu.",
            "en": "Sorry it is not solved yet. Report {number} is reopened and the unit is notified.",
        },
        "reopened_review": {
            "id": "Mohon maaf masalahnya belum selesai. Laporan {number} kami buka kembali dan "
            "akan ditinjau petugas Media Center.",
            "en": "Sorry it is not solved yet. Report {number} is reopened and a Media Center "
            "agent will review it.",
        },
        "reopened_officer": {
            "id": "Warga menyatakan laporan {number} BELUM selesai; laporan dibuka kembali. "
            "Kata warga: {said} | Laporan awal: {summary} | Tindak lanjuti: {url}",
            "en": "The citizen says report {number} is NOT solved; it is reopened. "
            "The citizen wrote: {said} | First report: {summary} | {url}",
        },
        "reopened_desk_officer": {
            "id": "Media Center membuka kembali laporan {number}: {reason} | {summary} | "
            "Tindak lanjuti: {url}",
            "en": "The Media Center reopened report {number}: {reason} | {summary} | {url}",
        },
        "fresh_link": {
            "id": "Tautan baru untuk laporan {number}: {url}",
            "en": "A new link for report {number}: {url}",
        },
        "ask_citizen": {
            "id": "Petugas membutuhkan informasi tambahan untuk laporan {number}: {question}\n"
            "Silakan balas pesan ini.",
            "en": "The officer needs more information about report {number}: {question}\n"
            "Please reply to this message.",
        },
        "sla_remind": {
            "id": "Pengingat: batas {clock} laporan {number} ({opd}) pada {due}. {summary} | {url}",
            "en": "Reminder: the {clock} deadline of {number} ({opd}) is {due}. {summary} | {url}",
        },
        "sla_warn": {
            "id": "Peringatan: laporan {number} ({opd}) mendekati batas {clock} pada {due}. {summary} | {url}",
            "en": "Warning: {number} ({opd}) is close to its {clock} deadline, {due}. {summary} | {url}",
        },
        "sla_breach": {
            "id": "ESKALASI: batas {clock} laporan {number} ({opd}) terlewati sejak {due}. {summary} | {url}",
            "en": "ESCALATION: the {clock} deadline of {number} ({opd}) passed at {due}. {summary} | {url}",
        },
        "citizen_escalated": {
            "id": (
                "Mohon maaf, laporan {number} belum ditanggapi tepat waktu. Laporan Anda sudah "
                "kami eskalasi ke pimpinan agar segera ditangani."
            ),
            "en": "We are sorry: report {number} was not answered in time. We escalated it to the "
            "management so it is handled quickly.",
        },
        "ppid_extended": {
            "id": (
                "Permohonan informasi {registration} diperpanjang sampai {due} (UU 14/2008 Pasal 22). "
                "Alasan: {reason}"
            ),
            "en": "Information request {registration} is extended until {due}. Reason: {reason}",
        },
    }
)

STATUS_LABELS: dict[str, dict[str, str]] = {
    "new": {"id": "baru diterima", "en": "received"},
    "triage": {"id": "sedang diperiksa petugas Media Center", "en": "being reviewed"},
    # forwarded, not yet accepted: "sedang ditangani" only once an officer took it up
    "routed": {
        "id": "diteruskan ke unit terkait, menunggu tanggapan",
        "en": "forwarded to the unit, awaiting its response",
    },
    "in_progress": {"id": "sedang ditangani", "en": "in progress"},
    "waiting": {"id": "menunggu informasi dari Anda", "en": "waiting for your information"},
    "resolved": {"id": "selesai ditangani", "en": "resolved"},
    "closed": {"id": "ditutup", "en": "closed"},
    # a waiting ticket as anyone but its reporter hears it (the public pages' words)
    "waiting_reporter": {
        "id": "menunggu jawaban pelapor",
        "en": "waiting for the reporter's answer",
    },
}


def t(key: str, locale: str = "id", **values: Any) -> str:
    """Returns the catalogue text `key` in `locale` (falls back to Indonesian)."""
    entry = TEXTS[key]
    return entry.get(locale, entry["id"]).format(**values)


def status_label(status: str, locale: str = "id") -> str:
    """Returns the citizen-facing name of a ticket status."""
    entry = STATUS_LABELS.get(status, {"id": status})
    return entry.get(locale, entry["id"])


def public_label(status: str, locale: str = "id") -> str:
    """Returns the name of a ticket status as the public hears it (the tracking page's
    words): "menunggu informasi dari Anda" is the reporter's alone."""
    return status_label("waiting_reporter" if status == "waiting" else status, locale)


TEXTS.update(CHANNEL_TEXTS)
TEXTS.update(PPID_TEXTS)
TEXTS.update(KIND_TEXTS)
TEXTS.update(OFFICER_TEXTS)
