"""Request rules, read from the specs: every body is checked before anything is sent.

``scripts/regenerate`` writes each operation's request body schema, resolved into one
self-contained JSON Schema 2020-12 document, into ``spec.json`` beside the generated
package. This module validates a body against it (with jsonschema-rs, loaded on first
use) and raises the first problem as ``InvalidInput`` (``_issues`` says the field and the
sentence). It also maps the media positions a schema marks (``x-genvid-media``) so each
adapter converts media its service's way. The emulator validates with the same schemas
and this same code.
"""

from __future__ import annotations

import copy
import datetime
import functools
import importlib
import json
import math
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from types import ModuleType
from typing import Any

from ._exceptions import InvalidInput
from ._issues import MAX_SECONDS, SAME_LENGTH, Issue, MaxSeconds, SameLength, field_name, issue, specific

MEDIA = "x-genvid-media"
# Keywords whose subschemas are rules about a value rather than its shape: never closed.
CONDITIONS = frozenset({"allOf", "anyOf", "oneOf", "not", "if", "then", "else", "dependentSchemas", "contains"})
Convert = Callable[[tuple[str | int, ...], Any, str], Any]


@dataclass
class RequestSchema:
    """One operation's request body schema."""

    operation: str
    method: str
    path: str
    content_type: str
    schema: dict[str, Any] = field(repr=False)
    body: str | None = None
    """The spec's name for the body schema (the generated model class), when it has one."""
    _validators: dict[bool, Any] = field(default_factory=dict, repr=False)
    _media_below: dict[int, bool] = field(default_factory=dict, repr=False)

    @functools.cached_property
    def properties(self) -> dict[str, Any]:
        """The body's top-level properties (resolved)."""
        return {k: self.resolve(v) for k, v in self.schema.get("properties", {}).items()}

    def resolve(self, node: Any) -> dict[str, Any]:
        """``node`` with ``$ref``s to ``$defs`` followed."""
        if isinstance(node, dict) and "$ref" not in node:
            return node
        hops = 0
        while isinstance(node, dict) and "$ref" in node and hops < 32:
            node = self.schema.get("$defs", {}).get(str(node["$ref"]).rsplit("/", 1)[-1], {})
            hops += 1
        return node if isinstance(node, dict) else {}

    def media(self) -> dict[str, str]:
        """Top-level fields marked ``x-genvid-media`` and their kind (``image``, ``video``)."""
        return {k: str(v[MEDIA]) for k, v in self.properties.items() if MEDIA in v}

    # --- media positions ------------------------------------------------------------------------
    def map_media(self, value: Any, convert: Convert) -> Any:
        """``value`` with each media position replaced by ``convert(path, value, kind)``.

        Media positions are the fields marked ``x-genvid-media`` (a mark beside a ``$ref``
        names the kind at that position). Shorthands the schema makes unambiguous are
        expanded on the way: a bare value where an object with one media field (or one
        required field) is expected is wrapped in it, with the object's ``const`` fields filled
        in (a keyframe ``{"type": "image", "url": value}``); one value where a list of media
        is expected becomes a list of one.
        """
        return self._map(self.schema, value, convert, ())

    def _map(self, node: Any, value: Any, convert: Convert, path: tuple[str | int, ...]) -> Any:
        mark = node.get(MEDIA) if isinstance(node, dict) else None
        node = self.resolve(node)
        mark = mark or node.get(MEDIA)
        if mark is not None:
            return convert(path, value, str(mark))
        variants = node.get("oneOf", []) + node.get("anyOf", [])
        if variants:
            chosen = self._variant(variants, value)
            return value if chosen is None else self._map(chosen, value, convert, path)
        if node.get("properties"):
            return self._map_object(node, value, convert, path)
        items = node.get("items")
        if isinstance(items, dict) and value is not None:
            if not isinstance(value, list | tuple) and self._carries_media(items):
                value = [value]  # one reference where a list is expected
            if isinstance(value, list | tuple):
                return [self._map(items, v, convert, (*path, i)) for i, v in enumerate(value)]
        return value

    def _map_object(self, node: dict[str, Any], value: Any, convert: Convert, path: tuple[str | int, ...]) -> Any:
        props: dict[str, Any] = node["properties"]
        if isinstance(value, Mapping):
            return {k: self._map(props[k], v, convert, (*path, k)) if k in props and self._has_media(props[k]) else v
                    for k, v in value.items()}
        # A bare value for an object with one media field, or one required field of its own (a
        # concept's key): wrapped, and errors name what the caller wrote.
        media = self._media_field(node)
        name = media or self._sole_required(node)
        if name is None or value is None or (media is None and isinstance(value, bool | int | float)):
            return value
        kind = props[name].get(MEDIA) or self.resolve(props[name]).get(MEDIA)
        return {**self._tags(node), name: convert(path, value, str(kind)) if kind else value}

    def _sole_required(self, node: dict[str, Any]) -> str | None:
        required = [r for r in node.get("required", ()) if "const" not in self.resolve(node["properties"].get(r))]
        return required[0] if len(required) == 1 else None

    def _tags(self, node: dict[str, Any]) -> dict[str, Any]:
        """The required ``const`` fields of an object schema (a keyframe's ``type``)."""
        props = ((k, self.resolve(p)) for k, p in node.get("properties", {}).items())
        return {k: p["const"] for k, p in props if "const" in p and k in node.get("required", ())}

    def _has_media(self, node: Any, depth: int = 0) -> bool:
        """Whether anything at or below ``node`` is a media position or a shorthand (remembered per node)."""
        key = id(node)
        found = self._media_below.get(key)
        if found is None:
            resolved = self.resolve(node)
            subs = [*resolved.get("properties", {}).values(), *resolved.get("oneOf", []), *resolved.get("anyOf", []),
                    *([resolved["items"]] if isinstance(resolved.get("items"), dict) else [])]
            here = (isinstance(node, dict) and MEDIA in node) or MEDIA in resolved or \
                ("properties" in resolved and self._sole_required(resolved) is not None)
            found = here or (depth < 12 and any(self._has_media(sub, depth + 1) for sub in subs))
            self._media_below[key] = found
        return found

    def _media_field(self, node: dict[str, Any]) -> str | None:
        """The one property of an object schema that carries media, if it has exactly one."""
        names = [k for k, p in node.get("properties", {}).items()
                 if (isinstance(p, dict) and MEDIA in p) or MEDIA in self.resolve(p)]
        return names[0] if len(names) == 1 else None

    def _carries_media(self, node: Any) -> bool:
        resolved = self.resolve(node)
        if (isinstance(node, dict) and MEDIA in node) or MEDIA in resolved or self._media_field(resolved):
            return True
        return any(self._media_field(self.resolve(v)) for v in resolved.get("oneOf", []) + resolved.get("anyOf", []))

    def _variant(self, variants: Sequence[Any], value: Any) -> Any:
        """The union member ``value`` is meant as: its tags match and its required fields are present."""
        if not isinstance(value, Mapping):
            return next((v for v in variants if self._media_field(self.resolve(v))), None)
        fallback = None
        for variant in variants:
            node = self.resolve(variant)
            tags = {k: p["const"] for k, p in ((k, self.resolve(p)) for k, p in node.get("properties", {}).items())
                    if "const" in p}
            if any(k in value and value[k] != v for k, v in tags.items()):
                continue
            if all(k in value for k in node.get("required", ())):
                return variant
            fallback = fallback or variant
        return fallback

    # --- validation -----------------------------------------------------------------------------
    def validator(self, closed: bool) -> Any:
        """The compiled validator; ``closed`` also refuses fields the schema does not list."""
        found = self._validators.get(closed)
        if found is None:
            import jsonschema_rs  # on first use: import genvid stays fast

            schema = close(copy.deepcopy(self.schema)) if closed else self.schema
            found = self._validators[closed] = jsonschema_rs.validator_for(
                schema, validate_formats=True, keywords={SAME_LENGTH: SameLength, MAX_SECONDS: MaxSeconds})
        return found

    def issues(self, body: Any, *, label: str | None = None, closed: bool = True) -> list[Issue]:
        """Every problem with ``body`` (JSON data).

        ``closed`` (the facade's policy) refuses fields a body schema does not list, so a
        misspelt field never reaches the service; the services (and the emulator) ignore them.
        """
        try:
            validator = self.validator(closed)
            if validator.is_valid(body) and not _has_float(body):
                return []  # (the common case: no error to collect and explain)
            errors = list(validator.iter_errors(body))
        except (UnicodeEncodeError, ValueError, OverflowError) as exc:
            path = _unencodable(body)
            return [Issue(path, f"{field_name(path) or 'the request'} is not valid JSON text ({exc})", "encoding")]
        found = [issue(specific(err), self.schema, label or self.operation, self._variant_keys) for err in errors]
        return found + (self._floats_as_integers(self.schema, body, ()) if _has_float(body) else [])

    def check(self, body: Any, *, label: str | None = None, service: str | None = None,
              names: Mapping[str, str] | None = None, loose: Sequence[str] = ()) -> None:
        """Raise ``InvalidInput`` for the first problem with ``body``.

        ``names`` maps wire paths to the caller's names (``data`` -> ``video``) for the
        message and ``.field``; issues at a path in ``loose`` (e.g. an unknown model name
        the caller chose) are let through.
        """
        # A misspelt field first (it is usually why a rule failed too), then a field a rule forbids
        # (its own contents do not matter then), then the rest in the schema's order.
        ranked = sorted(self.issues(body, label=label),
                        key=lambda i: 0 if i.kind == "AdditionalProperties" else 1 if i.rule and i.kind == "Not"
                        else 2)
        for found in ranked:
            if found.field in loose:
                continue
            name = caller_name(found.field, names or {})
            message = found.message if name == found.field else found.message.replace(found.field, name, 1)
            raise InvalidInput(message, field=name or None, model=label, service=service)

    def _variant_keys(self, variants: Sequence[Any]) -> list[str]:
        """The key each variant of a union requires first (``url``, ``data``...), or [] if one has none."""
        keys = [self.resolve(v).get("required") or [] for v in variants]
        return [str(k[0]) for k in keys] if all(keys) else []

    def _floats_as_integers(self, node: Any, value: Any, path: tuple[str | int, ...]) -> list[Issue]:
        """JSON counts 2.0 as an integer; a Python float where the spec wants an integer is refused all the same."""
        node = self.resolve(node)
        if isinstance(value, float) and node.get("type") == "integer":
            return [Issue(path, f"{field_name(path)} must be an integer, not float", "Type")]
        found: list[Issue] = []
        if isinstance(value, dict):
            for key, prop in node.get("properties", {}).items():
                if key in value:
                    found += self._floats_as_integers(prop, value[key], (*path, key))
        elif isinstance(value, list) and isinstance(node.get("items"), dict):
            for i, item in enumerate(value):
                found += self._floats_as_integers(node["items"], item, (*path, i))
        return found


