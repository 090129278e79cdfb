"""Request rules, read from the specs: every body is checked before anything is sent.

``scripts/regenerate`` writes each operation's request body schema, resolved into one
self-contained JSON Schema 2020-12 document, into ``spec.json`` beside the generated
package. This module validates a body against it (with jsonschema-rs, loaded on first
use) and turns the first problem into ``InvalidInput``: the field by its path
(``video.edit.strength``, ``image_ref[0]``), the rule's own sentence where the spec gives
one (``x-genvid-message``), else a sentence made from the keyword that failed, and for an
enum the allowed values. The emulator validates with the same schemas and this same code.
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

MESSAGE = "x-genvid-message"
# Keywords that hold cross-field rules (a union's variants are shapes, not rules).
RULES = frozenset({"allOf", "not", "if", "then", "else", "dependentRequired", "dependentSchemas",
                   "x-genvid-same-length"})
# The one rule JSON Schema cannot state: two arrays of one object that must be equally long.
SAME_LENGTH = "x-genvid-same-length"
# Keywords whose subschemas are rules about a value rather than its shape: never closed.
CONDITIONS = frozenset({"allOf", "anyOf", "oneOf", "not", "if", "then", "else", "dependentSchemas", "contains"})
MEDIA = "x-genvid-media"

_TYPES = {"string": "a string", "integer": "an integer", "number": "a number", "boolean": "true or false",
          "array": "a list", "object": "an object", "null": "null"}


@dataclass(frozen=True)
class Issue:
    """One way a request breaks its schema."""

    path: tuple[str | int, ...]
    message: str
    kind: str
    allowed: tuple[str, ...] = ()
    rule: bool = False
    """Raised by a cross-field rule (an ``allOf``, ``if``/``then``, ``not``, ``dependentRequired``...)."""
    keyword_path: tuple[str | int, ...] = ()
    """Where in the schema the failed keyword is."""

    @property
    def field(self) -> str:
        """The path as genvid writes fields: ``video.keyframes[1].url``."""
        return field_name(self.path)


def field_name(path: Iterable[str | int]) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


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
    _validators: dict[bool, Any] | None = field(default=None, repr=False)

    @property
    def properties(self) -> dict[str, Any]:
        """The body's top-level properties (resolved)."""
        props: dict[str, Any] = self.schema.get("properties", {})
        return {k: self.resolve(v) for k, v in props.items()}

    def resolve(self, node: Any) -> dict[str, Any]:
        """``node`` with ``$ref``s to ``$defs`` followed."""
        hops = 0
        while isinstance(node, dict) and "$ref" in node and hops < 32:
            node = self.schema.get("$defs", {}).get(str(node["$ref"]).rsplit("/", 1)[-1], {})
            hops += 1
        return node if isinstance(node, dict) else {}

    def media(self) -> dict[str, str]:
        """Top-level fields marked ``x-genvid-media`` and their kind (``image``, ``video``)."""
        return {k: str(v[MEDIA]) for k, v in self.properties.items() if MEDIA in v}

    def map_media(self, value: Any, convert: Callable[[tuple[str | int, ...], Any, str], Any]) -> Any:
        """``value`` with each media position replaced by ``convert(path, value, kind)``.

        Media positions are the fields marked ``x-genvid-media`` (a mark beside a ``$ref``
        names the kind at that position). Shorthands the schema makes unambiguous are
        expanded on the way: a bare media value where an object with one media field is
        expected is wrapped in it, with the object's ``const`` fields filled in (a keyframe
        ``{"type": "image", "url": value}``), and one value where a list of media is
        expected becomes a list of one.
        """
        return self._map(self.schema, value, convert, ())

    def _map(self, node: Any, value: Any, convert: Callable[[tuple[str | int, ...], Any, str], Any],
             path: tuple[str | int, ...]) -> Any:
        mark = node.get(MEDIA) if isinstance(node, dict) else None
        node = self.resolve(node)
        mark = mark or node.get(MEDIA)
        if mark is not None:
            return convert(path, value, str(mark))
        variants = node.get("oneOf", []) + node.get("anyOf", [])
        if variants:
            chosen = self._variant(variants, value)
            return value if chosen is None else self._map(chosen, value, convert, path)
        props: dict[str, Any] = node.get("properties", {})
        if props:
            if not isinstance(value, Mapping):
                # A bare value for an object with one media field, or one required field of its own
                # (a concept's key): wrapped; errors name what the caller wrote.
                required = [r for r in node.get("required", ()) if "const" not in self.resolve(props.get(r))]
                media = self._media_field(node)
                name = media or (required[0] if len(required) == 1 else None)
                if name is None or value is None or (media is None and isinstance(value, bool | int | float)):
                    return value
                consts = {k: p["const"] for k, p in ((k, self.resolve(p)) for k, p in props.items())
                          if "const" in p and k in node.get("required", ())}
                kind = props[name].get(MEDIA) or self.resolve(props[name]).get(MEDIA)
                return {**consts, name: convert(path, value, str(kind)) if kind else value}
            return {k: self._map(props[k], v, convert, (*path, k)) if k in props else v for k, v in value.items()}
        items = node.get("items")
        if isinstance(items, dict) and value is not None:
            if not isinstance(value, list | tuple) and self._carries_media(items):
                value = [value]  # one reference where a list is expected
            if isinstance(value, list | tuple):
                return [self._map(items, v, convert, (*path, i)) for i, v in enumerate(value)]
        return value

    def _media_field(self, node: dict[str, Any]) -> str | None:
        """The one property of an object schema that carries media, if it has exactly one."""
        names = [k for k, p in node.get("properties", {}).items()
                 if (isinstance(p, dict) and MEDIA in p) or MEDIA in self.resolve(p)]
        return names[0] if len(names) == 1 else None

    def _carries_media(self, node: Any) -> bool:
        resolved = self.resolve(node)
        return (isinstance(node, dict) and MEDIA in node) or MEDIA in resolved or \
            self._media_field(resolved) is not None or \
            any(self._media_field(self.resolve(v)) for v in resolved.get("oneOf", []) + resolved.get("anyOf", []))

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

    def validator(self, closed: bool) -> Any:
        """The compiled validator; ``closed`` also refuses fields the schema does not list."""
        if self._validators is None:
            self._validators = {}
        found = self._validators.get(closed)
        if found is None:
            import jsonschema_rs  # on first use: import genvid stays fast

            schema = close(copy.deepcopy(self.schema)) if closed else self.schema
            found = self._validators[closed] = jsonschema_rs.validator_for(
                schema, validate_formats=True, keywords={SAME_LENGTH: _SameLength})
        return found

    def issues(self, body: Any, *, label: str | None = None, closed: bool = True) -> list[Issue]:
        """Every problem with ``body`` (JSON data), first the most specific.

        ``closed`` (the facade's policy) refuses fields a body schema does not list, so a
        misspelt field never reaches the service; the services (and the emulator) ignore them.
        """
        try:
            errors = list(self.validator(closed).iter_errors(body))
        except (UnicodeEncodeError, ValueError, OverflowError) as exc:
            path = _unencodable(body)
            return [Issue(path, f"{field_name(path) or 'the request'} is not valid JSON text ({exc})", "encoding")]
        out = [self._issue(_specific(err, body), label or self.operation) for err in errors]
        return out + self._floats_as_integers(self.schema, body, ())

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
        for issue in ranked:
            if issue.field in loose:
                continue
            name = caller_name(issue.field, names or {})
            message = issue.message if name == issue.field else issue.message.replace(issue.field, name, 1)
            raise InvalidInput(message, field=name or None, model=label, service=service)

    # --- one error -> one sentence ---------------------------------------------------------------
    def _issue(self, err: Any, label: str) -> Issue:
        path = tuple(err.instance_path)
        kind = type(err.kind).__name__
        data = err.kind.as_dict()
        node, custom = self._walk(list(err.schema_path))
        allowed: tuple[str, ...] = ()
        if kind == "Required":
            path = (*path, str(data["property"]))
        elif kind == "AdditionalProperties":
            path = (*path, str(data["unexpected"][0]))
        elif kind == "Not" and isinstance(data.get("schema"), dict):
            named = _named(data["schema"], err.instance)
            if named:
                path = (*path, named)
        elif kind == "Custom" and data.get("keyword") == SAME_LENGTH:
            path = (*path, str(node.get(SAME_LENGTH, ["", ""])[-1]))
        elif kind == "Enum":
            allowed = tuple(str(v) for v in data.get("options", ()))
        elif kind in ("OneOfNotValid", "OneOfMultipleValid"):
            group = _required_group(node)
            if group:  # exactly one of these fields: the missing one, or (several given) the object itself
                present = [g for g in group if isinstance(err.instance, dict) and g in err.instance]
                if not present:
                    path = (*path, group[0])
                elif not path:
                    path = (present[-1],)
        name = field_name(path)
        if custom is not None:
            message = custom.replace("{field}", name).replace("{model}", label)
        else:
            message = self._sentence(kind, data, node, name, label, err.instance, path)
        where = tuple(err.schema_path)
        return Issue(path, message, kind, allowed, rule=any(p in RULES for p in where if isinstance(p, str)),
                     keyword_path=where)

    def _walk(self, schema_path: list[Any]) -> tuple[dict[str, Any], str | None]:
        """The schema holding the failed keyword, and the deepest ``x-genvid-message`` on the way to it."""
        node: Any = self.schema
        holder: dict[str, Any] = self.schema
        custom = self.schema.get(MESSAGE) if schema_path else None
        for part in schema_path[:-1]:
            node = node[part] if isinstance(node, (dict, list)) else {}
            if isinstance(node, dict):
                holder = node
                custom = node.get(MESSAGE, custom)
        return holder, custom

    def _sentence(self, kind: str, data: Mapping[str, Any], node: Mapping[str, Any], name: str, label: str,
                  value: Any, path: tuple[str | int, ...]) -> str:
        what = name or "the request"
        if kind == "Required":
            trigger = _trigger(node, value, path[-1])
            if trigger:
                return f"Invalid inputs for {label}: {name} is required with {trigger}"
            return f"Invalid inputs for {label}: {name} is required"
        if kind == "AdditionalProperties":
            holder = field_name(path[:-1]) or label
            listed = ", ".join(sorted(node.get("properties", {}))) or "no fields"
            return f"{holder} does not take {path[-1]!r}; it takes {listed}"
        if kind == "Enum":
            return f"{what} must be one of {', '.join(map(str, data.get('options', ())))}; got {_show(value)}"
        if kind == "Constant":
            return f"{what} must be {_show(data.get('expected_value', node.get('const')))}; got {_show(value)}"
        if kind == "Type":
            types = data.get("types") or [data.get("type")]
            return f"{what} must be {' or '.join(_TYPES.get(str(t), str(t)) for t in types)}, not {_py(value)}"
        if kind in ("MinLength", "MaxLength"):
            return f"{what} must be {_bounds(node.get('minLength'), node.get('maxLength'), 'characters')}, " \
                   f"got {len(value) if isinstance(value, str) else value}"
        if kind in ("MinItems", "MaxItems"):
            return f"{what} must have {_bounds(node.get('minItems'), node.get('maxItems'), 'items')}, " \
                   f"got {len(value) if isinstance(value, list) else value}"
        if kind in ("Minimum", "Maximum", "ExclusiveMinimum", "ExclusiveMaximum"):
            parts = []
            for key, words in (("minimum", "at least"), ("exclusiveMinimum", "above"), ("maximum", "at most"),
                               ("exclusiveMaximum", "below")):
                if key in node:
                    parts.append(f"{words} {node[key]}")
            return f"{what} must be {' and '.join(parts)}, got {value}"
        if kind in ("OneOfNotValid", "OneOfMultipleValid", "AnyOf"):
            keys = _variant_keys(self, node.get("oneOf") or node.get("anyOf") or [])
            if keys:
                return f"{what} must have exactly one of {', '.join(keys)}"
            return f"{what} does not match {'exactly one' if kind != 'AnyOf' else 'any'} of its allowed forms"
        if kind == "UniqueItems":
            return f"{what} must not repeat a value"
        if kind == "Format":
            return f"{what} must be a valid {data.get('format')}, got {_show(value)}"
        if kind == "Pattern":
            return f"{what} must match {data.get('pattern', node.get('pattern'))}, got {_show(value)}"
        if kind in ("Not", "FalseSchema"):
            return f"{what} is not allowed here"
        if kind == "Custom":
            name = field_name(path[:-1])
            return f"{name + '.' if name else ''}{data.get('message', 'invalid')}"
        return f"{what}: invalid value {_show(value)}"


