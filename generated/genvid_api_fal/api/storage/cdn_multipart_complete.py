import contextlib
from collections.abc import Iterator, Mapping
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.cdn_multipart_complete_request import CdnMultipartCompleteRequest
from ...models.cdn_multipart_complete_response import CdnMultipartCompleteResponse
from ...models.fal_error import FalError
from ...types import JsonBody, Response, path_segment, request_options, status_of


def _get_kwargs(
    upload_id: str,
    *,
    body: CdnMultipartCompleteRequest | JsonBody,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": f"/multipart/{path_segment(upload_id)}/complete",
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
) -> CdnMultipartCompleteResponse | FalError | None:
    if response.status_code == 200:
        response_200 = CdnMultipartCompleteResponse.from_dict(response.json())

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
) -> Response[CdnMultipartCompleteResponse | FalError]:
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
    upload_id: str,
    *,
    client: AuthenticatedClient,
    body: CdnMultipartCompleteRequest | JsonBody,
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
            upload_id=upload_id,
            body=body,
        ),
        extra_headers,
        timeout,
        extensions,
    )
    return client.get_httpx_client().request(**kwargs)


def sync_detailed(
    upload_id: str,
    *,
    client: AuthenticatedClient,
    body: CdnMultipartCompleteRequest | JsonBody,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None = None,
    extensions: Mapping[str, Any] | None = None,
) -> Response[CdnMultipartCompleteResponse | FalError]:
    """Complete a multipart upload (relative to access_url)

     Wire call: `POST {access_url}/multipart/{uploadId}/complete` with the list of parts and
    their ETags; use `access_url` as the client's `base_url` as for `cdn_multipart_part`.
    The uploaded file's URL is the `access_url` from `cdn_multipart_initiate`; the official
    client ignores this response body, whose shape is not confirmed.

    Args:
        upload_id (str):
        body (CdnMultipartCompleteRequest): Parts to assemble, in any order.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CdnMultipartCompleteResponse | FalError]
    """

    response = send(
        upload_id=upload_id,
        client=client,
        body=body,
        extra_headers=extra_headers,
        timeout=timeout,
        extensions=extensions,
    )
    return _build_response(client=client, response=response)


@contextlib.contextmanager
def stream(
    upload_id: str,
    *,
    client: AuthenticatedClient,
    body: CdnMultipartCompleteRequest | JsonBody,
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
            upload_id=upload_id,
            body=body,
        ),
        extra_headers,
        timeout,
        extensions,
    )
    with client.get_httpx_client().stream(**kwargs) as response:
        yield response


def parse(
    client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CdnMultipartCompleteResponse | FalError]:
    """The typed ``Response`` of a read response from ``stream`` (as ``sync_detailed`` returns it)."""
    return _build_response(client=client, response=response)


def sync(
    upload_id: str,
    *,
    client: AuthenticatedClient,
    body: CdnMultipartCompleteRequest | JsonBody,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None = None,
) -> CdnMultipartCompleteResponse | FalError | None:
    """Complete a multipart upload (relative to access_url)

     Wire call: `POST {access_url}/multipart/{uploadId}/complete` with the list of parts and
    their ETags; use `access_url` as the client's `base_url` as for `cdn_multipart_part`.
    The uploaded file's URL is the `access_url` from `cdn_multipart_initiate`; the official
    client ignores this response body, whose shape is not confirmed.

    Args:
        upload_id (str):
        body (CdnMultipartCompleteRequest): Parts to assemble, in any order.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CdnMultipartCompleteResponse | FalError
    """

    return sync_detailed(
        upload_id=upload_id,
        client=client,
        body=body,
        extra_headers=extra_headers,
        timeout=timeout,
    ).parsed


async def asyncio_detailed(
    upload_id: str,
    *,
    client: AuthenticatedClient,
    body: CdnMultipartCompleteRequest | JsonBody,
) -> Response[CdnMultipartCompleteResponse | FalError]:
    """Complete a multipart upload (relative to access_url)

     Wire call: `POST {access_url}/multipart/{uploadId}/complete` with the list of parts and
    their ETags; use `access_url` as the client's `base_url` as for `cdn_multipart_part`.
    The uploaded file's URL is the `access_url` from `cdn_multipart_initiate`; the official
    client ignores this response body, whose shape is not confirmed.

    Args:
        upload_id (str):
        body (CdnMultipartCompleteRequest): Parts to assemble, in any order.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CdnMultipartCompleteResponse | FalError]
    """

    kwargs = request_options(
        client,
        _get_kwargs(
            upload_id=upload_id,
            body=body,
        ),
        None,
        None,
        None,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    upload_id: str,
    *,
    client: AuthenticatedClient,
    body: CdnMultipartCompleteRequest | JsonBody,
) -> CdnMultipartCompleteResponse | FalError | None:
    """Complete a multipart upload (relative to access_url)

     Wire call: `POST {access_url}/multipart/{uploadId}/complete` with the list of parts and
    their ETags; use `access_url` as the client's `base_url` as for `cdn_multipart_part`.
    The uploaded file's URL is the `access_url` from `cdn_multipart_initiate`; the official
    client ignores this response body, whose shape is not confirmed.

    Args:
        upload_id (str):
        body (CdnMultipartCompleteRequest): Parts to assemble, in any order.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CdnMultipartCompleteResponse | FalError
    """

    return (
        await asyncio_detailed(
            upload_id=upload_id,
            client=client,
            body=body,
        )
    ).parsed
