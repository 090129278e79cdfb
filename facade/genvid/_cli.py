"""The ``genvid`` command (also ``python -m genvid``).

Exit codes: 0 success, 1 the job failed, 2 bad usage or input, 3 a service or
network error, 4 a deadline passed, 130 interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._client import Client
    from ._journal import Journal

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_ERROR, EXIT_DEADLINE, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 130

def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``genvid`` console script."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        code: int = args.func(args)
        return code
    except KeyboardInterrupt:
        _err(args, "interrupted")
        return EXIT_INTERRUPTED
    except Exception as exc:  # one readable line, not a traceback
        if getattr(args, "debug", False):
            raise
        return _report(args, exc)


def _report(args: argparse.Namespace, exc: BaseException) -> int:
    import genvid

    if isinstance(exc, genvid.InvalidInput | genvid.ConfigurationError):
        code = EXIT_USAGE
    elif isinstance(exc, genvid.JobFailed):
        code = EXIT_FAILED
    elif isinstance(exc, genvid.DeadlineExceeded):
        code = EXIT_DEADLINE
    elif isinstance(exc, genvid.GenvidError):
        code = EXIT_ERROR
    else:
        code = EXIT_ERROR
    if getattr(args, "json", False):
        payload: dict[str, str | int] = {"error": type(exc).__name__, "message": str(exc)}
        for attr in ("field", "service", "status", "request_id", "code", "job_id", "hint"):
            value = getattr(exc, attr, None)
            if value is not None and isinstance(value, str | int):
                payload[attr] = value
        print(json.dumps(payload))
    else:
        print(f"genvid: error: {exc}", file=sys.stderr)
        if not isinstance(exc, genvid.GenvidError):
            print("  (run with --debug for a traceback)", file=sys.stderr)
    return code


def _err(args: argparse.Namespace, message: str) -> None:
    if not getattr(args, "quiet", False):
        print(f"genvid: {message}", file=sys.stderr)


# --- parser ---------------------------------------------------------------------------
def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="print machine-readable JSON on stdout")
    common.add_argument("-q", "--quiet", action="store_true", help="no progress display; only the essential output")
    common.add_argument("--debug", action="store_true", help="show tracebacks and debug logging (keys redacted)")
    common.add_argument("--emulator", metavar="URL", default=os.environ.get("GENVID_EMULATOR_URL"),
                        help="send every request to a genvid emulator at URL (default: $GENVID_EMULATOR_URL)")
    common.add_argument("--journal", metavar="PATH|URL", default=None,
                        help="job journal: a SQLite file or a postgresql:// URL (default: $GENVID_JOURNAL or a "
                             "file in the user state directory)")
    common.add_argument("--no-journal", action="store_true", help="do not record jobs in the journal")

    p = argparse.ArgumentParser(
        prog="genvid",
        description="Generate video and images with Decart, fal.ai, Luma Dream Machine and Luma Agents "
                    "from one command. Models are written provider:model (see 'genvid models').",
        epilog="Try it with no account: 'genvid demo' runs a real generation against the built-in emulator.",
    )
    p.add_argument("--version", action="version", version=f"genvid {_version()}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    g = sub.add_parser("generate", parents=[common], help="generate and save a video or image",
                       description="Submit a generation, show its progress, and save the output.")
    _add_inputs(g)
    g.add_argument("-o", "--output", metavar="PATH", default=".",
                   help="file or directory to save to (default: current directory)")
    g.add_argument("--timeout", type=float, default=900, help="seconds to wait before giving up (default 900)")
    g.set_defaults(func=_cmd_generate)

    s = sub.add_parser("submit", parents=[common], help="submit a job and print its id",
                       description="Submit a generation and print the job id at once (see 'genvid wait').")
    _add_inputs(s)
    s.set_defaults(func=_cmd_submit)

    w = sub.add_parser("wait", parents=[common], help="wait for a job and save its output")
    w.add_argument("job_id", help="a job id printed by 'genvid submit'")
    w.add_argument("-o", "--output", metavar="PATH", default=".", help="file or directory to save to")
    w.add_argument("--timeout", type=float, default=900, help="seconds to wait (default 900)")
    w.set_defaults(func=_cmd_wait)

    st = sub.add_parser("status", parents=[common], help="show a job's status")
    st.add_argument("job_id")
    st.set_defaults(func=_cmd_status)

    c = sub.add_parser("cancel", parents=[common], help="ask the service to cancel a job")
    c.add_argument("job_id")
    c.set_defaults(func=_cmd_cancel)

    j = sub.add_parser("jobs", parents=[common], help="jobs recorded in the journal: list, show, resume, prune, "
                                                      "forget",
                       description="Every job the CLI submits is recorded before it is sent. After a crash, "
                                   "'genvid jobs resume' waits for each unfinished job and saves its output. "
                                   "'prune' deletes old finished rows; 'forget JOB_ID' deletes one job's rows "
                                   "(e.g. a possibly-submitted job you have checked on the service).")
    j.add_argument("action", nargs="?", default="list", choices=["list", "show", "resume", "prune", "forget"])
    j.add_argument("job_id", nargs="?", help="for 'show' and 'forget': a job id (or a journal row key)")
    j.add_argument("--all", action="store_true", help="list finished jobs too")
    j.add_argument("--timeout", type=float, default=900, help="for 'resume': seconds to wait (default 900)")
    j.add_argument("--older-than", default="30d", metavar="AGE",
                   help="for 'prune': rows last updated longer ago than AGE, e.g. 30d, 12h, 90m, 3600 (default 30d)")
    j.add_argument("--state", action="append", default=None, metavar="STATE",
                   help="for 'prune': only rows in STATE (repeatable; default: saved, failed, cancelled, rejected)")
    j.set_defaults(func=_cmd_jobs)

    m = sub.add_parser("models", parents=[common], help="list every known model",
                       description="Every model genvid knows: service, kind, inputs, resolutions, durations. "
                                   "Unknown model names still work: they are passed to the service.")
    m.add_argument("--provider", help="only this provider (decart, fal, luma, luma-agents)")
    m.add_argument("--current", action="store_true", help="only the models the services accept today")
    m.add_argument("--all", action="store_true", help=argparse.SUPPRESS)  # every model is listed anyway
    m.set_defaults(func=_cmd_models)

    d = sub.add_parser("demo", parents=[common], help="generate a video on the built-in emulator (no account)",
                       description="Starts the emulator in this process and runs a real generation through "
                                   "HTTP with the progress display, ending in a playable MP4.")
    d.add_argument("--all", action="store_true", help="one video per service")
    d.add_argument("-o", "--output", metavar="DIR", default="out", help="directory for the videos (default out/)")
    d.add_argument("--scale", type=float, default=1.0, help="media scale 0..1 (smaller is faster)")
    d.set_defaults(func=_cmd_demo)

    e = sub.add_parser("emulator", help="serve the emulator of all four services",
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       description=_emulator_description())
    e.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    e.add_argument("--port", type=int, default=8765, help="port (default 8765; 0 picks a free one)")
    e.add_argument("--tls", action="store_true", help="serve HTTPS with a self-signed certificate (fal_client needs it)")
    e.add_argument("--cert-dir", help="where to write cert.pem/key.pem (default: a temp dir, printed)")
    e.add_argument("--api-key", help="accept only this key (default: any non-empty key)")
    e.add_argument("--queue-seconds", type=float, default=1.0, help="emulated seconds a job waits in the queue")
    e.add_argument("--run-seconds", type=float, default=2.0, help="emulated seconds a job runs")
    e.add_argument("--speed", type=float, default=1.0, help="emulated seconds per real second (0 freezes the clock)")
    e.add_argument("--media-scale", type=float, default=1.0, help="scale output size and length (0..1) for speed")
    e.add_argument("--fault-rate", type=float, default=0.0, help="share of requests that get a random fault (0..1)")
    e.add_argument("--faults", default="", help="comma-separated fault kinds for --fault-rate (default: all)")
    e.add_argument("--fault-seed", type=int, default=0, help="seed for the random faults")
    e.add_argument("--access-log", action="store_true", help="log every request")
    e.add_argument("--allow-external-callbacks", action="store_true",
                   help="deliver webhooks/callbacks to non-loopback hosts too (default: this machine only)")
    e.set_defaults(func=_cmd_emulator)
    return p


def _emulator_description() -> str:
    try:
        from genvid_emulator import _faults

        faults = _faults.__doc__ or ""
    except ImportError:  # the emulator extra is not installed
        faults = "(install genvid[emulator] for the emulator)"
    return (
        "Serve a local, stateful emulator of Decart, fal.ai, Luma Dream Machine and Luma Agents on one port,\n"
        "and print the 'export' lines that point genvid and each official SDK at it.\n\n"
        "Prefixes: /decart, /fal (queue), /fal-run, /fal-rest, /fal-cdn, /luma/dream-machine/v1,\n"
        "/luma-agents/v1; control under /_emulator/ (health, requests, reset, clock, config, jobs).\n\n"
        + faults
    )


def _add_inputs(p: argparse.ArgumentParser) -> None:
    p.add_argument("model", help="provider:model, e.g. decart:lucy-pro-t2v or fal:decart/lucy-14b/image-to-video")
    p.add_argument("--prompt", help="what to generate")
    p.add_argument("--image", metavar="PATH|URL", help="input image (image-to-video, image edit)")
    p.add_argument("--video", metavar="PATH|URL", help="input video (video edit, restyle)")
    p.add_argument("--start", metavar="PATH|URL", help="first frame image")
    p.add_argument("--end", metavar="PATH|URL", help="last frame image")
    p.add_argument("--reference", metavar="PATH|URL", help="reference image")
    p.add_argument("--seed", type=int)
    p.add_argument("--resolution", help="e.g. 720p")
    p.add_argument("--aspect-ratio", help="e.g. 16:9")
    p.add_argument("--duration", help="e.g. 5s")
    p.add_argument("--param", action="append", default=[], metavar="KEY=VALUE",
                   help="any other service field (VALUE is parsed as JSON when it can be); repeatable")


def _inputs(args: argparse.Namespace) -> dict[str, Any]:
    import genvid

    inputs: dict[str, Any] = {}
    for name, key in (("prompt", "prompt"), ("image", "image"), ("video", "video"), ("start", "start_image"),
                      ("end", "end_image"), ("reference", "reference_image"), ("seed", "seed"),
                      ("resolution", "resolution"), ("aspect_ratio", "aspect_ratio"), ("duration", "duration")):
        value = getattr(args, name, None)
        if value is not None:
            inputs[key] = value
    for item in args.param:
        key, sep, raw = item.partition("=")
        if not sep or not key:
            raise genvid.InvalidInput(f"--param expects KEY=VALUE, got {item!r}", field="param")
        try:
            inputs[key] = json.loads(raw)
        except ValueError:
            inputs[key] = raw
    return inputs


def _client(args: argparse.Namespace) -> Any:
    import genvid

    if args.debug:
        import logging

        logging.basicConfig(level=logging.DEBUG, format="%(levelname)s %(name)s: %(message)s")
    journal: Any = False if args.no_journal else (args.journal or True)
    return genvid.Client(emulator=args.emulator, journal=journal) if args.emulator else genvid.Client(journal=journal)


# --- progress display -----------------------------------------------------------------
class Progress:
    """Live status (state, queue position, logs, elapsed) then a download bar; silent when quiet."""

    def __init__(self, args: argparse.Namespace, label: str) -> None:
        self.enabled = not (args.quiet or args.json)
        self.label = label
        self.started = time.monotonic()
        self._logs_seen = 0
        self._console: Any = None
        self._live: Any = None
        self._bar: Any = None
        self._task: Any = None
        if self.enabled:
            from rich.console import Console

            self._console = Console(stderr=True, highlight=False)

    @contextlib.contextmanager
    def waiting(self) -> Iterator[None]:
        if not self.enabled:
            yield
            return
        from rich.live import Live
        from rich.text import Text

        with Live(Text(f"{self.label}: submitting..."), console=self._console, refresh_per_second=8,
                  transient=True) as live:
            self._live = live
            try:
                yield
            finally:
                self._live = None

    def on_status(self, status: Any) -> None:
        if not self.enabled:
            return
        from rich.text import Text

        for line in status.logs[self._logs_seen:]:
            self._console.print(Text(f"  │ {line}", style="dim"))
        self._logs_seen = len(status.logs)
        elapsed = time.monotonic() - self.started
        line = Text.assemble((f"{self.label}: ", "bold"), (status.describe(), _style(status.state)),
                             f"  {elapsed:5.1f}s")
        if self._live is not None:
            self._live.update(line)
        if status.done:
            self._console.print(line)

    @contextlib.contextmanager
    def downloading(self) -> Iterator[Any]:
        if not self.enabled:
            yield None
            return
        from rich.progress import BarColumn, DownloadColumn, TransferSpeedColumn
        from rich.progress import Progress as Bar

        with Bar("[progress.description]{task.description}", BarColumn(), DownloadColumn(), TransferSpeedColumn(),
                 console=self._console, transient=False) as bar:
            task = bar.add_task("downloading", total=None)

            def update(done: int, total: int | None) -> None:
                bar.update(task, completed=done, total=total)

            yield update


def _style(state: str) -> str:
    return {"completed": "green", "failed": "red", "cancelled": "yellow", "running": "cyan"}.get(state, "")


# --- commands -------------------------------------------------------------------------
def _cmd_generate(args: argparse.Namespace) -> int:
    client = _client(args)
    if client.is_synchronous(args.model):  # no job: the media is the answer (Decart's image models)
        progress = Progress(args, args.model)
        with progress.waiting():
            result = client.generate(args.model, timeout=args.timeout, **_inputs(args))
        _report_saved(args, result, None, Path(args.output))
        return EXIT_OK
    job = client.submit(args.model, save_to=args.output, **_inputs(args))
    return _wait_and_save(args, client, job, Path(args.output))


def _wait_and_save(args: argparse.Namespace, client: Any, job: Any, output: Path) -> int:
    progress = Progress(args, job.model)
    cancel = threading.Event()
    try:
        with progress.waiting():
            result = client.wait(job, timeout=args.timeout, on_status=progress.on_status, cancel=cancel)
    except KeyboardInterrupt:
        return _interrupted(args, client, job)
    path = _report_saved(args, result, job, output)
    if client.journal is not None:
        client.journal.mark_job(job.id, "saved", output_path=str(path))
    return EXIT_OK


def _report_saved(args: argparse.Namespace, result: Any, job: Any, output: Path) -> Path:
    """Save the result (with the download display) and say where it went."""
    progress = Progress(args, job.model if job is not None else args.model)
    with progress.downloading() as update:
        path: Path = result.save(_target(output, result, job, args), on_progress=update)
    if args.json:
        print(json.dumps({"job_id": job.id if job is not None else None, "path": str(path),
                          "media_type": result.media_type, "bytes": path.stat().st_size}))
    elif args.quiet:
        print(path)
    else:
        print(f"saved {path} ({path.stat().st_size:,} bytes, {result.media_type or 'unknown type'})")
    return path


def _target(output: Path, result: Any, job: Any, args: argparse.Namespace) -> Path:
    if output.is_dir() or str(output).endswith(os.sep) or str(output) == ".":
        output.mkdir(parents=True, exist_ok=True)
        model = job.model if job is not None else args.model.split(":", 1)[-1]
        safe = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in model)
        ident = job.request_id[:8] if job is not None else time.strftime("%Y%m%d-%H%M%S")
        return output / f"{safe}-{ident}{result.extension}"
    return output


def _interrupted(args: argparse.Namespace, client: Any, job: Any) -> int:
    print(f"\ninterrupted; job {job.id} is still running on {job.provider}.", file=sys.stderr)
    if sys.stdin.isatty():
        try:
            answer = input("Cancel it on the service? [y/N] ").strip().lower()
        except (EOFError, KeyboardInterrupt):
            answer = ""
        if answer in ("y", "yes"):
            ok = client.cancel(job)
            print("cancellation requested" if ok else f"{job.provider} cannot cancel jobs; it will finish",
                  file=sys.stderr)
            return EXIT_INTERRUPTED
    print(f"resume with: genvid wait {job.id}", file=sys.stderr)
    return EXIT_INTERRUPTED


def _cmd_submit(args: argparse.Namespace) -> int:
    client = _client(args)
    job = client.submit(args.model, **_inputs(args))
    print(json.dumps({"job_id": job.id}) if args.json else job.id)
    return EXIT_OK


def _cmd_wait(args: argparse.Namespace) -> int:
    client = _client(args)
    return _wait_and_save(args, client, client.job(args.job_id), Path(args.output))


def _cmd_status(args: argparse.Namespace) -> int:
    client = _client(args)
    status = client.status(args.job_id, logs=True)
    if args.json:
        print(json.dumps({"job_id": status.job.id, "state": status.state, "service_state": status.raw_state,
                          "queue_position": status.queue_position, "error": status.error,
                          "error_code": status.error_code, "logs": list(status.logs)}))
    else:
        print(f"{status.job.id}: {status.describe()}")
    return EXIT_OK


def _cmd_jobs(args: argparse.Namespace) -> int:
    client = _client(args)
    if client.journal is None:
        print("genvid: the journal is off (--no-journal)", file=sys.stderr)
        return EXIT_USAGE
    action = _JOB_ACTIONS.get(args.action, _jobs_list)
    if action in (_jobs_show, _jobs_forget) and not args.job_id:
        print(f"genvid: jobs {args.action} needs a JOB_ID", file=sys.stderr)
        return EXIT_USAGE
    return action(args, client, client.journal)


def _jobs_show(args: argparse.Namespace, client: Client, journal: Journal) -> int:
    entry = journal.find(args.job_id)
    if entry is None:
        print(f"genvid: no journal entry for {args.job_id}", file=sys.stderr)
        return EXIT_USAGE
    print(json.dumps(entry.__dict__, indent=2) if args.json else
          "\n".join(f"{k:12} {v}" for k, v in entry.__dict__.items()))
    return EXIT_OK


def _jobs_forget(args: argparse.Namespace, client: Client, journal: Journal) -> int:
    removed = journal.forget(args.job_id)
    _say(args, {"job_id": args.job_id, "removed": removed}, f"forgot {removed} journal row(s) for {args.job_id}")
    return EXIT_OK if removed else EXIT_USAGE


def _jobs_prune(args: argparse.Namespace, client: Client, journal: Journal) -> int:
    from ._journal import FINISHED

    removed = journal.prune(older_than=_age(args.older_than), states=args.state or FINISHED)
    _say(args, {"removed": removed}, f"pruned {removed} journal row(s)")
    return EXIT_OK


def _jobs_resume(args: argparse.Namespace, client: Client, journal: Journal) -> int:
    outcomes = client.resume(timeout=args.timeout)
    failed = [o for o in outcomes if not o.ok]
    if args.json:
        print(json.dumps([{"job_id": o.job.id, "ok": o.ok, "error": str(o.error) if o.error else None}
                          for o in outcomes]))
    else:
        for o in outcomes:
            print(f"{o.job.id}: {'saved' if o.ok else f'error: {o.error}'}")
        print(f"resumed {len(outcomes)} job(s), {len(failed)} failed")
    uncertain = [e for e in journal.entries(unfinished=True) if e.state == "possibly_submitted"]
    for e in uncertain:
        print(f"genvid: {e.provider}:{e.model} -> {e.output_path or '-'}: possibly submitted, not resumable "
              f"({e.detail})", file=sys.stderr)
    if uncertain:
        print(f"genvid: {len(uncertain)} submit(s) may or may not have been accepted: check the service "
              "before submitting them again", file=sys.stderr)
    return EXIT_FAILED if failed else EXIT_OK


def _jobs_list(args: argparse.Namespace, client: Client, journal: Journal) -> int:
    entries = journal.entries(unfinished=not args.all, limit=200)
    if args.json:
        print(json.dumps([e.__dict__ for e in entries], indent=2))
        return EXIT_OK
    if not entries:
        print("no unfinished jobs" if not args.all else "the journal is empty")
    for e in entries:
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(e.created_at))
        print(f"{when}  {e.state:18}  {e.job_id or '(not submitted)'}  -> {e.output_path or '-'}")
    return EXIT_OK


_JOB_ACTIONS = {"show": _jobs_show, "forget": _jobs_forget, "prune": _jobs_prune, "resume": _jobs_resume}


def _say(args: argparse.Namespace, data: dict[str, Any], text: str) -> None:
    """Print a command's outcome: JSON with ``--json``, else the sentence unless ``-q``."""
    if args.json:
        print(json.dumps(data))
    elif not args.quiet:
        print(text)


