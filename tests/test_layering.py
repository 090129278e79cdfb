"""The layers keep their places: the facade calls the API only through generated operations.

No private name of a generated module (``_get_kwargs``, ``_build_response``, ...), no
module-level httpx request function, and one place (``genvid._http``) that builds an httpx
client for URLs outside the APIs; every service and the provider table agree; no spec fact
is restated by hand in an adapter.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
import yaml

import genvid
from genvid._providers import PROVIDERS, Provider

ROOT = Path(__file__).resolve().parent.parent
FACADE = sorted((ROOT / "facade" / "genvid").rglob("*.py"))
HTTPX_CALLS = {"get", "post", "put", "patch", "delete", "head", "options", "request", "stream"}


def _tree(path: Path) -> ast.AST:
    return ast.parse(path.read_text(), str(path))


@pytest.mark.parametrize("path", FACADE, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_private_names_of_generated_modules(path: Path) -> None:
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
            owner = ast.unparse(node.value)
            assert not owner.startswith("genvid_api_"), f"{path.name}:{node.lineno} uses {owner}.{node.attr}"
            assert node.attr not in {"_get_kwargs", "_build_response", "_parse_response"}, \
                f"{path.name}:{node.lineno} uses {node.attr}"
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("genvid_api_"):
            for alias in node.names:
                assert not alias.name.startswith("_"), f"{path.name}:{node.lineno} imports {alias.name}"


@pytest.mark.parametrize("path", FACADE, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_level_httpx_requests_and_one_client_factory(path: Path) -> None:
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "httpx":
            assert node.func.attr not in HTTPX_CALLS, f"{path.name}:{node.lineno}: httpx.{node.func.attr}()"
            if node.func.attr == "Client":
                assert path.name == "_http.py", f"{path.name}:{node.lineno} builds its own httpx.Client"


def test_every_generated_operation_is_used_or_known_legacy() -> None:
    """Each operation a spec defines is called by the facade (or is a model's typed call)."""
    facade = "".join(p.read_text() for p in FACADE)
    legacy = {"storage_upload_initiate", "create_legacy"}  # fallbacks the services keep, genvid needs not
    for row in PROVIDERS:
        package = ROOT / "generated" / row.package
        ops = json.loads((package / "spec.json").read_text())["operations"]
        typed = {e["operation"] for e in json.loads((package / "catalog.json").read_text())}
        unused = {op for op in ops if f'"{op}"' not in facade and op not in typed} - legacy
        assert not unused, f"{row.name}: generated operations nothing calls: {sorted(unused)}"


def test_the_provider_table_is_the_one_list_of_services() -> None:
    specs = {p.stem for p in (ROOT / "specs").glob("*.yaml")}
    assert {row.spec for row in PROVIDERS} == specs
    for row in PROVIDERS:
        adapter = row.load_adapter()
        assert adapter.provider == row.name
        assert (ROOT / "generated" / row.package / "spec.json").is_file()
        assert genvid.Client(api_keys={row.name: "k"}).service(row.name).base_url == row.default_base_url
    with pytest.raises(genvid.UnknownProvider) as info:
        genvid.Client().service("nope")
    assert isinstance(info.value, genvid.ConfigurationError) and info.value.field == "model"


@pytest.mark.parametrize("row", PROVIDERS, ids=lambda r: r.name)
def test_catalog_json_is_the_spec_table_completed_from_the_schemas(row: Provider) -> None:
    """The spec's model table restates no schema fact; catalog.json keeps its rows and adds the derived keys."""
    derived = {"required", "optional", "one_of", "media_inputs", "resolutions", "aspect_ratios", "durations",
               "operation", "model_field", "types"}
    spec = yaml.safe_load((ROOT / "specs" / f"{row.spec}.yaml").read_text())
    generated = json.loads((ROOT / "generated" / row.package / "catalog.json").read_text())
    written_table = spec["x-genvid-catalog"]
    assert [e["id"] for e in generated] == [e["id"] for e in written_table]
    for written, full in zip(written_table, generated, strict=True):
        assert not set(written) & derived, written["id"]
        assert {k: full[k] for k in written} == json.loads(json.dumps(written))
        assert {"required", "optional", "media_inputs", "operation"} <= set(full), written["id"]
        if "route" in written:  # Luma's tables name the operation a model posts to
            assert full["operation"] == written["route"]


ADAPTERS = ["_decart.py", "_fal.py", "_luma.py", "_luma_agents.py"]


@pytest.mark.parametrize("name", ADAPTERS)
def test_adapters_restate_no_enum_of_their_spec(name: str) -> None:
    """No tuple in an adapter lists three or more of the values a spec enum already holds."""
    enums: list[set[str]] = []
    for row in PROVIDERS:
        doc = json.loads((ROOT / "generated" / row.package / "spec.json").read_text())

        def collect(node: object) -> None:
            if isinstance(node, dict):
                if isinstance(node.get("enum"), list) and len(node["enum"]) >= 3:
                    enums.append({str(v) for v in node["enum"]})
                for value in node.values():
                    collect(value)
            elif isinstance(node, list):
                for value in node:
                    collect(value)

        collect(doc)
    for node in ast.walk(_tree(ROOT / "facade" / "genvid" / name)):
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            values = {e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
            for enum in enums:
                assert len(values & enum) < 3, f"{name}:{node.lineno} restates {sorted(values & enum)}"
