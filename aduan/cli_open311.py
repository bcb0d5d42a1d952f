"""`aduan open311 ...` commands: partner keys for POST requests."""

from __future__ import annotations

import click

from aduan import create_app


def register(main: click.Group) -> None:
    main.add_command(open311)


@click.group()
def open311() -> None:
    """Open311 GeoReport v2 (/open311/v2/)."""


@open311.group()
def keys() -> None:
    """API keys of the partners allowed to POST service requests."""


@keys.command("create")
@click.argument("name")
def keys_create(name: str) -> None:
    """Issue a key for partner NAME; it is printed once and stored only hashed."""
    from aduan.extensions import db
    from ticketing import open311_keys

    with create_app().app_context():
        try:
            row, key = open311_keys.create(name)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
        db.session.commit()
        click.echo(f"key {row.id} for {row.name} (shown once, keep it safe):")
        click.echo(key)


@keys.command("list")
def keys_list() -> None:
    """List the keys: id, prefix, partner, created, last used, revoked."""
    from ticketing import open311_keys

    with create_app().app_context():
        for row in open311_keys.listing():
            state = f"revoked {row.revoked_at:%Y-%m-%d}" if row.revoked_at else "active"
            used = f"{row.last_used_at:%Y-%m-%d %H:%M}" if row.last_used_at else "never"
            click.echo(
                f"{row.id}\t{row.prefix}...\t{row.name}\t{row.created_at:%Y-%m-%d}\t"
                f"used {used}\t{state}"
            )


@keys.command("revoke")
@click.argument("key_id", type=int)
def keys_revoke(key_id: int) -> None:
    """Revoke key KEY_ID (see `list`): its POSTs get 403 from now on."""
    from aduan.extensions import db
    from ticketing import open311_keys

    with create_app().app_context():
        row = open311_keys.revoke(key_id)
        if row is None:
            raise click.ClickException(f"no key {key_id}")
        db.session.commit()
        click.echo(f"key {row.id} ({row.name}) revoked")
