"""What every ``genvid`` command shares: exit codes, common options, the client, output, errors in CLI words."""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import sys
from typing import Any, NoReturn

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_ERROR, EXIT_DEADLINE, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 130

# The flags for the unified input names, in the order shown (a name's first flag wins).
FLAGS: tuple[tuple[str, str], ...] = (
    ("--prompt", "prompt"), ("--image", "image"), ("--video", "video"), ("--start", "start_image"),
    ("--end", "end_image"), ("--reference", "reference"), ("--seed", "seed"), ("--resolution", "resolution"),
    ("--aspect-ratio", "aspect_ratio"), ("--duration", "duration"))

INSTALL_EMULATOR = ("pip install 'genvid[emulator]' (from a source checkout: pip install -e '.[emulator]', "
                    "or run scripts/demo, which sets up .venv)")


class Parser(argparse.ArgumentParser):
    """argparse with suggestions: a mistyped ``--promt`` gets ``did you mean --prompt?`` and this command's usage."""

    def error(self, message: str) -> NoReturn:
        words = re.findall(r"(?<![\w-])(-{1,2}[\w-]+)", message.partition("arguments:")[2])
        words += re.findall(r"invalid choice: '([^']+)'", message)
        options = [o for a in self._actions for o in a.option_strings if o.startswith("--")]
        options += [c for a in self._actions for c in (a.choices or ()) if isinstance(c, str)]
        close = [m for w in words for m in difflib.get_close_matches(w, options, n=1, cutoff=0.6)]
        self.print_usage(sys.stderr)
        hint = f" (did you mean {' or '.join(dict.fromkeys(close))}?)" if close else ""
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}{hint}\nrun '{self.prog} --help' for more\n")


def common_options(top: bool) -> tuple[argparse.ArgumentParser, argparse.ArgumentParser]:
    """(output options of every command, client options of every command that calls a service).

    The top level holds the defaults; each command's copies default to SUPPRESS, so an option may
    stand before or after the command (``genvid --json models`` and ``genvid models --json``).
    """
    def default(value: Any) -> Any:
        return value if top else argparse.SUPPRESS

    out = argparse.ArgumentParser(add_help=False)
    out.add_argument("--json", action="store_true", default=default(False), help="print machine-readable JSON")
    out.add_argument("-q", "--quiet", action="store_true", default=default(False),
                     help="no progress display; only the essential output")
    out.add_argument("--debug", action="store_true", default=default(False),
                     help="show tracebacks and debug logging (keys redacted)")
    client = argparse.ArgumentParser(add_help=False)
    client.add_argument("--emulator", metavar="URL", default=default(os.environ.get("GENVID_EMULATOR_URL")),
                        help="send every request to a genvid emulator at URL (default: $GENVID_EMULATOR_URL)")
    client.add_argument("--journal", metavar="PATH|URL", default=default(None),
                        help="job journal: a SQLite file or a postgresql:// URL (default: $GENVID_JOURNAL or a "
                             "file in the user state directory; 'genvid jobs where' prints it)")
    client.add_argument("--no-journal", action="store_true", default=default(False),
                        help="do not record jobs in the journal")
    return out, client


def examples(*lines: str) -> str:
    """A help epilog listing example commands."""
    return "examples:\n" + "\n".join(f"  {line}" for line in lines)


def make_client(args: argparse.Namespace) -> Any:
    """The ``genvid.Client`` the options ask for."""
    import genvid

    if args.debug:
        import logging

        logging.basicConfig(level=logging.DEBUG, format="%(levelname)s %(name)s: %(message)s")
    journal: Any = False if args.no_journal else (args.journal or True)
    return genvid.Client(emulator=args.emulator, journal=journal) if args.emulator else genvid.Client(journal=journal)


def say(args: argparse.Namespace, data: dict[str, Any], text: str, *, quiet_too: bool = False) -> None:
    """Print a command's outcome: JSON with ``--json``, else the sentence (unless ``-q``)."""
    if args.json:
        print(json.dumps(data))
    elif quiet_too or not args.quiet:
        print(text)


