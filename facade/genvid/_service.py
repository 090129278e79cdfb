"""The shape every service adapter shares.

A service client owns one generated low-level client (with genvid's retry transport
under it), turns every generated call's outcome into a value or a typed genvid
error, and implements the same five verbs for the unified client: ``prepare``,
``submit``, ``status``, ``result``, ``cancel`` (plus ``generate_now`` for services with
a synchronous route). Adding a service means one spec and one subclass of this.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import logging
import os
import ssl
import threading
import time
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, NoReturn, TypeVar

import httpx

from ._catalog import ModelInfo, lookup
from ._exceptions import (
    ConfigurationError,
    GenvidError,
    InvalidInput,
    MalformedResponse,
    RateLimited,
    RequestTimeout,
    SubmitUncertain,
    TransportError,
    error_class,
)
from ._jobs import Job, JobStatus
from ._results import Result
from ._transport import NEVER_SENT, RetryPolicy, RetryTransport, call_options, redact_url, retry_after_seconds

logger = logging.getLogger("genvid")
T = TypeVar("T")

DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)


@dataclass(frozen=True)
class PollPolicy:
    """How often to ask for a job's status: quick at first, slower later."""

    initial: float = 0.25
    factor: float = 1.5
    maximum: float = 5.0

    def intervals(self) -> Any:
        delay = self.initial
        while True:
            yield delay
            delay = min(self.maximum, delay * self.factor)


@dataclass
class Prepared:
    """A request checked and converted for the wire, not yet sent."""

    model: str
    info: ModelInfo | None
    fields: dict[str, Any]
    digest: str


