"""Section 1: client CPU per job along the API path (submit, status until completed, the result JSON where
the service has one), no media bytes: an output download's page faults would swamp the difference.

Each contender is one long-lived child (set up and warmed up once); blocks of jobs alternate between them,
in an order rotated every round, so load from anything else on the machine falls on every contender alike.
The figure is the median of CPU per job over blocks, with min-max over blocks.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from .contenders import SERVICES, Env, api_job, label
from .harness import STATUS_OPS, Failure, MiB, cpu_seconds, log
from .plan import Plan, Run, Target
from .stats import Spread, fmt, rotated

CONTENDERS = {"decart": ("genvid", "sdk", "sdk-loop", "raw"), "fal": ("genvid", "sdk", "raw"),
              "luma": ("genvid", "sdk", "raw"), "agents": ("genvid", "sdk", "raw")}
LIMIT = 1.1  # issue 14: genvid's API-path CPU per job at most 1.1x raw httpx's (medians)


def child(spec: dict[str, Any]) -> tuple[Callable[[dict[str, Any]], dict[str, Any]], dict[str, Any]]:
    job = api_job(Env(), spec["service"], spec["who"])
    for _ in range(spec["warmup"]):
        job()

    def session(cmd: dict[str, Any]) -> dict[str, Any]:
        import cProfile

        profiler = cProfile.Profile(time.process_time) if cmd.get("profile") else None  # CPU time, like the figure
        c0, t0 = cpu_seconds(), time.perf_counter()
        if profiler is not None:
            profiler.enable()
        for _ in range(cmd["jobs"]):
            job()
        if profiler is not None:
            profiler.disable()
        out: dict[str, Any] = {"cpu_s": cpu_seconds() - c0, "wall_s": time.perf_counter() - t0, "jobs": cmd["jobs"]}
        if profiler is not None:
            out["profile"] = _profile_rows(profiler, cmd["jobs"])
        return out

    return session, {}


def _profile_rows(profiler: Any, jobs: int, top: int = 12) -> dict[str, Any]:
    """The top functions by own time per job, genvid's own (facade and generated code) apart."""
    import pstats

    rows = []
    for (path, line, func), (_cc, ncalls, tottime, cumtime, _callers) in pstats.Stats(profiler).stats.items():  # type: ignore[attr-defined]
        short = path
        for marker in ("site-packages/", "/facade/", "/generated/", "/lib/python3"):
            if marker in path:
                short = path.split(marker, 1)[1]
                break
        rows.append({"where": f"{short}:{line}({func})", "calls_per_job": ncalls / jobs,
                     "own_ms_per_job": tottime / jobs * 1000, "cum_ms_per_job": cumtime / jobs * 1000,
                     "genvid": "/facade/genvid/" in path or "/generated/genvid_api_" in path})
    rows.sort(key=lambda r: -r["own_ms_per_job"])
    mine = [r for r in rows if r["genvid"]]
    return {"top": rows[:top], "genvid": mine[:8], "genvid_ms": sum(r["own_ms_per_job"] for r in mine),
            "total_ms": sum(r["own_ms_per_job"] for r in rows),
            "all": {r["where"]: [r["calls_per_job"], r["own_ms_per_job"]] for r in rows if r["own_ms_per_job"] >= 0.002}}


def _differences(g: dict[str, Any], raw: dict[str, Any], top: int = 8) -> list[tuple[str, float, float, float]]:
    """(function, extra own ms/job, genvid's calls/job, raw httpx's calls/job): where genvid's job costs more."""
    diffs = [(where, own - raw["all"].get(where, [0, 0])[1], calls, raw["all"].get(where, [0, 0])[0])
             for where, (calls, own) in g["all"].items()]
    return sorted(diffs, key=lambda d: -d[1])[:top]


