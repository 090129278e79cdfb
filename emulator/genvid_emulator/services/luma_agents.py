"""Luma Agents (``/luma-agents/v1``): Uni-1 images, layering, Ray 3.2 video, and the Files API.

``POST /generations`` answers ``201`` with a Generation in state ``queued``; the state
then follows the job clock: ``queued`` -> ``processing`` -> ``completed`` (``output[]``
with presigned-looking URLs) or ``failed`` (``failure_code`` + ``failure_reason``).
Every response carries ``X-Request-Id`` (the client's, when it sent one) and
``X-API-Version``; successful POSTs also ``X-RateLimit-Limit``. Schema problems are 400s
with a FastAPI-style ``detail`` list; rejected parameter combinations are 422s whose
``detail`` names the field.

Files: multipart ``POST /files`` stores the bytes at once; JSON ``POST /files`` returns a
presigned ``upload`` envelope pointing at ``{root}/_emulator/uploads/{file_id}``, served by
:func:`handle_upload`, after which ``POST /files/{id}/complete`` starts the (emulated)
ingest. A file is ``pending`` until ingest ends, then ``ready``.
"""

from __future__ import annotations

import base64
import binascii
import contextvars
import dataclasses
import datetime
import hashlib
import hmac
import os
import secrets
import threading
import time
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from .._app import Call, Service
from .._jobs import Job
from .._media import MediaSpec, frame_size
from .._specs import Operation, ValidationIssue
from ._common import add_output, output_spec, resolve_model, resolve_reference
from .luma import bearer_token

if TYPE_CHECKING:
    from .._app import Emulator

SPEC = "luma-agents"
API_VERSION = "2026-04-01"
RATE_LIMIT = "60"
# Emulated job phase -> Luma Agents generation state.
FAILURE_REASONS = {
    "content_moderated": "The request was blocked by content moderation",
    "generation_failed": "The model failed to generate an output",
    "budget_exhausted": "The account budget is exhausted",
    "output_not_found": "The generated output could not be found",
    "image_too_large": "An input image is too large",
    "unsupported_format": "An input has an unsupported format",
    "corrupt_input": "An input could not be decoded",
    "invalid_request": "The request was rejected as invalid",
    "rate_limited": "The request was rate limited upstream",
}
SOURCE_VIDEO = frozenset({"video_edit", "video_reframe"})  # the types whose source is a video
SHORT_SIDE = {"360p": 360, "540p": 540, "720p": 720, "1080p": 1080}
LAYERS = (
    ("Subject", "The main subject in the foreground, cut out with soft edges", "soft"),
    ("Props", "Secondary objects in the middle ground", "hard"),
    ("Background", "The scene behind the subject, filled in where the subject was", "none"),
)
UPLOAD_TTL_S = 3600
OUTPUT_TTL_S = 3600
MAX_UPLOAD_BYTES = 5 * 1024**3

# The request being answered (set in api_key(), which runs first for every request), so that
# error responses built without the request can still echo its X-Request-Id.
_REQUEST_ID: contextvars.ContextVar[str | None] = contextvars.ContextVar("luma_agents_request_id", default=None)


