"""Section 5: import time, bare and as a cold process's first finished job.

*Bare*: the ``import`` statement alone, timed inside a fresh interpreter. *Cold first job*: from spawning a
fresh interpreter to its first job finished (submit, wait, result JSON; job time 0), timed by the parent:
interpreter start-up, imports, client set-up, connection and the job. Both use warm bytecode caches (one
pass first), as users have them; every variant runs in turn, round after round.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from typing import Any

from .contenders import SDK_NAME, SERVICES, label
from .plan import Plan, Run, Target
from .stats import Spread, fmt, rotated

BARE = {"genvid": "genvid", "decart": "decart", "fal-client": "fal_client", "lumaai": "lumaai",
        "luma-agents": "luma_agents", "httpx": "httpx"}
BARE_CODE = ("import time\nt = time.perf_counter()\nimport {module}\n"
             "print((time.perf_counter() - t) * 1000)\n")
COLD_CODE = ("from benchkit.contenders import Env, api_job\napi_job(Env(), {service!r}, {who!r})()\n"
             "import json, sys, time\nprint(json.dumps({{'done': time.time(), 'modules': len(sys.modules)}}))\n")
COLD = [(s, w) for s in SERVICES for w in ("genvid", "sdk")] + [("decart", "raw")]


def _variants() -> list[tuple[str, str]]:
    return ([(f"bare/{name}", BARE_CODE.format(module=m)) for name, m in BARE.items()]
            + [(f"cold/{s}/{w}", COLD_CODE.format(service=s, who=w)) for s, w in COLD])


def run(r: Run) -> dict[str, Any]:
    plan = r.plan
    r.emu.config(queue_seconds=0, run_seconds=0, job_time_jitter=0)
    env = r.emu.child_env(pycache=r.pycache)
    variants = _variants()
    times: dict[str, list[float]] = {k: [] for k, _ in variants}
    modules: dict[str, int] = {}
    # A first pass warms the bytecode caches (not for --smoke, whose figures mean nothing anyway).
    passes = [True] * (not plan.smoke) + [False] * max(plan.import_runs, plan.cold_runs)
    for i, warm in enumerate(passes):
        for key, code in rotated(variants, i):
            runs = plan.import_runs if key.startswith("bare/") else plan.cold_runs
            if not warm and len(times[key]) >= runs:
                continue
            t0 = time.time()
            proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
            if proc.returncode != 0:
                r.errors.append(f"imports {key} failed: {proc.stderr.strip()[-500:]}")
                continue
            if warm:
                continue
            last = proc.stdout.strip().splitlines()[-1]
            if key.startswith("bare/"):
                times[key].append(float(last))
            else:
                answer = json.loads(last)
                times[key].append((answer["done"] - t0) * 1000)
                modules[key] = answer["modules"]
        r.emu.reset()
    return {"rows": {k: {"ms": Spread.of(v), "modules": modules.get(k)} for k, v in times.items() if v}}


def targets(res: dict[str, Any]) -> list[Target]:
    rows = res.get("rows", {})
    out = []
    g = rows.get("bare/genvid")
    sdks = {n: rows[f"bare/{n}"] for n in SDK_NAME.values() if f"bare/{n}" in rows}
    if g and sdks:
        slowest = max(sdks.items(), key=lambda kv: kv[1]["ms"].median)
        fastest = min(sdks.items(), key=lambda kv: kv[1]["ms"].median)
        met = g["ms"].median < fastest[1]["ms"].median
        out.append(Target("`import genvid` faster than `import` of each official SDK",
                          f"{g['ms'].text(1)} ms vs {fastest[1]['ms'].median:.0f}-{slowest[1]['ms'].median:.0f} ms "
                          f"({fastest[0]} to {slowest[0]})", met, "" if met else f"{fastest[0]} is faster",
                          "`import genvid` faster than every SDK's"))
    for s in SERVICES:
        g, sdk = rows.get(f"cold/{s}/genvid"), rows.get(f"cold/{s}/sdk")
        if g and sdk:
            met = g["ms"].median < sdk["ms"].median
            out.append(Target(f"{s}: a cold process's first finished job sooner than with {SDK_NAME[s]}",
                              f"{g['ms'].text(0)} vs {sdk['ms'].text(0)} ms", met,
                              "" if met else f"genvid loads {g['modules']} modules for it, {SDK_NAME[s]} {sdk['modules']}",
                              "a cold process's first job sooner than with the SDK", s))
    return out


def expected(res: dict[str, Any]) -> list[str]:
    rows = res.get("rows", {})
    return [f"imports: no figure for {k}" for k, _ in _variants() if k not in rows]


def markdown(res: dict[str, Any], plan: Plan) -> list[str]:
    rows = res.get("rows", {})
    if not rows:
        return []
    lines = ["## 5. Import, and a cold process's first job", "",
             f"*Bare*: the `import` statement alone, timed inside a fresh interpreter; median of {plan.import_runs} "
             f"interpreters, min-max in brackets. *Cold first job*: median of {plan.cold_runs} fresh interpreters, "
             "from spawning it to its first job finished (submit, wait, result JSON; the emulator's job time is "
             "0), so it counts interpreter start-up (the same for all), imports, client set-up, the TLS "
             "connection and the job; the job is run by `benchkit.contenders` (stdlib only), as in section 1. "
             "Both after one warm-up pass (bytecode caches warm, as users have them), every variant in turn.", "",
             "| package | bare `import` ms (min-max) |", "|---|---|"]
    for name in BARE:
        r = rows.get(f"bare/{name}")
        lines.append(f"| {'**genvid**' if name == 'genvid' else name} | {r['ms'].text(1) if r else '-'} |")
    lines += ["", "| service | contender | cold process to first finished job ms (min-max) | modules loaded "
              "| x official SDK |", "|---|---|---|---|---|"]
    for s, w in COLD:
        r, sdk = rows.get(f"cold/{s}/{w}"), rows.get(f"cold/{s}/sdk")
        name = "**genvid**" if w == "genvid" else label(s, w).split(" (")[0]
        if not r:
            lines.append(f"| {s} | {name} | failed | | |")
            continue
        lines.append(f"| {s} | {name} | {r['ms'].text(0)} | {r['modules']} | "
                     f"{fmt(r['ms'].median / sdk['ms'].median) if sdk and w != 'sdk' else '-'} |")
    return [*lines, ""]

