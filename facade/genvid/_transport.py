"""Retries, deadlines, body limits and the URL policy, as an httpx transport under every client.

Idempotent requests (GET, HEAD, PUT, DELETE) are retried on connection errors,
timeouts, 408, 429 and 5xx, with exponential backoff and full jitter, honouring
``Retry-After``. A POST (a submit, an upload) is retried only when the service
provably did not act on it: the connection was never made, or the service said
429 / 503. Anything else after a POST was sent is surfaced, never resent, so a
paid job is never created twice by genvid.

Whatever the server does, a request ends in time and in bounded memory: an API answer
must arrive whole within the client's timeout (not only between two reads), every read
stops at the call's deadline (``call_options``), bodies are decoded here in small pieces
and capped by their decoded size, and media is asked for without compression. With a
``UrlPolicy``, URLs outside the API are checked, redirects and resolved addresses included.
"""

from __future__ import annotations

import contextlib
import contextvars
import email.utils
import ipaddress
import logging
import math
import random
import socket
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields, replace
from typing import Any

import httpcore
import httpx

from ._exceptions import InvalidInput, scrub

logger = logging.getLogger("genvid")

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
# A POST answered with one of these was refused before the service did anything.
SAFE_POST_STATUSES = frozenset({429, 503})
NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout)
MAX_API_BODY = 32 * 1024 * 1024
BUFFER_LIMIT = 1 << 20
DECODE_CHUNK = 256 * 1024

STREAMED = "genvid_streamed"
"""Request extension marking a download its caller streams (and resumes with Range) itself."""
POLICY = "genvid_url_policy"
"""Request extension carrying the ``UrlPolicy`` a URL outside the API must pass."""
CLOSE_DELIMITED = "genvid_close_delimited"
"""Response extension: the body had no length and ended when the server closed the connection."""


def seconds(value: object, field: str) -> float | None:
    """``value`` as seconds (None stays None); InvalidInput naming ``field`` unless a finite number >= 0."""
    if value is None:
        return None
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value) or value < 0:
        raise InvalidInput(f"{field} must be a finite number of seconds >= 0, got {value!r}", field=field)
    return float(value)


def deadline_after(timeout: object, field: str = "timeout") -> float | None:
    """The ``time.monotonic()`` deadline ``timeout`` seconds from now (None: no deadline)."""
    checked = seconds(timeout, field)
    return None if checked is None else time.monotonic() + checked


def check_fields(obj: object, counts: Iterable[str] = ()) -> None:
    """Check a policy's numeric fields: ``counts`` are ints >= 0, the float fields finite numbers >= 0."""
    for f in fields(obj):  # type: ignore[arg-type]
        value = getattr(obj, f.name)
        if f.name in counts and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            raise InvalidInput(f"{f.name} must be an integer >= 0, got {value!r}", field=f.name)
        if f.type == "float":
            seconds(value, f.name)


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

    def __post_init__(self) -> None:
        check_fields(self, counts=("max_retries",))
        if not all(isinstance(s, int) and 100 <= s <= 599 for s in self.retry_statuses):
            raise InvalidInput("retry_statuses must be HTTP status codes (ints)", field="retry_statuses")

    def delay(self, attempt: int, response: httpx.Response | None) -> float:
        """Seconds to wait before retry number ``attempt`` (1-based)."""
        if response is not None:
            hinted = retry_after_seconds(response.headers)
            if hinted is not None and hinted <= self.max_retry_after:
                return hinted
        ceiling = min(self.max_backoff, self.backoff * (2 ** (attempt - 1)))
        return random.uniform(ceiling / 2, ceiling)

    def with_options(self, **changes: object) -> RetryPolicy:
        return replace(self, **changes)  # type: ignore[arg-type]


def retry_after_seconds(headers: httpx.Headers) -> float | None:
    """``retry-after-ms`` or ``Retry-After`` (seconds or an HTTP date) as seconds; None when unreadable."""
    for name, scale in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        value = headers.get(name)
        if not value:
            continue
        try:
            number = float(value) / scale
        except ValueError:
            try:
                number = email.utils.parsedate_to_datetime(value).timestamp() - time.time()
            except (ValueError, TypeError, OverflowError, IndexError):
                continue
        if math.isfinite(number):
            return max(0.0, number)
    return None


