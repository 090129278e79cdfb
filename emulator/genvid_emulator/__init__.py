"""genvid's local emulator of Decart, fal.ai, Luma Dream Machine and Luma Agents.

    from genvid_emulator import running
    with running() as emu:
        print(emu.urls.decart)
"""

from ._app import Emulator, Settings
from ._server import EmulatorURLs, RunningEmulator, running, serve_forever, write_self_signed_cert

__all__ = ["Emulator", "EmulatorURLs", "RunningEmulator", "Settings", "running", "serve_forever",
           "write_self_signed_cert"]
