"""Shared fixtures: one fast emulator per test module where needed."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

# Tests never use real keys: a canary-looking value makes any leak easy to spot.
os.environ.setdefault("GENVID_TEST", "1")


@pytest.fixture(scope="module")
def emu() -> Iterator[object]:
    """A fast emulator for this module (jobs take ~0.3 s, media is tiny)."""
    from genvid_emulator import Settings, running

    with running(Settings(queue_seconds=0.1, run_seconds=0.2, media_scale=0.05)) as e:
        yield e
