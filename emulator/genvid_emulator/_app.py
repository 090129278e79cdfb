"""The emulator as one ASGI application: service prefixes, spec validation, faults, control.

Layout of one emulator root (``http://127.0.0.1:8765``)::

    /decart                    Decart API base URL
    /fal                       fal queue host (FAL_QUEUE_RUN_HOST=127.0.0.1:8765/fal)
    /fal-run                   fal sync run host (FAL_RUN_HOST=127.0.0.1:8765/fal-run)
    /fal-rest                  fal REST host: storage tokens, uploads, webhook JWKS
    /fal-cdn                   fal CDN upload host
    /luma/dream-machine/v1     Luma Dream Machine base URL
    /luma-agents/v1            Luma Agents base URL
    /_emulator/...             health, request journal, reset, clock, config, files
"""

from __future__ import annotations

import asyncio
import collections
import json
import random
import re
import time
import urllib.parse
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.types import Receive, Scope, Send

from ._clock import Clock
from ._faults import HEADER, NGINX_502, FaultPlan, Faults, InjectedDisconnect
from ._jobs import Job, JobStore
from ._specs import MULTIPART, URLENCODED, Operation, SpecRouter, SpecValidator, ValidationIssue, coerce
from ._store import Blob, BlobStore


@dataclass
class Settings:
    """Knobs of one emulator instance (all changeable at run time via /_emulator/config)."""

    api_key: str | None = None
    queue_seconds: float = 1.0
    run_seconds: float = 2.0
    # Each job's queue and run times are scaled by a factor drawn uniformly from [1, 1 + job_time_jitter]:
    # concurrent jobs of different lengths, the same sequence after every reset for a given jitter_seed.
    job_time_jitter: float = 0.0
    jitter_seed: int = 0
    speed: float = 1.0
    media_scale: float = 1.0
    fault_rate: float = 0.0
    fault_kinds: tuple[str, ...] = ()
    fault_seed: int = 0
    webhook_retries: int = 3
    # Webhooks and callbacks go only to this machine unless allowed: an emulator must never
    # send traffic to hosts on the network because a request named them.
    allow_external_callbacks: bool = False
    journal_size: int = 10_000


@dataclass
class Call:
    """One validated request, as a service handler sees it."""

    request: Request
    op: Operation
    mount: str
    root_url: str
    path_params: dict[str, str]
    query: dict[str, Any]
    headers: dict[str, str]
    body: Any = None
    form: dict[str, Any] = field(default_factory=dict)
    files: dict[str, UploadFile] = field(default_factory=dict)
    raw_body_path: str | None = None
    faults: Faults = field(default_factory=Faults)

    @property
    def base_url(self) -> str:
        """The URL of this call's mount, e.g. ``http://127.0.0.1:8765/fal``."""
        return self.root_url + self.mount


Handler = Callable[[Call], Awaitable[Response]]