class _SameLength:
    """``x-genvid-same-length: [a, b]``: when both are present, ``b`` has one entry per entry of ``a``."""

    def __init__(self, parent_schema: Any, value: Any, schema_path: Any) -> None:
        self.names = [str(v) for v in value]

    def validate(self, instance: Any) -> None:
        if not isinstance(instance, dict):
            return
        lists = [instance.get(n) for n in self.names]
        if all(isinstance(v, list) for v in lists) and len({len(v) for v in lists}) > 1:  # type: ignore[arg-type]
            first, other = self.names[0], self.names[-1]
            raise ValueError(f"{other} must have one entry per {first} ({len(lists[0])}), "  # type: ignore[arg-type]
                             f"got {len(lists[-1])}")  # type: ignore[arg-type]


def close(schema: dict[str, Any]) -> dict[str, Any]:
    """Refuse unlisted fields: ``additionalProperties: false`` where a shape lists ``properties``.

    Only shapes are closed (the root, ``$defs``, property values, array items); subschemas of
    ``allOf``/``if``/``not``/... constrain a value and list only the fields they talk about.
    """

    def walk(node: Any, shape: bool) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item, shape)
            return
        if not isinstance(node, dict):
            return
        if shape and "properties" in node and "additionalProperties" not in node:
            node["additionalProperties"] = False
        for key, value in node.items():
            if key in ("properties", "$defs", "patternProperties"):
                for sub in value.values():
                    walk(sub, True)
            elif key in ("items", "additionalProperties", "prefixItems"):
                walk(value, True)
            elif key in CONDITIONS:
                # Union variants (oneOf/anyOf of $refs) are shapes through their $defs entries.
                walk(value, False)

    walk(schema, True)
    return schema


