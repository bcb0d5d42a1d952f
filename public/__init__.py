"""The public side: Open311 GeoReport v2 (/open311/v2/), the citizens' report form
(/lapor), the tracking page (/lacak/<MC-number>), the map and list (/peta) and the
OPD scorecard (/kinerja). What it shows comes from ticketing.publication only."""

from __future__ import annotations

from flask import Flask

from aduan.extensions import csrf


def register(app: Flask) -> None:
    """Registers the public blueprints on `app`."""
    from public import open311, pages

    csrf.exempt(open311.bp)  # partners authenticate with an api_key, not a cookie
    app.register_blueprint(open311.bp)
    app.register_blueprint(pages.bp)
