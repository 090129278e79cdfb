"""Byte blobs the emulator serves: generated outputs and uploaded files.

A blob is rendered lazily (the first download pays for the encode) and may be
padded to a large size with an MP4 ``free`` box, which players skip, so a test can
download a 1 GiB playable video without the emulator holding it in memory.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import struct
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

CHUNK = 1 << 20


@dataclass
class Blob:
    """One downloadable file."""

    id: str
    media_type: str
    filename: str
    _render: Callable[[], bytes] | None = None
    _data: bytes | None = None
    path: str | None = None  # spooled upload on disk
    pad_to: int = 0  # total size; the gap is an MP4 "free" box
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def data(self) -> bytes:
        """The real (unpadded) bytes, rendered on first use."""
        if self._data is None:
            with self._lock:
                if self._data is None:
                    if self.path is not None:
                        with open(self.path, "rb") as f:
                            self._data = f.read()
                    elif self._render is not None:
                        self._data = self._render()
                    else:
                        self._data = b""
        return self._data

    @property
    def size(self) -> int:
        if self.path is not None and self._data is None:
            return os.path.getsize(self.path)
        return max(len(self.data()), self.pad_to)

    def _padding_header(self) -> bytes:
        gap = self.size - len(self.data())
        return struct.pack(">I4s", gap, b"free") if gap >= 8 else b""

    def iter_range(self, start: int, end: int) -> Iterator[bytes]:
        """Bytes ``start..end`` inclusive, in chunks, never all in memory."""
        if self.path is not None and self._data is None:
            with open(self.path, "rb") as f:
                f.seek(start)
                left = end - start + 1
                while left > 0:
                    chunk = f.read(min(CHUNK, left))
                    if not chunk:
                        return
                    left -= len(chunk)
                    yield chunk
            return
        data = self.data()
        header = self._padding_header()
        real = len(data)
        pos = start
        while pos <= end:
            if pos < real:
                stop = min(end + 1, real, pos + CHUNK)
                yield data[pos:stop]
            else:
                # Inside the padding box: its 8-byte header, then zeros.
                rel = pos - real
                stop = min(end + 1, pos + CHUNK)
                if rel < len(header):
                    piece = header[rel : rel + (stop - pos)]
                    yield piece
                    stop = pos + len(piece)
                else:
                    yield bytes(stop - pos)
            pos = stop

    def sha256(self) -> str:
        h = hashlib.sha256()
        for chunk in self.iter_range(0, self.size - 1):
            h.update(chunk)
        return h.hexdigest()


class BlobStore:
    """Thread-safe id -> Blob map, with spooled uploads on disk."""

    def __init__(self) -> None:
        self._blobs: dict[str, Blob] = {}
        self._lock = threading.Lock()
        self._dir = tempfile.TemporaryDirectory(prefix="genvid-emulator-")

    def new_id(self) -> str:
        return secrets.token_hex(12)

    def add_rendered(self, media_type: str, filename: str, render: Callable[[], bytes], pad_to: int = 0) -> Blob:
        blob = Blob(self.new_id(), media_type, filename, _render=render, pad_to=pad_to)
        with self._lock:
            self._blobs[blob.id] = blob
        return blob

    def add_bytes(self, media_type: str, filename: str, data: bytes) -> Blob:
        blob = Blob(self.new_id(), media_type, filename, _data=data)
        with self._lock:
            self._blobs[blob.id] = blob
        return blob

    def new_upload_path(self) -> str:
        return os.path.join(self._dir.name, self.new_id())

    def add_file(self, media_type: str, filename: str, path: str) -> Blob:
        blob = Blob(self.new_id(), media_type, filename, path=path)
        with self._lock:
            self._blobs[blob.id] = blob
        return blob

    def get(self, blob_id: str) -> Blob | None:
        with self._lock:
            return self._blobs.get(blob_id)

    def delete(self, blob_id: str) -> bool:
        with self._lock:
            blob = self._blobs.pop(blob_id, None)
        if blob is not None and blob.path is not None:
            try:
                os.unlink(blob.path)
            except OSError:
                pass
        return blob is not None

    def clear(self) -> None:
        with self._lock:
            ids = list(self._blobs)
        for i in ids:
            self.delete(i)

    def close(self) -> None:
        self.clear()
        self._dir.cleanup()
