"""Spec-level tests for specs/fal.yaml and its generated client genvid_api_fal.

Realistic fal.ai queue responses (from the fal wire reference and the fal model page of
decart/lucy-14b/image-to-video) are pushed through the generated endpoint functions with an
httpx.MockTransport, so the request shape (paths with unescaped app ids, auth header, query
and header params) and the response parsing are checked together.
"""

from __future__ import annotations

import datetime
import enum
import importlib
import io
import json
import pkgutil
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

import genvid_api_fal
from genvid_api_fal import AuthenticatedClient, errors, models
from genvid_api_fal.api.endpoints import (
    submit_decart_lucy_14b_image_to_video,
    submit_decart_lucy_edit_pro,
    submit_decart_lucy_restyle,
    submit_fal_ai_decart_lucy_5b_image_to_video,
)
from genvid_api_fal.api.queue import (
    queue_cancel,
    queue_result,
    queue_status,
    queue_status_stream,
    queue_submit,
)
from genvid_api_fal.api.storage import (
    cdn_multipart_complete,
    cdn_multipart_initiate,
    cdn_multipart_part,
    cdn_upload,
    storage_auth_token,
    storage_upload_initiate,
)
from genvid_api_fal.types import UNSET, File

SPEC_PATH = Path(__file__).resolve().parent.parent / "specs" / "fal.yaml"
SPEC: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text())

REQ_ID = "764cabcf-b745-4b3e-ae38-1200304cf45b"
QUEUE = "https://queue.fal.run"
BASE_URLS = {
    "request_id": REQ_ID,
    "response_url": f"{QUEUE}/decart/lucy-14b/requests/{REQ_ID}",
    "status_url": f"{QUEUE}/decart/lucy-14b/requests/{REQ_ID}/status",
    "cancel_url": f"{QUEUE}/decart/lucy-14b/requests/{REQ_ID}/cancel",
}
SEED_PROMPT = (
    "A cinematic video begins with a woman standing in an art studio, wearing a paint-splattered apron "
    "over a white off-shoulder blouse, surrounded by colorful canvases on easels."
)
SEED_IMAGE = "https://storage.googleapis.com/falserverless/model_tests/lucy-14b/lucy-14b-art-swirl-image.png"
SEED_VIDEO = "https://storage.googleapis.com/falserverless/model_tests/lucy-14b/lucy-14b-art-swirl-video.mp4"


# --------------------------------------------------------------------------- helpers


class Recorder:
    """A MockTransport handler that records requests and answers with a canned response."""

    def __init__(
        self, status: int, body: Any = None, *, headers: dict[str, str] | None = None, text: str | None = None
    ):
        self.status = status
        self.body = body
        self.headers = headers or {}
        self.text = text
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.text is not None:
            return httpx.Response(self.status, text=self.text, headers=self.headers)
        if self.body is None:
            return httpx.Response(self.status, headers=self.headers)
        return httpx.Response(self.status, json=self.body, headers=self.headers)

    @property
    def last(self) -> httpx.Request:
        assert self.requests, "no request was sent"
        return self.requests[-1]


def client_for(
    handler: Callable[[httpx.Request], httpx.Response], base_url: str = QUEUE, **kw: Any
) -> AuthenticatedClient:
    kw.setdefault("token", "key-id:key-secret")
    kw.setdefault("prefix", "Key")
    return AuthenticatedClient(
        base_url=base_url, httpx_args={"transport": httpx.MockTransport(handler)}, **kw
    )


def raw_path(request: httpx.Request) -> str:
    return request.url.raw_path.decode().split("?")[0]


# --------------------------------------------------------------------------- submit


SUBMIT_BODY = {
    **BASE_URLS,
    "status": "IN_QUEUE",
    "queue_position": 0,
    "gateway_request_id": REQ_ID,
}


