"""The Media Center's holding reply stays visible without passing for the OPD's answer:
the inbox row and the ticket page say the desk replied and the OPD is still awaited,
counting down to the OPD's deadline, instead of "sudah ditanggapi"."""

from __future__ import annotations

from aduan import timefmt
from aduan.extensions import db
from sla import clocks
from tests import factories
from tests.inbox.helpers import login, make_user
from ticketing import actions
from ticketing.models import utcnow


def test_a_routed_ticket_with_a_desk_reply_says_the_opd_is_still_awaited(client, app):
    now = utcnow()
    ticket = factories.ticket(created=now)
    clocks.start(ticket, now)
    agent = make_user("agent", email="agen-baris@example.org")
    actions.reply(ticket, actions.Actor.agent(agent), "Sudah kami teruskan ke DSDABM.")
    db.session.commit()
    login(client, agent)
    listed = client.get("/inbox").get_data(as_text=True)
    row = listed.split(f'data-number="{ticket.number}"')[1].split("</tr>")[0]
    assert "dibalas Media Center · menunggu OPD, sisa" in row
    assert "ditanggapi" not in row
    page = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    assert "Dibalas Media Center" in page and "menunggu tanggapan OPD" in page
    label = page.split("data-due>")[0].rsplit("<dt>", 1)[1]
    assert label.startswith("Batas tanggapan")
    assert timefmt.human(clocks.get(ticket, "first_response").due_at) in page
