"""``scripts/bench_celery`` on a few jobs: both contenders run on real workers and every job is saved.

Timings are not checked here (they belong to the benchmark); the script's exit status says that every
job of both contenders was saved and none failed, and the section it writes has every row.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from _fleet_support import postgres_available, redis_db

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_bench_celery_runs_both_contenders(tmp_path: Path) -> None:
    pytest.importorskip("celery")
    postgres_available()
    with redis_db():  # fails (never skips) without Redis; the script claims a database of its own
        pass
    report = tmp_path / "BENCH.md"
    report.write_text("# Benchmarks\n\nother sections\n")
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench_celery"), "--jobs", "24", "--markdown",
                           str(report)], cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stderr[-4000:] + proc.stdout[-2000:]
    text = report.read_text()
    assert text.startswith("# Benchmarks\n\nother sections\n") and text.count("<!-- celery -->") == 1
    for row in ("jobs saved / failed | 24 / 0 | 24 / 0", "worker slots busy", "status requests per job",
                "task messages per job", "journal rows written per job"):
        assert row in text, text
