"""What every emulated service does the same way: catalogs, inputs, outputs.

Kept here so each service module holds only what is particular to its wire protocol.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
import re
from importlib import resources
from typing import Any

from starlette.concurrency import run_in_threadpool

from .._app import Call, Emulator
from .._media import MediaSpec, media_type, render, scaled
from .._store import Blob

OUTPUT_SIZE_HEADER = "x-genvid-output-size"

# Output sizes by resolution name, landscape (width, height).
RESOLUTIONS = {
    "360p": (640, 360), "480p": (832, 480), "540p": (960, 540), "720p": (1280, 720),
    "1080p": (1920, 1080), "4k": (3840, 2160), "1k": (1024, 1024), "2k": (2048, 2048),
}


def catalog(spec: str) -> dict[str, dict[str, Any]]:
    """The generated ``catalog.json`` of a spec (its model table, with what its schemas say) by model id."""
    return catalog_of("genvid_api_" + spec.replace("-", "_"))


@functools.cache
def catalog_of(package: str) -> dict[str, dict[str, Any]]:
    text = resources.files(package).joinpath("catalog.json").read_text(encoding="utf-8")
    return {e["id"]: e for e in json.loads(text)}


def resolve_model(spec: str, model: str) -> dict[str, Any] | None:
    """The catalog entry of a model; None for models the catalog does not know."""
    return catalog(spec).get(model)


def media_fields(spec: str, operation: str) -> dict[str, str]:
    """The request fields of an operation that carry media (``x-genvid-media``), and their kind."""
    from genvid._schemas import request_schema

    try:
        return request_schema("genvid_api_" + spec.replace("-", "_"), operation).media()
    except KeyError:
        return {}


def field_default(spec: str, operation: str | None, name: str) -> Any:
    """The service's default the spec states (``x-genvid-default``) for request field ``name`` of
    ``operation``; None when it states none."""
    from genvid._schemas import request_schema

    if not operation:
        return None
    try:
        prop = request_schema("genvid_api_" + spec.replace("-", "_"), operation).properties.get(name, {})
    except KeyError:
        return None
    return prop.get("x-genvid-default")


def output_spec(emu: Emulator, entry: dict[str, Any] | None, *, kind: str | None = None,
                resolution: str | None = None, portrait: bool = False, seconds: float | None = None,
                image_format: str = "png") -> MediaSpec:
    """The nominal output of a model, scaled by the emulator's media scale."""
    entry = entry or {}
    out_kind = kind or entry.get("output", "video")
    width, height = int(entry.get("width", 1280)), int(entry.get("height", 720))
    if resolution in RESOLUTIONS and resolution != entry.get("default_resolution"):
        width, height = RESOLUTIONS[resolution]
    if portrait and width > height:
        width, height = height, width
    spec = MediaSpec(
        kind="image" if out_kind == "image" else "video",
        width=width, height=height,
        fps=int(entry.get("fps", 24)),
        seconds=float(seconds if seconds is not None else entry.get("duration_s", 5)),
        image_format="jpeg" if image_format in {"jpg", "jpeg"} else "png",
    )
    return scaled(spec, emu.settings.media_scale)


def add_output(emu: Emulator, call: Call, spec: MediaSpec, key: str, source: bytes | None, stem: str) -> Blob:
    """Register a lazily rendered output (padded when the caller asked for a big file)."""
    ext = {"video/mp4": "mp4", "image/png": "png", "image/jpeg": "jpg"}[media_type(spec)]
    pad = call.request.headers.get(OUTPUT_SIZE_HEADER)
    pad_to = int(pad) if pad and pad.isdigit() else 0
    return emu.blobs.add_rendered(media_type(spec), f"{stem}.{ext}",
                                  lambda: render(spec, key=key, source=source), pad_to=pad_to)


async def read_media(emu: Emulator, call: Call, field: str) -> bytes | None:
    """Bytes of a media input: an uploaded part, a data: URI, or a URL served by this emulator."""
    upload = call.files.get(field)
    if upload is not None:
        await upload.seek(0)
        data: bytes = await upload.read(64 * 1024 * 1024)  # enough to seed a render
        return data
    text = call.form.get(field)
    if text is None and isinstance(call.body, dict):
        text = call.body.get(field)
    return resolve_reference(emu, text) if isinstance(text, str) else None


_DATA_URI = re.compile(r"^data:([^;,]*)(;base64)?,(.*)$", re.S)
_LOCAL_FILE = re.compile(r"/_emulator/files/([0-9a-f]+)")


def resolve_reference(emu: Emulator, ref: str) -> bytes | None:
    """Bytes behind a data: URI or an emulator file URL; None for anything else (not fetched)."""
    m = _DATA_URI.match(ref)
    if m:
        try:
            return base64.b64decode(m.group(3)) if m.group(2) else m.group(3).encode()
        except (binascii.Error, ValueError):
            return None
    m = _LOCAL_FILE.search(ref)
    if m:
        blob = emu.blobs.get(m.group(1))
        if blob is not None:
            return blob.data()
    return None


async def render_now(blob: Blob) -> int:
    """Render in a worker thread (the event loop stays free); returns the size."""
    return await run_in_threadpool(lambda: blob.size)
