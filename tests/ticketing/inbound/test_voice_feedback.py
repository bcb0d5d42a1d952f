"""A phone call cannot answer the number owner's "Sudah beres?". Caller ID is forged
easily: a stranger calling from the owner's number and saying "belum beres pak ..."
reopened the owner's resolved ticket (and told the unit), as a form's typed number did
(tests/security/test_report_phones.py). The call's words open a report of their own."""

from __future__ import annotations

import pytest

from aduan.extensions import db
from tests.ticketing.inbound.test_voice_repeat import CALLER, call, tickets
from ticketing.models import utcnow


@pytest.mark.parametrize(
    "spoken",
    [
        "belum beres pak lampu di jalan mawar masih mati",
        "masih belum diperbaiki lampu penerangan jalan di jalan mawar",
    ],
    ids=["belum", "masih belum"],
)
def test_a_call_from_the_owners_number_does_not_reopen_their_resolved_ticket(
    twilio, settle, spoken
):
    twilio.citizen_sms(CALLER, "Lampu PJU mati di Jl. Mawar 5 sudah seminggu gelap")
    settle()
    (own,) = tickets()
    own.status, own.resolved_at = "resolved", utcnow()
    db.session.commit()
    call(twilio, settle, spoken)
    first, *others = tickets()
    assert first.id == own.id
    assert (first.status, first.reopened, first.closed_at) == ("resolved", 0, None)
    assert [m.channel for m in first.messages] == ["sms"]
    assert [[m.text for m in t.messages] for t in others] == [[spoken]]
