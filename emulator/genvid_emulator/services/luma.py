"""Luma Dream Machine (``/luma/dream-machine/v1``): video and image generations, callbacks.

Every create answers with a Generation in state ``queued`` (``201``, or ``200`` for upscale and
audio, as the spec lists them after Luma's document); the state then
follows the job clock: ``queued`` -> ``dreaming`` (with ``assets.progress_video``) ->
``completed`` (``assets.video`` / ``assets.image``) or ``failed`` (``failure_reason``).
Errors are ``{"detail": "<text>"}``; request-validation errors are 400s whose ``detail``
summarises the issues in one string, with the issues themselves under ``errors``.
"""

from __future__ import annotations

import asyncio
import datetime
import re
import time
from typing import Any

import httpx
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from .._app import Call, Service
from .._jobs import Job
from .._media import MediaSpec, frame_size, scaled
from .._specs import Operation, ValidationIssue
from .._store import Blob
from ._common import add_output, output_spec, render_now, resolve_model, resolve_reference

SPEC = "luma"
# Short side of the output, in pixels, by resolution name.
SHORT_SIDE = {"360p": 360, "540p": 540, "720p": 720, "1080p": 1080, "4k": 2160}
UPSCALE_STEPS = ("540p", "720p", "1080p", "4k")
SUBMIT_OPS = frozenset({"create_video", "create_legacy", "create_image", "reframe_image", "modify_video",
                        "reframe_video", "upscale", "add_audio"})
DEFAULT_SYNC_TIMEOUT = 60.0
START_BALANCE_CENTS = 100_000.0
# Rough price of one generation, in USD cents (5 s of 720p video, or one image).
PRICE_CENTS = {"ray-2": 71.0, "ray-flash-2": 24.0, "photon-1": 1.5, "photon-flash-1": 0.4}

CONCEPTS = (
    "aerial", "aerial_drone", "bolt_cam", "crane_down", "crane_up", "dolly_zoom", "elevator_doors",
    "eye_level", "ground_level", "handheld", "high_angle", "low_angle", "orbit_left", "orbit_right",
    "over_the_shoulder", "overhead", "pan_left", "pan_right", "pedestal_down", "pedestal_up", "pov",
    "pull_out", "push_in", "roll_left", "roll_right", "selfie", "static", "tilt_down", "tilt_up",
    "tiny_planet", "truck_left", "truck_right", "zoom_in", "zoom_out",
)
CAMERA_MOTIONS = (
    "camera move left", "camera move right", "camera move up", "camera move down", "camera push in",
    "camera pull out", "camera zoom in", "camera zoom out", "camera pan left", "camera pan right",
    "camera orbit left", "camera orbit right", "camera crane up", "camera crane down", "camera static",
)
# ``X-Genvid-Fault: fail=<code>`` -> Luma's failure_reason.
FAILURES = {
    "content_moderated": "Advanced prompt moderation failed",
    "moderation": "Advanced prompt moderation failed",
    "blacklisted": "Contains blacklisted words",
    "frames": "Failed to read user input frames",
    "frame_moderation": "Frame moderation failed",
    "prompt": "Prompt processing failed",
}
_ENUM_MSG = re.compile(r"^(.*) is not one of \[(.*)\]$", re.S)


