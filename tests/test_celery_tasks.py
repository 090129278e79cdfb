"""genvid.contrib.celery piece by piece: the steps, the caps, the tasks (eager and on real workers).

Real Redis and PostgreSQL (see ``_fleet_support``); worker processes where a test says so.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from _fleet_support import Workers, fleet_env, pg_schema, redis_db, session_redis

import genvid
from genvid._journal import Journal
from genvid.contrib import _fleet as fleet_steps
from genvid.contrib._fleet import Done, Fleet, Handle, Later, Settings
from genvid.contrib.caps import RedisCaps, parse_limits
from genvid_emulator import Settings as EmulatorSettings
from genvid_emulator import running

pytest.importorskip("celery")

import fleet_app
from test_celery_fleet import emulator_jobs, max_overlap, sha256, task

ENV = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))


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


@pytest.fixture(scope="module")
def fast_emu() -> Iterator[Any]:
    with running(EmulatorSettings(queue_seconds=0.1, run_seconds=0.2, media_scale=0.05)) as e:
        yield e


def with_fault_for(emulator: Any, marker: str, fault: str) -> None:
    """Jobs whose prompt contains ``marker`` get ``fault`` (hang, fail) as if the header had asked for it."""
    for svc in emulator.services:
        original = svc.new_job

        def new_job(call: Any, model: str, inputs: dict[str, Any], *args: Any, __orig: Any = original,
                    **kwargs: Any) -> Any:
            if marker in str(inputs.get("prompt", "")):
                call.faults.kinds[fault] = ""
            return __orig(call, model, inputs, *args, **kwargs)

        svc.new_job = new_job


def fleet_for(emu: Any, journal: Journal, caps: RedisCaps | None = None, heartbeats: Any = None,
              **settings: Any) -> Fleet:
    client = genvid.Client(emulator=emu.urls.root, poll=genvid.PollPolicy(initial=0.05, factor=1.0, maximum=0.05))
    return Fleet(client, journal, caps, Settings(**settings), heartbeats)


def drive(fleet: Fleet, first: Later | Done, again: Any) -> dict[str, Any]:
    """Run the steps in this thread (what the Celery tasks do, message by message)."""
    step = first
    for _ in range(500):
        if isinstance(step, Done):
            return step.meta
        time.sleep(step.countdown)
        if step.step == "submit":
            step = again(step.attempt)
        elif step.step == "check":
            assert step.handle is not None
            step = fleet.check(step.handle, step.attempt)
        else:
            assert step.handle is not None
            step = fleet.finish(step.handle, step.attempt)
    raise AssertionError("the steps never ended")


# --- the caps ----------------------------------------------------------------------------
def test_caps_never_exceed_the_limit_and_leases_expire(clean: str) -> None:
    caps = RedisCaps(clean, {"luma": 3}, ttl=1.0, prefix="genvid:test-caps:")
    assert caps.limit("luma") == 3 and caps.limit("fal") is None and caps.acquire("fal", "anything")
    held = 0
    peak = 0
    guard = threading.Lock()
    done = 0

    def worker(n: int) -> None:
        nonlocal held, peak, done
        for i in range(25):
            key = f"job-{n}-{i}"
            while not caps.acquire("luma", key):
                time.sleep(0.002)
            with guard:
                held += 1
                peak = max(peak, held)
            time.sleep(0.004)
            with guard:
                held -= 1
            caps.release("luma", key)
            with guard:
                done += 1

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert done == 200 and peak == 3  # eight threads kept the cap of three exactly, never more
    # A dead worker's slots come back: leases end ttl seconds after the last renewal.
    assert caps.acquire("luma", "a") and caps.acquire("luma", "b") and caps.acquire("luma", "c")
    assert not caps.acquire("luma", "d") and caps.acquire("luma", "a")  # re-entrant for a holder
    time.sleep(0.6)
    caps.renew("luma", "a")
    time.sleep(0.6)
    assert caps.holders("luma") == ["a"]  # b and c expired; a was renewed
    assert caps.acquire("luma", "d")
    caps.renew("luma", "b")  # a job still running whose lease was lost gets its slot back, even past the cap
    caps.renew("luma", "c")
    assert caps.in_use("luma") == 4 and not caps.acquire("luma", "e")
    caps.clear()
    assert caps.in_use("luma") == 0
    assert parse_limits("luma=2, Luma_Agents=5") == {"luma": 2, "luma-agents": 5}
    for bad in ("luma", "luma=x", "luma=0", "nope=3"):
        with pytest.raises(genvid.InvalidInput):
            parse_limits(bad)


# --- the steps, without Celery ------------------------------------------------------------
def test_steps_submit_once_per_key(fast_emu: Any, tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    fleet = fleet_for(fast_emu, journal)
    dest = tmp_path / "a.mp4"

    def again(attempt: int = 0) -> Any:
        return fleet.submit("luma:ray-2", {"prompt": "steps once"}, key="k-1", save_to=dest, attempt=attempt)

    first = again()
    assert isinstance(first, Later) and first.step == "check"
    second = again()  # a redelivered submit carries on with the same job
    assert isinstance(second, Later) and second.step == "check" and second.handle is not None
    assert first.handle is not None and second.handle.job_id == first.handle.job_id
    meta = drive(fleet, first, again)
    assert meta["path"] == str(dest) and meta["sha256"] == sha256(dest) and meta["size"] == dest.stat().st_size
    assert drive(fleet, again(), again) == meta  # after the end, a redelivery returns the recorded metadata
    assert len(emulator_jobs(fast_emu.emulator)["steps once"]) == 1
    with pytest.raises(genvid.InvalidInput) as info:
        fleet.submit("luma:ray-2", {"prompt": "another request"}, key="k-1", save_to=dest)
    assert info.value.field == "idempotency_key"


def test_a_sender_that_died_mid_submit_is_possibly_submitted(fast_emu: Any, tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    fleet = fleet_for(fast_emu, journal)
    # A process claims the row (journal first, holding the job's lock) and is killed before recording.
    script = ("import os, signal, sys; from genvid._journal import Journal\n"
              "j = Journal(sys.argv[1]); lock = j.lock('k-dead'); lock.__enter__()\n"
              "j.claim('k-dead', 'luma', 'ray-2', sys.argv[2], None)\n"
              "os.kill(os.getpid(), signal.SIGKILL)")
    prepared = fleet_steps.prepare(fleet.client.service("luma"), "ray-2", {"prompt": "died"})
    proc = subprocess.run([sys.executable, "-c", script, str(tmp_path / "j.sqlite3"), prepared.digest], env=ENV)
    assert proc.returncode == -signal.SIGKILL
    with pytest.raises(genvid.SubmitUncertain) as info:
        fleet.submit("luma:ray-2", {"prompt": "died"}, key="k-dead", save_to=None)
    assert "check the service" in str(info.value)
    assert journal.get("k-dead").state == "possibly_submitted"  # type: ignore[union-attr]
    assert "died" not in emulator_jobs(fast_emu.emulator)  # and nothing was sent by the redelivery
    with pytest.raises(genvid.SubmitUncertain):  # surfaced again on every later delivery
        fleet.submit("luma:ray-2", {"prompt": "died"}, key="k-dead", save_to=None)


def test_a_provably_refused_submit_is_sent_again_and_a_final_one_is_not(fast_emu: Any, tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    fleet = fleet_for(fast_emu, journal)
    http = fleet.client.service("luma").api().get_httpx_client()
    http.headers["X-Genvid-Fault"] = "503"
    step = fleet.submit("luma:ray-2", {"prompt": "busy service"}, key="k-503", save_to=None)
    assert isinstance(step, Later) and step.step == "submit" and step.attempt == 1
    assert journal.get("k-503").state == "retrying"  # type: ignore[union-attr]
    del http.headers["X-Genvid-Fault"]
    meta = drive(fleet, step, lambda attempt: fleet.submit("luma:ray-2", {"prompt": "busy service"}, key="k-503",
                                                           save_to=None, attempt=attempt))
    assert meta["path"] is None and meta["url"] and journal.get("k-503").state == "completed"  # type: ignore[union-attr]
    http.headers["X-Genvid-Fault"] = "500"
    with pytest.raises(genvid.ServerError):
        fleet.submit("luma:ray-2", {"prompt": "broken service"}, key="k-500", save_to=None)
    del http.headers["X-Genvid-Fault"]
    with pytest.raises(genvid.ServerError):  # a redelivery raises the recorded refusal; it does not resend
        fleet.submit("luma:ray-2", {"prompt": "broken service"}, key="k-500", save_to=None)
    assert "broken service" not in emulator_jobs(fast_emu.emulator)


def test_a_redelivery_that_sees_a_refused_sender_sends_it_itself(fast_emu: Any, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # Race: the redelivery reads the row while its first sender is submitting; by the time it holds
    # the lock, that sender was refused (429/503) and marked the row retrying. Nothing was created, so
    # the redelivery sends the job (once) instead of ending with "is retrying".
    journal = Journal(tmp_path / "j.sqlite3")
    fleet = fleet_for(fast_emu, journal)
    prepared = fleet_steps.prepare(fleet.client.service("luma"), "ray-2", {"prompt": "refused first"})
    journal.claim("k-race", "luma", "ray-2", prepared.digest, None)
    stale = journal.get("k-race")
    journal.mark("k-race", "retrying", "RateLimited: HTTP 429")
    real_get, calls = journal.get, []

    def racing_get(key: str) -> Any:
        calls.append(key)
        return stale if len(calls) == 1 else real_get(key)

    monkeypatch.setattr(journal, "get", racing_get)
    step = fleet.submit("luma:ray-2", {"prompt": "refused first"}, key="k-race", save_to=None)
    assert isinstance(step, Later) and step.step == "check", step
    monkeypatch.undo()
    assert journal.get("k-race").state == "submitted"  # type: ignore[union-attr]
    assert len(emulator_jobs(fast_emu.emulator)["refused first"]) == 1


def test_two_finishers_save_once(fast_emu: Any, tmp_path: Path) -> None:
    with pg_schema("finish") as url:
        journal = Journal(url)
        fleet = fleet_for(fast_emu, journal)
        dest = tmp_path / "once.mp4"
        step = fleet.submit("luma-agents:ray-3.2", {"prompt": "two finishers", "type": "video"}, key="k-two",
                            save_to=dest)
        assert isinstance(step, Later) and step.handle is not None
        handle = step.handle
        time.sleep(0.6)
        with journal.lock(handle.key) as mine:  # another worker is saving it right now
            assert mine
            busy = fleet.finish(handle)
            assert isinstance(busy, Later) and busy.step == "finish" and "another worker" in busy.reason
        stale = tmp_path / ".once.mp4.x1y2.part"
        stale.write_bytes(b"half a file from a worker that was killed")
        done = fleet.finish(handle)
        assert isinstance(done, Done) and done.meta["sha256"] == sha256(dest) and not stale.exists()
        assert fleet.finish(handle) == done and fleet.check(handle) == done
        journal.close()


def test_push_lookup(fast_emu: Any, tmp_path: Path) -> None:
    from genvid.webhooks import FalWebhook

    journal = Journal(tmp_path / "j.sqlite3")
    fleet = fleet_for(fast_emu, journal)
    _, created = journal.claim("k-push", "fal", "decart/lucy-edit/pro", "d", str(tmp_path / "p.mp4"))
    assert created
    journal.submitted("k-push", "fal:decart/lucy-edit/pro:req-9", "req-9")
    hook = FalWebhook(request_id="req-9", gateway_request_id=None, status="OK", payload={}, error=None,
                      payload_error=None, raw={})
    handle = fleet.pushed(hook)
    assert handle is not None and handle.job_id == "fal:decart/lucy-edit/pro:req-9" and handle.push
    assert handle.save_to == str(tmp_path / "p.mp4")
    other = FalWebhook(request_id="not-ours", gateway_request_id=None, status="OK", payload={}, error=None,
                       payload_error=None, raw={})
    assert fleet.pushed(other) is None
    with pytest.raises(genvid.InvalidInput):
        fleet.pushed({"request_id": "req-9"})
    with pytest.raises(genvid.InvalidInput):
        Handle.from_dict({"job_id": "x"})


# --- the tasks --------------------------------------------------------------------------
def test_tasks_run_eagerly(fast_emu: Any, tmp_path: Path) -> None:
    """task_always_eager (a site's own unit tests): the steps run in the calling thread, in order."""
    import genvid.contrib.celery as genvid_celery

    genvid_celery.configure(journal=str(tmp_path / "eager.sqlite3"),
                            client=lambda: genvid.Client(emulator=fast_emu.urls.root))
    try:
        fleet_app.app.conf.task_always_eager = True
        result = task("genvid.submit").apply(("decart:lucy-pro-t2v",), {"prompt": "eager", "save_to":
                                                                        str(tmp_path / "e.mp4")})
        meta = result.get()
        assert meta["sha256"] == sha256(tmp_path / "e.mp4")
        assert Journal(tmp_path / "eager.sqlite3").find(meta["job_id"]).state == "saved"  # type: ignore[union-attr]
    finally:
        fleet_app.app.conf.task_always_eager = False
        genvid_celery._overrides.clear()
        genvid_celery._fleets.clear()


def test_chain_failure_and_caps_on_real_workers(clean: str, tmp_path: Path) -> None:
    from celery import chain

    settings = EmulatorSettings(queue_seconds=0.2, run_seconds=0.3, media_scale=0.05)
    with running(settings) as emu, pg_schema("tasks") as journal_url:
        with_fault_for(emu.emulator, "[fails]", "fail")
        env = fleet_env(emu.urls.root, clean, journal_url, FLEET_CAPS="luma=2,decart=3", FLEET_VISIBILITY="20")
        with Workers(env, tmp_path) as workers:
            workers.start("c1")
            workers.start("c2")
            generate = task("genvid.submit")
            # A chain: the next task gets the saved Result's metadata.
            chained = chain(generate.s("luma:ray-2", prompt="a chained job", save_to=str(tmp_path / "c.mp4")),
                            task("fleet.describe").s()).apply_async()
            # The JobFailed of the service reaches the caller, typed.
            failing = generate.apply_async(("luma:ray-2",), {"prompt": "this one [fails]"})
            # 24 jobs for 2 + 3 slots: the excess waits, nothing fails.
            many = [generate.apply_async((model,), {"prompt": f"capped {i}", "save_to": str(tmp_path / f"m{i}.mp4")})
                    for i, model in enumerate(["luma:ray-2", "decart:lucy-pro-t2v"] * 12)]
            described = chained.get(timeout=120)
            assert described["chained"] and described["sha256"] == sha256(tmp_path / "c.mp4")
            with pytest.raises(genvid.JobFailed):
                failing.get(timeout=120)
            metas = [r.get(timeout=180) for r in many]
        by_prompt = emulator_jobs(emu.emulator)
    assert all(m["sha256"] == sha256(m["path"]) for m in metas)
    for service, cap in (("luma", 2), ("decart", 3)):
        intervals = [(j["created"], j["finished"]) for p, js in by_prompt.items() if p.startswith("capped")
                     for j in js if j["service"] == service]
        assert len(intervals) == 12 and max_overlap(intervals) == cap  # full use of the cap, never more


def test_the_deadline_gives_up_a_job_still_running_but_not_one_that_ended(fast_emu: Any, tmp_path: Path) -> None:
    with_fault_for(fast_emu.emulator, "[hangs]", "hang")
    with pg_schema("deadline") as url:
        journal = Journal(url)
        import redis

        with redis_db() as caps_url:
            caps = RedisCaps(caps_url, {"luma": 5}, prefix="genvid:test-deadline:")
            fleet = fleet_for(fast_emu, journal, caps)
            step = fleet.submit("luma:ray-2", {"prompt": "this one [hangs]"}, key="k-hang", save_to=None, timeout=0.3)
            assert isinstance(step, Later) and step.handle is not None and caps.holders("luma") == ["k-hang"]
            time.sleep(0.6)
            with pytest.raises(genvid.DeadlineExceeded) as info:
                fleet.check(step.handle)
            assert "running" in str(info.value) and caps.holders("luma") == []  # given up: its slot is free
            assert journal.get("k-hang").state == "expired"  # type: ignore[union-attr]  # resume may still save it
            with pytest.raises(genvid.DeadlineExceeded):  # a redelivered check says the same, with no request
                fleet.check(step.handle)
            late = fleet.submit("luma:ray-2", {"prompt": "late but done"}, key="k-late", save_to=None, timeout=0.01)
            assert isinstance(late, Later) and late.handle is not None
            time.sleep(0.6)
            step2 = fleet.check(late.handle)
            assert isinstance(step2, Later) and step2.step == "finish"  # ended while we were late: finished
            assert isinstance(fleet.finish(late.handle), Done)
            redis.Redis.from_url(caps_url).flushdb()
        journal.close()


class RefuseOnce(httpx.BaseTransport):
    """Once armed, answers the next ``armed`` GETs itself with a 503 (a transient fault); the rest goes through."""

    def __init__(self, retry_after: str = "0") -> None:
        self.inner = httpx.HTTPTransport()
        self.armed = 0
        self.retry_after = retry_after
        self.refused: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.armed and request.method == "GET":
            self.armed -= 1
            self.refused.append(str(request.url))
            return httpx.Response(503, json={"detail": "busy"}, headers={"Retry-After": self.retry_after})
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


def test_the_last_look_at_the_deadline_is_retried_past_a_transient_fault(fast_emu: Any, tmp_path: Path) -> None:
    # An ordinary check is one request (a refused one is tried again later); the last look has no later.
    transport = RefuseOnce()
    client = genvid.Client(emulator=fast_emu.urls.root, transport=transport,
                           poll=genvid.PollPolicy(initial=0.05, factor=1.0, maximum=0.05))
    fleet = Fleet(client, Journal(tmp_path / "j.sqlite3"), None, Settings())
    step = fleet.submit("luma:ray-2", {"prompt": "late, its last look refused once"}, key="k-last", save_to=None,
                        timeout=0.01)
    assert isinstance(step, Later) and step.handle is not None
    time.sleep(0.6)  # done at the service, and past its deadline
    transport.armed = 1
    after = fleet.check(step.handle)
    assert len(transport.refused) == 1 and "/generations/" in transport.refused[0]
    assert isinstance(after, Later) and after.step == "finish"  # not given up: the retry read it completed
    assert isinstance(fleet.finish(after.handle), Done)
    client.close()


def test_the_last_look_ends_within_the_longest_countdown(fast_emu: Any, tmp_path: Path) -> None:
    transport = RefuseOnce(retry_after="2")  # a service refusing every look, asking for 2 s each time
    client = genvid.Client(emulator=fast_emu.urls.root, transport=transport)
    fleet = Fleet(client, Journal(tmp_path / "j.sqlite3"), None, Settings(max_countdown=1.0))
    step = fleet.submit("luma:ray-2", {"prompt": "late, and never answered"}, key="k-busy", save_to=None,
                        timeout=0.01)
    assert isinstance(step, Later) and step.handle is not None
    time.sleep(0.1)
    transport.armed = 100
    started = time.monotonic()
    with pytest.raises(genvid.DeadlineExceeded):
        fleet.check(step.handle)
    assert time.monotonic() - started < 1.5 and len(transport.refused) == 1  # no 2 s wait past the 1 s bound
    client.close()


def test_sweep_sets_going_a_job_whose_task_was_lost(fast_emu: Any, tmp_path: Path, clean: str) -> None:
    from genvid.contrib.caps import RedisHeartbeats

    journal = Journal(tmp_path / "j.sqlite3")
    fleet = fleet_for(fast_emu, journal, heartbeats=RedisHeartbeats(clean, grace=0.3, prefix="genvid:test-due:"))
    step = fleet.submit("luma:ray-2", {"prompt": "a lost check"}, key="k-lost", save_to=tmp_path / "lost.mp4")
    assert isinstance(step, Later) and step.handle is not None
    fleet.due(step, "k-lost")  # what the task does when it re-schedules; then the broker drops the message
    assert fleet.sweep(stale_after=0.1).revived == []  # its next step is still due
    # A row left 'submitting' by a sender that died (and whose message is gone too).
    script = ("import os, signal, sys; from genvid._journal import Journal\n"
              "j = Journal(sys.argv[1]); j.lock('k-dead').__enter__(); j.claim('k-dead', 'luma', 'ray-2', 'd')\n"
              "os.kill(os.getpid(), signal.SIGKILL)")
    subprocess.run([sys.executable, "-c", script, str(tmp_path / "j.sqlite3")], env=ENV)
    time.sleep(0.6)
    report = fleet.sweep(stale_after=0.1)
    assert [(state, h.key) for state, h in report.revived] == [("submitted", "k-lost")]
    assert report.uncertain == ["k-dead"] and journal.get("k-dead").state == "possibly_submitted"  # type: ignore[union-attr]
    meta = drive(fleet, Later("check", 0.0, report.revived[0][1]), None)
    assert meta["sha256"] == sha256(tmp_path / "lost.mp4")
    fleet.due(Done(meta), "k-lost")
    assert fleet.sweep(stale_after=0.0).revived == []  # saved: nothing left to revive
    with pytest.raises(genvid.InvalidInput):
        fleet_for(fast_emu, journal).sweep()
