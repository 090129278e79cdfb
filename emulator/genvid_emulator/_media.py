"""Real, deterministic media for the emulator.

Every video is a playable H.264 MP4 (``yuv420p``, ``moov`` box before ``mdat`` so browsers can
start playing while downloading) and every image is a valid PNG or JPEG.  The same arguments
always give byte-identical output: frames are pure functions of ``key`` and the frame number,
x264 runs single-threaded, and the container is written with ``+bitexact`` (no timestamps, no
library version strings).

Three kinds of animation are produced:

* **text-to-video** -- a slowly flowing gradient whose palette and motion come from a hash of
  ``key``, with soft discs drifting across it and the frame number in the bottom-left corner;
* **image-to-video** -- frame 0 is the input image scaled/cropped to the output size, later
  frames slowly zoom and pan into it while the prompt-seeded gradient fades in over it;
* **video-to-video** -- every frame of the input video, scaled/cropped and re-tinted with the
  prompt-seeded gradient (falls back to text-to-video when the input cannot be decoded).
"""

from __future__ import annotations

import colorsys
import functools
import hashlib
import io
import math
import queue
import struct
import threading
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

import av
import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageDraw, ImageFont, ImageOps

__all__ = ["MediaSpec", "media_type", "probe", "render", "scaled"]

_Frame = NDArray[np.uint8]
"""An RGB frame: shape ``(height, width, 3)``, ``uint8``, C-contiguous."""

_CACHE_SIZE = 64
# FreeType faces are not safe to use from several threads at once (renders may run in parallel).
_FONT_LOCK = threading.Lock()
_CRF = "23"
# Pillow formats accepted as an input *image*; anything else is tried as a video.
_SOURCE_IMAGE_FORMATS = ("PNG", "JPEG", "MPO", "WEBP", "GIF", "BMP", "TIFF", "AVIF")
# Colour tags written into the H.264 VUI: swscale converts RGB to YUV with BT.601 matrices and
# limited range by default, so say so, or browsers would assume BT.709 for HD sizes.
_SMPTE170M = 6
_LIMITED_RANGE = 1


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MediaSpec:
    """What to render: a video or an image of a given size (and, for video, rate and length).

    Videos are encoded as ``yuv420p``, which needs even dimensions: an odd ``width`` or
    ``height`` is rounded down to the next even number (minimum 2) for kind ``"video"``.
    The number of video frames is ``max(1, round(seconds * fps))``.
    ``fps`` and ``seconds`` are ignored for images; ``image_format`` is ignored for videos.
    """

    kind: Literal["video", "image"]
    width: int
    height: int
    fps: int = 24
    seconds: float = 5.0
    image_format: Literal["png", "jpeg"] = "png"

    def __post_init__(self) -> None:
        """Reject specs that cannot be rendered (raises ``ValueError``)."""
        if self.kind not in ("video", "image"):
            raise ValueError(f"kind must be 'video' or 'image', not {self.kind!r}")
        if self.width < 1 or self.height < 1:
            raise ValueError(f"size must be positive, not {self.width}x{self.height}")
        if self.fps < 1:
            raise ValueError(f"fps must be at least 1, not {self.fps}")
        if not (math.isfinite(self.seconds) and self.seconds > 0):
            raise ValueError(f"seconds must be positive and finite, not {self.seconds}")
        if self.image_format not in ("png", "jpeg"):
            raise ValueError(f"image_format must be 'png' or 'jpeg', not {self.image_format!r}")


