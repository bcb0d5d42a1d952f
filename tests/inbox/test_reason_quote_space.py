"""An emergency keyword cut at 60 characters could end in a space, and the ticket page
quoted it so: 'kata kunci “banjir sudah setinggi dada di jalan kali rungkut, ada nenek ”'.
The cut keeps no trailing space, and a reason stored before reads without it too."""

from __future__ import annotations

from flask_babel import force_locale

from inbox.reasons import reason
from ticketing.routing.emergency import match

FLOOD = "TOLONG banjir sudah setinggi dada di Jl. Kali Rungkut, ada nenek terjebak di rumah!"


def test_a_cut_keyword_is_quoted_without_a_trailing_space(app):
    found, _ = match(FLOOD)
    assert found is not None and found.label == "flood"
    assert found.keyword == found.keyword.strip()
    stored = (
        "rule: emergency keyword 'banjir sudah setinggi dada di jalan kali rungkut, ada nenek '"
        " (flood, cue 'nenek terjebak')"
    )
    for text in (found.reason, stored):
        with app.test_request_context(), force_locale("id"):
            shown = reason(text)
        assert "ada nenek\u201d (banjir)" in shown, shown
        assert " \u201d" not in shown
