"""Staff sessions can be ended: logging out or changing the password ends every session
and remember cookie of that user (users.session_version is part of each); the remember
cookie lasts REMEMBER_DAYS; cookies are HttpOnly, SameSite=Lax, and Secure whenever the
desk's public URL is https.

Each request runs in its own app context: Flask-Login caches the user in `g`, which a
test's outer app context would otherwise share between requests."""

from __future__ import annotations

from datetime import timedelta

from click.testing import CliRunner

from aduan import config
from aduan.extensions import db
from tests.inbox.helpers import csrf, make_user
from ticketing.models import User


def _open(app, client, url: str) -> int:
    with app.app_context():
        return client.get(url).status_code


def _login(app, client, email: str, remember: bool = False):
    with app.app_context():
        token = csrf(client.get("/login").get_data(as_text=True))
        data = {"email": email, "password": "rahasia-123", "csrf_token": token}
        if remember:
            data["remember"] = "1"
        response = client.post("/login", data=data)
        assert response.status_code == 302
        return response


def _logout(app, client) -> None:
    with app.app_context():
        token = csrf(client.get("/inbox").get_data(as_text=True))
        assert client.post("/logout", data={"csrf_token": token}).status_code == 302


def _remember_only(app, client):
    """A new browser holding only `client`'s remember cookie (the session is gone)."""
    cookie = client.get_cookie("remember_token")
    assert cookie is not None
    other = app.test_client()
    other.set_cookie("remember_token", cookie.value)
    return other


def test_logout_ends_every_session_and_remember_cookie_of_the_user(app):
    make_user("agent", email="shared@example.org")
    laptop, phone = app.test_client(), app.test_client()
    _login(app, laptop, "shared@example.org", remember=True)
    _login(app, phone, "shared@example.org")
    stolen = _remember_only(app, laptop)
    assert _open(app, stolen, "/inbox") == 200  # the remember cookie alone signs in
    assert _open(app, phone, "/inbox") == 200
    _logout(app, laptop)
    assert _open(app, phone, "/inbox") == 302  # the other session ended too
    assert _open(app, _remember_only(app, stolen), "/inbox") == 302
    assert _open(app, laptop, "/inbox") == 302
    _login(app, phone, "shared@example.org")  # signing in again works
    assert _open(app, phone, "/inbox") == 200


def test_a_password_change_ends_old_sessions(app, monkeypatch):
    make_user("agent", email="changed@example.org")
    client = app.test_client()
    _login(app, client, "changed@example.org", remember=True)
    kept = _remember_only(app, client)
    monkeypatch.setattr("aduan.cli.create_app", lambda *a, **k: app)
    from aduan.cli import main

    args = ["users", "create", "--email", "changed@example.org", "--password", "baru-rahasia-9"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert _open(app, client, "/inbox") == 302
    assert _open(app, kept, "/inbox") == 302


def test_a_session_cookie_from_before_the_version_is_refused(app):
    """Cookies issued before the upgrade carry only the user id: they end too."""
    user = make_user("agent", email="old@example.org")
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
        session["_fresh"] = True
    assert _open(app, client, "/inbox") == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).session_version >= 1


def test_cookies_are_httponly_lax_secure_and_remembered_for_remember_days(app):
    make_user("agent", email="cookies@example.org")
    response = _login(app, app.test_client(), "cookies@example.org", remember=True)
    cookies = {c.split("=", 1)[0]: c for c in response.headers.getlist("Set-Cookie")}
    for name in ("session", "remember_token"):
        attributes = cookies[name].lower()
        assert "httponly" in attributes and "samesite=lax" in attributes, cookies[name]
        assert "; secure" in attributes, cookies[name]  # PUBLIC_BASE_URL is https here
    assert app.config["REMEMBER_COOKIE_DURATION"] == timedelta(days=7)
    assert (
        "max-age=604800" in cookies["remember_token"].lower()
        or "expires=" in cookies["remember_token"].lower()
    )


