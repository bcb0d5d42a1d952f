"""Every /api/v1 route, found by walking the app's url_map, gets hostile values in every
query parameter its schema declares (and in ones it does not), in its path arguments and
in every field of its JSON body. Never a 500 on SQLite or PostgreSQL: a clear JSON 4xx,
or a 200 when the hostile value happens to be acceptable."""

from __future__ import annotations

import json
import urllib.parse
from typing import Any

import pytest
from sqlalchemy import select

from aduan.extensions import db
from inbox import api
from inbox.api import tokens
from tests import factories
from tests.inbox.helpers import make_user
from ticketing.models import Outbound, utcnow
from webhooks.receiver import ROUTES as RECEIVED

HOSTILE = (
    "",
    "0",
    "-1",
    "-9223372036854775809",
    str(2**31),
    str(2**63),
    str(2**64 + 1),
    "9" * 5000,
    "1e30",
    "-1e308",
    "NaN",
    "Infinity",
    "0x10",
    "1.5",
    "abc",
    "\x00",
    "%00",
    "' OR '1'='1",
    "1; DROP TABLE tickets",
    "\u202egnp.exe",
    "ñ" * 300,
    "2026-02-30",
    "0000-00-00",
    "9999-12-31T99:99:99",
    "-2026-01-01",
    "[]",
    "{}",
    ",,,",
    "a," * 2000,
    "routed,bogus",
    "true",
    "null",
)
# JSON values for body fields: wrong types at every level, huge and odd numbers.
HOSTILE_JSON: tuple[Any, ...] = (
    None,
    True,
    0,
    -1,
    2**64,
    10**400,
    1e308,
    "",
    " ",
    "x" * 20000,
    [],
    ["a"],
    {},
    {"$ne": 1},
    "\x00",
    "\ud800",  # half a surrogate pair: JSON may escape one, no database can store it
    "Jalan \udc00 rusak",
    "nobody@example.org",
)


def api_rules(app) -> list[tuple[str, str]]:
    """(rule, method) of every API route, from the url_map itself."""
    found = []
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                found.append((rule.rule, method))
    return sorted(found)


def route_of(rule: str, method: str) -> api.Route:
    return next(r for r in api.ROUTES if "/api/v1" + r.rule == rule and r.method == method)


@pytest.fixture
def setup(app, monkeypatch):
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", "100000 per minute")
    monkeypatch.setitem(app.config, "API_WRITE_RATE_LIMIT", "100000 per minute")
    owner = make_user("admin", email="fuzz@example.org")
    _, secret = tokens.issue(owner, "fuzz", tokens.allowed(owner))
    ticket = factories.ticket(created=utcnow())
    db.session.commit()
    return {"Authorization": f"Bearer {secret}"}, ticket.number


def path_for(rule: str, number: str, value: str | None = None) -> list[str]:
    """The rule with real arguments, or with `value` in each argument in turn."""
    args = {"number": number, "token_id": "1"}
    names = [part[1:-1].split(":")[-1] for part in rule.split("/") if part.startswith("<")]
    if value is None:
        return [_fill(rule, args)]
    quoted = urllib.parse.quote(value, safe="")
    return [_fill(rule, {**args, name: quoted}) for name in names]


def _fill(rule: str, args: dict[str, str]) -> str:
    out = []
    for part in rule.split("/"):
        if part.startswith("<"):
            part = args[part[1:-1].split(":")[-1]]
        out.append(part)
    return "/".join(out)


def check(response, where: str) -> None:
    assert response.status_code < 500, f"{where}: {response.status_code}"
    if response.status_code >= 400 and response.status_code != 405:
        body = response.get_json(silent=True)
        assert body and body.get("error"), f"{where}: no JSON error ({response.status_code})"


def call(client, method: str, url: str, headers: dict[str, str], body: Any = None):
    data = None if body is None else json.dumps(body)
    return client.open(
        url, method=method, headers={**headers, "Content-Type": "application/json"}, data=data
    )


def test_the_fuzz_covers_every_api_route(app):
    rules = api_rules(app)
    assert len(rules) == len(api.ROUTES)
    assert all(route_of(rule, method) for rule, method in rules)


