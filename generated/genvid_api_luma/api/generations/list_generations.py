import contextlib
from collections.abc import Iterator, Mapping
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.generation_list import GenerationList
from ...types import (
    UNSET,
    Response,
    Unset,
    request_options,
    status_of,
)


def _get_kwargs(
    *,
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["offset"] = offset

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/generations",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | GenerationList | None:
    if response.status_code == 200:
        response_200 = GenerationList.from_dict(response.json())

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

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Error.from_dict(response.json())

        return response_409

    if response.status_code == 422:
        response_422 = Error.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | GenerationList]:
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
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
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
            limit=limit,
            offset=offset,
        ),
        extra_headers,
        timeout,
        extensions,
    )
    return client.get_httpx_client().request(**kwargs)


def sync_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None = None,
    extensions: Mapping[str, Any] | None = None,
) -> Response[Error | GenerationList]:
    """List generations

     List your generations, newest first, one page at a time. There is no cursor:
    pass `offset` (and `limit`) to page; `has_more` says whether another page exists.

    Args:
        limit (int | Unset):
        offset (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | GenerationList]
    """

    response = send(
        client=client,
        limit=limit,
        offset=offset,
        extra_headers=extra_headers,
        timeout=timeout,
        extensions=extensions,
    )
    return _build_response(client=client, response=response)


@contextlib.contextmanager
def stream(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
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
            limit=limit,
            offset=offset,
        ),
        extra_headers,
        timeout,
        extensions,
    )
    with client.get_httpx_client().stream(**kwargs) as response:
        yield response


def parse(client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | GenerationList]:
    """The typed ``Response`` of a read response from ``stream`` (as ``sync_detailed`` returns it)."""
    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None = None,
) -> Error | GenerationList | None:
    """List generations

     List your generations, newest first, one page at a time. There is no cursor:
    pass `offset` (and `limit`) to page; `has_more` says whether another page exists.

    Args:
        limit (int | Unset):
        offset (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | GenerationList
    """

    return sync_detailed(
        client=client,
        limit=limit,
        offset=offset,
        extra_headers=extra_headers,
        timeout=timeout,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
) -> Response[Error | GenerationList]:
    """List generations

     List your generations, newest first, one page at a time. There is no cursor:
    pass `offset` (and `limit`) to page; `has_more` says whether another page exists.

    Args:
        limit (int | Unset):
        offset (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | GenerationList]
    """

    kwargs = request_options(
        client,
        _get_kwargs(
            limit=limit,
            offset=offset,
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
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
) -> Error | GenerationList | None:
    """List generations

     List your generations, newest first, one page at a time. There is no cursor:
    pass `offset` (and `limit`) to page; `has_more` says whether another page exists.

    Args:
        limit (int | Unset):
        offset (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | GenerationList
    """

    return (
        await asyncio_detailed(
            client=client,
            limit=limit,
            offset=offset,
        )
    ).parsed
