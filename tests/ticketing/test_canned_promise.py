"""A canned reply's {batas_waktu} and the citizen's "cek MC-..." quote the same
deadline: the one the citizen was promised (the OPD's 1x24 working-hour response until
it answered, then the resolution target; PPID's days for an information request). The
canned reply quoted the resolution target while "cek" said "Batas tanggapan: ...", so a
citizen read two dates for one report, a minute apart."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from aduan import timefmt
from aduan.extensions import db
from sla import clocks
from tests import factories
from ticketing import actions, canned, status
from ticketing.models import CannedReply

WIB = ZoneInfo("Asia/Jakarta")
CREATED = datetime(2026, 12, 1, 9, 0, tzinfo=WIB).astimezone(UTC)  # a Tuesday
REPLY = CannedReply(title="Batas", body="Batas waktu: {batas_waktu}", active=True)


def _quoted(ticket) -> tuple[str, str]:
    """Returns (the date the canned reply quotes, the status line)."""
    return canned.render(REPLY, ticket).removeprefix("Batas waktu: "), status.line(ticket)


@pytest.mark.parametrize("state, opd", [("triage", None), ("routed", "DSDABM")])
def test_before_the_opd_answers_both_quote_the_response_deadline(app, state, opd):
    ticket = factories.ticket(status=state, opd=opd, created=CREATED)
    clocks.start(ticket, CREATED)
    db.session.commit()
    due = timefmt.human(clocks.get(ticket, "first_response").due_at, "id")
    said, line = _quoted(ticket)
    assert said == due and f"Batas tanggapan: {due}." in line


def test_after_a_holding_reply_both_still_quote_the_opds_response(app):
    """The agent's own reply is not the OPD's answer (actions.reply): "cek" keeps saying
    the response deadline, and so does the next canned reply."""
    ticket = factories.ticket(status="routed", opd="DSDABM", created=CREATED)
    clocks.start(ticket, CREATED)
    actions.reply(ticket, actions.Actor("agent", None, "Agen"), "Sudah kami teruskan.")
    db.session.commit()
    due = timefmt.human(clocks.get(ticket, "first_response").due_at, "id")
    said, line = _quoted(ticket)
    assert said == due and f"Batas tanggapan: {due}." in line


def test_once_the_opd_answered_both_quote_the_resolution_target(app):
    officer = factories.officer("Petugas DSDABM", opd="DSDABM")
    ticket = factories.ticket(status="routed", opd="DSDABM", created=CREATED)
    clocks.start(ticket, CREATED)
    actions.accept(ticket, actions.Actor.officer(officer, None), CREATED + timedelta(hours=1))
    db.session.commit()
    target = timefmt.human(ticket.resolution_due_at, "id")
    said, line = _quoted(ticket)
    assert said == target and f"target selesai: {target}." in line


def test_an_information_request_quotes_its_ppid_deadline_in_both(app):
    ticket = factories.ticket(kind="info_request", opd="PPID", created=CREATED)
    clocks.start(ticket, CREATED)
    db.session.commit()
    due = timefmt.human(clocks.get(ticket, "ppid").due_at, "id")
    said, line = _quoted(ticket)
    assert said == due and due in line
