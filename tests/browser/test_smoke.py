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
