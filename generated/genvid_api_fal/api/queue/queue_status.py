import contextlib
from collections.abc import Iterator, Mapping
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.fal_error import FalError
from ...models.queue_status_completed import QueueStatusCompleted
from ...models.queue_status_in_progress import QueueStatusInProgress
from ...models.queue_status_in_queue import QueueStatusInQueue
from ...models.queue_status_other import QueueStatusOther
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
        "url": f"/{path_segment(app_base, slashes=True)}/requests/{path_segment(request_id)}/status",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> FalError | QueueStatusCompleted | QueueStatusInProgress | QueueStatusInQueue | QueueStatusOther | None:
    if response.status_code == 200:

        def _parse_response_200(
            data: object,
        ) -> QueueStatusCompleted | QueueStatusInProgress | QueueStatusInQueue | QueueStatusOther:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_queue_status_type_0 = QueueStatusInQueue.from_dict(data)

                return componentsschemas_queue_status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_queue_status_type_1 = QueueStatusInProgress.from_dict(data)

                return componentsschemas_queue_status_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_queue_status_type_2 = QueueStatusCompleted.from_dict(data)

                return componentsschemas_queue_status_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_queue_status_type_3 = QueueStatusOther.from_dict(data)

            return componentsschemas_queue_status_type_3

        response_200 = _parse_response_200(response.json())

        return response_200

    if response.status_code == 202:

        def _parse_response_202(
            data: object,
        ) -> QueueStatusCompleted | QueueStatusInProgress | QueueStatusInQueue | QueueStatusOther:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_queue_status_type_0 = QueueStatusInQueue.from_dict(data)

                return componentsschemas_queue_status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_queue_status_type_1 = QueueStatusInProgress.from_dict(data)

                return componentsschemas_queue_status_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_queue_status_type_2 = QueueStatusCompleted.from_dict(data)

                return componentsschemas_queue_status_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_queue_status_type_3 = QueueStatusOther.from_dict(data)

            return componentsschemas_queue_status_type_3

        response_202 = _parse_response_202(response.json())

        return response_202

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
) -> Response[FalError | QueueStatusCompleted | QueueStatusInProgress | QueueStatusInQueue | QueueStatusOther]:
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
) -> Response[FalError | QueueStatusCompleted | QueueStatusInProgress | QueueStatusInQueue | QueueStatusOther]:
    """Get the status of a queued request

     Returns the request's state as a `QueueStatus` union tagged by `status`:
    `IN_QUEUE` (with `queue_position`), `IN_PROGRESS` (with `logs`) or `COMPLETED` (with
    `logs`, optional `metrics`, and `error`/`error_type` when the request failed). Any
    other state parses into `QueueStatusOther`. HTTP `202` while queued or running, `200`
    once completed; both carry the same body. `app_base` is `owner/app` only.

    Args:
        app_base (str):
        request_id (str):
        logs (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FalError | QueueStatusCompleted | QueueStatusInProgress | QueueStatusInQueue | QueueStatusOther]
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


def parse(
    client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[FalError | QueueStatusCompleted | QueueStatusInProgress | QueueStatusInQueue | QueueStatusOther]:
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
) -> FalError | QueueStatusCompleted | QueueStatusInProgress | QueueStatusInQueue | QueueStatusOther | None:
    """Get the status of a queued request

     Returns the request's state as a `QueueStatus` union tagged by `status`:
    `IN_QUEUE` (with `queue_position`), `IN_PROGRESS` (with `logs`) or `COMPLETED` (with
    `logs`, optional `metrics`, and `error`/`error_type` when the request failed). Any
    other state parses into `QueueStatusOther`. HTTP `202` while queued or running, `200`
    once completed; both carry the same body. `app_base` is `owner/app` only.

    Args:
        app_base (str):
        request_id (str):
        logs (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FalError | QueueStatusCompleted | QueueStatusInProgress | QueueStatusInQueue | QueueStatusOther
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
) -> Response[FalError | QueueStatusCompleted | QueueStatusInProgress | QueueStatusInQueue | QueueStatusOther]:
    """Get the status of a queued request

     Returns the request's state as a `QueueStatus` union tagged by `status`:
    `IN_QUEUE` (with `queue_position`), `IN_PROGRESS` (with `logs`) or `COMPLETED` (with
    `logs`, optional `metrics`, and `error`/`error_type` when the request failed). Any
    other state parses into `QueueStatusOther`. HTTP `202` while queued or running, `200`
    once completed; both carry the same body. `app_base` is `owner/app` only.

    Args:
        app_base (str):
        request_id (str):
        logs (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FalError | QueueStatusCompleted | QueueStatusInProgress | QueueStatusInQueue | QueueStatusOther]
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
) -> FalError | QueueStatusCompleted | QueueStatusInProgress | QueueStatusInQueue | QueueStatusOther | None:
    """Get the status of a queued request

     Returns the request's state as a `QueueStatus` union tagged by `status`:
    `IN_QUEUE` (with `queue_position`), `IN_PROGRESS` (with `logs`) or `COMPLETED` (with
    `logs`, optional `metrics`, and `error`/`error_type` when the request failed). Any
    other state parses into `QueueStatusOther`. HTTP `202` while queued or running, `200`
    once completed; both carry the same body. `app_base` is `owner/app` only.

    Args:
        app_base (str):
        request_id (str):
        logs (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FalError | QueueStatusCompleted | QueueStatusInProgress | QueueStatusInQueue | QueueStatusOther
    """

    return (
        await asyncio_detailed(
            app_base=app_base,
            request_id=request_id,
            client=client,
            logs=logs,
        )
    ).parsed
