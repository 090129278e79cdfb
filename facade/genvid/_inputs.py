"""Media inputs: a path, bytes, a binary file object, an ``https://`` URL or a ``data:`` URI.

Each service wants them differently (a multipart stream for Decart, an upload or a
data URI for fal, base64 or a URL for Luma Agents, a URL for Dream Machine); the
adapters convert a ``MediaInput`` as their service needs, and never read a large
file into memory unless the service can only take it inline.
"""

from __future__ import annotations

import base64
import binascii
import io
import mimetypes
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal, TypeAlias

from ._exceptions import InvalidInput

FileInput: TypeAlias = "str | os.PathLike[str] | bytes | bytearray | memoryview | IO[bytes]"
"""What a media field accepts: a path, bytes, a binary file object, an https:// URL or a data: URI."""

_DATA_URI = re.compile(r"^data:(?P<type>[\w.+-]+/[\w.+-]+)?(?P<params>(;[\w-]+=[^;,]*)*)(?P<b64>;base64)?,", re.I)

_MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"GIF8", 0, "image/gif"),
    (b"WEBP", 8, "image/webp"),
    (b"ftyp", 4, "video/mp4"),
    (b"\x1a\x45\xdf\xa3", 0, "video/webm"),
)


def sniff(head: bytes) -> str | None:
    """The media type from a file's first bytes, when recognisable."""
    for magic, offset, kind in _MAGIC:
        if head[offset : offset + len(magic)] == magic:
            if kind == "video/mp4" and head[8:12] == b"qt  ":
                return "video/quicktime"
            return kind
    return None


@dataclass
class MediaInput:
    """One media input, normalised. ``open()`` gives a fresh binary stream where possible."""

    field: str
    source: Literal["path", "bytes", "stream", "url", "data_uri"]
    value: Any
    name: str
    media_type: str | None

    @property
    def url(self) -> str | None:
        """The input's URL when it is one (http(s) URL or data: URI)."""
        return str(self.value) if self.source in {"url", "data_uri"} else None

    @property
    def is_local(self) -> bool:
        """True for inputs whose bytes we hold (path, bytes, stream, data URI)."""
        return self.source != "url"

    @property
    def size(self) -> int | None:
        if self.source == "path":
            return os.path.getsize(self.value)
        if self.source == "bytes":
            return len(self.value)
        if self.source == "data_uri":
            return len(self.read())
        if self.source == "stream":
            try:
                pos = self.value.tell()
                end = self.value.seek(0, io.SEEK_END)
                self.value.seek(pos)
                return int(end - pos)
            except (OSError, AttributeError, ValueError):
                return None
        return None

    def open(self) -> IO[bytes]:
        """A binary stream of the content (the caller closes it). Streams are returned as-is."""
        if self.source == "path":
            return open(self.value, "rb")
        if self.source == "bytes":
            return io.BytesIO(self.value)
        if self.source == "data_uri":
            return io.BytesIO(self.read())
        if self.source == "stream":
            stream: IO[bytes] = self.value
            return stream
        raise InvalidInput(f"{self.field} is a URL; it has no local content", field=self.field)

    def read(self, limit: int | None = None) -> bytes:
        """All bytes (refusing more than ``limit``): for services that only take media inline."""
        if self.source == "data_uri":
            return decode_data_uri(str(self.value), self.field)[1]
        size = self.size
        if limit is not None and size is not None and size > limit:
            raise InvalidInput(
                f"{self.field} is {size} bytes; this service takes at most {limit} bytes inline",
                field=self.field, hint="pass an https:// URL instead",
            )
        if self.source == "bytes":
            return bytes(self.value)
        f = self.open()
        try:
            data = f.read() if limit is None else f.read(limit + 1)
        finally:
            if self.source == "path":
                f.close()
        if limit is not None and len(data) > limit:
            raise InvalidInput(f"{self.field} is larger than {limit} bytes", field=self.field,
                               hint="pass an https:// URL instead")
        return data

    def data_uri(self, limit: int | None = None) -> str:
        """The content as ``data:<type>;base64,...``."""
        if self.source == "data_uri":
            return str(self.value)
        data = self.read(limit)
        kind = self.media_type or sniff(data[:16]) or "application/octet-stream"
        return f"data:{kind};base64,{base64.b64encode(data).decode()}"

    def base64(self, limit: int | None = None) -> str:
        """The content as plain base64 (Luma Agents' ``data``)."""
        return base64.b64encode(self.read(limit)).decode()