def _specific(err: Any, body: Any) -> Any:
    """For a union no variant of which matched: the errors of the variant the value meant, if it is clear."""
    kind = type(err.kind).__name__
    if kind != "OneOfNotValid":
        return err
    instance = err.instance
    if not isinstance(instance, dict):
        return err
    contexts = err.kind.as_dict().get("context") or []
    def at_union(errors: list[Any], kinds: tuple[str, ...]) -> bool:
        return any(type(e.kind).__name__ in kinds and not tuple(e.instance_path)[len(err.instance_path):]
                   for e in errors)

    # The variant whose shape fits (no unexpected field, right type), best of all one missing nothing.
    meant = [errors for errors in contexts if errors and not at_union(errors, ("AdditionalProperties", "Type"))]
    complete = [errors for errors in meant if not at_union(errors, ("Required",))]
    for candidates in (complete, meant):
        if len(candidates) == 1:
            return _specific(candidates[0][0], body)
    return err


def _required_group(node: Mapping[str, Any]) -> list[str]:
    """The fields of an exactly-one-of rule (``oneOf`` of ``{required: [x]}``), else []."""
    variants = node.get("oneOf") or []
    names = [v["required"][0] for v in variants if isinstance(v, dict) and set(v) == {"required"}
             and len(v["required"]) == 1]
    return names if names and len(names) == len(variants) else []


