"""The ``genvid`` command (also ``python -m genvid``).

Exit codes: 0 success, 1 the job failed (or was cancelled on the service), 2 bad usage or
input, 3 a service or network error, 4 a deadline passed, 130 interrupted.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ._cli_common import (
    EXIT_DEADLINE,
    EXIT_ERROR,
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    FLAGS,
    INSTALL_EMULATOR,
    Parser,
    common_options,
    examples,
    make_client,
    report,
    say,
)
from ._cli_display import Progress

__all__ = ["EXIT_DEADLINE", "EXIT_ERROR", "EXIT_FAILED", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_USAGE", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``genvid`` console script."""
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:  # the command's own usage and a suggestion, not the top level's
        getattr(args, "parser", parser).error(f"unrecognized arguments: {' '.join(extra)}")
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        code: int = args.func(args)
        return code
    except KeyboardInterrupt:
        if not args.quiet:
            print("genvid: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:  # one readable line, not a traceback
        if args.debug:
            raise
        return report(args, exc)


# --- parser ---------------------------------------------------------------------------
def build_parser() -> Parser:
    """The whole command line (``genvid completion`` reads it too)."""
    from . import _cli_jobs, _cli_models

    out, client = common_options(top=False)
    top_out, top_client = common_options(top=True)
    p = Parser(prog="genvid", parents=[top_out, top_client], formatter_class=argparse.RawDescriptionHelpFormatter,
               description="Generate video and images with Decart, fal.ai, Luma Dream Machine and Luma Agents from "
                           "one command.\nModels are written provider:model (see 'genvid models').",
               epilog="Try it with no account: 'genvid demo' runs a real generation against the built-in "
                      "emulator.\n\n" + examples(
                          'genvid generate luma:ray-2 --prompt "A lake at sunset" -o lake.mp4',
                          "genvid models show decart:lucy-2.6", "genvid demo"))
    p.add_argument("--version", action="version", version=f"genvid {_version()}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    both = [out, client]

    def command(name: str, help: str, description: str, *lines: str, parents: list[Any] = both) -> Parser:
        parser: Parser = sub.add_parser(name, parents=parents, help=help, description=description,
                                        epilog=examples(*lines), formatter_class=argparse.RawDescriptionHelpFormatter)
        return parser

    g = command("generate", "generate and save a video or image",
                "Submit a generation, show its progress, save the output and say what it is.",
                'genvid generate luma:ray-2 --prompt "A lake at sunset" -o lake.mp4',
                'genvid generate decart:lucy-2.6 --prompt "Make it snow" --video lake.mp4 --seed 42 -o out/',
                "genvid generate fal:decart/lucy-14b/image-to-video --prompt 'She smiles' --image cat.png "
                "--thumbnail sheet.png")
    _add_inputs(g)
    _add_output(g)
    g.set_defaults(func=_cmd_generate)

    s = command("submit", "submit a job and print its id",
                "Submit a generation and print the job id at once (then 'genvid wait JOB_ID').",
                'genvid submit luma:ray-2 --prompt "A teddy bear"', "genvid submit luma:ray-2 --prompt x -o bear.mp4"
                "   # 'genvid jobs resume' saves it there")
    _add_inputs(s)
    s.add_argument("-o", "--output", metavar="PATH", help="where 'genvid jobs resume' saves the output")
    s.set_defaults(func=_cmd_submit)

    w = command("wait", "wait for a job and save its output", "Wait for a submitted job and save its output.",
                "genvid wait JOB_ID -o out/", "genvid wait JOB_ID -o bear.mp4 --thumbnail bear.png")
    w.add_argument("job_id", metavar="JOB_ID", help="a job id printed by 'genvid submit'")
    _add_output(w)
    w.set_defaults(func=_cmd_wait)

    st = command("status", "show a job's status", "One status check of a job.", "genvid status JOB_ID",
                 "genvid status JOB_ID --json")
    st.add_argument("job_id", metavar="JOB_ID", help="a job id printed by 'genvid submit'")
    st.set_defaults(func=_cmd_status)

    c = command("cancel", "ask the service to cancel a job",
                "Ask the service to cancel a job (fal can; Decart and Luma cannot: their jobs run to the end).",
                "genvid cancel JOB_ID")
    c.add_argument("job_id", metavar="JOB_ID", help="a job id printed by 'genvid submit'")
    c.set_defaults(func=_cmd_cancel)

    _cli_jobs.add_parser(sub, [out], client)
    _cli_models.add_parser(sub, [out])

    d = command("demo", "generate a video on the built-in emulator (no account)",
                "Starts the emulator in this process and runs a real generation through HTTP with the progress\n"
                "display, ending in a playable MP4.", "genvid demo", "genvid demo --all -o out/", parents=[out])
    d.add_argument("--all", action="store_true", help="one video per service")
    d.add_argument("-o", "--output", metavar="DIR", default="out", help="directory for the videos (default out/)")
    d.add_argument("--scale", type=float, default=1.0, help="media scale 0..1 (smaller is faster)")
    d.set_defaults(func=_cmd_demo)

    e = command("emulator", "serve the emulator of all four services", _emulator_description(),
                "genvid emulator --port 8765", "genvid emulator --port 0 -q > emulator.env &   # then: . ./emulator.env",
                "genvid emulator --tls --fault-rate 0.2", parents=[out])
    _add_emulator_options(e)
    e.set_defaults(func=_cmd_emulator)

    co = command("completion", "print a shell completion script (bash or zsh)",
                 "Print a completion script for genvid's commands, options and model names.",
                 'eval "$(genvid completion bash)"     # in ~/.bashrc',
                 'eval "$(genvid completion zsh)"      # in ~/.zshrc', parents=[])
    co.add_argument("shell", choices=["bash", "zsh"], help="the shell")
    co.set_defaults(func=_cmd_completion, json=False, quiet=False, debug=False)
    for choice in sub.choices.values():  # each command's own parser, for its errors and suggestions
        choice.set_defaults(parser=choice)
        for action in choice._subparsers._group_actions if choice._subparsers else ():
            for inner in getattr(action, "choices", {}).values():
                inner.set_defaults(parser=inner)
    return p


def _add_emulator_options(e: argparse.ArgumentParser) -> None:
    e.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    e.add_argument("--port", type=int, default=8765, help="port (default 8765; 0 picks a free one)")
    e.add_argument("--tls", action="store_true", help="serve HTTPS with a self-signed certificate (fal_client needs it)")
    e.add_argument("--cert-dir", help="where to write cert.pem, key.pem and ca-bundle.pem (default: a temp dir)")
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


def _emulator_description() -> str:
    try:
        from genvid_emulator import _faults

        faults = plain_tables(_faults.__doc__ or "")
    except ImportError:  # the emulator extra is not installed
        faults = f"(the emulator is not installed: {INSTALL_EMULATOR})"
    return (
        "Serve a local, stateful emulator of Decart, fal.ai, Luma Dream Machine and Luma Agents on one port,\n"
        "and print the 'export' lines that point genvid and each official SDK at it (-q: only those;\n"
        "--json: one JSON object).\n\n"
        "Prefixes: /decart, /fal (queue), /fal-run, /fal-rest, /fal-cdn, /luma/dream-machine/v1,\n"
        "/luma-agents/v1; control under /_emulator/ (health, requests, reset, clock, config, jobs).\n\n"
        + faults
    )


def plain_tables(text: str) -> str:
    """Markdown tables and ``code`` marks as plain aligned text (for ``--help``)."""
    lines = [line.replace("``", "") for line in text.splitlines()]
    rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in lines if line.startswith("|")
            and not set(line) <= set("|-: ")]
    width = max((len(r[0]) for r in rows), default=0)
    out, done = [], False
    for line in lines:
        if not line.startswith("|"):
            out.append(line)
        elif not done:
            out += [f"  {r[0]:<{width}}  {' '.join(r[1:])}" for r in rows]
            done = True
    return "\n".join(out)


def _add_inputs(p: argparse.ArgumentParser) -> None:
    p.add_argument("model", metavar="MODEL",
                   help="provider:model, e.g. decart:lucy-2.6 or fal:decart/lucy-14b/image-to-video (genvid models)")
    helps = {"--prompt": "what to generate", "--image": "input image: a path or URL (image-to-video, image edit)",
             "--video": "input video: a path or URL (video edit, restyle)", "--start": "first frame image",
             "--end": "last frame image", "--reference": "reference image",
             "--seed": "random seed: the same seed and inputs give the same output",
             "--resolution": "e.g. 720p (genvid models show MODEL lists them)", "--aspect-ratio": "e.g. 16:9",
             "--duration": "e.g. 5s"}
    for flag, name in FLAGS:
        media = flag in ("--image", "--video", "--start", "--end", "--reference")
        p.add_argument(flag, dest=name, type=int if name == "seed" else str, help=helps[flag],
                       metavar="PATH|URL" if media else None)
    p.add_argument("--param", action="append", default=[], metavar="KEY=VALUE",
                   help="any other service field (VALUE is parsed as JSON when it can be); repeatable")


def _add_output(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", metavar="PATH", default=".",
                   help="file, or directory (ending in / or existing) to save to (default: current directory)")
    p.add_argument("--thumbnail", metavar="PNG", help="also write a contact sheet of the video (a PNG) there")
    p.add_argument("--timeout", type=float, default=900, help="seconds to wait before giving up (default 900)")


def _inputs(args: argparse.Namespace) -> dict[str, Any]:
    import genvid

    inputs: dict[str, Any] = {name: getattr(args, name) for _, name in FLAGS if getattr(args, name, None) is not None}
    for item in args.param:
        key, sep, raw = item.partition("=")
        if not sep or not key:
            raise genvid.InvalidInput(f"--param expects KEY=VALUE, got {item!r}", field="param")
        try:
            inputs[key] = json.loads(raw)
        except ValueError:
            inputs[key] = raw
    return inputs


# --- commands -------------------------------------------------------------------------
def _cmd_generate(args: argparse.Namespace) -> int:
    client = make_client(args)
    if client.is_synchronous(args.model):  # no job: the media is the answer (Decart's image models)
        with Progress(args, args.model).waiting():
            result = client.generate(args.model, timeout=args.timeout, **_inputs(args))
        _save(args, result, None, args.output)
        return EXIT_OK
    job = client.submit(args.model, save_to=args.output, **_inputs(args))
    return _wait_and_save(args, client, job, args.output)


def _wait_and_save(args: argparse.Namespace, client: Any, job: Any, output: str) -> int:
    progress = Progress(args, job.model)
    try:
        with progress.waiting():
            result = client.wait(job, timeout=args.timeout, on_status=progress.on_status, cancel=threading.Event())
    except KeyboardInterrupt:
        return _interrupted(client, job, output)
    _save(args, result, job, output)
    return EXIT_OK


def _save(args: argparse.Namespace, result: Any, job: Any, output: str) -> Path:
    """Save the result (with the download display) and say what was made."""
    from ._cli_display import MEDIA_HINT, contact_sheet, describe, summary

    with Progress(args, job.model if job is not None else args.model).downloading() as update:
        path: Path = result.save(target(output, result, job, args.model if job is None else job.model),
                                 on_progress=update)
    facts = describe(path)
    sheet = None
    if getattr(args, "thumbnail", None):
        try:
            sheet = str(contact_sheet(path, Path(args.thumbnail)))
        except (ImportError, ValueError) as exc:
            print(f"genvid: no thumbnail: {exc}", file=sys.stderr)
    if args.json:
        print(json.dumps({"job_id": job.id if job is not None else None, "path": str(path),
                          "media_type": result.media_type, "bytes": path.stat().st_size, **facts,
                          "thumbnail": sheet}))
    elif args.quiet:
        print(path)
    else:
        print(summary(path, result.media_type, facts) + (f"; contact sheet {sheet}" if sheet else ""))
        if not facts and not _has_av():
            print(f"  ({MEDIA_HINT})", file=sys.stderr)
    return path


def _has_av() -> bool:
    import importlib.util

    return importlib.util.find_spec("av") is not None


def target(output: str, result: Any, job: Any, model: str) -> Path:
    """Where ``-o`` says to save: the file named, or in a directory (made if it ends in /) a name of its own.

    The name holds the model and the whole request id, so two jobs never share one.
    """
    path = Path(output)
    if not (output.endswith(("/", os.sep)) or path.is_dir()):
        return path
    path.mkdir(parents=True, exist_ok=True)
    if result.media_type is None:  # the download says what it is; the result names itself then
        return path
    ident = job.request_id if job is not None else time.strftime("%Y%m%d-%H%M%S")
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in f"{model.split(':')[-1]}-{ident}")
    return path / f"{safe.strip('.')[:150]}{result.extension}"


