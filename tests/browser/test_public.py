"""The public side in a real browser on a 390 px phone: the report form with a map pin,
the tracking page, and the map with its markers and list. There is no internet here:
tile requests are refused, and the pages must work without tiles."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from aduan.extensions import db
from tests.public.helpers import listed_ticket

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser: Any, live_url: str, app: Any) -> Iterator[Any]:
    """A tab the size of a phone; map tiles (the internet) are refused."""
    context = browser.new_context(base_url=live_url, locale="id-ID", viewport=PHONE)
    context.set_default_timeout(10_000)
    context.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.errors = errors
    yield tab
    context.close()
    assert errors == []


def _fits(tab: Any) -> None:
    assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_citizen_reports_a_pothole_with_a_pin_on_a_phone(phone, drain):
    phone.goto("/lapor")
    _fits(phone)
    phone.select_option("#service_code", "jalan-rusak")
    assert phone.is_visible("select[name='attribute[ukuran]']")
    phone.select_option("select[name='attribute[ukuran]']", "besar")
    phone.fill("textarea[name=description]", "Lubang besar di depan SDN Ketabang")
    phone.click("#pick-map", position={"x": 200, "y": 120})
    assert phone.input_value("#lat") and phone.input_value("#long")
    assert phone.locator("#pick-map .leaflet-marker-icon").count() == 1
    phone.click("button[type=submit]")
    phone.wait_for_url("**/lapor/terkirim/**")
    drain()
    phone.goto(phone.url)
    number = phone.inner_text("#number")
    assert number.startswith("MC-")
    phone.click(f"a[href^='/lacak/{number}?k=']")
    assert phone.inner_text("h1") == "Jalan rusak / berlubang"
    assert "Seberapa besar kerusakannya: Besar" in phone.inner_text(".description")
    assert "Diteruskan ke Dinas Sumber Daya Air dan Bina Marga" in phone.inner_text(".timeline")
    _fits(phone)


def test_the_map_shows_markers_and_the_list_without_tiles(phone, app):
    now = datetime.now(UTC)
    one = listed_ticket(now - timedelta(hours=3), service_code="jalan-rusak")
    two = listed_ticket(now - timedelta(hours=2), opd="DISHUB", service_code="pju-mati", lat=-7.28)
    numbers = {one.number, two.number}
    listed_ticket(now - timedelta(hours=1), opd="DLH", lat=None, long=None)  # list only
    db.session.commit()
    phone.goto("/peta")
    phone.wait_for_selector("#map[data-markers='2']")
    assert phone.locator("#map .leaflet-marker-icon").count() == 2
    assert phone.locator("#reports li.report").count() == 3
    _fits(phone)
    phone.locator("#map .leaflet-marker-icon").first.click()
    phone.click(".leaflet-popup-content a")
    phone.wait_for_url("**/lacak/**")
    assert phone.url.rsplit("/", 1)[1] in numbers
    assert phone.inner_text(".number") in numbers


LONG_LINK = "https://drive.google.com/file/d/" + "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789" * 4


def test_a_pasted_link_in_a_report_never_widens_a_phone_page(phone):
    """A citizen's pasted link (one word of 150 characters) ran past the description's
    box: the tracking page scrolled sideways on a phone."""
    ticket = listed_ticket(
        datetime.now(UTC) - timedelta(hours=2), summary=f"Jalan rusak, lihat foto {LONG_LINK}"
    )
    db.session.commit()
    for path in (f"/lacak/{ticket.number}", "/peta"):
        phone.goto(path)
        _fits(phone)


def test_the_performance_page_marks_the_period_it_shows(phone):
    """/kinerja's 30/90/365 days were a column of three alike links (the map filters'
    grid): which period the table covered was not to be seen."""
    phone.goto("/kinerja?hari=30")
    _fits(phone)
    links = phone.evaluate(
        """Array.from(document.querySelectorAll('.periods a')).map(a => [
             a.textContent.trim(), getComputedStyle(a).fontWeight, a.offsetTop])"""
    )
    assert [text for text, _, _ in links] == ["30 hari", "90 hari", "365 hari"]
    weights = {text: int(weight) for text, weight, _ in links}
    assert weights["30 hari"] >= 700 and weights["90 hari"] < 700
    assert len({top for _, _, top in links}) == 1  # one line


def test_the_photo_input_speaks_the_pages_language(phone, tmp_path):
    """The browser's own "Choose Files" / "No file chosen" is hidden: the label says
    "Pilih foto", opens the picker when tapped, and says what was chosen."""
    photo = tmp_path / "lubang.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0" + b"0" * 64)
    phone.goto("/lapor")
    native = phone.locator("input[type=file][name=photo]")
    box = native.bounding_box()
    assert box is None or (box["width"] <= 1 and box["height"] <= 1)
    assert phone.inner_text(".file-pick-button") == "Pilih foto"
    assert phone.inner_text(".file-pick-chosen") == "Belum ada foto dipilih"
    with phone.expect_file_chooser() as chooser:
        phone.click(".file-pick-button")
    chooser.value.set_files(str(photo))
    assert phone.inner_text(".file-pick-chosen") == "Dipilih: lubang.jpg"
    _fits(phone)
