"""The emulated Luma Dream Machine and Luma Agents APIs, driven by the OFFICIAL SDKs.

``lumaai`` and ``luma_agents`` are pointed at an in-process emulator only through their
documented ``base_url`` settings; media they get back is downloaded and decoded.
"""

from __future__ import annotations

import base64
import io
import json
import re
import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

lumaai = pytest.importorskip("lumaai")
luma_agents = pytest.importorskip("luma_agents")

from genvid_emulator import RunningEmulator, Settings, running  # noqa: E402
from genvid_emulator._media import probe  # noqa: E402

TERMINAL = {"completed", "failed"}


@pytest.fixture(scope="module")
def emu() -> Iterator[RunningEmulator]:
    with running(Settings(queue_seconds=0.1, run_seconds=0.2, media_scale=0.05)) as e:
        _ensure_upload_route(e)
        yield e


def _ensure_upload_route(e: RunningEmulator) -> None:
    """Route ``PUT /_emulator/uploads/{id}`` to luma_agents.handle_upload if _app.py does not yet."""
    probe_put = httpx.put(f"{e.urls.root}/_emulator/uploads/not-a-file", content=b"")
    if "xml" in probe_put.headers.get("content-type", ""):
        return  # already wired
    from genvid_emulator.services.luma_agents import handle_upload

    emulator = e.emulator
    original = emulator._control

    async def control(request: Any, sub: str) -> Any:
        m = re.fullmatch(r"/uploads/([^/]+)", sub)
        if m and request.method == "PUT":
            return await handle_upload(emulator, request, m.group(1))
        return await original(request, sub)

    emulator._control = control  # type: ignore[method-assign]


@pytest.fixture(scope="module")
def dm(emu: RunningEmulator) -> Any:
    return lumaai.LumaAI(auth_token="k", base_url=emu.urls.luma, max_retries=0, _strict_response_validation=True)


@pytest.fixture(scope="module")
def agents(emu: RunningEmulator) -> Any:
    return luma_agents.Luma(auth_token="k", base_url=emu.urls.luma_agents, max_retries=0,
                            _strict_response_validation=True)


def wait(get: Any, gen_id: str, timeout: float = 15.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        gen = get(gen_id)
        if gen.state in TERMINAL:
            return gen
        assert time.monotonic() < deadline, f"generation {gen_id} stuck in {gen.state}"
        time.sleep(0.05)


def fetch(url: str) -> dict[str, object]:
    r = httpx.get(url, timeout=30)
    assert r.status_code == 200, r.text
    return probe(r.content)


def png_bytes(color: tuple[int, int, int] = (200, 30, 40)) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (64, 36), color).save(buf, format="PNG")
    return buf.getvalue()


def data_uri(data: bytes, media: str = "image/png") -> str:
    return f"data:{media};base64,{base64.b64encode(data).decode()}"


# ======================================================================================
# Dream Machine
# ======================================================================================


@pytest.fixture(scope="module")
def video(dm: Any) -> Any:
    """One completed text-to-video generation, reused as a keyframe/extend source."""
    gen = dm.generations.create(model="ray-2", prompt="A teddy bear in sunglasses playing electric guitar")
    return wait(dm.generations.get, gen.id)


def test_text_to_video_as_in_the_docs(dm: Any, emu: RunningEmulator) -> None:
    # The docs' JS example sends only a prompt, but Luma's openapi.yaml and the SDK require `model`.
    with pytest.raises(lumaai.BadRequestError) as exc:
        dm.post("/generations/video", body={"prompt": "A teddy bear"}, cast_to=lumaai.types.Generation)
    assert "model is required" in exc.value.body["detail"]
    created = dm.generations.with_raw_response.create(
        model="ray-2", prompt="A teddy bear in sunglasses playing electric guitar and dancing")
    assert created.http_response.status_code == 201
    gen = created.parse()
    assert gen.state == "queued"
    assert gen.model == "ray-2"
    assert gen.generation_type == "video"
    assert gen.assets is None
    uuid.UUID(gen.id)
    assert gen.created_at is not None
    seen = set()
    deadline = time.monotonic() + 10
    while gen.state not in TERMINAL and time.monotonic() < deadline:
        gen = dm.generations.get(gen.id)
        seen.add(gen.state)
        if gen.state == "dreaming":
            assert gen.assets is not None and gen.assets.progress_video
        time.sleep(0.03)
    assert gen.state == "completed", gen
    assert "dreaming" in seen
    assert gen.request.prompt.startswith("A teddy bear")
    info = fetch(gen.assets.video)
    assert info["format"] == "mp4" and info["codec"] == "h264" and int(info["frames"]) >= 1  # type: ignore[call-overload]
    assert info["width"] > info["height"]  # type: ignore[operator]
    assert fetch(gen.assets.image)["format"] == "jpeg"


