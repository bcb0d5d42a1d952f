"""Saving an OPD's own resolution target said "Kebijakan Penyelesaian pengaduan versi 1
berlaku untuk laporan baru.", the words of the city-wide policy (also at version 1): the
admin could not tell which one changed or that it holds for that unit's reports only."""

from __future__ import annotations

from tests.inbox.test_admin import admin_client, policy_form


def test_saving_an_opd_target_names_the_unit(client, app):
    admin_client(client)
    form = {
        **policy_form(client),
        "key": "resolution",
        "opd_code": "DSDABM",
        "amount": "2",
        "unit": "working_days",
        "calendar": "working",
    }
    page = client.post("/admin/sla/policies", data=form, follow_redirects=True).text
    said = (
        "Kebijakan Penyelesaian pengaduan untuk DSDABM versi 1 berlaku untuk laporan baru unit itu"
    )
    assert said in page
