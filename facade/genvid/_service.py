"""The shape every service adapter shares.

A service client owns one generated low-level client per base URL (with genvid's retry
transport under it), sends every API call through a generated operation, and turns each
outcome into a value or a typed genvid error. The unified ``Client`` drives every adapter
through the same private verbs: ``_prepare`` (map names, convert media, check the body
against its spec schema: no network), ``_submit``, ``_status``, ``_result``, ``_cancel``,
and optionally ``_run_now`` (a synchronous route) and ``_stream_status`` (pushed statuses).
A subclass's public surface is only what mirrors its official SDK.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib
import json
import logging
import os
import threading
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, ClassVar, Generic, TypeVar

import httpx

from ._catalog import ModelInfo, lookup
from ._exceptions import ConfigurationError, GenvidError, InvalidInput, remember_secret
from ._http import (
    DEFAULT_TIMEOUT,
    USER_AGENT,
    MediaHttp,
    error_for,
    json_object,
    malformed,
    tls_setting,
    transport_error,
)
from ._jobs import Deferred, Job, JobStatus, State
from ._providers import Provider, provider
from ._results import Result
from ._schemas import as_json, caller_name, operation_module, parameter_schema, request_schema, states
from ._transport import (
    RetryPolicy,
    RetryTransport,
    UrlPolicy,
    check_fields,
    network,
    reset_options,
    seconds,
    set_options,
)

logger = logging.getLogger("genvid")
T = TypeVar("T")
Self = TypeVar("Self", bound="ServiceClient")

EMULATOR_ENV = "GENVID_EMULATOR_URL"


@dataclass(frozen=True)
class PollPolicy:
    """How often to ask for a job's status: quick at first, slower later.

    With ``predict`` (the default), once a few run times of a model are known the polls
    gather around each job's expected end instead (see ``genvid._pacing``); a policy whose
    ``maximum`` is 0 always polls without pausing.
    """

    initial: float = 0.25
    factor: float = 1.5
    maximum: float = 5.0
    predict: bool = True

    def __post_init__(self) -> None:
        check_fields(self)
        if self.factor < 1 or self.maximum < self.initial:
            raise InvalidInput("PollPolicy needs factor >= 1 and maximum >= initial", field="factor")

    def intervals(self) -> Iterator[float]:
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
    operation: str = ""
    options: dict[str, Any] = field(default_factory=dict)

    @functools.cached_property
    def digest(self) -> str:
        """A stable short digest of the request (for the journal and uncertain-submit errors)."""
        def default(v: Any) -> str:
            return f"<{type(v).__name__}:{getattr(v, 'name', '')}>"

        text = json.dumps({"model": self.model, "fields": self.fields}, sort_keys=True, default=default)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


class ServiceClient:
    """Base of ``Decart``, ``Fal``, ``Luma`` and ``LumaAgents``."""

    provider: ClassVar[str] = ""
    poll: ClassVar[PollPolicy] = PollPolicy()
    common: ClassVar[Mapping[str, str]] = {}
    """Unified input names -> wire fields (``image`` -> ``image_url``); see ``_wire_name``."""
    can_cancel: ClassVar[bool] = False
    """Whether the service can cancel a job (``_cancel`` asks it to)."""

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
        emulator: str | None = None,
        auth_token: str | None = None,
        url_policy: UrlPolicy | None = None,
    ) -> None:
        self.emulator = (emulator or os.environ.get(EMULATOR_ENV) or "").rstrip("/") or None
        self._api_key = checked_key(self._find_key(api_key if api_key is not None else auth_token), self.provider)
        self.base_url = self._find_base_url(base_url)
        self.retry = retry or RetryPolicy()
        self._timeout = client_timeout(timeout)
        self._transport = RetryTransport(transport or network(tls_setting(verify)), self.retry)
        self.url_policy = url_policy
        self._verify = verify
        if poll is not None:
            self.poll = poll  # type: ignore[misc]
        self._lock = threading.Lock()
        self._clients: dict[tuple[str, str | None, str], Any] = {}
        self._media: MediaHttp | None = None

    def _find_key(self, given: str | None) -> str | None:
        """The key given, else the service's variables, else (on an emulator) the emulator's."""
        if given is not None:
            return given
        found = next((os.environ[e] for e in self.row().key_env if os.environ.get(e)), None)
        if found is None and self.emulator:
            found = os.environ.get("GENVID_EMULATOR_KEY", "emulator-key")
        return found

    def _find_base_url(self, given: str | None) -> str:
        """The URL given, else the emulator's for this service, else the service's variable, else its default."""
        row = self.row()
        url = given or (row.emulator_url(self.emulator) if self.emulator else None) \
            or os.environ.get(row.base_url_env) or row.default_base_url
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise ConfigurationError(f"{self.provider} base_url must start with http:// or https://, got {url!r}",
                                     service=self.provider)
        return url.rstrip("/")

    def __repr__(self) -> str:
        key = "set" if self._api_key else "missing"
        return f"{type(self).__name__}(base_url={self.base_url!r}, api_key={key})"

    @classmethod
    def row(cls) -> Provider:
        """This service's row of the provider table."""
        return provider(cls.provider)

    @functools.cached_property
    def package(self) -> str:
        """The generated low-level client package."""
        return self.row().package

    # --- the generated layer ---------------------------------------------------------
    def _require_key(self) -> str:
        if not self._api_key:
            names = " or ".join(self.row().key_env)
            raise ConfigurationError(f"no API key for {self.provider}", service=self.provider,
                                     hint=f"set {names}, or pass api_key=", code="INVALID_API_KEY")
        return self._api_key

    def _auth(self) -> tuple[str, str]:
        """(header name, value prefix) of this service's API key."""
        return "Authorization", "Bearer"

    def api(self, base_url: str | None = None, *, token: str | None = None, prefix: str | None = None) -> Any:
        """The generated ``AuthenticatedClient`` for ``base_url`` (one per URL and token, reused, thread-safe)."""
        url = (base_url or self.base_url).rstrip("/")
        secret = token if token is not None else self._require_key()
        key = (url, prefix, secret)
        client = self._clients.get(key)  # the common case, without the lock
        if client is not None:
            return client
        header, default_prefix = self._auth()
        with self._lock:
            client = self._clients.get(key)
            if client is None:
                mod = importlib.import_module(f"{self.package}.client")
                client = mod.AuthenticatedClient(
                    base_url=url, token=secret, prefix=default_prefix if prefix is None else prefix,
                    auth_header_name=header, timeout=self._timeout, headers={"User-Agent": _user_agent()},
                    httpx_args={"transport": self._transport},
                )
                self._clients[key] = client
        return client

    def operation(self, name: str) -> ModuleType:
        """The generated module of an operation (``queue_status``)."""
        return operation_module(self.package, name)

    def checked_body(self, data: Mapping[str, Any]) -> Any:
        """A JSON body already checked against its operation's schema (``_check``), to be sent as it is.

        (The generated ``JsonBody``: building the typed model only to serialise it again would
        cost a submit more than its checks.)
        """
        return self._types.JsonBody(data)

    @functools.cached_property
    def _types(self) -> ModuleType:
        return importlib.import_module(f"{self.package}.types")

    @property
    def media(self) -> MediaHttp:
        """The client for non-API URLs (media hosts, presigned URLs): without the API key.

        Results and uploads go to other hosts than the API; sending them the key would leak it.
        """
        with self._lock:
            if self._media is None:
                policy = self.url_policy.with_origins(*self._origins()) if self.url_policy else None
                self._media = MediaHttp(self.provider, self._transport, self._timeout, _user_agent(), policy)
            return self._media

    def _origins(self) -> list[str]:
        """The URLs this client was configured with (its API hosts): a ``UrlPolicy`` always allows them."""
        names = ("base_url", "run_url", "rest_url", "cdn_url", "emulator")
        return [u for u in (getattr(self, n, None) for n in names) if isinstance(u, str) and u]

    def close(self) -> None:
        """Close the connection pools."""
        with self._lock:
            for c in self._clients.values():
                c.get_httpx_client().close()
            self._clients.clear()
            if self._media is not None:
                self._media.close()
                self._media = None

    def __enter__(self: Self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fetch(self, expect: type[T], name: str, *args: Any, **kwargs: Any) -> T:
        """``call`` for an answer of one generated model type, typed as that type."""
        answer: T = self.call(name, *args, expect=expect, **kwargs)
        return answer

    def call(self, name: str, *args: Any, expect: type | tuple[type, ...] | None = None,
             request_id: str | None = None, base_url: str | None = None, api: Any = None, **kwargs: Any) -> Any:
        """Run the generated operation ``name`` and return its parsed body, or raise a typed error (see ``send``)."""
        client = api if api is not None else self.api(base_url)
        response = self.send(name, *args, request_id=request_id, api=client, **kwargs)
        return self.parsed(name, response, expect, request_id, client)

    def parsed(self, name: str, response: httpx.Response, expect: type | tuple[type, ...] | None = None,
               request_id: str | None = None, api: Any = None) -> Any:
        """The body of an answer of ``name`` as the generated operation parses it (``expect``: its type)."""
        try:
            parsed = self.operation(name).parse(api if api is not None else self.api(), response).parsed
        except Exception as exc:
            if type(exc).__name__ == "MalformedResponse" and hasattr(exc, "content"):
                raise malformed(self.provider, response.status_code, exc.content, request_id) from None
            raise
        if expect is not None and not isinstance(parsed, expect):
            raise malformed(self.provider, response.status_code, response.content, request_id)
        return parsed

    def created(self, response: httpx.Response, key: str) -> tuple[str, dict[str, Any]]:
        """(the new job's id ``data[key]``, the answer's JSON) of a submit, read without building its models."""
        data = json_object(self.provider, response)
        ident = data.get(key)
        if not isinstance(ident, str) or not ident:
            raise malformed(self.provider, response.status_code, response.content)
        return ident, data

    def send(self, name: str, *args: Any, submit: bool = False, base_url: str | None = None,
             request_id: str | None = None, deadline: float | None = None, retry: RetryPolicy | None = None,
             extra_headers: Mapping[str, str] | None = None, timeout: httpx.Timeout | float | None = None,
             api: Any = None, **kwargs: Any) -> httpx.Response:
        """Run the generated operation ``name``: its answer, read and not parsed; an error status raises.

        ``submit=True`` marks a call that creates something paid for: a broken connection
        after it was sent becomes ``SubmitUncertain`` (never resent). ``extra_headers`` and
        ``timeout`` apply to this one request.
        """
        op = self.operation(name)
        client = api if api is not None else self.api(base_url)
        tokens = set_options(retry, deadline) if retry is not None or deadline is not None else None
        try:
            response: httpx.Response = op.send(*args, client=client, extra_headers=extra_headers, timeout=timeout,
                                               **kwargs)
        except httpx.TransportError as exc:
            raise transport_error(self.provider, exc, submit=submit, request_id=request_id,
                                  hint=self._find_out_hint() if submit else None) from exc
        finally:
            if tokens is not None:
                reset_options(tokens)
        if response.status_code >= 400:
            raise error_for(self.provider, response.status_code, response.content, response.headers, request_id)
        return response

    def read_state(self, name: str, *args: Any, key: str, parse: Callable[[dict[str, Any]], T], request_id: str,
                   **kwargs: Any) -> tuple[dict[str, Any], T | Deferred]:
        """One status request read as far as its state: (the answer's JSON object, its model).

        The model is a ``Deferred``, built only if someone reads ``JobStatus.raw``; an answer whose
        state (``data[key]``) is not a plain word is parsed whole here (a malformed one raises here).
        """
        response = self.send(name, *args, request_id=request_id, **kwargs)
        data = json_object(self.provider, response, request_id)

        def build() -> T:
            try:
                return parse(data)
            except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
                raise malformed(self.provider, response.status_code, response.content, request_id) from None

        return data, self.deferred(data, key, build)

    @staticmethod
    def deferred(data: Mapping[str, Any], key: str, build: Callable[[], T]) -> T | Deferred:
        """A ``Deferred`` model of ``data``; built now when its state (``data[key]``) is not a plain word."""
        word = data.get(key)
        return Deferred(build, data) if isinstance(word, str) and word else build()

    @contextlib.contextmanager
    def stream_call(self, name: str, *args: Any, submit: bool = False, request_id: str | None = None,
                    base_url: str | None = None, extra_headers: Mapping[str, str] | None = None,
                    timeout: httpx.Timeout | float | None = None, extensions: Mapping[str, Any] | None = None,
                    api: Any = None, **kwargs: Any) -> Iterator[httpx.Response]:
        """Run the generated operation ``name`` and yield its response unread (media, event streams).

        An error status is read (capped) and raised; transport failures are genvid errors.
        """
        op = self.operation(name)
        try:
            with op.stream(*args, client=api if api is not None else self.api(base_url),
                           extra_headers=extra_headers, timeout=timeout,
                           extensions=extensions, **kwargs) as response:
                if response.status_code >= 400:
                    from ._http import read_capped

                    raise error_for(self.provider, response.status_code, read_capped(response, 1 << 20),
                                    response.headers, request_id)
                yield response
        except httpx.TransportError as exc:
            raise transport_error(self.provider, exc, submit=submit, request_id=request_id,
                                  hint=self._find_out_hint() if submit else None) from exc

    def _find_out_hint(self) -> str:
        """How to learn whether an uncertain submit was accepted."""
        return "check your dashboard for a new job before submitting again"

    # --- spec facts ----------------------------------------------------------------------
    def model_info(self, model: str) -> ModelInfo | None:
        """What the catalog knows of ``model`` (None for a model it does not know)."""
        return lookup(self.provider, model)

    def _check(self, operation: str, body: Mapping[str, Any], *, label: str,
               names: Mapping[str, str] | None = None, loose: Sequence[str] = (),
               content_type: str | None = None) -> dict[str, Any]:
        """``body`` as JSON data, checked against the operation's request schema (InvalidInput names the field)."""
        data: dict[str, Any] = self._json(body)
        request_schema(self.package, operation, content_type).check(data, label=label, service=self.provider,
                                                                    names=names, loose=loose)
        return data

    def _json(self, value: Any) -> Any:
        """``value`` as JSON data (``as_json``); its InvalidInput names this service."""
        try:
            return as_json(value)
        except InvalidInput as exc:
            exc.service = exc.service or self.provider
            raise

    def _map_media(self, operation: str, body: Mapping[str, Any], convert: Any,
                   names: Mapping[str, str] | None = None) -> dict[str, Any]:
        """``body`` with its media positions converted (see ``RequestSchema.map_media``).

        A conversion's InvalidInput names the field as the caller wrote it (``image``, not ``keyframes.frame0``).
        """
        try:
            mapped: dict[str, Any] = request_schema(self.package, operation).map_media(body, convert)
        except InvalidInput as exc:
            if exc.field and names:
                name = caller_name(exc.field, names)
                exc.message = exc.message.replace(exc.field, name, 1)
                exc.args = (exc.message,)
                exc.field = name
            raise
        return mapped

    def _check_params(self, operation: str, values: Mapping[str, Any]) -> None:
        """Check an operation's parameters (query, path, header) against the spec; None means unset."""
        data = self._json({k: v for k, v in values.items() if v is not None})
        parameter_schema(self.package, operation).check(data, label=operation, service=self.provider)

    def _state(self, raw: str) -> State:
        """genvid's common state for the service's own word (``x-genvid-states`` in the spec)."""
        state = states(self.package).get(raw, "running")
        return state  # type: ignore[return-value]

    # --- what the unified client calls -------------------------------------------------
    def _prepare(self, model: str, inputs: Mapping[str, Any]) -> Prepared:
        """Check ``inputs`` for ``model`` and map common names to wire fields. No network."""
        raise NotImplementedError

    def _submit(self, prepared: Prepared) -> Job:
        raise NotImplementedError

    def _status(self, job: Job, *, logs: bool = False) -> JobStatus:
        raise NotImplementedError

    def _result(self, job: Job, status: JobStatus) -> Result:
        raise NotImplementedError

    def _cancel(self, job: Job) -> bool:
        """Ask the service to cancel; False when the service has no cancel (the wait just stops)."""
        return False

    def _wire_name(self, model: str, name: str) -> str:
        """The wire field the unified input ``name`` fills for ``model`` (the CLI maps errors back to flags)."""
        return self.common.get(name, name)

    def _run_now(self, prepared: Prepared, *, cancel: threading.Event | None = None,
                 timeout: float | None = None) -> Result | None:
        """A synchronous route for this model, when the service has one; None otherwise."""
        return None

    def _synchronous(self, model: str) -> bool:
        """Whether ``model`` runs synchronously (the media comes in the answer; there is no job)."""
        return False

    def _stream_status(self, job: Job, *, logs: bool = False) -> Iterator[JobStatus] | None:
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

    Subclasses provide ``get_generation`` and ``_result_of``; the adapter
    verbs and ``wait`` follow.
    """

    def get_generation(self, generation_id: object) -> Any:
        raise NotImplementedError

    def _generation_id(self, value: object) -> str:
        raise NotImplementedError

    def _status_of(self, job: Job, data: Mapping[str, Any], raw: Any) -> JobStatus:
        """The status in a Generation's JSON (``raw``: the Generation, or a ``Deferred`` one).

        A failed one carries ``failure_reason`` and, where the service gives one, ``failure_code``.
        """
        word = data.get("state")
        name = str(word) if word else "unknown"
        state = self._state(name)
        if state != "failed":
            return JobStatus(job, state, name, raw=raw)
        code, reason = data.get("failure_code"), data.get("failure_reason")
        return JobStatus(job, state, name, error=reason if isinstance(reason, str) and reason else "Generation failed",
                         error_code=code if isinstance(code, str) and code else None, raw=raw)

    def _result_of(self, data: Mapping[str, Any], job: Job) -> Result:
        """The Result of a completed Generation, from its JSON."""
        raise NotImplementedError

    def _poll_generation(self, generation_id: str) -> tuple[dict[str, Any], Any]:
        """``read_state`` of ``get_generation``: (the answer's JSON, the Generation or a ``Deferred`` one)."""
        raise NotImplementedError

    def _status(self, job: Job, *, logs: bool = False) -> JobStatus:
        data, generation = self._poll_generation(job.request_id)
        return self._status_of(job, data, generation)

    def _result(self, job: Job, status: JobStatus) -> Result:
        data = status._answer()
        if not isinstance(data, dict):  # a status not read from an answer here: the Generation's fields
            raw = status.raw if hasattr(status.raw, "state") else self.get_generation(job.request_id)
            data = raw.to_dict()
        return self._result_of(data, job)

    def wait(self, generation: Any, *, timeout: float | None = None, on_status: Any = None,
             cancel: threading.Event | None = None) -> Result:
        """Poll until the generation ends: its Result (``.save(path)``), or ``JobFailed`` with the reason.

        ``on_status`` receives a JobStatus on every change (``.raw`` is the Generation);
        ``timeout`` (default 900 s) raises ``DeadlineExceeded`` (the generation keeps going).
        """
        from ._waiting import DEFAULT_TIMEOUT as WAIT
        from ._waiting import wait

        ident = self._generation_id(generation)
        model = getattr(generation, "model", None)
        job = Job(self.provider, str(model) if isinstance(model, str) and model else "generation", ident)
        return wait(self, job, timeout=WAIT if timeout is None else timeout, on_status=on_status, cancel=cancel)


S = TypeVar("S", bound="ServiceClient")


class Resource(Generic[S]):
    """A group of an SDK-shaped client's calls (``client.generations``, ``client.files``)."""

    def __init__(self, svc: S) -> None:
        self._svc = svc


G = TypeVar("G", bound="GenerationService")


class GenerationsResource(Resource[G]):
    """``client.generations`` of a service whose jobs are generations: ``get`` by id, and the creates."""

    def get(self, generation_id: Any) -> Any:
        """One generation by id."""
        return self._svc.get_generation(generation_id)


class Body:
    """A request body built from the caller's names: wire paths (``video.start_frame``) each set once.

    ``names`` remembers which name the caller used for each path, so errors speak it.
    """

    def __init__(self, service: str, model: str) -> None:
        self.service, self.model = service, model
        self.data: dict[str, Any] = {}
        self.names: dict[str, str] = {}

    def put(self, path: str, value: Any, name: str) -> None:
        *parents, leaf = path.split(".")
        target = self.data
        for part in parents:
            inner = target.get(part) or {}
            if not isinstance(inner, Mapping):
                raise invalid(self.service, f"{name} and {part} both set {path}", name, model=self.model)
            target[part] = dict(inner)  # a copy: the caller's dict is not changed
            target = target[part]
        old = target.get(leaf)
        if isinstance(old, Mapping) and isinstance(value, Mapping) and not set(old) & set(value):
            target[leaf] = {**old, **value}  # two names that fill one object
        elif leaf in target:
            raise invalid(self.service, f"{name} given twice (as {path})", name, model=self.model)
        else:
            target[leaf] = value
        if path != name:
            self.names.setdefault(path, name)

    def extend(self, path: str, items: Sequence[Any], name: str) -> None:
        self.data.setdefault(path, []).extend(items)
        if path != name:
            self.names.setdefault(path, name)


def checked_key(key: object, provider: str) -> str | None:
    """An API key as sent: a string of printable ASCII without spaces (scrubbed from every error from now on)."""
    if key is None:
        return None
    text = key.strip() if isinstance(key, str) else None
    if text is None or not text.isascii() or not text.isprintable() or " " in text:
        raise ConfigurationError(f"the {provider} API key must be a string of printable ASCII characters without "
                                 f"spaces (got {'a ' + type(key).__name__ if text is None else 'other characters'})",
                                 service=provider, hint="check the key (and its environment variable)")
    remember_secret(text)
    return text or None


def client_timeout(timeout: object) -> httpx.Timeout:
    """The per-request timeout of a client; InvalidInput (``timeout``) unless seconds >= 0 or an httpx.Timeout."""
    if isinstance(timeout, httpx.Timeout):
        for name, value in timeout.as_dict().items():
            seconds(value, f"timeout.{name}")
        return timeout
    value = seconds(timeout, "timeout")
    return httpx.Timeout(value, connect=min(10.0, value)) if value else DEFAULT_TIMEOUT


def invalid(service: str, message: str, field: str, model: str | None = None,
            hint: str | None = None) -> InvalidInput:
    """An InvalidInput of ``service`` naming ``field``."""
    return InvalidInput(message, field=field, model=model, service=service, hint=hint)


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


def _user_agent() -> str:
    # The package's own constant: importlib.metadata would cost ~8 ms of imports and a scan of
    # sys.path on the first request (and say "0" when genvid runs from a checkout).
    from . import __version__

    return USER_AGENT.format(version=__version__)


__all__ = ["Body", "GenerationService", "GenerationsResource", "GenvidError", "Pager", "PollPolicy", "Prepared", "Resource",
           "ServiceClient", "invalid", "rename_inputs"]
