"""The seeds' own forms work as the seeds write them (issue 11, items 1-6, 8 and 9).

Decart's examples pass everything in the options dict (``cancel_token``, ``on_status_change``)
and handle errors by ``error.code``; Luma Agents' reference states which media go where and
how long a video edit's source may be. Each test here failed before these were built.
"""

from __future__ import annotations

import asyncio
import base64
import io
import threading
import time
import urllib.parse
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

import genvid
from genvid._cli import main
from genvid_emulator import Settings, running
from genvid_emulator._media import MediaSpec, probe, render


@pytest.fixture(scope="module")
def png() -> bytes:
    return render(MediaSpec(kind="image", width=64, height=64), key="seed fidelity image")


def _video(seconds: float, key: str = "seed fidelity video") -> bytes:
    return render(MediaSpec(kind="video", width=32, height=32, fps=5, seconds=seconds), key=key)


def _requests(emu: Any) -> int:
    return int(httpx.get(emu.urls.root + "/_emulator/requests?limit=1").json()["count"])


def _slow(emu: Any, ms: int) -> genvid.Decart:
    """A Decart client whose every answer the emulator holds back for ``ms`` milliseconds."""
    client = genvid.Decart(api_key="k", base_url=emu.urls.decart)
    client.api().get_httpx_client().headers["X-Genvid-Fault"] = f"latency={ms}"
    return client


# --- 1, 2: Decart's options dict ------------------------------------------------------------


@pytest.mark.parametrize("token_kind", ["threading", "asyncio"])
def test_cancel_token_in_the_options_dict_interrupts_a_running_process(emu: Any, token_kind: str) -> None:
    decart = _slow(emu, 6000)
    cancel_token: Any = threading.Event() if token_kind == "threading" else asyncio.Event()
    threading.Timer(0.3, cancel_token.set).start()
    started = time.monotonic()
    try:
        decart.process({"model": decart.models.video("lucy-pro-t2v"), "prompt": "Epic fantasy landscape",
                        "cancel_token": cancel_token})
    except asyncio.CancelledError as exc:  # the seed's own except clause
        assert isinstance(exc, genvid.Cancelled) and exc.code == "CANCELLED"
    else:
        pytest.fail("process() returned although its cancel token was set")
    assert time.monotonic() - started < 0.3 + 0.5


def test_cancel_token_and_on_status_change_in_submit_and_polls_options(emu: Any) -> None:
    decart = genvid.Decart(api_key="k", base_url=emu.urls.decart)
    decart.api().get_httpx_client().headers["X-Genvid-Fault"] = "hang"
    cancel_token = threading.Event()
    changes: list[str] = []
    threading.Timer(0.4, cancel_token.set).start()
    started = time.monotonic()
    with pytest.raises(genvid.Cancelled):
        decart.queue.submit_and_poll({"model": "lucy-pro-t2v", "prompt": "lake", "cancel_token": cancel_token,
                                      "on_status_change": lambda s: changes.append(s.status.value)})
    assert time.monotonic() - started < 0.4 + 0.5
    assert changes and changes[0] == "pending"  # called right after submit, as the SDK does


def test_a_cancel_token_must_be_an_event(emu: Any) -> None:
    decart = genvid.Decart(api_key="k", base_url=emu.urls.decart)
    with pytest.raises(genvid.InvalidInput) as info:
        decart.process({"model": "lucy-pro-t2v", "prompt": "x", "cancel_token": "stop"})
    assert info.value.field == "cancel_token"


# --- 3: error.code as the seed's handler reads it --------------------------------------------


def _seed_handler(call: Any) -> str:
    """The seed's error-handling example, in genvid's words."""
    try:
        call()
    except genvid.GenvidError as error:
        if error.code == "INVALID_INPUT":
            return f"Invalid input: {error.message}"
        if error.code == "INVALID_API_KEY":
            return "Invalid API key"
        if error.code == "PROCESSING_ERROR":
            return f"Processing failed: {error.message}"
        return f"Unknown error: {error.message}"
    return "ok"


