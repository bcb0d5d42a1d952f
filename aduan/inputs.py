"""Hostile input refused at the door, for every route: numbers in URLs past what the id
columns hold, and NUL characters (PostgreSQL text cannot store them, so deeper down they
would be a 500 on PostgreSQL and stored as-is on SQLite)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Flask, abort, request
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1  # the id columns are INTEGER


class IdConverter(IntegerConverter):
    """`<int:...>` in every URL rule: at most MAX_ID. A larger number matches no route
    (404) instead of overflowing the database driver (500)."""

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def parse_id(raw: Any) -> int | None:
    """Returns the id in a form field or query parameter ("12"), or None when it is not
    one: ASCII digits only (str.isdigit() also takes "²", which int() refuses) and at most
    MAX_ID (a larger number would overflow the database driver: a 500, not a "not found")."""
    text = str(raw or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_ID)):
        return None
    value = int(text)
    return value if value <= MAX_ID else None


def has_nul(values: Any) -> bool:
    """True when a key or value of a MultiDict holds a NUL character."""
    return any("\x00" in key or "\x00" in value for key, value in values.items(multi=True))


def refuse_nul() -> None:
    """400 for a NUL in the path, the query or a form. Provider webhooks are spared the
    form check: what a citizen sent is kept (readers drop the NULs) rather than refused."""
    if "\x00" in request.path or has_nul(request.args):
        abort(400, "NUL characters are not allowed.")
    if request.blueprint != "webhooks" and request.method == "POST" and has_nul(request.form):
        abort(400, "NUL characters are not allowed.")


def init_app(app: Flask) -> None:
    """Installs the id converter (before any blueprint adds its rules) and the NUL check."""
    app.url_map.converters["int"] = IdConverter
    app.before_request(refuse_nul)


def on_site(target: str) -> bool:
    """True for a path of this site to send a browser to (after sign-in, back from a
    language switch). Not another host ("//x", "https://x"), and no control character:
    urlsplit drops tabs and newlines (so "/\t/x" would pass as a path and be "//x" in the
    browser), and a CR/LF cannot go into the Location header (a 500)."""
    if any(ord(char) < 32 or ord(char) == 127 for char in target):
        return False
    return target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc
