"""Guessing passwords: failures are limited per client address and per account; the
address is the connection's own unless PROXY_COUNT says how many proxies to believe, so
rotating X-Forwarded-For buys nothing. A 429 is a page in Bahasa Indonesia."""

from __future__ import annotations

import pytest
from flask import Flask, g, request

from aduan import security
from aduan.extensions import db
from tests.inbox.helpers import csrf, make_user


def _try(client, email: str, password: str = "salah", **kwargs):
    # The test's app context outlives requests: Flask-WTF's token and Flask-Login's user
    # of another client in g.
    g.pop("csrf_token", None)
    g.pop("_login_user", None)
    token = csrf(client.get("/login").get_data(as_text=True))
    data = {"email": email, "password": password, "csrf_token": token}
    return client.post("/login", data=data, **kwargs)


def test_rotating_x_forwarded_for_does_not_escape_the_address_limit(app, client):
    codes = [
        _try(
            client, f"tebak{n}@example.org", headers={"X-Forwarded-For": f"203.0.113.{n}"}
        ).status_code
        for n in range(12)
    ]
    assert codes[:10] == [200] * 10 and codes[10:] == [429, 429]


def test_one_account_is_limited_whatever_address_tries_it(app, client):
    make_user("agent", email="target@example.org")
    codes = [
        _try(
            client, "Target@Example.org ", environ_base={"REMOTE_ADDR": f"198.51.100.{n}"}
        ).status_code
        for n in range(7)
    ]
    assert codes[:5] == [200] * 5 and codes[5:] == [429, 429]
    page = _try(
        client, "target@example.org", "rahasia-123", environ_base={"REMOTE_ADDR": "1.1.1.1"}
    )
    assert page.status_code == 429  # even the right password waits: the account is locked
    html = page.get_data(as_text=True)
    assert '<html lang="id">' in html and "Terlalu banyak percobaan" in html
    assert "Tunggu sebentar lalu coba lagi." in html


def test_the_owners_own_browser_still_signs_in_while_others_are_locked_out(app, client):
    make_user("supervisor", email="boss@example.org")
    owner = app.test_client()
    assert _try(owner, "boss@example.org", "rahasia-123").status_code == 302  # a known browser
    owner.post("/logout", data={"csrf_token": csrf(owner.get("/inbox").get_data(as_text=True))})
    for n in range(6):  # someone elsewhere guesses until the account is locked
        _try(client, "boss@example.org", environ_base={"REMOTE_ADDR": f"198.51.100.{n}"})
    assert _try(client, "boss@example.org", "rahasia-123").status_code == 429
    assert _try(owner, "boss@example.org", "rahasia-123").status_code == 302
    stolen = owner.get_cookie("aduan_device")
    assert stolen is not None and stolen.http_only
    other = app.test_client()  # a device cookie of another account, or a forged one, is no key
    other.set_cookie("aduan_device", stolen.value[:-2] + "xx")
    assert _try(other, "boss@example.org", "rahasia-123").status_code == 429
    g.pop("csrf_token", None)
    g.pop("_login_user", None)  # signed out, the browser keeps its device cookie
    owner.post("/logout", data={"csrf_token": csrf(owner.get("/inbox").get_data(as_text=True))})
    codes = [_try(owner, "boss@example.org").status_code for _ in range(6)]
    assert codes[-1] == 429  # a known browser has its own limit, not none


def test_an_unknown_account_is_limited_the_same_way(app, client):
    codes = [
        _try(client, "ghost@example.org", environ_base={"REMOTE_ADDR": f"192.0.2.{n}"}).status_code
        for n in range(6)
    ]
    assert codes == [200] * 5 + [429]  # no difference that tells which accounts exist


def test_successful_sign_ins_do_not_count(app, client):
    make_user("agent", email="busy@example.org")
    for _ in range(8):
        assert _try(client, "busy@example.org", "rahasia-123").status_code == 302
        client.post(
            "/logout", data={"csrf_token": csrf(client.get("/inbox").get_data(as_text=True))}
        )
    assert _try(client, "busy@example.org", "rahasia-123").status_code == 302


def _echo(proxies: int) -> Flask:
    app = Flask("echo")
    app.config.update(PROXY_COUNT=proxies, MAX_REQUEST_BYTES=1024, UPLOAD_MAX_BYTES=2048)
    security.init_app(app)
    app.add_url_rule("/", "who", lambda: f"{request.remote_addr} {request.scheme}")
    return app


def test_forwarded_headers_are_believed_only_for_the_configured_proxies():
    spoofed = {"X-Forwarded-For": "6.6.6.6, 10.0.0.7", "X-Forwarded-Proto": "https"}
    direct = (
        _echo(0).test_client().get("/", headers=spoofed, environ_base={"REMOTE_ADDR": "9.9.9.9"})
    )
    assert direct.get_data(as_text=True) == "9.9.9.9 http"
    behind = (
        _echo(1).test_client().get("/", headers=spoofed, environ_base={"REMOTE_ADDR": "10.0.0.1"})
    )
    assert behind.get_data(as_text=True) == "10.0.0.7 https"  # what our one proxy saw
    two = _echo(2).test_client().get("/", headers=spoofed, environ_base={"REMOTE_ADDR": "10.0.0.1"})
    assert two.get_data(as_text=True).startswith("6.6.6.6 ")


