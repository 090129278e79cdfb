"""Luma Agents (uni-1, uni-1-max, ray-3.2), blocking.

Mirrors the official ``luma-agents`` SDK::

    client = genvid.LumaAgents()                       # LUMA_AGENTS_API_KEY, LUMA_BASE_URL
    generation = client.generations.create(prompt="A lighthouse at dusk", type="video", model="ray-3.2",
                                           video={"start_frame": "lighthouse.png", "duration": "5s"})
    client.wait(generation.id).save("lighthouse.mp4")

Every ImageRef argument (``image_ref[]``, ``source``, ``video.start_frame``, keyframes, ...)
takes the wire dict (``{"url"}``, ``{"data", "media_type"}``, ``{"generation_id"}``,
``{"file_id"}``) or any genvid file input: a path, bytes, a binary file object, an
``https://`` URL or a ``data:`` URI (URLs are passed as URLs, local content inline as
base64, up to 50 MB; larger files go through ``client.files.create``). The body is
checked against the Luma Agents spec's schema, cross-field rules included, before any request.
"""

from __future__ import annotations

import base64
import builtins
import datetime
import time
import uuid
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from ._catalog import lookup
from ._exceptions import DeadlineExceeded, InvalidInput, JobFailed, MalformedResponse
from ._inputs import (
    FileInput,
    MediaInput,
    RewindableBody,
    check_media_kind,
    decode_data_uri,
    sniff,
    to_media,
    wire_value,
)
from ._jobs import Job, JobStatus
from ._results import Result, media_from_url, result_from_url
from ._schemas import field_name, request_schema
from ._service import Body, GenerationService, GenerationsResource, Pager, Prepared, Resource, invalid

if TYPE_CHECKING:
    from genvid_api_luma_agents.models import FileList, FileObject, FileUploadResponse, Generation

PROVIDER = "luma-agents"
CREATE = "create_generation"
INLINE_LIMIT = 50 * 1024 * 1024
INLINE_HINT = "upload it once with client.files.create(file=...) and pass {'file_id': file.id}"
# Unified names -> VideoOptions fields, for the video model.
VIDEO_NAMES = {"image": "start_frame", "start_image": "start_frame", "end_image": "end_frame"}
REF_NAMES = ("image", "images", "reference", "image_ref")


# --- media references -----------------------------------------------------------------


def image_ref(field: str, value: object) -> dict[str, Any]:
    """An ImageRef wire dict from a dict, a generated ImageRef model, or a genvid file input.

    URLs stay URLs (with the media type their name tells, when it is a video: a video source
    needs one); local content (path, bytes, file object, data: URI) is sent inline as base64
    with its sniffed media type.
    """
    value = wire_value(value)
    if isinstance(value, Mapping):
        return _ref_dict(field, value)
    media = check_media_kind(to_media(field, value), service=PROVIDER)
    if media.source == "url":
        ref: dict[str, Any] = {"url": str(media.value)}
        if (media.media_type or "").startswith("video/"):
            ref["media_type"] = media.media_type
        return ref
    data = _inline_bytes(field, media)
    kind = media.media_type or sniff(data[:16])
    if kind is None:
        raise invalid(PROVIDER, f"cannot tell the media type of {field}", field,
                      hint="pass {'data': <base64>, 'media_type': 'image/png'} instead")
    return {"data": base64.b64encode(data).decode(), "media_type": kind}


def _inline_bytes(field: str, media: MediaInput) -> bytes:
    size = media.size
    if size is not None and size > INLINE_LIMIT:
        raise invalid(PROVIDER, f"{field} is {size} bytes; Luma Agents takes at most 50 MB inline", field,
                      hint=INLINE_HINT)
    try:
        return media.read(INLINE_LIMIT)
    except InvalidInput:
        raise invalid(PROVIDER, f"{field} is larger than 50 MB; Luma Agents takes at most 50 MB inline", field,
                      hint=INLINE_HINT) from None


