"""A hostile HTTP server on 127.0.0.1 that speaks just enough of every service to reach each phase.

Each connection is served by raw socket code, so a case controls every byte: trickled headers or
bodies, silence, keep-alive comments instead of events, gzip bombs, wrong ``Content-Range``
headers, bodies cut by a close, redirects, echoed keys. ``HostileServer.serve(overrides)`` sets the
answers of one case: a mapping of *phase* (``submit``, ``status``, ``stream``, ``result``,
``download``, ``jwks``, ``run``) to a ``Behaviour``; every other request gets the normal answer of
its service, so a case reaches its phase and misbehaves there only.

Used by ``tests/test_hostile_server.py`` and by ``scripts/reliability`` (figure 5).
"""

from __future__ import annotations

import contextlib
import gzip
import json
import re
import socket
import threading
import time
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

KEYS = {
    "decart": "hostile-decart-key-5d1e9a",
    "fal": "hostile-fal-id-77c2:hostile-fal-secret-91ab",
    "luma": "hostile-luma-key-3f60b8",
    "luma-agents": "hostile-agents-key-c4e2d7",
}
NEEDLES = sorted({p for k in KEYS.values() for p in (k, *k.split(":"))}, key=len, reverse=True)
MEDIA = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 64  # 16 KiB that sniff as MP4
MEDIA_SIZE = len(MEDIA)
GENERATION = "4fac0ef4-b336-45bf-a5dc-6de436cfbd62"
MODELS = {"decart": "decart:lucy-pro-t2v", "fal": "fal:hostile/app", "luma": "luma:ray-2",
          "luma-agents": "luma-agents:ray-3.2"}
PREFIX = {"decart": "/decart", "fal": "/fal", "luma": "/luma", "luma-agents": "/agents"}


@dataclass
class Request:
    method: str
    target: str
    headers: dict[str, str]
    body: bytes

    @property
    def key(self) -> str:
        auth = self.headers.get("authorization", "")
        return self.headers.get("x-api-key") or auth.split(" ", 1)[-1]


class Conn:
    """One accepted connection: raw sends, trickles that stop when the case ends."""

    def __init__(self, sock: socket.socket, stop: threading.Event) -> None:
        self.sock, self.stop = sock, stop

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def trickle(self, data: bytes, every: float) -> None:
        for i in range(len(data)):
            if self.stop.wait(every):
                return
            self.send(data[i:i + 1])

    def hold(self, seconds: float = 30.0) -> None:
        self.stop.wait(seconds)


Behaviour = Callable[[Request, Conn, "HostileServer"], bool]
"""Answers one request; returns True to keep the connection open for the next one."""


