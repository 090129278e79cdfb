"""Fault injection: what can go wrong between a client and a video service.

Per request, send ``X-Genvid-Fault: <kind>[=<arg>][, ...]``. Globally, start the
emulator with ``--fault-rate R`` (and optionally ``--faults k1,k2``): that share of
service requests gets one applicable kind at random (seeded, so runs repeat).

| kind | effect |
|---|---|
| ``latency=MS`` | the answer is delayed by MS milliseconds (default 500) |
| ``429`` | 429 Too Many Requests with ``Retry-After: 1`` (``429=SECONDS`` to choose) |
| ``500`` / ``503`` | the service's own 5xx error body |
| ``502`` | an HTML 502 page from an nginx "proxy" in front of the service |
| ``reset-before`` | the connection drops before the request is processed (nothing happened) |
| ``reset-after`` | the request is processed (a job IS created), then the connection drops |
| ``truncate`` | a download stops half-way through (the connection drops) |
| ``hang`` | the job is accepted and never finishes |
| ``fail=CODE`` | the job fails with that service failure code (default: content moderation) |
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field

KINDS = ("latency", "429", "500", "502", "503", "reset-before", "reset-after", "truncate", "hang", "fail")
# Faults that only make sense on some requests.
JOB_KINDS = frozenset({"hang", "fail"})
DOWNLOAD_KINDS = frozenset({"truncate"})
HEADER = "x-genvid-fault"

NGINX_502 = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)


class InjectedDisconnect(Exception):
    """Raised inside the app to make the server drop the connection (an injected fault)."""


@dataclass
class Faults:
    """The faults that apply to one request: kind -> argument ('' when none)."""

    kinds: dict[str, str] = field(default_factory=dict)

    def has(self, kind: str) -> bool:
        return kind in self.kinds

    def arg(self, kind: str, default: str = "") -> str:
        return self.kinds.get(kind) or default

    @classmethod
    def parse(cls, header: str | None) -> Faults:
        kinds: dict[str, str] = {}
        for part in (header or "").split(","):
            part = part.strip()
            if not part:
                continue
            name, _, arg = part.partition("=")
            name = name.strip().lower()
            if name in KINDS:
                kinds[name] = arg.strip()
        return cls(kinds)


class FaultPlan:
    """Global random faults at a rate, from a seeded generator."""

    def __init__(self, rate: float = 0.0, kinds: tuple[str, ...] = KINDS, seed: int = 0) -> None:
        self.configure(rate, kinds, seed)

    def configure(self, rate: float, kinds: tuple[str, ...] = KINDS, seed: int = 0) -> None:
        unknown = set(kinds) - set(KINDS)
        if unknown:
            raise ValueError(f"unknown fault kinds: {sorted(unknown)}; known: {', '.join(KINDS)}")
        if not 0 <= rate <= 1:
            raise ValueError("fault rate must be between 0 and 1")
        self.rate = rate
        self.kinds = tuple(kinds)
        self._rng = random.Random(seed)
        self._lock = threading.Lock()

    def draw(self, *, is_job_submit: bool, is_download: bool) -> Faults:
        """Maybe one random applicable fault for a request."""
        if self.rate <= 0:
            return Faults()
        applicable = [
            k for k in self.kinds
            if (k not in JOB_KINDS or is_job_submit) and (k not in DOWNLOAD_KINDS or is_download)
            and (k != "reset-after" or is_job_submit)
        ]
        with self._lock:
            if not applicable or self._rng.random() >= self.rate:
                return Faults()
            kind = self._rng.choice(applicable)
        return Faults({kind: "200" if kind == "latency" else ""})