def decode_data_uri(uri: str, field: str) -> tuple[str | None, bytes]:
    """(media type, bytes) of a data: URI; InvalidInput naming ``field`` when malformed."""
    m = _DATA_URI.match(uri)
    if m is None:
        raise InvalidInput(f"{field} is not a valid data: URI", field=field,
                           hint="expected data:<type>;base64,<payload>")
    payload = uri[m.end():]
    try:
        if m.group("b64"):
            data = base64.b64decode(payload, validate=True)
        else:
            from urllib.parse import unquote_to_bytes

            data = unquote_to_bytes(payload)
    except (binascii.Error, ValueError) as exc:
        raise InvalidInput(f"{field} has an invalid base64 payload: {exc}", field=field) from None
    return m.group("type"), data


def to_media(field: str, value: object) -> MediaInput:
    """Normalise one media value, or raise InvalidInput naming ``field``.

    Accepted: bytes, a path (``str`` or ``os.PathLike``), an ``https://`` URL (also as an
    ``httpx.URL`` or a ``urllib.parse`` result), a ``data:`` URI, a binary file object, or an
    iterator of bytes (streamed, like a ``ReadableStream``).
    """
    if isinstance(value, MediaInput):
        return value
    if isinstance(value, bytes | bytearray | memoryview):
        data = bytes(value)
        if not data:
            raise InvalidInput(f"{field} is empty", field=field)
        return MediaInput(field, "bytes", data, field, sniff(data[:16]))
    if callable(getattr(value, "geturl", None)) or type(value).__module__.startswith("httpx"):
        value = value.geturl() if hasattr(value, "geturl") else str(value)  # a URL object
    if isinstance(value, str):
        return _from_text(field, value)
    if isinstance(value, os.PathLike):
        return _from_path(field, Path(value))
    if hasattr(value, "read"):
        return _from_stream(field, value)
    if isinstance(value, Iterator):
        return _from_stream(field, IteratorReader(value))
    raise InvalidInput(
        f"{field} must be a path, bytes, a binary file object, an https:// URL or a data: URI, "
        f"not {type(value).__name__}",
        field=field,
    )


def _from_text(field: str, value: str) -> MediaInput:
    """A URL, a data: URI, or else a path."""
    lowered = value[:8].lower()
    if lowered.startswith(("https://", "http://")):
        from urllib.parse import urlparse

        parsed = urlparse(value)
        if not parsed.netloc or len(value) > MAX_URL or not value.isprintable() or " " in value:
            raise InvalidInput(f"{field} is not a valid URL: {value[:80]!r}", field=field)
        guess = mimetypes.guess_type(parsed.path)[0]
        return MediaInput(field, "url", value, os.path.basename(parsed.path) or field, guess)
    if lowered.startswith("data:"):
        kind, data = decode_data_uri(value, field)
        if not data:
            raise InvalidInput(f"{field} is an empty data: URI", field=field)
        return MediaInput(field, "data_uri", value, field, kind or sniff(data[:16]))
    if "://" in value[:16]:
        raise InvalidInput(f"{field}: unsupported URL scheme in {value[:40]!r}", field=field,
                           hint="use an https:// URL, a data: URI, a path, bytes or an open file")
    return _from_path(field, Path(value))


def _from_path(field: str, path: Path) -> MediaInput:
    try:
        exists = path.is_file()
        if exists:
            with open(path, "rb") as f:
                head = f.read(16)
    except (OSError, ValueError) as exc:  # a name too long, a NUL byte, no permission
        raise InvalidInput(f"{field}: cannot read {str(path)[:80]!r} ({type(exc).__name__})", field=field,
                           hint="pass an existing file path, bytes, an open file, or an https:// URL") from None
    if not exists:
        raise InvalidInput(f"{field}: no such file {str(path)[:200]!r}", field=field,
                           hint="pass an existing file path, bytes, an open file, or an https:// URL")
    if not head:
        raise InvalidInput(f"{field}: file {str(path)!r} is empty", field=field)
    return MediaInput(field, "path", str(path), path.name, sniff(head) or mimetypes.guess_type(path.name)[0])


def _from_stream(field: str, value: Any) -> MediaInput:
    if getattr(value, "closed", False) is True:
        raise InvalidInput(f"{field} is a closed file", field=field, hint="pass the file while it is open")
    mode = getattr(value, "mode", "rb")
    if isinstance(value, io.TextIOBase) or (isinstance(mode, str) and "b" not in mode):
        raise InvalidInput(f"{field} is a text-mode file", field=field, hint="open the file with 'rb'")
    name = os.path.basename(str(getattr(value, "name", field)))
    head = b""
    if hasattr(value, "peek"):
        head = value.peek(16)[:16]
    elif hasattr(value, "seek") and hasattr(value, "tell"):
        try:
            pos = value.tell()
            head = value.read(16)
            value.seek(pos)
        except (OSError, ValueError):
            head = b""
    return MediaInput(field, "stream", value, name, sniff(head) or mimetypes.guess_type(name)[0])