def head(status: int, headers: Mapping[str, str | int] | None = None, *, length: int | None = None) -> bytes:
    lines = [f"HTTP/1.1 {status} X"] + [f"{k}: {v}" for k, v in (headers or {}).items()]
    if length is not None:
        lines.append(f"Content-Length: {length}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def answer(status: int, body: bytes | Any, kind: str = "application/json", **headers: str | int) -> Behaviour:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()

    def behave(req: Request, conn: Conn, server: HostileServer) -> bool:
        conn.send(head(status, {"Content-Type": kind, **headers}, length=len(data)) + data)
        return True

    return behave


# --- the behaviours a case can put at a phase --------------------------------------------------


def trickle(every: float = 0.1, kind: str = "application/json") -> Behaviour:
    """Valid headers, then the body one byte at a time, for ever (JSON, or MP4 for a media type)."""
    body = (MEDIA * 1000)[:1_000_000] if kind.startswith("video/") else b'{"a": "' + b"x" * 1_000_000
    def behave(req: Request, conn: Conn, server: HostileServer) -> bool:
        conn.send(head(200, {"Content-Type": kind}, length=len(body)))
        conn.trickle(body, every)
        return False
    return behave


def trickle_headers(every: float = 0.1) -> Behaviour:
    """The status line and headers one byte at a time, for ever."""
    def behave(req: Request, conn: Conn, server: HostileServer) -> bool:
        conn.trickle(b"HTTP/1.1 200 OK\r\n" + b"X-Slow: " + b"y" * 100_000, every)
        return False
    return behave


def silence(req: Request, conn: Conn, server: HostileServer) -> bool:
    """Read the request; never answer."""
    conn.hold()
    return False


def keep_alive(every: float = 0.1) -> Behaviour:
    """An event stream of keep-alive comments only, never an event."""
    def behave(req: Request, conn: Conn, server: HostileServer) -> bool:
        conn.send(head(200, {"Content-Type": "text/event-stream", "Transfer-Encoding": "chunked"}))
        while not conn.stop.wait(every):
            conn.send(b"e\r\n: keep-alive\n\n\r\n")
        return False
    return behave


_BOMB: dict[int, bytes] = {}


def gzip_bomb(inflated: int = 256 << 20, kind: str = "application/json") -> Behaviour:
    """A small gzip body that inflates to ``inflated`` bytes."""
    if inflated not in _BOMB:
        z = zlib.compressobj(9, zlib.DEFLATED, 31)
        block = b" " * (1 << 20)
        _BOMB[inflated] = b"".join([z.compress(block) for _ in range(inflated >> 20)] + [z.flush()])
    return answer(200, _BOMB[inflated], kind, **{"Content-Encoding": "gzip"})


def bad_gzip(kind: str = "application/json") -> Behaviour:
    return answer(200, gzip.compress(b'{"a": 1}')[:12] + b"garbage" * 10, kind, **{"Content-Encoding": "gzip"})


def huge(size: int = 200 << 20, kind: str = "video/mp4", chunked: bool = False) -> Behaviour:
    """A fast body of ``size`` bytes (labelled ``kind``), with or without a length."""
    def behave(req: Request, conn: Conn, server: HostileServer) -> bool:
        block = b"[" * (1 << 20)
        if chunked:
            conn.send(head(200, {"Content-Type": kind, "Transfer-Encoding": "chunked"}))
            frame = f"{len(block):x}\r\n".encode() + block + b"\r\n"
        else:
            conn.send(head(200, {"Content-Type": kind}, length=size))
            frame = block
        for _ in range(size >> 20):
            if conn.stop.is_set():
                break
            conn.send(frame)
        return False
    return behave


def deep_json(depth: int = 200_000) -> Behaviour:
    return answer(200, b"[" * depth + b"]" * depth)


def echo_key(status: int) -> Behaviour:
    """An error (or, for 200, a malformed answer) that repeats the caller's key back."""
    def behave(req: Request, conn: Conn, server: HostileServer) -> bool:
        body = {"detail": f"key {req.key} refused", "error": req.key, "message": [req.key]}
        return answer(status, body, **{"X-Echo": req.key})(req, conn, server)
    return behave


def redirect(location: str | Callable[[HostileServer], str]) -> Behaviour:
    def behave(req: Request, conn: Conn, server: HostileServer) -> bool:
        where = location(server) if callable(location) else location
        conn.send(head(302, {"Location": where}, length=0))
        return True
    return behave


def cut_then(resumed: Behaviour, *, length: int = len(MEDIA)) -> Behaviour:
    """First request: half the media, then the connection is closed. Range requests: ``resumed``."""
    def behave(req: Request, conn: Conn, server: HostileServer) -> bool:
        if "range" in req.headers:
            return resumed(req, conn, server)
        conn.send(head(200, {"Content-Type": "video/mp4"}, length=length) + MEDIA[:len(MEDIA) // 2])
        return False
    return behave


def partial(start: int, total: int, data: bytes | None = None) -> Behaviour:
    """A 206 whatever was asked: ``Content-Range: bytes start-end/total``."""
    def behave(req: Request, conn: Conn, server: HostileServer) -> bool:
        body = MEDIA[start:] if data is None else data
        rng = f"bytes {start}-{start + len(body) - 1}/{total}"
        conn.send(head(206, {"Content-Type": "video/mp4", "Content-Range": rng}, length=len(body)) + body)
        return True
    return behave


def close_delimited(data: bytes, kind: str = "video/mp4") -> Behaviour:
    """A body with no length, ended by closing the connection."""
    def behave(req: Request, conn: Conn, server: HostileServer) -> bool:
        conn.send(head(200, {"Content-Type": kind, "Connection": "close"}) + data)
        return False
    return behave


def retry_after(value: str) -> Behaviour:
    return answer(429, {"detail": "slow down"}, **{"Retry-After": value})


# --- the normal answers of each service ---------------------------------------------------------


@dataclass
class Script:
    """What the server answers when a phase is not overridden (the values a case may change)."""

    request_id: str | None = None  # default: req-1 (a UUID for Luma Agents)
    media_url: str | None = None  # default: this server's /media/out.mp4
    file_name: Any = "out.mp4"
    content_type: Any = "video/mp4"
    file_size: Any = MEDIA_SIZE
    media: bytes = MEDIA
    jwks: Any = None
    extra: dict[str, Any] = field(default_factory=dict)


def phase_of(req: Request) -> tuple[str, str]:
    """(service, phase) of a request by its path."""
    path = req.target.split("?", 1)[0]
    if path.startswith("/media/"):
        return "", "download"
    if path.startswith("/jwks"):
        return "", "jwks"
    for service, prefix in PREFIX.items():
        if path.startswith(prefix + "/") or path.startswith(prefix + "run/"):
            rest = path[len(prefix):]
            if rest.startswith("run/"):
                return service, "run"
            if req.method == "POST" and not rest.startswith("/v1/jobs/") and "/v1/generate/" in rest:
                return service, "run"
            if req.method == "POST":
                return service, "submit"
            if rest.endswith("/status/stream"):
                return service, "stream"
            if rest.endswith("/content"):
                return service, "download"
            if service == "fal" and not rest.endswith("/status"):
                return service, "result"
            return service, "status"
    return "", "unknown"


def normal(req: Request, conn: Conn, server: HostileServer) -> bool:
    service, phase = phase_of(req)
    s = server.script
    rid = s.request_id or (GENERATION if service == "luma-agents" else "req-1")
    url = s.media_url or f"{server.url}/media/out.mp4"
    if phase == "download":
        return answer(200, s.media, "video/mp4")(req, conn, server)
    if phase == "jwks":
        return answer(200, s.jwks if s.jwks is not None else {"keys": []})(req, conn, server)
    bodies: dict[tuple[str, str], Any] = {
        ("decart", "submit"): {"job_id": rid, "status": "pending"},
        ("decart", "status"): {"job_id": rid, "status": "completed"},
        ("fal", "submit"): {"request_id": rid, "status": "IN_QUEUE", "queue_position": 0,
                            "response_url": f"{server.url}/fal/hostile/app/requests/{rid}",
                            "status_url": f"{server.url}/fal/hostile/app/requests/{rid}/status",
                            "cancel_url": f"{server.url}/fal/hostile/app/requests/{rid}/cancel"},
        ("fal", "status"): {"status": "COMPLETED", "request_id": rid, "logs": None},
        ("fal", "result"): {"video": {"url": url, "content_type": s.content_type, "file_name": s.file_name,
                                      "file_size": s.file_size}, **s.extra},
        ("fal", "run"): {"video": {"url": url}},
        ("luma", "submit"): {"id": rid, "state": "queued", "generation_type": "video", "model": "ray-2"},
        ("luma", "status"): {"id": rid, "state": "completed", "generation_type": "video", "model": "ray-2",
                             "assets": {"video": url}},
        ("luma-agents", "submit"): {"id": rid, "created_at": "2026-01-01T00:00:00Z", "model": "ray-3.2",
                                    "state": "queued", "type": "video"},
        ("luma-agents", "status"): {"id": rid, "created_at": "2026-01-01T00:00:00Z", "model": "ray-3.2",
                                    "state": "completed", "type": "video", "output": [{"type": "video", "url": url}]},
    }
    if (service, phase) == ("fal", "stream"):
        event = json.dumps(bodies[("fal", "status")])
        data = f"data: {event}\n\n".encode()
        conn.send(head(200, {"Content-Type": "text/event-stream"}, length=len(data)) + data)
        return True
    if (service, phase) == ("decart", "run"):
        return answer(200, s.media, "image/png")(req, conn, server)
    body = bodies.get((service, phase))
    if body is None:
        return answer(404, {"detail": f"no {service} {phase} here"})(req, conn, server)
    return answer(200, body)(req, conn, server)


def running_first(req: Request, conn: Conn, server: HostileServer) -> bool:
    """fal's status: IN_PROGRESS at the first look (so a wait opens the status stream), normal after."""
    if sum(phase_of(r) == ("fal", "status") for r in server.seen) == 1:
        return answer(202, {"status": "IN_PROGRESS", "request_id": "req-1", "logs": None})(req, conn, server)
    return normal(req, conn, server)


# --- the server ------------------------------------------------------------------------------------


class HostileServer:
    """A threaded raw-socket HTTP/1.1 server; ``serve()`` sets one case's misbehaviour per phase."""

    def __init__(self) -> None:
        self._sock = socket.create_server(("127.0.0.1", 0))
        self.port = self._sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.overrides: dict[str, Behaviour] = {}
        self.script = Script()
        self.seen: list[Request] = []
        self.connections = 0
        self._stop = threading.Event()
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def serve(self, overrides: Mapping[str, Behaviour] | None = None, script: Script | None = None) -> None:
        """Start a case: end the previous case's handlers, then answer with these overrides."""
        self._stop.set()
        self._stop = threading.Event()
        self.overrides = dict(overrides or {})
        self.script = script or Script()
        self.seen = []

    def phases(self) -> list[str]:
        return [phase_of(r)[1] for r in self.seen]

    def close(self) -> None:
        self._closed = True
        self._stop.set()
        self._sock.close()

    def _accept(self) -> None:
        while not self._closed:
            try:
                sock, _ = self._sock.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._connection, args=(sock, self._stop), daemon=True).start()

    def _connection(self, sock: socket.socket, stop: threading.Event) -> None:
        conn = Conn(sock, stop)
        with contextlib.suppress(OSError, ValueError), sock:
            reader = sock.makefile("rb")
            while not stop.is_set():
                req = _read_request(reader)
                if req is None:
                    return
                self.seen.append(req)
                behaviour = self.overrides.get(phase_of(req)[1], normal)
                if not behaviour(req, conn, self):
                    return


def _read_request(reader: Any) -> Request | None:
    line = reader.readline(65536)
    if not line:
        return None
    method, target, _ = line.decode("latin-1").split(" ", 2)
    headers: dict[str, str] = {}
    while (h := reader.readline(65536)) not in (b"\r\n", b"\n", b""):
        name, _, value = h.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        parts = []
        while (size := int(reader.readline(1024).split(b";")[0], 16)) > 0:
            parts.append(reader.read(size))
            reader.readline(1024)
        reader.readline(1024)
        body = b"".join(parts)
    else:
        body = reader.read(int(headers.get("content-length", "0")))
    return Request(method, target, headers, body)


# --- measuring one call ------------------------------------------------------------------------------


def _status_kib(name: str) -> int:
    match = re.search(rf"{name}:\s+(\d+) kB", Path("/proc/self/status").read_text())
    return int(match.group(1)) if match else 0


@dataclass
class Outcome:
    error: BaseException | None
    seconds: float
    rss_growth: int | None  # bytes of peak RSS above the RSS before the call (None where unmeasurable)


def measure(call: Callable[[], object]) -> Outcome:
    """Run ``call``: what it raised, how long it took, and how far its peak RSS rose."""
    measurable = Path("/proc/self/clear_refs").exists()
    if measurable:
        Path("/proc/self/clear_refs").write_text("5")  # reset the peak-RSS mark (Linux)
    before = _status_kib("VmRSS") if measurable else 0
    started = time.monotonic()
    error: BaseException | None = None
    try:
        call()
    except Exception as exc:
        error = exc
    seconds = time.monotonic() - started
    growth = (_status_kib("VmHWM") - before) * 1024 if measurable else None
    return Outcome(error, seconds, growth)


def texts_of(exc: BaseException | None) -> Iterator[str]:
    """Everything an error shows: str, repr, body, hint, and the same of every cause."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield str(exc)
        yield repr(exc)
        for name in ("body", "hint", "message", "request_id"):
            yield repr(getattr(exc, name, None))
        exc = exc.__cause__ or exc.__context__


def leaked(texts: Iterator[str] | list[str]) -> list[str]:
    return sorted({n for t in texts for n in NEEDLES if n in t})
