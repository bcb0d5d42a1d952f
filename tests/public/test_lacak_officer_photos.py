"""/lacak names an officer's photo by when it was sent: a progress photo is not the
result of the handling ("Foto hasil penanganan" is the resolution's)."""

from __future__ import annotations

import io
import re

from aduan.extensions import db
from sla import clocks
from tests import factories
from tests.inbox.helpers import form_fields, link_tokens
from ticketing import actions, publication
from ticketing.models import utcnow

PROGRESS = "Foto perkembangan penanganan"
RESULT = "Foto hasil penanganan"


def _send(client, token, action, field, text, colour):
    page = client.get(f"/o/{token}").get_data(as_text=True)
    data = {
        **form_fields(page),
        field: text,
        "photos": (io.BytesIO(factories.png(colour=colour)), "bukti.png"),
        "photos_public": "1",
    }
    client.post(f"/o/{token}/{action}", data=data, content_type="multipart/form-data")


def _sections(html: str) -> dict[str, list[str]]:
    """{heading: the photo ids under it} for the officers' photo sections."""
    found = {}
    for heading in (PROGRESS, RESULT):
        part = re.search(rf"<h2>{heading}</h2>\n(.*)", html)
        found[heading] = re.findall(r"/foto/(\d+)", part.group(1)) if part else []
    return found


def test_a_progress_photo_is_named_as_progress_and_the_resolution_photo_as_result(client, app):
    officer = factories.officer("Andi", opd="DSDABM")
    ticket = factories.ticket(status="triage", opd=None, created=utcnow())
    clocks.start(ticket, utcnow())
    actions.route(ticket, actions.Actor("agent", None, "Agen"), "DSDABM")
    db.session.commit()
    assert publication.is_listed(ticket)
    token = link_tokens("officer_notify")[officer.id]

    _send(client, token, "progress", "text", "Petugas sudah di lokasi", 1)
    html = client.get(f"/lacak/{ticket.number}").get_data(as_text=True)
    assert PROGRESS in html and RESULT not in html
    (progress,) = _sections(html)[PROGRESS]

    _send(client, token, "resolve", "note", "Lubang sudah ditambal", 2)
    html = client.get(f"/lacak/{ticket.number}").get_data(as_text=True)
    sections = _sections(html)
    assert sections[PROGRESS] == [progress]
    assert len(sections[RESULT]) == 1 and sections[RESULT] != [progress]
    for id_ in (progress, *sections[RESULT]):
        assert client.get(f"/lacak/{ticket.number}/foto/{id_}").status_code == 200
