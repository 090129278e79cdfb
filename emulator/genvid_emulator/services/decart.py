"""Decart's batch API: Process (media in the response), Queue (jobs) and Files."""

from __future__ import annotations

import asyncio
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from .._app import Call, Service, serve_blob
from .._jobs import Job
from .._specs import Operation
from ._common import add_output, media_fields, output_spec, read_media, render_now, resolve_model

SPEC = "decart"


class Decart(Service):
    """The Decart API at ``{root}/decart``."""

    name = "decart"

    def api_key(self, request: Request) -> str | None:
        return request.headers.get("x-api-key")

    def unauthorized(self) -> Response:
        return self.error(401, "Invalid API key")

    def is_job_submit(self, op: Operation) -> bool:
        return op.operation_id.startswith(("queue_submit", "process_", "submit_"))

    def failure_for(self, code: str) -> tuple[str, str]:
        return code or "PROCESSING_ERROR", "Job failed"

    async def _generation(self, call: Call) -> tuple[dict[str, Any] | None, Response | None]:
        """The model's catalog entry (defaults for a model only the spec knows); its inputs are checked already."""
        model = call.path_params["model"]
        entry = resolve_model(SPEC, model)
        if entry is None:
            if call.op.operation_id in ("queue_submit", "process_generate"):
                return None, self.error(404, f"Model not found: {model}")
            entry = {"id": model}  # a typed operation the catalog does not list yet: rendered with defaults
        return entry, None

    async def _render_job(self, call: Call, entry: dict[str, Any], job: Job) -> None:
        form = call.form
        source = None
        for field in media_fields(SPEC, entry.get("operation") or call.op.operation_id) or ("data", "start"):
            source = source or await read_media(self.emu, call, field)
        spec = output_spec(self.emu, entry, resolution=form.get("resolution"),
                           portrait=form.get("orientation") == "portrait")
        key = f"decart|{entry['id']}|{form.get('prompt', '')}|{form.get('seed', '')}"
        blob = add_output(self.emu, call, spec, key, source, job.id)
        job.extra["blob"] = blob.id

    async def op_process_generate(self, call: Call) -> Response:
        entry, error = await self._generation(call)
        if error is not None or entry is None:
            return error  # type: ignore[return-value]
        job = self.new_job(call, entry["id"], dict(call.form))
        await self._render_job(call, entry, job)
        wait = self.emu.clock.real_seconds(job.queue_s + job.run_s)
        await asyncio.sleep(min(wait, 600.0))
        if job.outcome != "ok":
            return self.error(500, "Processing failed: the request was blocked by content moderation"
                              if job.outcome == "fail" else "Processing timed out")
        blob = self.emu.blobs.get(job.extra["blob"])
        assert blob is not None
        await render_now(blob)
        return serve_blob(call.request, blob)

    async def op_queue_submit(self, call: Call) -> Response:
        entry, error = await self._generation(call)
        if error is not None or entry is None:
            return error  # type: ignore[return-value]
        job = self.new_job(call, entry["id"], dict(call.form))
        await self._render_job(call, entry, job)
        return JSONResponse({"job_id": job.id, "status": self.state_word(job.phase(self.emu.clock.now()))})

    def _job(self, call: Call) -> Job | None:
        return self.emu.jobs.get(call.path_params["job_id"], self.name)

    async def op_queue_status(self, call: Call) -> Response:
        job = self._job(call)
        if job is None:
            return self.error(404, "Job not found")
        return JSONResponse({"job_id": job.id, "status": self.state_word(job.phase(self.emu.clock.now()))})

    async def op_queue_content(self, call: Call) -> Response:
        job = self._job(call)
        if job is None:
            return self.error(404, "Job not found")
        status = self.state_word(job.phase(self.emu.clock.now()))
        if status != "completed":
            return self.error(409, f"Job is not completed (status: {status})")
        blob = self.emu.blobs.get(job.extra["blob"])
        if blob is None:
            return self.error(404, "Job output not found")
        await render_now(blob)
        return self.emu.download(call.request, blob.id)

    async def op_files_upload(self, call: Call) -> Response:
        upload = call.files.get("file")
        if upload is None:
            return self.validation_error([])
        path = self.emu.blobs.new_upload_path()
        with open(path, "wb") as f:
            await upload.seek(0)
            while chunk := await upload.read(1 << 20):
                f.write(chunk)
        blob = self.emu.blobs.add_file(upload.content_type or "application/octet-stream",
                                       upload.filename or "upload", path)
        ttl = call.form.get("ttl_seconds")
        return JSONResponse(_file_json(self, blob.id, ttl if isinstance(ttl, int) else None))

    async def op_files_get(self, call: Call) -> Response:
        if self.emu.blobs.get(call.path_params["file_id"]) is None:
            return self.error(404, "File not found")
        return JSONResponse(_file_json(self, call.path_params["file_id"], None))

    async def op_files_delete(self, call: Call) -> Response:
        if not self.emu.blobs.delete(call.path_params["file_id"]):
            return self.error(404, "File not found")
        return JSONResponse({"id": call.path_params["file_id"], "deleted": True})


def _file_json(svc: Decart, blob_id: str, ttl: int | None) -> dict[str, Any]:
    import datetime

    blob = svc.emu.blobs.get(blob_id)
    assert blob is not None
    now = datetime.datetime.now(datetime.UTC)
    expires = (now + datetime.timedelta(seconds=ttl)).isoformat() if ttl else None
    return {"id": blob.id, "filename": blob.filename, "mime_type": blob.media_type, "size_bytes": blob.size,
            "created_at": now.isoformat(), "expires_at": expires}
