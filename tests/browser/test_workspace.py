"""An agent's shift in a real browser: tabs and paging, search, assign, reply with a
canned reply, a note, route, bulk, the keyboard, the map, an emergency alert."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from aduan.extensions import db
from sla import clocks
from tests import factories
from tests.browser.helpers import app_ready, wait_until
from ticketing import canned
from ticketing.models import Outbound, Ticket, utcnow


def _tickets(count: int, **kwargs) -> list[Ticket]:
    now = utcnow()
    items = []
    for i in range(count):
        item = factories.ticket(
            created=now - timedelta(minutes=i), summary=f"Got mampet {i}", **kwargs
        )
        clocks.start(item, item.created_at)
        items.append(item)
    db.session.commit()
    return items


def _go(page, selector: str) -> None:
    """Clicks a link and waits for the page it opens (reading rows at once could find
    the new page half-parsed: no rows yet)."""
    with page.expect_navigation():
        page.click(selector)


def _rows(page) -> list[str]:
    return page.locator("#queue tr[data-number]").evaluate_all(
        "rows => rows.map(r => r.dataset.number)"
    )


def test_tabs_paging_and_search(page, login):
    items = _tickets(53)
    triage = factories.ticket(
        created=utcnow(), status="triage", opd=None, summary="Lampu PJU mati Kenjeran"
    )
    clocks.start(triage, triage.created_at)
    db.session.commit()
    login()
    page.goto("/inbox")
    assert page.locator("[data-tab=open] .count").inner_text() == "54"
    first = _rows(page)
    assert len(first) == 50
    _go(page, "[data-page=next]")
    second = _rows(page)
    assert len(second) == 4 and not set(first) & set(second)
    _go(page, "[data-page=prev]")
    assert _rows(page) == first
    _go(page, "[data-tab=triage]")
    assert _rows(page) == [triage.number]
    app_ready(page)
    page.keyboard.press("/")
    page.keyboard.type("kenjeran")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=kenjeran**")
    assert _rows(page) == [triage.number]
    assert items[0].number not in _rows(page)


def test_assign_reply_with_a_canned_reply_note_and_route(page, login):
    (item,) = _tickets(1, status="triage", opd=None)
    item.suggestions = [["DLH", 0.7], ["DSDABM", 0.2]]
    user = login()
    canned.save(user, "Terima kasih", "Terima kasih {nama}, laporan {nomor} kami proses.")
    db.session.commit()
    page.goto(f"/tickets/{item.number}")
    app_ready(page)
    page.keyboard.press("a")  # assign to me
    page.wait_for_selector(".flash.ok")
    assert page.locator("[data-assignee]").inner_text() == user.name
    app_ready(page)  # the page reloaded after the assignment: htmx must be listening
    page.select_option("select[name=canned]", label="Terima kasih")
    wait_until(page, "document.querySelector('#reply-text').value.includes('kami proses')")
    assert item.number in page.input_value("#reply-text")
    page.click("#reply-form button")
    page.wait_for_selector(".flash.ok")
    row = db.session.execute(select(Outbound).where(Outbound.ticket_id == item.id)).scalar_one()
    assert "kami proses" in row.text
    app_ready(page)
    page.keyboard.press("n")
    page.keyboard.type("Cek dulu ke kelurahan")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("article.msg.note")
    assert "Cek dulu ke kelurahan" in page.locator("article.msg.note").inner_text()
    assert page.locator("#route-form select").input_value() == "DLH"  # the top suggestion
    page.click("#route-form button")
    page.wait_for_selector(".flash.ok")
    db.session.expire_all()
    assert db.session.get(Ticket, item.id).opd_code == "DLH"
    page.goto("/inbox?view=mine")
    assert _rows(page) == [item.number]


def test_a_canned_reply_keeps_what_the_agent_had_written(page, login):
    """Choosing a canned reply swapped the whole reply box: the greeting the agent had
    typed was gone; choosing another canned reply replaces the first, not the greeting."""
    (item,) = _tickets(1)
    user = login()
    canned.save(user, "Proses", "Laporan {nomor} kami proses.")
    canned.save(user, "Lokasi", "Mohon kirim titik lokasi.")
    db.session.commit()
    page.goto(f"/tickets/{item.number}")
    app_ready(page)
    page.fill("#reply-text", "Selamat malam,")
    page.select_option("select[name=canned]", label="Proses")
    wait_until(page, "document.querySelector('#reply-text').value.includes('kami proses')")
    assert (
        page.input_value("#reply-text") == f"Selamat malam,\n\nLaporan {item.number} kami proses."
    )
    page.select_option("select[name=canned]", label="Lokasi")
    wait_until(page, "document.querySelector('#reply-text').value.includes('titik lokasi')")
    assert page.input_value("#reply-text") == "Selamat malam,\n\nMohon kirim titik lokasi."
    page.select_option("select[name=canned]", value="")  # back to "Balasan cepat…"
    wait_until(page, "!document.querySelector('#reply-text').value.includes('titik lokasi')")
    assert page.input_value("#reply-text") == "Selamat malam,"


def test_bulk_resolve_with_the_keyboard(page, login):
    items = _tickets(3)
    login()
    page.goto("/inbox")
    app_ready(page)
    page.keyboard.press("?")
    assert page.locator("dialog#shortcuts").is_visible()
    page.keyboard.press("Escape")
    page.keyboard.press("j")
    page.keyboard.press("x")
    page.keyboard.press("j")
    page.keyboard.press("x")
    assert page.locator("[data-picked]").inner_text() == "2"
    page.keyboard.press("e")  # prepares the bulk resolve and asks for the note
    assert page.locator("#bulk select[name=action]").input_value() == "resolve"
    page.keyboard.type("Sudah dibersihkan")
    page.keyboard.press("Enter")
    page.wait_for_selector(".flash.ok")
    assert "2 laporan diproses" in page.locator(".flash.ok").inner_text()
    db.session.expire_all()
    statuses = sorted(db.session.get(Ticket, t.id).status for t in items)
    assert statuses == ["resolved", "resolved", "routed"]
    assert _rows(page) == [
        t.number for t in items if db.session.get(Ticket, t.id).status == "routed"
    ]


def test_maps_render_markers_without_tiles(page, login):
    located = _tickets(2)
    located[0].latitude, located[0].longitude = -7.2575, 112.7521
    located[1].latitude, located[1].longitude = -7.2900, 112.7300
    db.session.commit()
    login()
    page.goto(f"/tickets/{located[0].number}")
    page.wait_for_selector("#map[data-ready] .leaflet-marker-icon")
    page.goto("/inbox/map")
    page.wait_for_selector("#map[data-ready='2']")
    assert page.locator("#map .leaflet-marker-icon").count() == 2
    assert "2" in page.locator("[data-map-count]").inner_text()


def test_a_new_emergency_raises_an_alert(page, login):
    _tickets(1)
    login()
    page.goto("/inbox")
    wait_until(page, "window.aduan.latest() > 0")  # the page learnt the newest id
    emergency = factories.ticket(
        created=utcnow(), kind="emergency", opd="BPBD", summary="Kebakaran rumah"
    )
    db.session.commit()
    page.evaluate("window.aduan.live()")
    alert = page.wait_for_selector(".emergency-alert")
    assert emergency.number in alert.inner_text() and "Kebakaran" in alert.inner_text()


# The browser's block on sound before a click, as Chrome applies it, made a test that
# depends on Chrome's rules (a click carried over from the sign-in page unblocks it):
# here every AudioContext stays "suspended" until a real click on the page.
BLOCKED_SOUND = """(() => {
  const Real = window.AudioContext;
  let clicked = false;
  window.addEventListener("click", () => { clicked = true; }, true);
  window.AudioContext = class extends Real {
    get state() { return clicked ? super.state : "suspended"; }
    resume() { return clicked ? super.resume() : Promise.resolve(); }
  };
})();"""


def test_an_alert_before_any_click_says_how_to_turn_the_sound_on(page, login):
    """Browsers keep sound blocked until the agent clicks the page: the first emergency
    of a shift beeped for nobody, and nothing said so. The alert comes on the first page
    of a new tab, which has seen every ticket but the emergency (no earlier page whose
    poll could see the emergency first)."""
    seen = _tickets(1)[0]
    login()
    factories.ticket(created=utcnow(), kind="emergency", opd="BPBD", summary="Kebakaran")
    db.session.commit()
    tab = page.context.new_page()
    tab.add_init_script(BLOCKED_SOUND)
    tab.add_init_script(f"sessionStorage.setItem('aduan.latest', '{seen.id}')")
    tab.goto("/inbox")
    tab.wait_for_selector(".emergency-alert")
    hint = tab.wait_for_selector("#sound-off")
    assert "mengklik" in hint.inner_text()
    tab.click("#sound-off button")
    tab.wait_for_selector("#sound-off", state="detached")
    assert tab.evaluate("window.aduan.sound()") == "running"


def test_an_emergency_alerts_on_a_ticket_page_and_after_moving_pages(page, login):
    """The alert polled only on the inbox, and each page learnt the newest id afresh: an
    emergency that came while the agent worked a ticket, or between two pages, never
    beeped."""
    ticket = _tickets(1)[0]
    login()
    page.goto(f"/tickets/{ticket.number}")
    wait_until(page, "window.aduan.latest() > 0")
    first = factories.ticket(created=utcnow(), kind="emergency", opd="BPBD", summary="Banjir")
    db.session.commit()
    page.evaluate("window.aduan.live()")
    assert first.number in page.wait_for_selector(".emergency-alert").inner_text()
    wait_until(page, f"window.aduan.latest() >= {first.id}")
    second = factories.ticket(
        created=utcnow(), kind="emergency", opd="BPBD", summary="Kebakaran gudang"
    )
    db.session.commit()
    page.goto("/inbox")  # arrived while moving: the next page alerts it, once
    alert = page.wait_for_selector(".emergency-alert")
    assert second.number in alert.inner_text() and first.number not in alert.inner_text()


def test_the_inbox_and_a_contact_fit_a_phone(page, login):
    """On a 390 px phone the page never scrolls sideways: a wide table scrolls in its box."""
    ticket = _tickets(3)[0]
    login("agent")
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ("/inbox", f"/contacts/{ticket.contact_id}"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
    assert page.locator("table.tickets").first.evaluate("t => t.scrollWidth > t.clientWidth")


def test_e_then_enter_resolves_on_the_ticket_page_too(page, login):
    """The shortcuts say "e: tandai selesai (isi catatan, lalu Enter)"; on a ticket page
    Enter only added a new line to the resolve note and nothing was resolved."""
    (item,) = _tickets(1)
    login()
    page.goto(f"/tickets/{item.number}")
    app_ready(page)
    page.keyboard.press("e")
    page.keyboard.type("Got sudah dikeruk")
    page.keyboard.press("Enter")
    page.wait_for_selector(".flash.ok")
    db.session.expire_all()
    resolved = db.session.get(Ticket, item.id)
    assert resolved.status == "resolved"


def test_shortcuts_work_after_ticking_select_all(page, login):
    """Ticking "select all" left the focus on that box, where every shortcut was ignored:
    "e" did not ask for the note, the note typed went nowhere and Enter ran the default
    bulk action (take them all) instead of resolving."""
    items = _tickets(3)
    login()
    page.goto("/inbox")
    app_ready(page)
    page.click("[data-pick-all]")
    assert page.locator("[data-picked]").inner_text() == "3"
    page.keyboard.press("e")
    assert page.locator("#bulk select[name=action]").input_value() == "resolve"
    assert page.evaluate("document.activeElement.name") == "note"
    page.keyboard.type("Sudah dibersihkan semua")
    page.keyboard.press("Enter")
    page.wait_for_selector(".flash.ok")
    assert "3 laporan diproses" in page.locator(".flash.ok").inner_text()
    db.session.expire_all()
    assert {db.session.get(Ticket, t.id).status for t in items} == {"resolved"}
    assert {db.session.get(Ticket, t.id).assignee_id for t in items} == {None}


def test_a_ticket_number_never_breaks_across_lines(page, login):
    """In a narrow column (a phone, the closed tab's long summaries) the number broke at
    its hyphens: "MC-" / "2026-" / "000004", three lines for one number to read out."""
    (ticket,) = _tickets(1)
    login("agent")
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ("/inbox", f"/contacts/{ticket.contact_id}"):
        page.goto(path)
        link = page.locator(f"table.tickets a:text-is('{ticket.number}')").first
        assert link.evaluate("a => a.getClientRects().length") == 1, path
    page.goto("/inbox")  # the unread dot stays on the number's line
    cell = page.locator(f"tr[data-number='{ticket.number}'] td:has(a)").first
    assert cell.evaluate("td => td.querySelector('.dot') !== null")
    dot, link = (cell.locator(s).bounding_box() for s in (".dot", "a"))
    assert abs(dot["y"] + dot["height"] / 2 - (link["y"] + link["height"] / 2)) <= 2


OVERFLOWING_BUBBLES = (
    "Array.from(document.querySelectorAll('.msg'))"
    ".filter(m => m.scrollWidth > m.clientWidth).length"
)


def test_a_long_word_breaks_inside_the_ticket_page(page, login):
    """A pasted link or a name without spaces ran past its message bubble (under the
    side column on a laptop) and made a phone's ticket page scroll sideways."""
    link = "https://drive.google.com/file/d/" + "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789" * 4
    (ticket,) = _tickets(1)
    ticket.summary = f"Jalan rusak, lihat foto {link}"
    db.session.commit()
    login("agent")
    page.goto(f"/tickets/{ticket.number}")
    page.fill("#note-form textarea", f"Foto dari warga: {link}")
    page.click("#note-form button")
    page.wait_for_selector(".flash.ok")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"/tickets/{ticket.number}")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert page.evaluate(OVERFLOWING_BUBBLES) == 0, width


