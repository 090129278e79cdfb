"""The emulator's own controls: health, keys, the clock, reset, config, Range, the journal."""

from __future__ import annotations

import subprocess
import sys
import time

import httpx
import pytest

from genvid_emulator import Settings, running

H = {"X-API-KEY": "k"}


def _submit(root: str) -> str:
    r = httpx.post(root + "/decart/v1/jobs/lucy-pro-t2v", headers=H, files={"prompt": (None, "clock")})
    assert r.status_code == 200
    return str(r.json()["job_id"])


def _status(root: str, job: str) -> str:
    return str(httpx.get(f"{root}/decart/v1/jobs/{job}", headers=H).json()["status"])


def test_clock_can_be_frozen_stepped_and_sped_up() -> None:
    with running(Settings(queue_seconds=5, run_seconds=5, media_scale=0.02)) as emu:
        root = emu.urls.root
        assert httpx.post(root + "/_emulator/clock", json={"speed": 0}).json()["speed"] == 0
        job = _submit(root)
        time.sleep(0.2)
        assert _status(root, job) == "pending"
        httpx.post(root + "/_emulator/clock", json={"advance": 6})
        assert _status(root, job) == "processing"
        httpx.post(root + "/_emulator/clock", json={"advance": 5})
        assert _status(root, job) == "completed"
        other = _submit(root)
        httpx.post(root + "/_emulator/clock", json={"speed": 1000})
        time.sleep(0.1)
        assert _status(root, other) == "completed"


def test_only_the_configured_key_is_accepted() -> None:
    with running(Settings(api_key="the-key", media_scale=0.02)) as emu:
        url = emu.urls.decart + "/v1/jobs/lucy-pro-t2v"
        assert httpx.post(url, files={"prompt": (None, "x")}).status_code == 401
        assert httpx.post(url, headers={"X-API-KEY": "wrong"}, files={"prompt": (None, "x")}).status_code == 401
        assert httpx.post(url, headers={"X-API-KEY": "the-key"}, files={"prompt": (None, "x")}).status_code == 200
        assert httpx.get(emu.urls.luma + "/ping").status_code == 401
        assert httpx.get(emu.urls.luma + "/ping", headers={"Authorization": "Bearer the-key"}).status_code == 200
        config = httpx.get(emu.urls.root + "/_emulator/config").json()
        assert config["api_key"] == "set"  # never echoed


def test_health_journal_reset_and_config() -> None:
    with running(Settings(queue_seconds=0.05, run_seconds=0.05, media_scale=0.02)) as emu:
        root = emu.urls.root
        health = httpx.get(root + "/_emulator/health").json()
        assert health["status"] == "ok" and set(health["services"]) == {"decart", "fal", "luma", "luma-agents"}
        _submit(root)
        journal = httpx.get(root + "/_emulator/requests").json()
        assert journal["requests"][-1]["operation"] == "submit_lucy_pro_t2v"  # the model's typed operation
        assert httpx.post(root + "/_emulator/config", json={"fault_rate": 1.0, "fault_kinds": ["503"]}
                          ).status_code == 200
        assert httpx.get(root + "/decart/v1/jobs/x", headers=H).status_code == 503
        assert httpx.post(root + "/_emulator/config", json={"fault_rate": 0}).status_code == 200
        assert httpx.post(root + "/_emulator/config", json={"nope": 1}).status_code == 400
        assert httpx.post(root + "/_emulator/config", json={"fault_kinds": ["bogus"], "fault_rate": 0.5}
                          ).status_code == 400
        httpx.post(root + "/_emulator/config", json={"fault_rate": 0, "fault_kinds": []})
        assert httpx.post(root + "/_emulator/reset").status_code == 200
        assert httpx.get(root + "/_emulator/jobs").json()["jobs"] == []


def _jobs(root: str) -> dict[str, dict[str, object]]:
    return {str(j["id"]): j for j in httpx.get(root + "/_emulator/jobs").json()["jobs"]}


def test_jobs_tell_when_each_job_was_created_and_finishes() -> None:
    with running(Settings(queue_seconds=0.1, run_seconds=0.2, media_scale=0.02)) as emu:
        root = emu.urls.root
        before = time.time()
        job = _submit(root)
        row = _jobs(root)[job]
        assert before <= float(row["created_at"]) <= time.time()  # type: ignore[arg-type]
        assert row["queue_seconds"] == 0.1 and row["run_seconds"] == 0.2
        finished = float(row["finished_at"])  # type: ignore[arg-type]
        assert abs(finished - (float(row["created_at"]) + 0.3)) < 0.01  # type: ignore[arg-type]
        while _status(root, job) != "completed":
            assert time.time() < finished + 0.01  # never seen running after the time it gives
            time.sleep(0.005)
        assert time.time() >= finished - 0.005  # nor completed before it
        httpx.post(root + "/_emulator/clock", json={"speed": 2})
        fast = _submit(root)
        row = _jobs(root)[fast]
        assert abs(float(row["finished_at"]) - float(row["created_at"]) - 0.15) < 0.01  # type: ignore[arg-type]
        httpx.post(root + "/_emulator/clock", json={"speed": 0})
        frozen = _submit(root)
        assert _jobs(root)[frozen]["finished_at"] is None  # a frozen clock never gets there


