"""Tests for specs/luma.yaml and the client generated from it (genvid_api_luma).

The payloads below follow the Luma Dream Machine wire format: Generation objects in
every state, list pages, credits, ping, error bodies (string and list `detail`).
They check that the generated models parse them, keep unknown values and fields
(the service adds states and fields over time) and round-trip through to_dict.
"""

from __future__ import annotations

import copy
import datetime
import enum
import importlib
import json
import pkgutil
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

import genvid_api_luma
from genvid_api_luma import errors, models
from genvid_api_luma.api.account import get_credits, ping
from genvid_api_luma.api.generations import (
    add_audio,
    create_image,
    create_legacy,
    create_video,
    delete_generation,
    get_generation,
    list_camera_motions,
    list_concepts,
    list_generations,
    modify_video,
    reframe_image,
    reframe_video,
    upscale,
)
from genvid_api_luma.client import AuthenticatedClient
from genvid_api_luma.models import (
    AspectRatio,
    Audio,
    CharacterIdentity,
    CharacterRef,
    Concept,
    Credits,
    Error,
    ErrorIssue,
    Generation,
    GenerationAssets,
    GenerationKeyframe,
    GenerationList,
    GenerationRequest,
    GenerationState,
    ImageCreate,
    ImageFormat,
    ImageKeyframe,
    ImageModel,
    ImageReframe,
    Keyframes,
    MediaUrl,
    Ping,
    Upscale,
    VideoCreate,
    VideoModel,
    VideoModify,
    VideoModifyMode,
    VideoReframe,
    WeightedImage,
)
from genvid_api_luma.types import UNSET

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "specs" / "luma.yaml"
BASE_URL = "https://api.lumalabs.ai/dream-machine/v1"
GEN_ID = "d1968551-6113-4b46-b567-09210c2e79b0"


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text())
    return loaded


# --------------------------------------------------------------------------- payloads

VIDEO_REQUEST_ECHO: dict[str, Any] = {
    "generation_type": "video",
    "prompt": "A teddy bear in sunglasses playing electric guitar and dancing",
    "aspect_ratio": "16:9",
    "loop": False,
    "keyframes": None,
    "callback_url": None,
    "model": "ray-2",
    "resolution": "720p",
    "duration": "5s",
}

QUEUED: dict[str, Any] = {
    "id": GEN_ID,
    "generation_type": "video",
    "state": "queued",
    "failure_reason": None,
    "created_at": "2025-03-14T10:21:05.123456Z",
    "assets": None,
    "model": "ray-2",
    "request": VIDEO_REQUEST_ECHO,
}

DREAMING: dict[str, Any] = {
    **QUEUED,
    "state": "dreaming",
    "assets": {
        "video": None,
        "image": None,
        "progress_video": "https://storage.cdn-luma.com/dream_machine/d1968551/progress.mp4",
    },
}

COMPLETED_VIDEO: dict[str, Any] = {
    **QUEUED,
    "state": "completed",
    "assets": {
        "video": "https://storage.cdn-luma.com/dream_machine/d1968551/watermarked_video0.mp4",
        "image": "https://storage.cdn-luma.com/dream_machine/d1968551/video_0_thumb.jpg",
        "progress_video": None,
    },
}

COMPLETED_IMAGE: dict[str, Any] = {
    "id": "4fac0ef4-b336-45bf-a5dc-6de436cfbd62",
    "generation_type": "image",
    "state": "completed",
    "failure_reason": None,
    "created_at": "2025-03-14T10:22:00Z",
    "assets": {"image": "https://storage.cdn-luma.com/dream_machine/4fac0ef4/result.jpg"},
    "model": "photon-1",
    "request": {
        "generation_type": "image",
        "model": "photon-1",
        "prompt": "A lighthouse at dusk",
        "aspect_ratio": "16:9",
        "image_ref": [{"url": "https://example.com/ref.jpg", "weight": 0.85}],
        "sync": False,
    },
}

