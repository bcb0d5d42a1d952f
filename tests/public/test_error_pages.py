"""A citizen's error page (an unknown address, too many reports) keeps the public frame
and leads back to the report form, not to the staff inbox's login."""

from __future__ import annotations


def test_a_public_404_keeps_the_citizens_frame(client):
    response = client.get("/lapor/terkirim/not-a-token")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Halaman tidak ditemukan" in html
    assert 'href="/lapor">Kembali ke formulir laporan</a>' in html
    assert 'href="/lacak">Lacak laporan</a>' in html
    assert "kotak masuk" not in html and "/login" not in html


def test_a_staff_404_still_leads_to_the_inbox(client):
    html = client.get("/tickets/MC-2026-999999").get_data(as_text=True)
    assert "formulir laporan" not in html
