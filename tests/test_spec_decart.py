"""Tests for specs/decart.yaml and the client generated from it (genvid_api_decart).

The JSON bodies below are realistic Decart answers, taken from the wire reference
(FastAPI shapes, the SDKs' documented job and file objects, the SDK test mocks).
"""

from __future__ import annotations

import enum
import importlib
import json
import pkgutil
from email.parser import BytesParser
from email.policy import HTTP
from io import BytesIO
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

import genvid_api_decart
import genvid_api_decart.models
from genvid_api_decart import AuthenticatedClient
from genvid_api_decart.api.files import files_delete, files_get, files_upload
from genvid_api_decart.api.process import process_generate
from genvid_api_decart.api.queue import queue_content, queue_status, queue_submit
from genvid_api_decart.models import (
    ErrorDetail,
    FileObject,
    FileTtlPersistent,
    FileUploadRequest,
    GenerateRequest,
    HTTPValidationError,
    JobStatus,
    JobStatusResponse,
    JobSubmitResponse,
    ValidationError,
    ValidationErrorCtx,
)
from genvid_api_decart.types import UNSET, File

SPEC_PATH = Path(__file__).resolve().parent.parent / "specs" / "decart.yaml"
SPEC: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text())
CATALOG: list[dict[str, Any]] = json.loads(
    (Path(genvid_api_decart.__file__).parent / "catalog.json").read_text())  # the spec's table, completed
BASE = "https://api.decart.ai"
KEY = "dk_test_123"

CLASSIC = [
    "lucy-dev-i2v",
    "lucy-fast-v2v",
    "lucy-pro-t2v",
    "lucy-pro-i2v",
    "lucy-pro-v2v",
    "lucy-dev-v2v",
    "lucy-pro-flf2v",
    "lucy-motion",
    "lucy-restyle-v2v",
    "lucy-pro-t2i",
    "lucy-pro-i2i",
]
CURRENT = [
    "lucy-2.1",
    "lucy-2.5",
    "lucy-2.6",
    "lucy-latest",
    "lucy-vton-2",
    "lucy-vton-3",
    "lucy-vton-3.5",
    "lucy-vton-3.6",
    "lucy-vton-latest",
    "lucy-restyle-2",
    "lucy-restyle-latest",
    "lucy-image-2",
    "lucy-image-latest",
    "lucy-clip",
    "lucy-clip-latest",
]
IMAGE_MODELS = {"lucy-pro-t2i", "lucy-pro-i2i", "lucy-image-2", "lucy-image-latest"}
EXPECTED_OPS = {
    ("post", "/v1/generate/{model}"): ("process_generate", "process"),
    ("post", "/v1/jobs/{model}"): ("queue_submit", "queue"),
    ("get", "/v1/jobs/{job_id}"): ("queue_status", "queue"),
    ("get", "/v1/jobs/{job_id}/content"): ("queue_content", "queue"),
    ("post", "/v1/files"): ("files_upload", "files"),
    ("get", "/v1/files/{file_id}"): ("files_get", "files"),
    ("delete", "/v1/files/{file_id}"): ("files_delete", "files"),
}


# --------------------------------------------------------------------------- spec shape


def _operations() -> list[tuple[str, str, dict[str, Any]]]:
    ops = []
    for path, item in SPEC["paths"].items():
        for method, op in item.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                ops.append((method, path, op))
    return ops


def test_spec_is_valid_openapi_31() -> None:
    from openapi_spec_validator import validate

    assert SPEC["openapi"] == "3.1.0"
    validate(SPEC)


