"""genvid.contrib.celery on real components: Celery worker processes, a Redis broker, a PostgreSQL journal.

The fleet test (``test_fleet_under_faults_kills_and_redeliveries``) is the one the README's
reliability row and RELIABILITY.md's "fleet" row quote: 500 jobs across the four services
through two worker processes against an emulator that faults 20% of requests, with one
worker killed with SIGKILL while its submit is in flight and another while it downloads,
duplicate messages and caller retries on top. It prints its figures and asserts the bars:
0 duplicate submits (counted in the emulator's request journal and by unique prompt),
0 lost outputs, every saved output byte-exact (sha256 == the emulator's own blob), 0
exceptions that are not genvid's. ``GENVID_FLEET_JOBS`` changes the number of jobs.
"""

from __future__ import annotations

import asyncio
import base64
import collections
import hashlib
import os
import queue
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from _fleet_support import Workers, fleet_env, pg_schema, session_redis

import genvid
from genvid._journal import Journal
from genvid_emulator import Settings, running
from genvid_emulator.services.luma import SUBMIT_OPS as LUMA_SUBMITS

pytest.importorskip("celery")

import fleet_app

# A 1x1 PNG as a data: URI: fal's image-to-video input travels as JSON in the task arguments.
PNG = "data:image/png;base64," + base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005fe02fea7d6a5"
    "f90000000049454e44ae426082")).decode()
MODELS: list[tuple[str, dict[str, Any]]] = [
    ("decart:lucy-pro-t2v", {}),
    ("fal:decart/lucy-14b/image-to-video", {"image": PNG}),
    ("luma:ray-2", {}),
    ("luma-agents:ray-3.2", {"type": "video"}),
]
SUBMIT_OPS = frozenset({"queue_submit", "process_generate", "create_generation", *LUMA_SUBMITS})
STATUS_OPS = frozenset({"queue_status", "get_generation"})


def is_submit(operation: str | None) -> bool:
    return bool(operation) and (operation in SUBMIT_OPS or str(operation).startswith("submit_"))


@pytest.fixture(scope="module")
def broker() -> str:
    """A Redis database of this test process's own: the broker, the result backend and the caps store."""
    url = session_redis()
    fleet_app.app.conf.update(broker_url=url, result_backend=url, genvid_caps_url=url)
    return url


@pytest.fixture
def clean(broker: str) -> Iterator[str]:
    import redis

    redis.Redis.from_url(broker).flushdb()
    yield broker
    redis.Redis.from_url(broker).flushdb()


def task(name: str) -> Any:
    return fleet_app.app.tasks[name]


