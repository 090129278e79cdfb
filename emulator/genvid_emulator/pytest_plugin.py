"""pytest fixtures for testing code that uses genvid (or the official SDKs) against the emulator.

Installed with ``genvid[emulator]`` and loaded automatically by pytest:

    def test_my_view(genvid_emulator):
        client = genvid.Client(emulator=genvid_emulator.urls.root)
        ...

``genvid_emulator`` is one emulator per test session with fast jobs and small media
(reset between tests); ``genvid_emulator_env`` also points the environment variables
of genvid and each official SDK at it for the duration of a test.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from ._server import RunningEmulator

# Imports happen inside the fixtures: this plugin is loaded by every pytest run where
# genvid is installed, including ones without the emulator extra (importing this module
# loads nothing but pytest).
EXTRA = ("starlette", "uvicorn", "av", "yaml", "multipart")
INSTALL = ("pip install 'genvid[emulator]' (from a source checkout: pip install -e '.[emulator]')")


def require_extra() -> None:
    """Fail the test that asked for an emulator fixture, saying how to install what it lacks."""
    import importlib.util

    missing = [name for name in EXTRA if importlib.util.find_spec(name) is None]
    if missing:
        pytest.fail(f"the genvid_emulator fixtures need genvid's emulator extra (missing: {', '.join(missing)}): "
                    f"{INSTALL}", pytrace=False)


@pytest.fixture(scope="session")
def _genvid_emulator_session() -> Iterator[RunningEmulator]:
    require_extra()
    from ._app import Settings
    from ._server import running

    with running(Settings(queue_seconds=0.05, run_seconds=0.1, media_scale=0.05)) as emu:
        yield emu


@pytest.fixture
def genvid_emulator(_genvid_emulator_session: RunningEmulator) -> Iterator[RunningEmulator]:
    """A running emulator (shared per session, reset after each test)."""
    import httpx

    yield _genvid_emulator_session
    httpx.post(_genvid_emulator_session.urls.root + "/_emulator/reset", timeout=10)


@pytest.fixture
def genvid_emulator_env(genvid_emulator: RunningEmulator, monkeypatch: pytest.MonkeyPatch) -> RunningEmulator:
    """The emulator, with DECART_*/FAL_*/LUMAAI_*/LUMA_* variables pointing at it."""
    for key, value in genvid_emulator.urls.env().items():
        monkeypatch.setenv(key, value)
    return genvid_emulator
