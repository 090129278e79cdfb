"""``genvid jobs``: the journal from the command line (list, show, resume, prune, forget, where)."""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import TYPE_CHECKING, Any

from ._cli_common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, say

if TYPE_CHECKING:
    from ._client import Client
    from ._journal import Entry, Journal


def add_parser(sub: Any, common: list[argparse.ArgumentParser], client_opts: argparse.ArgumentParser) -> None:
    """The ``jobs`` command and its actions."""
    from ._cli_common import examples

    j = sub.add_parser("jobs", parents=[*common, client_opts], help="the job journal: list, show, resume, prune, forget",
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       description="Every job the CLI submits is recorded in a journal before it is sent, so a crash "
                                   "loses nothing:\n'genvid jobs resume' waits for each unfinished job and saves its "
                                   "output where -o said.\n'genvid jobs where' prints where the journal is.",
                       epilog=examples("genvid jobs", "genvid jobs list --all", "genvid jobs show JOB_ID",
                                       "genvid jobs resume", "genvid jobs prune --older-than 7d",
                                       "genvid jobs forget JOB_ID"))
    j.set_defaults(func=_run, action="list", all=False)
    actions = j.add_subparsers(dest="action", metavar="ACTION")
    ls = actions.add_parser("list", parents=[*common, client_opts], help="unfinished jobs (--all: every job)")
    ls.add_argument("--all", action="store_true", help="list finished jobs too")
    for name, text in (("show", "every recorded field of one job"), ("forget", "delete one job's rows (e.g. a "
                                                                               "possibly-submitted job you checked)")):
        p = actions.add_parser(name, parents=[*common, client_opts], help=text)
        p.add_argument("job_id", metavar="JOB_ID", help="a job id (or a journal row key)")
    r = actions.add_parser("resume", parents=[*common, client_opts],
                           help="wait for every unfinished job and save its output where -o said")
    r.add_argument("--timeout", type=float, default=900, help="seconds to wait (default 900)")
    p = actions.add_parser("prune", parents=[*common, client_opts], help="delete old finished rows")
    p.add_argument("--older-than", default="30d", metavar="AGE",
                   help="rows last updated longer ago than AGE, e.g. 30d, 12h, 90m, 3600 (default 30d)")
    p.add_argument("--state", action="append", default=None, metavar="STATE",
                   help="only rows in STATE (repeatable; default: saved, failed, cancelled, rejected and "
                        "completed jobs with nowhere to save)")
    actions.add_parser("where", parents=[*common, client_opts], help="print where the journal is")


def _run(args: argparse.Namespace) -> int:
    from ._cli_common import make_client

    client = make_client(args)
    if client.journal is None:
        print("genvid: the journal is off (--no-journal)", file=sys.stderr)
        return EXIT_USAGE
    action = {"show": _show, "forget": _forget, "prune": _prune, "resume": _resume, "where": _where}.get(
        args.action, _list)
    return action(args, client, client.journal)


def _when(epoch: float | None) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(epoch)) if epoch else "-"


def _where(args: argparse.Namespace, client: Client, journal: Journal) -> int:
    say(args, {"journal": journal.location}, journal.location, quiet_too=True)
    return EXIT_OK


def _show(args: argparse.Namespace, client: Client, journal: Journal) -> int:
    entry = journal.find(args.job_id)
    if entry is None:
        print(f"genvid: no journal entry for {args.job_id} (see 'genvid jobs list --all')", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        print(json.dumps(entry.__dict__, indent=2))
        return EXIT_OK
    for key, value in entry.__dict__.items():
        shown = _when(value) if key in ("created_at", "updated_at") else value
        print(f"{key:12} {'-' if shown is None else shown}")
    return EXIT_OK


def _forget(args: argparse.Namespace, client: Client, journal: Journal) -> int:
    removed = journal.forget(args.job_id)
    say(args, {"job_id": args.job_id, "removed": removed}, f"forgot {removed} journal row(s) for {args.job_id}")
    return EXIT_OK if removed else EXIT_USAGE


def _prune(args: argparse.Namespace, client: Client, journal: Journal) -> int:
    from ._journal import FINISHED

    removed = journal.prune(older_than=age(args.older_than), states=args.state or FINISHED)
    say(args, {"removed": removed}, f"pruned {removed} journal row(s) from {journal.location}")
    return EXIT_OK


def _resume(args: argparse.Namespace, client: Client, journal: Journal) -> int:
    targets = {e.job_id: e.output_path for e in journal.entries(unfinished=True) if e.job_id}
    outcomes = client.resume(timeout=args.timeout)
    rows: list[dict[str, Any]] = []
    for o in outcomes:
        entry = journal.find(o.job.id)
        saved = entry is not None and entry.state == "saved"
        rows.append({"job_id": o.job.id, "ok": o.ok, "saved": entry.output_path if saved and entry else None,
                     "error": str(o.error) if o.error else None})
        if not args.json:
            print(f"{o.job.id}: {_resumed(o, entry, targets.get(o.job.id))}")
    failed = [o for o in outcomes if not o.ok]
    if args.json:
        print(json.dumps(rows))
    elif not args.quiet:
        print(f"resumed {len(outcomes)} job(s), {len(failed)} failed (journal: {journal.location})")
    _uncertain(journal)
    return EXIT_FAILED if failed else EXIT_OK


def _resumed(outcome: Any, entry: Entry | None, target: str | None) -> str:
    """One line on what resume did with a job."""
    if not outcome.ok:
        return f"error: {outcome.error}"
    if entry is not None and entry.state == "saved":
        moved = f" ({target} existed; not overwritten)" if target and entry.output_path != target else ""
        return f"saved {entry.output_path}{moved}"
    return f"completed, not saved (it was submitted without -o): genvid wait {outcome.job.id} -o PATH"


def _uncertain(journal: Journal) -> None:
    uncertain = [e for e in journal.entries(unfinished=True) if e.state == "possibly_submitted"]
    for e in uncertain:
        print(f"genvid: {e.provider}:{e.model} -> {e.output_path or '-'}: possibly submitted, not resumable "
              f"({e.detail}); when you have checked the service: genvid jobs forget {e.key}", file=sys.stderr)
    if uncertain:
        print(f"genvid: {len(uncertain)} submit(s) may or may not have been accepted: check the service "
              "before submitting them again", file=sys.stderr)


def _list(args: argparse.Namespace, client: Client, journal: Journal) -> int:
    entries = journal.entries(unfinished=not args.all, limit=200)
    if args.json:
        print(json.dumps([e.__dict__ for e in entries], indent=2))
        return EXIT_OK
    if not args.quiet:
        print(f"journal: {journal.location}", file=sys.stderr)
    if not entries:
        print("no unfinished jobs (genvid jobs list --all shows finished ones)" if not args.all
              else "the journal is empty")
    for e in entries:
        print(f"{_when(e.created_at)}  {e.state:18}  {e.job_id or '(not submitted)'}  -> {e.output_path or '-'}")
    return EXIT_OK


def age(text: str) -> float:
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
