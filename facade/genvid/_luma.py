"""Luma Dream Machine (ray-2, ray-flash-2, photon-1, photon-flash-1), blocking.

Mirrors the official ``lumaai`` SDK's resources, so migrating is a rename::

    client = genvid.Luma()                                   # LUMAAI_API_KEY, LUMAAI_BASE_URL
    generation = client.generations.create(prompt="A teddy bear playing guitar")
    result = client.wait(generation.id, timeout=600)         # genvid adds waiting...
    result.save("bear.mp4")                                  # ...and streamed downloads
    for g in client.generations.list():                      # ...and every page of a listing
        print(g.id, g.state)

Every request body is checked before it is sent (``InvalidInput`` names the field).
Dream Machine takes media only by URL: a local file, bytes or a ``data:`` URI is
refused with a hint, never uploaded anywhere behind the caller's back. Generated media
is downloaded without the API key (the CDN must never see it).
"""

from __future__ import annotations

import builtins
import importlib
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from ._catalog import ModelInfo, lookup
from ._exceptions import Conflict, InvalidInput, MalformedResponse
from ._inputs import (
    MediaInput,
    check_bool,
    check_choice,
    check_list,
    check_mapping,
    check_number,
    check_str,
    to_media,
    wire_value,
)
from ._jobs import Job, JobStatus, State
from ._results import ProgressCallback, Result, media_from_url, result_from_url
from ._service import GenerationService, Pager, Prepared, check_required, digest
from ._waiting import DEFAULT_TIMEOUT, StatusCallback, finish, wait

if TYPE_CHECKING:
    import os

    from genvid_api_luma.models import Credits, Generation, GenerationList, Ping

PROVIDER = "luma"
VIDEO_MODELS = ("ray-2", "ray-flash-2")
IMAGE_MODELS = ("photon-1", "photon-flash-1")
ASPECT_RATIOS = ("1:1", "16:9", "9:16", "4:3", "3:4", "21:9", "9:21")
MODES = ("adhere_1", "adhere_2", "adhere_3", "flex_1", "flex_2", "flex_3", "reimagine_1", "reimagine_2",
         "reimagine_3")
IMAGE_FORMATS = ("jpg", "png")
PLACEMENT = ("grid_position_x", "grid_position_y", "resized_width", "resized_height", "x_start", "x_end",
             "y_start", "y_end")
STATES: dict[str, State] = {"queued": "queued", "dreaming": "running", "completed": "completed",
                            "failed": "failed"}
IMAGE_KINDS = frozenset({"image", "reframe_image"})
URL_HINT = ("Dream Machine only takes https:// URLs: upload the file somewhere public, "
            "or use luma-agents:ray-3.2 which accepts the bytes inline")
# Where the unified client keeps the source generation of an upscale / add-audio request.
PATH_ID = "generation_id"


@dataclass(frozen=True)
class _Route:
    """One create operation: its generated module and body, and what the body may hold."""

    operation: str
    body: str
    fields: frozenset[str]
    models: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    generation_type: str | None = None
    fill_type: bool = False
    path_id: bool = False
    default_model: str | None = None


_REFRAME = frozenset({"aspect_ratio", "media", "model", "generation_type", "format", "prompt", "callback_url",
                      *PLACEMENT})
ROUTES: dict[str, _Route] = {
    "create_video": _Route(
        "create_video", "VideoCreate",
        frozenset({"model", "prompt", "aspect_ratio", "resolution", "duration", "loop", "concepts",
                   "generation_type", "keyframes", "callback_url"}),
        VIDEO_MODELS, generation_type="video", default_model="ray-2"),
    "create_image": _Route(
        "create_image", "ImageCreate",
        frozenset({"model", "prompt", "aspect_ratio", "format", "generation_type", "image_ref", "style_ref",
                   "modify_image_ref", "character_ref", "sync", "sync_timeout", "callback_url"}),
        IMAGE_MODELS, ("model",), generation_type="image", default_model="photon-1"),
    "reframe_image": _Route(
        "reframe_image", "ImageReframe", _REFRAME, IMAGE_MODELS, ("aspect_ratio", "media", "model"),
        "reframe_image", fill_type=True, default_model="photon-1"),
    "reframe_video": _Route(
        "reframe_video", "VideoReframe", _REFRAME | {"first_frame"}, VIDEO_MODELS,
        ("aspect_ratio", "media", "model"), "reframe_video", fill_type=True, default_model="ray-2"),
    "modify_video": _Route(
        "modify_video", "VideoModify",
        frozenset({"media", "model", "mode", "generation_type", "first_frame", "prompt", "callback_url"}),
        VIDEO_MODELS, ("media", "model", "mode"), "modify_video", fill_type=True, default_model="ray-2"),
    "upscale": _Route("upscale", "Upscale", frozenset({"generation_type", "resolution", "callback_url"}),
                      generation_type="upscale_video", path_id=True),
    "add_audio": _Route("add_audio", "Audio",
                        frozenset({"generation_type", "prompt", "negative_prompt", "callback_url"}),
                        generation_type="add_audio", path_id=True),
}


