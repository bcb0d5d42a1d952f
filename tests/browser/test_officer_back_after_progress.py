"""Back after the officer sent progress with a photo: the browser put the sent text and
the photo back in the form of the page before (its label said "Belum ada foto dipilih"
while the photo was still attached), and one more tap sent both to the citizen again.
The officer's forms come back empty."""

from __future__ import annotations

from sqlalchemy import func, select

from aduan.extensions import db
from tests import factories
from tests.browser.helpers import officer_page
from ticketing.models import Outbound


def test_back_after_progress_does_not_offer_the_text_and_photo_again(page, app):
    ticket = officer_page(page)
    form = "form[action$='/progress']"
    page.fill(f"{form} textarea", "Petugas sudah menuju lokasi")
    page.set_input_files(
        f"{form} input[type=file]",
        files=[{"name": "bukti.png", "mimeType": "image/png", "buffer": factories.png()}],
    )
    with page.expect_navigation():
        page.click(f"{form} button")
    page.wait_for_selector("text=Perkembangan dikirim ke warga")
    page.go_back()
    page.wait_for_load_state()
    assert page.input_value(f"{form} textarea") == ""
    assert page.evaluate(f'document.querySelector("{form} input[type=file]").files.length') == 0
    stmt = select(func.count()).where(
        Outbound.ticket_id == ticket.id, Outbound.purpose == "progress"
    )
    assert db.session.execute(stmt).scalar() == 1
