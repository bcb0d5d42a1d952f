"""The "Kejadian yang sama" card on a ticket says what was looked for."""

from __future__ import annotations

from aduan.extensions import db
from sla import clocks
from tests import factories
from tests.inbox.helpers import login, make_user
from ticketing.models import utcnow


def _ticket(**kwargs):
    item = factories.ticket(created=utcnow(), **kwargs)
    clocks.start(item, item.created_at)
    db.session.commit()
    return item


def test_a_triage_ticket_does_not_claim_there_is_no_similar_ticket(client, app):
    """Ten identical "pohon rawan tumbang" reports in triage each said "Tidak ada laporan
    serupa.": similar tickets are only looked for within a unit, and triage has none."""
    waiting = _ticket(status="triage", opd=None)
    routed = _ticket(status="routed", opd="DLH")
    login(client, make_user())
    html = client.get(f"/tickets/{waiting.number}").get_data(as_text=True)
    assert "Tidak ada laporan serupa." not in html
    assert "setelah laporan ini diteruskan ke unit" in html
    html = client.get(f"/tickets/{routed.number}").get_data(as_text=True)
    assert "Tidak ada laporan serupa." in html
    assert "setelah laporan ini diteruskan ke unit" not in html
