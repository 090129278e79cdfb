"""genvid's local emulator of Decart, fal.ai, Luma Dream Machine and Luma Agents.

    from genvid_emulator import running
    with running() as emu:
        print(emu.urls.decart)

Its names load on first use: importing the package (as pytest does for the plugin) needs
nothing from the ``emulator`` extra.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._app import Emulator, Settings
    from ._server import EmulatorURLs, RunningEmulator, running, serve_forever, write_self_signed_cert

_WHERE = {"Emulator": "_app", "Settings": "_app", "EmulatorURLs": "_server", "RunningEmulator": "_server",
          "running": "_server", "serve_forever": "_server", "write_self_signed_cert": "_server"}

__all__ = ["Emulator", "EmulatorURLs", "RunningEmulator", "Settings", "running", "serve_forever",
           "write_self_signed_cert"]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'genvid_emulator' has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