class ServiceClient:
    """Base of ``Decart``, ``Fal``, ``Luma`` and ``LumaAgents``."""

    provider: ClassVar[str] = ""
    package: ClassVar[str] = ""
    key_env: ClassVar[tuple[str, ...]] = ()
    base_url_env: ClassVar[str] = ""
    default_base_url: ClassVar[str] = ""
    auth_header: ClassVar[str] = "Authorization"
    auth_prefix: ClassVar[str] = "Bearer"
    poll: ClassVar[PollPolicy] = PollPolicy()

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        retry: RetryPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
        verify: bool | str = True,
        poll: PollPolicy | None = None,
    ) -> None:
        key = api_key if api_key is not None else next((os.environ[e] for e in self.key_env if os.environ.get(e)),
                                                       None)
        self._api_key = key
        url = base_url or os.environ.get(self.base_url_env) or self.default_base_url
        if not url.startswith(("http://", "https://")):
            raise ConfigurationError(f"{self.provider} base_url must start with http:// or https://, got {url!r}",
                                     service=self.provider)
        self.base_url = url.rstrip("/")
        self.retry = retry or RetryPolicy()
        self._timeout = timeout if isinstance(timeout, httpx.Timeout) else (
            httpx.Timeout(timeout, connect=min(10.0, timeout)) if timeout else DEFAULT_TIMEOUT)
        # A CA bundle path (e.g. the emulator's self-signed certificate) becomes an SSL context.
        tls: bool | ssl.SSLContext = ssl.create_default_context(cafile=verify) if isinstance(verify, str) else verify
        self._transport = RetryTransport(transport or httpx.HTTPTransport(verify=tls), self.retry)
        self._verify = verify
        if poll is not None:
            self.poll = poll  # type: ignore[misc]
        self._lock = threading.Lock()
        self._clients: dict[str, Any] = {}
        self._plain: httpx.Client | None = None

    def __repr__(self) -> str:
        key = "set" if self._api_key else "missing"
        return f"{type(self).__name__}(base_url={self.base_url!r}, api_key={key})"

    # --- the generated layer -------------------------------------------------------
    def _require_key(self) -> str:
        if not self._api_key:
            names = " or ".join(self.key_env)
            raise ConfigurationError(f"no API key for {self.provider}", service=self.provider,
                                     hint=f"set {names}, or pass api_key=")
        return self._api_key

    def api(self, base_url: str | None = None) -> Any:
        """The generated ``AuthenticatedClient`` for ``base_url`` (one per URL, reused, thread-safe)."""
        url = (base_url or self.base_url).rstrip("/")
        with self._lock:
            client = self._clients.get(url)
            if client is None:
                mod = importlib.import_module(f"{self.package}.client")
                client = mod.AuthenticatedClient(
                    base_url=url, token=self._require_key(), prefix=self.auth_prefix,
                    auth_header_name=self.auth_header, timeout=self._timeout,
                    headers={"User-Agent": f"genvid/{_version()}"},
                    httpx_args={"transport": self._transport},
                )
                self._clients[url] = client
        return client

    def http(self) -> httpx.Client:
        """The httpx client under the generated one (streamed transfers use it directly)."""
        client: httpx.Client = self.api().get_httpx_client()
        return client

    def plain_http(self) -> httpx.Client:
        """An httpx client WITHOUT the API key, for media hosts (CDNs, presigned URLs, uploads).

        Results and uploads go to other hosts than the API; sending them the key would leak it.
        """
        with self._lock:
            client = self._plain
            if client is None:
                client = httpx.Client(transport=self._transport, timeout=self._timeout, follow_redirects=True,
                                      headers={"User-Agent": f"genvid/{_version()}"})
                self._plain = client
        return client

    def close(self) -> None:
        """Close the connection pools."""
        with self._lock:
            for c in self._clients.values():
                c.get_httpx_client().close()
            self._clients.clear()
            if self._plain is not None:
                self._plain.close()
                self._plain = None

    def __enter__(self: T) -> T:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def call(self, operation: Callable[..., Any], *args: Any, submit: bool = False, expect: type | None = None,
             base_url: str | None = None, request_id: str | None = None, deadline: float | None = None,
             retry: RetryPolicy | None = None, extra_headers: Mapping[str, str] | None = None,
             **kwargs: Any) -> Any:
        """Run a generated ``sync_detailed`` and return its parsed body, or raise a typed error.

        ``submit=True`` marks a call that creates something paid for: a broken connection
        after it was sent becomes ``SubmitUncertain`` (never resent). ``extra_headers`` are
        added to this one request (the shared client is not changed).
        """
        api = self.api(base_url)
        try:
            with call_options(retry, deadline):
                if extra_headers:
                    response = _with_headers(operation, api, extra_headers, args, kwargs)
                else:
                    response = operation(*args, client=api, **kwargs)
        except httpx.TransportError as exc:
            self._raise_transport(exc, submit, request_id)
        except Exception as exc:
            if type(exc).__name__ == "MalformedResponse" and hasattr(exc, "content"):
                code: int = getattr(exc, "status_code", 0)
                if code >= 400:  # an error page that is not the documented error JSON
                    self.raise_for_status(code, exc.content, {}, request_id)
                raise MalformedResponse(
                    f"unexpected response body (HTTP {code}): {_snippet(exc.content)}",
                    service=self.provider, status=code, request_id=request_id,
                    body=_body(exc.content),
                ) from None
            raise
        status = int(response.status_code)
        if status >= 400:
            self.raise_for_status(status, response.content, response.headers, request_id)
        parsed = response.parsed
        if expect is not None and not isinstance(parsed, expect):
            raise MalformedResponse(f"unexpected response body (HTTP {status}): {_snippet(response.content)}",
                                    service=self.provider, status=status, request_id=request_id,
                                    body=_body(response.content))
        return parsed

    def _raise_transport(self, exc: httpx.TransportError, submit: bool, request_id: str | None) -> NoReturn:
        url = redact_url(str(exc.request.url)) if _has_request(exc) else ""
        if submit and not isinstance(exc, NEVER_SENT):
            raise SubmitUncertain(
                f"the connection broke after the request was sent ({type(exc).__name__}); "
                "the service may or may not have accepted it, so genvid did not resend it",
                service=self.provider, request_id=request_id, hint=self.find_out_hint(),
            ) from exc
        cls = RequestTimeout if isinstance(exc, httpx.TimeoutException) else TransportError
        raise cls(f"{type(exc).__name__} calling {url}: {exc}", service=self.provider,
                  request_id=request_id) from exc

    def find_out_hint(self) -> str:
        """How to learn whether an uncertain submit was accepted."""
        return "check your dashboard for a new job before submitting again"

    def raise_for_status(self, status: int, content: bytes, headers: Mapping[str, str],
                         request_id: str | None = None) -> NoReturn:
        body = _body(content)
        rid = request_id or headers.get("x-fal-request-id") or headers.get("x-request-id")
        message = error_message(status, body)
        cls = error_class(status)
        kwargs: dict[str, Any] = {"service": self.provider, "status": status, "request_id": rid, "body": body}
        if cls is RateLimited:
            raise RateLimited(message, retry_after=retry_after_seconds(httpx.Headers(dict(headers))), **kwargs)
        hint = {401: "check the API key", 403: "check the key's permissions and the account's balance",
                429: "slow down, or raise the retry policy's max_retries"}.get(status)
        raise cls(message, hint=hint, **kwargs)

    # --- what the unified client calls --------------------------------------------
    def model_info(self, model: str) -> ModelInfo | None:
        return lookup(self.provider, model)

    def prepare(self, model: str, inputs: Mapping[str, Any]) -> Prepared:
        """Check ``inputs`` for ``model`` and map common names to wire fields. No network."""
        raise NotImplementedError

    def submit_prepared(self, prepared: Prepared, **options: Any) -> Job:
        raise NotImplementedError

    def job_status(self, job: Job, *, logs: bool = False) -> JobStatus:
        raise NotImplementedError

    def job_result(self, job: Job, status: JobStatus) -> Result:
        raise NotImplementedError

    def cancel_job(self, job: Job) -> bool:
        """Ask the service to cancel; False when the service has no cancel (the wait just stops)."""
        return False

    def generate_now(self, prepared: Prepared, **options: Any) -> Result | None:
        """A synchronous route for this model, when the service has one; None otherwise."""
        return None

    def stream_status(self, job: Job, *, logs: bool = False) -> Any:
        """An iterator of statuses pushed by the service (fal's SSE), or None to poll."""
        return None