FAILED: dict[str, Any] = {
    **QUEUED,
    "state": "failed",
    "failure_reason": "Advanced prompt moderation failed",
    "assets": None,
}

# Image-to-video with a keyframe echo, and an extend of an earlier generation.
KEYFRAME_ECHO: dict[str, Any] = {
    **COMPLETED_VIDEO,
    "id": "d312d37a-7ff4-49f2-94f8-218f3fe2a4bd",
    "request": {
        "generation_type": "video",
        "model": "ray-flash-2",
        "prompt": "Low-angle shot of a majestic tiger prowling through a snowy landscape",
        "loop": True,
        "keyframes": {
            "frame0": {"type": "image", "url": "https://your-image-url.com/start-frame.jpg"},
            "frame1": None,
        },
    },
}

ALL_STATES = [QUEUED, DREAMING, COMPLETED_VIDEO, COMPLETED_IMAGE, FAILED, KEYFRAME_ECHO]


def _normalise(payload: dict[str, Any]) -> dict[str, Any]:
    """created_at goes through datetime, so compare it as an instant."""
    out = copy.deepcopy(payload)
    if "created_at" in out:
        out["created_at"] = datetime.datetime.fromisoformat(out["created_at"])
    return out


# --------------------------------------------------------------------------- Generation


@pytest.mark.parametrize("payload", ALL_STATES, ids=lambda p: f"{p['generation_type']}-{p['state']}")
def test_generation_parses_every_state_and_round_trips(payload: dict[str, Any]) -> None:
    gen = Generation.from_dict(copy.deepcopy(payload))
    assert gen.id == payload["id"]
    assert isinstance(gen.state, GenerationState)
    assert gen.state == payload["state"]
    assert gen.state.value == payload["state"]
    assert gen.model == payload["model"]
    assert gen.generation_type == payload["generation_type"]
    assert isinstance(gen.created_at, datetime.datetime)
    assert gen.created_at.tzinfo is not None
    assert gen.failure_reason == payload["failure_reason"]
    assert isinstance(gen.request, GenerationRequest)
    assert gen.request.to_dict() == payload["request"]
    if payload["assets"] is None:
        assert gen.assets is None
    else:
        assert isinstance(gen.assets, GenerationAssets)
    assert gen.additional_properties == {}

    out = gen.to_dict()
    assert set(out) == set(payload)
    assert _normalise(out) == _normalise(payload)
    assert json.loads(json.dumps(out)) == out  # JSON-serialisable
    assert Generation.from_dict(out) == gen


def test_completed_video_assets() -> None:
    gen = Generation.from_dict(copy.deepcopy(COMPLETED_VIDEO))
    assert gen.state is GenerationState.COMPLETED
    assert isinstance(gen.assets, GenerationAssets)
    assert isinstance(gen.assets.video, str) and gen.assets.video.endswith(".mp4")
    assert gen.assets.progress_video is None


def test_dreaming_has_progress_video_only() -> None:
    gen = Generation.from_dict(copy.deepcopy(DREAMING))
    assert gen.state is GenerationState.DREAMING
    assert isinstance(gen.assets, GenerationAssets)
    assert gen.assets.video is None
    assert isinstance(gen.assets.progress_video, str)


def test_image_generation_without_video_key() -> None:
    gen = Generation.from_dict(copy.deepcopy(COMPLETED_IMAGE))
    assert isinstance(gen.assets, GenerationAssets)
    assert gen.assets.image == COMPLETED_IMAGE["assets"]["image"]
    assert gen.assets.video is UNSET
    assert gen.assets.to_dict() == COMPLETED_IMAGE["assets"]
    assert isinstance(gen.request, GenerationRequest)
    assert gen.request["image_ref"][0]["weight"] == 0.85


def test_failed_generation_reason() -> None:
    gen = Generation.from_dict(copy.deepcopy(FAILED))
    assert gen.state is GenerationState.FAILED
    assert gen.failure_reason == "Advanced prompt moderation failed"


