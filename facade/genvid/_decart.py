"""Decart: ``process`` (media in the answer) and ``queue`` (jobs), blocking.

Mirrors the official SDK's names (``client.process({...})``,
``client.queue.submit_and_poll({...})``) without an event loop. Each known model's
inputs and rules are its typed operation's request body in the Decart spec.
"""

from __future__ import annotations

import contextlib
import json
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import IO, Any, ClassVar, Literal

import httpx

from ._cancel import as_event, interruptible
from ._catalog import lookup
from ._exceptions import InvalidInput, JobFailed
from ._inputs import MediaInput, check_media_kind, to_media
from ._jobs import Deferred, Job, JobInfo, JobStatus
from ._pacing import PACER
from ._results import Result, result_from_stream
from ._schemas import request_schema
from ._service import PollPolicy, Prepared, Resource, ServiceClient, rename_inputs
from ._transport import STREAMED

PROCESS, QUEUE = "process_generate", "queue_submit"
# Unified input names -> Decart fields.
COMMON = {"image": "data", "video": "data", "start_image": "start", "end_image": "end", "reference": "reference_image"}
# The unified aspect ratio as Decart's orientation (the mapping of Decart's AI-SDK provider).
ASPECT_TO_ORIENTATION = {"16:9": "landscape", "9:16": "portrait"}
DEFAULT_TYPES = {"video": "video/mp4", "image": "image/png"}
OPTION_KEYS = ("cancel_token", "on_status_change")


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
    # The SDK polls every 1.5 s after 0.5 s; we start quicker and back off.
    poll: ClassVar[PollPolicy] = PollPolicy(initial=0.25, factor=1.5, maximum=3.0)
    common: ClassVar[Mapping[str, str]] = COMMON
    models = models

    def __init__(self, api_key: str | None = None, **kwargs: Any) -> None:
        super().__init__(api_key, **kwargs)
        self.queue = Queue(self)
        self.files = Files(self)

    def _auth(self) -> tuple[str, str]:
        return "X-API-KEY", ""

    # --- SDK-shaped API -----------------------------------------------------------
    def process(self, options: Mapping[str, Any] | None = None, /, *, cancel_token: threading.Event | None = None,
                **fields: Any) -> bytes:
        """Run a model synchronously and return the media bytes (``process({"model": ..., ...})``).

        ``cancel_token`` (a ``threading.Event``, here or in ``options``) stops the call: ``Cancelled``.
        """
        prepared, extra = self._from_options(options, fields)
        return self._process(prepared, as_event(cancel_token or extra.get("cancel_token"), service=self.provider)).read()

    def _from_options(self, options: Mapping[str, Any] | None, fields: Mapping[str, Any]
                      ) -> tuple[Prepared, dict[str, Any]]:
        """(the request, the options that are not fields: ``cancel_token``, ``on_status_change``)."""
        merged = {**(options or {}), **fields}
        extra = {k: merged.pop(k) for k in OPTION_KEYS if k in merged}
        model = merged.pop("model", None)
        if not isinstance(model, str) or not model:
            raise InvalidInput("model is required", field="model", service=self.provider)
        return self._prepare(model, merged, common_names=False), extra

    # --- the adapter verbs ----------------------------------------------------------
    def _prepare(self, model: str, inputs: Mapping[str, Any], *, common_names: bool = True) -> Prepared:
        info = lookup(self.provider, model)
        operation = info.operation if info is not None else (PROCESS if _is_image(model) else QUEUE)
        schema = request_schema(self.package, operation)
        media_kinds = schema.media()
        fields: dict[str, Any] = {}
        names: dict[str, str] = {}  # wire field -> the caller's name, for error messages
        for name, wire, value in rename_inputs(model, inputs, COMMON, common_names):
            if name == "aspect_ratio" and common_names:
                if not isinstance(value, str) or value not in ASPECT_TO_ORIENTATION:
                    raise InvalidInput(f"aspect_ratio for Decart is 16:9 or 9:16 (sent as orientation), "
                                       f"got {value!r}", field="aspect_ratio", model=model, service=self.provider)
                wire, value = "orientation", ASPECT_TO_ORIENTATION[value]
            if wire in media_kinds:
                value = check_media_kind(to_media(name, value), service=self.provider)
            elif wire == "trajectory" and isinstance(value, list | tuple):
                value = json.dumps(list(value), separators=(",", ":"))
            fields[wire] = value
            if wire != name:
                names[wire] = name
        # File parts are checked as text stand-ins: their bytes are streamed at submit.
        shown = {k: "<file>" if isinstance(v, MediaInput) else v for k, v in fields.items()}
        self._check(operation, shown, label=model, names=names)
        return Prepared(model, info, fields, operation)

    def _submit(self, prepared: Prepared) -> Job:
        ident, _ = self.created(self._post(prepared), "job_id")  # the answer read only as far as the id
        PACER.submitted(self.provider, ident, prepared.model)
        return Job(self.provider, prepared.model, ident)

    def _send(self, prepared: Prepared) -> Any:
        """Queue a prepared request; the ``JobSubmitResponse``."""
        from genvid_api_decart.models import JobSubmitResponse

        submitted = self.parsed(prepared.operation, self._post(prepared), expect=JobSubmitResponse)
        PACER.submitted(self.provider, str(submitted.job_id), prepared.model)
        return submitted

    def _post(self, prepared: Prepared) -> httpx.Response:
        """Queue a prepared request; the answer, unparsed."""
        if prepared.info is not None and prepared.info.output == "image":
            raise InvalidInput(f"Only video models support the queue API: {prepared.model} is an image model",
                               field="model", model=prepared.model, service=self.provider,
                               hint="use process({...}) (genvid.Client().generate runs it that way)")
        with contextlib.ExitStack() as stack:
            args, body = self._body(prepared, stack, prepared.operation)
            return self.send(prepared.operation, *args, body=body, submit=True)

    def _body(self, prepared: Prepared, stack: contextlib.ExitStack, operation: str
              ) -> tuple[tuple[str, ...], Any]:
        """(path arguments, generated body) for a typed operation, or a generic one with the model id."""
        from genvid_api_decart import models as generated
        from genvid_api_decart.types import File

        files = {wire: value for wire, value in prepared.fields.items() if isinstance(value, MediaInput)}
        texts = {wire: value for wire, value in prepared.fields.items() if wire not in files}
        schema = request_schema(self.package, operation)
        # The typed fields parse from their wire form (fields newer than the spec are kept as text
        # parts); file parts are then set to streams, never read whole.
        body = getattr(generated, schema.body or "GenerateRequest").from_dict({**texts, **dict.fromkeys(files, b"")})
        for wire, media in files.items():
            stream = stack.enter_context(_media_stream(self, media))
            setattr(body, wire, File(payload=stream, file_name=wire,  # type: ignore[arg-type]
                                     mime_type=media.media_type or "application/octet-stream"))
        return ((prepared.model,) if operation in (PROCESS, QUEUE) else ()), body

    def _process(self, prepared: Prepared, cancel: threading.Event | None = None) -> Result:
        if cancel is None:
            return self._process_now(prepared)
        return interruptible(lambda seen: self._process_now(prepared, seen), cancel, service=self.provider,
                             what="process")

    def _process_now(self, prepared: Prepared, seen: dict[str, Any] | None = None) -> Result:
        """POST to Process and spool the answer (``seen["response"]`` holds it while it streams)."""
        info = prepared.info
        # A video model through Process (as the seeds show) goes through the generic operation.
        operation = prepared.operation if info is not None and info.route == PROCESS else PROCESS
        with contextlib.ExitStack() as stack:
            args, body = self._body(prepared, stack, operation)
            with self.stream_call(operation, *args, body=body, submit=True, extensions={STREAMED: True}) as response:
                if seen is not None:
                    seen["response"] = response
                return result_from_stream(response, job={"provider": self.provider, "model": prepared.model})

    def _run_now(self, prepared: Prepared, *, cancel: threading.Event | None = None,
                 timeout: float | None = None) -> Result | None:
        return self._process(prepared, cancel) if self._synchronous(prepared.model) else None

    def _synchronous(self, model: str) -> bool:
        info = lookup(self.provider, model)
        return (info.route if info is not None else (PROCESS if _is_image(model) else QUEUE)) == PROCESS

    def _status(self, job: Job, *, logs: bool = False) -> JobStatus:
        from genvid_api_decart.models import JobStatusResponse

        data, parsed = self.read_state("queue_status", job.request_id, key="status", parse=JobStatusResponse.from_dict,
                                 request_id=job.request_id)
        raw = data["status"] if isinstance(parsed, Deferred) else str(parsed.status.value)
        state = self._state(raw)
        return JobStatus(job, state, raw, error="Job failed" if state == "failed" else None, raw=parsed)

    def _result(self, job: Job, status: JobStatus) -> Result:
        from genvid_api_decart.types import path_segment

        info = lookup(self.provider, job.model)
        meta = {"provider": self.provider, "model": job.model, "request_id": job.request_id}

        def open_at(offset: int) -> contextlib.AbstractContextManager[httpx.Response]:
            return self.stream_call("queue_content", job.request_id, request_id=job.request_id,
                                    extra_headers={"Range": f"bytes={offset}-"} if offset else None,
                                    extensions={STREAMED: True})

        url = f"{self.base_url}/v1/jobs/{path_segment(job.request_id)}/content"
        return Result(url=url, media_type=DEFAULT_TYPES.get(info.output) if info else None, job=JobInfo(meta),
                      _opener=open_at)


