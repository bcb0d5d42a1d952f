"""Look-alike letters change what routing reads, never what is stored or shown: a
complaint written partly in Cyrillic letters reaches its OPD with its words as sent, and
a real Cyrillic sentence is kept as it is."""

from __future__ import annotations

from sqlalchemy import select

from aduan.extensions import db
from tests.ticketing.helpers import Citizen
from ticketing.models import Message, Ticket


def test_a_complaint_in_mixed_scripts_goes_to_its_opd_as_written(fake_telegram, tg_post, drain):
    text = "s\u0430luran m\u0430mpet, \u0430ir meluber ke rumah warga di gang 5 Rungkut"
    Citizen(fake_telegram, tg_post, drain).says(text)
    ticket = db.session.execute(select(Ticket)).scalar_one()
    assert (ticket.kind, ticket.opd_code) == ("complaint", "DSDABM")
    assert ticket.messages[0].text == text


def test_a_cyrillic_sentence_is_stored_unchanged(fake_telegram, tg_post, drain):
    text = "Пожар в доме, у нас СОС"  # all Cyrillic
    Citizen(fake_telegram, tg_post, drain).says(text)
    assert db.session.execute(select(Message.text)).scalars().all() == [text]
