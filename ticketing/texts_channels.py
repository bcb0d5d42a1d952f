"""The texts of particular channels: X public replies (only the ticket number and a
neutral sentence, never the citizen's words) and the phone channels (SMS, WhatsApp and
the voice IVR). Merged into ticketing.texts.TEXTS."""

from __future__ import annotations

# X (public replies: only the ticket number and a neutral sentence, never the citizen's
# words; each fits in one tweet).
CHANNEL_TEXTS: dict[str, dict[str, str]] = {
    "x_public_ack": {
        "id": "Terima kasih, laporan Anda sudah kami catat dengan nomor {number} dan akan "
        "segera ditindaklanjuti. Mohon tidak menuliskan data pribadi di tweet publik.",
        "en": "Thank you, your report is registered as {number} and will be followed up. "
        "Please do not post personal data in public tweets.",
    },
    "x_public_pii": {
        "id": "Laporan Anda kami catat dengan nomor {number} ({time}). Tweet Anda memuat data "
        "pribadi: demi keamanan Anda, mohon sembunyikan atau hapus tweet tersebut dan "
        "lanjutkan lewat DM ke akun ini atau WhatsApp Media Center.",
        "en": "Your report is registered as {number} ({time}). Your tweet contains personal "
        "data: for your safety please hide or delete it and continue by DM to this account "
        "or on the Media Center WhatsApp.",
    },
    "x_public_appended": {
        "id": "Tambahan informasi Anda sudah kami catat pada laporan {number} (ke-{seq}).",
        "en": "We added your information to report {number} (no. {seq}).",
    },
    "x_public_emergency": {
        "id": "PENTING: untuk keadaan darurat segera telepon 112 (gratis, 24 jam). Laporan "
        "{number} sudah kami teruskan ke Command Center 112 Surabaya.",
        "en": "IMPORTANT: in an emergency call 112 now (free, 24 hours). Report {number} "
        "has been passed to the Surabaya 112 Command Center.",
    },
    "x_public_update": {
        "id": "Ada tanggapan baru (ke-{seq}) untuk laporan {number}. Rinciannya kami kirim "
        "lewat DM.",
        "en": "There is news (no. {seq}) on report {number}. We are sending the details by DM.",
    },
    "x_public_resolved": {
        "id": "Laporan {number} telah selesai ditangani ({time}). Rincian dan permintaan "
        "penilaian layanan kami kirim lewat DM.",
        "en": "Report {number} has been resolved ({time}). We are sending the details and a "
        "request for your rating by DM.",
    },
    "x_public_contact": {
        "id": "Terima kasih telah menghubungi Media Center Kota Surabaya ({time}). Silakan "
        "lanjutkan lewat DM ke akun ini; mohon tidak menuliskan data pribadi di tweet publik.",
        "en": "Thank you for contacting the Surabaya City Media Center ({time}). Please "
        "continue by DM to this account; do not post personal data in public tweets.",
    },
    "x_public_contact_pii": {
        "id": "Terima kasih telah menghubungi Media Center Kota Surabaya ({time}). Tweet Anda "
        "memuat data pribadi: mohon sembunyikan atau hapus tweet tersebut dan lanjutkan "
        "lewat DM ke akun ini atau WhatsApp Media Center.",
        "en": "Thank you for contacting the Surabaya City Media Center ({time}). Your tweet "
        "contains personal data: please hide or delete it and continue by DM or WhatsApp.",
    },
    "x_public_dm_failed": {
        "id": "Kami belum dapat mengirim DM tentang laporan {number} ({time}). Mohon izinkan "
        "DM dari akun ini, atau kirim DM kepada kami berisi: cek {number}",
        "en": "We could not send you a DM about report {number} ({time}). Please allow DMs "
        "from this account, or DM us: cek {number}",
    },
}

