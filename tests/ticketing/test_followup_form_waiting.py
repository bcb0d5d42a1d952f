"""A report from a web form or Open311 carries a number typed by whoever filled it in,
maybe a stranger. Even when the desk waits for that report's answer, it must not take
the number owner's next message from their own open ticket (their words would land in
a stranger's report, as its answer)."""

from __future__ import annotations

from datetime import timedelta

from tests import factories
from ticketing import contacts, followups
from ticketing.models import Ticket, utcnow

PHONE = "+6281234500077"


def add(identity, channel: str, status: str, created) -> Ticket:
    summary = "Saluran mampet di depan rumah"
    return factories.ticket(
        created=created, channel=channel, status=status, summary=summary, identity=identity
    )


def test_a_waiting_form_report_does_not_take_the_owners_message(app):
    now = utcnow()
    owner = contacts.resolve("sms", PHONE, "Pemilik", now - timedelta(days=2))
    form = contacts.resolve("web", "form-77", "Orang lain", now, phone=PHONE)
    assert form.contact_id == owner.contact_id  # the typed number leads to the owner
    own = add(owner, "sms", "routed", now - timedelta(days=2))
    add(form, "web", "waiting", now - timedelta(hours=1))
    assert followups.open_ticket(owner.contact_id, "kapan dibenerin pak?") == own


def test_the_owners_own_waiting_ticket_still_comes_first(app):
    now = utcnow()
    owner = contacts.resolve("sms", PHONE, "Pemilik", now - timedelta(days=2))
    form = contacts.resolve("web", "form-78", "Orang lain", now, phone=PHONE)
    asked = add(owner, "sms", "waiting", now - timedelta(days=2))
    add(owner, "sms", "routed", now - timedelta(days=1))
    add(form, "web", "waiting", now - timedelta(hours=1))
    assert followups.open_ticket(owner.contact_id, "rumah saya no 12") == asked


def test_a_form_report_alone_still_gets_the_answer(app):
    # Most people type their own number: with nothing else open, the answer is theirs.
    now = utcnow()
    form = contacts.resolve("web", "form-79", "Warga", now, phone=PHONE)
    waiting = add(form, "web", "waiting", now - timedelta(hours=1))
    assert followups.open_ticket(form.contact_id, "rumah saya no 12") == waiting
