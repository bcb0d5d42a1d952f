"""An officer's photo over the size limit was refused with "Foto terlalu besar." and no
limit, so the officer in the field did not know what size would do (a phone's full-size
photo is often over it). The message says the limit, as the public form's does."""

from __future__ import annotations

import io

from sqlalchemy import select

from aduan.extensions import db
from sla import clocks
from tests import factories
from tests.inbox.helpers import form_fields, link_tokens
from ticketing import actions
from ticketing.models import Attachment, utcnow


def test_a_photo_over_the_limit_is_refused_with_the_limit_and_the_text_kept(client, app):
    app.config["MEDIA_MAX_BYTES"] = 2 * 1024 * 1024
    try:
        factories.officer("Andi", opd="DSDABM")
        ticket = factories.ticket(status="triage", opd=None, created=utcnow())
        clocks.start(ticket, utcnow())
        actions.route(ticket, actions.Actor("agent", None, "Agen"), "DSDABM")
        db.session.commit()
        (token,) = link_tokens("officer_notify").values()
        page = client.get(f"/o/{token}").get_data(as_text=True)
        photo = b"\xff\xd8\xff" + b"0" * (3 * 1024 * 1024)
        data = {
            **form_fields(page),
            "text": "Sudah ditambal",
            "photos": (io.BytesIO(photo), "a.jpg"),
        }
        response = client.post(
            f"/o/{token}/progress", data=data, content_type="multipart/form-data"
        )
    finally:
        app.config["MEDIA_MAX_BYTES"] = 10 * 1024 * 1024
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Foto terlalu besar (maksimal 2 MB)." in html
    assert "Sudah ditambal</textarea>" in html
    assert db.session.execute(select(Attachment)).first() is None