def _interrupted(client: Any, job: Any, output: str) -> int:
    svc = client.service(job.provider)
    resume = f"genvid wait {job.id} -o {shlex.quote(output)}"
    print(f"\ninterrupted; job {job.id} is still running on {job.provider}.", file=sys.stderr)
    if not svc.can_cancel:
        print(f"({svc.row().title} cannot cancel jobs: it will run to the end.)", file=sys.stderr)
    elif sys.stdin.isatty():
        try:
            answer = input("Cancel it on the service? [y/N] ").strip().lower()
        except (EOFError, KeyboardInterrupt):
            answer = ""
        if answer in ("y", "yes"):
            if client.cancel(job):
                if client.journal is not None:
                    client.journal.mark_job(job.id, "cancelled", "cancelled from the command line")
                print("cancellation requested", file=sys.stderr)
                return EXIT_INTERRUPTED
            print("the service did not cancel it (it may have just finished)", file=sys.stderr)
    print(f"resume with: {resume}   (or: genvid jobs resume)", file=sys.stderr)
    return EXIT_INTERRUPTED


def _cmd_submit(args: argparse.Namespace) -> int:
    client = make_client(args)
    job = client.submit(args.model, save_to=args.output, **_inputs(args))
    print(json.dumps({"job_id": job.id}) if args.json else job.id)
    return EXIT_OK