def test_operations_ids_tags_and_security() -> None:
    found = {(m, p): (op["operationId"], op["tags"]) for m, p, op in _operations()}
    generic = {k: v for k, v in found.items() if v[1] != ["models"]}
    assert set(generic) == set(EXPECTED_OPS)
    for key, (op_id, tag) in EXPECTED_OPS.items():
        assert found[key] == (op_id, [tag])
    # Every known model has its own typed operation: image models on Process, video models on the Queue.
    typed = {p.rsplit("/", 1)[1]: (m, p, op_id) for (m, p), (op_id, tags) in found.items() if tags == ["models"]}
    assert set(typed) == set(CLASSIC + CURRENT) | {"lucy-2", "lucy-2-v2v", "lucy-2.1-vton"}
    for model, (method, path, op_id) in typed.items():
        route = "generate" if model in IMAGE_MODELS else "jobs"
        assert (method, path) == ("post", f"/v1/{route}/{model}")
        assert op_id == ("process_" if model in IMAGE_MODELS else "submit_") + model.replace("-", "_").replace(".", "_")
    scheme = SPEC["components"]["securitySchemes"]["ApiKeyAuth"]
    assert scheme == {**scheme, "type": "apiKey", "in": "header", "name": "X-API-KEY"}
    for _, _, op in _operations():
        assert op["security"] == [{"ApiKeyAuth": []}]
        assert op.get("description") and op.get("summary")
        assert "default" not in op["responses"]
        assert {"4XX", "5XX"} <= set(op["responses"])


def test_every_schema_and_property_is_described_and_open() -> None:
    for name, schema in SPEC["components"]["schemas"].items():
        assert schema.get("description"), name
        assert schema.get("additionalProperties") is not False, name
        for prop_name, prop in schema.get("properties", {}).items():
            assert prop.get("description") or "$ref" in prop, (name, prop_name)
            assert "default" not in prop, (name, prop_name)


def test_media_responses_are_binary() -> None:
    generate = SPEC["paths"]["/v1/generate/{model}"]["post"]["responses"]["200"]["content"]
    assert set(generate) == {"image/png", "image/jpeg", "video/mp4"}
    content = SPEC["paths"]["/v1/jobs/{job_id}/content"]["get"]["responses"]["200"]["content"]
    assert set(content) == {"video/mp4", "image/png"}
    for media in [*generate.values(), *content.values()]:
        assert media["schema"]["type"] == "string" and media["schema"]["format"] == "binary"


def test_generate_request_has_every_wire_field() -> None:
    props = SPEC["components"]["schemas"]["GenerateRequest"]["properties"]
    text = {
        "prompt",
        "seed",
        "resolution",
        "orientation",
        "enhance_prompt",
        "num_inference_steps",
        "trajectory",
    }
    binary = {"data", "start", "end", "reference_image"}
    assert set(props) == text | binary
    assert "required" not in SPEC["components"]["schemas"]["GenerateRequest"]
    for name in binary:
        assert props[name]["format"] == "binary"
    assert props["trajectory"]["type"] == "string"
    assert "Python-repr" in props["trajectory"]["description"]
    assert "True" in SPEC["info"]["description"] and "true" in SPEC["info"]["description"]


def test_model_parameter_is_a_plain_string() -> None:
    param = SPEC["components"]["parameters"]["ModelPath"]
    assert param["schema"]["type"] == "string" and "enum" not in param["schema"]
    assert "typed operation" in param["description"]
    for resolution in ("720p", "480p", "1080p"):
        assert (
            resolution
            in SPEC["components"]["schemas"]["GenerateRequest"]["properties"]["resolution"]["description"]
        )


def test_each_model_body_holds_its_own_rules() -> None:
    schemas = SPEC["components"]["schemas"]
    restyle = schemas["RestyleRequest"]
    assert restyle["required"] == ["data"]
    exactly_one = restyle["allOf"][0]
    assert exactly_one["oneOf"] == [{"required": ["prompt"]}, {"required": ["reference_image"]}]
    assert "exactly one of prompt and reference_image" in exactly_one["x-genvid-message"]
    assert restyle["allOf"][1]["dependentRequired"] == {"enhance_prompt": ["prompt"]}
    assert schemas["ShortPrompt"]["maxLength"] == 1000 and schemas["ShortPrompt"]["minLength"] == 1
    assert "maxLength" not in schemas["EditPrompt"]  # dropped for video edits in June 2026
    assert schemas["Orientation"]["enum"] == ["landscape", "portrait"]
    assert "num_inference_steps" in schemas["ClassicVideoEditRequest"]["properties"]
    assert "num_inference_steps" not in schemas["FastVideoEditRequest"]["properties"]
    assert schemas["VideoFile"]["x-genvid-media"] == "video" and schemas["ImageFile"]["x-genvid-media"] == "image"


# --------------------------------------------------------------------------- catalog


