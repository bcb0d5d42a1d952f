"""Alembic environment: the URL and metadata come from the Aduan app."""

from __future__ import annotations

import warnings

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
        with warnings.catch_warnings():
            # Batch mode on SQLite cannot reflect expression indexes; they are put back below.
            warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression")
            context.run_migrations()
        _restore_sqlite_indexes(connection)


def _restore_sqlite_indexes(connection) -> None:  # type: ignore[no-untyped-def]
    """SQLite's batch mode rebuilds a table without the indexes it cannot reflect (the
    inbox's expression sort keys); at head, creates every declared index that is missing."""
    if connection.dialect.name != "sqlite":
        return
    if context.get_context().get_current_revision() not in context.script.get_heads():
        return
    found = "SELECT name FROM sqlite_master WHERE type = 'index'"
    present = {name for (name,) in connection.exec_driver_sql(found)}
    for table in target_metadata.sorted_tables:
        for index in table.indexes:
            wanted = index._ddl_if is None or index._ddl_if.dialect in (None, "sqlite")
            if wanted and index.name not in present:
                index.create(connection)


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