def scaled(spec: MediaSpec, scale: float) -> MediaSpec:
    """Shrink ``spec`` by ``scale`` (``0 < scale <= 1``) so that tests and demos stay fast.

    Width and height are multiplied by ``scale`` and rounded to even numbers, but never below
    16 pixels (nor above the original size); ``seconds`` is multiplied by ``scale`` but kept at
    least 0.2 s (nor above the original length).  ``fps`` and ``image_format`` are kept.
    ``scale == 1`` returns ``spec`` itself.  Raises ``ValueError`` for a scale outside (0, 1].
    """
    if not (0 < scale <= 1):
        raise ValueError(f"scale must be in (0, 1], not {scale}")
    if scale == 1:
        return spec

    def side(value: int) -> int:
        return min(value, max(16, 2 * round(value * scale / 2)))

    seconds = min(spec.seconds, max(0.2, round(spec.seconds * scale, 6)))
    return MediaSpec(
        kind=spec.kind,
        width=side(spec.width),
        height=side(spec.height),
        fps=spec.fps,
        seconds=seconds,
        image_format=spec.image_format,
    )


def media_type(spec: MediaSpec) -> str:
    """The MIME type of what :func:`render` returns for ``spec``."""
    if spec.kind == "video":
        return "video/mp4"
    return "image/jpeg" if spec.image_format == "jpeg" else "image/png"


def render(spec: MediaSpec, *, key: str, source: bytes | None = None) -> bytes:
    """Deterministic media for ``key`` (e.g. ``f"{model}|{prompt}|{seed}"``).

    ``source`` is an optional input image or video (image-to-video, video-to-video, edits): an
    image becomes frame 0 of the video (or the base of the output image), a video is re-tinted
    frame by frame.  Undecodable ``source`` bytes never raise: the output falls back to content
    generated from ``key`` alone.  Returns MP4 bytes for kind ``"video"``, PNG or JPEG bytes for
    kind ``"image"``.  Results are memoised (LRU, 64 entries).
    """
    if source is not None and not isinstance(source, bytes):
        source = bytes(source)  # bytearray / memoryview: make it hashable for the cache
    return _render_cached(spec, key, source)


def probe(data: bytes) -> dict[str, object]:
    """Decode ``data`` completely and describe it.

    Returns ``{"format": "mp4" | "png" | "jpeg", "codec": "h264" | None, "width": int,
    "height": int, "frames": int, "fps": float | None, "seconds": float | None}``; images
    report ``codec``, ``fps`` and ``seconds`` as ``None`` and ``frames`` as 1.  Raises
    ``ValueError`` when ``data`` is not a decodable MP4, PNG or JPEG.
    """
    head = bytes(data[:12])
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return _probe_image(data, "png", ("PNG",))
    if head.startswith(b"\xff\xd8\xff"):
        return _probe_image(data, "jpeg", ("JPEG", "MPO"))
    if head[4:8] == b"ftyp":
        return _probe_mp4(data)
    raise ValueError("not an MP4, PNG or JPEG file")


# --------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _render_cached(spec: MediaSpec, key: str, source: bytes | None) -> bytes:
    look = _look(key)
    image, video = _classify_source(source)
    if spec.kind == "image":
        return _render_image(spec, look, image, video, caption(key))
    width, height = _even(spec.width), _even(spec.height)
    count = _frame_count(spec)
    frames: Iterator[_Frame] | None = None
    if image is not None:
        frames = _image_to_video_frames(look, image, width, height, spec.fps, count)
    elif video is not None:
        frames = _video_to_video_frames(look, video, width, height, spec.fps, count)
    if frames is None:
        frames = _text_to_video_frames(look, width, height, spec.fps, count)
    mask = _caption_mask(caption(key), width, height)
    return _encode_mp4((_stamp(f, mask) for f in frames), width, height, spec.fps)


def _render_image(spec: MediaSpec, look: _Look, image: Image.Image | None, video: bytes | None, text: str) -> bytes:
    width, height = spec.width, spec.height
    base: _Frame | None = None
    if image is not None:
        base = _fit(image, width, height)
    elif video is not None:
        first = _VideoSource.open(video)
        if first is not None:
            try:
                base = first.frame(0, width, height)
            except Exception:  # never raise on a bad source: fall back to generated content
                base = None
    if base is None:
        arr = _synth_frame(look, width, height, t=0.0)
    else:
        arr = _blend(base, _gradient(look, width, height, t=0.0), 0.3)
    arr = _stamp(np.array(arr, dtype=np.uint8), _caption_mask(text, width, height))
    out = io.BytesIO()
    picture = Image.fromarray(arr, "RGB")
    if spec.image_format == "jpeg":
        picture.save(out, "JPEG", quality=90, optimize=False, progressive=False)
    else:
        picture.save(out, "PNG", compress_level=6)
    return out.getvalue()