def test_catalog_lists_every_model_with_valid_entries() -> None:
    by_id = {entry["id"]: entry for entry in CATALOG}
    assert len(by_id) == len(CATALOG), "duplicate catalog ids"
    assert set(CLASSIC + CURRENT) <= set(by_id)
    fields = set(SPEC["components"]["schemas"]["GenerateRequest"]["properties"])
    op_ids = {op["operationId"] for _, _, op in _operations()}
    for entry in CATALOG:
        for key in ("id", "kind", "output", "route", "status", "required", "optional", "description"):
            assert key in entry, (entry["id"], key)
        assert entry["route"] in op_ids
        assert entry["status"] in {"current", "deprecated", "retired"}
        assert entry["output"] in {"video", "image"}
        if entry["output"] == "image":
            assert entry["route"] == "process_generate", entry["id"]
        else:
            assert entry["route"] == "queue_submit", entry["id"]
            assert entry["fps"] > 0 and entry["duration_s"] > 0
        assert entry["width"] > 0 and entry["height"] > 0
        listed = set(entry["required"]) | set(entry["optional"])
        for group in entry.get("one_of", []):
            listed |= set(group)
        assert listed <= fields, entry["id"]
        assert "seed" in entry["optional"]
        assert set(entry.get("media_inputs", {})) <= {"data", "start", "end", "reference_image"}
        assert set(entry.get("media_inputs", {})) <= listed
        if "alias_of" in entry:
            assert entry["alias_of"] in by_id
        if "default_resolution" in entry:
            assert entry["default_resolution"] in entry["resolutions"]
    assert {m for m, e in by_id.items() if e["output"] == "image"} == IMAGE_MODELS


def test_catalog_statuses_and_nominal_outputs_follow_the_provider_sheet() -> None:
    by_id = {entry["id"]: entry for entry in CATALOG}
    for model in CURRENT:
        assert by_id[model]["status"] == "current"
    for model in CLASSIC:
        assert by_id[model]["status"] in {"retired", "deprecated"}
    assert by_id["lucy-pro-v2v"]["alias_of"] == "lucy-clip"
    assert by_id["lucy-restyle-v2v"]["alias_of"] == "lucy-restyle-2"
    assert by_id["lucy-pro-i2i"]["alias_of"] == "lucy-image-2"
    t2v = by_id["lucy-pro-t2v"]
    assert (t2v["fps"], t2v["width"], t2v["height"], t2v["duration_s"]) == (25, 1280, 704, 5)
    assert t2v["resolutions"] == ["720p", "480p"] and t2v["default_resolution"] == "720p"
    assert by_id["lucy-restyle-2"]["fps"] == 22 and by_id["lucy-restyle-v2v"]["fps"] == 22
    for model in ("lucy-2.1", "lucy-2.5", "lucy-2.6", "lucy-latest"):
        assert (by_id[model]["fps"], by_id[model]["width"], by_id[model]["height"]) == (20, 1280, 720)
    assert (by_id["lucy-pro-t2i"]["width"], by_id["lucy-pro-t2i"]["height"]) == (1280, 704)
    assert by_id["lucy-motion"]["required"] == ["data", "trajectory"]
    assert by_id["lucy-pro-flf2v"]["media_inputs"] == {"start": "image", "end": "image"}
    assert by_id["lucy-restyle-2"]["one_of"] == [["prompt", "reference_image"]]
    assert "prompt" not in by_id["lucy-restyle-2"]["required"]


def test_catalog_json_names_each_models_operation() -> None:
    by_id = {e["id"]: e for e in CATALOG}
    assert by_id["lucy-2.6"]["operation"] == "submit_lucy_2_6" and by_id["lucy-2.6"]["route"] == "queue_submit"
    assert by_id["lucy-image-2"]["route"] == "process_generate"


# --------------------------------------------------------------------------- models


@pytest.mark.parametrize("state", ["pending", "processing", "completed", "failed"])
def test_job_responses_parse_every_state(state: str) -> None:
    submit = JobSubmitResponse.from_dict({"job_id": "job_8f3a2c", "status": state})
    assert submit.job_id == "job_8f3a2c"
    assert submit.status is JobStatus(state)
    assert submit.to_dict() == {"job_id": "job_8f3a2c", "status": state}
    status = JobStatusResponse.from_dict({"job_id": "job_8f3a2c", "status": state})
    assert status.status == state
    assert status.to_dict() == {"job_id": "job_8f3a2c", "status": state}


