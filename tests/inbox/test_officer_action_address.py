"""The address of an officer's action opened again (a reload or a restored tab after a
refused photo left /o/<token>/resolve in the address bar, or the "kirim tautan baru" page
at /o/<token>/refresh): it answered the staff 405 page, "Gunakan tombol di halaman" with a
link to the inbox, which an officer cannot open. It leads back to the ticket's page."""

from __future__ import annotations

import pytest

from tests.inbox.helpers import routed_link


@pytest.fixture
def token(app):
    return routed_link()[1]


@pytest.mark.parametrize("action", ["resolve", "progress", "refresh", "accept"])
def test_opening_an_action_address_leads_to_the_ticket_page(client, token, action):
    resp = client.get(f"/o/{token}/{action}")
    assert resp.status_code == 303
    assert resp.headers["Location"].endswith(f"/o/{token}")
    page = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert "kotak masuk" not in page


def test_a_bad_link_with_an_action_still_says_the_link_is_not_valid(client, token):
    resp = client.get(f"/o/{token[:-3]}abc/resolve", follow_redirects=True)
    assert resp.status_code == 404
    assert "Tautan tidak valid" in resp.get_data(as_text=True)
