"""The photos an officer sends with progress or a resolution are shown to the Media
Center agents on the ticket page, where the officer's event is."""

from __future__ import annotations

import re

from sqlalchemy import select

from aduan.extensions import db
from tests.inbox.helpers import login, make_user
from tests.inbox.test_officer_photos_to_citizen import post_with_photo, routed_ticket
from ticketing.models import Attachment


def test_the_agent_sees_the_officers_progress_photo_under_the_event(client, app):
    ticket, token = routed_ticket(channel="facebook")
    post_with_photo(client, token, "progress", "text", "Petugas sudah di lokasi")
    photo = db.session.execute(
        select(Attachment).where(Attachment.event_id.is_not(None))
    ).scalar_one()
    login(client, make_user())
    html = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    assert f'src="/media/{photo.id}"' in html
    event = re.search(
        r"<b>perkembangan</b>[^\n]*</p>\s*<div class=\"event-photos\">(.*?)</div>", html
    )
    assert event and f"/media/{photo.id}" in event.group(1)
    assert client.get(f"/media/{photo.id}").mimetype == "image/jpeg"