# --- checking request bodies ----------------------------------------------------------


def _invalid(message: str, field: str, model: str | None = None, hint: str | None = None) -> InvalidInput:
    return InvalidInput(message, field=field, model=model, service=PROVIDER, hint=hint)


def _describe(value: object) -> str:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "bytes"
    if isinstance(value, MediaInput):
        return {"path": "a local file", "bytes": "bytes", "stream": "a file object",
                "data_uri": "a data: URI"}.get(value.source, "local content")
    if isinstance(value, str) and value[:5].lower() == "data:":
        return "a data: URI"
    if isinstance(value, str) and "://" in value[:16]:
        return f"a {value.split('://', 1)[0]}:// URL"
    if isinstance(value, str) or hasattr(value, "__fspath__"):
        return "a local file"
    if hasattr(value, "read"):
        return "a file object"
    return type(value).__name__


def media_url(field: str, value: object) -> str:
    """The public URL ``value`` stands for; InvalidInput (with the upload hint) for local content."""
    if isinstance(value, MediaInput) and value.source == "url":
        return str(value.value)
    if isinstance(value, str) and value[:8].lower().startswith(("https://", "http://")):
        to_media(field, value)  # checks that it is a well-formed URL
        return value
    raise _invalid(f"{field} must be a public https:// URL; Dream Machine cannot take {_describe(value)}",
                   field, hint=URL_HINT)


def _as_dict(value: object) -> object:
    return wire_value(value)


def _mapping(field: str, value: object, shape: str) -> dict[str, Any]:
    return check_mapping(field, value, shape, service=PROVIDER)


def _string(field: str, value: object) -> str:
    return check_str(field, value, service=PROVIDER)


def _number(field: str, value: object, *, integer: bool = False) -> float | int:
    return check_number(field, value, service=PROVIDER, integer=integer)


def _choice(field: str, value: object, options: tuple[str, ...]) -> str:
    return check_choice(field, value, options, service=PROVIDER)


def _duration(field: str, value: object) -> str:
    """``5`` -> ``'5s'``; strings pass through (the service documents other values may appear)."""
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return f"{value}s"
    text = _string(field, value).strip()
    if not text:
        raise _invalid(f"{field} must not be empty", field)
    return text


def _keyframe(field: str, frame: object) -> dict[str, Any]:
    frame = _as_dict(frame)
    if not isinstance(frame, Mapping):
        return {"type": "image", "url": media_url(field, frame)}  # shorthand: the image's URL
    kind = frame.get("type")
    if kind == "image":
        return {**frame, "url": media_url(f"{field}.url", frame.get("url"))}
    if kind == "generation":
        ident = frame.get("id")
        if not isinstance(ident, str) or not ident.strip():
            raise _invalid(f"{field}.id must be the id of a completed generation", f"{field}.id")
        return {**frame, "id": ident.strip()}
    raise _invalid(f"{field}.type must be 'image' (with url) or 'generation' (with id), got {kind!r}",
                   f"{field}.type")


def _keyframes(value: object) -> dict[str, Any]:
    frames = _mapping("keyframes", value, "{'frame0': {'type': 'image', 'url': ...}}")
    out: dict[str, Any] = {}
    for key, frame in frames.items():
        if key not in ("frame0", "frame1"):
            raise _invalid(f"keyframes takes frame0 (start) and frame1 (end), not {key!r}", f"keyframes.{key}")
        if frame is not None:
            out[key] = _keyframe(f"keyframes.{key}", frame)
    if not out:
        raise _invalid("No keyframes provided: give keyframes.frame0 and/or keyframes.frame1", "keyframes")
    return out


def _weighted(field: str, value: object) -> dict[str, Any]:
    value = _as_dict(value)
    if not isinstance(value, Mapping):
        return {"url": media_url(field, value)}
    out = {**value, "url": media_url(f"{field}.url", value.get("url"))}
    if value.get("weight") is not None:
        check_number(f"{field}.weight", value["weight"], minimum=0, maximum=1, service=PROVIDER)
    return out


def _url_list(field: str, value: object) -> builtins.list[Any]:
    return check_list(field, value, service=PROVIDER)