class Luma(Service):
    """The Luma Dream Machine API at ``{root}/luma/dream-machine/v1``."""

    name = "luma"

    # --- wire conventions -------------------------------------------------------------
    def api_key(self, request: Request) -> str | None:
        return bearer_token(request)

    def unauthorized(self) -> Response:
        return self.error(401, "Invalid API key")

    def validation_error(self, issues: list[ValidationIssue]) -> Response:
        return JSONResponse({"detail": summarise(issues), "errors": [i.as_fastapi() for i in issues]},
                            status_code=400)

    def is_job_submit(self, op: Operation) -> bool:
        return op.operation_id in SUBMIT_OPS

    def failure_for(self, code: str) -> tuple[str, str]:
        code = code or "content_moderated"
        return code, FAILURES.get(code, code.replace("_", " ").capitalize())

    # --- video ------------------------------------------------------------------------
    async def op_create_video(self, call: Call) -> Response:
        body: dict[str, Any] = dict(call.body or {})
        model = str(body["model"])
        keyframes = body.get("keyframes")
        frames: dict[str, dict[str, Any]] = {}
        if isinstance(keyframes, dict):
            frames = {k: v for k in ("frame0", "frame1") if isinstance(v := keyframes.get(k), dict)}
        unknown = [c.get("key") for c in body.get("concepts") or [] if c.get("key") not in CONCEPTS]
        if unknown:
            return self.error(400, f"Unknown concept(s): {', '.join(map(str, unknown))}; "
                                   "see GET /generations/concepts/list")
        source, error = await self._keyframes_source(frames)
        if error is not None:
            return error
        entry = resolve_model(SPEC, model) or {}
        resolution = _known(body.get("resolution"), SHORT_SIDE, entry.get("default_resolution", "720p"))
        aspect = body.get("aspect_ratio") or "16:9"
        spec = self._video_spec(entry, resolution, aspect, _seconds(body.get("duration"), 5.0))
        key = f"luma|{model}|{_video_kind(frames)}|{body.get('prompt') or ''}|{aspect}|{body.get('loop', False)}"
        request = {**body, "model": model, "generation_type": "video"}
        job = self._start(call, model, request, spec, key, source, resolution=resolution, aspect=aspect)
        return self._generation_response(job, call.op.success_status)

    async def _keyframes_source(self, frames: dict[str, dict[str, Any]]) -> tuple[bytes | None, Response | None]:
        """The render source of a create's keyframes (frame0's, else frame1's), or the error refusing a
        referenced generation (frame1 is checked even when frame0 gives the source)."""
        source: bytes | None = None
        for name, frame in frames.items():
            if frame.get("type") == "generation":
                ref, error = self._completed_video(str(frame.get("id")), f"keyframes.{name}", not_found=400)
                if error is not None or ref is None:
                    return None, error
                data = await self._blob_bytes(ref.extra.get("video"))
            else:
                data = resolve_reference(self.emu, str(frame.get("url", "")))
            source = source or data
        return source, None

    async def op_create_legacy(self, call: Call) -> Response:
        return await self.op_create_video(call)

    async def op_modify_video(self, call: Call) -> Response:
        body: dict[str, Any] = dict(call.body or {})
        model = str(body["model"])
        source = resolve_reference(self.emu, str(body["media"]["url"]))
        if source is None and isinstance(body.get("first_frame"), dict):
            source = resolve_reference(self.emu, str(body["first_frame"].get("url", "")))
        entry = resolve_model(SPEC, "modify-video") or {}
        spec = self._video_spec(entry, "720p", "16:9", float(entry.get("duration_s", 5)))
        key = f"luma|{model}|modify|{body.get('mode')}|{body.get('prompt', '')}|{body['media']['url']}"
        request = {**body, "model": model, "generation_type": "modify_video"}
        job = self._start(call, model, request, spec, key, source, resolution="720p")
        return self._generation_response(job, call.op.success_status)

    async def op_reframe_video(self, call: Call) -> Response:
        body: dict[str, Any] = dict(call.body or {})
        model = str(body["model"])
        source = resolve_reference(self.emu, str(body["media"]["url"]))
        if source is None and isinstance(body.get("first_frame"), dict):
            source = resolve_reference(self.emu, str(body["first_frame"].get("url", "")))
        entry = resolve_model(SPEC, "reframe-video") or {}
        aspect = str(body["aspect_ratio"])
        spec = self._video_spec(entry, "720p", aspect, float(entry.get("duration_s", 5)))
        key = f"luma|{model}|reframe|{aspect}|{body.get('prompt', '')}|{body['media']['url']}"
        request = {**body, "model": model, "generation_type": "reframe_video"}
        job = self._start(call, model, request, spec, key, source, resolution="720p",
                          aspect=aspect)
        return self._generation_response(job, call.op.success_status)

    async def op_upscale(self, call: Call) -> Response:
        body: dict[str, Any] = dict(call.body or {})
        ref, error = self._completed_video(call.path_params["id"], "generation", not_found=404)
        if error is not None or ref is None:
            return error  # type: ignore[return-value]
        current = str(ref.extra.get("resolution", "720p"))
        default = UPSCALE_STEPS[min(UPSCALE_STEPS.index(current) + 1, len(UPSCALE_STEPS) - 1)] \
            if current in UPSCALE_STEPS else "1080p"
        resolution = _known(body.get("resolution"), SHORT_SIDE, default)
        aspect = str(ref.extra.get("aspect_ratio", "16:9"))
        entry = resolve_model(SPEC, "upscale") or {}
        spec = self._video_spec(entry, resolution, aspect, float(ref.extra.get("seconds", 5.0)))
        source = await self._blob_bytes(ref.extra.get("video"))
        key = f"luma|{ref.model}|upscale|{ref.id}|{resolution}"
        request = {**body, "generation_type": "upscale_video", "resolution": resolution}
        job = self._start(call, ref.model, request, spec, key, source, resolution=resolution,
                          aspect=aspect, parent=ref.id)
        return self._generation_response(job, call.op.success_status)

    async def op_add_audio(self, call: Call) -> Response:
        body: dict[str, Any] = dict(call.body or {})
        ref, error = self._completed_video(call.path_params["id"], "generation", not_found=404)
        if error is not None or ref is None:
            return error  # type: ignore[return-value]
        resolution = str(ref.extra.get("resolution", "720p"))
        aspect = str(ref.extra.get("aspect_ratio", "16:9"))
        entry = resolve_model(SPEC, "audio") or {}
        spec = self._video_spec(entry, resolution, aspect, float(ref.extra.get("seconds", 5.0)))
        source = await self._blob_bytes(ref.extra.get("video"))
        key = f"luma|{ref.model}|audio|{ref.id}|{body.get('prompt', '')}|{body.get('negative_prompt', '')}"
        request = {**body, "generation_type": "add_audio"}
        job = self._start(call, ref.model, request, spec, key, source, resolution=resolution,
                          aspect=aspect, parent=ref.id)
        return self._generation_response(job, call.op.success_status)

    # --- images -----------------------------------------------------------------------
    async def op_create_image(self, call: Call) -> Response:
        body: dict[str, Any] = dict(call.body or {})
        model = str(body.get("model"))
        refs = _image_ref_urls(body)
        source = None
        for url in refs:
            source = resolve_reference(self.emu, url)
            if source is not None:
                break
        entry = resolve_model(SPEC, model) or {}
        aspect = body.get("aspect_ratio") or "16:9"
        fmt = body.get("format") or "jpg"
        spec = self._image_spec(entry, aspect, fmt)
        key = f"luma|{model}|image|{body.get('prompt', '')}|{aspect}|{'|'.join(refs)}"
        request = {**body, "generation_type": "image"}
        job = self._start(call, model, request, spec, key, source, aspect=aspect)
        if not body.get("sync"):
            return self._generation_response(job, call.op.success_status)
        timeout = min(float(body.get("sync_timeout") or DEFAULT_SYNC_TIMEOUT), 600.0)
        deadline = time.monotonic() + timeout
        while job.phase(self.emu.clock.now()) in {"queued", "running"}:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            end = job.finished_at()
            due = left if end is None else self.emu.clock.real_seconds(end - self.emu.clock.now())
            # Wake a little after the job is due (the clock may be sped up, slowed or stepped meanwhile).
            await asyncio.sleep(max(0.005, min(left, due + 0.005, 0.5)))
        blob = self.emu.blobs.get(str(job.extra.get("image")))
        if blob is not None and job.phase(self.emu.clock.now()) == "done":
            await render_now(blob)
        return self._generation_response(job, call.op.success_status)

    async def op_reframe_image(self, call: Call) -> Response:
        body: dict[str, Any] = dict(call.body or {})
        model = str(body.get("model"))
        source = resolve_reference(self.emu, str(body["media"]["url"]))
        entry = resolve_model(SPEC, "reframe-image") or {}
        aspect = str(body["aspect_ratio"])
        spec = self._image_spec(entry, aspect, body.get("format") or "jpg")
        key = f"luma|{model}|reframe_image|{aspect}|{body.get('prompt', '')}|{body['media']['url']}"
        request = {**body, "generation_type": "reframe_image"}
        job = self._start(call, model, request, spec, key, source, aspect=aspect)
        return self._generation_response(job, call.op.success_status)

    # --- reading and deleting ---------------------------------------------------------
    async def op_get_generation(self, call: Call) -> Response:
        job = self.emu.jobs.get(call.path_params["id"], self.name)
        if job is None:
            return self.error(404, "Generation not found")
        return self._generation_response(job, 200)

    async def op_list_generations(self, call: Call) -> Response:
        # No bounds are published: an out-of-range value gives an empty page, not an error.
        limit = max(0, int(call.query.get("limit", call.op.parameter_default("limit"))))
        offset = max(0, int(call.query.get("offset", call.op.parameter_default("offset") or 0)))
        jobs = sorted(self.emu.jobs.all(self.name), key=lambda j: (j.created, j.created_wall), reverse=True)
        page = jobs[offset: offset + limit]
        now = self.emu.clock.now()
        return JSONResponse({"generations": [self.generation_json(j, now) for j in page], "count": len(page),
                             "has_more": offset + len(page) < len(jobs), "limit": limit, "offset": offset})

    async def op_delete_generation(self, call: Call) -> Response:
        job = self.emu.jobs.get(call.path_params["id"], self.name)
        if job is None:
            return self.error(404, "Generation not found")
        self.emu.jobs.delete(job.id)
        for field in ("video", "image", "progress_video"):
            blob_id = job.extra.get(field)
            if blob_id:
                self.emu.blobs.delete(blob_id)
        return Response(status_code=204)

    async def op_list_concepts(self, call: Call) -> Response:
        return JSONResponse(list(CONCEPTS))

    async def op_list_camera_motions(self, call: Call) -> Response:
        return JSONResponse(list(CAMERA_MOTIONS))

    async def op_get_credits(self, call: Call) -> Response:
        spent = sum(float(j.extra.get("cost", 0.0)) for j in self.emu.jobs.all(self.name) if j.outcome != "fail")
        return JSONResponse({"credit_balance": round(START_BALANCE_CENTS - spent, 2)})

    async def op_ping(self, call: Call) -> Response:
        return JSONResponse({"message": "pong"})

    # --- callbacks --------------------------------------------------------------------
    async def notify(self, job: Job, phase: str) -> None:
        """POST the Generation to ``callback_url`` (dreaming, completed, failed), retrying non-200s."""
        url = job.extra.get("callback_url")
        if not url or phase == "queued" or not self.may_deliver(url, job):
            return
        body = self.generation_json(job, self.emu.clock.now(), phase=phase)
        attempts = 1 + max(0, int(self.emu.settings.webhook_retries))
        async with httpx.AsyncClient(timeout=5.0) as client:
            for attempt in range(1, attempts + 1):
                status: int | None = None
                try:
                    reply = await client.post(url, json=body, headers={"User-Agent": "Luma-Callback/1.0"})
                    status = reply.status_code
                except httpx.HTTPError:
                    status = None
                self.emu.deliveries.append({"service": self.name, "url": url, "status": status,
                                            "attempt": attempt, "state": body["state"], "t": time.time(),
                                            "generation_id": job.id})
                if status == 200:
                    return
                if attempt < attempts:
                    await asyncio.sleep(0.1)

    # --- the Generation object --------------------------------------------------------
    def generation_json(self, job: Job, now: float, phase: str | None = None) -> dict[str, Any]:
        """The wire Generation for ``job`` at emulated time ``now`` (or in a given phase)."""
        extra = job.extra
        state = self.state_word(phase or job.phase(now))
        root = str(extra.get("root_url", ""))
        assets: dict[str, str] | None = None
        if state == "dreaming" and extra.get("progress_video"):
            assets = {"progress_video": self._url(root, extra["progress_video"])}
        elif state == "completed":
            assets = {}
            for field in ("video", "image"):
                if extra.get(field):
                    assets[field] = self._url(root, extra[field])
        failure = None
        if state == "failed":
            failure = job.failure_reason or ("Generation was cancelled" if job.cancelled_at is not None
                                             else "Generation failed")
        return {
            "id": job.id,
            "generation_type": extra.get("generation_type", "video"),
            "state": state,
            "failure_reason": failure,
            "created_at": _iso(job.created_wall),
            "assets": assets,
            "model": job.model,
            "request": extra.get("request", {}),
        }

    def _generation_response(self, job: Job, status: int) -> Response:
        return JSONResponse(self.generation_json(job, self.emu.clock.now()), status_code=status)

    # --- helpers ----------------------------------------------------------------------
    def _url(self, root: str, blob_id: str) -> str:
        blob = self.emu.blobs.get(blob_id)
        filename = blob.filename if blob is not None else "output"
        # Same shape as Service.file_url (a Call is not at hand when a callback fires).
        return f"{root}/_emulator/files/{blob_id}/{filename}"

    def _completed_video(self, gen_id: str, what: str, *, not_found: int) -> tuple[Job | None, Response | None]:
        """A referenced earlier generation that must exist, be a video and be completed."""
        job = self.emu.jobs.get(gen_id, self.name)
        if job is None:
            return None, self.error(not_found, f"{what}: generation {gen_id} not found")
        if not job.extra.get("video"):
            return None, self.error(400, f"{what}: generation {gen_id} is not a video generation")
        state = self.state_word(job.phase(self.emu.clock.now()))
        if state != "completed":
            return None, self.error(400, f"{what}: generation {gen_id} is not completed (state: {state}); "
                                         "only completed generations can be used")
        return job, None

    async def _blob_bytes(self, blob_id: Any) -> bytes | None:
        blob = self.emu.blobs.get(str(blob_id)) if blob_id else None
        if blob is None:
            return None
        data: bytes = await run_in_threadpool(blob.data)
        return data

    def _video_spec(self, entry: dict[str, Any], resolution: str, aspect: str, seconds: float) -> MediaSpec:
        width, height = frame_size(SHORT_SIDE.get(resolution, 720), aspect)
        sized = {**entry, "width": width, "height": height, "default_resolution": None}
        return output_spec(self.emu, sized, kind="video", seconds=seconds)

    def _image_spec(self, entry: dict[str, Any], aspect: str, fmt: str) -> MediaSpec:
        width, height = frame_size(int(entry.get("height", 720)), aspect)
        sized = {**entry, "width": width, "height": height, "default_resolution": None}
        return output_spec(self.emu, sized, kind="image", image_format=fmt)

    def _start(self, call: Call, model: str, request: dict[str, Any], spec: MediaSpec, key: str,
               source: bytes | None, *, resolution: str | None = None, aspect: str = "16:9",
               parent: str | None = None) -> Job:
        """Create the job and its (lazily rendered) outputs."""
        job = self.new_job(call, model, request)
        extra = job.extra
        # generation_type is what the generation produces (video or image, as Luma's document has it);
        # the request's own kind stays in request.generation_type.
        extra.update(root_url=call.root_url, generation_type=spec.kind, request=request, aspect_ratio=aspect,
                     resolution=resolution, seconds=spec.seconds, parent=parent)
        price = PRICE_CENTS.get(model, 10.0)
        if spec.kind == "video":
            blob = add_output(self.emu, call, spec, key, source, job.id)
            extra["video"] = blob.id
            thumb = MediaSpec("image", spec.width, spec.height, image_format="jpeg")
            extra["image"] = self._rendered(thumb, key, source, f"{job.id}_thumb").id
            preview = scaled(spec, 0.5)
            extra["progress_video"] = self._rendered(preview, key + "|progress", source,
                                                     f"{job.id}_progress").id
            extra["cost"] = price * _seconds(request.get("duration"), 5.0) / 5.0
        else:
            blob = add_output(self.emu, call, spec, key, source, job.id)
            extra["image"] = blob.id
            extra["cost"] = price
        callback = request.get("callback_url")
        if callback:
            extra["callback_url"] = callback
            extra["notify"] = True
        return job

    def _rendered(self, spec: MediaSpec, key: str, source: bytes | None, stem: str) -> Blob:
        from .._media import media_type, render

        ext = {"video/mp4": "mp4", "image/png": "png", "image/jpeg": "jpg"}[media_type(spec)]
        return self.emu.blobs.add_rendered(media_type(spec), f"{stem}.{ext}",
                                           lambda: render(spec, key=key, source=source))


