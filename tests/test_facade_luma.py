"""genvid.Luma (Dream Machine) and genvid.LumaAgents against the in-process emulator.

Covers every public method of both clients, every example of the seeds 003 (Dream
Machine JavaScript guide) and 004 (Luma Agents API reference) through genvid's blocking
API, the unified ``genvid.Client`` on ``luma:*`` and ``luma-agents:*`` models, and the
checks that refuse bad input before any request is sent (the emulator's request journal
must not grow). Every download is decoded with the emulator's ``probe``.
"""

from __future__ import annotations

import base64
import contextlib
import http.server
import io
import json
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

import genvid
from genvid import InvalidInput, JobFailed, NotFound
from genvid._jobs import Job
from genvid._results import Result
from genvid_emulator import Settings, running
from genvid_emulator._media import probe

KEY = "emulator-key"
TEDDY = "A teddy bear in sunglasses playing electric guitar and dancing"
TIGER = ("Low-angle shot of a majestic tiger prowling through a snowy landscape, leaving paw prints on the white "
         "blanket")
REMOTE_IMAGE = "https://your-image-url.com/start-frame.jpg"
DM_HINT = "Dream Machine only takes https:// URLs"


# --- fixtures -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def emu() -> Iterator[Any]:
    with running(Settings(queue_seconds=0.1, run_seconds=0.2, media_scale=0.05)) as emulator:
        yield emulator


