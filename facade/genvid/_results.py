"""Generated media: streamed to disk atomically, resumed with Range when cut off, verified before it is kept.

A download is kept only if every answer fits the request (a ``206`` starts exactly where genvid
asked and claims the size already known), its media type is what the job produced (never an HTML
or JSON page), and its length is the size announced; a body whose end genvid cannot verify (no
length, ended by a close) is refused. ``save`` never overwrites a file it did not write for this
job, and a ``.part`` file left by a killed process is reused (or removed) by the next ``save``.
"""

from __future__ import annotations

import contextlib
import functools
import glob
import hashlib
import io
import itertools
import os
import re
import secrets
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import httpx

from ._exceptions import DownloadError, GenvidError, TransportError
from ._inputs import NOT_MEDIA, decode_data_uri, sniff
from ._jobs import JobInfo
from ._transport import CLOSE_DELIMITED, STREAMED, call_options, deadline_after, redact_url

CHUNK = 256 * 1024
MAX_RESUMES = 8
MAX_DOWNLOAD = 64 << 30  # when no size is announced: a bound on what one download may write

ProgressCallback = Callable[[int, "int | None"], None]
"""``on_progress(bytes_done, bytes_total_or_None)``."""

# Opens the content from a byte offset; the response must be a streaming httpx response.
Opener = Callable[[int], contextlib.AbstractContextManager[httpx.Response]]


class _NoResume(DownloadError):
    """The server answered a Range request with the whole file."""


