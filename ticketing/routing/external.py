"""Directory of bodies outside the city's jurisdiction, with polite replies.

Contact facts are kept to official channels that are widely published (PLN 123 and PLN
Mobile, police 110, BPJS Kesehatan Care Center 165, Jasa Marga 14080, Kontak OJK 157,
emergency 112);
others name the office and its official channel only. Admins can override these texts.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ExternalBody:
    """An outside body: its name, how to reach it and the replies to send."""

    key: str
    name: str
    handles: str
    contact: str
    reply_id: str
    reply_en: str


def _body(key: str, name: str, handles: str, contact: str, en_handles: str) -> ExternalBody:
    reply_id = (
        f"Mohon maaf, {handles} ditangani oleh {name}, bukan Pemerintah Kota Surabaya. "
        f"Silakan hubungi {contact}. Terima kasih atas laporan Anda."
    )
    reply_en = (
        f"We are sorry: {en_handles} is handled by {name}, not by the Surabaya City "
        f"Government. Please contact {contact}. Thank you for your report."
    )
    return ExternalBody(key, name, handles, contact, reply_id, reply_en)


EXTERNAL_BODIES: dict[str, ExternalBody] = {
    b.key: b
    for b in (
        _body(
            "PLN",
            "PLN (Perusahaan Listrik Negara)",
            "pemadaman dan gangguan listrik rumah tangga, token, meteran dan tagihan listrik",
            "PLN di nomor 123 atau aplikasi PLN Mobile",
            "household power cuts, tokens, meters and electricity bills",
        ),
        _body(
            "BPN",
            "Badan Pertanahan Nasional (Kantor Pertanahan Kota Surabaya I/II)",
            "sertifikat dan pengukuran tanah",
            "Kantor Pertanahan Kota Surabaya I atau II sesuai lokasi tanah Anda, "
            "atau aplikasi Sentuh Tanahku",
            "land certificates and land measurement",
        ),
        _body(
            "POLRI",
            "Kepolisian (Polrestabes Surabaya)",
            "laporan tindak pidana, SIM, STNK, BPKB, SKCK dan tilang",
            "Polrestabes Surabaya atau Polsek terdekat (SPKT); "
            "untuk kejadian yang sedang berlangsung hubungi 110",
            "crime reports, driving licences, vehicle papers and traffic tickets",
        ),
        _body(
            "BPJS",
            "BPJS Kesehatan",
            "kepesertaan, iuran dan kartu BPJS Kesehatan mandiri",
            "BPJS Kesehatan Care Center 165 atau aplikasi Mobile JKN",
            "BPJS Kesehatan membership, contributions and cards",
        ),
        _body(
            "BPJS_TK",
            "BPJS Ketenagakerjaan",
            "klaim JHT dan kepesertaan BPJS Ketenagakerjaan",
            "kantor cabang BPJS Ketenagakerjaan atau aplikasi JMO",
            "old-age savings (JHT) claims and BPJS Ketenagakerjaan membership",
        ),
        _body(
            "PROVINSI",
            "Pemerintah Provinsi Jawa Timur",
            "SMA/SMK negeri, jalan provinsi dan pajak kendaraan bermotor (Samsat)",
            "Pemerintah Provinsi Jawa Timur melalui kanal pengaduan resminya "
            "(Cabang Dinas Pendidikan, Dinas PU Bina Marga, atau Bapenda/Samsat Jawa Timur)",
            "state senior high schools (SMA/SMK), provincial roads and vehicle tax",
        ),
        _body(
            "PUSAT",
            "Pemerintah Pusat (kementerian/lembaga terkait)",
            "jalan nasional dan layanan instansi vertikal (imigrasi, KUA, pengadilan)",
            "instansi terkait; untuk jalan nasional: Balai Besar Pelaksanaan Jalan "
            "Nasional Jawa Timur (Kementerian PU), atau kanal SP4N-LAPOR!",
            "national roads and central-government offices",
        ),
        _body(
            "OJK",
            "bank atau lembaga keuangan Anda (diawasi OJK)",
            "rekening, kredit, pinjaman online, leasing dan asuransi",
            "layanan pengaduan bank atau lembaga keuangan tersebut; bila tidak selesai, "
            "Kontak OJK 157 (kontak157.ojk.go.id). Teror penagih utang dapat dilaporkan ke "
            "polisi di 110",
            "bank accounts, loans, online lending, leasing and insurance",
        ),
        _body(
            "JASA_MARGA",
            "Jasa Marga (pengelola jalan tol)",
            "jalan tol dan gerbang tol",
            "Jasa Marga Call Center 14080",
            "toll roads and toll gates",
        ),
        _body(
            "LAINNYA",
            "instansi atau perusahaan di luar Pemerintah Kota Surabaya",
            "hal yang Anda laporkan",
            "instansi atau penyedia layanan yang bersangkutan melalui kanal resminya, "
            "atau kanal nasional SP4N-LAPOR!",
            "this matter",
        ),
    )
}


def reply_for(key: str | None, language: str = "id") -> str:
    """Polite reply naming who handles the matter (``language`` "id" or "en")."""
    body = EXTERNAL_BODIES.get(key or "LAINNYA", EXTERNAL_BODIES["LAINNYA"])
    return body.reply_en if language == "en" else body.reply_id