def test_minimal_generation_only_id() -> None:
    gen = Generation.from_dict({"id": GEN_ID})
    assert gen.id == GEN_ID
    assert gen.state is UNSET and gen.assets is UNSET and gen.request is UNSET
    assert gen.to_dict() == {"id": GEN_ID}


def test_generation_without_id_is_rejected() -> None:
    with pytest.raises(KeyError):
        Generation.from_dict({"state": "queued"})


def test_unknown_state_is_kept() -> None:
    payload = {**QUEUED, "state": "new_state"}
    gen = Generation.from_dict(payload)
    assert isinstance(gen.state, GenerationState)
    assert gen.state.value == "new_state"
    assert gen.state.name == "UNKNOWN"
    assert gen.to_dict()["state"] == "new_state"


def test_unknown_generation_type_and_model_are_plain_strings() -> None:
    payload = {**COMPLETED_VIDEO, "generation_type": "upscale_video", "model": "ray-3"}
    gen = Generation.from_dict(payload)
    assert gen.generation_type == "upscale_video"
    assert gen.model == "ray-3"


def test_unknown_fields_are_kept_everywhere() -> None:
    payload = copy.deepcopy(COMPLETED_VIDEO)
    payload["version"] = "v2"
    payload["batch_id"] = None
    payload["assets"]["audio"] = "https://storage.cdn-luma.com/x/audio.wav"
    payload["request"]["seed"] = 1234
    gen = Generation.from_dict(copy.deepcopy(payload))
    assert gen.additional_properties == {"version": "v2", "batch_id": None}
    assert gen["version"] == "v2"
    assert isinstance(gen.assets, GenerationAssets)
    assert gen.assets.additional_properties == {"audio": "https://storage.cdn-luma.com/x/audio.wav"}
    assert isinstance(gen.request, GenerationRequest)
    assert gen.request["seed"] == 1234
    assert _normalise(gen.to_dict()) == _normalise(payload)


def test_generation_callback_body_is_a_generation() -> None:
    """A callback POST carries the same Generation JSON; a luma-api-mcp style `status` is kept, not used."""
    body = {**COMPLETED_VIDEO, "status": "completed"}
    gen = Generation.from_dict(body)
    assert gen.state is GenerationState.COMPLETED
    assert gen.additional_properties == {"status": "completed"}


# --------------------------------------------------------------------------- other responses


def test_generation_list_round_trip() -> None:
    payload: dict[str, Any] = {
        "generations": [copy.deepcopy(QUEUED), copy.deepcopy(COMPLETED_IMAGE), copy.deepcopy(FAILED)],
        "count": 3,
        "has_more": True,
        "limit": 3,
        "offset": 0,
        "next_token": "abc",
    }
    page = GenerationList.from_dict(copy.deepcopy(payload))
    assert [g.state for g in page.generations] == ["queued", "completed", "failed"]
    assert page.count == 3 and page.has_more is True and page.limit == 3 and page.offset == 0
    assert page.additional_properties == {"next_token": "abc"}
    out = page.to_dict()
    assert [_normalise(g) for g in out["generations"]] == [_normalise(g) for g in payload["generations"]]
    assert {k: v for k, v in out.items() if k != "generations"} == {
        k: v for k, v in payload.items() if k != "generations"
    }


def test_generation_list_only_generations() -> None:
    page = GenerationList.from_dict({"generations": []})
    assert page.generations == [] and page.has_more is UNSET
    with pytest.raises(KeyError):
        GenerationList.from_dict({"count": 0})


def test_credits_and_ping() -> None:
    credits = Credits.from_dict({"credit_balance": 15000.5, "currency": "usd_cents"})
    assert credits.credit_balance == 15000.5
    assert credits.additional_properties == {"currency": "usd_cents"}
    assert credits.to_dict() == {"credit_balance": 15000.5, "currency": "usd_cents"}
    with pytest.raises(KeyError):
        Credits.from_dict({})
    assert Ping.from_dict({"message": "pong"}).to_dict() == {"message": "pong"}
    assert Ping.from_dict({}).message is UNSET