@dataclass
class _Progress:
    """Where a download stands: bytes done, and the size it must end at (set once, never changed)."""

    done: int
    total: int | None
    on_progress: ProgressCallback | None

    def expect(self, total: int | None) -> None:
        """Take an answer's size claim (once a byte of it arrives): the size, once known, never changes."""
        if total is None:
            return
        if self.total is not None and total != self.total:
            raise DownloadError(f"the server now says the file is {total} bytes, not {self.total}")
        self.total = total

    def add(self, chunk: bytes) -> None:
        self.done += len(chunk)
        if self.done > (self.total if self.total is not None else MAX_DOWNLOAD):
            raise DownloadError(f"the download is longer than the {self.total or MAX_DOWNLOAD} bytes expected")
        if self.on_progress:
            self.on_progress(self.done, self.total)


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

    def iter_bytes(self, chunk_size: int = CHUNK, on_progress: ProgressCallback | None = None, *,
                   timeout: float | None = None) -> Iterator[bytes]:
        """Stream the content (within ``timeout`` seconds); a cut connection is resumed with a Range request."""
        return self._content(_Progress(0, self.size, on_progress), deadline_after(timeout), chunk_size)

    def _content(self, progress: _Progress, deadline: float | None, chunk_size: int = CHUNK) -> Iterator[bytes]:
        if self._inline is not None or self._spooled is not None:
            source = self._spooled or io.BytesIO(self._inline or b"")
            source.seek(0)
            while chunk := source.read(chunk_size):
                progress.done += len(chunk)
                if progress.on_progress:
                    progress.on_progress(progress.done, self.size)
                yield chunk
            return
        if self._opener is None:
            raise DownloadError("this result has no content to download")
        yield from self._stream(progress, deadline)

    def _stream(self, progress: _Progress, deadline: float | None) -> Iterator[bytes]:
        assert self._opener is not None
        failures = 0
        while True:
            try:
                yield from self._attempt(progress, deadline)
            except (TransportError, httpx.HTTPError, httpx.InvalidURL) as exc:
                error = _as_genvid(exc, self.job)
                if not isinstance(error, TransportError):
                    raise error from None
                failures += 1
                if failures > MAX_RESUMES or _passed(deadline):
                    raise DownloadError(f"download did not complete ({failures} tries, {progress.done} bytes): "
                                        f"{error}", service=error.service) from None
                continue
            if progress.total is not None and progress.done < progress.total:
                failures += 1
                if failures > MAX_RESUMES or _passed(deadline):
                    raise DownloadError(f"download incomplete: {progress.done} of {progress.total} bytes")
                continue
            self.size = progress.done
            return

    def _attempt(self, progress: _Progress, deadline: float | None) -> Iterator[bytes]:
        """One request from ``progress.done``: each answer checked before a byte of it is kept."""
        assert self._opener is not None
        with contextlib.ExitStack() as stack:
            with call_options(deadline=deadline):
                response = stack.enter_context(self._opener(progress.done))
            start = progress.done
            claimed = self._check_answer(response, progress)
            for chunk in response.iter_bytes():
                if progress.done == start:  # the answer's first bytes: its claims count from now on
                    progress.expect(claimed)
                    if start == 0:
                        self._check_head(chunk)
                progress.add(chunk)
                yield chunk
            if progress.total is None and response.extensions.get(CLOSE_DELIMITED):
                raise DownloadError("the server sent no length and ended the body by closing the connection: "
                                    f"a cut cannot be told from the end ({progress.done - start} bytes)")

    def _check_answer(self, response: httpx.Response, progress: _Progress) -> int | None:
        """The status, range and media type of one answer against what was asked; the size it claims."""
        status = response.status_code
        if progress.done and status == 200:
            raise _NoResume("download was cut off and the server does not support resuming", status=200)
        if status not in (200, 206):
            raise DownloadError(f"download failed with HTTP {status}", status=status)
        headers = response.headers
        length = headers.get("content-length", "")
        claimed = int(length) if length.isdigit() else None
        if status == 206:
            first, end, claimed = _content_range(headers.get("content-range", ""))
            if first != progress.done or (length.isdigit() and end - first + 1 != int(length)):
                raise DownloadError(f"asked for bytes from {progress.done}, the server sent "
                                    f"{headers.get('content-range')!r}", status=206)
        kind = headers.get("content-type", "").split(";")[0].strip().lower()
        if kind.startswith(NOT_MEDIA) or kind.endswith(("+json", "+xml")) or _other_kind(kind, self.media_type):
            raise DownloadError(f"the server sent {kind} content, not the {self.media_type or 'media'} the job "
                                "produced", status=status)
        if self.media_type is None and kind not in ("", "application/octet-stream", "binary/octet-stream"):
            self.media_type = kind
        return claimed

    def _check_head(self, chunk: bytes) -> None:
        """The first bytes: a page of markup or JSON is not a video or an image, whatever its label."""
        if chunk.lstrip()[:1] in (b"<", b"{", b"[") and not sniff(chunk[:16]) \
                and (self.media_type or "video/").startswith(("video/", "image/")) \
                and "svg" not in (self.media_type or ""):
            raise DownloadError(f"the download starts like a web page or JSON ({chunk[:40]!r}), not "
                                f"{self.media_type or 'media'}")

    def read(self, *, timeout: float | None = None) -> bytes:
        """All the content in memory (fine for images; prefer ``save`` for video)."""
        return b"".join(self.iter_bytes(timeout=timeout))

    def save(self, path: str | os.PathLike[str], *, on_progress: ProgressCallback | None = None,
             timeout: float | None = None, overwrite: bool = False) -> Path:
        """Stream to ``path`` atomically (within ``timeout`` seconds); returns the final path.

        A directory path gets a file name from the service or the job id. The bytes go to a
        ``.part`` file in the same directory and take the final name only once verified.
        An existing file is never replaced unless ``overwrite=True`` (or it already holds
        exactly these bytes): an explicit path raises ``DownloadError``, and in a directory
        the file gets a free name (``out-2.mp4``). A ``.part`` left by a killed ``save`` of
        the same result is resumed from where it stopped.
        """
        deadline = deadline_after(timeout)
        target = Path(path)
        # A directory (one that exists, or a path ending in /) gets a name once the media type is known.
        named = target.is_dir() or os.fspath(path).endswith(("/", os.sep))
        if named:
            target = target / self.default_filename()
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            part = self._claim_part(target)
        except OSError as exc:
            raise DownloadError(f"cannot write {target}: {exc}") from None
        try:
            self._write(part, on_progress, deadline)
            if named:  # named now: the download told the media type (or its first bytes do)
                if self.media_type is None:
                    with open(part, "rb") as f:
                        self.media_type = sniff(f.read(16))
                target = target.with_name(self.default_filename())
            saved = _place(part, target, named, overwrite)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(part)
            raise
        if self._on_saved is not None:
            self._on_saved(saved)
        return saved

    def _write(self, part: Path, on_progress: ProgressCallback | None, deadline: float | None) -> None:
        with open(part, "r+b") as f:
            start = f.seek(0, os.SEEK_END)
            try:
                try:
                    for chunk in self._content(_Progress(start, self.size, on_progress), deadline):
                        f.write(chunk)
                except _NoResume:  # the server cannot continue where the bytes stop: start again
                    f.seek(0)
                    f.truncate()
                    for chunk in self._content(_Progress(0, self.size, on_progress), deadline):
                        f.write(chunk)
            except OSError as exc:
                raise DownloadError(f"cannot write {part.name}: {exc}") from None
            f.flush()
            os.fsync(f.fileno())

    def _claim_part(self, target: Path) -> Path:
        """A ``.part`` file of our own: a dead process's for this same result (reused), else a new one.

        Parts of dead processes for other content under this name are removed.
        """
        key = self._part_key()
        mine = target.parent / f".{target.name}.{key}.{os.getpid()}.part"
        for stale in target.parent.glob(f".{glob.escape(target.name)}.*.part"):
            owner = stale.name.rsplit(".", 2)[-2]
            if not owner.isdigit() or _alive(int(owner)):
                continue
            with contextlib.suppress(OSError):
                if stale.name.startswith(f".{target.name}.{key}.") and not mine.exists():
                    os.rename(stale, mine)  # atomic: one process claims it
                else:
                    os.unlink(stale)
        with open(mine, "ab"):
            pass
        return mine

    def _part_key(self) -> str:
        """Same for every save of this result (any process); random for content that cannot be resumed."""
        if self._opener is None or not self.url:
            return secrets.token_hex(6)
        ident = f"{self.job.get('provider')}|{self.job.get('request_id') or self.url}"
        return hashlib.sha256(ident.encode("utf-8", "replace")).hexdigest()[:12]

    def default_filename(self) -> str:
        """A safe file name: the service's name stripped of any directory, or the job id."""
        raw = self.file_name if isinstance(self.file_name, str) else ""
        name = os.path.basename(raw.replace("\\", "/"))
        name = "".join(c for c in name if c.isalnum() or c in "-_.")[:128].lstrip(".")
        if not name:
            stem = str(self.job.get("request_id") or "output")
            name = "".join(c for c in stem if c.isalnum() or c in "-_")[:64] + self.extension
        return name


