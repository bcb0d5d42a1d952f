"""`aduan sla ...` commands."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import click


def register(main: click.Group) -> None:
    main.add_command(sla)


@click.group()
def sla() -> None:
    """SLA calendars and clocks."""


@sla.command("due")
@click.option(
    "--policy",
    required=True,
    type=click.Choice(
        ["complaint", "triage", "ppid", "ppid_extension", "emergency", "resolution", "objection"]
    ),
)
@click.option(
    "--start",
    "start_text",
    required=True,
    help="ISO 8601 start; without an offset it is read in TIMEZONE (WIB).",
)
def due_command(policy: str, start_text: str) -> None:
    """Print the due time of POLICY for a clock started at START (ISO 8601 with offset)."""
    import os

    from sla.calendar import due

    try:
        start = datetime.fromisoformat(start_text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise click.BadParameter(f"not ISO 8601: {start_text}", param_hint="--start") from exc
    zone = ZoneInfo(os.environ.get("TIMEZONE", "Asia/Jakarta"))
    if start.tzinfo is None:
        start = start.replace(tzinfo=zone)
    click.echo(due(policy, start).astimezone(zone).isoformat())