def _has_float(value: Any) -> bool:
    """Whether JSON data holds a float anywhere."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, float):
            return True
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def close(schema: dict[str, Any]) -> dict[str, Any]:
    """Refuse unlisted fields: ``additionalProperties: false`` where a shape lists ``properties``.

    Only shapes are closed (the root, ``$defs``, property values, array items); subschemas of
    ``allOf``/``if``/``not``/... constrain a value and list only the fields they talk about.
    """

    def walk(node: Any, shape: bool) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item, shape)
        if not isinstance(node, dict):
            return
        if shape and "properties" in node and "additionalProperties" not in node:
            node["additionalProperties"] = False
        for key, value in node.items():
            # Below a condition everything is a rule, however deep (its ``properties`` name a few fields).
            if key in ("properties", "$defs", "patternProperties"):
                for sub in value.values():
                    walk(sub, shape)
            elif key in ("items", "additionalProperties", "prefixItems"):
                walk(value, shape)
            elif key in CONDITIONS:
                walk(value, False)  # union variants are shapes through their $defs entries

    walk(schema, True)
    return schema


def _unencodable(value: Any, path: tuple[str | int, ...] = ()) -> tuple[str | int, ...]:
    """Where the first string that is not valid Unicode (a lone surrogate) sits."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return path or ("",)
        return ()
    items: Iterable[tuple[str | int, Any]] = value.items() if isinstance(value, dict) else \
        enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        found = _unencodable(key, (*path, key)) if isinstance(key, str) else ()
        found = found or _unencodable(item, (*path, key))
        if found:
            return found
    return ()


