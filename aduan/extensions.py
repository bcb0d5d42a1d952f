"""Flask extensions, created unbound and bound in create_app()."""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from typing import Any

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import Table, event, insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    """SQLite in embedded mode: WAL so readers never block the writer, a busy timeout
    so concurrent writers (web, worker, clock) wait instead of failing, and foreign keys."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


@event.listens_for(Engine, "savepoint")
def _sqlite_savepoint_inside(conn: Any, _name: str) -> None:
    """pysqlite opens a transaction only before a write: a SAVEPOINT that comes first
    opened one of its own, and releasing it committed at once, so the outer rollback
    undid nothing (an officer's refused action kept its action key: "sudah diproses").
    The transaction is opened first, as on PostgreSQL."""
    dbapi = conn.connection.dbapi_connection
    if not isinstance(dbapi, sqlite3.Connection) or dbapi.in_transaction:
        return
    if dbapi.isolation_level is not None:  # None: autocommit, no transaction to join
        dbapi.execute("BEGIN")


def insert_skipping_duplicates(table: Table, dialect: str, columns: list[str]) -> Any:
    """Returns an INSERT into `table` that skips a row whose `columns` (a unique key)
    clash with an existing one: ON CONFLICT DO NOTHING on PostgreSQL and SQLite, a plain
    INSERT on any other database."""
    if dialect == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing(index_elements=columns)
    if dialect == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing(index_elements=columns)
    return insert(table)


def db_transient(exc: BaseException) -> bool:
    """True for a database error worth retrying as it is: the connection went away, the
    server is down or restarting, SQLite is locked."""
    if isinstance(exc, OperationalError | InterfaceError | DisconnectionError):
        return True
    return isinstance(exc, DBAPIError) and bool(exc.connection_invalidated)


def read_only(view: Callable[..., Any]) -> Callable[..., Any]:
    """Runs a view that only reads on an autocommit connection: no BEGIN and ROLLBACK
    round trips around its SELECTs (two of the five of an inbox page). Put it above
    @login_required so the user is loaded on that connection too. A session already in
    a transaction or holding changes (a test's, sharing the app context) is left as is."""

    @functools.wraps(view)
    def run(*args: Any, **kwargs: Any) -> Any:
        session = db.session()
        if session.in_transaction() or session.new or session.dirty or session.deleted:
            return view(*args, **kwargs)
        session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
        try:
            result = view(*args, **kwargs)
        except BaseException:
            session.rollback()
            raise
        # Give the connection back (no round trip: nothing to commit), keep what was loaded.
        session.expire_on_commit, keep = False, session.expire_on_commit
        try:
            session.commit()
        finally:
            session.expire_on_commit = keep
        return result

    return run
