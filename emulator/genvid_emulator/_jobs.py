"""Jobs whose state is a function of the emulator clock.

Every service has the same lifecycle underneath, named differently on the wire:
``queued`` (with a queue position that falls) -> ``running`` (with logs that grow)
-> ``done`` | ``failed``; a job may also be ``cancelled`` or never finish.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from ._clock import Clock

Phase = Literal["queued", "running", "done", "failed", "cancelled"]


@dataclass
class Job:
    """One generation request and its scripted fate."""

    id: str
    service: str
    model: str
    created: float
    queue_s: float
    run_s: float
    inputs: dict[str, Any]
    outcome: Literal["ok", "fail", "hang"] = "ok"
    failure_code: str | None = None
    failure_reason: str | None = None
    cancelled_at: float | None = None
    created_wall: float = 0.0
    # Service-specific bits (output blob ids, webhook URL, ...).
    extra: dict[str, Any] = field(default_factory=dict)
    # Last phase a webhook/callback was sent for.
    notified: str | None = None

    def phase(self, now: float) -> Phase:
        """The phase at emulated time ``now``."""
        if self.cancelled_at is not None and self.cancelled_at <= now:
            return "cancelled"
        t = now - self.created
        if t < self.queue_s:
            return "queued"
        if self.outcome == "hang" or t < self.queue_s + self.run_s:
            return "running"
        return "done" if self.outcome == "ok" else "failed"

    def finished_at(self) -> float | None:
        """Emulated time at which the job reaches a terminal phase (None if it never does)."""
        if self.outcome == "hang":
            return self.cancelled_at
        end = self.created + self.queue_s + self.run_s
        return min(end, self.cancelled_at) if self.cancelled_at is not None else end

    def queue_position(self, now: float, slots: int = 3) -> int:
        """0-based position that falls evenly to 0 while queued."""
        t = max(0.0, now - self.created)
        if self.queue_s <= 0 or t >= self.queue_s:
            return 0
        return int((1 - t / self.queue_s) * slots)

    def progress(self, now: float) -> float:
        """Fraction of the running phase done, 0..1."""
        t = now - self.created - self.queue_s
        if t <= 0:
            return 0.0
        if self.outcome == "hang":
            return 0.5
        return min(1.0, t / self.run_s) if self.run_s > 0 else 1.0

    def log_lines(self, now: float) -> list[str]:
        """Progress messages the model has 'printed' so far."""
        if self.phase(now) == "queued":
            return []
        p = self.progress(now)
        lines = [f"Loading {self.model}"]
        steps = int(p * 10)
        lines += [f"Step {i}/10" for i in range(1, steps + 1)]
        if self.phase(now) == "done":
            lines.append("Encoding output")
        return lines


class JobStore:
    """All jobs of all services, thread-safe."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self.listeners: list[Callable[[Job], None]] = []

    def create(self, service: str, model: str, inputs: dict[str, Any], *, queue_s: float, run_s: float,
               job_id: str | None = None, **kwargs: Any) -> Job:
        import time

        job = Job(
            id=job_id or str(uuid.uuid4()),
            service=service,
            model=model,
            created=self.clock.now(),
            queue_s=queue_s,
            run_s=run_s,
            inputs=inputs,
            created_wall=time.time(),
            **kwargs,
        )
        with self._lock:
            self._jobs[job.id] = job
        for listener in self.listeners:
            listener(job)
        return job

    def get(self, job_id: str, service: str | None = None) -> Job | None:
        with self._lock:
            job = self._jobs.get(job_id)
        if job is not None and service is not None and job.service != service:
            return None
        return job

    def delete(self, job_id: str) -> bool:
        with self._lock:
            return self._jobs.pop(job_id, None) is not None

    def all(self, service: str | None = None) -> list[Job]:
        with self._lock:
            jobs = list(self._jobs.values())
        return [j for j in jobs if service is None or j.service == service]

    def __iter__(self) -> Iterator[Job]:
        return iter(self.all())

    def clear(self) -> None:
        with self._lock:
            self._jobs.clear()
