"""A matter for a kecamatan or kelurahan whose place is unknown waits in triage with the
reason part "kelurahan tidak diketahui dari pesan atau lokasi" (ticketing/triage.py),
written outside the catalogue: it stayed Indonesian on the English ticket page."""

from __future__ import annotations

from flask_babel import force_locale

from inbox.reasons import reason
from tests.ticketing.test_areas import area_complaint


def test_an_unknown_place_is_said_in_the_readers_language(app):
    kelurahan = area_complaint("Pak lurah susah ditemui untuk tanda tangan", "KELURAHAN")
    kecamatan = area_complaint("Pak camat susah ditemui untuk tanda tangan", "KECAMATAN")
    assert kelurahan.status == kecamatan.status == "triage"
    stored = [kelurahan.routing_reason, kecamatan.routing_reason]
    with app.test_request_context(), force_locale("en"):
        english = [reason(text) for text in stored]
    with app.test_request_context(), force_locale("id"):
        indonesian = [reason(text) for text in stored]
    for text in english:
        assert "tidak diketahui" not in text, text
    assert english[0].endswith("; urban village (kelurahan) not known from the message or location")
    assert english[1].endswith("; district (kecamatan) not known from the message or location")
    assert indonesian[0].endswith("; kelurahan tidak diketahui dari pesan atau lokasi")
    assert indonesian[1].endswith("; kecamatan tidak diketahui dari pesan atau lokasi")