# Per-call overrides, set by the facade around a generated call (thread- and task-local).
_policy_override: contextvars.ContextVar[RetryPolicy | None] = contextvars.ContextVar("genvid_policy", default=None)
_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar("genvid_deadline", default=None)


Options = tuple["contextvars.Token[RetryPolicy | None] | None", "contextvars.Token[float | None] | None"]


def set_options(policy: RetryPolicy | None = None, deadline: float | None = None) -> Options:
    """Use ``policy`` and/or end every request at ``deadline`` until ``reset_options``.

    The plain pair (with try/finally) is for the per-request path, where a generator-based
    context manager costs more than the request's own bookkeeping; elsewhere, ``call_options``.
    """
    return (_policy_override.set(policy) if policy is not None else None,
            _deadline.set(deadline) if deadline is not None else None)


def reset_options(tokens: Options) -> None:
    if tokens[0] is not None:
        _policy_override.reset(tokens[0])
    if tokens[1] is not None:
        _deadline.reset(tokens[1])


@contextlib.contextmanager
def call_options(policy: RetryPolicy | None = None, deadline: float | None = None) -> Iterator[None]:
    """Use ``policy`` and/or end every request at ``deadline`` (a ``time.monotonic()`` value) inside the block."""
    tokens = set_options(policy, deadline)
    try:
        yield
    finally:
        reset_options(tokens)


# --- errors the transport raises itself (never retried) -----------------------------------


class Refused(httpx.TransportError):
    """A response (or URL) genvid will not use, whatever a retry would bring."""


class ResponseTooLarge(Refused):
    """An API answer larger than any real answer (counted after decoding): a broken or hostile server."""


class BadBody(Refused):
    """A body that cannot be decoded (bad gzip), or media sent compressed although genvid asked it not to be."""


class UrlRefused(Refused):
    """A URL outside the API that the client's ``UrlPolicy`` does not allow."""


# --- the URL policy -------------------------------------------------------------------------


def _origin(url: str | httpx.URL) -> str:
    u = httpx.URL(url)
    return f"{u.scheme}://{u.host}:{u.port or {'http': 80, 'https': 443}.get(u.scheme, 0)}"


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    mapped = getattr(ip, "ipv4_mapped", None)
    return bool((mapped or ip).is_global)


@dataclass(frozen=True)
class UrlPolicy:
    """Which URLs chosen by a server genvid may fetch (result media, presigned uploads, key sets).

    Off by default (any URL is fetched, as the services' own SDKs do). For a server
    deployment, pass ``genvid.Client(url_policy=genvid.UrlPolicy())``: only ``schemes``;
    only ``hosts`` when given (exact names or ``*.example.com``); never a private,
    loopback or link-local address (checked on the resolved addresses of every connection,
    redirects included) unless ``allow_private``. ``origins`` are always allowed; every
    client adds its own API base URLs (the emulator's too).
    """

    schemes: tuple[str, ...] = ("https",)
    hosts: tuple[str, ...] = ()
    allow_private: bool = False
    origins: tuple[str, ...] = ()

    def with_origins(self, *urls: str) -> UrlPolicy:
        """This policy, also allowing the origins of ``urls``."""
        return replace(self, origins=(*self.origins, *(_origin(u) for u in urls)))

    def check(self, url: httpx.URL) -> bool:
        """Raise ``UrlRefused`` unless ``url`` passes; True when its addresses must still be checked."""
        if _origin(url) in {_origin(o) for o in self.origins}:
            return False
        host = url.host.lower()
        if url.scheme not in self.schemes:
            raise UrlRefused(f"the URL policy allows only {', '.join(self.schemes)} URLs, not {url.scheme}://")
        if self.hosts and not any(host == h or (h.startswith("*.") and host.endswith(h[1:])) for h in self.hosts):
            raise UrlRefused(f"the URL policy does not allow the host {host}")
        with contextlib.suppress(ValueError):
            if not self.allow_private and not _public(host):
                raise UrlRefused(f"the URL policy refuses the private or link-local address {host}")
        return not self.allow_private

    def resolve(self, host: str, port: int) -> str:
        """A public address of ``host`` to connect to; ``UrlRefused`` when any of its addresses is private."""
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as exc:
            raise httpx.ConnectError(f"cannot resolve {host}: {exc}") from None
        addresses = [str(info[4][0]) for info in infos]
        if not addresses or not all(_public(a) for a in addresses):
            raise UrlRefused(f"the URL policy refuses {host}: it resolves to a private or link-local address")
        return addresses[0]