def test_the_default_trusts_no_proxy(app):
    assert app.config["PROXY_COUNT"] == 0


@pytest.mark.parametrize(
    ("target", "landing"),
    [
        ("/tickets/MC-2026-000001", "/tickets/MC-2026-000001"),
        ("//evil.example", "/inbox"),
        ("/\\evil.example", "/%5Cevil.example"),
        ("https://evil.example/", "/inbox"),
        ("/\t/evil.example", "/inbox"),
        ("/inbox\r\nSet-Cookie: x=1", "/inbox"),
        ("/inbox\nX-Injected: 1", "/inbox"),
        ("/\x0b/evil.example", "/inbox"),
    ],
)
def test_next_after_sign_in_stays_on_the_desk_and_is_never_a_500(app, client, target, landing):
    """?next= is followed only to a path of this site: never off-site, and a control
    character (CR/LF would split the Location header) sends the user to the inbox."""
    make_user("agent", email="next@example.org", password="rahasia-123")
    token = csrf(client.get("/login").get_data(as_text=True))
    data = {"email": "next@example.org", "password": "rahasia-123", "csrf_token": token}
    response = client.post("/login", query_string={"next": target}, data=data)
    assert response.status_code == 302, target
    assert response.headers["Location"] == landing, target


@pytest.mark.parametrize(
    ("referrer", "landing"),
    [
        ("http://localhost/peta?status=open", "http://localhost/peta?status=open"),
        ("/lapor", "/lapor"),
        ("//evil.example/x", "/"),
        ("/\t/evil.example", "/"),
        ("https://evil.example/", "/"),
        ("http://localhost.evil.example/", "/"),
    ],
)
def test_switching_language_goes_back_only_to_a_page_of_this_site(client, referrer, landing):
    """/lang/<code> returns to the Referer: "//evil.example" passed as a path of ours."""
    response = client.get("/lang/en", headers={"Referer": referrer})
    assert response.status_code == 302
    assert response.headers["Location"] == landing, referrer


def test_a_wrong_password_keeps_the_email_typed(app, client):
    """After a wrong password the form came back empty: the email had to be typed again.
    It comes back (escaped), the password never does, and the cursor waits in it."""
    make_user("agent", email="lupa@example.org")
    page = _try(client, "lupa@example.org", "salah-lagi").get_data(as_text=True)
    assert "Email atau kata sandi salah." in page
    assert 'value="lupa@example.org"' in page and "salah-lagi" not in page
    assert 'name="password" required autofocus' in page
    odd = _try(client, '"><b>x@example.org').get_data(as_text=True)
    assert "<b>x@" not in odd and "&#34;&gt;&lt;b&gt;x@example.org" in odd


def test_the_login_page_sends_a_signed_in_user_on_and_never_off_site(app, client):
    """Signed in already, /login showed the form again; now it goes where they were going
    (a page of this site) or to the inbox."""
    make_user("agent", email="sudah@example.org", password="rahasia-123")
    token = csrf(client.get("/login").get_data(as_text=True))
    data = {"email": "sudah@example.org", "password": "rahasia-123", "csrf_token": token}
    assert client.post("/login", data=data).status_code == 302
    for target, landing in (("", "/inbox"), ("/peta", "/peta"), ("//evil.example", "/inbox")):
        response = client.get("/login", query_string={"next": target} if target else None)
        assert response.status_code == 302, target
        assert response.headers["Location"] == landing, target


def test_a_wrong_sign_in_costs_the_same_whether_the_account_exists(app, client, monkeypatch):
    """Only a real account's password was hashed: a failed sign-in took ~100 ms for a
    staff e-mail and ~15 ms for any other, so timing told who works at the desk."""
    from ticketing.models import people

    checked: list[str] = []
    real = people.check_password_hash

    def spy(stored: str, password: str) -> bool:
        checked.append(stored.split("$", 1)[0])  # the method and its cost
        return real(stored, password)

    monkeypatch.setattr(people, "check_password_hash", spy)
    make_user("agent", email="known@example.org")
    make_user("agent", email="gone@example.org").active = False
    db.session.commit()
    for email in ("known@example.org", "nobody@example.org", "gone@example.org"):
        checked.clear()
        assert _try(client, email, "salah").status_code == 200
        assert len(checked) == 1, email
        assert checked[0] == people.User.query.first().password_hash.split("$", 1)[0]


def test_the_sign_in_prompt_is_a_notice_not_a_success(client):
    response = client.get("/inbox")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert '<p class="flash info">Silakan masuk terlebih dahulu.</p>' in page
