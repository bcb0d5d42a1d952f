"""A supervisor is told when a canned reply names a variable the desk does not fill."""

from __future__ import annotations

from sqlalchemy import select

from aduan.extensions import db
from tests.inbox.helpers import csrf, login, make_user
from ticketing.models import CannedReply


def _save(client, token: str, title: str, body: str) -> str:
    data = {"title": title, "body": body, "csrf_token": token}
    return client.post("/canned/", data=data, follow_redirects=True).get_data(as_text=True)


def test_an_unknown_variable_in_a_canned_reply_is_pointed_out(client, app):
    """ "{NAMA}" (caps) or "{alamat}" was saved without a word and later reached citizens
    as typed."""
    login(client, make_user("supervisor"))
    token = csrf(client.get("/canned/").get_data(as_text=True))
    body = "Terima kasih {NAMA}, laporan {nomor} di {alamat} kami proses."
    page = _save(client, token, "Salah", body)
    assert "Perhatian: {NAMA}, {alamat} bukan variabel" in page and "{batas_waktu}." in page
    good = "Terima kasih {nama}, laporan {nomor} ditangani {unit} sampai {batas_waktu}."
    page = _save(client, token, "Benar", good)
    assert "Perhatian" not in page


def test_the_canned_reply_boxes_say_their_limit(client, app):
    """A new reply over MAX_BODY was refused after the reload, and the new-reply form came
    back empty: the supervisor lost the text. The boxes carry the limit."""
    from ticketing import canned

    login(client, make_user("supervisor"))
    token = csrf(client.get("/canned/").get_data(as_text=True))
    _save(client, token, "Ada", "Laporan {nomor} kami terima.")
    page = client.get("/canned/").get_data(as_text=True)
    assert page.count(f'maxlength="{canned.MAX_BODY}"') == 2  # the new one and the saved one


def test_two_canned_replies_cannot_share_a_title(client, app):
    """Agents pick a canned reply by its title: three saved as "Sudah dijadwalkan" showed
    as three identical choices. A second reply with a title already taken is refused
    (whatever its case); a reply keeps its own title when edited."""
    login(client, make_user("supervisor"))
    token = csrf(client.get("/canned/").get_data(as_text=True))
    _save(client, token, "Sudah dijadwalkan", "Laporan {nomor} sudah dijadwalkan.")
    page = _save(client, token, "sudah Dijadwalkan ", "Laporan {nomor} dijadwalkan lagi.")
    assert "Sudah ada balasan cepat berjudul “sudah Dijadwalkan”." in page
    (reply,) = db.session.execute(select(CannedReply)).scalars().all()
    data = {"id": reply.id, "title": reply.title, "body": "Diubah {nomor}.", "csrf_token": token}
    page = client.post("/canned/", data=data, follow_redirects=True).get_data(as_text=True)
    assert "Balasan cepat disimpan." in page and "Sudah ada" not in page


def test_the_example_reply_stays_indonesian_for_an_english_supervisor(client, app):
    """Canned replies reach every citizen as written, in Indonesian; the English page's
    example ("E.g. Report {nomor} has been forwarded...") invited an English reply."""
    from flask_babel import refresh

    login(client, make_user("supervisor"))
    client.get("/lang/en")
    refresh()  # the test's app context outlives requests and caches the locale
    page = client.get("/canned/").get_data(as_text=True)
    assert "Canned replies" in page
    assert "In Indonesian, as citizens read it, e.g. Laporan {nomor} sudah diteruskan" in page
    assert "Report {nomor} has been forwarded" not in page
