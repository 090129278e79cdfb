"""A journal of submitted jobs, so nothing paid for is lost to a crash.

Every submit is recorded *before* it is sent (state ``submitting``) and updated with
the service's request id *before* ``submit`` returns (``submitted``), so after a crash
or ``kill -9`` at any point, ``genvid jobs resume`` (or ``Client.resume()``) can wait
for each unfinished job and save its output where it was meant to go. A submit whose
fate is unknown is kept as ``possibly_submitted`` with how to find out.

Two backends behind one API (``Journal``):

- **SQLite** (the default: ``$GENVID_JOURNAL`` or a file in the user state directory),
  from the standard library, in WAL mode with a busy timeout, so several processes on
  one machine can share one journal;
- **PostgreSQL** (``GENVID_JOURNAL=postgresql://...``, psycopg 3, loaded only then), so
  workers on several machines share one journal (see ``_journal_pg``).

Both give the same atomic primitives a fleet needs: ``claim`` inserts a row under a key
only if it is absent (the idempotency key of a job), ``transition`` moves a row from
given states only, and ``lock`` is an exclusive, non-blocking per-job lock that is
released when its holder dies (PostgreSQL: a session advisory lock; SQLite: a lock row
whose owning process is checked). Rows never hold API keys or inputs, only a digest.

States: ``submitting`` -> ``submitted`` -> (``completed``) -> ``saved``, or ``failed`` /
``cancelled`` (the service ended the job), ``rejected`` (the service refused the submit),
``retrying`` (refused in a way that proves nothing was created: safe to send again),
``possibly_submitted`` (sent, fate unknown: never resent), ``expired`` (a fleet stopped
waiting at its deadline; ``resume`` still saves it if it finishes).
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ._exceptions import InvalidInput

if TYPE_CHECKING:
    import sqlite3

ENV = "GENVID_JOURNAL"
UNFINISHED = ("submitting", "submitted", "possibly_submitted", "completed", "retrying", "expired")
FINISHED = ("saved", "failed", "cancelled", "rejected")
COLUMNS = ("key", "job_id", "provider", "model", "request_id", "digest", "output_path", "state", "detail",
           "created_at", "updated_at", "meta")
_SELECT = ", ".join(COLUMNS)
# A job that completed, whose result was handed over (recorded in meta) with nowhere to save it: finished.
_DELIVERED = "(state = 'completed' AND output_path IS NULL AND meta IS NOT NULL)"
_UPDATABLE = frozenset({"job_id", "request_id", "output_path", "state", "detail", "meta"})
_TYPES = ("TEXT PRIMARY KEY", "TEXT", "TEXT NOT NULL", "TEXT NOT NULL", "TEXT", "TEXT NOT NULL", "TEXT",
          "TEXT NOT NULL", "TEXT", "{real} NOT NULL", "{real} NOT NULL", "TEXT")


def table_columns(real: str) -> str:
    """The column list of the jobs table, with the backend's type for a float (``REAL``, ``DOUBLE PRECISION``)."""
    return ",\n    ".join(f"{name} {kind.format(real=real)}" for name, kind in zip(COLUMNS, _TYPES, strict=True))


SCHEMA = f"""
CREATE TABLE IF NOT EXISTS jobs (
    {table_columns("REAL")}
);
CREATE INDEX IF NOT EXISTS jobs_state ON jobs(state);
CREATE INDEX IF NOT EXISTS jobs_job_id ON jobs(job_id);
CREATE INDEX IF NOT EXISTS jobs_request_id ON jobs(request_id);
CREATE TABLE IF NOT EXISTS locks (
    name TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    acquired_at REAL NOT NULL
);
"""


def default_path() -> Path:
    """``$GENVID_JOURNAL`` (when it is a path), else ``jobs.sqlite3`` in the platform's user state directory."""
    env = os.environ.get(ENV)
    if env and not is_postgres_url(env):
        return Path(env)
    from platformdirs import user_state_dir

    return Path(user_state_dir("genvid", appauthor=False)) / "jobs.sqlite3"


def is_postgres_url(location: object) -> bool:
    """Whether a journal location names a PostgreSQL database (``postgresql://`` or ``postgres://``)."""
    return isinstance(location, str) and location.startswith(("postgresql://", "postgres://"))


