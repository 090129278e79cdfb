"""Client.submit_all: many submits in flight from one call, each journaled and sent once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

import genvid


def _submits(emu: Any) -> int:
    journal = httpx.get(emu.urls.root + "/_emulator/requests?limit=100000").json()["requests"]
    return sum(1 for e in journal if e["method"] == "POST")


def test_submit_all_keeps_order_and_journals_each_once(emu: Any, tmp_path: Path) -> None:
    client = genvid.Client(emulator=emu.urls.root, journal=tmp_path / "j.sqlite3")
    httpx.post(emu.urls.root + "/_emulator/reset")
    requests = [("luma:ray-flash-2", {"prompt": f"wave {n}"}) for n in range(24)]
    submitted = client.submit_all(requests, concurrency=6, save_to=[tmp_path / f"{n}.mp4" for n in range(24)])
    assert [s.index for s in submitted] == list(range(24)) and all(s.ok for s in submitted)
    assert _submits(emu) == 24  # one POST per job
    assert client.journal is not None
    rows = client.journal.entries()
    assert len(rows) == 24 and {r.state for r in rows} == {"submitted"}
    assert {r.job_id for r in rows} == {s.job.id for s in submitted if s.job}
    outcomes = client.wait_all([s.job for s in submitted if s.job], timeout=60)
    assert all(o.ok for o in outcomes)
    assert len(client.resume(timeout=60)) == 24 and len(list(tmp_path.glob("*.mp4"))) == 24


def test_one_bad_input_sends_nothing(emu: Any) -> None:
    client = genvid.Client(emulator=emu.urls.root)
    httpx.post(emu.urls.root + "/_emulator/reset")
    requests = [("luma:ray-flash-2", {"prompt": "fine"})] * 5 + [("luma:ray-flash-2", {"prompt": "a lake", "loop": "yes"})]
    with pytest.raises(genvid.InvalidInput) as info:
        client.submit_all(requests)
    assert info.value.field == "loop"
    assert _submits(emu) == 0


def test_a_refused_submit_is_its_own_outcome(emu: Any) -> None:
    client = genvid.Client(emulator=emu.urls.root, retry=genvid.RetryPolicy(max_retries=0))
    client.service("luma").api().get_httpx_client().headers["X-Genvid-Fault"] = "500"
    submitted = client.submit_all([("luma:ray-flash-2", {"prompt": "a lake"}), ("luma:ray-flash-2", {"prompt": "a sea"})])
    assert [s.ok for s in submitted] == [False, False]
    assert all(isinstance(s.error, genvid.GenvidError) and s.job is None for s in submitted)


@pytest.mark.parametrize("bad", [0, 65, 2.5, True])
def test_concurrency_is_checked(emu: Any, bad: Any) -> None:
    with pytest.raises(genvid.InvalidInput) as info:
        genvid.Client(emulator=emu.urls.root).submit_all([], concurrency=bad)
    assert info.value.field == "concurrency"
