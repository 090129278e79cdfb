"""Every model, parameter, enum value and endpoint named in the source documents is in the specs.

The names were carried over from the product's source documents into
tests/data/seed_names.json (the suite never reads outside the repository).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
NAMES: dict[str, dict[str, list[str]]] = json.loads((ROOT / "tests/data/seed_names.json").read_text())


def _spec(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "specs" / f"{name}.yaml").read_text())
    return loaded


def _walk(node: Any) -> tuple[set[str], set[str], set[str]]:
    """(property names, enum/const values, schema names) anywhere in a spec."""
    props: set[str] = set()
    values: set[str] = set()
    names: set[str] = set()
    stack = [node]
    while stack:
        cur = stack.pop()
        if isinstance(cur, dict):
            if isinstance(cur.get("properties"), dict):
                props.update(cur["properties"])
            for v in cur.get("enum", []) or []:
                values.add(str(v))
            if "const" in cur:
                values.add(str(cur["const"]))
            if cur.get("in") in {"query", "path", "header"} and "name" in cur:
                props.add(str(cur["name"]))
            stack.extend(cur.values())
        elif isinstance(cur, list):
            stack.extend(cur)
    if isinstance(node, dict):
        names.update(node.get("components", {}).get("schemas", {}))
    return props, values, names


@pytest.mark.parametrize("service", sorted(NAMES))
def test_seed_names_are_in_the_spec(service: str) -> None:
    spec = _spec(service)
    props, values, schema_names = _walk(spec)
    catalog = {e["id"] for e in spec.get("x-genvid-catalog", [])}
    text = (ROOT / "specs" / f"{service}.yaml").read_text()
    names = NAMES[service]
    missing = [m for m in names.get("models", []) if m not in catalog]
    assert not missing, f"models missing from {service} x-genvid-catalog: {missing}"
    missing = [f for f in names.get("fields", []) if f not in props]
    assert not missing, f"fields missing from {service}: {missing}"
    # Values may be enum members or documented free-string values (e.g. resolution "1080p").
    missing = [v for v in names.get("values", []) if v not in values and not re.search(rf"\b{re.escape(v)}\b", text)]
    assert not missing, f"values missing from {service}: {missing}"
    missing = [s for s in names.get("statuses", []) if s not in values]
    assert not missing, f"statuses missing from {service}: {missing}"
    missing = [c for c in names.get("classes", []) if c not in schema_names]
    assert not missing, f"schemas missing from {service}: {missing}"
    missing = [p for p in names.get("paths", []) if p not in spec["paths"]]
    assert not missing, f"paths missing from {service}: {missing}"


def test_the_seed_name_list_is_not_empty() -> None:
    assert sum(len(v) for s in NAMES.values() for v in s.values()) > 100
