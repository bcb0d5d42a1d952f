"""Format characters a citizen cannot see (zero-width space and joiners, word joiner,
BOM, soft hyphen, direction marks, overrides and isolates) are dropped from what every
channel brings in, before it is stored or read: they hid a word from detection
("keba\u200bkaran", "ke\u00adbakaran", "cek MC-2026-\u200b000123") and reordered names
and words on staff screens. An emoji's ZWJ sequence and a subdivision flag stay whole."""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import timedelta

import pytest
from sqlalchemy import select

from aduan.extensions import db
from tests import factories
from tests.payloads import fixture_json
from tests.security.test_malformed_webhooks import send_json, whatsapp_headers
from tests.ticketing.helpers import Citizen
from ticketing import actions, classifier
from ticketing.inbound.cleaning import FORMAT, visible
from ticketing.models import Identity, Message, Outbound, Ticket, utcnow

FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # 👨‍👩‍👧
RAINBOW_FLAG = "\U0001f3f3\ufe0f\u200d\U0001f308"  # 🏳️‍🌈
CODER = "\U0001f469\U0001f3fd\u200d\U0001f4bb"  # 👩🏽‍💻 (a skin tone before the ZWJ)
SCOTLAND = "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
HIDDEN = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a\u202e\u2066\u2069"


def test_the_table_is_exactly_the_format_characters_python_knows():
    """A newer Python (Unicode) with more of them fails here: add them to FORMAT."""
    known = {code for code in range(0x110000) if unicodedata.category(chr(code)) == "Cf"}
    table = re.compile(f"[{FORMAT}]")
    assert {code for code in range(0x110000) if table.fullmatch(chr(code))} == known


def test_every_hidden_character_goes_but_emoji_sequences_stay():
    for char in HIDDEN:
        assert visible(f"da{char}rurat") == "darurat", hex(ord(char))
    for emoji in (FAMILY, RAINBOW_FLAG, CODER, SCOTLAND, "\u2764\ufe0f\u200d\U0001f525"):
        assert visible(f"terima kasih {emoji}!") == f"terima kasih {emoji}!"
    # a ZWJ beside a letter, and tags that are no flag, hide words: dropped
    assert visible("\U0001f525\u200dkebakaran") == "\U0001f525kebakaran"
    assert visible("ke\U000e0062bakaran") == "kebakaran"


def test_the_other_unseen_characters_go_too():
    """The Hangul fillers, the combining grapheme joiner and a variation selector after a
    letter hid "kebakaran" from every rule as well (failed before: they stayed)."""
    for hidden in ("\u3164", "\u115f", "\u1160", "\uffa0", "\u034f", "\ufe0f", "\U000e0100"):
        assert visible(f"keba{hidden}karan") == "kebakaran", hex(ord(hidden))
    assert (
        visible("\u2764\ufe0f 1\ufe0f\u20e3 \u263a\ufe0f")
        == "\u2764\ufe0f 1\ufe0f\u20e3 \u263a\ufe0f"
    )
    assert visible("lampu\u2800mati") == "lampu mati"  # a blank that shows as one


def test_an_emergency_hidden_with_a_hangul_filler_and_a_blank_name(fake_telegram, tg_post, drain):
    factories.officer("Operator 112", group="DESK112", address="911118")
    db.session.commit()
    citizen = Citizen(fake_telegram, tg_post, drain, name="\u3164\u2800\u3164")
    citizen.says("tolong ada keba\u3164karan di ruma\u034fh saya!!")
    ticket = db.session.execute(select(Ticket)).scalar_one()
    assert ticket.kind == "emergency" and "TELEPON 112" in citizen.replies()[-1]
    message = db.session.execute(select(Message)).scalar_one()
    assert message.text == "tolong ada kebakaran di rumah saya!!"
    assert not (db.session.get(Identity, message.identity_id).display_name or "").strip()


@pytest.fixture
def citizen(fake_telegram, tg_post, drain):
    factories.officer("Operator 112", group="DESK112", address="911118")
    db.session.commit()
    return Citizen(fake_telegram, tg_post, drain, name="Ri\u202eni\u200b")


