"""The JSON API for other city systems, `/api/v1`, authenticated by bearer tokens with
scopes (inbox.api.tokens). ROUTES is the one table of what exists: rule, method, view,
the scope it needs and its shapes; the blueprint and the OpenAPI document
(/api/v1/openapi.json, rendered at /api/v1/docs) are both built from it. Every call is
audited (api_calls) and rate-limited per token."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Flask, abort, current_app, g, jsonify, request
from marshmallow import Schema
from sqlalchemy.exc import SQLAlchemyError

from aduan.extensions import csrf, db, limiter
from inbox.api import admin, read, reports, schemas, spec, tokens, write
from ticketing.models import ApiCall, ApiToken, utcnow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Route:
    rule: str
    method: str
    view: Callable[..., Any]
    scope: str | None  # None: public (the document and its page)
    tag: str
    response: type[Schema] | None = None
    body: type[Schema] | None = None
    query: type[Schema] | None = None
    status: int = 200


def openapi_document() -> Any:
    """The OpenAPI 3 document of this API, generated from ROUTES and the schemas."""
    return jsonify(spec.build(ROUTES))


T = "/tickets/<number>"
ROUTES: tuple[Route, ...] = (
    Route("/tickets", "GET", read.list_tickets, "tickets:read", "tickets",
          schemas.TicketList, query=schemas.TicketQuery),
    Route(T, "GET", read.get_ticket, "tickets:read", "tickets", schemas.TicketDetail),
    Route(f"{T}/reply", "POST", write.reply, "tickets:write", "actions",
          schemas.TicketSummary, schemas.ReplyBody),
    Route(f"{T}/notes", "POST", write.note, "tickets:write", "actions",
          schemas.TicketSummary, schemas.NoteBody),
    Route(f"{T}/route", "POST", write.route, "tickets:write", "actions",
          schemas.TicketSummary, schemas.RouteBody),
    Route(f"{T}/assign", "POST", write.assign, "tickets:write", "actions",
          schemas.TicketSummary, schemas.AssignBody),
    Route(f"{T}/kind", "POST", write.change_kind, "tickets:write", "actions",
          schemas.TicketSummary, schemas.KindBody),
    Route(f"{T}/ask", "POST", write.ask, "tickets:write", "actions",
          schemas.TicketSummary, schemas.AskBody),
    Route(f"{T}/extend", "POST", write.extend, "tickets:write", "actions",
          schemas.TicketSummary, schemas.ExtendBody),
    Route(f"{T}/resolve", "POST", write.resolve, "tickets:write", "actions",
          schemas.TicketSummary, schemas.ResolveBody),
    Route(f"{T}/reopen", "POST", write.reopen, "tickets:write", "actions",
          schemas.TicketSummary, schemas.ReopenBody),
    Route("/reports/summary", "GET", reports.summary, "reports:read", "reports",
          schemas.ReportTable, query=schemas.ReportQuery),
    Route("/reports/backlog", "GET", reports.backlog, "reports:read", "reports",
          schemas.ReportTable, query=schemas.ReportQuery),
    Route("/reports/tickets", "GET", reports.drill, "reports:read", "reports",
          schemas.DrillOut, query=schemas.DrillQuery),
    Route("/tokens", "GET", admin.list_tokens, "admin", "tokens", schemas.TokenList),
    Route("/tokens", "POST", admin.create_token, "admin", "tokens",
          schemas.TokenCreated, schemas.TokenBody, status=201),
    Route("/tokens/<int:token_id>", "DELETE", admin.revoke_token, "admin", "tokens",
          schemas.TokenOut),
    Route("/openapi.json", "GET", openapi_document, None, "docs"),
    Route("/docs", "GET", spec.page, None, "docs"),
)  # fmt: skip

bp = Blueprint("api", __name__, url_prefix="/api/v1")
SCOPE: dict[tuple[str, str], str | None] = {}
for route in ROUTES:
    endpoint = f"{route.view.__name__}_{route.method.lower()}"
    bp.add_url_rule(route.rule, endpoint, route.view, methods=[route.method])
    SCOPE[(f"api.{endpoint}", route.method)] = route.scope


def _bearer() -> str:
    header = request.headers.get("Authorization", "")
    return header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else ""


def _token() -> ApiToken | None:
    """Returns the live token of this request's bearer secret (looked up once per
    request: the rate limit's key and the authentication both ask). Kept in the
    request's environ, not `g`, which outlives a request in a shared app context."""
    if "aduan.api_token" not in request.environ:
        request.environ["aduan.api_token"] = tokens.find(_bearer())
    return request.environ["aduan.api_token"]


def rate_key() -> str:
    """Limits count per live token (by its hash), or per address for anything else: a
    made-up token per request must not open a fresh bucket each time."""
    secret = _bearer()
    if secret and _token() is not None:
        return "api-token:" + hashlib.sha256(secret.encode()).hexdigest()[:24]
    return "api-addr:" + (request.remote_addr or "?")


@bp.before_request
def authenticate() -> None:
    """401 without a live token, 403 when the token lacks the route's scope."""
    g.api_token = None
    # HEAD runs the GET view (Flask answers it with the body left off), so it needs what
    # GET needs: unlisted, it ran every read without a token (the status told whether a
    # ticket exists, Content-Length how much it holds, and reports were computed for all).
    method = "GET" if request.method == "HEAD" else request.method
    if (request.endpoint, method) not in SCOPE:
        return  # 404 / 405 follow
    scope = SCOPE[(request.endpoint, method)]
    if scope is None:
        return
    token = _token()
    if token is None:
        abort(401, "A valid API token is required (Authorization: Bearer <token>).")
    g.api_token = token
    if not tokens.grants(token, scope):
        abort(403, f"This token lacks the scope {scope}.")


@bp.after_request
def audit(response: Any) -> Any:
    """Writes one api_calls row per request (after the view's own commit or rollback)."""
    token, now = g.get("api_token"), utcnow()
    token_id = token.id if token is not None else None
    used = token.last_used_at if token is not None else None  # read before the rollback
    db.session.rollback()
    try:
        if token_id is not None:
            tokens.touch(token_id, used, now)
        db.session.add(
            ApiCall(
                token_id=token_id,
                method=request.method[:10],
                path=request.full_path.rstrip("?")[:500],
                status=response.status_code,
                remote_addr=(request.remote_addr or "")[:64] or None,
                ticket_number=g.get("api_ticket_number"),
            )
        )
        db.session.commit()
    except SQLAlchemyError:
        # The action (if any) is committed; a 500 now would invite a repeat.
        db.session.rollback()
        log.exception("could not audit API call %s %s", request.method, request.path)
    return response


def _limit(name: str) -> Callable[[], str]:
    return lambda: current_app.config[name]


limiter.limit(_limit("API_RATE_LIMIT"), key_func=rate_key)(bp)
limiter.limit(
    _limit("API_WRITE_RATE_LIMIT"), key_func=rate_key, methods=["POST", "DELETE"], scope="api-w"
)(bp)


def register(app: Flask) -> None:
    """Registers the API (token-authenticated, so no CSRF)."""
    csrf.exempt(bp)
    app.register_blueprint(bp)
