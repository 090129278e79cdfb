"""A Celery worker for the example: ``python worker.py [--emulator [HOST:PORT]] [--slots N]``.

With ``--emulator`` it also serves a genvid emulator (default 127.0.0.1:8765) in this process,
so the example runs with no account; the site then uses GENVID_EMULATOR_URL=http://HOST:PORT.
The worker uses Celery's threads pool: genvid's tasks never sleep in a wait (each makes one
request, or one download, and re-schedules itself), so a few threads keep many jobs moving.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--emulator", nargs="?", const="127.0.0.1:8765", metavar="HOST:PORT",
                        help="also serve a genvid emulator here (default 127.0.0.1:8765)")
    parser.add_argument("--slots", type=int, default=4, help="tasks at once (threads; default 4)")
    parser.add_argument("--name", default="worker", help="the worker's name (default 'worker')")
    parser.add_argument("--beat", action="store_true",
                        help="also run celery beat here (genvid.sweep every 5 minutes): on one worker only")
    args = parser.parse_args(argv)
    with contextlib.ExitStack() as stack:
        if args.emulator:
            from genvid_emulator import Settings, running

            host, _, port = args.emulator.rpartition(":")
            emu = stack.enter_context(running(Settings(), host=host or "127.0.0.1", port=int(port)))
            os.environ["GENVID_EMULATOR_URL"] = emu.urls.root
            print(f"emulator serving at {emu.urls.root}", flush=True)
        sys.path.insert(0, str(HERE))
        from tasks import app

        argv = ["worker", "--pool", "threads", "--concurrency", str(args.slots), "--hostname", f"{args.name}@%h",
                "--loglevel", "INFO", "--without-mingle", "--without-gossip"]
        if args.beat:
            argv += ["--beat", "--schedule", str(HERE / "celerybeat-schedule")]
        app.worker_main(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