def _frame_count(spec: MediaSpec) -> int:
    return max(1, round(spec.seconds * spec.fps))


def _even(value: int) -> int:
    return max(2, value - value % 2)


# --------------------------------------------------------------------------------------------
# The look of a key: palette, gradient flow and discs, all derived from a hash
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Disc:
    radius: float  # fraction of min(width, height)
    colour: tuple[float, float, float]
    alpha: float
    omega_x: float  # rad/s
    omega_y: float
    phase_x: float
    phase_y: float


@dataclass(frozen=True)
class _Look:
    lut: _Frame  # (256, 3) cyclic palette
    angle: float
    cycles: float  # palette cycles across the frame diagonal
    speed: float  # palette cycles per second
    warp_amp: tuple[float, float]
    warp_freq: tuple[float, float]
    warp_omega: tuple[float, float]
    warp_phase: tuple[float, float]
    discs: tuple[_Disc, ...]
    zoom_end: float  # image-to-video: zoom factor reached on the last frame
    pan_angle: float  # image-to-video: direction the crop window drifts in


class _Unit:
    """A stream of floats in [0, 1) derived from a key (stable across platforms/versions)."""

    def __init__(self, key: str) -> None:
        raw = hashlib.shake_256(key.encode("utf-8", "surrogatepass")).digest(4 * 96)
        self._values: list[float] = [v / 2**32 for v in struct.unpack(">96I", raw)]
        self._next = 0

    def __call__(self, low: float = 0.0, high: float = 1.0) -> float:
        value = self._values[self._next % len(self._values)]
        self._next += 1
        return low + (high - low) * value


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _look(key: str) -> _Look:
    u = _Unit(key)
    hue = u()
    spread = u(0.05, 0.2) * (1 if u() < 0.5 else -1)
    stops_hsv = [
        (hue, u(0.45, 0.8), u(0.85, 0.98)),
        (hue + spread, u(0.55, 0.9), u(0.7, 0.9)),
        (hue + 2 * spread, u(0.5, 0.85), u(0.35, 0.55)),
        (hue - spread, u(0.3, 0.6), u(0.75, 0.95)),
    ]
    stops = np.array([colorsys.hsv_to_rgb(h % 1.0, s, v) for h, s, v in stops_hsv]) * 255.0
    # Cyclic palette, cosine-eased between the four stops.
    pos = np.arange(256) / 64.0
    seg = pos.astype(np.int64)
    frac = (1.0 - np.cos(np.pi * (pos - seg))) / 2.0
    lut = stops[seg] * (1.0 - frac)[:, None] + stops[(seg + 1) % 4] * frac[:, None]
    discs = []
    for _ in range(3 + int(u(0, 3))):
        index = int(u(0, 256))
        colour = lut[index] + (255.0 - lut[index]) * 0.45
        discs.append(
            _Disc(
                radius=u(0.08, 0.2),
                colour=(float(colour[0]), float(colour[1]), float(colour[2])),
                alpha=u(0.45, 0.75),
                omega_x=u(0.35, 1.1),
                omega_y=u(0.35, 1.1),
                phase_x=u(0, 2 * math.pi),
                phase_y=u(0, 2 * math.pi),
            )
        )
    palette = np.ascontiguousarray(np.rint(lut).astype(np.uint8))
    palette.setflags(write=False)  # shared between threads through the cache
    return _Look(
        lut=palette,
        angle=u(0, 2 * math.pi),
        cycles=u(0.5, 1.3),
        speed=u(0.05, 0.15) * (1 if u() < 0.5 else -1),
        warp_amp=(u(0.05, 0.15), u(0.05, 0.15)),
        warp_freq=(u(1, 3), u(1, 3)),
        warp_omega=(u(0.6, 1.6), u(0.6, 1.6)),
        warp_phase=(u(0, 2 * math.pi), u(0, 2 * math.pi)),
        discs=tuple(discs),
        zoom_end=u(1.06, 1.15),
        pan_angle=u(0, 2 * math.pi),
    )


