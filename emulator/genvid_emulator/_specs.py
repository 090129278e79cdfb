"""The OpenAPI documents as the emulator's router and request validator.

The emulator routes and validates every request with the same specs the clients
are generated from, so the two cannot drift apart: an operation that is not in
the spec is a 404, a body the spec forbids is the service's validation error.
"""

from __future__ import annotations

import datetime
import functools
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012


def specs_dir() -> Path:
    """Where the specs live: ``$GENVID_EMULATOR_SPECS``, inside the wheel, or at the repository root."""
    chosen = os.environ.get("GENVID_EMULATOR_SPECS")
    if chosen:
        return Path(chosen)
    packaged = Path(__file__).resolve().parent / "specs"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "specs"


@functools.cache
def load_spec(name: str) -> dict[str, Any]:
    """The parsed OpenAPI document ``specs/<name>.yaml``."""
    with open(specs_dir() / f"{name}.yaml", encoding="utf-8") as f:
        doc: dict[str, Any] = yaml.safe_load(f)
    return doc


_DATE_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[Tt]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?"
                        r"([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$")
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9._~:/?#\[\]@!$&'()*+,;=%-]*$")
# The formats a server checks when it parses a request (jsonschema's own checkers need extra
# packages for some, and "binary"/"float" are not constraints on the wire).
FORMATS = FormatChecker(formats=())


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value: object) -> bool:
    """An RFC 3339 ``date-time``, e.g. ``2025-01-31T12:00:00Z``."""
    if not isinstance(value, str):
        return True
    m = _DATE_TIME.match(value)
    return m is not None and bool(datetime.date.fromisoformat(m.group(1)))


@FORMATS.checks("uri")
def _uri(value: object) -> bool:
    """An absolute RFC 3986 URI: a scheme, then only URI characters (``https://...``, ``data:...``)."""
    return not isinstance(value, str) or _URI.match(value) is not None


@dataclass(frozen=True)
class ValidationIssue:
    """One problem with a request, located like FastAPI does (``["body", "prompt"]``)."""

    loc: tuple[str | int, ...]
    msg: str
    type: str
    rule: bool = False
    """Raised by a cross-field rule (a rejected combination) rather than by one field's own schema."""

    def as_fastapi(self) -> dict[str, Any]:
        return {"loc": list(self.loc), "msg": self.msg, "type": self.type}


@dataclass
class Operation:
    """One spec operation: how to match it and how to check a request against it."""

    spec: str
    operation_id: str
    method: str
    path: str
    tags: tuple[str, ...]
    regex: re.Pattern[str]
    literal_weight: int
    parameters: list[dict[str, Any]]
    body_content: dict[str, dict[str, Any]]
    raw: dict[str, Any] = field(repr=False)

    @property
    def success_status(self) -> int:
        """The first success status the spec lists: the one the service answers."""
        for code in self.raw.get("responses", {}):
            if str(code).isdigit() and str(code).startswith("2"):
                return int(code)
        return 200

    def parameter_default(self, name: str) -> Any:
        """The service's default the spec states (``x-genvid-default``) for parameter ``name``, or None."""
        found = next((p for p in self.parameters if p.get("name") == name), {})
        return found.get("schema", {}).get("x-genvid-default")

    def body_schema(self, content_type: str) -> dict[str, Any] | None:
        """The schema for a body of this media type (``None`` when the type is not accepted)."""
        media = content_type.split(";", 1)[0].strip().lower()
        for declared, entry in self.body_content.items():
            if declared == media or (declared.endswith("/*") and media.startswith(declared[:-1])):
                schema: dict[str, Any] = entry.get("schema", {})
                return schema
        return None


