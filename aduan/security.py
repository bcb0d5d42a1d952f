"""The web surface's own defences, in one place (docs/security.md):

- security headers on every response: a Content-Security-Policy with a per-request
  script nonce, no framing, `nosniff`, a referrer policy;
- request body limits: MAX_REQUEST_BYTES everywhere, UPLOAD_MAX_BYTES only on the views
  marked `@accepts_uploads`, checked before anything reads the body (CSRF included);
- which proxy headers are trusted (PROXY_COUNT, through ProxyFix).

A response that sets its own Content-Security-Policy (served media, the API docs page)
keeps it (ticketing/filetypes.py); the other headers are added everywhere."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, Response, current_app, has_request_context, request, session
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

View = TypeVar("View", bound=Callable[..., Any])


def accepts_uploads(view: View) -> View:
    """Marks a view that takes files: its body may be UPLOAD_MAX_BYTES instead of
    MAX_REQUEST_BYTES. Returns the view itself."""
    view.accepts_uploads = True  # type: ignore[attr-defined]
    return view


def csp_nonce() -> str:
    """Returns this request's script nonce (made on first use; kept in the request's
    environ, as an app context may outlive one request)."""
    if not has_request_context():
        return secrets.token_urlsafe(18)
    if "aduan.csp_nonce" not in request.environ:
        request.environ["aduan.csp_nonce"] = secrets.token_urlsafe(18)
    return str(request.environ["aduan.csp_nonce"])


def tile_origin(template: str) -> str:
    """Returns the CSP source of a map tile URL template ("https://*.tile.example.org"
    when it has a {s} subdomain); "" when it names no origin."""
    scheme, _sep, rest = template.partition("://")
    host = rest.split("/", 1)[0].replace("{s}.", "*.").replace("{s}", "*")
    return f"{scheme}://{host}" if scheme and host else ""


def policy(nonce: str, tiles: str) -> str:
    """Returns the pages' Content-Security-Policy: scripts and styles from our origin or
    carrying the nonce (no eval, no inline handlers or style attributes), images also
    from the tile server."""
    return (
        f"default-src 'self'; script-src 'self' 'nonce-{nonce}'; "
        f"style-src 'self' 'nonce-{nonce}'; "
        f"img-src 'self' data: {tiles}".rstrip()
        + "; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    )


def _limit_body() -> None:
    """Before any view or CSRF check reads the body: the route's size limit."""
    view = current_app.view_functions.get(request.endpoint or "")
    key = "UPLOAD_MAX_BYTES" if getattr(view, "accepts_uploads", False) else "MAX_REQUEST_BYTES"
    request.max_content_length = current_app.config[key]


# Answers that are not pages (JSON, files, a provider's webhook answer) load nothing:
# the strictest policy, the same for every one (no nonce to make).
NOT_A_PAGE = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
# On every answer (webhooks/receiver.py adds them to the answers it gives outside Flask).
EVERY_ANSWER = (
    ("X-Frame-Options", "DENY"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
)


def _headers(response: Response) -> Response:
    headers = response.headers
    if "Content-Security-Policy" not in headers:  # else the view's own (API docs, files)
        if response.mimetype == "text/html":
            tiles = tile_origin(current_app.config.get("MAP_TILE_URL", ""))
            headers["Content-Security-Policy"] = policy(csp_nonce(), tiles)
        else:
            headers["Content-Security-Policy"] = NOT_A_PAGE
    for name, value in EVERY_ANSWER:
        headers.setdefault(name, value)
    if _private() and not response.cache_control.private:  # (a staff photo: the browser's)
        headers["Cache-Control"] = "no-store"
    return response


# Answers that carry citizens' personal data to the one who may see it: an officer's link
# (its page and files), the API, staff files and reveals. With every answer to a signed-in
# staff member, no browser or proxy keeps a copy (a shared desk computer's cache, the back
# button after signing out), unless the view chose a private cache itself (a ticket's
# photos, kept by the agent's own browser for an hour). Static files stay cacheable.
PRIVATE_PATHS = ("/o/", "/api/", "/media/", "/reveal/")
STATIC_ENDPOINTS = ("static", "public.static")


def _private() -> bool:
    if request.endpoint in STATIC_ENDPOINTS or request.path.startswith(WEBHOOKS):
        return False
    if request.path.startswith(PRIVATE_PATHS):
        return True
    # Whether someone signed in, read from the cookies, not by loading the user: an
    # after-request hook that queried the database would turn a 503 into a 500.
    remember = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    return "_user_id" in session or remember in request.cookies


WEBHOOKS = "/webhooks/"  # providers' calls: no cookie, no session, no rate limit


def from_provider() -> bool:
    """True for a provider's webhook call (it never carries a session and is never
    rate-limited: a provider retries what we refuse)."""
    return request.path.startswith(WEBHOOKS)


class Sessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, not opened for providers' webhook calls (the
    voice line's TwiML: no cookie to read, none to write; the message webhooks never reach
    Flask, see webhooks/receiver.py)."""

    def open_session(self, app: Flask, request: Any) -> Any:
        if request.path.startswith(WEBHOOKS):
            return None  # Flask then uses a null session, and saves nothing
        return super().open_session(app, request)


class TrustedProxies:
    """WSGI middleware: believes X-Forwarded-For/-Proto/-Host of as many proxies as
    PROXY_COUNT says (read on each request); with 0, of none."""

    def __init__(self, app: Flask) -> None:
        self.app, self.wsgi_app = app, app.wsgi_app

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        count = int(self.app.config.get("PROXY_COUNT") or 0)
        if count <= 0:
            return self.wsgi_app(environ, start_response)
        proxied = ProxyFix(self.wsgi_app, x_for=count, x_proto=count, x_host=count)
        return proxied(environ, start_response)


def init_app(app: Flask) -> None:
    """Installs the proxy trust, the body limits and the headers on `app`. Call it before
    the other extensions so the body limit is set before CSRF reads a form."""
    app.wsgi_app = TrustedProxies(app)  # type: ignore[method-assign]
    app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_REQUEST_BYTES"]
    app.before_request(_limit_body)
    app.after_request(_headers)
    app.session_interface = Sessions()
    app.jinja_env.globals["csp_nonce"] = csp_nonce