def _age(text: str) -> float:
    """``30d``, ``12h``, ``90m``, ``45s`` or plain seconds, as seconds."""
    import genvid

    units = {"d": 86400.0, "h": 3600.0, "m": 60.0, "s": 1.0}
    raw = text.strip().lower()
    scale = units.get(raw[-1:], 1.0)
    number = raw[:-1] if raw[-1:] in units else raw
    try:
        value = float(number) * scale
    except ValueError:
        raise genvid.InvalidInput(f"--older-than expects an age like 30d, 12h or 3600, got {text!r}",
                                  field="older_than") from None
    if value < 0:
        raise genvid.InvalidInput("--older-than must not be negative", field="older_than")
    return value


def _cmd_cancel(args: argparse.Namespace) -> int:
    client = _client(args)
    ok = client.cancel(args.job_id)
    if args.json:
        print(json.dumps({"job_id": args.job_id, "cancel_requested": ok}))
    else:
        print("cancellation requested" if ok else "this service cannot cancel jobs; the job will run to the end")
    return EXIT_OK


def _cmd_models(args: argparse.Namespace) -> int:
    from ._catalog import models

    items = [m for m in models(args.provider) if m.status == "current" or not args.current]
    if args.json:
        print(json.dumps([m.to_dict() for m in items], indent=2))
        return EXIT_OK
    from rich.console import Console
    from rich.table import Table

    columns = ("model", "kind", "required", "optional", "resolutions", "durations", "status")
    rows = [[m.name, m.kind, *(", ".join(v) or "-" for v in (m.required, m.optional, m.resolutions, m.durations)),
             m.status] for m in items]
    console = Console()
    if not console.is_terminal:  # pipes and files get one plain line per model
        for row in rows:
            print("\t".join(cell.replace(", ", ",") for cell in row))
        return EXIT_OK
    table = Table(title=None if args.quiet else "genvid models", show_lines=False)
    for n, col in enumerate(columns):
        table.add_column(col, no_wrap=n == 0, overflow="fold")
    for row in rows:
        table.add_row(*row)
    console.print(table)
    return EXIT_OK


