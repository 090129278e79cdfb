"""HTTP outcomes as genvid errors, and the one client for URLs that are not the API.

Every answer with an error status becomes the typed error of its status (``error_for``);
every transport failure becomes ``TransportError`` / ``RequestTimeout``, or
``SubmitUncertain`` when a paid request may have been accepted (``transport_error``).
``MediaHttp`` serves what is not an API call: media downloads, presigned uploads,
signing keys and inputs given by URL, through the same retry transport, TLS settings
and User-Agent as the API, never with the API key, with a per-call deadline, and
(with a ``UrlPolicy``) only to the URLs the policy allows, redirects included.
"""

from __future__ import annotations

import contextlib
import json
import ssl
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from ._exceptions import (
    DownloadError,
    GenvidError,
    MalformedResponse,
    RateLimited,
    RequestTimeout,
    SubmitUncertain,
    TransportError,
    UnsafeURL,
    error_class,
)
from ._transport import (
    MAX_API_BODY,
    NEVER_SENT,
    POLICY,
    STREAMED,
    Refused,
    RetryPolicy,
    RetryTransport,
    UrlPolicy,
    UrlRefused,
    call_options,
    network,
    redact_url,
    retry_after_seconds,
)

USER_AGENT = "genvid/{version}"
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)

_HINTS = {401: "check the API key", 403: "check the key's permissions and the account's balance",
          429: "slow down, or raise the retry policy's max_retries"}


def body_of(content: bytes) -> Any:
    """An error body as parsed JSON, else its text (cut to 2,000 characters)."""
    try:
        return json.loads(content)
    except (ValueError, RecursionError):
        return content[:2000].decode("utf-8", "replace")


def snippet(content: bytes) -> str:
    text = content[:120].decode("utf-8", "replace").replace("\n", " ")
    return repr(text) + ("..." if len(content) > 120 else "")


def error_message(status: int, body: Any) -> str:
    """The service's own words for an error, as one line."""
    if isinstance(body, dict):
        detail = body.get("detail", body.get("error", body.get("message")))
        if isinstance(detail, list):
            parts = []
            for item in detail[:5]:
                if isinstance(item, dict):
                    loc = ".".join(str(x) for x in item.get("loc", []) if x != "body")
                    parts.append(f"{loc}: {item.get('msg', '')}" if loc else str(item.get("msg", "")))
                else:
                    parts.append(str(item))
            return f"HTTP {status}: " + "; ".join(parts)
        if detail is not None:
            return f"HTTP {status}: {str(detail)[:500]}"
    if isinstance(body, str):
        if "<html" in body[:200].lower():
            return f"HTTP {status}: an HTML error page (from a proxy in front of the service)"
        return f"HTTP {status}: {body[:200]}"
    return f"HTTP {status}"


def error_for(service: str, status: int, content: bytes, headers: Mapping[str, str],
              request_id: str | None = None) -> GenvidError:
    """The typed error for an answer with an error status."""
    body = body_of(content)
    rid = request_id or headers.get("x-fal-request-id") or headers.get("x-request-id")
    message = error_message(status, body)
    cls = error_class(status)
    kwargs: dict[str, Any] = {"service": service, "status": status, "request_id": rid, "body": body}
    if cls is RateLimited:
        return RateLimited(message, retry_after=retry_after_seconds(httpx.Headers(dict(headers))), **kwargs)
    return cls(message, hint=_HINTS.get(status), **kwargs)


def malformed(service: str, status: int, content: bytes, request_id: str | None = None) -> MalformedResponse:
    return MalformedResponse(f"unexpected response body (HTTP {status}): {snippet(content)}", service=service,
                             status=status, request_id=request_id, body=body_of(content))


def transport_error(service: str, exc: httpx.HTTPError | httpx.InvalidURL, *, submit: bool = False,
                    request_id: str | None = None, hint: str | None = None) -> GenvidError:
    """The genvid error for a failed connection (``SubmitUncertain`` once a paid request was sent).

    An answer genvid refused (too large, undecodable) is ``MalformedResponse``, a URL the policy
    refuses ``UnsafeURL``, a redirect loop or an unusable URL ``DownloadError``.
    """
    url = redact_url(str(exc.request.url)) if _has_request(exc) else ""  # type: ignore[union-attr]
    if isinstance(exc, UrlRefused):
        return UnsafeURL(f"{exc} ({url})", service=service, request_id=request_id,
                         hint="allow it with UrlPolicy(hosts=..., allow_private=True) if it is trusted")
    if isinstance(exc, Refused):
        return MalformedResponse(f"{exc} ({url})", service=service, request_id=request_id)
    if not isinstance(exc, httpx.TransportError):
        return DownloadError(f"{type(exc).__name__} fetching {url or 'a URL'}: {exc}", service=service,
                             request_id=request_id)
    if submit and not isinstance(exc, NEVER_SENT):
        return SubmitUncertain(
            f"the connection broke after the request was sent ({type(exc).__name__}); "
            "the service may or may not have accepted it, so genvid did not resend it",
            service=service, request_id=request_id, hint=hint)
    cls = RequestTimeout if isinstance(exc, httpx.TimeoutException) else TransportError
    return cls(f"{type(exc).__name__} calling {url}: {exc}", service=service, request_id=request_id)


def _has_request(exc: BaseException) -> bool:
    try:
        exc.request  # type: ignore[attr-defined]  # noqa: B018 - raises when unset
    except (RuntimeError, AttributeError):
        return False
    return True


