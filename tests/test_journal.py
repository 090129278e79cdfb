"""The job journal: nothing paid for is lost to a crash."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

import genvid
from genvid._journal import Journal
from genvid_emulator._media import probe

CRASHER = textwrap.dedent(
    """
    import os, signal, sys
    import genvid
    root, journal, out, n, kill_after = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    client = genvid.Client(emulator=root, journal=journal)
    models = ["decart:lucy-pro-t2v", "luma:ray-2", "luma-agents:ray-3.2", "decart:lucy-pro-t2v"]
    for i in range(n):
        model = models[i % len(models)]
        client.submit(model, prompt=f"crash test {i}", save_to=os.path.join(out, f"job{i}.mp4"))
        if i + 1 == kill_after:
            os.kill(os.getpid(), signal.SIGKILL)  # as abrupt as it gets: no cleanup, no atexit
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def test_journal_rows_and_states(tmp_path: Path) -> None:
    j = Journal(tmp_path / "j.sqlite3")
    key = j.begin("decart", "lucy-pro-t2v", "abc", str(tmp_path / "o.mp4"))
    assert j.entries(unfinished=True)[0].state == "submitting"
    j.submitted(key, "decart:lucy-pro-t2v:r1", "r1")
    assert j.find("decart:lucy-pro-t2v:r1").state == "submitted"  # type: ignore[union-attr]
    j.mark_job("decart:lucy-pro-t2v:r1", "saved", output_path="x")
    assert j.entries(unfinished=True) == []
    assert j.entries()[0].output_path == "x"


def test_journal_shared_by_processes(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    Journal(path)
    script = ("import sys; from genvid._journal import Journal; j = Journal(sys.argv[1])\n"
              "for i in range(50): j.submitted(j.begin('fal', 'm', 'd'), f'fal:m:{sys.argv[2]}-{i}', str(i))")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    procs = [subprocess.Popen([sys.executable, "-c", script, str(path), str(n)], env=env) for n in range(4)]
    assert all(p.wait(timeout=60) == 0 for p in procs)
    assert len(Journal(path).entries()) == 200


@pytest.mark.parametrize("kill_after", [1, 3, 6])
def test_crash_then_resume_recovers_every_output(emu: Any, tmp_path: Path, kill_after: int) -> None:
    journal = tmp_path / "jobs.sqlite3"
    out = tmp_path / "out"
    out.mkdir()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    n = 6
    proc = subprocess.run([sys.executable, "-c", CRASHER, emu.urls.root, str(journal), str(out), str(n),
                           str(kill_after)], env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    submitted = [e for e in Journal(journal).entries() if e.job_id]
    assert len(submitted) == kill_after
    client = genvid.Client(emulator=emu.urls.root, journal=journal)
    outcomes = client.resume(timeout=60)
    assert len(outcomes) == kill_after and all(o.ok for o in outcomes)
    for entry in Journal(journal).entries():
        assert entry.state == "saved"
        assert probe(Path(entry.output_path).read_bytes())["codec"] == "h264"  # type: ignore[arg-type]
    assert client.resume() == []  # nothing left


def test_uncertain_submit_is_journaled(emu: Any, tmp_path: Path) -> None:
    client = genvid.Client(emulator=emu.urls.root, journal=tmp_path / "j.sqlite3")
    client.service("decart").api().get_httpx_client().headers["X-Genvid-Fault"] = "reset-after"
    with pytest.raises(genvid.SubmitUncertain) as info:
        client.submit("decart:lucy-pro-t2v", prompt="maybe")
    assert info.value.inputs_digest and info.value.model == "lucy-pro-t2v"
    entry = client.journal.entries()[0]  # type: ignore[union-attr]
    assert entry.state == "possibly_submitted" and entry.detail


def test_cli_jobs_commands(emu: Any, tmp_path: Path) -> None:
    from genvid._cli import main

    journal = str(tmp_path / "j.sqlite3")
    out = tmp_path / "v.mp4"
    assert main(["generate", "decart:lucy-pro-t2v", "--prompt", "cli", "-o", str(out), "--quiet",
                 "--emulator", emu.urls.root, "--journal", journal]) == 0
    assert probe(out.read_bytes())["codec"] == "h264"
    assert Journal(journal).entries()[0].state == "saved"
    assert main(["jobs", "list", "--all", "--journal", journal]) == 0
    assert main(["jobs", "resume", "--journal", journal, "--emulator", emu.urls.root]) == 0
