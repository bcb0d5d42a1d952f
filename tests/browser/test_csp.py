"""Every screen under the Content-Security-Policy in a real browser: no script, style or
handler is refused (a refused one is a feature that silently stopped working), no
script error, and the filters that applied on change still do (data-autosubmit)."""

from __future__ import annotations

from typing import Any

from aduan.extensions import db
from sla import clocks
from tests import factories
from tests.browser.helpers import app_ready, wait_until
from tests.inbox.helpers import link_tokens
from tests.public.helpers import listed_ticket
from ticketing import actions
from ticketing.models import utcnow


def _watch(page: Any) -> list[str]:
    """Returns the list that collects CSP refusals and script errors of `page`."""
    problems: list[str] = []
    page.on(
        "console",
        lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    return problems


def test_no_screen_is_refused_by_the_csp(page, login, app, monkeypatch):
    monkeypatch.setitem(app.config, "SANDBOX", True)  # the simulator's page too
    now = utcnow()
    factories.officer("Andi", opd="DSDABM")
    ticket = factories.ticket(status="triage", opd=None, created=now)
    ticket.latitude, ticket.longitude = -7.2575, 112.7521
    clocks.start(ticket, now)
    actions.route(ticket, actions.Actor("agent", None, "Agen"), "DSDABM")
    listed = listed_ticket(now)
    db.session.commit()
    (token,) = link_tokens("officer_notify").values()
    problems = _watch(page)
    login("admin")
    screens = [
        "/inbox",
        "/inbox/map",
        f"/tickets/{ticket.number}",
        f"/contacts/{ticket.contact_id}",
        "/canned/",
        "/reports/?dim=opd&days=30",
        "/reports/trend",
        "/reports/tickets",
        "/admin/",
        "/admin/directory",
        "/admin/history",
        "/admin/opd/DSDABM",
        "/admin/sla/",
        "/admin/channels/",
        "/admin/api/",
        f"/o/{token}",
        "/lapor",
        "/peta",
        f"/lacak/{listed.number}",
        "/lacak",
        "/kinerja",
        "/simulator/",
    ]
    for url in screens:
        response = page.goto(url)
        assert response.status < 400, url
        page.wait_for_load_state("load")
        assert problems == [], (url, problems)
    page.goto(f"/tickets/{ticket.number}")
    page.wait_for_selector("#map[data-ready] .leaflet-marker-icon")
    assert problems == []


def test_a_filter_still_applies_when_chosen(page, login):
    factories.ticket(created=utcnow(), opd="DLH")
    factories.ticket(created=utcnow(), opd="DSDABM")
    db.session.commit()
    problems = _watch(page)
    login()
    page.goto("/inbox")
    app_ready(page)
    page.select_option("select[name=opd]", "DLH")
    page.wait_for_url("**opd=DLH**")
    wait_until(page, "document.querySelectorAll('#queue tr[data-number]').length === 1")
    assert problems == []
