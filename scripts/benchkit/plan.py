"""What one run measures (full or ``--smoke`` sizes) and what its sections share while it runs."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from typing import Any

from .harness import Child, Emulator, Failure, GiB, MiB, log


@dataclass(frozen=True)
class JobClass:
    """Jobs of one length class for the notice section: ``jobs`` per contender, submitted evenly over
    ``window`` seconds (so they overlap and the section takes about window + job time, not jobs x time)."""

    queue_s: float
    run_s: float
    jitter: float  # each job's length drawn from [1, 1 + jitter] x (queue + run)
    jobs: int
    window: float
    together: bool  # contenders run at once (long jobs), except the 0.1 s poller, which runs alone

    @property
    def name(self) -> str:
        t = self.queue_s + self.run_s
        return f"{t:g}-{t * (1 + self.jitter):g} s" if self.jitter else f"{t:g} s"

    def settings(self) -> dict[str, float]:
        return {"queue_seconds": self.queue_s, "run_seconds": self.run_s, "job_time_jitter": self.jitter}


@dataclass(frozen=True)
class Plan:
    smoke: bool
    cpu_rounds: int
    cpu_jobs: int
    cpu_warmup: int
    profile_jobs: int
    transfer_rounds: int
    transfer_size: int
    sdk_upload_size: int
    classes: tuple[JobClass, ...]
    many_jobs: int
    many_job_time: float
    many_rounds: int
    import_runs: int
    cold_runs: int
    emulator_seconds: float

    @classmethod
    def full(cls) -> Plan:
        return cls(smoke=False, cpu_rounds=15, cpu_jobs=20, cpu_warmup=5, profile_jobs=150,
                   transfer_rounds=5, transfer_size=GiB, sdk_upload_size=256 * MiB,
                   classes=(JobClass(1 / 3, 2 / 3, 1.0, 50, 5.0, together=False),
                            JobClass(20.0, 40.0, 0.0, 50, 30.0, together=True)),
                   many_jobs=1000, many_job_time=10.0, many_rounds=3, import_runs=11, cold_runs=7,
                   emulator_seconds=5.0)

    @classmethod
    def quick(cls) -> Plan:
        """``--smoke``: every contender runs, on sizes that take seconds; the figures mean nothing."""
        return cls(smoke=True, cpu_rounds=1, cpu_jobs=3, cpu_warmup=1, profile_jobs=0,
                   transfer_rounds=1, transfer_size=8 * MiB, sdk_upload_size=4 * MiB,
                   classes=(JobClass(0.1, 0.2, 1.0, 3, 0.2, together=False),
                            JobClass(0.3, 0.6, 0.0, 3, 0.3, together=True)),
                   many_jobs=20, many_job_time=0.5, many_rounds=1, import_runs=1, cold_runs=1,
                   emulator_seconds=0.5)


@dataclass
class Run:
    """One run: its plan, the emulator every contender talks to, and the errors met so far."""

    plan: Plan
    emu: Emulator
    workdir: str
    pycache: str
    errors: list[str] = field(default_factory=list)

    def child(self, spec: dict[str, Any], timeout: float = 300) -> Child:
        """A measuring child (``benchkit.child``) for ``spec``, set up and warmed up."""
        name = " ".join(str(spec[k]) for k in ("section", "service", "who") if k in spec)
        return Child([sys.executable, "-m", "benchkit.child", json.dumps(spec)],
                     self.emu.child_env(pycache=self.pycache), name=name, timeout=timeout)

    def failed(self, exc: Failure) -> None:
        self.errors.append(str(exc))
        log(f"   ERROR: {exc}")


@dataclass(frozen=True)
class Target:
    """One issue-14 target as this run judged it: what was measured, whether it was met, and why not."""

    name: str
    measured: str
    met: bool
    cause: str = ""
    area: str = ""  # what kind of target, and whom it is about: the README lists missed ones grouped
    subject: str = ""
