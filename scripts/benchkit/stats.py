"""Medians with their spread. Every figure the benchmark judges is a median; min-max shows how far the
rounds or jobs behind it were apart, so a verdict within the spread reads as one (never a best-of)."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Spread:
    median: float
    lo: float
    hi: float
    n: int
    p95: float | None = None

    @classmethod
    def of(cls, values: Iterable[float], *, p95: bool = False) -> Spread:
        v = sorted(values)
        if not v:
            raise ValueError("no values")
        return cls(statistics.median(v), v[0], v[-1], len(v), percentile(v, 0.95) if p95 else None)

    @classmethod
    def load(cls, data: Mapping[str, Any]) -> Spread:
        return cls(**data)

    def text(self, digits: int = 1, scale: float = 1.0) -> str:
        """``12.3 (10.1-15.2)``: the median, then min-max."""
        return f"{fmt(self.median * scale, digits)} ({fmt(self.lo * scale, digits)}-{fmt(self.hi * scale, digits)})"

    def range(self, digits: int = 1, scale: float = 1.0) -> str:
        return f"{fmt(self.lo * scale, digits)}-{fmt(self.hi * scale, digits)}"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def percentile(values: list[float], q: float) -> float:
    s = sorted(values)
    k = (len(s) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def fmt(v: float | None, digits: int = 2) -> str:
    return "-" if v is None else f"{v:,.{digits}f}"


def ratio(a: float, b: float) -> float:
    return a / b if b else float("inf")


def rotated(items: list[Any], r: int) -> list[Any]:
    """``items`` rotated by ``r``: contenders take turns at going first, round after round."""
    if not items:
        return items
    r %= len(items)
    return items[r:] + items[:r]


def to_json(value: Any) -> Any:
    """``json.dump``'s ``default``: Spreads as dicts."""
    if isinstance(value, Spread):
        return value.as_dict()
    return str(value)