def _ref_dict(field: str, value: Mapping[str, Any]) -> dict[str, Any]:
    """A caller's ImageRef dict in wire form: bytes as base64, a data: URI as data, a video URL's type."""
    ref = {str(k): v for k, v in value.items() if v is not None}
    url = ref.get("url")
    if isinstance(url, str) and url[:5].lower() == "data:" and "data" not in ref:
        kind, raw = decode_data_uri(url, f"{field}.url")  # inline content: send it as data
        ref.pop("url")
        ref.update(data=raw, media_type=ref.get("media_type") or kind)
    if isinstance(ref.get("data"), bytes | bytearray | memoryview):
        ref.update(_inline(f"{field}.data", bytes(ref["data"]), ref.get("media_type")))
    guessed = media_from_url(url)[0] if isinstance(url, str) else None
    if guessed and guessed.startswith("video/") and "media_type" not in ref and "data" not in ref:
        ref["media_type"] = guessed
    return ref


def _inline(field: str, raw: bytes, media_type: str | None) -> dict[str, Any]:
    """Bytes as an ImageRef's ``data`` (base64) and ``media_type`` (sniffed when not given)."""
    if len(raw) > INLINE_LIMIT:
        raise invalid(PROVIDER, f"{field} is {len(raw)} bytes; at most 50 MB inline", field, hint=INLINE_HINT)
    kind = media_type or sniff(raw[:16])
    return {"data": base64.b64encode(raw).decode(), **({"media_type": kind} if kind else {})}


def _file_id(value: object) -> str:
    ident = getattr(value, "id", value)
    if not isinstance(ident, str) or not ident.strip():
        raise invalid(PROVIDER, f"file_id must be a file id string, got {ident!r}", "file_id")
    return ident.strip()


def _uuid(field: str, value: object) -> str:
    text = str(getattr(value, "id", value))
    try:
        return str(uuid.UUID(text))
    except ValueError:
        raise invalid(PROVIDER, f"{field} must be a UUID, got {text[:60]!r}", field) from None


# --- resources ----------------------------------------------------------------------------


class AgentGenerations(GenerationsResource["LumaAgents"]):
    """``client.generations``: create and get (Luma Agents has no list or delete of generations)."""

    def create(self, *, extra_headers: Mapping[str, str] | None = None, extra_body: Mapping[str, Any] | None = None,
               **fields: Any) -> Generation:
        """Submit a generation (``POST /generations``, the fields of ``GenerationCreate``); normally ``queued``.

        ImageRef arguments take wire dicts or genvid file inputs (see the module docstring).
        ``extra_body`` fields are sent unchecked; ``extra_headers`` go on this request only.
        """
        wire = self._svc._wire(fields, label="generations.create")
        if extra_body:
            wire.update(extra_body)
        return self._svc._send(wire, extra_headers)


