"""examples/django_app: its views through django.test.Client, against an in-process emulator.

Submit -> poll the status -> stream the video (a real MP4), 409 before a job finishes, 502 when
it failed, CSRF on submit, and the fal webhook / Luma callback receivers.

Django is configured once per process from the example's settings.py (when nothing else
configured it first); the example's URLs and the emulator URL are applied with
``override_settings`` for this module only, so other modules' Django tests keep their own.
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

django = pytest.importorskip("django")

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "django_app"
MODEL = "luma:ray-2"
SECRET = "django-example-callback-secret"
KEY = Ed25519PrivateKey.generate()
OTHER_KEY = Ed25519PrivateKey.generate()


def jwks(key: Ed25519PrivateKey) -> dict[str, Any]:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return {"keys": [{"kty": "OKP", "crv": "Ed25519", "kid": "test",
                      "x": base64.urlsafe_b64encode(raw).rstrip(b"=").decode()}]}


def signed(body: bytes, *, key: Ed25519PrivateKey = KEY, request_id: str = "req-1") -> dict[str, str]:
    """fal's webhook headers for ``body``, as django.test.Client keyword arguments (HTTP_...)."""
    stamp = str(int(time.time()))
    message = f"{request_id}\nuser-1\n{stamp}\n{hashlib.sha256(body).hexdigest()}".encode()
    headers = {"X-Fal-Webhook-Request-Id": request_id, "X-Fal-Webhook-User-Id": "user-1",
               "X-Fal-Webhook-Timestamp": stamp, "X-Fal-Webhook-Signature": key.sign(message).hex()}
    return {"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items()}


FAL_BODY = json.dumps({"request_id": "req-1", "gateway_request_id": "req-1", "status": "OK",
                       "payload": {"video": {"url": "https://v3.fal.media/files/x/out.mp4"}}}).encode()
GENERATION = json.dumps({"id": "0b1c2d3e-0000-4000-8000-000000000001", "state": "completed",
                         "generation_type": "video", "model": "ray-2", "created_at": "2025-01-01T00:00:00Z",
                         "assets": {"video": "https://storage.example/v.mp4"}, "request": {"prompt": "p"}}).encode()


def url_of(job_id: str, suffix: str = "") -> str:
    return "/jobs/" + quote(job_id, safe="") + suffix  # what encodeURIComponent makes of it


@pytest.fixture(scope="module")
def site(emu: Any) -> Iterator[Any]:
    """The example's settings and URLs, with this module's emulator; yields its views module."""
    from django.conf import settings
    from django.test.utils import override_settings
    from django.utils.functional import empty

    if str(EXAMPLE) not in sys.path:
        sys.path.insert(0, str(EXAMPLE))
    import settings as example  # the example's settings.py

    assert Path(example.__file__).parent == EXAMPLE
    configured_here = not settings.configured
    if configured_here:
        settings.configure(**{name: getattr(example, name) for name in dir(example) if name.isupper()})
        django.setup()
    overrides = override_settings(
        ROOT_URLCONF="urls", MIDDLEWARE=example.MIDDLEWARE, ALLOWED_HOSTS=["testserver"],
        BASE_DIR=example.BASE_DIR, SECRET_KEY=example.SECRET_KEY, GENVID_EMULATOR_URL=emu.urls.root,
        GENVID_FAL_JWKS=jwks(KEY), GENVID_FAL_JWKS_URL=None, GENVID_CALLBACK_SECRET=SECRET,
        GENVID_PUBLIC_URL=None, GENVID_CLIENT=None,
    )
    overrides.enable()
    try:
        import views

        assert Path(views.__file__).parent == EXAMPLE
        yield views
    finally:
        overrides.disable()
        if configured_here:
            settings._wrapped = empty  # later modules may configure Django their own way


@pytest.fixture
def web(site: Any) -> Any:
    from django.test import Client

    return Client()


def wait_done(web: Any, job_id: str, timeout: float = 20.0) -> list[dict[str, Any]]:
    seen: list[dict[str, Any]] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        r = web.get(url_of(job_id))
        assert r.status_code == 200, r.json()
        seen.append(r.json())
        if seen[-1]["done"]:
            return seen
        time.sleep(0.05)
    pytest.fail(f"{job_id} did not finish: {seen[-1:]}")


def with_fault(emu: Any, fault: str) -> genvid.Client:
    """A client whose Luma requests carry ``X-Genvid-Fault: <fault>``."""
    client = genvid.Client(emulator=emu.urls.root)
    client.service("luma").api().get_httpx_client().headers["X-Genvid-Fault"] = fault
    return client


def test_page_models_and_csrf(site: Any) -> None:
    from django.test import Client

    web = Client(enforce_csrf_checks=True)
    r = web.get("/")
    assert r.status_code == 200 and r["Content-Type"].startswith("text/html")
    assert b"Generate" in r.content and b"X-CSRFToken" in r.content
    token = r.cookies["csrftoken"].value
    assert {"name": MODEL, "description": genvid.models("luma")[0].description} in web.get("/models").json()
    # The page sends the cookie's token back; without it the submit is refused.
    body = json.dumps({"model": MODEL, "prompt": "A quiet harbour"})
    assert web.post("/jobs", body, content_type="application/json").status_code == 403
    r = web.post("/jobs", body, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert r.status_code == 201 and r.json()["job_id"].startswith(MODEL + ":")


def test_serves_the_shared_page(web: Any) -> None:
    page = (EXAMPLE.parent / "page" / "index.html").read_bytes()
    assert web.get("/").content == page


def test_submit_poll_and_stream_the_video(web: Any) -> None:
    r = web.post("/jobs", {"model": MODEL, "prompt": "A lake at sunset", "aspect_ratio": "16:9"},
                 content_type="application/json")
    assert r.status_code == 201, r.json()
    job_id = r.json()["job_id"]
    seen = wait_done(web, job_id)
    assert seen[-1]["state"] == "completed" and seen[-1]["error"] is None
    assert {"state", "queue_position", "logs", "error", "done"} <= set(seen[-1])

    r = web.get(url_of(job_id, "/video"))
    assert r.status_code == 200 and r.streaming  # a StreamingHttpResponse
    assert r["Content-Type"] == "video/mp4" and r["Content-Disposition"].startswith("inline;")
    info = probe(b"".join(r.streaming_content))
    assert info["format"] == "mp4" and info["codec"] == "h264" and int(str(info["frames"])) > 0
    assert web.get(f"/jobs/{job_id}").json()["state"] == "completed"  # unencoded works too


def test_form_submission_and_bad_requests(web: Any) -> None:
    r = web.post("/jobs", {"model": MODEL, "prompt": "A forest", "resolution": "540p", "duration": ""})
    assert r.status_code == 201, r.json()
    assert web.post("/jobs", {"prompt": "no model"}).status_code == 400
    r = web.post("/jobs", {"model": "nope:x", "prompt": "a prompt"}, content_type="application/json")
    assert r.status_code == 400 and r.json()["field"] == "model"
    assert web.post("/jobs", {"model": MODEL, "seed": "abc"}).json()["field"] == "seed"
    assert web.get("/jobs/not-a-job-id").status_code == 400
    assert web.get("/jobs").status_code == 405


def test_video_is_409_until_the_job_finishes(web: Any, emu: Any) -> None:
    from django.test.utils import override_settings

    with override_settings(GENVID_CLIENT=with_fault(emu, "hang")):  # the job never finishes
        job_id = web.post("/jobs", {"model": MODEL, "prompt": "slow"}).json()["job_id"]
        r = web.get(url_of(job_id, "/video"))
    assert r.status_code == 409
    assert r.json()["state"] in ("queued", "running") and "has not finished" in r.json()["error"]


def test_failed_job_is_502_with_the_reason(web: Any, emu: Any) -> None:
    from django.test.utils import override_settings

    with override_settings(GENVID_CLIENT=with_fault(emu, "fail")):
        job_id = web.post("/jobs", {"model": MODEL, "prompt": "doomed"}).json()["job_id"]
        final = wait_done(web, job_id)[-1]
        r = web.get(url_of(job_id, "/video"))
    assert final["state"] == "failed" and final["error"]
    assert r.status_code == 502
    assert r.json()["state"] == "failed" and r.json()["reason"] == final["error"]


def test_fal_webhook_receiver(web: Any, site: Any) -> None:
    from django.test import Client

    before = len(site.DELIVERIES.all())
    strict = Client(enforce_csrf_checks=True)  # the receiver is csrf_exempt: fal has no token
    r = strict.post("/webhooks/fal", FAL_BODY, content_type="application/json", **signed(FAL_BODY))
    assert r.status_code == 200 and r.json() == {"ok": True}
    stored = web.get("/deliveries").json()[before:]
    assert [(d["source"], d["request_id"], d["status"]) for d in stored] == [("fal", "req-1", "OK")]

    tampered = FAL_BODY.replace(b"out.mp4", b"evil.mp4")
    r = web.post("/webhooks/fal", tampered, content_type="application/json", **signed(FAL_BODY))
    assert r.status_code == 401 and r.json()["reason"] == "invalid_signature"
    r = web.post("/webhooks/fal", FAL_BODY, content_type="application/json", **signed(FAL_BODY, key=OTHER_KEY))
    assert r.status_code == 401 and r.json()["reason"] == "invalid_signature"
    assert web.get("/webhooks/fal").status_code == 405
    assert len(site.DELIVERIES.all()) == before + 1


def test_luma_callback_receiver(web: Any, site: Any) -> None:
    before = len(site.DELIVERIES.all())
    url = LumaCallbacks(SECRET).url("http://testserver/callbacks/luma", order=42)
    path = url[len("http://testserver"):]
    r = web.post(path, GENERATION, content_type="application/json")
    assert r.status_code == 200
    stored = site.DELIVERIES.all()[before:]
    assert len(stored) == 1 and stored[0]["source"] == "luma" and stored[0]["context"] == {"order": "42"}

    wrong = LumaCallbacks("another-secret-of-32-characters!").url("http://testserver/callbacks/luma", order=42)
    r = web.post(wrong[len("http://testserver"):], GENERATION, content_type="application/json")
    assert r.status_code == 401 and r.json()["reason"] == "invalid_token"
    r = web.post("/callbacks/luma", GENERATION, content_type="application/json")
    assert r.status_code == 401 and r.json()["reason"] == "missing_token"
    assert len(site.DELIVERIES.all()) == before + 1