def _passed(deadline: float | None) -> bool:
    return deadline is not None and time.monotonic() >= deadline


def _as_genvid(exc: BaseException, job: dict[str, Any]) -> GenvidError:
    if isinstance(exc, GenvidError):
        return exc
    from ._http import transport_error

    return transport_error(str(job.get("provider") or "media"), exc)  # type: ignore[arg-type]


def _content_range(value: str) -> tuple[int, int, int | None]:
    """``bytes first-end/total`` as numbers (total None for ``*``); DownloadError when malformed."""
    unit, _, spec = value.strip().partition(" ")
    span, _, total = spec.partition("/")
    first, _, end = span.partition("-")
    if unit != "bytes" or not first.isdigit() or not end.isdigit() or not (total.isdigit() or total == "*") \
            or int(end) < int(first) or (total.isdigit() and int(end) >= int(total)):
        raise DownloadError(f"the server sent a malformed Content-Range {value[:80]!r}", status=206)
    return int(first), int(end), int(total) if total.isdigit() else None


def _other_kind(kind: str, expected: str | None) -> bool:
    """Whether a media type names another kind of media than the job produced (an image for a video)."""
    top = kind.split("/")[0]
    return bool(expected and top in ("video", "image", "audio") and top != expected.split("/")[0])


def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs on this host (on other systems: assumed, so nothing is removed)."""
    if os.name != "posix" or pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _same_bytes(a: Path, b: Path) -> bool:
    if a.stat().st_size != b.stat().st_size:
        return False
    with open(a, "rb") as fa, open(b, "rb") as fb:
        while block := fa.read(1 << 20):
            if block != fb.read(len(block)):
                return False
    return True


def _place(part: Path, target: Path, named: bool, overwrite: bool) -> Path:
    """Give the verified ``part`` its final name without replacing a file genvid did not write."""
    if overwrite:
        os.replace(part, target)
        return target
    for n in itertools.count(1):
        candidate = target if n == 1 else target.with_name(f"{target.stem}-{n}{target.suffix}")
        if _link(part, candidate) or (candidate.is_file() and _same_bytes(candidate, part)):
            with contextlib.suppress(OSError):
                os.unlink(part)
            return candidate  # (the same bytes already there: saved before)
        if not named:
            raise DownloadError(f"{candidate} already exists and holds other bytes; genvid does not overwrite it",
                                hint="pass overwrite=True, or save to another path")
    raise AssertionError("unreachable")


def _link(part: Path, target: Path) -> bool:
    """Give ``part`` the name ``target`` unless that name exists (atomically, where hard links work)."""
    try:
        os.link(part, target)
    except FileExistsError:
        return False
    except OSError:  # no hard links on this file system: check, then rename
        if target.exists():
            return False
        os.replace(part, target)
    return True


def url_opener(client: Any, url: str, headers: dict[str, str] | None = None) -> Opener:
    """An opener that GETs ``url`` from an offset with ``Range`` (through a ``MediaHttp`` or an httpx client)."""

    def open_at(offset: int) -> contextlib.AbstractContextManager[httpx.Response]:
        h = dict(headers or {})
        if offset:
            h["Range"] = f"bytes={offset}-"
        if isinstance(client, httpx.Client):
            return client.stream("GET", url, headers=h, extensions={STREAMED: True})
        stream: contextlib.AbstractContextManager[httpx.Response] = client.stream("GET", url, headers=h)
        return stream

    return open_at


def result_from_url(client: Any, url: str, *, media_type: object = None, size: object = None,
                    file_name: object = None, job: dict[str, Any] | None = None,
                    headers: dict[str, str] | None = None) -> Result:
    """A Result for content at ``url`` (a ``data:`` URI is decoded, not fetched).

    ``client`` is the service's ``MediaHttp`` (or an ``httpx.Client``). Metadata a service sent
    in the wrong shape (a non-string name or type, a negative size) is ignored; a URL that is
    not one raises ``MalformedResponse``.
    """
    job = JobInfo(job or {})
    kind = media_type if isinstance(media_type, str) and "/" in media_type else None
    name = file_name if isinstance(file_name, str) else None
    length = size if isinstance(size, int) and not isinstance(size, bool) and size >= 0 else None
    if url.startswith("data:"):
        kind_given, data = decode_data_uri(url, "output")
        return Result(url=None, media_type=kind or kind_given or sniff(data[:16]), job=job,
                      size=len(data), file_name=name, _inline=data)
    _check_url(url, job)
    return Result(url=url, media_type=kind, job=job, size=length, file_name=name,
                  _opener=url_opener(client, url, headers))


# A plain http(s) URL: a host of letters, digits, hyphens and dots, a port, then printable ASCII.
# httpx accepts every URL this matches (a dotted-number host only if it is an IPv4 address, as
# httpx checks it), so such a URL is checked without httpx's parse, which costs a result as much
# as the rest of its bookkeeping; any other URL goes to httpx.
_PLAIN_URL = re.compile(r"https?://([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*)(?::[0-9]{1,5})?(?:[/?#][!-~]*)?")
_IPV4_STYLE = re.compile(r"[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+")
_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])"  # what ipaddress.IPv4Address takes
_IPV4 = re.compile(rf"{_OCTET}\.{_OCTET}\.{_OCTET}\.{_OCTET}")


def _plain_url(url: str) -> bool:
    match = _PLAIN_URL.fullmatch(url) if len(url) <= 65536 else None
    if match is None:
        return False
    host = match.group(1)
    return not _IPV4_STYLE.fullmatch(host) or _IPV4.fullmatch(host) is not None


def _check_url(url: str, job: dict[str, Any]) -> None:
    """``MalformedResponse`` unless ``url`` is an http(s) URL httpx can request."""
    if _plain_url(url):
        return
    try:
        parsed = httpx.URL(url)
        ok = parsed.scheme in ("http", "https") and bool(parsed.host)
    except (httpx.InvalidURL, ValueError, TypeError):
        ok = False
    if not ok:
        from ._exceptions import MalformedResponse

        raise MalformedResponse(f"the service gave an unusable result URL: {redact_url(url)[:120]}",
                                service=job.get("provider"), request_id=job.get("request_id"))


def media_from_url(url: str, default_type: str | None = None) -> tuple[str | None, str | None]:
    """(media type guessed from the URL's path, or ``default_type``; the path's file name) of a result URL."""
    import mimetypes

    path = _url_path(url)
    name = os.path.basename(path) or None
    ext = os.path.splitext(path)[1]
    if not ext:
        return default_type, name
    if ext.lower() in mimetypes.suffix_map or ext.lower() in mimetypes.encodings_map:
        return mimetypes.guess_type(path)[0] or default_type, name  # (.tgz, .mp4.gz: the whole name counts)
    return _type_of(ext) or default_type, name


@functools.lru_cache(maxsize=128)
def _type_of(ext: str) -> str | None:
    """``mimetypes.guess_type`` of a name with this (plain) extension, once per extension."""
    import mimetypes

    return mimetypes.guess_type("name" + ext)[0]


def _url_path(url: str) -> str:
    """``urlparse(url).path`` (``;params`` of the last segment left out), without urllib's cost for a plain URL."""
    head, sep, rest = url.partition("://")
    if not sep or not head.isalpha() or not head.isascii():
        from urllib.parse import urlparse

        return urlparse(url).path
    rest = rest.partition("#")[0].partition("?")[0]
    slash = rest.find("/")
    path = rest[slash:] if slash >= 0 else ""
    params = path.find(";", path.rfind("/"))
    return path[:params] if params >= 0 else path


def result_from_stream(response: httpx.Response, *, job: dict[str, Any] | None = None) -> Result:
    """A Result for a response body that cannot be fetched again (a POST's answer): spooled to disk, verified."""
    media = (response.headers.get("content-type") or "").split(";")[0].strip() or None
    once = Result(url=None, media_type=None if media == "application/octet-stream" else media,
                  _opener=lambda offset: contextlib.nullcontext(response))
    progress = _Progress(0, None, None)
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - owned by the Result
    try:
        for chunk in once._attempt(progress, None):
            spool.write(chunk)
        if progress.total is not None and progress.done != progress.total:
            raise DownloadError(f"response cut off: got {progress.done} of {progress.total} bytes",
                                status=response.status_code)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return Result(url=None, media_type=once.media_type or sniff(spool.read(16)) or media, job=JobInfo(job or {}),
                  size=progress.done, _spooled=spool)


__all__ = ["ProgressCallback", "Result", "media_from_url", "result_from_stream", "result_from_url"]
