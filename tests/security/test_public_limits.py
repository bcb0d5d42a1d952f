"""The public forms' rate limits hold for what costs the desk work: a form sent back to
correct a field is free, but a photo the desk had to decode before refusing it counts."""

from __future__ import annotations

import io

from sqlalchemy import select

from aduan.extensions import db
from tests.public.helpers import form, jpeg
from ticketing.models import InboundEvent


def _submit(client, **fields):
    return client.post("/lapor", data=form(client, **fields), content_type="multipart/form-data")


def test_refused_photos_use_up_the_web_forms_limit(app, client, monkeypatch):
    """A truncated 9 MB JPEG is decoded almost whole before it is refused (a 400): these
    400s did not count, so one address could make the desk decode photos without end."""
    monkeypatch.setitem(app.config, "LAPOR_LIMIT", "2 per minute")
    broken = jpeg((1200, 900))[:-200]
    codes = [_submit(client, photo=(io.BytesIO(broken), "a.jpg")).status_code for _ in range(3)]
    assert codes == [400, 400, 429]
    assert _submit(client).status_code == 429
    assert client.get("/lapor").status_code == 200  # reading the form is not limited
    assert db.session.execute(select(InboundEvent)).first() is None
