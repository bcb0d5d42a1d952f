"""Replies follow the language a citizen plainly writes in: English when a message is
English, Indonesian again when they switch back; short or mixed messages change
nothing, and a phone call's transcript never does."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from aduan.extensions import db
from channels.base import InboundMessage
from tests.ticketing.helpers import Citizen
from ticketing import language
from ticketing.ingest import ingest
from ticketing.models import Contact, utcnow


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


def test_an_english_writer_is_answered_in_english_until_they_write_indonesian(
    app, fake_telegram, tg_post, drain
):
    sarah = Citizen(fake_telegram, tg_post, drain, name="Sarah")
    sarah.says("Please check the status of MC-2026-999999, is it done?")
    sarah.says("ok thanks")  # too short to say: stays English
    sarah.says("Mohon dicek laporan saya yang kemarin, sudah sampai mana?")
    first, second, third = sarah.replies()
    assert first.startswith("Sorry, report MC-2026-999999 is not among your reports"), first
    assert second.startswith("Thank you for contacting"), second
    assert third.startswith("Anda belum memiliki laporan"), third
    assert db.session.execute(select(Contact.locale)).scalar_one() == "id"


def test_a_phone_transcript_does_not_change_the_reply_language(app):
    call = InboundMessage(
        channel="voice",
        external_id="lang-call-1",
        sender_id="+6281234500077",
        sent_at=utcnow(),
        text="the one is the on it and there is a the of you",  # the recogniser's guess
    )
    ingest(call)
    db.session.commit()
    assert db.session.execute(select(Contact.locale)).scalar_one() == "id"
