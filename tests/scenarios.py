"""Record/replay scenarios: every public operation of every genvid client, as vcrpy cassettes.

Each scenario is a function ``(clients: Clients) -> None`` that calls public operations and
asserts on their results (never on timing). ``scripts/record_cassettes`` runs each one against a
fresh emulator (or the real services) and records ``cassettes/<name>.yaml``;
``tests/test_cassettes.py`` replays them with the network blocked and without sleeping.

Matching is ``method + path + query``: the emulator's random port never matters, because every
recorded URL (requests, and the URLs inside responses: fal ``response_url``/``status_url``, output
files, Luma assets, presigned uploads) is rewritten to the fixed fake root ``FAKE_ROOT``, which is
where the replaying clients point. Authorization headers and every header or body that carries a
key are filtered out.
"""

from __future__ import annotations

import base64
import functools
import re
import struct
import tempfile
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import genvid

ROOT = Path(__file__).resolve().parent.parent
CASSETTES = ROOT / "cassettes"

FAKE_HOST = "emulator.genvid.test"
FAKE_ROOT = f"http://{FAKE_HOST}"

# The keys used against the emulator (and in replay). Distinctive, so a leak is easy to find.
FAKE_KEYS: dict[str, str] = {
    "decart": "gv-cassette-decart-key-5d1e",
    "fal": "gv-cassette-fal-id:gv-cassette-fal-secret-9c2b",
    "luma": "gv-cassette-luma-key-3a7f",
    "luma-agents": "gv-cassette-agents-key-b604",
}
# Where each real service lives, and where it lives on the emulator (and so in the cassettes).
REAL_PREFIXES: tuple[tuple[str, str], ...] = (
    ("https://api.decart.ai", "/decart"),
    ("https://queue.fal.run", "/fal"),
    ("https://fal.run", "/fal-run"),
    ("https://rest.fal.ai", "/fal-rest"),
    ("https://v3.fal.media", "/fal-cdn"),
    ("https://api.lumalabs.ai/dream-machine/v1", "/luma/dream-machine/v1"),
    ("https://agents.lumalabs.ai/v1", "/luma-agents/v1"),
)
KEY_ENV = {"decart": "DECART_API_KEY", "fal": "FAL_KEY", "luma": "LUMAAI_API_KEY",
           "luma-agents": "LUMA_AGENTS_API_KEY"}
# Emulator settings for recording: tiny media, short jobs (a few status polls each).
EMULATOR_SETTINGS = {"media_scale": 0.02, "queue_seconds": 0.05, "run_seconds": 0.1}
TIMEOUT = 120.0

FAL_APP = "decart/lucy-14b/image-to-video"
TEDDY = "A teddy bear in sunglasses playing electric guitar and dancing"
REDACTED = "<REDACTED>"


# --- where the clients point ------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """Base URLs and keys for one recording (or the replay), and how recorded URLs are rewritten."""

    keys: Mapping[str, str]
    emulator_root: str | None  # None: the real services at their default base URLs
    rewrites: tuple[tuple[str, str], ...] = ()  # (as sent/received, as stored in the cassette)

    @classmethod
    def emulator(cls, root: str, keys: Mapping[str, str] = FAKE_KEYS) -> Target:
        root = root.rstrip("/")
        host_port = root.split("://", 1)[1]
        return cls(keys, root, ((root, FAKE_ROOT), (host_port, FAKE_HOST)))

    @classmethod
    def real(cls, keys: Mapping[str, str]) -> Target:
        return cls(keys, None, tuple((real, FAKE_ROOT + prefix) for real, prefix in REAL_PREFIXES))

    @classmethod
    def replay(cls) -> Target:
        return cls(FAKE_KEYS, FAKE_ROOT)

    def secrets(self) -> list[str]:
        """Every key, and each half of a fal ``id:secret`` key."""
        out: set[str] = set()
        for key in self.keys.values():
            if key:
                out.add(key)
                out.update(part for part in key.split(":") if len(part) >= 6)
        return sorted(out, key=len, reverse=True)


