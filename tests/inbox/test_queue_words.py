"""What the queue says about a ticket's unit: words, never the code stored on the ticket."""

from __future__ import annotations

from sqlalchemy import select

from aduan.extensions import db
from tests import factories
from tests.inbox.helpers import login, make_user
from ticketing.models import Opd, utcnow


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