class Files(Resource["LumaAgents"]):
    """``client.files``: upload media once, reference it as ``{"file_id": ...}``."""

    def create(self, *, file: FileInput | None = None, extra_headers: Mapping[str, str] | None = None,
               **fields: Any) -> FileUploadResponse:
        """Create a file (``POST /files``), in one of the two modes the API has.

        With ``file`` (a path, bytes or binary file object) the bytes are streamed as a
        multipart upload (``FileUpload``'s other fields: ``purpose``, ``filename``, ...) and
        the file starts ``pending``. With ``mime_type`` and ``size_bytes`` instead
        (``FileCreate``), the answer's ``upload`` says where to PUT the bytes, then call
        ``complete(id)`` (``upload(file)`` does all three). Poll ``wait(id)`` until ``ready``.
        """
        from genvid_api_luma_agents.models import FileCreate, FileUpload, FileUploadResponse
        from genvid_api_luma_agents.types import File

        svc = self._svc
        given = {k: v for k, v in fields.items() if v is not None}
        if isinstance(given.get("expires_at"), datetime.datetime):
            given["expires_at"] = given["expires_at"].isoformat()
        if file is None:
            if "mime_type" not in given or "size_bytes" not in given:
                raise invalid(PROVIDER, "give file=, or mime_type= and size_bytes= for a presigned upload", "file")
            wire = svc._check("create_file", given, label="files.create",
                              content_type="application/json")
            created: FileUploadResponse = svc.call("create_file", body=FileCreate.from_dict(wire), submit=True,
                                                   expect=FileUploadResponse, extra_headers=extra_headers)
            return created
        for name in ("mime_type", "size_bytes"):
            if name in given:
                raise invalid(PROVIDER, "mime_type and size_bytes are for presigned uploads; with file= they are "
                              "read from the file", name)
        media = check_media_kind(to_media("file", file), service=PROVIDER)
        if media.source == "url":
            raise invalid(PROVIDER, "file is a URL; files.create uploads local content", "file",
                          hint="pass the URL itself as an ImageRef: {'url': ...}")
        wire = svc._check("create_file", {**given, "file": "<file>"}, label="files.create",
                          content_type="multipart/form-data")
        stream = media.open()
        try:
            upload = FileUpload.from_dict({**wire, "file": b""})  # the typed fields; the file part is set next
            upload.file = File(payload=stream, file_name=wire.get("filename") or media.name,  # type: ignore[arg-type]
                               mime_type=media.media_type or "application/octet-stream")
            created = svc.call("create_file", body=upload, submit=True, expect=FileUploadResponse,
                               extra_headers=extra_headers)
        finally:
            if media.source != "stream":
                stream.close()
        return created

    def upload(self, file: FileInput, **fields: Any) -> FileObject:
        """Upload a file of any size (up to 5 GiB) through a presigned PUT, streamed; returns it after ``complete``.

        The bytes go to the presigned URL without the API key. The file is ``pending`` until
        ingest ends: ``files.wait(file.id)`` returns it once ``ready``.
        """
        media = check_media_kind(to_media("file", file), service=PROVIDER)
        if media.source == "url":
            raise invalid(PROVIDER, "file is a URL; files.upload uploads local content", "file",
                          hint="pass the URL itself as an ImageRef: {'url': ...}")
        size = media.size
        if size is None:
            return self.create(file=file, **fields).file
        kind = media.media_type or "application/octet-stream"
        created = self.create(mime_type=kind, size_bytes=size, **{"filename": media.name, **fields})
        target = created.upload
        url = getattr(target, "url", None)
        if not isinstance(url, str):
            raise MalformedResponse("presigned file create answered without upload.url", service=PROVIDER,
                                    request_id=created.id)
        headers = {"Content-Type": kind, "Content-Length": str(size)}
        extra = getattr(getattr(target, "headers", None), "additional_properties", None) or {}
        headers.update({str(k): str(v) for k, v in extra.items()})
        stream = media.open()
        try:
            self._svc.media.send("PUT", url, content=RewindableBody(stream), headers=headers)
        finally:
            if media.source != "stream":
                stream.close()
        return self.complete(created.id)

    def wait(self, file_id: str, *, timeout: float | None = 300.0) -> FileObject:
        """Poll a file until it is ``ready`` (returned); ``JobFailed`` if ingest failed, ``DeadlineExceeded``."""
        deadline = None if timeout is None else time.monotonic() + timeout
        for interval in self._svc.poll.intervals():
            found = self.get(file_id)
            state = str(found.state)
            if state == "ready":
                return found
            if state in ("failed", "deleted"):
                reason = found.failure_reason if isinstance(found.failure_reason, str) else f"file is {state}"
                raise JobFailed(f"file {found.id} {state}: {reason}", code=state, reason=reason, job_id=found.id,
                                service=PROVIDER, request_id=found.id)
            if deadline is not None and time.monotonic() + interval > deadline:
                raise DeadlineExceeded(f"file {found.id} was still {state} at the deadline", job_id=found.id,
                                       last_status=state, service=PROVIDER, request_id=found.id)
            time.sleep(interval)
        raise AssertionError("unreachable")

    def list(self, *, limit: int | None = None, purpose: str | None = None, state: str | None = None
             ) -> Pager[FileObject]:
        """Every file, newest first, fetched lazily page by page (iterate it; ``.pages()`` for pages)."""
        self._svc._check_params("list_files", {"limit": limit, "purpose": purpose, "state": state})

        def fetch(cursor: str | None) -> tuple[builtins.list[FileObject], str | None]:
            page = self.list_page(cursor=cursor, limit=limit, purpose=purpose, state=state)
            nxt = page.next_cursor if isinstance(page.next_cursor, str) and page.next_cursor else None
            return builtins.list(page.data), nxt if page.has_more else None

        return Pager(fetch, None, key=lambda f: f.id)

    def list_page(self, *, cursor: str | None = None, limit: int | None = None, purpose: str | None = None,
                  state: str | None = None) -> FileList:
        """One page (``GET /files``); pass ``next_cursor`` back as ``cursor``."""
        from genvid_api_luma_agents.models import FileList, FilePurpose, FileState
        from genvid_api_luma_agents.types import UNSET

        self._svc._check_params("list_files", {"cursor": cursor, "limit": limit, "purpose": purpose,
                                               "state": state})
        page: FileList = self._svc.call(
            "list_files", cursor=UNSET if cursor is None else cursor, limit=UNSET if limit is None else limit,
            purpose=UNSET if purpose is None else FilePurpose(purpose),
            state=UNSET if state is None else FileState(state), expect=FileList)
        return page

    def get(self, file_id: str) -> FileObject:
        """One file's metadata (``GET /files/{file_id}``)."""
        from genvid_api_luma_agents.models import FileObject

        ident = _file_id(file_id)
        found: FileObject = self._svc.call("get_file", ident, expect=FileObject, request_id=ident)
        return found

    def delete(self, file_id: str) -> None:
        """Soft-delete a file (``DELETE /files/{file_id}``)."""
        ident = _file_id(file_id)
        self._svc.call("delete_file", ident, request_id=ident)

    def complete(self, file_id: str) -> FileObject:
        """Finalise a presigned upload (``POST /files/{file_id}/complete``); ingest starts."""
        from genvid_api_luma_agents.models import FileObject

        ident = _file_id(file_id)
        done: FileObject = self._svc.call("complete_file", ident, expect=FileObject, request_id=ident)
        return done


