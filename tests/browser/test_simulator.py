"""The simulator's chat logs in a real browser: the web links in the desk's messages (an
officer's signed link, a citizen's tracking link) can be clicked as in a chat app, and
nothing else a message holds becomes markup."""

from __future__ import annotations

MESSAGE = (
    'Tindak lanjuti: http://127.0.0.1:8000/o/eyJsIjox.-HFj_Gw. <b>tebal</b> & "kutip" '
    "(Pantau: https://aduan.example/lacak/MC-2026-000001)"
)


def test_links_in_a_chat_log_are_clickable_and_the_rest_stays_text(page, login, app, monkeypatch):
    monkeypatch.setitem(app.config, "SANDBOX", True)
    login()
    page.goto("/simulator/")
    hrefs, bold, text = page.evaluate(
        """(message) => {
          const bubble = document.createElement("div");
          bubble.innerHTML = linked(message);
          return [
            Array.from(bubble.querySelectorAll("a")).map(a => [a.getAttribute("href"), a.target]),
            bubble.querySelectorAll("b").length,
            bubble.textContent,
          ];
        }""",
        MESSAGE,
    )
    assert hrefs == [  # the sentence's full stop and the closing bracket are not the link's
        ["http://127.0.0.1:8000/o/eyJsIjox.-HFj_Gw", "_blank"],
        ["https://aduan.example/lacak/MC-2026-000001", "_blank"],
    ]
    assert bold == 0
    assert text == MESSAGE