def _character(value: object) -> dict[str, Any]:
    value = _as_dict(value)
    if not isinstance(value, Mapping):
        value = {"identity0": {"images": value}}  # shorthand: the list of image URLs
    out: dict[str, Any] = dict(value)
    for name, identity in value.items():
        ident = _mapping(f"character_ref.{name}", identity, "{'images': [url, ...]}")
        images = _url_list(f"character_ref.{name}.images", ident.get("images"))
        out[name] = {**ident, "images": [media_url(f"character_ref.{name}.images[{i}]", u)
                                         for i, u in enumerate(images)]}
    return out


def _concepts(value: object) -> builtins.list[dict[str, Any]]:
    out = []
    for i, item in enumerate(_url_list("concepts", value)):
        item = _as_dict(item)
        key = item.get("key") if isinstance(item, Mapping) else item
        if not isinstance(key, str) or not key:
            raise _invalid(f"concepts[{i}] must be a concept key (see generations.concepts.list())",
                           f"concepts[{i}]")
        out.append({**item, "key": key} if isinstance(item, Mapping) else {"key": key})
    return out


def _field(route: _Route, name: str, value: object, strict_model: bool) -> object:
    """One body field, checked and in wire form."""
    if name == "model":
        model = _string("model", value)
        if strict_model and route.models and model not in route.models:
            raise _invalid(f"model must be one of {', '.join(route.models)}; got {model!r}", "model",
                           model=model)
        return model
    if name in ("prompt", "negative_prompt"):
        return _string(name, value)
    if name == "aspect_ratio":
        return _choice(name, value, ASPECT_RATIOS)
    if name == "resolution":
        text = _string(name, value).strip()
        if not text:
            raise _invalid("resolution must not be empty", name)
        return text
    if name == "duration":
        return _duration(name, value)
    if name in ("loop", "sync"):
        return check_bool(name, value, service=PROVIDER)
    if name == "callback_url":
        url = _string(name, value)
        if not url.lower().startswith(("https://", "http://")):
            raise _invalid(f"callback_url must be an http(s) URL, got {url[:60]!r}", name)
        return url
    if name == "keyframes":
        return _keyframes(value)
    if name == "concepts":
        return _concepts(value)
    if name == "format":
        return _choice(name, value, IMAGE_FORMATS)
    if name in ("image_ref", "style_ref"):
        if isinstance(value, (str, Mapping)) or not isinstance(value, Sequence):
            value = [value]  # a single reference
        return [_weighted(f"{name}[{i}]", v) for i, v in enumerate(value)]
    if name == "modify_image_ref":
        return _weighted(name, value)
    if name == "character_ref":
        return _character(value)
    if name == "sync_timeout":
        timeout = _number(name, value)
        if timeout <= 0:
            raise _invalid("sync_timeout must be positive (seconds)", name)
        return timeout
    if name in PLACEMENT:
        return _number(name, value, integer=True)
    if name in ("media", "first_frame"):
        value = _as_dict(value)
        if isinstance(value, Mapping):
            return {**value, "url": media_url(f"{name}.url", value.get("url"))}
        return {"url": media_url(name, value)}
    if name == "mode":
        return _choice(name, value, MODES)
    if name == "generation_type":
        if value != route.generation_type:
            raise _invalid(f"generation_type must be {route.generation_type!r} here, got {value!r}", name)
        return value
    return value


def check_body(route: _Route, body: Mapping[str, Any], *, strict_model: bool = True,
               label: str | None = None) -> dict[str, Any]:
    """The wire body for ``route``: every field checked (InvalidInput names it), shorthands expanded."""
    what = label or route.body
    out: dict[str, Any] = {}
    for name, value in body.items():
        if value is None:
            continue
        if name not in route.fields:
            raise _invalid(f"{what} does not take {name!r}; it takes {', '.join(sorted(route.fields))}", name,
                           model=label)
        out[name] = _field(route, name, value, strict_model)
    for name in route.required:
        if name not in out:
            raise _invalid(f"Invalid inputs for {what}: {name} is required", name, model=label)
    if route.fill_type:
        out["generation_type"] = route.generation_type
    if route.operation == "create_video":
        _check_video(out)
    return out


def _check_video(body: Mapping[str, Any]) -> None:
    """The documented cross-field rules of a video create."""
    frames: Mapping[str, Any] = body.get("keyframes") or {}
    prompt = body.get("prompt")
    if prompt is not None and not 3 <= len(prompt) <= 5000:
        raise _invalid(f"prompt must be 3 to 5000 characters, got {len(prompt)}", "prompt")
    if prompt is None and not any(f.get("type") == "image" for f in frames.values()):
        raise _invalid("prompt is required unless an image keyframe is given", "prompt")
    # Luma's error docs refuse loop with end frames, but its own guide shows an image end frame
    # with loop: the tolerant reading lets that one through and refuses the unambiguous cases.
    if body.get("loop") and ("frame0" in frames and "frame1" in frames):
        raise _invalid("loop cannot be combined with both keyframes (an interpolation)", "loop")
    if body.get("loop") and frames.get("frame1", {}).get("type") == "generation":
        raise _invalid("loop cannot be combined with a reverse extend (keyframes.frame1 of type generation)",
                       "loop")


