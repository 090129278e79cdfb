"""Real PostgreSQL, Redis and Celery worker processes for the fleet tests.

PostgreSQL and Redis must be running (``.ci/run`` starts or installs them): a test that
needs one FAILS when it is missing, it never skips. ``GENVID_TEST_POSTGRES`` and
``GENVID_TEST_REDIS`` point elsewhere. Each test gets its own PostgreSQL schema (dropped
afterwards) and each session its own Redis database number (claimed with a lock key in
database 0, flushed before and after), so runs in parallel do not collide.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
POSTGRES = os.environ.get("GENVID_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
REDIS = os.environ.get("GENVID_TEST_REDIS", "redis://127.0.0.1:6379")


def postgres_available() -> None:
    """Fail (not skip) when the test PostgreSQL cannot be reached."""
    import psycopg

    try:
        with psycopg.connect(POSTGRES, connect_timeout=5) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        pytest.fail(f"PostgreSQL is needed at {POSTGRES} and is not reachable ({exc}); .ci/run starts it "
                    "(pg_ctlcluster ... main start), or set GENVID_TEST_POSTGRES", pytrace=False)


@contextlib.contextmanager
def pg_schema(tag: str = "t") -> Iterator[str]:
    """A journal URL in a fresh schema of the test database, dropped afterwards."""
    import psycopg

    postgres_available()
    schema = f"genvid_test_{tag}_{os.getpid()}_{secrets.token_hex(3)}"
    sep = "&" if "?" in POSTGRES else "?"
    try:
        yield f"{POSTGRES}{sep}schema={schema}"
    finally:
        with psycopg.connect(POSTGRES, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@contextlib.contextmanager
def redis_db() -> Iterator[str]:
    """A Redis URL of a database number no other test run is using (flushed before and after)."""
    import redis

    base = redis.Redis.from_url(f"{REDIS}/0", socket_timeout=5)
    try:
        base.ping()
    except redis.RedisError as exc:
        pytest.fail(f"Redis is needed at {REDIS} and is not reachable ({exc}); .ci/run starts it "
                    "(redis-server --daemonize yes ...), or set GENVID_TEST_REDIS", pytrace=False)
    token = f"{os.getpid()}-{secrets.token_hex(4)}"
    number = next((n for n in range(15, 0, -1)
                   if base.set(f"genvid-tests:db:{n}", token, nx=True, ex=3600)), None)
    if number is None:
        pytest.fail("every Redis database 1-15 is claimed by another genvid test run (keys genvid-tests:db:N "
                    "in database 0)", pytrace=False)
    url = f"{REDIS}/{number}"
    db = redis.Redis.from_url(url)
    db.flushdb()
    try:
        yield url
    finally:
        db.flushdb()
        if base.get(f"genvid-tests:db:{number}") == token.encode():
            base.delete(f"genvid-tests:db:{number}")


_SESSION_DB: list[str] = []


def session_redis() -> str:
    """One Redis database for this test process's ``fleet_app`` (a Celery app keeps its first broker's pools)."""
    if not _SESSION_DB:
        import atexit

        claim = redis_db()
        _SESSION_DB.append(claim.__enter__())
        atexit.register(claim.__exit__, None, None, None)
    return _SESSION_DB[0]


class Workers:
    """Celery worker processes (``tests/fleet_app.py``), each with its own log file."""

    def __init__(self, env: dict[str, str], logs: Path, *, concurrency: int = 4) -> None:
        self.env = env
        self.logs = logs
        self.concurrency = concurrency
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        self.killed: list[str] = []

    def start(self, name: str, *, wait: bool = True) -> subprocess.Popen[bytes]:
        env = {**self.env, "FLEET_WORKER": name,
               "PYTHONPATH": os.pathsep.join([str(HERE), *sys.path])}
        log = open(self.logs / f"{name}.log", "ab")  # noqa: SIM115 - closed when the process ends
        proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "fleet_app", "worker", "--pool", "threads",
             "--concurrency", str(self.concurrency), "--hostname", f"{name}@%h", "--without-mingle",
             "--without-gossip", "--without-heartbeat", "--loglevel", "INFO"],
            cwd=HERE, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        self.procs[name] = proc
        if wait:
            self.wait_ready(name)
        return proc

    def wait_ready(self, name: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if f"{name}@" in self.log(name) and " ready." in self.log(name):
                return
            if self.procs[name].poll() is not None:
                pytest.fail(f"worker {name} exited with {self.procs[name].returncode}:\n{self.log(name)[-3000:]}")
            time.sleep(0.1)
        pytest.fail(f"worker {name} did not start in {timeout} s:\n{self.log(name)[-3000:]}")

    def log(self, name: str) -> str:
        path = self.logs / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def all_logs(self) -> str:
        return "".join(self.log(name) for name in self.procs)

    def count(self, pattern: str) -> int:
        return len(re.findall(pattern, self.all_logs()))

    def kill(self, name: str) -> None:
        """``kill -9`` the worker (no cleanup, no acks, its messages stay unacknowledged)."""
        proc = self.procs[name]
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        self.killed.append(name)

    def pid(self, name: str) -> int:
        return self.procs[name].pid

    def stop(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
        for name, proc in self.procs.items():
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
            del name

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop()


def fleet_env(emulator_root: str, broker: str, journal: str, **extra: str) -> dict[str, str]:
    """The environment of a worker (and of the test process's own Celery app)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLEET_", "GENVID_"))}
    env.update({"FLEET_BROKER": broker, "GENVID_JOURNAL": journal, "GENVID_EMULATOR_URL": emulator_root,
                "GENVID_TEST": "1"})
    env.update(extra)
    return env
