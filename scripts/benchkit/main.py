"""``scripts/bench``: one emulator, the sections in order, then BENCHMARKS.md and the README's blocks."""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from . import cpu, harness, imports, many, notice, report, throughput, transfers
from .harness import Emulator, log
from .plan import Plan, Run
from .stats import to_json

# In this order: the emulator's own rate last, with nothing else running; imports after the emulator
# sections (they need it for the cold first job, not for `import`).
SECTIONS = {"cpu": cpu, "transfers": transfers, "notice": notice, "many": many, "imports": imports,
            "throughput": throughput}
USAGE = """\
    scripts/bench                    # full run (about 10 minutes on 2 cores): BENCHMARKS.md and README.md
    scripts/bench --smoke            # tiny sizes, < 60 s; checks only that every contender ran
    scripts/bench --only notice,many --output /tmp/b.md   # some sections, written elsewhere
    scripts/bench --json out.json    # also every raw figure
"""


def spool_dir(workdir: str) -> tuple[str, bool]:
    """Where the emulator spools uploads: a tmpfs when there is one (memory, not a disk, in the measurement)."""
    if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK):
        return tempfile.mkdtemp(prefix="genvid-bench-spool-", dir="/dev/shm"), True
    return workdir, False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/bench", description=__doc__, epilog=USAGE,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, a few jobs; asserts only that every "
                                                             "contender ran")
    parser.add_argument("--only", help="comma-separated sections: " + ", ".join(SECTIONS))
    parser.add_argument("--output", help="the report (default: BENCHMARKS.md for a full run, none otherwise)")
    parser.add_argument("--readme", help="the README whose bench blocks to rewrite (default: README.md for a "
                                         "full run, none otherwise)")
    parser.add_argument("--json", help="also write every figure as JSON here")
    args = parser.parse_args(argv)
    wanted = [s.strip() for s in (args.only or ",".join(SECTIONS)).split(",") if s.strip()]
    unknown = [s for s in wanted if s not in SECTIONS]
    if unknown:
        parser.error(f"unknown sections {unknown}; choose from {', '.join(SECTIONS)}")
    harness.use_checkout()  # the parent reads genvid's version and poll policy for the report
    plan = Plan.quick() if args.smoke else Plan.full()
    whole = not args.smoke and not args.only
    command = "scripts/bench" + (" --smoke" if args.smoke else "") + (f" --only {args.only}" if args.only else "")
    started = time.monotonic()
    res: dict[str, Any] = {"date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
                           "command": command, "machine": harness.machine(), "load_before": os.getloadavg()}
    workdir = tempfile.mkdtemp(prefix="genvid-bench-")
    spool, in_memory = spool_dir(workdir)
    res["spool_in_memory"] = in_memory
    # Bytecode caches of the children's own, outside the checkout, kept between runs (like __pycache__).
    pycache = os.path.join(tempfile.gettempdir(), f"genvid-bench-pycache-{os.getuid()}")
    errors: list[str] = []
    try:
        settings = {"queue_seconds": 0, "run_seconds": 0, "media_scale": 0.05, "journal_size": 500_000}
        with Emulator(settings, tls=True, log=Path(workdir) / "emulator.log", tmpdir=spool, pycache=pycache) as emu:
            log(f"emulator at {emu.root} (pid {emu.pid}); uploads spooled in {spool}")
            run = Run(plan, emu, workdir, pycache, errors)
            for name in wanted:
                t0 = time.monotonic()
                log(f"== {name}")
                res[name] = SECTIONS[name].run(run)
                log(f"   {name}: {time.monotonic() - t0:.0f} s")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        if in_memory:
            shutil.rmtree(spool, ignore_errors=True)
    res["duration_s"] = time.monotonic() - started
    res["load_after"] = os.getloadavg()
    res["errors"] = errors
    targets = [t for name in wanted for t in SECTIONS[name].targets(res.get(name, {}))]
    missing = [m for name in wanted for m in SECTIONS[name].expected(res.get(name, {}))]
    for t in targets:
        log(f"  [{'met' if t.met else 'MISSED'}] {t.name}: {t.measured}" + (f" ({t.cause})" if t.cause else ""))
    for e in errors + missing:
        log("ERROR: " + e)
    output = args.output or (os.path.join(harness.ROOT, "BENCHMARKS.md") if whole else None)
    if output:
        previous = Path(output).read_text() if os.path.exists(output) else ""
        Path(output).write_text(report.benchmarks(res, plan, targets, previous, SECTIONS))
        log(f"wrote {output}")
    readme = args.readme or (os.path.join(harness.ROOT, "README.md") if whole else None)
    if readme:
        Path(readme).write_text(report.readme(Path(readme).read_text(), res, targets))
        log(f"rewrote the bench blocks of {readme}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({**res, "targets": [t.__dict__ for t in targets]}, f, indent=1, default=to_json)
    log(f"done in {res['duration_s']:.0f} s")
    return 1 if errors or missing else 0


if __name__ == "__main__":
    sys.exit(main())
