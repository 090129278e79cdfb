"""The Flask example's page in a real browser: type a prompt, Generate, watch, play the video.

The app is served by werkzeug on 127.0.0.1 against an in-process emulator, and Debian's
Chromium runs headless on ``/?prompt=...&autostart=1`` (the page submits on load). The test
reads the page's state through the Chrome DevTools Protocol over ``--remote-debugging-pipe``
(JSON messages on file descriptors 3 and 4, so no websocket library is needed), in real time.
(``--dump-dom`` with ``--virtual-time-budget`` was tried first: virtual time runs out while the
media pipeline is still decoding, so the dumped state was "loading" in most runs.)

The video element only reaches ``data-state="completed"`` on ``loadeddata``: the browser
fetched the MP4 from ``/jobs/<id>/video``, parsed it and decoded its first frame.
Skipped when Chromium is not installed (``apt-get install chromium``).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

import genvid

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "flask_app"
PROMPT = "A red fox crossing a snowy field"
DEADLINE = 30.0  # seconds for the whole page flow


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None


CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium); "
                                                          "the browser test needs a real browser")


# --- the app, served for real ------------------------------------------------------------


@pytest.fixture(scope="module")
def served(emu: Any) -> Iterator[str]:
    pytest.importorskip("flask")
    from werkzeug.serving import make_server

    if str(EXAMPLE) not in sys.path:
        sys.path.insert(0, str(EXAMPLE))
    from app import create_app

    app = create_app(genvid.Client(emulator=emu.urls.root), GENVID_CALLBACK_SECRET="browser-test-secret")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    base = f"http://127.0.0.1:{server.server_port}"
    app.config["GENVID_PUBLIC_URL"] = base  # Luma jobs get a callback URL to this server
    thread = threading.Thread(target=server.serve_forever, name="flask-example", daemon=True)
    thread.start()
    try:
        yield base
    finally:
        server.shutdown()
        thread.join(5)


# --- a minimal Chrome DevTools Protocol client over --remote-debugging-pipe ----------------


def _high_fd(fd: int) -> int:
    """A copy of ``fd`` numbered 10 or more (so it cannot collide with 3 and 4), inheritable."""
    high = fcntl.fcntl(fd, fcntl.F_DUPFD, 10)
    os.close(fd)
    os.set_inheritable(high, True)
    return high


class Browser:
    """Chromium headless, driven through CDP messages (NUL-terminated JSON) on fds 3 and 4."""

    def __init__(self, executable: str, url: str, profile: str) -> None:
        to_r, to_w = os.pipe()
        from_r, from_w = os.pipe()
        to_r, from_w = _high_fd(to_r), _high_fd(from_w)
        flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--mute-audio",
                 "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--remote-debugging-pipe", url]
        # A tiny trampoline moves the pipe ends to fds 3 (commands in) and 4 (messages out).
        trampoline = ("import os, sys; os.dup2(int(sys.argv[1]), 3); os.dup2(int(sys.argv[2]), 4); "
                      "os.execv(sys.argv[3], sys.argv[3:])")
        self.proc = subprocess.Popen([sys.executable, "-c", trampoline, str(to_r), str(from_w), executable, *flags],
                                     pass_fds=(to_r, from_w), stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        os.close(to_r)
        os.close(from_w)
        self._out = to_w
        self._in = os.fdopen(from_r, "rb", buffering=0)
        self._messages: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._next_id = 0
        self.stderr = b""
        threading.Thread(target=self._read, name="cdp-reader", daemon=True).start()
        threading.Thread(target=self._drain_stderr, daemon=True).start()

    def _read(self) -> None:
        buffer = b""
        while chunk := self._in.read(65536):
            buffer += chunk
            *messages, buffer = buffer.split(b"\0")
            for raw in messages:
                self._messages.put(json.loads(raw))
        self._messages.put(None)

    def _drain_stderr(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            if b"dbus" not in line.lower():
                self.stderr = (self.stderr + line)[-4000:]

    def send(self, method: str, params: dict[str, Any] | None = None, *, session: str | None = None,
             timeout: float = 10.0) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._out, json.dumps(message).encode() + b"\0")
        end = time.monotonic() + timeout
        while True:
            try:
                reply = self._messages.get(timeout=max(0.01, end - time.monotonic()))
            except queue.Empty:
                raise TimeoutError(f"no answer to {method} within {timeout} s") from None
            if reply is None:
                raise RuntimeError(f"Chromium exited: {self.stderr.decode(errors='replace')}")
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result

    def page_session(self, timeout: float = 15.0) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            pages = [t for t in self.send("Target.getTargets")["targetInfos"] if t["type"] == "page"]
            if pages:
                attached = self.send("Target.attachToTarget", {"targetId": pages[0]["targetId"], "flatten": True})
                return str(attached["sessionId"])
            time.sleep(0.1)
        raise TimeoutError("Chromium opened no page")

    def evaluate(self, session: str, expression: str) -> Any:
        """The value of ``expression`` in the page; None while the page is (re)loading."""
        try:
            reply = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True},
                              session=session)
        except RuntimeError as exc:
            if "execution context" in str(exc).lower():  # "Cannot find default execution context"
                return None
            raise
        if "exceptionDetails" in reply:
            raise RuntimeError(f"page script failed: {reply['exceptionDetails']}")
        return reply["result"].get("value")

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.send("Browser.close", timeout=5)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)
        with contextlib.suppress(OSError):
            os.close(self._out)
        self._in.close()


PAGE_STATE = """(() => {
  const $ = (id) => document.getElementById(id);
  if (!$("status") || !$("video")) return null;  // the page has not loaded yet
  return JSON.stringify({
    status: $("status").dataset.state,
    text: $("status").textContent,
    jobId: $("status").dataset.jobId || null,
    prompt: $("prompt").value,
    model: $("model").value,
    video: Object.assign({}, $("video").dataset),
    src: $("video").getAttribute("src"),
  });
})()"""


def test_page_generates_and_plays_the_video(served: str, emu: Any) -> None:
    base = served
    assert CHROMIUM is not None
    url = base + "/?" + urllib.parse.urlencode({"prompt": PROMPT, "model": "luma:ray-2", "autostart": "1"})
    seen: list[str] = []
    with tempfile.TemporaryDirectory(prefix="genvid-chromium-", ignore_cleanup_errors=True) as profile:
        browser = Browser(CHROMIUM, url, profile)
        try:
            session = browser.page_session()
            end = time.monotonic() + DEADLINE
            state: dict[str, Any] = {}
            while time.monotonic() < end:
                raw = browser.evaluate(session, PAGE_STATE)
                if raw is None:
                    time.sleep(0.05)
                    continue
                state = json.loads(raw)
                if not seen or seen[-1] != state["status"]:
                    seen.append(state["status"])
                if state["video"].get("state") in ("completed", "error") or state["status"] in ("failed", "error"):
                    break
                time.sleep(0.1)
        finally:
            browser.close()

    assert state.get("video", {}).get("state") == "completed", (state, seen, browser.stderr[-2000:])
    # The page submitted what it was given and polled the job through to the end.
    assert state["prompt"] == PROMPT and state["model"] == "luma:ray-2"
    assert "queued" in seen and seen[-1] == "completed", seen
    job_id = state["jobId"]
    assert job_id.startswith("luma:ray-2:")
    assert state["src"] == "jobs/" + urllib.parse.quote(job_id, safe="") + "/video"  # encodeURIComponent
    # The browser decoded the MP4: it knows its size and duration and drew its first frame.
    video = state["video"]
    assert int(video["width"]) > 0 and int(video["height"]) > 0 and float(video["duration"]) > 0
    assert len(video["frame"].split(",")) == 3, video
    # The generation the page asked for carries the typed prompt.
    request_id = job_id.rsplit(":", 1)[1]
    generation = genvid.Luma("emulator-key", base_url=emu.urls.luma).generations.get(request_id)
    assert generation.state == "completed" and generation.request.to_dict().get("prompt") == PROMPT
    # ...and Luma told the app through its token-protected callback URL.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        deliveries = httpx.get(base + "/deliveries", timeout=10).json()
        if any(d["source"] == "luma" and d["request_id"] == request_id and d["status"] == "completed"
               for d in deliveries):
            break
        time.sleep(0.1)
    else:
        pytest.fail(f"no completed Luma callback for {request_id}: {deliveries}")
