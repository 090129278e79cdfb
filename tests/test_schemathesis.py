"""Property-based conformance: schemathesis runs each spec against the emulator.

Two kinds of tests, both checked by schemathesis against ``specs/*.yaml``:

* generated: every operation gets requests generated from its schema, valid and invalid.
  No response may be a 5xx; each must match what the spec declares for it (status code,
  content type, headers, body schema), and an invalid request must be rejected. The run is
  bounded and derandomized, so CI sees the same cases every time.
* lifecycle: generated ids never name a real job or file, so the calls that take one are
  also made for real resources, through every phase (queued, running, done, failed,
  cancelled) and the injected 429/503 errors, with the same response checks.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis")

import httpx  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import response_schema_conformance  # noqa: E402

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
# Multipart text fields carry no JSON type: like FastAPI, the emulator reads "0" as a boolean
# or an integer, which schemathesis would count as accepting a type violation.
def _multipart_operations(spec: str) -> list[str]:
    import yaml

    doc = yaml.safe_load((SPECS / f"{spec}.yaml").read_text())
    return [op["operationId"] for item in doc["paths"].values() for op in item.values()
            if isinstance(op, dict) and "multipart/form-data" in op.get("requestBody", {}).get("content", {})]


DECART_MULTIPART = _multipart_operations("decart")  # the generic calls and each model's typed one
DECART_NOT_RULES = ["submit_lucy_fast_v2v", "submit_lucy_dev_v2v"]  # num_inference_steps is refused there
DEAD_PROXY = "http://127.0.0.1:9"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg=="
)


def _schema(spec: str) -> Any:
    config: dict[str, Any] = {
        "seed": 20250101,
        "generation": {
            "mode": "all",
            "max-examples": MAX_EXAMPLES,
            "deterministic": True,
            "database": "none",
            # Unknown query parameters and headers are ignored, as by most HTTP APIs.
            "allow-extra-parameters": False,
        },
        "phases": {"stateful": {"enabled": False}},
        "checks": {"enabled": False, **{name: {"enabled": True} for name in CHECKS}},
    }
    if spec == "decart":
        config["operations"] = [
            # schemathesis's coverage phase cannot judge a `not` rule against a body that holds file
            # parts ("Unsupported type: 'Binary'"): these bodies get the generated phases only.
            {"include-operation-id": DECART_NOT_RULES, "phases": {"coverage": {"enabled": False}},
             "checks": {"negative_data_rejection": {"enabled": False}}},
            {"include-operation-id": DECART_MULTIPART, "checks": {"negative_data_rejection": {"enabled": False}}},
        ]
    return schemathesis.openapi.from_path(SPECS / f"{spec}.yaml", config=schemathesis.Config.from_dict(config))


DECART = _schema("decart")
LUMA = _schema("luma")
LUMA_AGENTS = _schema("luma-agents")
FAL = _schema("fal")
# One fal document covers three hosts, each with its own base URL.
FAL_QUEUE = FAL.include(tag=["queue", "endpoints"])
FAL_REST = FAL.include(operation_id=["storage_auth_token", "storage_upload_initiate"])
FAL_CDN = FAL.include(operation_id_regex="^cdn_")


@pytest.fixture(scope="module")
def emu() -> Iterator[RunningEmulator]:
    with pytest.MonkeyPatch.context() as mp:
        # Generated callback_url/fal_webhook values name arbitrary hosts. The emulator's
        # deliveries to them go to a dead proxy: nothing is looked up or sent off this machine
        # (and no DNS lookup is left running when the emulator stops).
        for name in ("http_proxy", "https_proxy", "all_proxy"):
            mp.setenv(name, DEAD_PROXY)
            mp.setenv(name.upper(), DEAD_PROXY)
        mp.setenv("no_proxy", "127.0.0.1,localhost")
        mp.setenv("NO_PROXY", "127.0.0.1,localhost")
        with running(Settings(queue_seconds=0.05, run_seconds=0.05, media_scale=0.02)) as e:
            yield e
        offsite = [d for d in e.emulator.deliveries if "127.0.0.1" not in d["url"] and d["status"] is not None]
        assert not offsite, offsite


@pytest.fixture(scope="module")
def storage_token(emu: RunningEmulator) -> str:
    """A fal storage token: the CDN calls take it instead of the key."""
    r = httpx.post(f"{emu.urls.fal_rest}/storage/auth/token", params={"storage_type": "fal-cdn-v3"},
                   json={}, headers={"Authorization": "Key k"}, timeout=10)
    r.raise_for_status()
    token: str = r.json()["token"]
    return token


# --- generated requests -----------------------------------------------------------------


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


# --- real resources through their lifecycle ---------------------------------------------


@dataclass
class Api:
    """Explicit calls of one spec's operations, each response checked by schemathesis."""

    schema: Any
    base_url: str
    auth: dict[str, str]

    def __call__(self, operation_id: str, status: int | None = None, *, fault: str | None = None,
                 base_url: str | None = None, unchecked: tuple[Any, ...] = (), **case: Any) -> Any:
        headers = dict(self.auth)
        excluded = list(unchecked)
        if fault:
            headers["X-Genvid-Fault"] = fault
        if status is not None and status >= 500:
            excluded.append(not_a_server_error)  # expected (injected): its shape is still checked
        built = self.schema.find_operation_by_id(operation_id).Case(**case)
        response = built.call_and_validate(base_url=base_url or self.base_url, headers=headers,
                                           excluded_checks=excluded or None)
        if status is not None:
            assert response.status_code == status, response.text
        return response

    def until(self, operation_id: str, done: Callable[[Any], bool], **case: Any) -> Any:
        """Call until ``done(json)`` (each answer checked on the way)."""
        deadline = time.monotonic() + 15
        while True:
            response = self(operation_id, **case)
            if done(response.json()):
                return response
            assert time.monotonic() < deadline, response.text
            time.sleep(0.03)