def run(r: Run) -> dict[str, Any]:
    plan = r.plan
    blocks: dict[str, list[dict[str, Any]]] = {f"{s}/{w}": [] for s in SERVICES for w in CONTENDERS[s]}
    workers = {}
    maxrss: dict[str, int] = {}
    r.emu.config(queue_seconds=0, run_seconds=0, job_time_jitter=0)
    try:
        for key in blocks:  # one at a time: no set-up runs while another contender is measured
            service, who = key.split("/")
            try:
                workers[key] = r.child({"section": "cpu", "service": service, "who": who, "warmup": plan.cpu_warmup})
            except Failure as exc:
                r.failed(exc)
        for n in range(plan.cpu_rounds):
            for key in rotated(list(workers), n * 5):
                r.emu.reset()
                try:
                    out = workers[key].call({"jobs": plan.cpu_jobs})
                except Failure as exc:
                    r.failed(exc)
                    workers.pop(key).close()
                    continue
                journal = r.emu.requests()
                out["requests_per_job"] = len(journal) / out["jobs"]
                out["status_per_job"] = sum(e["operation"] in STATUS_OPS for e in journal) / out["jobs"]
                blocks[key].append(out)
            if plan.cpu_rounds <= 5 or (n + 1) % 5 == 0:
                log(f"   cpu round {n + 1}/{plan.cpu_rounds}")
    finally:
        for key, w in workers.items():
            if rss := w.close().get("maxrss"):
                maxrss[key] = rss
    rows = {key: _row(outs, maxrss.get(key)) for key, outs in blocks.items() if outs}
    return {"rows": rows, "profiles": _profiles(r) if plan.profile_jobs else {}}


def _row(outs: list[dict[str, Any]], maxrss: int | None) -> dict[str, Any]:
    return {"cpu_ms": Spread.of(o["cpu_s"] / o["jobs"] * 1000 for o in outs),
            "wall_ms": Spread.of(o["wall_s"] / o["jobs"] * 1000 for o in outs),
            "requests_per_job": Spread.of(o["requests_per_job"] for o in outs).median,
            "status_per_job": Spread.of(o["status_per_job"] for o in outs).median,
            "maxrss_mib": maxrss / MiB if maxrss else None, "jobs_per_block": outs[0]["jobs"]}


def _profiles(r: Run) -> dict[str, Any]:
    """cProfile of genvid's and raw httpx's contenders per service, in children of their own (profiling slows
    them down): where genvid's CPU per job goes, and where it differs from the baseline's."""
    out: dict[str, Any] = {}
    for service in SERVICES:
        for who in ("genvid", "raw"):
            try:
                with r.child({"section": "cpu", "service": service, "who": who, "warmup": r.plan.cpu_warmup}) as c:
                    out.setdefault(service, {})[who] = c.call({"jobs": r.plan.profile_jobs, "profile": True})["profile"]
            except Failure as exc:
                r.failed(exc)
    return {s: p for s, p in out.items() if len(p) == 2}


def targets(res: dict[str, Any]) -> list[Target]:
    rows, profiles = res.get("rows", {}), res.get("profiles", {})
    out = []
    for s in SERVICES:
        g, raw = rows.get(f"{s}/genvid"), rows.get(f"{s}/raw")
        if not g or not raw:
            continue
        ratio = g["cpu_ms"].median / raw["cpu_ms"].median
        cause = ""
        limit = LIMIT * raw["cpu_ms"].median
        if ratio > LIMIT:
            cause = f"+{g['cpu_ms'].median - raw['cpu_ms'].median:.2f} ms/job over raw httpx"
            if s in profiles:
                p, base = profiles[s]["genvid"], profiles[s]["raw"]
                top = ", ".join(f"`{w}` +{d:.2f} ms ({c:.0f} vs {rc:.0f} calls)" for w, d, c, rc in _differences(p, base)[:3])
                cause += (f"; profiled, genvid's job takes {p['total_ms']:.1f} ms against raw httpx's "
                          f"{base['total_ms']:.1f}, {p['genvid_ms']:.1f} ms of it in genvid's own frames; the largest "
                          f"differences: {top}")
        if g["cpu_ms"].lo <= limit <= g["cpu_ms"].hi:
            cause += ("; " if cause else "") + f"{LIMIT:g}x raw lies within genvid's min-max over blocks: a close call"
        out.append(Target(f"{s}: API-path CPU/job <= {LIMIT:g}x raw httpx (medians)",
                          f"{g['cpu_ms'].text(2)} vs {raw['cpu_ms'].text(2)} ms = {ratio:.2f}x", ratio <= LIMIT, cause,
                          f"API-path CPU/job <= {LIMIT:g}x raw httpx", s))
    return out


def expected(res: dict[str, Any]) -> list[str]:
    return [f"cpu: no figure for {s}/{w}" for s in SERVICES for w in CONTENDERS[s]
            if f"{s}/{w}" not in res.get("rows", {})]