def _is_image(model: str) -> bool:
    return "-image" in model or model.endswith(("t2i", "i2i"))


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
        try:
            with svc.media.stream("GET", str(media.value)) as r:
                if r.status_code >= 400:
                    raise InvalidInput(f"could not download {media.field} from its URL: HTTP {r.status_code}",
                                       field=media.field, service=svc.provider,
                                       hint="pass the file itself instead")
                for chunk in r.iter_bytes(1 << 20):
                    spool.write(chunk)
        except httpx.HTTPError as exc:
            raise InvalidInput(f"could not download {media.field} from its URL: {exc}", field=media.field,
                               service=svc.provider, hint="pass the file itself instead") from None
        spool.seek(0)
        yield spool


class Queue(Resource["Decart"]):
    """``client.queue``: submit / status / result / submit_and_poll, as in the official SDK."""

    def submit(self, options: Mapping[str, Any] | None = None, /, **fields: Any) -> Any:
        """Submit a job; returns ``JobSubmitResponse`` (``job_id``, ``status``)."""
        return self._submit(options, fields)[0]

    def _submit(self, options: Mapping[str, Any] | None, fields: Mapping[str, Any]
                ) -> tuple[Any, Prepared, dict[str, Any]]:
        prepared, extra = self._svc._from_options(options, fields)
        return self._svc._send(prepared), prepared, extra

    def status(self, job_id: str) -> Any:
        """The job's ``JobStatusResponse`` (``job_id``, ``status``)."""
        from genvid_api_decart.models import JobStatusResponse

        return self._svc.call("queue_status", job_id, expect=JobStatusResponse, request_id=job_id)

    def result(self, job_id: str) -> bytes:
        """The finished job's media bytes."""
        job = Job("decart", "?", job_id)
        return self._svc._result(job, JobStatus(job, "completed", "completed")).read()

    def submit_and_poll(self, options: Mapping[str, Any] | None = None, /, *,
                        on_status_change: Callable[[Any], None] | None = None,
                        cancel_token: threading.Event | None = None, timeout: float | None = None,
                        **fields: Any) -> QueueJobResult:
        """Submit, poll until done, and return ``CompletedJob`` or ``FailedJob`` (never raises for a failed job).

        ``on_status_change`` gets the status response right after submit and on every change;
        setting ``cancel_token`` stops waiting (raises ``Cancelled``). Both may also be given
        in ``options``, as the official SDK takes them.
        """
        from ._waiting import wait

        submitted, prepared, extra = self._submit(options, fields)
        notify = on_status_change or extra.get("on_status_change")
        cancel = as_event(cancel_token or extra.get("cancel_token"), service=self._svc.provider)
        job = Job("decart", prepared.model, submitted.job_id)
        if notify is not None:
            notify(submitted)

        def relay(status: JobStatus) -> None:
            if notify is not None and status.raw is not None:
                notify(status.raw)

        raw = str(submitted.status.value)
        initial = JobStatus(job, self._svc._state(raw), raw, raw=None)
        try:
            result = wait(self._svc, job, timeout=timeout, on_status=relay, cancel=cancel, initial=initial)
        except JobFailed as exc:
            return FailedJob(job_id=job.request_id, error=exc.reason or "Job failed")
        return CompletedJob(job_id=job.request_id, data=result.read())


