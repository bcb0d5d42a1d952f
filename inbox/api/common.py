"""What every API view uses: the caller (token, owner, actor), input loading with
clear 400s, and ticket lookup."""

from __future__ import annotations

import re
from typing import Any

from flask import abort, g, request
from marshmallow import Schema, ValidationError
from sqlalchemy import select

from aduan.extensions import db
from ticketing.actions import Actor
from ticketing.models import ApiToken, Ticket, User

NUMBER = re.compile(r"^[A-Z]{2,6}-\d{4}-\d{1,9}$")


def token() -> ApiToken:
    return g.api_token


def owner() -> User:
    return g.api_token.owner


def actor() -> Actor:
    """Returns the audit-trail actor: the token's owner, marked as acting through it."""
    user = owner()
    return Actor("agent", user.id, f"{user.name or user.email} (API: {token().name})")


def _bad(exc: ValidationError) -> Any:
    abort(400, exc.messages)


def load_query(schema: Schema) -> dict[str, Any]:
    """Returns the query string loaded through `schema`; 400 naming the bad fields."""
    try:
        return schema.load(request.args.to_dict())
    except ValidationError as exc:
        return _bad(exc)


def load_body(schema: Schema) -> dict[str, Any]:
    """Returns the JSON body loaded through `schema`; 400 when it is not JSON or a
    field is missing, unknown or invalid, and when it nests too deeply for the parser."""
    try:
        data = request.get_json(silent=True)
    except RecursionError:
        abort(400, "The body nests too deeply.")
    if data is None:
        abort(400, "The body must be JSON (Content-Type: application/json).")
    try:
        return schema.load(data)
    except ValidationError as exc:
        return _bad(exc)


def ticket_or_404(number: str) -> Ticket:
    """Returns the ticket numbered `number` (any case); 404 when there is none."""
    number = number.strip().upper()
    ticket = None
    if NUMBER.match(number):
        ticket = db.session.execute(select(Ticket).where(Ticket.number == number)).scalar()
    if ticket is None:
        abort(404, f"No ticket {number[:30]}.")
    g.api_ticket_number = ticket.number
    return ticket
