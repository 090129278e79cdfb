import contextlib
from collections.abc import Iterator, Mapping
from io import BytesIO
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_detail import ErrorDetail
from ...models.http_validation_error import HTTPValidationError
from ...types import (
    File,
    Response,
    path_segment,
    request_options,
    status_of,
)


def _get_kwargs(
    job_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": f"/v1/jobs/{path_segment(job_id)}/content",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorDetail | File | HTTPValidationError | None:
    if response.status_code == 200:
        response_200 = File(payload=BytesIO(response.content))

        return response_200

    if response.status_code == 422:
        response_422 = HTTPValidationError.from_dict(response.json())

        return response_422

    if 400 <= response.status_code <= 499:
        response_4xx = ErrorDetail.from_dict(response.json())

        return response_4xx

    if 500 <= response.status_code <= 599:
        response_5xx = ErrorDetail.from_dict(response.json())

        return response_5xx

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorDetail | File | HTTPValidationError]:
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
    job_id: str,
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
            job_id=job_id,
        ),
        extra_headers,
        timeout,
        extensions,
    )
    return client.get_httpx_client().request(**kwargs)


def sync_detailed(
    job_id: str,
    *,
    client: AuthenticatedClient,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None = None,
    extensions: Mapping[str, Any] | None = None,
) -> Response[ErrorDetail | File | HTTPValidationError]:
    """Download a completed job's result

     Returns the raw bytes of a `completed` job's output (`video/mp4` for video models,
    `image/png` for images). Call it only after the status is `completed`; what the
    server answers before that is not documented (expect a 4XX error).

    Args:
        job_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorDetail | File | HTTPValidationError]
    """

    response = send(
        job_id=job_id,
        client=client,
        extra_headers=extra_headers,
        timeout=timeout,
        extensions=extensions,
    )
    return _build_response(client=client, response=response)


@contextlib.contextmanager
def stream(
    job_id: str,
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
            job_id=job_id,
        ),
        extra_headers,
        timeout,
        extensions,
    )
    with client.get_httpx_client().stream(**kwargs) as response:
        yield response


def parse(
    client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorDetail | File | HTTPValidationError]:
    """The typed ``Response`` of a read response from ``stream`` (as ``sync_detailed`` returns it)."""
    return _build_response(client=client, response=response)


def sync(
    job_id: str,
    *,
    client: AuthenticatedClient,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None = None,
) -> ErrorDetail | File | HTTPValidationError | None:
    """Download a completed job's result

     Returns the raw bytes of a `completed` job's output (`video/mp4` for video models,
    `image/png` for images). Call it only after the status is `completed`; what the
    server answers before that is not documented (expect a 4XX error).

    Args:
        job_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorDetail | File | HTTPValidationError
    """

    return sync_detailed(
        job_id=job_id,
        client=client,
        extra_headers=extra_headers,
        timeout=timeout,
    ).parsed


async def asyncio_detailed(
    job_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[ErrorDetail | File | HTTPValidationError]:
    """Download a completed job's result

     Returns the raw bytes of a `completed` job's output (`video/mp4` for video models,
    `image/png` for images). Call it only after the status is `completed`; what the
    server answers before that is not documented (expect a 4XX error).

    Args:
        job_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorDetail | File | HTTPValidationError]
    """

    kwargs = request_options(
        client,
        _get_kwargs(
            job_id=job_id,
        ),
        None,
        None,
        None,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    job_id: str,
    *,
    client: AuthenticatedClient,
) -> ErrorDetail | File | HTTPValidationError | None:
    """Download a completed job's result

     Returns the raw bytes of a `completed` job's output (`video/mp4` for video models,
    `image/png` for images). Call it only after the status is `completed`; what the
    server answers before that is not documented (expect a 4XX error).

    Args:
        job_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorDetail | File | HTTPValidationError
    """

    return (
        await asyncio_detailed(
            job_id=job_id,
            client=client,
        )
    ).parsed
