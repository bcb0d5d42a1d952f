"""Automatic texts that may go by SMS stay within two GSM-7 segments: every catalogue
text (and the "not ours" replies) is checked with realistic values, and the SMS rules
shorten what a template filled with free text would make too long."""

from __future__ import annotations

import string

import pytest

from channels.gsm import is_gsm7, sms_segments
from ticketing.delivery.sms import fit_sms, gsm_text
from ticketing.routing import EXTERNAL_BODIES, reply_for
from ticketing.texts import TEXTS

# Long but realistic values for every placeholder in the catalogue.
VALUES = {
    "number": "MC-2026-000123",
    "registration": "PPID-2026-000123",
    "opd": "Dinas Sumber Daya Air dan Bina Marga",
    "due": "Senin, 12 Januari 2026 pukul 16.00 WIB",
    "updated": "Senin, 12 Januari 2026 pukul 16.00 WIB",
    "status": "sedang diperiksa petugas Media Center",
    "time": "12 Jan 2026 16.00 WIB",
    "type": "kebakaran",
    "location": "Jl. Kapasari gang 3",
    "channel": "WhatsApp",
    "clock": "tanggapan pertama",
    "year": "2026",
    "serial": "123",
}
# Placeholders a person fills (an officer's note, an agent's question...): unbounded.
FREE_TEXT = {"text", "note", "question", "summary", "reason", "url"}
FREE_SAMPLE = (
    "Petugas sudah meninjau lokasi bersama lurah dan ketua RT; perbaikan saluran dijadwalkan "
    "minggu depan setelah material datang dari gudang dinas."
)


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


CATALOGUE = [(key, locale) for key, entry in TEXTS.items() for locale in entry]


@pytest.mark.parametrize(("key", "locale"), CATALOGUE)
def test_every_catalogue_text_is_gsm7_and_fits_two_segments(key, locale):
    template = TEXTS[key][locale]
    names = placeholders(template)
    values = {name: VALUES.get(name, "x") for name in names}
    if names & FREE_TEXT:
        values |= {name: FREE_SAMPLE for name in names & FREE_TEXT}
        values["url"] = "https://aduan.example.org/o/Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA"
        text = fit_sms(template.format(**values), VALUES["number"], keep_tail=True)
        assert sms_segments(text) <= 2, (key, locale, text)
        if " | " in template and template.rstrip().endswith("{url}"):
            assert text.endswith(values["url"]), "an officer's link must survive shortening"
    else:
        text = template.format(**values)
        assert sms_segments(text) <= 2, (key, locale, len(text))
    assert is_gsm7(text), (key, locale)


@pytest.mark.parametrize("body", sorted(EXTERNAL_BODIES))
def test_not_our_business_replies_go_by_sms_in_two_segments_naming_who_handles_it(body):
    for locale in ("id", "en"):
        text = fit_sms(reply_for(body, locale))  # as sms_message() sends it (closed ticket)
        assert is_gsm7(text) and sms_segments(text) <= 2, (body, locale, len(text))
        assert EXTERNAL_BODIES[body].label(locale).split(" (")[0] in text


def test_a_long_text_is_cut_at_a_word_and_points_to_the_status_check():
    text = fit_sms(FREE_SAMPLE * 4, "MC-2026-000123")
    assert sms_segments(text) == 2 and text.endswith("... Cek status: balas cek MC-2026-000123")
    assert "  " not in text


def test_characters_that_force_ucs2_are_replaced_or_dropped():
    text = gsm_text("Jalan “Raya” Darmo – lampu mati… sudah 3 hari 🙏 ça")
    assert is_gsm7(text) and text == 'Jalan "Raya" Darmo - lampu mati... sudah 3 hari  ca'