def test_error_with_string_detail() -> None:
    err = Error.from_dict({"detail": "Invalid API key", "request_id": "r-1"})
    assert err.detail == "Invalid API key"
    assert err.additional_properties == {"request_id": "r-1"}
    assert err.to_dict() == {"detail": "Invalid API key", "request_id": "r-1"}


def test_error_with_list_detail() -> None:
    payload = {
        "detail": [
            {
                "type": "string_too_short",
                "loc": ["body", "prompt"],
                "msg": "String should have at least 3 characters",
                "input": "hi",
                "ctx": {"min_length": 3},
            }
        ]
    }
    err = Error.from_dict(copy.deepcopy(payload))
    assert isinstance(err.detail, list)
    issue = err.detail[0]
    assert isinstance(issue, ErrorIssue)
    assert issue.loc == ["body", "prompt"]
    assert issue.type_ == "string_too_short"
    assert issue.additional_properties == {"input": "hi", "ctx": {"min_length": 3}}
    assert err.to_dict() == payload


def test_error_tolerates_odd_detail_shapes() -> None:
    assert Error.from_dict({}).detail is UNSET
    odd = Error.from_dict({"detail": {"message": "boom"}})
    raw: object = odd.detail
    assert raw == {"message": "boom"}  # kept raw rather than rejected


# --------------------------------------------------------------------------- every enum is tolerant


def _enum_classes() -> dict[str, type[enum.Enum]]:
    found: dict[str, type[enum.Enum]] = {}
    for info in pkgutil.iter_modules(models.__path__):
        module = importlib.import_module(f"{models.__name__}.{info.name}")
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, enum.Enum) and obj.__module__ == module.__name__:
                found[obj.__name__] = obj
    return found


def _response_schema_names(spec: dict[str, Any]) -> set[str]:
    """Names of component schemas reachable from any response (and callback) body."""
    schemas = spec["components"]["schemas"]
    responses = spec["components"].get("responses", {})
    seen: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                if ref.startswith("#/components/schemas/"):
                    name = ref.rsplit("/", 1)[1]
                    if name not in seen:
                        seen.add(name)
                        walk(schemas[name])
                elif ref.startswith("#/components/responses/"):
                    walk(responses[ref.rsplit("/", 1)[1]])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path_item in spec["paths"].values():
        for op in path_item.values():
            walk(op.get("responses", {}))
            walk(op.get("callbacks", {}))
    return seen


def test_response_enums_found(spec: dict[str, Any]) -> None:
    reachable = _response_schema_names(spec)
    response_enums = {n for n in reachable if "enum" in spec["components"]["schemas"][n]}
    assert "GenerationState" in response_enums
    assert {"Generation", "GenerationList", "Credits", "Ping", "Error", "ErrorIssue"} <= reachable


def test_every_response_enum_accepts_unknown_values(spec: dict[str, Any]) -> None:
    classes = _enum_classes()
    schemas = spec["components"]["schemas"]
    response_enums = sorted(n for n in _response_schema_names(spec) if "enum" in schemas[n])
    assert response_enums, "no enum reachable from a response"
    for name in response_enums:
        cls = classes[name]
        for known in schemas[name]["enum"]:
            member = cls(known)
            assert member.value == known
            assert member.name != "UNKNOWN"
        odd = cls("new_state")
        assert odd.value == "new_state"
        assert odd.name == "UNKNOWN"
        assert str(odd) == "new_state"


def test_every_generated_enum_accepts_unknown_values(spec: dict[str, Any]) -> None:
    classes = _enum_classes()
    spec_enums = {n for n, s in spec["components"]["schemas"].items() if "enum" in s}
    assert spec_enums <= set(classes), spec_enums - set(classes)
    for cls in classes.values():
        assert cls("brand_new_value").value == "brand_new_value"


# --------------------------------------------------------------------------- request bodies


