"""Replay of the recorded cassettes: every public operation, no network, no real sleeping.

Each scenario of ``tests/scenarios.py`` runs against its ``cassettes/<name>.yaml`` with
``record_mode="none"``: an unrecorded request raises vcrpy's
``CannotOverwriteExistingCassetteException``, any real connection attempt fails loudly (the
socket guard), and any real sleep fails (the sleep guard). Every recorded response must be
played exactly once. Re-record with ``scripts/record_cassettes``.
"""

from __future__ import annotations

import re
import socket
import time
from typing import Any

import pytest
import scenarios
from scenarios import SCENARIOS, Clients, Scenario, Target


class NetworkBlocked(AssertionError):
    pass


LATER = 400 * 86400.0  # replays must not depend on when the cassette was recorded


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """No real connection and no real sleep; the wall clock is 400 days after the recording."""
    real_time = time.time

    def refuse(self: socket.socket, address: Any, *args: Any) -> Any:
        raise NetworkBlocked(f"a replayed test tried to connect to {address!r}")

    def no_sleep(seconds: float) -> None:
        if seconds > 0:
            raise AssertionError(f"a replayed test tried to sleep {seconds} s")

    monkeypatch.setattr(time, "time", lambda: real_time() + LATER)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(time, "sleep", no_sleep)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=str)
def test_replay(scenario: Scenario, offline: None) -> None:
    path = scenarios.cassette_path(scenario.name)
    assert path.exists(), f"{path.name} is missing: run scripts/record_cassettes --only {scenario.name}"
    target = Target.replay()
    with scenarios.use_cassette(target, path, record_mode="none") as cassette:
        clients = Clients.build(target, replay=True)
        try:
            scenario.run(clients)
        finally:
            clients.close()
        unplayed = [req.uri for i, (req, _) in enumerate(cassette.data) if not cassette.play_counts[i]]
    assert not unplayed, f"recorded but not replayed: {unplayed[:5]}"


def test_socket_guard_blocks_real_connections(offline: None) -> None:
    with pytest.raises(NetworkBlocked):
        socket.create_connection(("127.0.0.1", 9), timeout=1)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=str)
def test_cassette_is_small_and_free_of_secrets(scenario: Scenario) -> None:
    path = scenarios.cassette_path(scenario.name)
    assert path.exists()
    assert path.stat().st_size < 300 * 1024, f"{path.name} is {path.stat().st_size} bytes"
    text = path.read_text(errors="replace")
    assert not scenarios.find_secrets(text, Target.replay().secrets())
    assert not re.search(r"127\.0\.0\.1:\d{4,5}/(decart|fal|luma|_emulator)", text), "emulator URL left in"


def test_every_scenario_has_a_cassette_and_no_cassette_is_stale() -> None:
    names = {s.name for s in SCENARIOS}
    assert len(names) == len(SCENARIOS)
    on_disk = {p.stem for p in scenarios.CASSETTES.glob("*.yaml")}
    assert on_disk == names


def test_secret_patterns_catch_keys() -> None:
    keys = Target.replay().secrets()
    assert scenarios.find_secrets("x-api-key: abc", keys)
    assert scenarios.find_secrets("Authorization: Key abcdef:123456789", keys)
    assert scenarios.find_secrets("Bearer eyJhbGciOi.payload", keys)
    assert scenarios.find_secrets(f"body {scenarios.FAKE_KEYS['luma']}", keys)
    assert not scenarios.find_secrets("content-type: application/json", keys)
