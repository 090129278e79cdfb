"""One journal API on two backends: SQLite (one machine) and PostgreSQL (a fleet), against real databases.

The atomic primitives the Celery tasks rely on are raced from several processes: ``claim``
creates a key exactly once, ``transition`` has exactly one winner, ``lock`` is exclusive and
is released when its holder is killed with SIGKILL. The CLI (``genvid jobs list/show/resume/
prune/forget``) and crash recovery work the same on both.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _fleet_support import pg_schema
from test_journal import CRASHER

import genvid
from genvid._cli import main
from genvid._journal import Journal
from genvid_emulator._media import probe

ENV = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "jobs.sqlite3")
    else:
        with pg_schema("j") as url:
            yield url


def run_all(script: str, args: list[list[str]]) -> list[str]:
    procs = [subprocess.Popen([sys.executable, "-c", script, *a], env=ENV, stdout=subprocess.PIPE, text=True)
             for a in args]
    outs = [p.communicate(timeout=120)[0] for p in procs]
    assert all(p.returncode == 0 for p in procs), outs
    return outs


def test_the_journal_api_on_both_backends(location: str) -> None:
    j = Journal(location)
    key = j.begin("decart", "lucy-pro-t2v", "abc", "/out/o.mp4")
    assert j.entries(unfinished=True)[0].state == "submitting"
    j.submitted(key, "decart:lucy-pro-t2v:r1", "r1")
    entry = j.find("decart:lucy-pro-t2v:r1")
    assert entry is not None and entry.state == "submitted" and entry.key == key
    assert j.find_request("decart", "r1") == entry and j.find(key) == entry and j.get(key) == entry
    j.mark(key, "saved", output_path="/out/x.mp4", meta={"sha256": "00", "size": 3})
    assert j.entries(unfinished=True) == []
    saved = j.entries()[0]
    assert saved.output_path == "/out/x.mp4" and saved.meta == {"sha256": "00", "size": 3}
    assert j.counts() == {"saved": 1}
    assert "password" not in repr(j)


def test_claim_creates_a_key_exactly_once_across_processes(location: str) -> None:
    Journal(location)
    script = ("import sys; from genvid._journal import Journal\n"
              "j = Journal(sys.argv[1]); won = 0\n"
              "for i in range(40):\n"
              "    entry, created = j.claim(f'job-{i}', 'luma', 'ray-2', 'digest', None, detail=sys.argv[2])\n"
              "    won += created\n"
              "print(won)")
    outs = run_all(script, [[location, f"p{n}"] for n in range(6)])
    assert sum(int(o) for o in outs) == 40  # each key was created by exactly one of six racing processes
    rows = Journal(location).entries()
    assert len(rows) == 40 and {r.state for r in rows} == {"submitting"}


def test_transition_has_exactly_one_winner(location: str) -> None:
    j = Journal(location)
    for i in range(40):
        j.claim(f"job-{i}", "fal", "m", "d")
        j.submitted(f"job-{i}", f"fal:m:{i}", str(i))
    script = ("import sys; from genvid._journal import Journal\n"
              "j = Journal(sys.argv[1])\n"
              "print(sum(j.transition(f'job-{i}', ['submitted'], 'completed', detail=sys.argv[2]) for i in range(40)))")
    outs = run_all(script, [[location, f"p{n}"] for n in range(6)])
    assert sum(int(o) for o in outs) == 40
    assert not j.transition("job-0", ["submitted"], "saved")  # not from a state it is not in
    assert j.transition("job-0", ["completed"], "saved", output_path="/o.mp4")
    assert j.get("job-0").state == "saved"  # type: ignore[union-attr]


def test_lock_is_exclusive_and_released_when_its_holder_is_killed(location: str) -> None:
    j = Journal(location)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from genvid._journal import Journal\n"
                               "j = Journal(sys.argv[1])\n"
                               "with j.lock('job-1') as mine:\n"
                               "    print(mine, flush=True); time.sleep(120)", location],
        env=ENV, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "True"
        with j.lock("job-1") as mine:
            assert not mine  # another process holds it
        with j.lock("job-2") as other:
            assert other  # locks are per job
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=10)
        deadline = time.monotonic() + 10
        while True:
            with j.lock("job-1") as mine:
                if mine:
                    break
            assert time.monotonic() < deadline, "the lock of a killed holder was never released"
            time.sleep(0.05)
        with j.lock("job-1") as first, j.lock("job-1") as second:
            assert first and not second  # not re-entrant
        import threading

        results: list[bool] = []
        gate = threading.Barrier(4)

        def contend() -> None:
            gate.wait()
            with j.lock("job-3") as mine:
                results.append(mine)
                time.sleep(0.3)

        threads = [threading.Thread(target=contend) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(results) == [False, False, False, True]  # one winner among the threads of one process
    finally:
        if holder.poll() is None:
            holder.kill()


def test_prune_and_forget(location: str) -> None:
    j = Journal(location)
    for i, state in enumerate(["saved", "failed", "rejected", "submitted", "possibly_submitted"]):
        key = j.begin("luma", "ray-2", "d")
        j.mark(key, state)
        if state == "submitted":
            j.submitted(key, f"luma:ray-2:r{i}", f"r{i}")
    assert j.prune(older_than=3600) == 0  # too recent
    assert j.prune(older_than=0) == 3  # the finished ones; unfinished rows are kept
    assert sorted(e.state for e in j.entries()) == ["possibly_submitted", "submitted"]
    uncertain = next(e for e in j.entries() if e.state == "possibly_submitted")
    assert j.forget(uncertain.key) == 1 and j.forget("luma:ray-2:r3") == 1
    assert j.entries() == []
    with pytest.raises(genvid.InvalidInput):
        j.prune(older_than=-1)


def test_cli_jobs_commands_on_both_backends(emu: Any, location: str, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "v.mp4"
    assert main(["generate", "decart:lucy-pro-t2v", "--prompt", "cli on a backend", "-o", str(out), "--quiet",
                 "--emulator", emu.urls.root, "--journal", location]) == 0
    assert probe(out.read_bytes())["codec"] == "h264"
    j = Journal(location)
    entry = j.entries()[0]
    assert entry.state == "saved" and entry.job_id
    capsys.readouterr()
    assert main(["jobs", "list", "--all", "--json", "--journal", location]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [e["job_id"] for e in listed] == [entry.job_id]
    assert main(["jobs", "show", entry.job_id, "--journal", location]) == 0
    assert entry.job_id in capsys.readouterr().out
    assert main(["jobs", "resume", "--journal", location, "--emulator", emu.urls.root]) == 0
    assert main(["jobs", "prune", "--older-than", "1d", "--json", "--journal", location]) == 0
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1]) == {"removed": 0}
    assert main(["jobs", "prune", "--older-than", "0", "--journal", location]) == 0
    assert j.entries() == []
    key = j.begin("luma", "ray-2", "d")
    j.mark(key, "possibly_submitted", "check the dashboard")
    assert main(["jobs", "forget", key, "--journal", location]) == 0
    assert main(["jobs", "forget", key, "--journal", location]) == 2  # nothing left to forget
    assert main(["jobs", "prune", "--older-than", "soon", "--journal", location]) == 2


def test_crash_then_resume_on_postgres(emu: Any, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with pg_schema("crash") as url:
        proc = subprocess.run([sys.executable, "-c", CRASHER, emu.urls.root, url, str(out), "6", "4"], env=ENV,
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == -signal.SIGKILL, proc.stderr
        assert main(["jobs", "resume", "--journal", url, "--emulator", emu.urls.root, "--quiet"]) == 0
        rows = Journal(url).entries()
        assert len(rows) == 4 and {r.state for r in rows} == {"saved"}
        for row in rows:
            assert probe(Path(row.output_path).read_bytes())["codec"] == "h264"  # type: ignore[arg-type]


def test_a_postgres_journal_never_shows_its_password() -> None:
    with pytest.raises(genvid.TransportError) as info:
        Journal("postgresql://genvid:s3cret-pw@127.0.0.1:1/site?connect_timeout=2")
    assert "s3cret-pw" not in str(info.value) and "***" in str(info.value)
    with pytest.raises(genvid.ConfigurationError):
        Journal("postgresql://postgres@127.0.0.1/test?schema=bad;drop")


def test_an_older_sqlite_journal_is_upgraded(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path)
    db.executescript("CREATE TABLE jobs (key TEXT PRIMARY KEY, job_id TEXT, provider TEXT NOT NULL, model TEXT NOT "
                     "NULL, request_id TEXT, digest TEXT NOT NULL, output_path TEXT, state TEXT NOT NULL, detail "
                     "TEXT, created_at REAL NOT NULL, updated_at REAL NOT NULL);"
                     "INSERT INTO jobs VALUES ('k', 'luma:ray-2:r', 'luma', 'ray-2', 'r', 'd', '/o', 'submitted', "
                     "NULL, 1, 1);")
    db.commit()
    db.close()
    j = Journal(path)
    assert j.get("k").state == "submitted" and j.get("k").meta is None  # type: ignore[union-attr]
    j.mark("k", "saved", meta={"ok": True})
    assert j.get("k").meta == {"ok": True}  # type: ignore[union-attr]


def test_import_genvid_loads_no_driver() -> None:
    code = ("import sys, genvid; from genvid._journal import Journal; import genvid.contrib.caps\n"
            "print(sorted(m for m in ('psycopg', 'celery', 'redis', 'kombu') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], env=ENV, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout.strip() == "[]", out.stderr