# --- the client -----------------------------------------------------------------------------


class LumaAgents(GenerationService):
    """Luma Agents. Key from ``LUMA_AGENTS_API_KEY``; base URL from ``LUMA_BASE_URL``.

    Resources as in the ``luma-agents`` SDK: ``generations.create/get`` and
    ``files.create/list/get/delete/complete``. Added: ``wait(generation_id)``, ``files.upload/wait``.
    """

    provider: ClassVar[str] = PROVIDER

    def __init__(self, api_key: str | None = None, **kwargs: Any) -> None:
        super().__init__(api_key, **kwargs)
        self.generations = AgentGenerations(self)
        self.files = Files(self)

    def _find_out_hint(self) -> str:
        return ("Luma Agents cannot list generations: check your usage before submitting again "
                "(uploads can be checked with client.files.list())")

    # --- plumbing ----------------------------------------------------------------------
    def _wire(self, fields: Mapping[str, Any], *, label: str, names: Mapping[str, str] | None = None,
              loose: tuple[str, ...] = ()) -> dict[str, Any]:
        """The create body as it goes on the wire: media as ImageRefs, checked against the spec."""
        body = {k: v for k, v in fields.items() if v is not None}
        options = wire_value(body.get("video"))
        if isinstance(options, Mapping):
            duration = options.get("duration")
            if isinstance(duration, int) and not isinstance(duration, bool):
                options = {**options, "duration": f"{duration}s"}  # 5 -> "5s", the service's spelling
            body["video"] = options

        def convert(path: tuple[str | int, ...], value: Any, kind: str) -> Any:
            return image_ref(field_name(path), value)

        body = self._map_media(CREATE, body, convert, names)
        return self._check(CREATE, body, label=label, names=names, loose=loose)

    def _send(self, wire: dict[str, Any], extra_headers: Mapping[str, str] | None = None) -> Generation:
        """Send a checked create body; returns the new Generation."""
        from genvid_api_luma_agents.models import Generation, GenerationCreate

        try:
            body = GenerationCreate.from_dict(wire)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise invalid(self.provider, f"the request does not fit GenerationCreate: {exc}", "body") from None
        generation: Generation = self.call(CREATE, body=body, submit=True, expect=Generation,
                                           extra_headers=extra_headers)
        return generation

    def get_generation(self, generation_id: object) -> Generation:
        """``GET /generations/{generation_id}``."""
        from genvid_api_luma_agents.models import Generation

        ident = _uuid("generation_id", generation_id)
        generation: Generation = self.call("get_generation", uuid.UUID(ident), expect=Generation, request_id=ident)
        return generation

    def _generation_id(self, value: object) -> str:
        return _uuid("generation_id", value)

    def _status_of(self, job: Job, generation: Generation) -> JobStatus:
        raw = str(generation.state)
        state = self._state(raw)
        if state != "failed":
            return JobStatus(job, state, raw, raw=generation)
        code = generation.failure_code
        reason = generation.failure_reason if isinstance(generation.failure_reason, str) else None
        return JobStatus(job, state, raw, error=reason or "Generation failed",
                         error_code=str(code) if isinstance(code, str) and code else None, raw=generation)

    def _result_of(self, generation: Generation, job: Job | None = None) -> Result:
        """A Result for a completed Generation: ``output[0].url`` (downloaded without the key)."""
        outputs = generation.output if isinstance(generation.output, builtins.list) else []
        first = outputs[0] if outputs else None
        url = getattr(first, "url", None)
        if not isinstance(url, str) or not url:
            raise MalformedResponse(f"generation {generation.id} is completed but has no output url",
                                    service=self.provider, request_id=str(generation.id))
        kind = str(getattr(first, "type_", "") or "")
        default = "video/mp4" if kind == "video" or str(generation.type_).startswith("video") else None
        media_type, name = media_from_url(url, default)
        meta = {"provider": self.provider, "model": job.model if job else str(generation.model),
                "request_id": str(generation.id), "state": "completed", "outputs": len(outputs)}
        return result_from_url(self.media, url, media_type=media_type, file_name=name, job=meta)

    # --- the adapter verbs ------------------------------------------------------------------
    def _prepare(self, model: str, inputs: Mapping[str, Any]) -> Prepared:
        """Map unified names (image, end_image, video, duration, ...) to a create body and check it."""
        info = lookup(self.provider, model)
        video_model = info.output == "video" if info is not None else model.startswith("ray")
        given = {k: v for k, v in inputs.items() if v is not None}
        if given.pop("model", model) != model:
            raise invalid(self.provider, f"model is already given by the name ({model})", "model", model=model)
        kind = given.get("type") or (_edits_video(given) if video_model else None)
        body = Body(self.provider, model)
        body.put("model", model, "model")
        schema = request_schema(self.package, CREATE)
        video_fields = schema.resolve(schema.properties.get("video", {})).get("properties", {})
        for name, value in given.items():
            path = _video_path(name, value, video_fields) if video_model else _image_path(name, kind)
            if path == "layering.resolution" and kind != "layering":
                raise invalid(self.provider, f"{model} has no resolution; only type='layering' takes 1k or 2k",
                              name, model=model)
            _place(body, path, name, value)
        body.data["type"] = kind or ("video" if video_model else "image")
        wire = self._wire(body.data, label=model, names=body.names, loose=("model",) if info is None else ())
        return Prepared(model, info, wire, CREATE)

    def _submit(self, prepared: Prepared) -> Job:
        """Send a prepared request; the Job's request id is the generation's UUID."""
        generation = self._send(dict(prepared.fields), prepared.options.get("extra_headers"))
        return Job(self.provider, prepared.model, str(generation.id))


