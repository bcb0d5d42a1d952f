"""`aduan areas ...` commands: the kecamatan and kelurahan units and their boundaries."""

from __future__ import annotations

from pathlib import Path

import click


def register(main: click.Group) -> None:
    main.add_command(areas)


@click.group()
def areas() -> None:
    """Kecamatan and kelurahan units (ticketing/areas.py)."""


@areas.command("load")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--level",
    type=click.Choice(["kelurahan", "kecamatan"]),
    default="kelurahan",
    show_default=True,
    help="What the file's polygons are.",
)
def load_command(path: Path, level: str) -> None:
    """Load boundary polygons (GeoJSON FeatureCollection) onto the area units, found
    by each feature's Kemendagri code or name. Tickets with a location pin are then
    routed to the unit whose polygon contains the pin."""
    from aduan import create_app
    from aduan.extensions import db
    from ticketing import areas as area_units

    app = create_app()
    with app.app_context():
        try:
            stored, unknown = area_units.load(path.read_bytes(), level)
        except area_units.BoundaryError as exc:
            raise click.ClickException(str(exc)) from exc
        db.session.commit()
        click.echo(f"{stored} {level} boundaries loaded")
        for feature in unknown:
            click.echo(f"not recognised: {feature}", err=True)
