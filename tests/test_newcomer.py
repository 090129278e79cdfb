"""A new user's first hour (issue 13): the CLI, the journal and the emulator's exports, without a surprise.

Each test is named for the issue's item it covers; each failed on the main the issue was filed against.
"""

from __future__ import annotations

import builtins
import json
import os
import re
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

import genvid
from genvid._cli import main
from genvid_emulator import Settings, running


def run(*args: str, env: dict[str, str] | None = None, code: str | None = None) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable, "-c", code] if code else [sys.executable, "-m", "genvid", *args]
    return subprocess.run(argv, capture_output=True, text=True, timeout=120, env=env)


@pytest.fixture
def cli(emu: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Options pointing the CLI at the test emulator with a journal of this test's own."""
    monkeypatch.setenv("GENVID_JOURNAL", str(tmp_path / "journal.sqlite3"))
    yield ["--emulator", emu.urls.root]


def files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if not p.name.startswith("."))


# --- 1, 2: where outputs go and what they are called ----------------------------------------
def test_1_output_dir_with_a_slash_is_made_as_a_directory(cli: list[str], tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    live = tmp_path / "live"
    assert main(["generate", "decart:lucy-pro-t2v", "--prompt", "lake", "-o", f"{live}/", "-q", *cli]) == 0
    assert live.is_dir() and len(files(live)) == 1
    assert main(["submit", "luma:ray-2", "--prompt", "bear", *cli]) == 0
    job_id = capsys.readouterr().out.strip().splitlines()[-1]
    assert main(["wait", job_id, "-o", f"{tmp_path / 'newdir'}{os.sep}", "-q", *cli]) == 0
    assert (tmp_path / "newdir").is_dir() and len(files(tmp_path / "newdir")) == 1


def test_2_decart_outputs_get_their_extension(cli: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    assert main(["generate", "decart:lucy-pro-t2v", "--prompt", "a", "-o", f"{out}/", "-q", *cli]) == 0
    assert main(["generate", "decart:lucy-pro-t2i", "--prompt", "b", "-o", f"{out}/", "-q", *cli]) == 0
    monkeypatch.chdir(out)
    assert main(["generate", "decart:lucy-pro-t2v", "--prompt", "c", "-q", *cli]) == 0  # no -o: here
    assert sorted(p.suffix for p in files(out)) == [".mp4", ".mp4", ".png"]


def test_2_a_result_of_unknown_type_is_named_from_its_content(emu: Any, tmp_path: Path) -> None:
    """A directory target names the file once the download has told what it is."""
    client = genvid.Client(emulator=emu.urls.root)
    result = client.generate("decart:lucy-pro-t2v", prompt="x")
    result.media_type = None
    path = result.save(tmp_path)
    assert path.suffix == ".mp4" and path.parent == tmp_path


# --- 3: the pytest plugin without the emulator extra ------------------------------------------
BLOCK = "import sys\nfor m in ('starlette', 'uvicorn', 'av', 'yaml', 'multipart'): sys.modules[m] = None\n"


def test_3_pytest_plugin_loads_nothing_heavy_and_fails_a_fixture_with_the_install_hint(tmp_path: Path) -> None:
    probe = run(code=BLOCK + "import genvid_emulator.pytest_plugin, genvid_emulator\n"
                             "assert 'genvid_emulator._app' not in sys.modules\nprint('ok')")
    assert probe.returncode == 0 and probe.stdout.strip() == "ok", probe.stderr
    (tmp_path / "test_user.py").write_text("def test_plain():\n    assert True\n\n"
                                           "def test_uses(genvid_emulator):\n    pass\n")
    proc = run(code=BLOCK + f"import pytest\nsys.exit(pytest.main([{str(tmp_path)!r}, '-q', '-p', "
                            "'no:cacheprovider']))")
    assert "1 passed" in proc.stdout and "1 error" in proc.stdout, proc.stdout + proc.stderr
    assert "pip install -e '.[emulator]'" in proc.stdout and "ModuleNotFoundError" not in proc.stdout


# --- 4, 15: every client from the printed exports, with and without TLS ------------------------
def _every_client(env: dict[str, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for key in [k for k in os.environ if k.startswith(("FAL_", "DECART_", "LUMA", "GENVID_"))]:
        monkeypatch.delenv(key)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    image = tmp_path / "in.png"
    image.write_bytes(genvid.Client().generate("decart:lucy-pro-t2i", prompt="seed image").read())
    out = genvid.Fal().subscribe("decart/lucy-14b/image-to-video", {"prompt": "x", "image_url": image})
    assert out["video"]["url"]
    assert genvid.Luma().generations.create(prompt="a bear").id
    assert genvid.LumaAgents().generations.create(prompt="a kite", model="uni-1", type="image").id
    assert genvid.Decart().queue.submit({"model": "lucy-pro-t2v", "prompt": "lake"}).job_id


def test_4_every_client_works_from_the_printed_exports(emu: Any, monkeypatch: pytest.MonkeyPatch,
                                                       tmp_path: Path) -> None:
    _every_client(emu.urls.env(), monkeypatch, tmp_path)


def test_4_15_with_tls_and_the_exported_bundle_the_system_cas_stay_trusted(monkeypatch: pytest.MonkeyPatch,
                                                                           tmp_path: Path) -> None:
    import ssl

    with running(Settings(queue_seconds=0.05, run_seconds=0.1, media_scale=0.05), tls=True) as emu:
        env = emu.urls.env()
        bundle = env["SSL_CERT_FILE"]
        assert bundle != emu.urls.cert_file
        text = Path(bundle).read_text()
        assert Path(str(emu.urls.cert_file)).read_text().strip() in text
        context = ssl.create_default_context(cafile=bundle)
        assert context.cert_store_stats()["x509_ca"] > 1  # the system's CAs, plus the emulator's
        _every_client(env, monkeypatch, tmp_path)


# --- 5: verify_fal with the emulator's exports -------------------------------------------------
class _Hook(BaseHTTPRequestHandler):
    received: ClassVar[list[tuple[dict[str, str], bytes]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        _Hook.received.append((dict(self.headers), body))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_5_verify_fal_as_the_readme_shows_it_verifies_emulator_webhooks(emu: Any,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from genvid.webhooks import clear_jwks_cache, verify_fal

    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        for key, value in emu.urls.env().items():
            monkeypatch.setenv(key, value)
        clear_jwks_cache()
        fal = genvid.Fal()
        handle = fal.submit("decart/lucy-edit/pro", {"prompt": "snow", "video_url": emu.urls.root + "/x.mp4"},
                            webhook_url=f"http://127.0.0.1:{server.server_address[1]}/hook")
        deadline = time.monotonic() + 15
        while not _Hook.received and time.monotonic() < deadline:
            time.sleep(0.05)
        headers, body = _Hook.received[-1]
        hook = verify_fal(headers, body)
        assert hook.request_id == handle.request_id
    finally:
        server.shutdown()
        clear_jwks_cache()


# --- 6 and issue 12's item 7: the journal -----------------------------------------------------
def test_6_resume_does_not_say_saved_for_a_job_without_a_target(cli: list[str],
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["submit", "luma:ray-2", "--prompt", "bear", *cli]) == 0
    job_id = capsys.readouterr().out.strip()
    assert main(["jobs", "resume", *cli]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith(job_id))
    assert "not saved" in line and "genvid wait" in line and not line.endswith(": saved")


def test_6_completed_rows_are_finished_and_a_404_is_not_fetched_again(emu: Any, tmp_path: Path) -> None:
    client = genvid.Client(emulator=emu.urls.root, journal=tmp_path / "j.sqlite3")
    job = client.submit("luma:ray-2", prompt="bear")
    client.wait(job)
    assert client.journal is not None and client.journal.entries(unfinished=True) == []
    assert client.resume() == []  # nothing fetched again
    key = client.journal.begin("decart", "lucy-pro-t2v", "d")
    client.journal.submitted(key, "decart:lucy-pro-t2v:no-such-job", "no-such-job")
    first = client.resume(timeout=30)
    assert len(first) == 1 and isinstance(first[0].error, genvid.NotFound)
    assert client.resume(timeout=30) == []
    assert client.journal.get(key).state == "failed"  # type: ignore[union-attr]


def test_6_ctrl_c_then_yes_marks_the_job_cancelled(cli: list[str], tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: Any, **kwargs: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(genvid.Client, "wait", interrupted)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(builtins, "input", lambda prompt="": "y")
    code = main(["generate", "fal:decart/lucy-edit/pro", "--prompt", "x", "--video", "https://example.com/a.mp4",
                 "-o", str(tmp_path / "a.mp4"), *cli])
    assert code == 130
    assert genvid.Client(journal=True).journal.entries()[0].state == "cancelled"  # type: ignore[union-attr]


def test_6_two_interrupted_jobs_with_one_target_never_overwrite(emu: Any, tmp_path: Path) -> None:
    client = genvid.Client(emulator=emu.urls.root, journal=tmp_path / "j.sqlite3")
    target = tmp_path / "out" / "bear.mp4"
    client.submit("luma:ray-2", prompt="first bear", save_to=target)
    client.submit("luma:ray-2", prompt="second bear", save_to=target)
    outcomes = genvid.Client(emulator=emu.urls.root, journal=tmp_path / "j.sqlite3").resume(timeout=60)
    assert [o.ok for o in outcomes] == [True, True]
    saved = files(target.parent)
    assert len(saved) == 2 and target in saved
    assert saved[0].read_bytes() != saved[1].read_bytes()


def test_6_jobs_where_prune_and_forget(cli: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["jobs", "where", *cli]) == 0
    assert capsys.readouterr().out.strip() == str(tmp_path / "journal.sqlite3")
    assert main(["submit", "luma:ray-2", "--prompt", "bear", *cli]) == 0
    job_id = capsys.readouterr().out.strip()
    assert main(["jobs", "list", *cli]) == 0
    captured = capsys.readouterr()
    assert job_id in captured.out and str(tmp_path / "journal.sqlite3") in captured.err
    assert main(["jobs", "forget", job_id, "--json", *cli]) == 0
    assert json.loads(capsys.readouterr().out)["removed"] == 1
    assert main(["jobs", "prune", "--older-than", "0", *cli]) == 0


def test_12_7_cli_names_do_not_collide_on_an_8_character_prefix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    from genvid._results import Result

    def done(self: Any, job: Any, **kwargs: Any) -> Result:
        return Result(url=None, media_type="video/mp4", job=genvid.JobInfo(request_id=str(job)),
                      _inline=str(job).encode())

    monkeypatch.setattr(genvid.Client, "wait", done)
    for ident in ("gen_2024_0001", "gen_2024_0002"):
        assert main(["wait", f"decart:lucy-pro-t2v:{ident}", "-o", f"{tmp_path}/", "-q", "--no-journal"]) == 0
    assert len(files(tmp_path)) == 2


def test_12_7_a_saved_job_is_marked_saved_and_resume_leaves_an_edited_file(emu: Any, tmp_path: Path) -> None:
    client = genvid.Client(emulator=emu.urls.root, journal=tmp_path / "j.sqlite3")
    target = tmp_path / "bear.mp4"
    job = client.submit("luma:ray-2", prompt="bear", save_to=target)
    [outcome] = client.wait_all([job])
    outcome.result.save(target)
    target.write_bytes(b"edited by the user")
    assert client.journal is not None and client.journal.find(job.id).state == "saved"  # type: ignore[union-attr]
    assert client.resume() == []
    assert target.read_bytes() == b"edited by the user"


# --- 7, 8, 9: errors in the CLI's words -------------------------------------------------------
def test_7_errors_and_models_speak_flags_not_wire_fields(cli: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", "fal:decart/lucy-14b/image-to-video", "--prompt", "x", "--image", "nope.png",
                 *cli]) == 2
    err = capsys.readouterr().err
    assert "--image: no such file 'nope.png'" in err and "image_url" not in err
    assert main(["generate", "decart:lucy-2.6", "--prompt", "x", *cli]) == 2
    err = capsys.readouterr().err
    assert "--video is required" in err and "data" not in err
    assert main(["models", "--provider", "decart"]) == 0
    row = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("decart:lucy-2.6\t"))
    assert "--prompt --video" in row


def test_8_cli_hints_name_commands_and_flags(emu: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    for key in [k for k in os.environ if k.startswith(("DECART_", "GENVID_EMULATOR"))]:
        monkeypatch.delenv(key)
    assert main(["generate", "decart:lucy-pro-t2v", "--prompt", "x", "--no-journal"]) == 2
    err = capsys.readouterr().err
    assert "api_key=" not in err and "genvid demo" in err and "--emulator" in err
    assert main(["status", "luma:ray-2:x", "--emulator", "http://127.0.0.1:9", "--no-journal"]) == 3
    assert "genvid emulator" in capsys.readouterr().err
    assert main(["wait", "nonsense", "--no-journal"]) == 2
    assert "Job.id" not in capsys.readouterr().err
    assert main(["submit", "luma:ray-2", "--prompt", "a bear", "--no-journal", "--emulator", emu.urls.root]) == 0
    job_id = capsys.readouterr().out.strip()
    assert main(["wait", job_id, "--timeout", "0.01", "-o", str(tmp_path), "--no-journal", "--emulator",
                 emu.urls.root]) == 4
    err = capsys.readouterr().err
    assert f"genvid wait {job_id}" in err and "client." not in err


def test_9_a_misspelled_model_gets_did_you_mean_and_exit_2(cli: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", "decart:lucy-pro-t2vv", "--prompt", "x", *cli]) == 2
    assert "did you mean decart:lucy-pro-t2v" in capsys.readouterr().err


# --- 10: options anywhere, suggestions ---------------------------------------------------------
def test_10_json_quiet_debug_anywhere_and_typos_get_suggestions(cli: list[str],
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--json", "models"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["name"]
    assert main(["submit", "luma:ray-2", "--prompt", "bear", *cli]) == 0
    job_id = capsys.readouterr().out.strip()
    assert main(["jobs", "show", "--json", job_id, *cli]) == 0
    assert json.loads(capsys.readouterr().out)["job_id"] == job_id
    proc = run("generate", "decart:lucy-2.6", "--promt", "x")
    assert proc.returncode == 2 and "did you mean --prompt?" in proc.stderr and "usage: genvid generate" in proc.stderr
    emulator = subprocess.Popen([sys.executable, "-m", "genvid", "emulator", "--debug", "--port", "0", "-q"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert emulator.stdout is not None
        assert emulator.stdout.readline().startswith("export GENVID_EMULATOR_URL=http://127.0.0.1:")
    finally:
        emulator.terminate()
        emulator.wait(timeout=30)


# --- 11: Ctrl-C, cancel, wait on a cancelled job -----------------------------------------------
def test_11_ctrl_c_on_a_service_without_cancel_does_not_ask_and_keeps_the_target(
        cli: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def interrupted(*args: Any, **kwargs: Any) -> Any:
        raise KeyboardInterrupt

    def never(prompt: str = "") -> str:
        raise AssertionError("asked to cancel a job the service cannot cancel")

    monkeypatch.setattr(genvid.Client, "wait", interrupted)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(builtins, "input", never)
    target = str(tmp_path / "snow.mp4")
    assert main(["generate", "luma:ray-2", "--prompt", "a bear", "-o", target, *cli]) == 130
    err = capsys.readouterr().err
    assert "cannot cancel" in err and "genvid wait luma:ray-2:" in err and f"-o {target}" in err


def test_11_cancel_of_a_finished_job_and_wait_on_a_cancelled_one(emu: Any, cli: list[str], tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    client = genvid.Client(emulator=emu.urls.root)
    job = client.submit("fal:decart/lucy-edit/pro", prompt="x", video=emu.urls.root + "/a.mp4")
    client.wait(job)
    assert main(["cancel", job.id, *cli]) == 0
    out = capsys.readouterr().out
    assert "already completed" in out and "cannot cancel" not in out
    pending = genvid.Fal(emulator=emu.urls.root).submit("decart/lucy-edit/pro",
                                                         {"prompt": "y", "video_url": emu.urls.root + "/b"})
    pending.cancel()
    assert main(["wait", pending.job.id, "-o", str(tmp_path), *cli]) == 1


# --- 12: file modes ------------------------------------------------------------------------------
def test_12_saved_files_respect_the_umask(emu: Any, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        path = genvid.Client(emulator=emu.urls.root).generate("decart:lucy-pro-t2i", prompt="x").save(tmp_path / "a.png")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


# --- 13: fal's own failure detail ----------------------------------------------------------------
def test_13_a_failed_fal_job_says_what_fal_said(emu: Any, cli: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    fal = genvid.Fal(emulator=emu.urls.root)
    fal.api().get_httpx_client().headers["X-Genvid-Fault"] = "fail=content_policy_violation"
    handle = fal.submit("decart/lucy-edit/pro", {"prompt": "x", "video_url": emu.urls.root + "/a.mp4"})
    with pytest.raises(genvid.JobFailed) as failed:
        handle.get(timeout=30)
    assert "Invalid status code" not in str(failed.value) and "prompt" in str(failed.value)
    assert failed.value.failure_code == "content_policy_violation"


# --- 16: the smaller ones ------------------------------------------------------------------------
def test_16_models_has_a_header_and_jobs_show_has_dates(cli: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models"]) == 0
    assert capsys.readouterr().out.splitlines()[0].split("\t")[:3] == ["model", "kind", "required"]
    assert main(["submit", "luma:ray-2", "--prompt", "bear", *cli]) == 0
    job_id = capsys.readouterr().out.strip()
    assert main(["jobs", "show", job_id, *cli]) == 0
    created = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("created_at"))
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", created)


def test_16_result_job_has_the_ids_as_attributes(emu: Any) -> None:
    client = genvid.Client(emulator=emu.urls.root)
    job = client.submit("luma:ray-2", prompt="bear")
    result = client.wait(job)
    assert result.job.id == job.id and result.job.request_id == job.request_id and result.job["model"] == "ray-2"


def test_16_help_texts_read_as_plain_text() -> None:
    emulator = run("emulator", "--help").stdout
    assert "reset-after" in emulator and "|---|" not in emulator and "``" not in emulator
    generate = run("generate", "--help").stdout
    assert re.search(r"--seed SEED\s+random seed", generate)
    proc = run(code="import sys\nsys.modules['genvid_emulator'] = None\nfrom genvid._cli import main\n"
                    "sys.exit(main(['demo']))")
    assert proc.returncode == 2 and "pip install -e '.[emulator]'" in proc.stderr


# --- beyond the fixes ------------------------------------------------------------------------------
def test_models_show_gives_flags_and_an_example_that_runs(cli: list[str], tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    import shlex

    from genvid_emulator._media import MediaSpec, render

    assert main(["models", "show", "decart:lucy-2.6"]) == 0
    out = capsys.readouterr().out
    assert "--prompt --video" in out and "720p" in out and "current" in out
    monkeypatch.chdir(tmp_path)
    Path("input.mp4").write_bytes(render(MediaSpec(kind="video", width=64, height=36, fps=8, seconds=0.5), key="in"))
    Path("input.png").write_bytes(render(MediaSpec(kind="image", width=64, height=36), key="in"))
    for model in ("decart:lucy-2.6", "fal:decart/lucy-14b/image-to-video", "luma:ray-2", "luma-agents:uni-1"):
        assert main(["models", "show", model, "--json"]) == 0
        example = json.loads(capsys.readouterr().out)["example"]
        assert main([*shlex.split(example)[1:], "-q", *cli]) == 0, example
        assert Path(capsys.readouterr().out.strip()).exists()
    assert main(["models", "show", "decart:lucy-2.66"]) == 2
    assert "did you mean decart:lucy-2.6" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["generate", "submit", "wait", "status", "cancel", "jobs", "models", "demo",
                                     "emulator", "completion"])
def test_every_help_ends_with_examples(command: str) -> None:
    proc = run(command, "--help")
    assert proc.returncode == 0 and "examples:" in proc.stdout and f"genvid {command}" in proc.stdout


def test_bash_completion_completes_commands_options_and_models(tmp_path: Path) -> None:
    script = tmp_path / "complete.bash"
    script.write_text(run("completion", "bash").stdout)

    def complete(line: str) -> list[str]:
        words = line.split(" ")
        code = (f". {script}\nCOMP_LINE={shlex_quote(line)}; COMP_POINT=${{#COMP_LINE}}\n"
                f"COMP_WORDS=({' '.join(shlex_quote(w) for w in words)}); COMP_CWORD={len(words) - 1}\n"
                "_genvid\nprintf '%s\\n' \"${COMPREPLY[@]}\"")
        return subprocess.run(["bash", "-c", code], capture_output=True, text=True, timeout=30).stdout.split()

    assert "generate" in complete("genvid gen")
    assert "--prompt" in complete("genvid generate --pro")
    assert "show" in complete("genvid jobs s")
    assert "lucy-2.6" in complete("genvid generate decart:lucy-2.")  # after the ':' bash splits on
    assert "zsh" in complete("genvid completion z")
    assert "bashcompinit" in run("completion", "zsh").stdout


def shlex_quote(text: str) -> str:
    import shlex

    return shlex.quote(text)


def test_generate_says_what_it_made_and_draws_a_contact_sheet(cli: list[str], tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    from PIL import Image

    sheet = tmp_path / "sheet.png"
    assert main(["generate", "luma:ray-2", "--prompt", "a bear", "-o", str(tmp_path / "b.mp4"), "--thumbnail",
                 str(sheet), *cli]) == 0
    line = capsys.readouterr().out.strip()
    assert re.search(r"saved .*b\.mp4: h264 \d+x\d+, [\d.]+ s, \d+ frames, [\d,]+ bytes \(video/mp4\)", line), line
    with Image.open(sheet) as image:
        assert image.width == 3 * 320 and image.height > 0
    assert main(["generate", "luma:ray-2", "--prompt", "a bear", "-o", str(tmp_path / "c.mp4"), "--json", *cli]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["codec"] == "h264" and report["frames"] > 1 and report["seconds"] > 0


def test_without_pyav_the_summary_degrades_with_an_install_hint(emu: Any, tmp_path: Path) -> None:
    code = ("import sys\nsys.modules['av'] = None\nfrom genvid._cli import main\n"
            f"sys.exit(main(['generate', 'decart:lucy-pro-t2i', '--prompt', 'x', '-o', {str(tmp_path / 'a.png')!r}, "
            f"'--thumbnail', {str(tmp_path / 's.png')!r}, '--no-journal', '--emulator', {emu.urls.root!r}]))")
    proc = run(code=code)
    assert proc.returncode == 0, proc.stderr
    assert "bytes (image/png)" in proc.stdout and "pip install av pillow" in proc.stderr
    assert not (tmp_path / "s.png").exists()


def test_emulator_clips_show_model_seed_and_prompt(emu: Any, tmp_path: Path) -> None:
    import av
    import numpy as np

    client = genvid.Client(emulator=emu.urls.root)
    frames = []
    for prompt, seed in (("a red kite", 1), ("a red kite", 2), ("a red kite", 1)):
        data = client.generate("decart:lucy-pro-t2v", prompt=prompt, seed=seed).read()
        with av.open(__import__("io").BytesIO(data)) as container:
            frames.append(next(container.decode(video=0)).to_ndarray(format="gray"))
    band = [f[: max(3, f.shape[0] // 6)] for f in frames]  # the caption's band at the top
    assert np.array_equal(band[0], band[2])  # deterministic
    assert not np.array_equal(band[0], band[1])  # another seed reads differently
    from genvid_emulator._media import caption

    assert caption("decart|lucy-pro-t2v|a red kite|1") == "lucy-pro-t2v · seed 1 · a red kite"
