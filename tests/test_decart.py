"""Decart end to end: the emulator speaks the protocol (proved with the official SDK) and genvid drives it.

Every example of the Decart source documents runs here through genvid's blocking API.
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest

import genvid
from genvid_emulator._media import MediaSpec, probe, render


@pytest.fixture(scope="module")
def image_png() -> bytes:
    return render(MediaSpec(kind="image", width=320, height=176), key="decart test image")


@pytest.fixture(scope="module")
def video_mp4() -> bytes:
    return render(MediaSpec(kind="video", width=160, height=96, fps=10, seconds=0.5), key="decart test video")


@pytest.fixture(scope="module")
def decart(emu: Any) -> genvid.Decart:
    return genvid.Decart(api_key="test-key", base_url=emu.urls.decart)


def _journal(emu: Any) -> int:
    return int(httpx.get(emu.urls.root + "/_emulator/requests?limit=1").json()["count"])


# --- the emulator, seen by the official SDK -------------------------------------------------
def test_official_sdk_queue_and_process(emu: Any, image_png: bytes, video_mp4: bytes) -> None:
    from decart import DecartClient, models

    async def flow() -> tuple[Any, bytes, list[str]]:
        seen: list[str] = []
        async with DecartClient(api_key="sdk-key", base_url=emu.urls.decart) as client:
            result = await client.queue.submit_and_poll({
                "model": models.video("lucy-2.6"), "prompt": "make it snow", "data": video_mp4,
                "on_status_change": lambda s: seen.append(s.status),
            })
            image = await client.process({"model": models.image("lucy-image-2"), "prompt": "oil painting",
                                          "data": image_png, "enhance_prompt": True, "seed": 3})
        return result, image, seen

    result, image, seen = asyncio.run(flow())
    assert result.status == "completed"
    assert probe(result.data)["codec"] == "h264"
    assert probe(image)["format"] == "png"
    assert seen[0] == "pending" and seen[-1] == "completed"


# --- the wire, directly -----------------------------------------------------------------------
def test_emulator_wire_behaviour(emu: Any) -> None:
    h = {"X-API-KEY": "k"}
    with httpx.Client(base_url=emu.urls.decart, headers=h) as c:
        r = c.post("/v1/jobs/lucy-pro-t2v", files={"prompt": (None, "lake"), "enhance_prompt": (None, "True")})
        assert r.status_code == 200 and r.json()["status"] == "pending"
        job_id = r.json()["job_id"]
        assert c.get(f"/v1/jobs/{job_id}/content").status_code == 409
        r = c.post("/v1/jobs/lucy-pro-t2v", files={"prompt": (None, "lake"), "seed": (None, "abc")})
        assert r.status_code == 422
        assert r.json()["detail"][0]["loc"] == ["body", "seed"]
        r = c.post("/v1/jobs/lucy-pro-i2v", files={"prompt": (None, "lake")})
        assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "data"]
        assert c.post("/v1/jobs/no-such-model", files={"prompt": (None, "x")}).status_code == 404
        assert c.get("/v1/jobs/unknown-job").status_code == 404
        assert httpx.get(emu.urls.decart + f"/v1/jobs/{job_id}").status_code == 401


# --- genvid.Decart: the seed's examples, blocking -----------------------------------------------
def test_process_every_seed_example(decart: genvid.Decart, image_png: bytes, video_mp4: bytes,
                                    tmp_path: Path) -> None:
    models = genvid.Decart.models
    video = decart.process({"model": models.video("lucy-pro-t2v"), "prompt": "A serene lake at sunset",
                            "seed": 42, "resolution": "1080p", "orientation": "landscape"})
    assert probe(video)["codec"] == "h264"
    image_file = tmp_path / "image.png"
    image_file.write_bytes(image_png)
    with open(image_file, "rb") as f:
        animated = decart.process({"model": models.video("lucy-pro-i2v"), "prompt": "gentle wind", "data": f,
                                   "seed": 123, "resolution": "1080p"})
    assert probe(animated)["frames"] >= 1
    edited = decart.process({"model": models.video("lucy-pro-v2v"), "prompt": "anime", "data": video_mp4,
                             "enhance_prompt": True, "num_inference_steps": 50})
    assert probe(edited)["codec"] == "h264"
    transition = decart.process({"model": models.video("lucy-pro-flf2v"), "prompt": "smooth",
                                 "start": image_png, "end": image_png, "resolution": "1080p"})
    assert probe(transition)["codec"] == "h264"
    t2i = decart.process({"model": models.image("lucy-pro-t2i"), "prompt": "city", "seed": 42,
                          "orientation": "portrait", "resolution": "1080p"})
    info = probe(t2i)
    assert info["format"] == "png" and info["height"] > info["width"]
    i2i = decart.process({"model": models.image("lucy-pro-i2i"), "prompt": "oil", "data": image_png,
                          "enhance_prompt": True, "seed": 123})
    assert probe(i2i)["format"] == "png"


def test_missing_input_message_matches_the_seed(decart: genvid.Decart, emu: Any) -> None:
    before = _journal(emu)
    with pytest.raises(genvid.InvalidInput) as info:
        decart.process({"model": "lucy-pro-i2v", "prompt": "test"})
    assert "Invalid inputs for lucy-pro-i2v: data is required" in str(info.value)
    assert info.value.field == "data" and info.value.code == "INVALID_INPUT"
    with pytest.raises(genvid.InvalidInput) as info2:
        decart.process({"model": "lucy-pro-t2v", "prompt": "x", "seed": "42"})
    assert info2.value.field == "seed"
    with pytest.raises(genvid.InvalidInput):
        genvid.Decart.models.image("lucy-pro-t2v")
    assert _journal(emu) == before  # nothing was sent


def test_queue_submit_status_result_and_submit_and_poll(decart: genvid.Decart, image_png: bytes) -> None:
    submitted = decart.queue.submit({"model": "lucy-pro-i2v", "prompt": "animate", "data": image_png})
    assert submitted.status.value == "pending"
    changes: list[str] = []
    outcome = decart.queue.submit_and_poll({"model": "lucy-pro-t2v", "prompt": "lake"},
                                           on_status_change=lambda s: changes.append(s.status.value))
    assert isinstance(outcome, genvid._decart.CompletedJob) and outcome.status == "completed"
    assert probe(outcome.data)["codec"] == "h264"
    assert changes[0] == "pending" and changes[-1] == "completed"
    status = decart.queue.status(submitted.job_id)
    assert status.job_id == submitted.job_id
    assert probe(decart.queue.result(outcome.job_id))["codec"] == "h264"


def test_submit_and_poll_returns_failed_job_instead_of_raising(decart: genvid.Decart, emu: Any) -> None:
    failing = genvid.Decart(api_key="k", base_url=emu.urls.decart)
    failing.api().get_httpx_client().headers["X-Genvid-Fault"] = "fail"
    outcome = failing.queue.submit_and_poll({"model": "lucy-pro-t2v", "prompt": "lake"})
    assert outcome.status == "failed"
    assert isinstance(outcome, genvid._decart.FailedJob) and outcome.error


def test_cancel_token_stops_polling(decart: genvid.Decart, emu: Any) -> None:
    hanging = genvid.Decart(api_key="k", base_url=emu.urls.decart)
    hanging.api().get_httpx_client().headers["X-Genvid-Fault"] = "hang"
    token = threading.Event()
    threading.Timer(0.4, token.set).start()
    with pytest.raises(genvid.Cancelled):
        hanging.queue.submit_and_poll({"model": "lucy-pro-t2v", "prompt": "lake"}, cancel_token=token)


def test_unified_client_generate_save_and_reattach(emu: Any, image_png: bytes, tmp_path: Path) -> None:
    client = genvid.Client(emulator=emu.urls.root)
    states: list[str] = []
    result = client.generate("decart:lucy-pro-t2v", prompt="A lake at sunset", seed=42,
                             on_status=lambda s: states.append(s.state))
    path = result.save(tmp_path / "lake.mp4")
    assert probe(path.read_bytes())["codec"] == "h264"
    assert states[0] == "queued" and states[-1] == "completed"
    assert result.media_type == "video/mp4"
    # image models run synchronously (Process)
    image = client.generate("decart:lucy-image-2", prompt="oil", image=image_png)
    assert image.media_type == "image/png"
    # re-attach from another "process": only the id string travels
    job = client.submit("decart:lucy-pro-i2v", prompt="move", image=image_png)
    other = genvid.Client(emulator=emu.urls.root)
    again = other.wait(other.job(job.id), timeout=30)
    assert probe(again.read())["codec"] == "h264"
    assert other.cancel(job) is False  # Decart has no cancel endpoint


def test_deterministic_outputs(emu: Any) -> None:
    client = genvid.Client(emulator=emu.urls.root)
    a = client.generate("decart:lucy-pro-t2i", prompt="same", seed=1).read()
    b = client.generate("decart:lucy-pro-t2i", prompt="same", seed=1).read()
    c = client.generate("decart:lucy-pro-t2i", prompt="same", seed=2).read()
    assert a == b != c
