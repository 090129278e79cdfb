import contextlib
from collections.abc import Iterator, Mapping
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.fal_error import FalError
from ...types import (
    UNSET,
    Response,
    Unset,
    path_segment,
    request_options,
    status_of,
)


def _get_kwargs(
    app_base: str,
    request_id: str,
    *,
    logs: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["logs"] = logs

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": f"/{path_segment(app_base, slashes=True)}/requests/{path_segment(request_id)}/status/stream",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> FalError | str | None:
    if response.status_code == 200:
        response_200 = response.text
        return response_200

    if 400 <= response.status_code <= 499:
        response_4xx = FalError.from_dict(response.json())

        return response_4xx

    if 500 <= response.status_code <= 599:
        response_5xx = FalError.from_dict(response.json())

        return response_5xx

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[FalError | str]:
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
    app_base: str,
    request_id: str,
    *,
    client: AuthenticatedClient,
    logs: str | Unset = UNSET,
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
            app_base=app_base,
            request_id=request_id,
            logs=logs,
        ),
        extra_headers,
        timeout,
        extensions,
    )
    return client.get_httpx_client().request(**kwargs)


def sync_detailed(
    app_base: str,
    request_id: str,
    *,
    client: AuthenticatedClient,
    logs: str | Unset = UNSET,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None = None,
    extensions: Mapping[str, Any] | None = None,
) -> Response[FalError | str]:
    """Stream status updates of a queued request (Server-Sent Events)

     Server-Sent Events stream. Each event is a `data:` line holding the same JSON as the
    `queue_status` body (a `QueueStatus`); parse it with the `QueueStatus` variants. The
    server sends a comment line (`:` ...) every 15 seconds as a keep-alive and closes the
    stream after the `COMPLETED` event. The generated function buffers the whole stream
    and returns it as text; use a streaming HTTP client for live updates.

    Args:
        app_base (str):
        request_id (str):
        logs (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FalError | str]
    """

    response = send(
        app_base=app_base,
        request_id=request_id,
        client=client,
        logs=logs,
        extra_headers=extra_headers,
        timeout=timeout,
        extensions=extensions,
    )
    return _build_response(client=client, response=response)


@contextlib.contextmanager
def stream(
    app_base: str,
    request_id: str,
    *,
    client: AuthenticatedClient,
    logs: str | Unset = UNSET,
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
            app_base=app_base,
            request_id=request_id,
            logs=logs,
        ),
        extra_headers,
        timeout,
        extensions,
    )
    with client.get_httpx_client().stream(**kwargs) as response:
        yield response


def parse(client: AuthenticatedClient | Client, response: httpx.Response) -> Response[FalError | str]:
    """The typed ``Response`` of a read response from ``stream`` (as ``sync_detailed`` returns it)."""
    return _build_response(client=client, response=response)


def sync(
    app_base: str,
    request_id: str,
    *,
    client: AuthenticatedClient,
    logs: str | Unset = UNSET,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None = None,
) -> FalError | str | None:
    """Stream status updates of a queued request (Server-Sent Events)

     Server-Sent Events stream. Each event is a `data:` line holding the same JSON as the
    `queue_status` body (a `QueueStatus`); parse it with the `QueueStatus` variants. The
    server sends a comment line (`:` ...) every 15 seconds as a keep-alive and closes the
    stream after the `COMPLETED` event. The generated function buffers the whole stream
    and returns it as text; use a streaming HTTP client for live updates.

    Args:
        app_base (str):
        request_id (str):
        logs (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FalError | str
    """

    return sync_detailed(
        app_base=app_base,
        request_id=request_id,
        client=client,
        logs=logs,
        extra_headers=extra_headers,
        timeout=timeout,
    ).parsed


async def asyncio_detailed(
    app_base: str,
    request_id: str,
    *,
    client: AuthenticatedClient,
    logs: str | Unset = UNSET,
) -> Response[FalError | str]:
    """Stream status updates of a queued request (Server-Sent Events)

     Server-Sent Events stream. Each event is a `data:` line holding the same JSON as the
    `queue_status` body (a `QueueStatus`); parse it with the `QueueStatus` variants. The
    server sends a comment line (`:` ...) every 15 seconds as a keep-alive and closes the
    stream after the `COMPLETED` event. The generated function buffers the whole stream
    and returns it as text; use a streaming HTTP client for live updates.

    Args:
        app_base (str):
        request_id (str):
        logs (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FalError | str]
    """

    kwargs = request_options(
        client,
        _get_kwargs(
            app_base=app_base,
            request_id=request_id,
            logs=logs,
        ),
        None,
        None,
        None,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    app_base: str,
    request_id: str,
    *,
    client: AuthenticatedClient,
    logs: str | Unset = UNSET,
) -> FalError | str | None:
    """Stream status updates of a queued request (Server-Sent Events)

     Server-Sent Events stream. Each event is a `data:` line holding the same JSON as the
    `queue_status` body (a `QueueStatus`); parse it with the `QueueStatus` variants. The
    server sends a comment line (`:` ...) every 15 seconds as a keep-alive and closes the
    stream after the `COMPLETED` event. The generated function buffers the whole stream
    and returns it as text; use a streaming HTTP client for live updates.

    Args:
        app_base (str):
        request_id (str):
        logs (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FalError | str
    """

    return (
        await asyncio_detailed(
            app_base=app_base,
            request_id=request_id,
            client=client,
            logs=logs,
        )
    ).parsed
