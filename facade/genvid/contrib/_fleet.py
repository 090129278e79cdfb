"""The steps of a job run by a task queue, with no queue in them: submit, check, finish.

Each step does a bounded amount of work (a submit, ONE status request, or one download)
and returns what should happen next — ``Later(step, countdown)`` or ``Done(meta)`` — or
raises a typed genvid error that ends the job. ``genvid.contrib.celery`` turns ``Later``
into a re-scheduled task; any other queue could do the same.

Exactly one submit per job: the job's idempotency key is the journal row's key. A step
takes the journal's per-job lock before it claims the row and sends the submit, and
holds it until the service's answer is recorded, so a redelivered or retried step (or
a duplicate message) that finds the row never sends it again: ``submitted`` continues
to ``check``; ``submitting`` with the lock free means the sender died between sending
and recording — the job becomes ``possibly_submitted`` and ``SubmitUncertain`` is
raised, never a resend. Only ``retrying`` (the service provably took nothing: 429, 503,
no connection) is sent again. Saving takes the same lock, so two workers never both
save one job; a stale ``.part`` file of a worker killed mid-download is removed first.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import random
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NoReturn

from .. import _exceptions
from .._catalog import split_model
from .._exceptions import (
    Cancelled,
    Conflict,
    DeadlineExceeded,
    DownloadError,
    GenvidError,
    InvalidInput,
    JobFailed,
    RateLimited,
    ServerError,
    SubmitUncertain,
    TransportError,
)
from .._jobs import Job, JobStatus
from .._journal import Entry, Journal, owner_tag
from .._transport import call_options, redact_url

if TYPE_CHECKING:
    from .._client import Client
    from .._results import Result
    from .._service import ServiceClient
    from .caps import RedisCaps, RedisHeartbeats

logger = logging.getLogger("genvid.celery")

Step = Literal["submit", "check", "finish"]
SAFE_TO_RESEND = (RateLimited, TransportError)  # and ServerError 503: the service provably created nothing


@dataclass(frozen=True)
class Handle:
    """What a job's tasks carry between them (JSON, no secrets): the journal key and the job id."""

    key: str
    job_id: str
    save_to: str | None
    deadline: float
    push: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Handle:
        if not isinstance(data, Mapping) or not isinstance(data.get("key"), str) or \
                not isinstance(data.get("job_id"), str):
            raise InvalidInput("not a genvid job handle (a dict with 'key' and 'job_id')", field="handle")
        save_to = data.get("save_to")
        return cls(key=data["key"], job_id=data["job_id"], save_to=str(save_to) if save_to else None,
                   deadline=float(data.get("deadline") or time.time() + 900), push=bool(data.get("push")))


@dataclass(frozen=True)
class Later:
    """Run ``step`` after ``countdown`` seconds (``handle`` for check/finish; ``attempt`` counts tries)."""

    step: Step
    countdown: float
    handle: Handle | None = None
    attempt: int = 0
    reason: str = ""
    waits: int = 0


@dataclass(frozen=True)
class Done:
    """The job is over: ``meta`` is the saved Result's metadata (JSON-serialisable)."""

    meta: dict[str, Any]


Outcome = Later | Done


@dataclass
class Sweep:
    """What ``Fleet.sweep`` found: jobs to check or finish again, rows made possibly submitted, rows stuck retrying."""

    revived: list[tuple[str, Handle]] = field(default_factory=list)
    uncertain: list[str] = field(default_factory=list)
    stuck: list[str] = field(default_factory=list)


@dataclass
class Settings:
    """Knobs of a fleet (``genvid.contrib.celery`` reads them from the Celery config)."""

    timeout: float = 900.0
    """Seconds from submit until a job that has not finished raises ``DeadlineExceeded``."""
    cap_wait: float = 2.0
    """Seconds a job first waits before trying again for a slot under a service's cap (then 1.5x longer
    each time, up to 10x: many waiting jobs do not flood the broker)."""
    max_countdown: float = 60.0
    """The longest countdown of any step (keep it well under a Redis broker's visibility timeout)."""
    sweep_after: float = 600.0
    """``sweep`` revives a job whose row has not changed, and whose next step is overdue, for this long."""
    busy_wait: float = 1.0
    """Seconds before looking again when another worker holds the job's lock."""
    push_fallback: float = 30.0
    """With a webhook/callback, the longest gap between fallback status checks."""
    submit_retries: int = 5
    """How often a submit refused with proof that nothing was created (429, 503, no connection) is sent again."""
    download_retries: int = 5
    """How often a failed download is tried again (each attempt itself resumes with Range)."""


