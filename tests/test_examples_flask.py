"""examples/flask_app: its views through Flask's test client, against an in-process emulator.

Submit -> poll the status -> stream the video (a real MP4), 409 before a job finishes, 502 when
it failed, and the fal webhook / Luma callback receivers (signed with a local ED25519 key).
"""

from __future__ import annotations

import base64
import hashlib
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

import genvid
from genvid.webhooks import LumaCallbacks
from genvid_emulator._media import probe

pytest.importorskip("flask")

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "flask_app"
if str(EXAMPLE) not in sys.path:
    sys.path.insert(0, str(EXAMPLE))

from app import create_app  # noqa: E402  (the example, importable once its directory is on sys.path)

MODEL = "luma:ray-2"
SECRET = "flask-example-callback-secret"
KEY = Ed25519PrivateKey.generate()
OTHER_KEY = Ed25519PrivateKey.generate()


def jwks(key: Ed25519PrivateKey) -> dict[str, Any]:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return {"keys": [{"kty": "OKP", "crv": "Ed25519", "kid": "test",
                      "x": base64.urlsafe_b64encode(raw).rstrip(b"=").decode()}]}


def signed(body: bytes, *, key: Ed25519PrivateKey = KEY, request_id: str = "req-1") -> dict[str, str]:
    """The headers fal sends with a webhook delivery of ``body``."""
    stamp = str(int(time.time()))
    message = f"{request_id}\nuser-1\n{stamp}\n{hashlib.sha256(body).hexdigest()}".encode()
    return {"X-Fal-Webhook-Request-Id": request_id, "X-Fal-Webhook-User-Id": "user-1",
            "X-Fal-Webhook-Timestamp": stamp, "X-Fal-Webhook-Signature": key.sign(message).hex()}


FAL_BODY = json.dumps({"request_id": "req-1", "gateway_request_id": "req-1", "status": "OK",
                       "payload": {"video": {"url": "https://v3.fal.media/files/x/out.mp4"}}}).encode()
GENERATION = json.dumps({"id": "0b1c2d3e-0000-4000-8000-000000000001", "state": "completed",
                         "generation_type": "video", "model": "ray-2", "created_at": "2025-01-01T00:00:00Z",
                         "assets": {"video": "https://storage.example/v.mp4"}, "request": {"prompt": "p"}}).encode()


def with_fault(emu: Any, fault: str) -> genvid.Client:
    """A client whose Luma requests carry ``X-Genvid-Fault: <fault>``."""
    client = genvid.Client(emulator=emu.urls.root)
    client.service("luma").api().get_httpx_client().headers["X-Genvid-Fault"] = fault
    return client


def url_of(job_id: str, suffix: str = "") -> str:
    return "/jobs/" + quote(job_id, safe="") + suffix  # what encodeURIComponent makes of it


@pytest.fixture(scope="module")
def web(emu: Any) -> Iterator[Any]:
    app = create_app(genvid.Client(emulator=emu.urls.root), GENVID_FAL_JWKS=jwks(KEY),
                     GENVID_CALLBACK_SECRET=SECRET, TESTING=True)
    yield app.test_client()


def wait_done(web: Any, job_id: str, timeout: float = 20.0) -> list[dict[str, Any]]:
    """Poll GET /jobs/<id> like the page does; every status seen."""
    seen: list[dict[str, Any]] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        r = web.get(url_of(job_id))
        assert r.status_code == 200, r.get_json()
        seen.append(r.get_json())
        if seen[-1]["done"]:
            return seen
        time.sleep(0.05)
    pytest.fail(f"{job_id} did not finish: {seen[-1:]}")


def test_page_and_models(web: Any) -> None:
    r = web.get("/")
    assert r.status_code == 200 and r.mimetype == "text/html"
    page = r.get_data(as_text=True)
    assert "Generate" in page and "encodeURIComponent" in page and "<video" in page
    models = web.get("/models").get_json()
    assert {"name": MODEL, "description": genvid.models("luma")[0].description} in models
    assert all(m["name"].count(":") == 1 for m in models)


def test_submit_poll_and_stream_the_video(web: Any) -> None:
    r = web.post("/jobs", json={"model": MODEL, "prompt": "A lake at sunset", "aspect_ratio": "16:9"})
    assert r.status_code == 201, r.get_json()
    job_id = r.get_json()["job_id"]
    assert job_id.startswith(MODEL + ":")
    seen = wait_done(web, job_id)
    assert seen[-1]["state"] == "completed" and seen[-1]["error"] is None
    assert {"state", "queue_position", "logs", "error", "done"} <= set(seen[-1])
    assert isinstance(seen[-1]["logs"], list)

    r = web.get(url_of(job_id, "/video"))
    assert r.status_code == 200 and r.is_streamed  # a streaming Response, not a buffered file
    assert r.mimetype == "video/mp4" and r.headers["Content-Disposition"].startswith("inline;")
    info = probe(r.get_data())
    assert info["format"] == "mp4" and info["codec"] == "h264" and int(str(info["frames"])) > 0

    # The unencoded form works too (the <path:...> converter takes the slashes and colons).
    assert web.get(f"/jobs/{job_id}").get_json()["state"] == "completed"