def _named(forbidden: Mapping[str, Any], value: Any) -> str | None:
    """The field a ``not`` rule is about: its ``required`` field (of an ``anyOf``: the one present)."""
    if forbidden.get("required"):
        return str(forbidden["required"][-1])
    for branch in forbidden.get("anyOf", []):
        names = branch.get("required", []) if isinstance(branch, dict) else []
        if names and isinstance(value, dict) and all(n in value for n in names):
            return str(names[-1])
    return None


def _variant_keys(schema: RequestSchema, variants: Sequence[Any]) -> list[str]:
    keys = []
    for variant in variants:
        required = schema.resolve(variant).get("required") or []
        if not required:
            return []
        keys.append(str(required[0]))
    return keys


def _trigger(node: Mapping[str, Any], value: Any, missing: str | int) -> str | None:
    deps = node.get("dependentRequired") or {}
    if isinstance(value, dict):
        for trigger, needed in deps.items():
            if trigger in value and missing in needed:
                return str(trigger)
    return None


def _bounds(low: Any, high: Any, unit: str) -> str:
    if low is not None and high is not None:
        return f"{low} to {high} {unit}"
    if high is not None:
        return f"at most {high} {unit}"
    return f"at least {low} {unit}"


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _py(value: Any) -> str:
    return {dict: "dict", list: "list", str: "str", bool: "bool", int: "int", float: "float",
            type(None): "None"}.get(type(value), type(value).__name__)