def _cmd_demo(args: argparse.Namespace) -> int:
    try:
        from genvid_emulator import Settings, running
    except ImportError:
        print("genvid: the demo needs the emulator: pip install 'genvid[emulator]'", file=sys.stderr)
        return EXIT_USAGE
    import genvid

    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    settings = Settings(queue_seconds=1.0, run_seconds=2.0, media_scale=max(0.05, min(1.0, args.scale)))
    from ._providers import PROVIDERS

    rows = list(PROVIDERS) if args.all else [PROVIDERS[0]]
    saved: list[str] = []
    with running(settings) as emu:
        if not args.quiet and not args.json:
            print(f"emulator running at {emu.urls.root} (no account or network needed)", file=sys.stderr)
        client = genvid.Client(emulator=emu.urls.root)
        for row in rows:
            # An input left None is made here (the demo needs no files).
            inputs: dict[str, Any] = {k: _demo_media(k) if v is None else v for k, v in row.demo_inputs.items()}
            job = client.submit(row.demo_model, **inputs)
            args.timeout = 300
            code = _wait_and_save(args, client, job, out / f"demo-{row.name}.mp4")
            if code != EXIT_OK:
                return code
            saved.append(str(out / f"demo-{row.name}.mp4"))
    if args.json:
        print(json.dumps({"saved": saved}))
    return EXIT_OK


