"""Luma Agents spec (specs/luma-agents.yaml) and its generated client genvid_api_luma_agents.

Parses realistic Luma Agents responses (shapes from the luma-agents 0.5.0 SDK and the Agents API
reference) through the generated models in every state, checks forward compatibility (unknown enum
values and unknown fields survive), round-trips, request serialisation, and drives every operation
through an httpx.MockTransport.
"""

from __future__ import annotations

import copy
import datetime
import enum
import importlib
import io
import json
import pkgutil
from collections.abc import Callable
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
import pytest
import yaml

import genvid_api_luma_agents
from genvid_api_luma_agents import models
from genvid_api_luma_agents.api.files import complete_file, create_file, delete_file, get_file, list_files
from genvid_api_luma_agents.api.generations import create_generation, get_generation
from genvid_api_luma_agents.client import AuthenticatedClient
from genvid_api_luma_agents.models import (
    AdvancedControls,
    AspectRatio,
    DepthControl,
    Error,
    ErrorDetailItem,
    FaceControl,
    FileCreate,
    FileList,
    FileObject,
    FilePurpose,
    FileState,
    FileUpload,
    FileUploadResponse,
    Generation,
    GenerationCreate,
    GenerationFailureCode,
    GenerationOutput,
    GenerationOutputLayer,
    GenerationState,
    GenerationType,
    ImageRefData,
    ImageRefFile,
    ImageRefGeneration,
    ImageRefUrl,
    LayeringOptions,
    LayeringResolution,
    Model,
    NormalsControl,
    OutputFormat,
    PoseControl,
    PoseControlStrength,
    PresignedUpload,
    PresignedUploadHeaders,
    SourcePosition,
    Style,
    TrajectoryControl,
    VideoDuration,
    VideoEditOptions,
    VideoEditStrength,
    VideoOptions,
    VideoResolution,
)
from genvid_api_luma_agents.types import UNSET, File

SPEC_PATH = Path(__file__).resolve().parent.parent / "specs" / "luma-agents.yaml"
BASE = "https://agents.lumalabs.ai/v1"

GEN_ID = "0f9a3c7e-5b1d-4e2a-9c8f-2d6b7a1e4f30"
FILE_ID = "7c1e2d3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f"


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text())
    return loaded


# --------------------------------------------------------------------------- realistic payloads

QUEUED_IMAGE: dict[str, Any] = {
    "id": GEN_ID,
    "created_at": "2026-04-01T12:00:00.123456Z",
    "model": "uni-1",
    "state": "queued",
    "type": "image",
    "failure_code": None,
    "failure_reason": None,
    "output": None,
}

PROCESSING_VIDEO: dict[str, Any] = {
    "id": GEN_ID,
    "created_at": "2026-04-01T12:00:00Z",
    "model": "ray-3.2",
    "state": "processing",
    "type": "video",
}

COMPLETED_IMAGE: dict[str, Any] = {
    "id": GEN_ID,
    "created_at": "2026-04-01T12:00:00Z",
    "model": "uni-1-max",
    "state": "completed",
    "type": "image_edit",
    "failure_code": None,
    "failure_reason": None,
    "output": [
        {
            "type": "image",
            "url": "https://cdn.agents.lumalabs.ai/out/0f9a3c7e/0.png?X-Amz-Expires=3600&X-Amz-Signature=abc",
        }
    ],
}

COMPLETED_VIDEO: dict[str, Any] = {
    "id": GEN_ID,
    "created_at": "2026-04-01T12:00:00Z",
    "model": "ray-3.2",
    "state": "completed",
    "type": "video_reframe",
    "output": [{"type": "video", "url": "https://cdn.agents.lumalabs.ai/out/0f9a3c7e/video.mp4?sig=1"}],
}

COMPLETED_LAYERING: dict[str, Any] = {
    "id": GEN_ID,
    "created_at": "2026-04-01T12:00:00Z",
    "model": "uni-1",
    "state": "completed",
    "type": "layering",
    "failure_code": None,
    "failure_reason": None,
    "output": [
        {
            "type": "image",
            "url": "https://cdn.agents.lumalabs.ai/out/l0.png",
            "layer": {
                "index": 0,
                "label": "cat",
                "description": "A ginger cat sitting upright",
                "alpha_hint": "soft",
            },
        },
        {
            "type": "image",
            "url": "https://cdn.agents.lumalabs.ai/out/l1.png",
            "layer": {
                "index": 1,
                "label": "background",
                "description": "A sunlit kitchen",
                "alpha_hint": "none",
            },
        },
    ],
}

FAILED: dict[str, Any] = {
    "id": GEN_ID,
    "created_at": "2026-04-01T12:00:00Z",
    "model": "uni-1",
    "state": "failed",
    "type": "image",
    "failure_code": "content_moderated",
    "failure_reason": "The prompt was flagged by content moderation.",
    "output": None,
}

