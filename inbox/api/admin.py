"""Token management through the API (scope admin): list, issue, revoke."""

from __future__ import annotations

from typing import Any

from flask import abort, jsonify
from sqlalchemy import func, select

from aduan.extensions import db
from inbox.api import common, schemas, tokens
from ticketing.models import ApiToken, User


def token_view(token: ApiToken) -> dict[str, Any]:
    return {
        "id": token.id,
        "name": token.name,
        "prefix": token.prefix,
        "scopes": token.scopes,
        "owner": token.owner.email,
        "created_at": token.created_at,
        "last_used_at": token.last_used_at,
        "revoked_at": token.revoked_at,
    }


def list_tokens() -> Any:
    """Every token, newest first (secrets are never shown again)."""
    rows = db.session.execute(select(ApiToken).order_by(ApiToken.id.desc())).scalars()
    return jsonify(schemas.TokenList().dump({"tokens": [token_view(t) for t in rows]}))


def create_token() -> Any:
    """Issues a token for a staff user; the secret is in this answer only."""
    body = common.load_body(schemas.TokenBody())
    owner = db.session.execute(
        select(User).where(func.lower(User.email) == body["owner"].lower())
    ).scalar()
    if owner is None:
        abort(400, {"owner": [f"No staff user {body['owner']}."]})
    try:
        token, secret = tokens.issue(owner, body["name"], body["scopes"], common.owner())
    except tokens.TokenError as exc:
        db.session.rollback()
        abort(400, {"scopes": [str(exc)]})
    db.session.commit()
    return jsonify(schemas.TokenCreated().dump({**token_view(token), "token": secret})), 201


def revoke_token(token_id: int) -> Any:
    """Revokes a token at once."""
    token = db.session.get(ApiToken, token_id) if token_id <= schemas.DB_MAX_ID else None
    if token is None:
        abort(404, f"No token {token_id}.")
    tokens.revoke(token)
    db.session.commit()
    return jsonify(schemas.TokenOut().dump(token_view(token)))
