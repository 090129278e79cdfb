"""The spec -> generated client pipeline: valid specs, deterministic output, drift detection."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from openapi_spec_validator import validate

ROOT = Path(__file__).resolve().parent.parent
SPECS = sorted((ROOT / "specs").glob("*.yaml"))


def test_there_are_four_specs() -> None:
    assert {p.stem for p in SPECS} == {"decart", "fal", "luma", "luma-agents"}


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_spec_is_valid_openapi_31(spec: Path) -> None:
    doc = yaml.safe_load(spec.read_text())
    assert doc["openapi"].startswith("3.1")
    validate(doc)


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_every_operation_has_security_a_tag_and_a_description(spec: Path) -> None:
    doc = yaml.safe_load(spec.read_text())
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if method not in {"get", "post", "put", "delete", "patch"}:
                continue
            where = f"{method.upper()} {path}"
            assert op.get("security"), f"{where} has no per-operation security"
            assert len(op.get("tags", [])) == 1, f"{where} needs exactly one tag"
            assert op.get("description") or op.get("summary"), f"{where} is undocumented"
            assert "default" not in op.get("responses", {}), f"{where} uses a default response"


def _copy_repo(tmp_path: Path) -> Path:
    dst = tmp_path / "repo"
    for name in ("specs", "generated", "scripts"):
        shutil.copytree(ROOT / name, dst / name, ignore=shutil.ignore_patterns("__pycache__"))
    return dst


def test_regenerate_check_passes_on_the_committed_tree() -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "regenerate"), "--check"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_regenerate_check_fails_naming_files_when_a_spec_changes(tmp_path: Path) -> None:
    repo = _copy_repo(tmp_path)
    spec = repo / "specs" / "decart.yaml"
    text = spec.read_text()
    assert "operationId: queue_status" in text
    spec.write_text(text.replace("operationId: queue_status", "operationId: queue_status_renamed"))
    proc = subprocess.run([sys.executable, str(repo / "scripts" / "regenerate"), "--check", "--only", "decart"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1
    assert "generated/genvid_api_decart/api/queue/queue_status.py" in proc.stderr
    assert "queue_status_renamed.py" in proc.stderr
    # ...and regenerating brings it back in line.
    subprocess.run([sys.executable, str(repo / "scripts" / "regenerate"), "--only", "decart"], check=True,
                   capture_output=True, timeout=300)
    proc = subprocess.run([sys.executable, str(repo / "scripts" / "regenerate"), "--check", "--only", "decart"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert (repo / "generated/genvid_api_decart/api/queue/queue_status_renamed.py").exists()


def test_generator_warnings_fail_the_build(tmp_path: Path) -> None:
    repo = _copy_repo(tmp_path)
    spec = repo / "specs" / "decart.yaml"
    doc = yaml.safe_load(spec.read_text())
    # A media type the generator cannot map: it would silently drop the response.
    doc["paths"]["/v1/jobs/{job_id}/content"]["get"]["responses"]["206"] = {
        "description": "partial", "content": {"video/x-unknown": {"schema": {"type": "string", "format": "binary"}}}}
    spec.write_text(yaml.safe_dump(doc, sort_keys=False))
    proc = subprocess.run([sys.executable, str(repo / "scripts" / "regenerate"), "--only", "decart"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0
    assert "did not compile cleanly" in proc.stderr


def test_generated_packages_ship_py_typed_and_catalog() -> None:
    for pkg in ("genvid_api_decart", "genvid_api_fal", "genvid_api_luma", "genvid_api_luma_agents"):
        assert (ROOT / "generated" / pkg / "py.typed").exists()
        assert (ROOT / "generated" / pkg / "catalog.json").exists()
