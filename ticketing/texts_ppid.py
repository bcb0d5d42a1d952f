"""What a public-information requester reads when PPID takes and answers the request:
the registration number and "permohonan", not a complaint's "laporan ... Sudah beres?"
(ticketing.actions picks "<key>_info" for an information request when it exists)."""

from __future__ import annotations

PPID_TEXTS: dict[str, dict[str, str]] = {
    "accepted_info": {
        "id": "Permohonan informasi {registration} (tiket {number}) sedang diproses oleh {opd}.",
        "en": "Information request {registration} (ticket {number}) is being processed by {opd}.",
    },
    "progress_info": {
        "id": "Perkembangan permohonan informasi {registration} (tiket {number}) dari {opd}: "
        "{text}",
        "en": "Update on information request {registration} (ticket {number}) from {opd}: {text}",
    },
    "resolved_info": {
        "id": (
            "Permohonan informasi {registration} (tiket {number}) telah dijawab oleh {opd}"
            "{note}\nBalas angka 1-5 untuk menilai layanan kami (5 = sangat puas), atau balas "
            "BELUM bila informasi yang Anda minta belum diberikan. Bila tidak puas dengan "
            "jawabannya, Anda berhak mengajukan keberatan (UU 14/2008 Pasal 35): balas "
            "KEBERATAN beserta alasannya."
        ),
        "en": (
            "Information request {registration} (ticket {number}) was answered by {opd}"
            "{note}\nReply 1-5 to rate our service (5 = very satisfied), or BELUM if you did "
            "not get the information you asked for. If you are not satisfied with the answer, "
            "you may file an objection (Law 14/2008 Article 35): reply KEBERATAN with your "
            "reasons."
        ),
    },
    # A status check ("cek PPID-2026-00001"): the request by its registration number, and
    # the legal written-answer deadline, never a complaint's "Sudah ditanggapi" once PPID
    # has merely taken it.
    "status_line_info": {
        "id": "Permohonan informasi {registration} (tiket {number}): {status}. Unit: {opd}. "
        "Pembaruan terakhir: {updated}.{due}",
        "en": "Information request {registration} (ticket {number}): {status}. Unit: {opd}. "
        "Last update: {updated}.{due}",
    },
    "status_due_info": {
        "id": " Batas jawaban tertulis (UU 14/2008): {due}.",
        "en": " Written answer due (Law 14/2008): {due}.",
    },
    "status_due_objection": {
        "id": " Batas tanggapan keberatan (UU 14/2008 Pasal 36): {due}.",
        "en": " Objection answer due (Law 14/2008 Article 36): {due}.",
    },
    "reopened_info": {
        "id": "Mohon maaf informasinya belum lengkap. Permohonan informasi {registration} (tiket "
        "{number}) kami buka kembali dan PPID sudah kami beri tahu.",
        "en": "Sorry the information is not complete. Information request {registration} "
        "(ticket {number}) is reopened and the PPID is notified.",
    },
    # An objection (keberatan) to the answer goes to the PPID's superior, who answers in
    # writing within 30 working days (Pasal 36); after that answer only the Komisi
    # Informasi remains (Pasal 37), within 14 working days.
    "objection_received": {
        "id": "Keberatan Anda atas permohonan informasi {registration} (tiket {number}) kami "
        "terima dan kami teruskan kepada atasan PPID. Tanggapan tertulis paling lambat {due} "
        "(30 hari kerja, UU 14/2008 Pasal 36).",
        "en": "Your objection to information request {registration} (ticket {number}) is "
        "received and passed to the PPID's superior. A written answer is due by {due} "
        "(30 working days, Law 14/2008 Article 36).",
    },
    "resolved_objection": {
        "id": "Keberatan Anda atas permohonan informasi {registration} (tiket {number}) telah "
        "ditanggapi oleh {opd}{note}\nBalas angka 1-5 untuk menilai layanan kami (5 = sangat "
        "puas). Bila tidak puas dengan tanggapan atas keberatan ini, Anda dapat mengajukan "
        "penyelesaian sengketa informasi ke Komisi Informasi dalam 14 hari kerja (UU 14/2008 "
        "Pasal 37).",
        "en": "Your objection to information request {registration} (ticket {number}) was "
        "answered by {opd}{note}\nReply 1-5 to rate our service (5 = very satisfied). If you "
        "are not satisfied with the answer to your objection, you may bring an information "
        "dispute to the Information Commission within 14 working days (Law 14/2008 Article "
        "37).",
    },
    "objection_answered": {
        "id": "Keberatan atas permohonan informasi {registration} (tiket {number}) sudah "
        "ditanggapi atasan PPID. Bila tidak puas, Anda dapat mengajukan penyelesaian sengketa "
        "informasi ke Komisi Informasi dalam 14 hari kerja (UU 14/2008 Pasal 37).",
        "en": "The objection to information request {registration} (ticket {number}) was "
        "already answered by the PPID's superior. If you are not satisfied, you may bring an "
        "information dispute to the Information Commission within 14 working days (Law "
        "14/2008 Article 37).",
    },
}