# --- module helpers -------------------------------------------------------------------


def bearer_token(request: Request) -> str | None:
    """The key of an ``Authorization: Bearer <key>`` header (None when absent or malformed)."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None


def summarise(issues: list[ValidationIssue]) -> str:
    """One human-readable sentence for a list of validation issues, Luma-style."""
    frames = {i.loc[2] for i in issues if i.loc[:2] == ("body", "keyframes") and len(i.loc) == 3
              and i.msg.startswith("None is not valid")}
    if frames == {"frame0", "frame1"}:
        return "No keyframes provided"
    parts = []
    for issue in issues:
        where = _where(issue.loc)
        m = _ENUM_MSG.match(issue.msg)
        if where == "model" and m:
            valid = ", ".join(v.strip().strip("'\"") for v in m.group(2).split(","))
            parts.append(f"Unknown model {m.group(1)}. Valid models: {valid}")
        elif issue.type == "json_invalid":
            parts.append(f"Invalid JSON body ({issue.msg.removeprefix('JSON decode error: ')})")
        elif issue.type == "oneOf" and where in {"keyframes.frame0", "keyframes.frame1"}:
            parts.append(f'{where} must be {{"type": "image", "url": ...}} or {{"type": "generation", "id": ...}}')
        elif issue.type == "missing":
            parts.append(f"{where} is required")
        else:
            parts.append(f"{where}: {issue.msg}")
    return "; ".join(parts) or "Invalid request"


def _where(loc: tuple[str | int, ...]) -> str:
    parts = list(loc[1:]) if loc and loc[0] == "body" else list(loc)
    text = ""
    for p in parts:
        text += f"[{p}]" if isinstance(p, int) else (f".{p}" if text else str(p))
    return text or "body"


def _iso(wall: float) -> str:
    stamp = datetime.datetime.fromtimestamp(wall, datetime.UTC).isoformat(timespec="microseconds")
    return stamp.replace("+00:00", "Z")


def _known(value: Any, table: dict[str, Any], default: str) -> str:
    return value if isinstance(value, str) and value in table else default


def _seconds(value: Any, default: float) -> float:
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*s?\s*", str(value)) if value is not None else None
    seconds = float(m.group(1)) if m else default
    return seconds if 0 < seconds <= 60 else default



def _video_kind(frames: dict[str, dict[str, Any]]) -> str:
    """What a video create does with its keyframes: a generation at an end is a video to extend."""
    generations = {k for k, f in frames.items() if f.get("type") == "generation"}
    if generations == {"frame0", "frame1"}:
        return "interpolate"
    if "frame0" in generations:
        return "extend"
    if "frame1" in generations:
        return "reverse-extend"
    return "i2v" if frames else "t2v"


def _image_ref_urls(body: dict[str, Any]) -> list[str]:
    """Reference image URLs of an image create, most specific first."""
    urls: list[str] = []
    modify = body.get("modify_image_ref")
    if isinstance(modify, dict) and modify.get("url"):
        urls.append(str(modify["url"]))
    for field in ("image_ref", "style_ref"):
        for ref in body.get(field) or []:
            if isinstance(ref, dict) and ref.get("url"):
                urls.append(str(ref["url"]))
    character = body.get("character_ref")
    if isinstance(character, dict):
        identity = character.get("identity0")
        if isinstance(identity, dict):
            urls += [str(u) for u in identity.get("images") or []]
    return urls