@dataclass
class Clients:
    """One client of each kind, all pointed at the same target."""

    decart: genvid.Decart
    fal: genvid.Fal
    luma: genvid.Luma
    agents: genvid.LumaAgents
    client: genvid.Client
    replay: bool = False
    _closers: list[Callable[[], None]] = field(default_factory=list, repr=False)

    @classmethod
    def build(cls, target: Target, *, replay: bool = False) -> Clients:
        """Clients for ``target``; ``replay=True`` makes every wait and retry instant."""
        opts: dict[str, Any] = {}
        if replay:
            opts = {"poll": genvid.PollPolicy(initial=0, factor=1, maximum=0),
                    "retry": genvid.RetryPolicy(sleep=lambda s: None)}
        keys = dict(target.keys)
        root = target.emulator_root
        if root is not None:
            decart = genvid.Decart(keys["decart"], base_url=f"{root}/decart", **opts)
            fal = genvid.Fal(keys["fal"], emulator=root, **opts)
            luma = genvid.Luma(keys["luma"], base_url=f"{root}/luma/dream-machine/v1", **opts)
            agents = genvid.LumaAgents(keys["luma-agents"], base_url=f"{root}/luma-agents/v1", **opts)
            client = genvid.Client(api_keys=keys, emulator=root, **opts)
        else:
            real = {prefix: url for url, prefix in REAL_PREFIXES}
            decart = genvid.Decart(keys.get("decart"), base_url=real["/decart"], **opts)
            fal = genvid.Fal(keys.get("fal"), base_url=real["/fal"], run_url=real["/fal-run"],
                             rest_url=real["/fal-rest"], cdn_url=real["/fal-cdn"], **opts)
            luma = genvid.Luma(keys.get("luma"), base_url=real["/luma/dream-machine/v1"], **opts)
            agents = genvid.LumaAgents(keys.get("luma-agents"), base_url=real["/luma-agents/v1"], **opts)
            client = genvid.Client(api_keys={k: v for k, v in keys.items() if v}, base_urls={
                "decart": real["/decart"], "fal": real["/fal"], "luma": real["/luma/dream-machine/v1"],
                "luma-agents": real["/luma-agents/v1"]}, **opts)
        made = cls(decart, fal, luma, agents, client, replay)
        made._closers = [decart.close, fal.close, luma.close, agents.close, client.close]
        return made

    def close(self) -> None:
        for close in self._closers:
            close()


# --- vcrpy configuration -------------------------------------------------------------------------

FILTERED_HEADERS = ("authorization", "proxy-authorization", "x-api-key", "cookie", "set-cookie")
TEXT_TYPES = ("json", "text/", "event-stream", "xml", "javascript", "x-www-form-urlencoded")
_TOKEN_FIELD = re.compile(rb'("(?:token|access_token|refresh_token)"\s*:\s*)"[^"]*"')
_EXPIRES_FIELD = re.compile(rb'("expires_at"\s*:\s*)"[^"]*"')
# A redacted token never expires: fal's client refreshes its storage token once the recorded
# expiry has passed, which would make a replay an hour after recording send an unrecorded request.
FAR_FUTURE = b'"2099-01-01T00:00:00+00:00"'


def _rewrite(data: bytes, rewrites: Sequence[tuple[str, str]], secrets: Sequence[str]) -> bytes:
    for old, new in rewrites:
        data = data.replace(old.encode(), new.encode())
    for secret in secrets:
        data = data.replace(secret.encode(), REDACTED.encode())
    return data


