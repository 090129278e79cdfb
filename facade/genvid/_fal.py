"""fal.ai: the queue (submit / status / result / cancel / subscribe), sync run, storage uploads.

Mirrors ``fal_client``'s names. Binary inputs (bytes, paths, open files) anywhere in
``arguments`` are uploaded to fal storage for the caller, or inlined as data URIs
when small. Waits listen to fal's SSE status stream and fall back to polling.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, ClassVar, Literal

import httpx

from ._catalog import lookup
from ._emulated import fal_hosts
from ._exceptions import GenvidError, InvalidInput, MalformedResponse
from ._inputs import MediaInput, RewindableBody, check_media_kind, to_media
from ._jobs import Job, JobStatus
from ._results import Result, result_from_url
from ._service import PollPolicy, Prepared, ServiceClient, check_required, digest, rename_inputs

INLINE_LIMIT = 1024 * 1024  # smaller binary inputs go inline as data URIs
MULTIPART_THRESHOLD = 100 * 1024 * 1024
PART_SIZE = 10 * 1024 * 1024
NAMESPACES = ("workflows", "comfy")
COMMON = {"image": "image_url", "video": "video_url", "start_image": "image_url"}
# fields whose values are media URLs
MEDIA_SUFFIXES = ("_url",)

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
    package = "genvid_api_fal"
    key_env = ("FAL_KEY",)
    base_url_env = "GENVID_FAL_QUEUE_URL"
    default_base_url = "https://queue.fal.run"
    auth_prefix = "Key"
    poll: ClassVar[PollPolicy] = PollPolicy(initial=0.1, factor=1.5, maximum=2.0)

    def __init__(self, api_key: str | None = None, *, base_url: str | None = None, run_url: str | None = None,
                 rest_url: str | None = None, cdn_url: str | None = None, emulator: str | None = None,
                 use_sse: bool = True, **kwargs: Any) -> None:
        if api_key is None and not os.environ.get("FAL_KEY") and os.environ.get("FAL_KEY_ID"):
            api_key = f"{os.environ['FAL_KEY_ID']}:{os.environ.get('FAL_KEY_SECRET', '')}"
        hosts = fal_hosts(emulator) if emulator else {}
        if base_url is None and emulator:
            base_url = emulator.rstrip("/") + "/fal"
        if base_url is None and os.environ.get("FAL_QUEUE_RUN_HOST"):
            base_url = "https://" + os.environ["FAL_QUEUE_RUN_HOST"]
        super().__init__(api_key, base_url=base_url, **kwargs)
        env_run = os.environ.get("FAL_RUN_HOST")
        self.run_url = (run_url or hosts.get("run") or (f"https://{env_run}" if env_run else "https://fal.run")
                        ).rstrip("/")
        self.rest_url = (rest_url or hosts.get("rest") or os.environ.get("GENVID_FAL_REST_URL")
                         or "https://rest.fal.ai").rstrip("/")
        self.cdn_url = (cdn_url or hosts.get("cdn") or os.environ.get("GENVID_FAL_CDN_URL")
                        or "https://v3.fal.media").rstrip("/")
        self.use_sse = use_sse
        self._token: tuple[str, str, str, float] | None = None

    def find_out_hint(self) -> str:
        return ("fal has no request list: if you passed webhook_url, its delivery will name the request; "
                "otherwise check the requests page of the app on fal.ai before resubmitting")

    # --- fal_client-shaped API -----------------------------------------------------
    def submit(self, application: str, arguments: Mapping[str, Any], *, webhook_url: str | None = None,
               priority: Literal["normal", "low"] | None = None, start_timeout: float | None = None,
               hint: str | None = None) -> RequestHandle:
        """Queue a request; returns a handle (``request_id``, ``status()``, ``get()``, ``cancel()``)."""
        prepared = self.prepare(application, arguments, common_names=False)
        job = self.submit_prepared(prepared, webhook_url=webhook_url, priority=priority,
                                   start_timeout=start_timeout, hint=hint)
        return RequestHandle(self, job)

    def status(self, application: str, request_id: str, *, with_logs: bool = False) -> QueueUpdate:
        """The request's status model: ``QueueStatusInQueue`` / ``...InProgress`` / ``...Completed``."""
        return self._status_raw(application, request_id, with_logs)

    def result(self, application: str, request_id: str) -> dict[str, Any]:
        """The finished request's output JSON."""
        from genvid_api_fal.api.queue import queue_result

        parsed = self.call(queue_result.sync_detailed, app_base(application), request_id, request_id=request_id)
        return _as_dict(parsed)

    def cancel(self, application: str, request_id: str) -> str:
        """Ask fal to cancel; returns fal's answer (``CANCELLATION_REQUESTED``, ``ALREADY_COMPLETED``...)."""
        from genvid_api_fal.api.queue import queue_cancel
        from genvid_api_fal.models import CancelResponse

        kwargs = queue_cancel._get_kwargs(app_base(application), request_id)
        try:
            response = self.api().get_httpx_client().request(**kwargs)
        except httpx.TransportError as exc:
            self._raise_transport(exc, False, request_id)
        if response.status_code in (400, 404):
            try:
                return str(CancelResponse.from_dict(response.json()).status.value)
            except (ValueError, KeyError, TypeError):
                pass
        if response.status_code >= 400:
            self.raise_for_status(response.status_code, response.content, response.headers, request_id)
        try:
            return str(CancelResponse.from_dict(response.json()).status.value)
        except (ValueError, KeyError, TypeError):
            return "OK"

    def subscribe(self, application: str, arguments: Mapping[str, Any], *, with_logs: bool = False,
                  on_queue_update: Callable[[QueueUpdate], None] | None = None,
                  on_enqueue: Callable[[str], None] | None = None, priority: Literal["normal", "low"] | None = None,
                  start_timeout: float | None = None, client_timeout: float | None = None,
                  webhook_url: str | None = None, cancel: threading.Event | None = None) -> dict[str, Any]:
        """Submit, wait (listening to status updates), and return the output JSON.

        ``client_timeout`` bounds the whole wait: when it passes the request is cancelled and
        ``DeadlineExceeded`` raised.
        """
        from ._exceptions import DeadlineExceeded
        from ._waiting import wait

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
                handle.cancel()
            except GenvidError:
                pass
            raise
        return dict(result.job.get("output") or {})

    def run(self, application: str, arguments: Mapping[str, Any], *, timeout: float | None = None
            ) -> dict[str, Any]:
        """Run synchronously on fal's run host (no queue) and return the output JSON."""
        from genvid_api_fal.api.queue import queue_submit
        from genvid_api_fal.models import AppInput

        prepared = self.prepare(application, arguments, common_names=False)
        body = AppInput.from_dict(self._upload_inputs(prepared.fields))
        kwargs = queue_submit._get_kwargs(application, body=body,
                                          x_fal_request_timeout=str(float(timeout)) if timeout else None)  # type: ignore[arg-type]
        if timeout is None:
            kwargs["headers"].pop("X-Fal-Request-Timeout", None)
        http = self.api(self.run_url).get_httpx_client()
        try:
            response = http.request(**kwargs, timeout=httpx.Timeout(None, connect=10))
        except httpx.TransportError as exc:
            self._raise_transport(exc, True, None)
        if response.status_code >= 400:
            self.raise_for_status(response.status_code, response.content, response.headers)
        try:
            out = response.json()
        except ValueError:
            raise MalformedResponse(f"run returned non-JSON (HTTP {response.status_code})", service=self.provider,
                                    status=response.status_code) from None
        return dict(out) if isinstance(out, dict) else {"output": out}

    def upload(self, data: Any, content_type: str | None = None, file_name: str | None = None) -> str:
        """Upload bytes, a path or a binary file object to fal storage; returns its URL.

        Files over 100 MiB go up in 10 MiB parts; memory stays bounded either way.
        """
        media = to_media("file", data)
        if media.source == "url":
            return str(media.value)
        kind = content_type or media.media_type or "application/octet-stream"
        name = file_name or media.name
        size = media.size
        if size is not None and size > MULTIPART_THRESHOLD:
            return self._upload_multipart(media, kind, name)
        return self._upload_single(media, kind, name)

    def upload_file(self, path: str | os.PathLike[str]) -> str:
        """Upload a local file; returns its URL."""
        return self.upload(Path(path))

    # --- storage ------------------------------------------------------------------
    def _cdn_token(self) -> tuple[str, str, str]:
        from genvid_api_fal.api.storage import storage_auth_token
        from genvid_api_fal.models import StorageToken, StorageTokenRequest

        now = time.time()
        if self._token is None or self._token[3] - 60 < now:
            parsed = self.call(storage_auth_token.sync_detailed, base_url=self.rest_url,
                               body=StorageTokenRequest(), storage_type="fal-cdn-v3", expect=StorageToken)
            expires = now + 3000
            raw_exp = getattr(parsed, "expires_at", None)
            if raw_exp is not None and not isinstance(raw_exp, type(None)):
                try:
                    import datetime

                    value = raw_exp if isinstance(raw_exp, datetime.datetime) else \
                        datetime.datetime.fromisoformat(str(raw_exp))
                    expires = value.timestamp()
                except (ValueError, TypeError):
                    pass
            base = str(getattr(parsed, "base_url", "") or self.cdn_url)
            self._token = (str(parsed.token_type), str(parsed.token), base.rstrip("/"), expires)
        return self._token[0], self._token[1], self._token[2]

    def _cdn_headers(self, kind: str, name: str) -> dict[str, str]:
        token_type, token, _ = self._cdn_token()
        return {"Authorization": f"{token_type} {token}", "Content-Type": kind, "X-Fal-File-Name": name}

    def _upload_single(self, media: MediaInput, kind: str, name: str) -> str:
        headers = self._cdn_headers(kind, name)
        stream = media.open()
        try:
            size = media.size
            if size is not None:
                headers["Content-Length"] = str(size)
            response = self.plain_http().post(f"{self.cdn_url}/files/upload", content=RewindableBody(stream),
                                              headers=headers)
        except httpx.TransportError as exc:
            self._raise_transport(exc, False, None)
        finally:
            if media.source == "path":
                stream.close()
        return self._access_url(response)

    def _access_url(self, response: httpx.Response) -> str:
        if response.status_code >= 400:
            self.raise_for_status(response.status_code, response.content, response.headers)
        try:
            url = response.json()["access_url"]
        except (ValueError, KeyError, TypeError):
            raise MalformedResponse("upload answer has no access_url", service=self.provider,
                                    status=response.status_code, body=response.text[:500]) from None
        return str(url)

    def _upload_multipart(self, media: MediaInput, kind: str, name: str) -> str:
        headers = self._cdn_headers(kind, name)
        http = self.plain_http()
        init = http.post(f"{self.cdn_url}/files/upload/multipart", headers=headers)
        if init.status_code >= 400:
            self.raise_for_status(init.status_code, init.content, init.headers)
        try:
            info = init.json()
            access_url, upload_id = str(info["access_url"]), str(info["uploadId"])
        except (ValueError, KeyError, TypeError):
            raise MalformedResponse("multipart initiate answer lacks access_url/uploadId", service=self.provider,
                                    status=init.status_code) from None
        parts = []
        stream = media.open()
        try:
            number = 1
            while chunk := stream.read(PART_SIZE):
                r = http.put(f"{access_url}/multipart/{upload_id}/{number}", content=chunk, headers=headers)
                if r.status_code >= 400:
                    self.raise_for_status(r.status_code, r.content, r.headers)
                parts.append({"partNumber": number, "etag": r.headers.get("etag", "")})
                number += 1
        finally:
            if media.source == "path":
                stream.close()
        done = http.post(f"{access_url}/multipart/{upload_id}/complete", json={"parts": parts}, headers=headers)
        if done.status_code >= 400:
            self.raise_for_status(done.status_code, done.content, done.headers)
        return access_url

    def _upload_inputs(self, value: Any) -> Any:
        """Replace media inputs anywhere in the arguments by URLs (uploaded) or data URIs (small)."""
        if isinstance(value, MediaInput):
            if value.source == "url" or value.source == "data_uri":
                return str(value.value)
            size = value.size
            if size is not None and size <= INLINE_LIMIT:
                return value.data_uri()
            return self.upload(value)
        if isinstance(value, dict):
            return {k: self._upload_inputs(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self._upload_inputs(v) for v in value]
        return value

    # --- the adapter verbs ----------------------------------------------------------
    def prepare(self, model: str, inputs: Mapping[str, Any], *, common_names: bool = True) -> Prepared:
        app_base(model)
        info = lookup(self.provider, model)
        fields = {wire: _mediaize(wire, value, common_names)
                  for _, wire, value in rename_inputs(model, inputs, COMMON, common_names)}
        if info is not None:
            known = set(info.inputs)
            for wire in fields:
                if wire not in known:
                    raise InvalidInput(f"{model} does not take {wire!r}; it takes {', '.join(info.inputs)}",
                                       field=wire, model=model, service=self.provider)
            for key, allowed in (("resolution", info.resolutions), ("aspect_ratio", info.aspect_ratios)):
                if key in fields and allowed and fields[key] not in allowed:
                    raise InvalidInput(f"{key} for {model} must be one of {', '.join(allowed)}, "
                                       f"got {fields[key]!r}", field=key, model=model, service=self.provider)
            for key in ("prompt",):
                if key in fields and not isinstance(fields[key], str):
                    raise InvalidInput(f"{key} must be a string", field=key, model=model)
            for key in ("sync_mode", "enhance_prompt"):
                if key in fields and not isinstance(fields[key], bool):
                    raise InvalidInput(f"{key} must be true or false", field=key, model=model)
            if "seed" in fields and (isinstance(fields["seed"], bool) or not isinstance(fields["seed"], int)):
                raise InvalidInput("seed must be an integer", field="seed", model=model)
            for key in info.media_inputs:  # the model's image / video inputs must be images / videos
                value = fields.get(key)
                if isinstance(value, MediaInput) or (isinstance(value, str) and value.startswith("data:")):
                    check_media_kind(to_media(key, value), service=self.provider)
        check_required(info, set(fields), model, self.provider)
        return Prepared(model, info, fields, digest(model, fields))

    def submit_prepared(self, prepared: Prepared, **options: Any) -> Job:
        from genvid_api_fal.api.queue import queue_submit
        from genvid_api_fal.models import AppInput, QueuePriority, QueueSubmitResponse

        body = AppInput.from_dict(self._upload_inputs(prepared.fields))
        kwargs: dict[str, Any] = {}
        if options.get("webhook_url"):
            kwargs["fal_webhook"] = options["webhook_url"]
        if options.get("priority"):
            kwargs["x_fal_queue_priority"] = QueuePriority(options["priority"])
        if options.get("start_timeout"):
            kwargs["x_fal_request_timeout"] = str(float(options["start_timeout"]))
        if options.get("hint"):
            kwargs["x_fal_runner_hint"] = options["hint"]
        parsed = self.call(queue_submit.sync_detailed, prepared.model, body=body, submit=True,
                           expect=QueueSubmitResponse, **kwargs)
        return Job(self.provider, prepared.model, parsed.request_id)

    def _status_raw(self, application: str, request_id: str, logs: bool) -> QueueUpdate:
        from genvid_api_fal.api.queue import queue_status

        parsed = self.call(queue_status.sync_detailed, app_base(application), request_id,
                           logs="true" if logs else "false", request_id=request_id)
        if parsed is None or isinstance(parsed, dict) or not hasattr(parsed, "status"):
            raise MalformedResponse("status answer is not a fal queue status", service=self.provider,
                                    request_id=request_id, body=parsed)
        return parsed

    def job_status(self, job: Job, *, logs: bool = False) -> JobStatus:
        return _to_status(job, self._status_raw(job.model, job.request_id, logs))

    def stream_status(self, job: Job, *, logs: bool = False) -> Iterator[JobStatus] | None:
        if not self.use_sse:
            return None
        return self._sse(job, logs)

    def _sse(self, job: Job, logs: bool) -> Iterator[JobStatus]:
        from genvid_api_fal.api.queue import queue_status_stream

        kwargs = queue_status_stream._get_kwargs(app_base(job.model), job.request_id, logs="1" if logs else "0")
        http = self.api().get_httpx_client()
        final: JobStatus | None = None
        try:
            with http.stream(**kwargs, timeout=httpx.Timeout(10.0, read=30.0)) as response:
                if response.status_code >= 400:
                    response.read()
                    self.raise_for_status(response.status_code, response.content, response.headers,
                                          job.request_id)
                lines = response.iter_lines()
                for line in lines:
                    if not line.startswith("data:"):
                        continue
                    try:
                        data = json.loads(line[5:].strip())
                    except ValueError:
                        continue
                    status = _to_status(job, _parse_status(data))
                    if status.done:
                        final = status
                        break
                    yield status
                if final is not None:
                    _drain(lines)
        except httpx.TransportError as exc:
            if final is None:
                raise GenvidError(f"status stream broke: {exc}", service=self.provider) from exc
        if final is not None:
            # Yielded after the stream is closed, so the result request can reuse its connection.
            yield final

    def job_result(self, job: Job, status: JobStatus) -> Result:
        output = self.result(job.model, job.request_id)
        media = _find_media(output)
        meta = {"provider": self.provider, "model": job.model, "request_id": job.request_id, "output": output}
        if media is None:
            raise MalformedResponse(f"fal output has no media file: keys {sorted(output)}", service=self.provider,
                                    request_id=job.request_id, body=output)
        return result_from_url(self.plain_http(), str(media["url"]), media_type=media.get("content_type"),
                               size=media.get("file_size"), file_name=media.get("file_name"), job=meta)

    def cancel_job(self, job: Job) -> bool:
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


def _mediaize(wire: str, value: Any, common_names: bool) -> Any:
    """Binary values become MediaInputs (uploaded at submit); strings stay, except paths under common names."""
    if isinstance(value, (bytes, bytearray, memoryview, os.PathLike)) or hasattr(value, "read"):
        return to_media(wire, value)
    if isinstance(value, str) and wire.endswith(MEDIA_SUFFIXES):
        if value.startswith(("http://", "https://", "data:")):
            to_media(wire, value)  # validates
            return value
        if common_names:
            return to_media(wire, value)
        raise InvalidInput(f"{wire} must be an https:// URL or data: URI (or pass bytes / a Path to upload)",
                           field=wire)
    if isinstance(value, dict):
        return {k: _mediaize(k, v, common_names) for k, v in value.items()}
    if isinstance(value, list):
        return [_mediaize(wire, v, common_names) for v in value]
    if wire.endswith(MEDIA_SUFFIXES) and value is not None:
        raise InvalidInput(f"{wire} must be an https:// URL, a data: URI, bytes, a path or a binary file object, "
                           f"not {type(value).__name__}", field=wire)
    return value


def _drain(lines: Iterator[str], max_lines: int = 16, max_seconds: float = 1.0) -> None:
    """Read the rest of a status stream after its terminal event.

    fal closes the stream right after ``COMPLETED`` (its documented behaviour), so this ends at
    once; a stream read to its end goes back to the connection pool, where one closed half-read
    would be dropped (and the next request would pay a new TCP + TLS handshake). A server that
    kept the stream open would be cut off at its next line (a keep-alive comment comes every 15 s)
    once a second has passed, or after 16 lines.
    """
    started = time.monotonic()
    for n, _ in enumerate(lines):
        if n >= max_lines or time.monotonic() - started > max_seconds:
            return


def _parse_status(data: Any) -> QueueUpdate:
    from genvid_api_fal.models import (
        QueueStatusCompleted,
        QueueStatusInProgress,
        QueueStatusInQueue,
        QueueStatusOther,
    )

    if not isinstance(data, dict):
        raise MalformedResponse("status event is not an object", service="fal", body=data)
    parsers: dict[str, Callable[[dict[str, Any]], QueueUpdate]] = {
        "IN_QUEUE": QueueStatusInQueue.from_dict, "IN_PROGRESS": QueueStatusInProgress.from_dict,
        "COMPLETED": QueueStatusCompleted.from_dict}
    parse = parsers.get(str(data.get("status")), QueueStatusOther.from_dict)
    try:
        return parse(data)  # type: ignore[no-untyped-call]
    except (ValueError, KeyError, TypeError):
        return QueueStatusOther.from_dict(data)


def _to_status(job: Job, raw: QueueUpdate) -> JobStatus:
    name = str(getattr(raw, "status", ""))
    logs_value = getattr(raw, "logs", None)
    logs = tuple(str(getattr(e, "message", e)) for e in logs_value) if isinstance(logs_value, list) else ()
    if name == "IN_QUEUE":
        pos = getattr(raw, "queue_position", None)
        return JobStatus(job, "queued", name, queue_position=pos if isinstance(pos, int) else None, raw=raw)
    if name == "COMPLETED":
        error = getattr(raw, "error", None)
        if isinstance(error, str) and error:
            etype = getattr(raw, "error_type", None)
            cancelled = "cancel" in error.lower()
            return JobStatus(job, "cancelled" if cancelled else "failed", name, logs=logs, error=error,
                             error_code=etype if isinstance(etype, str) else None, raw=raw)
        return JobStatus(job, "completed", name, logs=logs, raw=raw)
    return JobStatus(job, "running", name, logs=logs, raw=raw)


def _as_dict(parsed: Any) -> dict[str, Any]:
    if hasattr(parsed, "to_dict"):
        out = parsed.to_dict()
        return dict(out) if isinstance(out, dict) else {}
    return dict(parsed) if isinstance(parsed, dict) else {}


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
