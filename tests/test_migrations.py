"""The Alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text

from aduan.extensions import db
from aduan.schema import alembic_config


def _check(url: str, app) -> None:
    from alembic import command

    engine = create_engine(url)
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("DROP SCHEMA IF EXISTS migration_check CASCADE"))
            connection.execute(text("CREATE SCHEMA migration_check"))
            connection.execute(text("SET search_path TO migration_check"))
        cfg = alembic_config(app)
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")
        diff = compare_metadata(MigrationContext.configure(connection), db.metadata)
        if connection.dialect.name == "postgresql":
            connection.execute(text("DROP SCHEMA migration_check CASCADE"))
    engine.dispose()
    assert diff == []


# SQLite cannot reflect expression indexes (the inbox's sort keys); PostgreSQL compares them.
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression")
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_migrations_match_the_models(app, tmp_path):
    """Runs on each backend of the `app` fixture: SQLite always, PostgreSQL on CI."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'migrated.db'}"
    _check(url, app)


def test_sqlite_keeps_every_declared_index(app, tmp_path):
    """SQLite's batch mode drops the expression indexes it cannot reflect when it rebuilds
    a table; the migrations put them back, so the embedded desk keeps its inbox sort keys."""
    from alembic import command

    engine = create_engine(f"sqlite:///{tmp_path / 'indexes.db'}")
    with engine.begin() as connection:
        cfg = alembic_config(app)
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")
        found = "SELECT name FROM sqlite_master WHERE type = 'index'"
        present = {name for (name,) in connection.exec_driver_sql(found)}
    engine.dispose()
    declared = {
        index.name
        for table in db.metadata.sorted_tables
        for index in table.indexes
        if index._ddl_if is None or index._ddl_if.dialect != "postgresql"
    }
    assert {"ix_tickets_q_open", "ix_tickets_q_kind"} <= declared
    assert declared - present == set()