@dataclass(frozen=True)
class Entry:
    """One journal row. ``meta`` is the recorded result of a finished job (JSON), when there is one."""

    key: str
    job_id: str | None
    provider: str
    model: str
    request_id: str | None
    digest: str
    output_path: str | None
    state: str
    detail: str | None
    created_at: float
    updated_at: float
    meta: dict[str, Any] | None = None

    @property
    def unfinished(self) -> bool:
        """Whether something is left to do: a ``completed`` job with a recorded result and no target is done."""
        return self.state in UNFINISHED and not (self.state == "completed" and self.meta and not self.output_path)

    @classmethod
    def from_row(cls, row: Sequence[Any]) -> Entry:
        """An Entry from a row of ``COLUMNS`` (``meta`` stored as JSON text)."""
        values = list(row)
        raw = values[11] if len(values) > 11 else None
        meta = json.loads(raw) if isinstance(raw, str) and raw else (raw if isinstance(raw, dict) else None)
        return cls(key=str(values[0]), job_id=values[1], provider=str(values[2]), model=str(values[3]),
                   request_id=values[4], digest=str(values[5]), output_path=values[6], state=str(values[7]),
                   detail=values[8], created_at=float(values[9]), updated_at=float(values[10]), meta=meta)


def _host() -> str:
    import socket

    return socket.gethostname()


def owner_tag() -> str:
    """Who holds a lock: ``pid N on HOST thread T``."""
    return f"pid {os.getpid()} on {_host()} thread {threading.get_ident()}"