class IteratorReader(io.RawIOBase):
    """An iterator of bytes chunks as a read-only binary file (read once, in order; ``peek`` sees ahead)."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._buffer = b""
        self.name = "stream"
        self.mode = "rb"

    def readable(self) -> bool:
        return True

    def _fill(self, size: int) -> None:
        while size < 0 or len(self._buffer) < size:
            chunk = next(self._chunks, None)
            if chunk is None:
                return
            if not isinstance(chunk, bytes | bytearray | memoryview):
                raise InvalidInput(f"a media stream yielded {type(chunk).__name__}, not bytes", field=self.name)
            self._buffer += bytes(chunk)

    def peek(self, size: int = 1) -> bytes:
        self._fill(size)
        return self._buffer[:size]

    def read(self, size: int | None = -1) -> bytes:
        wanted = -1 if size is None else size
        self._fill(wanted)
        data, self._buffer = (self._buffer, b"") if wanted < 0 else (self._buffer[:wanted], self._buffer[wanted:])
        return data

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


NOT_MEDIA = ("text/", "application/json", "application/xml", "application/pdf", "application/zip")
MAX_URL = 8192


def check_media_kind(media: MediaInput, field: str | None = None, *, service: str | None = None) -> MediaInput:
    """``media`` unless it is local content that is recognisably not an image or a video (a text file...).

    For fields that take an image or a video. Content genvid cannot recognise passes (the service decides).
    """
    kind = media.media_type or ""
    if media.source != "url" and kind.startswith(NOT_MEDIA):
        name = field or media.field
        raise InvalidInput(f"{name} is {kind} content, not an image or a video", field=name, service=service,
                           hint="pass the image or video itself")
    return media


def wire_value(value: object) -> object:
    """A generated attrs model as its wire dict, a generated enum member as its text; else unchanged."""
    from collections.abc import Mapping

    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict) and not isinstance(value, Mapping):
        return to_dict()
    inner = getattr(value, "value", None)
    if isinstance(inner, str) and isinstance(value, str):
        return inner
    return value


class RewindableBody:
    """A request body streamed from a file in 1 MiB chunks, rewound if httpx sends it again (a safe retry).

    Pass it as ``content=`` to httpx: the file is never read whole into memory.
    """

    def __init__(self, stream: IO[bytes], chunk_size: int = 1 << 20) -> None:
        self._stream = stream
        self._chunk = chunk_size
        self._start = stream.tell() if stream.seekable() else None

    def __iter__(self) -> Iterator[bytes]:
        if self._start is not None:
            self._stream.seek(self._start)
        while chunk := self._stream.read(self._chunk):
            yield chunk


def describe(value: object) -> str:
    """What kind of input ``value`` is, in words (``a local file``, ``a data: URI``, ``an http:// URL``)."""
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


def mp4_seconds(data: bytes) -> float | None:
    """An MP4/QuickTime file's duration from its ``moov/mvhd`` box (None when it has none to read)."""
    box = _box(data, 0, len(data), b"moov")
    mvhd = _box(data, box[0], box[1], b"mvhd") if box else None
    if mvhd is None or mvhd[1] - mvhd[0] < 24:
        return None
    at = mvhd[0]
    if data[at] == 1:  # version 1: 64-bit times
        scale, length = int.from_bytes(data[at + 20:at + 24]), int.from_bytes(data[at + 24:at + 32])
    else:
        scale, length = int.from_bytes(data[at + 12:at + 16]), int.from_bytes(data[at + 16:at + 20])
    return length / scale if scale else None


def _box(data: bytes, start: int, end: int, kind: bytes) -> tuple[int, int] | None:
    """(payload start, payload end) of the first box of ``kind`` between ``start`` and ``end``."""
    at = start
    while at + 8 <= end:
        size, header = int.from_bytes(data[at:at + 4]), 8
        if size == 1 and at + 16 <= end:
            size, header = int.from_bytes(data[at + 8:at + 16]), 16
        elif size == 0:
            size = end - at
        if size < header:
            return None
        if data[at + 4:at + 8] == kind:
            return at + header, min(at + size, end)
        at += size
    return None
