"""genvid.webhooks: fal webhook signatures, Luma callback tokens, and the Flask/Django adapters.

Signatures are made with a locally generated ED25519 key (and, end to end, by the
emulator's own key published at ``{root}/fal-rest/.well-known/jwks.json``).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

import genvid
from genvid import GenvidError, WebhookVerificationError
from genvid.webhooks import (
    FalWebhook,
    FalWebhookVerifier,
    JwksCache,
    LumaCallbacks,
    clear_jwks_cache,
    verify_fal,
)
from genvid_api_luma.models.generation_assets import GenerationAssets

NOW = 1_700_000_000.0
USER = "user-123"
REQ = "req-0001"


# --- helpers -----------------------------------------------------------------------------


def jwk(key: Ed25519PrivateKey, kid: str = "k1") -> dict[str, str]:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return {"kty": "OKP", "crv": "Ed25519", "x": base64.urlsafe_b64encode(raw).rstrip(b"=").decode(),
            "kid": kid, "use": "sig", "alg": "EdDSA"}


KEY = Ed25519PrivateKey.generate()
OTHER = Ed25519PrivateKey.generate()
JWKS = {"keys": [{"kty": "RSA", "n": "xx", "e": "AQAB"}, jwk(KEY)]}


def body_of(**over: Any) -> bytes:
    doc: dict[str, Any] = {"request_id": REQ, "gateway_request_id": REQ, "status": "OK",
                           "payload": {"video": {"url": "https://v3.fal.media/files/x/out.mp4"}}}
    doc.update(over)
    return json.dumps(doc, separators=(",", ":")).encode()


def sign(body: bytes, *, key: Ed25519PrivateKey = KEY, request_id: str = REQ, user_id: str = USER,
         ts: float = NOW) -> dict[str, str]:
    stamp = str(int(ts))
    message = f"{request_id}\n{user_id}\n{stamp}\n{hashlib.sha256(body).hexdigest()}".encode()
    return {"X-Fal-Webhook-Request-Id": request_id, "X-Fal-Webhook-User-Id": user_id,
            "X-Fal-Webhook-Timestamp": stamp, "X-Fal-Webhook-Signature": key.sign(message).hex()}


def reason_of(headers: dict[str, str], body: bytes, **kwargs: Any) -> str:
    kwargs.setdefault("jwks", JWKS)
    kwargs.setdefault("now", NOW)
    with pytest.raises(WebhookVerificationError) as info:
        verify_fal(headers, body, **kwargs)
    return str(info.value.reason)


def png_bytes() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (64, 36), (220, 20, 20)).save(buf, format="PNG")
    return buf.getvalue()


# --- fal: verification -------------------------------------------------------------------


def test_valid_webhook_is_parsed() -> None:
    body = body_of()
    hook = verify_fal(sign(body), body, jwks=JWKS, now=NOW)
    assert isinstance(hook, FalWebhook)
    assert hook.request_id == REQ and hook.gateway_request_id == REQ and hook.status == "OK" and hook.ok
    assert hook.payload == {"video": {"url": "https://v3.fal.media/files/x/out.mp4"}}
    assert hook.error is None and hook.payload_error is None
    assert hook.user_id == USER and hook.timestamp == int(NOW)
    assert hook.raw == json.loads(body) and hook.model is not None and hook.model.request_id == REQ
    with pytest.raises(AttributeError):
        hook.status = "ERROR"  # type: ignore[misc]


def test_error_webhook_and_lowercase_headers() -> None:
    body = body_of(status="ERROR", payload={"detail": [{"msg": "bad"}]}, error="Invalid status code: 422")
    headers = {k.lower(): v for k, v in sign(body).items()}
    hook = verify_fal(headers, body, jwks=JWKS, now=NOW)
    assert hook.status == "ERROR" and not hook.ok and hook.error == "Invalid status code: 422"
    assert hook.payload == {"detail": [{"msg": "bad"}]}
    body = body_of(payload=None, payload_error="output is not JSON serialisable")
    hook = verify_fal(httpx.Headers(sign(body)), body, jwks=JWKS, now=NOW)
    assert hook.payload is None and hook.payload_error == "output is not JSON serialisable"


def test_tampered_body_is_rejected() -> None:
    body = body_of()
    headers = sign(body)
    assert reason_of(headers, body + b" ") == "invalid_signature"
    assert reason_of(headers, body.replace(b"out.mp4", b"evil.mp4")) == "invalid_signature"
    # Re-serialising the JSON (other spacing) is not the raw body either.
    assert reason_of(headers, json.dumps(json.loads(body)).encode()) == "invalid_signature"


@pytest.mark.parametrize("name, value", [("X-Fal-Webhook-Request-Id", "req-other"),
                                         ("X-Fal-Webhook-User-Id", "someone-else"),
                                         ("X-Fal-Webhook-Timestamp", str(int(NOW) - 1))])
def test_tampered_header_is_rejected(name: str, value: str) -> None:
    body = body_of()
    headers = {**sign(body), name: value}
    assert reason_of(headers, body) == "invalid_signature"


def test_wrong_key_is_rejected() -> None:
    body = body_of()
    assert reason_of(sign(body, key=OTHER), body) == "invalid_signature"
    # ...and accepted once that key is in the set (any key may verify).
    both = {"keys": [jwk(KEY), jwk(OTHER, "k2")]}
    assert verify_fal(sign(body, key=OTHER), body, jwks=both, now=NOW).request_id == REQ


def test_timestamp_window() -> None:
    body = body_of()
    assert reason_of(sign(body, ts=NOW - 301), body) == "timestamp_out_of_window"  # replayed late
    assert reason_of(sign(body, ts=NOW + 301), body) == "timestamp_out_of_window"  # from the future
    assert verify_fal(sign(body, ts=NOW - 300), body, jwks=JWKS, now=NOW).request_id == REQ
    assert verify_fal(sign(body, ts=NOW + 300), body, jwks=JWKS, now=NOW).request_id == REQ
    assert reason_of(sign(body, ts=NOW - 61), body, tolerance=60) == "timestamp_out_of_window"
    # Without ``now`` the current time is used.
    fresh = sign(body, ts=time.time())
    assert verify_fal(fresh, body, jwks=JWKS).request_id == REQ
    assert reason_of(sign(body, ts=time.time() - 400), body, now=None) == "timestamp_out_of_window"


@pytest.mark.parametrize("value", ["", "abc", "1.5e9", "-1700000000", "17000000000000000"])
def test_bad_timestamp_is_rejected(value: str) -> None:
    body = body_of()
    headers = {**sign(body), "X-Fal-Webhook-Timestamp": value}
    assert reason_of(headers, body) == ("missing_header" if value == "" else "bad_timestamp")


@pytest.mark.parametrize("name", ["X-Fal-Webhook-Request-Id", "X-Fal-Webhook-User-Id", "X-Fal-Webhook-Timestamp",
                                  "X-Fal-Webhook-Signature"])
def test_missing_headers_are_rejected(name: str) -> None:
    body = body_of()
    headers = {k: v for k, v in sign(body).items() if k != name}
    with pytest.raises(WebhookVerificationError) as info:
        verify_fal(headers, body, jwks=JWKS, now=NOW)
    assert info.value.reason == "missing_header" and name in str(info.value)
    assert isinstance(info.value, GenvidError) and info.value.service == "fal"


@pytest.mark.parametrize("mutate", [lambda s: s[:-2], lambda s: s + "00", lambda s: "zz" + s[2:],
                                    lambda s: s[:64] + " " + s[65:], lambda s: "0x" + s[2:]])
def test_malformed_signature_is_rejected(mutate: Any) -> None:
    body = body_of()
    headers = sign(body)
    headers["X-Fal-Webhook-Signature"] = mutate(headers["X-Fal-Webhook-Signature"])
    assert reason_of(headers, body) == "malformed_signature"


def test_uppercase_hex_signature_is_accepted() -> None:
    body = body_of()
    headers = sign(body)
    headers["X-Fal-Webhook-Signature"] = headers["X-Fal-Webhook-Signature"].upper()
    assert verify_fal(headers, body, jwks=JWKS, now=NOW).request_id == REQ


@pytest.mark.parametrize("body", [b"not json", b"\xff\xfe\x00", b"[1, 2]", b'{"status": "OK"}',
                                  b'{"request_id": "r"}', b'{"request_id": 5, "status": "OK"}',
                                  b'{"request_id": "r", "status": "OK", "error": 3}', b""])
def test_signed_but_malformed_body_is_rejected(body: bytes) -> None:
    with pytest.raises(WebhookVerificationError) as info:
        verify_fal(sign(body), body, jwks=JWKS, now=NOW)
    assert info.value.reason == "malformed_body" and info.value.service == "fal"


def test_unsigned_non_json_body_is_an_invalid_signature() -> None:
    assert reason_of(sign(body_of()), b"not json") == "invalid_signature"


def test_messages_never_contain_the_signature() -> None:
    body = body_of()
    headers = sign(body, key=OTHER)
    with pytest.raises(WebhookVerificationError) as info:
        verify_fal(headers, body, jwks=JWKS, now=NOW)
    assert headers["X-Fal-Webhook-Signature"] not in str(info.value)
    assert info.value.request_id == REQ


def test_given_jwks_without_usable_keys_is_a_configuration_error() -> None:
    with pytest.raises(genvid.ConfigurationError):
        FalWebhookVerifier(jwks={"keys": [{"kty": "RSA"}, {"kty": "OKP", "crv": "X25519", "x": "AAAA"}]})
    with pytest.raises(genvid.InvalidInput):
        FalWebhookVerifier(jwks=JWKS, tolerance=-1)


# --- fal: JWKS fetching and caching ------------------------------------------------------


class JwksServer:
    """An httpx MockTransport serving a JWKS document that the test can swap."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self.status = 200
        self.calls = 0
        self.lock = threading.Lock()

    def handler(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            self.calls += 1
        if self.status != 200:
            return httpx.Response(self.status, text="down")
        return httpx.Response(200, json=self.document)

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self.handler))