# Phone channels: SMS, WhatsApp (Twilio and Cloud API) and the voice IVR. Spoken texts
# are read by Twilio's id-ID voice: numbers are written so they are read naturally.
CHANNEL_TEXTS.update(
    {
        "voice_menu": {
            "id": (
                "Selamat datang di layanan pengaduan Media Center Pemerintah Kota Surabaya. "
                "Untuk menyampaikan pengaduan, tekan 1. Untuk mendengar status laporan Anda, "
                "tekan 2. Dalam keadaan darurat, tekan 0 untuk tersambung ke 112."
            ),
            "en": (
                "Welcome to the complaint service of the Surabaya City Media Center. To make "
                "a complaint, press 1. To hear the status of your report, press 2. In an "
                "emergency, press 0 to be connected to 112."
            ),
        },
        "voice_menu_short": {
            "id": (
                "Untuk menyampaikan pengaduan, tekan 1. Untuk mendengar status laporan, tekan 2. "
                "Dalam keadaan darurat, tekan 0."
            ),
            "en": "For a complaint, press 1. For the status of a report, press 2. Emergency: 0.",
        },
        "voice_record": {
            "id": (
                "Silakan sampaikan pengaduan Anda sekarang dalam bahasa Indonesia. Sebutkan "
                "masalahnya dan lokasinya dengan jelas, paling lama satu menit. Percakapan ini "
                "direkam."
            ),
            "en": (
                "Please describe your complaint now, in Indonesian, with its location, in at "
                "most one minute. This call is recorded."
            ),
        },
        "voice_no_recording": {
            "id": (
                "Maaf, kami tidak menerima rekaman suara Anda. Silakan telepon kembali, atau "
                "kirim pengaduan lewat SMS atau WhatsApp. Terima kasih."
            ),
            "en": (
                "Sorry, we did not receive a recording. Please call again, or send your "
                "complaint by SMS or WhatsApp. Thank you."
            ),
        },
        "voice_recorded": {
            "id": (
                "Terima kasih, pengaduan Anda sudah kami rekam. Nomor laporan akan kami kirim "
                "lewat SMS ke nomor telepon ini. Sampai jumpa."
            ),
            "en": (
                "Thank you, your complaint has been recorded. We will send the report number "
                "by SMS to this phone number. Goodbye."
            ),
        },
        "voice_status_prompt": {
            "id": (
                "Tekan atau sebutkan nomor laporan Anda: empat angka tahun, lalu nomor urut "
                "laporan. Jika menekan tombol, akhiri dengan tanda pagar. Contohnya, untuk "
                "laporan tahun 2026 nomor 123, tekan 2 0 2 6 1 2 3, lalu pagar, atau "
                "ucapkan: dua nol dua enam, satu dua tiga."
            ),
            "en": (
                "Enter or say your report number: the four digits of the year, then the "
                "report's serial number. If you use the keypad, finish with the hash key. "
                "For example 2 0 2 6 1 2 3, then hash."
            ),
        },
        "voice_status_public": {
            "id": "Laporan tahun {year} nomor {serial}: {status}.",
            "en": "Report of {year} number {serial}: {status}.",
        },
        "voice_status_not_said": {
            "id": (
                "Maaf, status laporan tahun {year} nomor {serial} tidak dapat kami "
                "sampaikan lewat telepon."
            ),
            "en": "Sorry, the status of report {serial} of {year} cannot be told by phone.",
        },
        "voice_status_by_sms": {
            "id": (
                "Jika laporan ini dibuat dari nomor telepon ini, rincian statusnya kami "
                "kirim lewat SMS ke nomor ini."
            ),
            "en": (
                "If this report was made from this phone number, its full status is sent "
                "by SMS to this number."
            ),
        },
        "voice_status_invalid": {
            "id": "Maaf, nomor laporan yang Anda masukkan tidak lengkap.",
            "en": "Sorry, the report number you entered is incomplete.",
        },
        "voice_invalid_choice": {
            "id": "Maaf, pilihan tersebut tidak tersedia.",
            "en": "Sorry, that choice is not available.",
        },
        "voice_emergency": {
            "id": "Mohon tetap di saluran. Anda akan kami sambungkan ke layanan darurat 112.",
            "en": "Please stay on the line. We are connecting you to the 112 emergency service.",
        },
        "voice_goodbye": {
            "id": (
                "Kami belum menerima pilihan Anda. Silakan telepon kembali kapan saja. "
                "Terima kasih."
            ),
            "en": "We did not receive your choice. Please call again any time. Thank you.",
        },
        "wa_template_notice": {
            "id": "ada pesan baru untuk Anda",
            "en": "there is a new message for you",
        },
        "sms_more": {
            "id": "... Cek status: balas cek {number}",
            "en": "... Status: reply cek {number}",
        },
        "listen_needed": {
            "id": "Transkripsi otomatis tidak dapat dipakai ({reason}). Dengarkan rekamannya.",
            "en": "The automatic transcription is not usable ({reason}). Listen to the recording.",
        },
    }
)
