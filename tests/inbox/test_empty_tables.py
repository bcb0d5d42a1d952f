"""An empty table says so in words: a newcomer seeing only column headings cannot tell
"nothing yet" from "not loaded"."""

from __future__ import annotations

from tests.inbox.helpers import login, make_user


def test_the_api_page_says_there_are_no_tokens_hooks_or_calls_yet(app, client):
    login(client, make_user("admin"))
    page = client.get("/admin/api/").get_data(as_text=True)
    assert "Belum ada token API." in page
    assert "Belum ada webhook mitra." in page
    assert "Belum ada panggilan API." in page


def test_a_drill_down_without_tickets_says_so(app, client):
    login(client, make_user("supervisor"))
    page = client.get("/reports/tickets?dim=opd&key=DSDABM&metric=tickets")
    assert page.status_code == 200
    assert "Tidak ada laporan pada periode dan saringan ini." in page.get_data(as_text=True)
