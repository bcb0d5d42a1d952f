"""`aduan contacts export|erase` and `aduan privacy retention`: a citizen's rights under
UU 27/2022 (access, erasure) and the retention policy on demand (docs/privacy.md)."""

from __future__ import annotations

import getpass
import json
import sys
from pathlib import Path
from typing import Any

import click


def register(main: click.Group) -> None:
    main.add_command(contacts)
    main.add_command(privacy)


def _actor(by: str | None) -> dict[str, Any]:
    return {"actor_kind": "admin", "actor_id": None, "actor_name": (by or getpass.getuser())[:200]}


def _contact(who: str) -> Any:
    """The contact named by an id ("12", "#12") or a phone number, following merges."""
    from ticketing.contacts import current_by_id, find_by_phone

    raw = who.strip().lstrip("#")
    contact = current_by_id(int(raw)) if raw.isdigit() and len(raw) <= 7 else find_by_phone(who)
    if contact is None:
        raise click.ClickException(f"no contact {who!r} (give a contact id or a phone number)")
    return contact


@click.group()
def contacts() -> None:
    """A citizen's data: export it, erase it (each logged in the privacy log)."""


@contacts.command("export")
@click.argument("who")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Default: stdout.")
@click.option(
    "--media-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also copy the citizen's photos and voice notes here.",
)
@click.option("--by", help="Who asks (for the log). Default: the OS user.")
def export_command(who: str, out: Path | None, media_dir: Path | None, by: str | None) -> None:
    """Export everything held about the citizen WHO (contact id or phone) as JSON."""
    from aduan import create_app
    from aduan.extensions import db
    from ticketing import personal_data, storage
    from ticketing.models import utcnow

    app = create_app()
    with app.app_context():
        contact = _contact(who)
        data = personal_data.export(contact)
        copied = 0
        if media_dir is not None:
            media_dir.mkdir(parents=True, exist_ok=True)
            files = [f for m in data["messages"] for f in m["files"]]
            for item in files:
                if item["file"] and item["status"] == "stored":
                    with storage.open_media(item["file"]) as source:
                        name = item["file"].replace("/", "_")
                        (media_dir / name).write_bytes(source.read())
                        copied += 1
        personal_data.log_export(contact, utcnow(), _actor(by))
        contact_id = contact.id
        db.session.commit()
    text = json.dumps(data, ensure_ascii=False, indent=2)
    if out is None:
        click.echo(text)
    else:
        out.write_text(text + "\n", encoding="utf-8")
        click.echo(f"contact #{contact_id}: written to {out}", err=True)
    if media_dir is not None:
        click.echo(f"{copied} files copied to {media_dir}", err=True)


@contacts.command("erase")
@click.argument("who")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option("--by", help="Who erases (for the log). Default: the OS user.")
def erase_command(who: str, yes: bool, by: str | None) -> None:
    """Erase the citizen WHO's personal data on their request (tickets stay as facts)."""
    from aduan import create_app
    from ticketing import retention
    from ticketing.models import utcnow

    app = create_app()
    with app.app_context():
        contact = _contact(who)
        contact_id = contact.id
        if not yes:
            click.confirm(
                f"Erase contact #{contact_id}'s name, numbers, messages and files for good?",
                abort=True,
            )
        try:
            counts = retention.erase_contact(contact, utcnow(), _actor(by))
        except retention.ErasureRefused as exc:
            raise click.ClickException(f"not erased: {exc}") from exc
    click.echo(f"contact #{contact_id} erased: {json.dumps(counts.as_dict())}")
    if counts.failed_files:
        click.echo(f"{len(counts.failed_files)} files could not be deleted:", err=True)
        for key in counts.failed_files:
            click.echo(f"  {key}", err=True)
        sys.exit(1)


@click.group()
def privacy() -> None:
    """The retention policy (run by the clock every hour)."""


@privacy.command("retention")
@click.option("--limit", type=int, default=1000, show_default=True)
def retention_command(limit: int) -> None:
    """Redact closed tickets past RETENTION_DAYS now (what the clock does hourly)."""
    from aduan import create_app
    from ticketing import retention
    from ticketing.models import utcnow

    app = create_app()
    with app.app_context():
        counts = retention.sweep(utcnow(), limit=limit)
        days = app.config["RETENTION_DAYS"]
    click.echo(f"retention ({days} days): {json.dumps(counts.as_dict())}")
