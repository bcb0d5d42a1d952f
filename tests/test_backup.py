"""Backups: deploy/backup.sh dumps the database, deploy/restore.sh restores it into a
scratch database, and every table has the same number of rows (PostgreSQL tier)."""

from __future__ import annotations

import subprocess
from urllib.parse import urlsplit, urlunsplit

import pytest
from sqlalchemy import create_engine, func, select, text

from aduan.config import ROOT
from aduan.extensions import db
from tests.conftest import TEST_DATABASE_URL
from tests.ticketing.helpers import Citizen


def _counts(url: str) -> dict[str, int]:
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as connection:
        found = {
            table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for table in db.metadata.sorted_tables
        }
    engine.dispose()
    return found


def test_a_dump_restores_into_a_scratch_database_with_every_row(
    app, fake_telegram, tg_post, drain, tmp_path
):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("pg_dump backs up PostgreSQL; runs on the PostgreSQL tier")
    for text_ in ("Jalan berlubang di Jl. Rungkut Madya", "Sampah menumpuk di TPS Keputran"):
        Citizen(fake_telegram, tg_post, drain).says(text_)
    db.session.remove()
    source = urlsplit(TEST_DATABASE_URL)
    scratch_name = source.path.lstrip("/") + "_restore"
    scratch = urlunsplit(source._replace(path=f"/{scratch_name}"))
    admin = create_engine(
        TEST_DATABASE_URL.replace("postgresql://", "postgresql+psycopg://", 1),
        isolation_level="AUTOCOMMIT",
    )
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{scratch_name}"'))
        connection.execute(text(f'CREATE DATABASE "{scratch_name}"'))
    dump = tmp_path / "aduan.dump"
    try:
        for script, args in (
            ("backup.sh", [TEST_DATABASE_URL, dump]),
            ("restore.sh", [dump, scratch]),
        ):
            subprocess.run(
                ["bash", str(ROOT / "deploy" / script), *map(str, args)],
                check=True,
                capture_output=True,
                timeout=300,
            )
        before, after = _counts(TEST_DATABASE_URL), _counts(scratch)
        assert before == after
        assert before["tickets"] == 2 and before["messages"] == 2 and before["outbox"] >= 2
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{scratch_name}" WITH (FORCE)'))
        admin.dispose()
