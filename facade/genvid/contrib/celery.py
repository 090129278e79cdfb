"""Celery tasks for genvid jobs: a fleet of workers, nothing paid for lost or doubled.

    # tasks.py, imported by the site and by every worker
    from celery import Celery
    import genvid.contrib.celery as genvid_celery

    app = Celery("site", broker="redis://queue:6379/0", backend="redis://queue:6379/1",
                 include=["genvid.contrib.celery"])
    app.conf.update(genvid_journal="postgresql://genvid@db/site", genvid_caps={"luma": 10, "fal": 20})
    genvid_celery.recommended_settings(app)

    # in a view
    result = genvid_celery.generate.delay("luma:ray-2", prompt="A teddy bear", save_to="/media/bear.mp4")
    chain(genvid_celery.generate.s("fal:decart/lucy-edit/pro", video=url, save_to=...), publish.s()).delay()

The tasks never sleep in a wait. ``generate`` (the ``genvid.submit`` task) journals the
job and then submits it, exactly once per idempotency key (the caller's
``idempotency_key=``, else derived from the Celery task id); it then *replaces itself*
with ``genvid.check``, which makes ONE status request and re-schedules itself with a
countdown from the service's poll policy until the job ends, and then with
``genvid.finish``, which downloads the output to ``save_to``, verifies its length and
records it with its sha256. Replacement keeps the task id and the chain, so the
``AsyncResult`` of ``generate`` (and the next task of a chain) gets the Result's
metadata: ``{"job_id", "path", "size", "sha256", "media_type", "url", ...}``.

Redelivery (``acks_late``, a worker killed with ``kill -9``, a duplicate message) and
retries never submit twice: the journal row of the key is claimed under a per-job lock
before the submit is sent (see ``genvid.contrib._fleet``). A submit whose fate is
unknown raises ``SubmitUncertain`` and is journaled ``possibly_submitted``, never
resent. With ``genvid_caps`` a service never runs more than its cap of this fleet's jobs
at once; excess jobs wait (re-scheduled), they do not fail. ``genvid.sweep`` (run it with
celery beat) sets going again the jobs whose messages a Redis broker dropped.

Configuration, from the Celery config (``app.conf``; ``CELERY_GENVID_*`` in Django
settings) or else the environment:

| setting | env | default |
|---|---|---|
| ``genvid_journal`` | ``GENVID_JOURNAL`` | the SQLite journal (one machine); use ``postgresql://...`` for a fleet |
| ``genvid_client`` | | ``genvid.Client()``: a callable (or ``"module:function"``) returning the Client to use |
| ``genvid_caps`` | ``GENVID_CAPS`` | none; ``{"luma": 10}`` or ``"luma=10,fal=20"`` |
| ``genvid_caps_url`` | ``GENVID_CAPS_URL`` | the broker URL when it is ``redis://`` |
| ``genvid_caps_ttl`` | | 300 s: a dead worker's slot is free again this long after its last renewal |
| ``genvid_timeout`` | | 900 s from submit until ``DeadlineExceeded`` |
| ``genvid_cap_wait`` | | 2 s before the first new try for a slot (growing to 20 s) |
| ``genvid_max_countdown`` | | 60 s: the longest countdown (keep it under a Redis broker's visibility timeout) |
| ``genvid_sweep_after`` | | 600 s: ``genvid.sweep`` revives a job with no update and no step due for this long |
| ``genvid_push_fallback`` | | 30 s between fallback checks of jobs with a ``webhook_url`` |

API keys come from each worker's environment, as for ``genvid.Client()``; they are never
in task arguments or results. Inputs travel as JSON: give media as URLs (or paths every
worker can read).
"""

from __future__ import annotations

import importlib
import logging
import os
import threading
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from celery import Celery, Task, shared_task
from celery.result import AsyncResult

from .._exceptions import ConfigurationError, InvalidInput
from ._fleet import Done, Fleet, Handle, Later, Outcome, Settings

if TYPE_CHECKING:
    from celery.canvas import Signature

    from .._client import Client
    from .caps import RedisCaps

