"""API tokens: issue (shown once, stored as SHA-256), find, revoke. A token acts as its
owner and may use only the scopes it was given that the owner's role still allows."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select, update

from aduan.extensions import db
from inbox.labels import ROLES
from ticketing.models import SCOPES, ApiToken, User, utcnow

# The most a role may delegate to a token.
ROLE_SCOPES = {
    "agent": ("tickets:read", "tickets:write"),
    "supervisor": ("tickets:read", "tickets:write", "reports:read"),
    "admin": SCOPES,
}
PREFIX = "adn_"
MINUTE = timedelta(minutes=1)


class TokenError(ValueError):
    """The token cannot be issued as asked (the message says why)."""


def hash_token(token: str) -> str:
    """Returns the stored form of an API token (SHA-256 hex)."""
    return hashlib.sha256(token.encode()).hexdigest()


def allowed(user: User) -> tuple[str, ...]:
    """Returns the scopes `user`'s role may hold."""
    return ROLE_SCOPES.get(user.role, ())


def issue(
    owner: User, name: str, scopes: Iterable[str], created_by: User | None = None
) -> tuple[ApiToken, str]:
    """Adds a token for `owner` and returns it with the secret text (shown once).
    Raises TokenError for an unknown scope, one the owner's role may not hold, an
    inactive owner or an empty name."""
    wanted = list(dict.fromkeys(scopes))
    if not name.strip():
        raise TokenError(_l("Nama token wajib diisi."))
    if not wanted or any(scope not in SCOPES for scope in wanted):
        raise TokenError(_l("Cakupan harus dari: %(scopes)s.", scopes=", ".join(SCOPES)))
    if not owner.active:
        raise TokenError(_l("Pemilik token tidak aktif."))
    beyond = [scope for scope in wanted if scope not in allowed(owner)]
    if beyond:
        said = _l(
            "Peran %(role)s tidak boleh memberi cakupan %(scopes)s.",
            role=ROLES.get(owner.role, owner.role),  # "agen", not the code "agent"
            scopes=", ".join(beyond),
        )
        raise TokenError(said)
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        name=name.strip()[:120],
        token_hash=hash_token(secret),
        prefix=secret[:10],
        scopes=[scope for scope in SCOPES if scope in wanted],
        owner_id=owner.id,
        created_by_id=created_by.id if created_by else None,
    )
    db.session.add(token)
    db.session.flush()
    return token, secret


def issue_for_role(user: User, name: str = "cli") -> str:
    """Revokes `user`'s earlier tokens called `name` and issues one with every scope the
    role allows; returns the secret (what `aduan users token` prints)."""
    for old in db.session.execute(
        select(ApiToken).where(
            ApiToken.owner_id == user.id, ApiToken.name == name, ApiToken.revoked_at.is_(None)
        )
    ).scalars():
        old.revoked_at = utcnow()
    _, secret = issue(user, name, allowed(user))
    return secret


def find(secret: str) -> ApiToken | None:
    """Returns the live token for `secret` whose owner is active, or None."""
    if not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    token = db.session.execute(
        select(ApiToken).where(ApiToken.token_hash == hash_token(secret))
    ).scalar()
    if token is None or token.revoked_at is not None or not token.owner.active:
        return None
    return token


def grants(token: ApiToken, scope: str) -> bool:
    """Returns True when `token` holds `scope` and its owner's role still allows it."""
    return scope in (token.scopes or []) and scope in allowed(token.owner)


def revoke(token: ApiToken, now: datetime | None = None) -> None:
    """Stops the token at once (kept for the audit trail)."""
    if token.revoked_at is None:
        token.revoked_at = now or utcnow()


def touch(token_id: int, used: datetime | None, now: datetime) -> None:
    """Notes when the token was last used (at most once a minute; not committed);
    `used` is when it was last noted, as this request read it."""
    if used is not None and used >= now - MINUTE:
        return  # no round trip on most requests
    db.session.execute(
        update(ApiToken)
        .where(ApiToken.id == token_id)
        .where(or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at < now - MINUTE))
        .values(last_used_at=now)
    )
