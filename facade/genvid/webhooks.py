"""Verify incoming fal.ai webhooks and Luma callbacks.

fal signs every webhook with ED25519. Verify it with the raw body bytes, exactly as they
arrived (never a re-serialised JSON)::

    from genvid.webhooks import verify_fal

    hook = verify_fal(request.headers, request.body)      # raises WebhookVerificationError
    if hook.status == "OK":
        print(hook.request_id, hook.payload["video"]["url"])

The signing keys come from fal's JWKS (``FAL_JWKS_URL``, or ``$GENVID_FAL_JWKS_URL`` as a genvid
emulator exports it), fetched over HTTPS (``http://`` only on this machine's loopback), never
through a redirect, within the cache's ``timeout`` and at most 256 KiB, and cached in the
process for 24 hours; pass ``jwks=`` to use a key set you already hold. Reuse one
``FalWebhookVerifier`` to keep the configuration in one place.

Luma does not sign its callbacks. ``LumaCallbacks`` makes the callback URL itself the
credential: ``callbacks.url(...)`` adds an HMAC token only you can compute, and
``callbacks.verify(url, body)`` checks it before parsing the Generation::

    callbacks = LumaCallbacks(os.environ["GENVID_CALLBACK_SECRET"])
    luma.generate(..., callback_url=callbacks.url("https://example.com/hooks/luma", order="42"))
    # in the receiving view:
    cb = callbacks.verify(request.url, request.body)
    cb.context["order"], cb.state, cb.generation.assets

The token proves that the URL came from you; it does not prove freshness (anyone who sees
one callback can replay it). Treat a callback as a hint and fetch the generation through
the API when the state matters.

Flask and Django adapters live in ``genvid.contrib.flask`` and ``genvid.contrib.django``.
Error messages and reprs never contain secrets, tokens or signatures.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import re
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

import httpx
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from genvid_api_fal.models.webhook_payload import WebhookPayload
from genvid_api_fal.models.webhook_payload_payload_type_0 import WebhookPayloadPayloadType0
from genvid_api_fal.types import Unset
from genvid_api_luma.models.generation import Generation

from ._exceptions import (
    ConfigurationError,
    GenvidError,
    InvalidInput,
    WebhookVerificationError,
    remember_secret,
)
from ._http import MediaHttp
from ._transport import UrlPolicy, call_options, seconds

__all__ = [
    "FAL_JWKS_URL",
    "FalWebhook",
    "FalWebhookVerifier",
    "JwksCache",
    "LumaCallback",
    "LumaCallbacks",
    "WebhookVerificationError",
    "clear_jwks_cache",
    "verify_fal",
]

FAL_JWKS_URL = "https://rest.alpha.fal.ai/.well-known/jwks.json"
JWKS_LIMIT = 256 * 1024  # a key set is a few hundred bytes
"""Where fal publishes its webhook signing keys (a JWKS of OKP/Ed25519 keys)."""

JWKS_TTL = 24 * 3600.0
"""How long a fetched JWKS is reused (seconds)."""

HEADER_REQUEST_ID = "X-Fal-Webhook-Request-Id"
HEADER_USER_ID = "X-Fal-Webhook-User-Id"
HEADER_TIMESTAMP = "X-Fal-Webhook-Timestamp"
HEADER_SIGNATURE = "X-Fal-Webhook-Signature"

TOKEN_PARAM = "genvid_token"
"""The query parameter ``LumaCallbacks`` puts its token in."""
MIN_SECRET_BYTES = 16

_SIGNATURE_RE = re.compile(r"[0-9a-fA-F]{128}")  # 64-byte ED25519 signature, hex
_TIMESTAMP_RE = re.compile(r"[0-9]{1,12}")

VerificationReason = Literal[
    "missing_header", "bad_timestamp", "timestamp_out_of_window", "malformed_signature",
    "invalid_signature", "jwks_unavailable", "malformed_body", "missing_token", "invalid_token",
]
"""The ``reason`` codes a ``WebhookVerificationError`` carries."""


def _reject(reason: VerificationReason, message: str, *, service: str, request_id: str | None = None
            ) -> WebhookVerificationError:
    return WebhookVerificationError(message, reason=reason, service=service, request_id=request_id)


# ======================================================================================
# JWKS
# ======================================================================================


def _b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _ed25519_keys(jwks: Any) -> tuple[Ed25519PublicKey, ...]:
    """The OKP/Ed25519 keys of a JWKS document; other and unreadable keys are skipped."""
    keys = jwks.get("keys") if isinstance(jwks, Mapping) else None
    if not isinstance(keys, Sequence) or isinstance(keys, (str, bytes)):
        return ()
    found: list[Ed25519PublicKey] = []
    for key in keys:
        if not isinstance(key, Mapping) or key.get("kty") != "OKP" or key.get("crv") != "Ed25519":
            continue
        x = key.get("x")
        if not isinstance(x, str):
            continue
        try:
            raw = _b64url_decode(x)
            if len(raw) != 32:
                continue
            found.append(Ed25519PublicKey.from_public_bytes(raw))
        except (ValueError, binascii.Error):
            continue
    return tuple(found)


@dataclass
class _Entry:
    keys: tuple[Ed25519PublicKey, ...]
    fetched_at: float
    attempted_at: float


class JwksCache:
    """A thread-safe, in-process cache of JWKS key sets, keyed by URL.

    A key set is fetched on first use and reused for ``ttl`` seconds (24 h). When no cached
    key verifies a signature, the set is fetched again (fal may have rotated its keys), at
    most once every ``min_refresh`` seconds per URL, so forged deliveries cannot make the
    receiver hammer the JWKS host. If a re-fetch fails, the keys already held stay in use
    (and the fetch is retried after ``min_refresh``). Concurrent first uses of one URL fetch
    it once.
    """

    def __init__(self, *, ttl: float = JWKS_TTL, min_refresh: float = 300.0, timeout: float = 10.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self.min_refresh = min_refresh
        self.timeout = timeout
        self._clock = clock
        self._entries: dict[str, _Entry] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()
        self._http: MediaHttp | None = None

    def __repr__(self) -> str:
        return f"JwksCache(ttl={self.ttl!r}, urls={len(self._entries)})"

    def clear(self) -> None:
        """Forget every cached key set."""
        with self._lock:
            self._entries.clear()

    def keys(self, url: str, *, http: httpx.Client | None = None, policy: UrlPolicy | None = None
             ) -> tuple[tuple[Ed25519PublicKey, ...], bool]:
        """The keys published at ``url`` and whether this call fetched them.

        Raises ``WebhookVerificationError`` (``jwks_unavailable``) when there are no keys
        for ``url`` yet and the fetch fails (or another thread's fetch outlasts ``timeout``).
        """
        return self._get(url, http, policy, refresh=False)

    def refresh(self, url: str, *, http: httpx.Client | None = None, policy: UrlPolicy | None = None
                ) -> tuple[Ed25519PublicKey, ...] | None:
        """Fetch ``url`` again unless that was tried in the last ``min_refresh`` seconds.

        Returns the new keys, or None when no new set was fetched.
        """
        keys, fetched = self._get(url, http, policy, refresh=True)
        return keys if fetched else None

    def _url_lock(self, url: str) -> threading.Lock:
        with self._lock:
            return self._locks.setdefault(url, threading.Lock())

    def _get(self, url: str, http: httpx.Client | None, policy: UrlPolicy | None, *, refresh: bool
             ) -> tuple[tuple[Ed25519PublicKey, ...], bool]:
        lock = self._url_lock(url)
        if not lock.acquire(timeout=self.timeout + 1.0):  # another thread's fetch is stuck: do not queue up
            with self._lock:
                entry = self._entries.get(url)
            if entry is None:
                raise _reject("jwks_unavailable", f"the webhook signing keys at {url} are still being fetched",
                              service="fal")
            return entry.keys, False
        try:
            with self._lock:
                entry = self._entries.get(url)
            now = self._clock()
            if entry is not None:
                recently_tried = now - entry.attempted_at < self.min_refresh
                fresh = now - entry.fetched_at < self.ttl
                if recently_tried or (fresh and not refresh):
                    return entry.keys, False
            try:
                keys = self._fetch(url, http, policy)
            except WebhookVerificationError:
                if entry is None:
                    raise
                entry.attempted_at = now  # keep the keys we hold; try again after min_refresh
                return entry.keys, False
            with self._lock:
                self._entries[url] = _Entry(keys, now, now)
            return keys, True
        finally:
            lock.release()

    def _fetch(self, url: str, http: httpx.Client | None, policy: UrlPolicy | None) -> tuple[Ed25519PublicKey, ...]:
        try:
            if http is not None:
                content = _read_within(http, url, self.timeout)
            else:
                with self._lock:
                    if self._http is None:  # genvid's own client for URLs outside the APIs
                        self._http = MediaHttp.standalone("fal", timeout=self.timeout)
                with call_options(deadline=time.monotonic() + self.timeout):  # retries included
                    reply = self._http.send("GET", url, timeout=self.timeout, limit=JWKS_LIMIT,
                                            follow_redirects=False, policy=policy)
                if reply.status_code != 200:
                    raise ValueError(f"HTTP {reply.status_code} (redirects are not followed)")
                content = reply.content
            document = json.loads(content)
        except (httpx.HTTPError, httpx.InvalidURL, GenvidError, ValueError, RecursionError) as exc:
            raise _reject("jwks_unavailable", f"could not fetch the webhook signing keys from {url} "
                                              f"({type(exc).__name__})", service="fal") from exc
        keys = _ed25519_keys(document)
        if not keys:
            raise _reject("jwks_unavailable", f"the JWKS at {url} has no OKP/Ed25519 key", service="fal")
        return keys


def _read_within(http: httpx.Client, url: str, timeout: float) -> bytes:
    """A key set through the caller's own client: no redirect, at most ``JWKS_LIMIT`` bytes, within ``timeout``."""
    deadline = time.monotonic() + timeout
    data = b""
    with http.stream("GET", url, timeout=timeout, follow_redirects=False) as response:
        if response.status_code != 200:
            raise ValueError(f"HTTP {response.status_code} (redirects are not followed)")
        for chunk in response.iter_bytes():
            data += chunk
            if len(data) > JWKS_LIMIT or time.monotonic() > deadline:
                raise ValueError("the key set is too large or too slow")
    return data


def _check_jwks_url(url: object) -> str:
    """``url`` if it is https, or http on this machine's loopback (an emulator); else ConfigurationError."""
    try:
        parsed = httpx.URL(str(url)) if isinstance(url, str) else None
    except httpx.InvalidURL:
        parsed = None
    local = parsed is not None and parsed.scheme == "http" and (
        parsed.host == "localhost" or parsed.host.startswith("127.") or parsed.host == "::1")
    if parsed is None or not (parsed.scheme == "https" or local):
        raise ConfigurationError("jwks_url must be an https:// URL (http:// only for 127.0.0.1 or localhost)",
                                 service="fal", hint="the key set decides which webhooks are accepted")
    return str(url)


_DEFAULT_CACHE = JwksCache()


def clear_jwks_cache() -> None:
    """Forget the JWKS key sets cached by this process (the module-level cache)."""
    _DEFAULT_CACHE.clear()


# ======================================================================================
# fal webhooks
# ======================================================================================


@dataclass(frozen=True)
class FalWebhook:
    """A verified fal webhook delivery.

    ``status`` is ``"OK"`` (``payload`` is the model output) or ``"ERROR"`` (``payload`` is
    the model's error body, ``error`` a summary such as ``"Invalid status code: 422"``); an
    unknown future status is kept as sent. ``payload`` is None when ``payload_error`` says
    the output could not be serialised. ``raw`` is the whole decoded JSON body, ``model``
    the generated ``WebhookPayload``; ``user_id`` and ``timestamp`` come from the signed
    headers.
    """

    request_id: str
    gateway_request_id: str | None
    status: Literal["OK", "ERROR"] | str
    payload: Any
    error: str | None
    payload_error: str | None
    raw: dict[str, Any] = field(repr=False)
    user_id: str = ""
    timestamp: int = 0
    model: WebhookPayload | None = field(default=None, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        """Whether fal reports the request as successful."""
        return self.status == "OK"


def _optional_str(value: Any, name: str) -> str | None:
    if value is None or isinstance(value, Unset):
        return None
    if not isinstance(value, str):
        raise _reject("malformed_body", f"the webhook field {name!r} is not a string", service="fal")
    return value


def _parse_fal(body: bytes, *, user_id: str, timestamp: int, header_request_id: str) -> FalWebhook:
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise _reject("malformed_body", "the webhook body is not JSON", service="fal",
                      request_id=header_request_id) from exc
    if not isinstance(data, dict):
        raise _reject("malformed_body", "the webhook body is not a JSON object", service="fal",
                      request_id=header_request_id)
    if not isinstance(data.get("request_id"), str) or not isinstance(data.get("status"), str):
        raise _reject("malformed_body", "the webhook body lacks 'request_id' or 'status'", service="fal",
                      request_id=header_request_id)
    try:
        model = WebhookPayload.from_dict(data)
    except (KeyError, ValueError, TypeError, AttributeError, RecursionError) as exc:
        raise _reject("malformed_body", "the webhook body is not a fal webhook payload", service="fal",
                      request_id=header_request_id) from exc
    payload: Any = model.payload
    if isinstance(payload, Unset):
        payload = None
    elif isinstance(payload, WebhookPayloadPayloadType0):
        payload = payload.to_dict()
    return FalWebhook(
        request_id=model.request_id,
        gateway_request_id=_optional_str(model.gateway_request_id, "gateway_request_id"),
        status=str(model.status.value),
        payload=payload,
        error=_optional_str(model.error, "error"),
        payload_error=_optional_str(model.payload_error, "payload_error"),
        raw=data,
        user_id=user_id,
        timestamp=timestamp,
        model=model,
    )


def _verify_any(keys: Sequence[Ed25519PublicKey], signature: bytes, message: bytes) -> bool:
    for key in keys:
        try:
            key.verify(signature, message)
            return True
        except InvalidSignature:
            continue
    return False


class FalWebhookVerifier:
    """Verifies fal webhooks with one configuration; safe to share between threads.

    ``jwks`` is a key set you already hold (a JWKS document); without it the keys are
    fetched from ``jwks_url`` and cached in ``cache`` (the process-wide cache by default).
    Use an ``https`` URL in production: the key set is what every signature is checked
    against. ``tolerance`` is the accepted clock difference, in seconds, between the
    signed timestamp and now. ``http`` is an optional ``httpx.Client`` for the fetch.
    """

    def __init__(self, *, jwks: Mapping[str, Any] | None = None, jwks_url: str = FAL_JWKS_URL,
                 tolerance: float = 300, http: httpx.Client | None = None, cache: JwksCache | None = None,
                 url_policy: UrlPolicy | None = None) -> None:
        # GENVID_FAL_JWKS_URL (the emulator exports it) stands in for fal's own key set.
        self.jwks_url = _check_jwks_url((os.environ.get("GENVID_FAL_JWKS_URL") or jwks_url)
                                        if jwks_url == FAL_JWKS_URL else jwks_url)
        self.tolerance = seconds(tolerance, "tolerance") or 0.0
        self.http = http
        self.url_policy = url_policy
        self.cache = cache if cache is not None else _DEFAULT_CACHE
        self._static: tuple[Ed25519PublicKey, ...] | None = None
        if jwks is not None:
            self._static = _ed25519_keys(jwks)
            if not self._static:
                raise ConfigurationError("the given JWKS has no OKP/Ed25519 key", service="fal")

    def __repr__(self) -> str:
        source = "jwks=<given>" if self._static is not None else f"jwks_url={self.jwks_url!r}"
        return f"FalWebhookVerifier({source}, tolerance={self.tolerance!r})"

    def verify(self, headers: Mapping[str, str], body: bytes, *, now: float | None = None) -> FalWebhook:
        """Check the signature of one delivery and parse it.

        ``headers`` are the request headers (any case), ``body`` the raw request body. Raises
        ``WebhookVerificationError`` with a ``reason`` when any check fails.
        """
        _check_delivery(headers, body, "headers")
        lowered = {str(k).lower(): v for k, v in headers.items()}

        def header(name: str) -> str:
            value = lowered.get(name.lower())
            if value is None or not str(value).strip():
                raise _reject("missing_header", f"the {name} header is missing", service="fal",
                              request_id=lowered.get(HEADER_REQUEST_ID.lower()))
            return str(value).strip()

        request_id = header(HEADER_REQUEST_ID)
        user_id = header(HEADER_USER_ID)
        timestamp = header(HEADER_TIMESTAMP)
        signature_hex = header(HEADER_SIGNATURE)

        if not _TIMESTAMP_RE.fullmatch(timestamp):
            raise _reject("bad_timestamp", f"the {HEADER_TIMESTAMP} header is not unix seconds", service="fal",
                          request_id=request_id)
        ts = int(timestamp)
        current = time.time() if now is None else now
        skew = current - ts
        if abs(skew) > self.tolerance:
            when = "old" if skew > 0 else "in the future"
            raise _reject("timestamp_out_of_window",
                          f"the webhook timestamp is {abs(skew):.0f} s {when} (tolerance {self.tolerance:.0f} s)",
                          service="fal", request_id=request_id)
        if not _SIGNATURE_RE.fullmatch(signature_hex):
            raise _reject("malformed_signature", f"the {HEADER_SIGNATURE} header is not a 64-byte hex signature",
                          service="fal", request_id=request_id)
        signature = bytes.fromhex(signature_hex)
        message = f"{request_id}\n{user_id}\n{timestamp}\n{hashlib.sha256(body).hexdigest()}".encode()

        if self._static is not None:
            verified = _verify_any(self._static, signature, message)
        else:
            keys, fetched = self.cache.keys(self.jwks_url, http=self.http, policy=self.url_policy)
            verified = _verify_any(keys, signature, message)
            if not verified and not fetched:
                fresh = self.cache.refresh(self.jwks_url, http=self.http, policy=self.url_policy)
                verified = fresh is not None and _verify_any(fresh, signature, message)
        if not verified:
            raise _reject("invalid_signature", "no fal signing key verifies this webhook (tampered, or signed "
                                               "with an unknown key)", service="fal", request_id=request_id)
        return _parse_fal(body, user_id=user_id, timestamp=ts, header_request_id=request_id)


def _check_delivery(where: object, body: object, field: str) -> None:
    """InvalidInput unless the view passed the headers (a mapping) or URL (text), and the raw body bytes."""
    if not (isinstance(where, Mapping) if field == "headers" else isinstance(where, str)):
        raise InvalidInput(f"{field} must be {'a mapping' if field == 'headers' else 'a string'}, got "
                           f"{type(where).__name__}", field=field)
    if not isinstance(body, bytes | bytearray | memoryview):
        raise InvalidInput(f"body must be the raw request body as bytes, got {type(body).__name__}", field="body",
                           hint="pass request.body / request.get_data() (the bytes as they arrived), not text")


def verify_fal(headers: Mapping[str, str], body: bytes, *, jwks: Mapping[str, Any] | None = None,
               jwks_url: str = FAL_JWKS_URL, tolerance: float = 300, now: float | None = None,
               http: httpx.Client | None = None) -> FalWebhook:
    """Verify one fal webhook delivery and return it parsed.

    ``headers`` are the request headers (looked up case-insensitively), ``body`` the raw
    request body bytes exactly as received. The checks, in order: the four
    ``X-Fal-Webhook-*`` headers are present; the timestamp is within ``tolerance``
    seconds of ``now`` (default: the current time); the signature is 64 bytes of hex; an
    OKP/Ed25519 key of ``jwks`` (or of the JWKS at ``jwks_url``, cached for 24 h) verifies
    ``"{request_id}\\n{user_id}\\n{timestamp}\\n{sha256hex(body)}"``; the body is a fal
    webhook payload. Any failure raises ``WebhookVerificationError`` with a ``reason``.
    """
    verifier = FalWebhookVerifier(jwks=jwks, jwks_url=jwks_url, tolerance=tolerance, http=http)
    return verifier.verify(headers, body, now=now)


# ======================================================================================
# Luma callbacks
# ======================================================================================


@dataclass(frozen=True)
class LumaCallback:
    """A Luma callback whose URL token checked out.

    ``generation`` is the parsed ``genvid_api_luma.models.Generation``; ``id`` and ``state``
    (``queued``, ``dreaming``, ``completed``, ``failed``, or a newer value as sent) are
    lifted from it. ``context`` holds the query parameters the token covers (what you
    passed to ``LumaCallbacks.url``), ``raw`` the decoded JSON body.
    """

    generation: Generation = field(repr=False)
    id: str
    state: str | None
    context: dict[str, str]
    raw: dict[str, Any] = field(repr=False)


def _canonical(path: str, params: Sequence[tuple[str, str]]) -> bytes:
    query = urlencode(sorted(params))
    return f"genvid-luma-callback-v1\n{unquote(path) or '/'}\n{query}".encode()


class LumaCallbacks:
    """Makes and checks Luma callback URLs carrying an unguessable token.

    ``secret`` is a server-side secret (e.g. ``secrets.token_urlsafe(32)`` kept in your
    configuration). The token is an HMAC-SHA256, keyed by the secret, of the URL path and
    every query parameter but the token itself, so a token is valid for exactly one path
    and context. The host and scheme are not covered, so the check survives a reverse
    proxy; the path and query must arrive as they were sent.
    """

    __slots__ = ("_key", "param")

    def __init__(self, secret: str | bytes, *, param: str = TOKEN_PARAM) -> None:
        if not isinstance(secret, str | bytes):
            raise ConfigurationError(f"the Luma callback secret must be a str or bytes, not {type(secret).__name__}",
                                     service="luma", hint="e.g. secrets.token_urlsafe(32), kept in your settings")
        key = secret.encode() if isinstance(secret, str) else bytes(secret)
        if len(key) < MIN_SECRET_BYTES or len(set(key)) < 4:
            raise ConfigurationError(f"the Luma callback secret is not secret enough: at least {MIN_SECRET_BYTES} "
                                     "bytes of varied content", service="luma",
                                     hint="e.g. secrets.token_urlsafe(32), kept in your settings")
        if isinstance(secret, str):
            remember_secret(secret)
        self._key = key
        self.param = param

    def __repr__(self) -> str:
        return f"LumaCallbacks(param={self.param!r})"

    def _token(self, path: str, params: Sequence[tuple[str, str]]) -> str:
        digest = hmac.new(self._key, _canonical(path, params), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()

    def url(self, base_url: str, **context: Any) -> str:
        """``base_url`` with ``context`` as query parameters and a token added.

        Existing query parameters are kept (and covered by the token). Context values are
        turned into strings; read them back from ``LumaCallback.context``.
        """
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise InvalidInput("the callback base URL must be an absolute http(s) URL", field="base_url",
                               service="luma")
        params = parse_qsl(parts.query, keep_blank_values=True)
        existing = {k for k, _ in params}
        if self.param in existing or self.param in context:
            raise InvalidInput(f"the callback URL already has a {self.param!r} parameter", field="base_url",
                               service="luma")
        for key, value in context.items():
            if key in existing:
                raise InvalidInput(f"the context key {key!r} is already a query parameter of the URL",
                                   field=key, service="luma")
            params.append((key, str(value)))
        token = self._token(parts.path, params)
        query = urlencode([*params, (self.param, token)])
        return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))

    def check(self, url: str) -> dict[str, str]:
        """Check the token of ``url`` (constant time) and return the context it covers."""
        parts = urlsplit(url)
        params = parse_qsl(parts.query, keep_blank_values=True)
        tokens = [v for k, v in params if k == self.param]
        if not tokens:
            raise _reject("missing_token", f"the callback URL has no {self.param!r} parameter", service="luma")
        if len(tokens) > 1:
            raise _reject("invalid_token", f"the callback URL has more than one {self.param!r} parameter",
                          service="luma")
        rest = [(k, v) for k, v in params if k != self.param]
        expected = self._token(parts.path, rest)
        if not hmac.compare_digest(expected.encode(), tokens[0].encode("utf-8", "replace")):
            raise _reject("invalid_token", "the callback URL token is wrong (not made by this secret for this "
                                           "path and context)", service="luma")
        return dict(rest)

    def verify(self, url: str, body: bytes) -> LumaCallback:
        """Check the token of the URL Luma called and parse the Generation it posted.

        ``url`` is the full request URL (or just its path and query), ``body`` the raw
        request body. Raises ``WebhookVerificationError`` (``missing_token``,
        ``invalid_token`` or ``malformed_body``).
        """
        _check_delivery(url, body, "url")
        context = self.check(url)
        try:
            data = json.loads(body)
        except (ValueError, RecursionError) as exc:
            raise _reject("malformed_body", "the callback body is not JSON", service="luma") from exc
        if not isinstance(data, dict) or not isinstance(data.get("id"), str):
            raise _reject("malformed_body", "the callback body is not a Generation (no 'id')", service="luma")
        try:
            generation = Generation.from_dict(data)
        except (KeyError, ValueError, TypeError, AttributeError, RecursionError) as exc:
            raise _reject("malformed_body", "the callback body is not a Generation", service="luma",
                          request_id=data["id"]) from exc
        state = data.get("state")
        return LumaCallback(generation=generation, id=generation.id,
                            state=state if isinstance(state, str) else None, context=context, raw=data)
