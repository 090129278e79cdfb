"""The emulator's clock: real time, sped up, or stepped by hand.

Job lifecycles are computed from this clock rather than from timers, so a test can
finish every job at once (``advance``) or run them 100x faster (``speed``) without
the server doing any extra work per job.
"""

from __future__ import annotations

import threading
import time


class Clock:
    """Monotonic emulated seconds: ``offset + (real elapsed) * speed``."""

    def __init__(self, speed: float = 1.0) -> None:
        self._lock = threading.Lock()
        self._speed = speed
        self._base_real = time.monotonic()
        self._base_emulated = 0.0
        self._start_wall = time.time()

    def now(self) -> float:
        """Emulated seconds since the emulator started."""
        return self._base_emulated + (time.monotonic() - self._base_real) * self._speed

    def wall(self) -> float:
        """Emulated Unix time: the wall clock when the emulator started plus the emulated seconds since.

        For timestamps a client compares with its own clock, such as a presigned URL's ``Expires``
        (``advance`` makes them pass).
        """
        return self._start_wall + self.now()

    @property
    def speed(self) -> float:
        return self._speed

    def set_speed(self, speed: float) -> None:
        """Change how fast emulated time runs (0 freezes it)."""
        if speed < 0:
            raise ValueError("speed must be >= 0")
        with self._lock:
            self._base_emulated = self.now()
            self._base_real = time.monotonic()
            self._speed = speed

    def advance(self, seconds: float) -> None:
        """Jump emulated time forward."""
        if seconds < 0:
            raise ValueError("cannot go back in time")
        with self._lock:
            self._base_emulated += seconds

    def real_time(self, emulated: float) -> float | None:
        """The Unix time at which the clock reads ``emulated``, at the current speed (None when frozen)."""
        with self._lock:
            if self._speed == 0:
                return None
            return time.time() + (emulated - self.now()) / self._speed

    def real_seconds(self, emulated: float) -> float:
        """How long ``emulated`` seconds take in real time (inf when frozen)."""
        return float("inf") if self._speed == 0 else emulated / self._speed
