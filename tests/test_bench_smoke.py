"""``scripts/bench --smoke``: every contender of the benchmark runs (timings are not checked here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
@pytest.mark.timeout(90)  # the smoke run takes ~20-40 s; it must stay well under a minute
def test_bench_smoke_runs_every_contender() -> None:
    for module in ("decart", "fal_client", "lumaai", "luma_agents", "uvicorn"):
        pytest.importorskip(module, reason="the benchmark compares against the official SDKs (genvid[dev])")
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench"), "--smoke"], cwd=ROOT,
                          capture_output=True, text=True, timeout=85)
    assert proc.returncode == 0, proc.stderr[-4000:]
    assert "done in" in proc.stderr