def test_an_emergency_is_found_through_hidden_characters_on_telegram(citizen):
    text = "to\u200blong ada keba\u200bkaran di ru\u00admah saya!!"
    assert classifier.classify(text, "telegram").kind != "emergency"  # what they hid
    citizen.says(text)
    ticket = db.session.execute(select(Ticket)).scalar_one()
    assert ticket.kind == "emergency" and "TELEPON 112" in citizen.replies()[-1]
    purposes = set(db.session.execute(select(Outbound.purpose)).scalars())
    assert {"emergency", "emergency_alert"} <= purposes
    message = db.session.execute(select(Message)).scalar_one()
    assert message.text == "tolong ada kebakaran di rumah saya!!"
    assert db.session.get(Identity, message.identity_id).display_name == "Rini"


def test_a_status_check_and_a_rating_are_read_through_hidden_characters(citizen):
    citizen.says("jalan berlubang besar di Jl. Kapasari gang 5, sudah seminggu")
    ticket = db.session.execute(select(Ticket)).scalar_one()
    number = ticket.number.replace("-", "-\u200b", 1).replace("2026-", "2026-\u2060")
    citizen.says(f"cek {number}")
    assert citizen.replies()[-1].count(ticket.number) == 1
    assert db.session.execute(select(Ticket.id)).scalars().all() == [ticket.id]
    actions.resolve(ticket, actions.Actor("agent", None, "Agen"), "Sudah diaspal")
    db.session.commit()
    citizen.says("\ufeff5\u200b")
    db.session.refresh(ticket)
    assert ticket.status == "closed" and ticket.rating == 5


def test_emoji_sequences_survive_on_telegram(citizen):
    citizen.says(f"lampu jalan di gang Kapasari 5 mati, gelap {FAMILY}{RAINBOW_FLAG}")
    message = db.session.execute(select(Message)).scalar_one()
    assert message.text.endswith(f"gelap {FAMILY}{RAINBOW_FLAG}")


def whatsapp_sends(client, app, document) -> None:
    body = json.dumps(document).encode()
    send_json(client, app, "/webhooks/whatsapp", whatsapp_headers, "whatsapp", body)


def test_whatsapp_text_and_name_lose_hidden_characters_but_not_emoji(client, app):
    document = fixture_json("whatsapp_cloud/text.json")
    value = document["entry"][0]["changes"][0]["value"]
    value["messages"][0]["text"]["body"] = f"got mam\u00adpet di Jl. \u200eX{HIDDEN} {CODER}"
    value["contacts"][0]["profile"]["name"] = "\u2067Ali\u200f\u202eadnI\ufeff"
    whatsapp_sends(client, app, document)
    (message,) = db.session.execute(select(Message)).scalars()
    assert message.text == f"got mampet di Jl. X {CODER}"
    identity = db.session.get(Identity, message.identity_id)
    assert identity.display_name == "AliadnI" and identity.contact.name == "AliadnI"


def test_a_hidden_character_in_a_resolved_tickets_rating_on_whatsapp(client, app):
    """The same reading on another channel: "5" with a BOM and a word joiner rates."""
    document = fixture_json("whatsapp_cloud/text.json")
    value = document["entry"][0]["changes"][0]["value"]
    value["messages"][0]["text"]["body"] = "got mampet di Jl. Kapasari gang 5, banjir tiap hujan"
    whatsapp_sends(client, app, document)
    ticket = db.session.execute(select(Ticket)).scalar_one()
    actions.resolve(ticket, actions.Actor("agent", None, "Agen"), "Sudah dibersihkan")
    ticket.resolved_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    value["messages"][0]["id"] += "-2"
    value["messages"][0]["text"]["body"] = "\u20604\ufeff bintang"
    whatsapp_sends(client, app, document)
    db.session.refresh(ticket)
    assert ticket.status == "closed" and ticket.rating == 4
