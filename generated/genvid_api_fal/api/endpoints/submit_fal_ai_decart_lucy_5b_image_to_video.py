import contextlib
from collections.abc import Iterator, Mapping
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.fal_error import FalError
from ...models.lucy_5b_image_to_video_input import Lucy5BImageToVideoInput
from ...models.queue_priority import QueuePriority
from ...models.queue_submit_response import QueueSubmitResponse
from ...types import (
    UNSET,
    JsonBody,
    Response,
    Unset,
    request_options,
    status_of,
)


def _get_kwargs(
    *,
    body: Lucy5BImageToVideoInput | JsonBody,
    fal_webhook: str | Unset = UNSET,
    fal_max_queue_length: int | Unset = UNSET,
    x_fal_request_timeout: str | Unset = UNSET,
    x_fal_queue_priority: QueuePriority | Unset = UNSET,
    x_fal_runner_hint: str | Unset = UNSET,
    x_fal_no_retry: str | Unset = UNSET,
    x_fal_store_io: str | Unset = UNSET,
    x_fal_object_lifecycle_preference: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_fal_request_timeout, Unset):
        headers["X-Fal-Request-Timeout"] = x_fal_request_timeout

    if not isinstance(x_fal_queue_priority, Unset):
        headers["X-Fal-Queue-Priority"] = str(x_fal_queue_priority)

    if not isinstance(x_fal_runner_hint, Unset):
        headers["X-Fal-Runner-Hint"] = x_fal_runner_hint

    if not isinstance(x_fal_no_retry, Unset):
        headers["X-Fal-No-Retry"] = x_fal_no_retry

    if not isinstance(x_fal_store_io, Unset):
        headers["X-Fal-Store-IO"] = x_fal_store_io

    if not isinstance(x_fal_object_lifecycle_preference, Unset):
        headers["X-Fal-Object-Lifecycle-Preference"] = x_fal_object_lifecycle_preference

    params: dict[str, Any] = {}

    params["fal_webhook"] = fal_webhook

    params["fal_max_queue_length"] = fal_max_queue_length

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/fal-ai/decart/lucy-5b/image-to-video",
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
) -> FalError | QueueSubmitResponse | None:
    if response.status_code == 200:
        response_200 = QueueSubmitResponse.from_dict(response.json())

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
) -> Response[FalError | QueueSubmitResponse]:
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
    body: Lucy5BImageToVideoInput | JsonBody,
    fal_webhook: str | Unset = UNSET,
    fal_max_queue_length: int | Unset = UNSET,
    x_fal_request_timeout: str | Unset = UNSET,
    x_fal_queue_priority: QueuePriority | Unset = UNSET,
    x_fal_runner_hint: str | Unset = UNSET,
    x_fal_no_retry: str | Unset = UNSET,
    x_fal_store_io: str | Unset = UNSET,
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
            fal_webhook=fal_webhook,
            fal_max_queue_length=fal_max_queue_length,
            x_fal_request_timeout=x_fal_request_timeout,
            x_fal_queue_priority=x_fal_queue_priority,
            x_fal_runner_hint=x_fal_runner_hint,
            x_fal_no_retry=x_fal_no_retry,
            x_fal_store_io=x_fal_store_io,
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
    body: Lucy5BImageToVideoInput | JsonBody,
    fal_webhook: str | Unset = UNSET,
    fal_max_queue_length: int | Unset = UNSET,
    x_fal_request_timeout: str | Unset = UNSET,
    x_fal_queue_priority: QueuePriority | Unset = UNSET,
    x_fal_runner_hint: str | Unset = UNSET,
    x_fal_no_retry: str | Unset = UNSET,
    x_fal_store_io: str | Unset = UNSET,
    x_fal_object_lifecycle_preference: str | Unset = UNSET,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None = None,
    extensions: Mapping[str, Any] | None = None,
) -> Response[FalError | QueueSubmitResponse]:
    """Queue submit for fal-ai/decart/lucy-5b/image-to-video (typed body)

     Lucy 5B image-to-video (owner `fal-ai`, app `decart`): animates `image_url` following
    `prompt` (`VideoOutput`). Poll with `app_base` = `fal-ai/decart`. Same wire call as
    `queue_submit`.

    Args:
        fal_webhook (str | Unset):
        fal_max_queue_length (int | Unset):
        x_fal_request_timeout (str | Unset):
        x_fal_queue_priority (QueuePriority | Unset): Queue priority of a submit. `normal` (server
            default) or `low`.
        x_fal_runner_hint (str | Unset):
        x_fal_no_retry (str | Unset):
        x_fal_store_io (str | Unset):
        x_fal_object_lifecycle_preference (str | Unset):
        body (Lucy5BImageToVideoInput): Input of `fal-ai/decart/lucy-5b/image-to-video`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FalError | QueueSubmitResponse]
    """

    response = send(
        client=client,
        body=body,
        fal_webhook=fal_webhook,
        fal_max_queue_length=fal_max_queue_length,
        x_fal_request_timeout=x_fal_request_timeout,
        x_fal_queue_priority=x_fal_queue_priority,
        x_fal_runner_hint=x_fal_runner_hint,
        x_fal_no_retry=x_fal_no_retry,
        x_fal_store_io=x_fal_store_io,
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
    body: Lucy5BImageToVideoInput | JsonBody,
    fal_webhook: str | Unset = UNSET,
    fal_max_queue_length: int | Unset = UNSET,
    x_fal_request_timeout: str | Unset = UNSET,
    x_fal_queue_priority: QueuePriority | Unset = UNSET,
    x_fal_runner_hint: str | Unset = UNSET,
    x_fal_no_retry: str | Unset = UNSET,
    x_fal_store_io: str | Unset = UNSET,
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
            fal_webhook=fal_webhook,
            fal_max_queue_length=fal_max_queue_length,
            x_fal_request_timeout=x_fal_request_timeout,
            x_fal_queue_priority=x_fal_queue_priority,
            x_fal_runner_hint=x_fal_runner_hint,
            x_fal_no_retry=x_fal_no_retry,
            x_fal_store_io=x_fal_store_io,
            x_fal_object_lifecycle_preference=x_fal_object_lifecycle_preference,
        ),
        extra_headers,
        timeout,
        extensions,
    )
    with client.get_httpx_client().stream(**kwargs) as response:
        yield response


