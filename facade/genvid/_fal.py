"""fal.ai: the queue (submit / status / result / cancel / subscribe), sync run, storage uploads.

Mirrors ``fal_client``'s names. Binary inputs (bytes, paths, open files) anywhere in
``arguments`` are uploaded to fal storage for the caller, or inlined as data URIs
when small. Waits listen to fal's SSE status stream and fall back to polling. Each
known app's inputs and rules are its typed operation's request body in the fal spec.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from functools import partial
from pathlib import Path
from typing import Any, ClassVar, Literal

import httpx

from ._catalog import lookup
from ._exceptions import DeadlineExceeded, GenvidError, InvalidInput, MalformedResponse
from ._fal_media import Storage, as_shown, mediaize
from ._http import StreamIdle, drain, error_message, events, json_object, read_capped
from ._jobs import Job, JobStatus
from ._pacing import PACER
from ._results import Result, result_from_url
from ._schemas import request_schema
from ._service import PollPolicy, Prepared, ServiceClient, rename_inputs
from ._transport import call_options, deadline_after, seconds

NAMESPACES = ("workflows", "comfy")
COMMON = {"image": "image_url", "video": "video_url", "start_image": "image_url"}
GENERIC = "queue_submit"
STREAM_IDLE = 30.0  # seconds a status stream may go without a status event before the wait looks and reopens it

QueueUpdate = Any  # QueueStatusInQueue | QueueStatusInProgress | QueueStatusCompleted | QueueStatusOther


def app_base(app_id: str) -> str:
    """``decart/lucy-edit/pro`` -> ``decart/lucy-edit``: status, result and cancel use owner/app only."""
    parts = [p for p in app_id.strip("/").split("/") if p]
    n = 3 if parts and parts[0] in NAMESPACES else 2
    if len(parts) < n:
        raise InvalidInput(f"fal app id must be owner/app[/path], got {app_id!r}", field="app")
    return "/".join(parts[:n])


class Fal(ServiceClient):
    """fal.ai. Key from ``FAL_KEY`` (or ``FAL_KEY_ID`` + ``FAL_KEY_SECRET``); hosts from
    ``FAL_QUEUE_RUN_HOST`` / ``FAL_RUN_HOST`` like the official client, or ``emulator=``."""

    provider = "fal"
    poll: ClassVar[PollPolicy] = PollPolicy(initial=0.1, factor=1.5, maximum=2.0)
    common: ClassVar[Mapping[str, str]] = COMMON
    can_cancel: ClassVar[bool] = True

    def __init__(self, api_key: str | None = None, *, base_url: str | None = None, run_url: str | None = None,
                 rest_url: str | None = None, cdn_url: str | None = None, use_sse: bool = True,
                 **kwargs: Any) -> None:
        if api_key is None and not os.environ.get("FAL_KEY") and os.environ.get("FAL_KEY_ID"):
            api_key = f"{os.environ['FAL_KEY_ID']}:{os.environ.get('FAL_KEY_SECRET', '')}"
        emulator = kwargs.get("emulator") or os.environ.get("GENVID_EMULATOR_URL")
        if base_url is None and not emulator and os.environ.get("FAL_QUEUE_RUN_HOST"):
            base_url = "https://" + os.environ["FAL_QUEUE_RUN_HOST"]
        super().__init__(api_key, base_url=base_url, **kwargs)
        row = self.row()

        def host(role: str, given: str | None, env: str | None, default: str) -> str:
            if given:
                return given.rstrip("/")
            if self.emulator:
                return row.emulator_url(self.emulator, role)
            return ((os.environ.get(env) if env else None) or default).rstrip("/")

        env_run = os.environ.get("FAL_RUN_HOST")
        self.run_url = host("run", run_url, None, f"https://{env_run}" if env_run else "https://fal.run")
        self.rest_url = host("rest", rest_url, "GENVID_FAL_REST_URL", "https://rest.fal.ai")
        self.cdn_url = host("cdn", cdn_url, "GENVID_FAL_CDN_URL", "https://v3.fal.media")
        self.use_sse = use_sse
        self.storage = Storage(self)

    def _auth(self) -> tuple[str, str]:
        return "Authorization", "Key"

    def _find_out_hint(self) -> str:
        return ("fal has no request list: if you passed webhook_url, its delivery will name the request; "
                "otherwise check the requests page of the app on fal.ai before resubmitting")

    # --- fal_client-shaped API -----------------------------------------------------
    def submit(self, application: str, arguments: Mapping[str, Any], *, webhook_url: str | None = None,
               priority: Literal["normal", "low"] | None = None, start_timeout: float | None = None,
               hint: str | None = None) -> RequestHandle:
        """Queue a request; returns a handle (``request_id``, ``status()``, ``get()``, ``cancel()``)."""
        prepared = self._prepare(application, arguments, common_names=False)
        prepared.options.update(webhook_url=webhook_url, priority=priority, start_timeout=start_timeout,
                                hint=hint)
        return RequestHandle(self, self._submit(prepared))

    def status(self, application: str, request_id: str, *, with_logs: bool = False) -> QueueUpdate:
        """The request's status model: ``QueueStatusInQueue`` / ``...InProgress`` / ``...Completed``."""
        from genvid_api_fal import models

        return self.call("queue_status", app_base(application), request_id, logs="true" if with_logs else "false",
                         request_id=request_id, expect=(models.QueueStatusInQueue, models.QueueStatusInProgress,
                                                        models.QueueStatusCompleted, models.QueueStatusOther))

    def result(self, application: str, request_id: str) -> dict[str, Any]:
        """The finished request's output JSON."""
        return json_object(self.provider, self.send("queue_result", app_base(application), request_id,
                                                    request_id=request_id), request_id)

    def cancel(self, application: str, request_id: str) -> str:
        """Ask fal to cancel; returns fal's answer (``CANCELLATION_REQUESTED``, ``ALREADY_COMPLETED``...)."""
        from genvid_api_fal.models import CancelResponse

        try:
            parsed = self.call("queue_cancel", app_base(application), request_id, request_id=request_id)
        except GenvidError as exc:
            # ALREADY_COMPLETED / NOT_FOUND arrive with a 400 / 404: an answer, not a failure.
            body = exc.body if isinstance(exc.body, dict) else {}
            if exc.status in (400, 404) and isinstance(body.get("status"), str):
                return str(body["status"])
            raise
        return str(parsed.status.value) if isinstance(parsed, CancelResponse) else "OK"

    def subscribe(self, application: str, arguments: Mapping[str, Any], *, with_logs: bool = False,
                  on_queue_update: Callable[[QueueUpdate], None] | None = None,
                  on_enqueue: Callable[[str], None] | None = None, priority: Literal["normal", "low"] | None = None,
                  start_timeout: float | None = None, client_timeout: float | None = None,
                  webhook_url: str | None = None, cancel: threading.Event | None = None) -> dict[str, Any]:
        """Submit, wait (listening to status updates), and return the output JSON.

        ``client_timeout`` bounds the whole wait: when it passes the request is cancelled and
        ``DeadlineExceeded`` raised.
        """
        from ._waiting import wait

        seconds(start_timeout, "start_timeout")
        seconds(client_timeout, "client_timeout")
        handle = self.submit(application, arguments, webhook_url=webhook_url, priority=priority,
                             start_timeout=start_timeout or client_timeout)
        if on_enqueue is not None:
            on_enqueue(handle.request_id)

        def relay(status: JobStatus) -> None:
            if on_queue_update is not None and status.raw is not None:
                on_queue_update(status.raw)

        try:
            result = wait(self, handle.job, timeout=client_timeout, on_status=relay, cancel=cancel, logs=with_logs)
        except DeadlineExceeded:
            try:
                with call_options(deadline=time.monotonic() + 1.0):  # a best effort, never a second wait
                    handle.cancel()
            except GenvidError:
                pass
            raise
        return dict(result.job.get("output") or {})

    def run(self, application: str, arguments: Mapping[str, Any], *, timeout: float | None = None
            ) -> dict[str, Any]:
        """Run synchronously on fal's run host (no queue) and return the output JSON."""
        deadline = deadline_after(timeout)
        prepared = self._prepare(application, arguments, common_names=False)
        args, body, kwargs = self._request(prepared)
        if timeout:
            kwargs["x_fal_request_timeout"] = str(float(timeout))
        with call_options(deadline=deadline), \
                self.stream_call(prepared.operation, *args, body=body, base_url=self.run_url, submit=True,
                                 timeout=httpx.Timeout(timeout, connect=10) if timeout else None,
                                 **kwargs) as response:
            content = read_capped(response)
        try:
            out = json.loads(content)
        except (ValueError, RecursionError):
            raise MalformedResponse(f"run returned non-JSON (HTTP {response.status_code})", service=self.provider,
                                    status=response.status_code) from None
        return dict(out) if isinstance(out, dict) else {"output": out}

    def upload(self, data: Any, content_type: str | None = None, file_name: str | None = None) -> str:
        """Upload bytes, a path or a binary file object to fal storage; returns its URL.

        Files over 100 MiB go up in 10 MiB parts; memory stays bounded either way.
        """
        return self.storage.upload(data, content_type, file_name)

    def upload_file(self, path: str | os.PathLike[str]) -> str:
        """Upload a local file; returns its URL."""
        return self.upload(Path(path))

    # --- the adapter verbs ----------------------------------------------------------
    def _prepare(self, model: str, inputs: Mapping[str, Any], *, common_names: bool = True) -> Prepared:
        app_base(model)
        info = lookup(self.provider, model)
        operation = info.operation if info is not None else GENERIC
        kinds = request_schema(self.package, operation).media()
        fields: dict[str, Any] = {}
        names: dict[str, str] = {}
        for name, wire, value in rename_inputs(model, inputs, COMMON, common_names):
            # An app the spec knows takes media where its schema says; any other app, anywhere.
            fields[wire] = mediaize(wire, value, common_names, kinds) if info is None or wire in kinds else value
            if wire != name:
                names[wire] = name
        self._check(operation, as_shown(fields), label=model, names=names)
        return Prepared(model, info, fields, operation)

    def _request(self, prepared: Prepared) -> tuple[tuple[str, ...], Any, dict[str, Any]]:
        """(path arguments, the body checked by ``_prepare``, query/header arguments) of a prepared submit."""
        from genvid_api_fal.models import QueuePriority

        body = self.checked_body(self.storage.inline_or_upload(prepared.fields))
        options = prepared.options
        kwargs: dict[str, Any] = {}
        if options.get("webhook_url"):
            kwargs["fal_webhook"] = options["webhook_url"]
        if options.get("priority"):
            kwargs["x_fal_queue_priority"] = QueuePriority(options["priority"])
        if options.get("start_timeout"):
            kwargs["x_fal_request_timeout"] = str(float(options["start_timeout"]))
        if options.get("hint"):
            kwargs["x_fal_runner_hint"] = options["hint"]
        return ((prepared.model,) if prepared.operation == GENERIC else ()), body, kwargs

    def _submit(self, prepared: Prepared) -> Job:
        args, body, kwargs = self._request(prepared)
        ident, _ = self.created(self.send(prepared.operation, *args, body=body, submit=True, **kwargs), "request_id")
        PACER.submitted(self.provider, ident, prepared.model)
        return Job(self.provider, prepared.model, ident)

    def _status(self, job: Job, *, logs: bool = False) -> JobStatus:
        data, raw = self.read_state("queue_status", app_base(job.model), job.request_id, key="status", parse=_parse_status,
                              logs="true" if logs else "false", request_id=job.request_id)
        return self._to_status(job, data, raw)

    def _stream_status(self, job: Job, *, logs: bool = False) -> Iterator[JobStatus] | None:
        if not self.use_sse:
            return None
        return self._sse(job, logs)

    def _sse(self, job: Job, logs: bool) -> Iterator[JobStatus]:
        final: JobStatus | None = None
        try:
            with self.stream_call("queue_status_stream", app_base(job.model), job.request_id,
                                  logs="1" if logs else "0", request_id=job.request_id,
                                  timeout=httpx.Timeout(10.0, read=STREAM_IDLE)) as response:
                lines = response.iter_lines()
                for data in events(lines, STREAM_IDLE, self.provider):
                    if not isinstance(data, dict):
                        raise MalformedResponse("status event is not an object", service=self.provider, body=data)
                    status = self._to_status(job, data, self.deferred(data, "status", partial(_parse_status, data)))
                    if status.done:
                        final = status
                        break
                    yield status
                if final is not None:
                    drain(lines)
        except (httpx.TransportError, GenvidError) as exc:
            if final is None:
                if isinstance(exc, StreamIdle) or (isinstance(exc, GenvidError) and exc.status is not None):
                    raise
                raise GenvidError(f"status stream broke: {exc}", service=self.provider) from exc
        if final is not None:
            # Yielded after the stream is closed, so the result request can reuse its connection.
            yield final

    def _to_status(self, job: Job, data: dict[str, Any], raw: Any) -> JobStatus:
        """A status from a queue status answer's JSON (``raw``: its model, or a ``Deferred`` one)."""
        name = str(data.get("status", ""))
        entries = data.get("logs")
        logs = tuple(str(e.get("message", e)) if isinstance(e, dict) else str(e)
                     for e in entries) if isinstance(entries, list) else ()
        state = self._state(name)
        if state == "queued":
            pos = data.get("queue_position")
            return JobStatus(job, "queued", name, queue_position=pos if isinstance(pos, int) else None, raw=raw)
        error = data.get("error")
        if state == "completed" and isinstance(error, str) and error:
            # A failed request ends COMPLETED too, with error set (fal has no FAILED state).
            etype = data.get("error_type")
            state = "cancelled" if "cancel" in error.lower() else "failed"
            error = self._failure_detail(job, error) if error.startswith("Invalid status code") else error
            return JobStatus(job, state, name, logs=logs, error=error,
                             error_code=etype if isinstance(etype, str) else None, raw=raw)
        return JobStatus(job, state, name, logs=logs, raw=raw)

    def _failure_detail(self, job: Job, error: str) -> str:  # fal's own words, not "Invalid status code: 422"
        try:
            self.result(job.model, job.request_id)
        except GenvidError as exc:
            if exc.status is not None and exc.body:
                return error_message(exc.status, exc.body).partition(": ")[2] or error
        return error

    def _result(self, job: Job, status: JobStatus) -> Result:
        output = self.result(job.model, job.request_id)
        media = _find_media(output)
        meta = {"provider": self.provider, "model": job.model, "request_id": job.request_id, "output": output}
        if media is None:
            raise MalformedResponse(f"fal output has no media file: keys {sorted(output)}", service=self.provider,
                                    request_id=job.request_id, body=output)
        name = media.get("file_name")
        size = media.get("file_size")
        return result_from_url(self.media, str(media["url"]), media_type=media.get("content_type"),
                               size=size if isinstance(size, int) and not isinstance(size, bool) else None,
                               file_name=name if isinstance(name, str) else None, job=meta)

    def _cancel(self, job: Job) -> bool:
        return self.cancel(job.model, job.request_id) in ("OK", "CANCELLATION_REQUESTED")


