"""A PPID request paused while the requester is asked for more is not extended: its due
time waits for their answer, and the extension notice told them a date computed from the
old due time (weeks in the past once they had been silent long enough)."""

from __future__ import annotations

import pytest

from aduan.extensions import db
from sla import clocks
from tests.sla.test_clocks import due, start, wib
from ticketing import actions, ppid
from ticketing.models import Outbound


def test_a_paused_request_is_extended_only_after_the_requester_answered(app):
    ticket = start(kind="info_request", at=wib(2026, 12, 8, 10, 0))
    clocks.pause(ticket, wib(2026, 12, 10, 10, 0))  # the requester is asked for more
    later = wib(2027, 1, 30, 10, 0)  # long past the first due time: 22 December
    assert not clocks.extendable(ticket, later)  # the form is not offered
    agent = actions.Actor("agent", None, "Agen")
    with pytest.raises(actions.ActionError, match="menunggu jawaban pemohon"):
        ppid.extend(ticket, agent, "Dokumen masih dikumpulkan", later)
    with pytest.raises(ValueError, match="paused"):
        clocks.extend(ticket, "Dokumen masih dikumpulkan", later)
    assert db.session.query(Outbound).filter_by(purpose="ppid_extended").count() == 0
    clocks.resume(ticket, wib(2027, 2, 1, 9, 0))  # the requester answered
    assert clocks.extendable(ticket, wib(2027, 2, 1, 10, 0))
    clocks.extend(ticket, "Dokumen masih dikumpulkan", wib(2027, 2, 1, 10, 0))
    assert due(ticket, "ppid") > wib(2027, 2, 1, 10, 0)  # a date still to come
