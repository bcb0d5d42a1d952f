"""ticketing.privacy: personal data as Surabaya writes it, and what is not personal."""

from __future__ import annotations

import re
import time

import pytest

from ticketing.privacy import MASKS, find_personal_data, redact
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


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # A number copied from a phone's contact card: iOS writes non-breaking hyphens
        # (U+2011), others an en dash or a soft hyphen.
        ("hubungi +62 812\u20113456\u20117890 ya", "phone"),
        ("hubungi 0812\u20133456\u20137890 ya", "phone"),
        ("hubungi 0812\u00ad3456\u00ad7890 ya", "phone"),
        # Invisible characters (zero-width space, word joiner, byte-order mark, a
        # left-to-right mark) that the screen does not show between the digits.
        ("hubungi 0812\u200b3456\u200b7890 ya", "phone"),
        ("wa +62812\u20603456\u20607890", "phone"),
        ("hp \ufeff0812 3456 7890\u200e", "phone"),
        ("NIK 3578\u200b0123\u200b4567\u200b0001", "nik"),
        # Full-width digits and signs (a CJK or full-width keyboard).
        (
            "hubungi \uff10\uff18\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19\uff10",
            "phone",
        ),
        ("email budi\uff20gmail.com", "email"),
    ],
)
def test_personal_data_written_with_lookalike_or_invisible_characters_is_masked(text, kind):
    # The public pages show the citizen's words through redact(): a number that reads
    # the same on screen must be masked the same way.
    assert kind in find_personal_data(text)
    masked = redact(text)
    assert re.sub(r"\D", "", masked) == "", masked
    assert MASKS[kind] in masked


def test_masking_lookalikes_keeps_the_rest_of_the_text_as_written():
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # one emoji, joined by ZWJ
    text = f"jalan rusak \u2014 parah {family} hub 0812\u20113456\u20117890"
    assert redact(text) == f"jalan rusak \u2014 parah {family} hub [telepon]"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("hubungi HP.081234567890", "phone"),
        ("Telp.031-5312144 (kantor)", "phone"),
        ("no.hp.0812 3456 7890", "phone"),
        ("Telp.(031) 531 2144", "phone"),
        ("NIK.3578012345670001", "nik"),
    ],
)
def test_a_number_right_after_an_abbreviations_full_stop_is_masked(text, kind):
    # "HP.0812...", "Telp.031-...": how Indonesian forms and signatures write them.
    assert kind in find_personal_data(text)
    assert re.sub(r"\D", "", redact(text)) == ""


@pytest.mark.parametrize(
    "text", ["Rp 1.081.234.567 hilang", "tanggal 05.06.2026", "skor 3.0812345678"]
)
def test_a_number_after_a_digits_full_stop_is_still_not_a_phone(text):
    assert find_personal_data(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "hubungi saya di 0812/9999/8888",
        "hubungi saya di 0812_9999_8888",
        "hubungi saya di 0 8 1 2 9 9 9 9 8 8 8 8",
        "telp (031) / 531 2144",
        # Arabic-Indic digits (an Arabic keyboard): the same number on screen
        "hubungi \u0660\u0668\u0661\u0662\u0669\u0669\u0669\u0669\u0668\u0668\u0668\u0668",
        "hubungi \u06f0\u06f8\u06f1\u06f2\u06f9\u06f9\u06f9\u06f9\u06f8\u06f8\u06f8\u06f8",
    ],
)
def test_a_number_written_with_slashes_underscores_or_spaced_digits_is_masked(text):
    # /lacak and /peta published "0812/9999/8888", "0812_9999_8888" and Arabic-Indic
    # digits as written, and the last two of "0 8 1 2 9 9 9 9 8 8 8 8"
    assert "phone" in find_personal_data(text)
    assert re.sub(r"\D", "", redact(text)) == "", redact(text)


@pytest.mark.parametrize(
    "text", ["tanggal 05/06/2026 banjir", "RT 03/RW 05", "nomor_rumah 12", "skor 1 0 2"]
)
def test_dates_and_slashed_neighbourhoods_are_still_not_phones(text):
    assert "phone" not in find_personal_data(text)
