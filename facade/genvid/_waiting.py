"""Waiting for jobs: one job with a deadline, or many from one thread.

Every wait has a deadline and can be cancelled from another thread through a
``threading.Event``. Status callbacks fire on every change (state, queue position,
new log lines). Polls follow ``_pacing``: dense around a job's expected end once its
model's run times are known, else quick at first and slower later; where the service pushes
status (fal's SSE stream) the wait listens instead of polling.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from ._exceptions import (
    Cancelled,
    DeadlineExceeded,
    GenvidError,
    JobFailed,
    RateLimited,
    ServerError,
    TransportError,
)
from ._http import StreamIdle
from ._jobs import Job, JobOutcome, JobStatus
from ._pacing import PACER
from ._results import Result
from ._transport import call_options, deadline_after, reset_options, set_options

if TYPE_CHECKING:
    from ._service import ServiceClient

logger = logging.getLogger("genvid")

DEFAULT_TIMEOUT = 900.0
StatusCallback = Callable[[JobStatus], None]


def _changed(a: JobStatus | None, b: JobStatus) -> bool:
    return a is None or (a.state, a.queue_position, len(a.logs), a.raw_state) != (
        b.state, b.queue_position, len(b.logs), b.raw_state)


def finish(service: ServiceClient, job: Job, status: JobStatus) -> Result:
    """The result of a terminal status, or the error it ended with."""
    if status.state == "completed":
        return service._result(job, status)
    if status.state == "cancelled":
        raise Cancelled(f"job {job.id} was cancelled", service=job.provider, request_id=job.request_id)
    raise JobFailed(
        f"job {job.id} failed" + (f": {status.error}" if status.error else ""),
        failure_code=status.error_code, reason=status.error, job_id=job.id, service=job.provider,
        request_id=job.request_id, body=status.raw if isinstance(status.raw, (dict, str)) else None,
    )


def wait(
    service: ServiceClient,
    job: Job,
    *,
    timeout: float | None = DEFAULT_TIMEOUT,
    on_status: StatusCallback | None = None,
    cancel: threading.Event | None = None,
    logs: bool = False,
    initial: JobStatus | None = None,
) -> Result:
    """Block until ``job`` ends; return its Result or raise JobFailed / DeadlineExceeded / Cancelled.

    The deadline holds inside every request too: a server that trickles, stays silent or
    streams only keep-alives cannot keep the wait past ``timeout``.
    """
    deadline = deadline_after(timeout)
    if initial is not None and on_status is not None:
        on_status(initial)
    if initial is not None and initial.done:
        return finish(service, job, initial)
    seen = [initial]
    try:
        for status in _statuses(service, job, deadline, cancel, logs, seen):
            if on_status is not None and _changed(seen[0], status):
                on_status(status)
            seen[0] = status
            if status.done:
                PACER.finished(status)
                tokens = set_options(deadline=deadline)
                try:
                    return finish(service, job, status)
                finally:
                    reset_options(tokens)
    except TransportError as exc:
        if deadline is not None and time.monotonic() >= deadline:
            _check(job, deadline, None, seen[0], exc)
        raise
    raise AssertionError("unreachable: polling never ends by itself")


def _statuses(service: ServiceClient, job: Job, deadline: float | None, cancel: threading.Event | None,
              logs: bool, seen: list[JobStatus | None]) -> Iterator[JobStatus]:
    """Statuses pushed by the service's stream while it lasts, then polled on the service's schedule.

    Before a stream is opened one plain status request looks: a job already done costs that
    one request, not a stream (and the events it takes to end one).
    """
    stream = service._stream_status(job, logs=logs)
    if stream is not None:
        _check(job, deadline, cancel, seen[0])
        first = _look(service, job, deadline, logs)
        yield first
        if first.done:
            return
        while stream is not None:
            try:
                yield from _bounded(stream, deadline, cancel)
                stream = None
            except StreamIdle:
                # Quiet while the job runs (fal may say nothing until the end): look once, then
                # listen again, so a long job is still pushed rather than polled.
                _check(job, deadline, cancel, seen[0])
                yield _look(service, job, deadline, logs)
                stream = service._stream_status(job, logs=logs)
            except (GenvidError, OSError) as exc:
                if isinstance(exc, (Cancelled, DeadlineExceeded)):
                    raise
                logger.info("status stream for %s failed (%s); polling instead", job.id, exc)
                stream = None
    for pause in PACER.schedule(job, service.poll):  # the first pause is 0: a look at once
        if pause > 0:
            _pause(pause, deadline, cancel)
        _check(job, deadline, cancel, seen[0])
        yield _look(service, job, deadline, logs)


def _look(service: ServiceClient, job: Job, deadline: float | None, logs: bool) -> JobStatus:
    """One status request, ending at the deadline."""
    tokens = set_options(deadline=deadline)
    try:
        return service._status(job, logs=logs)
    finally:
        reset_options(tokens)


def _pause(seconds: float, deadline: float | None, cancel: threading.Event | None) -> None:
    """Sleep ``seconds`` (never past the deadline), waking early when ``cancel`` is set."""
    if deadline is not None:
        seconds = min(seconds, deadline - time.monotonic())
    if seconds <= 0:
        return  # (a sleep of 0 is still a system call)
    if cancel is not None:
        cancel.wait(seconds)
    else:
        time.sleep(seconds)


def _check(job: Job, deadline: float | None, cancel: threading.Event | None, last: JobStatus | None,
           cause: BaseException | None = None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled(f"wait for {job.id} was cancelled (the job itself was left running)",
                        service=job.provider, request_id=job.request_id)
    if deadline is not None and time.monotonic() >= deadline:
        raise DeadlineExceeded(
            f"job {job.id} did not finish in time (last status: {last.describe() if last else 'unknown'})",
            job_id=job.id, last_status=last.state if last else None, service=job.provider,
            request_id=job.request_id, hint=f"it may still finish: client.wait(client.job({job.id!r}))",
        ) from cause


def _bounded(stream: Iterable[JobStatus], deadline: float | None, cancel: threading.Event | None
             ) -> Iterator[JobStatus]:
    """The stream's statuses, each request of it ending at the deadline."""
    statuses = iter(stream)
    while True:
        tokens = set_options(deadline=deadline)
        try:
            status = next(statuses, None)
        finally:
            reset_options(tokens)
        if status is None:
            return
        _check(status.job, deadline, cancel, status)
        yield status