def test_legacy_create_path_and_options(dm: Any) -> None:
    gen = dm.post("/generations", body={"model": "ray-flash-2", "prompt": "a lighthouse at dusk",
                                        "aspect_ratio": "9:16", "resolution": "540p", "duration": "9s",
                                        "concepts": [{"key": "dolly_zoom"}]}, cast_to=lumaai.types.Generation)
    gen = wait(dm.generations.get, gen.id)
    assert gen.state == "completed" and gen.model == "ray-flash-2"
    info = fetch(gen.assets.video)
    assert info["height"] > info["width"]  # type: ignore[operator]


def test_image_keyframes_from_emulator_file_and_data_uri(dm: Any, video: Any) -> None:
    # An emulator-served file (the thumbnail of an earlier generation) as start frame ...
    gen = dm.generations.create(model="ray-2", prompt="the bear starts to dance",
                                keyframes={"frame0": {"type": "image", "url": video.assets.image}})
    # ... and an inline data: URI as end frame, with no prompt at all (allowed with keyframes).
    end = dm.generations.create(model="ray-2", keyframes={"frame1": {"type": "image", "url": data_uri(png_bytes())}})
    # An external URL the emulator cannot fetch still works (it falls back to synthetic media).
    ext = dm.generations.create(model="ray-2", prompt="a tiger in the snow", loop=True,
                                keyframes={"frame0": {"type": "image", "url": "https://example.invalid/x.jpg"}})
    for g in (gen, end, ext):
        done = wait(dm.generations.get, g.id)
        assert done.state == "completed", done
        assert fetch(done.assets.video)["format"] == "mp4"
    assert dm.generations.get(ext.id).request.loop is True


def test_extend_reverse_extend_and_interpolate(dm: Any, video: Any) -> None:
    other = wait(dm.generations.get, dm.generations.create(model="ray-2", prompt="a second clip").id)
    frames = [
        {"frame0": {"type": "generation", "id": video.id}},
        {"frame1": {"type": "generation", "id": video.id}},
        {"frame0": {"type": "generation", "id": video.id}, "frame1": {"type": "generation", "id": other.id}},
    ]
    made = [dm.generations.create(model="ray-2", prompt="and then it continues", keyframes=k) for k in frames]
    for g in made:
        done = wait(dm.generations.get, g.id)
        assert done.state == "completed"
        assert fetch(done.assets.video)["format"] == "mp4"
    # Extending something that is not completed yet, or does not exist, is a clear 400.
    fresh = dm.generations.create(model="ray-2", prompt="still dreaming")
    with pytest.raises(lumaai.BadRequestError) as exc:
        dm.generations.create(model="ray-2", prompt="extend it", keyframes={"frame0": {"type": "generation",
                                                                                         "id": fresh.id}})
    assert "not completed" in exc.value.body["detail"]
    with pytest.raises(lumaai.BadRequestError) as exc:
        dm.generations.create(model="ray-2", prompt="extend it",
                              keyframes={"frame0": {"type": "generation", "id": str(uuid.uuid4())}})
    assert "not found" in exc.value.body["detail"]