class Rejected(Exception):
    """A request the service refuses: status and detail text."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


@dataclass
class FileRecord:
    """One file of the Files API (the bytes live in the emulator's blob store)."""

    id: str
    created_at: str
    mime_type: str
    purpose: str
    size_bytes: int
    filename: str | None
    user_id: str | None
    expires_at: str | None
    created: float  # emulated clock, for ordering
    blob_id: str | None = None
    presigned: bool = False
    upload_token: str = ""
    uploaded: bool = False
    ingest_from: float | None = None  # emulated time ingest started (multipart: at once)
    ingest_s: float = 0.0
    failure_reason: str | None = None
    deleted_at: str | None = None

    def state(self, now: float) -> str:
        if self.deleted_at is not None:
            return "deleted"
        if self.failure_reason is not None:
            return "failed"
        if self.ingest_from is not None and now >= self.ingest_from + self.ingest_s:
            return "ready"
        return "pending"

    def as_json(self, now: float) -> dict[str, Any]:
        return {"id": self.id, "created_at": self.created_at, "mime_type": self.mime_type, "purpose": self.purpose,
                "size_bytes": self.size_bytes, "state": self.state(now), "deleted_at": self.deleted_at,
                "expires_at": self.expires_at, "failure_reason": self.failure_reason, "filename": self.filename,
                "user_id": self.user_id}


class LumaAgents(Service):
    """The Luma Agents API at ``{root}/luma-agents/v1``."""

    name = "luma-agents"

    def __init__(self, emulator: Emulator) -> None:
        super().__init__(emulator)
        self._files: dict[str, FileRecord] = {}
        self._files_lock = threading.Lock()
        self._sentinel: str | None = None
        self._secret = secrets.token_bytes(16)
        self._signed: set[str] = set()  # output blobs, served only by their presigned URLs

    # --- wire conventions -------------------------------------------------------------
    def api_key(self, request: Request) -> str | None:
        _REQUEST_ID.set(request.headers.get("x-request-id") or str(uuid.uuid4()))
        return bearer_token(request)

    def error(self, status: int, detail: Any, headers: dict[str, str] | None = None) -> Response:
        return self._json({"detail": detail}, status, headers)

    def unauthorized(self) -> Response:
        return self.error(401, "Invalid or missing API key")

    def validation_error(self, issues: list[ValidationIssue]) -> Response:
        # Luma Agents: 400 for bad parameters (FastAPI's list), 422 for a rejected combination or
        # reference (one sentence naming the field).
        rejected = next((i for i in issues if i.rule), None)
        if rejected is None:
            return self.error(400, [i.as_fastapi() for i in issues])
        where = ".".join(str(p) for p in rejected.loc[1:]).replace(".[", "[")
        return self.error(422, f"{where}: {rejected.msg}")

    def is_job_submit(self, op: Operation) -> bool:
        return op.operation_id == "create_generation"

    def failure_for(self, code: str) -> tuple[str, str]:
        code = code or "content_moderated"
        if code not in FAILURE_REASONS:
            return "generation_failed", f"The model failed to generate an output ({code})"
        return code, FAILURE_REASONS[code]

    def _json(self, data: Any, status: int = 200, headers: dict[str, str] | None = None, *,
              post: bool = False) -> Response:
        all_headers = {"X-Request-Id": _REQUEST_ID.get() or str(uuid.uuid4()), "X-API-Version": API_VERSION,
                       **(headers or {})}
        if post and status < 300:
            all_headers["X-RateLimit-Limit"] = RATE_LIMIT
        if status == 204:
            return Response(status_code=204, headers=all_headers)
        return JSONResponse(data, status_code=status, headers=all_headers)

    # --- generations ------------------------------------------------------------------
    async def op_create_generation(self, call: Call) -> Response:
        body: dict[str, Any] = dict(call.body or {})
        try:
            model, gen_type = _model_and_type(body)
            source, sources = await self._inputs(body, gen_type)
        except Rejected as exc:
            return self.error(exc.status, exc.detail)
        entry = resolve_model(SPEC, model) or {}
        job = self.new_job(call, model, body)
        kind = "video" if gen_type in video_types() else "image"
        job.extra.update(type=gen_type, root_url=call.root_url, kind=kind)
        key = f"luma-agents|{model}|{gen_type}|{body.get('prompt', '')}|{body.get('aspect_ratio', '')}|{sources}"
        if kind == "video":
            spec = self._video_spec(entry, body, gen_type, source)
        else:
            spec = self._image_spec(entry, body, model, gen_type)
        outputs: list[dict[str, Any]] = []
        if gen_type == "layering":  # an image type: one PNG per layer, the size of the composed image
            layer_spec = MediaSpec("image", spec.width, spec.height, image_format="png")
            for index, (label, description, alpha) in enumerate(LAYERS):
                blob = add_output(self.emu, call, layer_spec, f"{key}|layer{index}", source, f"{job.id}_layer{index}")
                outputs.append({"type": "image", "blob": blob.id, "layer": {
                    "index": index, "label": label, "description": description, "alpha_hint": alpha}})
        else:
            outputs.append({"type": kind, "blob": add_output(self.emu, call, spec, key, source, job.id).id})
        job.extra["outputs"] = outputs
        return self._json(self.generation_json(job), 201, post=True)

    def _video_spec(self, entry: dict[str, Any], body: dict[str, Any], gen_type: str,
                    source: bytes | None) -> MediaSpec:
        """A video type's output, at the asked resolution and duration."""
        video = body.get("video") or {}
        resolution = str(video.get("resolution") or entry.get("default_resolution") or "720p")
        short = SHORT_SIDE.get(resolution, 720)
        width, height = frame_size(short, str(body.get("aspect_ratio") or "16:9"), fallback=1.0)
        seconds = 10.0 if video.get("duration") == "10s" else 5.0
        spec = output_spec(self.emu, {**entry, "width": width, "height": height, "default_resolution": None},
                           kind="video", seconds=seconds)
        length = source_seconds(source) if gen_type in SOURCE_VIDEO else None
        if length is not None:  # an edit or reframe lasts as long as its source
            spec = dataclasses.replace(spec, seconds=length)
        return spec

    def _image_spec(self, entry: dict[str, Any], body: dict[str, Any], model: str, gen_type: str) -> MediaSpec:
        """An image type's output; its long side from the layering resolution, or the model's."""
        if gen_type == "layering":
            side = 2048 if (body.get("layering") or {}).get("resolution") == "2k" else 1024
        else:
            side = int(entry.get("width", 1024)) * (2 if model == "uni-1-max" else 1)
        width, height = frame_size(side, str(body.get("aspect_ratio") or "1:1"), short_side=False, fallback=1.0)
        return output_spec(self.emu, {**entry, "width": width, "height": height, "default_resolution": None},
                           kind="image", image_format=str(body.get("output_format") or "png"))

    async def op_get_generation(self, call: Call) -> Response:
        gen_id = call.path_params["generation_id"]
        if not _is_uuid(gen_id):
            return self.error(400, [{"loc": ["path", "generation_id"], "msg": "Input should be a valid UUID",
                                     "type": "uuid_parsing"}])
        job = self.emu.jobs.get(gen_id, self.name)
        if job is None:
            return self.error(404, "Generation not found")
        return self._json(self.generation_json(job))

    def generation_json(self, job: Job) -> dict[str, Any]:
        state = self.state_word(job.phase(self.emu.clock.now()))
        extra = job.extra
        output = None
        if state == "completed":
            root = str(extra.get("root_url", ""))
            output = []
            for item in extra.get("outputs", []):
                entry = {"type": item["type"], "url": self._presigned(root, item["blob"])}
                if "layer" in item:
                    entry["layer"] = dict(item["layer"])
                output.append(entry)
        failed = state == "failed"
        code = reason = None
        if failed:
            code = job.failure_code or "generation_failed"
            reason = job.failure_reason or ("The generation was cancelled" if job.cancelled_at is not None
                                            else FAILURE_REASONS.get(code, "Generation failed"))
        return {"id": job.id, "created_at": _iso(job.created_wall), "model": job.model, "state": state,
                "type": extra.get("type", "image"), "failure_code": code, "failure_reason": reason,
                "output": output}

    def _presigned(self, root: str, blob_id: str) -> str:
        """An output URL signed for 1 h of emulated time (``Expires`` is Unix time, as S3's)."""
        blob = self.emu.blobs.get(blob_id)
        filename = blob.filename if blob is not None else "output"
        expires = int(self.emu.clock.wall()) + OUTPUT_TTL_S
        self._signed.add(blob_id)
        return (f"{root}/_emulator/files/{blob_id}/{filename}?Expires={expires}"
                f"&Signature={self._signature(blob_id, expires)}")

    def _signature(self, blob_id: str, expires: int) -> str:
        return hmac.new(self._secret, f"{blob_id}|{expires}".encode(), hashlib.sha256).hexdigest()[:32]

    def refuse_download(self, request: Request, blob_id: str) -> Response | None:
        """An output's presigned URL is checked as S3 checks one: 403 with an XML error when the
        signature is missing or wrong, or ``Expires`` has passed."""
        if blob_id not in self._signed:
            return None
        query = request.query_params
        problem = self._url_problem(blob_id, query.get("Expires", ""), query.get("Signature", ""))
        if problem is None:
            return None
        body = b"" if request.method == "HEAD" else _s3_error(*problem)
        return Response(body, status_code=403, media_type="application/xml")

    def _url_problem(self, blob_id: str, expires: str, signature: str) -> tuple[str, str, str] | None:
        """(S3 error code, message, extra XML) when a presigned output URL must be refused."""
        if not expires.isdigit() or not signature:
            return "AccessDenied", "Query-string authentication requires the Signature and Expires parameters", ""
        if not hmac.compare_digest(signature, self._signature(blob_id, int(expires))):
            return ("SignatureDoesNotMatch", "The request signature we calculated does not match the signature "
                                             "you provided.", "")
        now = self.emu.clock.wall()
        if now > int(expires):
            return ("AccessDenied", "Request has expired",
                    f"<Expires>{_iso(float(expires))}</Expires><ServerTime>{_iso(now)}</ServerTime>")
        return None

    # --- inputs -----------------------------------------------------------------------
    async def _inputs(self, body: dict[str, Any], gen_type: str) -> tuple[bytes | None, str]:
        """Resolve every ImageRef (raises Rejected); returns (render source, a key of the inputs)."""
        refs = _image_refs(body)
        resolved: dict[str, bytes | None] = {}
        for where, ref in refs:
            resolved[where] = data = await self._resolve(where, ref, gen_type)
            _check_kind(where, data, "video" if where == "source" and gen_type in SOURCE_VIDEO else "image")
        if gen_type == "video_edit":
            _check_length(resolved.get("source"))
        order = ["source", "video.start_frame", "video.keyframes[0]", "image_ref[0]", "video.end_frame"]
        source = next((resolved[w] for w in order if resolved.get(w) is not None), None)
        key = "|".join(f"{w}={_ref_key(r)}" for w, r in refs)
        return source, key

    async def _resolve(self, where: str, ref: dict[str, Any], gen_type: str) -> bytes | None:
        """The bytes of one ImageRef: a prior generation's output, an uploaded file, base64 data or a URL."""
        if ref.get("generation_id"):
            return await self._generation_bytes(where, str(ref["generation_id"]), gen_type)
        if ref.get("file_id"):
            return await self._file_bytes(where, str(ref["file_id"]))
        if ref.get("data") is not None:
            try:
                return base64.b64decode(str(ref["data"]), validate=True)
            except (binascii.Error, ValueError):
                raise Rejected(422, f"{where}.data: invalid base64 data") from None
        return resolve_reference(self.emu, str(ref.get("url") or ""))

    async def _generation_bytes(self, where: str, gen_id: str, gen_type: str) -> bytes:
        """The first output of a completed prior generation of the kind the position takes."""
        job = self.emu.jobs.get(gen_id, self.name) if _is_uuid(gen_id) else None
        if job is None:
            raise Rejected(404, f"{where}.generation_id: generation {gen_id} not found")
        state = self.state_word(job.phase(self.emu.clock.now()))
        if state != "completed":
            raise Rejected(422, f"{where}.generation_id: generation {gen_id} is not completed (state: {state})")
        kind = job.extra.get("kind")
        if where in ("video.start_frame", "video.end_frame") and kind != "video":
            raise Rejected(422, f"{where}.generation_id: generation {gen_id} is an image; start_frame and "
                                "end_frame extend a prior video generation (pass an image by url or data)")
        if where == "source":
            want = "video" if gen_type in video_types() else "image"
            if kind != want:
                raise Rejected(422, f"{where}.generation_id: {gen_type} needs a prior {want} generation")
        outputs = job.extra.get("outputs") or []
        return await self._blob_data(outputs[0]["blob"] if outputs else "",
                                     f"{where}.generation_id: the output of generation {gen_id} is gone")

    async def _file_bytes(self, where: str, file_id: str) -> bytes:
        """The bytes of an uploaded file that is ready."""
        record = self._file(file_id)
        now = self.emu.clock.now()
        if record is None or record.state(now) == "deleted":
            raise Rejected(404, f"{where}.file_id: file {file_id} not found")
        if record.state(now) != "ready":
            raise Rejected(422, f"{where}.file_id: file {file_id} is not ready (state: {record.state(now)})")
        return await self._blob_data(record.blob_id or "", f"{where}.file_id: the bytes of file {file_id} are gone")

    async def _blob_data(self, blob_id: str, gone: str) -> bytes:
        """A stored blob's bytes (read off the event loop); a 422 saying ``gone`` if it was deleted."""
        blob = self.emu.blobs.get(blob_id)
        if blob is None:
            raise Rejected(422, gone)
        data: bytes = await run_in_threadpool(blob.data)
        return data

    # --- files ------------------------------------------------------------------------
    def _check_reset(self) -> None:
        """Forget every file when the emulator was reset (its blob store was emptied)."""
        with self._files_lock:
            if self._sentinel is None or self.emu.blobs.get(self._sentinel) is None:
                if self._sentinel is not None:
                    self._files.clear()
                self._sentinel = self.emu.blobs.add_bytes("text/plain", "luma-agents-files", b"").id

    def _file(self, file_id: str) -> FileRecord | None:
        self._check_reset()
        with self._files_lock:
            return self._files.get(file_id)

    def _new_file(self, **kwargs: Any) -> FileRecord:
        self._check_reset()
        now = self.emu.clock.now()
        record = FileRecord(id=str(uuid.uuid4()), created_at=_iso(time.time()), created=now,
                            ingest_s=min(self.emu.settings.queue_seconds, 1.0), **kwargs)
        with self._files_lock:
            self._files[record.id] = record
        return record

    async def op_create_file(self, call: Call) -> Response:
        if "file" in call.files:
            return await self._create_inline(call)
        if not isinstance(call.body, dict):
            return self.error(400, [{"loc": ["body"], "msg": "Send the file as a multipart 'file' part, or a JSON "
                                     "body with mime_type and size_bytes", "type": "missing"}])
        body = call.body
        record = self._new_file(mime_type=str(body["mime_type"]), purpose=str(body.get("purpose") or "input"),
                                size_bytes=int(body["size_bytes"]), filename=body.get("filename"),
                                user_id=body.get("user_id"), expires_at=body.get("expires_at"), presigned=True,
                                upload_token=secrets.token_urlsafe(18))
        expires = datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=UPLOAD_TTL_S)
        upload = {
            "url": f"{call.root_url}/_emulator/uploads/{record.id}?X-Amz-Expires={UPLOAD_TTL_S}"
                   f"&X-Amz-Date={int(time.time())}&X-Amz-Signature={record.upload_token}",
            "method": "PUT",
            "headers": {"Content-Type": record.mime_type},
            "expires_at": expires.isoformat().replace("+00:00", "Z"),
        }
        now = self.emu.clock.now()
        return self._json({"id": record.id, "state": record.state(now), "file": record.as_json(now),
                           "upload": upload}, 201, post=True)

    async def _create_inline(self, call: Call) -> Response:
        upload = call.files["file"]
        path = self.emu.blobs.new_upload_path()
        size = 0
        with open(path, "wb") as f:
            await upload.seek(0)
            while chunk := await upload.read(1 << 20):
                size += len(chunk)
                f.write(chunk)
        filename = str(call.form.get("filename") or upload.filename or "upload")
        mime = upload.content_type or "application/octet-stream"
        blob = self.emu.blobs.add_file(mime, filename, path)
        failure = None
        if call.faults.has("fail"):
            failure = FAILURE_REASONS.get(call.faults.arg("fail"), "The file was rejected by content moderation")
        record = self._new_file(mime_type=mime, purpose=str(call.form.get("purpose") or "input"), size_bytes=size,
                                filename=filename, user_id=call.form.get("user_id"),
                                expires_at=call.form.get("expires_at"), blob_id=blob.id, uploaded=True,
                                ingest_from=self.emu.clock.now(), failure_reason=failure)
        now = self.emu.clock.now()
        return self._json({"id": record.id, "state": record.state(now), "file": record.as_json(now),
                           "upload": None}, 201, post=True)

    async def op_list_files(self, call: Call) -> Response:
        self._check_reset()
        now = self.emu.clock.now()
        limit = int(call.query.get("limit") or 25)
        purpose, state = call.query.get("purpose"), call.query.get("state")
        with self._files_lock:
            records = list(self._files.values())
        records.sort(key=lambda r: (r.created, r.id), reverse=True)
        records = [r for r in records if (purpose is None or r.purpose == purpose)
                   and (r.state(now) == state if state is not None else r.state(now) != "deleted")]
        cursor = call.query.get("cursor")
        if cursor:
            after = _decode_cursor(str(cursor))
            if after is None:
                return self.error(400, [{"loc": ["query", "cursor"], "msg": "Invalid cursor", "type": "value_error"}])
            records = [r for r in records if (r.created, r.id) < after]
        page = records[:limit]
        has_more = len(records) > limit
        next_cursor = _encode_cursor(page[-1].created, page[-1].id) if has_more and page else None
        return self._json({"data": [r.as_json(now) for r in page], "has_more": has_more,
                           "next_cursor": next_cursor})

    async def op_get_file(self, call: Call) -> Response:
        record = self._file(call.path_params["file_id"])
        if record is None:
            return self.error(404, "File not found")
        return self._json(record.as_json(self.emu.clock.now()))

    async def op_delete_file(self, call: Call) -> Response:
        record = self._file(call.path_params["file_id"])
        if record is None or record.deleted_at is not None:
            return self.error(404, "File not found")
        record.deleted_at = _iso(time.time())
        if record.blob_id:
            self.emu.blobs.delete(record.blob_id)
        return self._json(None, 204)

    async def op_complete_file(self, call: Call) -> Response:
        record = self._file(call.path_params["file_id"])
        if record is None or record.deleted_at is not None:
            return self.error(404, "File not found")
        now = self.emu.clock.now()
        if record.ingest_from is None:
            if not record.uploaded:
                return self.error(400, "No bytes have been uploaded to the presigned URL yet; PUT them first")
            record.ingest_from = now
            blob = self.emu.blobs.get(record.blob_id or "")
            actual = blob.size if blob is not None else 0
            if actual != record.size_bytes:
                record.failure_reason = (f"Uploaded size {actual} bytes does not match the declared size_bytes "
                                         f"{record.size_bytes}")
            elif call.faults.has("fail"):
                record.failure_reason = FAILURE_REASONS.get(call.faults.arg("fail"),
                                                            "The file was rejected by content moderation")
        return self._json(record.as_json(now), 200, post=True)