def test_text_to_video_body_sends_only_what_was_set() -> None:
    body = VideoCreate(model=VideoModel.RAY_2, prompt="A teddy bear in sunglasses playing electric guitar and dancing")
    assert body.to_dict() == {"model": "ray-2",
                              "prompt": "A teddy bear in sunglasses playing electric guitar and dancing"}


def test_full_video_body() -> None:
    body = VideoCreate(
        model=VideoModel.RAY_2,
        prompt="A tiger in snow",
        aspect_ratio=AspectRatio.RATIO_9_16,
        resolution="1080p",
        duration="9s",
        loop=True,
        concepts=[Concept(key="dolly_zoom")],
        generation_type="video",
        keyframes=Keyframes(frame0=ImageKeyframe(type_="image", url="https://x/start.jpg")),
        callback_url="https://hooks.example.com/luma",
    )
    assert body.to_dict() == {
        "model": "ray-2",
        "prompt": "A tiger in snow",
        "aspect_ratio": "9:16",
        "resolution": "1080p",
        "duration": "9s",
        "loop": True,
        "concepts": [{"key": "dolly_zoom"}],
        "generation_type": "video",
        "keyframes": {"frame0": {"type": "image", "url": "https://x/start.jpg"}},
        "callback_url": "https://hooks.example.com/luma",
    }


def test_keyframe_variants_parse_by_type_tag() -> None:
    wire = {
        "frame0": {"type": "generation", "id": "d312d37a-7ff4-49f2-94f8-218f3fe2a4bd"},
        "frame1": {"type": "image", "url": "https://x/end.jpg"},
    }
    kf = Keyframes.from_dict(copy.deepcopy(wire))
    assert isinstance(kf.frame0, GenerationKeyframe)
    assert isinstance(kf.frame1, ImageKeyframe)
    assert kf.to_dict() == wire
    with pytest.raises(ValueError):
        ImageKeyframe.from_dict({"type": "generation", "url": "https://x"})


def test_image_bodies() -> None:
    body = ImageCreate(
        model=ImageModel.PHOTON_FLASH_1,
        prompt="A lighthouse",
        format_=ImageFormat.PNG,
        image_ref=[WeightedImage(url="https://x/a.jpg", weight=0.5)],
        style_ref=[WeightedImage(url="https://x/s.jpg", weight=0.8)],
        modify_image_ref=WeightedImage(url="https://x/m.jpg", weight=1.0),
        character_ref=CharacterRef(identity0=CharacterIdentity(images=["https://x/p1.jpg"])),
        sync=True,
        sync_timeout=30,
    )
    out = body.to_dict()
    assert out["model"] == "photon-flash-1"
    assert out["format"] == "png"
    assert out["character_ref"] == {"identity0": {"images": ["https://x/p1.jpg"]}}
    assert ImageCreate.from_dict(out).to_dict() == out

    reframe = ImageReframe(
        aspect_ratio=AspectRatio.RATIO_1_1, media=MediaUrl(url="https://x/i.jpg"), model=ImageModel.PHOTON_1
    )
    assert reframe.to_dict() == {
        "aspect_ratio": "1:1",
        "generation_type": "reframe_image",
        "media": {"url": "https://x/i.jpg"},
        "model": "photon-1",
    }


def test_video_operation_bodies_fill_in_their_type_tag() -> None:
    modify = VideoModify(
        media=MediaUrl(url="https://x/v.mp4"), model=VideoModel.RAY_FLASH_2, mode=VideoModifyMode.FLEX_2
    )
    assert modify.to_dict() == {
        "generation_type": "modify_video",
        "media": {"url": "https://x/v.mp4"},
        "model": "ray-flash-2",
        "mode": "flex_2",
    }
    reframe = VideoReframe(
        aspect_ratio=AspectRatio.RATIO_21_9,
        media=MediaUrl(url="https://x/v.mp4"),
        model=VideoModel.RAY_2,
        x_start=10,
        first_frame=MediaUrl(url="https://x/f.jpg"),
    )
    assert reframe.to_dict()["generation_type"] == "reframe_video"
    assert reframe.to_dict()["x_start"] == 10
    assert Upscale(resolution="4k").to_dict() == {"resolution": "4k"}
    assert Audio(prompt="rain", negative_prompt="music").to_dict() == {
        "prompt": "rain",
        "negative_prompt": "music",
    }
    assert {m.value for m in VideoModifyMode} == {
        f"{k}_{i}" for k in ("adhere", "flex", "reimagine") for i in (1, 2, 3)
    }