class Files(Resource["Decart"]):
    """``client.files``: upload a file once and reference it by id (as Decart's JS SDK offers)."""

    def upload(self, file: Any, *, ttl_seconds: int | Literal["persistent"] | None = None,
               persistent: bool | None = None) -> Any:
        """Store a file (a path, bytes or binary file object); returns its ``FileObject`` (``id``)."""
        from genvid_api_decart.models import FileObject, FileUploadRequest
        from genvid_api_decart.types import UNSET, File

        media = to_media("file", file)
        if media.source == "url":
            raise InvalidInput("file is a URL; files.upload uploads local content", field="file",
                               service=self._svc.provider)
        body = {"file": "<file>", "ttl_seconds": ttl_seconds, "persistent": persistent}
        self._svc._check("files_upload", {k: v for k, v in body.items() if v is not None}, label="files.upload")
        stream = media.open()
        try:
            upload = FileUploadRequest(
                file=File(payload=stream, file_name=media.name,  # type: ignore[arg-type]
                          mime_type=media.media_type or "application/octet-stream"),
                ttl_seconds=UNSET if ttl_seconds is None else ttl_seconds,  # type: ignore[arg-type]
                persistent=UNSET if persistent is None else persistent)
            return self._svc.call("files_upload", body=upload, submit=True, expect=FileObject)
        finally:
            if media.source == "path":
                stream.close()

    def get(self, file_id: str) -> Any:
        """A stored file's ``FileObject``."""
        from genvid_api_decart.models import FileObject

        return self._svc.call("files_get", file_id, expect=FileObject, request_id=file_id)

    def delete(self, file_id: str) -> None:
        """Delete a stored file."""
        self._svc.call("files_delete", file_id, request_id=file_id)


__all__ = ["CompletedJob", "Decart", "FailedJob", "QueueJobResult", "models"]