def markdown(res: dict[str, Any], plan: Plan) -> list[str]:
    rows = res.get("rows", {})
    if not rows:
        return []
    lines = ["## 1. Client CPU per job, API path", "",
             "Submit, status until completed, and the result JSON where the service has one (fal's "
             "`response_url`); no media bytes (section 2 moves those), and an emulator job time of 0, so the "
             "figure is the client's fixed cost of one job (requests per job of real job lengths are in section "
             f"3). Each contender is one long-lived child process, set up and warmed up with {plan.cpu_warmup} "
             f"jobs; blocks of {plan.cpu_jobs} jobs alternate between them, {plan.cpu_rounds} rounds in an "
             "order rotated every round. CPU is `getrusage` user+system of the child around each block; "
             "the figure is the median over blocks, min-max in brackets. genvid: `Client.submit` + `Client.wait`. "
             "Official SDKs: their documented submit / status / result calls (fal-client: `subscribe`). Raw "
             "httpx: the minimum calls by hand over one `httpx.Client`. Requests are counted in the emulator's "
             "journal.", "",
             "| service | contender | CPU ms/job (min-max) | wall ms/job | API requests/job | status requests/job "
             "| peak RSS MiB | x raw httpx | x official SDK |", "|---|---|---|---|---|---|---|---|---|"]
    for s in SERVICES:
        raw, sdk = rows.get(f"{s}/raw"), rows.get(f"{s}/sdk")
        for who in CONTENDERS[s]:
            r = rows.get(f"{s}/{who}")
            name = f"**{label(s, who)}**" if who == "genvid" else label(s, who)
            if not r:
                lines.append(f"| {s} | {name} | failed | | | | | | |")
                continue
            to_raw = fmt(r["cpu_ms"].median / raw["cpu_ms"].median) if raw else "-"
            to_sdk = fmt(r["cpu_ms"].median / sdk["cpu_ms"].median) if sdk and who in ("genvid", "raw") else "-"
            lines.append(f"| {s} | {name} | {r['cpu_ms'].text(2)} | {fmt(r['wall_ms'].median, 1)} | "
                         f"{fmt(r['requests_per_job'], 1)} | {fmt(r['status_per_job'], 1)} | "
                         f"{fmt(r['maxrss_mib'], 0)} | {to_raw} | {to_sdk} |")
    lines.append("")
    return lines + _profile_markdown(res.get("profiles", {}), plan)


def _profile_markdown(profiles: dict[str, Any], plan: Plan) -> list[str]:
    if not profiles:
        return []
    lines = ["### Profiles: where genvid's CPU per job goes", "",
             f"cProfile (CPU-time clock) of genvid's and raw httpx's contenders above ({plan.profile_jobs} jobs each "
             "after warm-up): genvid's top functions by own time per job, genvid's own frames (facade and generated "
             "code) apart, then the functions whose own time per job differs most from raw httpx's. Profiling "
             "inflates small, frequently called functions several times over: read the shares, not the sums.", ""]
    for s, both in profiles.items():
        prof, raw = both["genvid"], both["raw"]
        lines += [f"<details><summary>{s}: genvid {prof['total_ms']:.1f} profiled ms/job ({prof['genvid_ms']:.1f} in "
                  f"its own frames), raw httpx {raw['total_ms']:.1f}</summary>", "",
                  "| function | calls/job | own ms/job | cumulative ms/job |", "|---|---|---|---|"]
        for p in [*prof["top"], {"where": "... genvid's own frames:", "sep": True}, *prof["genvid"]]:
            if p.get("sep"):
                lines.append(f"| *{p['where']}* | | | |")
                continue
            lines.append(f"| `{p['where']}` | {p['calls_per_job']:.1f} | {p['own_ms_per_job']:.3f} | "
                         f"{p['cum_ms_per_job']:.3f} |")
        lines += ["", "| against raw httpx: function | extra own ms/job | calls/job genvid | calls/job raw httpx |",
                  "|---|---|---|---|"]
        lines += [f"| `{w}` | {d:+.3f} | {c:.1f} | {rc:.1f} |" for w, d, c, rc in _differences(prof, raw)]
        lines += ["", "</details>", ""]
    return lines
