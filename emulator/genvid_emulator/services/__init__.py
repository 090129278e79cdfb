"""One module per emulated service, each a ``Service`` subclass with ``op_<operationId>`` handlers."""

from __future__ import annotations

from .decart import Decart
from .fal import Fal
from .luma import Luma
from .luma_agents import LumaAgents

SERVICES = [Decart, Fal, Luma, LumaAgents]
