"""The browser can reach the desk: an agent logs in, and the screens switch language."""

from __future__ import annotations


def test_an_agent_logs_in_and_sees_the_inbox(page, login):
    login("agent")
    assert page.url.endswith("/inbox") or "/inbox" in page.url
    assert page.locator("nav").inner_text().startswith("Kotak masuk")
    assert page.locator("html").get_attribute("lang") == "id"


def test_the_screens_switch_to_english_and_back(page, login):
    login("agent")
    page.click("a[href='/lang/en']")
    assert "Inbox" in page.locator("nav").inner_text()
    assert page.locator("html").get_attribute("lang") == "en"
    page.click("a[href='/lang/id']")
    assert "Kotak masuk" in page.locator("nav").inner_text()


def test_link_buttons_sit_on_the_line_of_their_neighbours(page, login):
    """Every button had a top margin, the link-looking ones too: "Keluar" sat below the
    name beside it, "Pintasan (?)" below the "Peta" link."""
    login("agent")

    def middle(selector: str) -> float:
        box = page.locator(selector).first.bounding_box()
        return box["y"] + box["height"] / 2

    assert abs(middle("form.who button.link") - middle("form.who span")) <= 1
    assert abs(middle(".filters button.link") - middle(".filters a")) <= 1


def test_the_admin_pages_fit_a_phone(page, login):
    """On a 390 px phone the partners page scrolled sideways: the webhook URL box
    (size=50) would not shrink in its row."""
    login("admin")
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ("/admin/", "/admin/opd/DLH", "/admin/sla/", "/admin/api/", "/canned/"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path


def test_the_search_hint_fits_its_box_in_both_languages(page, login):
    """The inbox search box cut its hint: "Cari nomor, telepon, nama atau isi pesan (" in
    Indonesian, "...message w" in English; the "(/)" that names the shortcut was lost."""
    login("agent")
    for language in ("id", "en"):
        page.goto(f"/lang/{language}")
        page.goto("/inbox")
        text, room = page.evaluate(
            """() => {
              const box = document.getElementById("search"), style = getComputedStyle(box);
              const ruler = document.createElement("canvas").getContext("2d");
              ruler.font = style.font;
              const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
              return [ruler.measureText(box.placeholder).width, box.clientWidth - padding];
            }"""
        )
        assert text < room, (language, text, room)