def submitter_gone(detail: str | None) -> bool:
    """Whether the process that began a ``submitting`` row (detail ``pid N on HOST``) has ended on this host."""
    import re

    m = re.fullmatch(r"pid (\d+) on (\S+)(?: thread \d+)?", detail or "")
    if m is None or m.group(2) != _host():
        return False
    try:
        os.kill(int(m.group(1)), 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False


class JournalBackend(Protocol):
    """Where a ``Journal`` keeps its rows: the small interface each backend implements.

    SQL is written with ``?`` placeholders and ``{table}`` for the jobs table; a backend
    adapts the placeholders to its driver. ``try_lock`` / ``unlock`` are an exclusive,
    non-blocking lock per name that must be released by the backend when the holder dies.
    """

    location: str
    """Where the journal is, printable (no password)."""
    table: str

    def query(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Rows of a SELECT."""
        ...

    def run(self, sql: str, args: Sequence[Any] = ()) -> int:
        """Execute one statement (autocommit); returns the number of rows it changed."""
        ...

    def try_lock(self, name: str) -> bool:
        """Take the lock ``name`` if nobody holds it; never waits."""
        ...

    def unlock(self, name: str) -> None:
        """Release a lock taken by this thread."""
        ...

    def close(self) -> None:
        """Close this thread's connection."""
        ...


class SQLiteBackend:
    """The journal in a local SQLite file (WAL mode, shared by the processes of one machine)."""

    table = "jobs"
    STALE_LOCK = 3600.0  # a lock held by another host (a shared disk) is considered dead after this

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.location = str(self.path)
        self._local = threading.local()
        with self._db() as db:
            columns = {row[1] for row in db.execute("PRAGMA table_info(jobs)").fetchall()}
            if columns and "meta" not in columns:  # a journal written by an older genvid
                db.execute("ALTER TABLE jobs ADD COLUMN meta TEXT")
            db.executescript(SCHEMA)

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            import sqlite3  # on first use: most clients run without a journal

            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA busy_timeout=30000")
            self._local.conn = conn
        yield conn

    def query(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._db() as db:
            return [tuple(r) for r in db.execute(sql.format(table=self.table), tuple(args)).fetchall()]

    def run(self, sql: str, args: Sequence[Any] = ()) -> int:
        with self._db() as db:
            return int(db.execute(sql.format(table=self.table), tuple(args)).rowcount)

    def try_lock(self, name: str) -> bool:
        me = owner_tag()
        now = time.time()
        with self._db() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                row = db.execute("SELECT owner, acquired_at FROM locks WHERE name = ?", (name,)).fetchone()
                if row is not None:
                    owner, since = str(row[0]), float(row[1])
                    same_host = f" on {_host()} " in owner + " "
                    dead = submitter_gone(owner) if same_host else now - since > self.STALE_LOCK
                    if not dead:
                        db.execute("ROLLBACK")
                        return False
                db.execute("INSERT OR REPLACE INTO locks (name, owner, acquired_at) VALUES (?, ?, ?)",
                           (name, me, now))
                db.execute("COMMIT")
                return True
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def unlock(self, name: str) -> None:
        with self._db() as db:
            db.execute("DELETE FROM locks WHERE name = ? AND owner = ?", (name, owner_tag()))

    def close(self) -> None:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None


class Journal:
    """The job journal at ``location``: a SQLite path (default) or a ``postgresql://`` URL.

    ``Journal()`` uses ``$GENVID_JOURNAL``, else a SQLite file in the user state directory.
    A PostgreSQL URL may carry ``?schema=NAME`` to keep genvid's table in its own schema.
    """

    def __init__(self, location: str | os.PathLike[str] | None = None, *,
                 backend: JournalBackend | None = None) -> None:
        if backend is None:
            env = os.environ.get(ENV)
            where: str | os.PathLike[str] = location if location is not None else (
                env if env and is_postgres_url(env) else default_path())
            if is_postgres_url(where):
                from ._journal_pg import PostgresBackend

                backend = PostgresBackend(str(where))
            else:
                backend = SQLiteBackend(where)
        self.backend: JournalBackend = backend
        self._held: set[str] = set()
        self._held_guard = threading.Lock()
        self.path: Path | None = backend.path if isinstance(backend, SQLiteBackend) else None

    def __repr__(self) -> str:
        return f"Journal({self.backend.location!r})"

    @property
    def location(self) -> str:
        """Where the rows are (a path, or a URL without its password)."""
        return self.backend.location

    # --- recording a submit -------------------------------------------------------------
    def begin(self, provider: str, model: str, digest: str, output_path: str | None = None) -> str:
        """Record a submit about to be sent; returns the row key."""
        import uuid

        key = uuid.uuid4().hex
        self.claim(key, provider, model, digest, output_path)
        return key

    def claim(self, key: str, provider: str, model: str, digest: str, output_path: str | None = None, *,
              detail: str | None = None) -> tuple[Entry, bool]:
        """Record a submit about to be sent under ``key`` unless a row has that key already.

        Returns ``(row, created)``: ``created`` is False when the key was there before (a
        redelivered or retried task), and ``row`` is then the existing row, untouched.
        """
        if not key or len(key) > 200:
            raise InvalidInput("a journal key must be 1 to 200 characters", field="idempotency_key")
        now = time.time()
        created = self.backend.run(
            "INSERT INTO {table} (key, provider, model, digest, output_path, state, detail, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, 'submitting', ?, ?, ?) ON CONFLICT (key) DO NOTHING",
            (key, provider, model, digest, output_path, detail or f"pid {os.getpid()} on {_host()}", now, now))
        entry = self.get(key)
        if entry is None:  # pragma: no cover - a row just inserted or found cannot vanish but by forget()
            raise InvalidInput(f"journal row {key} was removed while being claimed", field="idempotency_key")
        return entry, created > 0

    def submitted(self, key: str, job_id: str, request_id: str) -> None:
        self._update({"key": key}, state="submitted", job_id=job_id, request_id=request_id)

    def mark(self, key: str, state: str, detail: str | None = None, output_path: str | None = None, *,
             meta: Mapping[str, Any] | None = None) -> None:
        """Move a row to ``state`` (``possibly_submitted``, ``completed``, ``saved``, ``failed``, ...)."""
        self._update({"key": key}, state=state, detail=detail, output_path=output_path,
                     meta=json.dumps(meta) if meta is not None else None)

    def mark_job(self, job_id: str, state: str, detail: str | None = None, output_path: str | None = None, *,
                 meta: Mapping[str, Any] | None = None) -> None:
        """Like ``mark`` for every row of a job id (a job re-attached by id)."""
        self._update({"job_id": job_id}, state=state, detail=detail, output_path=output_path,
                     meta=json.dumps(meta) if meta is not None else None)

    def transition(self, key: str, from_states: Sequence[str], state: str, *, detail: str | None = None,
                   output_path: str | None = None, meta: Mapping[str, Any] | None = None,
                   job_id: str | None = None, request_id: str | None = None) -> bool:
        """Atomically move the row ``key`` to ``state`` if it is in one of ``from_states``.

        Returns whether it moved: of several workers racing to make the same move, exactly one wins.
        """
        return self._update({"key": key}, states=from_states, state=state, detail=detail, output_path=output_path,
                            meta=json.dumps(meta) if meta is not None else None, job_id=job_id,
                            request_id=request_id) > 0

    def _update(self, where: Mapping[str, str], *, states: Sequence[str] | None = None, **fields: str | None) -> int:
        sets = {k: v for k, v in fields.items() if v is not None}
        if not set(sets) <= _UPDATABLE or not set(where) <= {"key", "job_id"}:
            raise ValueError(f"not journal columns: {sorted(set(sets) - _UPDATABLE)}")
        assignments = ", ".join([*(f"{k} = ?" for k in sets), "updated_at = ?"])
        clause = " AND ".join(f"{k} = ?" for k in where)
        args: list[Any] = [*sets.values(), time.time(), *where.values()]
        if states is not None:
            clause += f" AND state IN ({', '.join('?' for _ in states)})"
            args += list(states)
        return self.backend.run(f"UPDATE {{table}} SET {assignments} WHERE {clause}", args)

    # --- locks ------------------------------------------------------------------------
    @contextmanager
    def lock(self, key: str) -> Iterator[bool]:
        """An exclusive per-job lock, never waited for: yields True if this thread holds it.

        ``with journal.lock(key) as mine: if mine: ...``. Workers take it to submit or to save a
        job, so two of them never do either at once; it is released at the end of the block,
        or when the holder dies (its database session ends, or its process is gone).
        """
        name = f"job:{key}"
        with self._held_guard:  # not re-entrant, whatever the backend (a PostgreSQL session's locks are)
            if name in self._held:
                held = False
            else:
                self._held.add(name)
                held = True
        if held:
            try:
                held = self.backend.try_lock(name)
            finally:
                if not held:
                    with self._held_guard:
                        self._held.discard(name)
        try:
            yield held
        finally:
            if held:
                try:
                    self.backend.unlock(name)
                finally:
                    with self._held_guard:
                        self._held.discard(name)

    # --- reading ----------------------------------------------------------------------
    def get(self, key: str) -> Entry | None:
        """The row with exactly this key."""
        rows = self.backend.query(f"SELECT {_SELECT} FROM {{table}} WHERE key = ?", (key,))
        return Entry.from_row(rows[0]) if rows else None

    def entries(self, *, unfinished: bool = False, limit: int | None = None,
                states: Sequence[str] | None = None) -> list[Entry]:
        """Rows, newest first (only unfinished ones, or only those in ``states``, when asked)."""
        query = f"SELECT {_SELECT} FROM {{table}}"
        wanted = UNFINISHED if unfinished else states
        args: tuple[object, ...] = ()
        if wanted is not None:
            query += f" WHERE state IN ({', '.join('?' for _ in wanted)})"
            args = tuple(wanted)
        if unfinished:
            query += f" AND NOT {_DELIVERED}"
        query += " ORDER BY created_at DESC"
        if limit:
            query += f" LIMIT {int(limit)}"
        return [Entry.from_row(r) for r in self.backend.query(query, args)]

    def find(self, job_id: str) -> Entry | None:
        """The newest row for a job id (or a row key)."""
        rows = self.backend.query(f"SELECT {_SELECT} FROM {{table}} WHERE job_id = ? OR key = ? "
                                  "ORDER BY created_at DESC LIMIT 1", (job_id, job_id))
        return Entry.from_row(rows[0]) if rows else None

    def find_request(self, provider: str, request_id: str) -> Entry | None:
        """The newest row for a service's request id (what a webhook or callback names)."""
        rows = self.backend.query(f"SELECT {_SELECT} FROM {{table}} WHERE provider = ? AND request_id = ? "
                                  "ORDER BY created_at DESC LIMIT 1", (provider, request_id))
        return Entry.from_row(rows[0]) if rows else None

    def counts(self) -> dict[str, int]:
        """How many rows are in each state."""
        return {str(s): int(n) for s, n in self.backend.query("SELECT state, COUNT(*) FROM {table} GROUP BY state")}

    # --- housekeeping -----------------------------------------------------------------
    def prune(self, *, older_than: float = 30 * 86400, states: Sequence[str] = FINISHED) -> int:
        """Delete rows in ``states`` (finished ones by default) last updated more than ``older_than`` seconds ago.

        Returns how many were deleted. Unfinished rows are never pruned unless named in ``states``; by
        default, jobs that completed with nowhere to save to (their result handed to the caller) go too.
        """
        if older_than < 0:
            raise InvalidInput("older_than must be >= 0 seconds", field="older_than")
        if not states:
            return 0
        marks = ", ".join("?" for _ in states)
        done = f" OR {_DELIVERED}" if tuple(states) == FINISHED else ""
        return self.backend.run(f"DELETE FROM {{table}} WHERE (state IN ({marks}){done}) AND updated_at < ?",
                                (*states, time.time() - older_than))

    def forget(self, job_id: str) -> int:
        """Delete the rows of a job id or row key, whatever their state (e.g. a possibly-submitted
        job you have checked on the service's dashboard). Returns how many were deleted."""
        return self.backend.run("DELETE FROM {table} WHERE job_id = ? OR key = ?", (job_id, job_id))

    def close(self) -> None:
        """Close this thread's connection (it is reopened on next use)."""
        self.backend.close()


__all__ = ["COLUMNS", "ENV", "FINISHED", "UNFINISHED", "Entry", "Journal", "JournalBackend", "SQLiteBackend",
           "default_path", "is_postgres_url", "submitter_gone"]
