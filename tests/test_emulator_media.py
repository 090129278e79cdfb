"""The emulator's media: real H.264 MP4 / PNG / JPEG, deterministic, derived from inputs."""

from __future__ import annotations

import hashlib
import io
import os
import struct
import subprocess
import sys
import time
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageOps

from genvid_emulator._media import MediaSpec, media_type, probe, render, scaled
from genvid_emulator._media import _render_cached as render_cached

FULL = MediaSpec("video", 1280, 720)  # 24 fps, 5 s
SMALL = scaled(FULL, 0.1)  # 128x72, 0.5 s -> 12 frames
EMULATOR_DIR = Path(__file__).resolve().parents[1] / "emulator"


def decode(data: bytes) -> tuple[av.video.stream.VideoStream, list[np.ndarray]]:
    """All frames of an MP4 as RGB arrays, plus its (closed) video stream for metadata."""
    with av.open(io.BytesIO(data)) as container:
        stream = container.streams.video[0]
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(stream)]
    return stream, frames


def mad(a: np.ndarray, b: np.ndarray) -> float:
    """Mean absolute difference of two same-shaped uint8 arrays."""
    return float(np.abs(a.astype(np.int16) - b.astype(np.int16)).mean())


def top_level_boxes(data: bytes) -> list[bytes]:
    kinds, offset = [], 0
    while offset + 8 <= len(data):
        size, kind = struct.unpack_from(">I4s", data, offset)
        if size == 1:
            (size,) = struct.unpack_from(">Q", data, offset + 8)
        elif size == 0:
            size = len(data) - offset
        assert size >= 8
        kinds.append(kind)
        offset += size
    assert offset == len(data)
    return kinds