class SpecValidator:
    """Validates values against schemas of one spec (``$ref``s resolve within it)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.doc = load_spec(name)
        uri = f"urn:genvid:{name}"
        self._uri = uri
        self._registry: Registry[Any] = Registry().with_resource(
            uri, Resource.from_contents(self.doc, default_specification=DRAFT202012)
        )
        self._cache: dict[int, Draft202012Validator] = {}

    def _validator(self, schema: Mapping[str, Any]) -> Draft202012Validator:
        key = id(schema)
        v = self._cache.get(key)
        if v is None:
            # Refs in the spec are "#/components/...", relative to the document.
            wrapped = _rebase_refs(schema, self._uri)
            v = Draft202012Validator(wrapped, registry=self._registry, format_checker=FORMATS)
            self._cache[key] = v
        return v

    def resolve(self, schema: Mapping[str, Any]) -> dict[str, Any]:
        """Follow a top-level ``$ref`` (one level at a time) to the schema object."""
        seen = 0
        out: Mapping[str, Any] = schema
        while "$ref" in out and seen < 20:
            ref = str(out["$ref"])
            node: Any = self.doc
            for part in ref.lstrip("#/").split("/"):
                node = node[part.replace("~1", "/").replace("~0", "~")]
            out = node
            seen += 1
        return dict(out)

    def errors(self, schema: Mapping[str, Any], value: Any, loc: tuple[str | int, ...]) -> list[ValidationIssue]:
        """Every way ``value`` breaks ``schema``, as FastAPI-style issues."""
        issues = []
        for err in self._validator(schema).iter_errors(value):
            path = loc + tuple(err.absolute_path)
            kind = "missing" if err.validator == "required" else str(err.validator)
            msg = err.message
            if err.validator == "required":
                missing = re.findall(r"'([^']+)' is a required property", err.message)
                if missing:
                    path = (*path, missing[0])
                    msg = "Field required"
            issues.append(ValidationIssue(path, msg, kind))
        return issues


def _rebase_refs(node: Any, uri: str) -> Any:
    if isinstance(node, dict):
        return {
            k: (f"{uri}{v}" if k == "$ref" and isinstance(v, str) and v.startswith("#") else _rebase_refs(v, uri))
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_rebase_refs(v, uri) for v in node]
    return node


_PARAM = re.compile(r"\{([^}]+)\}")
SLASH_PARAMS = frozenset({"app_id", "app_base"})


def _compile(path: str) -> tuple[re.Pattern[str], int]:
    pattern = ""
    pos = 0
    for m in _PARAM.finditer(path):
        pattern += re.escape(path[pos : m.start()])
        name = m.group(1)
        pattern += f"(?P<{name}>.+?)" if name in SLASH_PARAMS else f"(?P<{name}>[^/]+)"
        pos = m.end()
    pattern += re.escape(path[pos:])
    literal = len(_PARAM.sub("", path))
    return re.compile(f"^{pattern}$"), literal


MULTIPART = "multipart/form-data"
URLENCODED = "application/x-www-form-urlencoded"
URLENCODED_FORMS = "x-genvid-urlencoded-forms"


def _with_urlencoded(content: dict[str, Any], doc: Mapping[str, Any]) -> dict[str, Any]:
    """The body content types of an operation, with the urlencoded form of a multipart body when the
    spec says its forms may come that way (``x-genvid-urlencoded-forms``: a form without files)."""
    if doc.get(URLENCODED_FORMS) and MULTIPART in content and URLENCODED not in content:
        return {**content, URLENCODED: content[MULTIPART]}
    return content


class SpecRouter:
    """Matches ``(method, path)`` to a spec operation; most literal path wins."""

    def __init__(self, name: str, tags: Iterable[str] | None = None) -> None:
        self.spec = name
        self.validator = SpecValidator(name)
        wanted = set(tags) if tags is not None else None
        ops: list[Operation] = []
        for path, item in self.validator.doc.get("paths", {}).items():
            shared = item.get("parameters", [])
            for method, op in item.items():
                if method not in {"get", "post", "put", "delete", "patch"}:
                    continue
                op_tags = tuple(op.get("tags", ()))
                if wanted is not None and not wanted.intersection(op_tags):
                    continue
                regex, weight = _compile(path)
                params = [self.validator.resolve(p) for p in [*shared, *op.get("parameters", [])]]
                content = _with_urlencoded(op.get("requestBody", {}).get("content", {}), self.validator.doc)
                ops.append(
                    Operation(name, op["operationId"], method.upper(), path, op_tags, regex, weight, params, content, op)
                )
        ops.sort(key=lambda o: -o.literal_weight)
        self.operations = ops
        self.by_id = {o.operation_id: o for o in ops}

    def match(self, method: str, path: str) -> tuple[Operation | None, dict[str, str], bool]:
        """(operation, path params, path_exists). ``path_exists`` tells a 405 from a 404."""
        path_exists = False
        for op in self.operations:
            m = op.regex.match(path)
            if m is None:
                continue
            path_exists = True
            if op.method == method:
                return op, m.groupdict(), True
        return None, {}, path_exists


def coerce(value: str, schema: Mapping[str, Any]) -> Any:
    """A text value (query, header, multipart field) converted to its schema type, when it parses."""
    types = schema.get("type")
    if isinstance(types, str):
        types = [types]
    if not types:
        for sub in schema.get("oneOf", []) + schema.get("anyOf", []):
            got = coerce(value, sub)
            if got is not value:
                return got
        return value
    for t in types:
        try:
            if t == "integer":
                return int(value)
            if t == "number":
                return float(value)
            if t == "boolean" and value.lower() in {"true", "false", "1", "0"}:
                return value.lower() in {"true", "1"}
            if t in {"array", "object"}:
                import json

                return json.loads(value)
        except ValueError:
            continue
    return value