def test_the_cookie_settings_follow_the_public_url(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "k" * 40)
    for name in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE", "REMEMBER_DAYS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://aduan.surabaya.go.id")
    cfg = config.load()
    assert cfg["SESSION_COOKIE_SECURE"] and cfg["REMEMBER_COOKIE_SECURE"]
    assert cfg["REMEMBER_COOKIE_DURATION"] == timedelta(days=7)
    monkeypatch.setenv("PUBLIC_BASE_URL", "http://localhost:8000")
    monkeypatch.setenv("REMEMBER_DAYS", "2")
    cfg = config.load()
    assert not cfg["SESSION_COOKIE_SECURE"] and not cfg["REMEMBER_COOKIE_SECURE"]
    assert cfg["REMEMBER_COOKIE_DURATION"] == timedelta(days=2)
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "1")  # TLS ends at a proxy on another URL
    assert config.load()["SESSION_COOKIE_SECURE"]


def test_signing_in_starts_a_fresh_session_and_keeps_the_language(app):
    """A session cookie planted before sign-in (from a sibling subdomain, which is also
    "same site" for SameSite=Lax) kept its CSRF token after sign-in, so whoever planted it
    could forge the agent's forms. Signing in now starts a new session; only the chosen
    language carries over."""
    make_user("agent", email="fixed@example.org")
    client = app.test_client()
    with client.session_transaction() as session:
        session["csrf_token"] = "planted-by-someone-else"
        session["lang"] = "en"
    _login(app, client, "fixed@example.org")
    with client.session_transaction() as session:
        assert session.get("csrf_token") != "planted-by-someone-else"
        assert session.get("lang") == "en" and session.get("_user_id")
    assert _open(app, client, "/inbox") == 200


def test_deactivating_a_staff_account_ends_its_sessions_and_frees_its_tickets(app, monkeypatch):
    """There was no way to take an account away from someone who left: `users deactivate`
    ends its sessions and remember cookies, refuses its sign-in, and puts its open tickets
    back in "Belum ditugaskan" (each change on the ticket's timeline)."""
    from tests import factories
    from ticketing.models import Ticket, TicketEvent, utcnow

    user = make_user("agent", email="leaving@example.org")
    mine = factories.ticket(created=utcnow(), status="in_progress")
    done = factories.ticket(created=utcnow(), status="closed")
    mine.assignee_id = done.assignee_id = user.id
    db.session.commit()
    client = app.test_client()
    _login(app, client, "leaving@example.org", remember=True)
    kept = _remember_only(app, client)
    monkeypatch.setattr("aduan.cli.create_app", lambda *a, **k: app)
    from aduan.cli import main

    result = CliRunner().invoke(main, ["users", "deactivate", "Leaving@example.org"])
    assert result.exit_code == 0, result.output
    assert "1 open tickets unassigned" in result.output
    assert _open(app, client, "/inbox") == 302
    assert _open(app, kept, "/inbox") == 302
    with app.app_context():
        token = csrf(client.get("/login").get_data(as_text=True))
        data = {"email": "leaving@example.org", "password": "rahasia-123", "csrf_token": token}
        assert client.post("/login", data=data).status_code == 200  # refused, not a redirect
    db.session.expire_all()
    assert db.session.get(Ticket, mine.id).assignee_id is None
    assert db.session.get(Ticket, done.id).assignee_id == user.id  # history stays
    events = db.session.query(TicketEvent).filter_by(ticket_id=mine.id, action="assigned").all()
    assert [e.data.get("assignee_id") for e in events] == [None]
    # Setting a password again is how an account comes back.
    args = ["users", "create", "--email", "leaving@example.org", "--password", "rahasia-123"]
    assert CliRunner().invoke(main, args).exit_code == 0
    _login(app, client, "leaving@example.org")
    assert _open(app, client, "/inbox") == 200


def test_an_empty_password_never_signs_in(app):
    """An account left from before PASSWORD_MIN with an empty password signed in with an
    empty password field (the form's `required` is only the browser's)."""
    user = make_user("agent", email="empty@example.org")
    user.set_password("")
    db.session.commit()
    client = app.test_client()
    with app.app_context():
        token = csrf(client.get("/login").get_data(as_text=True))
        data = {"email": "empty@example.org", "password": "", "csrf_token": token}
        response = client.post("/login", data=data)
    assert response.status_code == 200
    assert _open(app, client, "/inbox") == 302