URL = "https://keys.example.test/.well-known/jwks.json"


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    clear_jwks_cache()
    yield
    clear_jwks_cache()


def test_jwks_is_fetched_once_for_many_verifications() -> None:
    server = JwksServer({"keys": [jwk(KEY)]})
    with server.client() as http:
        verifier = FalWebhookVerifier(jwks_url=URL, http=http)
        for i in range(20):
            body = body_of(request_id=f"r{i}")
            assert verifier.verify(sign(body, request_id=f"r{i}"), body, now=NOW).request_id == f"r{i}"
        # verify_fal shares the module-level cache, keyed by URL.
        body = body_of()
        assert verify_fal(sign(body), body, jwks_url=URL, http=http, now=NOW).request_id == REQ
        # A forged delivery right after the fetch does not trigger another fetch.
        with pytest.raises(WebhookVerificationError):
            verifier.verify(sign(body, key=OTHER), body, now=NOW)
    assert server.calls == 1
    clear_jwks_cache()
    with server.client() as http:
        verify_fal(sign(body), body, jwks_url=URL, http=http, now=NOW)
    assert server.calls == 2


def test_jwks_cache_is_thread_safe() -> None:
    server = JwksServer({"keys": [jwk(KEY)]})
    errors: list[BaseException] = []
    with server.client() as http:
        verifier = FalWebhookVerifier(jwks_url=URL, http=http)

        def work(i: int) -> None:
            try:
                body = body_of(request_id=f"t{i}")
                verifier.verify(sign(body, request_id=f"t{i}"), body, now=NOW)
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(i,)) for i in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert not errors and server.calls == 1


