"""The directory history says what changed in words: "petugas boleh memindahkan
laporan: tidak → ya", not "transfer_allowed: False → True"."""

from __future__ import annotations

from tests.inbox.helpers import csrf, login, make_user


def test_an_opd_change_reads_in_words(client, app):
    login(client, make_user("admin"))
    page = client.get("/admin/opd/DISHUB").get_data(as_text=True)
    form = {"csrf_token": csrf(page), "name": "Dinas Perhubungan", "active": "1"}
    form.update(transfer_allowed="1", remit="Lalu lintas, PJU", keywords="pju, lampu jalan")
    client.post("/admin/opd/DISHUB", data=form)
    for url in ("/admin/opd/DISHUB", "/admin/history"):
        html = client.get(url).get_data(as_text=True)
        assert "petugas boleh memindahkan laporan: tidak → ya" in html, url
        assert "transfer_allowed:" not in html and "False" not in html, url
    assert "<td>unit DISHUB</td>" in client.get("/admin/history").get_data(as_text=True)


def test_an_officer_change_names_role_and_channel(client, app):
    from inbox import labels

    with app.test_request_context():
        assert labels.change("role", "head") == "kepala"
        assert labels.change("channel", "whatsapp") == "WhatsApp"
        assert labels.change("address", None) == "-"
        assert labels.change("name", "Andi") == "Andi"


def test_the_history_names_who_changed_what_not_their_ids(client, app):
    """The history read "#3 · petugas 62": ids an admin cannot look up anywhere."""
    admin = make_user("admin")
    login(client, admin)
    page = client.get("/admin/opd/DISHUB").get_data(as_text=True)
    form = {"csrf_token": csrf(page), "opd_code": "DISHUB", "role": "officer"}
    form.update(name="Bu Ani", channel="telegram", address="777001")
    client.post("/admin/officers", data=form)
    form = {"csrf_token": csrf(page), "name": "Dinas Perhubungan Kota", "active": "1"}
    client.post("/admin/opd/DISHUB", data=form)

    html = client.get("/admin/history").get_data(as_text=True)
    assert "<td>petugas Bu Ani</td>" in html
    assert f"<td>{admin.name}</td>" in html and f"#{admin.id}" not in html
    html = client.get("/admin/opd/DISHUB").get_data(as_text=True)
    assert f"{admin.name} ·" in html and f"pengguna #{admin.id}" not in html
