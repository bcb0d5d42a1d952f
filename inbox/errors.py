"""Error pages in the screen's language instead of Flask's English ones. JSON API and
webhook paths keep their plain answers (their callers are programs)."""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from typing import Any, NoReturn

from flask import Flask, current_app, g, jsonify, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException, default_exceptions

from aduan.errors import json_error
from aduan.extensions import db
from public import formats

log = logging.getLogger(__name__)

MACHINE_PATHS = ("/api/", "/webhooks/", "/open311/")
# The citizens' pages (public/pages.py) and the officers' links (inbox/officer.py), by
# path too: an address whose value has the wrong type ("/lacak/X/foto/abc") matches no
# route, so it has no blueprint.
PUBLIC_PATHS = ("/lapor", "/lacak", "/peta", "/kinerja", "/kiriman", "/publik/")
OFFICER_PATHS = ("/o/",)
PAGES = {
    400: (_l("Permintaan tidak dapat diproses"), _l("Periksa alamat atau isian lalu coba lagi.")),
    403: (_l("Tidak diizinkan"), _l("Akun Anda tidak punya akses ke halaman ini.")),
    404: (
        _l("Halaman tidak ditemukan"),
        _l("Alamat ini tidak ada atau laporannya sudah tidak tersedia."),
    ),
    405: (_l("Cara akses tidak didukung"), _l("Gunakan tombol di halaman, bukan alamat langsung.")),
    413: (_l("Kiriman terlalu besar"), _l("Perkecil berkas lalu coba lagi.")),
    429: (_l("Terlalu banyak percobaan"), _l("Tunggu sebentar lalu coba lagi.")),
    500: (
        _l("Terjadi kesalahan di sistem"),
        _l("Kesalahan sudah tercatat. Coba lagi sebentar lagi."),
    ),
}
TOO_LONG = (
    _l("Permintaan terlalu lama diproses"),
    _l(
        "Sistem menghentikan permintaan ini karena terlalu lama. Coba lagi, atau persempit "
        "pencarian atau rentang tanggalnya."
    ),
)
QUERY_CANCELED = "57014"  # PostgreSQL: a statement cancelled (statement_timeout)
RETRY_SECONDS = 30  # what a 503 for a database gone away asks callers to wait
# What says the database is away rather than that a statement failed: PostgreSQL's
# connection errors (class 08), a server short of resources (53: disk, memory, too many
# connections), shutting down or starting (57P01-57P03), or failing (58: I/O); SQLite's
# locked, unopenable or failing file.
GONE_SQLSTATES = ("08", "53", "57P01", "57P02", "57P03", "58")
GONE_SQLITE = ("SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_CANTOPEN", "SQLITE_IOERR", "SQLITE_FULL")
# Outage lines held back: one line per RETRY_SECONDS ("last": when the last one was said).
_quiet = {"until": 0.0, "count": 0, "last": 0.0}
_quiet_lock = threading.Lock()
# A form sent from a page whose session ended (logged out, the browser restarted, the
# page left open for days): the generic "check the address" does not say what to do.
STALE_FORM = _l("Halaman ini sudah kedaluwarsa. Muat ulang halaman, lalu kirim lagi isian Anda.")
STALE_OFFICER_FORM = _l(
    "Halaman ini sudah kedaluwarsa. Buka lagi tautan dari pesan notifikasi Anda, "
    "lalu kirim lagi isian Anda."
)


def refuse(words: Any, code: int = 400) -> NoReturn:
    """Aborts with `code`; the error page shows `words`, worded for its reader."""
    error = default_exceptions[code](str(words))
    error.shown = True  # type: ignore[attr-defined]
    raise error


def page(error: HTTPException) -> Any:
    """Returns the error page for `error` (JSON for programs, as before). An officer or
    a citizen always gets the page in their language, whatever their client asks for."""
    if getattr(error, "response", None) is not None:  # a page of its own (officers)
        return error
    officer = request.blueprint == "officer" or request.path.startswith(OFFICER_PATHS)
    public = request.blueprint == "public" or request.path.startswith(PUBLIC_PATHS)
    wants_json = request.path.startswith(MACHINE_PATHS) or (
        request.accept_mimetypes.best == "application/json" and not (officer or public)
    )
    if wants_json:  # as aduan's generic handler answers programs
        return json_error(error)
    if error.code not in PAGES:
        return error
    title, hint = PAGES[error.code or 500]
    # An officer has no account: their errors keep the officer page's frame and lead
    # back to the ticket's link, not to a staff inbox they cannot log in to.
    if isinstance(error, CSRFError):
        hint = STALE_OFFICER_FORM if officer else STALE_FORM
    elif (officer and error.code == 403) or getattr(error, "shown", False):
        # an officer has no account: the link's own reason; or a refusal worded for its
        # reader (a report period too long)
        hint = error.description
    token = _officer_token() if officer else None
    back = url_for("officer.page", token=token) if token else None
    # A citizen has no account either: the public frame, and a way back to the form.
    try:  # the frame reads the signed-in user: the database may be what failed
        html = render_template(
            "error.html",
            code=error.code,
            title=title,
            hint=hint,
            officer=officer,
            back=back,
            public=public,
        )
    except (OperationalError, InterfaceError) as exc:
        return unavailable(exc)
    return html, error.code


