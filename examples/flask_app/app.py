"""A small Flask front end for genvid: submit a job, watch it, play the video.

    flask --app app run                      # against the real services (keys from the environment)
    GENVID_EMULATOR_URL=http://127.0.0.1:8765 flask --app app run     # against `genvid emulator`

Routes (job ids look like ``provider:model:request_id`` and may contain ``/``):

    GET  /                          the demo page (../page/index.html, shared with the Django example)
    GET  /models                    the demo models, as JSON
    POST /jobs                      JSON or form {model, prompt, seed?, ...}  -> 201 {"job_id": ...}
    GET  /jobs/<job_id>             {"state", "queue_position", "logs", "error", ...}
    GET  /jobs/<job_id>/video       the finished video, streamed (409 while running, 502 if it failed)
    POST /webhooks/fal              fal webhook receiver (ED25519 signature checked)
    POST /callbacks/luma?...        Luma callback receiver (URL token checked)
    GET  /deliveries                the webhook/callback deliveries received so far

Every view is synchronous: each one makes at most a couple of short genvid calls, and the
video view streams the file through in chunks without holding it in memory.
"""

from __future__ import annotations

import collections
import logging
import os
import secrets
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from flask import Flask, Response, jsonify, request, send_from_directory

import genvid
from genvid.contrib.flask import fal_webhook, luma_callback
from genvid.webhooks import FAL_JWKS_URL, FalWebhook, FalWebhookVerifier, LumaCallback, LumaCallbacks

HERE = Path(__file__).resolve().parent
log = logging.getLogger(__name__)

# The inputs a browser may set. Anything else (media inputs, which genvid would read from a
# local path; callback_url; save_to) is never taken from a request.
INPUT_FIELDS = ("prompt", "seed", "resolution", "aspect_ratio", "duration")


def demo_models() -> list[dict[str, str]]:
    """Models that need nothing but a prompt: what the demo page offers."""
    return [{"name": m.name, "description": m.description}
            for m in genvid.models() if m.kind == "text-to-video" and m.status == "current"]


class Deliveries:
    """The last webhook/callback deliveries, in memory (use your database in a real app)."""

    def __init__(self, limit: int = 100) -> None:
        self._items: collections.deque[dict[str, Any]] = collections.deque(maxlen=limit)
        self._lock = threading.Lock()

    def add(self, item: dict[str, Any]) -> None:
        with self._lock:
            self._items.append({**item, "received_at": time.time()})

    def all(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._items)


def _error(status: int, message: str, **extra: Any) -> Response:
    response = jsonify({"error": message, **extra})
    response.status_code = status
    return response


def _from_genvid_error(exc: genvid.GenvidError) -> Response:
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