def _gradient(look: _Look, width: int, height: int, t: float) -> _Frame:
    """The flowing palette gradient at time ``t``: separable, so two 1-D passes plus a gather."""
    diag = math.hypot(width, height)
    xn = np.arange(width, dtype=np.float64) / diag
    yn = np.arange(height, dtype=np.float64) / diag
    (ax, ay), (fx, fy) = look.warp_amp, look.warp_freq
    (wx, wy), (px, py) = look.warp_omega, look.warp_phase
    row = look.cycles * math.cos(look.angle) * xn + ax * np.sin(2 * np.pi * fx * xn + wx * t + px)
    col = look.cycles * math.sin(look.angle) * yn + ay * np.sin(2 * np.pi * fy * yn - wy * t + py)
    col += look.speed * t
    row_idx = np.mod(np.floor(row * 256.0), 256.0).astype(np.uint8)
    col_idx = np.mod(np.floor(col * 256.0), 256.0).astype(np.uint8)
    index = col_idx[:, None] + row_idx[None, :]  # uint8: wraps around the cyclic palette
    # A palette image does the (height, width) -> RGB lookup in C, faster than numpy's take.
    paletted = Image.frombuffer("P", (width, height), index, "raw", "P", 0, 1)
    paletted.putpalette(look.lut.tobytes())
    return np.array(paletted.convert("RGB"), dtype=np.uint8)


def _draw_discs(frame: _Frame, look: _Look, t: float) -> None:
    height, width = frame.shape[:2]
    short = min(width, height)
    for disc in look.discs:
        radius = disc.radius * short
        cx = width * (0.5 + 0.38 * math.sin(disc.omega_x * t + disc.phase_x))
        cy = height * (0.5 + 0.38 * math.sin(disc.omega_y * t + disc.phase_y))
        x0, x1 = max(0, int(cx - radius)), min(width, int(cx + radius) + 1)
        y0, y1 = max(0, int(cy - radius)), min(height, int(cy + radius) + 1)
        if x0 >= x1 or y0 >= y1:
            continue
        dx = (np.arange(x0, x1, dtype=np.float32) - np.float32(cx)) ** 2
        dy = (np.arange(y0, y1, dtype=np.float32) - np.float32(cy)) ** 2
        dist = np.sqrt(dy[:, None] + dx[None, :])
        feather = np.float32(max(1.0, 0.35 * radius))
        alpha = np.clip((np.float32(radius) - dist) / feather, 0.0, 1.0) * np.float32(disc.alpha)
        region = frame[y0:y1, x0:x1].astype(np.float32)
        region += (np.array(disc.colour, dtype=np.float32) - region) * alpha[:, :, None]
        frame[y0:y1, x0:x1] = (region + 0.5).astype(np.uint8)


@functools.lru_cache(maxsize=16)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.load_default(size=size)
    except Exception:  # no FreeType: the fixed-size bitmap font
        return ImageFont.load_default()