async def handle_upload(emu: Emulator, request: Request, file_id: str) -> Response:
    """``PUT {root}/_emulator/uploads/{file_id}``: the presigned upload target of a JSON ``POST /files``.

    Streams the body to disk (constant memory) and records it; the file becomes ``ready``
    after ``POST /files/{file_id}/complete`` and the emulated ingest.
    """
    svc = emu.service(LumaAgents.name)
    assert isinstance(svc, LumaAgents)
    if request.method != "PUT":
        return Response(_s3_error("MethodNotAllowed", "Use PUT"), status_code=405, media_type="application/xml")
    record = svc._file(file_id)
    if record is None or record.deleted_at is not None or not record.presigned:
        return Response(_s3_error("NoSuchUpload", "The upload does not exist"), status_code=404,
                        media_type="application/xml")
    if not hmac.compare_digest(request.query_params.get("X-Amz-Signature", ""), record.upload_token):
        return Response(_s3_error("SignatureDoesNotMatch", "The request signature does not match"),
                        status_code=403, media_type="application/xml")
    ctype = request.headers.get("content-type")
    if ctype is not None and ctype.split(";", 1)[0].strip().lower() != record.mime_type.lower():
        return Response(_s3_error("SignatureDoesNotMatch", f"Content-Type must be {record.mime_type}"),
                        status_code=403, media_type="application/xml")
    if record.ingest_from is not None:
        return Response(_s3_error("InvalidRequest", "The upload was already completed"), status_code=409,
                        media_type="application/xml")
    path = emu.blobs.new_upload_path()
    size = 0
    too_big = False
    digest = hashlib.md5(usedforsecurity=False)
    with open(path, "wb") as f:
        async for chunk in request.stream():
            size += len(chunk)
            digest.update(chunk)
            if size > MAX_UPLOAD_BYTES:
                too_big = True
                break
            f.write(chunk)
    if too_big:
        os.unlink(path)
        return Response(_s3_error("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size"),
                        status_code=400, media_type="application/xml")
    blob = emu.blobs.add_file(record.mime_type, record.filename or "upload", path)
    if record.blob_id:
        emu.blobs.delete(record.blob_id)
    record.blob_id = blob.id
    record.uploaded = True
    return Response(status_code=200, headers={"ETag": f'"{digest.hexdigest()}"'})


