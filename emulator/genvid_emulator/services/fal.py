"""fal.ai: the queue host, the synchronous run host, storage uploads and signed webhooks.

Wire reference: ``shared/providers/fal.md``. Four mounts share one spec (``specs/fal.yaml``):

* ``/fal`` -- the queue host (``FAL_QUEUE_RUN_HOST=127.0.0.1:PORT/fal``): submit, status (and its
  SSE stream), result, cancel. Status, result and cancel live under ``[namespace/]owner/app``
  only, the submit under the full app id.
* ``/fal-run`` -- the run host (``FAL_RUN_HOST=127.0.0.1:PORT/fal-run``): the same ``POST
  /{app_id}`` answered with the model output once the job is done (no queue, no webhook).
* ``/fal-rest`` -- storage tokens, signed-URL upload initiation and the webhook JWKS.
* ``/fal-cdn`` -- raw and multipart uploads with a storage token, and the uploaded files.

A failed request is never ``FAILED`` on the wire: it ends ``COMPLETED`` with ``error`` set, and
its result is the model's error body (422 ``detail`` list, or an infrastructure error with
``error_type``). Webhooks are signed with an ED25519 key of this emulator instance, published
at ``/fal-rest/.well-known/jwks.json``. With ``sync_mode`` (by default where the app's schema
says so, ``x-genvid-default``) the output's ``url`` is the media itself, as a ``data:`` URI.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import datetime
import hashlib
import json
import mimetypes
import os
import re
import secrets
import time
import urllib.parse
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, fields
from typing import Any

import httpx
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from genvid._providers import provider

from .._app import Call, Emulator, Service
from .._jobs import Job
from .._specs import Operation, SpecRouter, _compile
from ._common import (
    add_output,
    field_default,
    media_fields,
    output_spec,
    render_now,
    resolve_model,
    resolve_reference,
)

SPEC = "fal"
# The hosts' prefixes on the emulator root, from genvid's provider table.
QUEUE, RUN, REST, CDN = (provider("fal").emulator_mounts[role] for role in ("queue", "run", "rest", "cdn"))
NAMESPACES = ("workflows", "comfy")
TERMINAL = ("done", "failed", "cancelled")
WEBHOOK_USER_ID = "genvid-emulator-user"
TOKEN_TTL_S = 3600
SSE_POLL_S = 0.05
SSE_KEEPALIVE_S = 15.0
RUN_MAX_WAIT_S = 600.0

# Infrastructure failures (``fail=<type>``): HTTP status of the result and the human text.
INFRA_ERRORS: dict[str, tuple[int, str]] = {
    "request_timeout": (504, "The request timed out before it could start"),
    "startup_timeout": (504, "The runner did not start in time"),
    "runner_scheduling_failure": (503, "No runner could be scheduled for the request"),
    "runner_connection_timeout": (503, "The connection to the runner timed out"),
    "runner_disconnected": (503, "The runner disconnected while processing the request"),
    "runner_connection_refused": (503, "The runner refused the connection"),
    "internal_server_error": (500, "Internal server error"),
}
DEFAULT_FAILURE = "content_policy_violation"
MODEL_ERRORS = {
    "content_policy_violation": "The content could not be processed because it contained material flagged by "
                                "a content checker.",
}
CANCELLED_DETAIL = "Request was cancelled"

_PUBLIC_GET = re.compile(rf"^(?:{CDN}/files/[^/]+/[^/]+|{REST}/\.well-known/jwks\.json)$")
_UNDER_FILE = re.compile(r"^/files/(?P<file>.+)/(?P<rest>multipart/[^/]+/[^/]+)$")
_CDN_FILE = re.compile(rf"{CDN}/files/([^/?#]+)/")


# --- routing ------------------------------------------------------------------------


class _AnyBody(Operation):
    """An upload operation: the official clients send the file's own media type, accept any."""

    def body_schema(self, content_type: str) -> dict[str, Any] | None:
        return {}


def _synthetic(operation_id: str, method: str, path: str) -> Operation:
    """A route the spec does not describe (public CDN file downloads, the JWKS)."""
    regex, weight = _compile(path)
    return Operation(SPEC, operation_id, method, path, ("storage",), regex, weight, [], {}, {})