def test_job_status_unknown_state_and_extra_fields_are_kept() -> None:
    body = {"job_id": "job_8f3a2c", "status": "new_state", "progress": 0.4, "model": "lucy-2.6"}
    parsed = JobStatusResponse.from_dict(body)
    assert isinstance(parsed.status, JobStatus)
    assert parsed.status.value == "new_state"
    assert parsed.additional_properties == {"progress": 0.4, "model": "lucy-2.6"}
    assert parsed["model"] == "lucy-2.6"
    assert parsed.to_dict() == body
    submitted = JobSubmitResponse.from_dict({"job_id": "j1", "status": "queued_somewhere", "eta_s": 3})
    assert submitted.status.value == "queued_somewhere"
    assert submitted.additional_properties == {"eta_s": 3}


def test_job_response_without_required_field_fails() -> None:
    with pytest.raises(KeyError):
        JobStatusResponse.from_dict({"status": "pending"})


def test_file_object_parses_expiring_persistent_and_extra() -> None:
    body = {
        "id": "file_01JX2K9Q8ZP",
        "filename": "garment.png",
        "mime_type": "image/png",
        "size_bytes": 48213,
        "created_at": "2026-05-01T12:00:00Z",
        "expires_at": "2026-05-02T12:00:00Z",
    }
    parsed = FileObject.from_dict(body)
    assert (parsed.id, parsed.filename, parsed.mime_type, parsed.size_bytes) == (
        "file_01JX2K9Q8ZP",
        "garment.png",
        "image/png",
        48213,
    )
    assert parsed.expires_at == "2026-05-02T12:00:00Z"
    assert parsed.to_dict() == body

    persistent = {**body, "filename": None, "expires_at": None, "purpose": "realtime"}
    parsed = FileObject.from_dict(persistent)
    assert parsed.filename is None and parsed.expires_at is None
    assert parsed.additional_properties == {"purpose": "realtime"}
    assert parsed.to_dict() == persistent

    minimal = FileObject.from_dict({"id": "file_x"})
    assert minimal.mime_type is UNSET
    assert minimal.to_dict() == {"id": "file_x"}


def test_validation_error_parses_fastapi_422() -> None:
    body = {
        "detail": [
            {"type": "missing", "loc": ["body", "data"], "msg": "Field required", "input": None},
            {
                "type": "string_too_long",
                "loc": ["body", "prompt"],
                "msg": "String should have at most 1000 characters",
                "input": "x" * 1001,
                "ctx": {"max_length": 1000},
            },
            {
                "type": "greater_than_equal",
                "loc": ["body", "trajectory", 0, "frame"],
                "msg": "bad",
                "url": "u",
            },
        ]
    }
    parsed = HTTPValidationError.from_dict(body)
    assert isinstance(parsed.detail, list) and len(parsed.detail) == 3
    first, second, third = parsed.detail
    assert isinstance(first, ValidationError)
    assert first.loc == ["body", "data"] and first.type_ == "missing" and first.msg == "Field required"
    assert isinstance(second.ctx, ValidationErrorCtx) and second.ctx["max_length"] == 1000
    assert third.loc == ["body", "trajectory", 0, "frame"]
    assert third.additional_properties == {"url": "u"}
    assert parsed.to_dict() == body


@pytest.mark.parametrize(
    "body, detail, error",
    [
        (
            {"detail": "Prompt is too long (max 1000 characters)"},
            "Prompt is too long (max 1000 characters)",
            UNSET,
        ),
        ({"detail": "Too big"}, "Too big", UNSET),
        ({"error": "Invalid API key"}, UNSET, "Invalid API key"),
        ({"detail": "Model not found", "request_id": "req_1"}, "Model not found", UNSET),
        ({}, UNSET, UNSET),
    ],
)
def test_error_detail_tolerates_both_shapes(body: dict[str, Any], detail: object, error: object) -> None:
    parsed = ErrorDetail.from_dict(body)
    assert parsed.detail == detail
    assert parsed.error == error
    assert parsed.to_dict() == body
    if "request_id" in body:
        assert parsed.additional_properties == {"request_id": "req_1"}


