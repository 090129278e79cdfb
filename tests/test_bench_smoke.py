"""``scripts/bench --smoke``: every contender of every section runs, and the report judges every target.

Timings are not checked here (a smoke run's sizes make them meaningless); what is checked is that the run
completes, that BENCHMARKS.md has a verdict for each issue-14 target, keeps its hand-written *Analysis*,
and that the README's bench blocks quote the same figures as the report.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
@pytest.mark.timeout(110)  # the smoke run takes ~40 s; it must stay well under a minute and a half
def test_bench_smoke_runs_every_contender_and_reports_every_target(tmp_path: Path) -> None:
    for module in ("decart", "fal_client", "lumaai", "luma_agents", "uvicorn"):
        pytest.importorskip(module, reason="the benchmark compares against the official SDKs (genvid[dev])")
    report, readme = tmp_path / "BENCHMARKS.md", tmp_path / "README.md"
    report.write_text("# old\n\n<!-- analysis -->\n## Analysis\n\nhand-written words\n<!-- /analysis -->\n")
    shutil.copy(ROOT / "README.md", readme)
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench"), "--smoke", "--output", str(report),
                           "--readme", str(readme)], cwd=ROOT, capture_output=True, text=True, timeout=100)
    assert proc.returncode == 0, proc.stderr[-4000:]  # exit 1 when any contender produced no figure
    assert "done in" in proc.stderr
    text = report.read_text()
    targets = text[text.index("## Targets"):text.index("## 1.")]
    rows = [line for line in targets.splitlines() if line.startswith("| ") and not line.startswith("| target")]
    assert all(re.search(r"\| (yes|\*\*no\*\*) \|", row) for row in rows), rows
    for service in ("decart", "fal", "luma", "agents"):
        assert f"| {service}: API-path CPU/job" in targets
        assert len(re.findall(rf"\| {service}, [0-9.-]+ s jobs: notice median", targets)) == 2
    for wanted in ("upload", "download", "wall <= job time", "`import genvid`", "cold process", "peak RSS"):
        assert wanted in targets, wanted
    for section in ("## 1.", "## 2.", "## 3.", "## 4.", "## 5.", "## 6."):
        assert section in text
    assert "failed |" not in text
    assert "hand-written words" in text and text.count("<!-- analysis -->") == 1  # kept across runs
    new = readme.read_text()
    rate = re.search(r"\*\*([0-9,]+) status requests/s\*\*", text)
    assert rate and f"**{rate.group(1)} status requests/s**" in new.split("<!-- bench:emulator -->")[1]
    speed = new.split("<!-- bench:speed -->")[1].split("<!-- /bench:speed -->")[0]
    assert "targets met" in speed and "Notice" in speed and "(written by" not in speed
    outside = (ROOT / "README.md").read_text().split("<!-- bench:speed -->")
    assert new.split("<!-- bench:speed -->")[0] == outside[0]  # nothing else of the README changed