def _scrub_request(request: Any, *, rewrites: Sequence[tuple[str, str]], secrets: Sequence[str]) -> Any:
    uri = request.uri
    for old, new in rewrites:
        uri = uri.replace(old, new)
    request.uri = uri
    for name in list(request.headers):
        value = str(request.headers[name])
        if name.lower() in FILTERED_HEADERS or any(s in value for s in secrets):
            del request.headers[name]
        else:
            request.headers[name] = _rewrite(value.encode(), rewrites, secrets).decode()
    body = request.body
    if body:
        request.body = _rewrite(body if isinstance(body, bytes) else str(body).encode(), rewrites, secrets)
    return request


def _scrub_response(response: dict[str, Any], *, rewrites: Sequence[tuple[str, str]],
                    secrets: Sequence[str]) -> dict[str, Any]:
    headers: dict[str, list[str]] = response.get("headers", {})
    clean: dict[str, list[str]] = {}
    for name, values in headers.items():
        if name.lower() in FILTERED_HEADERS or any(s in v for v in values for s in secrets):
            continue
        clean[name] = [_rewrite(v.encode(), rewrites, secrets).decode() for v in values]
    kind = next((v for n, vs in clean.items() if n.lower() == "content-type" for v in vs), "")
    body = response.get("body", {}).get("string")
    if isinstance(body, str):
        body = body.encode()
    if body and (not kind or any(t in kind.lower() for t in TEXT_TYPES)):
        new = _rewrite(body, rewrites, secrets)
        if _TOKEN_FIELD.search(new):
            new = _EXPIRES_FIELD.sub(rb"\1" + FAR_FUTURE, _TOKEN_FIELD.sub(rb'\1"redacted-token"', new))
        if new != body:
            response["body"]["string"] = new
            for name in clean:
                if name.lower() == "content-length":
                    clean[name] = [str(len(new))]
    response["headers"] = clean
    return response


def use_cassette(target: Target, path: Path, record_mode: str) -> Any:
    """vcrpy's ``use_cassette`` for recording (``record_mode="all"``) or replaying (``"none"``).

    Every recorded response is played once, in order (``allow_playback_repeats=False``), so a
    replay makes exactly the requests the recording made.
    """
    import vcr

    secrets = target.secrets()
    return vcr.VCR(
        serializer="yaml",
        record_mode=record_mode,
        match_on=("method", "path", "query"),
        decode_compressed_response=True,
        before_record_request=functools.partial(_scrub_request, rewrites=target.rewrites, secrets=secrets),
        before_record_response=functools.partial(_scrub_response, rewrites=target.rewrites, secrets=secrets),
    ).use_cassette(str(path), allow_playback_repeats=False)


def cassette_path(name: str) -> Path:
    return CASSETTES / f"{name}.yaml"


GENERIC_SECRET_PATTERNS = (
    r"Key [A-Za-z0-9:_-]{8,}",
    r"Bearer [A-Za-z0-9._-]{8,}",
    r"(?i)x-api-key",
    r"(?i)\bauthorization:",
)


def find_secrets(text: str, keys: Iterable[str] = ()) -> list[str]:
    """Key-shaped strings in a cassette's text: the given keys and generic auth patterns."""
    found = [k for k in keys if k and k in text]
    for pattern in GENERIC_SECRET_PATTERNS:
        found += [m.group(0) for m in re.finditer(pattern, text)]
    return found


# --- scenarios -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    name: str
    run: Callable[[Clients], None]
    services: tuple[str, ...]

    def __str__(self) -> str:
        return self.name


SCENARIOS: list[Scenario] = []


def scenario(*services: str) -> Callable[[Callable[[Clients], None]], Callable[[Clients], None]]:
    def register(fn: Callable[[Clients], None]) -> Callable[[Clients], None]:
        SCENARIOS.append(Scenario(fn.__name__, fn, services))
        return fn

    return register


def tiny_png(width: int = 16, height: int = 16, rgb: tuple[int, int, int] = (200, 90, 40)) -> bytes:
    """A valid RGB PNG of a few hundred bytes (the inputs stay tiny in the cassettes)."""
    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


