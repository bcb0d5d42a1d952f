"""The route menu's suggestions after an OPD returned the ticket ("bukan kewenangan
kami"): the classifier was sure of the unit that returned it, so the others' scores
are slivers. They read "<1%" (the classifier has no real idea), not "0%", and are not
blown up into shares of what is left (0.006 % shown as "60%" is a confidence nobody had)."""

from __future__ import annotations

import re

from aduan.extensions import db
from tests import factories
from tests.inbox.helpers import login, make_user
from ticketing import actions
from ticketing.models import utcnow

SAYS = re.compile(r"Saran:(.*?)</p>", re.S)


def _returned(client, suggestions: list[list]) -> str:
    dlh = factories.officer("Dewi", opd="DLH")
    ticket = factories.ticket(created=utcnow(), opd="DLH")
    ticket.suggestions = suggestions
    actions.reject(ticket, actions.Actor.officer(dlh, None), "Bukan urusan DLH")
    db.session.commit()
    login(client, make_user())
    return client.get(f"/tickets/{ticket.number}").get_data(as_text=True)


def test_slivers_left_beside_the_returning_unit_read_below_one_percent(app, client):
    page = _returned(client, [["DLH", 0.9999], ["DSDABM", 0.00006], ["DISHUB", 0.00003]])
    said = SAYS.search(page).group(1)
    assert "DLH" not in said and "(0%)" not in said
    assert "DSDABM (&lt;1%)" in said and "DISHUB (&lt;1%)" in said
    assert 'id="route-refused"' in page  # the unit that returned it is named apart
    # a guess the agent makes: no unit is preselected from such scores
    assert '<option value="" selected disabled>' in page


def test_real_scores_are_shown_as_they_are(app, client):
    page = _returned(client, [["DISHUB", 0.68], ["DLH", 0.3], ["DSDABM", 0.02]])
    said = SAYS.search(page).group(1)
    assert "DISHUB (68%)" in said and "DSDABM (2%)" in said and "DLH" not in said