__all__ = ["GenvidTask", "check", "configure", "finish", "finish_pushed", "fleet", "generate",
           "recommended_settings", "submit", "sweep"]

logger = logging.getLogger("genvid.celery")

_lock = threading.Lock()
_overrides: dict[str, Any] = {}
_fleets: dict[tuple[int, int], Fleet] = {}


def configure(*, client: Callable[[], Client] | None = None, journal: str | os.PathLike[str] | None = None,
              caps: Mapping[str, int] | str | None = None, caps_url: str | None = None,
              caps_ttl: float | None = None, timeout: float | None = None, cap_wait: float | None = None,
              push_fallback: float | None = None, max_countdown: float | None = None,
              sweep_after: float | None = None) -> None:
    """Set this process's genvid task settings in code (they win over the Celery config and the environment).

    ``client`` is a factory (called once per worker process, after a prefork), not a Client.
    """
    if client is not None and not callable(client):
        raise InvalidInput("client must be a callable returning a genvid.Client (a factory)", field="client")
    given = {"client": client, "journal": journal, "caps": caps, "caps_url": caps_url, "caps_ttl": caps_ttl,
             "timeout": timeout, "cap_wait": cap_wait, "push_fallback": push_fallback,
             "max_countdown": max_countdown, "sweep_after": sweep_after}
    with _lock:
        _overrides.update({k: v for k, v in given.items() if v is not None})
        _fleets.clear()


def recommended_settings(app: Celery) -> None:
    """The Celery settings these tasks are designed for (each can still be changed afterwards).

    Late acks with ``reject_on_worker_lost`` (a task whose worker dies is delivered again),
    prefetch 1 (a busy worker does not hoard messages) and JSON. With a Redis broker, keep
    ``visibility_timeout`` (default 1 h: how long a dead worker's message waits before
    redelivery) well above the longest countdown these tasks use.
    """
    app.conf.update(task_acks_late=True, task_reject_on_worker_lost=True, worker_prefetch_multiplier=1,
                    task_serializer="json", result_serializer="json", accept_content=["json"])


def _setting(app: Celery, name: str) -> Any:
    if name in _overrides:
        return _overrides[name]
    conf = app.conf
    for key in (f"genvid_{name}", f"GENVID_{name.upper()}"):
        value = conf.get(key)
        if value is not None:
            return value
    env = {"journal": "GENVID_JOURNAL", "caps": "GENVID_CAPS", "caps_url": "GENVID_CAPS_URL"}.get(name)
    return os.environ.get(env) if env else None


def fleet(app: Celery | None = None) -> Fleet:
    """The ``Fleet`` (client, shared journal, caps) this process's tasks use, made on first use."""
    from celery import current_app

    app = app or current_app
    slot = (os.getpid(), id(app))
    with _lock:
        found = _fleets.get(slot)
        if found is None:
            found = _fleets[slot] = _build(app)
    return found


def _build(app: Celery) -> Fleet:
    import genvid

    from .._journal import Journal

    broker = str(app.conf.broker_url or "")
    factory = _setting(app, "client")
    if isinstance(factory, str):
        module, _, attr = factory.partition(":")
        try:
            factory = getattr(importlib.import_module(module), attr)
        except (ImportError, AttributeError) as exc:
            raise ConfigurationError(f"genvid_client {factory!r} cannot be imported: {exc}",
                                     hint="write it as 'package.module:function'") from None
    client: Client = factory() if factory is not None else genvid.Client()
    journal = Journal(_setting(app, "journal"))
    caps: RedisCaps | None = None
    limits = _setting(app, "caps")
    if limits:
        from .caps import RedisCaps

        url = _setting(app, "caps_url")
        if not url and broker.startswith(("redis://", "rediss://")):
            url = broker
        if not url:
            raise ConfigurationError("genvid_caps needs a Redis URL", service="caps",
                                     hint="set genvid_caps_url (or GENVID_CAPS_URL) to redis://...")
        caps = RedisCaps(str(url), limits, ttl=float(_setting(app, "caps_ttl") or 300.0))
    settings = Settings()
    for name in ("timeout", "cap_wait", "push_fallback", "max_countdown", "sweep_after"):
        value = _setting(app, name)
        if value is not None:
            setattr(settings, name, float(value))
    heartbeats = None
    store = _setting(app, "caps_url") or (broker if broker.startswith(("redis://", "rediss://")) else None)
    if store:
        from .caps import RedisHeartbeats

        heartbeats = RedisHeartbeats(str(store), grace=settings.sweep_after)
    logger.info("genvid tasks ready: %r", journal)
    return Fleet(client, journal, caps, settings, heartbeats)