class Service:
    """One emulated service. Subclasses define ``op_<operationId>`` handlers.

    ``name`` is its row of genvid's provider table, which gives the spec and the path prefix of
    each mount; ``mounts`` says which spec tags each mount (by role) serves (None: all).
    """

    name = ""
    mounts: ClassVar[dict[str, tuple[str, ...] | None]] = {"api": None}

    def __init__(self, emulator: Emulator) -> None:
        from genvid._providers import provider

        self.emu = emulator
        self.row = provider(self.name)
        self.spec = self.row.spec
        self.routers = {self.row.emulator_mounts[role]: self.router(self.row.emulator_mounts[role], tags)
                        for role, tags in self.mounts.items()}

    def router(self, prefix: str, tags: tuple[str, ...] | None) -> SpecRouter:
        return SpecRouter(self.spec, tags)

    # --- error shapes (override per service) ---------------------------------------
    def error(self, status: int, detail: Any, headers: dict[str, str] | None = None) -> Response:
        return JSONResponse({"detail": detail}, status_code=status, headers=headers)

    def validation_error(self, issues: list[ValidationIssue]) -> Response:
        return self.error(422, [i.as_fastapi() for i in issues])

    def unauthorized(self) -> Response:
        return self.error(401, "Invalid or missing API key")

    def api_key(self, request: Request) -> str | None:
        """The key the client sent, from this service's auth header."""
        raise NotImplementedError

    @property
    def package(self) -> str:
        """The generated package of this service's spec (its ``spec.json`` holds the request schemas)."""
        return self.row.package

    def handler(self, op: Operation, router: SpecRouter) -> tuple[Handler | None, dict[str, str]]:
        """The handler of ``op`` and the path parameters it reads.

        A typed operation at a literal path (``POST /v1/jobs/lucy-2.6``, a fal app's own submit)
        is served by the generic operation whose path template matches it, with that template's
        parameters filled from the literal path: one handler per wire call.
        """
        fn: Handler | None = getattr(self, f"op_{op.operation_id}", None)
        if fn is not None:
            return fn, {}
        for generic in router.operations:
            if generic is not op and generic.method == op.method and "{" in generic.path:
                m = generic.regex.match(op.path)
                found: Handler | None = getattr(self, f"op_{generic.operation_id}", None)
                if m is not None and found is not None:
                    return found, m.groupdict()
        return None, {}

    def state_word(self, phase: str) -> str:
        """The service's own word for an emulated job phase (the spec's ``x-genvid-states``, read backwards)."""
        from genvid._schemas import states

        wanted = {"done": "completed"}.get(phase, phase)
        words = states(self.package)
        for word, state in words.items():
            if state == wanted:
                return word
        return next((w for w, s in words.items() if s == "failed"), phase)

    def is_job_submit(self, op: Operation) -> bool:
        return False

    async def notify(self, job: Job, phase: str) -> None:
        """Deliver a webhook/callback for a phase change (services that have them)."""

    def may_deliver(self, url: str, job: Job) -> bool:
        """Whether a webhook/callback may go to ``url``: loopback only, unless settings allow more.

        A refused delivery is recorded in the deliveries journal with ``skipped`` set.
        """
        import ipaddress
        from urllib.parse import urlsplit

        host = (urlsplit(url).hostname or "").lower()
        try:
            local = ipaddress.ip_address(host).is_loopback
        except ValueError:
            local = host == "localhost" or host.endswith(".localhost")
        if local or self.emu.settings.allow_external_callbacks:
            return True
        self.emu.deliveries.append({"service": self.name, "url": url, "status": None, "attempt": 0,
                                    "job": job.id, "skipped": "not a loopback host", "t": time.time()})
        return False
    # --- helpers shared by services ------------------------------------------------
    def file_url(self, call: Call, blob: Blob) -> str:
        return f"{call.root_url}/_emulator/files/{blob.id}/{urllib.parse.quote(blob.filename)}"

    def new_job(self, call: Call, model: str, inputs: dict[str, Any], **kwargs: Any) -> Job:
        outcome = "ok"
        code = reason = None
        if call.faults.has("hang"):
            outcome = "hang"
        elif call.faults.has("fail"):
            outcome = "fail"
            code, reason = self.failure_for(call.faults.arg("fail"))
        queue_s, run_s = self.emu.job_times()
        return self.emu.jobs.create(
            self.name, model, inputs, queue_s=queue_s, run_s=run_s,
            outcome=outcome, failure_code=code, failure_reason=reason, **kwargs,
        )

    def failure_for(self, code: str) -> tuple[str, str]:
        """(failure code, human reason) for an injected job failure."""
        return code or "content_moderated", "The request was blocked by content moderation"

    def refuse_download(self, request: Request, blob_id: str) -> Response | None:
        """The answer refusing a download of a file this service guards (a presigned URL that has
        expired or whose signature is wrong); None lets the download through."""
        return None


