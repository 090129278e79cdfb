"""How each client runs one job (child side): genvid, a hand-written raw-httpx client, each official SDK.

``api_job(env, service, who)`` returns a function that runs one whole job along the API path (submit, wait
until the client has seen it complete, and the result JSON where the service has one: no media bytes) and
returns the emulator's id of the job. ``notice_job`` is the same with the time the client noticed, through
the SDKs' own wait helpers where they have one. Imports happen inside, so a child loads only its own client.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any, Literal

from .harness import png_uri, tiny_png

SERVICES = ("decart", "fal", "luma", "agents")
PROVIDER = {"decart": "decart", "fal": "fal", "luma": "luma", "agents": "luma-agents"}
DECART_MODEL: Literal["lucy-2.6"] = "lucy-2.6"  # a literal: the Decart SDK's models.video() is typed with them
MODEL = {"decart": DECART_MODEL, "fal": "decart/lucy-14b/image-to-video", "luma": "ray-2", "agents": "ray-3.2"}
# genvid learns each model's run time from the jobs it sees: its warm-ups use another model of the same
# service, so a zero-length warm-up job does not teach it anything about the jobs measured.
WARM_MODEL = {"decart": "lucy-2.5", "fal": "decart/lucy-i2v", "luma": "ray-flash-2", "agents": "uni-1"}
SDK_NAME = {"decart": "decart", "fal": "fal-client", "luma": "lumaai", "agents": "luma-agents"}
SDK_MODULE = {"decart": "decart", "fal": "fal_client", "luma": "lumaai", "agents": "luma_agents"}
PROMPT = "a bench by a lake"
POLL = 0.05  # the pause of the hand-written loops (raw httpx, SDKs without a wait helper) while a job runs

Job = Callable[[], str]
Noticed = Callable[[], tuple[str, float]]


class Env:
    """Where the emulator is, from the variables ``genvid emulator`` exports."""

    def __init__(self) -> None:
        self.root = os.environ["GENVID_EMULATOR_URL"]
        self.key = os.environ.get("DECART_API_KEY", "emulator-key")
        self.decart = os.environ["DECART_BASE_URL"]
        self.fal_queue = "https://" + os.environ["FAL_QUEUE_RUN_HOST"]
        self.luma = os.environ["LUMAAI_BASE_URL"]
        self.agents = os.environ["LUMA_BASE_URL"]


def fal_arguments(image_uri: str) -> dict[str, object]:
    """fal's input for one job. ``sync_mode`` off: the output comes by URL, not inline in the result JSON."""
    return {"prompt": PROMPT, "image_url": image_uri, "sync_mode": False}


def genvid_inputs(service: str, model: str | None = None) -> tuple[str, dict[str, Any]]:
    """The model and inputs of one job through genvid's unified Client."""
    name = f"{PROVIDER[service]}:{model or MODEL[service]}"
    if service == "decart":
        return name, {"prompt": PROMPT, "video": tiny_png(), "seed": 1}
    if service == "fal":
        return name, {"prompt": PROMPT, "image": png_uri(), "sync_mode": False}
    return name, {"prompt": PROMPT}


def label(service: str, who: str) -> str:
    """A contender's name in the report, with the SDK's version."""
    from importlib.metadata import version

    if who == "genvid":
        return "genvid"
    if who == "raw":
        return "raw httpx"
    name = SDK_NAME[service]
    text = f"{name} {version(name)}"
    extra = {"sdk": " (asyncio.run per job)" if service == "decart" else "", "sdk-loop": " (one event loop)",
             "submit_and_poll": " `queue.submit_and_poll`", "subscribe": " `subscribe` (0.1 s polling)"}
    return text + extra.get(who, "")


# --- the API path, one job ------------------------------------------------------------------------


def api_job(env: Env, service: str, who: str, *, model: str | None = None) -> Job:
    """One whole job through ``who`` ('genvid', 'raw', 'sdk', or 'sdk-loop' for Decart)."""
    if who == "genvid":
        return genvid_job(env, service, model)
    if who == "raw":
        return {"decart": _raw_decart, "fal": _raw_fal}.get(service, _raw_luma)(env, service)
    if service == "decart":
        return _decart_sdk(env, one_loop=who == "sdk-loop")
    if service == "fal":
        return _fal_sdk()
    return _luma_sdk(service)


def genvid_job(env: Env, service: str, model: str | None = None, client: Any = None) -> Job:
    import genvid

    client = client or genvid.Client(emulator=env.root)
    name, inputs = genvid_inputs(service, model)

    def job() -> str:
        handle = client.submit(name, **inputs)
        client.wait(handle)
        return str(handle.request_id)

    return job


def _poll(get: Callable[[], str], done: str, failed: str | None = None) -> None:
    """A hand-written wait: ``get()`` the state until it is ``done``."""
    while (state := get()) != done:
        if state == failed:
            raise RuntimeError("the job failed")
        time.sleep(POLL)


def _raw_client(header: str, value: str) -> Any:
    import httpx

    return httpx.Client(headers={header: value}, timeout=60)


def _raw_polled(h: Any, send: Callable[[], Any], id_key: str, status_url: Callable[[str], str],
                state_key: str) -> Job:
    """Submit, then GET the job's status until it is ``completed`` (Decart's and both Luma APIs)."""
    def job() -> str:
        job_id = str(send().raise_for_status().json()[id_key])
        _poll(lambda: str(h.get(status_url(job_id)).raise_for_status().json()[state_key]), "completed", "failed")
        return job_id

    return job


