"""Section 3: how long after a job completes its client notices, and how many status requests that costs.

For each job-length class (1-2 s, drawn per job by the emulator; and exactly 60 s), each contender submits
its jobs evenly over a window, one thread per job (genvid's ``Client.wait`` from many threads, as a web app
would), so jobs overlap and a class takes about window + job time. Notice lag = when ``wait`` returned
minus the emulator's own ``finished_at`` for that job (``/_emulator/jobs``); status requests are counted per
job in the emulator's journal, which also splits each lag into the wait for the first status request after
completion and the time from that request to the client noticing.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from .contenders import Env, label, notice_job
from .harness import STATUS_OPS, Child, Failure, log
from .plan import JobClass, Plan, Run, Target
from .stats import Spread, fmt

CONTENDERS = [("decart", "genvid"), ("fal", "genvid"), ("luma", "genvid"), ("agents", "genvid"),
              ("fal", "subscribe"), ("decart", "submit_and_poll")]
REFERENCE = ("fal", "subscribe")  # fal-client's 0.1 s polling: the request count to beat
LAG_LIMIT_MS = 100
HOW = {"subscribe": "a status GET every 0.1 s", "submit_and_poll": "first status after 0.5 s, then every 1.5 s"}


def child(spec: dict[str, Any]) -> tuple[Callable[[dict[str, Any]], dict[str, Any]], dict[str, Any]]:
    job, warm = notice_job(Env(), spec["service"], spec["who"])
    warm()  # imports, connection; the emulator's job time is 0 until the parent sets the class's

    def session(cmd: dict[str, Any]) -> dict[str, Any]:
        n, window = cmd["jobs"], cmd["window"]
        done: list[dict[str, Any]] = []
        errors: list[str] = []

        def one() -> None:
            started = time.time()
            try:
                job_id, noticed = job()
            except Exception as exc:  # reported, not raised: the other jobs still count
                errors.append(f"{type(exc).__name__}: {exc}"[:300])
                return
            done.append({"id": job_id, "noticed": noticed, "started": started})

        threads = []
        t0 = time.monotonic()
        for k in range(n):  # evenly over the window, as a steady stream of work would come
            time.sleep(max(0.0, t0 + k * window / n - time.monotonic()))
            threads.append(threading.Thread(target=one, daemon=True))
            threads[-1].start()
        for t in threads:
            t.join(timeout=cmd["timeout"])
        return {"jobs": done, "errors": errors}

    return session, {}


def _groups(cls: JobClass) -> list[list[tuple[str, str]]]:
    if not cls.together:
        return [[c] for c in CONTENDERS]
    return [[REFERENCE], [c for c in CONTENDERS if c != REFERENCE]]  # the 0.1 s poller's load stays apart


def run(r: Run) -> dict[str, Any]:
    out: dict[str, Any] = {"classes": {}}
    for cls in r.plan.classes:
        rows: dict[str, Any] = {}
        for group in _groups(cls):
            rows.update(_run_group(r, cls, group))
        out["classes"][cls.name] = {"rows": rows, "jobs": cls.jobs, "window": cls.window, "together": cls.together}
        log(f"   notice {cls.name}: done")
    r.emu.config(queue_seconds=0, run_seconds=0, job_time_jitter=0)
    return out


def _run_group(r: Run, cls: JobClass, group: list[tuple[str, str]]) -> dict[str, Any]:
    r.emu.config(queue_seconds=0, run_seconds=0, job_time_jitter=0)  # warm-ups take no time
    children: dict[str, Child] = {}
    try:
        for service, who in group:
            try:
                children[f"{service}/{who}"] = r.child({"section": "notice", "service": service, "who": who})
            except Failure as exc:
                r.failed(exc)
        r.emu.reset()  # the same sequence of job lengths for every group
        r.emu.config(**cls.settings())
        longest = (cls.queue_s + cls.run_s) * (1 + cls.jitter)
        timeout = cls.window + 3 * longest + 60
        for c in children.values():
            c.send({"jobs": cls.jobs, "window": cls.window, "timeout": timeout})
        answers = {}
        for key, c in children.items():
            try:
                answers[key] = c.recv(timeout + 30)
            except Failure as exc:
                r.failed(exc)
        journal, jobs = r.emu.requests(), r.emu.jobs()
    finally:
        for c in children.values():
            c.close()
    rows = {}
    for key, answer in answers.items():
        for e in answer["errors"][:3]:
            r.errors.append(f"notice {cls.name} {key}: {e}")
        if answer["jobs"]:
            rows[key] = _row(answer["jobs"], journal, jobs)
    return rows


def _by_job(journal: list[dict[str, Any]], ids: set[str]) -> dict[str, list[dict[str, Any]]]:
    """The journal's requests per job id (the id is a segment of each request's path)."""
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in journal:
        for part in e["path"].split("/"):
            if part in ids:
                out[part].append(e)
                break
    return out


def _row(done: list[dict[str, Any]], journal: list[dict[str, Any]], jobs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    mine = _by_job(journal, {d["id"] for d in done})
    lags, waits, answers, gaps, status, requests, lengths, fallbacks = [], [], [], [], [], [], [], []
    for d in done:
        row = jobs[d["id"]]
        finished = row["finished_at"]
        lengths.append(row["queue_seconds"] + row["run_seconds"])
        lags.append((d["noticed"] - finished) * 1000)
        asks = sorted((e for e in mine[d["id"]] if e["operation"] in STATUS_OPS), key=lambda e: e["t"])
        status.append(len(asks))
        requests.append(len(mine[d["id"]]) + 1)  # + its submit (the job id is not in the submit's path)
        streams = [e for e in asks if e["operation"] == "queue_status_stream" and e["t"] < finished]
        polls = [e for e in asks if e["operation"] != "queue_status_stream" and (not streams or e["t"] > streams[-1]["t"])]
        if streams and polls:  # the client gave its stream up and polled
            fallbacks.append(polls[0]["t"] - streams[-1]["t"])
        if streams and not polls:  # pushed: the stream was open when the job ended
            waits.append(0.0)
            answers.append((d["noticed"] - finished) * 1000)
            continue
        first = next((e for e in polls if e["t"] >= finished), None)
        if first is not None:
            waits.append((first["t"] - finished) * 1000)
            answers.append((d["noticed"] - first["t"]) * 1000)
            before = [e for e in polls if e["t"] < finished]
            if before:
                gaps.append((first["t"] - before[-1]["t"]) * 1000)
    return {"lag_ms": Spread.of(lags, p95=True), "status": Spread.of(status), "status_mean": sum(status) / len(status),
            "requests_mean": sum(requests) / len(requests), "wait_ms": Spread.of(waits) if waits else None,
            "answer_ms": Spread.of(answers) if answers else None, "gap_ms": Spread.of(gaps) if gaps else None,
            "fallback_s": Spread.of(fallbacks) if fallbacks else None, "length_s": Spread.of(lengths),
            "jobs": len(done)}


def _cause(g: dict[str, Any], ref: dict[str, Any], ref_name: str) -> str:
    parts = []
    if g["fallback_s"] is not None:
        parts.append(f"for {g['fallback_s'].n} of {g['jobs']} jobs the status stream was given up after "
                     f"{g['fallback_s'].median:.1f} s (no event while the job ran) and the job polled")
    if g["lag_ms"].median > LAG_LIMIT_MS and g["wait_ms"] and g["answer_ms"]:
        parts.append(f"median {g['wait_ms'].median:.0f} ms waiting for the first status request after completion"
                     + (f" (polls {g['gap_ms'].median:.0f} ms apart around the end)" if g["gap_ms"] else "")
                     + f", then {g['answer_ms'].median:.0f} ms from that request to `wait` returning")
    if g["status_mean"] >= ref["status_mean"]:
        parts.append(f"{g['status_mean']:.1f} status requests/job, not fewer than {ref_name}'s {ref['status_mean']:.1f}")
    return "; ".join(parts)


def targets(res: dict[str, Any]) -> list[Target]:
    out = []
    for name, cls in res.get("classes", {}).items():
        rows = cls["rows"]
        ref = rows.get("/".join(REFERENCE))
        for key in [f"{s}/{w}" for s, w in CONTENDERS if w == "genvid"]:
            g = rows.get(key)
            if not g or not ref:
                continue
            met = g["lag_ms"].median <= LAG_LIMIT_MS and g["status_mean"] < ref["status_mean"]
            out.append(Target(
                f"{key.split('/')[0]}, {name} jobs: notice median <= {LAG_LIMIT_MS} ms with fewer status "
                "requests/job than fal-client",
                f"{g['lag_ms'].text(0)} ms (p95 {g['lag_ms'].p95:.0f}); {g['status_mean']:.1f} vs "
                f"{ref['status_mean']:.1f} status requests/job", met, "" if met else _cause(g, ref, "fal-client"),
                f"notice <= {LAG_LIMIT_MS} ms with fewer status requests than fal-client", f"{key.split('/')[0]} {name}"))
    return out


def expected(res: dict[str, Any]) -> list[str]:
    classes = res.get("classes", {})
    if not classes:
        return ["notice: no figure"]
    return [f"notice {name}: no figure for {s}/{w}" for name, cls in classes.items() for s, w in CONTENDERS
            if f"{s}/{w}" not in cls["rows"]]


def _how(service: str, who: str) -> str:
    if who != "genvid":
        return HOW[who]
    if service == "fal":
        return "the SSE status stream"
    import genvid

    cls = {"decart": genvid.Decart, "luma": genvid.Luma, "agents": genvid.LumaAgents}[service]
    p = cls.poll
    text = f"back-off {p.initial:g} s, x{p.factor:g}, up to {p.maximum:g} s"
    return ("around the predicted end once it has seen the model, else " + text) if getattr(p, "predict", False) else text


def markdown(res: dict[str, Any], plan: Plan) -> list[str]:
    classes = res.get("classes", {})
    if not classes:
        return []
    lines = ["## 3. Time to notice completion, and status requests per job", "",
             "Per length class, each contender submits its jobs evenly over a window, one thread per job (genvid: "
             "`Client.submit` + `Client.wait` from each thread, one `Client`; fal-client: `subscribe`; the Decart "
             "SDK: `queue.submit_and_poll` on one event loop), so the jobs overlap. *Lag*: when the client "
             "noticed minus the emulator's own `finished_at` of that job; min-max in brackets. *Waiting for a "
             "look*: from completion to the first status request after it (0 for a stream open at completion); "
             "*answer to notice*: from that request to the client noticing (for fal that includes fetching the "
             "result JSON, as `subscribe` does). *Polls apart*: the interval between the last status request "
             "before completion and the first after it. *Stream given up*: jobs whose status stream the client "
             "left for polling, and after how long (median). Requests are counted per job in the emulator's journal "
             "(API requests include the submit). genvid's contenders run in fresh processes, so what they know of "
             "each model's run time they learn from the class's own earlier jobs.", ""]
    for name, cls in classes.items():
        rows = cls["rows"]
        together = ("all contenders at once, except fal-client (its 0.1 s polling runs alone)"
                    if cls["together"] else "one contender at a time")
        length = next(iter(rows.values()))["length_s"] if rows else None
        lines += [f"### {name} jobs", "",
                  f"{cls['jobs']} jobs per contender over {cls['window']:g} s, {together}"
                  + (f"; job lengths {length.range(2)} s (median {length.median:.2f})" if length else "") + ".", "",
                  "| service | contender | how it waits | lag ms (min-max) | p95 ms | waiting for a look ms "
                  "| answer to notice ms | polls apart ms | status requests/job (min-max) | API requests/job "
                  "| stream given up |", "|---|---|---|---|---|---|---|---|---|---|---|"]
        for service, who in CONTENDERS:
            r = rows.get(f"{service}/{who}")
            name_ = "**genvid**" if who == "genvid" else label(service, who)
            if not r:
                lines.append(f"| {service} | {name_} | {_how(service, who)} | failed | | | | | | | |")
                continue
            lines.append(
                f"| {service} | {name_} | {_how(service, who)} | {r['lag_ms'].text(0)} | {fmt(r['lag_ms'].p95, 0)} | "
                f"{fmt(r['wait_ms'].median if r['wait_ms'] else None, 0)} | "
                f"{fmt(r['answer_ms'].median if r['answer_ms'] else None, 0)} | "
                f"{fmt(r['gap_ms'].median if r['gap_ms'] else None, 0)} | "
                f"{fmt(r['status_mean'], 1)} ({r['status'].range(0)}) | {fmt(r['requests_mean'], 1)} |"
                + (f" {r['fallback_s'].n} of {r['jobs']} after {r['fallback_s'].median:.1f} s |" if r["fallback_s"] else " - |"))
        lines.append("")
    return lines
