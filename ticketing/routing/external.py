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
    name_en: str = ""

    def label(self, language: str = "id") -> str:
        """The body's name in `language` ("id" or "en"), for a staff menu."""
        return self.name_en if language == "en" and self.name_en else self.name


def _body(
    key: str,
    name: str,
    handles: str,
    contact: str,
    en_handles: str,
    en_name: str = "",
    en_contact: str = "",
    names_the_city: bool = False,
) -> ExternalBody:
    """An outside body; `en_name` and `en_contact` where the Indonesian words are not a
    proper name (the English reply read "is handled by bank atau lembaga keuangan Anda").
    `names_the_city`: the name already says "outside the city government", so the reply
    does not say it twice ("di luar Pemerintah Kota Surabaya, bukan Pemerintah Kota")."""
    not_city_id = "" if names_the_city else ", bukan Pemerintah Kota Surabaya"
    not_city_en = "" if names_the_city else ", not by the Surabaya City Government"
    reply_id = (
        f"Mohon maaf, {handles} ditangani oleh {name}{not_city_id}. "
        f"Silakan hubungi {contact}. Terima kasih atas laporan Anda."
    )
    reply_en = (
        f"We are sorry: {en_handles} is handled by {en_name or name}{not_city_en}. "
        f"Please contact {en_contact or contact}. Thank you for your report."
    )
    return ExternalBody(key, name, handles, contact, reply_id, reply_en, en_name or name)


EXTERNAL_BODIES: dict[str, ExternalBody] = {
    b.key: b
    for b in (
        _body(
            "PLN",
            "PLN (Perusahaan Listrik Negara)",
            "pemadaman dan gangguan listrik rumah tangga, token, meteran dan tagihan listrik",
            "PLN di nomor 123 atau aplikasi PLN Mobile",
            "household power cuts, tokens, meters and electricity bills",
            "PLN (the state electricity company)",
            "PLN on 123 or the PLN Mobile app",
        ),
        _body(
            "BPN",
            "Badan Pertanahan Nasional (Kantor Pertanahan Kota Surabaya I/II)",
            "sertifikat dan pengukuran tanah",
            "Kantor Pertanahan Kota Surabaya I atau II sesuai lokasi tanah Anda, "
            "atau aplikasi Sentuh Tanahku",
            "land certificates and land measurement",
            "the National Land Agency (Surabaya Land Office I/II)",
            "Surabaya Land Office I or II, by where the land is, or the Sentuh Tanahku app",
        ),
        _body(
            "POLRI",
            "Kepolisian (Polrestabes Surabaya)",
            "laporan tindak pidana, SIM, STNK, BPKB, SKCK dan tilang",
            "Polrestabes Surabaya atau Polsek terdekat (SPKT); "
            "untuk kejadian yang sedang berlangsung hubungi 110",
            "crime reports, driving licences, vehicle papers and traffic tickets",
            "the police (Polrestabes Surabaya)",
            "Polrestabes Surabaya or the nearest police station (SPKT); "
            "for something happening now call 110",
        ),
        _body(
            "BPJS",
            "BPJS Kesehatan",
            "kepesertaan, iuran dan kartu BPJS Kesehatan mandiri",
            "BPJS Kesehatan Care Center 165 atau aplikasi Mobile JKN",
            "BPJS Kesehatan membership, contributions and cards",
            "",
            "BPJS Kesehatan Care Center 165 or the Mobile JKN app",
        ),
        _body(
            "BPJS_TK",
            "BPJS Ketenagakerjaan",
            "klaim JHT dan kepesertaan BPJS Ketenagakerjaan",
            "kantor cabang BPJS Ketenagakerjaan atau aplikasi JMO",
            "old-age savings (JHT) claims and BPJS Ketenagakerjaan membership",
            "",
            "a BPJS Ketenagakerjaan branch office or the JMO app",
        ),
        _body(
            "PROVINSI",
            "Pemerintah Provinsi Jawa Timur",
            "SMA/SMK negeri, jalan provinsi, pajak kendaraan bermotor (Samsat) dan rumah sakit "
            "milik provinsi (RSUD Dr. Soetomo, RSU Haji, RSJ Menur)",
            "Pemerintah Provinsi Jawa Timur melalui kanal pengaduan resminya "
            "(Cabang Dinas Pendidikan, Dinas PU Bina Marga, Bapenda/Samsat Jawa Timur, atau "
            "layanan pengaduan rumah sakit tersebut)",
            "state senior high schools (SMA/SMK), provincial roads, vehicle tax and the "
            "province's hospitals (RSUD Dr. Soetomo, RSU Haji, RSJ Menur)",
            "the East Java Provincial Government",
            "the East Java Provincial Government through its official complaint channels "
            "(Cabang Dinas Pendidikan, Dinas PU Bina Marga, Bapenda/Samsat Jawa Timur, or the "
            "hospital's own complaint service)",
        ),
        _body(
            "PUSAT",
            "Pemerintah Pusat (kementerian/lembaga terkait)",
            "jalan nasional dan layanan instansi vertikal (imigrasi, KUA, pengadilan, rumah "
            "sakit TNI, Polri dan kementerian)",
            "instansi terkait; untuk jalan nasional: Balai Besar Pelaksanaan Jalan "
            "Nasional Jawa Timur (Kementerian PU), atau kanal SP4N-LAPOR!",
            "national roads and central-government offices (immigration, KUA, courts, "
            "military, police and ministry hospitals)",
            "the central government (the ministry or agency concerned)",
            "the agency concerned; for national roads: Balai Besar Pelaksanaan Jalan "
            "Nasional Jawa Timur (Ministry of Public Works), or SP4N-LAPOR!",
        ),
        _body(
            "OJK",
            "bank atau lembaga keuangan Anda (diawasi OJK)",
            "rekening, kredit, pinjaman online, leasing dan asuransi",
            "layanan pengaduan bank atau lembaga keuangan tersebut; bila tidak selesai, "
            "Kontak OJK 157 (kontak157.ojk.go.id). Teror penagih utang dapat dilaporkan ke "
            "polisi di 110",
            "bank accounts, loans, online lending, leasing and insurance",
            "your bank or financial institution (supervised by OJK)",
            "the complaint service of that bank or institution; if unresolved, Kontak OJK "
            "157 (kontak157.ojk.go.id). Threats from debt collectors can be reported to the "
            "police on 110",
        ),
        _body(
            "JASA_MARGA",
            "Jasa Marga (pengelola jalan tol)",
            "jalan tol dan gerbang tol",
            "Jasa Marga Call Center 14080",
            "toll roads and toll gates",
            "Jasa Marga (the toll road operator)",
            "Jasa Marga Call Center 14080",
        ),
        _body(
            "LAINNYA",
            "instansi atau perusahaan di luar Pemerintah Kota Surabaya",
            "hal yang Anda laporkan",
            "instansi atau penyedia layanan yang bersangkutan melalui kanal resminya, "
            "atau kanal nasional SP4N-LAPOR!",
            "this matter",
            "an agency or company outside the Surabaya City Government",
            "the agency or service provider concerned through its official channel, "
            "or the national SP4N-LAPOR! channel",
            names_the_city=True,
        ),
    )
}


def reply_for(key: str | None, language: str = "id") -> str:
    """Polite reply naming who handles the matter (``language`` "id" or "en")."""
    body = EXTERNAL_BODIES.get(key or "LAINNYA", EXTERNAL_BODIES["LAINNYA"])
    return body.reply_en if language == "en" else body.reply_id