def test_video_validation_rules(dm: Any, video: Any) -> None:
    image = {"type": "image", "url": data_uri(png_bytes())}
    cases: list[tuple[dict[str, Any], str]] = [
        ({"model": "ray-2", "prompt": "x" * 10, "loop": True, "keyframes": {"frame0": image, "frame1": image}},
         "both keyframes"),
        ({"model": "ray-2", "prompt": "x" * 10, "keyframes": {}}, "No keyframes provided"),
        ({"model": "ray-2", "prompt": "x" * 10, "keyframes": {"frame0": None, "frame1": None}},
         "No keyframes provided"),
        ({"model": "ray-2"}, "prompt is required"),
        ({"prompt": "a cat"}, "model is required"),
        ({"model": "ray-9", "prompt": "a cat"}, "model must be one of ray-2, ray-flash-2; got 'ray-9'"),
        ({"model": "ray-2", "prompt": "a cat", "aspect_ratio": "5:4"}, "aspect_ratio"),
        ({"model": "ray-2", "prompt": "a cat", "concepts": [{"key": "moonwalk"}]}, "Unknown concept"),
    ]
    for body, text in cases:
        with pytest.raises(lumaai.BadRequestError) as exc:
            dm.post("/generations/video", body=body, cast_to=object)
        assert exc.value.status_code == 400
        assert text in exc.value.body["detail"], (body, exc.value.body)
    # No published source bounds the prompt's length: short and long prompts are taken.
    for prompt in ("hi", "x" * 6000):
        assert dm.generations.create(model="ray-2", prompt=prompt).state == "queued"
    # Schema problems also carry the individual issues.
    with pytest.raises(lumaai.BadRequestError) as exc:
        dm.generations.create(model="ray-2", prompt="a cat", aspect_ratio="5:4")
    assert exc.value.body["errors"][0]["loc"] == ["body", "aspect_ratio"]


def test_get_list_delete(dm: Any) -> None:
    ids = [dm.generations.create(model="ray-flash-2", prompt=f"clip number {i}").id for i in range(3)]
    page = dm.generations.list(limit=2, offset=0)
    assert [g.id for g in page.generations] == ids[::-1][:2]  # newest first
    assert page.count == 2 and page.has_more is True and page.limit == 2 and page.offset == 0
    total = len(dm.generations.list(limit=1000).generations)
    assert dm.generations.list().limit == 100  # the default Luma's openapi.yaml states
    last = dm.generations.list(limit=2, offset=total - 1)
    assert last.count == 1 and last.has_more is False
    assert dm.generations.delete(ids[0]) is None
    with pytest.raises(lumaai.NotFoundError) as exc:
        dm.generations.get(ids[0])
    assert exc.value.body == {"detail": "Generation not found"}
    with pytest.raises(lumaai.NotFoundError):
        dm.generations.delete(ids[0])
    raw = dm.generations.with_raw_response.delete(ids[1])
    assert raw.http_response.status_code == 204


def test_images_sync_and_reframe(dm: Any, video: Any) -> None:
    started = time.monotonic()
    gen = dm.generations.image.create(model="photon-1", prompt="a red fox in the snow", aspect_ratio="1:1",
                                      format="png", sync=True, sync_timeout=10)
    assert gen.state == "completed" and gen.generation_type == "image"
    assert time.monotonic() - started >= 0.25
    info = fetch(gen.assets.image)
    assert info["format"] == "png" and info["width"] == info["height"]
    ref = dm.generations.image.create(model="photon-flash-1", prompt="same fox, watercolor",
                                      image_ref=[{"url": gen.assets.image, "weight": 0.8}])
    assert ref.state == "queued"
    assert fetch(wait(dm.generations.get, ref.id).assets.image)["format"] == "jpeg"  # server default jpg
    reframed = dm.generations.image.reframe(model="photon-1", aspect_ratio="16:9", generation_type="reframe_image",
                                            media={"url": gen.assets.image})
    done = wait(dm.generations.get, reframed.id)
    assert done.generation_type == "image" and done.request.generation_type == "reframe_image"
    info = fetch(done.assets.image)
    assert info["width"] > info["height"]  # type: ignore[operator]
    with pytest.raises(lumaai.BadRequestError) as exc:
        dm.generations.image.create(model="ray-2", prompt="a fox")
    assert "model must be one of photon-1, photon-flash-1; got 'ray-2'" in exc.value.body["detail"]


def test_modify_and_reframe_video(dm: Any, video: Any) -> None:
    mod = dm.generations.video.modify(model="ray-2", generation_type="modify_video", mode="flex_1",
                                      media={"url": video.assets.video}, prompt="make it claymation")
    ref = dm.generations.video.reframe(model="ray-flash-2", generation_type="reframe_video", aspect_ratio="9:16",
                                       media={"url": video.assets.video})
    m, r = wait(dm.generations.get, mod.id), wait(dm.generations.get, ref.id)
    assert m.generation_type == r.generation_type == "video"  # only video or image (Luma's openapi.yaml)
    assert m.request.generation_type == "modify_video" and r.request.generation_type == "reframe_video"
    assert fetch(m.assets.video)["format"] == "mp4"
    info = fetch(r.assets.video)
    assert info["height"] > info["width"]  # type: ignore[operator]


