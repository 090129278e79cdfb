"""The unified client: one ``generate`` / ``submit`` / ``wait`` for every service."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from . import _providers as providers
from ._catalog import ModelInfo, did_you_mean, normalize_provider, split_model, with_suggestion
from ._exceptions import (
    BadRequest,
    Cancelled,
    DownloadError,
    GenvidError,
    InvalidInput,
    JobFailed,
    NotFound,
    SubmitUncertain,
)
from ._jobs import Job, JobOutcome, JobStatus, Submitted
from ._journal import Entry as JournalEntry
from ._journal import Journal, submitter_gone
from ._pacing import MIN_SAMPLES, PACER, RECALL
from ._results import Result
from ._service import PollPolicy, Prepared, ServiceClient, client_timeout
from ._transport import RetryPolicy, UrlPolicy, call_options, deadline_after
from ._waiting import DEFAULT_TIMEOUT, StatusCallback, as_completed, wait, wait_all


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
        journal: Journal | str | os.PathLike[str] | bool | None = None,
        url_policy: UrlPolicy | None = None,
    ) -> None:
        client_timeout(timeout)  # refused here, not at the first call
        self._keys = {normalize_provider(k): v for k, v in (api_keys or {}).items()}
        self._urls = {normalize_provider(k): v for k, v in (base_urls or {}).items()}
        root = emulator or os.environ.get("GENVID_EMULATOR_URL")
        self._options: dict[str, Any] = {"retry": retry, "timeout": timeout, "poll": poll, "verify": verify,
                                         "transport": transport, "emulator": root, "url_policy": url_policy}
        self._services: dict[str, ServiceClient] = {}
        self._lock = threading.Lock()
        self._recalled: set[tuple[str, str]] = set()
        if journal is True:
            self.journal: Journal | None = Journal()
        elif journal is None or journal is False:
            self.journal = None
        else:
            self.journal = journal if isinstance(journal, Journal) else Journal(journal)

    def __repr__(self) -> str:
        return f"Client(services={sorted(self._services)})"

    def service(self, provider: str) -> ServiceClient:
        """The per-service client (``Decart``, ``Fal``, ``Luma``, ``LumaAgents``) behind a provider name."""
        svc = self._services.get(provider)  # (a name as the table spells it: no lookup, no lock)
        if svc is not None:
            return svc
        provider = normalize_provider(provider)
        with self._lock:
            svc = self._services.get(provider)
            if svc is None:
                cls = providers.provider(provider).load_adapter()
                kwargs = {k: v for k, v in self._options.items() if v is not None}
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
    def submit(self, model: str, /, *, save_to: str | os.PathLike[str] | None = None, **inputs: Any) -> Job:
        """Check the inputs (before any request), submit, and return the Job at once.

        With a journal, the job is recorded before the submit is sent and ``save_to`` is
        where ``resume()`` will save its output after a crash.
        """
        provider, name = split_model(model)
        svc = self.service(provider)
        prepared = svc._prepare(name, inputs)
        try:  # (not did_you_mean: a context manager costs a submit more than this)
            return self._submit(svc, prepared, save_to)
        except (NotFound, BadRequest) as exc:
            error = with_suggestion(exc, provider, name)
            if error is exc:
                raise
            raise error from exc

    def submit_all(self, requests: Iterable[tuple[str, Mapping[str, Any]]], *, concurrency: int = 8,
                   save_to: Sequence[str | os.PathLike[str] | None] | None = None) -> list[Submitted]:
        """Submit many jobs at once, ``concurrency`` in flight, each exactly as ``submit`` would.

        ``requests`` are ``(model, inputs)`` pairs. Every input is checked before anything is
        sent (a bad one sends nothing at all); each submit is journaled like a single one and
        sent once. Returns one ``Submitted`` per request, in order: its ``job``, or the
        ``error`` its submit ended with; pass the jobs to ``wait_all`` or ``as_completed``.
        """
        if not isinstance(concurrency, int) or isinstance(concurrency, bool) or not 1 <= concurrency <= 64:
            raise InvalidInput(f"concurrency must be an integer from 1 to 64, got {concurrency!r}",
                               field="concurrency")
        batch = list(requests)
        targets = list(save_to) if save_to is not None else [None] * len(batch)
        if len(targets) != len(batch):
            raise InvalidInput(f"save_to has {len(targets)} paths for {len(batch)} requests", field="save_to")
        prepared = []
        for model, inputs in batch:  # every check first: a typo in request 900 sends nothing
            provider, name = split_model(model)
            svc = self.service(provider)
            prepared.append((svc, svc._prepare(name, inputs)))

        def send(index: int) -> Submitted:
            svc, ready = prepared[index]
            try:
                return Submitted(index, self._submit(svc, ready, targets[index]))
            except GenvidError as exc:
                return Submitted(index, error=exc)

        with ThreadPoolExecutor(max_workers=min(concurrency, max(1, len(batch))),
                                thread_name_prefix="genvid-submit") as pool:
            return list(pool.map(send, range(len(batch))))

    def _submit(self, svc: ServiceClient, prepared: Prepared, save_to: str | os.PathLike[str] | None) -> Job:
        key = None
        if self.journal is not None:
            key = self.journal.begin(svc.provider, prepared.model, prepared.digest,
                                     os.fspath(save_to) if save_to is not None else None)
        try:
            job = svc._submit(prepared)
        except SubmitUncertain as exc:
            exc.model = prepared.model
            exc.inputs_digest = prepared.digest
            if self.journal is not None and key is not None:
                self.journal.mark(key, "possibly_submitted", exc.hint)
            raise
        except BaseException as exc:
            if self.journal is not None and key is not None:
                self.journal.mark(key, "rejected", f"{type(exc).__name__}: {exc}"[:500])
            raise
        if self.journal is not None and key is not None:
            self.journal.submitted(key, job.id, job.request_id)
        return job

    def generate(self, model: str, /, *, timeout: float | None = DEFAULT_TIMEOUT,
                 on_status: StatusCallback | None = None, cancel: threading.Event | None = None,
                 save_to: str | os.PathLike[str] | None = None, **inputs: Any) -> Result:
        """Submit and wait: returns the finished Result (``.save(path)`` streams it to disk).

        ``save_to`` saves it there too (and, with a journal, lets ``resume()`` finish the job after a crash).
        ``timeout`` covers all of it: submit, wait, result and the save.
        """
        deadline = deadline_after(timeout)
        provider, name = split_model(model)
        svc = self.service(provider)
        prepared = svc._prepare(name, inputs)
        with did_you_mean(provider, name), call_options(deadline=deadline):
            now = svc._run_now(prepared, cancel=cancel, timeout=timeout)
            if now is not None:
                if save_to is not None:
                    now.save(save_to, timeout=_left(deadline))
                return now
            job = self._submit(svc, prepared, save_to)
        return self.wait(job, timeout=_left(deadline), on_status=on_status, cancel=cancel, save_to=save_to)

    def is_synchronous(self, model: str) -> bool:
        """Whether ``model`` runs synchronously: ``generate`` returns its media, ``submit`` has no job to make.

        (Decart's image models run through Process; everything else is a job.)
        """
        provider, name = split_model(model)
        return self.service(provider)._synchronous(name)

    def job(self, job_id: str) -> Job:
        """Re-attach to a job from its id (e.g. saved by another process)."""
        job = Job.parse(job_id)
        self.service(job.provider)
        return job

    def status(self, job: Job | str, *, logs: bool = False) -> JobStatus:
        """One status check."""
        job = self._job(job)
        return self.service(job.provider)._status(job, logs=logs)

    def wait(self, job: Job | str, *, timeout: float | None = DEFAULT_TIMEOUT,
             on_status: StatusCallback | None = None, cancel: threading.Event | None = None,
             save_to: str | os.PathLike[str] | None = None) -> Result:
        """Block until the job ends. Raises ``JobFailed``, ``DeadlineExceeded`` or ``Cancelled``.

        ``save_to`` also saves the output there (recorded in the journal as saved).
        """
        job = self._job(job)
        self._recall(job)
        deadline = deadline_after(timeout)
        try:
            result = wait(self.service(job.provider), job, timeout=timeout, on_status=on_status, cancel=cancel,
                          logs=on_status is not None)
        except GenvidError as exc:
            self._note(JobOutcome(job, error=exc))
            raise
        if self.journal is not None:
            self._note(JobOutcome(job, result=result))
        if save_to is not None:
            result.save(save_to, timeout=_left(deadline))
        return result

    def _note(self, outcome: JobOutcome) -> JobOutcome:
        """Record a job's end in the journal; saving its result then marks it ``saved`` (resume leaves it be)."""
        journal, job, exc = self.journal, outcome.job, outcome.error
        if journal is None:
            return outcome
        if isinstance(exc, JobFailed | Cancelled) and not _wait_only(exc):
            journal.mark_job(job.id, "failed" if isinstance(exc, JobFailed) else "cancelled", str(exc)[:500])
        elif isinstance(exc, NotFound):  # the service no longer knows it: waiting again cannot help
            journal.mark_job(job.id, "failed", f"the service no longer has this job: {exc}"[:500])
        elif isinstance(outcome.result, Result):
            result = outcome.result
            journal.mark_job(job.id, "completed", meta={"media_type": result.media_type, "size": result.size})
            result._on_saved = lambda path: journal.mark_job(job.id, "saved", output_path=str(path))
        return outcome

    def resume(self, *, timeout: float | None = DEFAULT_TIMEOUT,
               on_status: StatusCallback | None = None) -> list[JobOutcome]:
        """Finish every unfinished job in the journal: wait for it and save its output where it was meant to go.

        Rows still ``submitting`` whose process has ended (a crash mid-submit), or after five minutes,
        become ``possibly_submitted``: the service may have the job, but its id was never recorded.
        """
        journal = self.journal
        if journal is None:
            raise InvalidInput("resume needs a journal: genvid.Client(journal=True)", field="journal")
        rows = {Job.parse(str(e.job_id)).id: e for e in journal.entries(unfinished=True) if _resumable(journal, e)}
        jobs = [Job.parse(job_id) for job_id in rows]
        outcomes: list[JobOutcome] = []
        for outcome in self.as_completed(jobs, timeout=timeout, on_status=on_status):
            outcomes.append(self._settle(journal, outcome, rows[outcome.job.id]))
        return outcomes

    @staticmethod
    def _settle(journal: Journal, outcome: JobOutcome, entry: JournalEntry) -> JobOutcome:
        """Save a resumed job's output where it was meant to go, never over a file already there."""
        if not outcome.ok or outcome.result is None or not entry.output_path:
            return outcome
        target = _unused(Path(entry.output_path), outcome.job)
        if target is None:
            error = DownloadError(f"not saved: {entry.output_path} and the name with this job's id exist, and "
                                  "resume never overwrites a file", hint=f"genvid wait {outcome.job.id} -o PATH")
            journal.mark_job(outcome.job.id, "completed", detail=str(error)[:500])
            return JobOutcome(outcome.job, error=error)
        # Never two savers of one job (e.g. a fleet worker finishing it right now).
        with journal.lock(entry.key) as mine:
            try:
                if mine:
                    outcome.result.save(target)
            except GenvidError as exc:
                return JobOutcome(outcome.job, error=exc)
        return outcome

    def result(self, job: Job | str) -> Result:
        """The result of a job that has finished (raises ``JobFailed`` if it failed)."""
        from ._waiting import finish

        job = self._job(job)
        svc = self.service(job.provider)
        status = svc._status(job)
        if not status.done:
            from ._exceptions import Conflict

            raise Conflict(f"job {job.id} has not finished ({status.describe()})", service=job.provider,
                           request_id=job.request_id, hint="use client.wait(job)")
        return finish(svc, job, status)

    def cancel(self, job: Job | str) -> bool:
        """Ask the service to cancel the job. Returns False where the service cannot cancel (Decart)."""
        job = self._job(job)
        return self.service(job.provider)._cancel(job)

    def as_completed(self, jobs: Iterable[Job | str], *, timeout: float | None = DEFAULT_TIMEOUT,
                     on_status: StatusCallback | None = None, cancel: threading.Event | None = None
                     ) -> Iterator[JobOutcome]:
        """Yield each job's outcome as it finishes, from this one thread."""
        pairs = [(self.service(j.provider), self._recall(j)) for j in map(self._job, jobs)]
        return map(self._note, as_completed(pairs, timeout=timeout, on_status=on_status, cancel=cancel))

    def wait_all(self, jobs: Iterable[Job | str], *, timeout: float | None = DEFAULT_TIMEOUT,
                 on_status: StatusCallback | None = None) -> list[JobOutcome]:
        """Every job's outcome, in the order given, tracked from this one thread."""
        pairs = [(self.service(j.provider), self._recall(j)) for j in map(self._job, jobs)]
        return [self._note(o) for o in wait_all(pairs, timeout=timeout, on_status=on_status)]

    def _recall(self, job: Job) -> Job:
        """Teach the poll pacing the run times the journal holds for this job's model (once per model)."""
        key = (job.provider, job.model)
        if self.journal is None or key in self._recalled or PACER.known(*key) >= MIN_SAMPLES:
            return job
        self._recalled.add(key)
        rows = self.journal.entries(states=("completed", "saved"), limit=RECALL)
        # Finished rows span submit to completion (or to the save: an upper bound).
        PACER.learn(*key, [e.updated_at - e.created_at for e in rows if (e.provider, e.model) == key])
        return job

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


def _resumable(journal: Journal, entry: JournalEntry) -> bool:
    """Whether a journal row has a job to wait for; a submit that never came back is marked on the way."""
    if entry.job_id is not None:
        return True
    if entry.state == "retrying":  # provably not taken; its task (which holds the inputs) resends it
        return False
    # A crash mid-submit (the submitting process is gone), or a submit that never came back.
    if time.time() - entry.created_at > 300 or (entry.state == "submitting" and submitter_gone(entry.detail)):
        journal.mark(entry.key, "possibly_submitted",
                     "the process stopped while submitting; check the service before resubmitting")
    return False


def _unused(path: Path, job: Job) -> Path | None:
    """``path``, or the name with the job's id beside it when a file is there already; None if both are taken."""
    if path.is_dir() or not path.exists():
        return path
    ident = "".join(c if c.isalnum() or c in "-_" else "-" for c in job.request_id)[:64]
    other = path.with_name(f"{path.stem}-{ident}{path.suffix}")
    return None if other.exists() else other


def _left(deadline: float | None) -> float | None:
    """Seconds until ``deadline`` (None for none)."""
    return None if deadline is None else max(0.0, deadline - time.monotonic())


def _wait_only(exc: BaseException) -> bool:
    """A Cancelled raised because the *wait* was stopped (the job itself still runs)."""
    return isinstance(exc, Cancelled) and "wait for" in str(exc)
