import contextlib
from collections.abc import Iterator, Mapping
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...types import Response, path_segment, request_options, status_of


def _get_kwargs(
    file_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": f"/files/{path_segment(file_id)}",
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | Error | None:
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | Error]:
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
    file_id: str,
    *,
    client: AuthenticatedClient,
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
            file_id=file_id,
        ),
        extra_headers,
        timeout,
        extensions,
    )
    return client.get_httpx_client().request(**kwargs)


def sync_detailed(
    file_id: str,
    *,
    client: AuthenticatedClient,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None = None,
    extensions: Mapping[str, Any] | None = None,
) -> Response[Any | Error]:
    """Delete a file

     Soft-delete a file (its state becomes `deleted`). It can no longer be referenced from new
    generations. Returns 204 with no body.

    Args:
        file_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
    """

    response = send(
        file_id=file_id,
        client=client,
        extra_headers=extra_headers,
        timeout=timeout,
        extensions=extensions,
    )
    return _build_response(client=client, response=response)


@contextlib.contextmanager
def stream(
    file_id: str,
    *,
    client: AuthenticatedClient,
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
            file_id=file_id,
        ),
        extra_headers,
        timeout,
        extensions,
    )
    with client.get_httpx_client().stream(**kwargs) as response:
        yield response


def parse(client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | Error]:
    """The typed ``Response`` of a read response from ``stream`` (as ``sync_detailed`` returns it)."""
    return _build_response(client=client, response=response)


def sync(
    file_id: str,
    *,
    client: AuthenticatedClient,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None = None,
) -> Any | Error | None:
    """Delete a file

     Soft-delete a file (its state becomes `deleted`). It can no longer be referenced from new
    generations. Returns 204 with no body.

    Args:
        file_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return sync_detailed(
        file_id=file_id,
        client=client,
        extra_headers=extra_headers,
        timeout=timeout,
    ).parsed


async def asyncio_detailed(
    file_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[Any | Error]:
    """Delete a file

     Soft-delete a file (its state becomes `deleted`). It can no longer be referenced from new
    generations. Returns 204 with no body.

    Args:
        file_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
    """

    kwargs = request_options(
        client,
        _get_kwargs(
            file_id=file_id,
        ),
        None,
        None,
        None,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    file_id: str,
    *,
    client: AuthenticatedClient,
) -> Any | Error | None:
    """Delete a file

     Soft-delete a file (its state becomes `deleted`). It can no longer be referenced from new
    generations. Returns 204 with no body.

    Args:
        file_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return (
        await asyncio_detailed(
            file_id=file_id,
            client=client,
        )
    ).parsed
