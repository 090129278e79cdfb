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
base64, up to 50 MB; larger files go through ``client.files.create``). The documented
rules (loop, HDR, keyframes, edit controls, ...) are checked before any request.
"""

from __future__ import annotations

import base64
import builtins
import datetime
import threading
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
    check_bool,
    check_choice,
    check_list,
    check_mapping,
    check_media_kind,
    check_number,
    check_str,
    decode_data_uri,
    sniff,
    to_media,
    wire_value,
)
from ._jobs import Job, JobStatus, State
from ._results import Result, media_from_url, result_from_url
from ._service import GenerationService, Pager, Prepared, check_required, digest
from ._waiting import DEFAULT_TIMEOUT, StatusCallback, wait

if TYPE_CHECKING:
    from genvid_api_luma_agents.models import FileList, FileObject, FileUploadResponse, Generation

PROVIDER = "luma-agents"
MODELS = ("uni-1", "uni-1-max", "ray-3.2")
IMAGE_MODELS = ("uni-1", "uni-1-max")
VIDEO_MODELS = ("ray-3.2",)
DEFAULT_MODEL = "uni-1"
TYPES = ("image", "image_edit", "video", "video_edit", "video_reframe", "layering")
IMAGE_TYPES = ("image", "image_edit", "layering")
VIDEO_TYPES = ("video", "video_edit", "video_reframe")
NEEDS_SOURCE = ("image_edit", "video_edit", "video_reframe")
ASPECT_RATIOS = ("3:1", "2:1", "21:9", "16:9", "4:3", "3:2", "1:1", "3:4", "2:3", "9:16", "1:2", "1:3")
OUTPUT_FORMATS = ("png", "jpeg")
STYLES = ("auto", "manga")
LAYER_RESOLUTIONS = ("1k", "2k")
DURATIONS = ("5s", "10s")
RESOLUTIONS = ("360p", "540p", "720p", "1080p")
STRENGTHS = ("adhere_1", "adhere_2", "adhere_3", "flex_1", "flex_2", "flex_3", "reimagine_1", "reimagine_2",
             "reimagine_3")
POSE_STRENGTHS = ("precise", "coarse")
FILE_PURPOSES = ("input", "reference")
FILE_STATES = ("pending", "ready", "failed", "deleted")
FAILURE_CODES = ("content_moderated", "generation_failed", "budget_exhausted", "output_not_found",
                 "image_too_large", "unsupported_format", "corrupt_input", "invalid_request", "rate_limited")
STATES: dict[str, State] = {"queued": "queued", "processing": "running", "completed": "completed",
                            "failed": "failed"}
INLINE_LIMIT = 50 * 1024 * 1024
MAX_IMAGE_REFS = {"image": 9, "image_edit": 8}
FPS = 24
TOP_FIELDS = frozenset({"prompt", "model", "type", "aspect_ratio", "image_ref", "source", "output_format", "style",
                        "web_search", "user_id", "layering", "video"})
VIDEO_FIELDS = frozenset({"duration", "resolution", "hdr", "exr_export", "loop", "start_frame", "end_frame",
                          "keyframes", "keyframe_indexes", "source_position", "edit"})
EDIT_FIELDS = frozenset({"strength", "auto_controls", "controls", "keyframes", "keyframe_indexes"})
REF_KEYS = ("url", "data", "generation_id", "file_id")
INLINE_HINT = "upload it once with client.files.create(file=...) and pass {'file_id': file.id}"


def _invalid(message: str, field: str, model: str | None = None, hint: str | None = None) -> InvalidInput:
    return InvalidInput(message, field=field, model=model, service=PROVIDER, hint=hint)


# --- media references -----------------------------------------------------------------


def image_ref(field: str, value: object, *, video: bool = False) -> dict[str, Any]:
    """An ImageRef wire dict from a dict, a generated ImageRef model, or a genvid file input.

    URLs stay URLs; local content (path, bytes, file object, data: URI) is sent inline as
    base64 with its sniffed media type. ``video=True`` marks the source of a video edit or
    reframe, whose URL needs a ``video/*`` media type.
    """
    value = wire_value(value)
    if isinstance(value, Mapping):
        return _ref_dict(field, value, video)
    media = check_media_kind(to_media(field, value), service=PROVIDER)
    if media.source == "url":
        ref: dict[str, Any] = {"url": str(media.value)}
        if video or (media.media_type or "").startswith("video/"):
            ref["media_type"] = media.media_type if (media.media_type or "").startswith("video/") else "video/mp4"
        return ref
    data = _inline_bytes(field, media)
    kind = media.media_type or sniff(data[:16])
    if kind is None:
        raise _invalid(f"cannot tell the media type of {field}", field,
                       hint="pass {'data': <base64>, 'media_type': 'image/png'} instead")
    return {"data": base64.b64encode(data).decode(), "media_type": kind}


def _inline_bytes(field: str, media: MediaInput) -> bytes:
    size = media.size
    if size is not None and size > INLINE_LIMIT:
        raise _invalid(f"{field} is {size} bytes; Luma Agents takes at most 50 MB inline", field, hint=INLINE_HINT)
    try:
        return media.read(INLINE_LIMIT)
    except InvalidInput:
        raise _invalid(f"{field} is larger than 50 MB; Luma Agents takes at most 50 MB inline", field,
                       hint=INLINE_HINT) from None


def _ref_dict(field: str, value: Mapping[str, Any], video: bool) -> dict[str, Any]:
    ref = {str(k): v for k, v in value.items() if v is not None}
    given = [k for k in REF_KEYS if k in ref]
    if len(given) != 1:
        raise _invalid(f"{field} must have exactly one of url, data, generation_id, file_id "
                       f"(got {', '.join(given) or 'none'})", field)
    key = given[0]
    if key == "url":
        url = check_str(f"{field}.url", ref["url"], service=PROVIDER)
        if url[:5].lower() == "data:":  # a data: URI is inline content: send it as data
            kind, raw = decode_data_uri(url, f"{field}.url")
            ref.pop("url")
            return _ref_dict(field, {**ref, "data": raw, "media_type": ref.get("media_type") or kind}, video)
        if not url[:8].lower().startswith(("https://", "http://")):
            raise _invalid(f"{field}.url must be an http(s) URL", f"{field}.url",
                           hint="pass a path, bytes or a data: URI as the value itself to send it inline")
        if video and "media_type" not in ref:
            ref["media_type"] = media_from_url(url)[0] or "video/mp4"
    elif key == "data":
        data = ref["data"]
        if isinstance(data, (bytes, bytearray, memoryview)):
            raw = bytes(data)
            if len(raw) > INLINE_LIMIT:
                raise _invalid(f"{field}.data is {len(raw)} bytes; at most 50 MB inline", f"{field}.data",
                               hint=INLINE_HINT)
            ref["data"] = base64.b64encode(raw).decode()
            ref.setdefault("media_type", sniff(raw[:16]))
        else:
            check_str(f"{field}.data", data, service=PROVIDER, min_length=1)
        if not ref.get("media_type"):
            raise _invalid(f"{field}.media_type is required with data", f"{field}.media_type")
    elif key == "generation_id":
        ref["generation_id"] = _uuid(f"{field}.generation_id", ref["generation_id"])
    else:
        check_str(f"{field}.file_id", ref["file_id"], service=PROVIDER, min_length=1)
    if "media_type" in ref:
        check_str(f"{field}.media_type", ref["media_type"], service=PROVIDER, min_length=3)
    return ref


def _uuid(field: str, value: object) -> str:
    text = str(getattr(value, "id", value))
    try:
        return str(uuid.UUID(text))
    except ValueError:
        raise _invalid(f"{field} must be a UUID, got {text[:60]!r}", field) from None


def _refs(field: str, value: object, *, max_items: int = 64) -> builtins.list[dict[str, Any]]:
    items = check_list(field, value, service=PROVIDER, min_items=1, max_items=max_items)
    return [image_ref(f"{field}[{i}]", v) for i, v in enumerate(items)]


def _indexes(field: str, value: object, count: int, maximum: int | None) -> builtins.list[int]:
    items = check_list(field, value, service=PROVIDER, min_items=1, max_items=64)
    if len(items) != count:
        raise _invalid(f"{field} must have one index per keyframe ({count}), got {len(items)}", field)
    out = [int(check_number(f"{field}[{i}]", v, service=PROVIDER, integer=True, minimum=0, maximum=maximum))
           for i, v in enumerate(items)]
    if len(set(out)) != len(out):
        raise _invalid(f"{field} must not repeat a frame index", field)
    return out


# --- checking the create body -----------------------------------------------------------


def check_create(body: Mapping[str, Any], *, strict_model: bool = True, label: str | None = None
                 ) -> dict[str, Any]:
    """The wire body of ``POST /generations``: every documented rule checked, ImageRefs converted."""
    out: dict[str, Any] = {}
    for name, value in body.items():
        if value is not None and name not in TOP_FIELDS:
            raise _invalid(f"{label or 'a generation'} does not take {name!r}; it takes "
                           f"{', '.join(sorted(TOP_FIELDS))}", name, model=label)
    fields = {k: v for k, v in body.items() if v is not None}
    out["prompt"] = check_str("prompt", fields.get("prompt"), service=PROVIDER, min_length=1, max_length=6000) \
        if "prompt" in fields else _missing("prompt", label)
    model: str | None = None
    if "model" in fields:
        model = check_str("model", fields["model"], service=PROVIDER, min_length=1)
        if strict_model and model not in MODELS:
            raise _invalid(f"model must be one of {', '.join(MODELS)}; got {model!r}", "model", model=model)
        out["model"] = model
    kind = check_choice("type", fields["type"], TYPES, service=PROVIDER) if "type" in fields else None
    if kind is not None:
        out["type"] = kind
    _check_model_type(model, kind, label)
    for name, options in (("aspect_ratio", ASPECT_RATIOS), ("output_format", OUTPUT_FORMATS), ("style", STYLES)):
        if name in fields:
            out[name] = check_choice(name, fields[name], options, service=PROVIDER)
    if "web_search" in fields:
        out["web_search"] = check_bool("web_search", fields["web_search"], service=PROVIDER)
    if "user_id" in fields:
        out["user_id"] = check_str("user_id", fields["user_id"], service=PROVIDER, max_length=256)
    is_video = kind in VIDEO_TYPES or (kind is None and model in VIDEO_MODELS)
    if "image_ref" in fields:
        if is_video:
            raise _invalid("image_ref is for the uni-1 image models; video uses video.start_frame or "
                           "video.keyframes", "image_ref", model=label)
        limit = MAX_IMAGE_REFS.get(kind or "image", 9)
        value = fields["image_ref"]
        if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Sequence):
            value = [value]  # one reference
        out["image_ref"] = _refs("image_ref", value, max_items=limit)
    if "source" in fields:
        out["source"] = image_ref("source", fields["source"], video=kind in ("video_edit", "video_reframe"))
    elif kind in NEEDS_SOURCE:
        raise _invalid(f"type {kind} needs source (the {'image' if kind == 'image_edit' else 'video'} to edit)",
                       "source", model=label)
    if "layering" in fields:
        # Without a type the server picks image for the uni-1 models (its documented default).
        effective = kind or ("image" if (model or DEFAULT_MODEL) in IMAGE_MODELS else None)
        if effective not in (None, "layering"):
            raise _invalid(f"layering options are only for type layering, not {effective}", "layering",
                           model=label, hint="pass type='layering'")
        layering = check_mapping("layering", fields["layering"], "{'resolution': '2k'}", service=PROVIDER)
        if "resolution" in layering:
            layering["resolution"] = check_choice("layering.resolution", layering["resolution"],
                                                  LAYER_RESOLUTIONS, service=PROVIDER)
        out["layering"] = layering
    if "video" in fields:
        if not is_video:
            raise _invalid(f"video options are only for the video types ({', '.join(VIDEO_TYPES)}) with "
                           "model ray-3.2", "video", model=label)
        out["video"] = _check_video(fields["video"], kind)
    return out


def _missing(field: str, label: str | None) -> str:
    raise _invalid(f"Invalid inputs for {label or 'a generation'}: {field} is required", field, model=label)


def _check_model_type(model: str | None, kind: str | None, label: str | None) -> None:
    effective = model or DEFAULT_MODEL
    if kind in VIDEO_TYPES and effective in IMAGE_MODELS:
        why = f"model {model}" if model else f"no model (the server default is {DEFAULT_MODEL})"
        raise _invalid(f"type {kind} needs model ray-3.2, but the request has {why}", "model", model=label,
                       hint="pass model='ray-3.2'")
    if kind in IMAGE_TYPES and effective in VIDEO_MODELS:
        raise _invalid(f"model {model} makes video; type {kind} needs uni-1 or uni-1-max", "type", model=label)


def _check_video(value: object, kind: str | None) -> dict[str, Any]:
    """VideoOptions: each field and the documented combinations (``kind`` None: the server picks the type)."""
    opts = check_mapping("video", value, "{'duration': '5s', 'start_frame': ...}", service=PROVIDER)
    for name in opts:
        if name not in VIDEO_FIELDS:
            raise _invalid(f"video does not take {name!r}; it takes {', '.join(sorted(VIDEO_FIELDS))}",
                           f"video.{name}")
    if "duration" in opts:
        opts["duration"] = check_choice("video.duration", _seconds(opts["duration"]), DURATIONS, service=PROVIDER)
    if "resolution" in opts:
        opts["resolution"] = check_choice("video.resolution", opts["resolution"], RESOLUTIONS, service=PROVIDER)
    for flag in ("hdr", "exr_export", "loop"):
        if flag in opts:
            opts[flag] = check_bool(f"video.{flag}", opts[flag], service=PROVIDER)
    hdr, loop = opts.get("hdr", False), opts.get("loop", False)
    if opts.get("exr_export") and not hdr:
        raise _invalid("video.exr_export requires video.hdr=true", "video.exr_export")
    if hdr and kind == "video_reframe":
        raise _invalid("video.hdr is not supported for video_reframe", "video.hdr")
    if hdr and kind == "video" and opts.get("resolution") == "360p":
        raise _invalid("360p is the SDR draft tier: not valid with video.hdr=true", "video.resolution")
    if loop:
        if kind not in (None, "video"):
            raise _invalid(f"video.loop is only for type video, not {kind}", "video.loop")
        if opts.get("duration") == "10s":
            raise _invalid("video.loop is not supported with duration 10s", "video.loop")
        if hdr:
            raise _invalid("video.loop is not supported with hdr", "video.loop")
    for frame in ("start_frame", "end_frame"):
        if frame in opts:
            opts[frame] = image_ref(f"video.{frame}", opts[frame])
    if "keyframes" in opts:
        if kind not in (None, "video"):
            raise _invalid(f"video.keyframes is only for type video, not {kind}", "video.keyframes",
                           hint="for video_edit use video.edit.keyframes")
        if "start_frame" in opts or "end_frame" in opts:
            raise _invalid("video.keyframes cannot be combined with start_frame / end_frame", "video.keyframes")
        if loop:
            raise _invalid("video.keyframes cannot be combined with loop", "video.keyframes")
        opts["keyframes"] = _refs("video.keyframes", opts["keyframes"])
        if "keyframe_indexes" not in opts:
            raise _invalid("video.keyframe_indexes is required with video.keyframes (one frame index each)",
                           "video.keyframe_indexes")
        last = 240 if opts.get("duration") == "10s" else 120
        opts["keyframe_indexes"] = _indexes("video.keyframe_indexes", opts["keyframe_indexes"],
                                            len(opts["keyframes"]), last)
    elif "keyframe_indexes" in opts:
        raise _invalid("video.keyframe_indexes needs video.keyframes", "video.keyframe_indexes")
    if "source_position" in opts:
        if kind not in (None, "video_reframe"):
            raise _invalid(f"video.source_position is only for video_reframe, not {kind}", "video.source_position")
        opts["source_position"] = _source_position(opts["source_position"])
    if "edit" in opts:
        if kind not in (None, "video_edit"):
            raise _invalid(f"video.edit is only for type video_edit, not {kind}", "video.edit")
        opts["edit"] = _check_edit(opts["edit"], has_start="start_frame" in opts)
    return opts


def _seconds(value: object) -> object:
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value}s"
    return value


def _source_position(value: object) -> dict[str, Any]:
    pos = check_mapping("video.source_position", value, "{'x_norm': 0, 'y_norm': 0, 'w_norm': 1, 'h_norm': 1}",
                        service=PROVIDER)
    for name in ("x_norm", "y_norm", "w_norm", "h_norm"):
        field = f"video.source_position.{name}"
        if name not in pos:
            raise _invalid(f"{field} is required", field)
        if name in ("x_norm", "y_norm"):
            check_number(field, pos[name], service=PROVIDER, minimum=-2, maximum=2)
        else:
            check_number(field, pos[name], service=PROVIDER, minimum=0, maximum=2, exclusive_minimum=True)
    return pos


def _check_edit(value: object, *, has_start: bool) -> dict[str, Any]:
    edit = check_mapping("video.edit", value, "{'strength': 'flex_1'}", service=PROVIDER)
    for name in edit:
        if name not in EDIT_FIELDS:
            raise _invalid(f"video.edit does not take {name!r}; it takes {', '.join(sorted(EDIT_FIELDS))}",
                           f"video.edit.{name}")
    if "strength" in edit:
        edit["strength"] = check_choice("video.edit.strength", edit["strength"], STRENGTHS, service=PROVIDER)
    if "auto_controls" in edit:
        check_bool("video.edit.auto_controls", edit["auto_controls"], service=PROVIDER)
    if "controls" in edit:
        edit["controls"] = _controls(edit["controls"])
    if "keyframes" in edit:
        if has_start:
            raise _invalid("video.edit.keyframes cannot be combined with video.start_frame", "video.edit.keyframes")
        edit["keyframes"] = _refs("video.edit.keyframes", edit["keyframes"])
        if "keyframe_indexes" not in edit:
            raise _invalid("video.edit.keyframe_indexes is required with video.edit.keyframes",
                           "video.edit.keyframe_indexes")
        edit["keyframe_indexes"] = _indexes("video.edit.keyframe_indexes", edit["keyframe_indexes"],
                                            len(edit["keyframes"]), None)
    elif "keyframe_indexes" in edit:
        raise _invalid("video.edit.keyframe_indexes needs video.edit.keyframes", "video.edit.keyframe_indexes")
    return edit


# control -> its fields besides ``enabled``: name -> ("unit" for 0..1 floats | the allowed strings)
_CONTROLS: dict[str, dict[str, tuple[str, ...] | str]] = {
    "depth": {"blur": "unit"}, "face": {}, "normals": {"augmentation": "unit"},
    "pose": {"strength": POSE_STRENGTHS}, "trajectory": {"sparsity": "unit"},
}


def _controls(value: object) -> dict[str, Any]:
    controls = check_mapping("video.edit.controls", value, "{'depth': {'enabled': True, 'blur': 0.3}}",
                             service=PROVIDER)
    for name, control in controls.items():
        base = f"video.edit.controls.{name}"
        if name not in _CONTROLS:
            raise _invalid(f"unknown control {name!r}; controls are {', '.join(_CONTROLS)}", base)
        spec = _CONTROLS[name]
        checked = check_mapping(base, control, "{'enabled': True}", service=PROVIDER)
        for key, item in checked.items():
            field = f"{base}.{key}"
            if key == "enabled":
                check_bool(field, item, service=PROVIDER)
            elif spec.get(key) == "unit":
                check_number(field, item, service=PROVIDER, minimum=0, maximum=1)
            elif isinstance(spec.get(key), tuple):
                checked[key] = check_choice(field, item, spec[key], service=PROVIDER)  # type: ignore[arg-type]
            else:
                raise _invalid(f"{base} does not take {key!r}", field)
        controls[name] = checked
    return controls


# --- resources ----------------------------------------------------------------------------


class Generations:
    """``client.generations``: create and get (Luma Agents has no list or delete of generations)."""

    def __init__(self, svc: LumaAgents) -> None:
        self._svc = svc

    def create(self, *, prompt: str, model: str | None = None, type: str | None = None,
               aspect_ratio: str | None = None, image_ref: Sequence[Any] | None = None, source: Any = None,
               video: Mapping[str, Any] | Any | None = None, output_format: str | None = None,
               style: str | None = None, web_search: bool | None = None, user_id: str | None = None,
               layering: Mapping[str, Any] | Any | None = None, extra_headers: Mapping[str, str] | None = None,
               extra_body: Mapping[str, Any] | None = None) -> Generation:
        """Submit a generation (``POST /generations``); returns it, normally ``queued``.

        ImageRef arguments take wire dicts or genvid file inputs (see the module docstring).
        ``extra_body`` fields are sent unchecked; ``extra_headers`` go on this request only.
        """
        body = {"prompt": prompt, "model": model, "type": type, "aspect_ratio": aspect_ratio,
                "image_ref": image_ref, "source": source, "video": video, "output_format": output_format,
                "style": style, "web_search": web_search, "user_id": user_id, "layering": layering}
        wire = check_create(body)
        if extra_body:
            wire.update(extra_body)
        return self._svc.send_create(wire, extra_headers)

    def get(self, generation_id: str | uuid.UUID) -> Generation:
        """One generation by id (``GET /generations/{generation_id}``)."""
        return self._svc.get_generation(generation_id)


class Files:
    """``client.files``: upload media once, reference it as ``{"file_id": ...}``."""

    def __init__(self, svc: LumaAgents) -> None:
        self._svc = svc

    def create(self, *, file: FileInput | None = None, mime_type: str | None = None, size_bytes: int | None = None,
               purpose: str | None = None, filename: str | None = None, user_id: str | None = None,
               expires_at: datetime.datetime | str | None = None,
               extra_headers: Mapping[str, str] | None = None) -> FileUploadResponse:
        """Create a file (``POST /files``), in one of the two modes the API has.

        With ``file`` (a path, bytes or binary file object) the bytes are streamed as a
        multipart upload and the file starts ``pending``. With ``mime_type`` and
        ``size_bytes`` instead, the answer's ``upload`` says where to PUT the bytes, then call
        ``complete(id)`` (``upload(file)`` does all three). Poll ``wait(id)`` until ``ready``.
        """
        from genvid_api_luma_agents.api.files import create_file
        from genvid_api_luma_agents.models import FileCreate, FilePurpose, FileUpload, FileUploadResponse
        from genvid_api_luma_agents.types import UNSET, File

        common: dict[str, Any] = {
            "purpose": FilePurpose(check_choice("purpose", purpose, FILE_PURPOSES, service=PROVIDER))
            if purpose is not None else UNSET,
            "filename": check_str("filename", filename, service=PROVIDER) if filename is not None else UNSET,
            "user_id": check_str("user_id", user_id, service=PROVIDER, max_length=256)
            if user_id is not None else UNSET,
            "expires_at": _when(expires_at) if expires_at is not None else UNSET,
        }
        if file is None:
            if mime_type is None or size_bytes is None:
                raise _invalid("give file=, or mime_type= and size_bytes= for a presigned upload", "file")
            body = FileCreate(mime_type=check_str("mime_type", mime_type, service=PROVIDER, min_length=3),
                              size_bytes=int(check_number("size_bytes", size_bytes, service=PROVIDER, integer=True,
                                                          minimum=0, maximum=5 * 1024**3)), **common)
            created: FileUploadResponse = self._svc.call(create_file.sync_detailed, body=body, submit=True,
                                                         expect=FileUploadResponse, extra_headers=extra_headers)
            return created
        if mime_type is not None or size_bytes is not None:
            raise _invalid("mime_type and size_bytes are for presigned uploads; with file= they are read from "
                           "the file", "mime_type" if mime_type is not None else "size_bytes")
        media = check_media_kind(to_media("file", file), service=PROVIDER)
        if media.source == "url":
            raise _invalid("file is a URL; files.create uploads local content", "file",
                           hint="pass the URL itself as an ImageRef: {'url': ...}")
        stream = media.open()
        try:
            upload = FileUpload(file=File(payload=stream, file_name=filename or media.name,  # type: ignore[arg-type]
                                          mime_type=media.media_type or "application/octet-stream"), **common)
            created = self._svc.call(create_file.sync_detailed, body=upload, submit=True,
                                     expect=FileUploadResponse, extra_headers=extra_headers)
        finally:
            if media.source != "stream":
                stream.close()
        return created

    def upload(self, file: FileInput, *, purpose: str | None = None, filename: str | None = None,
               user_id: str | None = None, expires_at: datetime.datetime | str | None = None) -> FileObject:
        """Upload a file of any size (up to 5 GiB) through a presigned PUT, streamed; returns it after ``complete``.

        The bytes go to the presigned URL without the API key. The file is ``pending`` until
        ingest ends: ``files.wait(file.id)`` returns it once ``ready``.
        """
        media = check_media_kind(to_media("file", file), service=PROVIDER)
        if media.source == "url":
            raise _invalid("file is a URL; files.upload uploads local content", "file",
                           hint="pass the URL itself as an ImageRef: {'url': ...}")
        size = media.size
        if size is None:
            return self.create(file=file, purpose=purpose, filename=filename, user_id=user_id,
                               expires_at=expires_at).file
        kind = media.media_type or "application/octet-stream"
        created = self.create(mime_type=kind, size_bytes=size, purpose=purpose, filename=filename or media.name,
                              user_id=user_id, expires_at=expires_at)
        target = created.upload
        url = getattr(target, "url", None)
        if not isinstance(url, str):
            raise MalformedResponse("presigned file create answered without upload.url", service=PROVIDER,
                                    request_id=created.id)
        headers = {"Content-Type": kind, "Content-Length": str(size)}
        extra = getattr(getattr(target, "headers", None), "additional_properties", None) or {}
        headers.update({str(k): str(v) for k, v in extra.items()})
        self._svc.put_bytes(url, media, headers)
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

        def fetch(cursor: str | None) -> tuple[builtins.list[FileObject], str | None]:
            page = self.list_page(cursor=cursor, limit=limit, purpose=purpose, state=state)
            nxt = page.next_cursor if isinstance(page.next_cursor, str) and page.next_cursor else None
            return builtins.list(page.data), nxt if page.has_more else None

        return Pager(fetch, None, key=lambda f: f.id)

    def list_page(self, *, cursor: str | None = None, limit: int | None = None, purpose: str | None = None,
                  state: str | None = None) -> FileList:
        """One page (``GET /files``); pass ``next_cursor`` back as ``cursor``."""
        from genvid_api_luma_agents.api.files import list_files
        from genvid_api_luma_agents.models import FileList, FilePurpose, FileState
        from genvid_api_luma_agents.types import UNSET

        if limit is not None:
            check_number("limit", limit, service=PROVIDER, integer=True, minimum=1, maximum=100)
        page: FileList = self._svc.call(
            list_files.sync_detailed, cursor=cursor if cursor is not None else UNSET,
            limit=limit if limit is not None else UNSET,
            purpose=FilePurpose(check_choice("purpose", purpose, FILE_PURPOSES, service=PROVIDER))
            if purpose is not None else UNSET,
            state=FileState(check_choice("state", state, FILE_STATES, service=PROVIDER))
            if state is not None else UNSET,
            expect=FileList)
        return page

    def get(self, file_id: str) -> FileObject:
        """One file's metadata (``GET /files/{file_id}``)."""
        from genvid_api_luma_agents.api.files import get_file
        from genvid_api_luma_agents.models import FileObject

        ident = _file_id(file_id)
        found: FileObject = self._svc.call(get_file.sync_detailed, ident, expect=FileObject, request_id=ident)
        return found

    def delete(self, file_id: str) -> None:
        """Soft-delete a file (``DELETE /files/{file_id}``)."""
        from genvid_api_luma_agents.api.files import delete_file

        ident = _file_id(file_id)
        self._svc.call(delete_file.sync_detailed, ident, request_id=ident)

    def complete(self, file_id: str) -> FileObject:
        """Finalise a presigned upload (``POST /files/{file_id}/complete``); ingest starts."""
        from genvid_api_luma_agents.api.files import complete_file
        from genvid_api_luma_agents.models import FileObject

        ident = _file_id(file_id)
        done: FileObject = self._svc.call(complete_file.sync_detailed, ident, expect=FileObject,
                                          request_id=ident)
        return done


def _file_id(value: object) -> str:
    ident = getattr(value, "id", value)
    if not isinstance(ident, str) or not ident.strip() or "/" in ident:
        raise _invalid(f"file_id must be a file id string, got {ident!r}", "file_id")
    return ident.strip()


def _when(value: datetime.datetime | str) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        return value
    try:
        return datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except (TypeError, ValueError):
        raise _invalid(f"expires_at must be an ISO-8601 date-time, got {value!r}", "expires_at") from None


def _caller_field(field: str | None, aliases: Mapping[str, str]) -> str | None:
    """``video.start_frame.url`` -> ``image.url`` when the caller said ``image=``."""
    if field is None:
        return None
    for wire, name in sorted(aliases.items(), key=lambda kv: -len(kv[0])):
        if field == wire or field.startswith((wire + ".", wire + "[")):
            return name + field[len(wire):]
    return field


# --- the client -----------------------------------------------------------------------------


class LumaAgents(GenerationService):
    """Luma Agents. Key from ``LUMA_AGENTS_API_KEY``; base URL from ``LUMA_BASE_URL``.

    Resources as in the ``luma-agents`` SDK: ``generations.create/get`` and
    ``files.create/list/get/delete/complete``. Added: ``wait(generation_id)``.
    """

    provider: ClassVar[str] = PROVIDER
    package: ClassVar[str] = "genvid_api_luma_agents"
    key_env: ClassVar[tuple[str, ...]] = ("LUMA_AGENTS_API_KEY",)
    base_url_env: ClassVar[str] = "LUMA_BASE_URL"
    default_base_url: ClassVar[str] = "https://agents.lumalabs.ai/v1"

    def __init__(self, api_key: str | None = None, **kwargs: Any) -> None:
        super().__init__(api_key, **kwargs)
        self.generations = Generations(self)
        self.files = Files(self)

    def find_out_hint(self) -> str:
        return ("Luma Agents cannot list generations: check your usage before submitting again "
                "(uploads can be checked with client.files.list())")

    # --- plumbing ----------------------------------------------------------------------
    def send_create(self, wire: dict[str, Any], extra_headers: Mapping[str, str] | None = None) -> Generation:
        """Send a checked create body; returns the new Generation."""
        from genvid_api_luma_agents.api.generations import create_generation
        from genvid_api_luma_agents.models import Generation, GenerationCreate

        try:
            body = GenerationCreate.from_dict(wire)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise _invalid(f"the request does not fit GenerationCreate: {exc}", "body") from None
        generation: Generation = self.call(create_generation.sync_detailed, body=body, submit=True,
                                           expect=Generation, extra_headers=extra_headers)
        return generation

    def put_bytes(self, url: str, media: MediaInput, headers: Mapping[str, str]) -> None:
        """PUT a local input to a presigned URL, streamed and without the API key."""
        import httpx

        stream = media.open()
        try:
            response = self.plain_http().put(url, content=RewindableBody(stream), headers=dict(headers))
        except httpx.TransportError as exc:
            self._raise_transport(exc, False, None)
        finally:
            if media.source != "stream":
                stream.close()
        if response.status_code >= 300:
            self.raise_for_status(response.status_code, response.content, response.headers)

    def get_generation(self, generation_id: object) -> Generation:
        """``GET /generations/{generation_id}``."""
        from genvid_api_luma_agents.api.generations import get_generation
        from genvid_api_luma_agents.models import Generation

        ident = _uuid("generation_id", generation_id)
        generation: Generation = self.call(get_generation.sync_detailed, uuid.UUID(ident), expect=Generation,
                                           request_id=ident)
        return generation

    def status_of(self, job: Job, generation: Generation) -> JobStatus:
        """genvid's JobStatus for a Generation (``processing`` is ``running``)."""
        raw = str(generation.state)
        state = STATES.get(raw, "running")
        if state != "failed":
            return JobStatus(job, state, raw, raw=generation)
        code = generation.failure_code
        reason = generation.failure_reason if isinstance(generation.failure_reason, str) else None
        return JobStatus(job, state, raw, error=reason or "Generation failed",
                         error_code=str(code) if isinstance(code, str) and code else None, raw=generation)

    def result_of(self, generation: Generation, job: Job | None = None) -> Result:
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
        return result_from_url(self.plain_http(), url, media_type=media_type, file_name=name, job=meta)

    def wait(self, generation: Generation | str | uuid.UUID, *, timeout: float | None = DEFAULT_TIMEOUT,
             on_status: StatusCallback | None = None, cancel: threading.Event | None = None) -> Result:
        """Poll until the generation ends: its Result, or ``JobFailed`` with ``code`` and ``reason``."""
        ident = _uuid("generation_id", generation)
        model = getattr(generation, "model", None)
        job = Job(self.provider, str(model) if model else "generation", ident)
        return wait(self, job, timeout=timeout, on_status=on_status, cancel=cancel)

    # --- the adapter verbs ------------------------------------------------------------------
    def prepare(self, model: str, inputs: Mapping[str, Any]) -> Prepared:
        """Map unified names (image, end_image, video, duration, ...) to a create body and check it."""
        info = lookup(self.provider, model)
        video_model = model in VIDEO_MODELS or (info.output == "video" if info else model.startswith("ray"))
        given = {k: v for k, v in inputs.items() if v is not None}
        if "model" in given and given.pop("model") != model:
            raise _invalid(f"model is already given by the name ({model})", "model", model=model)
        kind = given.get("type")
        body: dict[str, Any] = {"model": model}
        video: dict[str, Any] = {}
        refs: builtins.list[Any] = []
        allowed = ({f.split(".")[0] for f in info.inputs} | {"model"}) if info else None

        aliases: dict[str, str] = {}  # wire path -> the caller's name, for error messages

        def put(target: dict[str, Any], key: str, name: str, value: object) -> None:
            if key in target:
                raise _invalid(f"{name} given twice (as {key})", name, model=model)
            target[key] = value
            wire = f"video.{key}" if target is video else key
            if wire != name:
                aliases[wire] = name

        for name, value in given.items():
            if video_model and name in ("image", "start_image", "end_image"):
                put(video, "end_frame" if name == "end_image" else "start_frame", name, value)
            elif video_model and name in VIDEO_FIELDS:
                put(video, name, name, value)
            elif video_model and name == "video" and isinstance(wire_value(value), Mapping):
                for key, item in check_mapping("video", value, "{'duration': '5s'}", service=PROVIDER).items():
                    put(video, key, f"video.{key}", item)
            elif video_model and name == "video":
                put(body, "source", name, value)  # the video to edit
                kind = kind or "video_edit"
            elif not video_model and name == "image" and kind in ("image_edit", "layering"):
                put(body, "source", name, value)
            elif not video_model and name in ("image", "images", "reference", "image_ref"):
                items = wire_value(value)
                many = isinstance(items, Sequence) and not isinstance(items, (str, bytes, bytearray))
                refs.extend(builtins.list(items) if many else [value])  # type: ignore[call-overload]
            elif not video_model and name == "resolution":
                if kind != "layering":
                    raise _invalid(f"{model} has no resolution; only type='layering' takes 1k or 2k", name,
                                   model=model)
                layering = check_mapping("layering", given.get("layering") or {}, "{}", service=PROVIDER)
                body["layering"] = {**layering, "resolution": value}
            elif allowed is not None and name not in allowed:
                raise _invalid(f"{model} does not take {name!r}; it takes {', '.join(sorted(allowed))}", name,
                               model=model)
            elif name == "layering" and "layering" in body:
                body["layering"] = {**check_mapping("layering", value, "{}", service=PROVIDER),
                                    **body["layering"]}
            else:
                put(body, name, name, value)
        if refs:
            body["image_ref"] = refs
            aliases.setdefault("image_ref", next(n for n in ("image", "images", "reference", "image_ref")
                                                 if n in given))
        if video:
            body["video"] = video
        body["type"] = kind or ("video" if video_model else "image")
        try:
            wire_body = check_create(body, strict_model=info is not None, label=model)
        except InvalidInput as exc:
            exc.field = _caller_field(exc.field, aliases)
            raise
        check_required(info, set(wire_body), model, self.provider)
        return Prepared(model, info, wire_body, digest(model, wire_body))

    def submit_prepared(self, prepared: Prepared, **options: Any) -> Job:
        """Send a prepared request; the Job's request id is the generation's UUID."""
        generation = self.send_create(dict(prepared.fields), options.get("extra_headers"))
        return Job(self.provider, prepared.model, str(generation.id))


__all__ = ["Files", "Generations", "LumaAgents", "check_create", "image_ref"]
