"""A ticket's summary (what the unit is told, the title in lists) keeps at most 500
characters of the citizen's words, cut between words; the whole text stays in the
conversation."""

from __future__ import annotations

from sqlalchemy import select

from aduan.extensions import db
from channels.base import InboundMessage
from ticketing.ingest import ingest
from ticketing.models import SUMMARY_CHARS, Message, Ticket, summary_of, utcnow

LONG = (
    "Selamat pagi, saya mau melaporkan saluran air di depan rumah kami di Jl. Kalijudan "
    "yang tersumbat sampah dan lumpur sejak dua minggu, setiap hujan airnya meluap ke jalan "
)


def test_a_long_report_is_summarised_between_words():
    text = (LONG * 6).strip()
    summary = summary_of(text)
    assert len(summary) <= SUMMARY_CHARS and summary.endswith("…")
    kept = summary[:-1]
    assert text.startswith(kept) and text[len(kept)] in " ,"  # a whole word, then a cut
    assert summary_of("  pendek  ") == "pendek"
    assert summary_of("x" * 900) == "x" * (SUMMARY_CHARS - 1) + "…"  # one endless "word"


def test_a_new_ticket_keeps_the_whole_text_in_its_conversation(app):
    text = (LONG * 5).strip()
    msg = InboundMessage(
        channel="telegram",
        external_id="sum-1",
        sender_id="9200001",
        sent_at=utcnow(),
        text=text,
        sender_name="Warga",
    )
    ingest(msg)
    db.session.commit()
    ticket = db.session.execute(select(Ticket)).scalar_one()
    assert ticket.summary == summary_of(text) and ticket.summary.endswith("…")
    assert db.session.execute(select(Message.text)).scalar_one() == text
