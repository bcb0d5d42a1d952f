"""Every route, enumerated from the url_map: security headers on every answer (errors
included), CSRF on every POST but an explicit exempt list, login on every staff page,
and the role each staff area needs (agent → 403 where supervisor or admin only)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aduan.config import ROOT
from tests.inbox.helpers import csrf, login, make_user
from tests.security.routes import CSRF_EXEMPT, PUBLIC, ROLE_AREAS, role_needed, routes

NONCE = re.compile(r"script-src 'self' 'nonce-([A-Za-z0-9_-]{20,})'")


def _secure_headers(response, where: str) -> None:
    headers = response.headers
    assert headers.get("X-Frame-Options") == "DENY", where
    assert headers.get("X-Content-Type-Options") == "nosniff", where
    assert headers.get("Referrer-Policy") in ("same-origin", "no-referrer"), where
    csp = headers.get("Content-Security-Policy", "")
    assert "frame-ancestors 'none'" in csp, (where, csp)
    assert "unsafe-eval" not in csp, where
    assert "script-src 'self' 'unsafe-inline'" not in csp, where


def test_every_answer_of_every_route_carries_the_security_headers(app, client):
    everything = routes(app)
    assert len(everything) > 100  # the walk really covers the app
    for method, url, _rule in everything:  # anonymous
        _secure_headers(client.open(url, method=method), f"anonymous {method} {url}")
    login(client, make_user("admin", email="headers-admin@example.org"))
    token = csrf(client.get("/inbox").get_data(as_text=True))
    for method, url, _rule in everything:
        data = {"csrf_token": token} if method == "POST" else None
        _secure_headers(client.open(url, method=method, data=data), f"admin {method} {url}")
    _secure_headers(client.get("/no/such/page"), "404")
    _secure_headers(client.delete("/login"), "405")


def test_the_walk_covers_the_webhooks_answered_before_flask(app):
    walked = routes(app)
    assert ("POST", "/webhooks/telegram", "/webhooks/telegram") in walked
    assert ("GET", "/webhooks/whatsapp", "/webhooks/whatsapp") in walked
    assert ("POST", "/webhooks/twilio/voice", "/webhooks/twilio/voice") in walked  # Flask's


def test_pages_get_a_fresh_nonce_and_their_inline_scripts_carry_it(app, client):
    login(client, make_user("supervisor", email="nonce-sup@example.org"))
    first = client.get("/reports/?dim=opd&days=30")
    second = client.get("/reports/?dim=opd&days=30")
    nonces = [NONCE.search(r.headers["Content-Security-Policy"]).group(1) for r in (first, second)]
    assert nonces[0] != nonces[1]
    html = first.get_data(as_text=True)
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline and all(f'nonce="{nonces[0]}"' in attrs for attrs in inline)


def test_the_map_pages_allow_the_tile_server_and_the_api_docs_their_styles(app, client):
    page = client.get("/peta")
    csp = page.headers["Content-Security-Policy"]
    assert "img-src 'self' data: https://tile.openstreetmap.org" in csp
    assert "style-src 'self' 'nonce-" in csp and "unsafe-inline" not in csp
    docs = client.get("/api/v1/docs").headers["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in docs and "frame-ancestors 'none'" in docs


TEMPLATES = [
    *(ROOT / "inbox" / "templates").rglob("*.html"),
    *(ROOT / "public" / "templates").rglob("*.html"),
    *(ROOT / "sandbox" / "templates").rglob("*.html"),
]
# report_month.html becomes a PDF (never a page); api_docs.html has its own CSP.
NOT_PAGES = {"report_month.html", "api_docs.html"}


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_templates_have_no_inline_handlers_styles_or_unsigned_scripts(path: Path):
    html = path.read_text()
    assert not re.search(r"<[^>]+\son[a-z]+\s*=", html), "inline on*= handler: use data-*"
    for attrs in re.findall(r"<script\b([^>]*)>", html):
        if "src=" in attrs or 'type="application/json"' in attrs:
            continue
        assert 'nonce="{{ csp_nonce() }}"' in attrs, f"inline <script> without nonce: {attrs}"
    if path.name not in NOT_PAGES:
        assert " style=" not in html, "style attribute: refused by the CSP, use a class"
        assert "<style>" not in html, "<style> without nonce"


def test_every_post_needs_a_csrf_token_but_the_exempt_list(app, client):
    login(client, make_user("admin", email="csrf-admin@example.org"))
    posts = [(url, rule) for method, url, rule in routes(app) if method == "POST"]
    protected = [url for url, rule in posts if not rule.startswith(CSRF_EXEMPT)]
    assert "/logout" in protected and "/lapor" in protected and "/login" in protected
    for url in protected:
        for data in ({}, {"csrf_token": "forged-token"}):
            response = client.post(url, data=data)
            assert response.status_code == 400, (url, response.status_code)
    assert client.get("/inbox").status_code == 200  # /logout without a token did nothing
    exempt = [url for url, rule in posts if rule.startswith(CSRF_EXEMPT)]
    for url in exempt:  # these authenticate otherwise: never the CSRF error page
        response = client.post(url, data={})
        assert "CSRF" not in response.get_data(as_text=True), url


def test_a_token_from_another_session_is_refused(app, client):
    with app.app_context():  # its own g: Flask-WTF and Flask-Login cache there
        other = app.test_client()
        login(other, make_user("agent", email="csrf-other@example.org"))
        stolen = csrf(other.get("/inbox").get_data(as_text=True))
    with app.app_context():
        login(client, make_user("agent", email="csrf-victim@example.org"))
        response = client.post("/inbox/bulk", data={"csrf_token": stolen, "action": "resolve"})
        assert response.status_code == 400


def test_staff_pages_send_an_anonymous_visitor_to_the_login(app, client):
    for method, url, _rule in routes(app):
        if method != "GET" or url.startswith(PUBLIC) or url == "/":
            continue
        if url.startswith("/simulator/"):  # 404 outside the sandbox
            continue
        response = client.get(url)
        assert response.status_code in (302, 401), url
        if response.status_code == 302:
            assert "/login" in response.headers["Location"], url


@pytest.mark.parametrize("role", ["agent", "supervisor"])
def test_each_staff_area_refuses_a_lower_role(app, client, role):
    login(client, make_user(role, email=f"roles-{role}@example.org"))
    token = csrf(client.get("/inbox").get_data(as_text=True))
    order = ["agent", "supervisor", "admin"]
    checked = 0
    for method, url, _rule in routes(app):
        needed = role_needed(url)
        if needed is None:
            continue
        data = {"csrf_token": token} if method == "POST" else None
        response = client.open(url, method=method, data=data)
        if order.index(role) < order.index(needed):
            assert response.status_code == 403, (role, method, url, response.status_code)
            checked += 1
        else:
            assert response.status_code != 403, (role, method, url)
    assert checked >= (20 if role == "agent" else 15)
    assert set(ROLE_AREAS) == {"/admin/", "/reports/", "/canned/"}


def test_answers_that_are_not_pages_get_the_strictest_policy(app, client):
    """JSON (a provider's webhook answer, the API) loads nothing: no 'self', no nonce."""
    for response in (client.get("/healthz"), client.get("/api/v1/tickets")):
        assert response.mimetype == "application/json"
        csp = response.headers["Content-Security-Policy"]
        assert csp.startswith("default-src 'none'") and "'self'" not in csp, csp
        assert "nonce-" not in csp and "frame-ancestors 'none'" in csp
    page = client.get("/login")
    assert page.mimetype == "text/html" and NONCE.search(page.headers["Content-Security-Policy"])
