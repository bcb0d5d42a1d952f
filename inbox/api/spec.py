"""The OpenAPI 3 document, generated with apispec from the route table and the
marshmallow schemas, and the page that renders it (Redoc, vendored, no CDN)."""

from __future__ import annotations

import re
from typing import Any, Protocol

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import make_response, render_template, url_for
from marshmallow import Schema

from inbox.api import schemas

PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")
ERRORS = {
    "400": "Invalid input: the description names the fields",
    "401": "No valid token",
    "403": "The token lacks the scope",
    "404": "No such ticket or token",
    "409": "The ticket's state does not allow the action (the reason is given)",
    "429": "Rate limit reached (see the RateLimit headers)",
}
TAGS = {
    "tickets": "Reading tickets (scope tickets:read).",
    "actions": "Acting on tickets as the inbox does, with the same audit trail (tickets:write).",
    "reports": "Report figures and the tickets behind them (reports:read).",
    "tokens": "Managing API tokens (admin).",
}


class RouteLike(Protocol):
    rule: str
    method: str
    view: Any
    scope: str | None
    tag: str
    response: type[Schema] | None
    body: type[Schema] | None
    query: type[Schema] | None
    status: int


def _path(rule: str) -> tuple[str, list[dict[str, Any]]]:
    params = [
        {
            "name": name,
            "in": "path",
            "required": True,
            "schema": {"type": "integer" if kind == "int" else "string"},
        }
        for kind, name in PARAM.findall(rule)
    ]
    return "/api/v1" + PARAM.sub(r"{\2}", rule), params


def _errors(route: RouteLike) -> dict[str, Any]:
    codes = ["400", "401", "403", "429"] if route.scope else []
    if "<" in route.rule:
        codes.append("404")
    if route.tag == "actions":
        codes.append("409")
    return {
        code: {
            "description": ERRORS[code],
            "content": {"application/json": {"schema": "Error"}},
        }
        for code in codes
    }


def build(routes: tuple[RouteLike, ...]) -> dict[str, Any]:
    """Returns the OpenAPI 3.0 document for `routes` as a dict."""
    spec = APISpec(
        title="Aduan API",
        version="1",
        openapi_version="3.0.3",
        plugins=[MarshmallowPlugin()],
        info={
            "description": (
                "Tickets of the Surabaya Media Center complaint desk for other city systems. "
                "Authenticate with `Authorization: Bearer <token>`; each operation names the "
                "scope it needs (x-scope). Outgoing webhooks are described in docs/partners.md."
            )
        },
    )
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    spec.components.schema("Error", schema=schemas.Error)
    for name, text in TAGS.items():
        spec.tag({"name": name, "description": text})
    paths: dict[str, dict[str, Any]] = {}
    for route in routes:
        if route.scope is None:
            continue
        path, params = _path(route.rule)
        operation: dict[str, Any] = {
            "operationId": f"{route.view.__name__}_{route.method.lower()}",
            "summary": (route.view.__doc__ or "").strip().splitlines()[0],
            "tags": [route.tag],
            "security": [{"bearer": []}],
            "x-scope": route.scope,
            "parameters": list(params),
            "responses": {
                str(route.status): {
                    "description": "OK",
                    "content": {"application/json": {"schema": route.response}},
                },
                **_errors(route),
            },
        }
        operation["description"] = f"Scope: `{route.scope}`. " + " ".join(
            (route.view.__doc__ or "").split()
        )
        if route.query is not None:
            operation["parameters"].append({"in": "query", "schema": route.query})
        if route.body is not None:
            operation["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": route.body}},
            }
        paths.setdefault(path, {})[route.method.lower()] = operation
    for path, operations in paths.items():
        spec.path(path=path, operations=operations)
    document = spec.to_dict()
    for operations in document["paths"].values():
        for operation in operations.values():
            for param in operation.get("parameters", []):
                if param.get("schema", {}).get("type") == "array":
                    param["explode"] = False  # comma-separated: ?status=routed,waiting
    return document


# The page loads nothing from outside (Redoc's sidebar would fetch its logo from a CDN).
DOCS_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; "
    "connect-src 'self'; frame-ancestors 'none'"
)


def page() -> Any:
    """The API documentation page (Redoc rendering openapi.json)."""
    response = make_response(
        render_template("api_docs.html", spec_url=url_for("api.openapi_document_get"))
    )
    response.headers["Content-Security-Policy"] = DOCS_CSP
    return response