Entry = tuple[float, int, "ServiceClient", Job, Iterator[float]]


class _Tracker:
    """The jobs ``as_completed`` follows: one heap of next checks, the last status of each."""

    def __init__(self, on_status: StatusCallback | None, deadline: float | None) -> None:
        self.heap: list[Entry] = []
        self.last: dict[str, JobStatus] = {}
        self.on_status, self.deadline = on_status, deadline
        self._counter = itertools.count()

    def add(self, service: ServiceClient, job: Job, schedule: Iterator[float], due: float) -> None:
        heapq.heappush(self.heap, (due, next(self._counter), service, job, schedule))

    def expired(self) -> Iterator[JobOutcome]:
        for _, _, _, job, _ in sorted(self.heap):
            st = self.last.get(job.id)
            yield JobOutcome(job, error=DeadlineExceeded(
                f"job {job.id} did not finish in time", job_id=job.id, last_status=st.state if st else None,
                service=job.provider, request_id=job.request_id))
        self.heap.clear()

    def step(self, service: ServiceClient, job: Job, schedule: Iterator[float]) -> JobOutcome | None:
        """Check one job: its outcome when it ended (or failed for good), else None (checked again later)."""
        finishing = False
        try:
            # No transport retries here: their back-off would stall every other job on this one thread,
            # and a failed check is simply made again on the job's own schedule.
            with call_options(policy=service.retry.with_options(max_retries=0), deadline=self.deadline):
                status = service._status(job)
            if _changed(self.last.get(job.id), status) and self.on_status is not None:
                self.on_status(status)
            self.last[job.id] = status
            if not status.done:
                self.add(service, job, schedule, time.monotonic() + next(schedule))
                return None
            PACER.finished(status)
            finishing = True
            with call_options(deadline=self.deadline):
                return JobOutcome(job, result=finish(service, job, status))
        except (TransportError, RateLimited, ServerError) as exc:
            # A failed check (or result fetch) is not the job failing: look again later, within the deadline.
            self.add(service, job, schedule, _later(schedule, exc))
        except GenvidError as exc:
            if finishing or getattr(exc, "status", None) in (401, 403, 404):
                return JobOutcome(job, error=exc)
            self.add(service, job, schedule, _later(schedule, exc))
        except Exception as exc:  # whatever broke, it is this job's outcome, not the batch's
            error = GenvidError(f"checking {job.id} failed: {type(exc).__name__}: {exc}", service=job.provider,
                                request_id=job.request_id)
            error.__cause__ = exc
            return JobOutcome(job, error=error)
        return None


def as_completed(
    jobs: Iterable[tuple[ServiceClient, Job]],
    *,
    timeout: float | None = DEFAULT_TIMEOUT,
    on_status: Callable[[JobStatus], None] | None = None,
    cancel: threading.Event | None = None,
) -> Iterator[JobOutcome]:
    """Yield each job's outcome as it ends, tracking all of them from this one thread.

    Each job is polled on its own adaptive schedule from a single heap, so a thousand
    jobs cost one thread and roughly one status request per job per interval.
    Jobs still running at the deadline are yielded with a ``DeadlineExceeded`` error;
    an error checking one job is that job's outcome and never stops the others.
    """
    tracker = _Tracker(on_status, deadline_after(timeout))
    now = time.monotonic()
    for service, job in jobs:
        schedule = PACER.schedule(job, service.poll)
        tracker.add(service, job, schedule, now + next(schedule))
    while tracker.heap:
        entry = heapq.heappop(tracker.heap)
        _pause(entry[0] - time.monotonic(), tracker.deadline, cancel)
        if cancel is not None and cancel.is_set():
            raise Cancelled("as_completed was cancelled (the jobs were left running)")
        if tracker.deadline is not None and time.monotonic() >= tracker.deadline:
            tracker.add(*entry[2:], entry[0])
            yield from tracker.expired()
            return
        outcome = tracker.step(*entry[2:])
        if outcome is not None:
            yield outcome


def _later(schedule: Iterator[float], exc: GenvidError) -> float:
    """When to look at a job again after a transient error (at least the service's Retry-After)."""
    delay = next(schedule)
    hinted = getattr(exc, "retry_after", None)
    if isinstance(hinted, (int, float)) and 0 < hinted <= 60:
        delay = max(delay, float(hinted))
    return time.monotonic() + delay


def wait_all(jobs: Iterable[tuple[ServiceClient, Job]], **kwargs: Any) -> list[JobOutcome]:
    """Outcomes of every job, in the order given (see ``as_completed``)."""
    pairs = list(jobs)
    by_id = {o.job.id: o for o in as_completed(pairs, **kwargs)}
    return [by_id[job.id] for _, job in pairs]