# --- one request's clock: every read ends at the call's deadline and the answer's limit ------


class _Clock:
    """One request's limits: the call's deadline, the answer's time once the request is out, the URL policy."""

    __slots__ = ("deadline", "policy", "sent", "total")

    def __init__(self, deadline: float | None, total: float | None, policy: UrlPolicy | None = None) -> None:
        self.deadline = deadline  # the call's deadline
        self.total = total  # how long the answer may take once the request is sent (None: no limit)
        self.policy = policy  # addresses to check when connecting
        self.sent: float | None = time.monotonic()  # None while the request is being written

    def limit(self, now: float | None = None) -> float | None:
        """The earliest of the call's deadline, the answer's limit, and the deadline of the call reading now."""
        limit = self.deadline
        if self.total is not None:
            answer = (self.sent or now or time.monotonic()) + self.total
            limit = answer if limit is None or answer < limit else limit
        ambient = _deadline.get()
        return ambient if ambient is not None and (limit is None or ambient < limit) else limit

    def read_timeout(self, timeout: float | None) -> float | None:
        """``timeout`` for one read, cut to what is left until ``limit()``."""
        now = time.monotonic()
        if self.sent is None:
            self.sent = now  # the answer's time starts when the request is out
        limit = self.limit(now)
        if limit is None:
            return timeout
        left = limit - now
        if left <= 0:
            raise httpcore.ReadTimeout("the call's deadline passed" if limit == self.deadline
                                       else "the answer did not arrive within the timeout")
        return left if timeout is None or left < timeout else timeout

    def clip(self, timeout: float | None, limit: float | None,
             error: type[httpcore.TimeoutException] = httpcore.ReadTimeout) -> float | None:
        if limit is None:
            return timeout
        left = limit - time.monotonic()
        if left <= 0:
            raise error("the call's deadline passed" if limit == self.deadline
                        else "the answer did not arrive within the timeout")
        return left if timeout is None else min(timeout, left)


_clock: contextvars.ContextVar[_Clock | None] = contextvars.ContextVar("genvid_clock", default=None)


class _Stream(httpcore.NetworkStream):
    """A socket stream whose reads and writes end at the current request's limits."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        clock = _clock.get()
        return self._inner.read(max_bytes, timeout if clock is None else clock.read_timeout(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        clock = _clock.get()
        if clock is not None:
            clock.sent = None  # (set by the first read after the last write)
            if clock.deadline is not None:
                timeout = clock.clip(timeout, clock.deadline, httpcore.WriteTimeout)
        self._inner.write(buffer, timeout)

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        clock = _clock.get()
        return _Stream(self._inner.start_tls(ssl_context, server_hostname,
                                             clock.clip(timeout, clock.limit()) if clock else timeout))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _Backend(httpcore.SyncBackend):
    """httpcore's socket backend with ``_Stream``s, checking the URL policy's addresses on connect."""

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Any = None) -> httpcore.NetworkStream:
        clock = _clock.get()
        if clock is not None:
            timeout = clock.clip(timeout, clock.deadline, httpcore.ConnectTimeout)
            if clock.policy is not None:
                host = clock.policy.resolve(host, port)
        return _Stream(super().connect_tcp(host, port, timeout, local_address, socket_options))


def network(verify: Any = True) -> httpx.HTTPTransport:
    """The real network, with reads bounded by each request's clock (see ``_Backend``)."""
    transport = httpx.HTTPTransport(verify=verify)
    transport._pool._network_backend = _Backend()
    return transport


# --- bodies: decoded here, in small pieces, capped and timed ---------------------------------


