"""Flask view decorators that verify fal webhooks and Luma callbacks.

    from genvid.contrib.flask import fal_webhook, luma_callback

    @app.post("/hooks/fal")
    @fal_webhook()
    def on_fal(hook):                      # hook: genvid.webhooks.FalWebhook
        ...
        return "", 204

    @app.post("/hooks/luma")
    @luma_callback(callbacks)              # callbacks: genvid.webhooks.LumaCallbacks
    def on_luma(callback):                 # callback: genvid.webhooks.LumaCallback
        ...
        return "", 200

The verified delivery is passed as the first argument, before any URL arguments. A
delivery that fails verification never reaches the view: the answer is 401 with a JSON
``{"error": ..., "reason": ...}`` body, or 503 when the fal signing keys could not be
fetched (so fal retries the delivery later). The raw body is read with
``request.get_data(cache=True)``, so the view can still read it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec

from flask import jsonify, request

from .._exceptions import WebhookVerificationError
from ..webhooks import FalWebhook, FalWebhookVerifier, LumaCallback, LumaCallbacks
from . import default_verifier, rejection

__all__ = ["fal_webhook", "luma_callback"]

P = ParamSpec("P")


def _rejected(exc: WebhookVerificationError) -> Any:
    body, status, headers = rejection(exc)
    response = jsonify(body)
    response.status_code = status
    response.headers.update(headers)
    return response


def fal_webhook(verifier: FalWebhookVerifier | None = None
                ) -> Callable[[Callable[Concatenate[FalWebhook, P], Any]], Callable[P, Any]]:
    """Decorate a Flask view that receives fal webhooks.

    ``verifier`` holds the configuration (JWKS URL or key set, tolerance); by default
    ``genvid.contrib.default_verifier()``: fal's public JWKS under a strict ``UrlPolicy``.
    """
    active = verifier if verifier is not None else default_verifier()

    def decorate(view: Callable[Concatenate[FalWebhook, P], Any]) -> Callable[P, Any]:
        @functools.wraps(view)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> Any:
            try:
                hook = active.verify(dict(request.headers.items()), request.get_data(cache=True))
            except WebhookVerificationError as exc:
                return _rejected(exc)
            return view(hook, *args, **kwargs)

        return wrapper

    return decorate


def luma_callback(callbacks: LumaCallbacks
                  ) -> Callable[[Callable[Concatenate[LumaCallback, P], Any]], Callable[P, Any]]:
    """Decorate a Flask view that receives Luma callbacks made with ``callbacks.url(...)``."""

    def decorate(view: Callable[Concatenate[LumaCallback, P], Any]) -> Callable[P, Any]:
        @functools.wraps(view)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> Any:
            try:
                callback = callbacks.verify(request.url, request.get_data(cache=True))
            except WebhookVerificationError as exc:
                return _rejected(exc)
            return view(callback, *args, **kwargs)

        return wrapper

    return decorate
