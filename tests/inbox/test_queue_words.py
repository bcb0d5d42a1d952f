"""What the queue and the ticket page say about a ticket's unit and why it was closed:
words, never the codes stored on the ticket."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from aduan.extensions import db
from inbox import labels
from tests import factories
from tests.inbox.helpers import login, make_user
from ticketing import feedback
from ticketing.models import Opd, utcnow

ROOT = Path(__file__).resolve().parents[2]


def _row(html: str, number: str) -> str:
    return html.split(f'data-number="{number}"')[1].split("</tr>")[0]


def test_a_row_names_its_kelurahan_as_the_unit_filter_does(client, app):
    """A ticket routed to a kelurahan read "KEL-3578061006" in the queue's unit column,
    while the unit filter above it (and the ticket page) name it."""
    unit = db.session.execute(select(Opd).where(Opd.region_code.is_not(None))).scalars().first()
    area = factories.ticket(created=utcnow(), opd=unit.code)
    office = factories.ticket(created=utcnow(), opd="DLH")
    db.session.commit()
    login(client, make_user())
    html = client.get("/inbox?view=open").get_data(as_text=True)
    assert f"<td>{unit.name}</td>" in _row(html, area.number)
    assert unit.code not in _row(html, area.number).replace(f'"{area.number}"', "")
    assert "<td>DLH</td>" in _row(html, office.number)  # an OPD keeps its short code


def test_a_ticket_closed_for_want_of_an_answer_says_so_in_words(client, app):
    """The clock closes resolved tickets nobody answered with close_reason "no_reply":
    the ticket page showed "(no_reply)" on most closed tickets of a real desk."""
    now = utcnow()
    item = factories.ticket(created=now - timedelta(days=30), status="resolved")
    item.resolved_at = now - timedelta(days=20)
    db.session.commit()
    assert feedback.close_silent(now) == 1
    login(client, make_user())
    html = client.get(f"/tickets/{item.number}").get_data(as_text=True)
    assert "no_reply" not in html
    assert str(labels.CLOSE_REASONS["no_reply"]) in html


def test_every_close_reason_the_code_writes_has_words():
    """Whatever module closes a ticket, its reason is listed in labels.CLOSE_REASONS
    (the reasons are written as literals: `close_reason="no_reply"` in an UPDATE,
    `ticket.close_reason = "rated" if ... else "confirmed"`, a tuple assignment)."""
    keyword = re.compile(r'close_reason="(\w+)"')
    assigned = re.compile(r"\.close_reason = (.+)$", re.MULTILINE)
    written = set()
    for path in [*ROOT.glob("ticketing/**/*.py"), *ROOT.glob("sla/**/*.py")]:
        source = path.read_text()
        written.update(keyword.findall(source))
        for right in assigned.findall(source):
            written.update(re.findall(r'"(\w+)"', right))
    assert {"no_reply", "rated", "confirmed", "bukan_wewenang", "not_complaint"} <= written
    assert written <= set(labels.CLOSE_REASONS), written - set(labels.CLOSE_REASONS)


def test_the_timeline_names_the_kecamatan_or_kelurahan_a_ticket_was_routed_to(client, app):
    """The ticket page's timeline read "→ KEC-357801" for a route to a kecamatan."""
    from ticketing import actions

    unit = db.session.execute(select(Opd).where(Opd.region_code.is_not(None))).scalars().first()
    item = factories.ticket(created=utcnow(), status="triage", opd=None)
    user = make_user()
    actions.route(item, actions.Actor.agent(user), unit.code)
    db.session.commit()
    login(client, user)
    html = client.get(f"/tickets/{item.number}").get_data(as_text=True)
    timeline = html[html.index('class="event"') :]
    assert f"→ {unit.name}" in timeline and f"→ {unit.code}" not in timeline


def test_the_channel_filter_offers_every_channel_a_ticket_can_come_in_on(client, app):
    """X DMs, the web form and Open311 make tickets too; the menu had no way to pick them."""
    dm = factories.ticket(created=utcnow(), channel="x_dm")
    factories.ticket(created=utcnow(), channel="x")
    db.session.commit()
    login(client, make_user())
    html = client.get("/inbox?channel=x_dm").get_data(as_text=True)
    assert '<option value="x_dm" selected>X (pesan langsung)</option>' in html
    assert '<option value="web">Formulir web</option>' in html
    assert '<option value="open311">Open311</option>' in html
    numbers = re.findall(r'data-number="([^"]+)"', html)
    assert numbers == [dm.number]