PNG = tiny_png()


def is_mp4(data: bytes) -> bool:
    return len(data) > 8 and data[4:8] == b"ftyp"


def is_png(data: bytes) -> bool:
    return data.startswith(b"\x89PNG\r\n\x1a\n")


def is_jpeg(data: bytes) -> bool:
    return data.startswith(b"\xff\xd8\xff")


def is_image(data: bytes) -> bool:
    return is_png(data) or is_jpeg(data)


def _raises(kind: type[BaseException], call: Callable[[], object]) -> BaseException:
    try:
        call()
    except kind as exc:
        return exc
    raise AssertionError(f"expected {kind.__name__}")


# --- Decart --------------------------------------------------------------------------------------


@scenario("decart")
def decart_process(c: Clients) -> None:
    models = genvid.Decart.models
    video = c.decart.process({"model": models.video("lucy-pro-t2v"), "prompt": "A serene lake at sunset",
                              "seed": 42, "orientation": "landscape"})
    assert is_mp4(video)
    animated = c.decart.process({"model": models.video("lucy-pro-i2v"), "prompt": "gentle wind", "data": PNG,
                                 "seed": 123})
    assert is_mp4(animated)
    image = c.decart.process({"model": models.image("lucy-pro-t2i"), "prompt": "A city at night", "seed": 7})
    assert is_png(image)
    edited = c.decart.process(model=models.image("lucy-pro-i2i"), prompt="as an oil painting", data=PNG,
                              enhance_prompt=True, seed=3)
    assert is_png(edited)


@scenario("decart")
def decart_queue(c: Clients) -> None:
    submitted = c.decart.queue.submit({"model": "lucy-pro-i2v", "prompt": "animate", "data": PNG})
    assert submitted.job_id and submitted.status.value == "pending"
    status = c.decart.queue.status(submitted.job_id)
    assert status.job_id == submitted.job_id
    assert status.status.value in {"pending", "processing", "completed"}
    changes: list[str] = []
    outcome = c.decart.queue.submit_and_poll({"model": "lucy-pro-t2v", "prompt": "snow on a lake", "seed": 5},
                                             on_status_change=lambda s: changes.append(s.status.value))
    assert isinstance(outcome, genvid._decart.CompletedJob), outcome
    assert outcome.status == "completed" and is_mp4(outcome.data)
    assert changes[0] == "pending" and changes[-1] == "completed"
    assert c.decart.queue.result(outcome.job_id) == outcome.data


# --- fal -----------------------------------------------------------------------------------------


def _fetch(svc: genvid.Fal | genvid.Luma | genvid.LumaAgents, url: str) -> bytes:
    if url.startswith("data:"):  # fal's sync_mode (the Lucy apps' default): the media inline
        return base64.b64decode(url.partition(",")[2])
    response = svc.media.client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content


@scenario("fal")
def fal_queue(c: Clients) -> None:
    handle = c.fal.submit(FAL_APP, {"prompt": "She smiles", "image_url": PNG},
                          webhook_url="http://127.0.0.1:9/fal-hook", priority="low", start_timeout=60)
    assert handle.request_id
    status = c.fal.status(FAL_APP, handle.request_id, with_logs=True)
    assert str(status.status) in {"IN_QUEUE", "IN_PROGRESS", "COMPLETED"}
    out = handle.get(timeout=TIMEOUT)
    assert out == c.fal.result(FAL_APP, handle.request_id)
    assert is_mp4(_fetch(c.fal, out["video"]["url"]))
    done = c.fal.status(FAL_APP, handle.request_id)
    assert str(done.status) == "COMPLETED"
    assert c.fal.cancel(FAL_APP, handle.request_id) == "ALREADY_COMPLETED"
    doomed = c.fal.submit(FAL_APP, {"prompt": "never mind", "image_url": PNG})
    answer = doomed.cancel()
    assert answer in {"CANCELLATION_REQUESTED", "ALREADY_COMPLETED", "OK"}, answer
    if answer != "ALREADY_COMPLETED":
        _raises(genvid.Cancelled, lambda: doomed.get(timeout=TIMEOUT))


