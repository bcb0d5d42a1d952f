"""A supervisor's report page in a real browser: each chart draws with one axis of its
own (0-100 % for the promise kept), no script error, and a number opens its tickets."""

from __future__ import annotations

from datetime import timedelta

from aduan.extensions import db
from sla import clocks
from tests import factories
from ticketing.models import utcnow


def test_the_report_charts_have_one_honest_axis_each(page, login):
    created = utcnow() - timedelta(days=3)
    ticket = factories.ticket(created=created, opd="DLH")
    clocks.start(ticket, created)
    db.session.commit()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    login("supervisor")
    page.goto("/reports/?dim=opd&days=30")
    axes = page.evaluate(
        """() => ["chart-pct", "chart-fr", "chart-backlog"].map(id => {
            const chart = Chart.getChart(document.getElementById(id));
            const axis = id === "chart-backlog" ? "y" : "x";
            const value = Object.values(chart.scales).filter(s => s.axis === axis);
            return value.map(s => [s.min, s.max]);
        })"""
    )
    assert errors == []
    assert axes[0] == [[0, 100]]  # the share of promises kept: always 0-100 %
    assert len(axes[1]) == 1 and axes[1][0][0] == 0  # working hours from 0
    assert axes[2][0][0] == 0  # ticket counts from 0
    page.click("td a[href*='metric=tickets']")
    assert ticket.number in page.locator("main").inner_text()


def test_the_api_reference_renders_from_the_vendored_redoc(page):
    """Redoc's sidebar asks a CDN for its logo; the page's CSP blocks it, so nothing
    leaves the browser."""
    local = ("http://127.0.0.1", "http://localhost", "blob:", "data:")
    finished: list[str] = []
    blocked: list[str] = []
    page.on("requestfinished", lambda request: finished.append(request.url))
    page.on("requestfailed", lambda request: blocked.append(request.failure or ""))
    page.goto("/api/v1/docs")
    page.wait_for_selector("text=Aduan API", timeout=20000)
    assert page.get_by_text("Sends a reply to the citizen on their own channel").count() >= 1
    assert [url for url in finished if not url.startswith(local)] == []
    assert all("csp" in reason.lower() for reason in blocked), blocked


def test_the_report_filters_wrap_instead_of_widening_the_page(page, login):
    """The filter row (two dates, three menus, a button) never wrapped: on a 1280 px
    screen "Tampilkan" was cut at the edge, on 1024 px the page scrolled sideways."""
    login("supervisor")
    for width in (1280, 1024):
        page.set_viewport_size({"width": width, "height": 800})
        for path in ("/reports/", "/reports/trend"):
            page.goto(path)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (width, path)


def test_the_weekly_trend_charts_share_each_row_evenly(page, login):
    """The trend page laid its charts out in the ticket page's columns (the rest, then a
    340 px sidebar): the promise-kept and rating charts were squeezed into a third of
    the row, their week labels tilted and their last week cut off."""
    created = utcnow() - timedelta(days=3)
    ticket = factories.ticket(created=created, opd="DLH")
    clocks.start(ticket, created)
    db.session.commit()
    login("supervisor")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/reports/trend")
    widths = page.locator("canvas").evaluate_all(
        "cs => cs.map(c => Math.round(c.closest('.card').getBoundingClientRect().width))"
    )
    assert len(widths) >= 2 and max(widths) - min(widths) <= 2, widths


def test_the_report_tabs_wrap_on_a_phone(page, login):
    """The eight tabs (Per OPD ... Per bulan) had no space between them, so they could not
    wrap: on a 390 px phone the page was twice as wide and 'Per agen', 'Per minggu' and
    'Per bulan' were off screen."""
    login("supervisor")
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ("/reports/", "/reports/?dim=channel"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        right = page.locator(".tabs a").evaluate_all(
            "links => links.map(a => a.getBoundingClientRect().right)"
        )
        assert len(right) == 8 and max(right) <= 390, (path, right)


def test_unit_names_on_the_charts_are_not_cut_on_a_phone(page, login):
    """At 375 px the bar charts' axis showed "nas Pemadam Ke…" and "· Dinas Sumber D…": a
    unit's full name was cut at its start. A phone reads the code; a wide screen the name."""
    created = utcnow() - timedelta(days=3)
    for opd in ("DPKP", "DSDABM"):
        clocks.start(factories.ticket(created=created, opd=opd), created)
    db.session.commit()
    login("supervisor")
    labels = """() => ["chart-pct", "chart-fr"].map(id => {
        const y = Chart.getChart(document.getElementById(id)).scales.y;
        const fits = y.left >= 0 && y.width >= Math.max(...y._labelSizes.widths);
        return [fits, y.ticks.map(t => t.label)];
    })"""
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/reports/?dim=opd&days=30")
    for fits, said in page.evaluate(labels):
        assert fits and sorted(said) == ["DPKP", "DSDABM"], said
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/reports/?dim=opd&days=30")
    for fits, said in page.evaluate(labels):
        assert fits and any(label.startswith("DPKP · Dinas Pemadam") for label in said), said
