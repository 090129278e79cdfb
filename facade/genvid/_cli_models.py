"""``genvid models`` and ``genvid models show MODEL``: the catalog in the CLI's words (flags, not wire fields)."""

from __future__ import annotations

import argparse
import json
import shlex
from typing import TYPE_CHECKING, Any

from ._cli_common import EXIT_OK, FLAGS, examples, flag_for

if TYPE_CHECKING:
    from ._catalog import ModelInfo

# Example values of the ready-to-run command, by flag (the files are what the flag takes).
SAMPLES = {"--prompt": "A lake at sunset", "--image": "input.png", "--video": "input.mp4", "--start": "first.png",
           "--end": "last.png", "--reference": "reference.png", "--seed": "42"}


def add_parser(sub: Any, common: list[argparse.ArgumentParser]) -> None:
    """The ``models`` command (list) and ``models show``."""
    m = sub.add_parser("models", parents=common, help="list every known model, or show one",
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       description="Every model genvid knows, from the catalog the specs define: service, kind, the "
                                   "flags it takes,\nresolutions, durations, status. Unknown model names still work: "
                                   "they are passed to the service.",
                       epilog=examples("genvid models", "genvid models --provider fal --current",
                                       "genvid models show decart:lucy-2.6", "genvid --json models"))
    m.add_argument("--provider", help="only this provider (decart, fal, luma, luma-agents)")
    m.add_argument("--current", action="store_true", help="only the models the services accept today")
    m.add_argument("--all", action="store_true", help=argparse.SUPPRESS)  # every model is listed anyway
    m.set_defaults(func=_list)
    actions = m.add_subparsers(dest="models_action", metavar="ACTION")
    s = actions.add_parser("show", parents=common, help="one model: its flags, kinds, resolutions, an example",
                           epilog=examples("genvid models show fal:decart/lucy-14b/image-to-video"),
                           formatter_class=argparse.RawDescriptionHelpFormatter)
    s.add_argument("model", metavar="MODEL", help="provider:model, e.g. decart:lucy-2.6")
    s.set_defaults(func=_show)


def flag_name(info: ModelInfo, field: str) -> str:
    """How to set a wire field from the CLI: its flag, else ``--param field=``."""
    return flag_for(info.name, field) or f"--param {field}="


def _inputs(info: ModelInfo) -> tuple[list[str], list[str]]:
    """(required, optional) inputs of a model as flags, each once; the model's own name is not an input."""
    required = list(dict.fromkeys(flag_name(info, f) for f in info.required if f != "model"))
    optional = [f for f in dict.fromkeys(flag_name(info, f) for f in (*info.optional, *(x for g in info.one_of
                                                                                        for x in g)) if f != "model")
                if f not in required and "." not in f.removeprefix("--param ")]
    return required, optional


def _list(args: argparse.Namespace) -> int:
    from ._catalog import models

    items = [m for m in models(args.provider) if m.status == "current" or not args.current]
    if args.json:
        print(json.dumps([m.to_dict() for m in items], indent=2))
        return EXIT_OK
    columns = ("model", "kind", "required", "optional", "resolutions", "durations", "status")
    rows = [_row(m) for m in items]
    from rich.console import Console

    console = Console()
    if not console.is_terminal:  # pipes and files: a header, then one tab-separated line per model
        for row in ([list(columns)] if not args.quiet else []) + rows:
            print("\t".join(cell.replace(", ", ",") for cell in row))
        return EXIT_OK
    from rich.table import Table

    table = Table(title=None if args.quiet else "genvid models (genvid models show MODEL for one)")
    for n, col in enumerate(columns):
        table.add_column(col, no_wrap=n == 0, overflow="fold")
    for row in rows:
        table.add_row(*row)
    console.print(table)
    return EXIT_OK


def _row(m: ModelInfo) -> list[str]:
    flags = [" ".join(v) or "-" for v in _inputs(m)]
    return [m.name, m.kind, *flags, *(", ".join(v) or "-" for v in (m.resolutions, m.durations)), m.status]


def example(info: ModelInfo) -> str:
    """A command that runs ``info`` as it stands (its required inputs filled with sample values)."""
    words = ["genvid", "generate", info.name]
    for field in info.required:
        if field == "model":
            continue
        flag = flag_name(info, field)
        if flag.startswith("--param"):
            words += ["--param", f"{field}={_sample(info, field)}"]
        elif flag not in words:
            words += [flag, SAMPLES.get(flag) or _sample(info, field)]
    if "--prompt" not in words and any(flag_name(info, f) == "--prompt" for f in info.optional):
        words += ["--prompt", SAMPLES["--prompt"]]
    return shlex.join([*words, "-o", "out/"])


def _sample(info: ModelInfo, field: str) -> str:
    """A value the spec allows for a field: its first enum value, default or example."""
    from ._providers import provider
    from ._schemas import request_schema

    values = {"aspect_ratio": info.aspect_ratios, "resolution": info.resolutions, "duration": info.durations}
    if values.get(field):
        return values[field][0]
    node = request_schema(provider(info.provider).package, info.operation or info.route).properties.get(field, {})
    for key in ("enum", "examples"):
        if node.get(key):
            return str(node[key][0])
    return str(node.get("default", "VALUE"))


def _show(args: argparse.Namespace) -> int:
    from ._catalog import lookup, split_model, suggest
    from ._exceptions import InvalidInput

    provider, name = split_model(args.model)
    info = lookup(provider, name)
    if info is None:
        close = suggest(provider, name)
        raise InvalidInput(f"{args.model} is not in the catalog (it may still work: unknown names are passed to "
                           "the service)", field="model",
                           hint=f"did you mean {' or '.join(close)}?" if close else "see genvid models")
    required, optional = _inputs(info)
    facts = {"model": info.name, "kind": info.kind, "output": info.output, "status": info.status,
             "alias of": info.alias_of, "description": info.description, "required": " ".join(required),
             "optional": " ".join(optional), "resolutions": ", ".join(info.resolutions),
             "aspect ratios": ", ".join(info.aspect_ratios), "durations": ", ".join(info.durations),
             "media inputs": ", ".join(f"{flag_name(info, f.split('.')[0])} ({k})"
                                       for f, k in info.media_inputs.items()),
             "example": example(info)}
    if args.json:
        print(json.dumps({**info.to_dict(), "flags": {"required": required, "optional": optional},
                          "example": facts["example"]}, indent=2))
        return EXIT_OK
    for key, value in facts.items():
        if value:
            print(f"{key + ':':14} {value}")
    return EXIT_OK


__all__ = ["FLAGS", "add_parser", "example", "flag_name"]
