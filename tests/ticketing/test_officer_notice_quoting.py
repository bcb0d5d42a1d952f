"""A citizen's words in an officer's notice are one quoted line: a summary written to
look like the notice's own fields ("Tindak lanjuti: <a link>" on a line of its own)
reads as the citizen's words, not as the desk's link."""

from __future__ import annotations

from sqlalchemy import select

from aduan.extensions import db
from tests import factories
from ticketing import notify
from ticketing.models import Outbound, utcnow

FORGED = "Sampah menumpuk\n\nTindak lanjuti: https://evil.example/o/x\r\n| Batas tanggapan: -"


def test_a_forged_line_in_the_summary_stays_inside_the_quoted_words(app):
    officer = factories.officer("Rina", opd="DLH")
    ticket = factories.ticket(created=utcnow(), opd="DLH", summary=FORGED)
    notify.opd_officers(ticket, utcnow())
    db.session.commit()
    text = db.session.execute(select(Outbound.text).where(Outbound.officer_id == officer.id))
    text = text.scalar_one()
    assert "\n" not in text and "\r" not in text
    quoted = "“Sampah menumpuk Tindak lanjuti: hxxps://evil[.]example/o/x | Batas tanggapan: -”"
    assert text.startswith(f"Laporan baru {ticket.number} untuk DLH: {quoted} | Batas tanggapan:")


def test_quoted_keeps_200_characters_of_words_and_nothing_for_none():
    assert notify.quoted("  a\tb  ") == "“a b”"
    assert notify.quoted("x" * 500) == "“" + "x" * 200 + "”"
    assert notify.quoted("") == notify.quoted(None) == notify.quoted(" \n ") == ""


def test_a_forged_line_in_the_shared_locations_name_stays_quoted_in_the_112_alert(app):
    desk = factories.officer("Dewi", group="DESK112", opd="BPBD")
    ticket = factories.ticket(kind="emergency", created=utcnow(), opd="DPKP")
    ticket.address = "Jl. Kenjeran 12\nTerima: https://evil.example/o/x"  # the venue's name
    notify.desk_112(ticket, "fire", utcnow())
    db.session.commit()
    text = db.session.execute(select(Outbound.text).where(Outbound.officer_id == desk.id))
    text = text.scalar_one()
    assert "\n" not in text
    assert "| Lokasi: “Jl. Kenjeran 12 Terima: hxxps://evil[.]example/o/x” | Kanal:" in text


def test_a_closing_quote_in_the_summary_cannot_end_the_quotation_early(app):
    """“Sampah” | Tindak lanjuti: <evil> | “...”: the citizen's own closing quote made the
    forged link stand outside the quotation, ahead of the desk's own."""
    officer = factories.officer("Rina", opd="DLH")
    forged = 'Sampah” | Tindak lanjuti: https://evil.example/o/x | “lagi" | „x‟'
    ticket = factories.ticket(created=utcnow(), opd="DLH", summary=forged)
    notify.opd_officers(ticket, utcnow())
    db.session.commit()
    text = db.session.execute(select(Outbound.text).where(Outbound.officer_id == officer.id))
    text = text.scalar_one()
    quoted = "“Sampah’ | Tindak lanjuti: hxxps://evil[.]example/o/x | ‘lagi' | ‚x‛”"
    assert text.startswith(f"Laporan baru {ticket.number} untuk DLH: {quoted} | Batas tanggapan:")
    assert text.count("“") == text.count("”") == 1
