"""Secrets never leak: every public operation runs at DEBUG with canary keys, and nothing shows them.

Looked at: every log record (any logger, any level) and its formatted traceback, everything
written to stdout/stderr, the repr of every client, result and error, the journal's rows, and
the emulator's own request journal (which stores headers it saw? it must not) — for each key
and each half of the fal ``id:secret`` key.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Any

import httpx
import pytest
from scenarios import SCENARIOS, Clients, Target

import genvid
from genvid_emulator import Settings, running

CANARIES = {
    "decart": "canary-decart-7f3a9c1e",
    "fal": "canary-falid-2b8d:canary-falsecret-4e6f",
    "luma": "canary-luma-9a1c5d7e",
    "luma-agents": "canary-agents-3c5e7a9b",
}
NEEDLES = sorted({part for key in CANARIES.values() for part in (key, *key.split(":"))}, key=len, reverse=True)


def _leaks(text: str) -> list[str]:
    return [n for n in NEEDLES if n in text]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_every_operation_at_debug_leaks_no_key(scenario: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture,
                                               capfd: pytest.CaptureFixture[str]) -> None:
    caplog.set_level(logging.DEBUG)  # root: genvid, httpx, httpcore, everything
    with running(Settings(media_scale=0.02, queue_seconds=0.05, run_seconds=0.1)) as emu:
        clients = Clients.build(Target.emulator(emu.urls.root, CANARIES))
        clients.client.journal = genvid.Client(journal=tmp_path / "j.sqlite3").journal
        seen: list[str] = [repr(clients.decart), repr(clients.fal), repr(clients.luma), repr(clients.agents),
                           repr(clients.client)]
        try:
            scenario.run(clients)
        except Exception as exc:  # even a failure must not print a key
            seen += [str(exc), repr(exc)]
            raise
        finally:
            for svc in (clients.decart, clients.fal, clients.luma, clients.agents):
                seen.append(repr(svc.api()))
            clients.close()
            journal = httpx.get(emu.urls.root + "/_emulator/requests?limit=100000").text
            seen.append(journal)
    handler = logging.Formatter()
    seen += [handler.format(r) for r in caplog.records]
    out, err = capfd.readouterr()
    seen += [out, err]
    db = tmp_path / "j.sqlite3"
    if db.exists():
        with sqlite3.connect(db) as conn:
            seen += [repr(row) for row in conn.execute("SELECT * FROM jobs")]
    leaks = [(i, _leaks(text)) for i, text in enumerate(seen) if _leaks(text)]
    assert not leaks, leaks
    assert caplog.records, "DEBUG logging produced nothing: the test would prove nothing"


def test_errors_for_bad_keys_do_not_echo_them(emu: Any) -> None:
    for key in NEEDLES:
        client = genvid.Client(api_keys={"decart": key}, base_urls={"decart": emu.urls.decart},
                               retry=genvid.RetryPolicy(max_retries=1, sleep=lambda s: None))
        client.service("decart").api().get_httpx_client().headers["X-Genvid-Fault"] = "500"
        with pytest.raises(genvid.GenvidError) as info:
            client.status("decart:lucy-pro-t2v:whatever")
        assert not _leaks(str(info.value) + repr(info.value) + repr(client.service("decart")))
