"""Every route of the app, enumerated from its url_map and from the table of the message
webhooks served in front of Flask (webhooks.receiver), with made-up path arguments: the
security tests walk all of them so that a new route is checked the day it is added."""

from __future__ import annotations

from typing import Any

from werkzeug.routing import IntegerConverter

from webhooks.receiver import ROUTES as RECEIVED

# Path arguments: values of the right shape (whether they exist does not matter to the
# checks that come before a view's own lookups: CSRF, login, role).
ARGUMENTS = {
    "number": "MC-2026-000001",
    "code": "DSDABM",
    "fmt": "json",
    "month": "2026-11",
    "filename": "style.css",
    "action": "reply",
    "field": "phone",
    "rest": "x",
    "name": "telegram",
    "request_id": "1",
    "token": "not-a-token",
}
# POST routes that need no CSRF token, and why: providers sign their webhooks, Open311
# partners send an api_key, the JSON API takes a bearer token (never a cookie).
CSRF_EXEMPT = ("/webhooks/", "/open311/", "/api/")
# What an anonymous visitor may open; everything else sends them to the login page.
PUBLIC = (
    "/login",
    "/lapor",
    "/lacak",
    "/peta",
    "/kinerja",
    "/publik/static/",
    "/static/",
    "/favicon.ico",
    "/lang/",
    "/o/",
    "/kiriman/",  # a photo the citizen's provider fetches, by a signed token
    "/open311/",
    "/webhooks/",
    "/api/",
    "/healthz",
    "/readyz",
    "/metrics",
)
# Staff areas and the least role each needs (agent < supervisor < admin).
ROLE_AREAS = {"/admin/": "admin", "/reports/": "supervisor", "/canned/": "supervisor"}


def routes(app: Any) -> list[tuple[str, str, str]]:
    """Returns (method, url, rule) for every rule and method of `app` but HEAD/OPTIONS,
    the message webhooks' included."""
    found = []
    for rule in app.url_map.iter_rules():
        values = {
            arg: (1 if isinstance(rule._converters[arg], IntegerConverter) else None)
            or ARGUMENTS.get(arg, "x")
            for arg in rule.arguments
        }
        if rule.endpoint == "reports.export_table":
            values["fmt"] = "csv"
        built = rule.build(values, append_unknown=False)
        assert built is not None, rule.rule
        url = built[1]
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            found.append((method, url, rule.rule))
    for path, methods in RECEIVED.items():  # never in the url_map: answered before Flask
        found.extend((method, path, path) for method in methods)
    return sorted(found)


def role_needed(url: str) -> str | None:
    """Returns the least role for a staff-area URL, None outside those areas."""
    for prefix, role in ROLE_AREAS.items():
        if url.startswith(prefix):
            return role
    return None