def test_decart_lifecycle(emu: RunningEmulator) -> None:
    api = Api(DECART, emu.urls.decart, {"X-API-KEY": "k"})
    form = {"body": {"prompt": "a lighthouse at dusk"}, "media_type": "multipart/form-data"}
    model = {"model": "lucy-pro-t2v"}
    for fault, final in ((None, "completed"), ("fail", "failed"), ("hang", "processing")):
        job = api("queue_submit", 200, fault=fault, path_parameters=model, **form).json()["job_id"]
        ids = {"job_id": job}
        api.until("queue_status", lambda s, final=final: s["status"] == final, path_parameters=ids)
        api("queue_content", 200 if final == "completed" else 409, path_parameters=ids)
    api("process_generate", 200, path_parameters=model, **form)
    api("process_generate", 500, fault="fail", path_parameters=model, **form)
    file_id = api("files_upload", 200, body={"file": PNG, "ttl_seconds": 60},
                  media_type="multipart/form-data").json()["id"]
    ids = {"file_id": file_id}
    api("files_get", 200, path_parameters=ids)
    for fault in ("429", "503"):
        api("files_get", int(fault), fault=fault, path_parameters=ids)
    api("files_delete", 200, path_parameters=ids)
    api("files_get", 404, path_parameters=ids)


def test_fal_lifecycle(emu: RunningEmulator) -> None:
    api = Api(FAL, emu.urls.fal_queue, {"Authorization": "Key k"})
    body = {"body": {"prompt": "make it snow", "video_url": "data:video/mp4;base64,AAAA"},
            "media_type": "application/json"}
    for fault, result in ((None, 200), ("fail", 422), ("fail=request_timeout", 504),
                          ("fail=runner_scheduling_failure", 503)):
        submitted = api("queue_submit", 200, fault=fault, path_parameters={"app_id": "decart/lucy-edit/pro"}, **body)
        ids = {"app_base": "decart/lucy-edit", "request_id": submitted.json()["request_id"]}
        api.until("queue_status", lambda s: s["status"] == "COMPLETED", path_parameters=ids, query={"logs": "1"})
        api("queue_status", 200, path_parameters=ids)
        api("queue_result", result, path_parameters=ids)
        api("queue_cancel", 400, path_parameters=ids)
        # schemathesis reads an Open API 3.1 event-stream schema as the schema of one event;
        # this one describes the raw text the generated client returns.
        stream = api("queue_status_stream", 200, path_parameters=ids, unchecked=(response_schema_conformance,))
        assert '"status":"COMPLETED"' in stream.text
    # A request that never finishes: running with logs, then cancelled.
    hung = api("submit_decart_lucy_edit_pro", 200, fault="hang", **body).json()["request_id"]
    ids = {"app_base": "decart/lucy-edit", "request_id": hung}
    api.until("queue_status", lambda s: s["status"] == "IN_PROGRESS", path_parameters=ids, query={"logs": "true"})
    for fault in ("429", "503"):
        api("queue_status", int(fault), fault=fault, path_parameters=ids)
    api("queue_cancel", 202, path_parameters=ids)
    api.until("queue_status", lambda s: s["status"] == "COMPLETED", path_parameters=ids)
    api("queue_result", 400, path_parameters=ids)

    # Storage: a token, a signed upload, a raw CDN upload and a multipart one.
    rest = Api(FAL, emu.urls.fal_rest, {"Authorization": "Key k"})
    json_body: dict[str, Any] = {"media_type": "application/json"}
    token = rest("storage_auth_token", 200, query={"storage_type": "fal-cdn-v3"}, body={}, **json_body).json()
    rest("storage_upload_initiate", 200, query={"storage_type": "fal-cdn-v3"},
         body={"file_name": "a.png", "content_type": "image/png"}, **json_body)
    cdn = Api(FAL, emu.urls.fal_cdn, {"Authorization": f"{token['token_type']} {token['token']}"})
    cdn("cdn_upload", 200, body=PNG, media_type="image/png", headers={"X-Fal-File-Name": "a.png"})
    started = cdn("cdn_multipart_initiate", 200, headers={"X-Fal-File-Name": "big.png"}).json()
    # The part and complete calls are addressed relative to the access_url.
    part = cdn("cdn_multipart_part", 200, base_url=started["access_url"], body=PNG,
               media_type="application/octet-stream",
               path_parameters={"upload_id": started["uploadId"], "part_number": 1})
    parts = {"parts": [{"partNumber": 1, "etag": part.headers["etag"][0]}]}
    for _ in range(2):  # completing twice answers the same file
        cdn("cdn_multipart_complete", 200, base_url=started["access_url"], body=parts, **json_body,
            path_parameters={"upload_id": started["uploadId"]})


