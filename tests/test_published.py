"""Faithful to the published descriptions (issue 11, items 7, 10-14).

Each test holds the emulator, the specs and genvid to what a source nobody here wrote says:
the seeds, the official SDKs' wire behaviour, Luma's ``openapi.yaml``, fal's endpoint pages.
The official Luma SDKs' strict parsing (item 11) is checked in ``test_emulator_luma.py``,
whose clients all run with ``_strict_response_validation=True``. ``FIDELITY.md`` lists what
still differs from each published description.
"""

from __future__ import annotations

import asyncio
import base64
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

import genvid
from genvid_emulator import RunningEmulator, Settings, running
from genvid_emulator._media import MediaSpec, probe, render

DECART_KEY = {"X-API-KEY": "k"}


@pytest.fixture(scope="module")
def mp4() -> bytes:
    return render(MediaSpec(kind="video", width=160, height=96, fps=10, seconds=0.5), key="published video")


@pytest.fixture(scope="module")
def png() -> bytes:
    return render(MediaSpec(kind="image", width=160, height=96), key="published image")


def _journal(emu: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = httpx.get(emu.urls.root + "/_emulator/requests?limit=100000").json()["requests"]
    return found


# --- item 10: Decart forms without a file arrive urlencoded -------------------------------------


def test_decart_accepts_urlencoded_forms_as_the_official_sdk_sends_them(emu: Any) -> None:
    import aiohttp
    from decart import DecartClient
    from decart.models import ModelDefinition

    premise = aiohttp.FormData()
    premise.add_field("prompt", "a lake")
    assert not premise.is_multipart  # the SDK's text-only form goes out urlencoded

    t2v = ModelDefinition(name="lucy-pro-t2v", url_path="/v1/jobs/lucy-pro-t2v", fps=25, width=1280, height=704)
    t2i = ModelDefinition(name="lucy-pro-t2i", url_path="/v1/generate/lucy-pro-t2i", fps=1, width=1280,
                          height=704)

    async def flow() -> tuple[Any, bytes]:
        async with DecartClient(api_key="sdk-key", base_url=emu.urls.decart) as client:
            job = await client.queue.submit_and_poll({"model": t2v, "prompt": "a lake at dawn", "seed": 7})
            image = await client.process({"model": t2i, "prompt": "a lake", "orientation": "portrait"})
        return job, image

    job, image = asyncio.run(flow())
    assert job.status == "completed" and probe(job.data)["codec"] == "h264"
    info = probe(image)
    assert info["format"] == "png" and info["height"] > info["width"]


def test_urlencoded_forms_are_validated_like_multipart(emu: Any) -> None:
    with httpx.Client(base_url=emu.urls.decart, headers=DECART_KEY) as c:
        r = c.post("/v1/jobs/lucy-pro-t2v", data={"prompt": "lake", "orientation": "portrait"})
        assert r.status_code == 200 and r.json()["status"] == "pending", r.text
        r = c.post("/v1/jobs/lucy-9-preview", data={"prompt": "lake"})  # the generic operation parses it too
        assert r.status_code == 404 and r.json() == {"detail": "Model not found: lucy-9-preview"}
        r = c.post("/v1/jobs/lucy-pro-t2v", data={"prompt": "lake", "seed": "abc"})
        assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "seed"]
        r = c.post("/v1/jobs/lucy-pro-i2v", data={"prompt": "lake"})  # a file cannot come urlencoded
        assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "data"]
        r = c.post("/v1/jobs/lucy-pro-t2v", content=b"prompt=lake", headers={"Content-Type": "text/plain"})
        assert r.status_code == 422 and r.json()["detail"][0]["type"] == "content_type"


# --- item 13: Decart rules the seeds state ---------------------------------------------------------