# --- the SDK-shaped resources ---------------------------------------------------------


class _Resource:
    def __init__(self, svc: Luma) -> None:
        self._svc = svc


def _body(**fields: Any) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if v is not None}


class Generations(_Resource):
    """``client.generations``: create, get, list (every page), delete, upscale, audio, and sub-resources."""

    def __init__(self, svc: Luma) -> None:
        super().__init__(svc)
        self.image = ImageGenerations(svc)
        self.video = VideoGenerations(svc)
        self.concepts = Concepts(svc)
        self.camera_motion = CameraMotion(svc)

    def create(self, *, prompt: str | None = None, model: str | None = None, aspect_ratio: str | None = None,
               resolution: str | None = None, duration: str | int | None = None, loop: bool | None = None,
               keyframes: Mapping[str, Any] | Any | None = None, concepts: Sequence[Any] | None = None,
               callback_url: str | None = None, generation_type: Literal["video"] | None = None,
               extra_headers: Mapping[str, str] | None = None,
               extra_body: Mapping[str, Any] | None = None) -> Generation:
        """Start a video generation (``POST /generations/video``); only ``prompt`` is needed.

        ``keyframes={"frame0": {"type": "image", "url": ...}}`` starts from an image;
        ``{"type": "generation", "id": ...}`` extends (frame0) or reverse-extends (frame1) a
        completed generation; two generations interpolate. A bare URL string stands for an image
        keyframe. ``model`` defaults server-side (ray-2). ``extra_body`` fields are sent unchecked.
        """
        return self._svc.create_generation("create_video", _body(
            prompt=prompt, model=model, aspect_ratio=aspect_ratio, resolution=resolution, duration=duration,
            loop=loop, keyframes=keyframes, concepts=concepts, callback_url=callback_url,
            generation_type=generation_type), extra_body=extra_body, extra_headers=extra_headers)

    def get(self, id: str) -> Generation:
        """One generation by id (``GET /generations/{id}``)."""
        return self._svc.get_generation(id)

    def list(self, *, limit: int | None = None, offset: int = 0) -> Pager[Generation]:
        """Every generation, newest first, fetched lazily ``limit`` at a time (iterate it).

        Unlike the SDK's single page, iterating goes through every page; a generation created
        while listing is not yielded twice. ``.pages()`` yields each ``list[Generation]``.
        """
        size = _page_size(limit)
        start = _offset(offset)

        def fetch(at: int) -> tuple[builtins.list[Generation], int | None]:
            page = self.list_page(limit=size, offset=at)
            items = builtins.list(page.generations)
            more = page.has_more if isinstance(page.has_more, bool) else (size is not None and len(items) >= size)
            return items, (at + len(items) if more and items else None)

        return Pager(fetch, start, key=lambda g: g.id)

    def list_page(self, *, limit: int | None = None, offset: int | None = None) -> GenerationList:
        """One page (``GET /generations?limit=&offset=``), as the SDK's ``list`` returns it."""
        from genvid_api_luma.api.generations import list_generations
        from genvid_api_luma.models import GenerationList
        from genvid_api_luma.types import UNSET

        size = _page_size(limit)
        at = _offset(offset) if offset is not None else None
        page: GenerationList = self._svc.call(
            list_generations.sync_detailed, limit=UNSET if size is None else size,
            offset=UNSET if at is None else at, expect=GenerationList)
        return page

    def delete(self, id: str) -> None:
        """Delete a generation and its media (``DELETE /generations/{id}``)."""
        from genvid_api_luma.api.generations import delete_generation

        ident = _generation_id(id)
        self._svc.call(delete_generation.sync_detailed, ident, request_id=ident)

    def upscale(self, id: str, *, resolution: str | None = None,
                callback_url: str | None = None, extra_headers: Mapping[str, str] | None = None,
                extra_body: Mapping[str, Any] | None = None) -> Generation:
        """Upscale a completed video generation (``POST /generations/{id}/upscale``)."""
        return self._svc.create_generation("upscale", _body(resolution=resolution, callback_url=callback_url),
                                           path_id=id, extra_body=extra_body, extra_headers=extra_headers)

    def audio(self, id: str, *, prompt: str | None = None,
              negative_prompt: str | None = None, callback_url: str | None = None,
              extra_headers: Mapping[str, str] | None = None,
              extra_body: Mapping[str, Any] | None = None) -> Generation:
        """Add a generated soundtrack to a completed video (``POST /generations/{id}/audio``)."""
        return self._svc.create_generation(
            "add_audio", _body(prompt=prompt, negative_prompt=negative_prompt, callback_url=callback_url),
            path_id=id, extra_body=extra_body, extra_headers=extra_headers)


