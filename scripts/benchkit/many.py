"""Section 4: 1,000 Decart jobs at once from one thread of the caller, judged against the job time alone.

Wall time runs from the first submit to the client having noticed every job, so a submit phase counts as
the client's own time. genvid: ``Client.submit_all`` + ``Client.wait_all``. Raw httpx: submits from a pool of
16 threads over one client, then rounds of status requests for the pending jobs once a second. The Decart
SDK: ``asyncio.gather`` of ``queue.submit_and_poll`` on one loop. Every job has the same length; the
emulator's ``/_emulator/jobs`` tells when each was created and finished.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any

from .contenders import DECART_MODEL, MODEL, PROMPT, WARM_MODEL, Env, genvid_inputs, label
from .harness import STATUS_OPS, CpuSampler, Failure, MiB, cpu_seconds, log, rss_now, rss_peak, tiny_png
from .plan import Plan, Run, Target
from .stats import Spread, fmt, rotated

CONTENDERS = ("genvid", "raw", "sdk")
OVER_LIMIT = 0.10  # issue 14: wall <= job time + 10%
RSS_LIMIT_MIB = 100
POOL = 16
ROUND_S = 1.0


def child(spec: dict[str, Any]) -> tuple[Callable[[dict[str, Any]], dict[str, Any]], dict[str, Any]]:
    batch = {"genvid": _genvid, "raw": _raw, "sdk": _sdk}[spec["who"]](Env())

    def session(cmd: dict[str, Any]) -> dict[str, Any]:
        before, c0, t0 = rss_now(), cpu_seconds(), time.time()
        out = batch(cmd["jobs"])
        if "submitted_cpu" in out:
            out["submit_cpu_s"] = out.pop("submitted_cpu") - c0
        return {**out, "t0": t0, "t_end": time.time(), "cpu_s": cpu_seconds() - c0, "rss_start": spec["rss_start"],
                "rss_before": before, "rss_peak": rss_peak()}

    return session, {}


# A batch returns how many jobs failed and, where its submits are a phase of their own, the process's CPU
# time when they were done (to tell a client busy submitting from one waiting for the server).
Batch = Callable[[int], dict[str, Any]]


def _genvid(env: Env) -> Batch:
    import genvid

    client = genvid.Client(emulator=env.root)
    model, inputs = genvid_inputs("decart")
    warm, _ = genvid_inputs("decart", WARM_MODEL["decart"])
    client.wait_all([client.submit(warm, **inputs)])  # imports, connections; another model (see WARM_MODEL)

    def batch(n: int) -> dict[str, Any]:
        submitted = client.submit_all([(model, inputs)] * n)
        cpu = cpu_seconds()
        outcomes = client.wait_all([s.job for s in submitted if s.job is not None], timeout=900)
        return {"failed": sum(not s.ok for s in submitted) + sum(not o.ok for o in outcomes), "submitted_cpu": cpu}

    return batch


def _raw(env: Env) -> Batch:
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    h = httpx.Client(headers={"X-API-KEY": env.key}, timeout=120,
                     limits=httpx.Limits(max_connections=POOL, max_keepalive_connections=POOL))
    pool = ThreadPoolExecutor(POOL)
    png, url = tiny_png(), f"{env.decart}/v1/jobs/{MODEL['decart']}"

    def submit(_: int) -> str:
        r = h.post(url, data={"prompt": PROMPT, "seed": "1"}, files={"data": ("input.png", png, "image/png")})
        return str(r.raise_for_status().json()["job_id"])

    def status(job_id: str) -> str:
        return str(h.get(f"{env.decart}/v1/jobs/{job_id}").raise_for_status().json()["status"])

    def batch(n: int) -> dict[str, Any]:
        pending = list(pool.map(submit, range(n)))
        cpu, failed = cpu_seconds(), 0
        while pending:
            t = time.monotonic()
            states = list(pool.map(status, pending))
            failed += states.count("failed")
            pending = [j for j, s in zip(pending, states, strict=True) if s not in ("completed", "failed")]
            if pending:
                time.sleep(max(0.0, ROUND_S - (time.monotonic() - t)))
        return {"failed": failed, "submitted_cpu": cpu}

    batch(1)
    return batch


def _sdk(env: Env) -> Batch:
    import asyncio

    from decart import DecartClient, models

    request = {"model": models.video(DECART_MODEL), "prompt": PROMPT, "data": tiny_png(), "seed": 1}

    async def gather(n: int) -> dict[str, Any]:
        async with DecartClient(api_key=env.key, base_url=env.decart) as client:
            results = await asyncio.gather(*(client.queue.submit_and_poll(dict(request)) for _ in range(n)))
        return {"failed": sum(r.status != "completed" for r in results)}

    asyncio.run(gather(1))
    return lambda n: asyncio.run(gather(n))


def run(r: Run) -> dict[str, Any]:
    plan = r.plan
    t = plan.many_job_time
    rounds: dict[str, list[dict[str, Any]]] = {who: [] for who in CONTENDERS}
    for n in range(plan.many_rounds):
        for who in rotated(list(CONTENDERS), n):
            r.emu.config(queue_seconds=0, run_seconds=0, job_time_jitter=0)  # warm-ups take no time
            try:
                with r.child({"section": "many", "who": who}) as c:
                    r.emu.reset()
                    r.emu.config(queue_seconds=t / 3, run_seconds=t * 2 / 3)
                    sampler = CpuSampler(r.emu)
                    try:
                        out = c.call({"jobs": plan.many_jobs}, timeout=5 * t + 600)
                    finally:
                        sampler.stop()
                    journal, jobs = r.emu.requests(), r.emu.jobs()
            except Failure as exc:
                r.failed(exc)
                continue
            if out["failed"] or len(jobs) != plan.many_jobs:  # every job must have been seen through
                r.errors.append(f"many {who}: {out['failed']} failed, {len(jobs)} jobs for {plan.many_jobs} submits")
            last_created = max(j["created_at"] for j in jobs.values())
            last_finished = max(j["finished_at"] for j in jobs.values())
            rounds[who].append({**out, "wall_s": out["t_end"] - out["t0"], "submit_s": last_created - out["t0"],
                                "emulator_cpu": sampler.share(out["t0"], last_created),
                                "tail_s": out["t_end"] - last_finished, "requests": len(journal),
                                "status": sum(e["operation"] in STATUS_OPS for e in journal)})
        log(f"   many round {n + 1}/{plan.many_rounds}")
    r.emu.config(queue_seconds=0, run_seconds=0)
    r.emu.reset()
    rows = {who: _row(outs, plan.many_jobs) for who, outs in rounds.items() if outs}
    return {"rows": rows, "jobs": plan.many_jobs, "job_time": t}


def _row(outs: list[dict[str, Any]], n: int) -> dict[str, Any]:
    return {"wall_s": Spread.of(o["wall_s"] for o in outs), "submit_s": Spread.of(o["submit_s"] for o in outs),
            "tail_s": Spread.of(o["tail_s"] for o in outs), "cpu_s": Spread.of(o["cpu_s"] for o in outs),
            "emulator_cpu": Spread.of(shares) if (shares := [o["emulator_cpu"] for o in outs
                                                            if o["emulator_cpu"] is not None]) else None,
            "client_cpu": Spread.of(o["submit_cpu_s"] / o["submit_s"] for o in outs) if "submit_cpu_s" in outs[0] else None,
            "requests_per_job": Spread.of(o["requests"] / n for o in outs).median,
            "status_per_job": Spread.of(o["status"] / n for o in outs).median,
            "peak_mib": max(o["rss_peak"] for o in outs) / MiB,
            "growth_mib": max(o["rss_peak"] - o["rss_start"] for o in outs) / MiB,
            "during_mib": max(o["rss_peak"] - o["rss_before"] for o in outs) / MiB, "rounds": len(outs)}


def targets(res: dict[str, Any]) -> list[Target]:
    g = res.get("rows", {}).get("genvid")
    if not g:
        return []
    n, t = res["jobs"], res["job_time"]
    limit = t * (1 + OVER_LIMIT)
    over = g["wall_s"].median / t - 1
    cause = ""
    if g["wall_s"].median > limit:
        others = ", ".join(f"{label('decart', w).split(' (')[0]} {res['rows'][w]['submit_s'].median:.2f} s" for w in ("raw", "sdk")
                           if w in res["rows"])
        emu, own = g["emulator_cpu"], g["client_cpu"]
        cause = (f"the submit phase takes {g['submit_s'].text(2)} s" + (f" ({others})" if others else "")
                 + (f", genvid's process busy at {own.median:.2f} cores meanwhile" if own else "")
                 + (f", the emulator at {emu.median:.2f}" if emu else "")
                 + f"; the last job is noticed {g['tail_s'].median:.2f} s after it finished")
    return [Target(f"{n:,} jobs of {t:g} s from one thread: wall <= job time + {OVER_LIMIT:.0%}",
                   f"{g['wall_s'].text(2)} s = +{over:.1%}", g["wall_s"].median <= limit, cause,
                   f"{n:,} jobs within the job time + {OVER_LIMIT:.0%}"),
            Target(f"{n:,} jobs: genvid's peak RSS < {RSS_LIMIT_MIB} MiB",
                   f"{g['peak_mib']:.0f} MiB ({g['growth_mib']:.0f} MiB from its start, {g['during_mib']:.0f} MiB "
                   "during the batch)", g["peak_mib"] < RSS_LIMIT_MIB, area=f"{n:,} jobs in < {RSS_LIMIT_MIB} MiB")]


def expected(res: dict[str, Any]) -> list[str]:
    return [f"many: no figure for {who}" for who in CONTENDERS if who not in res.get("rows", {})]


def markdown(res: dict[str, Any], plan: Plan) -> list[str]:
    rows = res.get("rows", {})
    if not rows:
        return []
    n, t = res["jobs"], res["job_time"]
    lines = [f"## 4. {n:,} jobs at once", "",
             f"{n:,} Decart jobs of {t:g} s each (queue {t / 3:.3g} s + run {t * 2 / 3:.3g} s), started at once from one "
             "thread of the caller. *Wall*: first submit to the client having noticed every job, against the job "
             f"time alone (the target: at most {t * (1 + OVER_LIMIT):g} s). *Submit phase*: first submit to the "
             "emulator creating the last job; *tail*: the last job's completion to the client noticing it. genvid: "
             "`Client.submit_all` (its default concurrency) + `Client.wait_all`. Raw httpx: submits from "
             f"{POOL} threads over one `httpx.Client`, then a status request for every pending job each "
             f"{ROUND_S:g} s. Decart SDK: `asyncio.gather` of `queue.submit_and_poll` on one event loop (which also "
             f"downloads each output). Medians over {plan.many_rounds} rounds in a rotated order, min-max in "
             "brackets; *client CPU in it*: the client process's CPU during its submit phase (genvid's `submit_all`, "
             "raw httpx's pool; the SDK's submits are not a phase of their own), *emulator CPU in it*: the "
             "server's during the submit phase, both in cores (of the machine's "
             f"{os.cpu_count()}); RSS figures are each contender's worst round, growth measured from the child's "
             "start.", "",
             "| contender | wall s (min-max) | over the job time | submit phase s | client CPU in it | emulator CPU in it | tail s "
             "| status requests/job | API requests/job | client CPU s | peak RSS MiB | growth from start MiB |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for who in CONTENDERS:
        r = rows.get(who)
        name = "**genvid**" if who == "genvid" else label("decart", who).split(" (")[0]
        if not r:
            lines.append(f"| {name} | failed | | | | | | | | | | |")
            continue
        emu = r["emulator_cpu"]
        lines.append(f"| {name} | {r['wall_s'].text(2)} | +{(r['wall_s'].median / t - 1):.1%} | {r['submit_s'].text(2)} | "
                     f"{r['client_cpu'].text(2) if r['client_cpu'] else '-'} | {emu.text(2) if emu else '-'} | "
                     f"{r['tail_s'].text(2)} | {fmt(r['status_per_job'], 2)} | {fmt(r['requests_per_job'], 2)} | "
                     f"{r['cpu_s'].text(2)} | {fmt(r['peak_mib'], 0)} | {fmt(r['growth_mib'], 0)} |")
    return [*lines, ""]
