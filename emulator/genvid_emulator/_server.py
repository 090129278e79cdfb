"""Serving the emulator: uvicorn on loopback, in-process or from the command line.

uvicorn (with uvloop and httptools from ``uvicorn[standard]``) is the server: a
production ASGI server that handles keep-alive, TLS and streaming correctly, and
sustains several thousand small requests per second per core, so the emulator is
never the bottleneck of a client benchmark.
"""

from __future__ import annotations

import contextlib
import datetime
import ipaddress
import json
import logging
import os
import shlex
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import uvicorn

from ._app import Emulator, Settings
from ._faults import InjectedDisconnect


@dataclass(frozen=True)
class EmulatorURLs:
    """Where each emulated service lives, for one running emulator (from genvid's provider table).

    ``urls.decart``, ``urls.luma``, ``urls.luma_agents``: each service's base URL;
    ``urls.fal_queue``, ``urls.fal_run``, ``urls.fal_rest``, ``urls.fal_cdn``: one of its hosts.
    """

    root: str
    cert_file: str | None = None
    """The emulator's self-signed certificate (``--tls``)."""
    ca_bundle: str | None = None
    """The system's CA certificates plus the emulator's: what ``SSL_CERT_FILE`` is set to."""

    def __getattr__(self, name: str) -> str:
        from genvid._providers import PROVIDERS

        for row in PROVIDERS:
            attr = row.name.replace("-", "_")
            if name == attr:
                return row.emulator_url(self.root)
            if name.startswith(attr + "_") and name[len(attr) + 1:] in row.emulator_mounts:
                return row.emulator_url(self.root, name[len(attr) + 1:])
        raise AttributeError(f"{type(self).__name__} has no URL {name!r}")

    def base_url(self, provider: str) -> str:
        """The base URL of ``provider`` (``luma-agents``) here."""
        from genvid._providers import provider as row

        return row(provider).emulator_url(self.root)

    @property
    def host_port(self) -> str:
        return self.root.split("://", 1)[1]

    def env(self, api_key: str = "emulator-key") -> dict[str, str]:
        """Environment variables that point genvid and every official SDK here."""
        from genvid._providers import emulator_env

        env = emulator_env(self.root, api_key)
        env["GENVID_FAL_JWKS_URL"] = self.fal_rest + "/.well-known/jwks.json"  # verify_fal trusts this emulator
        if self.cert_file:  # the whole system store stays trusted in that shell, plus this emulator
            env["SSL_CERT_FILE"] = self.ca_bundle or self.cert_file
        return env


class _DropInjected(logging.Filter):
    """Injected disconnects are the point, not errors worth a traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, InjectedDisconnect)


def write_self_signed_cert(directory: str | os.PathLike[str], hosts: tuple[str, ...] = ("localhost", "127.0.0.1")
                           ) -> tuple[str, str]:
    """Write ``cert.pem`` and ``key.pem`` for the given hosts; returns their paths."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    names: list[x509.GeneralName] = []
    for h in hosts:
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(h)))
        except ValueError:
            names.append(x509.DNSName(h))
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "genvid emulator")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    cert_path, key_path = d / "cert.pem", d / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                          serialization.NoEncryption())
    )
    os.chmod(key_path, 0o600)
    return str(cert_path), str(key_path)


def write_ca_bundle(cert_file: str, directory: str | os.PathLike[str]) -> str:
    """``ca-bundle.pem``: the system's CA certificates (or certifi's) followed by ``cert_file``.

    Exported as ``SSL_CERT_FILE``, it adds the emulator to what a shell trusts instead of replacing the
    system store (which would break every other HTTPS client run from that shell).
    """
    import ssl

    system: str | None = ssl.get_default_verify_paths().cafile
    if not system or not os.path.exists(system):
        try:
            import certifi

            system = certifi.where()
        except ImportError:  # pragma: no cover - httpx depends on certifi
            system = None
    bundle = Path(directory) / "ca-bundle.pem"
    base = Path(system).read_bytes().rstrip() + b"\n" if system else b""
    bundle.write_bytes(base + Path(cert_file).read_bytes())
    return str(bundle)