# --------------------------------------------------------------------------- HTTP through a mock transport


class Recorder:
    def __init__(self, status: int, body: Any = None, content: bytes | None = None) -> None:
        self.status = status
        self.body = body
        self.content = content
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.content is not None:
            return httpx.Response(self.status, content=self.content, headers={"content-type": "text/html"})
        if self.body is None:
            return httpx.Response(self.status)
        return httpx.Response(self.status, json=self.body)


def _client(rec: Recorder) -> AuthenticatedClient:
    return AuthenticatedClient(
        base_url=BASE_URL, token="luma-test-key", httpx_args={"transport": httpx.MockTransport(rec)}
    )


def test_create_video_wire_and_201() -> None:
    rec = Recorder(201, copy.deepcopy(QUEUED))
    resp = create_video.sync_detailed(client=_client(rec), body=VideoCreate(model=VideoModel.RAY_2,
                                                                           prompt="A teddy bear dancing"))
    req = rec.requests[0]
    assert req.method == "POST"
    assert str(req.url) == f"{BASE_URL}/generations/video"
    assert req.headers["authorization"] == "Bearer luma-test-key"
    assert json.loads(req.content) == {"model": "ray-2", "prompt": "A teddy bear dancing"}
    assert resp.status_code == 201
    assert isinstance(resp.parsed, Generation)
    assert resp.parsed.state is GenerationState.QUEUED


def test_create_video_200_and_legacy_path() -> None:
    rec = Recorder(200, copy.deepcopy(QUEUED))
    gen = create_legacy.sync(client=_client(rec), body=VideoCreate(model=VideoModel.RAY_2, prompt="A teddy bear"))
    assert isinstance(gen, Generation)
    assert rec.requests[0].url.path == "/dream-machine/v1/generations"
    gen2 = create_video.sync(client=_client(rec), body=VideoCreate(model=VideoModel.RAY_FLASH_2, prompt="x y z"))
    assert isinstance(gen2, Generation)


@pytest.mark.parametrize(
    ("call", "path"),
    [
        (
            lambda c: create_image.sync(client=c, body=ImageCreate(model=ImageModel.PHOTON_1)),
            "/generations/image",
        ),
        (
            lambda c: reframe_image.sync(
                client=c,
                body=ImageReframe(
                    aspect_ratio=AspectRatio.RATIO_16_9, media=MediaUrl(url="u"), model=ImageModel.PHOTON_1
                ),
            ),
            "/generations/image/reframe",
        ),
        (
            lambda c: modify_video.sync(
                client=c,
                body=VideoModify(
                    media=MediaUrl(url="u"), model=VideoModel.RAY_2, mode=VideoModifyMode.ADHERE_1
                ),
            ),
            "/generations/video/modify",
        ),
        (
            lambda c: reframe_video.sync(
                client=c,
                body=VideoReframe(
                    aspect_ratio=AspectRatio.RATIO_9_16, media=MediaUrl(url="u"), model=VideoModel.RAY_2
                ),
            ),
            "/generations/video/reframe",
        ),
        (
            lambda c: upscale.sync(GEN_ID, client=c, body=Upscale(resolution="1080p")),
            f"/generations/{GEN_ID}/upscale",
        ),
        (
            lambda c: add_audio.sync(GEN_ID, client=c, body=Audio(prompt="rain")),
            f"/generations/{GEN_ID}/audio",
        ),
    ],
)
def test_other_create_operations(call: Any, path: str) -> None:
    rec = Recorder(201, copy.deepcopy(QUEUED))
    result = call(_client(rec))
    assert isinstance(result, Generation)
    assert rec.requests[0].method == "POST"
    assert rec.requests[0].url.path == "/dream-machine/v1" + path


