"""Who hears back from a web or Open311 report: the phone the citizen left (their
WhatsApp if we know it, else SMS), or nobody, with no outbox row at all."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from aduan.extensions import db
from ticketing import actions, contacts, outbox
from ticketing.models import Outbound

NOW = datetime.now(UTC)


def test_a_report_without_a_phone_has_no_one_to_write_to(app):
    identity = contacts.resolve("web", "anon-abc", None, NOW)
    assert contacts.reply_identity(identity) is None
    assert outbox.to_identity(identity, "halo", purpose="ack") is None
    assert db.session.execute(select(Outbound)).first() is None


def test_a_phone_the_desk_knows_on_whatsapp_gets_whatsapp_else_sms(app):
    known = contacts.resolve("whatsapp_cloud", "6281211112222", "Siti", NOW)
    web = contacts.resolve("web", "+6281211112222", None, NOW, phone="+6281211112222")
    assert web.contact_id == known.contact_id
    assert contacts.reply_identity(web).id == known.id
    known.unreachable_at = NOW  # blocked us on WhatsApp: SMS to the same number
    sms = contacts.reply_identity(web)
    assert (sms.channel, sms.address) == ("sms", "+6281211112222")
    other = contacts.resolve("open311", "+6281233334444", None, NOW, phone="+6281233334444")
    row = outbox.to_identity(other, "Terima kasih", purpose="ack")
    assert (row.channel, row.recipient) == ("sms", "+6281233334444")


def test_an_agent_cannot_reply_to_a_citizen_who_left_no_number(app):
    from tests import factories
    from tests.inbox.helpers import make_user

    ticket = factories.ticket(created=NOW, channel="web")
    with pytest.raises(actions.ActionError, match="nomor"):
        actions.reply(ticket, actions.Actor.agent(make_user("agent")), "Sudah kami cek")
