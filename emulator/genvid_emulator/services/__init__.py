"""One module per emulated service, each a ``Service`` subclass with ``op_<operationId>`` handlers.

Which services exist, and where each is mounted, is genvid's provider table (``genvid._providers``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from genvid._providers import PROVIDERS

if TYPE_CHECKING:
    from .._app import Service


def services() -> list[type[Service]]:
    """The emulated service classes, one per provider."""
    out = []
    for row in PROVIDERS:
        module, _, name = row.emulator_service.partition(":")
        out.append(getattr(importlib.import_module(module), name))
    return out