if TYPE_CHECKING:
    _TaskBase = Task[Any, Any]
else:
    _TaskBase = Task


class GenvidTask(_TaskBase):
    """Base of genvid's tasks: late acks, redelivered if the worker dies, no retry limit of Celery's own."""

    acks_late = True
    reject_on_worker_lost = True
    max_retries = None
    typing = False


def _noted(task: GenvidTask) -> None:
    info = task.request.delivery_info or {}
    if info.get("redelivered"):
        logger.info("%s %s was redelivered", task.name, task.request.id)


def _go(task: GenvidTask, fl: Fleet, outcome: Outcome, again: Callable[[int, int], Outcome]) -> Any:
    """Return the metadata when done; else replace the task with the next step (same task id, same chain)."""
    fl.due(outcome, outcome.handle.key if isinstance(outcome, Later) and outcome.handle is not None else
           outcome.meta.get("key") if isinstance(outcome, Done) else None)
    if task.request.is_eager:  # tests with task_always_eager: run the steps here, in order
        while isinstance(outcome, Later):
            time.sleep(min(outcome.countdown, fl.settings.max_countdown))
            outcome = _step(fl, outcome, again)
        return outcome.meta
    if isinstance(outcome, Done):
        return outcome.meta
    countdown = min(outcome.countdown, fl.settings.max_countdown)
    options: dict[str, Any] = {"countdown": round(countdown, 3)} if countdown > 0 else {}
    sig: Signature
    if outcome.step == "submit":
        kwargs = {**(task.request.kwargs or {}), "genvid_attempt": outcome.attempt, "genvid_waits": outcome.waits}
        sig = submit.signature(tuple(task.request.args or ()), kwargs, **options)
    else:
        assert outcome.handle is not None
        target = check if outcome.step == "check" else finish
        sig = target.signature((outcome.handle.to_dict(),), {"genvid_attempt": outcome.attempt}, **options)
    if outcome.reason:
        logger.debug("%s %s: %s; next %s in %.2f s", task.name, task.request.id, outcome.reason, outcome.step,
                     outcome.countdown)
    return task.replace(sig)


def _step(fl: Fleet, outcome: Later, again: Callable[[int, int], Outcome]) -> Outcome:
    if outcome.step == "submit":
        return again(outcome.attempt, outcome.waits)
    assert outcome.handle is not None
    if outcome.step == "check":
        return fl.check(outcome.handle, outcome.attempt)
    return fl.finish(outcome.handle, outcome.attempt)


@shared_task(bind=True, base=GenvidTask, name="genvid.submit")
def submit(self: GenvidTask, /, model: str, save_to: str | None = None, idempotency_key: str | None = None,
           timeout: float | None = None, webhook_url: str | None = None, genvid_attempt: int = 0,
           genvid_waits: int = 0, **inputs: Any) -> Any:
    """Generate with ``model`` (``provider:model``): journal, submit once, then check and finish.

    ``save_to`` is where the output is saved (a file, or a directory); ``idempotency_key``
    names the job (default: from the task id), so sending the same key twice submits once;
    ``timeout`` bounds the whole job (seconds from submit); ``webhook_url`` is where fal's
    webhook or Luma's callback goes (then ``finish_pushed`` finishes the job as soon as it
    arrives, with status checks only as a slow fallback). Other keywords are the model's
    inputs (JSON values: media as URLs, or paths the workers can read). The task's result
    is the saved Result's metadata.
    """
    _noted(self)
    fl = fleet(self.app)
    key = idempotency_key or f"celery-{self.request.id}"

    def again(attempt: int, waits: int) -> Outcome:
        return fl.submit(model, inputs, key=key, save_to=save_to, webhook_url=webhook_url, timeout=timeout,
                         attempt=attempt, waits=waits)

    return _go(self, fl, again(int(genvid_attempt), int(genvid_waits)), again)