def sha256(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def emulator_jobs(emulator: Any) -> dict[str, list[dict[str, Any]]]:
    """The emulator's jobs by prompt, with the sha256 of the output a client downloads."""
    now = emulator.clock.now()
    by_prompt: dict[str, list[dict[str, Any]]] = collections.defaultdict(list)
    for job in emulator.jobs.all():
        extra = job.extra
        blob_id = extra.get("blob") or (extra["outputs"][0]["blob"] if extra.get("outputs") else None) \
            or extra.get("video") or extra.get("image")
        blob = emulator.blobs.get(str(blob_id)) if blob_id else None
        phase = job.phase(now)
        by_prompt[str(job.inputs.get("prompt"))].append({
            "id": job.id, "service": job.service, "phase": phase, "outcome": job.outcome,
            "created": job.created, "finished": job.finished_at(),
            "sha256": blob.sha256() if blob is not None and phase == "done" else None})
    return by_prompt


def wait_results(results: list[Any], timeout: float, quiet: float = 45.0) -> None:
    """Until every result is in, or none has come in for ``quiet`` seconds, or ``timeout``."""
    deadline = time.monotonic() + timeout
    pending = list(results)
    last_progress = time.monotonic()
    while pending and time.monotonic() < deadline and time.monotonic() - last_progress < quiet:
        still = [r for r in pending if not r.ready()]
        if len(still) < len(pending):
            last_progress = time.monotonic()
        pending = still
        time.sleep(0.25)


def outcome(result: Any) -> Any:
    """The task's metadata, the exception it ended with, or None if it never ended."""
    if not result.ready():
        return None
    value = result.get(propagate=False, timeout=10)
    return value


def max_overlap(intervals: list[tuple[float, float]]) -> int:
    events = sorted([(a, 1) for a, _ in intervals] + [(b, -1) for _, b in intervals])
    best = cur = 0
    for _, step in events:
        cur += step
        best = max(best, cur)
    return best


class Traps:
    """In-process hooks on the emulator: report (and stall) the first submit / download after a count.

    The report names the worker that sent the request (its ``X-Fleet-Worker`` header), so the
    test can SIGKILL exactly that worker while the request is in flight. The stalled submit is
    then processed anyway (the service has the job; the dead worker never heard back).
    """

    def __init__(self, emulator: Any, *, submit_after: int, download_after: int) -> None:
        self.events: queue.Queue[tuple[str, str]] = queue.Queue()
        self.submit_after = submit_after
        self.download_after = download_after
        self.submits = self.downloads = 0
        self.fired: dict[str, str] = {}
        for svc in emulator.services:
            svc.handler = self._wrap_handler(svc.handler)
        original = emulator.download

        def download(request: Any, blob_id: str) -> Any:
            response = original(request, blob_id)
            self.downloads += 1
            worker = request.headers.get("x-fleet-worker", "")
            if self.downloads >= self.download_after and "download" not in self.fired and worker \
                    and not request.headers.get("range") and getattr(response, "status_code", 0) == 200:
                self.fired["download"] = worker
                response.body_iterator = self._stall(response.body_iterator, worker)
            return response

        emulator.download = download

    def _wrap_handler(self, handler: Any) -> Any:
        def wrapped(op: Any, *rest: Any) -> Any:
            # Service.handler(operation_id) -> fn, or (after the emulator's refactor) handler(op, router) -> (fn, params)
            found = handler(op, *rest)
            fn, params = found if isinstance(found, tuple) else (found, None)
            operation_id = op if isinstance(op, str) else getattr(op, "operation_id", "")
            if fn is None or not is_submit(operation_id):
                return found

            async def submit(call: Any) -> Any:
                self.submits += 1
                worker = call.headers.get("x-fleet-worker", "")
                if self.submits >= self.submit_after and "submit" not in self.fired and worker:
                    self.fired["submit"] = worker
                    self.events.put(("submit", worker))
                    await asyncio.sleep(1.5)  # the worker is killed while this submit is in flight
                return await fn(call)

            return (submit, params) if isinstance(found, tuple) else submit

        return wrapped

    async def _stall(self, body: Any, worker: str) -> Any:
        first = True
        async for chunk in body:
            if first and len(chunk) > 1:
                first = False
                yield chunk[: len(chunk) // 2]  # half the file reaches the worker's .part file...
                self.events.put(("download", worker))
                await asyncio.sleep(2.0)  # ...and it is killed before the rest
                yield chunk[len(chunk) // 2:]
            else:
                yield chunk


FLEET_DOC = (
    "5. **Fleet** (`tests/test_celery_fleet.py`, in CI). `genvid.contrib.celery` on real components: two Celery "
    "worker processes (threads pool, 4 slots each) on a Redis broker, a PostgreSQL journal, fleet-wide caps in "
    "Redis, against an in-process emulator that faults 20% of requests with every kind. Jobs round-robin over the "
    "four services with unique prompts. On top of the faults: one worker is killed with SIGKILL while its submit "
    "is in flight at the service (which then creates the job: the worker never hears back), another while it "
    "downloads an output (half the file is on its disk); each is replaced by a fresh worker, and their "
    "unacknowledged messages are redelivered (visibility timeout 8 s). Every 12th job's message is sent twice "
    "with one task id (a broker's duplicate delivery), every 20th is sent again as another task with the site's "
    "idempotency key (a retried request). *Duplicate submits*: emulator jobs beyond one per prompt, and submit "
    "requests the services accepted (2xx, in the emulator's request journal) against emulator jobs. *Lost*: a job "
    "the emulator completed whose output was neither saved nor reported (`SubmitUncertain` is reported). "
    "*Byte-exact*: sha256 of the saved file = the emulator's blob = the sha256 in the task's result. Counts of "
    "outcomes vary a little between runs (faults are drawn per request, and timing decides which); the bars do "
    "not. `genvid.sweep` runs every 3 s (as celery beat would) and sets going any journaled job whose messages "
    "the Redis transport dropped (a worker killed between taking a message and recording it); a job dropped "
    "that way before its submit never starts, and is reported. "
    "Rerun: `GENVID_FLEET_MARKDOWN=RELIABILITY.md pytest tests/test_celery_fleet.py` (about a minute)."
)


def write_markdown(path: Path, rows: list[tuple[str, Any]]) -> None:
    """Put the figures in RELIABILITY.md between <!-- fleet --> markers (scripts/reliability keeps them)."""
    lines = ["<!-- fleet -->", "| figure | measure | value |", "|---|---|---|"]
    for n, (name, value) in enumerate(rows):
        lines.append(f"| {'5. fleet' if n == 0 else ''} | {name} | {value} |")
    lines += ["", FLEET_DOC, "<!-- /fleet -->"]
    block = "\n".join(lines)
    text = path.read_text()
    if "<!-- fleet -->" in text and "<!-- /fleet -->" in text:
        start, end = text.index("<!-- fleet -->"), text.index("<!-- /fleet -->") + len("<!-- /fleet -->")
        text = text[:start] + block + text[end:]
    else:
        text = text.replace("\n## What is measured", "\n" + block + "\n\n## What is measured", 1)
    path.write_text(text)


def test_fleet_under_faults_kills_and_redeliveries(clean: str, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    n = int(os.environ.get("GENVID_FLEET_JOBS", "500"))
    cap = 12
    started = time.monotonic()
    settings = Settings(queue_seconds=0.1, run_seconds=0.2, media_scale=0.05, fault_rate=0.2, fault_seed=1515,
                        journal_size=1_000_000)
    out = tmp_path / "out"
    out.mkdir()
    with running(settings) as emu, pg_schema("fleet") as journal_url:
        traps = Traps(emu.emulator, submit_after=n // 8, download_after=n // 3)
        env = fleet_env(emu.urls.root, clean, journal_url, FLEET_VISIBILITY="8", FLEET_TIMEOUT="20",
                        FLEET_SWEEP_AFTER="10",
                        FLEET_CAPS=",".join(f"{p}={cap}" for p in ("decart", "fal", "luma", "luma-agents")))
        with Workers(env, tmp_path) as workers:
            workers.start("w1")
            workers.start("w2")
            kills: list[str] = []

            def killer() -> None:
                spare = iter(["w3", "w4", "w5"])
                while len(kills) < 2:
                    try:
                        where, name = traps.events.get(timeout=1)
                    except queue.Empty:
                        if time.monotonic() - started > 400:
                            return
                        continue
                    workers.kill(name)
                    kills.append(f"{name} mid-{where}")
                    workers.start(next(spare), wait=False)  # the supervisor restarts a worker

            watcher = threading.Thread(target=killer, daemon=True)
            watcher.start()
            sweeping = threading.Event()

            def beat() -> None:  # what celery beat would do: genvid.sweep every few seconds
                while not sweeping.wait(3.0):
                    task("genvid.sweep").apply_async()

            beater = threading.Thread(target=beat, daemon=True)
            beater.start()

            generate = task("genvid.submit")
            jobs: list[dict[str, Any]] = []
            for i in range(n):
                model, extra = MODELS[i % len(MODELS)]
                prompt = f"fleet job {i}: a paper boat on a river"
                kwargs: dict[str, Any] = {"prompt": prompt, "save_to": str(out / f"job{i}.mp4"), **extra}
                if i % 10 == 3:
                    kwargs["idempotency_key"] = f"order-{i}"  # the site's own key for this job
                first = generate.apply_async((model,), kwargs)
                sent = [first]
                if i % 12 == 5:  # the broker delivers one message twice (same task id)
                    sent.append(generate.apply_async((model,), kwargs, task_id=first.id))
                if i % 20 == 3:  # the site retries its request: another task, same idempotency key
                    sent.append(generate.apply_async((model,), kwargs))
                jobs.append({"i": i, "model": model, "prompt": prompt, "path": kwargs["save_to"],
                             "results": sent, "kwargs_key": kwargs.get("idempotency_key")})
            results = [r for job in jobs for r in job["results"]]
            wait_results(results, timeout=240)
            sweeping.set()
            watcher.join(timeout=30)
            figures_time = time.monotonic() - started
            logs = workers.all_logs()
            redelivered = workers.count(r"was redelivered")
            not_resent = workers.count(r"not sent again")
            resent_refused = workers.count(r"refused \(")
            stale_parts = workers.count(r"left by an interrupted download")
            revived = sum(int(n) for n in __import__("re").findall(r"sweep: (\d+) job", logs))

        requests = httpx.get(emu.urls.root + "/_emulator/requests", params={"limit": 10_000_000},
                             timeout=60).json()["requests"]
        by_prompt = emulator_jobs(emu.emulator)
        journal = Journal(journal_url)
        states = journal.counts()
        rows = {job["i"]: journal.get(job["kwargs_key"] or f"celery-{job['results'][0].id}") for job in jobs}
        journal.close()

    submits_processed = sum(1 for r in requests if is_submit(r["operation"]) and 200 <= (r.get("status") or 0) < 300)
    submits_sent = sum(1 for r in requests if is_submit(r["operation"]))
    status_requests = sum(1 for r in requests if r["operation"] in STATUS_OPS)
    emulator_total = sum(len(v) for v in by_prompt.values())
    ours = {job["prompt"] for job in jobs}
    stray = [p for p in by_prompt if p not in ours]

    counts: collections.Counter[str] = collections.Counter()
    exact = mismatched = lost = duplicates = unhandled = never_ended = dropped = undelivered = 0
    problems: list[str] = []
    for job in jobs:
        mine = by_prompt.get(job["prompt"], [])
        duplicates += max(0, len(mine) - 1)
        values = [outcome(r) for r in job["results"]]
        value = next((v for v in values if v is not None), None)
        row = rows[job["i"]]
        if value is None and row is None and not mine:
            # Never started: its message was dropped by the Redis transport (a worker killed between
            # receiving it and recording it as unacknowledged) before any journal row or submit.
            dropped += 1
            counts["never started (message dropped by the broker before its submit)"] += 1
            continue
        if value is None and row is not None and row.state == "saved" and row.meta:
            # Its task was lost after the submit; genvid.sweep finished it (under a new task id when the
            # caller gave the key): the output is saved and recorded, the caller's AsyncResult never resolved.
            value = row.meta
            counts["of which finished by genvid.sweep, result in the journal only"] += 1
        elif value is None and row is not None and row.state in ("failed", "rejected", "possibly_submitted",
                                                                   "expired", "cancelled"):
            counts[f"ended {row.state} in the journal (its task's result was never delivered)"] += 1
            undelivered += len(values)
            continue
        undelivered += sum(1 for v in values if v is None)  # a dropped message: that task's result never came
        if isinstance(value, dict):
            emulator_sha = mine[0]["sha256"] if len(mine) == 1 else None
            if Path(job["path"]).is_file() and sha256(job["path"]) == value["sha256"] == emulator_sha \
                    and value["job_id"].endswith(mine[0]["id"]):
                exact += 1
            else:
                mismatched += 1
                problems.append(f"job {job['i']} saved but not byte-exact: {value} vs {mine}")
            if any(v is not None and v != value for v in values):
                problems.append(f"job {job['i']}: its deliveries returned different results")
            counts["saved byte-exact"] += 1
        elif isinstance(value, genvid.GenvidError):
            kind = type(value).__name__
            if isinstance(value, genvid.SubmitUncertain):
                kind += " (a job behind it)" if mine else " (no job)"
            counts[kind] += 1
            if not isinstance(value, genvid.SubmitUncertain | genvid.DownloadError) and \
                    any(j["phase"] == "done" for j in mine):
                lost += 1
                problems.append(f"job {job['i']} completed at the service but ended with {value!r}")
        elif value is None:
            never_ended += 1
            lost += any(j["phase"] == "done" for j in mine)
            problems.append(f"job {job['i']} never ended (journal: {row.state if row else None})")
        else:
            unhandled += 1
            problems.append(f"job {job['i']} ended with a non-genvid error: {value!r}")
    lost += sum(1 for p in stray for j in by_prompt[p] if j["phase"] == "done")
    duplicates += sum(len(by_prompt[p]) for p in stray)
    # A job that never ends (the 'hang' fault) stops counting at its deadline (20 s), when genvid gives it up.
    concurrency = {svc: max_overlap([(j["created"], j["finished"] if j["finished"] is not None else j["created"] + 20)
                                     for js in by_prompt.values() for j in js if j["service"] == svc])
                   for svc in ("decart", "fal", "luma", "luma-agents")}
    deliveries = sum(len(job["results"]) for job in jobs)

    rows = [
        ("jobs (4 services, round robin) / task messages sent", f"{n} / {deliveries} "
         f"({sum(1 for j in jobs if j['i'] % 12 == 5)} sent twice with one task id, "
         f"{sum(1 for j in jobs if j['i'] % 20 == 3)} re-sent by the site with its idempotency key)"),
        ("workers (threads pool, 4 slots each)", f"2 at a time; killed with SIGKILL: {', '.join(kills) or 'none'}; "
                                                 "each replaced by a fresh worker"),
        ("outcomes", ", ".join(f"{k} {v}" for k, v in counts.most_common())),
        ("saved byte-exact (sha256 of the file = the emulator's blob)", exact),
        ("saved but bytes differ (bar: 0)", mismatched),
        ("**LOST** (bar: 0)", lost),
        ("**DUPLICATE SUBMITS** (bar: 0)", duplicates),
        ("UNHANDLED / journaled jobs that never ended (bar: 0)", f"{unhandled} / {never_ended}"),
        ("never started: message dropped by the Redis transport before any submit (nothing paid; reported)",
         dropped),
        ("task results never delivered (message dropped; the job itself is saved or reported in the journal)",
         undelivered),
        ("submit requests sent / accepted by the services (2xx) / emulator jobs", f"{submits_sent} / {submits_processed} "
                                                                              f"/ {emulator_total}"),
        ("redelivered task messages / redelivered or duplicate submits that found their key and sent nothing",
         f"{redelivered} / {not_resent}"),
        ("submits refused with proof of no job (429, 503, no connection), re-scheduled and sent again",
         resent_refused),
        ("stale .part files of killed downloads removed before saving again", stale_parts),
        ("jobs whose tasks were lost, set going again by genvid.sweep", revived),
        ("max concurrent jobs per service (cap)", ", ".join(f"{k} {v}" for k, v in concurrency.items())
         + f" ({cap})"),
        ("status requests per job", f"{status_requests / max(1, emulator_total):.2f}"),
        ("journal rows by state", ", ".join(f"{k} {v}" for k, v in sorted(states.items()))),
        ("wall time", f"{figures_time:.1f} s"),
    ]
    with capsys.disabled():
        print("\n\nFleet fault test (genvid.contrib.celery): 20% of requests faulted, every kind\n")
        print("| figure | value |\n|---|---|")
        for name, value in rows:
            print(f"| {name} | {value} |")
        print()
    if os.environ.get("GENVID_FLEET_MARKDOWN") and not problems:
        write_markdown(Path(os.environ["GENVID_FLEET_MARKDOWN"]), rows)
    assert not [p for p in problems if "never ended" in p], problems[:10]
    assert lost == 0 and duplicates == 0 and mismatched == 0 and unhandled == 0 and never_ended == 0, problems[:10]
    assert submits_processed == emulator_total
    assert len(kills) == 2 and redelivered > 0 and not_resent > 0, (kills, redelivered, not_resent, logs[-3000:])
    assert exact >= n * 0.6, counts
    assert all(v <= cap for v in concurrency.values()), concurrency
    assert "Traceback" not in "\n".join(line for line in logs.splitlines() if "genvid" in line and "ERROR" in line)
