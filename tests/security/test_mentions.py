"""@mentions in internal notes: a note within its length limit is saved whatever it
mentions. A note of a thousand short handles ("@aa @ab ...", 3,999 characters) made one
LIKE per handle, joined by OR: deeper than SQLite's expression limit, a 500 to the agent
and no note."""

from __future__ import annotations

import itertools
import string

from sqlalchemy import select

from aduan.extensions import db
from tests import factories
from tests.inbox.helpers import csrf, login, make_user
from ticketing import internal
from ticketing.models import TicketEvent, utcnow

HANDLES = [
    "@" + "".join(pair)
    for pair in itertools.product(string.ascii_lowercase + string.digits, repeat=2)
][:1000]


def test_a_note_mentioning_a_thousand_handles_is_saved_with_the_real_ones(app, client):
    item = factories.ticket(created=utcnow())
    db.session.commit()
    rina = make_user("agent", email="rina@example.org")
    make_user("agent", email="ab@example.org")
    make_user("agent", email="zz@example.org")
    text = " ".join(HANDLES)
    assert len(text) <= internal.MAX_NOTE
    login(client, rina)
    page = client.get(f"/tickets/{item.number}").get_data(as_text=True)
    response = client.post(
        f"/tickets/{item.number}/note", data={"text": text, "csrf_token": csrf(page)}
    )
    assert response.status_code == 302
    note = db.session.execute(select(TicketEvent).where(TicketEvent.action == "note")).scalar_one()
    emails = {u.email for u in internal.mentioned(note.note)}
    assert emails == {"ab@example.org", "zz@example.org"}


def test_a_mention_matches_the_whole_part_before_the_at_sign_only(app):
    for email in ("rina@example.org", "rina.w@example.org", "a_b@example.org", "axb@example.org"):
        make_user("agent", email=email)
    found = internal.mentioned("@Rina. tolong cek, cc @a_b dan @rin")
    assert [u.email for u in found] == ["rina@example.org", "a_b@example.org"]