FAILED_VIDEO_EDIT: dict[str, Any] = {
    "id": GEN_ID,
    "created_at": "2026-04-01T12:00:00Z",
    "model": "ray-3.2",
    "state": "failed",
    "type": "video_edit",
    "failure_code": "corrupt_input",
    "failure_reason": "Source video could not be decoded",
    "output": [],
}

ALL_GENERATIONS = [
    QUEUED_IMAGE,
    PROCESSING_VIDEO,
    COMPLETED_IMAGE,
    COMPLETED_VIDEO,
    COMPLETED_LAYERING,
    FAILED,
    FAILED_VIDEO_EDIT,
]

FILE_READY: dict[str, Any] = {
    "id": FILE_ID,
    "created_at": "2026-04-01T12:00:00+00:00",
    "mime_type": "image/jpeg",
    "purpose": "input",
    "size_bytes": 482133,
    "state": "ready",
    "deleted_at": None,
    "expires_at": "2026-04-08T12:00:00+00:00",
    "failure_reason": None,
    "filename": "cat.jpg",
    "user_id": "end-user-42",
}
FILE_PENDING: dict[str, Any] = {
    "id": FILE_ID,
    "created_at": "2026-04-01T12:00:00Z",
    "mime_type": "video/mp4",
    "purpose": "reference",
    "size_bytes": 73400320,
    "state": "pending",
}
FILE_FAILED: dict[str, Any] = dict(
    FILE_PENDING, state="failed", failure_reason="Moderation rejected the file"
)
FILE_DELETED: dict[str, Any] = dict(FILE_READY, state="deleted", deleted_at="2026-04-02T08:30:00+00:00")

UPLOAD_MULTIPART: dict[str, Any] = {"id": FILE_ID, "state": "pending", "file": FILE_PENDING, "upload": None}
UPLOAD_PRESIGNED: dict[str, Any] = {
    "id": FILE_ID,
    "state": "pending",
    "file": FILE_PENDING,
    "upload": {
        "url": "https://luma-agents-uploads.s3.amazonaws.com/ns/7c1e?X-Amz-Signature=deadbeef",
        "method": "PUT",
        "headers": {"Content-Type": "video/mp4", "x-amz-checksum-sha256": "abc="},
        "expires_at": "2026-04-01T13:00:00+00:00",
    },
}
FILE_PAGE: dict[str, Any] = {
    "data": [FILE_READY, FILE_PENDING],
    "has_more": True,
    "next_cursor": "eyJpZCI6IjdjMWUifQ",
}
FILE_LAST_PAGE: dict[str, Any] = {"data": [], "has_more": False, "next_cursor": None}


# --------------------------------------------------------------------------- Generation parsing


@pytest.mark.parametrize("payload", ALL_GENERATIONS, ids=lambda p: f"{p['state']}-{p['type']}")
def test_generation_parses_every_state_and_round_trips(payload: dict[str, Any]) -> None:
    gen = Generation.from_dict(copy.deepcopy(payload))
    assert gen.id == UUID(payload["id"])
    assert gen.state == GenerationState(payload["state"])
    assert gen.type_ == GenerationType(payload["type"])
    assert gen.model == Model(payload["model"])
    assert gen.created_at == payload["created_at"]
    assert gen.additional_properties == {}
    assert gen.to_dict() == payload
    assert Generation.from_dict(gen.to_dict()) == gen


def test_generation_completed_outputs_are_typed() -> None:
    gen = Generation.from_dict(COMPLETED_IMAGE)
    assert gen.state is GenerationState.COMPLETED
    assert gen.model is Model.UNI_1_MAX
    assert isinstance(gen.output, list) and len(gen.output) == 1
    out = gen.output[0]
    assert isinstance(out, GenerationOutput)
    assert out.type_ == "image"
    assert out.url.startswith("https://")
    assert out.layer is UNSET


def test_generation_layering_outputs_have_layers() -> None:
    gen = Generation.from_dict(COMPLETED_LAYERING)
    assert gen.type_ is GenerationType.LAYERING
    assert isinstance(gen.output, list)
    layers = [o.layer for o in gen.output]
    assert [layer.index for layer in layers if isinstance(layer, GenerationOutputLayer)] == [0, 1]
    first = gen.output[0].layer
    assert isinstance(first, GenerationOutputLayer)
    assert first.label == "cat"
    assert first.alpha_hint == "soft"
    assert first.description == "A ginger cat sitting upright"


def test_generation_failed_has_code_and_reason() -> None:
    gen = Generation.from_dict(FAILED)
    assert gen.state is GenerationState.FAILED
    assert gen.failure_code is GenerationFailureCode.CONTENT_MODERATED
    assert gen.failure_reason == "The prompt was flagged by content moderation."
    assert gen.output is None


