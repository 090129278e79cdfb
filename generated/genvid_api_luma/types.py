"""Contains some shared types for properties"""

from collections.abc import Mapping, MutableMapping
from http import HTTPStatus
from typing import IO, TYPE_CHECKING, Any, BinaryIO, Generic, Literal, TypeVar
from urllib.parse import quote

import httpx
from attrs import define

if TYPE_CHECKING:
    from .client import AuthenticatedClient, Client


class Unset:
    def __bool__(self) -> Literal[False]:
        return False


UNSET: Unset = Unset()

# The types that `httpx.Client(files=)` can accept, copied from that library.
FileContent = IO[bytes] | bytes | str
FileTypes = (
    # (filename, file (or bytes), content_type)
    tuple[str | None, FileContent, str | None]
    # (filename, file (or bytes), content_type, headers)
    | tuple[str | None, FileContent, str | None, Mapping[str, str]]
)
RequestFiles = list[tuple[str, FileTypes]]


@define
class File:
    """Contains information for file uploads"""

    payload: BinaryIO
    file_name: str | None = None
    mime_type: str | None = None

    def to_tuple(self) -> FileTypes:
        """Return a tuple representation that httpx will accept for multipart/form-data"""
        return self.file_name, self.payload, self.mime_type


@define
class JsonBody:
    """A JSON request body given as data and sent as it is, instead of a model's ``to_dict()``.

    For data already checked against the operation's request schema (genvid's facade checks
    every body with the spec's JSON Schema): building the model only to serialise it again
    would cost a request more than the rest of its own work.
    """

    data: Mapping[str, Any]


T = TypeVar("T")


@define
class Response(Generic[T]):
    """A response from an endpoint"""

    status_code: int
    """An ``HTTPStatus`` for registered codes, a plain ``int`` for others (e.g. 520)."""
    content: bytes
    headers: MutableMapping[str, str]
    parsed: T | None


def request_options(
    client: "AuthenticatedClient | Client",
    kwargs: dict[str, Any],
    extra_headers: Mapping[str, str] | None,
    timeout: Any,
    extensions: Mapping[str, Any] | None,
) -> dict[str, Any]:
    """``kwargs`` for ``httpx.Client.request``: the absolute URL, and one call's own headers, timeout and extensions.

    The URL is made whole here, query included, so httpx parses it once: a relative URL is
    parsed, then again when merged into the client's ``base_url`` (``copy_with(raw_path=)``),
    and once more when ``params`` are added. The query is encoded as httpx encodes ``params``.
    """
    url = client.base_url.rstrip("/") + kwargs["url"]
    params = kwargs.pop("params", None)
    if params:
        query = str(httpx.QueryParams(params))
        if query:
            url += "?" + query
    kwargs["url"] = url
    if extra_headers:
        kwargs["headers"] = {**kwargs.get("headers", {}), **extra_headers}
    if timeout is not None:
        kwargs["timeout"] = timeout
    if extensions:
        kwargs["extensions"] = dict(extensions)
    return kwargs


def path_segment(value: Any, slashes: bool = False) -> str:
    """``value`` percent-encoded for its place in a URL path (``/`` kept only with ``slashes``).

    ``.`` and ``..`` segments are encoded too (``%2E``), so no id can climb to another endpoint.
    """
    text = quote(str(value), safe="/" if slashes else "")
    return "/".join("%2E" * len(part) if part in (".", "..") else part for part in text.split("/"))


def status_of(code: int) -> int:
    """``HTTPStatus(code)`` when the code is registered, else the plain int: never raises."""
    try:
        return HTTPStatus(code)
    except ValueError:
        return code


__all__ = [
    "UNSET",
    "File",
    "FileTypes",
    "JsonBody",
    "RequestFiles",
    "Response",
    "Unset",
    "path_segment",
    "request_options",
    "status_of",
]
