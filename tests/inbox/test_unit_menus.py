"""The unit filter menus: OPDs by code, then kecamatan and
kelurahan units, then "Luar kewenangan" last, where agents look for a catch-all."""

from __future__ import annotations

import re

from tests.inbox.helpers import login, make_user


def test_outside_the_remit_is_the_last_unit_of_every_menu(app, client):
    from inbox import units

    with app.test_request_context():
        codes = [code for code, _ in units.unit_choices()]
        assert codes[-1] == "EXTERNAL" and [opd.code for opd in units.opds()][-1] == "EXTERNAL"
        regions = {opd.code: opd.region_code for opd in units.opds()}
        areas = [bool(regions[code]) for code in codes[:-1]]
        assert areas == sorted(areas) and any(areas)  # the OPDs, then the areas
    login(client, make_user())
    page = client.get("/inbox").get_data(as_text=True)
    menu = page[page.index('name="opd"') :]
    values = re.findall(r'<option value="([^"]*)"', menu[: menu.index("</select>")])
    assert values[-1] == "EXTERNAL"
