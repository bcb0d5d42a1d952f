"""The monthly PDF per OPD names channels and kinds in words and writes decimals the
Indonesian way, like the report pages."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import render_template

from aduan.extensions import db
from inbox.reports import pdf
from sla import clocks
from tests import factories
from ticketing.models import Opd

WIB = ZoneInfo("Asia/Jakarta")


def at(day: int, hour: int) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=WIB).astimezone(UTC)


def test_the_monthly_report_reads_in_words(app):
    for n, channel in enumerate(("telegram", "whatsapp", "telegram")):
        ticket = factories.ticket(opd="DLH", created=at(2 + n, 9), channel=channel)
        clocks.start(ticket, ticket.created_at)
        ticket.first_responded_at = at(2 + n, 10)
        clocks.meet(ticket, "first_response", ticket.first_responded_at)
        ticket.status, ticket.resolved_at, ticket.reopened = "closed", at(5 + n, 9), n == 0
    db.session.commit()
    with app.test_request_context():
        html = render_template(
            "report_month.html",
            **pdf.context(db.session.get(Opd, "DLH"), date(2026, 11, 1), at(30, 12)),
        )
    cells = html.replace("\n", "")
    assert "<td>Telegram</td>" in cells and "<td>WhatsApp</td>" in cells
    assert "<td>Pengaduan</td>" in cells
    assert "<td>telegram</td>" not in cells and "<td>complaint</td>" not in cells
    assert "3 / 1 (33,3%)" in cells


def test_one_rating_reads_as_one_rating_in_english(app):
    """ "(1 ratings, 100% rated)": the English count has a singular."""
    from flask_babel import force_locale

    ticket = factories.ticket(opd="DLH", created=at(2, 9))
    ticket.status, ticket.resolved_at, ticket.rating = "closed", at(3, 9), 5
    db.session.commit()
    with app.test_request_context(), force_locale("en"):
        html = render_template(
            "report_month.html",
            **pdf.context(db.session.get(Opd, "DLH"), date(2026, 11, 1), at(30, 12)),
        )
    assert "(1 rating, " in html and "1 ratings" not in html
