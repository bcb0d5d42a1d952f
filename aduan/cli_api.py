"""`aduan api ...`: API tokens from the command line (admins without a browser)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click
from flask import Flask, current_app, has_app_context


def register(main: click.Group) -> None:
    main.add_command(api)


@contextmanager
def _app() -> Iterator[Flask]:
    """The running app (tests), else one built from the environment."""
    if has_app_context():
        yield current_app._get_current_object()  # type: ignore[attr-defined]
        return
    from aduan import create_app

    app = create_app()
    with app.app_context():
        yield app


@click.group()
def api() -> None:
    """The JSON API for other systems."""


@api.group("token")
def token() -> None:
    """API tokens: create, list, revoke."""


@token.command("create")
@click.argument("owner_email")
@click.option("--name", required=True, help="Which system uses it, e.g. 'Command Center 112'")
@click.option(
    "--scope",
    "scopes",
    multiple=True,
    required=True,
    type=click.Choice(["tickets:read", "tickets:write", "reports:read", "admin"]),
)
def token_create(owner_email: str, name: str, scopes: tuple[str, ...]) -> None:
    """Issue a token acting as OWNER_EMAIL; prints the secret once (last line)."""
    from aduan.extensions import db
    from inbox.api import tokens
    from inbox.auth import user_by_email

    with _app():
        owner = user_by_email(owner_email)
        if owner is None:
            raise click.ClickException(f"no user {owner_email}")
        try:
            item, secret = tokens.issue(owner, name, scopes)
        except tokens.TokenError as exc:
            db.session.rollback()
            raise click.ClickException(str(exc)) from exc
        db.session.commit()
        click.echo(f"token {item.id} for {owner.email}: {', '.join(item.scopes)}")
        click.echo(secret)


@token.command("list")
def token_list() -> None:
    """List tokens (never their secrets)."""
    from sqlalchemy import select

    from aduan.extensions import db
    from ticketing.models import ApiToken

    with _app():
        for item in db.session.execute(select(ApiToken).order_by(ApiToken.id)).scalars():
            state = f"revoked {item.revoked_at:%Y-%m-%d}" if item.revoked_at else "active"
            used = f"{item.last_used_at:%Y-%m-%d %H:%M}" if item.last_used_at else "never"
            click.echo(
                f"{item.id}\t{item.prefix}…\t{item.name}\t{item.owner.email}\t"
                f"{','.join(item.scopes)}\t{state}\tlast used {used}"
            )


@token.command("revoke")
@click.argument("token_id", type=int)
def token_revoke(token_id: int) -> None:
    """Revoke token TOKEN_ID at once."""
    from aduan.extensions import db
    from inbox.api import tokens
    from ticketing.models import ApiToken

    with _app():
        item = db.session.get(ApiToken, token_id) if 0 < token_id < 2**31 else None
        if item is None:
            raise click.ClickException(f"no token {token_id}")
        tokens.revoke(item)
        db.session.commit()
        click.echo(f"token {token_id} revoked")
