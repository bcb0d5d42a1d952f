"""Sends run side by side (several workers, the `sends` threads), yet a citizen reads
the messages of a ticket in the order they were queued: a send waits while an older one
of its ticket to the same recipient is on its way, and only for so long."""

from __future__ import annotations

import threading
import time

from sqlalchemy import update

from aduan.extensions import db
from tests import factories
from ticketing import outbox, turns
from ticketing.models import Outbound, utcnow


def two_rows():
    ticket = factories.ticket(created=utcnow())
    first = outbox.to_identity(
        ticket.identity, "Laporan sedang ditangani", ticket=ticket, purpose="accepted"
    )
    second = outbox.to_identity(
        ticket.identity, "Foto dari petugas", ticket=ticket, purpose="officer_photos"
    )
    db.session.commit()
    return ticket, first, second


def test_a_send_waits_until_the_older_message_of_its_ticket_went_out(app, fake_telegram):
    ticket, first, second = two_rows()
    db.session.execute(update(Outbound).where(Outbound.id == first.id).values(status="sending"))
    db.session.commit()  # another worker is sending the first one
    marked: list[float] = []
    # `first` is expired: its id is read here, as loading it in the thread used this
    # thread's session at once (a flake under load)
    engine, first_id = db.engine, first.id

    def other_worker_finishes() -> None:
        time.sleep(0.5)
        with app.app_context(), engine.begin() as connection:
            connection.execute(
                update(Outbound).where(Outbound.id == first_id).values(status="sent")
            )
        marked.append(time.time())

    finisher = threading.Thread(target=other_worker_finishes)
    finisher.start()
    assert outbox.send_outbound(second.id) == "sent"
    finisher.join()
    (sent,) = fake_telegram.sent_to(int(ticket.identity.address))
    assert sent["text"] == "Foto dari petugas" and sent["received_at"] >= marked[0]


def test_a_message_stuck_on_its_way_holds_the_next_only_for_a_while(
    app, fake_telegram, monkeypatch
):
    monkeypatch.setattr(turns, "TURN_WAIT", 0.3)
    ticket, first, second = two_rows()
    db.session.execute(update(Outbound).where(Outbound.id == first.id).values(status="sending"))
    db.session.commit()  # a worker died mid-send: the sweeper will call it "unknown"
    assert outbox.send_outbound(second.id) == "sent"
    assert [m["text"] for m in fake_telegram.sent_to(int(ticket.identity.address))] == [
        "Foto dari petugas"
    ]


def test_other_tickets_and_later_messages_never_wait(app):
    ticket, first, second = two_rows()
    other = factories.ticket(created=utcnow())
    elsewhere = outbox.to_identity(other.identity, "Laporan lain", ticket=other, purpose="accepted")
    db.session.commit()
    now = utcnow()
    assert turns.behind(second.id, now)  # the first is due, not yet sent
    assert not turns.behind(first.id, now)  # nothing older
    assert not turns.behind(elsewhere.id, now)  # another ticket
