import contextlib
from collections.abc import Iterator, Mapping
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.cancel_response import CancelResponse
from ...models.fal_error import FalError
from ...types import Response, path_segment, request_options, status_of


def _get_kwargs(
    app_base: str,
    request_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": f"/{path_segment(app_base, slashes=True)}/requests/{path_segment(request_id)}/cancel",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CancelResponse | CancelResponse | FalError | FalError | None:
    if response.status_code == 200:
        response_200 = CancelResponse.from_dict(response.json())

        return response_200

    if response.status_code == 202:
        response_202 = CancelResponse.from_dict(response.json())

        return response_202

    if response.status_code == 400:

        def _parse_response_400(data: object) -> CancelResponse | FalError:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_400_type_0 = CancelResponse.from_dict(data)

                return response_400_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_400_type_1 = FalError.from_dict(data)

            return response_400_type_1

        response_400 = _parse_response_400(response.json())

        return response_400

    if response.status_code == 404:

        def _parse_response_404(data: object) -> CancelResponse | FalError:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_404_type_0 = CancelResponse.from_dict(data)

                return response_404_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_404_type_1 = FalError.from_dict(data)

            return response_404_type_1

        response_404 = _parse_response_404(response.json())

        return response_404

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
) -> Response[CancelResponse | CancelResponse | FalError | FalError]:
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
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None = None,
    extensions: Mapping[str, Any] | None = None,
) -> Response[CancelResponse | CancelResponse | FalError | FalError]:
    """Cancel a queued or running request

     Body-less PUT. A queued request is removed from the queue (`OK`); a running request
    gets a cancel signal (`CANCELLATION_REQUESTED`, HTTP 202). A finished request answers
    `ALREADY_COMPLETED` and an unknown one `NOT_FOUND`; their HTTP codes (400 and 404) are
    not confirmed, so those codes accept either a `CancelResponse` or a `FalError`.

    Args:
        app_base (str):
        request_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CancelResponse | CancelResponse | FalError | FalError]
    """

    response = send(
        app_base=app_base,
        request_id=request_id,
        client=client,
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
        ),
        extra_headers,
        timeout,
        extensions,
    )
    with client.get_httpx_client().stream(**kwargs) as response:
        yield response


def parse(
    client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CancelResponse | CancelResponse | FalError | FalError]:
    """The typed ``Response`` of a read response from ``stream`` (as ``sync_detailed`` returns it)."""
    return _build_response(client=client, response=response)


def sync(
    app_base: str,
    request_id: str,
    *,
    client: AuthenticatedClient,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None = None,
) -> CancelResponse | CancelResponse | FalError | FalError | None:
    """Cancel a queued or running request

     Body-less PUT. A queued request is removed from the queue (`OK`); a running request
    gets a cancel signal (`CANCELLATION_REQUESTED`, HTTP 202). A finished request answers
    `ALREADY_COMPLETED` and an unknown one `NOT_FOUND`; their HTTP codes (400 and 404) are
    not confirmed, so those codes accept either a `CancelResponse` or a `FalError`.

    Args:
        app_base (str):
        request_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CancelResponse | CancelResponse | FalError | FalError
    """

    return sync_detailed(
        app_base=app_base,
        request_id=request_id,
        client=client,
        extra_headers=extra_headers,
        timeout=timeout,
    ).parsed


async def asyncio_detailed(
    app_base: str,
    request_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[CancelResponse | CancelResponse | FalError | FalError]:
    """Cancel a queued or running request

     Body-less PUT. A queued request is removed from the queue (`OK`); a running request
    gets a cancel signal (`CANCELLATION_REQUESTED`, HTTP 202). A finished request answers
    `ALREADY_COMPLETED` and an unknown one `NOT_FOUND`; their HTTP codes (400 and 404) are
    not confirmed, so those codes accept either a `CancelResponse` or a `FalError`.

    Args:
        app_base (str):
        request_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CancelResponse | CancelResponse | FalError | FalError]
    """

    kwargs = request_options(
        client,
        _get_kwargs(
            app_base=app_base,
            request_id=request_id,
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
) -> CancelResponse | CancelResponse | FalError | FalError | None:
    """Cancel a queued or running request

     Body-less PUT. A queued request is removed from the queue (`OK`); a running request
    gets a cancel signal (`CANCELLATION_REQUESTED`, HTTP 202). A finished request answers
    `ALREADY_COMPLETED` and an unknown one `NOT_FOUND`; their HTTP codes (400 and 404) are
    not confirmed, so those codes accept either a `CancelResponse` or a `FalError`.

    Args:
        app_base (str):
        request_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CancelResponse | CancelResponse | FalError | FalError
    """

    return (
        await asyncio_detailed(
            app_base=app_base,
            request_id=request_id,
            client=client,
        )
    ).parsed
