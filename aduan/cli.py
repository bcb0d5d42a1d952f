"""The `aduan` command: run the desk, its processes, and the admin chores."""

from __future__ import annotations

import sys

import click

from aduan import create_app
from aduan.config import ConfigError
from aduan.queue import ROLES

PASSWORD_MIN = 8  # `users create --password ""` made an account anyone could sign in to


class Main(click.Group):
    """The command group: a missing required setting is a one-line error, not a trace."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except ConfigError as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(cls=Main)
def main() -> None:
    """Aduan, the Media Center complaint desk."""


@main.command()
@click.option("--port", type=int, envvar="PORT", default=8000, show_default=True)
@click.option("--host", envvar="HOST", default="127.0.0.1", show_default=True)
def run(port: int, host: str) -> None:
    """Start the whole desk: web, worker, clock (and embedded Redis + sandboxes)."""
    from aduan.embedded import run_all

    sys.exit(run_all(host, port))


@main.command()
@click.option("--burst", is_flag=True, help="Stop when the queues are empty.")
@click.option(
    "--role",
    type=click.Choice(sorted(ROLES)),
    default="all",
    show_default=True,
    help="Which queues to take (docs/deploy.md, Queues and workers).",
)
@click.option(
    "--threads",
    type=click.IntRange(1, 32),
    default=1,
    show_default=True,
    help="Workers side by side in this process (for `sends`: each waits on a provider).",
)
def worker(burst: bool, role: str, threads: int) -> None:
    """Run an RQ worker; it waits for Redis when Redis is away (the clock runs the
    scheduler)."""
    from aduan.worker import run as run_worker

    run_worker(create_app(), role=role, burst=burst, threads=threads)


@main.command()
def clock() -> None:
    """Run the sweepers (stale events, overdue sends, SLA clocks) forever."""
    from aduan import clock as clock_module

    clock_module.run(create_app())


@main.command()
def migrate() -> None:
    """Upgrade the database schema to the newest migration."""
    from aduan.schema import migrate as do_migrate

    do_migrate(create_app())
    click.echo("database is up to date")


@main.command()
@click.option("--demo", is_flag=True, help="Also create demo logins and sandbox officers.")
def seed(demo: bool) -> None:
    """Add missing OPDs to the directory (and demo people with --demo)."""
    from aduan.seed import seed_demo_people, seed_directory

    app = create_app()
    with app.app_context():
        click.echo(f"directory: {seed_directory()} units added")
        if demo:
            click.echo(f"demo users: {seed_demo_people()}")


@main.group()
def users() -> None:
    """Manage staff accounts."""


@users.command("create")
@click.option("--email", required=True)
@click.option("--password", required=True)
@click.option(
    "--role",
    type=click.Choice(["agent", "supervisor", "admin"]),
    default=None,
    help="Default: agent for a new account; an existing one keeps its role.",
)
@click.option("--name", default="")
def users_create(email: str, password: str, role: str | None, name: str) -> None:
    """Create a staff account (or update its password, and its role when given; a
    deactivated account is active again)."""
    if len(password.strip()) < PASSWORD_MIN:
        raise click.BadParameter(f"at least {PASSWORD_MIN} characters", param_hint="--password")
    from aduan.extensions import db
    from inbox.auth import user_by_email
    from ticketing.models import User

    app = create_app()
    with app.app_context():
        user = user_by_email(email)
        if user is None:
            user = User(email=email.strip().lower(), name=name)
            db.session.add(user)
        # A password reset without --role kept nothing of the role: an admin became an agent.
        user.role, user.name = role or user.role or "agent", name or user.name
        user.set_password(password)
        user.active = True
        db.session.commit()
        click.echo(f"{user.email} ({user.role}) saved")


@users.command("deactivate")
@click.argument("email")
def users_deactivate(email: str) -> None:
    """Deactivate EMAIL's account: it cannot sign in or use its API token any more, its
    sessions end now, and its open tickets go back to unassigned."""
    from sqlalchemy import select

    from aduan.extensions import db
    from inbox.auth import user_by_email
    from ticketing.actions import Actor
    from ticketing.internal import assign
    from ticketing.models import OPEN_STATUSES, Ticket

    app = create_app()
    with app.app_context():
        user = user_by_email(email)
        if user is None:
            raise click.ClickException(f"no user {email}")
        user.active = False
        user.end_sessions()
        held = select(Ticket).where(Ticket.assignee_id == user.id, Ticket.status.in_(OPEN_STATUSES))
        tickets = list(db.session.execute(held).scalars())
        for ticket in tickets:  # each unassignment is on the ticket's timeline
            assign(ticket, Actor("system", None, ""), None)  # "sistem" on the timeline
        db.session.commit()
        click.echo(f"{user.email} deactivated; {len(tickets)} open tickets unassigned")


@users.command("token")
@click.argument("email")
def users_token(email: str) -> None:
    """Print a new API token for EMAIL (the previous one stops working)."""
    from aduan.extensions import db
    from inbox.auth import issue_token, user_by_email

    app = create_app()
    with app.app_context():
        user = user_by_email(email)
        if user is None:
            raise click.ClickException(f"no user {email}")
        token = issue_token(user)
        db.session.commit()
        click.echo(token)


@main.group()
def telegram() -> None:
    """Telegram bot chores."""


@telegram.command("set-webhook")
@click.option("--url", default=None, help="Default: PUBLIC_BASE_URL/webhooks/telegram")
def telegram_set_webhook(url: str | None) -> None:
    """Register our webhook (with its secret token) with the Bot API."""
    from ticketing.delivery import adapters

    app = create_app()
    with app.app_context():
        base = app.config["PUBLIC_BASE_URL"]
        url = url or (f"{base}/webhooks/telegram" if base else None)
        if not url:
            raise click.ClickException("set PUBLIC_BASE_URL or pass --url")
        adapters.adapter("telegram").set_webhook(url, app.config["TELEGRAM_WEBHOOK_SECRET"])
        click.echo(f"webhook set to {url}")


from aduan import (  # noqa: E402
    cli_api,
    cli_areas,
    cli_open311,
    cli_ops,
    cli_privacy,
    cli_routing,
    cli_sla,
)

cli_open311.register(main)
cli_routing.register(main)
cli_sla.register(main)
cli_privacy.register(main)
cli_ops.register(main)
cli_api.register(main)
cli_areas.register(main)