class Emulator:
    """All state of one emulator instance and its ASGI entry point."""

    def __init__(self, settings: Settings | None = None) -> None:
        from .services import services

        self.settings = settings or Settings()
        self.clock = Clock(self.settings.speed)
        self.jobs = JobStore(self.clock)
        self.blobs = BlobStore()
        self.journal: collections.deque[dict[str, Any]] = collections.deque(maxlen=self.settings.journal_size)
        self.deliveries: collections.deque[dict[str, Any]] = collections.deque(maxlen=10_000)
        self.fault_plan = FaultPlan()
        self._apply_fault_settings()
        self._jitter = random.Random(self.settings.jitter_seed)
        self.services = [cls(self) for cls in services()]
        mounts: list[tuple[str, Service, SpecRouter]] = []
        for svc in self.services:
            for prefix, router in svc.routers.items():
                mounts.append((prefix, svc, router))
        mounts.sort(key=lambda m: -len(m[0]))
        self._mounts = mounts
        self._notifier: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    def _apply_fault_settings(self) -> None:
        from ._faults import KINDS

        s = self.settings
        self.fault_plan.configure(s.fault_rate, s.fault_kinds or KINDS, s.fault_seed)

    def service(self, name: str) -> Service:
        return next(s for s in self.services if s.name == name)

    def job_times(self) -> tuple[float, float]:
        """(queue, run) seconds of the next job, with the settings' jitter."""
        s = self.settings
        factor = 1.0 + self._jitter.random() * s.job_time_jitter if s.job_time_jitter else 1.0
        return s.queue_seconds * factor, s.run_seconds * factor

    # --- ASGI ----------------------------------------------------------------------
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        request = Request(scope, receive)
        path: str = scope["path"]
        started = time.perf_counter()
        if path.startswith("/_emulator"):
            response = await self._control(request, path[len("/_emulator"):])
            await response(scope, receive, send)
            return
        for prefix, svc, router in self._mounts:
            if path == prefix or path.startswith(prefix + "/"):
                await self._serve(request, scope, receive, send, prefix, svc, router, path[len(prefix):] or "/",
                                  started)
                return
        await _not_found()(scope, receive, send)

    async def _serve(self, request: Request, scope: Scope, receive: Receive, send: Send, prefix: str,
                     svc: Service, router: SpecRouter, subpath: str, started: float) -> None:
        op, path_params, path_exists = router.match(request.method, subpath)
        faults = Faults.parse(request.headers.get(HEADER))
        if not faults.kinds:
            faults = self.fault_plan.draw(
                is_job_submit=op is not None and svc.is_job_submit(op), is_download=False
            )
        entry = {"t": time.time(), "service": svc.name, "method": request.method, "path": scope["path"],
                 "operation": op.operation_id if op else None, "faults": sorted(faults.kinds)}
        if faults.has("reset-before"):
            if faults.has("latency"):
                await asyncio.sleep(float(faults.arg("latency", "500")) / 1000)
            entry["status"] = 0
            self.journal.append(entry)
            await _drop_connection(send)
        response = await self._respond(request, prefix, svc, router, op, path_params, path_exists, faults)
        entry["status"] = response.status_code
        entry["ms"] = round((time.perf_counter() - started) * 1000, 2)
        self.journal.append(entry)
        if faults.has("reset-after"):
            await _drop_connection(send)
        await response(scope, receive, send)

    async def _respond(self, request: Request, prefix: str, svc: Service, router: SpecRouter,
                       op: Operation | None, path_params: dict[str, str], path_exists: bool,
                       faults: Faults) -> Response:
        if faults.has("latency"):
            await asyncio.sleep(float(faults.arg("latency", "500")) / 1000)
        if faults.has("429"):
            retry_after = faults.arg("429", "1")
            return svc.error(429, "Rate limit exceeded; retry later", {"Retry-After": retry_after})
        if faults.has("502"):
            return Response(NGINX_502, status_code=502, media_type="text/html")
        for code in ("500", "503"):
            if faults.has(code):
                return svc.error(int(code), "Internal server error" if code == "500" else "Service unavailable")
        key = svc.api_key(request)
        if not key or (self.settings.api_key is not None and key != self.settings.api_key):
            return svc.unauthorized()
        if op is None:
            return svc.error(405 if path_exists else 404, "Method Not Allowed" if path_exists else "Not Found")
        call = Call(request, op, prefix, _root_url(request), path_params, {}, dict(request.headers), faults=faults)
        handler, generic_params = svc.handler(op, router)
        call.path_params = {**generic_params, **path_params}
        issues = await _parse_and_validate(call, router, svc.package)
        if issues:
            return svc.validation_error(issues)
        if handler is None:
            return svc.error(501, f"{op.operation_id} is not emulated")
        return await handler(call)

    # --- /_emulator ----------------------------------------------------------------
    async def _control(self, request: Request, sub: str) -> Response:
        m = re.fullmatch(r"/files/([0-9a-f]+)(?:/[^/]*)?", sub)
        if m and request.method in {"GET", "HEAD"}:
            return self.download(request, m.group(1))
        m = re.fullmatch(r"/uploads/([^/]+)", sub)
        if m and request.method == "PUT":
            # Presigned upload targets handed out by fal (initiate) and Luma Agents (JSON file create).
            from .services import fal, luma_agents

            if fal.owns_upload(m.group(1)):
                return await fal.handle_fal_upload(self, request, m.group(1))
            return await luma_agents.handle_upload(self, request, m.group(1))
        route = self._CONTROL.get(sub)
        if route is None:
            return _not_found()
        return await route(self, request)

    async def _control_health(self, request: Request) -> Response:
        return JSONResponse({"status": "ok", "services": [s.name for s in self.services], "clock": self.clock.now()})

    async def _control_requests(self, request: Request) -> Response:
        limit = int(request.query_params.get("limit", "1000"))
        return JSONResponse({"requests": list(self.journal)[-limit:], "count": len(self.journal)})

    async def _control_deliveries(self, request: Request) -> Response:
        return JSONResponse({"deliveries": list(self.deliveries)})

    async def _control_reset(self, request: Request) -> Response:
        if request.method != "POST":
            return _not_found()
        self.jobs.clear()
        self.blobs.clear()
        self.journal.clear()
        self.deliveries.clear()
        self._jitter.seed(self.settings.jitter_seed)
        return JSONResponse({"status": "reset"})

    async def _control_clock(self, request: Request) -> Response:
        if request.method == "POST":
            self._set_clock(await _json_or_empty(request))
        return JSONResponse({"now": self.clock.now(), "speed": self.clock.speed})

    def _set_clock(self, body: dict[str, Any]) -> None:
        if "speed" in body:
            self.clock.set_speed(float(body["speed"]))
        if "advance" in body:
            self.clock.advance(float(body["advance"]))

    async def _control_config(self, request: Request) -> Response:
        if request.method == "POST":
            refused = self._configure(await _json_or_empty(request))
            if refused is not None:
                return JSONResponse({"detail": refused}, status_code=400)
        data = asdict(self.settings)
        data["api_key"] = "set" if self.settings.api_key else None
        return JSONResponse(data)

    def _configure(self, body: dict[str, Any]) -> str | None:
        """Apply posted settings; why they are refused, if they are (settings before the bad one stay set)."""
        for k, v in body.items():
            if not hasattr(self.settings, k) or k == "api_key":
                return f"unknown setting {k!r}"
            setattr(self.settings, k, tuple(v) if k == "fault_kinds" else v)
        self._set_clock(body)  # "speed" only: "advance" is no setting, so was refused above
        if "jitter_seed" in body:
            self._jitter.seed(self.settings.jitter_seed)
        try:
            self._apply_fault_settings()
        except ValueError as exc:
            return str(exc)
        return None

    async def _control_jobs(self, request: Request) -> Response:
        now = self.clock.now()
        return JSONResponse({"jobs": [self._job_row(j, now) for j in self.jobs.all()]})

    # ``/_emulator<sub>`` -> its handler (files and uploads, which carry an id, are matched first).
    _CONTROL: ClassVar[dict[str, Callable[[Emulator, Request], Awaitable[Response]]]] = {
        "/health": _control_health, "/requests": _control_requests, "/deliveries": _control_deliveries,
        "/reset": _control_reset, "/clock": _control_clock, "/config": _control_config, "/jobs": _control_jobs}

    def _job_row(self, job: Job, now: float) -> dict[str, Any]:
        """One job of ``/_emulator/jobs``. ``created_at`` and ``finished_at`` are Unix times on this machine's
        clock (``finished_at``: when the job reached, or will reach, a terminal phase at the current clock speed;
        null if it never will), so a client can tell how long after completion it noticed."""
        finished = job.finished_at()
        return {"id": job.id, "service": job.service, "model": job.model, "phase": job.phase(now),
                "queue_seconds": job.queue_s, "run_seconds": job.run_s, "created_at": job.created_wall,
                "finished_at": None if finished is None else self.clock.real_time(finished)}

    def download(self, request: Request, blob_id: str) -> Response:
        """Serve a blob with Range support (and the ``truncate`` fault)."""
        blob = self.blobs.get(blob_id)
        if blob is None:
            return JSONResponse({"detail": "File not found"}, status_code=404)
        for svc in self.services:
            refused = svc.refuse_download(request, blob_id)
            if refused is not None:
                return refused
        faults = Faults.parse(request.headers.get(HEADER))
        if not faults.kinds:
            faults = self.fault_plan.draw(is_job_submit=False, is_download=True)
        return serve_blob(request, blob, truncate=faults.has("truncate"))

    # --- lifespan and notifications ------------------------------------------------
    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                self._notifier = asyncio.create_task(self._notify_loop())
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self._notifier is not None:
                    self._notifier.cancel()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _notify_loop(self) -> None:
        """Fire webhooks/callbacks when a job's phase changes."""
        while True:
            await asyncio.sleep(0.05)
            now = self.clock.now()
            for job in self.jobs.all():
                if not job.extra.get("notify"):
                    continue
                phase = job.phase(now)
                if phase != job.notified:
                    job.notified = phase
                    svc = self.service(job.service)
                    task = asyncio.create_task(svc.notify(job, phase))
                    self._tasks.add(task)
                    task.add_done_callback(self._tasks.discard)


