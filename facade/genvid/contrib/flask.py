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
from typing import Any, Concatenate, ParamSpec, TypeVar

from flask import jsonify, request

from .._exceptions import WebhookVerificationError
from ..webhooks import FalWebhook, FalWebhookVerifier, LumaCallback, LumaCallbacks
from . import default_verifier, rejection

__all__ = ["fal_webhook", "luma_callback"]

P = ParamSpec("P")
D = TypeVar("D", FalWebhook, LumaCallback)


def _rejected(exc: WebhookVerificationError) -> Any:
    body, status, headers = rejection(exc)
    response = jsonify(body)
    response.status_code = status
    response.headers.update(headers)
    return response


def fal_webhook(verifier: FalWebhookVerifier | None = None, *,
                on_delivery: Callable[[FalWebhook], object] | None = None
                ) -> Callable[[Callable[Concatenate[FalWebhook, P], Any]], Callable[P, Any]]:
    """Decorate a Flask view that receives fal webhooks.

    ``verifier`` holds the configuration (JWKS URL or key set, tolerance); by default
    ``genvid.contrib.default_verifier()``: fal's public JWKS under a strict ``UrlPolicy``. ``on_delivery`` is called with each
    verified delivery before the view (e.g. ``genvid.contrib.celery.finish_pushed``, which
    enqueues the job's download at once); if it raises, the answer is a 500 and fal retries.
    """
    active = verifier if verifier is not None else default_verifier()
    return _receiver(lambda: active.verify(dict(request.headers.items()), request.get_data(cache=True)), on_delivery)


def luma_callback(callbacks: LumaCallbacks, *, on_delivery: Callable[[LumaCallback], object] | None = None
                  ) -> Callable[[Callable[Concatenate[LumaCallback, P], Any]], Callable[P, Any]]:
    """Decorate a Flask view that receives Luma callbacks made with ``callbacks.url(...)``.

    ``on_delivery`` is called with each verified callback before the view (see ``fal_webhook``).
    """
    return _receiver(lambda: callbacks.verify(request.url, request.get_data(cache=True)), on_delivery)


def _receiver(verify: Callable[[], D], on_delivery: Callable[[D], object] | None
              ) -> Callable[[Callable[Concatenate[D, P], Any]], Callable[P, Any]]:
    """The decorator of a receiving view: verify the request, tell ``on_delivery``, pass the delivery first."""

    def decorate(view: Callable[Concatenate[D, P], Any]) -> Callable[P, Any]:
        @functools.wraps(view)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> Any:
            try:
                delivery = verify()
            except WebhookVerificationError as exc:
                return _rejected(exc)
            if on_delivery is not None:
                on_delivery(delivery)
            return view(delivery, *args, **kwargs)

        return wrapper

    return decorate
