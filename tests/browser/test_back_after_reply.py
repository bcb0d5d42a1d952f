"""Back after sending a reply: the browser put the sent text back in the reply box of the
page before, and one more click sent it to the citizen a second time. The reply box comes
back empty (the page itself is loaded anew: it never comes from the browser's cache)."""

from __future__ import annotations

from sqlalchemy import func, select

from aduan.extensions import db
from sla import clocks
from tests import factories
from tests.browser.helpers import app_ready
from ticketing.models import Outbound, Ticket, utcnow


def _open_ticket(page, login, **kwargs) -> Ticket:  # type: ignore[no-untyped-def]
    """A new ticket with its clock, open in an agent's browser."""
    item = factories.ticket(created=utcnow(), **kwargs)
    clocks.start(item, item.created_at)
    db.session.commit()
    login("agent")
    page.goto(f"/tickets/{item.number}")
    app_ready(page)
    return item


def test_back_after_a_reply_does_not_offer_it_again(page, login):
    item = _open_ticket(page, login)
    page.fill("#reply-text", "Petugas datang hari Rabu.")
    with page.expect_navigation():
        page.click("#reply-form button")
    page.wait_for_selector(".flash.ok")
    page.go_back()
    page.wait_for_load_state()
    app_ready(page)
    assert page.input_value("#reply-text") == ""
    stmt = select(func.count()).where(Outbound.ticket_id == item.id, Outbound.purpose == "reply")
    assert db.session.execute(stmt).scalar() == 1


def test_an_unsent_reply_is_kept_when_the_agent_leaves_and_comes_back(page, login):
    """The box has autocomplete off (above): an unsent reply was lost when the agent
    opened another page and came back."""
    item = _open_ticket(page, login)
    page.fill("#reply-text", "Mohon kirim foto lokasinya, Pak.")
    page.goto("/inbox")
    page.goto(f"/tickets/{item.number}")
    app_ready(page)
    assert page.input_value("#reply-text") == "Mohon kirim foto lokasinya, Pak."
    with page.expect_navigation():
        page.click("#reply-form button")
    page.wait_for_selector(".flash.ok")
    page.goto(f"/tickets/{item.number}")  # sent: nothing kept
    app_ready(page)
    assert page.input_value("#reply-text") == ""


def test_a_refused_reply_keeps_what_was_typed(page, login):
    """The draft was dropped as the form went: a reply the desk refused (the citizen left
    no number) came back as an empty box, the agent's text lost."""
    _open_ticket(page, login, channel="web")
    page.fill("#reply-text", "Jalan sudah kami periksa, mohon tunggu.")
    with page.expect_navigation():
        page.click("#reply-form button")
    page.wait_for_selector(".flash.error")
    app_ready(page)
    assert page.input_value("#reply-text") == "Jalan sudah kami periksa, mohon tunggu."


def test_a_draft_is_not_left_to_the_next_agent_after_signing_out(page, login):
    """A shift change at one screen: the draft the first agent left unsent came back in
    the reply box of the next agent who signed in on the same tab and opened the ticket."""
    item = _open_ticket(page, login)
    page.fill("#reply-text", "Draf agen pertama.")
    with page.expect_navigation():
        page.click("form.who button")
    login("agent", email="kedua@aduan.local")
    page.goto(f"/tickets/{item.number}")
    app_ready(page)
    assert page.input_value("#reply-text") == ""