def test_queue_submit_wire_and_parse() -> None:
    rec = Recorder(200, SUBMIT_BODY, headers={"x-fal-request-id": REQ_ID})
    body = models.AppInput.from_dict({"prompt": "make it snow", "video_url": SEED_VIDEO})
    with client_for(rec) as client:
        resp = queue_submit.sync_detailed(
            "decart/lucy-edit/pro",
            client=client,
            body=body,
            fal_webhook="https://example.com/hook?x=1",
            fal_max_queue_length=10,
            x_fal_request_timeout="30.0",
            x_fal_queue_priority=models.QueuePriority.LOW,
            x_fal_runner_hint="h1",
            x_fal_no_retry="1",
            x_fal_store_io="0",
            x_fal_object_lifecycle_preference=json.dumps(
                models.ObjectLifecyclePreference(expiration_duration_seconds=3600).to_dict()
            ),
        )
    req = rec.last
    assert req.method == "POST"
    assert raw_path(req) == "/decart/lucy-edit/pro"  # slashes of the app id stay unescaped
    assert req.headers["authorization"] == "Key key-id:key-secret"
    assert req.headers["x-fal-request-timeout"] == "30.0"
    assert req.headers["x-fal-queue-priority"] == "low"
    assert req.headers["x-fal-runner-hint"] == "h1"
    assert req.headers["x-fal-no-retry"] == "1"
    assert req.headers["x-fal-store-io"] == "0"
    assert json.loads(req.headers["x-fal-object-lifecycle-preference"]) == {
        "expiration_duration_seconds": 3600
    }
    assert req.url.params["fal_webhook"] == "https://example.com/hook?x=1"
    assert req.url.params["fal_max_queue_length"] == "10"
    assert json.loads(req.content) == {"prompt": "make it snow", "video_url": SEED_VIDEO}

    parsed = resp.parsed
    assert isinstance(parsed, models.QueueSubmitResponse)
    assert parsed.request_id == REQ_ID
    assert parsed.status == models.QueueState.IN_QUEUE
    assert parsed.queue_position == 0
    assert parsed.status_url.endswith("/status")
    assert parsed.to_dict() == SUBMIT_BODY


def test_queue_submit_minimal_response_and_extra_fields() -> None:
    body = {**BASE_URLS, "status": "QUEUED_SOMEWHERE_NEW", "brand_new_field": {"a": 1}}
    parsed = models.QueueSubmitResponse.from_dict(body)
    assert parsed.status is not UNSET
    assert isinstance(parsed.status, models.QueueState)
    assert parsed.status.value == "QUEUED_SOMEWHERE_NEW"
    assert parsed.additional_properties == {"brand_new_field": {"a": 1}}
    assert parsed.queue_position is UNSET
    assert parsed.to_dict() == body


def test_queue_submit_missing_required_url_is_malformed() -> None:
    broken = {k: v for k, v in SUBMIT_BODY.items() if k != "cancel_url"}
    with client_for(Recorder(200, broken)) as client, pytest.raises(errors.MalformedResponse):
        queue_submit.sync_detailed("decart/lucy-i2v", client=client, body=models.AppInput())


def test_sync_run_uses_queue_submit_request_on_run_host() -> None:
    """The run host returns the model output; the request is queue_submit's, sent raw."""
    output = {"video": {"url": SEED_VIDEO, "content_type": "video/mp4"}}
    rec = Recorder(200, output)
    body = models.LucyI2VInput(prompt="p", image_url=SEED_IMAGE)
    with client_for(rec, base_url="https://fal.run") as client:
        kwargs = queue_submit._get_kwargs(
            "decart/lucy-i2v", body=models.AppInput.from_dict(body.to_dict()), x_fal_request_timeout="60.0"
        )
        raw = client.get_httpx_client().request(**kwargs)
        # The generated parser expects a QueueSubmitResponse, so it reports the output as malformed
        # while keeping the raw body.
        with pytest.raises(errors.MalformedResponse) as info:
            queue_submit.sync_detailed(
                "decart/lucy-i2v", client=client, body=models.AppInput.from_dict(body.to_dict())
            )
    first = rec.requests[0]
    assert str(first.url) == "https://fal.run/decart/lucy-i2v"
    assert first.headers["authorization"] == "Key key-id:key-secret"
    assert first.headers["x-fal-request-timeout"] == "60.0"
    assert json.loads(first.content) == {"prompt": "p", "image_url": SEED_IMAGE}
    assert models.VideoOutput.from_dict(raw.json()).video.url == SEED_VIDEO
    assert json.loads(info.value.content) == output
    run = SPEC["x-genvid-run"]
    assert run["path"] == "/{app_id}" and run["method"] == "post" and run["host"] == "run"
    assert run["operation"] == "queue_submit"


def test_typed_submit_sends_seed_example_body() -> None:
    seed_input = {
        "prompt": SEED_PROMPT,
        "image_url": SEED_IMAGE,
        "resolution": "720p",
        "aspect_ratio": "16:9",
        "sync_mode": True,
    }
    body = models.Lucy14BImageToVideoInput(
        prompt=SEED_PROMPT,
        image_url=SEED_IMAGE,
        resolution=models.LucyResolution.RES_720P,
        aspect_ratio=models.LucyAspectRatio.LANDSCAPE_16_9,
        sync_mode=True,
    )
    assert body.to_dict() == seed_input
    assert models.Lucy14BImageToVideoInput.from_dict(seed_input).to_dict() == seed_input
    rec = Recorder(200, SUBMIT_BODY)
    with client_for(rec) as client:
        parsed = submit_decart_lucy_14b_image_to_video.sync(
            client=client, body=body, x_fal_queue_priority=models.QueuePriority.NORMAL
        )
    assert isinstance(parsed, models.QueueSubmitResponse)
    assert raw_path(rec.last) == "/decart/lucy-14b/image-to-video"
    assert json.loads(rec.last.content) == seed_input
    assert rec.last.headers["x-fal-queue-priority"] == "normal"