def _unencodable(value: Any, path: tuple[str | int, ...] = ()) -> tuple[str | int, ...]:
    """Where the first string that is not valid Unicode (a lone surrogate) sits."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return path
        return ()
    items: Iterable[tuple[str | int, Any]] = value.items() if isinstance(value, dict) else \
        enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        if isinstance(key, str):
            try:
                key.encode("utf-8")
            except UnicodeEncodeError:
                return (*path, key)
        found = _unencodable(item, (*path, key))
        if found:
            return found
    return path if not path else ()


def caller_name(field: str, names: Mapping[str, str]) -> str:
    """``video.start_frame.url`` -> ``image.url`` when the caller said ``image=``."""
    for wire, name in sorted(names.items(), key=lambda kv: -len(kv[0])):
        if field == wire or field.startswith((wire + ".", wire + "[")):
            return name + field[len(wire):]
    return field


def as_json(value: Any, path: tuple[str | int, ...] = ()) -> Any:
    """``value`` as JSON data for validation: generated models as dicts, enum members as text.

    InvalidInput names the field for what JSON cannot hold (NaN, objects of other types).
    """
    if value is None or type(value) in (bool, int, str):
        return value
    if isinstance(value, str):  # a generated enum member
        return str(value.value if hasattr(value, "value") else value)
    if isinstance(value, int) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidInput(f"{field_name(path) or 'a value'} must be a finite number, got {value}",
                               field=field_name(path) or None)
        return value
    if isinstance(value, Mapping):
        return {str(k): as_json(v, (*path, str(k))) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [as_json(v, (*path, i)) for i, v in enumerate(value)]
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return as_json(to_dict(), path)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    name = field_name(path)
    raise InvalidInput(f"{name or 'the request'} cannot be {type(value).__name__}: expected text, a number, "
                       "true/false, a list or a mapping", field=name or None)


@functools.cache
def spec_document(package: str) -> dict[str, Any]:
    """``spec.json`` of a generated package: its operations (module, method, path, request schema) and states."""
    text = resources.files(package).joinpath("spec.json").read_text(encoding="utf-8")
    doc: dict[str, Any] = json.loads(text)
    return doc


@functools.cache
def request_schema(package: str, operation: str, content_type: str | None = None) -> RequestSchema:
    """The request schema of ``operation`` in the generated ``package``; KeyError if it has no body.

    ``content_type`` picks one of several bodies (Luma Agents' file create: multipart or JSON).
    """
    entry = spec_document(package)["operations"][operation]
    request = entry["request"] if content_type is None else entry.get("bodies", {}).get(content_type,
                                                                                          entry["request"])
    return RequestSchema(operation, entry["method"], entry["path"], request["content_type"], request["schema"],
                         body=request.get("body"))


@functools.cache
def parameter_schema(package: str, operation: str) -> RequestSchema:
    """The schema of ``operation``'s parameters (path, query, header) as one object."""
    entry = spec_document(package)["operations"][operation]
    params = entry.get("parameters") or {"schema": {"type": "object", "properties": {}}}
    return RequestSchema(operation, entry["method"], entry["path"], "parameters", params["schema"])


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


def operations(package: str) -> list[str]:
    """Every operation of ``package`` that has a request body."""
    return sorted(k for k, v in spec_document(package)["operations"].items() if "request" in v)


__all__ = ["Issue", "RequestSchema", "as_json", "caller_name", "field_name", "operation_module", "operations",
           "parameter_schema", "request_schema", "spec_document", "states"]
