"""Decart: ``process`` (media in the answer) and ``queue`` (jobs), blocking.

Mirrors the official SDK's names (``client.process({...})``,
``client.queue.submit_and_poll({...})``) without an event loop.
"""

from __future__ import annotations

import contextlib
import json
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import IO, Any, ClassVar, Literal

from ._catalog import lookup
from ._exceptions import Cancelled, InvalidInput, JobFailed
from ._inputs import MediaInput, check_media_kind, to_media
from ._jobs import Job, JobStatus
from ._results import Result, result_from_stream, url_opener
from ._service import PollPolicy, Prepared, ServiceClient, check_required, digest, rename_inputs

MEDIA_FIELDS = ("data", "start", "end", "reference_image")
TEXT_FIELDS: dict[str, type | tuple[type, ...]] = {"prompt": str, "seed": int, "resolution": str, "orientation": str, "enhance_prompt": bool,
               "num_inference_steps": int, "trajectory": (str, list)}
STATES: dict[str, Literal["queued", "running", "completed", "failed"]] = {
    "pending": "queued", "processing": "running", "completed": "completed", "failed": "failed"}
# Unified input names -> Decart fields.
COMMON = {"image": "data", "video": "data", "start_image": "start", "end_image": "end", "reference": "reference_image"}
ASPECT_TO_ORIENTATION = {"16:9": "landscape", "9:16": "portrait"}


class models:
    """Model names as the official SDK spells them: ``models.video("lucy-pro-t2v")``."""

    @staticmethod
    def video(name: str) -> str:
        """A video model id (checked against the catalog when known)."""
        return _checked(name, "video")

    @staticmethod
    def image(name: str) -> str:
        """An image model id (checked against the catalog when known)."""
        return _checked(name, "image")


def _checked(name: str, output: str) -> str:
    info = lookup("decart", name)
    if info is not None and info.output != output:
        raise InvalidInput(f"{name} is an {info.output} model, not a {output} model", field="model", model=name)
    return name


@dataclass(frozen=True)
class CompletedJob:
    """``submit_and_poll`` outcome: the job finished; ``data`` is the media."""

    job_id: str
    data: bytes
    status: Literal["completed"] = "completed"


@dataclass(frozen=True)
class FailedJob:
    """``submit_and_poll`` outcome: the job failed; ``error`` says why."""

    job_id: str
    error: str
    status: Literal["failed"] = "failed"


QueueJobResult = CompletedJob | FailedJob