def test_jwks_expiry_and_key_rotation() -> None:
    clock = [1000.0]
    cache = JwksCache(clock=lambda: clock[0])
    server = JwksServer({"keys": [jwk(KEY)]})
    body = body_of()
    with server.client() as http:
        verifier = FalWebhookVerifier(jwks_url=URL, http=http, cache=cache)
        verifier.verify(sign(body), body, now=NOW)
        clock[0] += 24 * 3600 - 1
        verifier.verify(sign(body), body, now=NOW)
        assert server.calls == 1
        clock[0] += 2  # 24 h passed: fetched again
        verifier.verify(sign(body), body, now=NOW)
        assert server.calls == 2
        # fal rotates to OTHER: within min_refresh an unknown key is simply rejected...
        server.document = {"keys": [jwk(OTHER)]}
        with pytest.raises(WebhookVerificationError) as info:
            verifier.verify(sign(body, key=OTHER), body, now=NOW)
        assert info.value.reason == "invalid_signature" and server.calls == 2
        # ...after it, one re-fetch picks up the new key.
        clock[0] += 301
        assert verifier.verify(sign(body, key=OTHER), body, now=NOW).request_id == REQ
        assert server.calls == 3
        # A failed re-fetch keeps the keys already held.
        clock[0] += 24 * 3600
        server.status = 503
        assert verifier.verify(sign(body, key=OTHER), body, now=NOW).request_id == REQ
        assert server.calls == 4
        verifier.verify(sign(body, key=OTHER), body, now=NOW)
        assert server.calls == 4  # not retried before min_refresh