def test_a_tabs_count_stays_beside_its_label_on_a_phone(page, login):
    """On a 390 px phone the tab row wrapped inside a tab: "Belum ditugaskan" ended one
    line and its count began the next, beside the following tab ("22 Triase 0")."""
    _tickets(3)
    login("agent")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/inbox")
    broken = page.locator(".tabs a").evaluate_all(
        "tabs => tabs.filter(t => t.getClientRects().length > 1).map(t => t.textContent)"
    )
    assert broken == []


def test_a_queue_row_shows_its_status_and_due_time_on_a_phone(page, login):
    """On a 390 px phone the queue was the desktop table scrolled sideways in its box: a
    row showed its number and half its summary; its status, unit and due time were off
    screen, one row at a time."""
    _tickets(3)
    login("agent")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/inbox")
    cells = page.locator("#queue tr[data-number]").first.evaluate(
        """row => [...row.cells].map(c => {
            const r = c.getBoundingClientRect();
            return [Math.round(r.left), Math.round(r.right)];
        })"""
    )
    for left, right in cells:
        assert left >= 0 and right <= 390, cells
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_an_unknown_send_is_resent_from_the_ticket_page_and_the_alert_lists_it(page, login):
    (item,) = _tickets(1)
    row = Outbound(
        ticket_id=item.id,
        channel="telegram",
        recipient="880777",
        text="Laporan Anda kami terima",
        purpose="ack",
        status="unknown",
        attempts=1,
        next_attempt_at=utcnow(),
    )
    db.session.add(row)
    db.session.commit()
    login("admin")
    page.goto("/admin/")
    with page.expect_navigation():  # the alert leads to the ticket
        page.click(f"[role=alert] a:text('{item.number}')")
    app_ready(page)
    with page.expect_navigation():
        page.click("form.resend button:text('Kirim ulang')")
    assert "Pesan dimasukkan lagi ke antrean kirim." in page.inner_text("body")
    assert "pesan dikirim ulang oleh petugas" in page.inner_text("body")
    assert page.locator("form.resend").count() == 0  # decided: no second button
    db.session.expire_all()
    assert db.session.get(Outbound, row.id).status in ("pending", "sending", "sent")