def _all_enum_classes() -> list[type[enum.Enum]]:
    classes: dict[str, type[enum.Enum]] = {}
    for info in pkgutil.iter_modules(genvid_api_decart.models.__path__):
        module = importlib.import_module(f"genvid_api_decart.models.{info.name}")
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, enum.Enum)
                and value.__module__ == module.__name__
            ):
                classes[value.__name__] = value
    return list(classes.values())


def test_every_enum_accepts_unknown_values() -> None:
    classes = _all_enum_classes()
    names = {cls.__name__ for cls in classes}
    assert {"JobStatus", "FileTtlPersistent"} <= names
    # Every enum named in the spec's schemas must have been generated.
    spec_enums = {n for n, s in SPEC["components"]["schemas"].items() if "enum" in s}
    assert spec_enums <= names
    for cls in classes:
        member = cls("new_state")
        assert member.value == "new_state"
        assert isinstance(member, cls)
        for known in cls:
            assert cls(known.value) is known


# --------------------------------------------------------------------------- wire behaviour


def _client(handler: Any) -> AuthenticatedClient:
    return AuthenticatedClient(
        base_url=BASE,
        token=KEY,
        prefix="",
        auth_header_name="X-API-KEY",
        httpx_args={"transport": httpx.MockTransport(handler)},
    )


def _multipart(request: httpx.Request) -> dict[str, tuple[str | None, bytes]]:
    content_type = request.headers["content-type"]
    assert content_type.startswith("multipart/form-data; boundary=")
    assert "boundary=+++" not in content_type
    raw = b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + request.read()
    message = BytesParser(policy=HTTP).parsebytes(raw)
    parts: dict[str, tuple[str | None, bytes]] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        assert isinstance(name, str) and isinstance(payload, bytes)
        parts[name] = (part.get_filename(), payload)
    return parts


def test_process_generate_sends_multipart_and_returns_bytes() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=b"\x89PNG\r\n\x1a\nfake", headers={"content-type": "image/png"})

    body = GenerateRequest(
        prompt="Oil painting style",
        seed=42,
        resolution="720p",
        enhance_prompt=False,
        data=File(payload=BytesIO(b"input-image"), file_name="data", mime_type="application/octet-stream"),
    )
    with _client(handler) as client:
        response = process_generate.sync_detailed("lucy-image-2", client=client, body=body)
    request = seen[0]
    assert request.method == "POST"
    assert str(request.url) == f"{BASE}/v1/generate/lucy-image-2"
    assert request.headers["X-API-KEY"] == KEY
    parts = _multipart(request)
    assert parts["prompt"] == (None, b"Oil painting style")
    assert parts["seed"] == (None, b"42")
    assert parts["resolution"] == (None, b"720p")
    assert parts["enhance_prompt"] == (None, b"false")
    assert parts["data"] == ("data", b"input-image")
    assert set(parts) == {"prompt", "seed", "resolution", "enhance_prompt", "data"}
    assert response.status_code == 200
    assert isinstance(response.parsed, File)
    assert response.parsed.payload.read() == b"\x89PNG\r\n\x1a\nfake"


def test_motion_trajectory_and_dotted_model_ids_go_out_verbatim() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"job_id": "job_1", "status": "pending"})

    trajectory = json.dumps([{"frame": 0, "x": 0.1, "y": 0.2}, {"frame": 24, "x": 0.5, "y": 0.4}])
    body = GenerateRequest(
        trajectory=trajectory,
        enhance_prompt=True,
        data=File(payload=BytesIO(b"img"), file_name="data"),
    )
    with _client(handler) as client:
        parsed = queue_submit.sync("lucy-vton-3.5", client=client, body=body)
    assert str(seen[0].url) == f"{BASE}/v1/jobs/lucy-vton-3.5"
    parts = _multipart(seen[0])
    assert json.loads(parts["trajectory"][1]) == json.loads(trajectory)
    assert parts["enhance_prompt"] == (None, b"true")
    assert isinstance(parsed, JobSubmitResponse)
    assert parsed.status is JobStatus.PENDING