def tls_setting(verify: bool | str) -> bool | ssl.SSLContext:
    """A CA bundle path (e.g. the emulator's certificate) as an SSL context; booleans unchanged."""
    return ssl.create_default_context(cafile=verify) if isinstance(verify, str) else verify


def read_capped(response: httpx.Response, limit: int = MAX_API_BODY) -> bytes:
    """The body of a streamed response, refusing more than ``limit`` decoded bytes."""
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            raise MalformedResponse(f"response body exceeds {limit} bytes", status=response.status_code)
        chunks.append(chunk)
    return b"".join(chunks)


def json_object(service: str, response: httpx.Response | Reply, request_id: str | None = None) -> dict[str, Any]:
    """A read answer's body as a JSON object; ``MalformedResponse`` when it is not one."""
    try:
        data = json.loads(response.content)
    except (ValueError, RecursionError):
        data = None
    if not isinstance(data, dict):
        raise malformed(service, response.status_code, response.content, request_id)
    return data


class StreamIdle(GenvidError):
    """A status stream sent only keep-alives for its idle limit (the wait looks, then listens again)."""


def events(lines: Iterator[str], idle: float, service: str) -> Iterator[Any]:
    """The JSON of each ``data:`` line of an event stream (undecodable ones are skipped).

    A stream of nothing but keep-alive comments for ``idle`` seconds is given up (``StreamIdle``):
    keep-alives keep a connection open, they say nothing about the job.
    """
    quiet_since = time.monotonic()
    for line in lines:
        if line.startswith("data:"):
            try:
                data = json.loads(line[5:].strip())
            except (ValueError, RecursionError):
                continue
            quiet_since = time.monotonic()
            yield data
        elif time.monotonic() - quiet_since > idle:
            raise StreamIdle(f"the status stream sent only keep-alives for {idle:.0f} s", service=service)


def drain(lines: Iterator[str], max_lines: int = 16, max_seconds: float = 1.0) -> None:
    """Read the rest of an event stream after its terminal event (fal closes it at once), so its
    connection goes back to the pool; a server keeping it open is cut off after 1 s or 16 lines."""
    with call_options(deadline=time.monotonic() + max_seconds):
        for n, _ in enumerate(lines):
            if n >= max_lines:
                return


@dataclass(frozen=True)
class Reply:
    """A read answer: status, headers and the decoded body."""

    status_code: int
    headers: httpx.Headers
    content: bytes

    def json(self) -> Any:
        """The body as JSON; ``MalformedResponse`` when it is not."""
        try:
            return json.loads(self.content)
        except (ValueError, RecursionError) as exc:
            raise MalformedResponse(f"expected JSON, got {snippet(self.content)}", status=self.status_code,
                                    body=body_of(self.content)) from exc


class MediaHttp:
    """Requests to URLs outside the API (CDNs, presigned URLs, key sets): no API key, same transport."""

    def __init__(self, service: str, transport: httpx.BaseTransport, timeout: httpx.Timeout,
                 user_agent: str, policy: UrlPolicy | None = None) -> None:
        self.service = service
        self.policy = policy
        self._client = httpx.Client(transport=transport, timeout=timeout, follow_redirects=True,
                                    headers={"User-Agent": user_agent})

    @classmethod
    def standalone(cls, service: str, *, timeout: float = 10.0, verify: bool | str = True,
                   retry: RetryPolicy | None = None, policy: UrlPolicy | None = None) -> MediaHttp:
        """One not tied to a service client (webhook key sets)."""
        from . import __version__

        transport = RetryTransport(network(tls_setting(verify)), retry or RetryPolicy())
        return cls(service, transport, httpx.Timeout(timeout), USER_AGENT.format(version=__version__), policy)

    @property
    def client(self) -> httpx.Client:
        """The httpx client (for ``Result`` openers)."""
        return self._client

    @contextlib.contextmanager
    def stream(self, method: str, url: str, *, headers: Mapping[str, str] | None = None, content: Any = None,
               timeout: httpx.Timeout | float | None = None, media: bool = True,
               follow_redirects: bool = True, policy: UrlPolicy | None = None) -> Iterator[httpx.Response]:
        """The response before its body is read; every failure (reading it too) is a genvid error."""
        extensions: dict[str, Any] = {STREAMED: True} if media else {}
        if (policy or self.policy) is not None:
            extensions[POLICY] = policy or self.policy
        kwargs: dict[str, Any] = {"headers": dict(headers or {}), "extensions": extensions,
                                  "follow_redirects": follow_redirects}
        if content is not None:
            kwargs["content"] = content
        if timeout is not None:
            kwargs["timeout"] = timeout
        try:
            with self._client.stream(method, url, **kwargs) as response:
                yield response
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise transport_error(self.service, exc) from None

    def send(self, method: str, url: str, *, headers: Mapping[str, str] | None = None, content: Any = None,
             timeout: httpx.Timeout | float | None = None, limit: int = MAX_API_BODY,
             follow_redirects: bool = True, policy: UrlPolicy | None = None) -> Reply:
        """A whole request whose answer is read (at most ``limit`` bytes); an error status raises."""
        with self.stream(method, url, headers=headers, content=content, timeout=timeout, media=False,
                         follow_redirects=follow_redirects, policy=policy) as response:
            data = read_capped(response, limit)
            if response.status_code >= 400:
                raise error_for(self.service, response.status_code, data, response.headers)
            return Reply(response.status_code, response.headers, data)

    def close(self) -> None:
        self._client.close()


__all__ = ["DEFAULT_TIMEOUT", "MediaHttp", "Reply", "body_of", "drain", "error_for", "error_message", "events",
           "json_object", "malformed", "read_capped", "snippet", "tls_setting", "transport_error"]
