"""Retries, as an httpx transport under every generated client.

Idempotent requests (GET, HEAD, PUT, DELETE) are retried on connection errors,
timeouts, 408, 429 and 5xx, with exponential backoff and full jitter, honouring
``Retry-After``. A POST (a submit, an upload) is retried only when the service
provably did not act on it: the connection was never made, or the service said
429 / 503. Anything else after a POST was sent is surfaced, never resent, so a
paid job is never created twice by genvid.
"""

from __future__ import annotations

import contextlib
import contextvars
import email.utils
import logging
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

import httpx

logger = logging.getLogger("genvid")

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
# A POST answered with one of these was refused before the service did anything.
SAFE_POST_STATUSES = frozenset({429, 503})
NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout)


@dataclass(frozen=True)
class RetryEvent:
    """What ``on_retry`` hooks receive before each retry."""

    attempt: int
    method: str
    url: str
    delay: float
    status: int | None = None
    error: str | None = None


@dataclass(frozen=True)
class RetryPolicy:
    """How a client retries. Pass ``RetryPolicy(max_retries=0)`` to turn retries off."""

    max_retries: int = 4
    backoff: float = 0.5
    max_backoff: float = 8.0
    max_retry_after: float = 60.0
    retry_statuses: frozenset[int] = RETRY_STATUSES
    on_retry: Callable[[RetryEvent], None] | None = None
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)

    def delay(self, attempt: int, response: httpx.Response | None) -> float:
        """Seconds to wait before retry number ``attempt`` (1-based)."""
        if response is not None:
            hinted = retry_after_seconds(response.headers)
            if hinted is not None and 0 <= hinted <= self.max_retry_after:
                return hinted
        ceiling = min(self.max_backoff, self.backoff * (2 ** (attempt - 1)))
        return random.uniform(ceiling / 2, ceiling)

    def with_options(self, **changes: object) -> RetryPolicy:
        return replace(self, **changes)  # type: ignore[arg-type]


def retry_after_seconds(headers: httpx.Headers) -> float | None:
    """``retry-after-ms`` or ``Retry-After`` (seconds or an HTTP date) as seconds."""
    ms = headers.get("retry-after-ms")
    if ms:
        try:
            return float(ms) / 1000
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value) if value else None
        if parsed is None:
            return None
        return max(0.0, parsed.timestamp() - time.time())


# Per-call overrides, set by the facade around a generated call (thread- and task-local).
_policy_override: contextvars.ContextVar[RetryPolicy | None] = contextvars.ContextVar("genvid_policy", default=None)
_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar("genvid_deadline", default=None)


@contextlib.contextmanager
def call_options(policy: RetryPolicy | None = None, deadline: float | None = None) -> Iterator[None]:
    """Use ``policy`` and/or stop retrying at ``deadline`` (a ``time.monotonic()`` value) inside the block."""
    t1 = _policy_override.set(policy) if policy is not None else None
    t2 = _deadline.set(deadline) if deadline is not None else None
    try:
        yield
    finally:
        if t1 is not None:
            _policy_override.reset(t1)
        if t2 is not None:
            _deadline.reset(t2)


BUFFER_LIMIT = 1 << 20


STREAMED = "genvid_streamed"
"""Request extension marking a download its caller streams (and resumes with Range) itself."""


def _buffered(request: httpx.Request, response: httpx.Response) -> bool:
    """Whether the transport reads this body itself: an API answer (small, or JSON), not a streamed download."""
    kind = str(response.headers.get("content-type", ""))
    if request.extensions.get(STREAMED) or "text/event-stream" in kind:
        return False
    length = str(response.headers.get("content-length", ""))
    if length.isdigit():
        return int(length) <= BUFFER_LIMIT
    return kind.startswith("application/json")