def create_app(client: genvid.Client | None = None, **config: Any) -> Flask:
    """Build the app. ``client`` defaults to ``genvid.Client(emulator=GENVID_EMULATOR_URL)`` under a strict
    ``genvid.UrlPolicy()``: a web server never downloads from a private address a service names.

    Configuration (keyword arguments, else the environment variable of the same name):

    - ``GENVID_EMULATOR_URL``: use a genvid emulator instead of the real services.
    - ``GENVID_CALLBACK_SECRET``: the secret of Luma callback URL tokens (random per
      process when unset, so callback URLs stop working after a restart).
    - ``GENVID_PUBLIC_URL``: this app's URL as the services can reach it; when set, Luma
      jobs are submitted with a ``callback_url`` to ``/callbacks/luma``.
    - ``GENVID_FAL_JWKS`` (a JWKS dict) or ``GENVID_FAL_JWKS_URL``: fal's webhook signing
      keys (default: fal's public JWKS, or the emulator's when ``GENVID_EMULATOR_URL`` is set).
    """
    app = Flask(__name__, static_folder=None)
    for key in ("GENVID_EMULATOR_URL", "GENVID_CALLBACK_SECRET", "GENVID_PUBLIC_URL", "GENVID_FAL_JWKS_URL"):
        app.config[key] = os.environ.get(key) or None
    app.config["GENVID_FAL_JWKS"] = None
    app.config.update(config)

    emulator = app.config["GENVID_EMULATOR_URL"]
    policy = genvid.UrlPolicy(origins=(emulator,) if emulator else ())  # the emulator's own URLs stay allowed
    if client is None:
        client = genvid.Client(emulator=emulator, url_policy=policy)
    jwks_url = app.config["GENVID_FAL_JWKS_URL"] or (
        emulator.rstrip("/") + "/fal-rest/.well-known/jwks.json" if emulator else FAL_JWKS_URL)
    verifier = FalWebhookVerifier(jwks=app.config["GENVID_FAL_JWKS"], jwks_url=jwks_url, url_policy=policy)
    callbacks = LumaCallbacks(app.config["GENVID_CALLBACK_SECRET"] or secrets.token_urlsafe(32))
    deliveries = Deliveries()
    app.extensions["genvid"] = {"client": client, "callbacks": callbacks, "deliveries": deliveries}

    @app.get("/")
    def index() -> Response:
        return send_from_directory(HERE.parent / "page", "index.html", max_age=0)  # shared with Django

    @app.get("/models")
    def models() -> Response:
        return jsonify(demo_models())

    @app.post("/jobs")
    def submit() -> Response:
        data = request.get_json(silent=True) if request.is_json else request.form.to_dict()
        if not isinstance(data, dict) or not isinstance(data.get("model"), str) or not data["model"]:
            return _error(400, "send JSON or a form with at least a 'model' field", field="model")
        try:
            inputs = _inputs(data)
            public = app.config["GENVID_PUBLIC_URL"]
            if public and data["model"].startswith("luma:"):
                inputs["callback_url"] = callbacks.url(public.rstrip("/") + "/callbacks/luma",
                                                       model=data["model"])
            job = client.submit(data["model"], **inputs)
        except genvid.GenvidError as exc:
            return _from_genvid_error(exc)
        response = jsonify({"job_id": job.id})
        response.status_code = 201
        return response

    @app.get("/jobs/<path:job_id>")
    def status(job_id: str) -> Response:
        try:
            st = client.status(job_id, logs=True)
        except genvid.GenvidError as exc:
            return _from_genvid_error(exc)
        return jsonify({"job_id": job_id, "state": st.state, "raw_state": st.raw_state, "done": st.done,
                        "queue_position": st.queue_position, "logs": list(st.logs), "error": st.error,
                        "error_code": st.error_code})

    @app.get("/jobs/<path:job_id>/video")
    def video(job_id: str) -> Response:
        try:
            st = client.status(job_id)
            if not st.done:
                return _error(409, f"the job has not finished ({st.describe()})", state=st.state,
                              queue_position=st.queue_position)
            result = client.result(job_id)
            chunks = result.iter_bytes()
            # The first chunk opens the download: errors still become a JSON answer, and
            # the media type is known (from the service or the download's Content-Type).
            first = next(chunks, b"")
        except genvid.GenvidError as exc:
            return _from_genvid_error(exc)
        response = Response(_stream(first, chunks), mimetype=result.media_type or "application/octet-stream")
        response.headers["Content-Disposition"] = f'inline; filename="{result.default_filename()}"'
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Cache-Control"] = "private, max-age=300"
        return response

    @app.post("/webhooks/fal")
    @fal_webhook(verifier)
    def fal_delivery(hook: FalWebhook) -> Response:
        deliveries.add({"source": "fal", "request_id": hook.request_id, "status": hook.status,
                        "error": hook.error, "payload": hook.payload})
        return jsonify({"ok": True})

    @app.post("/callbacks/luma")
    @luma_callback(callbacks)
    def luma_delivery(callback: LumaCallback) -> Response:
        deliveries.add({"source": "luma", "request_id": callback.id, "status": callback.state,
                        "context": callback.context})
        return jsonify({"ok": True})  # Luma retries anything but a 200

    @app.get("/deliveries")
    def delivery_list() -> Response:
        return jsonify(deliveries.all())

    return app
