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
import contextlib
import uuid
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

import httpx

from ._catalog import lookup
from ._exceptions import InvalidInput, MalformedResponse
from ._inputs import (
    MediaInput,
    check_media_kind,
    decode_data_uri,
    sniff,
    to_media,
    wire_value,
)
from ._jobs import Job
from ._luma_agents_files import Files
from ._pacing import PACER
from ._results import Opener, Result, media_from_url, result_from_url, url_opener
from ._schemas import field_name, request_schema
from ._service import Body, GenerationService, GenerationsResource, Prepared, invalid

if TYPE_CHECKING:
    from genvid_api_luma_agents.models import Generation

PROVIDER = "luma-agents"
CREATE = "create_generation"
INLINE_LIMIT = 50 * 1024 * 1024
INLINE_HINT = "upload it once with client.files.create(file=...) and pass {'file_id': file.id}"
# What storage answers for an expired or revoked presigned URL (S3 and R2: 403; some CDNs: 401, 410).
EXPIRED_STATUSES = frozenset({401, 403, 410})
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

    def _post(self, wire: dict[str, Any], extra_headers: Mapping[str, str] | None = None) -> httpx.Response:
        """Send a create body (checked by ``_wire``) as it is; the answer, unparsed."""
        return self.send(CREATE, body=self.checked_body(wire), submit=True, extra_headers=extra_headers)

    def _send(self, wire: dict[str, Any], extra_headers: Mapping[str, str] | None = None) -> Generation:
        """Send a checked create body; returns the new Generation."""
        from genvid_api_luma_agents.models import Generation

        generation: Generation = self.parsed(CREATE, self._post(wire, extra_headers), expect=Generation)
        PACER.submitted(self.provider, str(generation.id), str(generation.model))
        return generation

    def get_generation(self, generation_id: object) -> Generation:
        """``GET /generations/{generation_id}``."""
        from genvid_api_luma_agents.models import Generation

        ident = _uuid("generation_id", generation_id)
        return self.fetch(Generation, "get_generation", uuid.UUID(ident), request_id=ident)

    def _poll_generation(self, generation_id: str) -> tuple[dict[str, Any], Any]:
        from genvid_api_luma_agents.models import Generation

        ident = _uuid("generation_id", generation_id)
        return self.read_state("get_generation", uuid.UUID(ident), key="state", parse=Generation.from_dict,
                         request_id=ident)

    def _generation_id(self, value: object) -> str:
        return _uuid("generation_id", value)

    def _result_of(self, data: Mapping[str, Any], job: Job) -> Result:
        """A Result for a completed Generation: ``output[0].url`` (downloaded without the key).

        The URL is presigned and expires after an hour: a download refused then (or resumed
        later) fetches the generation again for a fresh URL, once per attempt.
        """
        url, kind = _first_output(data)
        outputs = data.get("output")
        default = "video/mp4" if kind == "video" or str(data.get("type", "")).startswith("video") else None
        media_type, name = media_from_url(url, default)
        ident = str(data.get("id") or job.request_id)
        meta = {"provider": self.provider, "model": job.model, "request_id": ident, "state": "completed",
                "outputs": len(outputs) if isinstance(outputs, builtins.list) else 0}
        result = result_from_url(self.media, url, media_type=media_type, file_name=name, job=meta)
        if result.url is not None:  # (inline data: output has nothing to refresh)
            result._opener = self._fresh_url_opener(result, ident)
        return result

    def _fresh_url_opener(self, result: Result, generation_id: str) -> Opener:
        """Opens ``result.url`` from an offset; on an expired or refused presigned URL (S3 answers
        403) the generation is fetched again and ``result.url`` replaced by its fresh URL."""

        @contextlib.contextmanager
        def open_at(offset: int) -> Iterator[httpx.Response]:
            for attempt in range(2):
                with url_opener(self.media, str(result.url))(offset) as response:
                    if attempt or response.status_code not in EXPIRED_STATUSES:
                        yield response
                        return
                result.url = _first_output(self.get_generation(generation_id).to_dict())[0]

        return open_at

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

    def _wire_name(self, model: str, name: str) -> str:
        info = lookup(self.provider, model)
        if info.output == "video" if info is not None else model.startswith("ray"):
            schema = request_schema(self.package, CREATE)
            return _video_path(name, "input", schema.resolve(schema.properties.get("video", {})).get("properties", {}))
        return _image_path(name, None)

    def _submit(self, prepared: Prepared) -> Job:
        """Send a prepared request; the Job's request id is the generation's UUID (the answer read that far)."""
        ident, data = self.created(self._post(dict(prepared.fields), prepared.options.get("extra_headers")), "id")
        PACER.submitted(self.provider, ident, str(data.get("model")))
        return Job(self.provider, prepared.model, ident)


def _first_output(data: Mapping[str, Any]) -> tuple[str, str]:
    """(url, type) of a completed generation's first output (its JSON); MalformedResponse when it has none."""
    outputs = data.get("output")
    first = outputs[0] if isinstance(outputs, builtins.list) and outputs else None
    url = first.get("url") if isinstance(first, Mapping) else None
    if not isinstance(url, str) or not url:
        raise MalformedResponse(f"generation {data.get('id')} is completed but has no output url",
                                service=PROVIDER, request_id=str(data.get("id")))
    return url, str(first.get("type") or "") if isinstance(first, Mapping) else ""


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
