"""A ticket a unit returned as "not ours" comes back to the desk: the route form neither
suggests nor preselects that unit again (one click on "Teruskan" sent it straight back),
and says which unit returned it."""

from __future__ import annotations

from aduan.extensions import db
from sla import clocks
from tests import factories
from ticketing import actions
from ticketing.models import utcnow


def test_the_unit_that_returned_a_ticket_is_not_suggested_again(page, login):
    officer = factories.officer("Andi", opd="DISHUB")
    ticket = factories.ticket(status="routed", opd="DISHUB", created=utcnow())
    ticket.suggestions = [["DISHUB", 0.68], ["DLH", 0.3], ["DSDABM", 0.02]]
    clocks.start(ticket, utcnow())
    actions.reject(ticket, actions.Actor.officer(officer, None), "Itu lampu taman, urusan DLH")
    db.session.commit()
    login()
    page.goto(f"/tickets/{ticket.number}")
    form = page.locator("#route-form")
    assert form.locator("select[name=opd]").input_value() == "DLH"
    words = form.inner_text()
    assert "Saran: DLH (30%), DSDABM (2%)" in words and "DISHUB (68%)" not in words
    assert "Dikembalikan sebagai bukan wewenang oleh: DISHUB" in words


def test_a_near_zero_suggestion_is_not_preselected(page, login):
    officer = factories.officer("Andi", opd="DISHUB")
    ticket = factories.ticket(status="routed", opd="DISHUB", created=utcnow())
    ticket.suggestions = [["DISHUB", 0.99], ["DLH", 0.004], ["DISPUSIP", 0.001]]
    clocks.start(ticket, utcnow())
    actions.reject(ticket, actions.Actor.officer(officer, None), "Bukan urusan kami")
    db.session.commit()
    login()
    page.goto(f"/tickets/{ticket.number}")
    select = page.locator("#route-form select[name=opd]")
    assert select.input_value() == ""  # "Pilih unit…": the agent chooses
    assert select.locator("option:checked").inner_text() == "Pilih unit…"
