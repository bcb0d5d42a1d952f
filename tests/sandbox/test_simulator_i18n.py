"""The simulator page follows the screen language like the other staff screens: labels,
buttons, hints and the texts its scripts write are English under /lang/en, while the
sample complaints (what a citizen would send) stay Indonesian in both languages."""

from __future__ import annotations

import json
import re

import pytest
from flask_babel import refresh

from sandbox.simulator import SANDBOXES
from tests.inbox.helpers import login, make_user

# Indonesian screen texts the page had, one or more per panel (and the scripts' texts).
INDONESIAN = (
    "Simulator warga",
    "SMS · WhatsApp · Telepon",
    "Kirim lokasi",
    "Coba pesan ini",
    "Belum ada panggilan.",
    "Tutup jendela 24 jam",
    "Yang diucapkan bot",
    "Nomor warga",
    "Kirim mention",
    "Tweet publik",
    "Terkirim; menunggu polling berikutnya...",
    "Panggilan gagal.",
    "menunggu tombol",
    "Jendela 24 jam ditutup",
    "kotak masuk",
)
ENGLISH = (
    "Citizen simulator",
    "SMS · WhatsApp · Phone",
    "Send location",
    "Try these messages",
    "No call yet.",
    "Close the 24-hour window",
    "What the bot says",
    "Citizen's number",
    "Send mention",
    "Public tweets",
    "Sent; waiting for the next poll...",
    "The call failed.",
    "waiting for keys",
    "24-hour window closed",
)
# What a citizen would send: the same in both languages.
SAMPLES = (
    "jalan berlubang besar di depan SDN Ketabang, bahaya buat motor",
    "TOLONG ada pohon tumbang menimpa mobil di Jl. Darmo!!",
    "lampu PJU di Jl. Rungkut Madya mati sudah 3 hari",
)


@pytest.fixture
def simulator(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "SANDBOX", True)
    for name in SANDBOXES:
        monkeypatch.setitem(app.config, f"SANDBOX_{name.upper()}_URL", f"http://127.0.0.1:9/{name}")
    login(client, make_user("agent"))

    def page(lang: str) -> str:
        client.get(f"/lang/{lang}")
        refresh()  # the test's app context outlives requests and caches the locale
        response = client.get("/simulator/")
        assert response.status_code == 200
        return response.get_data(as_text=True)

    return page


def _script_texts(html: str) -> list[dict]:
    """Returns the panels' translated texts for their scripts (`const T = {...};`)."""
    found = [json.loads(m) for m in re.findall(r"const T = (\{.*?\});\n", html, re.S)]
    assert len(found) == 4  # one per panel: Telegram, Twilio, Graph, X
    return found


def test_the_simulator_in_english_has_no_indonesian_screen_text(simulator):
    html = simulator("en")
    for text in INDONESIAN:
        assert text not in html, text
    for text in ENGLISH:
        assert text in html, text
    for sample in SAMPLES:  # the citizens' examples stay as a citizen writes them
        assert sample in html, sample
    assert '<html lang="en">' in html
    texts = _script_texts(html)
    assert {"queued": "queued", "delivered": "delivered"}.items() <= texts[1]["status"].items()
    assert texts[2]["failed"] == "Failed: {error}"
    # the Graph panel shows delivery statuses as words, like the Twilio panel
    assert texts[1]["call"]["in-progress"] == "in progress"  # the call's state, not Twilio's code
    graph_status = texts[2]["status"]
    assert {
        "sent": "sent",
        "delivered": "delivered",
        "read": "read",
    }.items() <= graph_status.items()


def test_the_simulator_stays_indonesian_by_default(simulator):
    html = simulator("id")
    for text in INDONESIAN:
        assert text in html, text
    for text in ENGLISH:
        assert text not in html, text
    for sample in SAMPLES:
        assert sample in html, sample
    texts = _script_texts(html)
    assert texts[1]["waiting"]["digits"] == "menunggu tombol"
    # Twilio's call statuses (in-progress, completed) never reach the Indonesian screen raw
    assert texts[1]["call"] == {
        "ringing": "berdering",
        "in-progress": "sedang berlangsung",
        "completed": "berakhir",
        "failed": "gagal",
    }
    assert texts[3]["sent"] == "Terkirim; menunggu polling berikutnya..."
    # Graph's status codes (sent, delivered, read) never reach the Indonesian screen raw
    assert texts[2]["status"] == {
        "accepted": "antre",
        "sent": "terkirim",
        "delivered": "diterima",
        "read": "dibaca",
        "failed": "gagal",
    }


def test_the_scripts_texts_are_json_not_markup(simulator):
    """The texts reach the scripts as a JSON object (the CSP allows no inline handler and
    the scripts put them in textContent or through esc()): no raw '<' in a script."""
    html = simulator("en")
    for block in re.findall(r"const T = (\{.*?\});\n", html, re.S):
        assert "<" not in block


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_code_the_simulator_names_exists(simulator, lang):
    """The X panel named the polling job ticketing.social.poll_x; there is no such module
    (it is ticketing.inbound.x.poll_x), so a newcomer looking for it found nothing."""
    import importlib

    named = re.findall(r"<code>(ticketing\.[\w.]+)</code>", simulator(lang))
    assert named
    for path in named:
        module, _, name = path.rpartition(".")
        assert hasattr(importlib.import_module(module), name), path