def test_form_submission(web: Any) -> None:
    r = web.post("/jobs", data={"model": MODEL, "prompt": "A forest", "resolution": "540p", "duration": ""})
    assert r.status_code == 201
    assert wait_done(web, r.get_json()["job_id"])[-1]["state"] == "completed"


def test_video_is_409_until_the_job_finishes(emu: Any) -> None:
    web = create_app(with_fault(emu, "hang")).test_client()  # the job never finishes
    job_id = web.post("/jobs", json={"model": MODEL, "prompt": "slow"}).get_json()["job_id"]
    r = web.get(url_of(job_id, "/video"))
    assert r.status_code == 409
    body = r.get_json()
    assert body["state"] in ("queued", "running") and "has not finished" in body["error"]


def test_failed_job_is_502_with_the_reason(emu: Any) -> None:
    web = create_app(with_fault(emu, "fail")).test_client()
    job_id = web.post("/jobs", json={"model": MODEL, "prompt": "doomed"}).get_json()["job_id"]
    final = wait_done(web, job_id)[-1]
    assert final["state"] == "failed" and final["error"]
    r = web.get(url_of(job_id, "/video"))
    assert r.status_code == 502
    body = r.get_json()
    assert body["state"] == "failed" and body["reason"] == final["error"] and "failed" in body["error"]


def test_bad_requests(web: Any) -> None:
    assert web.post("/jobs", json={"prompt": "no model"}).status_code == 400
    r = web.post("/jobs", json={"model": "nope:x", "prompt": "p"})
    assert r.status_code == 400 and r.get_json()["field"] == "model"
    assert web.post("/jobs", data={"model": MODEL, "seed": "abc"}).get_json()["field"] == "seed"
    # Inputs that would read server files or point the service elsewhere are never passed on
    # (luma:ray-2 takes neither, so passing them would be a 400).
    r = web.post("/jobs", json={"model": MODEL, "prompt": "a meadow", "image": "/etc/passwd",
                                  "callback_url": "http://x"})
    assert r.status_code == 201
    assert web.get("/jobs/not-a-job-id").status_code == 400


def test_fal_webhook_receiver(web: Any) -> None:
    before = len(web.get("/deliveries").get_json())
    r = web.post("/webhooks/fal", data=FAL_BODY, headers=signed(FAL_BODY), content_type="application/json")
    assert r.status_code == 200 and r.get_json() == {"ok": True}
    stored = web.get("/deliveries").get_json()[before:]
    assert [(d["source"], d["request_id"], d["status"]) for d in stored] == [("fal", "req-1", "OK")]
    assert stored[0]["payload"] == {"video": {"url": "https://v3.fal.media/files/x/out.mp4"}}

    tampered = FAL_BODY.replace(b"out.mp4", b"evil.mp4")
    r = web.post("/webhooks/fal", data=tampered, headers=signed(FAL_BODY), content_type="application/json")
    assert r.status_code == 401 and r.get_json()["reason"] == "invalid_signature"
    r = web.post("/webhooks/fal", data=FAL_BODY, headers=signed(FAL_BODY, key=OTHER_KEY),
                 content_type="application/json")
    assert r.status_code == 401 and r.get_json()["reason"] == "invalid_signature"
    r = web.post("/webhooks/fal", data=FAL_BODY, content_type="application/json")
    assert r.status_code == 401 and r.get_json()["reason"] == "missing_header"
    assert len(web.get("/deliveries").get_json()) == before + 1


def test_luma_callback_receiver(web: Any) -> None:
    before = len(web.get("/deliveries").get_json())
    url = LumaCallbacks(SECRET).url("http://localhost/callbacks/luma", order=42)
    path = url[len("http://localhost"):]
    r = web.post(path, data=GENERATION, content_type="application/json")
    assert r.status_code == 200
    stored = web.get("/deliveries").get_json()[before:]
    assert len(stored) == 1 and stored[0]["source"] == "luma" and stored[0]["status"] == "completed"
    assert stored[0]["context"] == {"order": "42"}

    wrong = LumaCallbacks("another-secret-of-32-characters!").url("http://localhost/callbacks/luma", order=42)
    r = web.post(wrong[len("http://localhost"):], data=GENERATION, content_type="application/json")
    assert r.status_code == 401 and r.get_json()["reason"] == "invalid_token"
    r = web.post(path.replace("order=42", "order=43"), data=GENERATION, content_type="application/json")
    assert r.status_code == 401 and r.get_json()["reason"] == "invalid_token"
    r = web.post("/callbacks/luma", data=GENERATION, content_type="application/json")
    assert r.status_code == 401 and r.get_json()["reason"] == "missing_token"
    assert len(web.get("/deliveries").get_json()) == before + 1