def caller_name(field: str, names: Mapping[str, str]) -> str:
    """``video.start_frame.url`` -> ``image.url`` when the caller said ``image=``."""
    for wire, name in sorted(names.items(), key=lambda kv: -len(kv[0])):
        if field == wire or field.startswith((wire + ".", wire + "[")):
            return name + field[len(wire):]
    return field


_JSON_SCALARS = frozenset({type(None), bool, int})


def as_json(value: Any, path: tuple[str | int, ...] = ()) -> Any:
    """``value`` as JSON data for validation: generated models as dicts, enum members as text.

    InvalidInput names the field for what JSON cannot hold (NaN, text that is not valid
    Unicode, objects of other types).
    """
    kind = type(value)
    if kind is str:
        if value.isascii() or _encodable(value):
            return value
        raise _not_json("is text that is not valid Unicode", path)
    if kind in _JSON_SCALARS or (kind is float and math.isfinite(value)):
        return value
    if isinstance(value, Mapping):
        return {str(k): as_json(v, (*path, str(k))) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [as_json(v, (*path, i)) for i, v in enumerate(value)]
    converted = _scalar(value)
    if converted is not None:
        return as_json(converted, path)
    raise _not_json(f"must be a finite number, got {value}" if isinstance(value, float) else
                    f"cannot be {type(value).__name__}: expected text, a number, true/false, a list or a mapping",
                    path)


def _not_json(problem: str, path: tuple[str | int, ...]) -> InvalidInput:
    name = field_name(path)
    return InvalidInput(f"{name or 'the request'} {problem}", field=name or None)


def _scalar(value: Any) -> Any:
    """The JSON form of a generated model, enum member, UUID or date-time; None for anything else."""
    if isinstance(value, str):  # a generated enum member
        return str(value.value if hasattr(value, "value") else value)
    if isinstance(value, int) and not isinstance(value, bool):
        return int(value)
    if callable(getattr(value, "to_dict", None)):
        return value.to_dict()
    if isinstance(value, uuid.UUID | datetime.datetime | datetime.date):
        return str(value) if isinstance(value, uuid.UUID) else value.isoformat()
    return None


@functools.cache
def spec_document(package: str) -> dict[str, Any]:
    """``spec.json`` of a generated package: its operations (module, method, path, request schema) and states."""
    doc: dict[str, Any] = json.loads(resources.files(package).joinpath("spec.json").read_text(encoding="utf-8"))
    return doc


@functools.cache
def request_schema(package: str, operation: str, content_type: str | None = None) -> RequestSchema:
    """The request schema of ``operation`` in the generated ``package``; KeyError if it has no body.

    ``content_type`` picks one of several bodies (Luma Agents' file create: multipart or JSON).
    """
    entry = spec_document(package)["operations"][operation]
    request = entry.get("bodies", {}).get(content_type, entry["request"]) if content_type else entry["request"]
    return RequestSchema(operation, entry["method"], entry["path"], request["content_type"], request["schema"],
                         body=request.get("body"))


@functools.cache
def parameter_schema(package: str, operation: str) -> RequestSchema:
    """The schema of ``operation``'s parameters (path, query, header) as one object."""
    entry = spec_document(package)["operations"][operation]
    params = entry.get("parameters") or {"schema": {"type": "object", "properties": {}}}
    return RequestSchema(operation, entry["method"], entry["path"], "parameters", params["schema"])


@functools.cache
def operation_module(package: str, operation: str) -> ModuleType:
    """The generated module of ``operation`` (``genvid_api_fal.api.queue.queue_status``)."""
    try:
        name = spec_document(package)["operations"][operation]["module"]
    except KeyError:
        raise KeyError(f"{package} has no operation {operation!r}") from None
    return importlib.import_module(name)


def states(package: str) -> dict[str, str]:
    """The service's job states mapped to genvid's (``x-genvid-states`` in the spec)."""
    found: dict[str, str] = spec_document(package).get("states", {})
    return found


__all__ = ["Issue", "RequestSchema", "as_json", "caller_name", "field_name", "operation_module",
           "parameter_schema", "request_schema", "spec_document", "states"]
