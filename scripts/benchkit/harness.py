"""What every measuring script shares (``scripts/bench``, ``scripts/reliability``, ``scripts/bench_emulator``,
``scripts/bench_celery``): this checkout's code on the path, machine info, sample media, the emulator in
a process of its own, child processes that speak JSON lines, and the Markdown blocks a rerun keeps.

``python -m benchkit.harness SETTINGS_JSON`` is the emulator's process (see ``Emulator``).
"""

from __future__ import annotations

import json
import os
import struct
import sys
import time
import zlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import subprocess
    from pathlib import Path

# Only light modules at the top: a cold child (section 5) imports this module before its client, and
# subprocess, tempfile, pathlib and the like would add ~20 ms to every contender's figure.
SCRIPTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.dirname(SCRIPTS)
SOURCE_DIRS = [os.path.join(ROOT, d) for d in ("facade", "generated", "emulator")]
MiB = 1 << 20
GiB = 1 << 30
# Emulator operations that report a job's state (each one a status request of its client).
STATUS_OPS = frozenset({"queue_status", "queue_status_stream", "get_generation"})


class Failure(Exception):
    """A child or the emulator did not do what it was asked."""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- this checkout's code --------------------------------------------------------------


def use_checkout() -> None:
    """This checkout's packages first on ``sys.path``: the code measured is the code here, installed or not."""
    for d in reversed(SOURCE_DIRS):
        if d not in sys.path:
            sys.path.insert(0, d)


def child_environ(extra: Mapping[str, str] | None = None, *, pycache: str | None = None) -> dict[str, str]:
    """The environment of a child: this checkout (and ``benchkit``) first on its path.

    ``pycache``: a bytecode cache directory of the children's own (``PYTHONPYCACHEPREFIX``), so that
    imports are measured warm, as users have them, even when the caller says PYTHONDONTWRITEBYTECODE,
    and nothing is written into the checkout or site-packages.
    """
    env = dict(os.environ, **(extra or {}))
    inherited = [os.environ["PYTHONPATH"]] if os.environ.get("PYTHONPATH") else []
    env["PYTHONPATH"] = os.pathsep.join([*SOURCE_DIRS, SCRIPTS, *inherited])
    if pycache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = pycache
    return env


# --- the machine ---------------------------------------------------------------------------


def _first(path: str, prefix: str) -> str | None:
    try:
        with open(path) as f:
            return next((line.split(":", 1)[1].strip() for line in f if line.startswith(prefix)), None)
    except OSError:
        return None


def machine() -> dict[str, Any]:
    """CPU, cores, RAM, Python and OS of this machine."""
    import platform

    mem = _first("/proc/meminfo", "MemTotal:")
    return {"cpu": _first("/proc/cpuinfo", "model name") or platform.processor() or platform.machine(),
            "cores": os.cpu_count(), "ram_gib": int(mem.split()[0]) / (1 << 20) if mem else None,
            "python": platform.python_version(), "implementation": platform.python_implementation(),
            "system": platform.system(), "release": platform.release(), "os": platform.platform()}


def machine_line(m: Mapping[str, Any] | None = None) -> str:
    """One line: ``Linux 6.1, 2 cores (Xeon), 24 GiB RAM, Python 3.11.7``."""
    m = m or machine()
    ram = f", {m['ram_gib']:.0f} GiB RAM" if m.get("ram_gib") else ""
    return f"{m['system']} {m['release']}, {m['cores']} cores ({m['cpu']}){ram}, Python {m['python']}"


def rss_now() -> int:
    """This process's resident set size now, in bytes (not the peak)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def rss_peak() -> int:
    """This process's peak resident set size so far, in bytes."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def cpu_seconds() -> float:
    """User + system CPU time of this process."""
    import resource

    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


# --- sample media ------------------------------------------------------------------------------