def test_num_inference_steps_is_for_the_pro_model_only(emu: Any, mp4: bytes) -> None:
    with httpx.Client(base_url=emu.urls.decart, headers=DECART_KEY) as c:
        for model in ("lucy-dev-v2v", "lucy-fast-v2v"):
            r = c.post(f"/v1/jobs/{model}", files={"prompt": (None, "anime"), "num_inference_steps": (None, "50"),
                                                    "data": ("v.mp4", mp4)})
            assert r.status_code == 422, r.text
            issue = r.json()["detail"][0]
            assert issue["loc"] == ["body", "num_inference_steps"] and "lucy-pro-v2v only" in issue["msg"]
        r = c.post("/v1/jobs/lucy-pro-v2v", files={"prompt": (None, "anime"), "num_inference_steps": (None, "50"),
                                                   "data": ("v.mp4", mp4)})
        assert r.status_code == 200, r.text
    decart = genvid.Decart(api_key="k", base_url=emu.urls.decart)
    with pytest.raises(genvid.InvalidInput) as info:
        decart.queue.submit({"model": "lucy-dev-v2v", "prompt": "anime", "data": mp4, "num_inference_steps": 50})
    assert info.value.field == "num_inference_steps"


def test_orientation_is_landscape_or_portrait(emu: Any) -> None:
    with httpx.Client(base_url=emu.urls.decart, headers=DECART_KEY) as c:
        for model in ("lucy-pro-t2v", "lucy-pro-t2i"):
            verb = "jobs" if model.endswith("v") else "generate"
            r = c.post(f"/v1/{verb}/{model}", files={"prompt": (None, "lake"), "orientation": (None, "square")})
            assert r.status_code == 422, r.text
            assert r.json()["detail"][0]["loc"] == ["body", "orientation"]
            assert "landscape, portrait" in r.json()["detail"][0]["msg"]
    decart = genvid.Decart(api_key="k", base_url=emu.urls.decart)
    with pytest.raises(genvid.InvalidInput) as info:
        decart.queue.submit({"model": "lucy-pro-t2v", "prompt": "lake", "orientation": "square"})
    assert info.value.field == "orientation"
    assert decart.queue.submit({"model": "lucy-pro-t2v", "prompt": "lake", "orientation": "portrait"}).job_id


# --- item 7: fal's sync_mode (default true on the Lucy apps) puts the media inline -----------------

FAL_I2V = "decart/lucy-14b/image-to-video"


def test_sync_mode_default_gives_the_media_inline_and_false_gives_a_url(emu: Any, png: bytes) -> None:
    fal = genvid.Fal(api_key="k", emulator=emu.urls.root)
    inline = fal.subscribe(FAL_I2V, {"prompt": "She smiles", "image_url": png})  # as seed 002 writes it
    video = inline["video"]
    assert video["url"].startswith("data:video/mp4;base64,") and video["content_type"] == "video/mp4"
    data = base64.b64decode(video["url"].partition(",")[2])
    assert len(data) == video["file_size"] and probe(data)["codec"] == "h264"
    by_url = fal.subscribe(FAL_I2V, {"prompt": "She smiles", "image_url": png, "sync_mode": False})
    assert by_url["video"]["url"].startswith(emu.urls.root)
    restyle = fal.subscribe("decart/lucy-restyle", {"prompt": "ink", "video_url": data})  # its default is false
    assert restyle["video"]["url"].startswith(emu.urls.root)


def test_result_saves_and_streams_both_forms(emu: Any, png: bytes, tmp_path: Path) -> None:
    client = genvid.Client(emulator=emu.urls.root)
    inline = client.generate(f"fal:{FAL_I2V}", prompt="She smiles", image=png)
    linked = client.generate(f"fal:{FAL_I2V}", prompt="She smiles", image=png, sync_mode=False)
    assert inline.url is None and linked.url is not None and linked.url.startswith("http")
    for result in (inline, linked):
        assert result.media_type == "video/mp4"
        seen: list[tuple[int, int | None]] = []
        chunks = list(result.iter_bytes(chunk_size=1000, on_progress=lambda done, total, seen=seen:
                                        seen.append((done, total))))
        whole = b"".join(chunks)
        assert probe(whole)["codec"] == "h264" and len(whole) == result.size
        assert seen[-1][0] == len(whole)
        folder = tmp_path / ("inline" if result.url is None else "linked")
        folder.mkdir()
        saved = result.save(folder)  # named after the service's file name
        assert saved.read_bytes() == whole and saved.suffix == ".mp4"
    assert "inline" in repr(inline) and "base64" not in repr(inline)


