"""Views of the genvid Django example: submit a job, watch it, stream the video, receive webhooks.

    GET  /                          the demo page (../page/index.html, shared with the Flask example; sets the CSRF cookie)
    GET  /models                    the demo models, as JSON
    POST /jobs                      JSON or form {model, prompt, ...}  -> 201 {"job_id": ...}
    GET  /jobs/<job_id>             {"state", "queue_position", "logs", "error", ...}
    GET  /jobs/<job_id>/video       the finished video, streamed (409 while running, 502 if it failed)
    POST /webhooks/fal              fal webhook receiver (ED25519 signature checked)
    POST /callbacks/luma?...        Luma callback receiver (URL token checked)
    GET  /deliveries                the webhook/callback deliveries received so far

Every view is synchronous (plain WSGI); the video is passed through in chunks by a
``StreamingHttpResponse``, never held in memory.
"""

from __future__ import annotations

import collections
import functools
import json
import logging
import threading
import time
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.utils.crypto import salted_hmac
from django.views.decorators.csrf import csrf_exempt, ensure_csrf_cookie
from django.views.decorators.http import require_GET, require_POST

import genvid
from genvid.contrib.django import fal_webhook, luma_callback
from genvid.webhooks import FAL_JWKS_URL, FalWebhook, FalWebhookVerifier, LumaCallback, LumaCallbacks

log = logging.getLogger(__name__)

# The inputs a browser may set. Anything else (media inputs, which genvid would read from a
# local path; callback_url; save_to) is never taken from a request.
INPUT_FIELDS = ("prompt", "seed", "resolution", "aspect_ratio", "duration")


# --- configuration, read from settings when used (so settings overrides apply) -------------


def get_client() -> genvid.Client:
    """``settings.GENVID_CLIENT``, or one shared ``genvid.Client`` per emulator URL."""
    configured = getattr(settings, "GENVID_CLIENT", None)
    if configured is not None:
        return configured
    return _client_for(getattr(settings, "GENVID_EMULATOR_URL", None))


@functools.lru_cache(maxsize=4)
def _client_for(emulator: str | None) -> genvid.Client:
    # Thread-safe: one client serves every request. The URL policy keeps downloads off private addresses.
    return genvid.Client(emulator=emulator, url_policy=_policy(emulator))


def _policy(emulator: str | None) -> genvid.UrlPolicy:
    """https and public addresses only (the emulator's own URLs stay allowed)."""
    return genvid.UrlPolicy(origins=(emulator,) if emulator else ())


def fal_verifier() -> FalWebhookVerifier:
    """The fal webhook verifier (cheap to build: fetched key sets are cached per process)."""
    emulator = getattr(settings, "GENVID_EMULATOR_URL", None)
    url = getattr(settings, "GENVID_FAL_JWKS_URL", None) or (
        emulator.rstrip("/") + "/fal-rest/.well-known/jwks.json" if emulator else FAL_JWKS_URL)
    return FalWebhookVerifier(jwks=getattr(settings, "GENVID_FAL_JWKS", None), jwks_url=url,
                              url_policy=_policy(emulator))


def luma_callbacks() -> LumaCallbacks:
    secret = getattr(settings, "GENVID_CALLBACK_SECRET", None)
    return LumaCallbacks(secret or salted_hmac("genvid.luma-callbacks", "token-secret").hexdigest())


class Deliveries:
    """The last webhook/callback deliveries, in memory (use a model/database in a real app)."""

    def __init__(self, limit: int = 100) -> None:
        self._items: collections.deque[dict[str, Any]] = collections.deque(maxlen=limit)
        self._lock = threading.Lock()

    def add(self, item: dict[str, Any]) -> None:
        with self._lock:
            self._items.append({**item, "received_at": time.time()})

    def all(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._items)


DELIVERIES = Deliveries()


def demo_models() -> list[dict[str, str]]:
    """Models that need nothing but a prompt: what the demo page offers."""
    return [{"name": m.name, "description": m.description}
            for m in genvid.models() if m.kind == "text-to-video" and m.status == "current"]


# --- helpers ---------------------------------------------------------------------------------


def _error(status: int, message: str, **extra: Any) -> JsonResponse:
    return JsonResponse({"error": message, **extra}, status=status)


def _from_genvid_error(exc: genvid.GenvidError) -> JsonResponse:
    """A JSON answer for a genvid error: 400 for bad input, 404 for unknown jobs, else 502."""
    if isinstance(exc, genvid.InvalidInput):
        return _error(400, str(exc), field=exc.field)
    if isinstance(exc, genvid.NotFound):
        return _error(404, str(exc))
    if isinstance(exc, genvid.JobFailed):
        return _error(502, str(exc), state="failed", code=exc.failure_code or exc.code, reason=exc.reason)
    if isinstance(exc, genvid.Cancelled):
        return _error(502, str(exc), state="cancelled", reason="cancelled")
    return _error(502, str(exc), kind=type(exc).__name__)