class ImageGenerations(_Resource):
    """``client.generations.image``: create and reframe (photon-1, photon-flash-1)."""

    def create(self, *, prompt: str | None = None, model: str = "photon-1", aspect_ratio: str | None = None,
               format: str | None = None,
               image_ref: Sequence[Any] | None = None, style_ref: Sequence[Any] | None = None,
               modify_image_ref: Mapping[str, Any] | str | None = None,
               character_ref: Mapping[str, Any] | Sequence[str] | None = None, sync: bool | None = None,
               sync_timeout: float | None = None, callback_url: str | None = None,
               generation_type: Literal["image"] | None = None, extra_headers: Mapping[str, str] | None = None,
               extra_body: Mapping[str, Any] | None = None) -> Generation:
        """Start an image generation (``POST /generations/image``).

        References are ``{"url": ..., "weight": 0.85}`` dicts or bare URLs; ``character_ref`` may be
        just the list of image URLs of one person. With ``sync=True`` the answer is the finished image.
        """
        return self._svc.create_generation("create_image", _body(
            prompt=prompt, model=model, aspect_ratio=aspect_ratio, format=format, image_ref=image_ref,
            style_ref=style_ref, modify_image_ref=modify_image_ref, character_ref=character_ref, sync=sync,
            sync_timeout=sync_timeout, callback_url=callback_url, generation_type=generation_type),
            extra_body=extra_body, extra_headers=extra_headers)

    def reframe(self, *, media: Mapping[str, Any] | str, aspect_ratio: str, model: str = "photon-1",
                prompt: str | None = None, format: str | None = None,
                grid_position_x: int | None = None, grid_position_y: int | None = None,
                resized_width: int | None = None, resized_height: int | None = None, x_start: int | None = None,
                x_end: int | None = None, y_start: int | None = None, y_end: int | None = None,
                callback_url: str | None = None, extra_headers: Mapping[str, str] | None = None,
                extra_body: Mapping[str, Any] | None = None) -> Generation:
        """Outpaint an image (``media={"url": ...}`` or a URL) to a new aspect ratio."""
        return self._svc.create_generation("reframe_image", _body(
            media=media, aspect_ratio=aspect_ratio, model=model, prompt=prompt, format=format,
            grid_position_x=grid_position_x, grid_position_y=grid_position_y, resized_width=resized_width,
            resized_height=resized_height, x_start=x_start, x_end=x_end, y_start=y_start, y_end=y_end,
            callback_url=callback_url), extra_body=extra_body, extra_headers=extra_headers)


class VideoGenerations(_Resource):
    """``client.generations.video``: create, modify and reframe (ray-2, ray-flash-2)."""

    def create(self, *, prompt: str | None = None, model: str | None = None, aspect_ratio: str | None = None,
               resolution: str | None = None, duration: str | int | None = None, loop: bool | None = None,
               keyframes: Mapping[str, Any] | Any | None = None, concepts: Sequence[Any] | None = None,
               callback_url: str | None = None, generation_type: Literal["video"] | None = None,
               extra_headers: Mapping[str, str] | None = None,
               extra_body: Mapping[str, Any] | None = None) -> Generation:
        """The same as ``client.generations.create(...)`` (``POST /generations/video``)."""
        return self._svc.generations.create(
            prompt=prompt, model=model, aspect_ratio=aspect_ratio, resolution=resolution, duration=duration,
            loop=loop, keyframes=keyframes, concepts=concepts, callback_url=callback_url,
            generation_type=generation_type, extra_headers=extra_headers, extra_body=extra_body)

    def modify(self, *, media: Mapping[str, Any] | str, mode: str, model: str = "ray-2",
               prompt: str | None = None, first_frame: Mapping[str, Any] | str | None = None,
               callback_url: str | None = None, extra_headers: Mapping[str, str] | None = None,
               extra_body: Mapping[str, Any] | None = None) -> Generation:
        """Restyle a video (``media={"url": ...}``); ``mode`` from ``adhere_1`` (closest) to ``reimagine_3``."""
        return self._svc.create_generation("modify_video", _body(
            media=media, mode=mode, model=model, prompt=prompt, first_frame=first_frame,
            callback_url=callback_url), extra_body=extra_body, extra_headers=extra_headers)

    def reframe(self, *, media: Mapping[str, Any] | str, aspect_ratio: str, model: str = "ray-2",
                prompt: str | None = None, first_frame: Mapping[str, Any] | str | None = None,
                format: str | None = None,
                grid_position_x: int | None = None, grid_position_y: int | None = None,
                resized_width: int | None = None, resized_height: int | None = None, x_start: int | None = None,
                x_end: int | None = None, y_start: int | None = None, y_end: int | None = None,
                callback_url: str | None = None, extra_headers: Mapping[str, str] | None = None,
                extra_body: Mapping[str, Any] | None = None) -> Generation:
        """Outpaint a video to a new aspect ratio (``POST /generations/video/reframe``)."""
        return self._svc.create_generation("reframe_video", _body(
            media=media, aspect_ratio=aspect_ratio, model=model, prompt=prompt, first_frame=first_frame,
            format=format, grid_position_x=grid_position_x, grid_position_y=grid_position_y,
            resized_width=resized_width, resized_height=resized_height, x_start=x_start, x_end=x_end,
            y_start=y_start, y_end=y_end, callback_url=callback_url),
            extra_body=extra_body, extra_headers=extra_headers)


