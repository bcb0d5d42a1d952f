"""What the citizen reads when an agent changes what a ticket is: a correction in place
of the earlier promise (never a second acknowledgement), "kind_<new kind>"; or, for a
ticket acknowledged only as "being reviewed", the new kind's first message."""

from __future__ import annotations

KIND_TEXTS: dict[str, dict[str, str]] = {
    "kind_complaint": {
        "id": (
            "Koreksi untuk laporan {number}: setelah kami periksa, laporan Anda kami "
            "tangani sebagai pengaduan biasa, bukan {previous}. Petugas Media Center "
            "meneruskannya ke unit yang tepat dan menanggapi paling lambat 1x24 jam hari "
            "kerja. Pesan kami sebelumnya tidak berlaku lagi."
        ),
        "en": (
            "Correction for report {number}: after review we handle it as a regular "
            "complaint, not {previous}. The Media Center forwards it to the right unit "
            "and answers within 1x24 hours on working days. Our earlier message no "
            "longer applies."
        ),
    },
    "kind_info_request": {
        "id": (
            "Koreksi untuk laporan {number}: pesan Anda kami catat sebagai permohonan "
            "informasi publik, nomor registrasi {registration}. Sesuai UU 14/2008, PPID "
            "menjawab tertulis paling lambat {due}. Pesan kami sebelumnya tidak berlaku lagi."
        ),
        "en": (
            "Correction for report {number}: we registered your message as a public "
            "information request, number {registration}. Under Law 14/2008 the PPID "
            "answers in writing by {due}. Our earlier message no longer applies."
        ),
    },
    "kind_emergency": {
        "id": (
            "PENTING, koreksi untuk laporan {number}: laporan Anda kami tangani sebagai "
            "keadaan DARURAT dan sudah diteruskan ke Command Center 112 Surabaya. Bila "
            "masih berlangsung, TELEPON 112 sekarang (gratis, 24 jam)."
        ),
        "en": (
            "IMPORTANT, correction for report {number}: we handle it as an EMERGENCY and "
            "passed it to the Surabaya 112 Command Center. If it is still going on, CALL "
            "112 now (free, 24 hours)."
        ),
    },
    # the first message of a kind for a ticket acknowledged only as "being reviewed"
    "reviewed_external": {
        "id": "Laporan {number} sudah kami periksa. {reply}",
        "en": "We reviewed report {number}. {reply}",
    },
    "reviewed_not_complaint": {
        "id": (
            "Laporan {number} sudah kami periksa: pesan Anda tidak kami catat sebagai "
            "pengaduan, jadi laporan ini kami tutup. Bila ada masalah yang perlu "
            "ditangani, silakan kirim pesan baru beserta lokasinya."
        ),
        "en": (
            "We reviewed report {number}: we did not record your message as a "
            "complaint, so this report is closed. Send a new message with the location "
            "if something needs to be handled."
        ),
    },
    "kind_external": {
        "id": "Koreksi untuk laporan {number}: {reply}",
        "en": "Correction for report {number}: {reply}",
    },
    "kind_not_complaint": {
        "id": (
            "Koreksi untuk laporan {number}: pesan Anda tidak kami catat sebagai "
            "pengaduan, jadi laporan ini kami tutup. Bila ada masalah yang perlu "
            "ditangani, silakan kirim pesan baru."
        ),
        "en": (
            "Correction for report {number}: we did not record your message as a "
            "complaint, so this report is closed. Send a new message if something needs "
            "to be handled."
        ),
    },
}
KIND_NAMES: dict[str, dict[str, str]] = {
    "complaint": {"id": "pengaduan biasa", "en": "a regular complaint"},
    "info_request": {"id": "permohonan informasi publik", "en": "an information request"},
    "emergency": {"id": "keadaan darurat", "en": "an emergency"},
    # a reopened ticket that was closed as one of these, then made a complaint
    "external": {
        "id": "urusan di luar kewenangan Pemerintah Kota",
        "en": "a matter outside the city's remit",
    },
    "not_complaint": {"id": "sekadar pesan", "en": "just a message"},
}