def _cmd_wait(args: argparse.Namespace) -> int:
    client = make_client(args)
    return _wait_and_save(args, client, client.job(args.job_id), args.output)


def _cmd_status(args: argparse.Namespace) -> int:
    client = make_client(args)
    status = client.status(args.job_id, logs=True)
    if args.json:
        print(json.dumps({"job_id": status.job.id, "state": status.state, "service_state": status.raw_state,
                          "queue_position": status.queue_position, "error": status.error,
                          "error_code": status.error_code, "logs": list(status.logs)}))
    else:
        print(f"{status.job.id}: {status.describe()}")
    return EXIT_OK


def _cmd_cancel(args: argparse.Namespace) -> int:
    client = make_client(args)
    job = client.job(args.job_id)
    svc = client.service(job.provider)
    if not svc.can_cancel:
        say(args, {"job_id": job.id, "cancel_requested": False, "reason": "the service has no cancel"},
            f"{svc.row().title} cannot cancel jobs: this one runs to the end")
        return EXIT_OK
    if client.cancel(job):
        say(args, {"job_id": job.id, "cancel_requested": True}, "cancellation requested")
        return EXIT_OK
    status = client.status(job)
    say(args, {"job_id": job.id, "cancel_requested": False, "state": status.state},
        f"nothing to cancel: the job is already {status.describe()}")
    return EXIT_OK


