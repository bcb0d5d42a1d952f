"""Languages of the screens: Bahasa Indonesia first, English second (Flask-Babel).

Staff and public pages wrap their text in gettext (`_()` in templates and code); the
English catalogue lives in inbox/translations/en. Messages to citizens and officers keep
their own catalogue (ticketing/texts.py), chosen by the contact's locale. The screen's
language is the one the person chose (`/lang/<code>`, kept in the session), else
Indonesian."""

from __future__ import annotations

from typing import Any

from flask import Flask, redirect, request, session
from flask_babel import Babel

from aduan.config import ROOT

LOCALES = ("id", "en")
DEFAULT = "id"
TRANSLATIONS = ROOT / "inbox" / "translations"


def locale() -> str:
    """Returns the screen language of this request."""
    chosen = session.get("lang")
    return chosen if chosen in LOCALES else DEFAULT


def init_app(app: Flask) -> None:
    """Sets up Flask-Babel and the language switch."""
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    Babel(app, locale_selector=locale, timezone_selector=lambda: app.config["TIMEZONE"])
    app.jinja_env.globals["current_locale"] = locale

    @app.get("/lang/<code>")
    def switch_language(code: str) -> Any:
        if code in LOCALES:
            session["lang"] = code
        target = request.referrer or "/"
        same_site = target.startswith(request.host_url) or target.startswith("/")
        return redirect(target if same_site else "/")