class Pager(Generic[T]):
    """Every item of a paginated listing, fetched lazily one page at a time.

    ``fetch(token)`` returns one page's items and the token of the next page (``None``
    after the last). Iterating a Pager yields items across every page; ``pages()`` yields
    the pages themselves. With ``key``, an item already seen (it moved to a later page
    because new items were added while listing) is not yielded twice.
    """

    def __init__(self, fetch: Callable[[Any], tuple[Sequence[T], Any]], start: Any = None, *,
                 key: Callable[[T], Hashable] | None = None) -> None:
        self._fetch = fetch
        self._start = start
        self._key = key
        self._items: Iterator[T] | None = None

    def pages(self) -> Iterator[Sequence[T]]:
        """Each page's items, in order, fetched as the iteration reaches it."""
        token = self._start
        seen_tokens: set[Any] = set()
        while True:
            items, token = self._fetch(token)
            yield items
            if token is None or not items or token in seen_tokens:
                return
            seen_tokens.add(token)

    def _iterate(self) -> Iterator[T]:
        seen: set[Hashable] = set()
        for page in self.pages():
            for item in page:
                if self._key is not None:
                    k = self._key(item)
                    if k in seen:
                        continue
                    seen.add(k)
                yield item

    def __iter__(self) -> Pager[T]:
        return self

    def __next__(self) -> T:
        if self._items is None:
            self._items = self._iterate()
        return next(self._items)