def test_job_time_jitter_gives_each_job_its_own_length_the_same_after_reset() -> None:
    with running(Settings(queue_seconds=1, run_seconds=2, job_time_jitter=1.0, jitter_seed=3,
                          media_scale=0.02)) as emu:
        root = emu.urls.root

        def lengths() -> list[float]:
            ids = [_submit(root) for _ in range(6)]
            rows = _jobs(root)
            return [float(rows[i]["queue_seconds"]) + float(rows[i]["run_seconds"]) for i in ids]  # type: ignore[arg-type]

        first = lengths()
        assert all(3 <= t <= 6 for t in first) and len(set(first)) == 6, first
        rows = _jobs(root)
        assert all(abs(float(r["run_seconds"]) - 2 * float(r["queue_seconds"])) < 1e-9 for r in rows.values())  # type: ignore[arg-type]
        httpx.post(root + "/_emulator/reset")
        assert lengths() == first
        httpx.post(root + "/_emulator/config", json={"jitter_seed": 4})
        httpx.post(root + "/_emulator/reset")
        assert lengths() != first
        httpx.post(root + "/_emulator/config", json={"job_time_jitter": 0})
        assert set(lengths()) == {3.0}


def test_range_requests() -> None:
    with running(Settings(queue_seconds=0, run_seconds=0, media_scale=0.02)) as emu:
        job = _submit(emu.urls.root)
        url = f"{emu.urls.decart}/v1/jobs/{job}/content"
        whole = httpx.get(url, headers=H).content
        part = httpx.get(url, headers={**H, "Range": "bytes=10-19"})
        assert part.status_code == 206 and part.content == whole[10:20]
        tail = httpx.get(url, headers={**H, "Range": "bytes=-5"})
        assert tail.content == whole[-5:]
        assert httpx.get(url, headers={**H, "Range": f"bytes={len(whole)}-"}).status_code == 416


def test_tls_serves_https_with_its_certificate() -> None:
    with running(Settings(media_scale=0.02), tls=True) as emu:
        assert emu.urls.root.startswith("https://") and emu.urls.cert_file
        import ssl

        trusted = ssl.create_default_context(cafile=emu.urls.cert_file)
        assert httpx.get(emu.urls.root + "/_emulator/health", verify=trusted).status_code == 200
        with pytest.raises(httpx.ConnectError):
            httpx.get(emu.urls.root + "/_emulator/health")  # not trusted by default


def test_the_command_prints_export_lines() -> None:
    proc = subprocess.Popen([sys.executable, "-m", "genvid", "emulator", "--port", "0"], stdout=subprocess.PIPE,
                            text=True)
    try:
        assert proc.stdout is not None
        lines: list[str] = []
        while not lines or lines[-1] not in ("\n", ""):  # the banner ends with a blank line
            lines.append(proc.stdout.readline())
        exports = {line.split("=", 1)[0].removeprefix("export ") for line in lines if line.startswith("export ")}
        assert {"DECART_BASE_URL", "FAL_QUEUE_RUN_HOST", "FAL_RUN_HOST", "LUMAAI_BASE_URL", "LUMA_BASE_URL",
                "FAL_KEY", "DECART_API_KEY", "LUMAAI_API_KEY", "LUMA_AGENTS_API_KEY"} <= exports
        root = next(line for line in lines if "serving at" in line).split("serving at ")[1].split()[0]
        assert httpx.get(root + "/_emulator/health").status_code == 200
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_webhooks_never_leave_this_machine_by_default() -> None:
    with running(Settings(queue_seconds=0, run_seconds=0, media_scale=0.02)) as emu:
        png = (
            "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
        )
        r = httpx.post(emu.urls.fal_queue + "/decart/lucy-i2v", params={"fal_webhook": "https://example.com/hook"},
                       headers={"Authorization": "Key k"}, json={"prompt": "p", "image_url": png})
        assert r.status_code == 200
        r = httpx.post(emu.urls.luma + "/generations/video", headers={"Authorization": "Bearer k"},
                       json={"model": "ray-2", "prompt": "a teddy bear", "callback_url": "http://10.0.0.1/cb"})
        assert r.status_code in (200, 201)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            deliveries = httpx.get(emu.urls.root + "/_emulator/deliveries").json()["deliveries"]
            if {d["service"] for d in deliveries} >= {"fal", "luma"}:
                break
            time.sleep(0.05)
        assert deliveries and all(d.get("skipped") == "not a loopback host" for d in deliveries)
