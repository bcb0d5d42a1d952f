"""A reply longer than the citizen's channel takes: Twilio refuses an SMS or WhatsApp body
over 1600 characters (21617), yet the box took 4000 and the desk queued it, so the agent
learnt of the failure later on the timeline. The box now stops at what fits with the
signature, and the desk refuses a longer reply at once, saying how long it may be."""

from __future__ import annotations

import re

from sqlalchemy import select

from aduan.extensions import db
from tests import factories
from tests.inbox.helpers import csrf, login, make_user
from ticketing.models import Outbound, utcnow

SIGNATURE = "\n\n(Media Center Surabaya, {number})"


def _box_limit(page: str) -> int:
    box = re.search(r'<textarea name="text" id="reply-text"[^>]*maxlength="(\d+)"', page)
    assert box, "no reply box"
    return int(box.group(1))


def _replies(ticket) -> list[str]:
    stmt = select(Outbound.text).where(Outbound.ticket_id == ticket.id, Outbound.purpose == "reply")
    return list(db.session.execute(stmt).scalars())


def test_an_sms_reply_is_held_to_what_twilio_takes(client, app):
    ticket = factories.ticket(channel="sms", created=utcnow())
    db.session.commit()
    login(client, make_user("agent"))
    page = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    room = 1600 - len(SIGNATURE.format(number=ticket.number))
    assert _box_limit(page) == room

    response = client.post(
        f"/tickets/{ticket.number}/reply",
        data={"text": "a" * (room + 1), "csrf_token": csrf(page)},
    )
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Teks terlalu panjang untuk kanal warga ini (maksimal {room} karakter)." in shown
    assert _replies(ticket) == []

    client.post(
        f"/tickets/{ticket.number}/reply", data={"text": "b" * room, "csrf_token": csrf(page)}
    )
    (sent,) = _replies(ticket)
    assert len(sent) == 1600


def test_a_telegram_reply_keeps_the_full_length(client, app):
    ticket = factories.ticket(channel="telegram", created=utcnow())
    db.session.commit()
    login(client, make_user("agent"))
    page = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    assert _box_limit(page) == 4000
    client.post(
        f"/tickets/{ticket.number}/reply", data={"text": "c" * 3000, "csrf_token": csrf(page)}
    )
    (sent,) = _replies(ticket)
    assert sent.startswith("c" * 3000)


def test_a_canned_reply_box_keeps_the_sms_limit(client, app):
    from ticketing.models import CannedReply

    ticket = factories.ticket(channel="sms", created=utcnow())
    reply = CannedReply(title="Cek", body="Laporan {nomor} sedang dicek.", active=True)
    db.session.add(reply)
    db.session.commit()
    login(client, make_user("agent"))
    box = client.get(f"/tickets/{ticket.number}/canned?canned={reply.id}").get_data(as_text=True)
    assert _box_limit(box) == 1600 - len(SIGNATURE.format(number=ticket.number))