def _cmd_demo(args: argparse.Namespace) -> int:
    try:
        from genvid_emulator import Settings, running
    except ImportError:
        print(f"genvid: the demo needs the emulator: {INSTALL_EMULATOR}", file=sys.stderr)
        return EXIT_USAGE
    import genvid

    from ._providers import PROVIDERS

    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    settings = Settings(queue_seconds=1.0, run_seconds=2.0, media_scale=max(0.05, min(1.0, args.scale)))
    rows = list(PROVIDERS) if args.all else [PROVIDERS[0]]
    saved: list[str] = []
    args.timeout, args.thumbnail = 300, None
    with running(settings) as emu:
        if not args.quiet and not args.json:
            print(f"emulator running at {emu.urls.root} (no account or network needed)", file=sys.stderr)
        client = genvid.Client(emulator=emu.urls.root)
        for row in rows:
            # An input left None is made here (the demo needs no files).
            inputs: dict[str, Any] = {k: _demo_media(k) if v is None else v for k, v in row.demo_inputs.items()}
            job = client.submit(row.demo_model, **inputs)
            code = _wait_and_save(args, client, job, str(out / f"demo-{row.name}.mp4"))
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
        print(f"genvid: the emulator is not installed: {INSTALL_EMULATOR}", file=sys.stderr)
        return EXIT_USAGE
    if args.debug:
        import logging

        logging.basicConfig(level=logging.DEBUG, format="%(levelname)s %(name)s: %(message)s")
    kinds = tuple(k.strip() for k in args.faults.split(",") if k.strip())
    settings = Settings(api_key=args.api_key, queue_seconds=args.queue_seconds, run_seconds=args.run_seconds,
                        speed=args.speed, media_scale=args.media_scale, fault_rate=args.fault_rate,
                        fault_kinds=kinds, fault_seed=args.fault_seed,
                        allow_external_callbacks=args.allow_external_callbacks)
    try:
        serve_forever(settings, host=args.host, port=args.port, tls=args.tls, cert_dir=args.cert_dir,
                      access_log=args.access_log or args.debug, output="json" if args.json else
                      "quiet" if args.quiet else "text")
    except KeyboardInterrupt:
        pass
    return EXIT_OK


def _cmd_completion(args: argparse.Namespace) -> int:
    from ._cli_complete import script

    print(script(build_parser(), args.shell))
    return EXIT_OK


def _version() -> str:
    from . import __version__

    return __version__


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