def _inflate(chunks: Iterator[bytes], encoding: str) -> Iterator[bytes]:
    """gzip / deflate bodies decoded ``DECODE_CHUNK`` bytes at a time (a bomb never inflates at once)."""
    inflater = zlib.decompressobj(47)  # gzip or zlib, by the header
    started = False
    for data in chunks:
        while data and not inflater.eof:
            try:
                out = inflater.decompress(data, DECODE_CHUNK)
            except zlib.error as exc:
                if started or encoding != "deflate":
                    raise BadBody(f"the {encoding} body cannot be decoded: {exc}") from None
                inflater = zlib.decompressobj(-15)  # raw deflate, as some servers send it
                continue
            started = True
            data = inflater.unconsumed_tail
            if out:
                yield out


class _Body(httpx.SyncByteStream):
    """A response body as genvid reads it: decoded, at most ``limit`` bytes, ending at the clock's limit."""

    def __init__(self, inner: httpx.SyncByteStream, clock: _Clock, limit: int | None, encoding: str) -> None:
        self._inner, self._clock, self._limit, self._encoding = inner, clock, limit, encoding

    def __iter__(self) -> Iterator[bytes]:
        if not self._encoding:
            return self._raw(self._limit)
        return _capped(_inflate(self._raw(None), self._encoding), self._limit)

    def _raw(self, cap: int | None) -> Iterator[bytes]:
        """The body as sent, each read ending at the clock's limit (and, with ``cap``, capped)."""
        clock, chunks, seen = self._clock, iter(self._inner), 0
        while True:
            token = _clock.set(clock)  # the socket reads under this one end at its limits
            try:
                chunk = next(chunks, None)
            finally:
                _clock.reset(token)
            if chunk is None:
                return
            limit = clock.limit()
            if limit is not None and time.monotonic() > limit:
                raise httpx.ReadTimeout("the body did not arrive in time")
            seen += len(chunk)
            if cap is not None and seen > cap:
                raise ResponseTooLarge(f"response body exceeds {cap} bytes")
            yield chunk

    def close(self) -> None:
        self._inner.close()


def _capped(chunks: Iterator[bytes], cap: int | None) -> Iterator[bytes]:
    seen = 0
    for chunk in chunks:
        seen += len(chunk)
        if cap is not None and seen > cap:
            raise ResponseTooLarge(f"response body exceeds {cap} bytes")
        yield chunk


_DECIDING = frozenset({b"content-encoding", b"content-length", b"transfer-encoding", b"content-type"})


def _heads(headers: httpx.Headers) -> dict[bytes, str]:
    """The headers the transport decides by, in one pass (``headers.get`` each time costs a scan)."""
    found: dict[bytes, str] = {}
    for key, value in headers.raw:
        name = key.lower()
        if name in _DECIDING:
            text = value.decode("latin-1")
            found[name] = f"{found[name]}, {text}" if name in found else text  # repeated: joined, as httpx does
    return found


def _guard(request: httpx.Request, response: httpx.Response, clock: _Clock) -> tuple[httpx.Response, bool]:
    """Put ``_Body`` under the response: genvid decodes, caps and times it, not httpx.

    Also says whether the transport reads the body itself: an API answer (small, or JSON), not a
    streamed download or event stream.
    """
    streamed = bool(request.extensions.get(STREAMED))
    found = _heads(response.headers)
    length = found.get(b"content-length", "")
    kind = found.get(b"content-type", "")
    response.extensions[CLOSE_DELIMITED] = not length and response.http_version != "HTTP/2" \
        and "chunked" not in found.get(b"transfer-encoding", "").lower()
    events = "text/event-stream" in kind
    if streamed or events:
        clock.total = None  # a download or a stream: bounded by the call's deadline, not the answer time
    encoding = _accepted_encoding(response, found, streamed)
    if isinstance(response.stream, httpx.SyncByteStream):
        response.stream = _Body(response.stream, clock, None if streamed else MAX_API_BODY,
                                "" if encoding == "identity" else encoding.replace("x-", ""))
    if streamed or events:
        return response, False
    if encoding != "identity":
        length = ""  # (the length of the encoded body)
    return response, int(length) <= BUFFER_LIMIT if length.isdigit() else kind.startswith("application/json")