def test_typed_submit_omits_unset_fields_and_server_defaults() -> None:
    """No schema default leaks onto the wire: unset fields are not sent."""
    rec = Recorder(200, SUBMIT_BODY)
    with client_for(rec) as client:
        submit_decart_lucy_edit_pro.sync(
            client=client, body=models.LucyEditProInput(prompt="p", video_url=SEED_VIDEO)
        )
        submit_decart_lucy_restyle.sync(
            client=client,
            body=models.LucyRestyleInput(prompt="anime", video_url="data:video/mp4;base64,AAAA", seed=7),
        )
        submit_fal_ai_decart_lucy_5b_image_to_video.sync(
            client=client,
            body=models.Lucy5BImageToVideoInput(
                prompt="p", image_url=SEED_IMAGE, aspect_ratio=models.LucyAspectRatio.PORTRAIT_9_16
            ),
        )
    first, second, third = rec.requests
    assert raw_path(first) == "/decart/lucy-edit/pro"
    assert json.loads(first.content) == {"prompt": "p", "video_url": SEED_VIDEO}
    assert raw_path(second) == "/decart/lucy-restyle"
    assert json.loads(second.content) == {
        "prompt": "anime",
        "video_url": "data:video/mp4;base64,AAAA",
        "seed": 7,
    }
    assert raw_path(third) == "/fal-ai/decart/lucy-5b/image-to-video"
    assert json.loads(third.content) == {"prompt": "p", "image_url": SEED_IMAGE, "aspect_ratio": "9:16"}


# --------------------------------------------------------------------------- status


LOG = {
    "message": "Generating frame 12/120",
    "level": "INFO",
    "source": "USER",
    "timestamp": "2025-01-01T12:00:01.123456",
}

STATUS_CASES: list[tuple[int, dict[str, Any], type]] = [
    (202, {**BASE_URLS, "status": "IN_QUEUE", "queue_position": 3}, models.QueueStatusInQueue),
    (
        202,
        {**BASE_URLS, "status": "IN_PROGRESS", "logs": [LOG, {**LOG, "level": "STDERR", "message": "warn"}]},
        models.QueueStatusInProgress,
    ),
    (202, {"status": "IN_PROGRESS", "logs": None}, models.QueueStatusInProgress),
    (
        200,
        {**BASE_URLS, "status": "COMPLETED", "logs": None, "metrics": {"inference_time": 41.7}},
        models.QueueStatusCompleted,
    ),
    (
        200,
        {
            **BASE_URLS,
            "status": "COMPLETED",
            "logs": [LOG],
            "metrics": {},
            "error": "Invalid status code: 422",
            "error_type": "runner_disconnected",
        },
        models.QueueStatusCompleted,
    ),
    (200, {**BASE_URLS, "status": "FAILED"}, models.QueueStatusOther),
    (202, {"status": "new_state", "request_id": REQ_ID, "eta_seconds": 12}, models.QueueStatusOther),
]


@pytest.mark.parametrize(("code", "body", "cls"), STATUS_CASES)
def test_queue_status_every_state(code: int, body: dict[str, Any], cls: type) -> None:
    rec = Recorder(code, body)
    with client_for(rec) as client:
        resp = queue_status.sync_detailed("decart/lucy-14b", REQ_ID, client=client, logs="1")
    assert raw_path(rec.last) == f"/decart/lucy-14b/requests/{REQ_ID}/status"
    assert rec.last.url.params["logs"] == "1"
    assert rec.last.headers["authorization"].startswith("Key ")
    assert resp.status_code == code
    parsed = resp.parsed
    assert type(parsed) is cls
    assert parsed is not None and not isinstance(parsed, models.FalError)
    assert parsed.to_dict() == body


def test_queue_status_details() -> None:
    in_queue = models.QueueStatusInQueue.from_dict(STATUS_CASES[0][1])
    assert in_queue.queue_position == 3
    running = models.QueueStatusInProgress.from_dict(STATUS_CASES[1][1])
    assert isinstance(running.logs, list)
    assert running.logs[0].message == "Generating frame 12/120"
    assert running.logs[0].level == models.LogLevel.INFO
    assert running.logs[1].level == models.LogLevel.STDERR
    assert running.logs[0].source == "USER"
    failed = models.QueueStatusCompleted.from_dict(STATUS_CASES[4][1])
    assert failed.error == "Invalid status code: 422"
    assert failed.error_type == "runner_disconnected"
    done = models.QueueStatusCompleted.from_dict(STATUS_CASES[3][1])
    assert isinstance(done.metrics, models.QueueMetrics)
    assert done.metrics.inference_time == 41.7
    assert done.error is UNSET
    other = models.QueueStatusOther.from_dict(STATUS_CASES[6][1])
    assert other.status == "new_state"
    assert other.additional_properties == {"eta_seconds": 12}


