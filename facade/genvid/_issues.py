"""One validation error as genvid reports it: the field by its path, and a sentence.

The sentence is the rule's own where the spec gives one (``x-genvid-message`` on the
schema that failed, or on one of the schemas around it: the deepest wins), else one made
from the keyword that failed, in the words genvid uses everywhere ("must be one of ...").
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

MESSAGE = "x-genvid-message"
# The one rule JSON Schema cannot state: two arrays of one object that must be equally long.
SAME_LENGTH = "x-genvid-same-length"
MAX_SECONDS = "x-genvid-max-seconds"
# Keywords that hold cross-field rules (a union's variants are shapes, not rules).
RULES = frozenset({"allOf", "not", "if", "then", "else", "dependentRequired", "dependentSchemas", SAME_LENGTH,
                   MAX_SECONDS})
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
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


@dataclass(frozen=True)
class _Failure:
    """What a sentence is made from."""

    data: Mapping[str, Any]  # the error kind's own details
    node: Mapping[str, Any]  # the schema holding the failed keyword
    name: str  # the field, as genvid writes it
    label: str  # the model (or operation) the request is for
    value: Any
    path: tuple[str | int, ...]
    variants: Callable[[Sequence[Any]], list[str]]

    @property
    def what(self) -> str:
        return self.name or "the request"


def issue(err: Any, root: Mapping[str, Any], label: str, variants: Callable[[Sequence[Any]], list[str]]) -> Issue:
    """The Issue of one jsonschema-rs error against the schema ``root``."""
    path = tuple(err.instance_path)
    kind = type(err.kind).__name__
    data = err.kind.as_dict()
    where = tuple(err.schema_path)
    node, custom = _walk(root, list(where))
    path = path + _named(kind, data, node, err.instance, path)
    name = field_name(path)
    failure = _Failure(data, node, name, label, err.instance, path, variants)
    if custom is not None:
        message = (custom.replace("{field}", name).replace("{model}", label)
                   .replace("{parent}", field_name(path[:-1]) or "the request").replace("{value}", repr(err.instance)))
    else:
        message = _SENTENCES.get(kind, _invalid)(failure)
    allowed = tuple(str(v) for v in data.get("options", ())) if kind == "Enum" else ()
    return Issue(path, message, kind, allowed, rule=any(p in RULES for p in where if isinstance(p, str)),
                 keyword_path=where)


def _walk(root: Mapping[str, Any], schema_path: list[Any]) -> tuple[Mapping[str, Any], str | None]:
    """The schema holding the failed keyword, and the deepest ``x-genvid-message`` on the way to it."""
    node: Any = root
    holder: Mapping[str, Any] = root
    custom = root.get(MESSAGE) if schema_path else None
    for part in schema_path[:-1]:
        node = node[part] if isinstance(node, dict | list) else {}
        if isinstance(node, dict):
            holder = node
            custom = node.get(MESSAGE, custom)
    return holder, custom


def _named(kind: str, data: Mapping[str, Any], node: Mapping[str, Any], value: Any,
           path: tuple[str | int, ...]) -> tuple[str, ...]:
    """The field below the failing object that the error is about, when the keyword names one."""
    if kind == "Required":
        return (str(data["property"]),)
    if kind == "AdditionalProperties":
        return (str(data["unexpected"][0]),)
    if kind == "Not" and isinstance(data.get("schema"), dict):
        forbidden = _forbidden(data["schema"], value)
        return (forbidden,) if forbidden else ()
    if kind in ("OneOfNotValid", "OneOfMultipleValid"):
        return _one_of(required_group(node), value, path)
    if kind == "Custom" and data.get("keyword") == SAME_LENGTH:
        return (str(node.get(SAME_LENGTH, [""])[-1]),)
    if kind == "Custom" and data.get("keyword") == MAX_SECONDS:
        return ("data",)
    return ()


def _one_of(group: list[str], value: Any, path: tuple[str | int, ...]) -> tuple[str, ...]:
    """The field of a broken exactly-one-of rule: the missing one, or (several given at the top) the later."""
    present = [g for g in group if isinstance(value, dict) and g in value]
    if group and not present:
        return (group[0],)
    if group and not path:
        return (present[-1],)
    return ()


def required_group(node: Mapping[str, Any]) -> list[str]:
    """The fields of an exactly-one-of rule (``oneOf`` of ``{required: [x]}``), else []."""
    variants = node.get("oneOf") or []
    names = [v["required"][0] for v in variants if isinstance(v, dict) and set(v) == {"required"}
             and len(v["required"]) == 1]
    return names if names and len(names) == len(variants) else []


def _forbidden(schema: Mapping[str, Any], value: Any) -> str | None:
    """The field a ``not`` rule is about: its ``required`` field (of an ``anyOf``: the one present)."""
    if schema.get("required"):
        return str(schema["required"][-1])
    for branch in schema.get("anyOf", []):
        names = branch.get("required", []) if isinstance(branch, dict) else []
        if names and isinstance(value, dict) and all(n in value for n in names):
            return str(names[-1])
    return None


# --- sentences, by the kind of the failed keyword -------------------------------------------


def _required(f: _Failure) -> str:
    deps = f.node.get("dependentRequired") or {}
    trigger = next((t for t, needed in deps.items()
                    if isinstance(f.value, dict) and t in f.value and f.path[-1] in needed), None)
    return f"Invalid inputs for {f.label}: {f.name} is required" + (f" with {trigger}" if trigger else "")


def _additional(f: _Failure) -> str:
    holder = field_name(f.path[:-1]) or f.label
    listed = ", ".join(sorted(f.node.get("properties", {}))) or "no fields"
    return f"{holder} does not take {f.path[-1]!r}; it takes {listed}"


def _type(f: _Failure) -> str:
    types = f.data.get("types") or [f.data.get("type")]
    return f"{f.what} must be {' or '.join(_TYPES.get(str(t), str(t)) for t in types)}, not {python_type(f.value)}"


def _length(f: _Failure) -> str:
    got = len(f.value) if isinstance(f.value, str) else f.value
    return f"{f.what} must be {_bounds(f.node.get('minLength'), f.node.get('maxLength'), 'characters')}, got {got}"


def _items(f: _Failure) -> str:
    got = len(f.value) if isinstance(f.value, list) else f.value
    return f"{f.what} must have {_bounds(f.node.get('minItems'), f.node.get('maxItems'), 'items')}, got {got}"


def _range(f: _Failure) -> str:
    words = (("minimum", "at least"), ("exclusiveMinimum", "above"), ("maximum", "at most"),
             ("exclusiveMaximum", "below"))
    parts = [f"{w} {f.node[k]}" for k, w in words if k in f.node]
    return f"{f.what} must be {' and '.join(parts)}, got {f.value}"


def _union(f: _Failure) -> str:
    keys = f.variants(f.node.get("oneOf") or f.node.get("anyOf") or [])
    if keys:
        return f"{f.what} must have exactly one of {', '.join(keys)}"
    return f"{f.what} does not match any of its allowed forms"


def _custom(f: _Failure) -> str:
    holder = field_name(f.path[:-1])
    return f"{holder + '.' if holder else ''}{f.data.get('message', 'is invalid')}"


def _invalid(f: _Failure) -> str:
    return f"{f.what}: invalid value {show(f.value)}"


_SENTENCES: dict[str, Callable[[_Failure], str]] = {
    "Required": _required,
    "AdditionalProperties": _additional,
    "Enum": lambda f: f"{f.what} must be one of {', '.join(map(str, f.data.get('options', ())))}; got {show(f.value)}",
    "Constant": lambda f: f"{f.what} must be {show(f.data.get('expected_value', f.node.get('const')))}; "
                          f"got {show(f.value)}",
    "Type": _type,
    "MinLength": _length, "MaxLength": _length,
    "MinItems": _items, "MaxItems": _items,
    "Minimum": _range, "Maximum": _range, "ExclusiveMinimum": _range, "ExclusiveMaximum": _range,
    "OneOfNotValid": _union, "OneOfMultipleValid": _union, "AnyOf": _union,
    "UniqueItems": lambda f: f"{f.what} must not repeat a value",
    "Format": lambda f: f"{f.what} must be a valid {f.data.get('format')}, got {show(f.value)}",
    "Pattern": lambda f: f"{f.what} must match {f.data.get('pattern', f.node.get('pattern'))}, got {show(f.value)}",
    "Not": lambda f: f"{f.what} is not allowed here",
    "FalseSchema": lambda f: f"{f.what} is not allowed here",
    "Custom": _custom,
}


def _bounds(low: Any, high: Any, unit: str) -> str:
    if low is not None and high is not None:
        return f"{low} to {high} {unit}"
    return f"at most {high} {unit}" if high is not None else f"at least {low} {unit}"


def show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def python_type(value: Any) -> str:
    return "None" if value is None else type(value).__name__


def specific(err: Any) -> Any:
    """For a union no variant of which matched: the error of the variant the value meant, if that is clear."""
    if type(err.kind).__name__ != "OneOfNotValid" or not isinstance(err.instance, dict):
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
            return specific(candidates[0][0])
    return err


class SameLength:
    """``x-genvid-same-length: [a, b]``: when both are present, ``b`` has one entry per entry of ``a``."""

    def __init__(self, parent_schema: Any, value: Any, schema_path: Any) -> None:
        self.names = [str(v) for v in value]

    def validate(self, instance: Any) -> None:
        if not isinstance(instance, dict):
            return
        lists = [instance.get(n) for n in self.names]
        if all(isinstance(v, list) for v in lists):
            first, other = lists[0], lists[-1]
            if isinstance(first, list) and isinstance(other, list) and len(first) != len(other):
                raise ValueError(f"{self.names[-1]} must have one entry per {self.names[0]} ({len(first)}), "
                                 f"got {len(other)}")


class MaxSeconds:
    """``x-genvid-max-seconds: N`` on a media reference: inline video (``data``, base64) lasts at most N s.

    Only what can be told cheaply is checked: an MP4 whose header gives its duration.
    """

    def __init__(self, parent_schema: Any, value: Any, schema_path: Any) -> None:
        self.limit = float(value)

    def validate(self, instance: Any) -> None:
        from ._inputs import mp4_seconds

        data = instance.get("data") if isinstance(instance, dict) else None
        if not isinstance(data, str) or not str(instance.get("media_type", "video/")).startswith("video/"):
            return
        try:
            seconds = mp4_seconds(base64.b64decode(data, validate=True))
        except (binascii.Error, ValueError):
            return  # not base64: the schema's own rules say so
        if seconds is not None and seconds > self.limit + 0.01:
            raise ValueError(f"data is a {seconds:.1f} s video; at most {self.limit:g} s is taken here (trim it first)")


__all__ = ["Issue", "MaxSeconds", "SameLength", "field_name", "issue", "required_group", "specific"]