class RetryTransport(httpx.BaseTransport):
    """Wraps another transport (the real network, or a test's) with the retry policy."""

    def __init__(self, inner: httpx.BaseTransport | None = None, policy: RetryPolicy | None = None) -> None:
        self.inner = inner or httpx.HTTPTransport()
        self.policy = policy or RetryPolicy()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        policy = _policy_override.get() or self.policy
        deadline = _deadline.get()
        idempotent = request.method in IDEMPOTENT_METHODS
        attempt = 0
        while True:
            attempt += 1
            try:
                response = self.inner.handle_request(request)
            except httpx.TransportError as exc:
                safe = idempotent or isinstance(exc, NEVER_SENT)
                if not safe or not self._may_retry(policy, attempt, deadline, None):
                    raise
                self._wait(policy, attempt, request, None, exc, deadline)
                continue
            _limit_body(response)
            status = response.status_code
            if logger.isEnabledFor(logging.DEBUG):  # URL only, secrets redacted; never headers or bodies
                logger.debug("%s %s -> %d", request.method, redact_url(str(request.url)), status)
            retryable = status in policy.retry_statuses and (idempotent or status in SAFE_POST_STATUSES)
            if not retryable or not self._may_retry(policy, attempt, deadline, response):
                if idempotent and not retryable and _buffered(request, response):
                    # A connection cut after the headers would otherwise surface when the caller reads
                    # the body, past every retry: read small bodies here, where a GET can be resent.
                    try:
                        response.read()
                    except httpx.TransportError as exc:
                        response.close()
                        if isinstance(exc, ResponseTooLarge) or not self._may_retry(policy, attempt, deadline, None):
                            raise
                        self._wait(policy, attempt, request, None, exc, deadline)
                        continue
                return response
            response.close()
            self._wait(policy, attempt, request, response, None, deadline)

    def _may_retry(self, policy: RetryPolicy, attempt: int, deadline: float | None,
                   response: httpx.Response | None) -> bool:
        if attempt > policy.max_retries:
            return False
        if deadline is not None and time.monotonic() + policy.delay(attempt, response) > deadline:
            return False
        return True

    def _wait(self, policy: RetryPolicy, attempt: int, request: httpx.Request, response: httpx.Response | None,
              error: Exception | None, deadline: float | None) -> None:
        delay = policy.delay(attempt, response)
        if deadline is not None:
            delay = max(0.0, min(delay, deadline - time.monotonic()))
        event = RetryEvent(attempt, request.method, redact_url(str(request.url)), delay,
                           response.status_code if response is not None else None,
                           type(error).__name__ if error is not None else None)
        logger.info("retry %d of %s %s in %.2fs (%s)", attempt, event.method, event.url, delay,
                    event.status or event.error)
        if policy.on_retry is not None:
            policy.on_retry(event)
        policy.sleep(delay)

    def close(self) -> None:
        self.inner.close()


MAX_API_BODY = 32 * 1024 * 1024
_MEDIA_PREFIXES = ("video/", "image/", "audio/", "application/octet-stream")


class ResponseTooLarge(httpx.TransportError):
    """An API answer (JSON, HTML, text) larger than any real answer: a broken or hostile server."""


class _LimitedStream(httpx.SyncByteStream):
    def __init__(self, inner: httpx.SyncByteStream, limit: int) -> None:
        self._inner = inner
        self._limit = limit

    def __iter__(self) -> Iterator[bytes]:
        seen = 0
        for chunk in self._inner:
            seen += len(chunk)
            if seen > self._limit:
                raise ResponseTooLarge(f"response body exceeds {self._limit} bytes")
            yield chunk

    def close(self) -> None:
        self._inner.close()


def _limit_body(response: httpx.Response) -> None:
    """Cap non-media bodies so a hostile server cannot exhaust memory (media streams are not capped)."""
    kind = response.headers.get("content-type", "").lower()
    if kind.startswith(_MEDIA_PREFIXES):
        return
    length = response.headers.get("content-length", "")
    if length.isdigit() and int(length) > MAX_API_BODY:
        response.close()
        raise ResponseTooLarge(f"response body of {length} bytes exceeds {MAX_API_BODY}")
    if isinstance(response.stream, httpx.SyncByteStream):
        response.stream = _LimitedStream(response.stream, MAX_API_BODY)


_SECRET_QUERY = ("key", "token", "api_key", "signature", "sig", "x-amz-signature", "x-goog-signature")


def redact_url(url: str) -> str:
    """The URL with secret-looking query values replaced by ``***`` (for logs and errors)."""
    parsed = httpx.URL(url)
    if not parsed.query:
        return url
    params = [(k, "***" if any(s in k.lower() for s in _SECRET_QUERY) else v)
              for k, v in parsed.params.multi_items()]
    return str(parsed.copy_with(params=params))