def test_get_list_delete() -> None:
    rec = Recorder(200, copy.deepcopy(COMPLETED_VIDEO))
    gen = get_generation.sync(GEN_ID, client=_client(rec))
    assert isinstance(gen, Generation) and gen.state is GenerationState.COMPLETED
    assert rec.requests[0].url.path == f"/dream-machine/v1/generations/{GEN_ID}"

    rec = Recorder(
        200,
        {"generations": [copy.deepcopy(QUEUED)], "count": 1, "has_more": False, "limit": 10, "offset": 20},
    )
    page = list_generations.sync(client=_client(rec), limit=10, offset=20)
    assert isinstance(page, GenerationList) and page.count == 1
    assert dict(rec.requests[0].url.params) == {"limit": "10", "offset": "20"}
    rec2 = Recorder(200, {"generations": []})
    list_generations.sync(client=_client(rec2))
    assert rec2.requests[0].url.query == b""  # no defaults sent

    for status in (204, 200):
        rec = Recorder(status)
        resp = delete_generation.sync_detailed(GEN_ID, client=_client(rec))
        assert resp.status_code == status and resp.parsed is None
        assert rec.requests[0].method == "DELETE"


def test_lists_credits_ping() -> None:
    rec = Recorder(200, ["dolly_zoom", "pan_left"])
    assert list_concepts.sync(client=_client(rec)) == ["dolly_zoom", "pan_left"]
    assert rec.requests[0].url.path == "/dream-machine/v1/generations/concepts/list"
    rec = Recorder(200, ["Static", "Move Left", "Orbit Left"])
    assert list_camera_motions.sync(client=_client(rec)) == ["Static", "Move Left", "Orbit Left"]
    assert rec.requests[0].url.path == "/dream-machine/v1/generations/camera_motion/list"
    rec = Recorder(200, {"credit_balance": 1234.0})
    credits = get_credits.sync(client=_client(rec))
    assert isinstance(credits, Credits) and credits.credit_balance == 1234.0
    rec = Recorder(200, {"message": "pong"})
    pong = ping.sync(client=_client(rec))
    assert isinstance(pong, Ping) and pong.message == "pong"


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422, 429, 402, 413, 500, 503])
def test_errors_parse_into_error(status: int) -> None:
    rec = Recorder(status, {"detail": "nope"})
    resp = get_generation.sync_detailed(GEN_ID, client=_client(rec))
    assert resp.status_code == status
    assert isinstance(resp.parsed, Error) and resp.parsed.detail == "nope"


def test_html_gateway_error_is_malformed_response() -> None:
    rec = Recorder(502, content=b"<html>Bad gateway</html>")
    with pytest.raises(errors.MalformedResponse) as exc:
        get_generation.sync_detailed(GEN_ID, client=_client(rec))
    assert exc.value.status_code == 502


# --------------------------------------------------------------------------- spec conventions and catalog


def _operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(p, m, op) for p, item in spec["paths"].items() for m, op in item.items()]


def test_operation_ids_tags_security(spec: dict[str, Any]) -> None:
    expected = {
        "create_video": ("post", "/generations/video", "generations"),
        "create_legacy": ("post", "/generations", "generations"),
        "create_image": ("post", "/generations/image", "generations"),
        "reframe_image": ("post", "/generations/image/reframe", "generations"),
        "modify_video": ("post", "/generations/video/modify", "generations"),
        "reframe_video": ("post", "/generations/video/reframe", "generations"),
        "upscale": ("post", "/generations/{id}/upscale", "generations"),
        "add_audio": ("post", "/generations/{id}/audio", "generations"),
        "get_generation": ("get", "/generations/{id}", "generations"),
        "list_generations": ("get", "/generations", "generations"),
        "delete_generation": ("delete", "/generations/{id}", "generations"),
        "list_concepts": ("get", "/generations/concepts/list", "generations"),
        "list_camera_motions": ("get", "/generations/camera_motion/list", "generations"),
        "get_credits": ("get", "/credits", "account"),
        "ping": ("get", "/ping", "account"),
    }
    found = {op["operationId"]: (m, p, op["tags"][0]) for p, m, op in _operations(spec)}
    assert found == expected
    for _, _, op in _operations(spec):
        assert op["security"] == [{"bearerAuth": []}]
        assert len(op["tags"]) == 1
        assert op.get("description")
        assert "default" not in op["responses"]
        assert {"4XX", "5XX"} <= set(op["responses"])
    assert spec["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": spec["components"]["securitySchemes"]["bearerAuth"]["description"],
    }