def test_upscale_and_audio(dm: Any, video: Any) -> None:
    raw_up = dm.generations.with_raw_response.upscale(video.id, resolution="1080p")
    raw_au = dm.generations.with_raw_response.audio(video.id, prompt="crowd cheering", negative_prompt="music")
    assert raw_up.http_response.status_code == raw_au.http_response.status_code == 200  # as Luma documents
    up, au = raw_up.parse(), raw_au.parse()
    assert up.generation_type == au.generation_type == "video"
    assert up.request.generation_type == "upscale_video" and au.request.generation_type == "add_audio"
    up, au = wait(dm.generations.get, up.id), wait(dm.generations.get, au.id)
    small, big = fetch(video.assets.video), fetch(up.assets.video)
    assert big["height"] > small["height"]  # type: ignore[operator]
    assert fetch(au.assets.video)["format"] == "mp4"
    with pytest.raises(lumaai.NotFoundError):
        dm.generations.audio(str(uuid.uuid4()), prompt="x")
    fresh = dm.generations.create(model="ray-2", prompt="not done yet")
    with pytest.raises(lumaai.BadRequestError) as exc:
        dm.generations.audio(fresh.id, prompt="x")
    assert "not completed" in exc.value.body["detail"]


def test_account_and_lists(dm: Any) -> None:
    concepts = dm.generations.concepts.list()
    assert "dolly_zoom" in concepts and all(isinstance(c, str) for c in concepts)
    motions = dm.get("/generations/camera_motion/list", cast_to=object)
    assert "camera orbit left" in motions
    credits = dm.credits.get()
    assert 0 < credits.credit_balance < 100_000
    assert dm.ping.check().message == "pong"


def test_missing_key_is_401(emu: RunningEmulator) -> None:
    client = lumaai.LumaAI(auth_token="k", base_url=emu.urls.luma, max_retries=0, _strict_response_validation=True)
    with pytest.raises(lumaai.AuthenticationError):
        client.ping.check(extra_headers={"Authorization": lumaai.omit})
    with pytest.raises(lumaai.AuthenticationError):
        client.credits.get(extra_headers={"Authorization": "Basic Zm9vOmJhcg=="})


def test_injected_failure(dm: Any) -> None:
    gen = dm.generations.create(model="ray-2", prompt="a forbidden thing",
                                extra_headers={"X-Genvid-Fault": "fail=blacklisted"})
    done = wait(dm.generations.get, gen.id)
    assert done.state == "failed" and done.failure_reason == "Contains blacklisted words"
    assert done.assets is None


class _Receiver(BaseHTTPRequestHandler):
    bodies: list[dict[str, Any]]
    statuses: list[int]

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length", "0"))
        body = json.loads(self.rfile.read(length))
        server: Any = self.server
        with server.lock:
            status = 500 if not server.bodies else 200
            server.bodies.append(body)
            server.statuses.append(status)
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_callbacks_are_retried_until_200(dm: Any, emu: RunningEmulator) -> None:
    server: Any = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    server.bodies, server.statuses, server.lock = [], [], threading.Lock()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/hook"
        settings = emu.emulator.settings
        saved = settings.run_seconds
        settings.run_seconds = 0.8  # room for the 100 ms retry before the next state (this job only)
        try:
            gen = dm.generations.create(model="ray-2", prompt="a callback test clip", callback_url=url)
        finally:
            settings.run_seconds = saved
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with server.lock:
                if any(b["state"] == "completed" for b in server.bodies):
                    break
            time.sleep(0.05)
        with server.lock:
            bodies, statuses = list(server.bodies), list(server.statuses)
    finally:
        server.shutdown()
        server.server_close()
    states = [b["state"] for b in bodies]
    assert states[0] == "dreaming" and statuses[0] == 500
    assert states[1] == "dreaming" and statuses[1] == 200  # the retry
    assert "completed" in states
    completed = next(b for b in bodies if b["state"] == "completed")
    assert completed["id"] == gen.id and completed["assets"]["video"]
    assert fetch(completed["assets"]["video"])["format"] == "mp4"
    log = [d for d in emu.emulator.deliveries if d["url"] == url]
    assert [(d["status"], d["attempt"]) for d in log if d["state"] == "dreaming"] == [(500, 1), (200, 2)]
    assert [(d["status"], d["attempt"]) for d in log if d["state"] == "completed"] == [(200, 1)]
    assert all(d["service"] == "luma" and isinstance(d["t"], float) for d in log)


