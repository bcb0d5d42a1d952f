"""Replies follow the language a citizen plainly writes in: English when a message is
English, Indonesian again when they switch back; short or mixed messages change
nothing, and a phone call's transcript never does."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import select

from aduan.extensions import db
from channels.base import InboundMessage
from ticketing import language
from ticketing.ingest import ingest
from ticketing.models import Contact, Outbound, utcnow

_ids = itertools.count(1)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("The street light in front of my house has been off for three days", "en"),
        ("There is a big pothole on Jalan Darmo, can you please fix it?", "en"),
        ("Hi, I'd like to know the status of my report", "en"),
        ("ok thanks min", None),  # too little to say
        ("Lampu jalan di depan rumah saya mati sudah tiga hari", "id"),
        ("tolong min sampah numpuk di pasar", "id"),
        ("lampu mati please fix", None),
        ("The flood at Jalan Ngagel, air sampai lutut, tolong dibantu pak", "id"),
        ("", None),
    ],
)
def test_a_message_is_plainly_english_plainly_indonesian_or_neither(text, said):
    assert language.guess(text) == said


def message(sender: str, text: str, channel: str = "telegram") -> InboundMessage:
    return InboundMessage(
        channel=channel,
        external_id=f"lang-{next(_ids)}",
        sender_id=sender,
        sent_at=utcnow(),
        text=text,
        sender_name="Sarah",
    )


def replies(sender: str) -> list[str]:
    rows = db.session.execute(select(Outbound).order_by(Outbound.id)).scalars()
    return [row.text for row in rows if row.recipient == sender]


def test_an_english_writer_is_answered_in_english_until_they_write_indonesian(app):
    sender = "770001"
    ingest(message(sender, "Please check the status of MC-2026-999999, is it done?"))
    db.session.commit()
    contact = db.session.execute(select(Contact)).scalar_one()
    assert contact.locale == "en"
    ingest(message(sender, "ok thanks"))  # too short to say: stays English
    db.session.commit()
    assert contact.locale == "en"
    ingest(message(sender, "Mohon dicek laporan saya yang kemarin, sudah sampai mana?"))
    db.session.commit()
    assert contact.locale == "id"
    first, second, third = replies(sender)
    assert first.startswith("Sorry, report MC-2026-999999 is not among your reports"), first
    assert second.startswith("Thank you for contacting"), second
    assert third.startswith("Anda belum memiliki laporan"), third


def test_a_phone_transcript_does_not_change_the_reply_language(app):
    sender = "+6281234500077"
    ingest(message(sender, "the one is the on it and there is a the of you", "voice"))
    db.session.commit()
    contact = db.session.execute(select(Contact)).scalar_one()
    assert contact.locale == "id"
