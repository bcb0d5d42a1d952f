"""A supervisor is told when a canned reply names a variable the desk does not fill."""

from __future__ import annotations

from tests.inbox.helpers import csrf, login, make_user


def test_an_unknown_variable_in_a_canned_reply_is_pointed_out(client, app):
    """ "{NAMA}" (caps) or "{alamat}" was saved without a word and later reached citizens
    as typed."""
    login(client, make_user("supervisor"))
    token = csrf(client.get("/canned/").get_data(as_text=True))
    body = "Terima kasih {NAMA}, laporan {nomor} di {alamat} kami proses."
    page = client.post(
        "/canned/",
        data={"title": "Salah", "body": body, "csrf_token": token},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Perhatian: {NAMA}, {alamat} bukan variabel" in page and "{batas_waktu}." in page
    good = "Terima kasih {nama}, laporan {nomor} ditangani {unit} sampai {batas_waktu}."
    page = client.post(
        "/canned/",
        data={"title": "Benar", "body": good, "csrf_token": token},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Perhatian" not in page
