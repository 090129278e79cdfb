"""What the CLI shows: live progress, then what was made (codec, size, duration, frames) and a contact sheet.

Describing media and drawing thumbnails use PyAV and Pillow when they are installed (the emulator
extra has both); without them the summary says the size and type, and how to get the rest.
"""

from __future__ import annotations

import argparse
import contextlib
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

MEDIA_HINT = "pip install av pillow (or genvid's emulator extra) to see codec, duration and frames"


class Progress:
    """Live status (state, queue position, logs, elapsed) then a download bar; silent when quiet."""

    def __init__(self, args: argparse.Namespace, label: str) -> None:
        self.enabled = not (args.quiet or args.json)
        self.label = label
        self.started = time.monotonic()
        self._logs_seen = 0
        self._console: Any = None
        self._live: Any = None
        if self.enabled:
            from rich.console import Console

            self._console = Console(stderr=True, highlight=False)

    @contextlib.contextmanager
    def waiting(self) -> Iterator[None]:
        if not self.enabled:
            yield
            return
        from rich.live import Live
        from rich.text import Text

        with Live(Text(f"{self.label}: submitting..."), console=self._console, refresh_per_second=8,
                  transient=True) as live:
            self._live = live
            try:
                yield
            finally:
                self._live = None

    def on_status(self, status: Any) -> None:
        if not self.enabled:
            return
        from rich.text import Text

        for line in status.logs[self._logs_seen:]:
            self._console.print(Text(f"  │ {line}", style="dim"))
        self._logs_seen = len(status.logs)
        elapsed = time.monotonic() - self.started
        line = Text.assemble((f"{self.label}: ", "bold"), (status.describe(), _style(status.state)),
                             f"  {elapsed:5.1f}s")
        if self._live is not None:
            self._live.update(line)
        if status.done:
            self._console.print(line)

    @contextlib.contextmanager
    def downloading(self) -> Iterator[Any]:
        if not self.enabled:
            yield None
            return
        from rich.progress import BarColumn, DownloadColumn, TransferSpeedColumn
        from rich.progress import Progress as Bar

        with Bar("[progress.description]{task.description}", BarColumn(), DownloadColumn(), TransferSpeedColumn(),
                 console=self._console, transient=False) as bar:
            task = bar.add_task("downloading", total=None)

            def update(done: int, total: int | None) -> None:
                bar.update(task, completed=done, total=total)

            yield update


def _style(state: str) -> str:
    return {"completed": "green", "failed": "red", "cancelled": "yellow", "running": "cyan"}.get(state, "")


def describe(path: Path) -> dict[str, Any]:
    """What a saved file is: ``codec``, ``width``, ``height``, ``seconds``, ``frames`` (empty without PyAV)."""
    try:
        import av
    except ImportError:
        return {}
    try:
        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            seconds = float(stream.duration * stream.time_base) if stream.duration and stream.time_base else None
            frames = stream.frames or sum(1 for _ in container.demux(stream) if _.size)
            return {"codec": stream.codec_context.name, "width": stream.codec_context.width,
                    "height": stream.codec_context.height, "seconds": seconds, "frames": frames}
    except (av.error.FFmpegError, IndexError, ValueError):  # not media PyAV can read: size and type only
        return {}


def summary(path: Path, media_type: str | None, facts: dict[str, Any]) -> str:
    """``saved out/a.mp4: h264 1280x720, 5.0 s, 120 frames, 1,234,567 bytes (video/mp4)``."""
    parts = []
    if facts.get("codec"):
        parts.append(f"{facts['codec']} {facts['width']}x{facts['height']}")
    if facts.get("seconds"):
        parts.append(f"{facts['seconds']:.1f} s")
    if facts.get("frames") and (facts["frames"] > 1 or not media_type or media_type.startswith("video")):
        parts.append(f"{facts['frames']} frames")
    parts.append(f"{path.stat().st_size:,} bytes")
    return f"saved {path}: {', '.join(parts)} ({media_type or 'unknown type'})"


def contact_sheet(source: Path, target: Path, *, frames: int = 6, width: int = 320) -> Path:
    """A PNG of ``frames`` frames spread over the video (one scaled image for a still), ``width`` px each.

    Raises ``ImportError`` with the install hint when PyAV or Pillow is missing.
    """
    try:
        import av
        from PIL import Image
    except ImportError as exc:
        raise ImportError(f"--thumbnail needs PyAV and Pillow: {MEDIA_HINT}") from exc
    with av.open(str(source)) as container:
        decoded = [f.to_image() for f in container.decode(video=0)]  # type: ignore[no-untyped-call]
    if not decoded:
        raise ValueError(f"{source} has no frames")
    step = max(1, len(decoded) // frames)
    picked = decoded[::step][:frames]
    height = max(1, round(width * picked[0].height / picked[0].width))
    columns = min(3, len(picked))
    rows = -(-len(picked) // columns)
    sheet = Image.new("RGB", (columns * width, rows * height), "black")
    for n, image in enumerate(picked):
        sheet.paste(image.convert("RGB").resize((width, height)), ((n % columns) * width, (n // columns) * height))
    target.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(target, "PNG")
    return target