def jittered(seconds: float) -> float:
    """``seconds`` +- 10%, so jobs started together do not poll together."""
    return max(0.0, seconds * random.uniform(0.9, 1.1))


class Fleet:
    """Runs job steps with one client, a journal every worker shares, and optional fleet-wide caps."""

    def __init__(self, client: Client, journal: Journal, caps: RedisCaps | None = None,
                 settings: Settings | None = None, heartbeats: RedisHeartbeats | None = None) -> None:
        self.client = client
        self.journal = journal
        self.caps = caps
        self.settings = settings or Settings()
        self.heartbeats = heartbeats

    def __repr__(self) -> str:
        return f"Fleet(journal={self.journal!r}, caps={self.caps!r})"

    # --- submit -----------------------------------------------------------------------
    def submit(self, model: str, inputs: Mapping[str, Any], *, key: str, save_to: str | os.PathLike[str] | None,
               webhook_url: str | None = None, timeout: float | None = None, attempt: int = 0,
               waits: int = 0) -> Outcome:
        """Journal first, then submit — once per ``key``, whatever the number of deliveries."""
        provider, name = split_model(model)
        svc = self.client.service(provider)
        inputs, options = _push(provider, inputs, webhook_url)
        prepared = prepare(svc, name, inputs)
        dest = os.fspath(save_to) if save_to is not None else None
        budget = self.settings.timeout if timeout is None else float(timeout)
        push = bool(webhook_url)

        existing = self.journal.get(key)
        if existing is not None:
            self._same_request(existing, provider, prepared.model, prepared.digest)
            found = self._redelivered(existing, budget, push, attempt)
            if found is not None:
                return found
        if self.caps is not None and not self.caps.acquire(provider, key):
            wait = self.settings.cap_wait * min(10.0, 1.5 ** waits)
            return Later("submit", jittered(wait), attempt=attempt, waits=waits + 1,
                         reason=f"{provider} is at its cap of {self.caps.limit(provider)} concurrent jobs")
        with self.journal.lock(key) as mine:
            if not mine:
                return Later("submit", jittered(self.settings.busy_wait), attempt=attempt,
                             reason="another worker is submitting this job")
            entry, created = self.journal.claim(key, provider, prepared.model, prepared.digest, dest,
                                                detail=owner_tag())
            if not created:
                self._same_request(entry, provider, prepared.model, prepared.digest)
                if entry.state != "retrying" or not self.journal.transition(key, ["retrying"], "submitting",
                                                                           detail=owner_tag()):
                    return self._after_submit(self.journal.get(key) or entry, budget, push, locked=True)
            job = self._send(svc, prepared, options, key, provider, attempt)
            if isinstance(job, Later):
                return job
            try:
                self.journal.submitted(key, job.id, job.request_id)
            except GenvidError as exc:  # the service has the job; the journal could not take its id
                logger.error("submitted %s as %s but could not record it: %s", key, job.id, exc)
                raise SubmitUncertain(f"the service accepted the job as {job.id}, but the journal could not "
                                      f"record it ({exc.message})", service=provider, request_id=job.request_id,
                                      model=prepared.model, inputs_digest=prepared.digest,
                                      hint=f"the job is {job.id}: genvid wait {job.id}") from exc
        logger.info("submitted %s as %s", key, job.id)
        handle = Handle(key, job.id, dest, deadline=time.time() + budget, push=push)
        return Later("check", jittered(self._interval(svc, 0, push)), handle)

    def _redelivered(self, existing: Entry, budget: float, push: bool, attempt: int) -> Outcome | None:
        """What a submit whose key is journaled already does (None: it was refused before, send it again)."""
        if existing.state == "submitting":  # is its sender still at work? Its lock tells.
            with self.journal.lock(existing.key) as mine:
                if not mine:
                    return Later("submit", jittered(self.settings.busy_wait), attempt=attempt,
                                 reason="another worker is submitting this job")
                current = self.journal.get(existing.key) or existing
                if current.state != "retrying":  # its sender was refused meanwhile: safe to send, as below
                    return self._after_submit(current, budget, push, locked=True)
                existing = current
        if existing.state != "retrying":
            return self._after_submit(existing, budget, push, locked=False)
        return None

    def _send(self, svc: ServiceClient, prepared: Any, options: dict[str, Any], key: str, provider: str,
              attempt: int) -> Job | Later:
        try:
            # No transport retries (their back-off would sleep in the worker): a refusal that proves
            # nothing was created is retried by re-scheduling the step instead.
            with call_options(policy=svc.retry.with_options(max_retries=0)):
                return send(svc, prepared, options)
        except SubmitUncertain as exc:
            exc.model = prepared.model
            exc.inputs_digest = prepared.digest
            self.journal.mark(key, "possibly_submitted", exc.hint or str(exc)[:500])
            raise  # the slot is kept until its lease runs out: the service may be running the job
        except GenvidError as exc:
            detail = f"{type(exc).__name__}: {exc}"[:500]
            resend = isinstance(exc, SAFE_TO_RESEND) or (isinstance(exc, ServerError) and exc.status == 503)
            if resend and attempt < self.settings.submit_retries:
                self.journal.mark(key, "retrying", detail)
                self._release(provider, key)
                hinted = getattr(exc, "retry_after", None)
                delay = max(min(30.0, 0.5 * 2 ** attempt), float(hinted) if isinstance(hinted, int | float) else 0)
                logger.info("submit of %s refused (%s); trying again in %.1f s", key, type(exc).__name__, delay)
                return Later("submit", jittered(delay), attempt=attempt + 1, reason=detail)
            self.journal.mark(key, "rejected", detail)
            self._release(provider, key)
            raise
        except BaseException as exc:  # interrupted mid-send: the service may have it
            self.journal.mark(key, "possibly_submitted", f"interrupted while submitting ({type(exc).__name__}); "
                                                         "check the service before resubmitting")
            raise

    def _same_request(self, entry: Entry, provider: str, model: str, digest: str) -> None:
        if (entry.provider, entry.model, entry.digest) != (provider, model, digest):
            raise InvalidInput(f"idempotency key {entry.key!r} was already used for another request "
                               f"({entry.provider}:{entry.model})", field="idempotency_key",
                               hint="use one key per job")

    def _after_submit(self, entry: Entry, budget: float, push: bool, *, locked: bool) -> Outcome:
        """A redelivered or retried submit found its row: carry on from its state, never resend."""
        logger.info("submit of %s found it %s (a redelivery or retry): not sent again", entry.key, entry.state)
        if entry.state in ("submitted", "completed") and entry.job_id:
            handle = Handle(entry.key, entry.job_id, entry.output_path, deadline=entry.created_at + budget,
                            push=push)
            return Later("check" if entry.state == "submitted" else "finish", 0.0, handle)
        if entry.state == "submitting":
            if not locked:  # its sender may be at work: the lock will tell
                return Later("submit", jittered(self.settings.busy_wait), reason="being submitted")
            # We hold the lock, so its sender is gone: it died between sending and recording the answer.
            self.journal.transition(entry.key, ["submitting"], "possibly_submitted",
                                    detail="the worker stopped between sending the submit and recording its "
                                           "answer; check the service before resubmitting")
            entry = self.journal.get(entry.key) or entry
        return self._ended(entry)

    # --- check ------------------------------------------------------------------------
    def check(self, handle: Handle, attempt: int = 0) -> Outcome:
        """ONE status request; then check again later, finish, or end with the job's error."""
        entry = self._entry(handle)
        if entry.state != "submitted":
            return self._from_state(entry, handle)
        job = Job.parse(handle.job_id)
        svc = self.client.service(job.provider)
        late = time.time() > handle.deadline  # one last look: a job that ended while we were late is not given up
        if self.caps is not None and not late:
            self.caps.renew(job.provider, handle.key)
        # A check is one request (a failed one is tried again later), but the last look at the deadline has
        # no later: it takes the usual retries, so one transient fault does not give up a finished job, and
        # ends within the longest countdown (a slot is not held for minutes of Retry-After).
        policy = svc.retry if late else svc.retry.with_options(max_retries=0)
        until = time.monotonic() + self.settings.max_countdown if late else None
        try:
            with call_options(policy=policy, deadline=until):
                status = one_status(svc, job)
        except GenvidError as exc:
            if getattr(exc, "status", None) in (401, 403, 404):
                raise
            if late:
                self._give_up(job, handle, f"its status could not be read ({type(exc).__name__})")
            return Later("check", jittered(max(self._interval(svc, attempt, handle.push), _hinted(exc))), handle,
                         attempt + 1, reason=f"status check failed: {type(exc).__name__}")
        if not status.done:
            if late:
                self._give_up(job, handle, f"last status: {status.describe()}")
            return Later("check", jittered(self._interval(svc, attempt + 1, handle.push)), handle, attempt + 1)
        self._release(job.provider, handle.key)
        if status.state == "completed":
            self.journal.transition(handle.key, ["submitted"], "completed")
            return Later("finish", 0.0, handle)
        from .._waiting import finish

        try:
            finish(svc, job, status)
        except (JobFailed, Cancelled) as exc:
            self.journal.transition(handle.key, ["submitted", "completed"],
                                    "failed" if isinstance(exc, JobFailed) else "cancelled", detail=str(exc)[:500])
            raise
        raise AssertionError("unreachable: a terminal status that is not completed raises")

    def _give_up(self, job: Job, handle: Handle, why: str) -> NoReturn:
        self._release(job.provider, handle.key)  # given up: it no longer counts against the cap
        self.journal.transition(handle.key, ["submitted"], "expired",
                                detail=f"gave up waiting at its deadline ({why}); genvid jobs resume can still save it")
        raise DeadlineExceeded(f"job {job.id} did not finish in time ({why})", job_id=job.id, service=job.provider,
                               request_id=job.request_id,
                               hint="it may still finish: genvid jobs resume saves it where it was meant to go")

    def _interval(self, svc: ServiceClient, attempt: int, push: bool) -> float:
        poll = svc.poll
        delay = min(poll.maximum, poll.initial * poll.factor ** min(attempt, 64))
        return max(delay, self.settings.push_fallback) if push else delay

    # --- finish -----------------------------------------------------------------------
    def finish(self, handle: Handle, attempt: int = 0) -> Outcome:
        """Download the output to its destination, verify it, record it (under the job's lock)."""
        entry = self._entry(handle)
        if entry.state not in ("submitted", "completed"):
            return self._from_state(entry, handle)
        with self.journal.lock(handle.key) as mine:
            if not mine:
                return Later("finish", jittered(self.settings.busy_wait), handle, attempt,
                             reason="another worker is saving this job")
            entry = self._entry(handle)
            if entry.state not in ("submitted", "completed"):
                return self._from_state(entry, handle)
            job = Job.parse(handle.job_id)
            dest = handle.save_to or entry.output_path
            try:
                result = self.client.result(job)
                meta = self._record(handle, job, result, dest)
            except Conflict:  # a push came before the job had finished: keep checking
                return Later("check", jittered(self._interval(self.client.service(job.provider), 0, False)),
                             handle)
            except (JobFailed, Cancelled) as exc:
                self._release(job.provider, handle.key)
                self.journal.transition(handle.key, ["submitted", "completed"],
                                        "failed" if isinstance(exc, JobFailed) else "cancelled",
                                        detail=str(exc)[:500])
                raise
            except (DownloadError, TransportError, ServerError, RateLimited) as exc:
                if attempt >= self.settings.download_retries:
                    raise  # the row stays unfinished: `genvid jobs resume` can still save it
                delay = max(min(30.0, 0.5 * 2 ** attempt), _hinted(exc))
                logger.info("finishing %s failed (%s); trying again in %.1f s", handle.key, type(exc).__name__, delay)
                return Later("finish", jittered(delay), handle, attempt + 1, reason=f"{type(exc).__name__}")
        self._release(job.provider, handle.key)
        return Done(meta)

    def _record(self, handle: Handle, job: Job, result: Result, dest: str | None) -> dict[str, Any]:
        # Saved, the URL is only informative: secret-looking query values (presigned signatures) are masked.
        url = result.url if dest is None or result.url is None else redact_url(result.url)
        meta: dict[str, Any] = {"key": handle.key, "job_id": job.id, "provider": job.provider, "model": job.model,
                                "request_id": job.request_id, "url": url, "media_type": result.media_type,
                                "path": None, "size": result.size, "sha256": None, "job": _jsonable(result.job)}
        if dest is None:
            self.journal.mark(handle.key, "completed", meta=meta)
            return meta
        target = Path(dest)
        if target.is_dir() or dest.endswith(os.sep):
            target = target / result.default_filename()
        _remove_stale_parts(target)  # left by a worker killed mid-download (we hold the job's lock)
        path = result.save(target)
        size, sha256 = _digest_file(path)
        if result.size is not None and size != result.size:
            raise DownloadError(f"saved {size} bytes but the service reported {result.size}", service=job.provider,
                                request_id=job.request_id)
        meta.update(path=str(path), size=size, sha256=sha256, media_type=result.media_type)
        self.journal.mark(handle.key, "saved", output_path=str(path), meta=meta)
        logger.info("saved %s to %s (%d bytes)", job.id, path, size)
        return meta

    # --- pushes -----------------------------------------------------------------------
    def pushed(self, delivery: Any) -> Handle | None:
        """The job a verified fal webhook or Luma callback is about, if it should be finished now."""
        from ..webhooks import FalWebhook, LumaCallback

        if isinstance(delivery, FalWebhook):
            provider, request_id, ended = "fal", delivery.request_id, True
        elif isinstance(delivery, LumaCallback):
            provider, request_id, ended = "luma", delivery.id, delivery.state in ("completed", "failed")
        else:
            raise InvalidInput(f"expected a FalWebhook or LumaCallback, got {type(delivery).__name__}",
                               field="delivery")
        entry = self.journal.find_request(provider, request_id)
        if entry is None or not ended or entry.state not in ("submitted", "completed") or not entry.job_id:
            return None
        return Handle(entry.key, entry.job_id, entry.output_path, deadline=time.time() + self.settings.timeout,
                      push=True)

    # --- lost tasks -------------------------------------------------------------------
    def due(self, outcome: Outcome, key: str | None) -> None:
        """Record that the job ``key`` has its next step coming (or none: it is done)."""
        if self.heartbeats is None or key is None:
            return
        if isinstance(outcome, Done):
            self.heartbeats.forget(key)
        else:
            self.heartbeats.touch(key, outcome.countdown)

    def sweep(self, *, stale_after: float = 600.0) -> Sweep:
        """Find unfinished jobs with no task coming (their messages were lost) and say how to set them going.

        A ``submitting`` row whose sender is gone becomes ``possibly_submitted`` (as a
        redelivery would make it); a ``submitted`` or ``completed`` row not updated for
        ``stale_after`` seconds and with no step due (see ``RedisHeartbeats``) is returned, to
        be checked or finished again. Rows still ``retrying`` cannot be resent from here (the
        journal holds no inputs): they are counted. Needs heartbeats (a Redis URL).
        """
        if self.heartbeats is None:
            raise InvalidInput("sweeping needs heartbeats in Redis (genvid_caps_url, or a redis:// broker)",
                               field="heartbeats")
        report = Sweep()
        now = time.time()
        old = [e for e in self.journal.entries(unfinished=True) if now - e.updated_at > stale_after]
        due = self.heartbeats.alive([e.key for e in old])
        for entry in old:
            if entry.key in due:
                continue
            if entry.state == "submitting":
                if self._sender_gone(entry.key):
                    report.uncertain.append(entry.key)
            elif entry.state in ("submitted", "completed") and entry.job_id:
                handle = Handle(entry.key, entry.job_id, entry.output_path,
                                deadline=entry.created_at + self.settings.timeout)
                report.revived.append((entry.state, handle))
            elif entry.state == "retrying":
                report.stuck.append(entry.key)
        if report.revived or report.uncertain:
            logger.warning("sweep: %d job(s) had no task coming and were set going again, %d became possibly "
                           "submitted", len(report.revived), len(report.uncertain))
        return report

    def _sender_gone(self, key: str) -> bool:
        """Mark a ``submitting`` row nobody holds ``possibly_submitted``; whether it was."""
        with self.journal.lock(key) as mine:
            fresh = self.journal.get(key) if mine else None
            return fresh is not None and fresh.state == "submitting" and self.journal.transition(
                key, ["submitting"], "possibly_submitted",
                detail="the worker stopped between sending the submit and recording its answer; "
                       "check the service before resubmitting")

    # --- shared -----------------------------------------------------------------------
    def _entry(self, handle: Handle) -> Entry:
        entry = self.journal.get(handle.key)
        if entry is None:
            raise InvalidInput(f"the journal has no row {handle.key} for job {handle.job_id} (forgotten, or another "
                               "journal)", field="handle", hint="workers must share one journal (GENVID_JOURNAL)")
        return entry

    def _from_state(self, entry: Entry, handle: Handle) -> Outcome:
        if entry.state == "completed" and entry.meta is None:
            return Later("finish", 0.0, handle)
        if entry.state == "submitted":
            return Later("check", 0.0, handle)
        return self._ended(entry)

    def _ended(self, entry: Entry) -> Done:
        """A finished row's recorded result, or its error raised again."""
        if entry.state != "possibly_submitted":  # that one keeps its slot until the lease ends
            self._release(entry.provider, entry.key)
        if entry.state == "saved" or (entry.state == "completed" and entry.meta is not None):
            if entry.meta is not None:
                return Done(entry.meta)
            # Saved by `genvid jobs resume` (which records no metadata): describe the file.
            path = Path(entry.output_path or "")
            size, sha256 = _digest_file(path) if path.is_file() else (None, None)
            return Done({"key": entry.key, "job_id": entry.job_id, "provider": entry.provider, "model": entry.model,
                         "request_id": entry.request_id, "url": None, "media_type": None,
                         "path": entry.output_path, "size": size, "sha256": sha256, "job": {}})
        detail = entry.detail or entry.state
        common: dict[str, Any] = {"service": entry.provider, "request_id": entry.request_id}
        if entry.state == "possibly_submitted":
            raise SubmitUncertain(f"the submit of {entry.key} may or may not have been accepted: {detail}",
                                  model=entry.model, inputs_digest=entry.digest, **common,
                                  hint="check the service before submitting again; then `genvid jobs forget KEY`")
        if entry.state == "failed":
            raise JobFailed(detail, job_id=entry.job_id, **common)
        if entry.state == "expired":
            raise DeadlineExceeded(f"job {entry.job_id}: {detail}", job_id=entry.job_id, **common)
        if entry.state == "cancelled":
            raise Cancelled(detail, **common)
        if entry.state == "rejected":
            raise _rebuilt(detail, common)
        raise GenvidError(f"job {entry.key} is {entry.state}: {detail}", **common)

    def _release(self, provider: str, key: str) -> None:
        if self.caps is not None:
            self.caps.release(provider, key)