def test_queue_status_unknown_log_level_and_extra_fields_are_kept() -> None:
    body = {
        "status": "IN_PROGRESS",
        "logs": [{**LOG, "level": "new_state", "thread": "main"}],
        "request_id": REQ_ID,
        "queue_region": "us-east",
    }
    with client_for(Recorder(202, body)) as client:
        parsed = queue_status.sync("decart/lucy-14b", REQ_ID, client=client, logs="true")
    assert isinstance(parsed, models.QueueStatusInProgress)
    assert isinstance(parsed.logs, list)
    assert parsed.logs[0].level.value == "new_state"
    assert parsed.logs[0].additional_properties == {"thread": "main"}
    assert parsed.additional_properties == {"queue_region": "us-east"}
    assert parsed.to_dict() == body


def test_queue_status_in_queue_without_position_falls_back() -> None:
    body = {"status": "IN_QUEUE"}
    with client_for(Recorder(202, body)) as client:
        parsed = queue_status.sync("fal-ai/decart", REQ_ID, client=client)
    assert type(parsed) is models.QueueStatusOther
    assert parsed.status == "IN_QUEUE"


def test_queue_status_error_and_html() -> None:
    body = {"detail": "Request not found"}
    with client_for(Recorder(404, body)) as client:
        parsed = queue_status.sync("decart/lucy-14b", REQ_ID, client=client)
    assert isinstance(parsed, models.FalError)
    assert parsed.detail == "Request not found"
    html = Recorder(502, text="<html>nginx bad gateway</html>")
    with client_for(html) as client, pytest.raises(errors.MalformedResponse):
        queue_status.sync_detailed("decart/lucy-14b", REQ_ID, client=client)


def test_queue_status_stream_returns_sse_text() -> None:
    events = [
        {"status": "IN_QUEUE", "queue_position": 0},
        {"status": "IN_PROGRESS", "logs": [LOG]},
        {"status": "COMPLETED", "logs": [LOG]},
    ]
    text = ": keep-alive\n\n" + "".join(f"data: {json.dumps(e)}\n\n" for e in events)
    rec = Recorder(200, text=text, headers={"content-type": "text/event-stream"})
    with client_for(rec) as client:
        resp = queue_status_stream.sync_detailed("decart/lucy-edit", REQ_ID, client=client, logs="0")
    assert raw_path(rec.last) == f"/decart/lucy-edit/requests/{REQ_ID}/status/stream"
    assert rec.last.url.params["logs"] == "0"
    assert isinstance(resp.parsed, str)
    datas = [
        json.loads(line[len("data: ") :]) for line in resp.parsed.splitlines() if line.startswith("data: ")
    ]
    first = models.QueueStatusInQueue.from_dict(datas[0])
    second = models.QueueStatusInProgress.from_dict(datas[1])
    third = models.QueueStatusCompleted.from_dict(datas[2])
    assert [first.status, second.status, third.status] == ["IN_QUEUE", "IN_PROGRESS", "COMPLETED"]


# --------------------------------------------------------------------------- result


SEED_OUTPUT = {"video": {"url": SEED_VIDEO}}


def test_queue_result_video_output() -> None:
    full = {
        "video": {
            "url": "https://v3b.fal.media/files/b/koala/abc123_output.mp4",
            "content_type": "video/mp4",
            "file_name": "output.mp4",
            "file_size": 1843211,
        },
        "seed": 42,
    }
    rec = Recorder(200, full, headers={"x-fal-request-id": REQ_ID})
    with client_for(rec) as client:
        resp = queue_result.sync_detailed("decart/lucy-14b", REQ_ID, client=client)
    assert raw_path(rec.last) == f"/decart/lucy-14b/requests/{REQ_ID}"
    assert rec.last.method == "GET"
    assert isinstance(resp.parsed, models.AppOutput)
    assert resp.parsed.to_dict() == full
    out = models.VideoOutput.from_dict(resp.parsed.to_dict())
    assert out.video.content_type == "video/mp4"
    assert out.video.file_size == 1843211
    assert out.additional_properties == {"seed": 42}
    assert out.to_dict() == full
    seed = models.VideoOutput.from_dict(SEED_OUTPUT)
    assert seed.video.url == SEED_VIDEO and seed.video.file_name is UNSET
    assert seed.to_dict() == SEED_OUTPUT


