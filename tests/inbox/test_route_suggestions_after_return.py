"""The route menu's suggestions after an OPD returned the ticket ("bukan kewenangan
kami"): the classifier was sure of the unit that returned it, so the others' stored
scores are tiny shares of the whole ("DSDABM (0%), DISHUB (0%)"). Once that unit is
ruled out, each other unit is shown with its score among the units still possible."""

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


def test_the_other_units_keep_their_scores_after_a_return(app, client):
    page = _returned(client, [["DLH", 0.9999], ["DSDABM", 0.00006], ["DISHUB", 0.00003]])
    said = SAYS.search(page).group(1)
    assert "DLH" not in said and "(0%)" not in said
    assert "DSDABM (60%)" in said and "DISHUB (30%)" in said
    assert 'id="route-refused"' in page  # the unit that returned it is named apart
    # still a guess the agent confirms: no unit is preselected from such scores
    assert '<option value="" selected disabled>' in page


def test_a_unit_not_among_the_suggestions_changes_no_score(app, client):
    page = _returned(client, [["DSDABM", 0.7], ["DISHUB", 0.2], ["DPRKPP", 0.1]])
    said = SAYS.search(page).group(1)
    assert "DSDABM (70%)" in said and "DISHUB (20%)" in said and "DPRKPP (10%)" in said
