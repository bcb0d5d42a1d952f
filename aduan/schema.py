"""Schema management: Alembic migrations and idempotent seeding."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask

from aduan.config import ROOT
from aduan.extensions import db


def alembic_config(app: Flask) -> Any:
    """Returns an Alembic config pointing at this app's database."""
    logging.getLogger("alembic").setLevel(logging.WARNING)  # before alembic logs its plugins
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    cfg.set_main_option("sqlalchemy.url", app.config["SQLALCHEMY_DATABASE_URI"].replace("%", "%%"))
    return cfg


def migrate(app: Flask) -> None:
    """Upgrades the database to the newest migration."""
    with app.app_context(), db.engine.begin() as connection:
        cfg = alembic_config(app)
        cfg.attributes["connection"] = connection
        from alembic import command

        command.upgrade(cfg, "head")
