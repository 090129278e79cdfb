"""Generated media: streamed to disk atomically, resumed with Range when cut off."""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import httpx

from ._exceptions import DownloadError, TransportError
from ._inputs import decode_data_uri, sniff
from ._jobs import JobInfo
from ._transport import STREAMED, redact_url

CHUNK = 256 * 1024
MAX_RESUMES = 8

ProgressCallback = Callable[[int, "int | None"], None]
"""``on_progress(bytes_done, bytes_total_or_None)``."""

# Opens the content from a byte offset; the response must be a streaming httpx response.
Opener = Callable[[int], contextlib.AbstractContextManager[httpx.Response]]


@dataclass
class Result:
    """One generated image or video.

    ``save(path)`` streams it to disk; ``iter_bytes()`` streams it; ``read()`` loads it.
    ``url`` is where the service serves it (``None`` when it came inline), ``media_type``
    its MIME type, ``job`` the job's metadata (ids, model, the service's final status).
    """

    url: str | None
    media_type: str | None
    job: JobInfo = field(default_factory=JobInfo)
    size: int | None = None
    file_name: str | None = None
    _opener: Opener | None = field(default=None, repr=False)
    _inline: bytes | None = field(default=None, repr=False)
    _spooled: IO[bytes] | None = field(default=None, repr=False)
    _on_saved: Callable[[Path], None] | None = field(default=None, repr=False)  # e.g. the journal's "saved"

    def __post_init__(self) -> None:
        if not isinstance(self.job, JobInfo):
            self.job = JobInfo(self.job)

    def __repr__(self) -> str:
        where = redact_url(self.url) if self.url and not self.url.startswith("data:") else "inline"
        return f"Result(media_type={self.media_type!r}, url={where!r}, size={self.size})"

    @property
    def extension(self) -> str:
        """A file extension for the media type ('.mp4', '.png', ...)."""
        return {"video/mp4": ".mp4", "image/png": ".png", "image/jpeg": ".jpg", "image/webp": ".webp",
                "video/webm": ".webm", "image/gif": ".gif"}.get(self.media_type or "", ".bin")

    def iter_bytes(self, chunk_size: int = CHUNK, on_progress: ProgressCallback | None = None) -> Iterator[bytes]:
        """Stream the content; a connection cut part-way is resumed with an HTTP Range request."""
        if self._inline is not None:
            if on_progress:
                on_progress(len(self._inline), len(self._inline))
            for i in range(0, len(self._inline), chunk_size):
                yield self._inline[i : i + chunk_size]
            return
        if self._spooled is not None:
            self._spooled.seek(0)
            done = 0
            while chunk := self._spooled.read(chunk_size):
                done += len(chunk)
                if on_progress:
                    on_progress(done, self.size)
                yield chunk
            return
        if self._opener is None:
            raise DownloadError("this result has no content to download")
        yield from self._stream(chunk_size, on_progress)

    def _stream(self, chunk_size: int, on_progress: ProgressCallback | None) -> Iterator[bytes]:
        assert self._opener is not None
        done = 0
        expected = self.size  # what the service said the file is (verified at the end)
        total: int | None = self.size
        resumes = 0
        while True:
            try:
                with self._opener(done) as response:
                    if done and response.status_code == 200:
                        # The server ignored Range: we cannot resume, so the caller must restart.
                        raise DownloadError("download was cut off and the server does not support resuming",
                                            status=200)
                    if response.status_code not in (200, 206):
                        raise DownloadError(f"download failed with HTTP {response.status_code}",
                                            status=response.status_code)
                    total = _total_size(response, done) or total
                    if self.media_type is None:
                        kind = response.headers.get("content-type", "").split(";")[0].strip()
                        self.media_type = kind if kind and kind != "application/octet-stream" else None
                    # Chunks as they arrive: a cut loses nothing already received.
                    for chunk in response.iter_bytes():
                        done += len(chunk)
                        if on_progress:
                            on_progress(done, total)
                        yield chunk
            except (httpx.TransportError, httpx.StreamError, TransportError) as exc:
                resumes += 1
                if resumes > MAX_RESUMES:
                    raise DownloadError(f"download kept failing after {MAX_RESUMES} resumes: {exc}") from exc
                continue
            if total is not None and done < total:
                resumes += 1
                if resumes > MAX_RESUMES:
                    raise DownloadError(f"download incomplete: {done} of {total} bytes")
                continue
            if (total is not None and done != total) or (expected is not None and done != expected):
                raise DownloadError(f"download size mismatch: got {done} bytes, expected {expected or total}")
            self.size = done
            return

    def read(self) -> bytes:
        """All the content in memory (fine for images; prefer ``save`` for video)."""
        return b"".join(self.iter_bytes())

    def save(self, path: str | os.PathLike[str], *, on_progress: ProgressCallback | None = None) -> Path:
        """Stream to ``path`` atomically: a temporary file in the same directory, then a rename.

        A directory path gets a file name from the service or the job id. Returns the final path.
        Nothing is left under the final name unless the download completed.
        """
        target = Path(path)
        # A directory (one that exists, or a path ending in /) gets a name once the download told the media type.
        into = target if target.is_dir() or os.fspath(path).endswith(("/", os.sep)) else None
        folder = into or target.parent
        folder.mkdir(parents=True, exist_ok=True)
        # os.open with 0o666, not mkstemp (0o600): the saved file gets the user's umask, like any other.
        tmp = str(folder / f".{target.name if into is None else 'download'}.{secrets.token_hex(6)}.part")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        try:
            with os.fdopen(fd, "wb") as f:
                for chunk in self.iter_bytes(on_progress=on_progress):
                    f.write(chunk)
                f.flush()
                os.fsync(f.fileno())
            if into is not None:
                if self.media_type is None:  # not said by the service: what the file starts with
                    with open(tmp, "rb") as f:
                        self.media_type = sniff(f.read(16))
                target = into / self.default_filename()
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        if self._on_saved is not None:
            self._on_saved(target)
        return target

    def default_filename(self) -> str:
        """A safe file name: the service's name stripped of any directory, or the job id."""
        name = os.path.basename((self.file_name or "").replace("\\", "/"))
        name = "".join(c for c in name if c.isalnum() or c in "-_.")[:128].lstrip(".")
        if not name:
            stem = str(self.job.get("request_id") or "output")
            name = "".join(c for c in stem if c.isalnum() or c in "-_")[:64] + self.extension
        return name


