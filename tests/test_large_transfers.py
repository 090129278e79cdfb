"""1 GiB up and down in bounded memory: the client process's peak RSS is measured in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

GiB = 1024**3
BUDGET = 96 * 1024 * 1024  # peak RSS growth allowed over the client's own baseline

CLIENT = textwrap.dedent(
    """
    import json, resource, sys, time
    import genvid
    from pathlib import Path

    def rss() -> int:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

    root, src, dst, size = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    d = genvid.Decart(api_key="k", base_url=root + "/decart")
    d.api()  # build the client before the baseline
    import genvid._decart, genvid._results, genvid._waiting  # noqa: F401
    base = rss()
    t0 = time.monotonic()
    http = d.api().get_httpx_client()
    http.headers["X-Genvid-Output-Size"] = str(size)
    job = d._submit(d._prepare("lucy-2.6", {"prompt": "big", "video": Path(src)}))
    up = time.monotonic() - t0
    client = genvid.Client(api_keys={"decart": "k"}, base_urls={"decart": root + "/decart"})
    result = client.wait(job, timeout=300)
    t1 = time.monotonic()
    path = result.save(dst)
    down = time.monotonic() - t1
    print(json.dumps({"baseline": base, "peak": rss(), "bytes": Path(dst).stat().st_size,
                      "upload_s": up, "download_s": down}))
    """
)


@pytest.mark.slow
def test_one_gib_upload_and_download_in_bounded_memory(emu: Any, tmp_path: Path) -> None:
    src = tmp_path / "input.mp4"
    with open(src, "wb") as f:  # sparse: no disk or memory cost to create
        f.truncate(GiB)
    dst = tmp_path / "output.mp4"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    proc = subprocess.run([sys.executable, "-c", CLIENT, emu.urls.root, str(src), str(dst), str(GiB)],
                          capture_output=True, text=True, timeout=600, env=env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["bytes"] == GiB
    growth = report["peak"] - report["baseline"]
    assert growth < BUDGET, f"client RSS grew by {growth / 2**20:.0f} MiB moving 2 GiB"
    # the padded output is still a well-formed, playable MP4: real boxes, then one "free" box
    import struct

    from genvid_emulator._media import probe

    boxes = []
    with open(dst, "rb") as f:
        offset = 0
        while offset < GiB:
            f.seek(offset)
            size, kind = struct.unpack(">I4s", f.read(8))
            boxes.append((kind, offset))
            assert size >= 8
            offset += size
        assert offset == GiB
        assert boxes[0][0] == b"ftyp" and boxes[-1][0] == b"free"
        f.seek(0)
        media = f.read(boxes[-1][1])
    assert probe(media)["codec"] == "h264"
