"""The site: a Flask app that hands every generation to Celery workers (``flask --app web run``).

Routes (the same JSON as examples/flask_app, so the shared page in ../page drives it):

    GET  /                      the demo page
    GET  /models                the demo models, as JSON
    POST /jobs                  JSON or form {model, prompt, seed?, ...} -> 202 {"job_id": ...}; send an
                                Idempotency-Key header to make a retried POST the same job
    GET  /jobs/<job_id>         {"state", "done", "error", ...}, from the shared journal (no service request)
    GET  /jobs/<job_id>/video   the saved video (409 until it is saved)
    POST /webhooks/fal          fal webhooks: verified, then the job's download is enqueued at once
    POST /callbacks/luma        Luma callbacks: the same

No view waits for a job or calls a service: POST /jobs enqueues ``genvid.contrib.celery``'s
generate task and returns; the workers submit (once, whatever the redeliveries), check, and
save the output under GENVID_MEDIA; the status view reads the journal the workers share.
"""

from __future__ import annotations

import functools
import os
import re
import secrets
import sys
from pathlib import Path
from typing import Any

from flask import Flask, Response, jsonify, request, send_file, send_from_directory

import genvid
import genvid.contrib.celery as genvid_celery
from genvid._journal import Journal
from genvid.contrib.flask import fal_webhook, luma_callback
from genvid.webhooks import FAL_JWKS_URL, FalWebhook, FalWebhookVerifier, LumaCallback, LumaCallbacks

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import tasks  # noqa: E402

MEDIA, celery_app = tasks.MEDIA, tasks.app

INPUT_FIELDS = ("prompt", "seed", "resolution", "aspect_ratio", "duration")
KEY = re.compile(r"[A-Za-z0-9_.:-]{1,100}")
# Journal states as the page's states: a job is "queued" until a worker has submitted it.
STATES = {"submitting": "queued", "retrying": "queued", "submitted": "running", "completed": "running",
          "saved": "completed", "failed": "failed", "cancelled": "cancelled", "rejected": "failed",
          "possibly_submitted": "failed"}


def _error(status: int, message: str, **extra: Any) -> Response:
    response = jsonify({"error": message, **extra})
    response.status_code = status
    return response


def create_app(**config: Any) -> Flask:
    """The site. Configuration: keywords, else the environment variable of the same name.

    ``GENVID_EMULATOR_URL`` (fal's webhook keys come from the emulator then), ``GENVID_PUBLIC_URL``
    (this site as the services reach it: fal and Luma jobs then carry a webhook / callback URL),
    ``GENVID_CALLBACK_SECRET`` (the Luma callback token secret) and ``GENVID_FAL_JWKS`` (a key set).
    """
    site = Flask(__name__, static_folder=None)
    for key in ("GENVID_EMULATOR_URL", "GENVID_PUBLIC_URL", "GENVID_CALLBACK_SECRET"):
        site.config[key] = os.environ.get(key) or None
    site.config["GENVID_FAL_JWKS"] = None
    site.config.update(config)
    emulator = site.config["GENVID_EMULATOR_URL"]
    verifier = FalWebhookVerifier(jwks=site.config["GENVID_FAL_JWKS"], jwks_url=(
        emulator.rstrip("/") + "/fal-rest/.well-known/jwks.json" if emulator else FAL_JWKS_URL))
    callbacks = LumaCallbacks(site.config["GENVID_CALLBACK_SECRET"] or secrets.token_urlsafe(32))
    journal = Journal(celery_app.conf.genvid_journal)
    generate = celery_app.tasks["genvid.submit"]

    @site.get("/")
    def index() -> Response:
        return send_from_directory(HERE.parent / "page", "index.html", max_age=0)

    @site.get("/models")
    def models() -> Response:
        return jsonify([{"name": m.name, "description": m.description} for m in genvid.models()
                        if m.kind == "text-to-video" and m.status == "current"])

    @site.post("/jobs")
    def submit() -> Response:
        data = request.get_json(silent=True) if request.is_json else request.form.to_dict()
        if not isinstance(data, dict) or not isinstance(data.get("model"), str) or ":" not in data["model"]:
            return _error(400, "send JSON or a form with a 'model' field (provider:model)", field="model")
        given = request.headers.get("Idempotency-Key")
        if given is not None and not KEY.fullmatch(given):
            return _error(400, "Idempotency-Key: 1 to 100 letters, digits or _.:-", field="Idempotency-Key")
        key = f"web-{given}" if given else f"web-{secrets.token_hex(12)}"
        inputs: dict[str, Any] = {k: data[k] for k in INPUT_FIELDS if data.get(k) not in (None, "")}
        if isinstance(inputs.get("seed"), str):
            if not inputs["seed"].isdigit():
                return _error(400, "seed must be an integer", field="seed")
            inputs["seed"] = int(inputs["seed"])
        public = site.config["GENVID_PUBLIC_URL"]
        if public and data["model"].startswith("fal:"):
            inputs["webhook_url"] = public.rstrip("/") + "/webhooks/fal"
        elif public and data["model"].startswith("luma:"):
            inputs["webhook_url"] = callbacks.url(public.rstrip("/") + "/callbacks/luma", job=key)
        # The task id is the key too: a retried POST is the same task, and the workers submit it once.
        generate.apply_async((data["model"],), {**inputs, "save_to": str(MEDIA / f"{key}.mp4"),
                                                "idempotency_key": key}, task_id=key)
        response = jsonify({"job_id": key})
        response.status_code = 202
        return response

    @site.get("/jobs/<job_id>")
    def status(job_id: str) -> Response:
        if not KEY.fullmatch(job_id.removeprefix("web-")) or not job_id.startswith("web-"):
            return _error(400, "not a job id of this site", field="job_id")
        entry = journal.get(job_id)
        task = celery_app.AsyncResult(job_id)
        if entry is None:
            if task.failed():  # refused before any submit (e.g. an input the model does not take)
                return jsonify({"job_id": job_id, "state": "failed", "done": True, "error": str(task.result),
                                "queue_position": None, "logs": []})
            return jsonify({"job_id": job_id, "state": "queued", "done": False, "error": None,
                            "queue_position": None, "logs": []})
        state = STATES.get(entry.state, entry.state)
        done = entry.state in ("saved", "failed", "cancelled", "rejected", "possibly_submitted") or task.failed()
        error = None if state == "completed" else (entry.detail if entry.state in STATES and done else None)
        if task.failed() and state != "completed":
            state, error = "failed", str(task.result)
        return jsonify({"job_id": job_id, "state": state, "done": done, "error": error, "queue_position": None,
                        "logs": [], "service_job_id": entry.job_id})

    @site.get("/jobs/<job_id>/video")
    def video(job_id: str) -> Response:
        entry = journal.get(job_id) if job_id.startswith("web-") else None
        if entry is None or entry.state != "saved" or not entry.output_path:
            return _error(409, "the video is not saved yet", state=entry.state if entry else "queued")
        return send_file(entry.output_path, mimetype="video/mp4", conditional=True)

    # A push enqueues the job's download at once (the workers' status checks are only the fallback).
    pushed = functools.partial(genvid_celery.finish_pushed, app=celery_app)

    @site.post("/webhooks/fal")
    @fal_webhook(verifier, on_delivery=pushed)
    def fal_delivery(hook: FalWebhook) -> Response:
        return jsonify({"ok": True})

    @site.post("/callbacks/luma")
    @luma_callback(callbacks, on_delivery=pushed)
    def luma_delivery(callback: LumaCallback) -> Response:
        return jsonify({"ok": True})  # Luma retries anything but a 200

    return site
