"""The genvid command: help, exit codes, JSON output, quiet mode, readable errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from genvid._cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, main
from genvid_emulator._media import probe


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "genvid", *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("command", ["", "generate", "submit", "wait", "status", "cancel", "jobs", "models", "demo",
                                     "emulator"])
def test_every_help_reads_well(command: str) -> None:
    proc = run(*([command] if command else []), "--help")
    assert proc.returncode == 0
    assert "usage: genvid" in proc.stdout and len(proc.stdout) > 200
    if command == "emulator":
        assert "reset-after" in proc.stdout and "X-Genvid-Fault" in proc.stdout


def test_models_json_and_plain() -> None:
    proc = run("models", "--json")
    models = json.loads(proc.stdout)
    names = {m["name"] for m in models}
    assert {"decart:lucy-2.6", "fal:decart/lucy-14b/image-to-video", "luma:ray-2", "luma-agents:ray-3.2"} <= names
    plain = run("models").stdout.splitlines()
    assert any(line.startswith("decart:lucy-image-2\t") for line in plain)


def test_generate_quiet_and_json(emu: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "a.mp4"
    code = main(["generate", "decart:lucy-pro-t2v", "--prompt", "lake", "--seed", "1", "-o", str(out), "--quiet",
                 "--no-journal", "--emulator", emu.urls.root])
    assert code == EXIT_OK and capsys.readouterr().out.strip() == str(out)
    assert probe(out.read_bytes())["codec"] == "h264"
    code = main(["generate", "decart:lucy-pro-t2i", "--prompt", "city", "-o", str(tmp_path), "--json",
                 "--no-journal", "--emulator", emu.urls.root])
    report = json.loads(capsys.readouterr().out)
    assert code == EXIT_OK and report["media_type"] == "image/png" and Path(report["path"]).exists()


def test_submit_status_wait_cancel(emu: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    common = ["--no-journal", "--emulator", emu.urls.root]
    assert main(["submit", "luma:ray-2", "--prompt", "a teddy bear playing guitar", *common]) == EXIT_OK
    job_id = capsys.readouterr().out.strip()
    assert job_id.startswith("luma:ray-2:")
    assert main(["status", job_id, "--json", *common]) == EXIT_OK
    assert json.loads(capsys.readouterr().out)["job_id"] == job_id
    assert main(["wait", job_id, "-o", str(tmp_path / "w.mp4"), "-q", *common]) == EXIT_OK
    assert probe((tmp_path / "w.mp4").read_bytes())["codec"] == "h264"
    assert main(["cancel", job_id, *common]) == EXIT_OK


def test_errors_are_one_line_with_exit_codes(emu: Any, capsys: pytest.CaptureFixture[str]) -> None:
    common = ["--no-journal", "--emulator", emu.urls.root]
    assert main(["generate", "decart:lucy-pro-i2v", "--prompt", "x", *common]) == EXIT_USAGE
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "--image is required" in err and "Traceback" not in err
    assert main(["generate", "nonsense", *common]) == EXIT_USAGE
    assert main(["generate", "decart:lucy-pro-t2v", "--prompt", "x", "--json", *common,
                 "--param", "bogus=1"]) == EXIT_USAGE
    payload = json.loads(capsys.readouterr().out)
    assert payload["error"] == "InvalidInput" and payload["field"] == "bogus"
    assert EXIT_FAILED == 1


def test_demo_makes_a_playable_video(tmp_path: Path) -> None:
    proc = run("demo", "-o", str(tmp_path), "--scale", "0.1", "--json")
    assert proc.returncode == 0, proc.stderr
    saved = json.loads(proc.stdout.strip().splitlines()[-1])["saved"]
    assert probe(Path(saved[0]).read_bytes())["codec"] == "h264"


def test_python_dash_m_and_console_script_agree() -> None:
    assert run("--version").stdout.startswith("genvid ")
