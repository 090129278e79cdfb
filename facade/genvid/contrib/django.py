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
from typing import Any, Concatenate, ParamSpec, TypeVar

from django.http import JsonResponse  # type: ignore[import-untyped,unused-ignore]
from django.views.decorators.csrf import csrf_exempt  # type: ignore[import-untyped,unused-ignore]

from .._exceptions import WebhookVerificationError
from ..webhooks import FalWebhook, FalWebhookVerifier, LumaCallback, LumaCallbacks
from . import default_verifier, rejection

__all__ = ["fal_webhook", "luma_callback"]

P = ParamSpec("P")
D = TypeVar("D", FalWebhook, LumaCallback)


def _rejected(exc: WebhookVerificationError) -> Any:
    body, status, headers = rejection(exc)
    response = JsonResponse(body, status=status)
    for name, value in headers.items():
        response[name] = value
    return response


def fal_webhook(verifier: FalWebhookVerifier | None = None, *,
                on_delivery: Callable[[FalWebhook], object] | None = None
                ) -> Callable[[Callable[Concatenate[FalWebhook, Any, P], Any]], Callable[Concatenate[Any, P], Any]]:
    """Decorate a Django view that receives fal webhooks (the view is made ``csrf_exempt``).

    ``verifier`` holds the configuration (JWKS URL or key set, tolerance); by default
    ``genvid.contrib.default_verifier()``: fal's public JWKS under a strict ``UrlPolicy``. ``on_delivery`` is called with each
    verified delivery before the view (e.g. ``genvid.contrib.celery.finish_pushed``, which
    enqueues the job's download at once); if it raises, the answer is a 500 and fal retries.
    """
    active = verifier if verifier is not None else default_verifier()
    return _receiver(lambda request: active.verify(dict(request.headers.items()), request.body), on_delivery)


def luma_callback(callbacks: LumaCallbacks, *, on_delivery: Callable[[LumaCallback], object] | None = None
                  ) -> Callable[[Callable[Concatenate[LumaCallback, Any, P], Any]], Callable[Concatenate[Any, P], Any]]:
    """Decorate a Django view that receives Luma callbacks made with ``callbacks.url(...)``.

    ``on_delivery`` is called with each verified callback before the view (see ``fal_webhook``).
    """
    return _receiver(lambda request: callbacks.verify(request.build_absolute_uri(), request.body), on_delivery)


def _receiver(verify: Callable[[Any], D], on_delivery: Callable[[D], object] | None
              ) -> Callable[[Callable[Concatenate[D, Any, P], Any]], Callable[Concatenate[Any, P], Any]]:
    """The decorator of a receiving view: verify the request, tell ``on_delivery``, pass the delivery first."""

    def decorate(view: Callable[Concatenate[D, Any, P], Any]) -> Callable[Concatenate[Any, P], Any]:
        @functools.wraps(view)
        def wrapper(request: Any, /, *args: P.args, **kwargs: P.kwargs) -> Any:
            try:
                delivery = verify(request)
            except WebhookVerificationError as exc:
                return _rejected(exc)
            if on_delivery is not None:
                on_delivery(delivery)
            return view(delivery, request, *args, **kwargs)

        exempt: Callable[Concatenate[Any, P], Any] = csrf_exempt(wrapper)
        return exempt

    return decorate