def test_generation_queued_nulls_are_none_and_absent_is_unset() -> None:
    q = Generation.from_dict(QUEUED_IMAGE)
    assert q.failure_code is None and q.failure_reason is None and q.output is None
    p = Generation.from_dict(PROCESSING_VIDEO)
    assert p.failure_code is UNSET and p.output is UNSET
    assert "failure_code" not in p.to_dict()


@pytest.mark.parametrize("code", [c.value for c in GenerationFailureCode])
def test_every_known_failure_code_parses(code: str) -> None:
    gen = Generation.from_dict(dict(FAILED, failure_code=code))
    assert isinstance(gen.failure_code, GenerationFailureCode)
    assert gen.failure_code.value == code
    assert gen.failure_code.name != "UNKNOWN"


def test_generation_unknown_enum_values_are_kept() -> None:
    payload = dict(
        COMPLETED_VIDEO,
        state="new_state",
        model="ray-4",
        type="audio_dub",
        failure_code="gpu_on_fire",
    )
    gen = Generation.from_dict(payload)
    assert gen.state.value == "new_state"
    assert gen.state.name == "UNKNOWN"
    assert gen.model.value == "ray-4"
    assert gen.type_.value == "audio_dub"
    assert isinstance(gen.failure_code, GenerationFailureCode)
    assert gen.failure_code.value == "gpu_on_fire"
    assert gen.to_dict() == payload


def test_generation_unknown_fields_are_kept() -> None:
    payload = dict(
        COMPLETED_LAYERING,
        progress=0.75,
        request={"prompt": "a cat", "model": "uni-1"},
    )
    payload["output"] = [
        dict(
            COMPLETED_LAYERING["output"][0],
            width=1024,
            layer=dict(COMPLETED_LAYERING["output"][0]["layer"], z=3),
        )
    ]
    gen = Generation.from_dict(copy.deepcopy(payload))
    assert gen.additional_properties == {"progress": 0.75, "request": {"prompt": "a cat", "model": "uni-1"}}
    assert gen["progress"] == 0.75
    assert isinstance(gen.output, list)
    assert gen.output[0].additional_properties == {"width": 1024}
    layer = gen.output[0].layer
    assert isinstance(layer, GenerationOutputLayer)
    assert layer.additional_properties == {"z": 3}
    assert gen.to_dict() == payload


def test_generation_missing_required_field_is_an_error() -> None:
    broken = {k: v for k, v in COMPLETED_IMAGE.items() if k != "state"}
    with pytest.raises(KeyError):
        Generation.from_dict(broken)


# --------------------------------------------------------------------------- Files parsing


@pytest.mark.parametrize(
    "payload", [FILE_READY, FILE_PENDING, FILE_FAILED, FILE_DELETED], ids=lambda p: p["state"]
)
def test_file_object_parses_every_state(payload: dict[str, Any]) -> None:
    f = FileObject.from_dict(copy.deepcopy(payload))
    assert f.id == payload["id"]
    assert f.state == FileState(payload["state"])
    assert f.purpose == FilePurpose(payload["purpose"])
    assert f.size_bytes == payload["size_bytes"]
    assert f.created_at.year == 2026 and f.created_at.tzinfo is not None
    again = FileObject.from_dict(f.to_dict())
    assert again == f
    assert set(f.to_dict()) == set(payload)


def test_file_object_optional_fields() -> None:
    f = FileObject.from_dict(FILE_DELETED)
    assert f.state is FileState.DELETED
    assert isinstance(f.deleted_at, datetime.datetime)
    assert f.filename == "cat.jpg" and f.user_id == "end-user-42"
    failed = FileObject.from_dict(FILE_FAILED)
    assert failed.failure_reason == "Moderation rejected the file"
    assert failed.deleted_at is UNSET


def test_file_object_unknowns_kept() -> None:
    payload = dict(FILE_READY, state="quarantined", purpose="mask", sha256="ab12")
    f = FileObject.from_dict(payload)
    assert f.state.value == "quarantined"
    assert f.purpose.value == "mask"
    assert f.additional_properties == {"sha256": "ab12"}
    assert f.to_dict()["sha256"] == "ab12"
    assert f.to_dict()["state"] == "quarantined"


def test_upload_response_multipart_has_null_upload() -> None:
    r = FileUploadResponse.from_dict(copy.deepcopy(UPLOAD_MULTIPART))
    assert r.upload is None
    assert r.state is FileState.PENDING
    assert r.file.id == r.id == FILE_ID
    assert r.to_dict()["upload"] is None
    assert FileUploadResponse.from_dict(r.to_dict()) == r


def test_upload_response_presigned_envelope() -> None:
    r = FileUploadResponse.from_dict(copy.deepcopy(UPLOAD_PRESIGNED))
    up = r.upload
    assert isinstance(up, PresignedUpload)
    assert up.method == "PUT"
    assert up.url.startswith("https://")
    assert isinstance(up.headers, PresignedUploadHeaders)
    assert up.headers["Content-Type"] == "video/mp4"
    assert up.headers.additional_properties == UPLOAD_PRESIGNED["upload"]["headers"]
    assert up.expires_at.hour == 13
    assert r.to_dict()["upload"]["headers"] == UPLOAD_PRESIGNED["upload"]["headers"]
    assert FileUploadResponse.from_dict(r.to_dict()) == r


