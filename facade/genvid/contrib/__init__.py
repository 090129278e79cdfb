"""Thin web-framework adapters for ``genvid.webhooks``.

``genvid.contrib.flask`` and ``genvid.contrib.django`` each provide two view decorators,
``fal_webhook`` and ``luma_callback``. Importing ``genvid`` (or this package) never imports
a web framework; only importing one of those modules does. Install the framework with the
``flask`` or ``django`` extra.
"""

from __future__ import annotations

__all__: list[str] = []