@scenario("fal")
def fal_subscribe(c: Clients) -> None:
    updates: list[Any] = []
    enqueued: list[str] = []
    out = c.fal.subscribe(FAL_APP, {"prompt": "A woman standing in an art studio", "image_url": PNG},
                          with_logs=True, on_queue_update=updates.append, on_enqueue=enqueued.append,
                          client_timeout=TIMEOUT)
    kinds = [str(u.status) for u in updates]
    assert kinds and kinds[-1] == "COMPLETED", kinds
    assert len(enqueued) == 1 and enqueued[0]
    assert any(getattr(u, "logs", None) for u in updates), "no logs with with_logs=True"
    assert out["video"]["content_type"] == "video/mp4"
    assert is_mp4(_fetch(c.fal, out["video"]["url"]))


@scenario("fal")
def fal_run(c: Clients) -> None:
    out = c.fal.run("decart/lucy-i2v", {"prompt": "The cat turns its head", "image_url": PNG})
    assert is_mp4(_fetch(c.fal, out["video"]["url"]))


@scenario("fal")
def fal_upload(c: Clients) -> None:
    url = c.fal.upload(PNG, "image/png", "tiny.png")
    assert url.startswith(("http://", "https://"))
    assert _fetch(c.fal, url) == PNG
    other = tiny_png(8, 8, (10, 200, 30))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "green.png"
        path.write_bytes(other)
        url2 = c.fal.upload_file(path)
    assert url2 != url and _fetch(c.fal, url2) == other


# --- Luma Dream Machine --------------------------------------------------------------------------


@scenario("luma")
def luma_generations(c: Clients) -> None:
    luma = c.luma
    generation = luma.generations.create(prompt=TEDDY)
    assert generation.state == "queued" and generation.id
    seen: list[str] = []
    result = luma.wait(generation.id, timeout=TIMEOUT, on_status=lambda s: seen.append(s.raw_state))
    assert seen[-1] == "completed"
    assert result.media_type == "video/mp4" and is_mp4(result.read())
    again = luma.generations.get(generation.id)
    assert again.id == generation.id and again.state == "completed" and isinstance(again.assets.video, str)
    extra = [luma.generations.create(prompt=f"A paper boat on a stream, take {i}").id for i in range(2)]
    listed = list(luma.generations.list(limit=2))  # every page, two at a time
    ids = [g.id for g in listed]
    assert {generation.id, *extra} <= set(ids) and len(ids) == len(set(ids))
    pages = list(luma.generations.list(limit=2).pages())
    assert len(pages) >= 2 and sum(len(p) for p in pages) == len(ids)
    first = luma.generations.list_page(limit=1)
    assert len(first.generations) == 1 and first.has_more is True
    assert luma.generations.delete(extra[0]) is None
    _raises(genvid.NotFound, lambda: luma.generations.get(extra[0]))


@scenario("luma")
def luma_image(c: Clients) -> None:
    luma = c.luma
    generation = luma.generations.image.create(prompt="A snowy landscape at dawn", aspect_ratio="1:1")
    result = luma.wait(generation, timeout=TIMEOUT)
    assert result.url and is_jpeg(result.read())
    reframed = luma.generations.image.reframe(media={"url": result.url}, aspect_ratio="9:16", prompt="more sky")
    assert reframed.request["generation_type"] == "reframe_image"
    assert is_image(luma.wait(reframed.id, timeout=TIMEOUT).read())
    synced = luma.generations.image.create(prompt="A quick pencil sketch", model="photon-flash-1", format="png",
                                           sync=True, sync_timeout=30)
    assert synced.state == "completed" and synced.assets.image


