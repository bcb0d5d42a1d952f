"""The per-transaction memo (aduan.txcache): what intake looks up once per batch is
dropped when the transaction ends and whenever the session writes a row it depends on,
so an officer or partner endpoint added or changed is never missed."""

from __future__ import annotations

from aduan import txcache
from aduan.extensions import db
from tests import factories
from ticketing import audit, notify
from ticketing.models import Officer, WebhookDelivery, utcnow
from ticketing.partners import deliveries, endpoints


def test_a_memo_lasts_one_transaction(app):
    calls = []

    def load():
        calls.append(1)
        return len(calls)

    db.session.connection()
    assert txcache.get("k", (Officer,), load) == 1
    assert txcache.get("k", (Officer,), load) == 1
    db.session.commit()
    db.session.connection()
    assert txcache.get("k", (Officer,), load) == 2
    db.session.rollback()
    db.session.connection()
    assert txcache.get("k", (Officer,), load) == 3
    with db.session.begin_nested():  # a released savepoint is still the same transaction
        assert txcache.get("k", (Officer,), load) == 3
    assert txcache.get("k", (Officer,), load) == 3


def test_an_officer_added_or_deactivated_mid_transaction_is_seen(app):
    now = utcnow()
    first = factories.ticket(created=now, opd="DSDABM")
    assert notify.opd_officers(first, now) == 0  # nobody yet: the empty list is kept
    officer = factories.officer("Petugas Baru", opd="DSDABM")
    second = factories.ticket(created=now, opd="DSDABM")
    assert notify.opd_officers(second, now) == 1
    assert [o.id for o in notify.officers_of("DSDABM")] == [officer.id]
    officer.active = False  # not flushed yet: the memo is not used
    assert notify.officers_of("DSDABM") == []
    db.session.rollback()


def test_a_partner_endpoint_added_mid_transaction_gets_the_next_event(app):
    ticket = factories.ticket(created=utcnow())
    event = audit.record(ticket, "note_added")
    assert deliveries.emit(ticket, event, "ticket.created") == 0  # none: nothing to do
    endpoints.create("Mitra", "https://partner.example.org/hook", ["ticket.created"], False, None)
    assert deliveries.emit(ticket, event, "ticket.created") == 1
    db.session.flush()
    assert db.session.query(WebhookDelivery).count() == 1
    db.session.rollback()