def _edits_video(given: Mapping[str, Any]) -> str | None:
    """``video_edit`` when a video is given as the input (not as options): it is the one to edit."""
    return "video_edit" if "video" in given and not isinstance(wire_value(given["video"]), Mapping) else None


def _place(body: Body, path: str, name: str, value: Any) -> None:
    """Put one unified input where it goes: references gather into a list, video options merge."""
    if path == "image_ref":
        items = wire_value(value)
        many = isinstance(items, Sequence) and not isinstance(items, (str, bytes, bytearray))
        body.extend(path, builtins.list(items) if many else [value], name)  # type: ignore[call-overload]
    elif path == "video":
        for key, item in dict(wire_value(value)).items():  # type: ignore[call-overload]
            body.put(f"video.{key}", item, f"video.{key}")
    else:
        body.put(path, value, name)


def _video_path(name: str, value: Any, video_fields: Mapping[str, Any]) -> str:
    """Where a unified name goes in a video model's body."""
    if name in VIDEO_NAMES:
        return f"video.{VIDEO_NAMES[name]}"
    if name in video_fields:
        return f"video.{name}"
    if name == "video":
        return "video" if isinstance(wire_value(value), Mapping) else "source"
    return name


def _image_path(name: str, kind: str | None) -> str:
    """Where a unified name goes in an image model's body."""
    if name == "image" and kind in ("image_edit", "layering"):
        return "source"  # the image to edit or to split into layers
    if name in REF_NAMES:
        return "image_ref"
    if name == "resolution":
        return "layering.resolution"
    return name


__all__ = ["AgentGenerations", "Files", "LumaAgents", "image_ref"]
