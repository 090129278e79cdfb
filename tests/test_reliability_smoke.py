"""``scripts/reliability --smoke`` meets every bar (lost 0, duplicates 0, unhandled 0, crash recovery complete,
every bad input rejected before any request, every webhook judged right) in well under a minute."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_reliability_smoke_meets_every_bar() -> None:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([*sys.path]))
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "reliability"), "--smoke"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, f"bars missed:\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}"
    assert "bars: all met" in proc.stdout
    assert "| 1. faults |" in proc.stdout and "| 2. crash |" in proc.stdout
    assert "| 3. bad inputs |" in proc.stdout and "| 4. webhooks |" in proc.stdout
