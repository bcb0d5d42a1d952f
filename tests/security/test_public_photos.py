"""Photos on the public side: served only while the ticket is listed and the photo is
marked public, under that ticket's own number. Guessing numbers and attachment ids, on
the tracking page or through Open311, never reaches any other photo."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

from werkzeug.datastructures import FileStorage

from aduan.extensions import db
from tests import factories
from tests.public.helpers import jpeg, listed_ticket
from ticketing import actions, evidence

NOW = datetime.now(UTC).replace(microsecond=0)


def _evidence(ticket, public: bool) -> int:
    officer = factories.officer(f"Petugas {ticket.id}", opd=ticket.opd_code)
    event = actions.progress(ticket, actions.Actor.officer(officer, None), "Dicek", NOW)
    saved = evidence.save([FileStorage(io.BytesIO(jpeg()), "a.jpg")], event, public=public)
    db.session.flush()
    return saved[0].id


def test_photos_of_unlisted_tickets_or_other_tickets_are_never_served(app, client):
    shown = listed_ticket(NOW - timedelta(hours=5))
    hidden = listed_ticket(NOW - timedelta(hours=4))
    other = listed_ticket(NOW - timedelta(hours=3))
    ids = {t.number: _evidence(t, public=True) for t in (shown, hidden, other)}
    inside = _evidence(shown, public=False)
    hidden.private = True
    db.session.commit()

    def photo(number: str, attachment_id: int) -> int:
        return client.get(f"/lacak/{number}/foto/{attachment_id}").status_code

    assert photo(shown.number, ids[shown.number]) == 200
    assert photo(hidden.number, ids[hidden.number]) == 404  # marked public, ticket private
    assert photo(shown.number, ids[hidden.number]) == 404  # another ticket's id
    assert photo(shown.number, ids[other.number]) == 404
    assert photo(shown.number, inside) == 404  # not marked public
    body = client.get(f"/open311/v2/requests/{hidden.number}.json")
    assert body.status_code == 404
    listed = client.get("/open311/v2/requests.json").get_json()
    assert hidden.number not in {r["service_request_id"] for r in listed}
    assert all(f"/foto/{ids[hidden.number]}" not in (r.get("media_url") or "") for r in listed)
    assert all(f"/foto/{inside}" not in (r.get("media_url") or "") for r in listed)
    for kind in ("info_request", "emergency"):  # never listed, whatever its photos say
        shown.kind = kind
        db.session.commit()
        assert photo(shown.number, ids[shown.number]) == 404
