"""ticketing.privacy: personal data as Surabaya writes it, and what is not personal."""

from __future__ import annotations

import time

import pytest

from ticketing.privacy import find_personal_data, redact
from ticketing.texts import TEXTS

FLAGGED = {
    "hubungi saya 0812-3456-7890": ["phone"],
    "wa +62 812 3456 7890": ["phone"],
    "wa 6281234567890 ya": ["phone"],
    "telp (031) 531 2144": ["phone"],
    "0812.3456.7890": ["phone"],
    "08123456789": ["phone"],
    "NIK saya 3578012345670001": ["nik"],
    "nik 3578 0123 4567 0001": ["nik"],
    "email budi.s@gmail.com": ["email"],
    "rumah saya di Jl. Kenjeran No. 45 kebanjiran": ["address"],
    "Jl. Raya Darmo 12 ada pohon tumbang": ["address"],
    "Perum Griya Asri blok C-12": ["address"],
    "alamat: Kenjeran 45": ["address"],
    "RT 03/RW 05 Kelurahan Gubeng": ["rt_rw"],
    "rt.3 rw.5": ["rt_rw"],
    "RT/RW 003/005": ["rt_rw"],
    "Jl. Kenjeran No. 45 RT 03/RW 05, hp 0812-3456-7890, NIK 3578012345670001": [
        "nik",
        "phone",
        "address",
        "rt_rw",
    ],
}
CLEAN = [
    "lampu PJU di Jl. Rungkut Madya mati sudah 3 hari",
    "jalan berlubang besar di depan SDN Ketabang 1, bahaya buat motor",
    "cek MC-2026-000123 ya min",
    "registrasi PPID-2026-00012",
    "jam 08.30 - 10.00 tanggal 05-06-2026 banjir 30 cm",
    "Rp 1.500.000 hilang",
    "tahun 2025 sudah lapor",
    "RT @warga: banjir lagi",
    "rumah saya kebanjiran sudah 3 hari",
    "telepon 112 sekarang",
]


@pytest.mark.parametrize(("text", "kinds"), FLAGGED.items())
def test_personal_data_is_found(text, kinds):
    assert find_personal_data(text) == kinds


@pytest.mark.parametrize("text", CLEAN)
def test_places_numbers_and_ticket_numbers_are_not_personal(text):
    assert find_personal_data(text) == []


def test_every_public_x_text_is_clean_with_real_values():
    values = {"number": "MC-2026-000123", "time": "14.05 WIB", "seq": 3}
    for key, entry in TEXTS.items():
        if key.startswith("x_public"):
            for text in entry.values():
                assert find_personal_data(text.format(**values)) == [], key


@pytest.mark.parametrize("word", ["a", "1", "a.", "a@", "a@b."])
def test_a_long_note_is_read_in_linear_time(word):
    # An officer's progress note of one 200 000-letter word held the public map and
    # tracking pages for minutes (the e-mail pattern was tried at every letter).
    started = time.monotonic()
    redact(word * (200_000 // len(word)), ["Budi"])
    assert time.monotonic() - started < 5


def test_emails_are_still_found_after_any_character_but_a_local_part_one():
    assert redact("kirim ke budi.s+1@mail.co.id, (cc:a@b.com)") == "kirim ke [email], (cc:[email])"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("lampu jalan mati di depan rumah saya Jl. Kenjeran No. 12", "lampu jalan mati"),
        ("gang buntu, jalan rusak, rumah saya gg. Lebar no 7a", "jalan rusak"),
    ],
)
def test_only_the_home_address_is_masked_not_the_problem_before_it(text, shown):
    masked = redact(text)
    assert shown in masked and "[alamat]" in masked
    assert "12" not in masked and "7a" not in masked and "Lebar" not in masked
