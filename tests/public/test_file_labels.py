"""File inputs say "Pilih foto" in the page's language, not the browser's "Choose
Files" / "No file chosen": the input sits hidden inside a label with its own words
(templates/_file_pick.html), on the report form and the officer's link page."""

from __future__ import annotations

import re

from flask_babel import refresh

from tests.inbox.test_officer_ppid_extend import _routed

PICK = re.compile(
    r'<label class="file-pick">.*?<input type="file" name="(\w+)"[^>]*>\s*'
    r'<span class="file-pick-button">([^<]+)</span>',
    re.S,
)


def _picks(html: str) -> dict[str, str]:
    return dict(PICK.findall(html))


def test_the_report_forms_photo_input_is_labelled_in_indonesian_and_english(client, app):
    html = client.get("/lapor").get_data(as_text=True)
    assert _picks(html) == {"photo": "Pilih foto"}
    assert 'data-none="Belum ada foto dipilih"' in html and "files.js" in html
    with client.session_transaction() as session:
        session["lang"] = "en"
    refresh()  # the test's app context outlives requests and caches the locale
    html = client.get("/lapor").get_data(as_text=True)
    assert _picks(html) == {"photo": "Choose photos"}
    assert 'data-none="No photo chosen"' in html


def test_the_officer_pages_photo_inputs_are_labelled(client, app):
    _ticket, _officer, token = _routed("complaint", "DSDABM")
    html = client.get(f"/o/{token}").get_data(as_text=True)
    picks = PICK.findall(html)
    assert picks and all(words == "Pilih foto" for _name, words in picks)
    assert html.count('type="file"') == len(picks)  # no bare input left
    assert "Foto (opsional)" in html and "files.js" in html
