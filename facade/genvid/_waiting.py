"""Waiting for jobs: one job with a deadline, or many from one thread.

Every wait has a deadline and can be cancelled from another thread through a
``threading.Event``. Status callbacks fire on every change (state, queue position,
new log lines). Polls follow ``_pacing``: dense around a job's expected end once its
model's run times are known, else quick at first and slower later; where the service
pushes status (fal's SSE stream) the wait listens instead of polling.
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
from ._jobs import Job, JobOutcome, JobStatus
from ._pacing import PACER
from ._results import Result
from ._transport import call_options

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
    """Block until ``job`` ends; return its Result or raise JobFailed / DeadlineExceeded / Cancelled."""
    deadline = None if timeout is None else time.monotonic() + timeout
    last = initial
    if initial is not None and on_status is not None:
        on_status(initial)
    if initial is not None and initial.done:
        return finish(service, job, initial)
    seen = [last]
    for status in _statuses(service, job, deadline, cancel, logs, seen):
        if _changed(last, status) and on_status is not None:
            on_status(status)
        last = seen[0] = status
        if status.done:
            PACER.finished(status)
            with call_options(deadline=deadline):
                return finish(service, job, status)
    raise AssertionError("unreachable: polling never ends by itself")


def _statuses(service: ServiceClient, job: Job, deadline: float | None, cancel: threading.Event | None,
              logs: bool, seen: list[JobStatus | None]) -> Iterator[JobStatus]:
    """Statuses pushed by the service's stream while it lasts, then polled on the service's schedule."""
    stream = service._stream_status(job, logs=logs)
    if stream is not None:
        try:
            yield from _bounded(stream, deadline, cancel)
        except (GenvidError, OSError) as exc:
            if isinstance(exc, (Cancelled, DeadlineExceeded)):
                raise
            logger.info("status stream for %s failed (%s); polling instead", job.id, exc)
    for pause in PACER.schedule(job, service.poll):
        _sleep(pause, deadline, cancel)
        _check(job, deadline, cancel, seen[0])
        with call_options(deadline=deadline):
            yield service._status(job, logs=logs)


def _sleep(pause: float, deadline: float | None, cancel: threading.Event | None) -> None:
    """Sleep ``pause`` seconds, no later than the deadline, waking at once when ``cancel`` is set."""
    if deadline is not None:
        pause = min(pause, max(0.0, deadline - time.monotonic()))
    if pause <= 0:
        return
    if cancel is not None:
        cancel.wait(pause)
    else:
        time.sleep(pause)


def _check(job: Job, deadline: float | None, cancel: threading.Event | None, last: JobStatus | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled(f"wait for {job.id} was cancelled (the job itself was left running)",
                        service=job.provider, request_id=job.request_id)
    if deadline is not None and time.monotonic() >= deadline:
        raise DeadlineExceeded(
            f"job {job.id} did not finish in time (last status: {last.describe() if last else 'unknown'})",
            job_id=job.id, last_status=last.state if last else None, service=job.provider,
            request_id=job.request_id, hint=f"it may still finish: client.wait(client.job({job.id!r}))",
        )


def _bounded(stream: Iterable[JobStatus], deadline: float | None, cancel: threading.Event | None
             ) -> Iterator[JobStatus]:
    for status in stream:
        _check(status.job, deadline, cancel, status)
        yield status


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
    Jobs still running at the deadline are yielded with a ``DeadlineExceeded`` error.
    """
    deadline = None if timeout is None else time.monotonic() + timeout
    counter = itertools.count()
    heap: list[tuple[float, int, ServiceClient, Job, Iterator[float]]] = []
    last: dict[str, JobStatus] = {}
    now = time.monotonic()
    for service, job in jobs:
        schedule = PACER.schedule(job, service.poll)
        heapq.heappush(heap, (now + next(schedule), next(counter), service, job, schedule))
    while heap:
        due, _, service, job, schedule = heapq.heappop(heap)
        _sleep(due - time.monotonic(), deadline, cancel)
        if cancel is not None and cancel.is_set():
            raise Cancelled("as_completed was cancelled (the jobs were left running)")
        if deadline is not None and time.monotonic() >= deadline:
            for _, _, _, j, _ in [(due, 0, service, job, schedule), *heap]:
                st = last.get(j.id)
                yield JobOutcome(j, error=DeadlineExceeded(
                    f"job {j.id} did not finish in time", job_id=j.id, last_status=st.state if st else None,
                    service=j.provider, request_id=j.request_id))
            return
        try:
            # No transport retries here: their back-off would stall every other job on this one thread,
            # and a failed check is simply made again on the job's own schedule.
            with call_options(policy=service.retry.with_options(max_retries=0), deadline=deadline):
                status = service._status(job)
        except GenvidError as exc:
            # A failed status check is not the job failing: try again later, unless it is permanent.
            if getattr(exc, "status", None) in (401, 403, 404):
                yield JobOutcome(job, error=exc)
                continue
            heapq.heappush(heap, (_later(schedule, exc), next(counter), service, job, schedule))
            continue
        if _changed(last.get(job.id), status) and on_status is not None:
            on_status(status)
        last[job.id] = status
        if status.done:
            PACER.finished(status)
            try:
                with call_options(deadline=deadline):
                    result = finish(service, job, status)
            except (TransportError, RateLimited, ServerError) as exc:
                # The job is done but fetching its result failed for now: fetch again later (within the deadline).
                heapq.heappush(heap, (_later(schedule, exc), next(counter), service, job, schedule))
                continue
            except GenvidError as exc:
                yield JobOutcome(job, error=exc)
                continue
            yield JobOutcome(job, result=result)
            continue
        heapq.heappush(heap, (time.monotonic() + next(schedule), next(counter), service, job, schedule))


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
