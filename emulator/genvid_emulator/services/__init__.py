"""One module per emulated service, each a ``Service`` subclass with ``op_<operationId>`` handlers."""

from __future__ import annotations

from .decart import Decart

SERVICES = [Decart]