def test_upload_response_unknowns_kept() -> None:
    payload = copy.deepcopy(UPLOAD_PRESIGNED)
    payload["state"] = "uploading"
    payload["upload"]["method"] = "POST"
    payload["upload"]["part_size"] = 1024
    payload["ingest_eta_s"] = 4
    r = FileUploadResponse.from_dict(payload)
    assert r.state.value == "uploading"
    assert r.additional_properties == {"ingest_eta_s": 4}
    assert isinstance(r.upload, PresignedUpload)
    assert r.upload.method == "POST"
    assert r.upload.additional_properties == {"part_size": 1024}


def test_file_list_pages() -> None:
    page = FileList.from_dict(copy.deepcopy(FILE_PAGE))
    assert page.has_more is True
    assert page.next_cursor == "eyJpZCI6IjdjMWUifQ"
    assert [f.state for f in page.data] == [FileState.READY, FileState.PENDING]
    assert FileList.from_dict(page.to_dict()) == page
    last = FileList.from_dict(FILE_LAST_PAGE)
    assert last.has_more is False and last.next_cursor is None and last.data == []
    assert last.to_dict() == FILE_LAST_PAGE
    extra = FileList.from_dict(dict(FILE_LAST_PAGE, total=0))
    assert extra.additional_properties == {"total": 0}


# --------------------------------------------------------------------------- errors


def test_error_string_detail() -> None:
    e = Error.from_dict({"detail": "Invalid API key"})
    assert e.detail == "Invalid API key"
    assert e.to_dict() == {"detail": "Invalid API key"}


def test_error_list_detail() -> None:
    body = {
        "detail": [
            {"loc": ["body", "video", "duration"], "msg": "Input should be '5s' or '10s'", "type": "enum"},
        ]
    }
    e = Error.from_dict(copy.deepcopy(body))
    assert isinstance(e.detail, list)
    item = e.detail[0]
    assert isinstance(item, ErrorDetailItem)
    assert item.msg == "Input should be '5s' or '10s'"
    assert item.type_ == "enum"
    assert e.to_dict() == body


def test_error_tolerates_other_shapes() -> None:
    e = Error.from_dict({"error": {"code": "rate_limited"}})
    assert e.detail is UNSET
    assert e.additional_properties == {"error": {"code": "rate_limited"}}
    odd = Error.from_dict({"detail": {"reason": "x"}})
    assert odd.to_dict() == {"detail": {"reason": "x"}}  # kept raw rather than crashing


# --------------------------------------------------------------------------- every response enum tolerates unknown values


def _response_enum_schema_names(spec: dict[str, Any]) -> set[str]:
    schemas = spec["components"]["schemas"]
    roots: set[str] = set()

    def refs_in(node: Any) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
                roots.add(ref.rsplit("/", 1)[1])
            for v in node.values():
                refs_in(v)
        elif isinstance(node, list):
            for v in node:
                refs_in(v)

    for resp in spec["components"]["responses"].values():
        refs_in(resp.get("content", {}))
    for item in spec["paths"].values():
        for op in item.values():
            for resp in op.get("responses", {}).values():
                refs_in(resp.get("content", {}))
    seen: set[str] = set()
    stack = list(roots)
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        before = set(roots)
        refs_in(schemas[name])
        stack.extend(roots - before)
    return {n for n in seen if "enum" in schemas[n]}


def test_response_enums_are_the_expected_set(spec: dict[str, Any]) -> None:
    assert _response_enum_schema_names(spec) == {
        "Model",
        "GenerationState",
        "GenerationType",
        "GenerationFailureCode",
        "FilePurpose",
        "FileState",
    }


def test_every_response_enum_accepts_unknown_values(spec: dict[str, Any]) -> None:
    names = _response_enum_schema_names(spec)
    assert names
    for name in names:
        cls = getattr(models, name)
        member = cls("new_state")
        assert member.value == "new_state", name
        assert member.name == "UNKNOWN", name
        assert str(member) == "new_state"
        for value in spec["components"]["schemas"][name]["enum"]:
            assert cls(value).name != "UNKNOWN", (name, value)


def _all_generated_enums() -> list[type[enum.Enum]]:
    found: list[type[enum.Enum]] = []
    for info in pkgutil.iter_modules(models.__path__):
        mod = importlib.import_module(f"{models.__name__}.{info.name}")
        for obj in vars(mod).values():
            if isinstance(obj, type) and issubclass(obj, enum.Enum) and obj.__module__ == mod.__name__:
                found.append(obj)
    return found