def parse(client: AuthenticatedClient | Client, response: httpx.Response) -> Response[FalError | QueueSubmitResponse]:
    """The typed ``Response`` of a read response from ``stream`` (as ``sync_detailed`` returns it)."""
    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: Lucy5BImageToVideoInput | JsonBody,
    fal_webhook: str | Unset = UNSET,
    fal_max_queue_length: int | Unset = UNSET,
    x_fal_request_timeout: str | Unset = UNSET,
    x_fal_queue_priority: QueuePriority | Unset = UNSET,
    x_fal_runner_hint: str | Unset = UNSET,
    x_fal_no_retry: str | Unset = UNSET,
    x_fal_store_io: str | Unset = UNSET,
    x_fal_object_lifecycle_preference: str | Unset = UNSET,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None = None,
) -> FalError | QueueSubmitResponse | None:
    """Queue submit for fal-ai/decart/lucy-5b/image-to-video (typed body)

     Lucy 5B image-to-video (owner `fal-ai`, app `decart`): animates `image_url` following
    `prompt` (`VideoOutput`). Poll with `app_base` = `fal-ai/decart`. Same wire call as
    `queue_submit`.

    Args:
        fal_webhook (str | Unset):
        fal_max_queue_length (int | Unset):
        x_fal_request_timeout (str | Unset):
        x_fal_queue_priority (QueuePriority | Unset): Queue priority of a submit. `normal` (server
            default) or `low`.
        x_fal_runner_hint (str | Unset):
        x_fal_no_retry (str | Unset):
        x_fal_store_io (str | Unset):
        x_fal_object_lifecycle_preference (str | Unset):
        body (Lucy5BImageToVideoInput): Input of `fal-ai/decart/lucy-5b/image-to-video`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FalError | QueueSubmitResponse
    """

    return sync_detailed(
        client=client,
        body=body,
        fal_webhook=fal_webhook,
        fal_max_queue_length=fal_max_queue_length,
        x_fal_request_timeout=x_fal_request_timeout,
        x_fal_queue_priority=x_fal_queue_priority,
        x_fal_runner_hint=x_fal_runner_hint,
        x_fal_no_retry=x_fal_no_retry,
        x_fal_store_io=x_fal_store_io,
        x_fal_object_lifecycle_preference=x_fal_object_lifecycle_preference,
        extra_headers=extra_headers,
        timeout=timeout,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: Lucy5BImageToVideoInput | JsonBody,
    fal_webhook: str | Unset = UNSET,
    fal_max_queue_length: int | Unset = UNSET,
    x_fal_request_timeout: str | Unset = UNSET,
    x_fal_queue_priority: QueuePriority | Unset = UNSET,
    x_fal_runner_hint: str | Unset = UNSET,
    x_fal_no_retry: str | Unset = UNSET,
    x_fal_store_io: str | Unset = UNSET,
    x_fal_object_lifecycle_preference: str | Unset = UNSET,
) -> Response[FalError | QueueSubmitResponse]:
    """Queue submit for fal-ai/decart/lucy-5b/image-to-video (typed body)

     Lucy 5B image-to-video (owner `fal-ai`, app `decart`): animates `image_url` following
    `prompt` (`VideoOutput`). Poll with `app_base` = `fal-ai/decart`. Same wire call as
    `queue_submit`.

    Args:
        fal_webhook (str | Unset):
        fal_max_queue_length (int | Unset):
        x_fal_request_timeout (str | Unset):
        x_fal_queue_priority (QueuePriority | Unset): Queue priority of a submit. `normal` (server
            default) or `low`.
        x_fal_runner_hint (str | Unset):
        x_fal_no_retry (str | Unset):
        x_fal_store_io (str | Unset):
        x_fal_object_lifecycle_preference (str | Unset):
        body (Lucy5BImageToVideoInput): Input of `fal-ai/decart/lucy-5b/image-to-video`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FalError | QueueSubmitResponse]
    """

    kwargs = request_options(
        client,
        _get_kwargs(
            body=body,
            fal_webhook=fal_webhook,
            fal_max_queue_length=fal_max_queue_length,
            x_fal_request_timeout=x_fal_request_timeout,
            x_fal_queue_priority=x_fal_queue_priority,
            x_fal_runner_hint=x_fal_runner_hint,
            x_fal_no_retry=x_fal_no_retry,
            x_fal_store_io=x_fal_store_io,
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
    body: Lucy5BImageToVideoInput | JsonBody,
    fal_webhook: str | Unset = UNSET,
    fal_max_queue_length: int | Unset = UNSET,
    x_fal_request_timeout: str | Unset = UNSET,
    x_fal_queue_priority: QueuePriority | Unset = UNSET,
    x_fal_runner_hint: str | Unset = UNSET,
    x_fal_no_retry: str | Unset = UNSET,
    x_fal_store_io: str | Unset = UNSET,
    x_fal_object_lifecycle_preference: str | Unset = UNSET,
) -> FalError | QueueSubmitResponse | None:
    """Queue submit for fal-ai/decart/lucy-5b/image-to-video (typed body)

     Lucy 5B image-to-video (owner `fal-ai`, app `decart`): animates `image_url` following
    `prompt` (`VideoOutput`). Poll with `app_base` = `fal-ai/decart`. Same wire call as
    `queue_submit`.

    Args:
        fal_webhook (str | Unset):
        fal_max_queue_length (int | Unset):
        x_fal_request_timeout (str | Unset):
        x_fal_queue_priority (QueuePriority | Unset): Queue priority of a submit. `normal` (server
            default) or `low`.
        x_fal_runner_hint (str | Unset):
        x_fal_no_retry (str | Unset):
        x_fal_store_io (str | Unset):
        x_fal_object_lifecycle_preference (str | Unset):
        body (Lucy5BImageToVideoInput): Input of `fal-ai/decart/lucy-5b/image-to-video`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FalError | QueueSubmitResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            fal_webhook=fal_webhook,
            fal_max_queue_length=fal_max_queue_length,
            x_fal_request_timeout=x_fal_request_timeout,
            x_fal_queue_priority=x_fal_queue_priority,
            x_fal_runner_hint=x_fal_runner_hint,
            x_fal_no_retry=x_fal_no_retry,
            x_fal_store_io=x_fal_store_io,
            x_fal_object_lifecycle_preference=x_fal_object_lifecycle_preference,
        )
    ).parsed