# --- the adapter verbs this module uses: the one place that follows the service adapters' API ----------
def _push(provider: str, inputs: Mapping[str, Any], webhook_url: str | None
          ) -> tuple[dict[str, Any], dict[str, Any]]:
    """(inputs, submit options) with the service's way of calling back when the job ends."""
    inputs = dict(inputs)
    options: dict[str, Any] = {}
    if webhook_url:
        if provider == "fal":
            options["webhook_url"] = webhook_url
        elif provider == "luma":
            inputs["callback_url"] = webhook_url
        else:
            raise InvalidInput(f"{provider} does not call back when a job ends; drop webhook_url",
                               field="webhook_url", service=provider)
    return inputs, options


def prepare(svc: ServiceClient, model: str, inputs: Mapping[str, Any]) -> Any:
    """Check ``inputs`` for ``model`` and convert them for the wire (no request)."""
    return svc._prepare(model, inputs)


def send(svc: ServiceClient, prepared: Any, options: Mapping[str, Any]) -> Job:
    """Send a prepared submit (``options``: fal's ``webhook_url``)."""
    prepared.options.update(options)
    return svc._submit(prepared)


def one_status(svc: ServiceClient, job: Job) -> JobStatus:
    """ONE status request."""
    return svc._status(job)


def _rebuilt(detail: str, common: dict[str, Any]) -> GenvidError:
    """The typed error a rejected submit was recorded with (``ClassName: message``)."""
    name, _, message = detail.partition(": ")
    cls = getattr(_exceptions, name, None)
    if isinstance(cls, type) and issubclass(cls, _exceptions.APIError | _exceptions.TransportError):
        error: GenvidError = cls(message or detail, **common)
        return error
    if isinstance(cls, type) and issubclass(cls, InvalidInput):
        return InvalidInput(message or detail, service=common["service"])
    return GenvidError(detail, **common)


def _hinted(exc: GenvidError) -> float:
    hinted = getattr(exc, "retry_after", None)
    return float(hinted) if isinstance(hinted, int | float) and 0 < hinted <= 60 else 0.0


def _jsonable(value: Any) -> Any:
    """``value`` made JSON-safe (unknown objects become strings)."""
    return json.loads(json.dumps(value, default=str))


def _digest_file(path: Path) -> tuple[int, str]:
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
            size += len(chunk)
    return size, h.hexdigest()


def _remove_stale_parts(target: Path) -> None:
    if not target.parent.is_dir():
        return
    for part in target.parent.glob(f".{target.name}.*.part"):
        try:
            part.unlink()
            logger.info("removed %s, left by an interrupted download", part)
        except OSError:
            pass


__all__ = ["Done", "Fleet", "Handle", "Later", "Outcome", "Settings", "Sweep"]
