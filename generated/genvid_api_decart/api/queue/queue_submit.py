import contextlib
from collections.abc import Iterator, Mapping
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_detail import ErrorDetail
from ...models.generate_request import GenerateRequest
from ...models.http_validation_error import HTTPValidationError
from ...models.job_submit_response import JobSubmitResponse
from ...types import Response, path_segment, request_options, status_of


def _get_kwargs(
    model: str,
    *,
    body: GenerateRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": f"/v1/jobs/{path_segment(model)}",
    }

    _kwargs["files"] = body.to_multipart()

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorDetail | HTTPValidationError | JobSubmitResponse | None:
    if response.status_code == 200:
        response_200 = JobSubmitResponse.from_dict(response.json())

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
) -> Response[ErrorDetail | HTTPValidationError | JobSubmitResponse]:
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
    model: str,
    *,
    client: AuthenticatedClient,
    body: GenerateRequest,
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
            model=model,
            body=body,
        ),
        extra_headers,
        timeout,
        extensions,
    )
    return client.get_httpx_client().request(**kwargs)


def sync_detailed(
    model: str,
    *,
    client: AuthenticatedClient,
    body: GenerateRequest,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None = None,
    extensions: Mapping[str, Any] | None = None,
) -> Response[ErrorDetail | HTTPValidationError | JobSubmitResponse]:
    """Submit a generation job

     Queues a job for `model` with the multipart inputs and answers at once with the job
    id and its first status (usually `pending`). This is the route for every video
    model (lucy-2.x, vton, restyle, clip and the classic video models). Decart's JS SDK
    also queues `lucy-image-2` here. Poll `queue_status`, then fetch `queue_content`.

    Args:
        model (str):
        body (GenerateRequest): Multipart inputs of a generation with any model (identical for
            Process and Queue).
            Every field is optional here; which fields a known model takes, and the rules they
            follow, are in its typed operation's body (tag `models`). Unset fields are not sent;
            fields this document does not list are sent as text parts, for models newer than it.
            `data`, `start`, `end` and `reference_image` are file parts (any filename and part
            Content-Type); the rest are text parts.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorDetail | HTTPValidationError | JobSubmitResponse]
    """

    response = send(
        model=model,
        client=client,
        body=body,
        extra_headers=extra_headers,
        timeout=timeout,
        extensions=extensions,
    )
    return _build_response(client=client, response=response)


@contextlib.contextmanager
def stream(
    model: str,
    *,
    client: AuthenticatedClient,
    body: GenerateRequest,
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
            model=model,
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
) -> Response[ErrorDetail | HTTPValidationError | JobSubmitResponse]:
    """The typed ``Response`` of a read response from ``stream`` (as ``sync_detailed`` returns it)."""
    return _build_response(client=client, response=response)


def sync(
    model: str,
    *,
    client: AuthenticatedClient,
    body: GenerateRequest,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None = None,
) -> ErrorDetail | HTTPValidationError | JobSubmitResponse | None:
    """Submit a generation job

     Queues a job for `model` with the multipart inputs and answers at once with the job
    id and its first status (usually `pending`). This is the route for every video
    model (lucy-2.x, vton, restyle, clip and the classic video models). Decart's JS SDK
    also queues `lucy-image-2` here. Poll `queue_status`, then fetch `queue_content`.

    Args:
        model (str):
        body (GenerateRequest): Multipart inputs of a generation with any model (identical for
            Process and Queue).
            Every field is optional here; which fields a known model takes, and the rules they
            follow, are in its typed operation's body (tag `models`). Unset fields are not sent;
            fields this document does not list are sent as text parts, for models newer than it.
            `data`, `start`, `end` and `reference_image` are file parts (any filename and part
            Content-Type); the rest are text parts.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorDetail | HTTPValidationError | JobSubmitResponse
    """

    return sync_detailed(
        model=model,
        client=client,
        body=body,
        extra_headers=extra_headers,
        timeout=timeout,
    ).parsed


async def asyncio_detailed(
    model: str,
    *,
    client: AuthenticatedClient,
    body: GenerateRequest,
) -> Response[ErrorDetail | HTTPValidationError | JobSubmitResponse]:
    """Submit a generation job

     Queues a job for `model` with the multipart inputs and answers at once with the job
    id and its first status (usually `pending`). This is the route for every video
    model (lucy-2.x, vton, restyle, clip and the classic video models). Decart's JS SDK
    also queues `lucy-image-2` here. Poll `queue_status`, then fetch `queue_content`.

    Args:
        model (str):
        body (GenerateRequest): Multipart inputs of a generation with any model (identical for
            Process and Queue).
            Every field is optional here; which fields a known model takes, and the rules they
            follow, are in its typed operation's body (tag `models`). Unset fields are not sent;
            fields this document does not list are sent as text parts, for models newer than it.
            `data`, `start`, `end` and `reference_image` are file parts (any filename and part
            Content-Type); the rest are text parts.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorDetail | HTTPValidationError | JobSubmitResponse]
    """

    kwargs = request_options(
        client,
        _get_kwargs(
            model=model,
            body=body,
        ),
        None,
        None,
        None,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    model: str,
    *,
    client: AuthenticatedClient,
    body: GenerateRequest,
) -> ErrorDetail | HTTPValidationError | JobSubmitResponse | None:
    """Submit a generation job

     Queues a job for `model` with the multipart inputs and answers at once with the job
    id and its first status (usually `pending`). This is the route for every video
    model (lucy-2.x, vton, restyle, clip and the classic video models). Decart's JS SDK
    also queues `lucy-image-2` here. Poll `queue_status`, then fetch `queue_content`.

    Args:
        model (str):
        body (GenerateRequest): Multipart inputs of a generation with any model (identical for
            Process and Queue).
            Every field is optional here; which fields a known model takes, and the rules they
            follow, are in its typed operation's body (tag `models`). Unset fields are not sent;
            fields this document does not list are sent as text parts, for models newer than it.
            `data`, `start`, `end` and `reference_image` are file parts (any filename and part
            Content-Type); the rest are text parts.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorDetail | HTTPValidationError | JobSubmitResponse
    """

    return (
        await asyncio_detailed(
            model=model,
            client=client,
            body=body,
        )
    ).parsed