def test_queue_result_validation_error_list() -> None:
    body = {
        "detail": [
            {
                "loc": ["body", "prompt"],
                "msg": "Field required",
                "type": "missing",
                "url": "https://errors.pydantic.dev/2.10/v/missing",
                "input": {"image_url": SEED_IMAGE},
            },
            {
                "loc": ["body", "image_url", 0],
                "msg": "bad",
                "type": "value_error",
                "ctx": {"max_length": 2048},
            },
        ]
    }
    with client_for(Recorder(422, body, headers={"x-fal-retryable": "false"})) as client:
        resp = queue_result.sync_detailed("decart/lucy-14b", REQ_ID, client=client)
    assert resp.status_code == 422
    assert resp.headers["x-fal-retryable"] == "false"
    err = resp.parsed
    assert isinstance(err, models.FalError)
    assert isinstance(err.detail, list)
    assert err.detail[0].loc == ["body", "prompt"]
    assert err.detail[0].type_ == "missing"
    assert err.detail[1].loc == ["body", "image_url", 0]
    assert err.to_dict() == body


def test_infrastructure_error() -> None:
    body = {
        "detail": "Request timed out",
        "error_type": "request_timeout",
        "hint": "raise X-Fal-Request-Timeout",
    }
    headers = {"x-fal-error-type": "request_timeout", "x-fal-request-timeout-type": "user"}
    with client_for(Recorder(504, body, headers=headers)) as client:
        resp = queue_result.sync_detailed("decart/lucy-14b", REQ_ID, client=client)
    assert isinstance(resp.parsed, models.FalError)
    assert resp.parsed.detail == "Request timed out"
    assert resp.parsed.error_type == "request_timeout"
    assert resp.parsed.additional_properties == {"hint": "raise X-Fal-Request-Timeout"}
    assert resp.parsed.to_dict() == body
    assert resp.headers["x-fal-request-timeout-type"] == "user"


# --------------------------------------------------------------------------- cancel


@pytest.mark.parametrize(
    ("code", "status", "member"),
    [
        (200, "OK", models.CancelStatus.OK),
        (202, "CANCELLATION_REQUESTED", models.CancelStatus.CANCELLATION_REQUESTED),
        (400, "ALREADY_COMPLETED", models.CancelStatus.ALREADY_COMPLETED),
        (404, "NOT_FOUND", models.CancelStatus.NOT_FOUND),
    ],
)
def test_queue_cancel(code: int, status: str, member: models.CancelStatus) -> None:
    rec = Recorder(code, {"status": status})
    with client_for(rec) as client:
        resp = queue_cancel.sync_detailed("decart/lucy-edit", REQ_ID, client=client)
    req = rec.last
    assert req.method == "PUT"
    assert raw_path(req) == f"/decart/lucy-edit/requests/{REQ_ID}/cancel"
    assert req.content == b""
    assert isinstance(resp.parsed, models.CancelResponse)
    assert resp.parsed.status == member
    assert resp.parsed.to_dict() == {"status": status}


def test_queue_cancel_unknown_status_and_error_bodies() -> None:
    with client_for(Recorder(200, {"status": "new_state", "note": "x"})) as client:
        parsed = queue_cancel.sync("decart/lucy-edit", REQ_ID, client=client)
    assert isinstance(parsed, models.CancelResponse)
    assert parsed.status.value == "new_state"
    assert parsed.additional_properties == {"note": "x"}
    with client_for(Recorder(404, {"detail": "Request not found"})) as client:
        parsed_err = queue_cancel.sync("decart/lucy-edit", REQ_ID, client=client)
    assert isinstance(parsed_err, models.FalError)
    with client_for(Recorder(409, {"detail": "conflict"})) as client:
        assert isinstance(queue_cancel.sync("decart/lucy-edit", REQ_ID, client=client), models.FalError)


# --------------------------------------------------------------------------- webhooks


@pytest.mark.parametrize(
    "body",
    [
        {"request_id": REQ_ID, "gateway_request_id": REQ_ID, "status": "OK", "payload": SEED_OUTPUT},
        {
            "request_id": REQ_ID,
            "gateway_request_id": "0b7d2d0c-9c9d-4f47-b7a8-1f2e3c4d5e6f",
            "status": "ERROR",
            "error": "Invalid status code: 422",
            "payload": {"detail": [{"loc": ["body", "prompt"], "msg": "Field required", "type": "missing"}]},
        },
        {
            "request_id": REQ_ID,
            "status": "ERROR",
            "error": "Invalid status code: 500",
            "payload": None,
            "payload_error": "Response payload is not valid JSON",
        },
    ],
)
def test_webhook_payload(body: dict[str, Any]) -> None:
    parsed = models.WebhookPayload.from_dict(body)
    assert parsed.request_id == REQ_ID
    assert parsed.status in (models.WebhookStatus.OK, models.WebhookStatus.ERROR)
    assert parsed.to_dict() == body
    if body["status"] == "OK":
        assert isinstance(parsed.payload, models.WebhookPayloadPayloadType0)
        assert models.VideoOutput.from_dict(parsed.payload.to_dict()).video.url == SEED_VIDEO


def test_webhook_unknown_status_and_extra() -> None:
    parsed = models.WebhookPayload.from_dict(
        {"request_id": REQ_ID, "status": "new_state", "payload": None, "attempt": 2}
    )
    assert parsed.status.value == "new_state"
    assert parsed.additional_properties == {"attempt": 2}


