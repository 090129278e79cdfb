"""Every known model, from one catalog: the ``x-genvid-catalog`` of each spec.

``scripts/regenerate`` writes each spec's table beside its generated client as
``catalog.json``; this module reads them lazily. A model name the catalog does not
know still works: it is passed through to the service, so a new server model needs
no genvid release.
"""

from __future__ import annotations

import contextlib
import functools
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from ._exceptions import BadRequest, GenvidError, InvalidInput, NotFound
from ._providers import BY_NAME, NAMES, provider


@dataclass(frozen=True)
class ModelInfo:
    """What genvid knows about one model: ``genvid.models()`` lists these."""

    provider: str
    id: str
    kind: str
    output: str
    route: str
    """How the model runs: the generic operation (``queue_submit``, ``process_generate``, ``create_video``)."""
    operation: str = ""
    """The model's own typed operation, whose request body lists its inputs and rules."""
    status: str = "current"
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    one_of: tuple[tuple[str, ...], ...] = ()
    media_inputs: dict[str, str] = field(default_factory=dict)
    resolutions: tuple[str, ...] = ()
    aspect_ratios: tuple[str, ...] = ()
    durations: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    alias_of: str | None = None
    description: str = ""
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def name(self) -> str:
        """The name to pass to ``Client.generate``: ``provider:model``."""
        return f"{self.provider}:{self.id}"

    @property
    def inputs(self) -> tuple[str, ...]:
        """Every wire field the model takes."""
        seen = dict.fromkeys([*self.required, *self.optional, *(f for g in self.one_of for f in g)])
        return tuple(seen)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "provider": self.provider, "id": self.id, "kind": self.kind, "output": self.output,
            "status": self.status, "required": list(self.required), "optional": list(self.optional),
            "one_of": [list(g) for g in self.one_of], "media_inputs": dict(self.media_inputs),
            "resolutions": list(self.resolutions), "aspect_ratios": list(self.aspect_ratios),
            "durations": list(self.durations), "types": list(self.types), "alias_of": self.alias_of,
            "operation": self.operation, "description": self.description,
        }


def _info(provider: str, e: dict[str, Any]) -> ModelInfo:
    return ModelInfo(
        provider=provider,
        id=str(e["id"]),
        kind=str(e.get("kind", "")),
        output=str(e.get("output", "video")),
        route=str(e.get("route", "")),
        operation=str(e.get("operation", "")),
        status=str(e.get("status", "current")),
        required=tuple(e.get("required") or ()),
        optional=tuple(e.get("optional") or ()),
        one_of=tuple(tuple(g) for g in e.get("one_of") or ()),
        media_inputs=dict(e.get("media_inputs") or {}),
        resolutions=tuple(str(r) for r in e.get("resolutions") or ()),
        aspect_ratios=tuple(str(r) for r in e.get("aspect_ratios") or ()),
        durations=tuple(str(d) for d in e.get("durations") or ()),
        types=tuple(str(t) for t in e.get("types") or ()),
        alias_of=e.get("alias_of"),
        description=str(e.get("description", "")),
        raw=e,
    )


@functools.cache
def provider_catalog(provider: str) -> dict[str, ModelInfo]:
    """Models of one provider by id."""
    text = resources.files(BY_NAME[provider].package).joinpath("catalog.json").read_text(encoding="utf-8")
    return {e["id"]: _info(provider, e) for e in json.loads(text)}


def normalize_provider(name: str) -> str:
    """``'Luma_Agents'`` -> ``'luma-agents'``; ConfigurationError for unknown providers."""
    return provider(name).name


def split_model(name: str) -> tuple[str, str]:
    """``'fal:decart/lucy-edit/pro'`` -> ``('fal', 'decart/lucy-edit/pro')``."""
    if not isinstance(name, str) or ":" not in name:
        raise InvalidInput(
            f"model must be written provider:model, got {name!r}", field="model",
            hint="e.g. decart:lucy-pro-t2v, fal:decart/lucy-14b/image-to-video, luma:ray-2, luma-agents:ray-3.2",
        )
    provider, _, model = name.partition(":")
    if not model.strip():
        raise InvalidInput(f"model name is empty in {name!r}", field="model")
    return normalize_provider(provider), model.strip()


def lookup(provider: str, model: str) -> ModelInfo | None:
    """The catalog entry of ``model``; None for models the catalog lacks (they are passed through)."""
    return provider_catalog(provider).get(model)


def models(provider: str | None = None, *, include_retired: bool = True) -> list[ModelInfo]:
    """Every known model (of one provider), each with its ``status``; ``include_retired=False`` drops retired ones."""
    providers = [normalize_provider(provider)] if provider else list(NAMES)
    return [info for p in providers for info in provider_catalog(p).values()
            if include_retired or info.status != "retired"]


def suggest(provider: str, model: str, limit: int = 3) -> list[str]:
    """Known ``provider:model`` names close to a misspelled one (any provider), best first."""
    import difflib

    names = [info.name for info in models()]
    return difflib.get_close_matches(f"{provider}:{model}", names, n=limit, cutoff=0.75)


@contextlib.contextmanager
def did_you_mean(provider: str, model: str) -> Iterator[None]:
    """``with_suggestion`` for every refusal inside the block."""
    try:
        yield
    except (NotFound, BadRequest) as exc:
        error = with_suggestion(exc, provider, model)
        if error is exc:
            raise
        raise error from exc


def with_suggestion(exc: NotFound | BadRequest, provider: str, model: str) -> GenvidError:
    """Name the close known models when a service refuses one the catalog lacks.

    A 404 (no such model) becomes ``InvalidInput`` (bad input, as a typo is); a 400/422 keeps its
    type and gains the suggestion as its hint. Returns the error to raise (``exc`` itself unless
    it becomes ``InvalidInput``: raise that ``from exc``).
    """
    close = [] if lookup(provider, model) is not None else suggest(provider, model)
    if not close:
        return exc
    hint = f"did you mean {' or '.join(close)}?"
    if isinstance(exc, BadRequest):
        exc.hint = hint
        return exc
    return InvalidInput(f"unknown model {provider}:{model} ({exc.message})", field="model", model=model,
                        service=provider, hint=hint)