# --- item 14: fal's Lucy Edit Pro page; cancel of a queued request ------------------------------------


def test_lucy_edit_pro_takes_a_seed(emu: Any, mp4: bytes) -> None:
    fal = genvid.Fal(api_key="k", emulator=emu.urls.root)
    args = {"prompt": "anime", "video_url": mp4, "seed": 42, "resolution": "720p"}
    out = fal.subscribe("decart/lucy-edit/pro", args)
    assert out["video"]["content_type"] == "video/mp4"
    with pytest.raises(genvid.InvalidInput) as info:
        fal.subscribe("decart/lucy-edit/pro", {**args, "seed": "42"})
    assert info.value.field == "seed"


@pytest.fixture(scope="module")
def slow() -> Iterator[RunningEmulator]:
    with running(Settings(queue_seconds=30, run_seconds=30, media_scale=0.05)) as e:
        yield e


def test_cancel_answers_as_fal_documents(slow: RunningEmulator, png: bytes) -> None:
    fal = genvid.Fal(api_key="k", emulator=slow.urls.root)
    queued = fal.submit(FAL_I2V, {"prompt": "never mind", "image_url": png})
    base = f"{slow.urls.root}/fal/decart/lucy-14b/requests"
    assert fal.cancel(FAL_I2V, queued.request_id) == "OK"  # removed from the queue
    r = httpx.put(f"{base}/{queued.request_id}/cancel", headers={"Authorization": "Key k"})
    assert r.status_code == 400 and r.json() == {"status": "ALREADY_COMPLETED"}
    with pytest.raises(genvid.Cancelled):
        queued.get(timeout=10)
    running_one = fal.submit(FAL_I2V, {"prompt": "stop it", "image_url": png})
    httpx.post(f"{slow.urls.root}/_emulator/clock", json={"advance": 31})
    assert str(fal.status(FAL_I2V, running_one.request_id).status) == "IN_PROGRESS"
    r = httpx.put(f"{base}/{running_one.request_id}/cancel", headers={"Authorization": "Key k"})
    assert r.status_code == 202 and r.json() == {"status": "CANCELLATION_REQUESTED"}
    fresh = fal.submit(FAL_I2V, {"prompt": "and this", "image_url": png})
    r = httpx.put(f"{base}/{fresh.request_id}/cancel", headers={"Authorization": "Key k"})
    assert r.status_code == 200 and r.json() == {"status": "OK"}
    r = httpx.put(f"{base}/00000000-0000-0000-0000-000000000000/cancel", headers={"Authorization": "Key k"})
    assert r.status_code == 404 and r.json() == {"status": "NOT_FOUND"}


# --- item 11: Luma Dream Machine against Luma's openapi.yaml (lumalabs/lumaai-api) -------------------


def _dm(emu: Any) -> Any:
    import lumaai

    return lumaai.LumaAI(auth_token="k", base_url=emu.urls.luma, max_retries=0, _strict_response_validation=True)


def _done(dm: Any, gen_id: str) -> Any:
    deadline = time.monotonic() + 20
    while (gen := dm.generations.get(gen_id)).state not in ("completed", "failed"):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    return gen


