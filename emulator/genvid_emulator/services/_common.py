"""What every emulated service does the same way: catalogs, inputs, outputs.

Kept here so each service module holds only what is particular to its wire protocol.
"""

from __future__ import annotations

import base64
import binascii
import functools
import re
from typing import Any

from starlette.concurrency import run_in_threadpool

from .._app import Call, Emulator
from .._media import MediaSpec, media_type, render, scaled
from .._specs import ValidationIssue, load_spec
from .._store import Blob

OUTPUT_SIZE_HEADER = "x-genvid-output-size"

# Output sizes by resolution name, landscape (width, height).
RESOLUTIONS = {
    "360p": (640, 360), "480p": (832, 480), "540p": (960, 540), "720p": (1280, 720),
    "1080p": (1920, 1080), "4k": (3840, 2160), "1k": (1024, 1024), "2k": (2048, 2048),
}


@functools.cache
def catalog(spec: str) -> dict[str, dict[str, Any]]:
    """The spec's ``x-genvid-catalog`` by model id."""
    return {e["id"]: e for e in load_spec(spec).get("x-genvid-catalog", [])}


def resolve_model(spec: str, model: str) -> dict[str, Any] | None:
    """The catalog entry of a model, following aliases; None for unknown models."""
    entries = catalog(spec)
    entry = entries.get(model)
    hops = 0
    while entry is not None and entry.get("alias_of") in entries and hops < 5:
        entry = {**entries[entry["alias_of"]], "id": model, "status": entry.get("status")}
        hops += 1
    return entry


def missing_inputs(entry: dict[str, Any], present: set[str], loc: str = "body") -> list[ValidationIssue]:
    """Issues for required fields that are absent and one-of groups not met exactly once."""
    issues = [ValidationIssue((loc, f), "Field required", "missing") for f in entry.get("required", [])
              if f not in present]
    for group in entry.get("one_of", []) or []:
        given = [f for f in group if f in present]
        if len(given) != 1:
            issues.append(ValidationIssue((loc, group[0]), f"Provide exactly one of {', '.join(group)}", "value_error"))
    return issues


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
