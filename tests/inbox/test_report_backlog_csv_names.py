"""The backlog CSV ("CSV tunggakan") per officer or per agent gave only their database
ids ("1", "5") and an empty key for the triage row; the summary CSV and the XLSX name
them. It has the label column too."""

from __future__ import annotations

import csv
import io

from aduan.extensions import db
from sla import clocks
from tests import factories
from tests.inbox.helpers import login, make_user
from ticketing import actions
from ticketing.models import utcnow


def test_the_backlog_csv_per_officer_names_the_officer(client, app):
    now = utcnow()
    officer = factories.officer("Andi Wijaya", opd="DSDABM")
    ticket = factories.ticket(status="triage", opd=None, created=now)
    clocks.start(ticket, now)
    actions.route(ticket, actions.Actor("agent", None, "Agen"), "DSDABM")
    actions.accept(ticket, actions.Actor.officer(officer, None))
    triage = factories.ticket(status="triage", opd=None, created=now)
    clocks.start(triage, now)
    db.session.commit()
    login(client, make_user("supervisor", email="spv-backlog@example.org"))
    text = client.get("/reports/export.csv?dim=officer&table=backlog").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert text.splitlines()[0] == "key,label,open,waiting,lt1,1to3,3to5,5to10,gt10"
    named = {row["key"]: row["label"] for row in rows}
    assert "Andi Wijaya" in named[str(officer.id)]
    assert named[""] and named[""] != "-"