def _officer_token() -> str | None:
    """The link's token of an officer's address, matched to a route or not."""
    token = (request.view_args or {}).get("token")
    return token or request.path.removeprefix(OFFICER_PATHS[0]).split("/")[0] or None


def gone(exc: OperationalError | InterfaceError) -> bool:
    """True when `exc` says the database is away (down, restarting, unreachable, locked),
    False for a statement's own error that the drivers also class so (a missing column,
    a deadlock, a cancelled statement): that is a bug to see, not an outage."""
    if exc.connection_invalidated:
        return True
    orig = exc.orig
    name = getattr(orig, "sqlite_errorname", None)
    if name is not None:
        return name.startswith(GONE_SQLITE)
    if type(orig).__module__.startswith("sqlite3"):
        return False  # SQLite names what went wrong; without a name, a misuse
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    return state is None or state.startswith(GONE_SQLSTATES)  # None: no server answered


def unavailable(exc: OperationalError | InterfaceError) -> Any:
    """The database went away (down, restarting, unreachable): 503 with Retry-After, so
    people and programs know to try again, not a 500. The page stands alone: the usual
    frame reads the signed-in user from that database. A statement's own error goes on
    as a 500 (logged with its traceback, reported to Sentry)."""
    with contextlib.suppress(Exception):
        db.session.rollback()
    if _state(exc) == QUERY_CANCELED:
        return too_long()
    if not gone(exc):
        raise exc
    _log_outage(exc)
    headers = {"Retry-After": str(RETRY_SECONDS)}
    said = "Database unavailable, please retry."
    if request.blueprint == "open311":
        response = formats.error((request.view_args or {}).get("fmt", "xml"), 503, said)
        response.headers.update(headers)
        return response
    if request.path.startswith(MACHINE_PATHS) or (
        request.accept_mimetypes.best == "application/json"
    ):
        return jsonify(error="Service Unavailable", description=said), 503, headers
    # As anonymous: rendering would otherwise load the user from the database again.
    g._login_user = current_app.login_manager.anonymous_user()
    return render_template("unavailable.html"), 503, headers


def _state(exc: OperationalError | InterfaceError) -> str | None:
    orig = exc.orig
    return getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)


def too_long() -> Any:
    """A statement ran past the web's statement_timeout (aduan/config.py:
    limit_statements) and PostgreSQL cancelled it: 503 with words saying so, not a 500
    or a thread held forever."""
    rule = request.url_rule.rule if request.url_rule is not None else "-"  # links hold tokens
    log.error("statement timeout: %s %s", request.method, rule)  # Sentry's logging hears it
    said = "The request took too long and was cancelled; retry or narrow it."
    if request.path.startswith(MACHINE_PATHS) or (
        request.accept_mimetypes.best == "application/json"
    ):
        return jsonify(error="Service Unavailable", description=said), 503
    title, hint = TOO_LONG
    officer = request.blueprint == "officer"
    token = (request.view_args or {}).get("token") if officer else None
    back = url_for("officer.page", token=token) if token else None
    html = render_template(
        "error.html", code=503, title=title, hint=hint, officer=officer, back=back
    )
    return html, 503


def _log_outage(exc: OperationalError | InterfaceError) -> None:
    """Logs the outage once per RETRY_SECONDS per process, with how many answers were
    held back since: during an outage every request would otherwise log its own line."""
    now = time.monotonic()
    with _quiet_lock:
        if now < _quiet["until"]:
            _quiet["count"] += 1
            return
        held, last = _quiet["count"], _quiet["last"]
        _quiet.update(until=now + RETRY_SECONDS, count=0, last=now)
    first = (str(exc.orig or exc).splitlines() or [""])[0]  # never the SQL or its values
    rule = request.url_rule.rule if request.url_rule is not None else "-"  # links hold tokens
    # the held ones are those since the previous line: maybe an earlier outage, hours ago
    since = f" ({held} more 503s since the previous line, {now - last:.0f}s ago)" if held else ""
    log.error("database unavailable: %s %s: %s%s", request.method, rule, first, since)


def register(app: Flask) -> None:
    """Registers the error pages on `app`."""
    for code in PAGES:
        app.register_error_handler(code, page)
    app.register_error_handler(OperationalError, unavailable)
    app.register_error_handler(InterfaceError, unavailable)
