"""``genvid completion bash|zsh``: a completion script made from the parser itself and the model catalog.

Commands, their actions (``jobs show``, ``models show``), every option, choices and the known
model names complete; paths complete where a flag takes a file. zsh runs the bash function
through ``bashcompinit``.
"""

from __future__ import annotations

import argparse
import shlex
from typing import Any

PATH_FLAGS = ("-o", "--output", "--thumbnail", "--image", "--video", "--start", "--end", "--reference", "--journal",
              "--cert-dir")

_BASH = r"""# genvid completion (bash): eval "$(genvid completion bash)"
_genvid() {
    local line="${COMP_LINE:0:COMP_POINT}" cur prev cmd="" sub="" w opts words
    cur="${line##*[[:space:]]}"
    prev="${COMP_WORDS[COMP_CWORD-1]}"
    [[ "$cur" == "${COMP_WORDS[COMP_CWORD]}" ]] || prev="${COMP_WORDS[COMP_CWORD-2]}"
    [[ "$prev" == ":" ]] && prev="${COMP_WORDS[COMP_CWORD-3]}"
    for w in "${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
        case "$w" in -*|:) ;; *) if [[ -z "$cmd" ]]; then cmd="$w"; elif [[ -z "$sub" ]]; then sub="$w"; fi;; esac
    done
    case "$prev" in
        %(path_flags)s) COMPREPLY=($(compgen -f -- "$cur")); return;;
%(choices)s
    esac
    case "$cmd:$sub" in
%(options)s
    esac
    if [[ "$cur" == -* ]]; then
        words="$opts"
    elif [[ -z "$cmd" || ( "$cur" == "$cmd" && -z "$sub" && "${#COMP_WORDS[@]}" -le 2 ) ]]; then
        words=%(commands)s
    else
        case "$cmd" in
%(actions)s
        esac
    fi
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
    if [[ "$cur" == *:* ]]; then  # bash splits words at ':'; offer only what follows it
        local head="${cur%%"${cur##*:}"}"
        COMPREPLY=("${COMPREPLY[@]#"$head"}")
    fi
}
complete -o default -F _genvid genvid
"""


def _options(parser: argparse.ArgumentParser) -> list[str]:
    return [o for a in parser._actions for o in a.option_strings if a.help != argparse.SUPPRESS]


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _models() -> list[str]:
    from ._catalog import models

    return [m.name for m in models()]


def script(parser: argparse.ArgumentParser, shell: str) -> str:
    """The completion script for ``shell`` (``bash`` or ``zsh``)."""
    models = " ".join(_models())
    commands = _subcommands(parser)
    options: list[str] = []
    actions: list[str] = []
    choices: dict[str, set[str]] = {}
    for name, sub in commands.items():
        inner = _subcommands(sub)
        options += [f"        {name}:{a}) opts={shlex.quote(' '.join(_options(p)))};;" for a, p in inner.items()]
        options.append(f"        {name}:*) opts={shlex.quote(' '.join(_options(sub)))};;")
        actions += _words(name, sub, inner, models)
        for p in (sub, *inner.values()):
            _option_choices(p, choices)
            _positional_choices(p, name, actions)
    choice_lines = [f"        {o}) COMPREPLY=($(compgen -W {shlex.quote(' '.join(sorted(c)))} -- \"$cur\")); return;;"
                    for o, c in choices.items()]
    text = _BASH % {"path_flags": "|".join(PATH_FLAGS), "choices": "\n".join(choice_lines),
                    "options": "\n".join(options), "commands": shlex.quote(" ".join(commands)),
                    "actions": "\n".join(actions)}
    if shell == "zsh":
        return "# genvid completion (zsh): eval \"$(genvid completion zsh)\"\nautoload -U +X bashcompinit && " \
               "bashcompinit\n" + text
    return text


def _words(name: str, sub: argparse.ArgumentParser, inner: dict[str, argparse.ArgumentParser], models: str
           ) -> list[str]:
    """The case lines offering a command's actions (then model names where an action takes one), or models."""
    if inner:
        show_models = any(a.dest == "model" for p in inner.values() for a in p._actions)
        after = f'[[ -n "$sub" ]] && words="{models if show_models else ""}" || '
        return [f"            {name}) {after}words={shlex.quote(' '.join(inner))};;"]
    if any(a.dest == "model" for a in sub._actions):
        return [f"            {name}) [[ -z \"$sub\" ]] && words={shlex.quote(models)};;"]
    return []


def _option_choices(parser: argparse.ArgumentParser, choices: dict[str, set[str]]) -> None:
    """Options with fixed choices (``jobs prune --state``)."""
    for a in parser._actions:
        if a.choices and a.option_strings and not isinstance(a, argparse._SubParsersAction):
            for o in a.option_strings:
                choices.setdefault(o, set()).update(map(str, a.choices))


def _positional_choices(parser: argparse.ArgumentParser, name: str, actions: list[str]) -> None:
    """Positional arguments with fixed choices (``completion bash|zsh``)."""
    for a in parser._actions:
        if a.choices and not a.option_strings and not isinstance(a, argparse._SubParsersAction):
            actions.append(f"            {name}) words={shlex.quote(' '.join(map(str, a.choices)))};;")


__all__: list[Any] = ["script"]
