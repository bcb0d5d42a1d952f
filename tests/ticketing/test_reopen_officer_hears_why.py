"""The officer's notice of a report the citizen reopened ("BELUM, lampunya masih mati")
quoted the first complaint but not what the citizen said now: why it is not solved was
only on the page behind the link. The notice quotes the citizen's reply too."""

from __future__ import annotations

from sqlalchemy import select

from aduan.extensions import db
from tests.ticketing.test_feedback import resolved_ticket
from ticketing import feedback
from ticketing.models import Outbound, utcnow


def test_the_reopen_notice_quotes_the_citizens_reply(app):
    ticket, officer = resolved_ticket(days_ago=1)
    feedback.handle(ticket.identity, "belum, lubangnya masih ada di sisi kiri", utcnow())
    db.session.commit()
    notice = db.session.execute(
        select(Outbound).where(Outbound.purpose == "reopened", Outbound.officer_id == officer.id)
    ).scalar_one()
    assert "“belum, lubangnya masih ada di sisi kiri”" in notice.text
    assert notice.text.index("BELUM selesai") < notice.text.index("lubangnya masih ada")