@pytest.mark.parametrize("status, document", [(503, None), (200, {"keys": []}), (200, ["not", "a", "jwks"]),
                                              (200, {"keys": [{"kty": "OKP", "crv": "Ed25519", "x": "!!"}]})])
def test_unavailable_jwks_is_reported(status: int, document: Any) -> None:
    server = JwksServer(document)
    server.status = status
    body = body_of()
    with server.client() as http, pytest.raises(WebhookVerificationError) as info:
        verify_fal(sign(body), body, jwks_url=URL, http=http, now=NOW)
    assert info.value.reason == "jwks_unavailable"


def test_cheap_checks_run_before_any_fetch() -> None:
    server = JwksServer({"keys": [jwk(KEY)]})
    body = body_of()
    with server.client() as http:
        for headers in ({}, {**sign(body), "X-Fal-Webhook-Signature": "nothex"}, sign(body, ts=NOW - 3600)):
            with pytest.raises(WebhookVerificationError):
                verify_fal(headers, body, jwks_url=URL, http=http, now=NOW)
    assert server.calls == 0


# --- verdict table -----------------------------------------------------------------------


def test_verdict_table() -> None:
    good = body_of()
    deliveries: list[tuple[str, dict[str, str], bytes, str]] = [
        ("valid", sign(good), good, "accepted"),
        ("tampered", sign(good), good.replace(b"OK", b"ER"), "invalid_signature"),
        ("replayed-late", sign(good, ts=NOW - 301), good, "timestamp_out_of_window"),
        ("wrong-key", sign(good, key=OTHER), good, "invalid_signature"),
        ("future", sign(good, ts=NOW + 600), good, "timestamp_out_of_window"),
        ("unsigned", {}, good, "missing_header"),
    ]
    verdicts: dict[str, str] = {}
    verifier = FalWebhookVerifier(jwks=JWKS)
    for name, headers, body, _ in deliveries:
        try:
            verifier.verify(headers, body, now=NOW)
            verdicts[name] = "accepted"
        except WebhookVerificationError as exc:
            verdicts[name] = exc.reason
    assert verdicts == {name: expected for name, _, _, expected in deliveries}


# --- fal: end to end with the emulator ---------------------------------------------------


