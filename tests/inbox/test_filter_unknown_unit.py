"""An inbox address filtered by a unit the menu does not list (a unit since deactivated,
whose tickets still carry its code, or a code typed by hand): the list and the tab counts
were filtered by it while the menu read "Semua unit", so an empty list looked like an
empty inbox. The menu now shows the unit the list is filtered by."""

from __future__ import annotations

import re

from aduan.extensions import db
from tests import factories
from tests.inbox.helpers import login, make_user
from ticketing.models import utcnow


def _chosen(html: str) -> list[str]:
    menu = re.search(r'<select name="opd".*?</select>', html, re.S)
    assert menu, "no unit filter"
    return re.findall(r'<option value="([^"]*)" selected>', menu.group(0))


def test_the_unit_menu_shows_the_unit_the_list_is_filtered_by(client, app):
    ticket = factories.ticket(opd="DLH", created=utcnow())
    db.session.commit()
    login(client, make_user())
    html = client.get("/inbox?opd=LAMA<b>").get_data(as_text=True)
    assert _chosen(html) == ["LAMA&lt;b&gt;"]
    assert ticket.number not in html
    html = client.get("/inbox?opd=DLH").get_data(as_text=True)
    assert _chosen(html) == ["DLH"] and ticket.number in html
    assert _chosen(client.get("/inbox").get_data(as_text=True)) == []
