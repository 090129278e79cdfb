import contextlib
from collections.abc import Iterator, Mapping
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.cdn_upload_response import CdnUploadResponse
from ...models.fal_error import FalError
from ...types import (
    UNSET,
    File,
    Response,
    Unset,
    request_options,
    status_of,
)


def _get_kwargs(
    *,
    body: File,
    x_fal_file_name: str | Unset = UNSET,
    x_fal_object_lifecycle: str | Unset = UNSET,
    x_fal_object_lifecycle_preference: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_fal_file_name, Unset):
        headers["X-Fal-File-Name"] = x_fal_file_name

    if not isinstance(x_fal_object_lifecycle, Unset):
        headers["X-Fal-Object-Lifecycle"] = x_fal_object_lifecycle

    if not isinstance(x_fal_object_lifecycle_preference, Unset):
        headers["X-Fal-Object-Lifecycle-Preference"] = x_fal_object_lifecycle_preference

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/files/upload",
    }

    _kwargs["content"] = body.payload

    headers["Content-Type"] = "application/octet-stream"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CdnUploadResponse | FalError | None:
    if response.status_code == 200:
        response_200 = CdnUploadResponse.from_dict(response.json())

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
) -> Response[CdnUploadResponse | FalError]:
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
    body: File,
    x_fal_file_name: str | Unset = UNSET,
    x_fal_object_lifecycle: str | Unset = UNSET,
    x_fal_object_lifecycle_preference: str | Unset = UNSET,
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
            x_fal_file_name=x_fal_file_name,
            x_fal_object_lifecycle=x_fal_object_lifecycle,
            x_fal_object_lifecycle_preference=x_fal_object_lifecycle_preference,
        ),
        extra_headers,
        timeout,
        extensions,
    )
    return client.get_httpx_client().request(**kwargs)


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: File,
    x_fal_file_name: str | Unset = UNSET,
    x_fal_object_lifecycle: str | Unset = UNSET,
    x_fal_object_lifecycle_preference: str | Unset = UNSET,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None = None,
    extensions: Mapping[str, Any] | None = None,
) -> Response[CdnUploadResponse | FalError]:
    """Upload a file in one request (CDN host)

     `POST https://v3.fal.media/files/upload` with the raw file bytes as the body. Authorize
    with the storage token: `Authorization: <token_type> <token>` (build the client with
    `token=token, prefix=token_type`). The official Python client uses this for files up to
    100 MiB and the multipart calls above that. Returns the public `access_url`.

    The official clients send the file's own media type as `Content-Type` (e.g.
    `video/mp4`); the generated function always sends `application/octet-stream`, so give the
    file a telling `X-Fal-File-Name` extension, or send the same request through the raw
    httpx client (`client.get_httpx_client()`) when the stored media type matters.

    Args:
        x_fal_file_name (str | Unset):
        x_fal_object_lifecycle (str | Unset):
        x_fal_object_lifecycle_preference (str | Unset):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CdnUploadResponse | FalError]
    """

    response = send(
        client=client,
        body=body,
        x_fal_file_name=x_fal_file_name,
        x_fal_object_lifecycle=x_fal_object_lifecycle,
        x_fal_object_lifecycle_preference=x_fal_object_lifecycle_preference,
        extra_headers=extra_headers,
        timeout=timeout,
        extensions=extensions,
    )
    return _build_response(client=client, response=response)


@contextlib.contextmanager
def stream(
    *,
    client: AuthenticatedClient,
    body: File,
    x_fal_file_name: str | Unset = UNSET,
    x_fal_object_lifecycle: str | Unset = UNSET,
    x_fal_object_lifecycle_preference: str | Unset = UNSET,
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
            x_fal_file_name=x_fal_file_name,
            x_fal_object_lifecycle=x_fal_object_lifecycle,
            x_fal_object_lifecycle_preference=x_fal_object_lifecycle_preference,
        ),
        extra_headers,
        timeout,
        extensions,
    )
    with client.get_httpx_client().stream(**kwargs) as response:
        yield response