@scenario("luma")
def luma_video_ops(c: Clients) -> None:
    luma = c.luma
    base = luma.generations.video.create(prompt=TEDDY, model="ray-flash-2", aspect_ratio="16:9", duration=5)
    luma.wait(base.id, timeout=TIMEOUT)
    done = luma.generations.get(base.id)
    source = done.assets.video
    assert isinstance(source, str)
    modified = luma.generations.video.modify(media={"url": source}, mode="flex_1", prompt="as a watercolour")
    assert modified.request["generation_type"] == "modify_video"
    assert is_mp4(luma.wait(modified.id, timeout=TIMEOUT).read())
    reframed = luma.generations.video.reframe(media=source, aspect_ratio="1:1")
    assert is_mp4(luma.wait(reframed.id, timeout=TIMEOUT).read())
    upscaled = luma.generations.upscale(done.id, resolution="1080p")
    assert is_mp4(luma.wait(upscaled.id, timeout=TIMEOUT).read())
    with_audio = luma.generations.audio(done.id, prompt="electric guitar", negative_prompt="crowd noise")
    assert is_mp4(luma.wait(with_audio.id, timeout=TIMEOUT).read())
    with tempfile.TemporaryDirectory() as tmp:
        path = luma.download(done, Path(tmp) / "teddy.mp4")
        assert is_mp4(path.read_bytes())


@scenario("luma")
def luma_account(c: Clients) -> None:
    luma = c.luma
    concepts = luma.generations.concepts.list()
    assert concepts and all(isinstance(k, str) for k in concepts)
    motions = luma.generations.camera_motion.list()
    assert motions and all(isinstance(m, str) for m in motions)
    assert luma.camera_motions.list() == motions
    assert luma.credits.get().credit_balance >= 0
    assert luma.ping.check().message == "pong"
    assert luma.ping().message == "pong"


# --- Luma Agents ---------------------------------------------------------------------------------


@scenario("luma-agents")
def agents_generations(c: Clients) -> None:
    agents = c.agents
    image = agents.generations.create(prompt="A lighthouse at dusk, oil painting", type="image",
                                      aspect_ratio="16:9", output_format="jpeg")
    assert image.state == "queued" and str(image.type_) == "image"
    seen: list[str] = []
    result = agents.wait(image.id, timeout=TIMEOUT, on_status=lambda s: seen.append(s.raw_state))
    assert seen[-1] == "completed" and is_jpeg(result.read())
    again = agents.generations.get(str(image.id))
    assert again.output and again.output[0].url.startswith("http")
    video = agents.generations.create(prompt="The lighthouse beam sweeps the sea", model="ray-3.2", type="video",
                                      video={"duration": "5s", "start_frame": PNG, "resolution": "540p"})
    outcome = agents.wait(video.id, timeout=TIMEOUT)
    assert outcome.media_type == "video/mp4" and is_mp4(outcome.read())
    edit = agents.generations.create(prompt="The same lighthouse at night", type="image_edit",
                                     source={"generation_id": str(image.id)})
    assert is_image(agents.wait(edit.id, timeout=TIMEOUT).read())


@scenario("luma-agents")
def agents_files(c: Clients) -> None:
    files = c.agents.files
    created = files.create(file=PNG, purpose="reference", filename="ref.png", user_id="cassette-user")
    assert str(created.state) == "pending" and created.file.mime_type == "image/png"
    ready = files.wait(created.id, timeout=TIMEOUT)
    assert str(ready.state) == "ready" and ready.size_bytes == len(PNG)
    other = files.create(file=tiny_png(8, 8)).id
    uploaded = files.upload(tiny_png(12, 12), purpose="input", filename="frame.png")  # presigned PUT + complete
    ids = [f.id for f in files.list(limit=1)]  # every page, one file at a time
    assert {created.id, other, uploaded.id} <= set(ids) and len(ids) == len(set(ids))
    assert files.get(created.id).id == created.id
    assert files.delete(created.id) is None
    assert created.id not in {f.id for f in files.list()}