# ======================================================================================
# Luma Agents
# ======================================================================================


@pytest.fixture(scope="module")
def agent_video(agents: Any) -> Any:
    gen = agents.generations.create(prompt="a fox running through tall grass", model="ray-3.2")
    return wait(agents.generations.get, gen.id)


def test_agents_image_headers_and_defaults(agents: Any) -> None:
    raw = agents.generations.with_raw_response.create(prompt="a red fox, studio portrait",
                                                      extra_headers={"X-Request-Id": "req-123"})
    assert raw.http_response.status_code == 201
    assert raw.headers["x-request-id"] == "req-123"
    assert raw.headers["x-api-version"] == "2026-04-01"
    assert raw.headers["x-ratelimit-limit"]
    gen = raw.parse()
    assert gen.model == "uni-1" and gen.type == "image" and gen.state == "queued" and gen.output is None
    got = agents.generations.with_raw_response.get(gen.id)
    assert got.headers["x-api-version"] == "2026-04-01"
    uuid.UUID(got.headers["x-request-id"])  # a fresh id when the client sent none
    done = wait(agents.generations.get, gen.id)
    assert done.state == "completed" and len(done.output) == 1 and done.output[0].type == "image"
    assert "Signature=" in done.output[0].url
    assert fetch(done.output[0].url)["format"] == "png"
    jpeg = agents.generations.create(prompt="a red fox", model="uni-1-max", output_format="jpeg",
                                     aspect_ratio="16:9")
    info = fetch(wait(agents.generations.get, jpeg.id).output[0].url)
    assert info["format"] == "jpeg" and info["width"] > info["height"]  # type: ignore[operator]

    # image_edit from the image's generation_id
    edit = agents.generations.create(prompt="make the fox blue", type="image_edit",
                                     source={"generation_id": gen.id})
    edit = wait(agents.generations.get, edit.id)
    assert edit.type == "image_edit" and edit.state == "completed"
    assert fetch(edit.output[0].url)["format"] == "png"


def test_agents_layering(agents: Any) -> None:
    gen = agents.generations.create(prompt="split it", type="layering", layering={"resolution": "1k"},
                                    source={"data": base64.b64encode(png_bytes()).decode(), "media_type": "image/png"})
    done = wait(agents.generations.get, gen.id)
    assert len(done.output) >= 2
    assert [o.layer.index for o in done.output] == list(range(len(done.output)))
    assert done.output[-1].layer.alpha_hint == "none"
    assert all(fetch(o.url)["format"] == "png" for o in done.output)


def test_agents_video_kinds(agents: Any, agent_video: Any) -> None:
    assert agent_video.type == "video" and agent_video.state == "completed"
    assert fetch(agent_video.output[0].url)["format"] == "mp4"
    start = agents.generations.create(
        prompt="the picture comes alive", model="ray-3.2", type="video",
        video={"start_frame": {"data": base64.b64encode(png_bytes()).decode(), "media_type": "image/png"},
               "duration": "5s", "resolution": "540p", "loop": True})
    edit = agents.generations.create(
        prompt="turn it into a watercolor", model="ray-3.2", type="video_edit",
        source={"generation_id": agent_video.id},
        video={"edit": {"strength": "flex_2", "controls": {"depth": {"enabled": True, "blur": 0.3},
                                                           "pose": {"enabled": True, "strength": "coarse"}}}})
    reframe = agents.generations.create(
        prompt="widen the shot", model="ray-3.2", type="video_reframe", aspect_ratio="9:16",
        source={"url": fetch_url(agent_video), "media_type": "video/mp4"},
        video={"source_position": {"x_norm": 0.0, "y_norm": 0.25, "w_norm": 1.0, "h_norm": 0.5}})
    keyed = agents.generations.create(
        prompt="guided", model="ray-3.2",
        video={"keyframes": [{"data": base64.b64encode(png_bytes()).decode(), "media_type": "image/png"}] * 2,
               "keyframe_indexes": [0, 120]})
    for g, kind in ((start, "video"), (edit, "video_edit"), (reframe, "video_reframe"), (keyed, "video")):
        done = wait(agents.generations.get, g.id)
        assert done.type == kind and done.state == "completed", done
        info = fetch(done.output[0].url)
        assert info["format"] == "mp4"
        if kind == "video_reframe":
            assert info["height"] > info["width"]  # type: ignore[operator]