def test_queue_status_and_content_round_trip() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.headers["X-API-KEY"] == KEY
        if request.url.path == "/v1/jobs/job_8f3a2c":
            return httpx.Response(200, json={"job_id": "job_8f3a2c", "status": "completed"})
        if request.url.path == "/v1/jobs/job_8f3a2c/content":
            return httpx.Response(
                200, content=b"\x00\x00\x00\x18ftypmp42", headers={"content-type": "video/mp4"}
            )
        return httpx.Response(404, json={"detail": "Job not found"})

    with _client(handler) as client:
        status = queue_status.sync("job_8f3a2c", client=client)
        content = queue_content.sync("job_8f3a2c", client=client)
        missing = queue_status.sync_detailed("nope", client=client)
    assert isinstance(status, JobStatusResponse) and status.status is JobStatus.COMPLETED
    assert isinstance(content, File) and content.payload.read().endswith(b"ftypmp42")
    assert missing.status_code == 404
    assert isinstance(missing.parsed, ErrorDetail) and missing.parsed.detail == "Job not found"


def test_error_statuses_parse_into_their_schemas() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        model = request.url.path.rsplit("/", 1)[-1]
        if model == "lucy-pro-i2v":
            return httpx.Response(
                422, json={"detail": [{"type": "missing", "loc": ["body", "data"], "msg": "Field required"}]}
            )
        if model == "bad-key":
            return httpx.Response(401, json={"error": "Invalid API key"})
        return httpx.Response(503, json={"detail": "No capacity available, please retry"})

    with _client(handler) as client:
        invalid = queue_submit.sync("lucy-pro-i2v", client=client, body=GenerateRequest(prompt="test"))
        unauthorized = queue_submit.sync("bad-key", client=client, body=GenerateRequest(prompt="test"))
        busy = process_generate.sync("lucy-image-2", client=client, body=GenerateRequest(prompt="test"))
    assert isinstance(invalid, HTTPValidationError)
    assert isinstance(invalid.detail, list) and invalid.detail[0].loc == ["body", "data"]
    assert isinstance(unauthorized, ErrorDetail) and unauthorized.error == "Invalid API key"
    assert isinstance(busy, ErrorDetail) and busy.detail == "No capacity available, please retry"


def test_files_upload_get_delete() -> None:
    stored = {
        "id": "file_abc",
        "filename": "ref.png",
        "mime_type": "image/png",
        "size_bytes": 3,
        "created_at": "2026-05-01T12:00:00Z",
        "expires_at": None,
    }
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.method == "POST":
            return httpx.Response(200, json=stored)
        if request.method == "GET":
            return httpx.Response(200, json=stored)
        return httpx.Response(204)

    upload = FileUploadRequest(
        file=File(payload=BytesIO(b"png"), file_name="ref.png", mime_type="image/png"),
        ttl_seconds=FileTtlPersistent.PERSISTENT,
    )
    with _client(handler) as client:
        created = files_upload.sync(client=client, body=upload)
        fetched = files_get.sync("file_abc", client=client)
        deleted = files_delete.sync_detailed("file_abc", client=client)
        timed = files_upload.sync(
            client=client,
            body=FileUploadRequest(file=File(payload=BytesIO(b"x")), ttl_seconds=3600, persistent=False),
        )
    parts = _multipart(seen[0])
    assert parts["file"] == ("ref.png", b"png")
    assert parts["ttl_seconds"] == (None, b"persistent")
    timed_parts = _multipart(seen[3])
    assert timed_parts["ttl_seconds"] == (None, b"3600")
    assert timed_parts["persistent"] == (None, b"false")
    assert isinstance(created, FileObject) and created.expires_at is None
    assert isinstance(fetched, FileObject) and fetched.id == "file_abc"
    assert isinstance(timed, FileObject)
    assert str(seen[1].url) == f"{BASE}/v1/files/file_abc"
    assert seen[2].method == "DELETE"
    assert deleted.status_code == 204 and deleted.parsed is None


def test_ttl_seconds_range_is_in_the_spec() -> None:
    ttl = SPEC["components"]["schemas"]["FileUploadRequest"]["properties"]["ttl_seconds"]
    integer = next(v for v in ttl["oneOf"] if v.get("type") == "integer")
    assert (integer["minimum"], integer["maximum"]) == (60, 2592000)
