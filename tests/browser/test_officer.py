"""The officer's signed link in a real browser: every form has its field to type in."""

from __future__ import annotations

from aduan.extensions import db
from tests.browser.helpers import officer_page
from ticketing.models import Outbound


def test_the_officer_types_progress_and_the_citizen_gets_it(page, app):
    ticket = officer_page(page)
    page.click("text=Terima & tangani")
    for name in ("text", "question", "note", "reason"):
        assert page.locator(f"form textarea[name={name}]").count() == 1, name
    assert "&lt;textarea" not in page.content() and "<textarea name" not in page.inner_text("main")
    page.fill("form textarea[name=text]", "Petugas sudah menuju lokasi, besok pagi dikerjakan")
    page.click("text=Kirim ke warga")
    page.wait_for_selector("text=Perkembangan dikirim ke warga")
    db.session.expire_all()
    texts = [o.text for o in db.session.query(Outbound).filter_by(ticket_id=ticket.id)]
    assert any("Petugas sudah menuju lokasi" in t for t in texts)


def test_the_ppid_officer_is_asked_for_a_written_answer_not_a_site_visit(page, app):
    """The PPID officer's page for an information request said 'Terima laporan' and
    suggested 'petugas sudah menuju lokasi' and 'kirim titik lokasi' (a pothole's words)."""
    officer_page(page, "PPID", "Putri", kind="info_request")
    assert page.locator("h3", has_text="Terima permohonan").count() == 1
    hints = page.locator("form textarea").evaluate_all("ts => ts.map(t => t.placeholder)")
    assert not any("lokasi" in hint for hint in hints), hints
    assert "Jawaban tertulis: informasi yang diberikan, atau alasan bila ditolak" in hints