def test_generation_type_is_video_or_image_for_every_kind(emu: Any) -> None:
    dm = _dm(emu)
    video = _done(dm, dm.generations.create(model="ray-2", prompt="a lighthouse").id)
    image = _done(dm, dm.generations.image.create(model="photon-1", prompt="a lighthouse").id)
    media = {"url": video.assets.video}
    made = {
        "reframe_image": dm.generations.image.reframe(model="photon-1", aspect_ratio="1:1",
                                                      generation_type="reframe_image",
                                                      media={"url": image.assets.image}),
        "modify_video": dm.generations.video.modify(model="ray-2", generation_type="modify_video", mode="flex_1",
                                                    media=media),
        "reframe_video": dm.generations.video.reframe(model="ray-2", generation_type="reframe_video",
                                                      aspect_ratio="9:16", media=media),
        "upscale_video": dm.generations.upscale(video.id, resolution="1080p"),
        "add_audio": dm.generations.audio(video.id, prompt="waves"),
    }
    for kind, created in made.items():  # each answer parsed by the SDK's strict mode
        done = _done(dm, created.id)
        want = "image" if kind == "reframe_image" else "video"
        assert created.generation_type == done.generation_type == want, kind
        assert done.request.generation_type == kind
    listed = dm.generations.list()  # strict-parses every generation of the page
    assert {g.generation_type for g in listed.generations} == {"video", "image"}


def test_upscale_and_audio_answer_200_and_creates_201(emu: Any) -> None:
    dm = _dm(emu)
    created = dm.generations.with_raw_response.create(model="ray-flash-2", prompt="a fox")
    assert created.http_response.status_code == 201
    video = _done(dm, created.parse().id)
    assert dm.generations.with_raw_response.upscale(video.id, resolution="4k").http_response.status_code == 200
    assert dm.generations.with_raw_response.audio(video.id, prompt="wind").http_response.status_code == 200


def test_list_defaults_to_100_and_states_no_bounds(emu: Any) -> None:
    headers = {"Authorization": "Bearer k"}
    page = httpx.get(f"{emu.urls.luma}/generations", headers=headers).json()
    assert page["limit"] == 100 and page["offset"] == 0
    for query in ({"limit": 0}, {"offset": -1}):  # no published bound: no 400
        assert httpx.get(f"{emu.urls.luma}/generations", params=query, headers=headers).status_code == 200
    luma = genvid.Luma(api_key="k", base_url=emu.urls.luma)
    assert luma.generations.list_page(limit=0).generations == []


def test_model_is_required_and_prompt_only_without_an_image_keyframe(emu: Any, png: bytes) -> None:
    headers = {"Authorization": "Bearer k"}
    url = f"{emu.urls.luma}/generations/video"
    r = httpx.post(url, headers=headers, json={"prompt": "a cat"})
    assert r.status_code == 400 and "model is required" in r.json()["detail"]
    for prompt in ("hi", "x" * 6000):  # no published length bounds
        assert httpx.post(url, headers=headers, json={"model": "ray-2", "prompt": prompt}).status_code == 201
    image = {"type": "image", "url": f"data:image/png;base64,{base64.b64encode(png).decode()}"}
    assert httpx.post(url, headers=headers, json={"model": "ray-2", "keyframes": {"frame0": image}}).status_code == 201
    r = httpx.post(url, headers=headers, json={"model": "ray-2"})
    assert r.status_code == 400 and "prompt is required" in r.json()["detail"]
    # No prompt is needed anywhere else (an image, a reframe).
    r = httpx.post(f"{emu.urls.luma}/generations/image", headers=headers, json={"model": "photon-1"})
    assert r.status_code == 201
    reframe = {"model": "photon-1", "aspect_ratio": "1:1", "generation_type": "reframe_image",
               "media": {"url": image["url"]}}
    assert httpx.post(f"{emu.urls.luma}/generations/image/reframe", headers=headers, json=reframe).status_code == 201
    luma = genvid.Luma(api_key="k", base_url=emu.urls.luma)
    assert luma.generations.create(prompt="hi").model == "ray-2"  # the facade fills in the required model