def _accepted_encoding(response: httpx.Response, found: dict[bytes, str], streamed: bool) -> str:
    """The body's content coding, refused unless genvid asked for it; an API answer too long by its header is refused."""
    encoding = found.get(b"content-encoding", "identity").strip().lower()
    length = found.get(b"content-length", "")
    if encoding not in ("identity", "gzip", "x-gzip", "deflate") or (streamed and encoding != "identity"):
        response.close()
        raise BadBody(f"the server sent a {encoding}-encoded body, which genvid did not ask for")
    if encoding != "identity":  # _Body decodes it: the headers describe the encoded form
        del response.headers["content-encoding"]
        response.headers.pop("content-length", None)
    elif not streamed and length.isdigit() and int(length) > MAX_API_BODY:
        response.close()
        raise ResponseTooLarge(f"response body of {length} bytes exceeds {MAX_API_BODY}")
    return encoding


class RetryTransport(httpx.BaseTransport):
    """Wraps another transport (the real network, or a test's) with the retry policy and the limits above."""

    def __init__(self, inner: httpx.BaseTransport | None = None, policy: RetryPolicy | None = None) -> None:
        self.inner = inner or network()
        self.policy = policy or RetryPolicy()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        policy = _policy_override.get() or self.policy
        deadline = _deadline.get()
        extensions = request.extensions
        request.headers["Accept-Encoding"] = "identity" if extensions.get(STREAMED) else "gzip, deflate"
        url_policy = extensions.get(POLICY)
        check = url_policy if url_policy is not None and isinstance(url_policy, UrlPolicy) \
            and url_policy.check(request.url) else None
        read = _read_timeout(request)
        attempt = 0
        while True:
            attempt += 1
            try:
                response = self._attempt(request, policy, _Clock(deadline, read, check))
            except httpx.TransportError as exc:
                safe = request.method in IDEMPOTENT_METHODS or isinstance(exc, NEVER_SENT)
                if isinstance(exc, Refused) or not safe or not self._may_retry(policy, attempt, deadline, None):
                    raise
                self._wait(policy, attempt, request, None, exc, deadline)
                continue
            if not self._retryable(policy, request, response) or \
                    not self._may_retry(policy, attempt, deadline, response):
                return response
            response.close()
            self._wait(policy, attempt, request, response, None, deadline)

    def _attempt(self, request: httpx.Request, policy: RetryPolicy, clock: _Clock) -> httpx.Response:
        """One try: the response, its body guarded; a small final API answer is read here, where a GET can be resent."""
        token = _clock.set(clock)
        try:
            response, buffer = _guard(request, self.inner.handle_request(request), clock)
        finally:
            _clock.reset(token)
        if logger.isEnabledFor(logging.DEBUG):  # URL only, secrets redacted; never headers or bodies
            logger.debug("%s %s -> %d", request.method, redact_url(str(request.url)), response.status_code)
        if buffer and request.method in IDEMPOTENT_METHODS and not self._retryable(policy, request, response):
            try:
                response.read()
            except BaseException:
                response.close()
                raise
        return response

    @staticmethod
    def _retryable(policy: RetryPolicy, request: httpx.Request, response: httpx.Response) -> bool:
        status = response.status_code
        return status in policy.retry_statuses and (request.method in IDEMPOTENT_METHODS
                                                    or status in SAFE_POST_STATUSES)

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


def _read_timeout(request: httpx.Request) -> float | None:
    timeout = request.extensions.get("timeout")
    read = timeout.get("read") if isinstance(timeout, dict) else None
    return float(read) if isinstance(read, int | float) else None


_SECRET_QUERY = ("key", "token", "api_key", "signature", "sig", "x-amz-signature", "x-goog-signature")


def redact_url(url: str) -> str:
    """The URL with secret-looking query values replaced by ``***`` and known keys scrubbed (for logs, errors)."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, ValueError, TypeError):
        return str(scrub(repr(url)))
    if not parsed.query:
        return str(scrub(url))
    params = [(k, "***" if any(s in k.lower() for s in _SECRET_QUERY) else v)
              for k, v in parsed.params.multi_items()]
    return str(scrub(str(parsed.copy_with(params=params))))
