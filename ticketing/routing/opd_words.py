"""More OPD keyword hints (``rules.opd_hints`` reads them after its own), for subjects
that citizens name by an object, an animal or a venue rather than by the unit, found
on the twelfth independent set: an animal stuck somewhere (the rescue service, not the
tree it sits in), a person with a mental illness (the social service, whoever they
trouble), a home-repair programme (housing, not the leaking roof), a sports hall
(its floor is no road), a civil servant idling in office hours (the inspectorate, not
the office they work in), livestock let loose, a hoax or the public Wi-Fi."""

from __future__ import annotations

import re

from .normalize import rx as _rx

_ANIMAL = r"(kucing|anjing|burung|monyet|kera|kambing|ayam|musang|hewan|binatang)\w*"

OPD_WORDS: list[tuple[str, re.Pattern[str]]] = [
    # "kucing naik pohon tidak bisa turun", "anak anjing masuk got tidak bisa keluar"
    ("DPKP", _rx(r"\b" + _ANIMAL + r"\b.{0,50}\b(tidak bisa (turun|keluar|naik)|"
                 r"terjebak|kejebak|terjepit|nyangkut|tersangkut|terperosok|"
                 r"(jatuh|tercebur|masuk) (ke )?(dalam )?(sumur|got|saluran|selokan))")),
    ("DPRKPP", _rx(r"\b(bedah rumah|rehab(ilitasi)? rumah|perbaikan rumah tidak layak|"
                   r"rumah (tidak|gak|nggak) layak)")),
    ("DISBUDPORAPAR", _rx(r"\b(gor|gelanggang olahraga|stadion|sport ?center)\b")),
    # "pegawai kecamatan jam kerja malah ngopi", "PNS bolos main game di kantor"
    ("INSPEKTORAT", _rx(r"\b(pegawai|petugas|pns|asn|staf|staff|karyawan)\b.{0,60}"
                        r"\b(jam (kerja|dinas|kantor)|bolos|keluyuran|main (game|hp|kartu)|"
                        r"ngopi|tidur) .{0,40}\b(jam (kerja|dinas|kantor)|loket|pelayanan|"
                        r"kosong|ditinggal|dibiarkan|warga (menunggu|antre|antri))")),
    # an officer asking money to speed a service: "staf minta duit supaya berkas diproses",
    # "uang pelicin biar surat cepat keluar" (the inspectorate, not the service's unit)
    ("INSPEKTORAT", _rx(r"\b(pegawai|petugas|pns|asn|staf|staff|oknum|lurah|camat|loket)\w*\b"
                        r".{0,40}\b(minta|meminta|narik|menarik|patok|mematok)\w* (uang|duit|"
                        r"biaya|imbalan)\b.{0,90}\b(biar|supaya|agar) (\w+ ){0,3}(cepat|lancar|"
                        r"diproses|diurus|jadi|keluar|selesai)\b|\buang pelicin\b")),
    # bullying at school is the child-protection unit's, not the school's
    ("DP3APPKB", _rx(r"\b(bully\w*|dibully|dibuli|membully|perundungan|dirundung|dipalak)\b"
                     r".{0,40}\b(kakak kelas|teman (sekelas|sekolah|kelas)|senior)\w*|"
                     r"\b(perundungan|bullying)\b")),
    # a person with a mental illness in the street, whoever they trouble ("meresahkan
    # pedagang" is no matter of public order)
    ("DINSOS", _rx(r"\b(odgj|orang gila|(orang )?(dengan )?gangguan jiwa)\b")),
    ("DKPP", _rx(r"\b(kambing|sapi|domba|ayam|bebek|babi|ternak)\w*\b.{0,40}"
                 r"\b(dilepas|lepas|berkeliaran|makan tanaman|memakan|kotoran)")),
    ("DISKOMINFO", _rx(r"\b(hoax|hoaks|berita bohong|wifi|wi-fi)\b")),
    # a bridge's own structure worn out, whoever might fall from it into the river (roads
    # and bridges, not the rescue service): "pagar jembatan karatan", "jembatan berlubang"
    ("DSDABM", _rx(r"\b(jembatan|jpo)\w*\b.{0,40}\b(pegangan\w*|pagar\w*|railing|papan\w*|"
                   r"lantai\w*|keropos|karatan|berkarat|retak|ambles|berlubang|bolong|copot|"
                   r"lapuk|goyang)|\b(pegangan|pagar|railing|lantai|tiang)\w* jembatan\b")),
]  # fmt: skip