def test_video_reframe_has_no_format_and_camera_motions_stay(emu: Any) -> None:
    luma = genvid.Luma(api_key="k", base_url=emu.urls.luma)
    with pytest.raises(genvid.InvalidInput) as info:  # not in Luma's document nor the SDK
        luma.generations.video.reframe(model="ray-2", aspect_ratio="9:16", media="https://x.invalid/v.mp4",
                                       format="png")
    assert info.value.field == "format"
    motions = httpx.get(f"{emu.urls.luma}/generations/camera_motion/list", headers={"Authorization": "Bearer k"})
    assert motions.status_code == 200 and "camera orbit left" in motions.json()  # the seed names this endpoint


# --- item 12: Luma Agents' presigned output URLs (1 h expiry) --------------------------------------


@pytest.fixture()
def agents_emu() -> Iterator[RunningEmulator]:
    """An emulator of its own: these tests move its clock an hour on."""
    with running(Settings(queue_seconds=0.1, run_seconds=0.2, media_scale=0.05)) as e:
        yield e


def _advance(emu: RunningEmulator, seconds: float) -> None:
    assert httpx.post(f"{emu.urls.root}/_emulator/clock", json={"advance": seconds}).status_code == 200


def test_presigned_output_urls_are_refused_as_s3_refuses_them(agents_emu: RunningEmulator) -> None:
    import luma_agents

    sdk = luma_agents.Luma(auth_token="k", base_url=agents_emu.urls.luma_agents, max_retries=0,
                           _strict_response_validation=True)
    gen = sdk.generations.create(prompt="a lighthouse at dusk", type="image")
    while (gen := sdk.generations.get(gen.id)).state != "completed":
        assert gen.state != "failed"
        time.sleep(0.05)
    url = str(gen.output[0].url)
    assert httpx.get(url).status_code == 200
    expires = int(httpx.URL(url).params["Expires"])
    assert 3500 < expires - time.time() <= 3600  # "1 hr expiry"
    signed = httpx.URL(url).params["Signature"]
    for bad, code in ((url.replace(signed, "0" * len(signed)), "SignatureDoesNotMatch"),
                      (url.split("?")[0], "AccessDenied")):
        r = httpx.get(bad)
        assert r.status_code == 403 and r.headers["content-type"].startswith("application/xml")
        assert f"<Code>{code}</Code>" in r.text
    _advance(agents_emu, 3601)
    r = httpx.get(url)
    assert r.status_code == 403 and "<Message>Request has expired</Message>" in r.text and "<Expires>" in r.text
    assert httpx.head(url).status_code == 403
    fresh = str(sdk.generations.get(gen.id).output[0].url)  # fetching the generation again signs anew
    assert fresh != url and httpx.get(fresh).status_code == 200


def test_an_expired_output_url_is_fetched_again_for_a_fresh_one(agents_emu: RunningEmulator,
                                                                 tmp_path: Path) -> None:
    agents = genvid.LumaAgents(api_key="k", base_url=agents_emu.urls.luma_agents)
    gen = agents.generations.create(prompt="a lighthouse at dusk", type="image")
    result = agents.wait(gen.id, timeout=30)
    stale = result.url
    _advance(agents_emu, 3601)  # the result sat for more than an hour before being saved
    gets = sum(r["method"] == "GET" and r["path"].endswith(str(gen.id)) for r in _journal(agents_emu))
    saved = result.save(tmp_path / "lighthouse.png")
    assert probe(saved.read_bytes())["format"] == "png"
    assert sum(r["method"] == "GET" and r["path"].endswith(str(gen.id)) for r in _journal(agents_emu)) == gets + 1
    assert result.url != stale and result.url is not None
    assert httpx.get(result.url).status_code == 200
    assert result.read() == saved.read_bytes()  # a second read reuses the fresh URL: no new fetch
    assert sum(r["method"] == "GET" and r["path"].endswith(str(gen.id)) for r in _journal(agents_emu)) == gets + 1