def test_webhook_declared_in_spec() -> None:
    hook = SPEC["webhooks"]["falWebhook"]["post"]
    assert hook["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/WebhookPayload")
    names = {p["name"] for p in hook["parameters"]}
    assert names == {
        "X-Fal-Webhook-Request-Id",
        "X-Fal-Webhook-User-Id",
        "X-Fal-Webhook-Timestamp",
        "X-Fal-Webhook-Signature",
    }


# --------------------------------------------------------------------------- storage


def test_storage_auth_token() -> None:
    body = {
        "token": "eyJhbGciOi.fake.token",
        "token_type": "Bearer",
        "base_url": "https://v3.fal.media",
        "expires_at": "2025-06-01T12:30:00+00:00",
    }
    rec = Recorder(200, body)
    with client_for(rec, base_url="https://rest.fal.ai") as client:
        parsed = storage_auth_token.sync(
            client=client, body=models.StorageTokenRequest(), storage_type="fal-cdn-v3"
        )
    assert str(rec.last.url) == "https://rest.fal.ai/storage/auth/token?storage_type=fal-cdn-v3"
    assert json.loads(rec.last.content) == {}
    assert isinstance(parsed, models.StorageToken)
    assert parsed.expires_at == datetime.datetime(2025, 6, 1, 12, 30, tzinfo=datetime.UTC)
    assert parsed.to_dict() == body


def test_storage_upload_initiate() -> None:
    body = {
        "upload_url": "https://storage.googleapis.com/bucket/x?X-Goog-Signature=abc",
        "file_url": "https://v3.fal.media/files/x/frame.png",
    }
    rec = Recorder(200, body)
    with client_for(rec, base_url="https://rest.fal.ai") as client:
        parsed = storage_upload_initiate.sync(
            client=client,
            body=models.StorageUploadInitiateRequest(file_name="frame.png", content_type="image/png"),
            storage_type="gcs",
        )
    assert raw_path(rec.last) == "/storage/upload/initiate"
    assert rec.last.url.params["storage_type"] == "gcs"
    assert json.loads(rec.last.content) == {"file_name": "frame.png", "content_type": "image/png"}
    assert isinstance(parsed, models.StorageUploadInitiateResponse)
    assert parsed.to_dict() == body


def test_cdn_single_upload_uses_storage_token() -> None:
    rec = Recorder(200, {"access_url": "https://v3.fal.media/files/penguin/abc_frame.png"})
    with client_for(rec, base_url="https://v3.fal.media", token="tok", prefix="Bearer") as client:
        parsed = cdn_upload.sync(
            client=client,
            body=File(payload=io.BytesIO(b"\x89PNG..."), file_name="frame.png", mime_type="image/png"),
            x_fal_file_name="frame.png",
            x_fal_object_lifecycle_preference='{"expiration_duration_seconds": 86400}',
        )
    req = rec.last
    assert str(req.url) == "https://v3.fal.media/files/upload"
    assert req.headers["authorization"] == "Bearer tok"
    assert req.headers["x-fal-file-name"] == "frame.png"
    assert req.content == b"\x89PNG..."
    assert isinstance(parsed, models.CdnUploadResponse)
    assert parsed.access_url.endswith("abc_frame.png")


def test_cdn_multipart_flow_urls() -> None:
    access_url = "https://v3.fal.media/files/penguin/abc_big.mp4"
    rec = Recorder(200, {"access_url": access_url, "uploadId": "up-1"})
    with client_for(rec, base_url="https://v3.fal.media", token="tok", prefix="Bearer") as client:
        init = cdn_multipart_initiate.sync(client=client, x_fal_file_name="big.mp4")
    assert str(rec.last.url) == "https://v3.fal.media/files/upload/multipart"
    assert isinstance(init, models.CdnMultipartInitiateResponse)
    assert init.upload_id == "up-1"
    assert init.to_dict() == {"access_url": access_url, "uploadId": "up-1"}

    part_rec = Recorder(200, headers={"ETag": '"etag-1"'})
    with client_for(part_rec, base_url=init.access_url, token="tok", prefix="Bearer") as client:
        resp = cdn_multipart_part.sync_detailed(
            init.upload_id, 1, client=client, body=File(payload=io.BytesIO(b"part"))
        )
    assert str(part_rec.last.url) == f"{access_url}/multipart/up-1/1"
    assert part_rec.last.method == "PUT"
    assert resp.headers["etag"] == '"etag-1"'

    done_rec = Recorder(200, {"access_url": access_url})
    complete = models.CdnMultipartCompleteRequest(
        parts=[models.CdnMultipartPart(part_number=1, etag=resp.headers["etag"])]
    )
    with client_for(done_rec, base_url=init.access_url, token="tok", prefix="Bearer") as client:
        done = cdn_multipart_complete.sync(init.upload_id, client=client, body=complete)
    assert str(done_rec.last.url) == f"{access_url}/multipart/up-1/complete"
    assert json.loads(done_rec.last.content) == {"parts": [{"partNumber": 1, "etag": '"etag-1"'}]}
    assert isinstance(done, models.CdnMultipartCompleteResponse)
    assert done.access_url == access_url


