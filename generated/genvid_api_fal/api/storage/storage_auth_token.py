import contextlib
from collections.abc import Iterator, Mapping
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.fal_error import FalError
from ...models.storage_token import StorageToken
from ...models.storage_token_request import StorageTokenRequest
from ...types import UNSET, JsonBody, Response, request_options, status_of


def _get_kwargs(
    *,
    body: StorageTokenRequest | JsonBody,
    storage_type: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    params["storage_type"] = storage_type

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/storage/auth/token",
        "params": params,
    }

    if isinstance(body, JsonBody):
        _kwargs["json"] = body.data
    else:
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> FalError | StorageToken | None:
    if response.status_code == 200:
        response_200 = StorageToken.from_dict(response.json())

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[FalError | StorageToken]:
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
    body: StorageTokenRequest | JsonBody,
    storage_type: str,
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
            body=body,
            storage_type=storage_type,
        ),
        extra_headers,
        timeout,
        extensions,
    )
    return client.get_httpx_client().request(**kwargs)


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: StorageTokenRequest | JsonBody,
    storage_type: str,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None = None,
    extensions: Mapping[str, Any] | None = None,
) -> Response[FalError | StorageToken]:
    """Get a short-lived CDN upload token (REST host)

     `POST https://rest.fal.ai/storage/auth/token?storage_type=fal-cdn-v3` with an empty
    JSON object body and the normal `Key` authorization. The token authorizes CDN uploads
    (`Authorization: <token_type> <token>`) against `base_url` until `expires_at`; cache it
    until then.

    Args:
        storage_type (str):
        body (StorageTokenRequest): Body of `storage_auth_token`; the official clients send an
            empty object `{}`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FalError | StorageToken]
    """

    response = send(
        client=client,
        body=body,
        storage_type=storage_type,
        extra_headers=extra_headers,
        timeout=timeout,
        extensions=extensions,
    )
    return _build_response(client=client, response=response)


@contextlib.contextmanager
def stream(
    *,
    client: AuthenticatedClient,
    body: StorageTokenRequest | JsonBody,
    storage_type: str,
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
            body=body,
            storage_type=storage_type,
        ),
        extra_headers,
        timeout,
        extensions,
    )
    with client.get_httpx_client().stream(**kwargs) as response:
        yield response


def parse(client: AuthenticatedClient | Client, response: httpx.Response) -> Response[FalError | StorageToken]:
    """The typed ``Response`` of a read response from ``stream`` (as ``sync_detailed`` returns it)."""
    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: StorageTokenRequest | JsonBody,
    storage_type: str,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None = None,
) -> FalError | StorageToken | None:
    """Get a short-lived CDN upload token (REST host)

     `POST https://rest.fal.ai/storage/auth/token?storage_type=fal-cdn-v3` with an empty
    JSON object body and the normal `Key` authorization. The token authorizes CDN uploads
    (`Authorization: <token_type> <token>`) against `base_url` until `expires_at`; cache it
    until then.

    Args:
        storage_type (str):
        body (StorageTokenRequest): Body of `storage_auth_token`; the official clients send an
            empty object `{}`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FalError | StorageToken
    """

    return sync_detailed(
        client=client,
        body=body,
        storage_type=storage_type,
        extra_headers=extra_headers,
        timeout=timeout,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: StorageTokenRequest | JsonBody,
    storage_type: str,
) -> Response[FalError | StorageToken]:
    """Get a short-lived CDN upload token (REST host)

     `POST https://rest.fal.ai/storage/auth/token?storage_type=fal-cdn-v3` with an empty
    JSON object body and the normal `Key` authorization. The token authorizes CDN uploads
    (`Authorization: <token_type> <token>`) against `base_url` until `expires_at`; cache it
    until then.

    Args:
        storage_type (str):
        body (StorageTokenRequest): Body of `storage_auth_token`; the official clients send an
            empty object `{}`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FalError | StorageToken]
    """

    kwargs = request_options(
        client,
        _get_kwargs(
            body=body,
            storage_type=storage_type,
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
    body: StorageTokenRequest | JsonBody,
    storage_type: str,
) -> FalError | StorageToken | None:
    """Get a short-lived CDN upload token (REST host)

     `POST https://rest.fal.ai/storage/auth/token?storage_type=fal-cdn-v3` with an empty
    JSON object body and the normal `Key` authorization. The token authorizes CDN uploads
    (`Authorization: <token_type> <token>`) against `base_url` until `expires_at`; cache it
    until then.

    Args:
        storage_type (str):
        body (StorageTokenRequest): Body of `storage_auth_token`; the official clients send an
            empty object `{}`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FalError | StorageToken
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            storage_type=storage_type,
        )
    ).parsed