class _FalRouter(SpecRouter):
    """The spec router plus what fal's hosts need beyond it.

    * ``cdn_upload``/``cdn_multipart_part`` accept any request media type;
    * multipart part/complete calls are addressed relative to the ``access_url``
      (``/files/<key>/<name>/multipart/...``), so that prefix is stripped before matching;
    * ``GET|HEAD /files/{key}/{file_name}`` on the CDN and ``GET /.well-known/jwks.json`` on
      the REST host are served without a key.
    """

    def __init__(self, name: str, tags: tuple[str, ...] | None, mount: str) -> None:
        super().__init__(name, tags)
        ops = [
            _AnyBody(**{f.name: getattr(op, f.name) for f in fields(op)})
            if op.operation_id in {"cdn_upload", "cdn_multipart_part"} else op
            for op in self.operations
        ]
        if mount == CDN:
            ops += [_synthetic("cdn_file_get", m, "/files/{file_key}/{file_name}") for m in ("GET", "HEAD")]
        if mount == REST:
            ops.append(_synthetic("webhook_jwks", "GET", "/.well-known/jwks.json"))
        ops.sort(key=lambda o: -o.literal_weight)
        self.operations = ops
        self.by_id = {o.operation_id: o for o in ops}
        self.mount = mount

    def match(self, method: str, path: str) -> tuple[Operation | None, dict[str, str], bool]:
        m = _UNDER_FILE.match(path) if self.mount == CDN else None
        if m is None:
            return super().match(method, path)
        op, params, exists = super().match(method, "/" + m.group("rest"))
        if op is not None:
            params = {**params, "file_path": m.group("file")}
        return op, params, exists


# --- state ----------------------------------------------------------------------------


@dataclass
class _Multipart:
    key: str
    file_name: str
    media_type: str
    parts: dict[int, tuple[str, str]] = field(default_factory=dict)  # number -> (path, etag)
    done: bool = False


@dataclass
class _SignedUpload:
    key: str
    file_name: str
    media_type: str


def _inline(entry: dict[str, Any], call: Call) -> bool:
    """Whether the output comes back inline (a data: URI): the request's ``sync_mode``, else the
    default the app's schema states (true for the Lucy apps, as fal documents)."""
    given = call.body.get("sync_mode")
    if isinstance(given, bool):
        return given
    return field_default(SPEC, entry.get("operation") or call.op.operation_id, "sync_mode") is True


def app_base(app_id: str) -> str:
    """``[namespace/]owner/app`` of a full app id (status, result and cancel live there)."""
    parts = app_id.strip("/").split("/")
    n = 3 if parts and parts[0] in NAMESPACES else 2
    return "/".join(parts[:n])


def _iso(wall: float) -> str:
    return datetime.datetime.fromtimestamp(wall, datetime.UTC).isoformat()


def _with_logs(value: Any) -> bool:
    return str(value).strip().lower() in {"1", "true", "yes"} if value is not None else False


