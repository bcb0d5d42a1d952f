"""The "a" shortcut on a ticket page a colleague holds: one keystroke took the ticket from
them ("Penugasan disimpan."), while the same key on the inbox never takes a colleague's
ticket. On their ticket it now says who holds it and leaves the choice to the menu."""

from __future__ import annotations

from aduan.extensions import db
from sla import clocks
from tests import factories
from tests.browser.helpers import app_ready, wait_until
from tests.inbox.helpers import make_user
from ticketing.models import Ticket, utcnow


def test_a_on_a_colleagues_ticket_does_not_take_it(page, login):
    colleague = make_user("agent", email="rina@example.org")
    colleague.name = "Rina"
    item = factories.ticket(created=utcnow())
    clocks.start(item, item.created_at)
    item.assignee_id = colleague.id
    db.session.commit()
    login("agent")
    page.goto(f"/tickets/{item.number}")
    app_ready(page)
    page.keyboard.press("a")
    wait_until(page, "!document.querySelector('#assign-held').hidden")
    assert "Rina" in page.inner_text("#assign-held")
    assert page.evaluate("document.activeElement.name") == "user"  # the menu, to choose
    page.wait_for_timeout(500)  # a submit would have reloaded the page by now
    assert page.locator(".flash.ok").count() == 0
    db.session.expire_all()
    assert db.session.get(Ticket, item.id).assignee_id == colleague.id


def test_a_on_an_unassigned_ticket_still_takes_it(page, login):
    item = factories.ticket(created=utcnow())
    clocks.start(item, item.created_at)
    db.session.commit()
    user = login("agent")
    page.goto(f"/tickets/{item.number}")
    app_ready(page)
    assert page.locator("#assign-held").count() == 0
    page.keyboard.press("a")
    page.wait_for_selector(".flash.ok")
    db.session.expire_all()
    assert db.session.get(Ticket, item.id).assignee_id == user.id