# --------------------------------------------------------------------------- enums


def _resolve(ref: str) -> tuple[str, dict[str, Any]]:
    name = ref.rsplit("/", 1)[-1]
    return name, SPEC["components"]["schemas"][name]


def _walk_refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _walk_refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _walk_refs(item)


def _response_schema_names() -> set[str]:
    """Every component schema reachable from a response (or the webhook payload)."""
    roots: list[Any] = []
    for path_item in SPEC["paths"].values():
        for op in path_item.values():
            roots.append(op["responses"])
    roots.append(SPEC["components"]["responses"])
    roots.append(SPEC["webhooks"]["falWebhook"]["post"]["requestBody"])
    seen: set[str] = set()
    todo = [r for root in roots for r in _walk_refs(root)]
    while todo:
        ref = todo.pop()
        if not ref.startswith("#/components/schemas/"):
            if ref.startswith("#/components/responses/"):
                todo.extend(_walk_refs(SPEC["components"]["responses"][ref.rsplit("/", 1)[-1]]))
            continue
        name, schema = _resolve(ref)
        if name in seen:
            continue
        seen.add(name)
        todo.extend(_walk_refs(schema))
    return seen


def test_response_schemas_reached() -> None:
    names = _response_schema_names()
    # Sanity check of the walker itself, so that the enum test below cannot pass vacuously.
    assert {
        "QueueState",
        "LogLevel",
        "CancelStatus",
        "WebhookStatus",
        "QueueStatusOther",
        "FalError",
    } <= names


def test_every_response_enum_accepts_unknown_values() -> None:
    enums = [n for n in _response_schema_names() if "enum" in SPEC["components"]["schemas"][n]]
    assert len(enums) >= 4
    for name in enums:
        cls = getattr(models, name)
        assert issubclass(cls, enum.Enum)
        for known in SPEC["components"]["schemas"][name]["enum"]:
            assert cls(known).value == known
            assert cls(known).name != "UNKNOWN"
        member = cls("new_state")
        assert member.value == "new_state", name
        assert member.name == "UNKNOWN"
        assert str(member) == "new_state"


def test_every_generated_enum_is_tolerant() -> None:
    found = 0
    for info in pkgutil.iter_modules(models.__path__):
        module = importlib.import_module(f"{models.__name__}.{info.name}")
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, enum.Enum) and obj.__module__ == module.__name__:
                found += 1
                assert obj("new_state").value == "new_state", obj.__name__
    assert found >= 7


# --------------------------------------------------------------------------- spec conventions


def _operations() -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in SPEC["paths"].items():
        for method, op in item.items():
            yield path, method, op


EXPECTED_OPS = {
    "queue_submit": ("queue", "post", "/{app_id}"),
    "queue_status": ("queue", "get", "/{app_base}/requests/{request_id}/status"),
    "queue_status_stream": ("queue", "get", "/{app_base}/requests/{request_id}/status/stream"),
    "queue_result": ("queue", "get", "/{app_base}/requests/{request_id}"),
    "queue_cancel": ("queue", "put", "/{app_base}/requests/{request_id}/cancel"),
    "storage_auth_token": ("storage", "post", "/storage/auth/token"),
    "storage_upload_initiate": ("storage", "post", "/storage/upload/initiate"),
    "cdn_upload": ("storage", "post", "/files/upload"),
    "cdn_multipart_initiate": ("storage", "post", "/files/upload/multipart"),
    "cdn_multipart_part": ("storage", "put", "/multipart/{upload_id}/{part_number}"),
    "cdn_multipart_complete": ("storage", "post", "/multipart/{upload_id}/complete"),
}


def test_operations_ids_tags_security() -> None:
    ops = {op["operationId"]: (op["tags"], method, path, op) for path, method, op in _operations()}
    for op_id, (tag, method, path) in EXPECTED_OPS.items():
        assert op_id in ops, op_id
        assert ops[op_id][0] == [tag] and ops[op_id][1] == method and ops[op_id][2] == path
    for op_id, (tags, _method, _path, op) in ops.items():
        assert re.fullmatch(r"[a-z][a-z0-9_]*", op_id)
        assert len(tags) == 1
        assert op.get("security") == [{"FalKey": []}], op_id
        assert op.get("description"), op_id
        assert "default" not in op["responses"], op_id
        assert importlib.import_module(f"genvid_api_fal.api.{tags[0]}.{op_id}")
    scheme = SPEC["components"]["securitySchemes"]["FalKey"]
    assert scheme == {**scheme, "type": "apiKey", "in": "header", "name": "Authorization"}


