"""A local journal of submitted jobs, so nothing paid for is lost to a crash.

Every submit is recorded *before* it is sent (state ``submitting``) and updated with
the service's request id *before* ``submit`` returns (``submitted``), so after a crash
or ``kill -9`` at any point, ``genvid jobs resume`` (or ``Client.resume()``) can wait
for each unfinished job and save its output where it was meant to go. A submit whose
fate is unknown is kept as ``possibly_submitted`` with how to find out.

SQLite from the standard library, in WAL mode with a busy timeout, so several
processes can share one journal. Rows never hold API keys or inputs, only a digest.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite3

ENV = "GENVID_JOURNAL"
UNFINISHED = ("submitting", "submitted", "possibly_submitted", "completed")
SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    key TEXT PRIMARY KEY,
    job_id TEXT,
    provider TEXT NOT NULL,
    model TEXT NOT NULL,
    request_id TEXT,
    digest TEXT NOT NULL,
    output_path TEXT,
    state TEXT NOT NULL,
    detail TEXT,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS jobs_state ON jobs(state);
CREATE INDEX IF NOT EXISTS jobs_job_id ON jobs(job_id);
"""


def default_path() -> Path:
    """``$GENVID_JOURNAL``, else ``jobs.sqlite3`` in the platform's user state directory."""
    env = os.environ.get(ENV)
    if env:
        return Path(env)
    from platformdirs import user_state_dir

    return Path(user_state_dir("genvid", appauthor=False)) / "jobs.sqlite3"


@dataclass(frozen=True)
class Entry:
    """One journal row."""

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

    @property
    def unfinished(self) -> bool:
        return self.state in UNFINISHED


def _host() -> str:
    import socket

    return socket.gethostname()


def submitter_gone(detail: str | None) -> bool:
    """Whether the process that began a ``submitting`` row (detail ``pid N on HOST``) has ended on this host."""
    import re

    m = re.fullmatch(r"pid (\d+) on (.+)", detail or "")
    if m is None or m.group(2) != _host():
        return False
    try:
        os.kill(int(m.group(1)), 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False


class Journal:
    """The job journal at ``path`` (created on first use)."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        with self._db() as db:
            db.executescript(SCHEMA)

    def __repr__(self) -> str:
        return f"Journal({str(self.path)!r})"

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

    def begin(self, provider: str, model: str, digest: str, output_path: str | None = None) -> str:
        """Record a submit about to be sent; returns the row key."""
        import uuid

        key = uuid.uuid4().hex
        now = time.time()
        with self._db() as db:
            db.execute("INSERT INTO jobs (key, provider, model, digest, output_path, state, detail, created_at, "
                       "updated_at) VALUES (?, ?, ?, ?, ?, 'submitting', ?, ?, ?)",
                       (key, provider, model, digest, output_path, f"pid {os.getpid()} on {_host()}", now, now))
        return key

    def submitted(self, key: str, job_id: str, request_id: str) -> None:
        self._update(key, state="submitted", job_id=job_id, request_id=request_id)

    def mark(self, key: str, state: str, detail: str | None = None, output_path: str | None = None) -> None:
        """Move a row to ``state`` (``possibly_submitted``, ``completed``, ``saved``, ``failed``, ...)."""
        self._update(key, state=state, detail=detail, output_path=output_path)

    def mark_job(self, job_id: str, state: str, detail: str | None = None, output_path: str | None = None) -> None:
        """Like ``mark`` for every row of a job id (a job re-attached by id)."""
        with self._db() as db:
            rows = db.execute("SELECT key FROM jobs WHERE job_id = ?", (job_id,)).fetchall()
        for (key,) in rows:
            self.mark(key, state, detail, output_path)

    def _update(self, key: str, **fields: str | None) -> None:
        sets = {k: v for k, v in fields.items() if v is not None}
        sets["updated_at"] = str(time.time())
        assignments = ", ".join(f"{k} = ?" for k in sets)
        with self._db() as db:
            db.execute(f"UPDATE jobs SET {assignments} WHERE key = ?", (*sets.values(), key))

    def entries(self, *, unfinished: bool = False, limit: int | None = None) -> list[Entry]:
        """Rows, newest first."""
        query = "SELECT key, job_id, provider, model, request_id, digest, output_path, state, detail, " \
                "created_at, updated_at FROM jobs"
        args: tuple[object, ...] = ()
        if unfinished:
            query += f" WHERE state IN ({', '.join('?' for _ in UNFINISHED)})"
            args = UNFINISHED
        query += " ORDER BY created_at DESC"
        if limit:
            query += f" LIMIT {int(limit)}"
        with self._db() as db:
            rows = db.execute(query, args).fetchall()
        return [Entry(*row) for row in rows]

    def find(self, job_id: str) -> Entry | None:
        """The newest row for a job id (or a row key)."""
        with self._db() as db:
            row = db.execute("SELECT key, job_id, provider, model, request_id, digest, output_path, state, detail, "
                             "created_at, updated_at FROM jobs WHERE job_id = ? OR key = ? "
                             "ORDER BY created_at DESC LIMIT 1", (job_id, job_id)).fetchone()
        return Entry(*row) if row else None

    def close(self) -> None:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