def test_every_schema_and_property_is_described(spec: dict[str, Any]) -> None:
    for name, schema in spec["components"]["schemas"].items():
        assert schema.get("description"), name
        assert schema.get("additionalProperties") is not False, name
        for prop_name, prop in schema.get("properties", {}).items():
            assert prop.get("description") or "$ref" in prop, f"{name}.{prop_name}"
            assert "default" not in prop or "const" in prop, f"{name}.{prop_name} has a server-side default"


def test_create_video_declares_callback(spec: dict[str, Any]) -> None:
    callbacks = spec["paths"]["/generations/video"]["post"]["callbacks"]
    (expr,) = callbacks["generationUpdate"]
    assert expr == "{$request.body#/callback_url}"
    post = callbacks["generationUpdate"][expr]["post"]
    assert post["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Generation"
    }
    assert "retries up to 3 times" in post["description"]


def test_video_create_model_is_required_as_luma_documents(spec: dict[str, Any]) -> None:
    schema = spec["components"]["schemas"]["VideoCreate"]
    assert schema["required"] == ["model"]
    assert spec["components"]["schemas"]["VideoModel"]["enum"] == ["ray-2", "ray-flash-2"]


def test_catalog(spec: dict[str, Any]) -> None:
    catalog = json.loads((Path(genvid_api_luma.__file__).parent / "catalog.json").read_text())
    op_ids = {op["operationId"] for _, _, op in _operations(spec)}
    by_id = {e["id"]: e for e in catalog}
    assert set(by_id) == {
        "ray-2",
        "ray-flash-2",
        "ray-1-6",
        "photon-1",
        "photon-flash-1",
        "modify-video",
        "reframe-video",
        "reframe-image",
        "upscale",
        "audio",
    }
    for entry in catalog:
        for key in ("id", "kind", "output", "route", "status", "required", "optional", "media_inputs",
                    "description"):
            assert key in entry, (entry["id"], key)
        assert entry["route"] in op_ids
        assert entry["output"] in ("video", "image")
        assert entry["status"] in ("current", "deprecated", "retired")
    assert by_id["ray-1-6"]["status"] == "retired"
    ray2 = by_id["ray-2"]
    assert ray2["route"] == "create_video" and ray2["kind"] == "text-to-video"
    assert ray2["media_inputs"] == {"keyframes.frame0.url": "image", "keyframes.frame1.url": "image"}  # URLs only
    assert (ray2["width"], ray2["height"], ray2["fps"], ray2["duration_s"]) == (1280, 720, 24, 5)
    assert ray2["durations"] == ["5s", "9s"]
    assert set(ray2["aspect_ratios"]) == set(spec["components"]["schemas"]["AspectRatio"]["enum"])
    assert by_id["photon-1"]["route"] == "create_image" and by_id["photon-1"]["output"] == "image"
    # Every listed field exists in the route's request body.
    bodies = {
        op["operationId"]: op["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[
            1
        ]
        for _, _, op in _operations(spec)
        if "requestBody" in op
    }
    for entry in catalog:
        props = spec["components"]["schemas"][bodies[entry["route"]]]["properties"]
        for field in entry["required"] + entry["optional"]:
            assert field.split(".")[0] in props, (entry["id"], field)