# --- the unified client --------------------------------------------------------------------------


@scenario("decart", "fal", "luma", "luma-agents")
def client_generate(c: Clients) -> None:
    client = c.client
    states: list[str] = []
    video = client.generate("decart:lucy-pro-t2v", prompt="A lake at sunset", seed=42,
                            on_status=lambda s: states.append(s.state), timeout=TIMEOUT)
    assert states[0] == "queued" and states[-1] == "completed"
    with tempfile.TemporaryDirectory() as tmp:
        assert is_mp4(video.save(Path(tmp) / "lake.mp4").read_bytes())
    image = client.generate("decart:lucy-image-2", prompt="as an oil painting", image=PNG)  # synchronous
    assert image.media_type == "image/png" and is_png(image.read())
    fal = client.generate(f"fal:{FAL_APP}", prompt="She smiles", image=PNG, timeout=TIMEOUT)
    assert fal.media_type == "video/mp4" and is_mp4(fal.read())
    luma = client.generate("luma:photon-1", prompt="A lantern in the snow", aspect_ratio="1:1", timeout=TIMEOUT)
    assert luma.media_type == "image/jpeg" and is_jpeg(luma.read())
    agents = client.generate("luma-agents:uni-1", prompt="A lighthouse, watercolour", aspect_ratio="1:1",
                             output_format="png", timeout=TIMEOUT)
    assert is_png(agents.read())


@scenario("decart", "fal", "luma", "luma-agents")
def client_jobs(c: Clients) -> None:
    client = c.client
    job = client.submit("luma:ray-2", prompt=TEDDY)
    assert job.id.startswith("luma:ray-2:")
    again = client.job(job.id)
    assert client.status(again).state in ("queued", "running", "completed")
    assert client.cancel(job) is False  # Dream Machine has no cancel
    assert is_mp4(client.wait(job.id, timeout=TIMEOUT).read())
    assert client.status(job).state == "completed"
    assert is_mp4(client.result(job).read())

    doomed = client.submit(f"fal:{FAL_APP}", prompt="never mind", image=PNG)
    if client.cancel(doomed):
        _raises(genvid.Cancelled, lambda: client.wait(doomed, timeout=TIMEOUT))

    jobs = [
        client.submit("decart:lucy-pro-t2v", prompt="A windmill", seed=1),
        client.submit(f"fal:{FAL_APP}", prompt="It blinks", image=PNG),
        client.submit("luma:photon-flash-1", prompt="A red kite"),
        client.submit("luma-agents:uni-1", prompt="A green kite", output_format="png"),
    ]
    assert client.cancel(jobs[0]) is False  # Decart has no cancel
    outcomes = client.wait_all(jobs, timeout=TIMEOUT)
    assert [o.job.id for o in outcomes] == [j.id for j in jobs]
    assert all(o.ok for o in outcomes), [o.error for o in outcomes]
    assert is_mp4(outcomes[0].result.read()) and is_mp4(outcomes[1].result.read())
    assert is_jpeg(outcomes[2].result.read()) and is_png(outcomes[3].result.read())

    more = [client.submit("luma-agents:uni-1", prompt="A kite", output_format="png"),
            client.submit("luma-agents:uni-1", prompt="A blue kite", output_format="png")]
    finished = list(client.as_completed(more, timeout=TIMEOUT))
    assert sorted(o.job.id for o in finished) == sorted(j.id for j in more)
    assert all(o.ok and is_png(o.result.read()) for o in finished), [o.error for o in finished]
    with pytest.raises(genvid.InvalidInput) as image_on_queue:  # Decart image models run with Process only
        client.submit("decart:lucy-pro-t2i", prompt="A kite", seed=2)
    assert "generate" in str(image_on_queue.value)


BY_NAME = {s.name: s for s in SCENARIOS}