def tiny_png(width: int = 16, height: int = 16) -> bytes:
    """A small valid PNG (a gradient), made with the standard library: every job's image or video input."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + bytes(v for x in range(width) for v in (x * 256 // width, y * 256 // height, 128))
                    for y in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def png_uri(width: int = 16, height: int = 16) -> str:
    import base64

    return "data:image/png;base64," + base64.b64encode(tiny_png(width, height)).decode()


def sparse_file(path: str | os.PathLike[str], size: int) -> str:
    """A file of ``size`` zero bytes that takes neither disk nor memory to make (an upload's source)."""
    with open(path, "wb") as f:
        f.truncate(size)
    return os.fspath(path)


# --- child processes ------------------------------------------------------------------------------


def reply(message: Mapping[str, Any]) -> None:
    """Child side: one JSON line to the parent."""
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def serve(session: Any, ready: Mapping[str, Any] | None = None) -> None:
    """Child side of ``Child``: announce ``ready``, then answer each command line with ``session(cmd)``.

    At ``{"exit": true}`` (or the end of input) the last answer is the child's peak RSS.
    """
    reply({"ready": True, **(ready or {})})
    for line in sys.stdin:
        cmd = json.loads(line)
        if cmd.get("exit"):
            break
        reply(session(cmd))
    reply({"exit": True, "maxrss": rss_peak()})


class Child:
    """A child process that speaks JSON lines on stdin/stdout (stderr kept for the error message).

    ``ready`` is its first line (sent once it is set up); ``call(cmd)`` sends one command and returns its
    answer; ``close()`` asks it to exit and returns its last line. A line that is not JSON (a library
    printing) is skipped.
    """

    def __init__(self, argv: list[str], env: Mapping[str, str], *, name: str = "", timeout: float = 300) -> None:
        import subprocess
        import tempfile

        self.name = name or " ".join(argv[-1:])
        self._err = tempfile.TemporaryFile()  # noqa: SIM115 (closed in close)
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._err,
                                     env=dict(env))
        self._buf = b""
        self.ready = self.recv(timeout)

    def __enter__(self) -> Child:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def stderr_tail(self, lines: int = 12) -> str:
        self._err.seek(0)
        return "\n  ".join(self._err.read().decode(errors="replace").strip().splitlines()[-lines:])

    def recv(self, timeout: float) -> dict[str, Any]:
        import select

        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        deadline = time.monotonic() + timeout
        while True:
            while b"\n" not in self._buf:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise Failure(f"{self.name}: no answer in {timeout:.0f} s")
                if select.select([fd], [], [], left)[0]:
                    chunk = os.read(fd, 1 << 16)
                    if not chunk:
                        self.proc.wait()
                        raise Failure(f"{self.name} failed (exit {self.proc.returncode}):\n  {self.stderr_tail()}")
                    self._buf += chunk
            line, _, self._buf = self._buf.partition(b"\n")
            try:
                answer = json.loads(line)
            except ValueError:
                continue
            if isinstance(answer, dict):
                return answer

    def send(self, cmd: Mapping[str, Any]) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write((json.dumps(cmd) + "\n").encode())
        self.proc.stdin.flush()

    def call(self, cmd: Mapping[str, Any], timeout: float = 300) -> dict[str, Any]:
        self.send(cmd)
        return self.recv(timeout)

    def kill(self) -> None:
        import signal

        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def close(self, timeout: float = 60) -> dict[str, Any]:
        """Ask the child to exit; its last line (``{}`` if it had none, or was gone)."""
        import subprocess

        last: dict[str, Any] = {}
        if self.proc.poll() is None:
            try:
                last = self.call({"exit": True}, timeout)
            except (Failure, OSError):
                pass
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None:
                stream.close()
        self._err.close()
        return last


# --- the emulator, in a process of its own ------------------------------------------------------------


