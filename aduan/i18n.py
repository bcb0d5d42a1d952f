"""Languages of the screens: Bahasa Indonesia first, English second (Flask-Babel).

Staff and public pages wrap their text in gettext (`_()` in templates and code); the
English catalogue lives in inbox/translations/en. Messages to citizens and officers keep
their own catalogue (ticketing/texts.py), chosen by the contact's locale. The screen's
language is the one the person chose (`/lang/<code>`, kept in the session), else
Indonesian."""

from __future__ import annotations

from typing import Any

from flask import Flask, has_request_context, redirect, request, session
from flask_babel import Babel, get_translations
from markupsafe import Markup

from aduan.config import ROOT
from aduan.inputs import on_site

LOCALES = ("id", "en")
DEFAULT = "id"
TRANSLATIONS = ROOT / "inbox" / "translations"


def locale() -> str:
    """Returns the screen language of this request; Indonesian outside a request (a job
    or a command stringifying a refusal)."""
    if not has_request_context():
        return DEFAULT
    chosen = session.get("lang")
    return chosen if chosen in LOCALES else DEFAULT


def _catalogue() -> Any:
    """Returns this request's translations (Flask-Babel's), kept in the request's environ
    after the first look-up (an app context, and so `g`, may outlive one request)."""
    try:
        environ = request.environ
    except RuntimeError:  # no request: a template rendered by a job
        return get_translations()
    found = environ.get("aduan.catalogue")
    if found is None:
        found = environ["aduan.catalogue"] = get_translations()
    return found


_fixed: dict[tuple[int, str], tuple[Any, Markup]] = {}


def template_gettext(string: str, /, **variables: Any) -> Markup:
    """`_()` in templates (all HTML, autoescaped), as Jinja's new-style gettext does it:
    the translation is markup, the variables are escaped into it, and it is always a
    format string ("%%" is "%"). Without variables the result is remembered per
    catalogue: most of a page's texts are fixed."""
    catalogue = _catalogue()
    if variables:
        return Markup(catalogue.ugettext(string)) % variables
    key = (id(catalogue), string)
    found = _fixed.get(key)
    if found is None or found[0] is not catalogue:  # (kept, so its id is not reused)
        if len(_fixed) >= 8192:
            _fixed.clear()
        found = _fixed[key] = (catalogue, Markup(catalogue.ugettext(string)) % {})
    return found[1]


def template_ngettext(singular: str, plural: str, num: int, /, **variables: Any) -> Markup:
    """`ngettext()` in templates, as template_gettext (`num` is a variable too)."""
    variables.setdefault("num", num)
    return Markup(_catalogue().ungettext(singular, plural, num)) % variables


def init_app(app: Flask) -> None:
    """Sets up Flask-Babel and the language switch."""
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    Babel(app, locale_selector=locale, timezone_selector=lambda: app.config["TIMEZONE"])
    app.jinja_env.globals["current_locale"] = locale
    # Templates look the catalogue up once per request and call it directly: Flask-Babel's
    # callables, through Jinja's i18n wrappers, cost a sixth of an inbox page's CPU.
    app.jinja_env.globals.update(_=template_gettext, gettext=template_gettext)
    app.jinja_env.globals["ngettext"] = template_ngettext

    @app.get("/lang/<code>")
    def switch_language(code: str) -> Any:
        if code in LOCALES:
            session["lang"] = code
        target = request.referrer or "/"
        if target.startswith(request.host_url):  # a page of ours, as browsers send it
            return redirect(target)
        return redirect(target if on_site(target) else "/")