def test_hostile_query_parameters_on_every_route(app, client, setup):
    headers, number = setup
    for rule, method in api_rules(app):
        route = route_of(rule, method)
        names = sorted(route.query().fields) if route.query else []
        url = path_for(rule, number)[0]
        body = _valid_body(route)
        for name in [*names, "unknown_param", "limit"]:
            for value in HOSTILE:
                query = urllib.parse.urlencode({name: value})
                check(call(client, method, f"{url}?{query}", headers, body), f"{rule} {name}")
        for name in names:  # the same parameter twice, and all of them at once
            query = f"{name}=1&{name}=bogus"
            check(call(client, method, f"{url}?{query}", headers, body), f"{rule} {name}")
        every = urllib.parse.urlencode({name: "-1" for name in names})
        check(call(client, method, f"{url}?{every}", headers, body), f"{rule} all")


def test_declared_parameters_with_bad_values_are_400(app, client, setup):
    headers, number = setup
    for rule, method in api_rules(app):
        route = route_of(rule, method)
        if not route.query:
            continue
        # `key` is a group of the chosen dimension, read from a table the caller got
        # earlier: a group with no tickets (any more) is an honest empty answer.
        for name in sorted(set(route.query().fields) - {"key"}):
            for value in ("bogus-value", "-1", str(2**64), "\x00"):
                query = urllib.parse.urlencode({name: value})
                response = call(client, method, f"{path_for(rule, number)[0]}?{query}", headers)
                assert response.status_code == 400, f"{rule} {name}={value!r}"
                assert response.get_json()["error"] == "Bad Request"


def test_hostile_path_arguments_on_every_route(app, client, setup):
    headers, number = setup
    for rule, method in api_rules(app):
        route = route_of(rule, method)
        for value in (*HOSTILE, "..", "../../etc/passwd", "MC-2026-" + "9" * 40):
            for url in path_for(rule, number, value):
                response = call(client, method, url, headers, _valid_body(route))
                check(response, f"{method} {url[:80]}")


def test_hostile_body_fields_on_every_write_route(app, client, setup):
    headers, number = setup
    for rule, method in api_rules(app):
        route = route_of(rule, method)
        if route.body is None:
            continue
        url = path_for(rule, number)[0]
        for name in [*route.body().fields, "extra"]:
            for value in HOSTILE_JSON:
                body = {**_valid_body(route), name: value}
                check(call(client, method, url, headers, body), f"{rule} {name}={value!r:.40}")


def _valid_body(route: api.Route) -> dict[str, Any] | None:
    """A body that passes the route's schema (so the query or path is what is tested)."""
    if route.body is None:
        return None
    values = {
        "text": "Sedang kami periksa.",
        "question": "Di mana lokasinya?",
        "reason": "Perlu data dari dinas lain.",
        "note": "Sudah selesai.",
        "opd": "DSDABM",
        "kind": "complaint",
        "assignee": None,
        "name": "fuzz token",
        "scopes": ["tickets:read"],
    }
    return {k: v for k, v in values.items() if k in route.body().fields}


def test_a_nul_anywhere_is_400_on_every_page(app, client):
    """PostgreSQL cannot store NUL: it is refused at the door on every route, never a 500."""
    rules = [r.rule for r in app.url_map.iter_rules() if "GET" in r.methods and not r.arguments]
    rules += [path for path, methods in RECEIVED.items() if "GET" in methods]  # before Flask
    assert "/webhooks/whatsapp" in rules
    for rule in rules:
        assert client.get(f"{rule}?q=%00").status_code == 400, rule
    assert client.get("/lacak/MC-2026-%00").status_code in (400, 404)


def test_half_a_surrogate_pair_in_a_body_is_400_and_stores_nothing(app, client, setup):
    """json.loads reads "\\ud800" as a lone surrogate, which UTF-8 (and so PostgreSQL and
    SQLite) cannot encode: the flush failed and the reply was a 500."""
    headers, number = setup
    for action in ("reply", "notes"):
        url = f"/api/v1/tickets/{number}/{action}"
        response = call(client, "POST", url, headers, {"text": "Sedang \ud800 kami periksa."})
        assert response.status_code == 400, (action, response.status_code)
        assert "surrogate" in str(response.get_json()["description"])
    stmt = select(Outbound.id).where(Outbound.text.contains("Sedang"))
    assert db.session.execute(stmt).first() is None


def test_a_body_nested_too_deeply_is_400_on_every_write_route(app, client, setup):
    headers, number = setup
    deep = "[" * 100_000  # the JSON parser's RecursionError, not a 500
    for rule, method in api_rules(app):
        if route_of(rule, method).body is None:
            continue
        url = path_for(rule, number)[0]
        response = client.open(
            url, method=method, headers={**headers, "Content-Type": "application/json"}, data=deep
        )
        check(response, f"{rule} nested body")
        assert response.status_code == 400, rule