def fetch_url(gen: Any) -> str:
    return str(gen.output[0].url)


def test_agents_rejected_combinations(agents: Any, agent_video: Any) -> None:
    data = {"data": base64.b64encode(png_bytes()).decode(), "media_type": "image/png"}
    queued = agents.generations.create(prompt="slow", model="ray-3.2")
    cases: list[tuple[dict[str, Any], str]] = [
        ({"type": "video"}, "model"),  # no model: the server's default, uni-1, makes images
        ({"model": "ray-3.2", "type": "image"}, "type"),
        ({"type": "image_edit"}, "source"),
        ({"model": "ray-3.2", "type": "video_edit"}, "source"),
        ({"model": "ray-3.2", "video": {"loop": True, "duration": "10s"}}, "video.loop"),
        ({"model": "ray-3.2", "video": {"loop": True, "hdr": True}}, "video.loop"),
        ({"model": "ray-3.2", "type": "video_reframe", "source": {"generation_id": agent_video.id},
          "video": {"loop": True}}, "video.loop"),
        ({"model": "ray-3.2", "video": {"exr_export": True}}, "video.exr_export"),
        ({"model": "ray-3.2", "type": "video_reframe", "source": {"generation_id": agent_video.id},
          "video": {"hdr": True}}, "video.hdr"),
        ({"model": "ray-3.2", "video": {"keyframes": [data], "keyframe_indexes": [0], "start_frame": data}},
         "video.keyframes"),
        ({"model": "ray-3.2", "video": {"keyframes": [data, data], "keyframe_indexes": [0]}},
         "video.keyframe_indexes"),
        ({"model": "ray-3.2", "video": {"keyframes": [data], "keyframe_indexes": [121]}}, "video.keyframe_indexes"),
        ({"model": "ray-3.2", "video": {"edit": {"strength": "adhere_1"}}}, "video.edit"),
        ({"type": "image_edit", "source": data, "image_ref": [data] * 9}, "image_ref"),
        ({"video": {"duration": "5s"}}, "video"),
        ({"source": {"data": "%%% not base64 %%%", "media_type": "image/png"}, "type": "image_edit"}, "source.data"),
        ({"source": {"url": "https://a.example/b.png", "data": "AAAA"}, "type": "image_edit"}, "source"),
        ({"model": "ray-3.2", "type": "video_edit", "source": {"url": "https://a.example/v.mp4"}},
         "source.media_type"),
        ({"model": "ray-3.2", "type": "video_edit", "source": {"generation_id": queued.id}},
         "source.generation_id"),  # not completed yet
    ]
    for extra, field in cases:
        with pytest.raises(luma_agents.UnprocessableEntityError) as exc:
            agents.post("/generations", body={"prompt": "a test", **extra}, cast_to=object)
        assert exc.value.body["detail"].startswith(field), (extra, exc.value.body)
        assert exc.value.response.headers["x-api-version"] == "2026-04-01"
    with pytest.raises(luma_agents.BadRequestError) as bad_url:  # a malformed parameter, not a combination
        agents.post("/generations", body={"prompt": "a test", "type": "image_edit",
                                          "source": {"url": "ftp://a.example/b.png"}}, cast_to=object)
    assert bad_url.value.body["detail"][0]["loc"] == ["body", "source", "url"]
    # 10 s keyframes may go up to 240
    ok = agents.generations.create(prompt="ok", model="ray-3.2", video={"duration": "10s", "keyframes": [data],
                                                                        "keyframe_indexes": [240]})
    assert ok.state == "queued"


