"""The Celery app that the fleet tests' (and scripts/bench_celery's) worker processes run.

Configured by environment variables, so each test run uses its own Redis database, its own
PostgreSQL schema and its own emulator:

    FLEET_BROKER        redis://127.0.0.1:6379/N (also the result backend and the caps store)
    GENVID_JOURNAL      postgresql://...?schema=... (the shared journal)
    GENVID_EMULATOR_URL the emulator every worker talks to
    FLEET_WORKER        this worker's name: sent as X-Fleet-Worker on every request, so a test can
                        tell which worker a request came from (and kill that one)
    FLEET_CAPS          optional caps, e.g. "luma=4,fal=4"
    FLEET_VISIBILITY    the Redis visibility timeout: how soon a dead worker's messages are redelivered
    FLEET_POLL          initial,factor,maximum of the poll policy (default 0.1,1.5,0.5)
    FLEET_TIMEOUT       seconds a job may take from submit (default 60)
    FLEET_SWEEP_AFTER   genvid_sweep_after: genvid.sweep revives jobs idle and overdue this long (default 600)
    FLEET_STATS         a directory: each worker writes <name>.json there when it stops (task runs and
                        the seconds they held a worker slot, per task name), for scripts/bench_celery
"""

from __future__ import annotations

import logging
import os
from typing import Any

import httpx
from celery import Celery

import genvid
import genvid.contrib.celery as genvid_celery

BROKER = os.environ.get("FLEET_BROKER", "redis://127.0.0.1:6379/0")
VISIBILITY = float(os.environ.get("FLEET_VISIBILITY", "3600"))

app = Celery("fleet", broker=BROKER, backend=BROKER, include=["genvid.contrib.celery", "fleet_app"])
genvid_celery.recommended_settings(app)
app.conf.update(
    # Messages of a worker that died are redelivered after the visibility timeout, and looked for every second.
    broker_transport_options={"visibility_timeout": VISIBILITY, "unacked_restore_interval": 1,
                              "unacked_restore_throttle": 1},
    result_expires=3600,
    worker_hijack_root_logger=True,
    broker_connection_retry_on_startup=True,
    genvid_client="fleet_app:make_client",
    genvid_caps=os.environ.get("FLEET_CAPS") or None,
    genvid_caps_url=BROKER,
    genvid_caps_ttl=float(os.environ.get("FLEET_CAPS_TTL", "30")),
    genvid_timeout=float(os.environ.get("FLEET_TIMEOUT", "60")),
    genvid_cap_wait=0.3,
    genvid_max_countdown=3.0,  # well under the visibility timeout
    genvid_sweep_after=float(os.environ.get("FLEET_SWEEP_AFTER", "600")),
)
logging.getLogger("httpx").setLevel(logging.WARNING)


class Tagged(httpx.BaseTransport):
    """Adds ``X-Fleet-Worker: <name>`` to every request (the test's emulator reads it)."""

    def __init__(self, inner: httpx.BaseTransport, name: str) -> None:
        self.inner = inner
        self.name = name

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.headers["X-Fleet-Worker"] = self.name
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


def make_client() -> genvid.Client:
    """The worker's genvid client: the emulator, a quick poll policy, requests tagged with the worker's name."""
    initial, factor, maximum = (float(x) for x in os.environ.get("FLEET_POLL", "0.1,1.5,0.5").split(","))
    return genvid.Client(emulator=os.environ["GENVID_EMULATOR_URL"],
                         poll=genvid.PollPolicy(initial=initial, factor=factor, maximum=maximum),
                         transport=Tagged(httpx.HTTPTransport(), os.environ.get("FLEET_WORKER", "worker")))


@app.task(name="fleet.naive_generate", acks_late=True)
def naive_generate(model: str, save_to: str, **inputs: Any) -> dict[str, Any]:
    """The obvious task (``client.generate`` inside it), for scripts/bench_celery to compare against."""
    client = _naive_client()
    result = client.generate(model, save_to=save_to, timeout=float(os.environ.get("FLEET_TIMEOUT", "60")), **inputs)
    return {"path": save_to, "size": result.size}


_CLIENT: list[genvid.Client] = []


def _naive_client() -> genvid.Client:
    if not _CLIENT:
        _CLIENT.append(make_client())
    return _CLIENT[0]


@app.task(name="fleet.describe")
def describe(meta: dict[str, Any]) -> dict[str, Any]:
    """The next task of a chain after ``generate``: it receives the saved Result's metadata."""
    return {"chained": True, "job_id": meta["job_id"], "sha256": meta["sha256"], "path": meta["path"]}


if os.environ.get("FLEET_STATS"):
    import collections
    import json
    import threading
    import time

    from celery.signals import task_postrun, task_prerun, worker_shutdown

    _started: dict[tuple[str, int], float] = {}
    _busy: collections.Counter[str] = collections.Counter()
    _runs: collections.Counter[str] = collections.Counter()
    _guard = threading.Lock()

    @task_prerun.connect
    def _prerun(task_id: str, task: Any, **_: Any) -> None:
        _started[(task_id, threading.get_ident())] = time.perf_counter()

    @task_postrun.connect
    def _postrun(task_id: str, task: Any, **_: Any) -> None:
        began = _started.pop((task_id, threading.get_ident()), None)
        if began is not None:
            with _guard:
                _busy[task.name] += time.perf_counter() - began
                _runs[task.name] += 1

    @worker_shutdown.connect
    def _write_stats(**_: Any) -> None:
        path = os.path.join(os.environ["FLEET_STATS"], f"{os.environ.get('FLEET_WORKER', 'worker')}.json")
        with open(path, "w") as f:
            json.dump({"busy": dict(_busy), "runs": dict(_runs)}, f)