def test_every_generated_enum_accepts_unknown_values() -> None:
    enums = _all_generated_enums()
    assert len(enums) == 14
    for cls in enums:
        member = cls("new_state")
        assert member.value == "new_state", cls
        assert isinstance(member, cls)


# --------------------------------------------------------------------------- request serialisation


def test_minimal_create_sends_only_prompt() -> None:
    assert GenerationCreate(prompt="a red fox").to_dict() == {"prompt": "a red fox"}
    assert VideoOptions().to_dict() == {}
    assert VideoEditOptions().to_dict() == {}


def test_image_create_body() -> None:
    body = GenerationCreate(
        prompt="a lighthouse at dusk, oil painting",
        model=Model.UNI_1_MAX,
        type_=GenerationType.IMAGE,
        aspect_ratio=AspectRatio.RATIO_16_9,
        image_ref=[
            ImageRefUrl(url="https://example.com/style.jpg"),
            ImageRefData(data="aGVsbG8=", media_type="image/png"),
            ImageRefFile(file_id=FILE_ID),
        ],
        output_format=OutputFormat.JPEG,
        style=Style.MANGA,
        web_search=True,
        user_id="end-user-42",
    )
    assert body.to_dict() == {
        "prompt": "a lighthouse at dusk, oil painting",
        "model": "uni-1-max",
        "type": "image",
        "aspect_ratio": "16:9",
        "image_ref": [
            {"url": "https://example.com/style.jpg"},
            {"data": "aGVsbG8=", "media_type": "image/png"},
            {"file_id": FILE_ID},
        ],
        "output_format": "jpeg",
        "style": "manga",
        "web_search": True,
        "user_id": "end-user-42",
    }
    parsed = GenerationCreate.from_dict(body.to_dict())
    assert isinstance(parsed.image_ref, list)
    assert [type(r) for r in parsed.image_ref] == [ImageRefUrl, ImageRefData, ImageRefFile]


def test_layering_create_body() -> None:
    body = GenerationCreate(
        prompt="split into layers",
        type_=GenerationType.LAYERING,
        source=ImageRefGeneration(generation_id=UUID(GEN_ID)),
        layering=LayeringOptions(resolution=LayeringResolution.RES_2K),
    )
    assert body.to_dict() == {
        "prompt": "split into layers",
        "type": "layering",
        "source": {"generation_id": GEN_ID},
        "layering": {"resolution": "2k"},
    }


def test_video_create_body_with_all_options() -> None:
    body = GenerationCreate(
        prompt="the camera pushes in slowly",
        model=Model.RAY_3_2,
        type_=GenerationType.VIDEO,
        aspect_ratio=AspectRatio.RATIO_21_9,
        video=VideoOptions(
            duration=VideoDuration.DURATION_10S,
            resolution=VideoResolution.RES_1080P,
            hdr=True,
            exr_export=True,
            keyframes=[ImageRefUrl(url="https://example.com/a.jpg"), ImageRefFile(file_id=FILE_ID)],
            keyframe_indexes=[0, 240],
        ),
    )
    assert body.to_dict()["video"] == {
        "duration": "10s",
        "resolution": "1080p",
        "hdr": True,
        "exr_export": True,
        "keyframes": [{"url": "https://example.com/a.jpg"}, {"file_id": FILE_ID}],
        "keyframe_indexes": [0, 240],
    }


def test_video_edit_and_reframe_bodies() -> None:
    edit = GenerationCreate(
        prompt="make it winter",
        model=Model.RAY_3_2,
        type_=GenerationType.VIDEO_EDIT,
        source=ImageRefUrl(url="https://example.com/in.mp4", media_type="video/mp4"),
        video=VideoOptions(
            resolution=VideoResolution.RES_720P,
            edit=VideoEditOptions(
                strength=VideoEditStrength.FLEX_2,
                auto_controls=False,
                controls=AdvancedControls(
                    depth=DepthControl(enabled=True, blur=0.25),
                    face=FaceControl(enabled=False),
                    normals=NormalsControl(enabled=True, augmentation=0.5),
                    pose=PoseControl(enabled=True, strength=PoseControlStrength.COARSE),
                    trajectory=TrajectoryControl(enabled=True, sparsity=0.75),
                ),
                keyframes=[ImageRefData(data="AAAA", media_type="image/jpeg")],
                keyframe_indexes=[12],
            ),
        ),
    )
    assert edit.to_dict() == {
        "prompt": "make it winter",
        "model": "ray-3.2",
        "type": "video_edit",
        "source": {"url": "https://example.com/in.mp4", "media_type": "video/mp4"},
        "video": {
            "resolution": "720p",
            "edit": {
                "strength": "flex_2",
                "auto_controls": False,
                "controls": {
                    "depth": {"enabled": True, "blur": 0.25},
                    "face": {"enabled": False},
                    "normals": {"enabled": True, "augmentation": 0.5},
                    "pose": {"enabled": True, "strength": "coarse"},
                    "trajectory": {"enabled": True, "sparsity": 0.75},
                },
                "keyframes": [{"data": "AAAA", "media_type": "image/jpeg"}],
                "keyframe_indexes": [12],
            },
        },
    }
    reframe = GenerationCreate(
        prompt="extend to portrait",
        model=Model.RAY_3_2,
        type_=GenerationType.VIDEO_REFRAME,
        aspect_ratio=AspectRatio.RATIO_9_16,
        source=ImageRefGeneration(generation_id=UUID(GEN_ID)),
        video=VideoOptions(
            resolution=VideoResolution.RES_360P,
            source_position=SourcePosition(x_norm=-0.25, y_norm=0.1, w_norm=1.5, h_norm=0.8),
            start_frame=ImageRefUrl(url="https://example.com/first.png"),
            end_frame=ImageRefGeneration(generation_id=UUID(GEN_ID)),
            loop=False,
        ),
    )
    d = reframe.to_dict()
    assert d["video"]["source_position"] == {"x_norm": -0.25, "y_norm": 0.1, "w_norm": 1.5, "h_norm": 0.8}
    assert d["video"]["start_frame"] == {"url": "https://example.com/first.png"}
    assert d["video"]["end_frame"] == {"generation_id": GEN_ID}
    assert d["source"] == {"generation_id": GEN_ID}