class Receiver:
    """A stdlib webhook receiver on 127.0.0.1 that keeps every raw body and its headers."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with receiver.lock:
                    receiver.received.append({"path": self.path, "headers": dict(self.headers.items()), "raw": raw})
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def wait(self, match: Any, count: int = 1, timeout: float = 15.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                got = [r for r in self.received if match(r)]
            if len(got) >= count:
                return got
            time.sleep(0.05)
        raise AssertionError("no delivery arrived in time")

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()


def test_emulator_fal_webhook_end_to_end(emu: Any, receiver: Receiver) -> None:
    image = "data:image/png;base64," + base64.b64encode(png_bytes()).decode()
    r = httpx.post(emu.urls.fal_queue + "/decart/lucy-i2v", params={"fal_webhook": receiver.url + "/fal"},
                   headers={"Authorization": "Key k"}, json={"prompt": "p", "image_url": image}, timeout=30)
    assert r.status_code == 200, r.text
    request_id = r.json()["request_id"]
    (delivery,) = receiver.wait(lambda d: d["headers"].get("X-Fal-Webhook-Request-Id") == request_id)
    jwks_url = emu.urls.fal_rest + "/.well-known/jwks.json"
    hook = verify_fal(delivery["headers"], delivery["raw"], jwks_url=jwks_url)
    assert hook.request_id == request_id and hook.status == "OK"
    assert hook.payload["video"]["content_type"] == "video/mp4"
    # The emulator's key does not verify a tampered copy, and a local key is not the emulator's.
    with pytest.raises(WebhookVerificationError) as info:
        verify_fal(delivery["headers"], delivery["raw"] + b"\n", jwks_url=jwks_url)
    assert info.value.reason == "invalid_signature"
    with pytest.raises(WebhookVerificationError) as info:
        verify_fal(delivery["headers"], delivery["raw"], jwks=JWKS)
    assert info.value.reason == "invalid_signature"
    late = float(delivery["headers"]["X-Fal-Webhook-Timestamp"]) + 301
    with pytest.raises(WebhookVerificationError) as info:
        verify_fal(delivery["headers"], delivery["raw"], jwks_url=jwks_url, now=late)
    assert info.value.reason == "timestamp_out_of_window"


# --- Luma callbacks ----------------------------------------------------------------------

SECRET = "s3cret-callback-key-do-not-leak"
GEN = {"id": "0b1c2d3e-0000-4000-8000-000000000001", "state": "completed", "generation_type": "video",
       "model": "ray-2", "created_at": "2025-01-01T00:00:00Z", "failure_reason": None,
       "assets": {"video": "https://storage.example/v.mp4"}, "request": {"prompt": "p"}}
GEN_BODY = json.dumps(GEN).encode()


def test_luma_url_and_verify_round_trip() -> None:
    callbacks = LumaCallbacks(SECRET)
    url = callbacks.url("https://example.com/hooks/luma?tenant=acme", order=42, kind="clip")
    assert url.startswith("https://example.com/hooks/luma?tenant=acme&order=42&kind=clip&genvid_token=")
    token = httpx.URL(url).params["genvid_token"]
    assert len(token) == 43 and "=" not in token and SECRET not in url
    cb = callbacks.verify(url, GEN_BODY)
    assert cb.id == GEN["id"] and cb.state == "completed" and cb.generation.id == GEN["id"]
    assert cb.context == {"tenant": "acme", "order": "42", "kind": "clip"} and cb.raw == GEN
    assert isinstance(cb.generation.assets, GenerationAssets)
    assert cb.generation.assets.video == "https://storage.example/v.mp4"
    # Host and scheme are not covered (a reverse proxy may rewrite them); a bytes secret works the same.
    assert LumaCallbacks(SECRET.encode()).verify(url.replace("https://example.com", "http://10.0.0.5:8000"),
                                                 GEN_BODY).id == GEN["id"]
    # Just the path and query is enough, and parameter order does not matter.
    q = httpx.URL(url)
    reordered = "/hooks/luma?" + "&".join(f"{k}={v}" for k, v in reversed(list(q.params.multi_items())))
    assert callbacks.verify(reordered, GEN_BODY).context["order"] == "42"


def test_luma_wrong_and_missing_token() -> None:
    callbacks = LumaCallbacks(SECRET)
    url = callbacks.url("https://example.com/hooks/luma", order=1)

    def reason(u: str, body: bytes = GEN_BODY, cbs: LumaCallbacks = callbacks) -> str:
        with pytest.raises(WebhookVerificationError) as info:
            cbs.verify(u, body)
        assert SECRET not in str(info.value) and SECRET not in repr(info.value)
        assert httpx.URL(url).params["genvid_token"] not in str(info.value)
        return str(info.value.reason)

    token = httpx.URL(url).params["genvid_token"]
    assert reason(url.replace(token, token[:-1] + ("A" if token[-1] != "A" else "B"))) == "invalid_token"
    assert reason(url.split("&genvid_token=")[0]) == "missing_token"
    assert reason(url + "&genvid_token=" + token) == "invalid_token"
    assert reason(url, cbs=LumaCallbacks("another-secret-of-32-characters!")) == "invalid_token"
    # A token for another URL: other path, other context, added parameter.
    assert reason(url.replace("/hooks/luma", "/hooks/other")) == "invalid_token"
    assert reason(url.replace("order=1", "order=2")) == "invalid_token"
    assert reason(url + "&admin=1") == "invalid_token"
    other = callbacks.url("https://example.com/hooks/luma", order=2)
    assert reason(url.split("?")[0] + "?order=1&genvid_token=" + httpx.URL(other).params["genvid_token"]) \
        == "invalid_token"
    # A good token with a bad body.
    for bad in (b"nope", b"[]", b"{}", b'{"id": 5}', b'{"id": "x", "created_at": "not a date"}'):
        assert reason(url, bad) == "malformed_body"


def test_luma_callbacks_hide_the_secret_and_check_inputs() -> None:
    callbacks = LumaCallbacks(SECRET)
    assert SECRET not in repr(callbacks) and not hasattr(callbacks, "__dict__")
    with pytest.raises(genvid.ConfigurationError):
        LumaCallbacks("")
    with pytest.raises(genvid.InvalidInput):
        callbacks.url("/relative/path")
    with pytest.raises(genvid.InvalidInput):
        callbacks.url("https://example.com/h?genvid_token=x")
    with pytest.raises(genvid.InvalidInput):
        callbacks.url("https://example.com/h?order=1", order=2)


def test_emulator_luma_callback_end_to_end(emu: Any, receiver: Receiver) -> None:
    callbacks = LumaCallbacks(SECRET)
    url = callbacks.url(receiver.url + "/luma", job="e2e")
    r = httpx.post(emu.urls.luma + "/generations", headers={"Authorization": "Bearer k"}, timeout=30,
                   json={"model": "ray-2", "prompt": "a callback", "callback_url": url})
    assert r.status_code in (200, 201), r.text
    gen_id = r.json()["id"]
    deliveries = receiver.wait(lambda d: d["path"].startswith("/luma") and json.loads(d["raw"])["id"] == gen_id
                               and json.loads(d["raw"])["state"] == "completed")
    cb = callbacks.verify(deliveries[0]["path"], deliveries[0]["raw"])
    assert cb.id == gen_id and cb.state == "completed" and cb.context == {"job": "e2e"}


# --- Flask adapter -----------------------------------------------------------------------


def test_flask_adapters() -> None:
    pytest.importorskip("flask")
    import flask

    from genvid.contrib.flask import fal_webhook, luma_callback

    app = flask.Flask("webhooks-test")
    seen: list[Any] = []
    callbacks = LumaCallbacks(SECRET)
    verifier = FalWebhookVerifier(jwks=JWKS, tolerance=10 ** 10)  # signed at NOW, long ago

    @app.post("/hooks/fal/<tenant>")
    @fal_webhook(verifier)
    def on_fal(hook: FalWebhook, tenant: str) -> Any:
        seen.append((hook, tenant, flask.request.get_data()))
        return {"ok": hook.request_id}

    @app.post("/hooks/luma")
    @luma_callback(callbacks)
    def on_luma(callback: Any) -> Any:
        seen.append(callback)
        return "", 204

    client = app.test_client()
    body = body_of()
    r = client.post("/hooks/fal/acme", data=body, headers=sign(body), content_type="application/json")
    assert r.status_code == 200 and r.get_json() == {"ok": REQ}
    hook, tenant, raw = seen.pop()
    assert hook.request_id == REQ and tenant == "acme" and raw == body  # the view can still read the body
    r = client.post("/hooks/fal/acme", data=body + b" ", headers=sign(body), content_type="application/json")
    assert r.status_code == 401 and r.get_json() == {"error": "webhook verification failed",
                                                      "reason": "invalid_signature"}
    r = client.post("/hooks/fal/acme", data=body, content_type="application/json")
    assert r.status_code == 401 and r.get_json()["reason"] == "missing_header"

    url = callbacks.url("http://localhost/hooks/luma", order=7)
    path = url[len("http://localhost"):]
    r = client.post(path, data=GEN_BODY, content_type="application/json")
    assert r.status_code == 204 and seen.pop().context == {"order": "7"}
    r = client.post(path.replace("order=7", "order=8"), data=GEN_BODY, content_type="application/json")
    assert r.status_code == 401 and r.get_json()["reason"] == "invalid_token"
    r = client.post("/hooks/luma", data=GEN_BODY, content_type="application/json")
    assert r.status_code == 401 and r.get_json()["reason"] == "missing_token"
    assert not seen


def test_flask_fal_jwks_unavailable_is_503() -> None:
    pytest.importorskip("flask")
    import flask

    from genvid.contrib.flask import fal_webhook

    server = JwksServer(None)
    server.status = 500
    app = flask.Flask("webhooks-test-503")
    with server.client() as http:

        @app.post("/hook")
        @fal_webhook(FalWebhookVerifier(jwks_url=URL, http=http, tolerance=10 ** 10))
        def on_fal(hook: FalWebhook) -> Any:  # pragma: no cover - never reached
            return ""

        body = body_of()
        r = app.test_client().post("/hook", data=body, headers=sign(body))
    assert r.status_code == 503 and r.get_json()["reason"] == "jwks_unavailable"
    assert r.headers["Retry-After"] == "60"


# --- Django adapter ----------------------------------------------------------------------

DJANGO_SEEN: list[Any] = []
urlpatterns: list[Any] = []


def _django_setup() -> None:
    django = pytest.importorskip("django")
    from django.conf import settings  # type: ignore[import-untyped,unused-ignore]

    if not settings.configured:
        settings.configure(DEBUG=False, SECRET_KEY="test-only", ROOT_URLCONF=__name__, ALLOWED_HOSTS=["*"],
                           MIDDLEWARE=["django.middleware.csrf.CsrfViewMiddleware"], INSTALLED_APPS=[],
                           USE_TZ=True)
        django.setup()
    if urlpatterns:
        return
    from django.http import HttpResponse, JsonResponse  # type: ignore[import-untyped,unused-ignore]
    from django.urls import path  # type: ignore[import-untyped,unused-ignore]

    from genvid.contrib.django import fal_webhook, luma_callback

    @fal_webhook(FalWebhookVerifier(jwks=JWKS, tolerance=10 ** 10))
    def on_fal(hook: FalWebhook, request: Any, tenant: str) -> Any:
        DJANGO_SEEN.append((hook, tenant, request.body))
        return JsonResponse({"ok": hook.request_id})

    @luma_callback(LumaCallbacks(SECRET))
    def on_luma(callback: Any, request: Any) -> Any:
        DJANGO_SEEN.append(callback)
        return HttpResponse(status=204)

    urlpatterns.extend([path("hooks/fal/<str:tenant>", on_fal), path("hooks/luma", on_luma)])


def test_django_adapters() -> None:
    _django_setup()
    from django.test import Client  # type: ignore[import-untyped,unused-ignore]

    client = Client(enforce_csrf_checks=True)  # the views are csrf_exempt
    body = body_of()
    headers = {"HTTP_" + k.upper().replace("-", "_"): v for k, v in sign(body).items()}
    r = client.post("/hooks/fal/acme", data=body, content_type="application/json", **headers)
    assert r.status_code == 200 and r.json() == {"ok": REQ}
    hook, tenant, raw = DJANGO_SEEN.pop()
    assert hook.request_id == REQ and tenant == "acme" and raw == body
    r = client.post("/hooks/fal/acme", data=body + b" ", content_type="application/json", **headers)
    assert r.status_code == 401 and r.json() == {"error": "webhook verification failed",
                                                 "reason": "invalid_signature"}
    r = client.post("/hooks/fal/acme", data=body, content_type="application/json")
    assert r.status_code == 401 and r.json()["reason"] == "missing_header"

    callbacks = LumaCallbacks(SECRET)
    url = callbacks.url("http://testserver/hooks/luma", order=7)
    path = url[len("http://testserver"):]
    r = client.post(path, data=GEN_BODY, content_type="application/json")
    assert r.status_code == 204 and DJANGO_SEEN.pop().context == {"order": "7"}
    r = client.post(path.replace("order=7", "order=8"), data=GEN_BODY, content_type="application/json")
    assert r.status_code == 401 and r.json()["reason"] == "invalid_token"
    r = client.post("/hooks/luma", data=GEN_BODY, content_type="application/json")
    assert r.status_code == 401 and r.json()["reason"] == "missing_token"
    assert not DJANGO_SEEN


# --- packaging ---------------------------------------------------------------------------


def test_genvid_does_not_import_web_frameworks() -> None:
    import subprocess
    import sys

    code = ("import sys, genvid, genvid.webhooks, genvid.contrib; "
            "assert 'flask' not in sys.modules and 'django' not in sys.modules, "
            "[m for m in sys.modules if m.startswith(('flask', 'django'))]; "
            "assert genvid.webhooks.verify_fal and genvid.WebhookVerificationError")
    env_path = ":".join(p for p in sys.path if p)
    subprocess.run([sys.executable, "-c", code], check=True, env={"PYTHONPATH": env_path})
    assert "WebhookVerificationError" in genvid.__all__
    assert issubclass(WebhookVerificationError, GenvidError)