def _inputs(data: dict[str, Any]) -> dict[str, Any]:
    """The allowed inputs of a JSON or form submission; form strings become ints where needed."""
    inputs: dict[str, Any] = {}
    for name in INPUT_FIELDS:
        value = data.get(name)
        if value is None or value == "":
            continue
        if name == "seed" and isinstance(value, str):
            try:
                value = int(value)
            except ValueError:
                raise genvid.InvalidInput("seed must be an integer", field="seed") from None
        inputs[name] = value
    return inputs


def _stream(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    try:
        yield first
        yield from rest
    except genvid.GenvidError:
        # The response has started: all we can do is stop (the browser sees a short file).
        log.exception("video download stopped part-way")


# --- views -----------------------------------------------------------------------------------


@require_GET
@ensure_csrf_cookie  # the page sends the cookie's value back as X-CSRFToken
def index(request: HttpRequest) -> HttpResponse:
    page = (settings.BASE_DIR.parent / "page" / "index.html").read_bytes()  # shared with the Flask example
    return HttpResponse(page, content_type="text/html; charset=utf-8")


@require_GET
def models(request: HttpRequest) -> JsonResponse:
    return JsonResponse(demo_models(), safe=False)


@require_POST
def submit(request: HttpRequest) -> JsonResponse:
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body)
        except ValueError:
            data = None
    else:
        data = request.POST.dict()
    if not isinstance(data, dict) or not isinstance(data.get("model"), str) or not data["model"]:
        return _error(400, "send JSON or a form with at least a 'model' field", field="model")
    try:
        inputs = _inputs(data)
        public = getattr(settings, "GENVID_PUBLIC_URL", None)
        if public and data["model"].startswith("luma:"):
            inputs["callback_url"] = luma_callbacks().url(public.rstrip("/") + "/callbacks/luma",
                                                          model=data["model"])
        job = get_client().submit(data["model"], **inputs)
    except genvid.GenvidError as exc:
        return _from_genvid_error(exc)
    return JsonResponse({"job_id": job.id}, status=201)


@require_GET
def status(request: HttpRequest, job_id: str) -> JsonResponse:
    try:
        st = get_client().status(job_id, logs=True)
    except genvid.GenvidError as exc:
        return _from_genvid_error(exc)
    return JsonResponse({"job_id": job_id, "state": st.state, "raw_state": st.raw_state, "done": st.done,
                         "queue_position": st.queue_position, "logs": list(st.logs), "error": st.error,
                         "error_code": st.error_code})


@require_GET
def video(request: HttpRequest, job_id: str) -> HttpResponse:
    client = get_client()
    try:
        st = client.status(job_id)
        if not st.done:
            return _error(409, f"the job has not finished ({st.describe()})", state=st.state,
                          queue_position=st.queue_position)
        result = client.result(job_id)
        chunks = result.iter_bytes()
        # The first chunk opens the download: errors still become a JSON answer, and the
        # media type is known (from the service or the download's Content-Type).
        first = next(chunks, b"")
    except genvid.GenvidError as exc:
        return _from_genvid_error(exc)
    response = StreamingHttpResponse(_stream(first, chunks),
                                     content_type=result.media_type or "application/octet-stream")
    response["Content-Disposition"] = f'inline; filename="{result.default_filename()}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=300"
    return response


def _on_fal(hook: FalWebhook, request: HttpRequest) -> JsonResponse:
    DELIVERIES.add({"source": "fal", "request_id": hook.request_id, "status": hook.status,
                    "error": hook.error, "payload": hook.payload})
    return JsonResponse({"ok": True})


def _on_luma(callback: LumaCallback, request: HttpRequest) -> JsonResponse:
    DELIVERIES.add({"source": "luma", "request_id": callback.id, "status": callback.state,
                    "context": callback.context})
    return JsonResponse({"ok": True})  # Luma retries anything but a 200


@csrf_exempt  # the signature is the credential; fal cannot hold a CSRF token
@require_POST
def fal_webhook_receiver(request: HttpRequest) -> HttpResponse:
    # genvid.contrib.django.fal_webhook checks the signature (401/503 before _on_fal runs).
    return fal_webhook(fal_verifier())(_on_fal)(request)


@csrf_exempt  # the URL token is the credential
@require_POST
def luma_callback_receiver(request: HttpRequest) -> HttpResponse:
    return luma_callback(luma_callbacks())(_on_luma)(request)


@require_GET
def deliveries(request: HttpRequest) -> JsonResponse:
    return JsonResponse(DELIVERIES.all(), safe=False)