def _raw_decart(env: Env, service: str) -> Job:
    h = _raw_client("X-API-KEY", env.key)
    png = tiny_png()
    return _raw_polled(h, lambda: h.post(f"{env.decart}/v1/jobs/{MODEL['decart']}", data={"prompt": PROMPT, "seed": "1"},
                                         files={"data": ("input.png", png, "image/png")}),
                       "job_id", lambda job_id: f"{env.decart}/v1/jobs/{job_id}", "status")


def _raw_fal(env: Env, service: str) -> Job:
    h = _raw_client("Authorization", f"Key {env.key}")
    arguments = fal_arguments(png_uri())

    def job() -> str:
        r = h.post(f"{env.fal_queue}/{MODEL['fal']}", json=arguments)
        r.raise_for_status()
        sub = r.json()
        _poll(lambda: str(h.get(sub["status_url"]).raise_for_status().json()["status"]), "COMPLETED")
        h.get(sub["response_url"]).raise_for_status().json()
        return str(sub["request_id"])

    return job


def _raw_luma(env: Env, service: str) -> Job:
    base = env.luma if service == "luma" else env.agents
    h = _raw_client("Authorization", f"Bearer {env.key}")
    body: dict[str, str] = {"prompt": PROMPT, "model": MODEL[service]}
    if service == "agents":
        body["type"] = "video"
    return _raw_polled(h, lambda: h.post(f"{base}/generations", json=body), "id",
                       lambda gen_id: f"{base}/generations/{gen_id}", "state")


def _decart_request() -> dict[str, Any]:
    from decart import models

    return {"model": models.video(DECART_MODEL), "prompt": PROMPT, "data": tiny_png(), "seed": 1}


def _decart_sdk(env: Env, *, one_loop: bool) -> Job:
    """decart 0.2.4 is async-only. A blocking caller runs each job with ``asyncio.run`` (a fresh client
    and session each time); ``one_loop`` keeps one loop and one client instead."""
    import asyncio

    from decart import DecartClient

    request = _decart_request()

    async def run(client: Any) -> str:
        job_id = str((await client.queue.submit(dict(request))).job_id)
        while (status := (await client.queue.status(job_id)).status) != "completed":
            if status == "failed":
                raise RuntimeError("the job failed")
            await asyncio.sleep(POLL)
        return job_id

    if one_loop:
        loop = asyncio.new_event_loop()
        client = DecartClient(api_key=env.key, base_url=env.decart)
        return lambda: loop.run_until_complete(run(client))

    async def fresh() -> str:
        async with DecartClient(api_key=env.key, base_url=env.decart) as client:
            return await run(client)

    return lambda: asyncio.run(fresh())


def _fal_sdk() -> Job:
    import fal_client

    arguments = fal_arguments(png_uri())

    def job() -> str:
        ids: list[str] = []
        fal_client.subscribe(MODEL["fal"], arguments=arguments, on_enqueue=ids.append)  # polls every 0.1 s
        return ids[0]

    return job


def _luma_sdk(service: str) -> Job:
    """The Luma SDKs have no wait helper: their docs poll ``generations.get`` by hand."""
    if service == "luma":
        import lumaai

        client: Any = lumaai.LumaAI()
        create: dict[str, str] = {"prompt": PROMPT, "model": MODEL["luma"]}
    else:
        import luma_agents

        client = luma_agents.Luma()
        create = {"prompt": PROMPT, "model": MODEL["agents"], "type": "video"}

    def job() -> str:
        gen_id = str(client.generations.create(**create).id)
        _poll(lambda: str(client.generations.get(gen_id).state), "completed", "failed")
        return gen_id

    return job


# --- time to notice -----------------------------------------------------------------------------------


def notice_job(env: Env, service: str, who: str) -> tuple[Noticed, Callable[[], object]]:
    """One job and when its client noticed completion (Unix time), and a warm-up job for the same client.

    genvid: ``Client.wait`` returning (its warm-up uses another model, see WARM_MODEL); fal-client:
    ``subscribe`` returning; Decart SDK: ``submit_and_poll``'s callback seeing ``completed`` (before it
    downloads the output). Callable from many threads at once.
    """
    if who == "submit_and_poll":
        job = _decart_submit_and_poll(env)
        return job, job
    if who == "genvid":
        import genvid

        client = genvid.Client(emulator=env.root)
        warm, measured = (genvid_job(env, service, m, client) for m in (WARM_MODEL[service], None))
    else:
        warm = measured = api_job(env, service, "sdk" if who == "subscribe" else who)

    def noticed() -> tuple[str, float]:
        job_id = measured()
        return job_id, time.time()

    return noticed, warm


def _decart_submit_and_poll(env: Env) -> Noticed:
    """Every job on one event loop (in a thread of its own), as an async caller would run the SDK."""
    import asyncio
    import threading

    from decart import DecartClient

    loop = asyncio.new_event_loop()
    threading.Thread(target=loop.run_forever, daemon=True).start()
    client = DecartClient(api_key=env.key, base_url=env.decart)
    request = _decart_request()

    async def run() -> tuple[str, float]:
        seen: dict[str, Any] = {}

        def on_status_change(status: Any) -> None:
            seen.setdefault("id", str(status.job_id))
            if status.status == "completed":
                seen.setdefault("t", time.time())

        await client.queue.submit_and_poll({**request, "on_status_change": on_status_change})
        return seen["id"], float(seen["t"])

    return lambda: asyncio.run_coroutine_threadsafe(run(), loop).result()
