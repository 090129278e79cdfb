"""The unified client: one ``generate`` / ``submit`` / ``wait`` for every service."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import httpx

from ._catalog import ModelInfo, normalize_provider, split_model
from ._exceptions import InvalidInput
from ._jobs import Job, JobOutcome, JobStatus
from ._results import Result
from ._service import PollPolicy, ServiceClient
from ._transport import RetryPolicy
from ._waiting import DEFAULT_TIMEOUT, StatusCallback, as_completed, wait, wait_all


def _service_class(provider: str) -> type[ServiceClient]:
    if provider == "decart":
        from ._decart import Decart

        return Decart
    if provider == "fal":
        from ._fal import Fal

        return Fal
    if provider == "luma":
        from ._luma import Luma

        luma: type[ServiceClient] = Luma
        return luma
    from ._luma_agents import LumaAgents

    agents: type[ServiceClient] = LumaAgents
    return agents


class Client:
    """One client for every service.

    >>> client = genvid.Client()
    >>> client.generate("decart:lucy-pro-t2v", prompt="A lake at sunset", seed=42).save("lake.mp4")

    Keys come from each service's usual variable (``DECART_API_KEY``, ``FAL_KEY``,
    ``LUMAAI_API_KEY``, ``LUMA_AGENTS_API_KEY``) or ``api_keys={"fal": ...}``; base URLs
    from ``base_urls={...}`` or the services' variables. ``emulator="http://127.0.0.1:8765"``
    (or ``GENVID_EMULATOR_URL``) points every service at a genvid emulator.
    """

    def __init__(
        self,
        *,
        api_keys: Mapping[str, str] | None = None,
        base_urls: Mapping[str, str] | None = None,
        emulator: str | None = None,
        retry: RetryPolicy | None = None,
        timeout: float | httpx.Timeout | None = None,
        poll: PollPolicy | None = None,
        verify: bool | str = True,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        import os

        self._keys = {normalize_provider(k): v for k, v in (api_keys or {}).items()}
        self._urls = {normalize_provider(k): v for k, v in (base_urls or {}).items()}
        root = emulator or os.environ.get("GENVID_EMULATOR_URL")
        if root:
            from ._emulated import emulator_urls

            for provider, url in emulator_urls(root).items():
                self._urls.setdefault(provider, url)
            for provider in ("decart", "fal", "luma", "luma-agents"):
                self._keys.setdefault(provider, os.environ.get("GENVID_EMULATOR_KEY", "emulator-key"))
        self._options: dict[str, Any] = {"retry": retry, "timeout": timeout, "poll": poll, "verify": verify,
                                         "transport": transport}
        self._services: dict[str, ServiceClient] = {}
        self._lock = threading.Lock()
        self._emulator_root = root

    def __repr__(self) -> str:
        return f"Client(services={sorted(self._services)})"

    def service(self, provider: str) -> ServiceClient:
        """The per-service client (``Decart``, ``Fal``, ``Luma``, ``LumaAgents``) behind a provider name."""
        provider = normalize_provider(provider)
        with self._lock:
            svc = self._services.get(provider)
            if svc is None:
                cls = _service_class(provider)
                kwargs = {k: v for k, v in self._options.items() if v is not None}
                if self._emulator_root and provider == "fal":
                    kwargs.setdefault("emulator", self._emulator_root)
                svc = cls(self._keys.get(provider), base_url=self._urls.get(provider), **kwargs)
                self._services[provider] = svc
        return svc

    def close(self) -> None:
        """Close every service's connections."""
        for svc in list(self._services.values()):
            svc.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- jobs ------------------------------------------------------------------------
    def submit(self, model: str, /, **inputs: Any) -> Job:
        """Check the inputs (before any request), submit, and return the Job at once."""
        provider, name = split_model(model)
        svc = self.service(provider)
        prepared = svc.prepare(name, inputs)
        return svc.submit_prepared(prepared)

    def generate(self, model: str, /, *, timeout: float | None = DEFAULT_TIMEOUT,
                 on_status: StatusCallback | None = None, cancel: threading.Event | None = None,
                 **inputs: Any) -> Result:
        """Submit and wait: returns the finished Result (``.save(path)`` streams it to disk)."""
        provider, name = split_model(model)
        svc = self.service(provider)
        prepared = svc.prepare(name, inputs)
        now = svc.generate_now(prepared, cancel=cancel, timeout=timeout)
        if now is not None:
            return now
        job = svc.submit_prepared(prepared)
        return wait(svc, job, timeout=timeout, on_status=on_status, cancel=cancel,
                    logs=on_status is not None)

    def job(self, job_id: str) -> Job:
        """Re-attach to a job from its id (e.g. saved by another process)."""
        job = Job.parse(job_id)
        self.service(job.provider)
        return job

    def status(self, job: Job | str, *, logs: bool = False) -> JobStatus:
        """One status check."""
        job = self._job(job)
        return self.service(job.provider).job_status(job, logs=logs)

    def wait(self, job: Job | str, *, timeout: float | None = DEFAULT_TIMEOUT,
             on_status: StatusCallback | None = None, cancel: threading.Event | None = None) -> Result:
        """Block until the job ends. Raises ``JobFailed``, ``DeadlineExceeded`` or ``Cancelled``."""
        job = self._job(job)
        return wait(self.service(job.provider), job, timeout=timeout, on_status=on_status, cancel=cancel,
                    logs=on_status is not None)

    def result(self, job: Job | str) -> Result:
        """The result of a job that has finished (raises ``JobFailed`` if it failed)."""
        from ._waiting import finish

        job = self._job(job)
        svc = self.service(job.provider)
        status = svc.job_status(job)
        if not status.done:
            from ._exceptions import Conflict

            raise Conflict(f"job {job.id} has not finished ({status.describe()})", service=job.provider,
                           request_id=job.request_id, hint="use client.wait(job)")
        return finish(svc, job, status)

    def cancel(self, job: Job | str) -> bool:
        """Ask the service to cancel the job. Returns False where the service cannot cancel (Decart)."""
        job = self._job(job)
        return self.service(job.provider).cancel_job(job)

    def as_completed(self, jobs: Iterable[Job | str], *, timeout: float | None = DEFAULT_TIMEOUT,
                     on_status: StatusCallback | None = None, cancel: threading.Event | None = None
                     ) -> Iterator[JobOutcome]:
        """Yield each job's outcome as it finishes, from this one thread."""
        pairs = [(self.service(j.provider), j) for j in map(self._job, jobs)]
        return as_completed(pairs, timeout=timeout, on_status=on_status, cancel=cancel)

    def wait_all(self, jobs: Iterable[Job | str], *, timeout: float | None = DEFAULT_TIMEOUT,
                 on_status: StatusCallback | None = None) -> list[JobOutcome]:
        """Every job's outcome, in the order given, tracked from this one thread."""
        pairs = [(self.service(j.provider), j) for j in map(self._job, jobs)]
        return wait_all(pairs, timeout=timeout, on_status=on_status)

    def _job(self, job: Job | str) -> Job:
        if isinstance(job, Job):
            return job
        if isinstance(job, str):
            return Job.parse(job)
        raise InvalidInput(f"expected a Job or a job id, got {type(job).__name__}", field="job")

    @staticmethod
    def models(provider: str | None = None) -> list[ModelInfo]:
        """Every known model (``genvid.models()``)."""
        from ._catalog import models

        return models(provider)