class Fal(Service):
    """fal.ai at ``{root}/fal`` (queue), ``/fal-run``, ``/fal-rest`` and ``/fal-cdn``."""

    name = "fal"
    mounts = {  # noqa: RUF012 (read-only, as in Service)
        "queue": ("queue", "endpoints"), "run": ("queue", "endpoints"), "rest": ("storage",), "cdn": ("storage",),
    }

    def router(self, prefix: str, tags: tuple[str, ...] | None) -> SpecRouter:
        return _FalRouter(self.spec, tags, prefix)

    def __init__(self, emulator: Emulator) -> None:
        super().__init__(emulator)
        self._signing_key = Ed25519PrivateKey.generate()
        public = self._signing_key.public_key().public_bytes(serialization.Encoding.Raw,
                                                            serialization.PublicFormat.Raw)
        self._public_x = base64.urlsafe_b64encode(public).rstrip(b"=").decode()
        self.kid = hashlib.sha256(public).hexdigest()[:16]
        self._tokens: dict[str, float] = {}  # storage token -> expiry (unix seconds)
        self._files: dict[str, str | None] = {}  # CDN file key -> blob id (None until uploaded)
        self._multipart: dict[str, _Multipart] = {}
        self._signed: dict[str, _SignedUpload] = {}

    # --- wire basics ------------------------------------------------------------------
    def error(self, status: int, detail: Any, headers: dict[str, str] | None = None,
              error_type: str | None = None) -> Response:
        body: dict[str, Any] = {"detail": detail}
        hdrs = dict(headers or {})
        if error_type is None and status == 503:
            error_type = "runner_scheduling_failure"
        if error_type is not None:
            body["error_type"] = error_type
            hdrs["X-Fal-Error-Type"] = error_type
        return JSONResponse(body, status_code=status, headers=hdrs)

    def unauthorized(self) -> Response:
        return self.error(401, "Authentication is required to access this application: send "
                               "'Authorization: Key <FAL_KEY>'")

    def api_key(self, request: Request) -> str | None:
        """The credential of ``Authorization: Key <key>`` or ``Bearer <jwt or storage token>``."""
        if request.method in {"GET", "HEAD"} and _PUBLIC_GET.match(request.scope["path"]):
            return self.emu.settings.api_key or "public"
        scheme, _, cred = request.headers.get("authorization", "").strip().partition(" ")
        cred = cred.strip()
        if not cred or scheme.lower() not in {"key", "bearer"}:
            return None
        if scheme.lower() == "bearer" and self._token_valid(cred):
            return self.emu.settings.api_key or cred
        return cred

    def is_job_submit(self, op: Operation) -> bool:
        return op.operation_id == "queue_submit" or op.operation_id.startswith("submit_")

    def failure_for(self, code: str) -> tuple[str, str]:
        code = code or DEFAULT_FAILURE
        if code in INFRA_ERRORS:
            return code, INFRA_ERRORS[code][1]
        return code, MODEL_ERRORS.get(code, f"The model failed to process the request ({code})")

    # --- submit and run -----------------------------------------------------------------
    async def op_queue_submit(self, call: Call) -> Response:
        app_id = call.path_params.get("app_id") or call.op.path.lstrip("/")
        app_id = app_id.strip("/")
        entry = resolve_model(SPEC, app_id)
        if entry is None:
            if call.op.operation_id == "queue_submit":
                return self.error(404, f"Application '{app_id}' not found")
            entry = {"id": app_id}  # an app with a typed operation the catalog does not list: defaults
        if not isinstance(call.body, dict):
            return self.validation_error([])
        timeout: float | None = None
        raw_timeout = call.request.headers.get("x-fal-request-timeout")
        if raw_timeout is not None:
            try:
                timeout = float(raw_timeout)
            except ValueError:
                return self.error(422, [{"loc": ["header", "X-Fal-Request-Timeout"],
                                         "msg": "Input should be a valid number", "type": "float_parsing"}])
        job = self.new_job(call, app_id, dict(call.body))
        job.extra.update(app_id=app_id, app_base=app_base(app_id), root=call.root_url,
                         gateway_request_id=job.id, timeout=timeout,
                         priority=call.request.headers.get("x-fal-queue-priority", "normal"),
                         hint=call.request.headers.get("x-fal-runner-hint"),
                         inline=_inline(entry, call), run=call.mount == RUN)
        if timeout is not None and timeout < job.queue_s:
            # The deadline covers the wait in the queue only: the request never starts.
            job.outcome, job.queue_s, job.run_s = "fail", timeout, 0.0
            job.failure_code, job.failure_reason = self.failure_for("request_timeout")
        await self._render_job(call, entry, job)
        if call.mount == RUN:
            return await self._run(call, job)
        webhook = call.query.get("fal_webhook")
        if webhook:
            job.extra["webhook"] = str(webhook)
            job.extra["notify"] = True
        urls = self._urls(call.root_url, job)
        body = {"request_id": job.id, **urls, "status": "IN_QUEUE",
                "queue_position": job.queue_position(self.emu.clock.now()), "gateway_request_id": job.id}
        return JSONResponse(body, headers={"x-fal-request-id": job.id})

    async def _render_job(self, call: Call, entry: dict[str, Any], job: Job) -> None:
        body: dict[str, Any] = call.body
        source = None
        for name in media_fields(SPEC, entry.get("operation") or call.op.operation_id) or ("image_url", "video_url"):
            ref = body.get(name)
            if isinstance(ref, str) and source is None:
                source = self._resolve(ref)
        spec = output_spec(self.emu, entry, resolution=body.get("resolution"),
                           portrait=body.get("aspect_ratio") == "9:16")
        key = f"fal|{entry['id']}|{body.get('prompt', '')}|{body.get('seed', '')}"
        blob = add_output(self.emu, call, spec, key, source, job.id)
        job.extra["blob"] = blob.id

    def _resolve(self, ref: str) -> bytes | None:
        """Bytes behind a media input: data URI, emulator file or fal CDN upload (https: not fetched)."""
        m = _CDN_FILE.search(ref)
        if m:
            blob_id = self._files.get(m.group(1), m.group(1))
            blob = self.emu.blobs.get(blob_id) if blob_id else None
            if blob is not None:
                return blob.data()
        return resolve_reference(self.emu, ref)

    async def _run(self, call: Call, job: Job) -> Response:
        """The run host: wait (real time) for the job, answer its output or its error."""
        deadline = time.monotonic() + RUN_MAX_WAIT_S
        while job.phase(self.emu.clock.now()) not in TERMINAL:
            if time.monotonic() > deadline:
                job.cancelled_at = self.emu.clock.now()
                return self.error(504, "The request did not finish in time", error_type="request_timeout")
            if await call.request.is_disconnected():
                job.cancelled_at = self.emu.clock.now()  # dropping the connection cancels the request
                return Response(status_code=499)
            await asyncio.sleep(self._pause(job))
        status, body, headers = await self._result(job, call.root_url)
        return JSONResponse(body, status_code=status, headers={**headers, "x-fal-request-id": job.id})

    def _pause(self, job: Job) -> float:
        """How long a waiting stream sleeps: until its next look, or until the job ends if that is sooner, so
        the push comes as the job completes (as fal's does) rather than up to a look later."""
        clock = self.emu.clock
        end = job.finished_at()
        if end is None or clock.speed == 0:
            return SSE_POLL_S
        left = (end - clock.now()) / clock.speed
        return min(SSE_POLL_S, left + 0.0005) if left > 0 else SSE_POLL_S

    # --- queue ------------------------------------------------------------------------
    def _urls(self, root: str, job: Job) -> dict[str, str]:
        base = f"{root}{QUEUE}/{job.extra['app_base']}/requests/{job.id}"
        return {"response_url": base, "status_url": base + "/status", "cancel_url": base + "/cancel"}

    def _job(self, call: Call) -> Job | None:
        job = self.emu.jobs.get(call.path_params["request_id"], self.name)
        if job is None or job.extra.get("run") or job.extra.get("app_base") != call.path_params["app_base"]:
            return None
        return job

    def _wall(self, job: Job, offset: float) -> float:
        speed = self.emu.clock.speed
        return job.created_wall + (offset / speed if speed > 0 else offset)

    def _logs(self, job: Job, now: float) -> list[dict[str, Any]]:
        if job.failure_code == "request_timeout":
            return []  # it never started
        at = now
        if job.cancelled_at is not None and job.cancelled_at <= now:
            if job.cancelled_at - job.created < job.queue_s:
                return []
            at = job.cancelled_at - 1e-9
        out = []
        for line in job.log_lines(at):
            offset = job.queue_s
            m = re.fullmatch(r"Step (\d+)/10", line)
            if m:
                offset += job.run_s * int(m.group(1)) / 10
            elif line.startswith("Encoding"):
                offset += job.run_s
            out.append({"message": line, "level": "INFO", "source": "USER",
                        "timestamp": _iso(self._wall(job, offset))})
        return out

    def _status(self, job: Job, root: str, with_logs: bool) -> tuple[dict[str, Any], bool]:
        """(status body, completed)."""
        now = self.emu.clock.now()
        phase = job.phase(now)
        body: dict[str, Any] = {"status": "IN_QUEUE", "request_id": job.id, **self._urls(root, job)}
        if phase == "queued":
            body["queue_position"] = job.queue_position(now)
            return body, False
        logs = self._logs(job, now) if with_logs else None
        if phase == "running":
            body.update(status="IN_PROGRESS", logs=logs)
            return body, False
        if phase == "cancelled":
            ran = max(0.0, min(job.cancelled_at or now, job.created + job.queue_s + job.run_s)
                      - job.created - job.queue_s)
            body.update(status="COMPLETED", logs=logs, metrics={"inference_time": round(ran, 3) if ran else None},
                        error=CANCELLED_DETAIL, error_type=None)
            return body, True
        body.update(status="COMPLETED", logs=logs, metrics={"inference_time": round(job.run_s, 3) or None})
        if phase == "failed":
            status, _, _ = self._failure(job)
            code = job.failure_code or DEFAULT_FAILURE
            body["error"] = job.failure_reason if code in INFRA_ERRORS else f"Invalid status code: {status}"
            body["error_type"] = code
        return body, True

    def _failure(self, job: Job) -> tuple[int, dict[str, Any], dict[str, str]]:
        """(HTTP status, body, headers) of a failed request's result."""
        code = job.failure_code or DEFAULT_FAILURE
        reason = job.failure_reason or MODEL_ERRORS[DEFAULT_FAILURE]
        if code in INFRA_ERRORS:
            headers = {"X-Fal-Error-Type": code}
            if code == "request_timeout" and job.extra.get("timeout") is not None:
                headers["X-Fal-Request-Timeout-Type"] = "user"
            return INFRA_ERRORS[code][0], {"detail": reason, "error_type": code}, headers
        prompt = job.inputs.get("prompt")
        item = {"loc": ["body", "prompt"], "msg": reason, "type": code, "input": prompt}
        return 422, {"detail": [item]}, {"X-Fal-Retryable": "false"}

    async def _output(self, job: Job, root: str) -> dict[str, Any] | None:
        """The app's output: the video by URL, or inline as a ``data:`` URI with ``sync_mode``."""
        blob = self.emu.blobs.get(job.extra.get("blob", ""))
        if blob is None:
            return None
        size = await render_now(blob)
        url = f"{root}/_emulator/files/{blob.id}/{blob.filename}"
        if job.extra.get("inline"):  # the bytes a download would get (padding included)
            data = await run_in_threadpool(lambda: b"".join(blob.iter_range(0, size - 1)))
            url = f"data:{blob.media_type};base64,{base64.b64encode(data).decode()}"
        return {"video": {"url": url, "content_type": blob.media_type, "file_name": blob.filename,
                          "file_size": size}}

    async def _result(self, job: Job, root: str) -> tuple[int, dict[str, Any], dict[str, str]]:
        """(HTTP status, body, headers) of a finished request."""
        phase = job.phase(self.emu.clock.now())
        if phase == "cancelled":
            return 400, {"detail": CANCELLED_DETAIL}, {}
        if phase == "failed":
            return self._failure(job)
        output = await self._output(job, root)
        if output is None:
            return 404, {"detail": "The request's output is no longer available"}, {}
        return 200, output, {}

    async def op_queue_status(self, call: Call) -> Response:
        if call.mount == RUN:
            return self.error(404, "Not Found")
        job = self._job(call)
        if job is None:
            return self.error(404, f"Request '{call.path_params['request_id']}' not found")
        body, done = self._status(job, call.root_url, _with_logs(call.query.get("logs")))
        return JSONResponse(body, status_code=200 if done else 202, headers={"x-fal-request-id": job.id})

    async def op_queue_status_stream(self, call: Call) -> Response:
        if call.mount == RUN:
            return self.error(404, "Not Found")
        job = self._job(call)
        if job is None:
            return self.error(404, f"Request '{call.path_params['request_id']}' not found")
        with_logs = _with_logs(call.query.get("logs"))
        root = call.root_url

        async def events() -> AsyncIterator[str]:
            last = None
            last_sent = time.monotonic()
            while True:
                body, done = self._status(job, root, with_logs)
                text = json.dumps(body, separators=(",", ":"))
                if text != last:
                    last, last_sent = text, time.monotonic()
                    yield f"data: {text}\n\n"
                    if done:
                        return
                elif time.monotonic() - last_sent >= SSE_KEEPALIVE_S:
                    last_sent = time.monotonic()
                    yield ": keep-alive\n\n"
                await asyncio.sleep(self._pause(job))

        return StreamingResponse(events(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "x-fal-request-id": job.id})

    async def op_queue_result(self, call: Call) -> Response:
        if call.mount == RUN:
            return self.error(404, "Not Found")
        job = self._job(call)
        if job is None:
            return self.error(404, f"Request '{call.path_params['request_id']}' not found")
        if job.phase(self.emu.clock.now()) not in TERMINAL:
            return self.error(400, "Request is still in progress", {"x-fal-request-id": job.id})
        status, body, headers = await self._result(job, call.root_url)
        return JSONResponse(body, status_code=status, headers={**headers, "x-fal-request-id": job.id})

    async def op_queue_cancel(self, call: Call) -> Response:
        """fal's documented answers: a queued request is removed (200 ``OK``), a running one is
        signalled (202 ``CANCELLATION_REQUESTED``); a finished or unknown one is refused."""
        if call.mount == RUN:
            return self.error(404, "Not Found")
        job = self._job(call)
        if job is None:
            return JSONResponse({"status": "NOT_FOUND"}, status_code=404)
        now = self.emu.clock.now()
        phase = job.phase(now)
        if phase in TERMINAL:
            return JSONResponse({"status": "ALREADY_COMPLETED"}, status_code=400)
        job.cancelled_at = now
        if phase == "queued":
            return JSONResponse({"status": "OK"}, status_code=200)
        return JSONResponse({"status": "CANCELLATION_REQUESTED"}, status_code=202)

    # --- webhooks -----------------------------------------------------------------------
    def jwks(self) -> dict[str, Any]:
        """The public key set webhook receivers verify signatures with."""
        return {"keys": [{"kty": "OKP", "crv": "Ed25519", "x": self._public_x, "kid": self.kid, "use": "sig",
                          "alg": "EdDSA"}]}

    def sign(self, request_id: str, user_id: str, timestamp: str, body: bytes) -> str:
        """Hex ED25519 signature of ``request_id\\nuser_id\\ntimestamp\\nsha256hex(body)``."""
        message = f"{request_id}\n{user_id}\n{timestamp}\n{hashlib.sha256(body).hexdigest()}"
        return self._signing_key.sign(message.encode()).hex()

    async def webhook_payload(self, job: Job) -> dict[str, Any]:
        root = job.extra.get("root", "")
        status, body, _ = await self._result(job, root)
        payload: dict[str, Any] = {"request_id": job.id, "gateway_request_id": job.extra.get("gateway_request_id",
                                                                                              job.id)}
        if status == 200:
            payload.update(status="OK", payload=body)
        else:
            payload.update(status="ERROR", payload=body, error=f"Invalid status code: {status}")
        return payload

    async def notify(self, job: Job, phase: str) -> None:
        url = job.extra.get("webhook")
        if phase not in TERMINAL or not url or not self.may_deliver(url, job):
            return
        raw = json.dumps(await self.webhook_payload(job), separators=(",", ":")).encode()
        retries = max(0, int(self.emu.settings.webhook_retries))
        async with httpx.AsyncClient(timeout=10.0) as client:
            for attempt in range(1, retries + 2):
                ts = str(int(time.time()))
                headers = {"Content-Type": "application/json", "User-Agent": "fal-webhook/emulator",
                           "X-Fal-Webhook-Request-Id": job.id, "X-Fal-Webhook-User-Id": WEBHOOK_USER_ID,
                           "X-Fal-Webhook-Timestamp": ts,
                           "X-Fal-Webhook-Signature": self.sign(job.id, WEBHOOK_USER_ID, ts, raw)}
                record: dict[str, Any] = {"service": self.name, "url": url, "status": None, "attempt": attempt,
                                          "t": time.time(), "request_id": job.id}
                try:
                    response = await client.post(url, content=raw, headers=headers)
                    record["status"] = response.status_code
                except httpx.HTTPError as exc:
                    record["error"] = f"{type(exc).__name__}: {exc}"
                self.emu.deliveries.append(record)
                if record["status"] is not None and 200 <= record["status"] < 300:
                    return
                if attempt <= retries:
                    await asyncio.sleep(min(2.0, 0.2 * 2 ** (attempt - 1)))

    async def op_webhook_jwks(self, call: Call) -> Response:
        return JSONResponse(self.jwks(), headers={"Cache-Control": "public, max-age=86400"})

    # --- storage ------------------------------------------------------------------------
    def _token_valid(self, token: str) -> bool:
        expiry = self._tokens.get(token)
        return expiry is not None and expiry > time.time()

    def _check_token(self, call: Call) -> Response | None:
        scheme, _, cred = call.request.headers.get("authorization", "").strip().partition(" ")
        if scheme.lower() == "bearer" and self._token_valid(cred.strip()):
            return None
        return self.error(401, "Invalid or expired storage token: get one from "
                               "POST /storage/auth/token?storage_type=fal-cdn-v3")

    def _cdn_file_url(self, root: str, key: str, file_name: str) -> str:
        return f"{root}{CDN}/files/{key}/{urllib.parse.quote(file_name)}"

    async def op_storage_auth_token(self, call: Call) -> Response:
        token = secrets.token_urlsafe(32)
        expiry = time.time() + TOKEN_TTL_S
        self._tokens = {t: e for t, e in self._tokens.items() if e > time.time()}
        self._tokens[token] = expiry
        return JSONResponse({"token": token, "token_type": "Bearer", "base_url": call.root_url + CDN,
                             "expires_at": _iso(expiry)})

    async def op_storage_upload_initiate(self, call: Call) -> Response:
        body: dict[str, Any] = call.body
        file_name = _safe_name(str(body["file_name"]), str(body["content_type"]))
        key = secrets.token_hex(12)
        upload_id = f"fal-{secrets.token_hex(12)}"
        self._files[key] = None
        self._signed[upload_id] = _SignedUpload(key, file_name, str(body["content_type"]))
        return JSONResponse({"upload_url": f"{call.root_url}/_emulator/uploads/{upload_id}",
                             "file_url": self._cdn_file_url(call.root_url, key, file_name)})

    async def op_cdn_upload(self, call: Call) -> Response:
        denied = self._check_token(call)
        if denied is not None:
            return denied
        media = _media_type(call.request.headers.get("content-type"))
        name = _safe_name(call.request.headers.get("x-fal-file-name") or "", media)
        if media == "application/octet-stream":
            media = mimetypes.guess_type(name)[0] or media
        path = call.raw_body_path
        if path is None:  # a JSON (or other parsed) body: keep its exact bytes
            path = self.emu.blobs.new_upload_path()
            with open(path, "wb") as f:
                f.write(await _body_bytes(call))
        blob = self.emu.blobs.add_file(media, name, path)
        return JSONResponse({"access_url": self.file_url(call, blob)})

    async def op_cdn_multipart_initiate(self, call: Call) -> Response:
        denied = self._check_token(call)
        if denied is not None:
            return denied
        media = _media_type(call.request.headers.get("content-type"))
        name = _safe_name(call.request.headers.get("x-fal-file-name") or "", media)
        key = secrets.token_hex(12)
        upload_id = secrets.token_hex(16)
        self._files[key] = None
        self._multipart[upload_id] = _Multipart(key, name, media)
        return JSONResponse({"access_url": self._cdn_file_url(call.root_url, key, name), "uploadId": upload_id})

    def _upload(self, call: Call) -> _Multipart | Response:
        """The multipart upload a CDN call names, or the error response (token first, then 404)."""
        denied = self._check_token(call)
        if denied is not None:
            return denied
        up = self._multipart.get(call.path_params["upload_id"])
        file_path = call.path_params.get("file_path")
        if up is None or (file_path is not None and file_path.split("/", 1)[0] != up.key):
            return self.error(404, "Multipart upload not found")
        return up

    async def op_cdn_multipart_part(self, call: Call) -> Response:
        up = self._upload(call)
        if isinstance(up, Response):
            return up
        if up.done:
            return self.error(400, "Multipart upload already completed")
        number = int(call.path_params["part_number"])
        path = call.raw_body_path
        if path is None:
            path = self.emu.blobs.new_upload_path()
            with open(path, "wb") as f:
                f.write(await _body_bytes(call))
        digest = hashlib.md5(usedforsecurity=False)
        with open(path, "rb") as f:
            while chunk := f.read(1 << 20):
                digest.update(chunk)
        etag = f'"{digest.hexdigest()}"'
        old = up.parts.get(number)
        if old is not None and old[0] != path:
            _unlink(old[0])
        up.parts[number] = (path, etag)
        return Response(status_code=200, headers={"ETag": etag})

    async def op_cdn_multipart_complete(self, call: Call) -> Response:
        up = self._upload(call)
        if isinstance(up, Response):
            return up
        access_url = self._cdn_file_url(call.root_url, up.key, up.file_name)
        if up.done:
            return JSONResponse({"access_url": access_url})
        listed: list[dict[str, Any]] = call.body["parts"]
        wanted: dict[int, str] = {}
        for part in listed:
            wanted[int(part["partNumber"])] = str(part["etag"])
        if not wanted:
            return self.error(400, "No parts were listed")
        for number, etag in wanted.items():
            stored = up.parts.get(number)
            if stored is None:
                return self.error(400, f"Part {number} was not uploaded")
            if stored[1].strip('"') != etag.strip('"'):
                return self.error(400, f"ETag of part {number} does not match")
        path = self.emu.blobs.new_upload_path()
        with open(path, "wb") as out:
            for number in sorted(wanted):
                with open(up.parts[number][0], "rb") as f:
                    while chunk := f.read(1 << 20):
                        out.write(chunk)
        for part_path, _ in up.parts.values():
            _unlink(part_path)
        up.parts.clear()
        up.done = True
        blob = self.emu.blobs.add_file(up.media_type, up.file_name, path)
        self._files[up.key] = blob.id
        return JSONResponse({"access_url": access_url})

    async def op_cdn_file_get(self, call: Call) -> Response:
        key = call.path_params["file_key"]
        blob_id = self._files.get(key)
        if blob_id is None or self.emu.blobs.get(blob_id) is None:
            return self.error(404, "File not found")
        return self.emu.download(call.request, blob_id)