class Concepts(_Resource):
    """``client.generations.concepts``."""

    def list(self) -> builtins.list[str]:
        """The concept keys ``generations.create(concepts=[...])`` accepts."""
        from genvid_api_luma.api.generations import list_concepts

        keys: builtins.list[str] = self._svc.call(list_concepts.sync_detailed, expect=builtins.list)
        return keys


class CameraMotion(_Resource):
    """``client.generations.camera_motion`` (also ``client.camera_motions``): the legacy list."""

    def list(self) -> builtins.list[str]:
        """Camera-motion phrases the video models understand in a prompt (superseded by concepts)."""
        from genvid_api_luma.api.generations import list_camera_motions

        motions: builtins.list[str] = self._svc.call(list_camera_motions.sync_detailed, expect=builtins.list)
        return motions


class CreditsResource(_Resource):
    """``client.credits``."""

    def get(self) -> Credits:
        """The account's credit balance (``credit_balance``, in USD cents)."""
        from genvid_api_luma.api.account import get_credits
        from genvid_api_luma.models import Credits

        credits: Credits = self._svc.call(get_credits.sync_detailed, expect=Credits)
        return credits


class PingResource(_Resource):
    """``client.ping.check()`` as in the SDK; ``client.ping()`` works too."""

    def check(self) -> Ping:
        """A cheap authenticated round trip (``GET /ping``)."""
        from genvid_api_luma.api.account import ping
        from genvid_api_luma.models import Ping

        answer: Ping = self._svc.call(ping.sync_detailed, expect=Ping)
        return answer

    def __call__(self) -> Ping:
        return self.check()


def _page_size(limit: int | None) -> int | None:
    if limit is None:
        return None
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise _invalid(f"limit must be a positive integer, got {limit!r}", "limit")
    return limit


def _offset(offset: int) -> int:
    if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
        raise _invalid(f"offset must be a non-negative integer, got {offset!r}", "offset")
    return offset


def _generation_id(value: object, field: str = "id") -> str:
    ident = getattr(value, "id", value)
    if not isinstance(ident, str) or not ident.strip() or "/" in ident:
        raise _invalid(f"{field} must be a generation id (a UUID string), got {ident!r}", field)
    return ident.strip()


# --- the client -----------------------------------------------------------------------


