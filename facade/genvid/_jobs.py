"""Job handles and statuses, the same for every service."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from ._exceptions import GenvidError, InvalidInput

State = Literal["queued", "running", "completed", "failed", "cancelled"]
TERMINAL: frozenset[str] = frozenset({"completed", "failed", "cancelled"})


@dataclass(frozen=True)
class Job:
    """A submitted job. ``id`` is self-describing (``provider:model:request_id``), so
    ``client.job(job.id)`` re-attaches to it from any process."""

    provider: str
    model: str
    request_id: str
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def id(self) -> str:
        # A ':' (or '%') in a model name is percent-encoded, so the id splits back at its first two ':'.
        model = self.model.replace("%", "%25").replace(":", "%3A")
        return f"{self.provider}:{model}:{self.request_id}"

    def __str__(self) -> str:
        return self.id

    @classmethod
    def parse(cls, job_id: str) -> Job:
        """The inverse of ``Job.id``."""
        from ._catalog import normalize_provider

        if not isinstance(job_id, str) or job_id.count(":") < 2:
            raise InvalidInput(f"not a genvid job id: {job_id!r}", field="job_id",
                               hint="job ids look like provider:model:request_id (see Job.id)")
        # The model's ':' are encoded; request ids may hold any character (the rest is the id).
        provider, model, request_id = job_id.split(":", 2)
        if not model or not request_id:
            raise InvalidInput(f"not a genvid job id: {job_id!r}", field="job_id")
        return cls(normalize_provider(provider), model.replace("%3A", ":").replace("%25", "%"), request_id)


class Deferred:
    """An answer's typed model not built yet: ``build()`` makes it from ``data``, the answer's JSON."""

    __slots__ = ("build", "data")

    def __init__(self, build: Callable[[], Any], data: Any) -> None:
        self.build, self.data = build, data


class _Raw:
    """The ``raw`` field of ``JobStatus``: a ``Deferred`` given to it is built on first read, once.

    A poll is read only as far as its state (and a finished job's result from the answer's
    JSON): building the typed models of every answer would be most of what a poll costs genvid,
    and most are never looked at.
    """

    def __get__(self, obj: object, owner: type | None = None) -> Any:
        if obj is None:
            return None  # the field's default
        value = obj.__dict__.get("_raw")
        if isinstance(value, Deferred):
            value = obj.__dict__["_raw"] = value.build()
        return value

    def __set__(self, obj: object, value: Any) -> None:
        if isinstance(value, Deferred):
            obj.__dict__["_answer_json"] = value.data
        obj.__dict__["_raw"] = None if isinstance(value, _Raw) else value  # (the dataclass passes its default)


@dataclass(frozen=True)
class JobStatus:
    """One observation of a job.

    ``state`` is genvid's common name; ``raw_state`` the service's own word
    (``pending``, ``IN_QUEUE``, ``dreaming``...). ``raw`` is the parsed response
    (built when first read: a poll is parsed only as far as its state).
    """

    job: Job
    state: State
    raw_state: str
    queue_position: int | None = None
    logs: tuple[str, ...] = ()
    error: str | None = None
    error_code: str | None = None
    raw: Any = field(default=_Raw(), compare=False, repr=False)

    @property
    def done(self) -> bool:
        return self.state in TERMINAL

    def _answer(self) -> Any:
        """The answer's JSON when ``raw`` was given as a ``Deferred`` (None otherwise)."""
        return self.__dict__.get("_answer_json")

    def describe(self) -> str:
        """A short human line: ``queued (position 2)``, ``running``, ``failed: reason``."""
        text: str = self.state
        if self.queue_position is not None and self.state == "queued":
            text += f" (position {self.queue_position})"
        if self.error:
            text += f": {self.error}"
        return text


class JobInfo(dict[str, Any]):
    """``Result.job``: what the service said of the job, as a dict (``result.job["output"]`` for fal),
    with its ids as attributes: ``.id`` (the ``Job.id``), ``.provider``, ``.model``, ``.request_id``."""

    @property
    def provider(self) -> str | None:
        return _text(self.get("provider"))

    @property
    def model(self) -> str | None:
        return _text(self.get("model"))

    @property
    def request_id(self) -> str | None:
        return _text(self.get("request_id"))

    @property
    def id(self) -> str | None:
        """``provider:model:request_id`` (what ``client.job(...)`` takes), when all three are known."""
        parts = (self.provider, self.model, self.request_id)
        return ":".join(p for p in parts if p) if all(parts) else None


def _text(value: Any) -> str | None:
    return str(value) if value is not None else None


@dataclass
class Submitted:
    """One request of ``Client.submit_all``: its place in the batch, and its ``job`` or its ``error``."""

    index: int
    job: Job | None = None
    error: GenvidError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class JobOutcome:
    """What ``as_completed`` yields: the job and either its result or the error it ended with."""

    job: Job
    result: Any = None
    error: BaseException | None = None

    @property
    def ok(self) -> bool:
        return self.error is None
