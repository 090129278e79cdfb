"""When to ask for a job's status next: sparsely while it is far from done, densely near its expected end.

Every finished job teaches how long its model takes (in this process, and from the journal
when there is one): the midpoint between its last look that found it running and the look
that found it done, not the moment it was noticed (learning notice times would teach each
late notice to the next job, and the polls would drift ever later). With a few such run times known, a wait looks once at once (the queue,
an early refusal), then sleeps, halving the distance, until shortly before the earliest
likely finish, polls every ``(late - early) / 10`` seconds (50 to 150 ms) until the latest
likely finish, then backs off. A model never seen, or a job whose submit time is not
known (re-attached from another process), is polled on the service's ``PollPolicy``.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from ._jobs import Job, JobStatus

if TYPE_CHECKING:
    from ._service import PollPolicy

SAMPLES = 64  # run times kept per model
MIN_SAMPLES = 3  # fewer than this: the service's back-off schedule
DENSE_MIN, DENSE_MAX = 0.05, 0.15  # bounds of the interval around the expected finish, seconds
EARLY, LATE = 0.05, 0.95  # the quantiles of the run times that bound the dense window
SPREAD = 10  # polls across that window: the median notice is about half a window / SPREAD
TRACKED = 10_000  # submit times remembered (oldest forgotten first)
RECALL = 200  # newest finished journal rows read for a model's run times


class Pacer:
    """Run times per (provider, model), and when this process submitted each job it knows."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._runs: dict[tuple[str, str], deque[float]] = {}
        self._submitted: OrderedDict[tuple[str, str], _Tracked] = OrderedDict()

    def submitted(self, provider: str, request_id: str, model: str) -> None:
        """Note that the service accepted a job of ``model`` as ``request_id`` just now."""
        with self._lock:
            self._submitted[(provider, request_id)] = _Tracked(time.monotonic(), model)
            while len(self._submitted) > TRACKED:
                self._submitted.popitem(last=False)

    def learn(self, provider: str, model: str, seconds: Iterable[float]) -> None:
        """Add run times of ``model`` seen elsewhere (the journal's finished jobs)."""
        with self._lock:
            runs = self._runs.setdefault((provider, model), deque(maxlen=SAMPLES))
            runs.extend(s for s in seconds if 0 < s < 86_400)

    def known(self, provider: str, model: str) -> int:
        """How many run times of ``model`` are known."""
        with self._lock:
            return len(self._runs.get((provider, model), ()))

    def finished(self, status: JobStatus) -> None:
        """A job ended: a completed one teaches its model's run time."""
        job = status.job
        with self._lock:
            found = self._submitted.pop((job.provider, job.request_id), None)
            if found is not None and status.state == "completed":
                # It ended between the last look that saw it running (or its submit) and now.
                now = time.monotonic()
                low = found.running if found.running is not None else found.started
                self._runs.setdefault((job.provider, found.model), deque(maxlen=SAMPLES)).append(
                    (low + now) / 2 - found.started)

    def schedule(self, job: Job, policy: PollPolicy) -> Iterator[float]:
        """The pauses before each status request for ``job`` (the first, 0, before the first request).

        The first look is at once: it shows the queue and catches a job refused right away. Until
        enough run times of the model are known the service's back-off follows; the schedule
        switches to the predicted one as soon as they are (other jobs of a batch finishing teach it).
        Each pause after the first is asked for once a look found the job still running.
        """
        key = (job.provider, job.request_id)
        for pause in self._plan(key, policy):
            yield pause
            with self._lock:
                tracked = self._submitted.get(key)
                if tracked is not None:
                    tracked.running = time.monotonic()

    def _plan(self, key: tuple[str, str], policy: PollPolicy) -> Iterator[float]:
        yield 0.0
        backoff = policy.intervals()
        while True:
            with self._lock:
                found = self._submitted.get(key)
                runs = sorted(self._runs.get((key[0], found.model), ())) if found else []
            if found is not None and len(runs) >= MIN_SAMPLES and policy.predict and policy.maximum > 0:
                yield from _predicted(found.started, _quantile(runs, EARLY), _quantile(runs, LATE), policy)
                return
            yield next(backoff)


class _Tracked:
    """A job this process submitted: when, of which model, and when a look last found it running."""

    __slots__ = ("model", "running", "started")

    def __init__(self, started: float, model: str) -> None:
        self.started, self.model = started, model
        self.running: float | None = None


def _quantile(ordered: list[float], q: float) -> float:
    at = q * (len(ordered) - 1)
    low = int(at)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (at - low)


def _predicted(started: float, early: float, late: float, policy: PollPolicy) -> Iterator[float]:
    """Halve the distance to ``early`` (never less often than the policy's slowest), poll densely to ``late``."""
    dense = min(DENSE_MAX, max(DENSE_MIN, (late - early) / SPREAD))
    backoff = dense
    while True:
        elapsed = time.monotonic() - started
        if elapsed < early - dense:
            yield max(dense, min(early - dense - elapsed, max(policy.maximum, (early - elapsed) / 2)))
        elif elapsed < late + dense:
            yield dense
        else:  # later than every run seen: back off as the policy would
            backoff = min(policy.maximum, backoff * policy.factor)
            yield backoff


PACER = Pacer()

__all__ = ["MIN_SAMPLES", "PACER", "RECALL", "Pacer"]