def _demo_media(kind: str) -> bytes:
    """A small PNG to animate, or a short clip to edit."""
    from genvid_emulator._media import MediaSpec, render

    if kind == "video":
        return render(MediaSpec(kind="video", width=640, height=360, fps=24, seconds=2.0), key="genvid demo clip")
    return render(MediaSpec(kind="image", width=640, height=360), key="genvid demo image")


def _cmd_emulator(args: argparse.Namespace) -> int:
    try:
        from genvid_emulator import Settings, serve_forever
    except ImportError:
        print("genvid: the emulator is not installed: pip install 'genvid[emulator]'", file=sys.stderr)
        return EXIT_USAGE
    kinds = tuple(k.strip() for k in args.faults.split(",") if k.strip())
    settings = Settings(api_key=args.api_key, queue_seconds=args.queue_seconds, run_seconds=args.run_seconds,
                        speed=args.speed, media_scale=args.media_scale, fault_rate=args.fault_rate,
                        fault_kinds=kinds, fault_seed=args.fault_seed,
                        allow_external_callbacks=args.allow_external_callbacks)
    try:
        serve_forever(settings, host=args.host, port=args.port, tls=args.tls, cert_dir=args.cert_dir,
                      access_log=args.access_log)
    except KeyboardInterrupt:
        pass
    return EXIT_OK


def _version() -> str:
    from . import __version__

    return __version__


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