class Luma(GenerationService):
    """Luma Dream Machine. Key from ``LUMAAI_API_KEY``; base URL from ``LUMAAI_BASE_URL``.

    Resources as in the ``lumaai`` SDK: ``generations`` (``create``, ``get``, ``list``,
    ``delete``, ``upscale``, ``audio``, ``image.create/reframe``, ``video.create/modify/reframe``,
    ``concepts.list``, ``camera_motion.list``), ``credits.get()``, ``ping.check()``. Added:
    ``wait(generation_id)`` and ``download(generation, path)``.
    """

    provider: ClassVar[str] = PROVIDER
    package: ClassVar[str] = "genvid_api_luma"
    key_env: ClassVar[tuple[str, ...]] = ("LUMAAI_API_KEY",)
    base_url_env: ClassVar[str] = "LUMAAI_BASE_URL"
    default_base_url: ClassVar[str] = "https://api.lumalabs.ai/dream-machine/v1"

    def __init__(self, api_key: str | None = None, **kwargs: Any) -> None:
        super().__init__(api_key, **kwargs)
        self.generations = Generations(self)
        self.camera_motions = self.generations.camera_motion
        self.credits = CreditsResource(self)
        self.ping = PingResource(self)

    def find_out_hint(self) -> str:
        return "list your generations (client.generations.list()) to see whether it was created"

    # --- plumbing shared by the resources and the adapter verbs --------------------------
    def create_generation(self, route_name: str, body: Mapping[str, Any], *, path_id: object = None,
                          extra_body: Mapping[str, Any] | None = None,
                          extra_headers: Mapping[str, str] | None = None, strict_model: bool = True,
                          label: str | None = None) -> Generation:
        """Check ``body`` for one create operation and send it; returns the new Generation."""
        route = ROUTES[route_name]
        ident = _generation_id(path_id) if route.path_id else None
        wire = check_body(route, body, strict_model=strict_model, label=label)
        if extra_body:
            wire.update(extra_body)
        return self._send(route, wire, ident, extra_headers)

    def _send(self, route: _Route, wire: dict[str, Any], ident: str | None,
              extra_headers: Mapping[str, str] | None) -> Generation:
        from genvid_api_luma import models
        from genvid_api_luma.models import Generation

        operation = importlib.import_module(f"genvid_api_luma.api.generations.{route.operation}")
        try:
            body = getattr(models, route.body).from_dict(wire)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise _invalid(f"the request does not fit {route.body}: {exc}", "body") from None
        args = (ident,) if ident is not None else ()
        generation: Generation = self.call(operation.sync_detailed, *args, body=body, submit=True,
                                           expect=Generation, extra_headers=extra_headers)
        return generation

    def get_generation(self, generation_id: object) -> Generation:
        """``GET /generations/{id}``."""
        from genvid_api_luma.api.generations import get_generation
        from genvid_api_luma.models import Generation

        ident = _generation_id(generation_id)
        generation: Generation = self.call(get_generation.sync_detailed, ident, expect=Generation,
                                           request_id=ident)
        return generation

    def status_of(self, job: Job, generation: Generation) -> JobStatus:
        """genvid's JobStatus for a Generation (``dreaming`` is ``running``)."""
        raw = str(generation.state) if generation.state else "unknown"
        state = STATES.get(raw, "running")
        reason = generation.failure_reason if isinstance(generation.failure_reason, str) else None
        if state == "failed" and not reason:
            reason = "Generation failed"
        return JobStatus(job, state, raw, error=reason if state == "failed" else None, raw=generation)

    def result_of(self, generation: Generation, job: Job | None = None) -> Result:
        """A Result for a completed Generation: ``assets.video``, or ``assets.image`` for images."""
        assets = generation.assets
        urls = {k: getattr(assets, k, None) if not isinstance(assets, Mapping) else assets.get(k)
                for k in ("video", "image")}
        kind_known = isinstance(generation.generation_type, str)
        is_image = str(generation.generation_type) in IMAGE_KINDS
        # A video generation's assets.image is a thumbnail, not its result.
        order = ("image",) if is_image else ("video",) if kind_known else ("video", "image")
        kind = next((k for k in order if isinstance(urls[k], str) and urls[k]), None)
        if kind is None:
            raise MalformedResponse(
                f"generation {generation.id} is completed but has no assets.{order[0]}", service=self.provider,
                request_id=generation.id)
        url = str(urls[kind])
        media_type, name = media_from_url(url, "video/mp4" if kind == "video" else None)
        meta = {"provider": self.provider, "model": job.model if job else str(generation.model or ""),
                "request_id": generation.id, "state": "completed"}
        return result_from_url(self.plain_http(), url, media_type=media_type, file_name=name, job=meta)

    # --- conveniences the SDK lacks ---------------------------------------------------
    def wait(self, generation: Generation | str, *, timeout: float | None = DEFAULT_TIMEOUT,
             on_status: StatusCallback | None = None, cancel: threading.Event | None = None) -> Result:
        """Poll until the generation ends; its Result (``.save(path)``), or ``JobFailed`` with the reason.

        ``on_status`` receives a JobStatus on every change (``.raw`` is the Generation);
        ``timeout`` raises ``DeadlineExceeded`` (the generation keeps going).
        """
        ident = _generation_id(generation, "generation")
        model = getattr(generation, "model", None)
        job = Job(self.provider, str(model) if isinstance(model, str) and model else "generation", ident)
        return wait(self, job, timeout=timeout, on_status=on_status, cancel=cancel)

    def download(self, generation: Generation | str, path: str | os.PathLike[str], *,
                 on_progress: ProgressCallback | None = None) -> Path:
        """Stream a completed generation's media to ``path`` (atomically); returns the final path.

        Raises ``JobFailed`` for a failed generation and ``Conflict`` for one still running.
        """
        gen = generation if not isinstance(generation, str) and getattr(generation, "state", None) == "completed" \
            else self.get_generation(generation)
        job = Job(self.provider, str(gen.model or "generation"), gen.id)
        status = self.status_of(job, gen)
        if not status.done:
            raise Conflict(f"generation {gen.id} has not finished ({status.raw_state})", service=self.provider,
                           request_id=gen.id, hint="wait for it first: client.wait(generation.id)")
        return finish(self, job, status).save(path, on_progress=on_progress)

    # --- the adapter verbs ----------------------------------------------------------
    def prepare(self, model: str, inputs: Mapping[str, Any]) -> Prepared:
        """Map unified names (image, end_image, video, ...) to Dream Machine fields and check them."""
        info = lookup(self.provider, model)
        if info is not None and info.status == "retired":
            raise _invalid(f"{model} is retired and no longer accepted", "model", model=model,
                           hint="use luma:ray-2 or luma:ray-flash-2")
        route_name = _route_name(model, info)
        route = ROUTES[route_name]
        body: dict[str, Any] = {}
        frames: dict[str, Any] = {}
        path_id: object = None
        for name, value in inputs.items():
            if value is None:
                continue
            if route.path_id and name in (PATH_ID, "id", "generation"):
                path_id = value
                continue
            wire, value = _common(route_name, name, value)
            if wire == "keyframes" and isinstance(value, tuple):
                frames[value[0]] = value[1]
                continue
            if wire in body:
                raise _invalid(f"{name} given twice (as {wire})", name, model=model)
            if info is not None and wire not in info.inputs and wire != "model":
                raise _invalid(f"{model} does not take {name!r}; it takes {', '.join(info.inputs)}", name,
                               model=model, hint=_wrong_field_hint(route_name, name))
            body[wire] = value
        if frames:
            if "keyframes" in body:
                raise _invalid("give keyframes or image/end_image, not both", "keyframes", model=model)
            body["keyframes"] = frames
        if info is not None and info.raw.get("model_field"):
            if body.get("model", model) != model:
                raise _invalid(f"model is already given by the name ({model})", "model", model=model)
            body["model"] = model
        elif info is None:
            body["model"] = model
        elif route.default_model:
            body.setdefault("model", route.default_model)
        if route.path_id and path_id is None:
            raise _invalid(f"Invalid inputs for {model}: generation_id is required (a completed video "
                           "generation's id)", PATH_ID, model=model)
        wire_body = check_body(route, body, strict_model=info is not None, label=model)
        check_required(info, set(wire_body), model, self.provider)
        if route.path_id:
            wire_body[PATH_ID] = _generation_id(path_id, PATH_ID)
        return Prepared(model, info, wire_body, digest(model, wire_body))

    def submit_prepared(self, prepared: Prepared, **options: Any) -> Job:
        """Send a prepared request; the Job's request id is the generation id."""
        route = ROUTES[_route_name(prepared.model, prepared.info)]
        wire = dict(prepared.fields)
        ident = wire.pop(PATH_ID, None) if route.path_id else None
        generation = self._send(route, wire, ident, options.get("extra_headers"))
        return Job(self.provider, prepared.model, generation.id)


