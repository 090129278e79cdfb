"""Every error genvid raises, in one tree.

    GenvidError
    ├── InvalidInput            bad input, caught before any request (names the field)
    ├── ConfigurationError      no API key, bad base URL, unknown provider
    │   └── UnknownProvider     (also an InvalidInput naming ``model``)
    ├── Cancelled               a cancel token / ``threading.Event`` was set
    ├── DeadlineExceeded        a wait ran past its timeout (the job may still finish)
    ├── JobFailed               the service ran the job and it failed (code + reason)
    ├── SubmitUncertain         the submit may or may not have been accepted: NOT resent
    ├── DownloadError           a download could not be completed or verified
    │   └── UnsafeURL           a server-chosen URL the client's UrlPolicy refuses
    ├── WebhookVerificationError a fal webhook / Luma callback failed verification (``reason``)
    ├── TransportError          the network failed (connect, read, TLS) after retries
    │   └── RequestTimeout      a single request timed out
    └── APIError                the service answered with an error status
        ├── BadRequest          400, 422 (the service's validation)
        ├── AuthenticationError 401
        ├── PermissionDenied    402, 403
        ├── NotFound            404
        ├── Conflict            409
        ├── RateLimited         429 (``retry_after`` in seconds when the service said)
        ├── ServerError         5xx
        └── MalformedResponse   a body that is not what the service documents (HTML, truncated JSON)

Every error has a stable machine-readable ``code`` (the Decart SDK's three codes are kept:
``INVALID_INPUT``, ``INVALID_API_KEY``, ``PROCESSING_ERROR``; the README lists them all).
Every error raised for a service call carries ``service``, ``status`` (HTTP status or
None), ``request_id`` (the service's id for the request or job, when known) and
``body`` (the parsed JSON or text of the response). Messages never contain API keys:
genvid knows the keys it was given (``remember_secret``) and scrubs them from every
message, hint and body, even when a server echoes one back.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

_SECRETS: tuple[str, ...] = ()  # longest first, so a key is scrubbed before any half of it
_SECRETS_LOCK = threading.Lock()
MIN_SECRET = 8  # shorter strings (test keys such as "k") would scrub ordinary words


def remember_secret(secret: str) -> None:
    """Scrub ``secret`` (and each half of an ``id:secret`` pair) from every error from now on."""
    global _SECRETS
    parts = {p for p in (secret, *secret.split(":")) if len(p) >= MIN_SECRET}
    with _SECRETS_LOCK:
        _SECRETS = tuple(sorted(set(_SECRETS) | parts, key=len, reverse=True))


def scrub(value: Any) -> Any:
    """``value`` with every known secret replaced by ``***``: text, or JSON-like data (changed in place)."""
    secrets = _SECRETS
    if not secrets:
        return value
    if isinstance(value, str):
        for secret in secrets:
            value = value.replace(secret, "***")
        return value
    stack = [value]
    while stack:  # iterative: a body nested 100,000 deep must not overflow the stack
        item = stack.pop()
        entries = list(item.items()) if isinstance(item, dict) else \
            list(enumerate(item)) if isinstance(item, list) else []
        for k, v in entries:
            if isinstance(v, str):
                item[k] = scrub(v)
            elif isinstance(v, dict | list):
                stack.append(v)
            if isinstance(k, str) and scrub(k) != k:
                item[scrub(k)] = item.pop(k)
    return value

__all__ = [
    "APIError",
    "AuthenticationError",
    "BadRequest",
    "Cancelled",
    "ConfigurationError",
    "Conflict",
    "DeadlineExceeded",
    "DownloadError",
    "GenvidError",
    "InvalidInput",
    "JobFailed",
    "MalformedResponse",
    "NotFound",
    "PermissionDenied",
    "RateLimited",
    "RequestTimeout",
    "ServerError",
    "SubmitUncertain",
    "TransportError",
    "UnknownProvider",
    "UnsafeURL",
    "WebhookVerificationError",
]


class GenvidError(Exception):
    """Base class of every genvid error. ``code`` is stable and machine-readable (see the README's table)."""

    code: str = "GENVID_ERROR"

    def __init__(
        self,
        message: str,
        *,
        service: str | None = None,
        status: int | None = None,
        request_id: str | None = None,
        body: Any = None,
        hint: str | None = None,
        code: str | None = None,
    ) -> None:
        message, hint, request_id = scrub(message), scrub(hint), scrub(request_id)
        super().__init__(message)
        if code is not None:
            self.code = code
        self.message = message
        self.service = service
        self.status = status
        self.request_id = request_id
        self.body = scrub(body)
        self.hint = hint

    def __str__(self) -> str:
        parts = [scrub(self.message)]
        if self.service and not self.message.startswith(f"{self.service}:"):
            parts[0] = f"{self.service}: {self.message}"
        if self.request_id:
            parts.append(f"(request id {self.request_id})")
        if self.hint:
            parts.append(f"— {self.hint}")
        return " ".join(parts)


class InvalidInput(GenvidError, ValueError):
    """An input was rejected before any request was sent. ``field`` names it."""

    code = "INVALID_INPUT"

    def __init__(self, message: str, *, field: str | None = None, model: str | None = None,
                 service: str | None = None, hint: str | None = None) -> None:
        super().__init__(message, service=service, hint=hint)
        self.field = field
        self.model = model


class ConfigurationError(GenvidError):
    """The client is not set up to talk to a service (a missing key's code is ``INVALID_API_KEY``)."""

    code = "CONFIGURATION_ERROR"


class UnknownProvider(InvalidInput, ConfigurationError):
    """A model name's provider (``nope:model``) is not one genvid speaks: bad input and bad setup at once."""


class Cancelled(GenvidError, asyncio.CancelledError):
    """The call was cancelled through its cancel token; the job may still be running server-side.

    Also an ``asyncio.CancelledError``, so ``except asyncio.CancelledError`` (as the Decart SDK's
    examples write it) catches it too.
    """

    code = "CANCELLED"


class DeadlineExceeded(GenvidError, TimeoutError):
    """A wait passed its deadline. The job was not cancelled: re-attach with ``client.job(job_id)``."""

    code = "DEADLINE_EXCEEDED"

    def __init__(self, message: str, *, job_id: str | None = None, last_status: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.job_id = job_id
        self.last_status = last_status


class JobFailed(GenvidError):
    """The service finished the job as failed: ``failure_code`` is the service's own code, ``reason`` its text."""

    code = "PROCESSING_ERROR"

    def __init__(self, message: str, *, failure_code: str | None = None, reason: str | None = None,
                 job_id: str | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.failure_code = scrub(failure_code)
        self.reason = scrub(reason)
        self.job_id = job_id


class SubmitUncertain(GenvidError):
    """A submit's fate is unknown (the connection broke after sending). genvid did not resend it.

    ``hint`` says how to find out whether the service accepted it; ``model`` and
    ``inputs_digest`` identify what was sent.
    """

    code = "SUBMIT_UNCERTAIN"

    def __init__(self, message: str, *, model: str | None = None, inputs_digest: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.model = model
        self.inputs_digest = inputs_digest


class DownloadError(GenvidError):
    """A result could not be downloaded completely (after resuming), or failed verification."""

    code = "DOWNLOAD_ERROR"


class UnsafeURL(DownloadError):
    """A URL a server chose (a result, a presigned upload, a redirect) that the ``UrlPolicy`` refuses."""

    code = "UNSAFE_URL"


class WebhookVerificationError(GenvidError):
    """An incoming fal webhook or Luma callback was rejected (see ``genvid.webhooks``).

    ``reason`` is a stable code: ``missing_header``, ``bad_timestamp``,
    ``timestamp_out_of_window``, ``malformed_signature``, ``invalid_signature``,
    ``jwks_unavailable`` (the signing keys could not be fetched: answer 5xx so the sender
    retries), ``malformed_body``, ``missing_token`` or ``invalid_token``. Messages never
    contain secrets, tokens or signatures.
    """

    code = "WEBHOOK_REJECTED"

    def __init__(self, message: str, *, reason: str, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.reason = reason


class TransportError(GenvidError):
    """The network failed (after the retries that were safe to make)."""

    code = "NETWORK_ERROR"


class RequestTimeout(TransportError):
    """A single HTTP request timed out."""

    code = "REQUEST_TIMEOUT"


class APIError(GenvidError):
    """The service answered with an error status."""

    code = "API_ERROR"


class BadRequest(APIError):
    """400 or 422: the service rejected the inputs."""

    code = "INVALID_INPUT"


class AuthenticationError(APIError):
    """401: the API key is missing or wrong."""

    code = "INVALID_API_KEY"


class PermissionDenied(APIError):
    """402 or 403: the key may not do this (``INVALID_API_KEY``), or the account has no balance (402)."""

    code = "INVALID_API_KEY"

    def __init__(self, message: str, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        if self.status == 402 and "code" not in kwargs:
            self.code = "INSUFFICIENT_CREDITS"


class NotFound(APIError):
    """404: no such model, job, generation or file."""

    code = "NOT_FOUND"


class Conflict(APIError):
    """409: the resource is not in a state that allows this (e.g. a result before completion)."""

    code = "CONFLICT"


class RateLimited(APIError):
    """429: too many requests. ``retry_after`` is the service's suggested wait in seconds."""

    code = "RATE_LIMITED"

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class ServerError(APIError):
    """5xx: the service (or a proxy in front of it) failed."""

    code = "PROCESSING_ERROR"


class MalformedResponse(APIError):
    """The response body is not what the service documents (HTML error page, truncated JSON, missing field)."""

    code = "MALFORMED_RESPONSE"


_BY_STATUS: dict[int, type[APIError]] = {
    400: BadRequest, 422: BadRequest, 401: AuthenticationError, 402: PermissionDenied, 403: PermissionDenied,
    404: NotFound, 409: Conflict, 429: RateLimited,
}


def error_class(status: int) -> type[APIError]:
    """The error class for an HTTP error status."""
    if status >= 500:
        return ServerError
    return _BY_STATUS.get(status, APIError)