class RequestHandle:
    """What ``Fal.submit`` returns (like ``fal_client.SyncRequestHandle``)."""

    def __init__(self, fal: Fal, job: Job) -> None:
        self._fal = fal
        self.job = job

    @property
    def request_id(self) -> str:
        return self.job.request_id

    def __repr__(self) -> str:
        return f"RequestHandle(app={self.job.model!r}, request_id={self.request_id!r})"

    def status(self, *, with_logs: bool = False) -> QueueUpdate:
        return self._fal.status(self.job.model, self.request_id, with_logs=with_logs)

    def iter_events(self, *, with_logs: bool = False, interval: float = 0.1) -> Iterator[QueueUpdate]:
        """Each status until completion (polling every ``interval`` seconds)."""
        while True:
            status = self.status(with_logs=with_logs)
            yield status
            if str(status.status) == "COMPLETED":
                return
            time.sleep(interval)

    def get(self, *, timeout: float | None = None) -> dict[str, Any]:
        """Wait for completion and return the output JSON."""
        from ._waiting import wait

        result = wait(self._fal, self.job, timeout=timeout)
        return dict(result.job.get("output") or {})

    def cancel(self) -> str:
        return self._fal.cancel(self.job.model, self.request_id)


def _parse_status(data: dict[str, Any]) -> QueueUpdate:
    from genvid_api_fal.models import (
        QueueStatusCompleted,
        QueueStatusInProgress,
        QueueStatusInQueue,
        QueueStatusOther,
    )

    parsers: dict[str, Callable[[dict[str, Any]], QueueUpdate]] = {
        "IN_QUEUE": QueueStatusInQueue.from_dict, "IN_PROGRESS": QueueStatusInProgress.from_dict,
        "COMPLETED": QueueStatusCompleted.from_dict}
    parse = parsers.get(str(data.get("status")), QueueStatusOther.from_dict)
    try:
        return parse(data)  # type: ignore[no-untyped-call]
    except (ValueError, KeyError, TypeError):
        return QueueStatusOther.from_dict(data)


def _find_media(output: Mapping[str, Any]) -> dict[str, Any] | None:
    """The output's media file: ``video`` / ``image`` / the first of ``images`` / ``videos``."""
    for key in ("video", "image", "audio", "file"):
        value = output.get(key)
        if isinstance(value, dict) and isinstance(value.get("url"), str):
            return value
    for key in ("videos", "images"):
        items = output.get(key)
        if isinstance(items, list) and items and isinstance(items[0], dict) and isinstance(items[0].get("url"), str):
            return dict(items[0])
    return None


__all__ = ["Fal", "RequestHandle", "app_base"]
