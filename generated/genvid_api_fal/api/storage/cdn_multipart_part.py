import contextlib
from collections.abc import Iterator, Mapping
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.fal_error import FalError
from ...types import (
    File,
    Response,
    path_segment,
    request_options,
    status_of,
)


def _get_kwargs(
    upload_id: str,
    part_number: int,
    *,
    body: File,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": f"/multipart/{path_segment(upload_id)}/{path_segment(part_number)}",
    }

    _kwargs["content"] = body.payload

    headers["Content-Type"] = "application/octet-stream"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | FalError | None:
    if response.status_code == 200:
        response_200 = cast(Any, None)
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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | FalError]:
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
    part_number: int,
    *,
    client: AuthenticatedClient,
    body: File,
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
            part_number=part_number,
            body=body,
        ),
        extra_headers,
        timeout,
        extensions,
    )
    return client.get_httpx_client().request(**kwargs)


def sync_detailed(
    upload_id: str,
    part_number: int,
    *,
    client: AuthenticatedClient,
    body: File,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None = None,
    extensions: Mapping[str, Any] | None = None,
) -> Response[Any | FalError]:
    """Upload one part of a multipart upload (relative to access_url)

     Wire call: `PUT {access_url}/multipart/{uploadId}/{partNumber}` with the part's raw
    bytes. `access_url` (from `cdn_multipart_initiate`) already contains a multi-segment
    path such as `/files/<dir>/<name>`, so use it as the client's `base_url`: httpx then
    sends `PUT https://v3.fal.media/files/<dir>/<name>/multipart/<uploadId>/<n>`. Authorize
    with the storage token. Read the part's `ETag` from the response headers (the Python
    client sends `Accept-Encoding: identity` to make sure it is present) and pass it to
    `cdn_multipart_complete`.

    Args:
        upload_id (str):
        part_number (int):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | FalError]
    """

    response = send(
        upload_id=upload_id,
        part_number=part_number,
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
    part_number: int,
    *,
    client: AuthenticatedClient,
    body: File,
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
            part_number=part_number,
            body=body,
        ),
        extra_headers,
        timeout,
        extensions,
    )
    with client.get_httpx_client().stream(**kwargs) as response:
        yield response


def parse(client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | FalError]:
    """The typed ``Response`` of a read response from ``stream`` (as ``sync_detailed`` returns it)."""
    return _build_response(client=client, response=response)


def sync(
    upload_id: str,
    part_number: int,
    *,
    client: AuthenticatedClient,
    body: File,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None = None,
) -> Any | FalError | None:
    """Upload one part of a multipart upload (relative to access_url)

     Wire call: `PUT {access_url}/multipart/{uploadId}/{partNumber}` with the part's raw
    bytes. `access_url` (from `cdn_multipart_initiate`) already contains a multi-segment
    path such as `/files/<dir>/<name>`, so use it as the client's `base_url`: httpx then
    sends `PUT https://v3.fal.media/files/<dir>/<name>/multipart/<uploadId>/<n>`. Authorize
    with the storage token. Read the part's `ETag` from the response headers (the Python
    client sends `Accept-Encoding: identity` to make sure it is present) and pass it to
    `cdn_multipart_complete`.

    Args:
        upload_id (str):
        part_number (int):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | FalError
    """

    return sync_detailed(
        upload_id=upload_id,
        part_number=part_number,
        client=client,
        body=body,
        extra_headers=extra_headers,
        timeout=timeout,
    ).parsed


async def asyncio_detailed(
    upload_id: str,
    part_number: int,
    *,
    client: AuthenticatedClient,
    body: File,
) -> Response[Any | FalError]:
    """Upload one part of a multipart upload (relative to access_url)

     Wire call: `PUT {access_url}/multipart/{uploadId}/{partNumber}` with the part's raw
    bytes. `access_url` (from `cdn_multipart_initiate`) already contains a multi-segment
    path such as `/files/<dir>/<name>`, so use it as the client's `base_url`: httpx then
    sends `PUT https://v3.fal.media/files/<dir>/<name>/multipart/<uploadId>/<n>`. Authorize
    with the storage token. Read the part's `ETag` from the response headers (the Python
    client sends `Accept-Encoding: identity` to make sure it is present) and pass it to
    `cdn_multipart_complete`.

    Args:
        upload_id (str):
        part_number (int):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | FalError]
    """

    kwargs = request_options(
        client,
        _get_kwargs(
            upload_id=upload_id,
            part_number=part_number,
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
    part_number: int,
    *,
    client: AuthenticatedClient,
    body: File,
) -> Any | FalError | None:
    """Upload one part of a multipart upload (relative to access_url)

     Wire call: `PUT {access_url}/multipart/{uploadId}/{partNumber}` with the part's raw
    bytes. `access_url` (from `cdn_multipart_initiate`) already contains a multi-segment
    path such as `/files/<dir>/<name>`, so use it as the client's `base_url`: httpx then
    sends `PUT https://v3.fal.media/files/<dir>/<name>/multipart/<uploadId>/<n>`. Authorize
    with the storage token. Read the part's `ETag` from the response headers (the Python
    client sends `Accept-Encoding: identity` to make sure it is present) and pass it to
    `cdn_multipart_complete`.

    Args:
        upload_id (str):
        part_number (int):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | FalError
    """

    return (
        await asyncio_detailed(
            upload_id=upload_id,
            part_number=part_number,
            client=client,
            body=body,
        )
    ).parsed
