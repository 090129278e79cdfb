"""Predicted-finish polling: sparse while a job is far from its expected end, dense around it."""

from __future__ import annotations

import collections
import itertools
import unittest.mock
from typing import Any

import pytest

import genvid
from genvid import _pacing
from genvid._jobs import Job, JobStatus
from genvid._pacing import Pacer
from genvid._service import PollPolicy

POLICY = PollPolicy(initial=0.25, factor=1.5, maximum=3.0)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(_pacing.time, "monotonic", fake)
    return fake


def _teach(pacer: Pacer, clock: Clock, runs: list[float], model: str = "m") -> None:
    """Jobs that took exactly ``runs`` seconds: each seen running at its end, then done."""
    for n, seconds in enumerate(runs):
        job = Job("svc", model, f"old{n}")
        pacer.submitted("svc", job.request_id, model)
        looks = pacer.schedule(job, POLICY)
        next(looks)
        clock.now += seconds
        next(looks)  # a look found it still running, just now
        pacer.finished(JobStatus(job, "completed", "completed"))


def _follow(pacer: Pacer, clock: Clock, job: Job, length: float) -> float:
    """Poll ``job`` (which ends ``length`` s after its submit) on the pacer's schedule: its notice lag."""
    pacer.submitted(job.provider, job.request_id, job.model)
    start = clock.now
    for pause in pacer.schedule(job, POLICY):
        clock.now += pause
        if clock.now - start >= length:
            pacer.finished(JobStatus(job, "completed", "completed"))
            return clock.now - start - length
    raise AssertionError


def test_a_run_time_is_learned_between_the_last_running_look_and_the_done_one(clock: Clock) -> None:
    pacer = Pacer()
    job = Job("svc", "m", "r1")
    pacer.submitted("svc", "r1", "m")
    looks = pacer.schedule(job, POLICY)
    next(looks)
    clock.now += 0.25
    next(looks)  # running at 0.25 s
    clock.now += 1.75
    pacer.finished(JobStatus(job, "completed", "completed"))  # done at 2.0 s
    assert pacer._runs[("svc", "m")] == collections.deque([1.125])


def test_late_notices_do_not_teach_later_polls(clock: Clock) -> None:
    # Learning the moment a job was noticed would make each late notice the next job's expected
    # run time: the polls would never come back to the true 1.5 s.
    pacer = Pacer()
    lags = [_follow(pacer, clock, Job("svc", "m", f"j{n}"), 1.5) for n in range(30)]
    assert max(lags[:3]) > 0.3  # the back-off, before anything is known
    assert sorted(lags[10:])[10] <= 0.1 and max(lags[10:]) <= 0.2


def _walk(pacer: Pacer, clock: Clock, job: Job, until: float) -> list[float]:
    """The times (since submit) at which the status would be asked for, up to ``until``."""
    start = clock.now
    times = []
    for pause in pacer.schedule(job, POLICY):
        clock.now += pause
        if clock.now - start > until:
            return times
        times.append(round(clock.now - start, 3))
    raise AssertionError


def test_an_unknown_model_is_polled_on_the_policy(clock: Clock) -> None:
    pacer = Pacer()
    pacer.submitted("svc", "r1", "m")
    pauses = list(itertools.islice(pacer.schedule(Job("svc", "m", "r1"), POLICY), 4))
    assert pauses == [0.0, 0.25, 0.375, 0.5625]  # at once, then the service's back-off


def test_a_job_of_unknown_age_is_polled_on_the_policy(clock: Clock) -> None:
    pacer = Pacer()
    _teach(pacer, clock, [2.0, 2.0, 2.0])
    pauses = list(itertools.islice(pacer.schedule(Job("svc", "m", "re-attached"), POLICY), 2))
    assert pauses == [0.0, 0.25]


def test_known_run_times_put_the_polls_around_the_expected_end(clock: Clock) -> None:
    pacer = Pacer()
    _teach(pacer, clock, [1.0, 1.25, 1.5, 1.75, 2.0] * 4)
    pacer.submitted("svc", "new", "m")
    times = _walk(pacer, clock, Job("svc", "new", "new"), until=2.2)
    early = [t for t in times if t < 0.99]
    assert early == [0.0, early[1]] and early[1] >= 0.85  # one look at once, one just before the earliest run
    inside = [t for t in times if 1.0 <= t <= 2.0]
    gaps = [b - a for a, b in itertools.pairwise(inside)]
    assert gaps and max(gaps) <= 0.11  # dense between the earliest and the latest
    assert len(times) <= 15  # fewer than a 0.1 s poller's 20 over the same 2 s


def test_long_jobs_are_approached_by_halving(clock: Clock) -> None:
    pacer = Pacer()
    _teach(pacer, clock, [60.0, 60.5, 61.0, 59.5])
    pacer.submitted("svc", "long", "m")
    times = _walk(pacer, clock, Job("svc", "long", "long"), until=62.0)
    before = [t for t in times if t < 59.0]
    assert 4 <= len(before) <= 12  # sparse while far from done (a 3 s poller makes ~20)
    dense = [b - a for a, b in itertools.pairwise([t for t in times if 59.6 <= t <= 61.0])]
    assert dense and max(dense) <= 0.14  # (61 - 59.5) / 10, the spread of the runs seen


def test_past_every_run_seen_it_backs_off(clock: Clock) -> None:
    pacer = Pacer()
    _teach(pacer, clock, [1.0, 1.0, 1.0])
    pacer.submitted("svc", "slow", "m")
    times = _walk(pacer, clock, Job("svc", "slow", "slow"), until=30.0)
    late = [b - a for a, b in itertools.pairwise([t for t in times if t > 2.0])]
    assert late[-1] == pytest.approx(POLICY.maximum)
    assert all(b >= a - 1e-9 for a, b in itertools.pairwise(late))


def test_only_completed_jobs_teach(clock: Clock) -> None:
    pacer = Pacer()
    pacer.submitted("svc", "f", "m")
    clock.now += 0.1
    pacer.finished(JobStatus(Job("svc", "m", "f"), "failed", "failed"))
    assert pacer.known("svc", "m") == 0
    pacer.learn("svc", "m", [5.0, -1.0, 7.0])
    assert pacer.known("svc", "m") == 2


def test_waits_learn_from_the_jobs_they_see(emu: Any) -> None:
    client = genvid.Client(emulator=emu.urls.root)
    model = "ray-flash-2"
    before = _pacing.PACER.known("luma", model)
    for _ in range(2):
        client.generate(f"luma:{model}", prompt="a lake", timeout=60)
    outcomes = client.wait_all([client.submit(f"luma:{model}", prompt="a lake")], timeout=60)
    assert all(o.ok for o in outcomes)
    assert _pacing.PACER.known("luma", model) == before + 3


def test_the_journal_teaches_run_times_to_a_new_process(emu: Any, tmp_path: Any) -> None:
    first = genvid.Client(emulator=emu.urls.root, journal=tmp_path / "jobs.sqlite3")
    for _ in range(3):
        first.wait(first.submit("luma:ray-flash-2", prompt="a pier"), timeout=60)
    pacer = Pacer()
    later = genvid.Client(emulator=emu.urls.root, journal=tmp_path / "jobs.sqlite3")
    with unittest.mock.patch.object(genvid._client, "PACER", pacer):
        later.wait(later.submit("luma:ray-flash-2", prompt="a pier"), timeout=60)
    assert pacer.known("luma", "ray-flash-2") >= 3  # the journal's three, and possibly this one
