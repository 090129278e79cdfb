"""The job journal on PostgreSQL, shared by workers on several machines.

    GENVID_JOURNAL=postgresql://genvid@db.internal/site?schema=genvid  genvid jobs list

psycopg 3 (``pip install 'genvid[celery]'``) is imported only when such a journal is
opened. One connection per thread, in autocommit mode: every statement is atomic on
its own, which is all the journal needs — ``claim`` is ``INSERT ... ON CONFLICT DO
NOTHING`` and ``transition`` an ``UPDATE ... WHERE state IN (...)``, so of two workers
racing for the same row exactly one wins. The per-job lock is a session-level
advisory lock (``pg_try_advisory_lock``): it needs no row, never waits, and PostgreSQL
releases it the moment the holder's connection ends — a worker killed with ``kill -9``
lets go at once; a machine that vanishes lets go when the server's TCP keepalive gives
up on it (set to about a minute for these sessions).

The table is ``genvid_jobs`` (a site database has its own ``jobs`` tables), in the
schema named by the URL's ``schema`` parameter (created if needed), else in the default
search path. The URL's password never appears in reprs, errors or logs.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from collections.abc import Sequence
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ._exceptions import ConfigurationError, TransportError
from ._journal import table_columns

TABLE = "genvid_jobs"
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")
# Server-side keepalive for these sessions: a vanished worker machine's locks are freed in about a minute.
_SESSION_SETTINGS = ("SET tcp_keepalives_idle = 30", "SET tcp_keepalives_interval = 10",
                     "SET tcp_keepalives_count = 3")


def redact(url: str) -> str:
    """The URL without its password."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0].split(":", 1)[0]
    return urlunsplit((parts.scheme, f"{user}:***@{netloc[1]}", parts.path, parts.query, parts.fragment))


def split_schema(url: str) -> tuple[str, str | None]:
    """(the URL without genvid's ``schema`` parameter, the schema name or None)."""
    parts = urlsplit(url)
    params = parse_qsl(parts.query, keep_blank_values=True)
    schemas = [v for k, v in params if k == "schema"]
    rest = [(k, v) for k, v in params if k != "schema"]
    schema = schemas[-1] if schemas else None
    if schema is not None and not _IDENT.fullmatch(schema):
        raise ConfigurationError(f"the journal URL's schema {schema!r} is not a plain SQL identifier",
                                 service="journal", hint="use letters, digits and _ (e.g. ?schema=genvid)")
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(rest), parts.fragment)), schema


def lock_id(table: str, name: str) -> int:
    """A signed 64-bit advisory lock id for ``name`` in this journal's table."""
    digest = hashlib.sha256(f"genvid\0{table}\0{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class PostgresBackend:
    """``JournalBackend`` on PostgreSQL (see the module docstring)."""

    def __init__(self, url: str) -> None:
        try:
            import psycopg  # noqa: F401 - checked here so the error says what to install
        except ImportError:
            raise ConfigurationError("a PostgreSQL journal needs psycopg 3", service="journal",
                                     hint="pip install 'genvid[celery]' (or psycopg[binary])") from None
        self._conninfo, self.schema = split_schema(url)
        self.location = redact(url)
        self._password = urlsplit(url).password
        self.table = f'"{self.schema}".{TABLE}' if self.schema else TABLE
        self._local = threading.local()
        self._create()

    def __repr__(self) -> str:
        return f"PostgresBackend({self.location!r})"

    # --- connections ----------------------------------------------------------------
    def _conn(self) -> Any:
        conn = getattr(self._local, "conn", None)
        if conn is not None and (getattr(self._local, "pid", None) != os.getpid() or conn.closed or conn.broken):
            conn = None  # forked (a prefork worker child) or dropped: never reuse another process's socket
        if conn is None:
            import psycopg

            try:
                conn = psycopg.connect(self._conninfo, autocommit=True, connect_timeout=10,
                                       application_name="genvid")
                for statement in _SESSION_SETTINGS:
                    conn.execute(statement)
            except psycopg.Error as exc:
                raise self._unavailable(exc) from None
            self._local.conn = conn
            self._local.pid = os.getpid()
        return conn

    def _unavailable(self, exc: BaseException) -> TransportError:
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if self._password:
            text = text.replace(self._password, "***")
        return TransportError(f"the PostgreSQL journal at {self.location} failed: {text}", service="journal",
                              hint="check that the database is up and GENVID_JOURNAL is right")

    def _create(self) -> None:
        import psycopg

        conn = self._conn()
        try:
            with conn.transaction():
                # Many workers start at once: serialise the CREATEs (IF NOT EXISTS is not race-free).
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (lock_id("schema", self.table),))
                if self.schema:
                    conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{self.schema}"')
                conn.execute(f"CREATE TABLE IF NOT EXISTS {self.table} ({table_columns('DOUBLE PRECISION')})")
                for column in ("state", "job_id", "request_id", "updated_at"):
                    conn.execute(f"CREATE INDEX IF NOT EXISTS {TABLE}_{column} ON {self.table} ({column})")
        except psycopg.Error as exc:
            raise self._unavailable(exc) from None

    # --- JournalBackend -------------------------------------------------------------
    def _sql(self, sql: str) -> str:
        return sql.format(table=self.table).replace("%", "%%").replace("?", "%s")

    def query(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        import psycopg

        for attempt in (1, 2):
            conn = self._conn()
            try:
                return [tuple(r) for r in conn.execute(self._sql(sql), tuple(args)).fetchall()]
            except psycopg.OperationalError as exc:
                if attempt == 2 or not conn.broken:  # a read is safe to make again on a fresh connection
                    raise self._unavailable(exc) from None
            except psycopg.Error as exc:
                raise self._unavailable(exc) from None
        raise AssertionError("unreachable")

    def run(self, sql: str, args: Sequence[Any] = ()) -> int:
        import psycopg

        conn = self._conn()
        try:
            cursor = conn.execute(self._sql(sql), tuple(args))
        except psycopg.Error as exc:  # a write is not repeated: the caller decides (its task is retried)
            raise self._unavailable(exc) from None
        return int(cursor.rowcount)

    def try_lock(self, name: str) -> bool:
        row = self.query("SELECT pg_try_advisory_lock(?)", (lock_id(self.table, name),))
        return bool(row and row[0][0])

    def unlock(self, name: str) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is None or conn.closed or conn.broken:
            return  # the session is gone, and its locks with it
        self.query("SELECT pg_advisory_unlock(?)", (lock_id(self.table, name),))

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            if getattr(self._local, "pid", None) == os.getpid():
                conn.close()
            self._local.conn = None

    def drop(self) -> None:
        """Drop this journal's table (and its schema when the URL named one, if it is then empty). For tests."""
        import psycopg

        conn = self._conn()
        try:
            conn.execute(f"DROP TABLE IF EXISTS {self.table}")
            if self.schema:
                conn.execute(f'DROP SCHEMA IF EXISTS "{self.schema}" RESTRICT')
        except psycopg.Error as exc:
            raise self._unavailable(exc) from None


__all__ = ["PostgresBackend", "redact", "split_schema"]