def structured_image(width: int = 300, height: int = 200) -> Image.Image:
    """A test picture with large features, in a different aspect ratio from the output."""
    x = np.linspace(0, 255, width)[None, :]
    y = np.linspace(0, 255, height)[:, None]
    rgb = np.stack(
        [np.broadcast_to(x, (height, width)), np.broadcast_to(y, (height, width)), 255 - (x + y) / 2],
        axis=-1,
    )
    image = Image.fromarray(rgb.astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(image)
    draw.rectangle((width * 0.3, height * 0.25, width * 0.55, height * 0.75), fill=(250, 250, 20))
    draw.ellipse((width * 0.6, height * 0.1, width * 0.9, height * 0.6), fill=(10, 10, 10))
    return image


def encoded(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


# ----------------------------------------------------------------------------- specs


def test_scaled_math() -> None:
    assert MediaSpec("video", 128, 72, fps=24, seconds=0.5) == SMALL
    assert scaled(FULL, 1) is FULL
    half = scaled(MediaSpec("video", 1000, 562, fps=30, seconds=4), 0.5)
    assert (half.width % 2, half.height % 2) == (0, 0)
    assert abs(half.width - 500) <= 1 and abs(half.height - 281) <= 1
    assert (half.fps, half.seconds) == (30, 2.0)
    tiny = scaled(FULL, 0.001)
    assert (tiny.width, tiny.height, tiny.seconds) == (16, 16, 0.2)
    assert scaled(MediaSpec("image", 1024, 1024, image_format="jpeg"), 0.25) == MediaSpec(
        "image", 256, 256, seconds=1.25, image_format="jpeg"
    )
    # Never grows a spec that is already smaller than the minimums.
    small = scaled(MediaSpec("video", 10, 12, seconds=0.1), 0.5)
    assert (small.width, small.height, small.seconds) == (10, 12, 0.1)
    for bad in (0, -0.5, 1.5):
        with pytest.raises(ValueError):
            scaled(FULL, bad)


def test_spec_validation() -> None:
    for kwargs in (
        {"kind": "audio", "width": 10, "height": 10},
        {"kind": "video", "width": 0, "height": 10},
        {"kind": "video", "width": 10, "height": 10, "fps": 0},
        {"kind": "video", "width": 10, "height": 10, "seconds": 0},
        {"kind": "video", "width": 10, "height": 10, "seconds": float("nan")},
        {"kind": "image", "width": 10, "height": 10, "image_format": "gif"},
    ):
        with pytest.raises(ValueError):
            MediaSpec(**kwargs)  # type: ignore[arg-type]


def test_media_type() -> None:
    assert media_type(SMALL) == "video/mp4"
    assert media_type(MediaSpec("image", 8, 8)) == "image/png"
    assert media_type(MediaSpec("image", 8, 8, image_format="jpeg")) == "image/jpeg"


# ----------------------------------------------------------------------------- text-to-video


def test_video_is_h264_with_right_geometry() -> None:
    data = render(SMALL, key="luma|a red fox|1")
    with av.open(io.BytesIO(data)) as container:
        assert container.format.name.split(",")[0] == "mov"
        stream = container.streams.video[0]
        assert stream.codec_context.name == "h264"
        assert stream.average_rate == 24
        frames = list(container.decode(stream))
    assert len(frames) == 12
    assert {(f.width, f.height, f.format.name) for f in frames} == {(128, 72, "yuv420p")}
    assert probe(data) == {
        "format": "mp4",
        "codec": "h264",
        "width": 128,
        "height": 72,
        "frames": 12,
        "fps": 24.0,
        "seconds": 0.5,
    }


def test_video_frames_animate_and_are_not_flat() -> None:
    _, frames = decode(render(SMALL, key="luma|a red fox|1"))
    assert all(f.std() > 5 for f in frames)  # a picture, not a flat colour
    assert mad(frames[0], frames[-1]) > 2  # it moves


def test_other_rates_sizes_and_odd_dimensions() -> None:
    data = render(MediaSpec("video", 99, 51, fps=30, seconds=0.3), key="k")
    info = probe(data)
    assert (info["width"], info["height"], info["frames"], info["fps"]) == (98, 50, 9, 30.0)
    one = probe(render(MediaSpec("video", 32, 32, fps=1, seconds=0.2), key="k"))
    assert one["frames"] == 1


def test_moov_before_mdat() -> None:
    kinds = top_level_boxes(render(SMALL, key="fast|start"))
    assert kinds[0] == b"ftyp"
    assert b"moov" in kinds and b"mdat" in kinds
    assert kinds.index(b"moov") < kinds.index(b"mdat")


def test_deterministic_bytes() -> None:
    key = "luma|a red fox|1"
    first = render_cached.__wrapped__(SMALL, key, None)  # bypass the cache: really render twice
    second = render_cached.__wrapped__(SMALL, key, None)
    assert first == second
    assert render(SMALL, key=key) == first
    assert render(SMALL, key="luma|a red fox|2") != first
    assert render(SMALL, key="luma|a blue fox|1") != first
    assert render(scaled(FULL, 0.2), key=key) != first


def test_deterministic_across_processes() -> None:
    code = (
        "import hashlib, sys\n"
        "from genvid_emulator._media import MediaSpec, render\n"
        "spec = MediaSpec('video', 96, 64, fps=12, seconds=0.5)\n"
        "sys.stdout.write(hashlib.sha256(render(spec, key='proc|check|7')).hexdigest())\n"
    )
    env = {**os.environ, "PYTHONPATH": str(EMULATOR_DIR), "PYTHONHASHSEED": "random"}
    digests = {
        subprocess.run(
            [sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True
        ).stdout
        for _ in range(2)
    }
    local = hashlib.sha256(render(MediaSpec("video", 96, 64, fps=12, seconds=0.5), key="proc|check|7"))
    assert digests == {local.hexdigest()}


def test_no_timestamps_or_versions_in_container() -> None:
    data = render(SMALL, key="meta")
    assert b"Lavf" not in data  # +bitexact: no muxer version string
    (creation,) = struct.unpack_from(">I", data, data.index(b"mvhd") + 8)
    assert creation == 0


def test_cache_returns_same_object() -> None:
    key = "cache|me"
    assert render(SMALL, key=key) is render(SMALL, key=key)
    assert render_cached.cache_info().maxsize == 64


def test_small_render_is_fast() -> None:
    render(SMALL, key="warm-up")
    timings = []
    for n in range(3):
        start = time.perf_counter()
        render_cached.__wrapped__(SMALL, f"speed|{n}", None)
        timings.append(time.perf_counter() - start)
    assert min(timings) < 0.25  # typically ~15 ms; generous for a loaded CI machine


# ----------------------------------------------------------------------------- images


@pytest.mark.parametrize(("fmt", "pil_format"), [("png", "PNG"), ("jpeg", "JPEG")])
def test_images_decode(fmt: str, pil_format: str) -> None:
    spec = MediaSpec("image", 200, 120, image_format=fmt)  # type: ignore[arg-type]
    data = render(spec, key="fal|a lighthouse|3")
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == pil_format
        assert image.size == (200, 120)
        image.load()
        assert np.asarray(image.convert("RGB")).std() > 5
    assert probe(data) == {
        "format": fmt,
        "codec": None,
        "width": 200,
        "height": 120,
        "frames": 1,
        "fps": None,
        "seconds": None,
    }
    assert render_cached.__wrapped__(spec, "fal|a lighthouse|3", None) == data
    assert render(spec, key="fal|a lighthouse|4") != data


def test_image_edit_derives_from_source() -> None:
    source = structured_image()
    spec = MediaSpec("image", 160, 90)
    edited = np.asarray(Image.open(io.BytesIO(render(spec, key="edit", source=encoded(source, "PNG")))))
    fitted = np.asarray(ImageOps.fit(source, (160, 90)))
    plain = np.asarray(Image.open(io.BytesIO(render(spec, key="edit"))))
    assert mad(edited, fitted) < mad(plain, fitted) / 2


# ----------------------------------------------------------------------------- image-to-video


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_image_to_video_starts_from_input(fmt: str) -> None:
    source = structured_image()
    data = render(SMALL, key="luma|zoom in|5", source=encoded(source, fmt))
    stream, frames = decode(data)
    assert stream.codec_context.name == "h264" and len(frames) == 12
    fitted = np.asarray(ImageOps.fit(source, (128, 72)))
    assert mad(frames[0], fitted) < 6
    # The test has teeth: generated video without the source is far from the input.
    _, unrelated = decode(render(SMALL, key="luma|zoom in|5"))
    assert mad(unrelated[0], fitted) > 25
    # Later frames animate away from the input, gradually.
    assert mad(frames[-1], fitted) > mad(frames[1], fitted) > 0
    assert mad(frames[-1], fitted) < mad(unrelated[0], fitted)


def test_image_to_video_handles_alpha_and_modes() -> None:
    rgba = structured_image().convert("RGBA")
    rgba.putalpha(128)
    for image in (rgba, structured_image().convert("L"), structured_image().convert("P")):
        info = probe(render(SMALL, key="modes", source=encoded(image, "PNG")))
        assert (info["width"], info["height"], info["frames"]) == (128, 72, 12)


def test_image_to_video_is_deterministic() -> None:
    source = encoded(structured_image(), "PNG")
    first = render_cached.__wrapped__(SMALL, "i2v", source)
    assert render_cached.__wrapped__(SMALL, "i2v", source) == first
    assert render(SMALL, key="i2v", source=bytearray(source)) == first  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- video-to-video


def test_video_to_video_derives_from_source() -> None:
    source = render(SMALL, key="luma|source clip|1")
    out = render(SMALL, key="luma|make it purple|2", source=source)
    stream, frames = decode(out)
    assert stream.codec_context.name == "h264" and len(frames) == 12
    _, src_frames = decode(source)
    _, plain = decode(render(SMALL, key="luma|make it purple|2"))
    for i in (0, 5, 11):
        assert mad(frames[i], src_frames[i]) < mad(frames[i], plain[i])
    assert out != source
    assert render_cached.__wrapped__(SMALL, "luma|make it purple|2", source) == out


def test_video_to_video_other_size_rate_and_looping() -> None:
    # A square 1 s clip at 10 fps, re-timed to 24 fps, cropped to 16:9 and looped to 1.5 s.
    source = render(MediaSpec("video", 96, 96, fps=10, seconds=1.0), key="square")
    spec = MediaSpec("video", 128, 72, fps=24, seconds=1.5)
    stream, frames = decode(render(spec, key="loop", source=source))
    assert len(frames) == 36 and stream.average_rate == 24
    assert (frames[0].shape[1], frames[0].shape[0]) == (128, 72)
    # Output time 1.0 s wraps to source frame 0, so it matches output frame 0 apart from the tint.
    assert mad(frames[24], frames[0]) < mad(frames[12], frames[0])


def test_truncated_video_source_still_works() -> None:
    source = render(scaled(FULL, 0.2), key="to be cut")  # moov first, so a prefix is decodable
    cut = source[: len(source) * 2 // 3]
    info = probe(render(SMALL, key="cut", source=cut))
    assert (info["codec"], info["frames"]) == ("h264", 12)


def test_image_from_video_source() -> None:
    source = render(SMALL, key="still")
    _, src_frames = decode(source)
    data = render(MediaSpec("image", 128, 72), key="thumb", source=source)
    image = np.asarray(Image.open(io.BytesIO(data)))
    plain = np.asarray(Image.open(io.BytesIO(render(MediaSpec("image", 128, 72), key="thumb"))))
    assert mad(image, src_frames[0]) < mad(plain, src_frames[0])


# ----------------------------------------------------------------------------- garbage


GARBAGE = [
    b"",
    b"garbage",
    bytes(range(256)) * 40,
    b"\x89PNG\r\n\x1a\n" + b"\x00" * 50,  # PNG signature, broken body
    b"\xff\xd8\xff\xe0" + b"\x01" * 100,  # JPEG marker, broken body
    b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + b"\x00" * 64,  # MP4 header only
]


@pytest.mark.parametrize("source", GARBAGE, ids=range(len(GARBAGE)))
@pytest.mark.parametrize("kind", ["video", "image"])
def test_garbage_source_falls_back(source: bytes, kind: str) -> None:
    spec = SMALL if kind == "video" else MediaSpec("image", 64, 48, image_format="jpeg")
    data = render(spec, key="fallback", source=source)
    info = probe(data)
    assert (info["width"], info["height"]) == (spec.width, spec.height)
    assert data == render(spec, key="fallback")  # exactly the generated content


@pytest.mark.parametrize("data", GARBAGE, ids=range(len(GARBAGE)))
def test_probe_rejects_garbage(data: bytes) -> None:
    with pytest.raises(ValueError):
        probe(data)


def test_probe_rejects_truncated_media() -> None:
    png = render(MediaSpec("image", 64, 48), key="cut")
    with pytest.raises(ValueError):
        probe(png[: len(png) // 2])
    mp4 = render(SMALL, key="cut")
    with pytest.raises(ValueError):
        probe(mp4[:200])  # moov cut in half