# --- rules -----------------------------------------------------------------------------


def _model_and_type(body: dict[str, Any]) -> tuple[str, str]:
    """(model, type) after the server's defaults; the spec's rules checked the combination already."""
    from genvid._schemas import request_schema

    props = request_schema("genvid_api_luma_agents", "create_generation").properties
    model = str(body.get("model") or props["model"]["enum"][0])  # the spec's first model is the default
    types = (resolve_model(SPEC, model) or {}).get("types") or ["image"]
    return model, str(body.get("type") or types[0])


def _image_refs(body: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Every ImageRef of a create body, with where it sits (the names its errors use)."""
    video = body.get("video") or {}
    refs = [("source", body["source"])] if isinstance(body.get("source"), dict) else []
    refs += [(f"image_ref[{i}]", ref) for i, ref in enumerate(body.get("image_ref") or [])]
    refs += [(f"video.{name}", video[name]) for name in ("start_frame", "end_frame")
             if isinstance(video.get(name), dict)]
    edit = video.get("edit") or {}
    refs += [(f"video.keyframes[{i}]", ref) for i, ref in enumerate(video.get("keyframes") or [])]
    refs += [(f"video.edit.keyframes[{i}]", ref) for i, ref in enumerate(edit.get("keyframes") or [])]
    return refs


def _check_kind(where: str, data: bytes | None, want: str) -> None:
    """Refuse media of the wrong kind at a position (what the bytes are, whatever the request said)."""
    from genvid._inputs import sniff

    kind = sniff(data[:16]) if data else None
    if kind is not None and kind.split("/")[0] in ("image", "video") and not kind.startswith(want + "/"):
        raise Rejected(422, f"{where}: the media is {kind}; this position takes {'a video' if want == 'video' else 'an image'}")


def _check_length(source: bytes | None) -> None:
    """A video_edit source longer than the spec's limit is refused (the facade checks only inline MP4s)."""
    from genvid._inputs import mp4_seconds

    seconds = mp4_seconds(source) if source else None
    limit = _source_limit()
    if seconds is not None and limit is not None and seconds > limit + 0.01:
        raise Rejected(422, f"source: the source video is {seconds:.1f} s long; video_edit takes at most {limit:g} s")


def _source_limit() -> float | None:
    """``x-genvid-max-seconds`` of the create body's rules (the video_edit source's limit)."""
    from genvid._issues import MAX_SECONDS
    from genvid._schemas import request_schema

    stack: list[Any] = [request_schema("genvid_api_luma_agents", "create_generation").schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if MAX_SECONDS in node:
                return float(node[MAX_SECONDS])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return None


def source_seconds(source: bytes | None) -> float | None:
    """How long a source video is (an edit's output lasts as long)."""
    from genvid._inputs import mp4_seconds

    return mp4_seconds(source) if source else None


def video_types() -> frozenset[str]:
    """The generation types of the models that make video (from the catalog)."""
    return frozenset(t for e in _catalog().values() if e.get("output") == "video" for t in e.get("types", ()))


# --- helpers ---------------------------------------------------------------------------


def _catalog() -> dict[str, dict[str, Any]]:
    from ._common import catalog

    return catalog(SPEC)


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _iso(wall: float) -> str:
    stamp = datetime.datetime.fromtimestamp(wall, datetime.UTC).isoformat(timespec="milliseconds")
    return stamp.replace("+00:00", "Z")



def _ref_key(ref: dict[str, Any]) -> str:
    for field in ("generation_id", "file_id", "url"):
        if ref.get(field):
            return f"{field}:{ref[field]}"
    data = str(ref.get("data") or "")
    return "data:" + hashlib.sha256(data.encode()).hexdigest()[:16]


def _encode_cursor(created: float, file_id: str) -> str:
    return base64.urlsafe_b64encode(f"{created!r}|{file_id}".encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[float, str] | None:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        created, file_id = text.split("|", 1)
        return float(created), file_id
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None


def _s3_error(code: str, message: str, extra: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{code}</Code><Message>{message}</Message>'
            f"{extra}</Error>").encode()
