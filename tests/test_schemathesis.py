"""Property-based conformance: schemathesis runs each spec against the emulator.

Every operation of ``specs/*.yaml`` gets generated requests, valid and invalid; each response
must not be a 5xx and must match what the spec declares for it (status code, content type,
headers, body schema), and an invalid request must be rejected. The run is bounded and
derandomized, so CI sees the same cases every time.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis")

import httpx  # noqa: E402

from genvid_emulator import RunningEmulator, Settings, running  # noqa: E402

SPECS = Path(__file__).resolve().parents[1] / "specs"
MAX_EXAMPLES = 15
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "response_headers_conformance",
    "negative_data_rejection",
)
# Multipart text fields lose their JSON type on the wire; servers parse "0" as a boolean false
# or an integer, which schemathesis would count as accepting a type violation.
MULTIPART_OPS = ("process_generate", "queue_submit", "files_upload")


def _config(spec: str) -> Any:
    data: dict[str, Any] = {
        "seed": 20250101,
        "generation": {"mode": "all", "max-examples": MAX_EXAMPLES, "deterministic": True, "database": "none",
                       # Unknown query parameters and headers are ignored by every one of these
                       # services (as by most HTTP APIs): not a violation worth rejecting.
                       "allow-extra-parameters": False},
        "phases": {"stateful": {"enabled": False}},
        "checks": {"enabled": False, **{name: {"enabled": True} for name in CHECKS}},
    }
    if spec == "decart":
        data["operations"] = [{"include-operation-id": list(MULTIPART_OPS),
                               "checks": {"negative_data_rejection": {"enabled": False}}}]
    return schemathesis.Config.from_dict(data)


def _schema(spec: str) -> Any:
    return schemathesis.openapi.from_path(SPECS / f"{spec}.yaml", config=_config(spec))


DECART = _schema("decart")
LUMA = _schema("luma")
LUMA_AGENTS = _schema("luma-agents")
FAL = _schema("fal")
# One fal document covers several hosts: the queue host, the REST host and the CDN host.
FAL_QUEUE = FAL.include(tag=["queue", "endpoints"])
FAL_REST = FAL.include(operation_id=["storage_auth_token", "storage_upload_initiate"])
FAL_CDN = FAL.include(operation_id_regex="^cdn_")


@pytest.fixture(scope="module")
def emu() -> Iterator[RunningEmulator]:
    with running(Settings(queue_seconds=0.05, run_seconds=0.05, media_scale=0.02)) as e:
        yield e


@pytest.fixture(scope="module")
def storage_token(emu: RunningEmulator) -> str:
    """A fal storage token: the CDN calls take it instead of the key."""
    r = httpx.post(f"{emu.urls.fal_rest}/storage/auth/token", params={"storage_type": "fal-cdn-v3"},
                   json={}, headers={"Authorization": "Key k"}, timeout=10)
    r.raise_for_status()
    token: str = r.json()["token"]
    return token


@DECART.parametrize()
def test_decart(case: Any, emu: RunningEmulator) -> None:
    case.call_and_validate(base_url=emu.urls.decart, headers={"X-API-KEY": "k"})


@LUMA.parametrize()
def test_luma(case: Any, emu: RunningEmulator) -> None:
    case.call_and_validate(base_url=emu.urls.luma, headers={"Authorization": "Bearer k"})


@LUMA_AGENTS.parametrize()
def test_luma_agents(case: Any, emu: RunningEmulator) -> None:
    case.call_and_validate(base_url=emu.urls.luma_agents, headers={"Authorization": "Bearer k"})


@FAL_QUEUE.parametrize()
def test_fal_queue(case: Any, emu: RunningEmulator) -> None:
    case.call_and_validate(base_url=emu.urls.fal_queue, headers={"Authorization": "Key k"})


@FAL_REST.parametrize()
def test_fal_rest(case: Any, emu: RunningEmulator) -> None:
    case.call_and_validate(base_url=emu.urls.fal_rest, headers={"Authorization": "Key k"})


@FAL_CDN.parametrize()
def test_fal_cdn(case: Any, emu: RunningEmulator, storage_token: str) -> None:
    case.call_and_validate(base_url=emu.urls.fal_cdn, headers={"Authorization": f"Bearer {storage_token}"})
