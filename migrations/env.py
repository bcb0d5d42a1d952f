"""Alembic environment: the URL and metadata come from the Aduan app."""

from __future__ import annotations

from alembic import context
from sqlalchemy import engine_from_config, pool

import sla.models  # noqa: F401  (registers tables)
import ticketing.models  # noqa: F401
from aduan.extensions import db

config = context.config
target_metadata = db.metadata
if not config.get_main_option("sqlalchemy.url"):
    from aduan.config import load

    config.set_main_option("sqlalchemy.url", load()["SQLALCHEMY_DATABASE_URI"].replace("%", "%%"))


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = config.attributes.get("connection")
    if connectable is None:
        connectable = engine_from_config(
            config.get_section(config.config_ini_section) or {},
            prefix="sqlalchemy.",
            poolclass=pool.NullPool,
        )
        with connectable.connect() as connection:
            _run(connection)
    else:
        _run(connectable)


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