def test_agents_schema_errors_and_missing(agents: Any, emu: RunningEmulator) -> None:
    with pytest.raises(luma_agents.BadRequestError) as exc:
        agents.generations.create(prompt="x", model="uni-9")
    assert exc.value.body["detail"][0]["loc"] == ["body", "model"]
    with pytest.raises(luma_agents.UnprocessableEntityError) as both:  # two of the exactly-one keys
        agents.generations.create(prompt="x", source={"url": "https://a/b.png", "data": "AAAA",
                                                      "media_type": "image/png"})
    assert both.value.body["detail"].startswith("source: source must have exactly one of url, data")
    with pytest.raises(luma_agents.NotFoundError) as exc2:
        agents.generations.get(str(uuid.uuid4()))
    assert exc2.value.body == {"detail": "Generation not found"}
    with pytest.raises(luma_agents.NotFoundError):
        agents.generations.create(prompt="x", type="image_edit", source={"generation_id": str(uuid.uuid4())})
    client = luma_agents.Luma(auth_token="k", base_url=emu.urls.luma_agents, max_retries=0,
                              _strict_response_validation=True)
    with pytest.raises(luma_agents.AuthenticationError) as exc3:
        client.generations.get(str(uuid.uuid4()), extra_headers={"Authorization": luma_agents.omit})
    assert exc3.value.response.headers["x-api-version"] == "2026-04-01"


def test_agents_injected_failure(agents: Any) -> None:
    gen = agents.generations.create(prompt="something", extra_headers={"X-Genvid-Fault": "fail=content_moderated"})
    done = wait(agents.generations.get, gen.id)
    assert done.state == "failed" and done.failure_code == "content_moderated"
    assert done.failure_reason and done.output is None
    other = wait(agents.generations.get, agents.generations.create(
        prompt="x", extra_headers={"X-Genvid-Fault": "fail=image_too_large"}).id)
    assert other.failure_code == "image_too_large"


def test_agents_files(agents: Any, emu: RunningEmulator) -> None:
    payload = png_bytes((10, 200, 30))
    # Presigned (JSON) flow: create -> PUT -> complete -> ready.
    created = agents.files.create(mime_type="image/png", size_bytes=len(payload), filename="green.png",
                                  purpose="input")
    assert created.state == "pending" and created.file.id == created.id and created.upload is not None
    assert created.upload.method == "PUT"
    with pytest.raises(luma_agents.BadRequestError):
        agents.files.complete(created.id)  # nothing uploaded yet
    put = httpx.put(created.upload.url, content=payload, headers=created.upload.headers)
    assert put.status_code == 200, put.text
    assert httpx.put(created.upload.url.split("?")[0], content=payload).status_code == 403  # unsigned
    completed = agents.files.complete(created.id)
    assert completed.state in {"pending", "ready"}
    deadline = time.monotonic() + 5
    while agents.files.get(created.id).state != "ready":
        assert time.monotonic() < deadline
        time.sleep(0.05)
    f = agents.files.get(created.id)
    assert f.size_bytes == len(payload) and f.filename == "green.png" and f.mime_type == "image/png"

    # Reference the file from a generation.
    gen = agents.generations.create(prompt="edit the file", type="image_edit", source={"file_id": created.id})
    assert wait(agents.generations.get, gen.id).state == "completed"

    # Multipart (inline) flow: the SDK only exposes the JSON form, so use httpx.
    headers = {"Authorization": "Bearer k"}
    for i in range(3):
        r = httpx.post(f"{emu.urls.luma_agents}/files", headers=headers,
                       files={"file": (f"img{i}.png", payload, "image/png")}, data={"purpose": "reference"})
        assert r.status_code == 201, r.text
        assert r.json()["upload"] is None and r.json()["file"]["purpose"] == "reference"
        assert r.headers["x-ratelimit-limit"]

    # Cursor pagination, newest first.
    seen: list[str] = []
    page = agents.files.list(limit=2)
    while True:
        seen += [x.id for x in page.data]
        if not page.has_more:
            break
        page = agents.files.list(limit=2, cursor=page.next_cursor)
    assert len(seen) == len(set(seen)) >= 4 and seen[-1] == created.id
    assert all(x.purpose == "reference" for x in agents.files.list(purpose="reference").data)

    # Delete (soft): 204, then the file reads as deleted and is gone from listings.
    raw = agents.files.with_raw_response.delete(created.id)
    assert raw.http_response.status_code == 204 and raw.headers["x-api-version"] == "2026-04-01"
    assert agents.files.get(created.id).state == "deleted"
    assert created.id not in [x.id for x in agents.files.list(limit=100).data]
    with pytest.raises(luma_agents.NotFoundError):
        agents.files.delete(created.id)
    with pytest.raises(luma_agents.NotFoundError):
        agents.files.get("no-such-file")