def test_the_seeds_error_codes(emu: Any, png: bytes) -> None:
    decart = genvid.Decart(api_key="k", base_url=emu.urls.decart)
    missing = _seed_handler(lambda: decart.process({"model": "lucy-pro-i2v", "prompt": "Animate this image"}))
    assert missing == "Invalid input: Invalid inputs for lucy-pro-i2v: data is required"
    keyless = genvid.Decart(api_key="", base_url=emu.urls.decart)
    assert _seed_handler(lambda: keyless.process({"model": "lucy-pro-t2v", "prompt": "x"})) == "Invalid API key"
    failing = genvid.Client(emulator=emu.urls.root)
    failing.service("decart").api().get_httpx_client().headers["X-Genvid-Fault"] = "fail"
    handled = _seed_handler(lambda: failing.generate("decart:lucy-pro-i2v", prompt="x", image=png, timeout=30))
    assert handled.startswith("Processing failed:")


def test_a_refused_key_is_invalid_api_key() -> None:
    with running(Settings(api_key="the-right-key", queue_seconds=0.1, run_seconds=0.1, media_scale=0.05)) as emu:
        decart = genvid.Decart(api_key="a-wrong-key", base_url=emu.urls.decart)
        with pytest.raises(genvid.AuthenticationError) as info:
            decart.process({"model": "lucy-pro-t2v", "prompt": "x"})
        assert info.value.code == "INVALID_API_KEY" and info.value.status == 401


@pytest.mark.parametrize(("status", "cls", "code"), [
    (400, genvid.BadRequest, "INVALID_INPUT"), (401, genvid.AuthenticationError, "INVALID_API_KEY"),
    (402, genvid.PermissionDenied, "INSUFFICIENT_CREDITS"), (403, genvid.PermissionDenied, "INVALID_API_KEY"),
    (404, genvid.NotFound, "NOT_FOUND"), (409, genvid.Conflict, "CONFLICT"), (422, genvid.BadRequest, "INVALID_INPUT"),
    (429, genvid.RateLimited, "RATE_LIMITED"), (500, genvid.ServerError, "PROCESSING_ERROR"),
    (503, genvid.ServerError, "PROCESSING_ERROR"), (418, genvid.APIError, "API_ERROR"),
])
def test_every_status_has_its_code(status: int, cls: type[genvid.APIError], code: str) -> None:
    from genvid._http import error_for

    error = error_for("decart", status, b'{"detail": "no"}', httpx.Headers(), None)
    assert type(error) is cls and error.code == code


def test_every_error_class_has_a_stable_code() -> None:
    classes = [getattr(genvid, name) for name in genvid._exceptions.__all__]
    codes = {cls: cls.code for cls in classes}
    assert all(isinstance(c, str) and c.isupper() for c in codes.values())
    assert codes[genvid.GenvidError] == "GENVID_ERROR"
    assert {codes[genvid.InvalidInput], codes[genvid.UnknownProvider], codes[genvid.BadRequest]} == {"INVALID_INPUT"}
    assert codes[genvid.JobFailed] == codes[genvid.ServerError] == "PROCESSING_ERROR"
    failed = genvid.JobFailed("job failed", failure_code="content_moderated", reason="blocked")
    assert (failed.code, failed.failure_code) == ("PROCESSING_ERROR", "content_moderated")


# --- 4, 5: the queue takes video models; data takes URL objects and byte iterators -----------


def test_the_queue_refuses_image_models_before_any_request(emu: Any) -> None:
    decart = genvid.Decart(api_key="k", base_url=emu.urls.decart)
    before = _requests(emu)
    with pytest.raises(genvid.InvalidInput) as info:
        decart.queue.submit_and_poll({"model": "lucy-pro-t2i", "prompt": "A kite"})
    assert "Only video models support the queue API" in str(info.value) and "process" in (info.value.hint or "")
    assert _requests(emu) == before


