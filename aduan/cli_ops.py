"""`aduan release`, `aduan doctor`, `aduan metrics-reset`: running the desk in
production (docs/deploy.md)."""

from __future__ import annotations

import os
import secrets
import sys

import click

MARKS = {"ok": "  ok  ", "warn": " warn ", "fail": " FAIL "}


def register(main: click.Group) -> None:
    main.add_command(release)
    main.add_command(doctor)
    main.add_command(metrics_reset)


@click.command()
def release() -> None:
    """Once per deploy, before the new processes start: migrate, seed the directory,
    train the routing model, empty the shared metrics directory."""
    from aduan import create_app, metrics
    from aduan.schema import migrate
    from aduan.seed import seed_directory

    app = create_app()
    migrate(app)
    with app.app_context():
        added = seed_directory()
        from ticketing import classifier

        classifier.classifier()  # trained once into MODEL_DIR, loaded by every process
    reset = metrics.reset_directory()
    click.echo(f"migrated; directory: {added} units added; routing model ready")
    if reset:
        click.echo("metrics directory emptied")


@click.command()
def doctor() -> None:
    """Check configuration, services, workers, clock and every configured provider;
    exit 1 when something must be fixed."""
    from aduan import create_app
    from aduan.doctor import examine
    from aduan.logs import scrub

    # The doctor reports a missing SECRET_KEY itself; its other checks still need an app.
    key = os.environ.get("SECRET_KEY") or secrets.token_hex(32)
    findings = examine(create_app({"SECRET_KEY": key}))
    for item in findings:
        click.echo(f"[{MARKS[item.verdict]}] {item.check}: {scrub(item.words)}")
    failed = [f for f in findings if f.verdict == "fail"]
    warned = [f for f in findings if f.verdict == "warn"]
    if failed:
        click.echo(f"\n{len(failed)} to fix, {len(warned)} to look at.")
        sys.exit(1)
    click.echo(f"\nAll good ({len(warned)} to look at).")


@click.command("metrics-reset")
def metrics_reset() -> None:
    """Empty PROMETHEUS_MULTIPROC_DIR (before the host's processes start)."""
    from aduan import metrics

    if not metrics.reset_directory():
        raise click.ClickException("PROMETHEUS_MULTIPROC_DIR is not set")
    click.echo("metrics directory emptied")