def serve_blob(request: Request, blob: Blob, *, truncate: bool = False) -> Response:
    """A file response honouring ``Range: bytes=a-b`` (206/416), streamed in chunks."""
    size = blob.size
    start, end = 0, size - 1
    status = 200
    headers = {"Accept-Ranges": "bytes", "Content-Disposition": f'inline; filename="{blob.filename}"',
               "ETag": f'"{blob.id}"'}
    rng = request.headers.get("range")
    if rng:
        m = re.fullmatch(r"bytes=(\d*)-(\d*)", rng.strip())
        if m is None or (not m.group(1) and not m.group(2)):
            return Response(status_code=416, headers={"Content-Range": f"bytes */{size}"})
        if m.group(1):
            start = int(m.group(1))
            end = min(int(m.group(2)), size - 1) if m.group(2) else size - 1
        else:
            start = max(0, size - int(m.group(2)))
        if start >= size or start > end:
            return Response(status_code=416, headers={"Content-Range": f"bytes */{size}"})
        status = 206
        headers["Content-Range"] = f"bytes {start}-{end}/{size}"
    headers["Content-Length"] = str(end - start + 1)
    if request.method == "HEAD":
        return Response(status_code=status, headers=headers, media_type=blob.media_type)
    body = blob.iter_range(start, end)
    if truncate:
        body = _truncated(body, (end - start + 1) // 2)
    return StreamingResponse(body, status_code=status, headers=headers, media_type=blob.media_type)


def _truncated(chunks: Any, limit: int) -> Any:
    sent = 0
    for chunk in chunks:
        if sent + len(chunk) >= limit:
            yield chunk[: limit - sent]
            raise InjectedDisconnect("truncate")
        sent += len(chunk)
        yield chunk


def _not_found() -> Response:
    return JSONResponse({"detail": "Not Found"}, status_code=404)


async def _drop_connection(send: Send) -> None:
    """Start a response, then abort: the client sees the connection drop mid-answer."""
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"100")]})
    raise InjectedDisconnect("connection reset")