def _route_name(model: str, info: ModelInfo | None) -> str:
    if info is not None and info.route in ROUTES:
        return info.route
    return "create_image" if model.startswith("photon") else "create_video"


def _common(route: str, name: str, value: object) -> tuple[str, Any]:
    """A unified input name -> (wire field, value); keyframe images come back as ("keyframes", (frame, kf))."""
    if route == "create_video":
        if name in ("image", "start_image", "first_frame"):
            return "keyframes", ("frame0", {"type": "image", "url": media_url(name, value)})
        if name in ("end_image", "last_frame"):
            return "keyframes", ("frame1", {"type": "image", "url": media_url(name, value)})
    elif route == "create_image":
        if name == "image":
            return "modify_image_ref", {"url": media_url(name, value)}
        if name == "reference":
            return "image_ref", [{"url": media_url(name, value)}]
    elif route == "reframe_image":
        if name == "image":
            return "media", {"url": media_url(name, value)}
    elif route in ("modify_video", "reframe_video"):
        if name == "video":
            return "media", {"url": media_url(name, value)}
        if name in ("image", "start_image"):
            return "first_frame", {"url": media_url(name, value)}
    return name, value


def _wrong_field_hint(route: str, name: str) -> str | None:
    if route == "create_video" and name == "video":
        return "to restyle or reframe a video use luma:modify-video or luma:reframe-video"
    if route == "create_image" and name in ("video", "end_image"):
        return "photon models make images; use luma:ray-2 for video"
    return None


__all__ = ["CameraMotion", "Concepts", "CreditsResource", "Generations", "ImageGenerations", "Luma",
           "PingResource", "VideoGenerations", "check_body", "media_url"]