class Emulator:
    """An emulator in its own process (the client under test gets the other core).

    ``settings`` are ``genvid_emulator.Settings`` fields. ``tls``: https with a self-signed certificate
    (fal_client speaks only https); ``env`` holds what ``genvid emulator`` exports for it (base URLs, keys,
    ``SSL_CERT_FILE``), for the children. ``tmpdir``: where it spools uploads (a tmpfs keeps a disk out of
    the measurement). Controlled over HTTP (``config``, ``reset``, ``requests``, ``jobs``: its public
    ``/_emulator`` API) and over a pipe for what only its own process sees (``ask``: jobs with the sha256
    of their outputs, faults injected by kind, the journal's length).
    """

    def __init__(self, settings: Mapping[str, Any] | None = None, *, tls: bool = False, log: Path | None = None,
                 tmpdir: str | None = None, pycache: str | None = None) -> None:
        self.settings = dict(settings or {})
        self.tls = tls
        self.log = log
        self.tmpdir = tmpdir
        self.pycache = pycache
        self.root = ""
        self.env: dict[str, str] = {}
        import threading

        self.proc: subprocess.Popen[str] | None = None
        self._stderr: Any = None
        self._lock = threading.Lock()
        self._http: Any = None

    def __enter__(self) -> Emulator:
        import subprocess

        # Its own log (clients killed mid-request, injected faults) goes to a file, not the figures.
        self._stderr = open(self.log, "a") if self.log is not None else subprocess.DEVNULL
        extra = {"TMPDIR": self.tmpdir} if self.tmpdir else {}
        spec = {"settings": self.settings, "tls": self.tls}
        self.proc = subprocess.Popen([sys.executable, "-m", "benchkit.harness", json.dumps(spec)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr, text=True,
                                     env=child_environ(extra, pycache=self.pycache))
        line = self.proc.stdout.readline() if self.proc.stdout else ""
        if not line:
            raise Failure("the emulator process did not start" + (f"; see {self.log}" if self.log else ""))
        started = json.loads(line)
        self.root, self.env = started["root"], started["env"]
        return self

    def __exit__(self, *exc: object) -> None:
        import subprocess

        if self._http is not None:
            self._http.close()  # an open keep-alive connection would hold up uvicorn's graceful shutdown
        if self.proc is not None:
            try:
                if self.proc.stdin is not None:
                    self.proc.stdin.write("stop\n")
                    self.proc.stdin.close()
                self.proc.wait(timeout=20)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()
        if self.log is not None and self._stderr is not None:
            self._stderr.close()

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def child_env(self, *, pycache: str | None = None) -> dict[str, str]:
        """A child's environment: this checkout on the path and this emulator's exports."""
        return child_environ(self.env, pycache=pycache)

    # --- over the pipe ---------------------------------------------------------------
    def ask(self, command: str) -> Any:
        assert self.proc is not None and self.proc.stdin is not None and self.proc.stdout is not None
        with self._lock:
            self.proc.stdin.write(command + "\n")
            self.proc.stdin.flush()
            return json.loads(self.proc.stdout.readline())

    # --- over HTTP ---------------------------------------------------------------------
    @property
    def http(self) -> Any:
        if self._http is None:
            import httpx

            self._http = httpx.Client(verify=self.env.get("SSL_CERT_FILE", True), timeout=120)
        return self._http

    def config(self, **settings: Any) -> None:
        self.http.post(self.root + "/_emulator/config", json=settings).raise_for_status()

    def reset(self) -> None:
        self.http.post(self.root + "/_emulator/reset").raise_for_status()

    def requests(self) -> list[dict[str, Any]]:
        """The request journal since the last reset (all of it: the journal's size is raised to hold it)."""
        data = self.http.get(self.root + "/_emulator/requests", params={"limit": 10_000_000}).json()
        if data["count"] >= self.settings.get("journal_size", 10_000):
            raise Failure(f"the emulator journal overflowed ({data['count']} entries)")
        return list(data["requests"])

    def jobs(self) -> dict[str, dict[str, Any]]:
        """Every job by id: phase, length, ``created_at`` and ``finished_at`` (Unix times)."""
        return {j["id"]: j for j in self.http.get(self.root + "/_emulator/jobs").json()["jobs"]}

    def cpu_seconds(self) -> float:
        """The emulator process's CPU time so far (user + system)."""
        with open(f"/proc/{self.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class CpuSampler:
    """The emulator's CPU time, sampled every 50 ms from now until ``stop()``: how busy the server was while a
    client did something, over any span found afterwards (``share``)."""

    def __init__(self, emu: Emulator) -> None:
        import threading

        self.samples: list[tuple[float, float]] = []
        self._stop = threading.Event()

        def loop() -> None:
            while not self._stop.is_set():
                self.samples.append((time.time(), emu.cpu_seconds()))
                self._stop.wait(0.05)

        self._thread = threading.Thread(target=loop, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def share(self, t0: float, t1: float) -> float | None:
        """The emulator's CPU over [t0, t1] (Unix times), in cores; None for a span too short to tell."""
        inside = [s for s in self.samples if t0 <= s[0] <= t1]
        if len(inside) < 2 or inside[-1][0] <= inside[0][0]:
            return None
        (a, ca), (b, cb) = inside[0], inside[-1]
        return (cb - ca) / (b - a)


def _primary_blob(job: Any) -> str | None:
    """The emulator's blob id of the output a client downloads for this job."""
    extra = job.extra
    if extra.get("blob"):
        return str(extra["blob"])  # decart, fal
    outputs = extra.get("outputs")
    if outputs:
        return str(outputs[0]["blob"])  # luma-agents: output[0]
    found = extra.get("video") or extra.get("image")  # luma: assets.video (assets.image for images)
    return str(found) if found else None


def _serve_emulator(spec: Mapping[str, Any]) -> int:
    """The emulator's process: print its root and exports, then answer 'jobs' / 'faults' / 'requests' / 'stop'."""
    import collections

    use_checkout()
    from genvid_emulator import Settings, running

    settings = Settings(**spec["settings"])
    settings.fault_kinds = tuple(settings.fault_kinds)
    counts: collections.Counter[str] = collections.Counter()
    with running(settings, tls=spec.get("tls", False)) as emu:
        app = emu.emulator
        draw = app.fault_plan.draw

        def counting_draw(*, is_job_submit: bool, is_download: bool) -> Any:
            faults = draw(is_job_submit=is_job_submit, is_download=is_download)
            for kind in faults.kinds:
                # A download honours only 'truncate'; other kinds drawn for it have no effect.
                if not is_download or kind == "truncate":
                    counts[kind] += 1
            return faults

        app.fault_plan.draw = counting_draw  # type: ignore[method-assign]
        print(json.dumps({"root": emu.urls.root, "env": emu.urls.env(settings.api_key or "emulator-key")}),
              flush=True)
        for line in sys.stdin:
            command = line.strip()
            if command == "stop":
                break
            answer: Any
            if command == "jobs":
                answer = [_job_row(app, job) for job in app.jobs.all()]
            elif command == "faults":
                answer = dict(counts)
            elif command == "requests":
                answer = len(app.journal)
            else:
                answer = {"error": f"unknown command {command!r}"}
            print(json.dumps(answer), flush=True)
    return 0


def _job_row(app: Any, job: Any) -> dict[str, Any]:
    phase = job.phase(app.clock.now())
    sha = None
    blob_id = _primary_blob(job)
    if phase == "done" and blob_id:
        blob = app.blobs.get(blob_id)
        sha = blob.sha256() if blob is not None else None
    prompt = job.inputs.get("prompt") if isinstance(job.inputs, dict) else None
    return {"id": job.id, "service": job.service, "model": job.model, "prompt": prompt, "phase": phase,
            "outcome": job.outcome, "sha256": sha}


# --- Markdown blocks a rerun keeps or rewrites ---------------------------------------------------------


def block(text: str, name: str) -> str | None:
    """The span ``<!-- name -->`` ... ``<!-- /name -->`` of ``text`` (markers included), or None."""
    start, end = f"<!-- {name} -->", f"<!-- /{name} -->"
    if start not in text or end not in text:
        return None
    i = text.index(start)
    return text[i:text.index(end, i) + len(end)]


def put_block(text: str, name: str, body: str, *, append: bool = True) -> str:
    """``text`` with the block ``name`` holding ``body``: replaced where it is, else appended (or, without
    ``append``, a KeyError: a document that lost its markers is not silently extended)."""
    new = f"<!-- {name} -->\n{body.strip()}\n<!-- /{name} -->"
    old = block(text, name)
    if old is None:
        if not append:
            raise KeyError(f"no <!-- {name} --> ... <!-- /{name} --> block")
        return text.rstrip("\n") + "\n\n" + new + "\n"
    return text.replace(old, new, 1)


if __name__ == "__main__":
    sys.exit(_serve_emulator(json.loads(sys.argv[1])))
