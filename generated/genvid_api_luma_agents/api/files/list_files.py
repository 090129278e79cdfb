import contextlib
from collections.abc import Iterator, Mapping
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.file_list import FileList
from ...models.file_purpose import FilePurpose
from ...models.file_state import FileState
from ...types import (
    UNSET,
    Response,
    Unset,
    request_options,
    status_of,
)


def _get_kwargs(
    *,
    cursor: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    purpose: FilePurpose | Unset = UNSET,
    state: FileState | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["cursor"] = cursor

    params["limit"] = limit

    json_purpose: str | Unset = UNSET
    if not isinstance(purpose, Unset):
        json_purpose = purpose.value

    params["purpose"] = json_purpose

    json_state: str | Unset = UNSET
    if not isinstance(state, Unset):
        json_state = state.value

    params["state"] = json_state

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/files",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | FileList | None:
    if response.status_code == 200:
        response_200 = FileList.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if response.status_code == 422:
        response_422 = Error.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if response.status_code == 502:
        response_502 = Error.from_dict(response.json())

        return response_502

    if response.status_code == 503:
        response_503 = Error.from_dict(response.json())

        return response_503

    if 400 <= response.status_code <= 499:
        response_4xx = Error.from_dict(response.json())

        return response_4xx

    if 500 <= response.status_code <= 599:
        response_5xx = Error.from_dict(response.json())

        return response_5xx

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | FileList]:
    try:
        parsed = _parse_response(client=client, response=response)
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        # A body that does not match the spec (HTML from a proxy, truncated JSON,
        # missing fields, JSON nested too deep) becomes one typed error instead of a raw parser exception.
        raise errors.MalformedResponse(response.status_code, response.content, exc) from exc
    return Response(
        status_code=status_of(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=parsed,
    )


def send(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    purpose: FilePurpose | Unset = UNSET,
    state: FileState | Unset = UNSET,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None = None,
    extensions: Mapping[str, Any] | None = None,
) -> httpx.Response:
    """Send the request and return the response, its body read but not parsed.

    ``parse(client, response)`` gives the typed ``Response`` (what ``sync_detailed`` returns);
    a caller that needs one field of a frequent answer can read it without building the models.
    """
    kwargs = request_options(
        client,
        _get_kwargs(
            cursor=cursor,
            limit=limit,
            purpose=purpose,
            state=state,
        ),
        extra_headers,
        timeout,
        extensions,
    )
    return client.get_httpx_client().request(**kwargs)


def sync_detailed(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    purpose: FilePurpose | Unset = UNSET,
    state: FileState | Unset = UNSET,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None = None,
    extensions: Mapping[str, Any] | None = None,
) -> Response[Error | FileList]:
    """List files

     List the files in your namespace, newest first. Keyset-paginated: when `has_more` is true, pass
    `next_cursor` back as `cursor`.

    Args:
        cursor (str | Unset):
        limit (int | Unset):
        purpose (FilePurpose | Unset): How the file is intended to be used in a generation.
            `input` is the primary subject (e.g. the source image for an edit); `reference` is
            style/content guidance.
        state (FileState | Unset): Lifecycle state of an uploaded file. `pending` until bytes are
            received and the ingest pipeline runs; `ready` once it can be referenced from a
            generation; `failed` if ingest/moderation rejected it; `deleted` after a soft-delete.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | FileList]
    """

    response = send(
        client=client,
        cursor=cursor,
        limit=limit,
        purpose=purpose,
        state=state,
        extra_headers=extra_headers,
        timeout=timeout,
        extensions=extensions,
    )
    return _build_response(client=client, response=response)


@contextlib.contextmanager
def stream(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    purpose: FilePurpose | Unset = UNSET,
    state: FileState | Unset = UNSET,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None = None,
    extensions: Mapping[str, Any] | None = None,
) -> Iterator[httpx.Response]:
    """Send the request and yield the response before its body is read (media, event streams).

    The caller checks the status and reads the body (``iter_bytes``, ``iter_lines``, or
    ``parse(client, response)`` after ``response.read()``); the connection is released when
    the block ends. ``extra_headers``, ``timeout`` and ``extensions`` apply to this request only.
    """
    kwargs = request_options(
        client,
        _get_kwargs(
            cursor=cursor,
            limit=limit,
            purpose=purpose,
            state=state,
        ),
        extra_headers,
        timeout,
        extensions,
    )
    with client.get_httpx_client().stream(**kwargs) as response:
        yield response


def parse(client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | FileList]:
    """The typed ``Response`` of a read response from ``stream`` (as ``sync_detailed`` returns it)."""
    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    purpose: FilePurpose | Unset = UNSET,
    state: FileState | Unset = UNSET,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None = None,
) -> Error | FileList | None:
    """List files

     List the files in your namespace, newest first. Keyset-paginated: when `has_more` is true, pass
    `next_cursor` back as `cursor`.

    Args:
        cursor (str | Unset):
        limit (int | Unset):
        purpose (FilePurpose | Unset): How the file is intended to be used in a generation.
            `input` is the primary subject (e.g. the source image for an edit); `reference` is
            style/content guidance.
        state (FileState | Unset): Lifecycle state of an uploaded file. `pending` until bytes are
            received and the ingest pipeline runs; `ready` once it can be referenced from a
            generation; `failed` if ingest/moderation rejected it; `deleted` after a soft-delete.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | FileList
    """

    return sync_detailed(
        client=client,
        cursor=cursor,
        limit=limit,
        purpose=purpose,
        state=state,
        extra_headers=extra_headers,
        timeout=timeout,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    purpose: FilePurpose | Unset = UNSET,
    state: FileState | Unset = UNSET,
) -> Response[Error | FileList]:
    """List files

     List the files in your namespace, newest first. Keyset-paginated: when `has_more` is true, pass
    `next_cursor` back as `cursor`.

    Args:
        cursor (str | Unset):
        limit (int | Unset):
        purpose (FilePurpose | Unset): How the file is intended to be used in a generation.
            `input` is the primary subject (e.g. the source image for an edit); `reference` is
            style/content guidance.
        state (FileState | Unset): Lifecycle state of an uploaded file. `pending` until bytes are
            received and the ingest pipeline runs; `ready` once it can be referenced from a
            generation; `failed` if ingest/moderation rejected it; `deleted` after a soft-delete.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | FileList]
    """

    kwargs = request_options(
        client,
        _get_kwargs(
            cursor=cursor,
            limit=limit,
            purpose=purpose,
            state=state,
        ),
        None,
        None,
        None,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    purpose: FilePurpose | Unset = UNSET,
    state: FileState | Unset = UNSET,
) -> Error | FileList | None:
    """List files

     List the files in your namespace, newest first. Keyset-paginated: when `has_more` is true, pass
    `next_cursor` back as `cursor`.

    Args:
        cursor (str | Unset):
        limit (int | Unset):
        purpose (FilePurpose | Unset): How the file is intended to be used in a generation.
            `input` is the primary subject (e.g. the source image for an edit); `reference` is
            style/content guidance.
        state (FileState | Unset): Lifecycle state of an uploaded file. `pending` until bytes are
            received and the ingest pipeline runs; `ready` once it can be referenced from a
            generation; `failed` if ingest/moderation rejected it; `deleted` after a soft-delete.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | FileList
    """

    return (
        await asyncio_detailed(
            client=client,
            cursor=cursor,
            limit=limit,
            purpose=purpose,
            state=state,
        )
    ).parsed