# --------------------------------------------------------------------------- operations over a mock transport


class Recorder:
    def __init__(self, responder: Callable[[httpx.Request], httpx.Response]) -> None:
        self.requests: list[httpx.Request] = []
        self.responder = responder

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return self.responder(request)


def _client(recorder: Recorder) -> AuthenticatedClient:
    return AuthenticatedClient(
        base_url=BASE, token="luma-test-key", httpx_args={"transport": httpx.MockTransport(recorder)}
    )


HDRS = {"X-Request-Id": "req_123", "X-API-Version": "2026-04-01"}


def test_create_generation_201_and_headers() -> None:
    rec = Recorder(
        lambda r: httpx.Response(201, json=QUEUED_IMAGE, headers={**HDRS, "X-RateLimit-Limit": "60"})
    )
    with _client(rec) as client:
        resp = create_generation.sync_detailed(
            client=client, body=GenerationCreate(prompt="a fox", model=Model.UNI_1)
        )
    req = rec.requests[0]
    assert req.method == "POST"
    assert str(req.url) == f"{BASE}/generations"
    assert req.headers["authorization"] == "Bearer luma-test-key"
    assert json.loads(req.content) == {"prompt": "a fox", "model": "uni-1"}
    assert resp.status_code == 201
    assert isinstance(resp.parsed, Generation)
    assert resp.parsed.state is GenerationState.QUEUED
    assert resp.headers["x-request-id"] == "req_123"
    assert resp.headers["x-api-version"] == "2026-04-01"


def test_create_generation_200_also_parses() -> None:
    rec = Recorder(lambda r: httpx.Response(200, json=PROCESSING_VIDEO))
    with _client(rec) as client:
        gen = create_generation.sync(
            client=client, body=GenerationCreate(prompt="waves", model=Model.RAY_3_2)
        )
    assert isinstance(gen, Generation) and gen.state is GenerationState.PROCESSING


def test_get_generation_path_and_parse() -> None:
    rec = Recorder(lambda r: httpx.Response(200, json=COMPLETED_VIDEO, headers=HDRS))
    with _client(rec) as client:
        gen = get_generation.sync(client=client, generation_id=UUID(GEN_ID))
    assert str(rec.requests[0].url) == f"{BASE}/generations/{GEN_ID}"
    assert rec.requests[0].method == "GET"
    assert isinstance(gen, Generation) and gen.type_ is GenerationType.VIDEO_REFRAME


@pytest.mark.parametrize("status", [400, 401, 402, 403, 404, 413, 422, 429, 502, 503, 409, 500])
def test_error_statuses_parse_into_error(status: int) -> None:
    headers = dict(HDRS)
    if status == 429:
        headers["Retry-After"] = "1"
    rec = Recorder(lambda r: httpx.Response(status, json={"detail": f"status {status}"}, headers=headers))
    with _client(rec) as client:
        resp = create_generation.sync_detailed(client=client, body=GenerationCreate(prompt="x"))
    assert resp.status_code == status
    assert isinstance(resp.parsed, Error)
    assert resp.parsed.detail == f"status {status}"
    if status == 429:
        assert resp.headers["retry-after"] == "1"


def test_create_file_multipart() -> None:
    rec = Recorder(lambda r: httpx.Response(201, json=UPLOAD_MULTIPART, headers=HDRS))
    upload = FileUpload(
        file=File(
            payload=io.BytesIO(b"\xff\xd8\xff\xe0jpegbytes"), file_name="cat.jpg", mime_type="image/jpeg"
        ),
        purpose=FilePurpose.INPUT,
        filename="cat.jpg",
    )
    with _client(rec) as client:
        resp = create_file.sync_detailed(client=client, body=upload)
    req = rec.requests[0]
    assert str(req.url) == f"{BASE}/files"
    assert req.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert b'name="file"; filename="cat.jpg"' in req.content
    assert b"jpegbytes" in req.content
    assert b'name="purpose"' in req.content and b"input" in req.content
    assert isinstance(resp.parsed, FileUploadResponse)
    assert resp.parsed.upload is None