# --- module-level entry points wired by _app.py ------------------------------------------


async def handle_jwks(emu: Emulator, request: Request) -> Response:
    """``GET {root}/fal-rest/.well-known/jwks.json``: the webhook signing keys (no auth)."""
    svc = emu.service(Fal.name)
    assert isinstance(svc, Fal)
    return JSONResponse(svc.jwks(), headers={"Cache-Control": "public, max-age=86400"})


def owns_upload(upload_id: str) -> bool:
    """Whether ``/_emulator/uploads/{upload_id}`` is a fal signed upload (ids start with ``fal-``)."""
    return upload_id.startswith("fal-")


async def handle_fal_upload(emu: Emulator, request: Request, upload_id: str) -> Response:
    """``PUT {root}/_emulator/uploads/{upload_id}``: the signed URL of ``storage_upload_initiate``.

    No fal authorization (the URL is the credential). The body is streamed to disk and the
    file is then served at the ``file_url`` the initiate call returned.
    """
    svc = emu.service(Fal.name)
    assert isinstance(svc, Fal)
    if request.method != "PUT":
        return JSONResponse({"detail": "Method Not Allowed"}, status_code=405, headers={"Allow": "PUT"})
    up = svc._signed.get(upload_id)
    if up is None:
        return JSONResponse({"detail": "Upload not found"}, status_code=404)
    path = emu.blobs.new_upload_path()
    with open(path, "wb") as f:
        async for chunk in request.stream():
            f.write(chunk)
    media = _media_type(request.headers.get("content-type")) if request.headers.get("content-type") \
        else up.media_type
    old = svc._files.get(up.key)
    blob = emu.blobs.add_file(media, up.file_name, path)
    svc._files[up.key] = blob.id
    if old:
        emu.blobs.delete(old)
    return Response(status_code=200)


# --- helpers --------------------------------------------------------------------------------


def _media_type(value: str | None) -> str:
    media = (value or "").split(";", 1)[0].strip().lower()
    return media or "application/octet-stream"


def _safe_name(name: str, media: str) -> str:
    """A single path segment to store the file under (generated when missing)."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    if not name or name in {".", ".."}:
        ext = mimetypes.guess_extension(media) or ".bin"
        name = f"{secrets.token_hex(8)}{ext}"
    return name


async def _body_bytes(call: Call) -> bytes:
    try:
        return await call.request.body()
    except RuntimeError:  # the stream was consumed as a form
        for upload in call.files.values():
            await upload.seek(0)
            return await upload.read()
        return b""


def _unlink(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