class Decart(ServiceClient):
    """Decart's Lucy models. Key from ``DECART_API_KEY``; base URL from ``DECART_BASE_URL``."""

    provider = "decart"
    package = "genvid_api_decart"
    key_env = ("DECART_API_KEY",)
    base_url_env = "DECART_BASE_URL"
    default_base_url = "https://api.decart.ai"
    auth_header = "X-API-KEY"
    auth_prefix = ""
    # The SDK polls every 1.5 s after 0.5 s; we start quicker and back off.
    poll: ClassVar[PollPolicy] = PollPolicy(initial=0.25, factor=1.5, maximum=3.0)
    models = models

    def __init__(self, api_key: str | None = None, **kwargs: Any) -> None:
        super().__init__(api_key, **kwargs)
        self.queue = _Queue(self)

    # --- SDK-shaped API -----------------------------------------------------------
    def process(self, options: Mapping[str, Any] | None = None, /, *, cancel_token: threading.Event | None = None,
                **fields: Any) -> bytes:
        """Run a model synchronously and return the media bytes (``process({"model": ..., ...})``)."""
        _, prepared = self._from_options(options, fields)
        result = self._process(prepared, cancel_token)
        return result.read()

    def _from_options(self, options: Mapping[str, Any] | None, fields: Mapping[str, Any]) -> tuple[str, Prepared]:
        merged = {**(options or {}), **fields}
        model = merged.pop("model", None)
        if not isinstance(model, str) or not model:
            raise InvalidInput("model is required", field="model", service=self.provider)
        merged.pop("cancel_token", None)
        return model, self.prepare(model, merged, common_names=False)

    # --- the adapter verbs ----------------------------------------------------------
    def prepare(self, model: str, inputs: Mapping[str, Any], *, common_names: bool = True) -> Prepared:
        info = lookup(self.provider, model)
        fields: dict[str, Any] = {}
        given: dict[str, str] = {}  # wire field -> the caller's name, for error messages
        for name, wire, value in rename_inputs(model, inputs, COMMON, common_names):
            if name == "aspect_ratio" and common_names:
                if not isinstance(value, str) or value not in ASPECT_TO_ORIENTATION:
                    raise InvalidInput(f"aspect_ratio for Decart must be 16:9 or 9:16, got {value!r}",
                                       field="aspect_ratio", model=model, service=self.provider)
                wire, value = "orientation", ASPECT_TO_ORIENTATION[value]
            fields[wire] = value
            given[wire] = name
        for wire, value in fields.items():
            if info is not None and wire not in info.inputs and wire != "orientation":
                # A field of another Decart model is still one this model does not take
                # (orientation, where aspect_ratio goes, is free text the service passes through).
                raise InvalidInput(f"{model} does not take {given.get(wire, wire)!r}; it takes "
                                   f"{', '.join(info.inputs)}", field=given.get(wire, wire), model=model,
                                   service=self.provider)
            if wire in MEDIA_FIELDS:
                fields[wire] = check_media_kind(to_media(wire, value), service=self.provider)
            elif wire in TEXT_FIELDS:
                _check_type(model, wire, value)
            elif info is not None:
                raise InvalidInput(f"{model} does not take {wire!r}; it takes {', '.join(info.inputs)}",
                                   field=wire, model=model, service=self.provider)
        if isinstance(fields.get("trajectory"), list):
            fields["trajectory"] = json.dumps(fields["trajectory"], separators=(",", ":"))
        prompt = fields.get("prompt")
        if isinstance(prompt, str) and len(prompt) > 1000 and info is not None and info.output == "image":
            raise InvalidInput(f"Invalid inputs for {model}: prompt must be at most 1000 characters",
                               field="prompt", model=model, service=self.provider)
        if info is not None and info.kind != "motion-to-video" and prompt == "" and "prompt" in info.required \
                and not info.id.startswith(("lucy-2", "lucy-vton", "lucy-latest")):
            raise InvalidInput(f"Invalid inputs for {model}: prompt must not be empty", field="prompt", model=model)
        check_required(info, set(fields), model, self.provider)
        return Prepared(model, info, fields, digest(model, fields))

    def _body(self, prepared: Prepared, stack: contextlib.ExitStack) -> Any:
        from genvid_api_decart.models import GenerateRequest
        from genvid_api_decart.types import File

        kwargs: dict[str, Any] = {}
        for wire, value in prepared.fields.items():
            if isinstance(value, MediaInput):
                stream = stack.enter_context(_media_stream(self, value))
                kwargs[wire] = File(payload=stream, file_name=wire,  # type: ignore[arg-type]
                                    mime_type=value.media_type or "application/octet-stream")
            else:
                kwargs[wire] = value
        return GenerateRequest(**kwargs)

    def submit_prepared(self, prepared: Prepared, **options: Any) -> Job:
        from genvid_api_decart.api.queue import queue_submit
        from genvid_api_decart.models import JobSubmitResponse

        with contextlib.ExitStack() as stack:
            body = self._body(prepared, stack)
            parsed = self.call(queue_submit.sync_detailed, prepared.model, body=body, submit=True,
                               expect=JobSubmitResponse)
        return Job(self.provider, prepared.model, parsed.job_id)

    def _process(self, prepared: Prepared, cancel: threading.Event | None = None) -> Result:
        from genvid_api_decart.api.process import process_generate

        if cancel is not None and cancel.is_set():
            raise Cancelled("process was cancelled before it started", service=self.provider)
        with contextlib.ExitStack() as stack:
            body = self._body(prepared, stack)
            kwargs = process_generate._get_kwargs(prepared.model, body=body)
            http = self.api().get_httpx_client()
            try:
                with http.stream(**kwargs) as response:
                    if response.status_code >= 400:
                        response.read()
                        self.raise_for_status(response.status_code, response.content, response.headers)
                    return result_from_stream(response, job={"provider": self.provider, "model": prepared.model})
            except Exception as exc:
                import httpx

                if isinstance(exc, httpx.TransportError):
                    self._raise_transport(exc, True, None)
                raise

    def generate_now(self, prepared: Prepared, **options: Any) -> Result | None:
        info = prepared.info
        if info is not None and info.route == "process_generate":
            return self._process(prepared, options.get("cancel"))
        return None

    def job_status(self, job: Job, *, logs: bool = False) -> JobStatus:
        from genvid_api_decart.api.queue import queue_status
        from genvid_api_decart.models import JobStatusResponse

        parsed = self.call(queue_status.sync_detailed, job.request_id, expect=JobStatusResponse,
                           request_id=job.request_id)
        raw = str(parsed.status.value)
        state = STATES.get(raw, "running")
        return JobStatus(job, state, raw, error="Job failed" if state == "failed" else None,
                         error_code="PROCESSING_ERROR" if state == "failed" else None, raw=parsed)

    def job_result(self, job: Job, status: JobStatus) -> Result:
        url = f"{self.base_url}/v1/jobs/{job.request_id}/content"
        return Result(url=url, media_type=None, job={"provider": self.provider, "model": job.model,
                                                       "request_id": job.request_id},
                      _opener=url_opener(self.http(), url))