def parse(client: AuthenticatedClient | Client, response: httpx.Response) -> Response[CdnUploadResponse | FalError]:
    """The typed ``Response`` of a read response from ``stream`` (as ``sync_detailed`` returns it)."""
    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: File,
    x_fal_file_name: str | Unset = UNSET,
    x_fal_object_lifecycle: str | Unset = UNSET,
    x_fal_object_lifecycle_preference: str | Unset = UNSET,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None = None,
) -> CdnUploadResponse | FalError | None:
    """Upload a file in one request (CDN host)

     `POST https://v3.fal.media/files/upload` with the raw file bytes as the body. Authorize
    with the storage token: `Authorization: <token_type> <token>` (build the client with
    `token=token, prefix=token_type`). The official Python client uses this for files up to
    100 MiB and the multipart calls above that. Returns the public `access_url`.

    The official clients send the file's own media type as `Content-Type` (e.g.
    `video/mp4`); the generated function always sends `application/octet-stream`, so give the
    file a telling `X-Fal-File-Name` extension, or send the same request through the raw
    httpx client (`client.get_httpx_client()`) when the stored media type matters.

    Args:
        x_fal_file_name (str | Unset):
        x_fal_object_lifecycle (str | Unset):
        x_fal_object_lifecycle_preference (str | Unset):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CdnUploadResponse | FalError
    """

    return sync_detailed(
        client=client,
        body=body,
        x_fal_file_name=x_fal_file_name,
        x_fal_object_lifecycle=x_fal_object_lifecycle,
        x_fal_object_lifecycle_preference=x_fal_object_lifecycle_preference,
        extra_headers=extra_headers,
        timeout=timeout,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: File,
    x_fal_file_name: str | Unset = UNSET,
    x_fal_object_lifecycle: str | Unset = UNSET,
    x_fal_object_lifecycle_preference: str | Unset = UNSET,
) -> Response[CdnUploadResponse | FalError]:
    """Upload a file in one request (CDN host)

     `POST https://v3.fal.media/files/upload` with the raw file bytes as the body. Authorize
    with the storage token: `Authorization: <token_type> <token>` (build the client with
    `token=token, prefix=token_type`). The official Python client uses this for files up to
    100 MiB and the multipart calls above that. Returns the public `access_url`.

    The official clients send the file's own media type as `Content-Type` (e.g.
    `video/mp4`); the generated function always sends `application/octet-stream`, so give the
    file a telling `X-Fal-File-Name` extension, or send the same request through the raw
    httpx client (`client.get_httpx_client()`) when the stored media type matters.

    Args:
        x_fal_file_name (str | Unset):
        x_fal_object_lifecycle (str | Unset):
        x_fal_object_lifecycle_preference (str | Unset):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CdnUploadResponse | FalError]
    """

    kwargs = request_options(
        client,
        _get_kwargs(
            body=body,
            x_fal_file_name=x_fal_file_name,
            x_fal_object_lifecycle=x_fal_object_lifecycle,
            x_fal_object_lifecycle_preference=x_fal_object_lifecycle_preference,
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
    body: File,
    x_fal_file_name: str | Unset = UNSET,
    x_fal_object_lifecycle: str | Unset = UNSET,
    x_fal_object_lifecycle_preference: str | Unset = UNSET,
) -> CdnUploadResponse | FalError | None:
    """Upload a file in one request (CDN host)

     `POST https://v3.fal.media/files/upload` with the raw file bytes as the body. Authorize
    with the storage token: `Authorization: <token_type> <token>` (build the client with
    `token=token, prefix=token_type`). The official Python client uses this for files up to
    100 MiB and the multipart calls above that. Returns the public `access_url`.

    The official clients send the file's own media type as `Content-Type` (e.g.
    `video/mp4`); the generated function always sends `application/octet-stream`, so give the
    file a telling `X-Fal-File-Name` extension, or send the same request through the raw
    httpx client (`client.get_httpx_client()`) when the stored media type matters.

    Args:
        x_fal_file_name (str | Unset):
        x_fal_object_lifecycle (str | Unset):
        x_fal_object_lifecycle_preference (str | Unset):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CdnUploadResponse | FalError
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_fal_file_name=x_fal_file_name,
            x_fal_object_lifecycle=x_fal_object_lifecycle,
            x_fal_object_lifecycle_preference=x_fal_object_lifecycle_preference,
        )
    ).parsed
