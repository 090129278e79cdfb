"""The README runs as pasted (issue 13, item 14): every Python block, and its ``genvid`` commands, on the emulator.

A block preceded by ``<!-- not run: reason -->`` is skipped (a fragment of a web view, a setup
that needs a broker); lines with ``[``/``|`` syntax summaries and ``genvid emulator`` (it
serves until stopped) are not commands to run.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"


def blocks(language: str) -> list[tuple[int, str]]:
    """(line number, code) of each fenced block in ``language`` that is not marked ``not run``."""
    lines = README.read_text(encoding="utf-8").splitlines()
    found: list[tuple[int, str]] = []
    for n, line in enumerate(lines):
        if line.strip() != f"```{language}":
            continue
        before = next((x.strip() for x in reversed(lines[:n]) if x.strip()), "")
        if before.startswith("<!-- not run:"):
            continue
        end = next(i for i in range(n + 1, len(lines)) if lines[i].strip() == "```")
        found.append((n + 1, "\n".join(lines[n + 1 : end])))
    return found


def commands() -> list[str]:
    """The ``genvid`` commands of the README's shell blocks, one per entry."""
    out: list[str] = []
    for _, code in blocks("bash"):
        for line in code.splitlines():
            for part in line.split(" ; "):
                command = re.sub(r"\s+#.*$", "", part).strip()
                if command.startswith("genvid ") and not re.search(r"[\[|]|genvid emulator|\$\(", command):
                    out.append(command)
    return out


@pytest.fixture
def workdir(emu: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A directory with the files the README names, and the environment the emulator's exports set."""
    from genvid_emulator._media import MediaSpec, render

    for key, value in emu.urls.env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("GENVID_JOURNAL", str(tmp_path / "journal.sqlite3"))
    (tmp_path / "cat.png").write_bytes(render(MediaSpec(kind="image", width=320, height=180), key="a cat"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_readme_has_blocks_to_run() -> None:
    assert len(blocks("python")) >= 3 and len(commands()) >= 8


def test_every_python_block_runs_as_pasted(workdir: Path) -> None:
    for line, code in blocks("python"):
        try:
            exec(compile(code, f"README.md:{line}", "exec"), {"__name__": "__readme__"})
        except Exception as exc:
            raise AssertionError(f"README.md block at line {line} failed: {type(exc).__name__}: {exc}") from exc
    assert (workdir / "lake.mp4").stat().st_size > 0 and (workdir / "out" / "bear.mp4").stat().st_size > 0


def test_every_genvid_command_runs(workdir: Path) -> None:
    job_id = ""
    for command in commands():
        argv = shlex.split(command.replace("JOB_ID", job_id or "JOB_ID"))
        proc = subprocess.run([sys.executable, "-m", "genvid", *argv[1:]], capture_output=True, text=True,
                              timeout=120, env=dict(os.environ))
        assert proc.returncode == 0, f"{command}: {proc.stderr}"
        if argv[1] == "submit":
            job_id = proc.stdout.strip()
    assert (workdir / "snowy.mp4").exists() and (workdir / "sheet.png").exists()
