"""Section 2: media bytes. A 1 GiB upload (a Decart job's video input, from a sparse file) and a 1 GiB download
(a Decart output padded to that size), genvid against raw httpx streaming, plus the Decart SDK's upload.

Each transfer runs in a fresh child, so its RSS is measured from the child's start (before any client is
imported): growth = peak RSS - RSS at start, the strictest reading, with the share grown during the transfer
itself apart. The emulator spools uploads to a tmpfs, so no disk is in the measurement.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .contenders import DECART_MODEL, MODEL, PROMPT, Env, genvid_inputs, label
from .harness import CpuSampler, Failure, GiB, MiB, cpu_seconds, log, rss_now, rss_peak, sparse_file, tiny_png
from .plan import Plan, Run, Target
from .stats import Spread, fmt, rotated

PAD_HEADER = "X-Genvid-Output-Size"  # emulator-only: pad the job's output to this many bytes
CASES = ("upload/genvid", "upload/raw", "upload/sdk", "download/genvid", "download/raw")
RSS_LIMIT_MIB = 64
SPEED_LIMIT = 0.9  # genvid's median throughput at least 0.9x raw httpx's


def child(spec: dict[str, Any]) -> tuple[Callable[[dict[str, Any]], dict[str, Any]], dict[str, Any]]:
    env = Env()
    make = _upload if spec["direction"] == "upload" else _download
    go = make(env, spec["who"], spec["size"], spec.get("path"))

    def session(cmd: dict[str, Any]) -> dict[str, Any]:
        before = rss_now()
        c0, t0w, t0 = cpu_seconds(), time.time(), time.perf_counter()
        n = go()
        seconds, cpu = time.perf_counter() - t0, cpu_seconds() - c0
        if n != spec["size"]:
            raise RuntimeError(f"moved {n} of {spec['size']} bytes")
        return {"seconds": seconds, "cpu_s": cpu, "bytes": n, "rss_start": spec["rss_start"], "rss_before": before,
                "rss_peak": rss_peak(), "t0": t0w, "t1": t0w + seconds}

    return session, {}


def _upload(env: Env, who: str, size: int, path: str | None) -> Callable[[], int]:
    """One Decart job whose input is ``path``; warmed up first with a tiny input (imports, connection)."""
    assert path is not None
    png, url = tiny_png(), f"{env.decart}/v1/jobs/{MODEL['decart']}"
    if who == "genvid":
        import genvid

        client = genvid.Client(emulator=env.root)
        client.submit(f"decart:{MODEL['decart']}", prompt="warm", video=png)

        def send() -> int:
            client.submit(f"decart:{MODEL['decart']}", prompt="big", video=Path(path))
            return size

        return send
    if who == "raw":
        import httpx

        h = httpx.Client(headers={"X-API-KEY": env.key}, timeout=600)
        h.post(url, data={"prompt": "warm"}, files={"data": ("in.png", png, "image/png")}).raise_for_status()

        def go() -> int:
            with open(path, "rb") as f:  # httpx streams a file part in chunks
                h.post(url, data={"prompt": "big"}, files={"data": ("input.mp4", f, "video/mp4")}).raise_for_status()
            return size

        return go
    import asyncio

    from decart import DecartClient, models

    async def submit(data: object) -> int:
        async with DecartClient(api_key=env.key, base_url=env.decart) as client:
            await client.queue.submit({"model": models.video(DECART_MODEL), "prompt": "big", "data": data})
        return size

    asyncio.run(submit(png))
    return lambda: asyncio.run(submit(Path(path)))  # the SDK reads a Path into memory (aiofiles)


def _download(env: Env, who: str, size: int, path: str | None) -> Callable[[], int]:
    """A Decart job whose output is padded to ``size``, streamed and discarded; warmed up with 1 MiB."""
    def count(chunks: Any) -> int:
        return sum(len(c) for c in chunks)

    if who == "genvid":
        import genvid

        client = genvid.Client(emulator=env.root)
        model, inputs = genvid_inputs("decart")
        headers = client.service("decart").api().get_httpx_client().headers
        headers[PAD_HEADER] = str(MiB)
        client.wait(client.submit(model, **inputs)).read()
        headers[PAD_HEADER] = str(size)
        result = client.wait(client.submit(model, **inputs))
        return lambda: count(result.iter_bytes())
    import httpx

    h = httpx.Client(headers={"X-API-KEY": env.key}, timeout=600)

    def job(pad: int) -> str:
        r = h.post(f"{env.decart}/v1/jobs/{MODEL['decart']}", data={"prompt": PROMPT},
                   files={"data": ("input.png", tiny_png(), "image/png")}, headers={PAD_HEADER: str(pad)})
        job_id = r.raise_for_status().json()["job_id"]
        while h.get(f"{env.decart}/v1/jobs/{job_id}").json()["status"] != "completed":
            time.sleep(0.05)
        return f"{env.decart}/v1/jobs/{job_id}/content"

    def stream(url: str) -> int:
        with h.stream("GET", url) as r:
            return count(r.raise_for_status().iter_bytes())

    stream(job(MiB))
    url = job(size)
    return lambda: stream(url)


def run(r: Run) -> dict[str, Any]:
    plan = r.plan
    big = sparse_file(os.path.join(r.workdir, "input.mp4"), plan.transfer_size)
    small = sparse_file(os.path.join(r.workdir, "input-sdk.mp4"), plan.sdk_upload_size)
    runs: dict[str, list[dict[str, Any]]] = {key: [] for key in CASES}
    r.emu.config(queue_seconds=0, run_seconds=0, job_time_jitter=0)
    for n in range(plan.transfer_rounds):
        for key in rotated(list(CASES), n):
            direction, who = key.split("/")
            sdk = who == "sdk"
            spec = {"section": "transfers", "direction": direction, "who": who,
                    "size": plan.sdk_upload_size if sdk else plan.transfer_size, "path": small if sdk else big}
            r.emu.reset()
            try:
                with r.child(spec) as c:
                    sampler = CpuSampler(r.emu)
                    try:
                        out = c.call({"go": True}, timeout=900)
                    finally:
                        sampler.stop()
            except Failure as exc:
                r.failed(exc)
                continue
            out["emulator_cpu"] = sampler.share(out["t0"], out["t1"])
            runs[key].append(out)
        log(f"   transfer round {n + 1}/{plan.transfer_rounds}")
    r.emu.reset()
    for path in (big, small):
        os.unlink(path)
    return {"rows": {key: _row(outs) for key, outs in runs.items() if outs}}


def _row(outs: list[dict[str, Any]]) -> dict[str, Any]:
    shares = [o["emulator_cpu"] for o in outs if o["emulator_cpu"] is not None]
    return {"bytes": outs[0]["bytes"], "mb_s": Spread.of(o["bytes"] / o["seconds"] / 1e6 for o in outs),
            "cpu_s_per_gib": Spread.of(o["cpu_s"] / (o["bytes"] / GiB) for o in outs),
            "growth_mib": max((o["rss_peak"] - o["rss_start"]) / MiB for o in outs),
            "during_mib": max((o["rss_peak"] - o["rss_before"]) / MiB for o in outs),
            "start_mib": Spread.of(o["rss_start"] / MiB for o in outs).median,
            "peak_mib": max(o["rss_peak"] / MiB for o in outs),
            "emulator_cpu": Spread.of(shares) if shares else None}


def _size(n: int) -> str:
    return f"{n / GiB:g} GiB" if n >= GiB else f"{n / MiB:g} MiB"


def targets(res: dict[str, Any]) -> list[Target]:
    rows = res.get("rows", {})
    out = []
    for d in ("upload", "download"):
        g, raw = rows.get(f"{d}/genvid"), rows.get(f"{d}/raw")
        if g:
            out.append(Target(f"{d} {_size(g['bytes'])}: genvid's RSS growth from its start < {RSS_LIMIT_MIB} MiB",
                              f"{g['growth_mib']:.1f} MiB (peak {g['peak_mib']:.0f} MiB)",
                              g["growth_mib"] < RSS_LIMIT_MIB,
                              "" if g["growth_mib"] < RSS_LIMIT_MIB else
                              f"{g['during_mib']:.1f} MiB of it during the transfer, the rest imports and set-up",
                              f"RSS growth < {RSS_LIMIT_MIB} MiB", d))
        if g and raw:
            ratio = g["mb_s"].median / raw["mb_s"].median
            cause = ""
            if ratio < SPEED_LIMIT:
                emu = g["emulator_cpu"]
                cause = (f"client CPU {g['cpu_s_per_gib'].median:.2f} vs {raw['cpu_s_per_gib'].median:.2f} s/GiB"
                         + (f"; the emulator at {emu.median:.2f} cores" if emu else ""))
            if g["mb_s"].lo <= SPEED_LIMIT * raw["mb_s"].median <= g["mb_s"].hi:
                cause += ("; " if cause else "") + "the bar lies within genvid's min-max over rounds: a close call"
            out.append(Target(f"{d}: throughput >= {SPEED_LIMIT:g}x raw httpx (medians)",
                              f"{g['mb_s'].text(0)} vs {raw['mb_s'].text(0)} MB/s = {ratio:.2f}x",
                              ratio >= SPEED_LIMIT, cause, f"throughput >= {SPEED_LIMIT:g}x raw httpx", d))
    return out


def expected(res: dict[str, Any]) -> list[str]:
    return [f"transfers: no figure for {key}" for key in CASES if key not in res.get("rows", {})]


def markdown(res: dict[str, Any], plan: Plan) -> list[str]:
    rows = res.get("rows", {})
    if not rows:
        return []
    lines = ["## 2. Media transfers", "",
             "Upload: one Decart job whose `data` is a sparse file (multipart, as each client sends it). Download: "
             "a Decart output padded to the size, streamed and discarded (`Result.iter_bytes()` against "
             "`httpx.Client.stream` + `iter_bytes()`); no disk in the loop on either side (the emulator spools "
             "uploads to a tmpfs). Each transfer is a fresh child process, set up and warmed up with a small "
             "job first. *Growth from start*: peak RSS minus the child's RSS at its start, before any client "
             "was imported (so it counts imports and set-up too); *during*: peak RSS minus RSS just before the "
             "transfer; both the worst round. Client CPU is user+system of the child during the transfer, "
             "per GiB; emulator CPU is the server's, in cores. Medians over "
             f"{plan.transfer_rounds} rounds in a rotated order, min-max in brackets.", "",
             "| transfer | contender | size | MB/s (min-max) | x raw httpx | client CPU s/GiB | RSS at start MiB "
             "| growth from start MiB | during the transfer MiB | emulator CPU |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for key in CASES:
        r = rows.get(key)
        direction, who = key.split("/")
        name = "**genvid**" if who == "genvid" else label("decart", who).split(" (")[0]
        if not r:
            lines.append(f"| {direction} | {name} | failed | | | | | | | |")
            continue
        raw = rows.get(f"{direction}/raw")
        emu = r["emulator_cpu"]
        lines.append(f"| {direction} | {name} | {_size(r['bytes'])} | {r['mb_s'].text(0)} | "
                     f"{fmt(r['mb_s'].median / raw['mb_s'].median) if raw and who != 'sdk' else '-'} | "
                     f"{r['cpu_s_per_gib'].text(2)} | {fmt(r['start_mib'], 0)} | {fmt(r['growth_mib'], 1)} | "
                     f"{fmt(r['during_mib'], 1)} | {emu.text(2) if emu else '-'} |")
    return [*lines, "", "The Decart SDK reads a `Path` input fully into memory (aiofiles) and builds the multipart "
                    "body from those bytes, so it gets a smaller file (see the size) to keep the machine from "
                    "swapping; its RSS growth is at least the file size.", ""]