def test_create_file_presigned_json() -> None:
    rec = Recorder(lambda r: httpx.Response(201, json=UPLOAD_PRESIGNED, headers=HDRS))
    with _client(rec) as client:
        out = create_file.sync(
            client=client,
            body=FileCreate(mime_type="video/mp4", size_bytes=73400320, purpose=FilePurpose.REFERENCE),
        )
    req = rec.requests[0]
    assert req.headers["content-type"] == "application/json"
    assert json.loads(req.content) == {
        "mime_type": "video/mp4",
        "size_bytes": 73400320,
        "purpose": "reference",
    }
    assert isinstance(out, FileUploadResponse)
    assert isinstance(out.upload, PresignedUpload)
    assert out.upload.method == "PUT"


def test_list_files_query() -> None:
    rec = Recorder(lambda r: httpx.Response(200, json=FILE_PAGE, headers=HDRS))
    with _client(rec) as client:
        page = list_files.sync(
            client=client, limit=2, cursor="abc", state=FileState.READY, purpose=FilePurpose.INPUT
        )
    q = dict(rec.requests[0].url.params)
    assert q == {"limit": "2", "cursor": "abc", "state": "ready", "purpose": "input"}
    assert isinstance(page, FileList) and page.has_more
    rec2 = Recorder(lambda r: httpx.Response(200, json=FILE_LAST_PAGE))
    with _client(rec2) as client:
        list_files.sync(client=client)
    assert str(rec2.requests[0].url) == f"{BASE}/files"  # no defaults sent


def test_get_delete_complete_file() -> None:
    def responder(r: httpx.Request) -> httpx.Response:
        if r.method == "DELETE":
            return httpx.Response(204, headers=HDRS)
        if r.url.path.endswith("/complete"):
            return httpx.Response(200, json=FILE_PENDING, headers=HDRS)
        return httpx.Response(200, json=FILE_READY, headers=HDRS)

    rec = Recorder(responder)
    with _client(rec) as client:
        got = get_file.sync(client=client, file_id=FILE_ID)
        deleted = delete_file.sync_detailed(client=client, file_id=FILE_ID)
        completed = complete_file.sync(client=client, file_id=FILE_ID)
    assert [(r.method, r.url.path) for r in rec.requests] == [
        ("GET", f"/v1/files/{FILE_ID}"),
        ("DELETE", f"/v1/files/{FILE_ID}"),
        ("POST", f"/v1/files/{FILE_ID}/complete"),
    ]
    assert isinstance(got, FileObject) and got.state is FileState.READY
    assert deleted.status_code == 204 and deleted.parsed is None
    assert isinstance(completed, FileObject) and completed.state is FileState.PENDING


def test_not_found_file() -> None:
    rec = Recorder(lambda r: httpx.Response(404, json={"detail": "File not found"}))
    with _client(rec) as client:
        out = get_file.sync(client=client, file_id="nope")
    assert isinstance(out, Error) and out.detail == "File not found"


# --------------------------------------------------------------------------- the spec itself


EXPECTED_OPS = {
    ("post", "/generations"): ("create_generation", "generations"),
    ("get", "/generations/{generation_id}"): ("get_generation", "generations"),
    ("post", "/files"): ("create_file", "files"),
    ("get", "/files"): ("list_files", "files"),
    ("get", "/files/{file_id}"): ("get_file", "files"),
    ("delete", "/files/{file_id}"): ("delete_file", "files"),
    ("post", "/files/{file_id}/complete"): ("complete_file", "files"),
}


def test_spec_operations(spec: dict[str, Any]) -> None:
    assert spec["openapi"] == "3.1.0"
    assert spec["servers"][0]["url"].endswith("/v1")
    found = {}
    for path, item in spec["paths"].items():
        for method, op in item.items():
            found[(method, path)] = (op["operationId"], op["tags"][0])
            assert len(op["tags"]) == 1
            assert op["security"] == [{"bearerAuth": []}]
            assert op.get("description")
            assert "default" not in op["responses"]
            for code in ("4XX", "5XX", "401", "429"):
                assert code in op["responses"], (path, method, code)
    assert found == EXPECTED_OPS
    assert spec["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": spec["components"]["securitySchemes"]["bearerAuth"]["description"],
    }
    assert "Retry-After" in spec["components"]["responses"]["RateLimited"]["headers"]