class Recorder(httpx.BaseTransport):
    """Records every request (method, URL, headers) on its way to the real transport."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.requests: list[httpx.Request] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


@pytest.fixture(scope="module")
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture(scope="module")
def luma(emu: Any, recorder: Recorder) -> Iterator[genvid.Luma]:
    with genvid.Luma(api_key=KEY, base_url=emu.urls.luma, transport=recorder) as client:
        yield client


@pytest.fixture(scope="module")
def agents(emu: Any) -> Iterator[genvid.LumaAgents]:
    with genvid.LumaAgents(api_key=KEY, base_url=emu.urls.luma_agents) as client:
        yield client


@pytest.fixture(scope="module")
def client(emu: Any) -> Iterator[genvid.Client]:
    with genvid.Client(emulator=emu.urls.root) as unified:
        yield unified


def journal_count(emu: Any) -> int:
    return int(httpx.get(f"{emu.urls.root}/_emulator/requests", params={"limit": 1}).json()["count"])


@contextlib.contextmanager
def no_request(emu: Any) -> Iterator[None]:
    """The block must raise before anything reaches the emulator."""
    before = journal_count(emu)
    yield
    assert journal_count(emu) == before, "a request was sent"


def media_of(result: Result) -> dict[str, object]:
    return probe(result.read())


@pytest.fixture(scope="module")
def completed_video(luma: genvid.Luma) -> Any:
    """A completed ray-2 generation, reused by the extend / interpolate / upscale examples."""
    generation = luma.generations.create(prompt=TEDDY)
    luma.wait(generation.id, timeout=60)
    return luma.generations.get(generation.id)


@pytest.fixture(scope="module")
def image_url(luma: genvid.Luma) -> str:
    """The URL of a real image served by the emulator (a completed photon-1 generation)."""
    generation = luma.generations.image.create(prompt="A snowy landscape at dawn")
    result = luma.wait(generation, timeout=60)
    assert result.url is not None
    return result.url


@pytest.fixture(scope="module")
def png_bytes(agents: genvid.LumaAgents) -> bytes:
    generation = agents.generations.create(prompt="A red lighthouse on a cliff", type="image")
    data = agents.wait(generation.id, timeout=60).read()
    assert probe(data)["format"] == "png"
    return data


# === Dream Machine: the seed 003 examples ====================================================


def test_text_to_video_with_only_a_prompt(luma: genvid.Luma, recorder: Recorder) -> None:
    generation = luma.generations.create(prompt=TEDDY)
    assert generation.state == "queued"
    assert generation.model == "ray-2"
    sent = json.loads(next(r for r in reversed(recorder.requests) if r.method == "POST").content)
    assert sent == {"prompt": TEDDY, "model": "ray-2"}  # Luma requires a model: the spec's first is filled in
    seen: list[str] = []
    result = luma.wait(generation.id, timeout=60, on_status=lambda s: seen.append(s.raw_state))
    assert seen[-1] == "completed"
    assert result.media_type == "video/mp4"
    info = media_of(result)
    assert info["format"] == "mp4" and info["codec"] == "h264"


def test_media_is_downloaded_without_the_api_key(luma: genvid.Luma, recorder: Recorder) -> None:
    generation = luma.generations.create(prompt="A lake at sunset, slow pan")
    luma.wait(generation.id, timeout=60).read()
    downloads = [r for r in recorder.requests if "/_emulator/files/" in r.url.path]
    api = [r for r in recorder.requests if "/dream-machine/v1/" in r.url.path]
    assert downloads and api
    assert all("authorization" not in r.headers for r in downloads)
    assert all(r.headers["authorization"] == f"Bearer {KEY}" for r in api)


def test_image_to_video_with_start_frame(luma: genvid.Luma, image_url: str) -> None:
    generation = luma.generations.create(prompt=TIGER, keyframes={"frame0": {"type": "image", "url": image_url}})
    assert generation.request is not None
    assert generation.request["keyframes"]["frame0"] == {"type": "image", "url": image_url}
    assert media_of(luma.wait(generation.id, timeout=60))["format"] == "mp4"


def test_start_frame_with_loop(luma: genvid.Luma) -> None:
    generation = luma.generations.create(prompt=TIGER, keyframes={"frame0": {"type": "image", "url": REMOTE_IMAGE}},
                                         loop=True)
    assert generation.request["loop"] is True
    assert media_of(luma.wait(generation.id, timeout=60))["format"] == "mp4"


def test_end_frame_with_loop_as_in_the_seed(luma: genvid.Luma, emu: Any) -> None:
    generation = luma.generations.create(prompt=TIGER, keyframes={"frame1": {"type": "image", "url": REMOTE_IMAGE}},
                                         loop=True)
    assert media_of(luma.wait(generation.id, timeout=60))["format"] == "mp4"
    # loop with both keyframes (an interpolation) is refused before any request
    with no_request(emu), pytest.raises(InvalidInput) as info:
        luma.generations.create(prompt=TIGER, loop=True, keyframes={
            "frame0": {"type": "image", "url": REMOTE_IMAGE}, "frame1": {"type": "image", "url": REMOTE_IMAGE}})
    assert info.value.field == "loop"


def test_extend_video(luma: genvid.Luma, completed_video: Any) -> None:
    generation = luma.generations.create(prompt=TEDDY,
                                         keyframes={"frame0": {"type": "generation", "id": completed_video.id}})
    assert generation.request["keyframes"]["frame0"] == {"type": "generation", "id": completed_video.id}
    assert media_of(luma.wait(generation.id, timeout=60))["format"] == "mp4"


def test_reverse_extend_video(luma: genvid.Luma, completed_video: Any) -> None:
    generation = luma.generations.create(prompt=TEDDY,
                                         keyframes={"frame1": {"type": "generation", "id": completed_video.id}})
    assert media_of(luma.wait(generation.id, timeout=60))["format"] == "mp4"


def test_interpolate_between_two_generations(luma: genvid.Luma, completed_video: Any) -> None:
    other = luma.generations.create(prompt="A teddy bear bowing to the crowd")
    luma.wait(other.id, timeout=60)
    generation = luma.generations.create(prompt=TEDDY, keyframes={
        "frame0": {"type": "generation", "id": other.id},
        "frame1": {"type": "generation", "id": completed_video.id},
    })
    assert media_of(luma.wait(generation.id, timeout=60))["format"] == "mp4"


def test_get_generation(luma: genvid.Luma, completed_video: Any) -> None:
    again = luma.generations.get(completed_video.id)
    assert again.id == completed_video.id
    assert again.state == "completed"
    assert isinstance(again.assets.video, str)
    with pytest.raises(NotFound):
        luma.generations.get(str(uuid.uuid4()))


def test_list_iterates_every_page(luma: genvid.Luma, completed_video: Any) -> None:
    for i in range(3):
        luma.generations.create(prompt=f"A paper boat on a stream, take {i}")
    first_page = luma.generations.list_page(limit=2, offset=0)
    assert len(first_page.generations) == 2 and first_page.has_more is True
    total = len(luma.generations.list_page(limit=1000).generations)
    listed = list(luma.generations.list(limit=2))
    assert len(listed) == total >= 5
    assert len({g.id for g in listed}) == total
    assert completed_video.id in {g.id for g in listed}
    pager = luma.generations.list(limit=3)
    assert next(pager).id == listed[0].id  # an iterator: lazily, one page at a time
    assert sum(len(page) for page in luma.generations.list(limit=4).pages()) == total
    assert [g.id for g in luma.generations.list(limit=2, offset=total - 1)] == [listed[-1].id]


def test_delete_generation(luma: genvid.Luma) -> None:
    generation = luma.generations.create(prompt="A generation that will be deleted")
    assert luma.generations.delete(generation.id) is None
    with pytest.raises(NotFound):
        luma.generations.get(generation.id)


def test_camera_motions(luma: genvid.Luma) -> None:
    motions = luma.generations.camera_motion.list()
    assert motions and all(isinstance(m, str) for m in motions)
    assert luma.camera_motions.list() == motions


class _CallbackSink:
    """A local HTTP endpoint that records the JSON bodies POSTed to it."""

    def __init__(self) -> None:
        self.bodies: list[dict[str, Any]] = []
        sink = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                sink.bodies.append(json.loads(self.rfile.read(length)))
                self.send_response(200)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/luma-callback"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_callback_url(luma: genvid.Luma) -> None:
    sink = _CallbackSink()
    try:
        generation = luma.generations.create(prompt=TEDDY, callback_url=sink.url)
        assert generation.request["callback_url"] == sink.url
        luma.wait(generation.id, timeout=60)
        deadline = 50
        while deadline and not any(b["state"] == "completed" for b in sink.bodies):
            threading.Event().wait(0.1)
            deadline -= 1
    finally:
        sink.close()
    states = [b["state"] for b in sink.bodies]
    assert "completed" in states and all(b["id"] == generation.id for b in sink.bodies)
    done = next(b for b in sink.bodies if b["state"] == "completed")
    assert done["assets"]["video"]


# === Dream Machine: the rest of the SDK surface =============================================


def test_concepts_credits_and_ping(luma: genvid.Luma) -> None:
    concepts = luma.generations.concepts.list()
    assert "dolly_zoom" in concepts
    generation = luma.generations.create(prompt="A corridor, dramatic camera", concepts=["dolly_zoom",
                                                                                          {"key": "push_in"}])
    assert generation.request["concepts"] == [{"key": "dolly_zoom"}, {"key": "push_in"}]
    assert luma.credits.get().credit_balance > 0
    assert luma.ping.check().message == "pong"
    assert luma.ping().message == "pong"


def test_video_create_with_every_option(luma: genvid.Luma) -> None:
    generation = luma.generations.video.create(prompt="A kite over a beach", model="ray-flash-2",
                                               aspect_ratio="9:16", resolution="540p", duration=5)
    assert generation.model == "ray-flash-2"
    assert generation.request["duration"] == "5s"
    info = media_of(luma.wait(generation.id, timeout=60))
    assert info["height"] > info["width"]  # 9:16


def test_image_create_and_reframe(luma: genvid.Luma, image_url: str) -> None:
    generation = luma.generations.image.create(prompt="A lantern", model="photon-flash-1", aspect_ratio="1:1",
                                               format="png", image_ref=[{"url": image_url, "weight": 0.5}],
                                               style_ref=[image_url], character_ref=[image_url])
    result = luma.wait(generation.id, timeout=60)
    assert result.media_type == "image/png"
    assert media_of(result)["format"] == "png"
    reframed = luma.generations.image.reframe(media={"url": image_url}, aspect_ratio="9:16", prompt="more sky")
    assert reframed.request["generation_type"] == "reframe_image"
    assert media_of(luma.wait(reframed.id, timeout=60))["format"] == "jpeg"
    synced = luma.generations.image.create(prompt="A quick sketch", sync=True, sync_timeout=10)
    assert synced.state == "completed" and synced.assets.image


def test_video_modify_reframe_upscale_audio(luma: genvid.Luma, completed_video: Any) -> None:
    source = completed_video.assets.video
    modified = luma.generations.video.modify(media={"url": source}, mode="flex_1", prompt="as a watercolour")
    assert modified.request["generation_type"] == "modify_video"
    assert media_of(luma.wait(modified.id, timeout=60))["format"] == "mp4"
    reframed = luma.generations.video.reframe(media=source, aspect_ratio="1:1", first_frame=completed_video.assets.image)
    assert media_of(luma.wait(reframed.id, timeout=60))["format"] == "mp4"
    upscaled = luma.generations.upscale(completed_video.id, resolution="1080p")
    assert media_of(luma.wait(upscaled.id, timeout=60))["format"] == "mp4"
    with_audio = luma.generations.audio(completed_video.id, prompt="electric guitar", negative_prompt="crowd noise")
    assert media_of(luma.wait(with_audio.id, timeout=60))["format"] == "mp4"


def test_download(luma: genvid.Luma, completed_video: Any, tmp_path: Path) -> None:
    path = luma.download(completed_video, tmp_path / "teddy.mp4")
    assert path == tmp_path / "teddy.mp4"
    assert probe(path.read_bytes())["format"] == "mp4"
    by_id = luma.download(completed_video.id, tmp_path)
    assert by_id.suffix == ".mp4" and probe(by_id.read_bytes())["format"] == "mp4"
    running_generation = luma.generations.create(prompt="Still dreaming")
    with pytest.raises(genvid.Conflict):
        luma.download(running_generation.id, tmp_path / "early.mp4")


def test_failed_generation_raises_job_failed(luma: genvid.Luma) -> None:
    generation = luma.generations.create(prompt="A forbidden thing",
                                         extra_headers={"X-Genvid-Fault": "fail=blacklisted"})
    with pytest.raises(JobFailed) as info:
        luma.wait(generation.id, timeout=60)
    assert info.value.reason == "Contains blacklisted words"
    assert info.value.service == "luma"
    assert generation.id in str(info.value)


@pytest.mark.parametrize("frame, what", [
    (b"\x89PNG\r\n\x1a\n" + b"\0" * 32, "bytes"),
    ("data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n\x1a\n").decode(), "data: URI"),
    (io.BytesIO(b"\xff\xd8\xff" + b"\0" * 32), "file object"),
])
def test_local_media_is_refused_with_a_hint(luma: genvid.Luma, emu: Any, frame: object, what: str) -> None:
    with no_request(emu), pytest.raises(InvalidInput) as info:
        luma.generations.create(prompt=TIGER, keyframes={"frame0": {"type": "image", "url": frame}})
    assert info.value.field == "keyframes.frame0.url"
    assert DM_HINT in str(info.value) and "luma-agents:ray-3.2" in str(info.value)
    assert what in str(info.value)


def test_local_path_is_refused_with_a_hint(luma: genvid.Luma, emu: Any, tmp_path: Path) -> None:
    path = tmp_path / "frame.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 32)
    with no_request(emu), pytest.raises(InvalidInput) as info:
        luma.generations.video.modify(media=str(path), mode="flex_1")
    assert info.value.field == "media" and DM_HINT in str(info.value)


@pytest.mark.parametrize("call, field", [
    (lambda c: c.generations.create(), "prompt"),
    (lambda c: c.generations.create(prompt=TEDDY, aspect_ratio="5:4"), "aspect_ratio"),
    (lambda c: c.generations.create(prompt=TEDDY, model="ray-1-6"), "model"),
    (lambda c: c.generations.create(prompt=TEDDY, model="photon-1"), "model"),
    (lambda c: c.generations.create(prompt=TEDDY, loop="yes"), "loop"),
    (lambda c: c.generations.create(prompt=TEDDY, keyframes={}), "keyframes"),
    (lambda c: c.generations.create(prompt=TEDDY, keyframes={"frame2": REMOTE_IMAGE}), "keyframes.frame2"),
    (lambda c: c.generations.create(prompt=TEDDY, keyframes={"frame0": {"type": "video", "url": REMOTE_IMAGE}}),
     "keyframes.frame0.type"),
    (lambda c: c.generations.create(prompt=TEDDY, callback_url="ftp://x"), "callback_url"),
    (lambda c: c.generations.image.create(prompt="x", model="ray-2"), "model"),
    (lambda c: c.generations.image.create(prompt="x", format="gif"), "format"),
    (lambda c: c.generations.image.create(prompt="x", image_ref=[{"url": REMOTE_IMAGE, "weight": 2}]),
     "image_ref[0].weight"),
    (lambda c: c.generations.video.modify(media=REMOTE_IMAGE, mode="wild"), "mode"),
    (lambda c: c.generations.video.reframe(media=REMOTE_IMAGE, aspect_ratio="16:10"), "aspect_ratio"),
    (lambda c: c.generations.image.reframe(media=REMOTE_IMAGE, aspect_ratio="1:1", x_start=1.5), "x_start"),
    (lambda c: c.generations.upscale("", resolution="4k"), "id"),
])
def test_invalid_input_sends_nothing(luma: genvid.Luma, emu: Any, call: Any, field: str) -> None:
    with no_request(emu), pytest.raises(InvalidInput) as info:
        call(luma)
    assert info.value.field == field
    assert info.value.service == "luma"


# === Dream Machine through the unified client ================================================


def test_unified_generate_ray_2(client: genvid.Client, image_url: str, tmp_path: Path) -> None:
    result = client.generate("luma:ray-2", prompt=TIGER, image=image_url, aspect_ratio="16:9", resolution="540p",
                             duration=5, loop=True, timeout=60)
    saved = result.save(tmp_path / "tiger.mp4")
    assert probe(saved.read_bytes())["format"] == "mp4"
    assert result.job["provider"] == "luma" and result.job["model"] == "ray-2"


def test_unified_end_image_and_photon(client: genvid.Client, image_url: str) -> None:
    result = client.generate("luma:ray-flash-2", prompt=TIGER, end_image=image_url, timeout=60)
    assert media_of(result)["format"] == "mp4"
    image = client.generate("luma:photon-1", prompt="A lantern in the snow", aspect_ratio="1:1", timeout=60)
    assert image.media_type == "image/jpeg" and media_of(image)["format"] == "jpeg"
    edited = client.generate("luma:photon-flash-1", prompt="The same, at night", image=image_url, timeout=60)
    assert media_of(edited)["format"] == "jpeg"


def test_unified_submit_status_wait_cancel(client: genvid.Client) -> None:
    job = client.submit("luma:ray-2", prompt=TEDDY)
    assert job.id.startswith("luma:ray-2:")
    again = client.job(job.id)
    assert client.status(again).state in ("queued", "running", "completed")
    assert client.cancel(job) is False  # Dream Machine has no cancel
    result = client.wait(job.id, timeout=60)
    assert media_of(result)["format"] == "mp4"
    assert client.status(job).state == "completed"
    assert media_of(client.result(job))["format"] == "mp4"


def test_unified_operations(client: genvid.Client, completed_video: Any, image_url: str) -> None:
    video_url = completed_video.assets.video
    modified = client.generate("luma:modify-video", video=video_url, mode="reimagine_1", prompt="in clay",
                               timeout=60)
    assert media_of(modified)["format"] == "mp4"
    reframed = client.generate("luma:reframe-video", video=video_url, aspect_ratio="9:16", timeout=60)
    assert media_of(reframed)["format"] == "mp4"
    image = client.generate("luma:reframe-image", image=image_url, aspect_ratio="1:1", timeout=60)
    assert media_of(image)["format"] == "jpeg"
    upscaled = client.generate("luma:upscale", generation_id=completed_video.id, resolution="1080p", timeout=60)
    assert media_of(upscaled)["format"] == "mp4"


def test_unified_failure(client: genvid.Client, luma: genvid.Luma) -> None:
    generation = luma.generations.create(prompt="A forbidden thing",
                                         extra_headers={"X-Genvid-Fault": "fail=frames"})
    with pytest.raises(JobFailed) as info:
        client.wait(f"luma:ray-2:{generation.id}", timeout=60)
    assert info.value.reason == "Failed to read user input frames"


@pytest.mark.parametrize("model, inputs, field", [
    ("luma:ray-2", {"prompt": TIGER, "image": b"\x89PNG\r\n\x1a\n" + b"\0" * 16}, "image"),
    ("luma:ray-2", {"prompt": TIGER, "image": "data:image/png;base64,iVBORw0KGgo="}, "image"),
    ("luma:ray-2", {"prompt": TIGER, "end_image": "/no/such/file.png"}, "end_image"),
    ("luma:modify-video", {"video": b"\0\0\0\x18ftypmp42", "mode": "flex_1"}, "video"),
    ("luma:photon-1", {"prompt": "x", "image": io.BytesIO(b"\xff\xd8\xff")}, "image"),
    ("luma:ray-2", {"prompt": TIGER, "seed": 42}, "seed"),
    ("luma:ray-2", {"prompt": TIGER, "video": REMOTE_IMAGE}, "video"),
    ("luma:ray-2", {"prompt": TIGER, "image": REMOTE_IMAGE, "end_image": REMOTE_IMAGE, "loop": True}, "loop"),
    ("luma:ray-2", {"prompt": TIGER, "aspect_ratio": "2:1"}, "aspect_ratio"),
    ("luma:ray-2", {"prompt": TIGER, "model": "ray-flash-2"}, "model"),
    ("luma:ray-1-6", {"prompt": TIGER}, "model"),
    ("luma:photon-1", {"prompt": "x", "loop": True}, "loop"),
    ("luma:modify-video", {"video": REMOTE_IMAGE}, "mode"),
    ("luma:modify-video", {"video": REMOTE_IMAGE, "mode": "flex_1", "model": "ray-9"}, "model"),
    ("luma:reframe-image", {"image": REMOTE_IMAGE}, "aspect_ratio"),
    ("luma:upscale", {"resolution": "4k"}, "generation_id"),
])
def test_unified_invalid_input_sends_nothing(client: genvid.Client, emu: Any, model: str,
                                             inputs: dict[str, Any], field: str) -> None:
    with no_request(emu), pytest.raises(InvalidInput) as info:
        client.submit(model, **inputs)
    assert info.value.field == field
    local = any(not (isinstance(v, str) and v.startswith("https://")) for k, v in inputs.items()
                if k in ("image", "end_image", "video"))
    if local:  # local content: the hint says where to go instead
        assert DM_HINT in str(info.value)


def test_unknown_model_is_passed_through(client: genvid.Client, emu: Any) -> None:
    # Not in the catalog: no model-enum check, the service decides (the emulator refuses it).
    with pytest.raises(genvid.BadRequest) as info:
        client.submit("luma:ray-3", prompt=TEDDY)
    assert "ray-3" in str(info.value)


# === Luma Agents: the seed 004 examples =======================================================


def test_agents_image(agents: genvid.LumaAgents, tmp_path: Path) -> None:
    generation = agents.generations.create(prompt="A lighthouse at dusk, oil painting", type="image",
                                           aspect_ratio="16:9", output_format="jpeg", style="auto")
    assert generation.state == "queued" and str(generation.type_) == "image"
    assert isinstance(generation.id, uuid.UUID)
    seen: list[str] = []
    result = agents.wait(generation.id, timeout=60, on_status=lambda s: seen.append(s.raw_state))
    assert seen[-1] == "completed"
    saved = result.save(tmp_path)
    info = probe(saved.read_bytes())
    assert info["format"] == "jpeg" and info["width"] > info["height"]
    again = agents.generations.get(str(generation.id))
    assert again.output and again.output[0].url.startswith("http")


def test_agents_image_edit_chained_by_generation_id(agents: genvid.LumaAgents) -> None:
    first = agents.generations.create(prompt="A cat on a sofa", model="uni-1-max")
    agents.wait(first.id, timeout=60)
    edit = agents.generations.create(prompt="Make the sofa red", type="image_edit",
                                     source={"generation_id": str(first.id)},
                                     image_ref=[{"generation_id": first.id}])
    assert media_of(agents.wait(edit.id, timeout=60))["format"] == "png"


def test_agents_video_with_start_frame_bytes(agents: genvid.LumaAgents, png_bytes: bytes) -> None:
    generation = agents.generations.create(prompt="The lighthouse beam sweeps the sea", model="ray-3.2",
                                           type="video", aspect_ratio="16:9",
                                           video={"start_frame": png_bytes, "duration": "5s",
                                                  "resolution": "540p", "loop": True})
    result = agents.wait(generation.id, timeout=60)
    assert result.media_type == "video/mp4"
    assert media_of(result)["format"] == "mp4"


def test_agents_video_edit_with_edit_controls(agents: genvid.LumaAgents, png_bytes: bytes) -> None:
    from genvid_api_luma_agents.models import AdvancedControls, DepthControl, PoseControl, PoseControlStrength

    base = agents.generations.create(prompt="A dancer on a rooftop", model="ray-3.2", type="video")
    base_result = agents.wait(base.id, timeout=60)
    controls = AdvancedControls(depth=DepthControl(enabled=True, blur=0.3),
                                pose=PoseControl(enabled=True, strength=PoseControlStrength.PRECISE))
    by_generation = agents.generations.create(
        prompt="The dancer in a neon city", model="ray-3.2", type="video_edit",
        source={"generation_id": base.id},
        video={"edit": {"strength": "flex_2", "auto_controls": False, "controls": controls}})
    assert media_of(agents.wait(by_generation.id, timeout=60))["format"] == "mp4"
    by_url = agents.generations.create(
        prompt="The dancer made of glass", model="ray-3.2", type="video_edit", source=base_result.url,
        video={"edit": {"strength": "reimagine_1",
                        "controls": {"face": {"enabled": True}, "normals": {"augmentation": 0.5},
                                     "trajectory": {"enabled": True, "sparsity": 0.2}},
                        "keyframes": [png_bytes], "keyframe_indexes": [12]}})
    assert media_of(agents.wait(by_url.id, timeout=60))["format"] == "mp4"


def test_agents_video_reframe_with_source_position(agents: genvid.LumaAgents) -> None:
    base = agents.generations.create(prompt="A sailing boat", model="ray-3.2")
    agents.wait(base.id, timeout=60)
    generation = agents.generations.create(
        prompt="Extend the sea around the boat", model="ray-3.2", type="video_reframe", aspect_ratio="9:16",
        source={"generation_id": str(base.id)},
        video={"resolution": "720p", "source_position": {"x_norm": 0.0, "y_norm": 0.2, "w_norm": 1.0,
                                                         "h_norm": 0.56}})
    info = media_of(agents.wait(generation.id, timeout=60))
    assert info["format"] == "mp4" and info["height"] > info["width"]


def test_agents_keyframes_with_indexes(agents: genvid.LumaAgents, png_bytes: bytes) -> None:
    data_uri = "data:image/png;base64," + base64.b64encode(png_bytes).decode()
    generation = agents.generations.create(
        prompt="The lighthouse through the seasons", model="ray-3.2", type="video",
        video={"duration": 10, "keyframes": [png_bytes, data_uri, {"url": data_uri}],
               "keyframe_indexes": [0, 120, 240]})
    assert media_of(agents.wait(generation.id, timeout=60))["format"] == "mp4"


def test_agents_failure_code(agents: genvid.LumaAgents) -> None:
    generation = agents.generations.create(prompt="Something the moderator dislikes",
                                           extra_headers={"X-Genvid-Fault": "fail=content_moderated"})
    with pytest.raises(JobFailed) as info:
        agents.wait(generation.id, timeout=60)
    assert info.value.failure_code == "content_moderated" and info.value.code == "PROCESSING_ERROR"
    assert info.value.reason == "The request was blocked by content moderation"
    assert info.value.service == "luma-agents"


def test_agents_request_id_and_errors(agents: genvid.LumaAgents) -> None:
    with pytest.raises(NotFound) as info:
        agents.generations.get(uuid.uuid4())
    assert info.value.request_id  # X-Request-Id of the answer
    with pytest.raises(NotFound) as missing:  # the service's own check of the chained generation
        agents.generations.create(prompt="chained", type="image_edit", source={"generation_id": str(uuid.uuid4())})
    assert missing.value.status == 404 and missing.value.request_id


# === Luma Agents: files ======================================================================


def test_agents_files(agents: genvid.LumaAgents, png_bytes: bytes, tmp_path: Path) -> None:
    path = tmp_path / "ref.png"
    path.write_bytes(png_bytes)
    created = agents.files.create(file=path, purpose="reference", user_id="user-1")
    assert str(created.state) == "pending" and created.file.mime_type == "image/png"
    ready = agents.files.wait(created.id, timeout=30)
    assert str(ready.state) == "ready" and ready.size_bytes == len(png_bytes)
    others = [agents.files.create(file=png_bytes).id, agents.files.create(file=io.BytesIO(png_bytes)).id]
    listed = list(agents.files.list(limit=1))
    ids = [f.id for f in listed]
    assert {created.id, *others} <= set(ids) and len(ids) == len(set(ids))
    page = agents.files.list_page(limit=1)
    assert page.has_more and len(page.data) == 1
    assert agents.files.get(created.id).id == created.id
    generation = agents.generations.create(prompt="In the style of the reference",
                                           image_ref=[{"file_id": created.id}])
    assert media_of(agents.wait(generation.id, timeout=60))["format"] == "png"
    assert agents.files.delete(created.id) is None
    assert created.id not in {f.id for f in agents.files.list()}


def test_agents_presigned_upload_and_complete(agents: genvid.LumaAgents, png_bytes: bytes) -> None:
    uploaded = agents.files.upload(png_bytes, purpose="input", filename="frame.png")
    assert uploaded.size_bytes == len(png_bytes)
    ready = agents.files.wait(uploaded.id, timeout=30)
    assert ready.filename == "frame.png"
    # The two steps by hand: JSON create, then complete without uploading -> the service refuses.
    pending = agents.files.create(mime_type="image/png", size_bytes=10)
    assert pending.upload is not None and str(pending.upload.method) == "PUT"
    with pytest.raises(genvid.BadRequest):
        agents.files.complete(pending.id)
    video = agents.generations.create(prompt="From the uploaded frame", model="ray-3.2", type="video",
                                      video={"start_frame": {"file_id": uploaded.id}})
    assert media_of(agents.wait(video.id, timeout=60))["format"] == "mp4"


# === Luma Agents: checks before sending =====================================================


@pytest.mark.parametrize("kwargs, field", [
    ({"prompt": ""}, "prompt"),
    ({"prompt": "x" * 6001}, "prompt"),
    ({"prompt": "x", "model": "uni-2"}, "model"),
    ({"prompt": "x", "type": "gif"}, "type"),
    ({"prompt": "x", "aspect_ratio": "5:4"}, "aspect_ratio"),
    ({"prompt": "x", "output_format": "webp"}, "output_format"),
    ({"prompt": "x", "style": "anime"}, "style"),
    ({"prompt": "x", "user_id": "u" * 257}, "user_id"),
    ({"prompt": "x", "type": "video"}, "model"),
    ({"prompt": "x", "model": "ray-3.2", "type": "image"}, "type"),
    ({"prompt": "x", "type": "image_edit"}, "source"),
    ({"prompt": "x", "image_ref": [{"url": REMOTE_IMAGE}] * 10}, "image_ref"),
    ({"prompt": "x", "type": "image_edit", "source": {"url": REMOTE_IMAGE}, "image_ref": [REMOTE_IMAGE] * 9},
     "image_ref"),
    ({"prompt": "x", "image_ref": [{"url": REMOTE_IMAGE, "generation_id": str(uuid.uuid4())}]}, "image_ref[0]"),
    ({"prompt": "x", "image_ref": [{"data": "aGk="}]}, "image_ref[0].media_type"),
    ({"prompt": "x", "image_ref": [{"generation_id": "not-a-uuid"}]}, "image_ref[0].generation_id"),
    ({"prompt": "x", "layering": {"resolution": "4k"}, "type": "layering"}, "layering.resolution"),
    ({"prompt": "x", "layering": {"resolution": "1k"}}, "layering"),
    ({"prompt": "x", "video": {"duration": "5s"}}, "video"),
    ({"prompt": "x", "model": "ray-3.2", "type": "video", "video": {"loop": True, "duration": "10s"}}, "video.loop"),
    ({"prompt": "x", "model": "ray-3.2", "type": "video", "video": {"loop": True, "hdr": True}}, "video.loop"),
    ({"prompt": "x", "model": "ray-3.2", "type": "video_edit", "source": {"generation_id": str(uuid.uuid4())},
      "video": {"loop": True}}, "video.loop"),
    ({"prompt": "x", "model": "ray-3.2", "type": "video", "video": {"exr_export": True}}, "video.exr_export"),
    ({"prompt": "x", "model": "ray-3.2", "type": "video_reframe", "source": {"generation_id": str(uuid.uuid4())},
      "video": {"hdr": True}}, "video.hdr"),
    ({"prompt": "x", "model": "ray-3.2", "type": "video", "video": {"hdr": True, "resolution": "360p"}},
     "video.resolution"),
    ({"prompt": "x", "model": "ray-3.2", "video": {"duration": "7s"}}, "video.duration"),
    ({"prompt": "x", "model": "ray-3.2", "video": {"resolution": "4k"}}, "video.resolution"),
    ({"prompt": "x", "model": "ray-3.2", "video": {"fps": 30}}, "video.fps"),
    ({"prompt": "x", "model": "ray-3.2", "type": "video",
      "video": {"keyframes": [REMOTE_IMAGE], "keyframe_indexes": [0], "start_frame": REMOTE_IMAGE}},
     "video.keyframes"),
    ({"prompt": "x", "model": "ray-3.2", "type": "video",
      "video": {"keyframes": [REMOTE_IMAGE], "keyframe_indexes": [0], "loop": True}}, "video.keyframes"),
    ({"prompt": "x", "model": "ray-3.2", "type": "video",
      "video": {"keyframes": [REMOTE_IMAGE, REMOTE_IMAGE], "keyframe_indexes": [0]}}, "video.keyframe_indexes"),
    ({"prompt": "x", "model": "ray-3.2", "type": "video", "video": {"keyframes": [REMOTE_IMAGE]}},
     "video.keyframe_indexes"),
    ({"prompt": "x", "model": "ray-3.2", "type": "video",
      "video": {"keyframes": [REMOTE_IMAGE, REMOTE_IMAGE], "keyframe_indexes": [3, 3]}}, "video.keyframe_indexes"),
    ({"prompt": "x", "model": "ray-3.2", "type": "video",
      "video": {"keyframes": [REMOTE_IMAGE], "keyframe_indexes": [121]}}, "video.keyframe_indexes[0]"),
    ({"prompt": "x", "model": "ray-3.2", "type": "video", "video": {"keyframe_indexes": [0]}},
     "video.keyframe_indexes"),
    ({"prompt": "x", "model": "ray-3.2", "type": "video", "video": {"keyframes": [REMOTE_IMAGE] * 65,
                                                                    "keyframe_indexes": list(range(65))}},
     "video.keyframes"),
    ({"prompt": "x", "model": "ray-3.2", "type": "video", "video": {"edit": {"strength": "flex_1"}}},
     "video.edit"),
    ({"prompt": "x", "model": "ray-3.2", "type": "video", "video": {"source_position": {"x_norm": 0}}},
     "video.source_position"),
    ({"prompt": "x", "model": "ray-3.2", "type": "video_reframe", "source": {"generation_id": str(uuid.uuid4())},
      "video": {"source_position": {"x_norm": 0, "y_norm": 0, "w_norm": 0, "h_norm": 1}}},
     "video.source_position.w_norm"),
    ({"prompt": "x", "model": "ray-3.2", "type": "video_edit", "source": {"generation_id": str(uuid.uuid4())},
      "video": {"edit": {"strength": "wild"}}}, "video.edit.strength"),
    ({"prompt": "x", "model": "ray-3.2", "type": "video_edit", "source": {"generation_id": str(uuid.uuid4())},
      "video": {"edit": {"controls": {"depth": {"blur": 1.5}}}}}, "video.edit.controls.depth.blur"),
    ({"prompt": "x", "model": "ray-3.2", "type": "video_edit", "source": {"generation_id": str(uuid.uuid4())},
      "video": {"edit": {"controls": {"pose": {"strength": "loose"}}}}}, "video.edit.controls.pose.strength"),
    ({"prompt": "x", "model": "ray-3.2", "type": "video_edit", "source": {"generation_id": str(uuid.uuid4())},
      "video": {"edit": {"controls": {"colour": {"enabled": True}}}}}, "video.edit.controls.colour"),
    ({"prompt": "x", "model": "ray-3.2", "type": "video_edit", "source": {"generation_id": str(uuid.uuid4())},
      "video": {"start_frame": REMOTE_IMAGE, "edit": {"keyframes": [REMOTE_IMAGE], "keyframe_indexes": [0]}}},
     "video.edit.keyframes"),
    ({"prompt": "x", "model": "ray-3.2", "type": "video", "video": {"start_frame": "/no/such/frame.png"}},
     "video.start_frame"),
])
def test_agents_invalid_input_sends_nothing(agents: genvid.LumaAgents, emu: Any, kwargs: dict[str, Any],
                                            field: str) -> None:
    with no_request(emu), pytest.raises(InvalidInput) as info:
        agents.generations.create(**kwargs)
    assert info.value.field == field
    assert info.value.service in ("luma-agents", None)


def test_agents_inline_limit_points_to_files(agents: genvid.LumaAgents, emu: Any, tmp_path: Path) -> None:
    big = tmp_path / "big.png"
    with open(big, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.truncate(51 * 1024 * 1024)  # sparse: not read
    with no_request(emu), pytest.raises(InvalidInput) as info:
        agents.generations.create(prompt="x", model="ray-3.2", video={"start_frame": big})
    assert info.value.field == "video.start_frame"
    assert "files.create" in str(info.value)


def test_agents_file_and_id_checks(agents: genvid.LumaAgents, emu: Any) -> None:
    with no_request(emu):
        with pytest.raises(InvalidInput) as info:
            agents.files.create(file=REMOTE_IMAGE)
        assert info.value.field == "file"
        with pytest.raises(InvalidInput) as info:
            agents.files.create(file=b"x", purpose="other")
        assert info.value.field == "purpose"
        with pytest.raises(InvalidInput) as info:
            agents.files.list_page(limit=500)
        assert info.value.field == "limit"
        with pytest.raises(InvalidInput) as info:
            agents.generations.get("not-a-uuid")
        assert info.value.field == "generation_id"


# === Luma Agents through the unified client ==================================================


def test_unified_ray_3_2(client: genvid.Client, png_bytes: bytes, tmp_path: Path) -> None:
    frame = tmp_path / "frame.png"
    frame.write_bytes(png_bytes)
    result = client.generate("luma-agents:ray-3.2", prompt="The beam sweeps the sea", image=frame,
                             end_image=png_bytes, duration=5, resolution="540p", aspect_ratio="16:9", timeout=60)
    assert result.media_type == "video/mp4" and media_of(result)["format"] == "mp4"
    looped = client.generate("luma-agents:ray-3.2", prompt="Waves", loop=True, timeout=60)
    assert media_of(looped)["format"] == "mp4"
    keyed = client.generate("luma-agents:ray-3.2", prompt="Seasons", keyframes=[png_bytes, frame],
                            keyframe_indexes=[0, 100], timeout=60)
    assert media_of(keyed)["format"] == "mp4"


def test_unified_ray_3_2_video_edit_submit_wait(client: genvid.Client) -> None:
    base = client.submit("luma-agents:ray-3.2", prompt="A dancer")
    assert base.id.startswith("luma-agents:ray-3.2:")
    base_result = client.wait(base, timeout=60)
    assert base_result.url is not None
    job = client.submit("luma-agents:ray-3.2", prompt="The dancer in neon", video=base_result.url,
                        edit={"strength": "flex_1"})
    assert client.cancel(job) is False  # Luma Agents has no cancel
    assert media_of(client.wait(job.id, timeout=60))["format"] == "mp4"
    reframed = client.generate("luma-agents:ray-3.2", prompt="Wider", type="video_reframe", video=base_result.url,
                               aspect_ratio="9:16", source_position={"x_norm": 0, "y_norm": 0.1, "w_norm": 1,
                                                                     "h_norm": 0.5}, timeout=60)
    assert media_of(reframed)["format"] == "mp4"


def test_unified_uni_1(client: genvid.Client, png_bytes: bytes) -> None:
    image = client.generate("luma-agents:uni-1", prompt="A lighthouse, watercolour", image=png_bytes,
                            aspect_ratio="1:1", output_format="png", timeout=60)
    assert media_of(image)["format"] == "png"
    edited = client.generate("luma-agents:uni-1-max", prompt="Now at night", type="image_edit", image=png_bytes,
                             timeout=60)
    assert media_of(edited)["format"] == "png"
    layered = client.generate("luma-agents:uni-1", prompt="Separate the layers", type="layering", image=png_bytes,
                              resolution="1k", timeout=60)
    assert media_of(layered)["format"] == "png"
    assert layered.job["outputs"] == 3


def test_unified_agents_failure(client: genvid.Client, agents: genvid.LumaAgents) -> None:
    generation = agents.generations.create(prompt="budget", model="ray-3.2",
                                           extra_headers={"X-Genvid-Fault": "fail=budget_exhausted"})
    job = Job("luma-agents", "ray-3.2", str(generation.id))
    with pytest.raises(JobFailed) as info:
        client.wait(job, timeout=60)
    assert info.value.failure_code == "budget_exhausted"
    assert info.value.reason == "The account budget is exhausted"


@pytest.mark.parametrize("model, inputs, field", [
    ("luma-agents:ray-3.2", {"prompt": "x", "duration": 10, "loop": True}, "loop"),
    ("luma-agents:ray-3.2", {"prompt": "x", "hdr": False, "exr_export": True}, "exr_export"),
    ("luma-agents:ray-3.2", {"prompt": "x", "image": REMOTE_IMAGE, "keyframes": [REMOTE_IMAGE],
                             "keyframe_indexes": [0]}, "keyframes"),
    ("luma-agents:ray-3.2", {"prompt": "x", "keyframes": [REMOTE_IMAGE], "keyframe_indexes": [0, 1]},
     "keyframe_indexes"),
    ("luma-agents:ray-3.2", {"prompt": "x", "duration": 7}, "duration"),
    ("luma-agents:ray-3.2", {"prompt": "x", "resolution": "4k"}, "resolution"),
    ("luma-agents:ray-3.2", {"prompt": "x", "video": {"loop": True, "hdr": True}}, "video.loop"),
    ("luma-agents:ray-3.2", {"prompt": "x", "seed": 1}, "seed"),
    ("luma-agents:ray-3.2", {"prompt": "x", "style": "manga"}, "style"),
    ("luma-agents:ray-3.2", {"prompt": "x", "model": "uni-1"}, "model"),
    ("luma-agents:ray-3.2", {"image": REMOTE_IMAGE}, "prompt"),
    ("luma-agents:ray-3.2", {"prompt": "x", "image": b""}, "image"),
    ("luma-agents:ray-3.2", {"prompt": "x", "end_image": {"url": "ftp://x"}}, "end_image.url"),
    ("luma-agents:uni-1", {"prompt": "x", "duration": 5}, "duration"),
    ("luma-agents:uni-1", {"prompt": "x", "resolution": "2k"}, "resolution"),
    ("luma-agents:uni-1", {"prompt": "x", "type": "image_edit"}, "source"),
    ("luma-agents:uni-1", {"prompt": "x", "images": [REMOTE_IMAGE] * 10}, "images"),
    ("luma-agents:uni-1", {"prompt": "x", "aspect_ratio": "5:4"}, "aspect_ratio"),
])
def test_unified_agents_invalid_input_sends_nothing(client: genvid.Client, emu: Any, model: str,
                                                    inputs: dict[str, Any], field: str) -> None:
    with no_request(emu), pytest.raises(InvalidInput) as info:
        client.submit(model, **inputs)
    assert info.value.field == field


def test_models_are_in_the_catalog() -> None:
    names = {m.name for m in genvid.models("luma")} | {m.name for m in genvid.models("luma-agents")}
    assert {"luma:ray-2", "luma:photon-1", "luma:modify-video", "luma-agents:uni-1", "luma-agents:ray-3.2"} <= names


def test_reprs_hide_the_key(emu: Any) -> None:
    secret = "sk-very-secret"
    assert secret not in repr(genvid.Luma(api_key=secret, base_url=emu.urls.luma))
    assert secret not in repr(genvid.LumaAgents(api_key=secret, base_url=emu.urls.luma_agents))