def _check_type(model: str, wire: str, value: Any) -> None:
    expected = TEXT_FIELDS[wire]
    if isinstance(value, bool) and expected is int:
        ok = False
    else:
        ok = isinstance(value, expected)
    if not ok:
        name = expected.__name__ if isinstance(expected, type) else "str or list"
        raise InvalidInput(f"Invalid inputs for {model}: {wire} must be {name}, not {type(value).__name__}",
                           field=wire, model=model, service="decart")


@contextlib.contextmanager
def _media_stream(svc: ServiceClient, media: MediaInput) -> Iterator[IO[bytes]]:
    """A binary stream of an input; URLs are downloaded first (as the official SDK does), spooled."""
    if media.source != "url":
        stream = media.open()
        try:
            yield stream
        finally:
            if media.source == "path":
                stream.close()
        return
    with tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024) as spool:
        import httpx

        try:
            with httpx.stream("GET", str(media.value), follow_redirects=True, timeout=60) as r:
                r.raise_for_status()
                for chunk in r.iter_bytes(1 << 20):
                    spool.write(chunk)
        except httpx.HTTPError as exc:
            raise InvalidInput(f"could not download {media.field} from its URL: {exc}", field=media.field,
                               service=svc.provider, hint="pass the file itself instead") from None
        spool.seek(0)
        yield spool


class _Queue:
    """``client.queue``: submit / status / result / submit_and_poll, as in the official SDK."""

    def __init__(self, svc: Decart) -> None:
        self._svc = svc

    def submit(self, options: Mapping[str, Any] | None = None, /, **fields: Any) -> Any:
        """Submit a job; returns ``JobSubmitResponse`` (``job_id``, ``status``)."""
        from genvid_api_decart.api.queue import queue_submit
        from genvid_api_decart.models import JobSubmitResponse

        model, prepared = self._svc._from_options(options, fields)
        with contextlib.ExitStack() as stack:
            body = self._svc._body(prepared, stack)
            return self._svc.call(queue_submit.sync_detailed, model, body=body, submit=True,
                                  expect=JobSubmitResponse)

    def status(self, job_id: str) -> Any:
        """The job's ``JobStatusResponse`` (``job_id``, ``status``)."""
        from genvid_api_decart.api.queue import queue_status
        from genvid_api_decart.models import JobStatusResponse

        return self._svc.call(queue_status.sync_detailed, job_id, expect=JobStatusResponse, request_id=job_id)

    def result(self, job_id: str) -> bytes:
        """The finished job's media bytes."""
        return self._svc.job_result(Job("decart", "?", job_id), JobStatus(Job("decart", "?", job_id),
                                                                           "completed", "completed")).read()

    def submit_and_poll(self, options: Mapping[str, Any] | None = None, /, *,
                        on_status_change: Callable[[Any], None] | None = None,
                        cancel_token: threading.Event | None = None, timeout: float | None = None,
                        **fields: Any) -> QueueJobResult:
        """Submit, poll until done, and return ``CompletedJob`` or ``FailedJob`` (never raises for a failed job).

        ``on_status_change`` gets the status response right after submit and on every change;
        setting ``cancel_token`` stops waiting (raises ``Cancelled``).
        """
        from ._waiting import wait

        submitted = self.submit(options, **fields)
        model = (options or {}).get("model") or fields.get("model") or "?"
        job = Job("decart", str(model), submitted.job_id)
        if on_status_change is not None:
            on_status_change(submitted)

        def relay(status: JobStatus) -> None:
            if on_status_change is not None and status.raw is not None:
                on_status_change(status.raw)

        initial_state = STATES.get(str(submitted.status.value), "queued")
        initial = JobStatus(job, initial_state, str(submitted.status.value), raw=None)
        try:
            result = wait(self._svc, job, timeout=timeout, on_status=relay, cancel=cancel_token, initial=initial)
        except JobFailed as exc:
            return FailedJob(job_id=job.request_id, error=exc.reason or "Job failed")
        return CompletedJob(job_id=job.request_id, data=result.read())


__all__ = ["CompletedJob", "Decart", "FailedJob", "QueueJobResult", "models"]