def test_spec_every_schema_and_property_is_described(spec: dict[str, Any]) -> None:
    for name, schema in spec["components"]["schemas"].items():
        assert schema.get("description"), name
        for pname, prop in schema.get("properties", {}).items():
            target = prop
            if "$ref" in prop and "description" not in prop:
                target = spec["components"]["schemas"][prop["$ref"].rsplit("/", 1)[1]]
            assert target.get("description"), (name, pname)


def test_spec_no_forbidden_constructs(spec: dict[str, Any]) -> None:
    text = SPEC_PATH.read_text()
    assert "additionalProperties: false" not in text

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            if "enum" in node:
                assert None not in node["enum"], where
            if where.startswith("schemas") and "properties" in node:
                for key, prop in node["properties"].items():
                    assert "default" not in prop, (where, key)
            for k, v in node.items():
                walk(v, f"{where}.{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{where}[{i}]")

    walk(spec["components"]["schemas"], "schemas")
    for item in spec["paths"].values():
        for op in item.values():
            for p in op.get("parameters", []):
                assert "default" not in p.get("schema", {})


def test_spec_ranges_from_the_seed(spec: dict[str, Any]) -> None:
    s = spec["components"]["schemas"]
    for ctl, field in [
        ("DepthControl", "blur"),
        ("NormalsControl", "augmentation"),
        ("TrajectoryControl", "sparsity"),
    ]:
        assert s[ctl]["properties"][field]["minimum"] == 0 and s[ctl]["properties"][field]["maximum"] == 1
    sp = s["SourcePosition"]
    assert set(sp["required"]) == {"x_norm", "y_norm", "w_norm", "h_norm"}
    for f in ("x_norm", "y_norm"):
        assert sp["properties"][f]["minimum"] == -2 and sp["properties"][f]["maximum"] == 2
    for f in ("w_norm", "h_norm"):
        assert sp["properties"][f]["exclusiveMinimum"] == 0 and sp["properties"][f]["maximum"] == 2
    gc = s["GenerationCreate"]
    assert gc["required"] == ["prompt"]
    assert gc["properties"]["prompt"]["minLength"] == 1 and gc["properties"]["prompt"]["maxLength"] == 6000
    assert gc["properties"]["user_id"]["maxLength"] == 256
    assert "default" not in gc["properties"]["model"]
    for opts in ("VideoOptions", "VideoEditOptions"):
        assert s[opts]["properties"]["keyframes"]["maxItems"] == 64
        assert s[opts]["properties"]["keyframe_indexes"]["items"]["minimum"] == 0
    assert s["FileCreate"]["properties"]["size_bytes"]["maximum"] == 5 * 1024**3
    limit = next(p for p in spec["paths"]["/files"]["get"]["parameters"] if p["name"] == "limit")
    assert limit["schema"]["minimum"] == 1 and limit["schema"]["maximum"] == 100
    assert set(s["ImageRefData"]["required"]) == {"data", "media_type"}
    assert [v["$ref"].rsplit("/", 1)[1] for v in s["ImageRef"]["oneOf"]] == [
        "ImageRefUrl",
        "ImageRefData",
        "ImageRefGeneration",
        "ImageRefFile",
    ]


def test_spec_catalog(spec: dict[str, Any]) -> None:
    catalog = json.loads((Path(genvid_api_luma_agents.__file__).parent / "catalog.json").read_text())
    cat = {e["id"]: e for e in catalog}
    assert set(cat) == {"uni-1", "uni-1-max", "ray-3.2"}
    for e in cat.values():
        for key in ("kind", "output", "route", "status", "required", "optional", "description"):
            assert key in e, (e["id"], key)
        assert e["route"] == "create_generation"
        assert e["status"] == "current"
        assert "prompt" in e["required"]
    assert cat["uni-1"]["kind"] == "text-to-image" and cat["uni-1"]["output"] == "image"
    # types come from the body's own rules: which types the model may be sent with
    assert cat["uni-1"]["types"] == ["image", "image_edit", "layering"]
    assert cat["ray-3.2"]["types"] == ["video", "video_edit", "video_reframe"]
    ray = cat["ray-3.2"]
    assert ray["kind"] == "text-to-video" and ray["output"] == "video"
    assert (ray["width"], ray["height"], ray["fps"], ray["duration_s"]) == (1280, 720, 24, 5)
    assert ray["durations"] == ["5s", "10s"]
    assert ray["resolutions"] == ["360p", "540p", "720p", "1080p"]
    assert ray["media_inputs"]["video.start_frame"] == "image"
    assert "image_ref" not in ray["optional"] and "layering" not in ray["optional"]
    assert "video" not in cat["uni-1"]["optional"] and cat["uni-1"]["resolutions"] == ["1k", "2k"]
    assert (cat["uni-1"]["width"], cat["uni-1"]["height"]) == (1024, 1024)
    all_ratios = spec["components"]["schemas"]["AspectRatio"]["enum"]
    for e in cat.values():
        assert set(e["aspect_ratios"]) <= set(all_ratios)