def test_data_takes_url_objects_and_byte_iterators(emu: Any, png: bytes) -> None:
    decart = genvid.Decart(api_key="k", base_url=emu.urls.decart)
    url = genvid.Fal(api_key="id:secret", emulator=emu.urls.root).upload(png, "image/png")  # a public URL
    pulled: list[int] = []

    def chunks() -> Iterator[bytes]:
        for at in range(0, len(png), 1000):
            pulled.append(at)
            yield png[at:at + 1000]

    for data in (httpx.URL(url), urllib.parse.urlparse(url), chunks()):
        image = decart.process({"model": "lucy-pro-i2i", "prompt": "Oil painting", "data": data})
        assert probe(image)["format"] == "png"
    assert len(pulled) == -(-len(png) // 1000)  # the iterator was read through, chunk by chunk


# --- 6: Luma Agents' media rules ---------------------------------------------------------------


@pytest.fixture(scope="module")
def agents(emu: Any) -> genvid.LumaAgents:
    return genvid.LumaAgents(api_key="k", base_url=emu.urls.luma_agents)


@pytest.mark.parametrize(("name", "fields", "field"), [
    ("a video at start_frame", {"type": "video", "video": {"start_frame": "V"}}, "video.start_frame.media_type"),
    ("a video URL at end_frame", {"type": "video", "video": {"end_frame": "https://e.test/a.mp4"}},
     "video.end_frame.media_type"),
    ("a video keyframe", {"type": "video", "video": {"keyframes": ["V"], "keyframe_indexes": [0]}},
     "video.keyframes[0].media_type"),
    ("a PNG as the video_edit source", {"type": "video_edit", "source": "P"}, "source.media_type"),
    ("a PNG as the video_reframe source", {"type": "video_reframe", "source": "P"}, "source.media_type"),
])
def test_luma_agents_media_kinds_by_position(agents: genvid.LumaAgents, emu: Any, png: bytes, name: str,
                                             fields: dict[str, Any], field: str) -> None:
    media = {"V": _video(1.0), "P": png}

    def fill(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: fill(v) for k, v in value.items()}
        if isinstance(value, list):
            return [fill(v) for v in value]
        return media.get(value, value) if isinstance(value, str) else value

    before = _requests(emu)
    with pytest.raises(genvid.InvalidInput) as info:
        agents.generations.create(prompt="x", model="ray-3.2", **fill(fields))
    assert info.value.field == field, name
    assert _requests(emu) == before


def test_luma_agents_image_models_take_images_only(agents: genvid.LumaAgents, emu: Any) -> None:
    with pytest.raises(genvid.InvalidInput) as info:
        agents.generations.create(prompt="x", model="uni-1", image_ref=[_video(1.0)])
    assert info.value.field == "image_ref[0].media_type" and "image" in str(info.value)
    with pytest.raises(genvid.InvalidInput) as info:
        agents.generations.create(prompt="x", model="uni-1", type="image_edit", source=_video(1.0))
    assert info.value.field == "source.media_type"


def _raw_create(emu: Any, body: dict[str, Any]) -> httpx.Response:
    return httpx.post(emu.urls.luma_agents + "/generations", json=body, headers={"Authorization": "Bearer k"})


def _inline(data: bytes, kind: str) -> dict[str, str]:
    return {"data": base64.b64encode(data).decode(), "media_type": kind}


def test_the_emulator_checks_media_kinds_whatever_the_request_says(emu: Any, png: bytes) -> None:
    # Declared as an image, but the bytes are a video: the service looks at the bytes.
    r = _raw_create(emu, {"prompt": "x", "model": "ray-3.2", "type": "video",
                          "video": {"start_frame": _inline(_video(1.0), "image/png")}})
    assert r.status_code == 422 and "video.start_frame" in r.text
    r = _raw_create(emu, {"prompt": "x", "model": "ray-3.2", "type": "video_edit", "source": _inline(png, "video/mp4")})
    assert r.status_code == 422 and "source" in r.text


def test_a_video_edit_source_is_at_most_18_seconds(agents: genvid.LumaAgents, emu: Any) -> None:
    long = _video(20.0, key="twenty seconds")
    before = _requests(emu)
    with pytest.raises(genvid.InvalidInput) as info:
        agents.generations.create(prompt="x", model="ray-3.2", type="video_edit", source=long)
    assert info.value.field == "source.data" and "18 s" in str(info.value)
    assert _requests(emu) == before
    # The emulator checks a source genvid cannot measure cheaply (an uploaded file) itself.
    uploaded = agents.files.wait(agents.files.create(file=io.BytesIO(long), purpose="input").id)
    r = _raw_create(emu, {"prompt": "x", "model": "ray-3.2", "type": "video_edit",
                          "source": {"file_id": uploaded.id, "media_type": "video/mp4"}})
    assert r.status_code == 422 and "18" in r.text


def test_a_video_edit_lasts_as_long_as_its_source(agents: genvid.LumaAgents) -> None:
    generation = agents.generations.create(prompt="make it snow", model="ray-3.2", type="video_edit",
                                           source=_video(2.0, key="two seconds"))
    assert probe(agents.wait(generation.id, timeout=60).read())["seconds"] == pytest.approx(2.0, abs=0.1)


def test_start_frame_extends_video_generations_only(agents: genvid.LumaAgents, emu: Any) -> None:
    image = agents.generations.create(prompt="a lighthouse", model="uni-1")
    agents.wait(image.id, timeout=60)
    r = _raw_create(emu, {"prompt": "x", "model": "ray-3.2", "type": "video",
                          "video": {"start_frame": {"generation_id": str(image.id)}}})
    assert r.status_code == 422 and "video.start_frame.generation_id" in r.text
    with pytest.raises(genvid.BadRequest) as info:
        agents.generations.create(prompt="x", model="ray-3.2", type="video",
                                  video={"start_frame": {"generation_id": str(image.id)}})
    assert info.value.code == "INVALID_INPUT"


# --- 8: every model the seeds name stays visible ------------------------------------------------


def test_genvid_models_lists_every_model_with_its_status(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models", "--provider", "decart"]) == 0
    rows = {line.split("\t")[0]: line.split("\t")[-1] for line in capsys.readouterr().out.splitlines()}
    seed_models = ["lucy-pro-t2v", "lucy-pro-i2v", "lucy-dev-i2v", "lucy-pro-v2v", "lucy-dev-v2v", "lucy-fast-v2v",
                   "lucy-pro-flf2v", "lucy-motion", "lucy-restyle-v2v", "lucy-pro-t2i", "lucy-pro-i2i"]
    assert all(f"decart:{m}" in rows for m in seed_models)
    assert rows["decart:lucy-pro-t2v"] == "retired" and rows["decart:lucy-2.6"] == "current"
    assert main(["models", "--provider", "decart", "--current"]) == 0
    current = [line.split("\t") for line in capsys.readouterr().out.splitlines()[1:]]  # after the header row
    assert current and all(row[-1] == "current" for row in current)
    assert "decart:lucy-pro-t2v" not in {row[0] for row in current}


# --- 9: auth_token, the official Luma SDKs' name ------------------------------------------------


@pytest.mark.parametrize("cls", [genvid.Luma, genvid.LumaAgents])
def test_auth_token_is_the_api_key(emu: Any, cls: type[genvid.Luma] | type[genvid.LumaAgents]) -> None:
    base = emu.urls.luma if cls is genvid.Luma else emu.urls.luma_agents
    client = cls(auth_token="the-token", base_url=base)
    assert "the-token" not in repr(client)
    assert client.generations.create(prompt="A teddy bear in sunglasses").id


# --- the remaining seed examples, as written ------------------------------------------------


def test_cancel_the_previous_request_as_the_seeds_ui_does(emu: Any) -> None:
    """Seed 001's cancel button: a new request sets the previous one's token."""
    decart = _slow(emu, 4000)
    current: dict[str, threading.Event | None] = {"token": None}
    outcomes: list[str] = []

    def generate_video(prompt: str) -> None:
        if current["token"] is not None:
            current["token"].set()
        current["token"] = token = threading.Event()
        try:
            decart.process({"model": "lucy-pro-t2v", "prompt": prompt, "cancel_token": token})
            outcomes.append(f"{prompt}: done")
        except asyncio.CancelledError:
            outcomes.append(f"{prompt}: cancelled")

    first = threading.Thread(target=generate_video, args=("first",))
    first.start()
    time.sleep(0.3)
    started = time.monotonic()
    second = threading.Thread(target=generate_video, args=("second",))
    second.start()
    first.join(timeout=2)
    assert outcomes == ["first: cancelled"] and time.monotonic() - started < 1.0
    current["token"].set()  # type: ignore[union-attr]  # the cancel button, for the second one
    second.join(timeout=2)
    assert outcomes == ["first: cancelled", "second: cancelled"]


def test_fal_storage_upload_of_the_seeds_text_file(emu: Any) -> None:
    """Seed 002: ``fal.storage.upload(new File(["Hello, World!"], "hello.txt", {type: "text/plain"}))``."""
    fal = genvid.Fal(api_key="id:secret", emulator=emu.urls.root)
    url = fal.upload(b"Hello, World!", "text/plain", "hello.txt")
    fetched = httpx.get(url)
    assert fetched.content == b"Hello, World!" and fetched.headers["content-type"].startswith("text/plain")
