"""The bulk bar's "Teruskan" with no unit typed, or "Gabungkan" with no parent number,
answered once per chosen ticket that the unit was unknown or the parent not found
("Tidak diproses: MC-...: Unit tidak dikenal; MC-...: Unit tidak dikenal; ..."), as if
what the agent typed was wrong. It now asks for the missing field once."""

from __future__ import annotations

import pytest

from aduan.extensions import db
from tests import factories
from tests.inbox.helpers import csrf, login, make_user
from ticketing.models import utcnow


@pytest.mark.parametrize(
    ("action", "field", "asked", "wrong"),
    [
        ("route", "opd", "Isi unit tujuan untuk meneruskan laporan.", "Unit tidak dikenal"),
        (
            "merge",
            "parent",
            "Isi nomor laporan induk untuk menggabungkan laporan.",
            "Laporan induk tidak ditemukan",
        ),
    ],
)
def test_a_bulk_action_without_its_field_asks_for_it_once(client, app, action, field, asked, wrong):
    now = utcnow()
    a = factories.ticket(status="triage", opd=None, created=now)
    b = factories.ticket(status="triage", opd=None, created=now)
    db.session.commit()
    login(client, make_user())
    token = csrf(client.get("/inbox").get_data(as_text=True))
    html = client.post(
        "/inbox/bulk",
        data={"action": action, field: "  ", "ticket": [a.number, b.number], "csrf_token": token},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert html.count(asked) == 1
    assert wrong not in html and "Tidak diproses" not in html
    db.session.expire_all()
    assert (a.status, a.opd_code, a.incident_id) == ("triage", None, None)
    assert (b.status, b.opd_code, b.incident_id) == ("triage", None, None)
