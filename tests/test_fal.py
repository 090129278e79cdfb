"""genvid.Fal and the unified client against the fal emulator: every seed flow, blocking."""

from __future__ import annotations

import base64
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

import genvid
from genvid_emulator._media import MediaSpec, probe, render

APP = "decart/lucy-14b/image-to-video"
SEED_PROMPT = "A cinematic video begins with a woman standing in an art studio"


@pytest.fixture(scope="module")
def png() -> bytes:
    return render(MediaSpec(kind="image", width=256, height=144), key="fal test image")


@pytest.fixture(scope="module")
def fal(emu: Any) -> genvid.Fal:
    return genvid.Fal(api_key="key-id:key-secret", emulator=emu.urls.root)


def _requests(emu: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = httpx.get(emu.urls.root + "/_emulator/requests?limit=100000").json()["requests"]
    return out


def test_subscribe_with_logs_like_the_seed(fal: genvid.Fal, png: bytes) -> None:
    updates: list[Any] = []
    out = fal.subscribe(APP, {"prompt": SEED_PROMPT, "image_url": png}, with_logs=True,
                        on_queue_update=updates.append)
    kinds = [str(u.status) for u in updates]
    assert "IN_PROGRESS" in kinds and kinds[-1] == "COMPLETED"
    assert any(getattr(u, "logs", None) for u in updates if str(u.status) == "IN_PROGRESS")
    assert out["video"]["url"].startswith("data:video/mp4;base64,")  # the seed's sync_mode default: inline
    video = base64.b64decode(out["video"]["url"].partition(",")[2])
    assert probe(video)["codec"] == "h264"


def test_submit_status_result_cancel(fal: genvid.Fal, png: bytes, emu: Any) -> None:
    handle = fal.submit(APP, {"prompt": "p", "image_url": png}, webhook_url="http://127.0.0.1:9/hook",
                        priority="low", start_timeout=30)
    assert handle.request_id
    status = fal.status(APP, handle.request_id, with_logs=True)
    assert str(status.status) in {"IN_QUEUE", "IN_PROGRESS"}
    out = handle.get(timeout=30)
    assert out == fal.result(APP, handle.request_id)
    queued = fal.submit(APP, {"prompt": "p", "image_url": png})
    assert fal.cancel(APP, queued.request_id) in {"OK", "CANCELLATION_REQUESTED"}
    with pytest.raises(genvid.Cancelled):
        genvid.Client(emulator=emu.urls.root).wait(f"fal:{APP}:{queued.request_id}", timeout=10)
    sent = [r for r in _requests(emu) if r["method"] == "POST" and r["path"].endswith(APP)]
    assert sent  # submitted to the full app id; status/result used owner/app only:
    assert any("/fal/decart/lucy-14b/requests/" in r["path"] for r in _requests(emu))


def test_small_inputs_go_inline_and_large_ones_are_uploaded(fal: genvid.Fal, emu: Any, tmp_path: Path) -> None:
    big = tmp_path / "big.png"
    big.write_bytes(render(MediaSpec(kind="image", width=64, height=64), key="big") + b"\0" * (2 * 1024 * 1024))
    before = len(_requests(emu))
    url = fal.upload(big)
    assert httpx.get(url).content == big.read_bytes()
    fal.submit(APP, {"prompt": "p", "image_url": big})
    paths = [r["path"] for r in _requests(emu)[before:]]
    assert sum("/fal-cdn/files/upload" in p for p in paths) == 2  # the explicit upload + the automatic one


def test_run_is_synchronous(fal: genvid.Fal, png: bytes) -> None:
    out = fal.run("decart/lucy-i2v", {"prompt": "p", "image_url": png})
    assert probe(base64.b64decode(out["video"]["url"].partition(",")[2]))["codec"] == "h264"


def test_unified_client_over_fal(emu: Any, png: bytes, tmp_path: Path) -> None:
    client = genvid.Client(emulator=emu.urls.root)
    states: list[str] = []
    result = client.generate(f"fal:{APP}", prompt="p", image=png, on_status=lambda s: states.append(s.state))
    assert result.media_type == "video/mp4"
    assert probe(result.save(tmp_path / "out.mp4").read_bytes())["codec"] == "h264"
    assert states[-1] == "completed"
    assert result.url is None  # sync_mode's default: the video came inline, so chain it by content
    edit = client.generate("fal:decart/lucy-edit/pro", prompt="anime", video=result.read(), resolution="720p")
    assert probe(edit.read())["codec"] == "h264"


def test_fal_validation_before_any_request(fal: genvid.Fal, emu: Any, png: bytes) -> None:
    before = len(_requests(emu))
    with pytest.raises(genvid.InvalidInput) as info:
        fal.submit(APP, {"prompt": "p"})
    assert info.value.field == "image_url"
    with pytest.raises(genvid.InvalidInput) as info:
        fal.submit(APP, {"prompt": "p", "image_url": png, "aspect_ratio": "4:3"})
    assert info.value.field == "aspect_ratio"
    with pytest.raises(genvid.InvalidInput) as info:
        fal.submit(APP, {"prompt": "p", "image_url": png, "bogus": 1})
    assert info.value.field == "bogus"
    assert len(_requests(emu)) == before


def test_a_job_already_done_costs_one_status_request_and_no_stream(emu: Any, png: bytes) -> None:
    client = genvid.Client(emulator=emu.urls.root)
    job = client.submit(f"fal:{APP}", prompt="p", image=png)
    while not client.status(job).done:
        time.sleep(0.05)
    before = len(_requests(emu))
    result = client.wait(job, timeout=30)
    paths = [r["path"] for r in _requests(emu)[before:]]
    assert [p.rsplit("/", 1)[-1] for p in paths] == ["status", job.request_id]  # the look, then the result
    assert result.job["output"]["video"]["url"]


def test_server_side_failure_is_job_failed(emu: Any, png: bytes) -> None:
    fal = genvid.Fal(api_key="k", emulator=emu.urls.root)
    fal.api().get_httpx_client().headers["X-Genvid-Fault"] = "fail=content_policy_violation"
    handle = fal.submit(APP, {"prompt": "p", "image_url": png})
    with pytest.raises(genvid.JobFailed) as info:
        handle.get(timeout=30)
    assert info.value.reason


def test_sse_is_used_and_polling_is_the_fallback(emu: Any, png: bytes) -> None:
    client = genvid.Client(emulator=emu.urls.root)
    job = client.submit(f"fal:{APP}", prompt="p", image=png)
    before = len(_requests(emu))
    client.wait(job, timeout=30)
    paths = [r["path"] for r in _requests(emu)[before:]]
    # One plain look first (the job is not done yet), then the stream: no polling.
    assert [p.rsplit("/", 1)[-1] for p in paths if "/status" in p] == ["status", "stream"]
    polling = genvid.Fal(api_key="k", emulator=emu.urls.root, use_sse=False)
    handle = polling.submit(APP, {"prompt": "p", "image_url": png})
    stop = threading.Event()
    assert handle.get(timeout=30)["video"]["url"]
    assert not stop.is_set()
