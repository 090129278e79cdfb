"""examples/celery_app: the README's two commands, for real.

Command 1 (``python worker.py --emulator HOST:PORT``) runs as a subprocess: a Celery worker on a
Redis broker (a database of this test's own) with the emulator in the same process. Command 2's
site (``web.create_app()``) is served by werkzeug on 127.0.0.1 in this process, so the emulator
can deliver Luma callbacks to it. Submit -> status -> the saved video (a real MP4); a Luma job is
finished by its callback, with no fallback status check; a retried POST with the same
Idempotency-Key is one job.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from _fleet_support import redis_db

from genvid_emulator._media import probe

pytest.importorskip("celery")
pytest.importorskip("flask")

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "celery_app"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    from werkzeug.serving import make_server

    tmp = tmp_path_factory.mktemp("celery-example")
    with redis_db() as broker:
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("GENVID_")}
        env.update(CELERY_BROKER_URL=broker, GENVID_JOURNAL=str(tmp / "jobs.sqlite3"), GENVID_MEDIA=str(tmp / "media"),
                   PYTHONPATH=os.pathsep.join(sys.path))
        log_path = tmp / "worker.log"
        with open(log_path, "wb") as log:
            worker = subprocess.Popen([sys.executable, "worker.py", "--emulator", f"127.0.0.1:{port}"], cwd=EXAMPLE,
                                      env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        saved_env = {k: os.environ.get(k) for k in ("CELERY_BROKER_URL", "GENVID_JOURNAL", "GENVID_MEDIA")}
        os.environ.update({k: env[k] for k in saved_env})
        try:
            deadline = time.monotonic() + 60
            while " ready." not in log_path.read_text(errors="replace"):
                assert worker.poll() is None, log_path.read_text()
                assert time.monotonic() < deadline, log_path.read_text()
                time.sleep(0.1)
            emulator = f"http://127.0.0.1:{port}"
            httpx.post(f"{emulator}/_emulator/clock", json={"speed": 4}, timeout=10)  # jobs take < 1 s
            httpx.post(f"{emulator}/_emulator/config", json={"media_scale": 0.1}, timeout=10)
            if str(EXAMPLE) not in sys.path:
                sys.path.insert(0, str(EXAMPLE))
            import web

            server = None
            app = web.create_app(GENVID_EMULATOR_URL=emulator, GENVID_CALLBACK_SECRET="celery-example-secret",
                                 TESTING=True)
            server = make_server("127.0.0.1", 0, app, threaded=True)
            base = f"http://127.0.0.1:{server.server_port}"
            app.config["GENVID_PUBLIC_URL"] = base
            thread = threading.Thread(target=server.serve_forever, daemon=True, name="celery-example-site")
            thread.start()
            yield {"base": base, "emulator": emulator, "log": log_path, "media": tmp / "media"}
        finally:
            if server is not None:
                server.shutdown()
            worker.terminate()
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait(timeout=10)
            for k, v in saved_env.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v


def wait_done(base: str, job_id: str, timeout: float = 60) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = httpx.get(f"{base}/jobs/{job_id}", timeout=10).json()
        if body["done"]:
            return dict(body)
        time.sleep(0.1)
    pytest.fail(f"{job_id} did not finish: {body}")


def requests_for(emulator: str, needle: str) -> list[dict[str, Any]]:
    items = httpx.get(f"{emulator}/_emulator/requests", params={"limit": 100000}, timeout=10).json()["requests"]
    return [r for r in items if needle in r["path"]]


def test_the_page_and_models(site: dict[str, Any]) -> None:
    r = httpx.get(site["base"] + "/", timeout=10)
    assert r.status_code == 200 and "Generate" in r.text
    assert "luma:ray-2" in {m["name"] for m in httpx.get(site["base"] + "/models").json()}


def test_a_luma_job_is_finished_by_its_callback(site: dict[str, Any]) -> None:
    started = time.monotonic()
    r = httpx.post(site["base"] + "/jobs", json={"model": "luma:ray-2", "prompt": "a kite over the sea"}, timeout=10)
    assert r.status_code == 202
    job_id = r.json()["job_id"]
    final = wait_done(site["base"], job_id)
    took = time.monotonic() - started
    assert final["state"] == "completed" and final["error"] is None, final
    video = httpx.get(f"{site['base']}/jobs/{job_id}/video", timeout=10)
    assert video.status_code == 200 and video.headers["content-type"] == "video/mp4"
    assert probe(video.content)["codec"] == "h264"
    generation = final["service_job_id"].rsplit(":", 1)[1]
    reads = [q for q in requests_for(site["emulator"], generation) if q["method"] == "GET"]
    # The callback enqueued the download: one read of the generation (by finish), no fallback polling
    # (the first fallback check is 30 s after the submit), and it was done in a few seconds.
    assert len(reads) == 1 and took < 20, (reads, took)
    finishers = re.findall(r"Task genvid\.finish\[([^\]]+)\] received", site["log"].read_text())
    assert any(f != job_id for f in finishers), finishers  # a finish task of its own, enqueued by the callback


def test_a_retried_post_is_one_job(site: dict[str, Any]) -> None:
    before = httpx.get(site["emulator"] + "/_emulator/jobs", timeout=10).json()["jobs"]
    body = {"model": "decart:lucy-pro-t2v", "prompt": "the same order twice", "seed": "7"}
    first = httpx.post(site["base"] + "/jobs", json=body, headers={"Idempotency-Key": "order-42"}, timeout=10)
    again = httpx.post(site["base"] + "/jobs", json=body, headers={"Idempotency-Key": "order-42"}, timeout=10)
    assert first.status_code == again.status_code == 202 and first.json() == again.json()
    final = wait_done(site["base"], first.json()["job_id"])
    assert final["state"] == "completed"
    after = httpx.get(site["emulator"] + "/_emulator/jobs", timeout=10).json()["jobs"]
    assert len([j for j in after if j["service"] == "decart"]) - len([j for j in before if j["service"] == "decart"]) == 1
    assert (site["media"] / "web-order-42.mp4").is_file()


def test_bad_requests(site: dict[str, Any]) -> None:
    base = site["base"]
    assert httpx.post(base + "/jobs", json={"prompt": "no model"}).status_code == 400
    assert httpx.post(base + "/jobs", json={"model": "luma:ray-2"}, headers={"Idempotency-Key": "x y"}).status_code == 400
    assert httpx.post(base + "/jobs", json={"model": "luma:ray-2", "seed": "abc"}).status_code == 400
    assert httpx.get(base + "/jobs/not-ours").status_code == 400
    assert httpx.get(base + "/jobs/web-unknown/video").status_code == 409
    r = httpx.post(base + "/jobs", json={"model": "nope:x", "prompt": "p"})  # refused by the worker
    assert r.status_code == 202
    final = wait_done(base, r.json()["job_id"])
    assert final["state"] == "failed" and "unknown provider" in final["error"]
    assert httpx.post(base + "/callbacks/luma", content=b"{}").status_code == 401