def test_every_catalog_app_has_a_typed_submit() -> None:
    generated = {e["id"]: e for e in json.loads((Path(genvid_api_fal.__file__).parent / "catalog.json").read_text())}
    for entry in SPEC["x-genvid-catalog"]:
        op = SPEC["paths"]["/" + entry["id"]]["post"]
        assert op["operationId"] == generated[entry["id"]]["operation"]
        assert op["tags"] == ["endpoints"]
        ref = op["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        assert getattr(models, ref.rsplit("/", 1)[1]).__name__ == ref.rsplit("/", 1)[1]


def test_no_forbidden_constructs() -> None:
    text = SPEC_PATH.read_text()
    assert "additionalProperties: false" not in text

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            # A schema-level default would be sent on the wire; `ObjectAcl.properties.default`
            # (a property *named* default) is a schema dict and therefore allowed.
            assert not isinstance(node.get("default"), (str, int, bool, float)), where
            if "enum" in node:
                assert None not in node["enum"], where
            for k, v in node.items():
                walk(v, f"{where}/{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{where}/{i}")

    walk(SPEC["components"]["schemas"], "schemas")
    walk(SPEC["components"]["parameters"], "parameters")
    for name, schema in SPEC["components"]["schemas"].items():
        assert schema.get("description"), name
        for prop, sub in schema.get("properties", {}).items():
            assert sub.get("description"), f"{name}.{prop}"
        assert prop_names_ok(schema), name


def prop_names_ok(schema: dict[str, Any]) -> bool:
    reserved = {"d", "field_dict", "src_dict", "cls", "to_dict", "from_dict", "additional_properties"}
    return not (reserved & set(schema.get("properties", {})))


def test_status_union_variants_are_tagged() -> None:
    variants = [_resolve(v["$ref"]) for v in SPEC["components"]["schemas"]["QueueStatus"]["oneOf"]]
    consts = [s["properties"]["status"].get("const") for _n, s in variants]
    assert consts == ["IN_QUEUE", "IN_PROGRESS", "COMPLETED", None]
    for _name, schema in variants:
        assert "status" in schema["required"]
    assert variants[-1][0] == "QueueStatusOther"


# --------------------------------------------------------------------------- catalog


CATALOG_IDS = {
    "decart/lucy-14b/image-to-video",
    "fal-ai/decart/lucy-5b/image-to-video",
    "decart/lucy-i2v",
    "decart/lucy-edit/dev",
    "decart/lucy-edit/fast",
    "decart/lucy-edit/pro",
    "decart/lucy-restyle",
}


def test_catalog_entries() -> None:
    catalog = SPEC["x-genvid-catalog"]
    assert {e["id"] for e in catalog} == CATALOG_IDS
    derived = {"required", "optional", "media_inputs", "resolutions", "aspect_ratios", "operation", "route"}
    generated = {e["id"]: e for e in json.loads((Path(genvid_api_fal.__file__).parent / "catalog.json").read_text())}
    assert set(generated) == CATALOG_IDS
    for entry in catalog:
        assert not set(entry) & derived, entry["id"]  # the spec does not restate the input schemas
        for key in ("id", "kind", "output", "status", "output_schema"):
            assert key in entry, (entry["id"], key)
        assert entry["status"] in {"current", "deprecated", "retired"}
        assert entry["output"] == "video" and entry["output_schema"] == "VideoOutput"
        assert (entry["width"], entry["height"], entry["fps"], entry["duration_s"]) == (1280, 720, 24, 5)
        full = generated[entry["id"]]
        assert {k: full[k] for k in entry} == entry
        assert full["route"] == "queue_submit"
        op = SPEC["paths"]["/" + entry["id"]]["post"]
        schema = _resolve(op["requestBody"]["content"]["application/json"]["schema"]["$ref"])[1]
        assert sorted(schema["required"]) == sorted(full["required"]), entry["id"]
        assert set(schema["properties"]) == set(full["required"]) | set(full["optional"]), entry["id"]
        assert set(full["media_inputs"]) <= set(full["required"])
        if "resolution" in schema["properties"]:
            assert full["resolutions"] == ["720p"]


def test_input_models_validate_kinds() -> None:
    i2v = models.LucyI2VInput.from_dict(
        {"prompt": "p", "image_url": SEED_IMAGE, "aspect_ratio": "9:16", "sync_mode": False}
    )
    assert i2v.aspect_ratio == models.LucyAspectRatio.PORTRAIT_9_16
    assert not hasattr(i2v, "resolution")
    edit = models.LucyEditFastInput.from_dict(
        {"prompt": "p", "video_url": SEED_VIDEO, "enhance_prompt": False}
    )
    assert edit.enhance_prompt is False and edit.sync_mode is UNSET
    with pytest.raises(KeyError):
        models.LucyEditDevInput.from_dict({"prompt": "p"})
