"""Section 6: the emulator's own rate, ``scripts/bench_emulator`` (its own plain-HTTP emulator, nothing else
running): the one emulator figure BENCHMARKS.md and the README quote, so they cannot disagree."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

from .harness import SCRIPTS, child_environ
from .plan import Plan, Run, Target


def run(r: Run) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, os.path.join(SCRIPTS, "bench_emulator"), "--seconds",
                           str(r.plan.emulator_seconds), "--json"], capture_output=True, text=True,
                          env=child_environ(), timeout=180)
    if proc.returncode != 0:
        r.errors.append("bench_emulator failed: " + proc.stderr.strip()[-500:])
        return {}
    return {**json.loads(proc.stdout.strip().splitlines()[-1]), "command_seconds": r.plan.emulator_seconds}


def targets(res: dict[str, Any]) -> list[Target]:
    return []


def expected(res: dict[str, Any]) -> list[str]:
    return [] if res else ["throughput: no figure"]


def sentence(res: dict[str, Any]) -> str:
    """The figure in words, as both documents quote it."""
    return (f"**{res['requests_per_second']:,} status requests/s** (p50 {res['p50_ms']} ms, p99 {res['p99_ms']} ms, "
            f"{res['connections']} keep-alive connections, the load generator on the same {res['cpus']}-core machine)")


def markdown(res: dict[str, Any], plan: Plan) -> list[str]:
    if not res:
        return []
    return ["## 6. Emulator throughput (reference)", "",
            f"`scripts/bench_emulator --seconds {res['command_seconds']:g}`, after the sections above: its own "
            "plain-HTTP emulator answering one job's status from a raw-socket load generator (as little client "
            f"CPU as possible). {sentence(res)}. The README quotes this figure (`scripts/bench` writes it there).",
            ""]