def exit_code(exc: BaseException) -> int:
    """The exit code an error ends the command with."""
    import genvid

    if isinstance(exc, genvid.InvalidInput | genvid.ConfigurationError):
        return EXIT_USAGE
    if isinstance(exc, genvid.JobFailed) or (isinstance(exc, genvid.Cancelled) and "wait for" not in str(exc)):
        return EXIT_FAILED  # the job ended without output (failed, or cancelled on the service)
    return EXIT_DEADLINE if isinstance(exc, genvid.DeadlineExceeded) else EXIT_ERROR


def report(args: argparse.Namespace, exc: BaseException) -> int:
    """One line (or one JSON object) for an error, in the CLI's words; returns the exit code."""
    import genvid

    if isinstance(exc, genvid.GenvidError):
        _in_cli_words(args, exc)
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
    return exit_code(exc)


def _in_cli_words(args: argparse.Namespace, exc: Any) -> None:
    """Rewrite an error's field and hint for the command line: flags, not wire fields; commands, not Python."""
    field = getattr(exc, "field", None)
    model = getattr(args, "model", None)
    if isinstance(field, str) and field and isinstance(model, str) and ":" in model:
        flag = flag_for(model, field)
        if flag is not None and flag != field:
            exc.message = re.sub(rf"(?<![\w.-]){re.escape(field)}(?![\w])", flag, exc.message)
            exc.field = flag
        elif flag is None and field not in ("model", "param"):
            exc.hint = exc.hint or f"set it with --param {field}=VALUE"
    exc.hint = _cli_hint(args, exc) or exc.hint


def _cli_hint(args: argparse.Namespace, exc: Any) -> str | None:
    """The hint for an error in CLI terms (commands and flags), or None to keep the error's own."""
    import genvid

    job_id = getattr(args, "job_id", None) or getattr(exc, "job_id", None)
    emulator = getattr(args, "emulator", None)
    if isinstance(exc, genvid.ConfigurationError) and exc.code == "INVALID_API_KEY":
        return (f"{_env_hint(exc.service)}; or try it with no account: genvid demo, or "
                "genvid emulator in another shell and --emulator URL")
    if isinstance(exc, genvid.DeadlineExceeded | genvid.Conflict) and job_id:
        return f"it may still finish: genvid wait {job_id} -o PATH (genvid status {job_id} to look)"
    if isinstance(exc, genvid.TransportError):
        return f"is the emulator running at {emulator}? start it with: genvid emulator" if emulator else (
            exc.hint or "check your network connection (or try the emulator: genvid demo)")
    if getattr(exc, "field", None) == "job_id":
        return "job ids look like provider:model:request_id, as genvid submit prints them (genvid jobs list)"
    return None


def _env_hint(service: str | None) -> str:
    from ._providers import PROVIDERS

    rows = [p for p in PROVIDERS if p.name == service] or list(PROVIDERS)
    return "set " + " or ".join(v for p in rows for v in p.key_env)


def flag_for(model: str, field: str) -> str | None:
    """The CLI flag that sets the wire field ``field`` of ``model`` (``data`` -> ``--video``), if one does."""
    from ._catalog import lookup, split_model

    try:
        provider, name = split_model(model)
        import genvid

        svc = genvid.Client().service(provider)
    except Exception:
        return None
    head = field.split(".")[0]
    found = [(flag, common) for flag, common in FLAGS
             if common == field or svc._wire_name(name, common) in (field, head)
             or field.startswith(svc._wire_name(name, common) + ".")]
    if not found:
        return None
    info = lookup(provider, name)
    kind = next((k for f, k in (info.media_inputs.items() if info else ()) if f.split(".")[0] == head), None)
    kind = info.output if kind == "media" and info is not None else kind
    return next((flag for flag, common in found if common == kind), found[0][0])
