"""Officer notices beside texts.py: a ticket that reaches their unit already answered
(an agent routes it on after another unit accepted and returned it) gives the
resolution target, not a first response that was given; the citizen's answer to the
officer's own question reaches the officer (they have no inbox); the caption of the
photos an officer sends with progress or a resolution; what a ticket without words is."""

from __future__ import annotations

OFFICER_TEXTS: dict[str, dict[str, str]] = {
    "officer_photos": {
        "id": "Foto dari petugas untuk laporan {number}.",
        "en": "Photo from the officer for report {number}.",
    },
    # The same photos to a channel that cannot show them (SMS, X): where to see them,
    # on the public tracking page, else a private link made at send time.
    "officer_photos_public": {
        "id": "Petugas juga mengirim foto untuk laporan {number}. Lihat fotonya: {urls}",
        "en": "The officer also sent photos for report {number}. See them here: {urls}",
    },
    "officer_photos_link": {
        "id": "Petugas juga mengirim foto untuk laporan {number}. Lihat fotonya (tautan "
        "berlaku {days} hari): {urls}",
        "en": "The officer also sent photos for report {number}. See them here (the link "
        "works for {days} days): {urls}",
    },
    "officer_new_answered": {
        "id": "Laporan {number} untuk {opd} (sudah ditanggapi): {summary} | Target selesai: "
        "{due} | Tindak lanjuti: {url}",
        "en": "Report {number} for {opd} (already answered): {summary} | To be resolved by: "
        "{due} | Act: {url}",
    },
    # An information request reaches PPID as a request, by its registration number and
    # the written answer's legal deadline (not "Laporan baru ... Batas tanggapan").
    "officer_new_info": {
        "id": "Permohonan informasi baru {registration} (tiket {number}) untuk {opd}: {summary} "
        "| Batas jawaban tertulis (UU 14/2008): {due} | Tindak lanjuti: {url}",
        "en": "New information request {registration} (ticket {number}) for {opd}: {summary} "
        "| Written answer due (Law 14/2008): {due} | Act: {url}",
    },
    # A ticket without words: a phone recording nobody transcribed, a photo or a location.
    "officer_no_words_voice": {
        "id": "(rekaman telepon, dengarkan lewat tautan)",
        "en": "(a phone recording, listen through the link)",
    },
    "officer_no_words": {
        "id": "(foto/lokasi, lihat lewat tautan)",
        "en": "(a photo/location, see it through the link)",
    },
    "ppid_extended_officer": {
        "id": "Permohonan informasi {registration} (laporan {number}) diperpanjang sampai "
        "{due} oleh Media Center. Alasan: {reason} | Tindak lanjuti: {url}",
        "en": "Information request {registration} (report {number}) was extended until "
        "{due} by the Media Center. Reason: {reason} | Act: {url}",
    },
    "citizen_answered_officer": {
        "id": "Warga menjawab pertanyaan Anda pada laporan {number}: {answer} | "
        "Tindak lanjuti: {url}",
        "en": "The citizen answered your question on report {number}: {answer} | Act: {url}",
    },
    "objection_officer": {
        "id": "KEBERATAN atas permohonan informasi {registration} (tiket {number}) yang sudah "
        "dijawab, untuk atasan PPID: {said} | Tanggapan tertulis paling lambat {due} (UU "
        "14/2008 Pasal 36) | Tindak lanjuti: {url}",
        "en": "OBJECTION to information request {registration} (ticket {number}), already "
        "answered, for the PPID's superior: {said} | Written answer due {due} (Law 14/2008 "
        "Article 36) | Act: {url}",
    },
    # The old unit's officers when a ticket leaves them: their link no longer works.
    "officer_moved": {
        "id": "Laporan {number} sudah dialihkan ke {opd} dan tidak lagi ditangani unit Anda. "
        "Tautan tindak lanjut yang dikirim sebelumnya tidak berlaku lagi.",
        "en": "Report {number} was moved to {opd} and is no longer with your unit. The link "
        "sent to you earlier no longer works.",
    },
    "officer_returned": {
        "id": "Laporan {number} sudah dikembalikan ke Media Center dan tidak lagi ditangani "
        "unit Anda. Tautan tindak lanjut yang dikirim sebelumnya tidak berlaku lagi.",
        "en": "Report {number} went back to the Media Center and is no longer with your "
        "unit. The link sent to you earlier no longer works.",
    },
    "officer_merged": {
        "id": "Laporan {number} sudah digabungkan dengan laporan {parent} yang ditangani {opd} "
        "dan tidak lagi ditangani unit Anda. Tautan tindak lanjut yang dikirim sebelumnya "
        "tidak berlaku lagi.",
        "en": "Report {number} was merged into report {parent}, handled by {opd}, and is no "
        "longer with your unit. The link sent to you earlier no longer works.",
    },
}