class GenerationService(ServiceClient):
    """Base of services whose jobs are generations read back by id (Luma, Luma Agents).

    Subclasses provide ``get_generation``, ``status_of`` and ``result_of``; the adapter verbs follow.
    """

    def get_generation(self, generation_id: object) -> Any:
        raise NotImplementedError

    def status_of(self, job: Job, generation: Any) -> JobStatus:
        raise NotImplementedError

    def result_of(self, generation: Any, job: Job | None = None) -> Result:
        raise NotImplementedError

    def job_status(self, job: Job, *, logs: bool = False) -> JobStatus:
        """One read of the generation."""
        return self.status_of(job, self.get_generation(job.request_id))

    def job_result(self, job: Job, status: JobStatus) -> Result:
        """The media of a completed generation (the one just read, when the status carries it)."""
        generation = status.raw if hasattr(status.raw, "state") else self.get_generation(job.request_id)
        return self.result_of(generation, job)

    def cancel_job(self, job: Job) -> bool:
        """These services have no cancel: returns False (a wait can still be stopped)."""
        return False


def rename_inputs(model: str, inputs: Mapping[str, Any], common: Mapping[str, str],
                  common_names: bool) -> Iterator[tuple[str, str, Any]]:
    """``(name given, wire field, value)`` for each set input, common names mapped; a field given twice is an error."""
    seen: set[str] = set()
    for name, value in inputs.items():
        if value is None:
            continue
        wire = common.get(name, name) if common_names else name
        if wire in seen:
            raise InvalidInput(f"{name} given twice (as {wire})", field=name, model=model)
        seen.add(wire)
        yield name, wire, value


def digest(model: str, fields: Mapping[str, Any]) -> str:
    """A stable short digest of a request (for the journal and uncertain-submit errors)."""
    def default(v: Any) -> str:
        return f"<{type(v).__name__}:{getattr(v, 'name', '')}>"

    text = json.dumps({"model": model, "fields": fields}, sort_keys=True, default=default)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def check_required(info: ModelInfo | None, present: set[str], model: str, provider: str) -> None:
    """The seed's message: ``Invalid inputs for lucy-pro-i2v: data is required``."""
    if info is None:
        return
    missing = [f for f in info.required if f not in present]
    if missing:
        raise InvalidInput(f"Invalid inputs for {model}: {missing[0]} is required", field=missing[0], model=model,
                           service=provider)
    for group in info.one_of:
        given = [f for f in group if f in present]
        if len(given) != 1:
            raise InvalidInput(f"Invalid inputs for {model}: give exactly one of {', '.join(group)}",
                               field=group[0], model=model, service=provider)


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
            return f"HTTP {status}: {detail}"
    if isinstance(body, str):
        if "<html" in body[:200].lower():
            return f"HTTP {status}: an HTML error page (from a proxy in front of the service)"
        return f"HTTP {status}: {body[:200]}"
    return f"HTTP {status}"


def _with_headers(operation: Callable[..., Any], api: Any, headers: Mapping[str, str], args: tuple[Any, ...],
                  kwargs: dict[str, Any]) -> Any:
    """Run a generated operation (its ``sync_detailed``) with extra headers on this one request."""
    import sys

    module = sys.modules[operation.__module__]
    request = module._get_kwargs(*args, **kwargs)
    request["headers"] = {**request.get("headers", {}), **headers}
    raw = api.get_httpx_client().request(**request)
    return module._build_response(client=api, response=raw)


def _body(content: bytes) -> Any:
    try:
        return json.loads(content)
    except ValueError:
        return content[:2000].decode("utf-8", "replace")


def _snippet(content: bytes) -> str:
    text = content[:120].decode("utf-8", "replace").replace("\n", " ")
    return repr(text) + ("..." if len(content) > 120 else "")


def _has_request(exc: httpx.TransportError) -> bool:
    try:
        exc.request  # noqa: B018 - raises when unset
    except RuntimeError:
        return False
    return True


def _version() -> str:
    # The package's own constant: importlib.metadata would cost ~8 ms of imports and a scan of
    # sys.path on the first request (and say "0" when genvid runs from a checkout).
    from . import __version__

    return __version__


def monotonic_deadline(timeout: float | None) -> float | None:
    return None if timeout is None else time.monotonic() + timeout


__all__ = ["GenvidError", "Pager", "PollPolicy", "Prepared", "ServiceClient", "check_required", "digest",
           "error_message"]