def _total_size(response: httpx.Response, offset: int) -> int | None:
    content_range = response.headers.get("content-range")
    if content_range and "/" in content_range:
        tail = content_range.rsplit("/", 1)[1]
        return int(tail) if tail.isdigit() else None
    length = response.headers.get("content-length")
    return offset + int(length) if length and length.isdigit() else None


def url_opener(client: httpx.Client, url: str, headers: dict[str, str] | None = None) -> Opener:
    """An opener that GETs ``url`` from an offset with ``Range``."""

    @contextlib.contextmanager
    def open_at(offset: int) -> Iterator[httpx.Response]:
        h = dict(headers or {})
        if offset:
            h["Range"] = f"bytes={offset}-"
        with client.stream("GET", url, headers=h, extensions={STREAMED: True}) as response:
            yield response

    return open_at


def result_from_url(client: httpx.Client, url: str, *, media_type: str | None = None, size: int | None = None,
                    file_name: str | None = None, job: dict[str, Any] | None = None,
                    headers: dict[str, str] | None = None) -> Result:
    """A Result for content at ``url`` (a ``data:`` URI is decoded, not fetched)."""
    if url.startswith("data:"):
        kind, data = decode_data_uri(url, "output")
        return Result(url=None, media_type=media_type or kind or sniff(data[:16]), job=JobInfo(job or {}),
                      size=len(data), file_name=file_name, _inline=data)
    return Result(url=url, media_type=media_type, job=JobInfo(job or {}), size=size, file_name=file_name,
                  _opener=url_opener(client, url, headers))


def media_from_url(url: str, default_type: str | None = None) -> tuple[str | None, str | None]:
    """(media type guessed from the URL's path, or ``default_type``; the path's file name) of a result URL."""
    import mimetypes
    from urllib.parse import urlparse

    path = urlparse(url).path
    name = os.path.basename(path) or None
    return mimetypes.guess_type(path)[0] or default_type, name


def result_from_stream(response: httpx.Response, *, job: dict[str, Any] | None = None) -> Result:
    """A Result for a response body that cannot be fetched again (a POST's answer): spooled to disk."""
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - owned by the Result
    size = 0
    for chunk in response.iter_bytes(CHUNK):
        spool.write(chunk)
        size += len(chunk)
    expected = response.headers.get("content-length")
    if expected and expected.isdigit() and int(expected) != size:
        spool.close()
        raise DownloadError(f"response cut off: got {size} of {expected} bytes", status=response.status_code)
    spool.seek(0)
    head = spool.read(16)
    media = (response.headers.get("content-type") or "").split(";")[0].strip() or None
    if media in (None, "application/octet-stream"):
        media = sniff(head) or media
    return Result(url=None, media_type=media, job=JobInfo(job or {}), size=size, _spooled=spool)


__all__ = ["ProgressCallback", "Result", "media_from_url", "result_from_stream", "result_from_url"]