def _tls(cert_dir: str | None) -> tuple[tuple[str, str], str]:
    """((cert, key), CA bundle) written in ``cert_dir``."""
    directory = cert_dir or os.path.join(tempfile.gettempdir(), "genvid-emulator-tls")
    cert = write_self_signed_cert(directory)
    return cert, write_ca_bundle(cert[0], directory)


def _config(emulator: Emulator, tls: tuple[str, str] | None, access_log: bool) -> uvicorn.Config:
    logging.getLogger("uvicorn.error").addFilter(_DropInjected())
    return uvicorn.Config(
        emulator,
        lifespan="on",
        log_level="warning",
        access_log=access_log,
        ssl_certfile=tls[0] if tls else None,
        ssl_keyfile=tls[1] if tls else None,
        timeout_keep_alive=30,
        limit_concurrency=None,
        backlog=2048,
    )


def bind(host: str, port: int) -> socket.socket:
    """A listening socket (port 0 picks a free port)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


class RunningEmulator:
    """An emulator serving in a background thread of this process."""

    def __init__(self, emulator: Emulator, urls: EmulatorURLs, server: uvicorn.Server,
                 thread: threading.Thread) -> None:
        self.emulator = emulator
        self.urls = urls
        self._server = server
        self._thread = thread

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self.emulator.blobs.close()


@contextlib.contextmanager
def running(settings: Settings | None = None, *, host: str = "127.0.0.1", port: int = 0, tls: bool = False,
            cert_dir: str | None = None) -> Iterator[RunningEmulator]:
    """Start an emulator on a free port for the duration of a ``with`` block.

    >>> with running() as emu:
    ...     emu.urls.decart   # 'http://127.0.0.1:PORT/decart'
    """
    emulator = Emulator(settings)
    sock = bind(host, port)
    actual_port = sock.getsockname()[1]
    tmp: tempfile.TemporaryDirectory[str] | None = None
    cert, bundle = None, None
    if tls:
        if cert_dir is None:
            tmp = tempfile.TemporaryDirectory(prefix="genvid-emulator-tls-")
            cert_dir = tmp.name
        cert, bundle = _tls(cert_dir)
    server = uvicorn.Server(_config(emulator, cert, access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True,
                              name=f"genvid-emulator-{actual_port}")
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the emulator failed to start")
        time.sleep(0.01)
    scheme = "https" if tls else "http"
    display_host = f"[{host}]" if ":" in host else host
    urls = EmulatorURLs(f"{scheme}://{display_host}:{actual_port}", cert[0] if cert else None, bundle)
    handle = RunningEmulator(emulator, urls, server, thread)
    try:
        yield handle
    finally:
        handle.stop()
        sock.close()
        if tmp is not None:
            tmp.cleanup()


def serve_forever(settings: Settings, *, host: str, port: int, tls: bool, cert_dir: str | None,
                  access_log: bool = False, output: str = "text") -> None:
    """Serve in the foreground until interrupted (the ``genvid emulator`` command).

    ``output`` is how the exports are printed: ``text`` (commented), ``quiet`` (only the export
    lines, for ``eval`` or ``source``) or ``json`` (one object).
    """
    emulator = Emulator(settings)
    sock = bind(host, port)
    actual_port = sock.getsockname()[1]
    cert, bundle = _tls(cert_dir) if tls else (None, None)
    scheme = "https" if tls else "http"
    display_host = f"[{host}]" if ":" in host else host
    urls = EmulatorURLs(f"{scheme}://{display_host}:{actual_port}", cert[0] if cert else None, bundle)
    env = urls.env(settings.api_key or "emulator-key")
    if output == "json":
        print(json.dumps({"root": urls.root, "cert_file": urls.cert_file, "env": env}), flush=True)
    else:
        if output == "text":
            print(f"# genvid emulator serving at {urls.root}  (Ctrl-C to stop)")
            if cert:
                print(f"# self-signed TLS certificate: {cert[0]}; SSL_CERT_FILE adds it to the system's CAs")
            print("# paste these lines into your shell to point genvid and the official SDKs here:")
        for k, v in env.items():
            print(f"export {k}={shlex.quote(v)}")
        print(flush=True)
    server = uvicorn.Server(_config(emulator, cert, access_log))
    try:
        server.run(sockets=[sock])
    finally:
        emulator.blobs.close()