def _root_url(request: Request) -> str:
    scheme = request.url.scheme
    host = request.headers.get("host") or f"{request.url.hostname}:{request.url.port}"
    return f"{scheme}://{host}{request.scope.get('root_path', '')}"


async def _json_or_empty(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if not raw:
        return {}
    value = json.loads(raw)
    return value if isinstance(value, dict) else {}


def _body_issues(package: str, call: Call, media: str, value: Any) -> list[ValidationIssue]:
    """Problems with a request body: the same schemas and validator as the facade's, open to extra fields.

    The services ignore fields they do not know (genvid's facade refuses them to catch typos). A
    known model sent to a generic operation (``POST /v1/generate/{model}``) is held to its own body.
    """
    from genvid._schemas import request_schema

    from .services._common import catalog_of

    model = call.path_params.get("model") or call.path_params.get("app_id")
    entry = catalog_of(package).get(str(model)) if model else None
    operation = entry["operation"] if entry and entry.get("route") == call.op.operation_id else call.op.operation_id
    try:
        schema = request_schema(package, operation, media)
    except KeyError:
        return []
    label = str(model or (value.get("model") if isinstance(value, dict) else None) or call.op.path.rsplit("/", 1)[-1])
    return [ValidationIssue(("body", *issue.path), issue.message, _FASTAPI_TYPES.get(issue.kind, "value_error"),
                            rule=issue.rule)
            for issue in schema.issues(value, label=label, closed=False)]


# The validator's error kinds as FastAPI / pydantic name them in a 422's ``detail[].type``.
_FASTAPI_TYPES = {"Required": "missing", "AdditionalProperties": "extra_forbidden", "Enum": "enum",
                  "Constant": "literal_error", "Type": "type_error", "MinLength": "string_too_short",
                  "MaxLength": "string_too_long", "Minimum": "greater_than_equal", "Maximum": "less_than_equal",
                  "ExclusiveMinimum": "greater_than", "ExclusiveMaximum": "less_than", "MinItems": "too_short",
                  "MaxItems": "too_long", "Pattern": "string_pattern_mismatch", "Format": "value_error",
                  "OneOfNotValid": "union_tag_invalid", "OneOfMultipleValid": "union_tag_invalid"}


async def _parse_and_validate(call: Call, router: SpecRouter, package: str) -> list[ValidationIssue]:
    """Fill ``call`` from the request and check it against the operation's spec."""
    issues = _parameter_issues(call, router.validator)
    if call.op.body_content:
        issues += await _read_body(call, router.validator, package)
    return issues


def _parameter_issues(call: Call, v: SpecValidator) -> list[ValidationIssue]:
    """Problems with the path, query and header parameters; the query's values go to ``call.query``."""
    sources: dict[str, Mapping[str, str]] = {"path": call.path_params, "query": call.request.query_params,
                                             "header": call.request.headers}
    issues: list[ValidationIssue] = []
    for p in call.op.parameters:
        where, name = p.get("in"), p["name"]
        source = sources.get(str(where))
        # Other parameters (cookies) are not read; the auth headers are each service's own check (a 401).
        if source is None or (where == "header" and name.lower() in {"authorization", "x-api-key"}):
            continue
        raw = source.get(name)
        if raw is None:
            if p.get("required"):
                issues.append(ValidationIssue((str(where), name), "Field required", "missing"))
            continue
        schema = p.get("schema", {})
        value = coerce(raw, v.resolve(schema))
        if where == "query":
            call.query[name] = value
        issues += v.errors(schema, value, (str(where), name))
    return issues


async def _read_body(call: Call, v: SpecValidator, package: str) -> list[ValidationIssue]:
    """Parse the body into ``call`` by its content type; its problems against the spec."""
    op, request = call.op, call.request
    ctype = request.headers.get("content-type", "")
    schema = op.body_schema(ctype) if ctype else None
    required = bool(op.raw.get("requestBody", {}).get("required"))
    if schema is None:
        if not await request.body() and not required:
            return []
        if ctype or "application/json" not in op.body_content:
            return [ValidationIssue(("body",), f"Unsupported content type {ctype!r}; expected one of "
                                               f"{sorted(op.body_content)}", "content_type")]
        # No Content-Type at all: read the body as the JSON the operation takes.
        schema, ctype = op.body_content["application/json"].get("schema", {}), "application/json"
    media = ctype.split(";", 1)[0].strip().lower()
    if media in (MULTIPART, URLENCODED):  # a form; urlencoded only where the spec says so (no files then)
        return await _form_body(call, v, package, media, schema)
    if media != "application/json" and not media.endswith("+json"):
        call.raw_body_path = await _spool(request)
        return []
    raw_body = await request.body()
    if not raw_body:
        return [ValidationIssue(("body",), "Field required", "missing")] if required else []
    try:
        call.body = json.loads(raw_body)
    except (ValueError, RecursionError) as exc:
        return [ValidationIssue(("body", 0), f"JSON decode error: {exc}", "json_invalid")]
    return _body_issues(package, call, media, call.body)


async def _form_body(call: Call, v: SpecValidator, package: str, media: str,
                     schema: dict[str, Any]) -> list[ValidationIssue]:
    """Files go to ``call.files``, fields (coerced to their schema's type) to ``call.form``."""
    try:
        form = await call.request.form(max_files=100, max_fields=1000, max_part_size=16 * 1024 * 1024)
    except Exception as exc:  # malformed multipart
        return [ValidationIssue(("body",), f"Invalid form body ({media}): {exc}", "multipart_invalid")]
    props = v.resolve(schema).get("properties", {})
    checked: dict[str, Any] = {}
    for key, value in form.multi_items():
        if isinstance(value, UploadFile):
            call.files[key] = value
            checked[key] = "<binary>"
        else:
            call.form[key] = coerce(value, v.resolve(props.get(key, {})))
            checked[key] = call.form[key]
    return _body_issues(package, call, media, checked)


async def _spool(request: Request) -> str:
    """Stream a raw request body to a temporary file (constant memory)."""
    import os
    import tempfile

    fd, path = tempfile.mkstemp(prefix="genvid-upload-")
    with os.fdopen(fd, "wb") as f:
        async for chunk in request.stream():
            f.write(chunk)
    return path