generate = submit
"""``genvid_celery.generate.delay(model, prompt=..., save_to=...)``: the ``genvid.submit`` task."""


@shared_task(bind=True, base=GenvidTask, name="genvid.check")
def check(self: GenvidTask, /, handle: dict[str, Any], genvid_attempt: int = 0) -> Any:
    """ONE status request for the job of ``handle``; then re-scheduled, handed to ``finish``, or ended."""
    _noted(self)
    fl = fleet(self.app)
    h = Handle.from_dict(handle)
    return _go(self, fl, fl.check(h, int(genvid_attempt)), lambda attempt, _: fl.check(h, attempt))


@shared_task(bind=True, base=GenvidTask, name="genvid.finish")
def finish(self: GenvidTask, /, handle: dict[str, Any], genvid_attempt: int = 0) -> Any:
    """Download the finished job's output to its destination, verify it, record it; returns its metadata."""
    _noted(self)
    fl = fleet(self.app)
    h = Handle.from_dict(handle)
    return _go(self, fl, fl.finish(h, int(genvid_attempt)), lambda attempt, _: fl.finish(h, attempt))


@shared_task(bind=True, base=GenvidTask, name="genvid.sweep")
def sweep(self: GenvidTask, /, stale_after: float | None = None) -> dict[str, Any]:
    """Set going again the jobs whose tasks were lost; run it every few minutes with celery beat.

    A Redis broker drops a message when a worker is killed between receiving it and recording
    it as unacknowledged. A job that lost its message after its submit is still in the journal:
    this finds it (no update for ``stale_after`` seconds, default ``genvid_sweep_after`` = 600,
    and no step due) and enqueues its check or finish again — under the original task id when
    the key was derived from it, so that ``AsyncResult`` still gets the result (a chain's next
    task is not re-run). Returns what it did: ``{"revived": [...], "possibly_submitted": [...],
    "retrying": [...]}`` (rows stuck retrying cannot be resent from the journal, which holds no inputs).

        app.conf.beat_schedule = {"genvid-sweep": {"task": "genvid.sweep", "schedule": 300.0}}
    """
    fl = fleet(self.app)
    report = fl.sweep(stale_after=fl.settings.sweep_after if stale_after is None else float(stale_after))
    for state, handle in report.revived:
        target = self.app.tasks["genvid.finish" if state == "completed" else "genvid.check"]
        task_id = handle.key.removeprefix("celery-") if handle.key.startswith("celery-") else None
        fl.due(Later("check", 0.0, handle), handle.key)  # the next sweep must not revive it twice
        target.apply_async((handle.to_dict(),), task_id=task_id)
    return {"revived": [h.job_id for _, h in report.revived], "possibly_submitted": report.uncertain,
            "retrying": report.stuck}


def finish_pushed(delivery: Any, app: Celery | None = None) -> AsyncResult | None:  # type: ignore[type-arg,unused-ignore]
    """Enqueue ``finish`` now for the job a verified fal webhook or Luma callback is about.

    Give it to the receivers: ``fal_webhook(verifier, on_delivery=genvid_celery.finish_pushed)``
    (``genvid.contrib.flask`` / ``genvid.contrib.django``), and likewise ``luma_callback``
    (``functools.partial(finish_pushed, app=app)`` when the process has several Celery apps).
    Returns the enqueued task's result, or None when the delivery is not about one of this
    journal's unfinished jobs (or is not final). The job's own chain still ends with its
    metadata: its next check finds the job saved, without a status request.
    """
    handle = fleet(app).pushed(delivery)
    if handle is None:
        return None
    logger.info("push for %s: finishing now", handle.job_id)
    task = app.tasks["genvid.finish"] if app is not None else finish
    result: AsyncResult = task.delay(handle.to_dict())  # type: ignore[type-arg,unused-ignore]
    return result
