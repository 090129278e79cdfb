"""Integrations: web-framework adapters for ``genvid.webhooks``, and a task queue for fleets.

``genvid.contrib.flask`` and ``genvid.contrib.django`` each provide two view decorators,
``fal_webhook`` and ``luma_callback``. ``genvid.contrib.celery`` runs jobs on Celery workers
across machines (with a PostgreSQL journal), and ``genvid.contrib.caps`` holds fleet-wide
concurrency caps in Redis. Importing ``genvid`` (or this package) never imports a framework,
Celery, Redis or psycopg; only importing one of those modules does. Install them with the
``flask``, ``django`` or ``celery`` extra.

A web server is where a URL chosen by someone else must not reach internal addresses, so the
adapters' default verifier fetches fal's keys under a strict ``genvid.UrlPolicy()`` (https,
public addresses only, no redirects); ``default_verifier()`` builds it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from .._exceptions import WebhookVerificationError
from .._transport import UrlPolicy

if TYPE_CHECKING:
    from ..webhooks import FalWebhookVerifier

__all__ = ["default_verifier", "rejection"]

_log = logging.getLogger("genvid.webhooks")


def default_verifier() -> FalWebhookVerifier:
    """The verifier the adapters use when given none: fal's public JWKS, under a strict ``UrlPolicy``."""
    from ..webhooks import FalWebhookVerifier

    return FalWebhookVerifier(url_policy=UrlPolicy())


def rejection(exc: WebhookVerificationError) -> tuple[dict[str, str], int, dict[str, str]]:
    """(JSON body, status, headers) for a refused delivery, logged once; the adapters wrap it.

    503 with Retry-After when fal's keys could not be fetched (so fal retries the delivery);
    401 for everything else.
    """
    _log.warning("rejected %s delivery: %s (%s)", exc.service or "webhook", exc.reason, exc.message)
    unavailable = exc.reason == "jwks_unavailable"
    headers = {"Retry-After": "60"} if unavailable else {}
    return {"error": "webhook verification failed", "reason": exc.reason}, (503 if unavailable else 401), headers