def test_the_reply_box_asks_for_the_language_the_citizen_writes(page, login):
    """A citizen who writes English is answered in English by the desk, but the reply box
    told the agent to write Indonesian, before and after choosing a canned reply."""
    english, indonesian = _tickets(2)
    english.contact.locale = "en"
    user = login()
    canned.save(user, "Proses", "Laporan {nomor} kami proses.")
    db.session.commit()
    page.goto(f"/tickets/{english.number}")
    app_ready(page)
    hint = "document.querySelector('#reply-text').placeholder"
    assert page.evaluate(hint) == "Tulis balasan dalam bahasa Inggris"
    page.select_option("select[name=canned]", label="Proses")
    wait_until(page, "document.querySelector('#reply-text').value.includes('kami proses')")
    assert page.evaluate(hint) == "Tulis balasan dalam bahasa Inggris"
    page.goto(f"/tickets/{indonesian.number}")
    assert page.evaluate(hint) == "Tulis balasan dalam Bahasa Indonesia"


def test_escape_leaves_a_text_box_so_the_shortcuts_work_again(page, login):
    """After "r" (reply) an agent who changed their mind pressed Esc and then "n": the
    focus stayed in the reply box, "n" was typed into the citizen's reply and the note box
    never opened. Esc leaves the box, what was typed stays."""
    (item,) = _tickets(1)
    login()
    page.goto(f"/tickets/{item.number}")
    app_ready(page)
    page.keyboard.press("r")
    page.keyboard.type("Baik")
    page.keyboard.press("Escape")
    page.keyboard.press("n")
    assert page.evaluate("document.activeElement.closest('#note-form') !== null")
    assert page.locator("#reply-text").input_value() == "Baik"


def test_the_contact_line_stays_level_with_its_label(page, login):
    """The "Tampilkan" button of the masked contact kept a button's top margin: the whole
    line "Telegram: 70**01 Tampilkan" sat half a line below its label "Kontak"."""
    (item,) = _tickets(1)
    login()
    page.goto(f"/tickets/{item.number}")
    app_ready(page)
    label, value = page.evaluate(
        """() => {
        const dd = document.querySelector("dd form.reveal").closest("dd");
        const text = document.createRange();
        text.selectNodeContents(dd.firstChild);  // "Telegram: " before the form
        return [dd.previousElementSibling.getBoundingClientRect().top,
                text.getBoundingClientRect().top];
    }"""
    )
    assert abs(value - label) < 6