def _draw_counter(frame: _Frame, text: str) -> None:
    """Draw ``text`` in white on a darkened box in the bottom-left corner (in place)."""
    height, width = frame.shape[:2]
    size = max(8, round(height / 22))
    with _FONT_LOCK:
        font = _font(size)
        left, top, right, bottom = (int(v) for v in font.getbbox(text))
        text_w, text_h = max(1, right - left), max(1, bottom - top)
        glyphs = Image.new("L", (text_w, text_h), 0)
        ImageDraw.Draw(glyphs).text((-left, -top), text, fill=255, font=font)
    mask = np.asarray(glyphs)
    pad = max(2, size // 4)
    x0, y1 = pad, height - pad
    x1, y0 = min(width, x0 + text_w + 2 * pad), max(0, y1 - text_h - 2 * pad)
    if x1 <= x0 or y1 <= y0:
        return
    box = frame[y0:y1, x0:x1]
    box >>= 1
    inner = box[pad : pad + text_h, pad : pad + text_w]
    np.maximum(inner, mask[: inner.shape[0], : inner.shape[1], None], out=inner)


def caption(key: str) -> str:
    """The text a clip shows: its model, seed and prompt (``service|model|prompt|seed`` keys), else the key."""
    parts = key.split("|")
    if len(parts) == 4 and parts[0] in ("decart", "fal"):
        _, model, prompt, seed = parts
        return " · ".join(p for p in (model, f"seed {seed}" if seed else "", prompt) if p)
    return " · ".join(p for p in parts[1:] if p and p != "False") if len(parts) > 1 else key


@functools.lru_cache(maxsize=64)
def _caption_mask(text: str, width: int, height: int) -> _Frame:
    """``text`` as a glyph mask one line high, cut (with ...) to fit ``width``: drawn once per clip."""
    size = max(8, round(height / 20))
    with _FONT_LOCK:
        font = _font(size)
        shown = text
        while shown and font.getlength(shown) > width - size:
            shown = shown[:-2] + "…" if len(shown) > 2 else ""
        left, top, right, bottom = (int(v) for v in font.getbbox(shown or " "))
        glyphs = Image.new("L", (max(1, min(width, right - left)), max(1, min(height, bottom - top))), 0)
        ImageDraw.Draw(glyphs).text((-left, -top), shown, fill=255, font=font)
    return np.asarray(glyphs, dtype=np.uint8)


def _stamp(frame: _Frame, mask: _Frame) -> _Frame:
    """The frame with the caption in white on a darkened band at its top (a copy: sources may share frames)."""
    frame = np.array(frame, dtype=np.uint8)
    pad = max(1, mask.shape[0] // 4)
    h, w = min(mask.shape[0], frame.shape[0] - 2 * pad), min(mask.shape[1], frame.shape[1] - 2 * pad)
    if h <= 0 or w <= 0:
        return frame
    band = frame[: h + 2 * pad, : w + 2 * pad]
    band >>= 1
    inner = band[pad : pad + h, pad : pad + w]
    np.maximum(inner, mask[:h, :w, None], out=inner)
    return frame


def _synth_frame(look: _Look, width: int, height: int, t: float) -> _Frame:
    frame = _gradient(look, width, height, t)
    _draw_discs(frame, look, t)
    return frame


def _blend(base: _Frame, over: _Frame, alpha: float) -> _Frame:
    """``base * (1 - alpha) + over * alpha`` in integer arithmetic (alpha quantised to 1/256)."""
    a = round(alpha * 256)
    if a <= 0:
        return base
    mixed = base.astype(np.uint16)
    mixed *= 256 - a
    top = over.astype(np.uint16)
    top *= a
    mixed += top
    mixed += 128
    mixed >>= 8
    return mixed.astype(np.uint8)


def _text_to_video_frames(look: _Look, width: int, height: int, fps: int, count: int) -> Iterator[_Frame]:
    digits = len(str(count - 1))
    for i in range(count):
        frame = _synth_frame(look, width, height, i / fps)
        _draw_counter(frame, f"{i:0{digits}d}")
        yield frame


# --------------------------------------------------------------------------------------------
# Sources: input images and videos
# --------------------------------------------------------------------------------------------


def _classify_source(source: bytes | None) -> tuple[Image.Image | None, bytes | None]:
    """``(image, None)`` for a decodable image, ``(None, source)`` for anything else."""
    if not source:
        return None, None
    try:
        Image.init()
        formats = [name for name in _SOURCE_IMAGE_FORMATS if name in Image.OPEN]
        with Image.open(io.BytesIO(source), formats=formats) as opened:
            opened.load()
            upright = ImageOps.exif_transpose(opened)
            if upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info:
                rgba = upright.convert("RGBA")
                flat = Image.new("RGBA", rgba.size, (0, 0, 0, 255))
                flat.alpha_composite(rgba)
                return flat.convert("RGB"), None
            return upright.convert("RGB"), None
    except Exception:  # not an image we can read: maybe a video
        return None, source


def _fit(image: Image.Image, width: int, height: int) -> _Frame:
    """Scale ``image`` to cover ``width`` x ``height`` and crop the centre."""
    fitted = ImageOps.fit(image, (width, height), Image.Resampling.BILINEAR)
    return np.ascontiguousarray(np.asarray(fitted.convert("RGB"), dtype=np.uint8))


def _ease(p: float) -> float:
    return p * p * (3.0 - 2.0 * p)


def _image_to_video_frames(
    look: _Look, image: Image.Image, width: int, height: int, fps: int, count: int
) -> Iterator[_Frame]:
    base_arr = _fit(image, width, height)
    base = Image.fromarray(base_arr, "RGB")
    zoom_end, pan_dir = look.zoom_end, look.pan_angle
    for i in range(count):
        if i == 0:
            yield base_arr
            continue
        p = _ease(i / max(1, count - 1))
        zoom = 1.0 + (zoom_end - 1.0) * p
        crop_w, crop_h = width / zoom, height / zoom
        cx = width / 2 + math.cos(pan_dir) * (width - crop_w) / 2 * p
        cy = height / 2 + math.sin(pan_dir) * (height - crop_h) / 2 * p
        box = (cx - crop_w / 2, cy - crop_h / 2, cx + crop_w / 2, cy + crop_h / 2)
        moved = base.resize((width, height), Image.Resampling.BILINEAR, box=box)
        arr = np.asarray(moved, dtype=np.uint8)
        yield _blend(arr, _gradient(look, width, height, i / fps), 0.3 * p)


class _VideoSource:
    """Sequential, restartable access to the frames of an input video held in memory."""

    def __init__(self, data: bytes, rate: float) -> None:
        self._data = data
        self.rate = rate
        self._frames = self._decode()
        self._index = -1
        self._current: av.VideoFrame | None = None
        self._length: int | None = None
        self._converted: tuple[int, int, int, _Frame] | None = None

    @classmethod
    def open(cls, data: bytes) -> _VideoSource | None:
        """A source whose first frame decodes, or ``None``."""
        try:
            with av.open(io.BytesIO(data), "r") as container:
                if not container.streams.video:
                    return None
                stream = container.streams.video[0]
                rate = stream.average_rate or stream.guessed_rate or stream.base_rate
                fps = float(rate) if rate else 0.0
            source = cls(data, fps if 0 < fps <= 1000 else 24.0)
            source.frame(0, 2, 2)
        except Exception:
            return None
        return source

    def _decode(self) -> Iterator[av.VideoFrame]:
        try:
            with av.open(io.BytesIO(self._data), "r") as container:
                stream = container.streams.video[0]
                yield from container.decode(stream)
        except Exception:  # a damaged tail ends the video early
            return

    def _seek(self, index: int) -> av.VideoFrame:
        if self._length is not None:
            index %= self._length
        while self._index != index:
            if self._index > index:
                self._frames, self._index, self._current = self._decode(), -1, None
            frame = next(self._frames, None)
            if frame is None:
                if self._current is None:
                    raise ValueError("video has no decodable frames")
                self._length = self._index + 1
                index %= self._length
                continue
            self._index, self._current = self._index + 1, frame
        assert self._current is not None
        return self._current

    def frame(self, index: int, width: int, height: int) -> _Frame:
        """Frame ``index`` (looping past the end) scaled/cropped to cover the output size."""
        frame = self._seek(index)
        if self._converted is not None and self._converted[:3] == (self._index, width, height):
            return self._converted[3]
        scale = max(width / frame.width, height / frame.height)
        inner_w = max(width, round(frame.width * scale))
        inner_h = max(height, round(frame.height * scale))
        arr = frame.reformat(width=inner_w, height=inner_h, format="rgb24").to_ndarray()
        left, top = (inner_w - width) // 2, (inner_h - height) // 2
        out = np.ascontiguousarray(arr[top : top + height, left : left + width], dtype=np.uint8)
        self._converted = (self._index, width, height, out)
        return out


def _video_to_video_frames(
    look: _Look, data: bytes, width: int, height: int, fps: int, count: int
) -> Iterator[_Frame] | None:
    source = _VideoSource.open(data)
    if source is None:
        return None
    return _retinted(look, source, width, height, fps, count)


def _retinted(
    look: _Look, source: _VideoSource, width: int, height: int, fps: int, count: int
) -> Iterator[_Frame]:
    step = Fraction(source.rate).limit_denominator(1001) / fps
    for i in range(count):
        try:
            base = source.frame(math.floor(i * step), width, height)
        except Exception:  # cannot happen for a source that opened, but never raise
            base = _synth_frame(look, width, height, i / fps)
        yield _blend(base, _gradient(look, width, height, i / fps), 0.35)


# --------------------------------------------------------------------------------------------
# Encoding
# --------------------------------------------------------------------------------------------


def _encode_mp4(frames: Iterator[_Frame], width: int, height: int, fps: int) -> bytes:
    out = io.BytesIO()
    with av.open(out, "w", format="mp4", options={"fflags": "+bitexact"}) as container:
        stream = container.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        context = stream.codec_context
        keyint = min(250, 2 * fps)
        context.options = {
            "preset": "ultrafast",
            "crf": _CRF,
            "x264-params": f"threads=1:keyint={keyint}:min-keyint={min(fps, keyint)}",
        }
        context.colorspace = _SMPTE170M
        context.color_primaries = _SMPTE170M
        context.color_trc = _SMPTE170M
        context.color_range = _LIMITED_RANGE
        pipeline = _prefetched(frames)
        try:
            for i, arr in enumerate(pipeline):
                frame = av.VideoFrame.from_ndarray(arr, format="rgb24")
                frame.pts = i
                container.mux(stream.encode(frame))
        finally:
            pipeline.close()
        container.mux(stream.encode(None))
    return _faststart(out.getvalue())


def _prefetched(frames: Iterator[_Frame], depth: int = 4) -> Generator[_Frame, None, None]:
    """Synthesise ``frames`` in a worker thread while the caller encodes (numpy, Pillow and
    x264 release the GIL, so this nearly halves the wall time on two cores).  Frames are pure
    functions of their index, so the output does not depend on the scheduling."""
    slots: queue.Queue[_Frame | BaseException | None] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item: _Frame | BaseException | None) -> bool:
        while not stop.is_set():
            try:
                slots.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for frame in frames:
                if not put(frame):
                    return
        except BaseException as exc:  # handed to the consumer, which re-raises it
            put(exc)
            return
        put(None)

    worker = threading.Thread(target=produce, name="genvid-media-frames", daemon=True)
    worker.start()
    try:
        while (item := slots.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        worker.join()


def _boxes(data: bytes | bytearray, start: int, end: int) -> Iterator[tuple[bytes, int, int, int]]:
    """``(type, offset, size, header_size)`` of the ISO-BMFF boxes in ``data[start:end]``."""
    offset = start
    while offset + 8 <= end:
        size, kind = struct.unpack_from(">I4s", data, offset)
        header = 8
        if size == 1:
            (size,) = struct.unpack_from(">Q", data, offset + 8)
            header = 16
        elif size == 0:
            size = end - offset
        if size < header or offset + size > end:
            raise ValueError(f"malformed {kind!r} box at {offset}")
        yield kind, offset, size, header
        offset += size


def _shift_chunk_offsets(moov: bytearray, start: int, end: int, shift: int) -> None:
    for kind, offset, size, header in _boxes(moov, start, end):
        body = offset + header
        if kind in (b"trak", b"mdia", b"minf", b"stbl"):
            _shift_chunk_offsets(moov, body, offset + size, shift)
        elif kind in (b"stco", b"co64"):
            (count,) = struct.unpack_from(">I", moov, body + 4)
            wide = kind == b"co64"
            fmt, width = (">Q", 8) if wide else (">I", 4)
            for n in range(count):
                at = body + 8 + n * width
                (value,) = struct.unpack_from(fmt, moov, at)
                if not wide and value + shift > 0xFFFFFFFF:
                    raise OverflowError("chunk offset does not fit in stco")
                struct.pack_into(fmt, moov, at, value + shift)


def _faststart(data: bytes) -> bytes:
    """Move the ``moov`` box in front of the first ``mdat`` (what ``movflags=+faststart`` does;
    FFmpeg cannot do it itself when writing to memory).  Returns ``data`` unchanged if it is
    already laid out that way or cannot be rewritten."""
    try:
        top = list(_boxes(data, 0, len(data)))
        kinds = [kind for kind, *_ in top]
        if b"moov" not in kinds or b"mdat" not in kinds:
            return data
        moov_at, mdat_at = kinds.index(b"moov"), kinds.index(b"mdat")
        if moov_at < mdat_at:
            return data
        _, offset, size, header = top[moov_at]
        moov = bytearray(data[offset : offset + size])
        _shift_chunk_offsets(moov, header, size, size)
    except (ValueError, OverflowError, struct.error):
        return data
    parts: list[bytes] = []
    for index, (_, box_offset, box_size, _) in enumerate(top):
        if index == mdat_at:
            parts.append(bytes(moov))
        if index != moov_at:
            parts.append(data[box_offset : box_offset + box_size])
    return b"".join(parts)


# --------------------------------------------------------------------------------------------
# Probing
# --------------------------------------------------------------------------------------------


def _probe_image(data: bytes, fmt: str, formats: tuple[str, ...]) -> dict[str, object]:
    try:
        with Image.open(io.BytesIO(data), formats=list(formats)) as image:
            image.load()
            width, height = image.size
    except Exception as exc:
        raise ValueError(f"undecodable {fmt.upper()}: {exc}") from exc
    return {
        "format": fmt,
        "codec": None,
        "width": width,
        "height": height,
        "frames": 1,
        "fps": None,
        "seconds": None,
    }


def _probe_mp4(data: bytes) -> dict[str, object]:
    try:
        with av.open(io.BytesIO(data), "r") as container:
            if not container.streams.video:
                raise ValueError("MP4 has no video stream")
            stream = container.streams.video[0]
            codec = stream.codec_context.name
            rate = stream.average_rate or stream.guessed_rate
            frames = 0
            width = height = 0
            for frame in container.decode(stream):
                frames += 1
                width, height = frame.width, frame.height
    except ValueError:
        raise
    except Exception as exc:
        raise ValueError(f"undecodable MP4: {exc}") from exc
    if frames == 0:
        raise ValueError("MP4 has no decodable video frames")
    fps = float(rate) if rate else None
    return {
        "format": "mp4",
        "codec": codec,
        "width": width,
        "height": height,
        "frames": frames,
        "fps": fps,
        "seconds": frames / fps if fps else None,
    }


def frame_size(side: int, aspect: str, *, short_side: bool = True, fallback: float = 16 / 9) -> tuple[int, int]:
    """(width, height), even, for a ``W:H`` ratio; ``side`` is the short side (or the long one).

    A ratio that does not parse, or is not positive, falls back to ``fallback``: the emulator
    renders something plausible for whatever the open-world validation let through.
    """
    try:
        a, b = (float(x) for x in aspect.split(":", 1))
        ratio = a / b if a > 0 and b > 0 else fallback
    except (ValueError, ZeroDivisionError):
        ratio = fallback
    other = 2 * round(side * (ratio if ratio >= 1 else 1 / ratio) / 2) if short_side \
        else 2 * round(side / (ratio if ratio >= 1 else 1 / ratio) / 2)
    landscape = (other, side) if short_side else (side, other)
    return landscape if ratio >= 1 else landscape[::-1]
