"""A triage ticket the model thought outside the city's remit ("suami saya hilang pak":
EXTERNAL 82%). The route form said "Saran: EXTERNAL (82%)", a raw code, and preselected
"Luar kewenangan", which routing refuses ("Unit tidak dikenal."): one click on
"Teruskan" by a newcomer ended in an error. The outside remit is a kind (the "Ubah jenis
laporan" form), not a unit to route to: it is named in words and neither listed nor
preselected in the route menu."""

from __future__ import annotations

import re

from aduan.extensions import db
from tests import factories
from tests.inbox.helpers import login, make_user
from ticketing.models import utcnow

SAYS = re.compile(r"Saran:(.*?)</p>", re.S)


def test_outside_the_remit_is_suggested_in_words_and_not_routed_to(app, client):
    ticket = factories.ticket(created=utcnow(), status="triage", opd=None)
    ticket.suggestions = [["EXTERNAL", 0.82], ["DP3APPKB", 0.07], ["DINKES", 0.03]]
    db.session.commit()
    login(client, make_user())
    page = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    said = SAYS.search(page).group(1)
    assert "Luar kewenangan (82%)" in said and "EXTERNAL" not in said
    form = page[page.index('id="route-form"') :]
    menu = form[: form.index("</select>")]
    assert 'value="EXTERNAL"' not in menu  # routing there is refused
    assert '<option value="" selected disabled>' in menu  # the agent chooses


def test_the_bulk_bar_offers_no_outside_unit_to_route_to(app, client):
    """The bulk bar's unit list offered "Luar kewenangan"; picked, every ticket came back
    "Tidak diproses: ...: Unit tidak dikenal"."""
    login(client, make_user())
    page = client.get("/inbox").get_data(as_text=True)
    units = page[page.index('<datalist id="units">') :]
    units = units[: units.index("</datalist>")]
    assert 'value="DLH"' in units and 'value="EXTERNAL"' not in units