def test_luma_lifecycle(emu: RunningEmulator) -> None:
    api = Api(LUMA, emu.urls.luma, {"Authorization": "Bearer k"})
    json_body: dict[str, Any] = {"media_type": "application/json"}
    for fault, final in ((None, "completed"), ("fail", "failed"), ("hang", "dreaming")):
        gen = api("create_video", 201, fault=fault, body={"prompt": "a cat on a boat", "model": "ray-2"},
                  **json_body).json()["id"]
        ids = {"id": gen}
        api.until("get_generation", lambda g, final=final: g["state"] == final, path_parameters=ids)
        ok = 200 if final == "completed" else 400  # upscale and audio answer 200 (Luma's openapi.yaml)
        api("upscale", ok, path_parameters=ids, body={"resolution": "1080p"}, **json_body)
        api("add_audio", ok, path_parameters=ids, body={"prompt": "waves"}, **json_body)
        api("list_generations", 200, query={"limit": 5})
        api("delete_generation", 204, path_parameters=ids)
        api("get_generation", 404, path_parameters=ids)
    image = api("create_image", 201, body={"prompt": "a cat", "model": "photon-1"}, **json_body).json()["id"]
    api.until("get_generation", lambda g: g["state"] == "completed", path_parameters={"id": image})
    for fault in ("429", "503"):
        api("ping", int(fault), fault=fault)


def test_luma_agents_lifecycle(emu: RunningEmulator) -> None:
    api = Api(LUMA_AGENTS, emu.urls.luma_agents, {"Authorization": "Bearer k"})
    json_body: dict[str, Any] = {"media_type": "application/json"}
    source = {"data": base64.b64encode(PNG).decode(), "media_type": "image/png"}
    requests: list[tuple[dict[str, Any], str | None, str]] = [
        ({"prompt": "a fox"}, None, "completed"),
        ({"prompt": "a fox", "model": "ray-3.2"}, None, "completed"),
        ({"prompt": "split it", "type": "layering", "layering": {"resolution": "1k"}, "source": source}, None,
         "completed"),
        ({"prompt": "a fox"}, "fail", "failed"),
        ({"prompt": "a fox", "model": "ray-3.2"}, "hang", "processing"),
    ]
    for body, fault, final in requests:
        gen = api("create_generation", 201, fault=fault, body=body, **json_body).json()["id"]
        api.until("get_generation", lambda g, final=final: g["state"] == final,
                  path_parameters={"generation_id": gen})

    # Presigned flow: create, complete too early, PUT the bytes, complete, ready.
    created = api("create_file", 201, body={"mime_type": "image/png", "size_bytes": len(PNG), "filename": "a.png",
                                            "expires_at": "2030-01-01T00:00:00Z"}, **json_body).json()
    ids = {"file_id": created["id"]}
    api("complete_file", 400, path_parameters=ids)
    put = httpx.put(created["upload"]["url"], content=PNG, headers=created["upload"]["headers"], timeout=10)
    assert put.status_code == 200, put.text
    api("complete_file", 200, path_parameters=ids)
    api.until("get_file", lambda f: f["state"] == "ready", path_parameters=ids)
    api("create_file", 201, body={"file": PNG, "purpose": "reference"}, media_type="multipart/form-data")
    api("list_files", 200, query={"limit": 1})
    for fault in ("429", "503"):
        api("list_files", int(fault), fault=fault)
    api("delete_file", 204, path_parameters=ids)
    api("delete_file", 404, path_parameters=ids)
