"""Django view decorators that verify fal webhooks and Luma callbacks.

    from genvid.contrib.django import fal_webhook, luma_callback

    @fal_webhook()
    def on_fal(hook, request):             # hook: genvid.webhooks.FalWebhook
        ...
        return HttpResponse(status=204)

    @luma_callback(callbacks)              # callbacks: genvid.webhooks.LumaCallbacks
    def on_luma(callback, request):        # callback: genvid.webhooks.LumaCallback
        ...
        return HttpResponse()

The verified delivery is passed as the first argument, before the request and any URL
arguments. The views are ``csrf_exempt`` (the senders cannot hold a CSRF token; the
signature or URL token is the credential). A delivery that fails verification never reaches
the view: the answer is a 401 ``JsonResponse`` ``{"error": ..., "reason": ...}``, or 503
when the fal signing keys could not be fetched (so fal retries later). The Luma check uses
``request.build_absolute_uri()``: only its path and query matter, so it works behind a
proxy that keeps them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec

from django.http import JsonResponse  # type: ignore[import-untyped,unused-ignore]
from django.views.decorators.csrf import csrf_exempt  # type: ignore[import-untyped,unused-ignore]

from .._exceptions import WebhookVerificationError
from ..webhooks import FalWebhook, FalWebhookVerifier, LumaCallback, LumaCallbacks
from . import default_verifier, rejection

__all__ = ["fal_webhook", "luma_callback"]

P = ParamSpec("P")


def _rejected(exc: WebhookVerificationError) -> Any:
    body, status, headers = rejection(exc)
    response = JsonResponse(body, status=status)
    for name, value in headers.items():
        response[name] = value
    return response


def fal_webhook(verifier: FalWebhookVerifier | None = None
                ) -> Callable[[Callable[Concatenate[FalWebhook, Any, P], Any]], Callable[Concatenate[Any, P], Any]]:
    """Decorate a Django view that receives fal webhooks (the view is made ``csrf_exempt``).

    ``verifier`` holds the configuration (JWKS URL or key set, tolerance); by default
    ``genvid.contrib.default_verifier()``: fal's public JWKS under a strict ``UrlPolicy``.
    """
    active = verifier if verifier is not None else default_verifier()

    def decorate(view: Callable[Concatenate[FalWebhook, Any, P], Any]) -> Callable[Concatenate[Any, P], Any]:
        @functools.wraps(view)
        def wrapper(request: Any, /, *args: P.args, **kwargs: P.kwargs) -> Any:
            try:
                hook = active.verify(dict(request.headers.items()), request.body)
            except WebhookVerificationError as exc:
                return _rejected(exc)
            return view(hook, request, *args, **kwargs)

        exempt: Callable[Concatenate[Any, P], Any] = csrf_exempt(wrapper)
        return exempt

    return decorate


def luma_callback(callbacks: LumaCallbacks
                  ) -> Callable[[Callable[Concatenate[LumaCallback, Any, P], Any]], Callable[Concatenate[Any, P], Any]]:
    """Decorate a Django view that receives Luma callbacks made with ``callbacks.url(...)``."""

    def decorate(view: Callable[Concatenate[LumaCallback, Any, P], Any]) -> Callable[Concatenate[Any, P], Any]:
        @functools.wraps(view)
        def wrapper(request: Any, /, *args: P.args, **kwargs: P.kwargs) -> Any:
            try:
                callback = callbacks.verify(request.build_absolute_uri(), request.body)
            except WebhookVerificationError as exc:
                return _rejected(exc)
            return view(callback, request, *args, **kwargs)

        exempt: Callable[Concatenate[Any, P], Any] = csrf_exempt(wrapper)
        return exempt

    return decorate
