"""genvid against a hostile or broken server (issue 12): nothing hangs, nothing bloats, nothing corrupts.

Every case runs one public call against ``hostile_server.HostileServer`` (raw sockets on
127.0.0.1) misbehaving at one phase of one service, and asserts the same four things: a
``GenvidError`` subclass, within the call's timeout plus 2 s, a peak RSS growth of at most
64 MiB, and no API key anywhere in the error or the journal; no wrong bytes ever sit under the
final file name. The numbered sections follow the issue's items.
"""

from __future__ import annotations

import base64
import hashlib
import math
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hostile_server import (
    KEYS,
    MEDIA,
    MODELS,
    PREFIX,
    Behaviour,
    HostileServer,
    Outcome,
    Script,
    answer,
    bad_gzip,
    close_delimited,
    cut_then,
    deep_json,
    echo_key,
    gzip_bomb,
    huge,
    keep_alive,
    leaked,
    measure,
    normal,
    partial,
    redirect,
    retry_after,
    running_first,
    silence,
    texts_of,
    trickle,
    trickle_headers,
)

import genvid
from genvid import webhooks

CALL = 1.0  # the timeout each timed call is given (seconds)
SLACK = 2.0
RSS_LIMIT = 64 << 20
PHASES = {"decart": ("submit", "status", "download"), "fal": ("submit", "stream", "status", "result", "download"),
          "luma": ("submit", "status", "download"), "luma-agents": ("submit", "status", "download")}
API_PHASES = {s: tuple(p for p in ps if p not in ("download", "stream")) for s, ps in PHASES.items()}
NO_STREAM = answer(404, {"detail": "no stream"})


@pytest.fixture(scope="module")
def server() -> Iterator[HostileServer]:
    s = HostileServer()
    yield s
    s.close()


@dataclass
class Case:
    """One misbehaviour at one phase of one service, and the call that meets it."""

    service: str
    phase: str
    behaviour: Behaviour
    script: Script = field(default_factory=Script)
    budget: float = CALL
    expect: type[BaseException] = genvid.GenvidError


def make_client(server: HostileServer, tmp: Path, *, timeout: float = 5.0, **options: Any) -> genvid.Client:
    return genvid.Client(api_keys=KEYS, base_urls={k: server.url + v for k, v in PREFIX.items()},
                         retry=genvid.RetryPolicy(max_retries=2, backoff=0.05, max_backoff=0.1),
                         timeout=timeout, journal=tmp / "journal.sqlite3", **options)


def journal_rows(tmp: Path) -> list[str]:
    db = tmp / "journal.sqlite3"
    if not db.exists():
        return []
    with sqlite3.connect(db) as conn:
        return [repr(row) for row in conn.execute("SELECT * FROM jobs")]


def check(outcome: Outcome, *, budget: float, tmp: Path, target: Path | None = None,
          expect: type[BaseException] = genvid.GenvidError) -> BaseException:
    """The four assertions every case makes (and the fifth, for a case with a file)."""
    assert outcome.error is not None, "the call succeeded against a hostile server"
    assert isinstance(outcome.error, expect), f"{type(outcome.error).__name__}: {outcome.error}"
    assert isinstance(outcome.error, genvid.GenvidError)
    assert outcome.seconds <= budget + SLACK, f"took {outcome.seconds:.1f} s for a {budget} s timeout"
    if outcome.rss_growth is not None:
        assert outcome.rss_growth <= RSS_LIMIT, f"peak RSS grew {outcome.rss_growth >> 20} MiB"
    assert not leaked([*texts_of(outcome.error), *journal_rows(tmp)])
    if target is not None:
        assert not target.exists() or target.read_bytes() == MEDIA, "wrong bytes under the final name"
    return outcome.error


def run_case(case: Case, server: HostileServer, tmp: Path) -> BaseException:
    """``generate(..., timeout=, save_to=)``: submit, status (or stream), result and download."""
    overrides = {case.phase: case.behaviour}
    if case.service == "fal" and case.phase == "status":
        overrides["stream"] = NO_STREAM
    if case.service == "fal" and case.phase == "stream":
        overrides["status"] = running_first  # a job done at the first look never opens the stream
    server.serve(overrides, case.script)
    target = tmp / "out.mp4"
    with make_client(server, tmp) as client:
        outcome = measure(lambda: client.generate(MODELS[case.service], prompt="a lake", timeout=case.budget,
                                                  save_to=target))
    return check(outcome, budget=case.budget, tmp=tmp, target=target, expect=case.expect)


def matrix(phases: dict[str, tuple[str, ...]], behaviours: dict[str, Callable[[], Behaviour]],
           **options: Any) -> list[Any]:
    return [pytest.param(Case(svc, phase, make(), **options), id=f"{svc}-{phase}-{name}")
            for name, make in behaviours.items() for svc, ps in phases.items() for phase in ps]


# === 1 + 2. Every call returns by its timeout, whatever the server does =========================

SLOW = {"trickle": trickle, "trickle-headers": trickle_headers, "silence": lambda: silence}
SLOW_MEDIA = {**SLOW, "trickle": lambda: trickle(kind="video/mp4")}


@pytest.mark.parametrize("case", matrix(API_PHASES | {"fal": PHASES["fal"][:-1]}, SLOW)
                         + matrix({s: ("download",) for s in PHASES}, SLOW_MEDIA))
def test_slow_servers_meet_the_deadline(case: Case, server: HostileServer, tmp_path: Path) -> None:
    run_case(case, server, tmp_path)


def test_fal_keep_alives_only_meet_the_deadline(server: HostileServer, tmp_path: Path) -> None:
    """Item 1: a status stream of keep-alive comments (the emulator's hang fault) must not outlive wait()."""
    error = run_case(Case("fal", "stream", keep_alive(), expect=genvid.DeadlineExceeded), server, tmp_path)
    assert isinstance(error, genvid.DeadlineExceeded)


@pytest.mark.parametrize("entry", ["wait", "subscribe", "handle.get", "wait_all"])
def test_fal_keep_alives_every_waiting_entry_point(entry: str, server: HostileServer, tmp_path: Path) -> None:
    server.serve({"stream": keep_alive(), "status": answer(202, {"status": "IN_PROGRESS", "logs": None})})
    fal = genvid.Fal(api_key=KEYS["fal"], base_url=server.url + "/fal")
    calls: dict[str, Callable[[], object]] = {
        "wait": lambda: genvid.Client(api_keys=KEYS, base_urls={"fal": server.url + "/fal"}).wait(
            "fal:hostile/app:req-1", timeout=CALL),
        "subscribe": lambda: fal.subscribe("hostile/app", {"prompt": "a lake"}, client_timeout=CALL),
        "handle.get": lambda: fal.submit("hostile/app", {"prompt": "a lake"}).get(timeout=CALL),
        "wait_all": lambda: _raise_first(genvid.Client(api_keys=KEYS, base_urls={"fal": server.url + "/fal"})
                                         .wait_all(["fal:hostile/app:req-1"], timeout=CALL)),
    }
    check(measure(calls[entry]), budget=CALL, tmp=tmp_path, expect=genvid.DeadlineExceeded)


def test_fal_keep_alives_without_a_deadline_are_looked_past(server: HostileServer, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """With no timeout at all, a stream that only keeps itself alive is left after STREAM_IDLE for one
    plain look, which finds the job done."""
    import genvid._fal

    monkeypatch.setattr(genvid._fal, "STREAM_IDLE", 0.5)
    server.serve({"stream": keep_alive(), "status": running_first})
    client = make_client(server, tmp_path)
    outcome = measure(lambda: client.wait("fal:hostile/app:req-1", timeout=None).read())
    assert outcome.error is None and outcome.seconds < 0.5 + SLACK
    assert server.phases()[:3] == ["status", "stream", "status"]  # look, listen, look


def test_fal_a_quiet_stream_on_a_long_job_is_reopened_not_polled(server: HostileServer, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """fal may send nothing while a long job runs: after the idle limit the wait looks once and listens
    again, so the end is still pushed (one request per idle period, not a poll schedule)."""
    import genvid._fal

    monkeypatch.setattr(genvid._fal, "STREAM_IDLE", 0.3)
    quiet = keep_alive()

    def stream(req: Any, conn: Any, srv: HostileServer) -> bool:  # quiet twice, then the end is pushed
        return (quiet if srv.phases().count("stream") <= 2 else normal)(req, conn, srv)

    def status(req: Any, conn: Any, srv: HostileServer) -> bool:  # running at every look
        return answer(202, {"status": "IN_PROGRESS", "request_id": "req-1", "logs": None})(req, conn, srv)

    server.serve({"stream": stream, "status": status})
    outcome = measure(lambda: make_client(server, tmp_path).wait("fal:hostile/app:req-1", timeout=10).read())
    assert outcome.error is None
    assert server.phases()[:6] == ["status", "stream", "status", "stream", "status", "stream"]
    assert server.phases().count("status") == 3  # never polled on a schedule


def test_fal_a_job_done_at_the_first_look_opens_no_stream(server: HostileServer, tmp_path: Path) -> None:
    """The first look is a plain status request: a job already done costs it alone, never a stream."""
    server.serve({"stream": silence})
    outcome = measure(lambda: make_client(server, tmp_path).wait("fal:hostile/app:req-1", timeout=CALL).read())
    assert outcome.error is None and outcome.seconds < CALL
    assert server.phases() == ["status", "result", "download"]


def _raise_first(outcomes: list[genvid.JobOutcome]) -> None:
    for outcome in outcomes:
        if outcome.error is not None:
            raise outcome.error


@pytest.mark.parametrize("behaviour", list(SLOW))
@pytest.mark.parametrize("service", ["decart", "fal"])
def test_synchronous_routes_meet_the_deadline(service: str, behaviour: str, server: HostileServer,
                                              tmp_path: Path) -> None:
    """``generate`` of a Decart image model (Process) and ``Fal.run`` honour their timeouts."""
    server.serve({"run": SLOW[behaviour]()})
    client = make_client(server, tmp_path)
    fal = genvid.Fal(api_key=KEYS["fal"], base_url=server.url + "/fal", run_url=server.url + "/falrun")
    call: Callable[[], object] = (lambda: client.generate("decart:lucy-pro-t2i", prompt="a lake", timeout=CALL)) \
        if service == "decart" else (lambda: fal.run("hostile/app", {"prompt": "a lake"}, timeout=CALL))
    check(measure(call), budget=CALL, tmp=tmp_path)


@pytest.mark.parametrize("behaviour", list(SLOW))
def test_client_timeout_bounds_a_whole_request(behaviour: str, server: HostileServer, tmp_path: Path) -> None:
    """``Client(timeout=)`` is the limit of each request: a trickled submit answer cannot hold it."""
    server.serve({"submit": SLOW[behaviour]()})
    client = make_client(server, tmp_path, timeout=CALL)
    check(measure(lambda: client.submit("luma:ray-2", prompt="a lake")), budget=CALL, tmp=tmp_path)


@pytest.mark.parametrize("behaviour", list(SLOW))
def test_save_has_a_deadline(behaviour: str, server: HostileServer, tmp_path: Path) -> None:
    server.serve()
    result = make_client(server, tmp_path).generate("luma:ray-2", prompt="a lake", timeout=5)
    server.serve({"download": SLOW_MEDIA[behaviour]()})
    target = tmp_path / "slow.mp4"
    check(measure(lambda: result.save(target, timeout=CALL)), budget=CALL, tmp=tmp_path, target=target)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -1.0, "3", True])
@pytest.mark.parametrize("entry", ["wait", "generate", "wait_all", "Client", "Fal.run", "save", "RetryPolicy",
                                   "PollPolicy"])
def test_bad_timeouts_are_refused(entry: str, bad: Any, server: HostileServer, tmp_path: Path) -> None:
    server.serve({"status": silence, "stream": silence})
    client = make_client(server, tmp_path)
    result = genvid.Result(url=server.url + "/media/out.mp4", media_type="video/mp4")
    calls: dict[str, Callable[[], object]] = {
        "wait": lambda: client.wait("luma:ray-2:req-1", timeout=bad),
        "generate": lambda: client.generate("luma:ray-2", prompt="a lake", timeout=bad),
        "wait_all": lambda: client.wait_all(["luma:ray-2:req-1"], timeout=bad),
        "Client": lambda: genvid.Client(timeout=bad),
        "Fal.run": lambda: genvid.Fal(api_key="k", base_url=server.url).run("a/b", {"prompt": "a lake"}, timeout=bad),
        "save": lambda: result.save(tmp_path / "x.mp4", timeout=bad),
        "RetryPolicy": lambda: genvid.RetryPolicy(backoff=bad),
        "PollPolicy": lambda: genvid.PollPolicy(maximum=bad),
    }
    error = check(measure(calls[entry]), budget=0.5, tmp=tmp_path, expect=genvid.InvalidInput)
    assert isinstance(error, genvid.InvalidInput) and error.field


# === 3. Memory: caps count decoded bytes and cover every answer that is parsed ===================

BLOAT = {"gzip-bomb": gzip_bomb, "labelled-video": huge, "chunked-json": lambda: huge(kind="application/json",
                                                                                        chunked=True)}


@pytest.mark.parametrize("case", matrix(API_PHASES, BLOAT, budget=5.0))
def test_bloated_answers_are_capped(case: Case, server: HostileServer, tmp_path: Path) -> None:
    run_case(case, server, tmp_path)


@pytest.mark.parametrize("behaviour", ["gzip-bomb", "labelled-video", "chunked-json"])
def test_bloated_jwks_is_capped(behaviour: str, server: HostileServer, tmp_path: Path) -> None:
    server.serve({"jwks": BLOAT[behaviour]()})
    verifier = webhooks.FalWebhookVerifier(jwks_url=server.url + "/jwks.json", cache=webhooks.JwksCache())
    check(measure(lambda: verifier.verify(*_signed())), budget=5.0, tmp=tmp_path,
          expect=genvid.WebhookVerificationError)


@pytest.mark.parametrize("service", list(PHASES))
def test_gzip_on_a_download_is_refused(service: str, server: HostileServer, tmp_path: Path) -> None:
    """Media is asked for without compression; a server that gzips it anyway cannot pass it off."""
    run_case(Case(service, "download", gzip_bomb(kind="video/mp4"), budget=5.0), server, tmp_path)


# === 4. Wrong bytes are never saved as success ===================================================

WRONG = {
    "range-past-offset": lambda: cut_then(partial(len(MEDIA) // 2 + 100, len(MEDIA))),
    "range-smaller-total": lambda: cut_then(partial(len(MEDIA) // 2, len(MEDIA) - 1000,
                                                    MEDIA[len(MEDIA) // 2: -1000])),
    "range-not-asked": lambda: partial(100, len(MEDIA)),
    "html-200": lambda: answer(200, b"<html><body>Access denied</body></html>", "text/html"),
    "json-200": lambda: answer(200, {"error": "expired"}),
    "image-for-video": lambda: answer(200, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png"),
    "cut-close-delimited": lambda: close_delimited(MEDIA[: len(MEDIA) // 2]),
}


@pytest.mark.parametrize("case", matrix({s: ("download",) for s in PHASES}, WRONG))
def test_wrong_bytes_are_never_saved(case: Case, server: HostileServer, tmp_path: Path) -> None:
    run_case(case, server, tmp_path)


def test_a_resumed_download_is_byte_exact(server: HostileServer, tmp_path: Path) -> None:
    """The checks refuse only what is wrong: a cut download resumed with a correct 206 is saved."""
    half = len(MEDIA) // 2
    server.serve({"download": cut_then(partial(half, len(MEDIA)))})
    path = make_client(server, tmp_path).generate("luma:ray-2", prompt="a lake", timeout=5).save(tmp_path / "ok.mp4")
    assert path.read_bytes() == MEDIA
    assert server.seen[-1].headers["range"] == f"bytes={half}-"


def test_a_size_claimed_by_an_answer_cut_before_its_body_does_not_count(server: HostileServer,
                                                                         tmp_path: Path) -> None:
    """The emulator's reset fault: headers saying 100 bytes, then the connection drops; the retry is whole."""
    tries: list[int] = []

    def drop_once(req: Any, conn: Any, srv: HostileServer) -> bool:
        tries.append(1)
        if len(tries) == 1:
            conn.send(b"HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nContent-Length: 100\r\n\r\n")
            return False
        return answer(200, MEDIA, "video/mp4")(req, conn, srv)

    server.serve({"download": drop_once})
    result = make_client(server, tmp_path).generate("luma:ray-2", prompt="a lake", timeout=5)
    assert result.save(tmp_path / "ok.mp4").read_bytes() == MEDIA and len(tries) == 2


# === 5. Every error is a GenvidError ===============================================================

RAW = {"bad-gzip": bad_gzip, "deep-json": deep_json, "bad-retry-after": lambda: retry_after("soon, maybe"),
       "nan-retry-after": lambda: retry_after("nan")}


@pytest.mark.parametrize("case", matrix(API_PHASES, RAW))
def test_broken_answers_raise_genvid_errors(case: Case, server: HostileServer, tmp_path: Path) -> None:
    run_case(case, server, tmp_path)


def test_bad_retry_after_in_wait_all_keeps_every_outcome(server: HostileServer, tmp_path: Path) -> None:
    def status(req: Any, conn: Any, srv: HostileServer) -> bool:
        if "req-2" in req.target:
            return retry_after("Thu, 99 Foo 2026 99:99:99 GMT")(req, conn, srv)
        return answer(200, {"id": "x", "state": "completed", "generation_type": "video", "model": "ray-2",
                            "assets": {"video": srv.url + "/media/out.mp4"}})(req, conn, srv)

    server.serve({"status": status})
    ids = [f"luma:ray-2:req-{i}" for i in (1, 2, 3)]
    outcome = measure(lambda: make_client(server, tmp_path).wait_all(ids, timeout=CALL))
    assert outcome.error is None, repr(outcome.error)


DOWNLOAD_RAW = {
    "redirect-loop": lambda: redirect(lambda s: s.url + "/media/out.mp4"),
    "redirect-bad-url": lambda: redirect("http://exa\x00mple.test/x"),
    "bad-gzip": lambda: bad_gzip(kind="video/mp4"),
}


@pytest.mark.parametrize("case", matrix({s: ("download",) for s in ("fal", "luma", "luma-agents")},
                                        DOWNLOAD_RAW))
def test_broken_downloads_raise_genvid_errors(case: Case, server: HostileServer, tmp_path: Path) -> None:
    run_case(case, server, tmp_path)


SCRIPTS = {
    "nul-in-url": Script(media_url="http://127.0.0.1:1/a\x00b.mp4"),
    "space-in-host": Script(media_url="http://exa mple.test/out.mp4"),
    "file-name-int": Script(file_name=123),
    "file-name-dict": Script(file_name={"a": 1}),
    "content-type-list": Script(content_type=["video/mp4"]),
    "file-size-string": Script(file_size="16396"),
    "file-size-negative": Script(file_size=-5),
}


@pytest.mark.parametrize("name", list(SCRIPTS))
@pytest.mark.parametrize("service", ["fal", "luma", "luma-agents"])
def test_odd_result_fields_raise_genvid_errors_or_work(service: str, name: str, server: HostileServer,
                                                       tmp_path: Path) -> None:
    server.serve(script=SCRIPTS[name])
    target = tmp_path / "out.mp4"
    outcome = measure(lambda: make_client(server, tmp_path).generate(MODELS[service], prompt="a lake", timeout=CALL,
                                                                     save_to=target))
    if outcome.error is None:  # odd metadata the download can do without
        assert target.read_bytes() == MEDIA
    else:
        check(outcome, budget=CALL, tmp=tmp_path, target=target)


class _Closed:
    def __init__(self, path: Path) -> None:
        self.file = open(path, "rb")  # noqa: SIM115
        self.file.close()


BAD_INPUTS: dict[str, Callable[[Path], dict[str, Any]]] = {
    "lone-surrogate-prompt": lambda p: {"prompt": "a \ud800 lake"},
    "nan-seed": lambda p: {"prompt": "x", "seed": math.nan},
    "inf-seed": lambda p: {"prompt": "x", "seed": math.inf},
    "closed-file": lambda p: {"prompt": "x", "image": _Closed(p).file},
    "100k-media-string": lambda p: {"prompt": "x", "image": "y" * 100_000},
    "nul-media-string": lambda p: {"prompt": "x", "image": "a\x00b.png"},
    "nul-media-url": lambda p: {"prompt": "x", "image": "https://example.test/a\x00.png"},
}
INPUT_MODELS = ["decart:lucy-pro-i2v", "fal:decart/lucy-14b/image-to-video", "luma:ray-2", "luma-agents:ray-3.2"]


@pytest.mark.parametrize("name", list(BAD_INPUTS))
@pytest.mark.parametrize("model", INPUT_MODELS)
def test_bad_inputs_raise_invalid_input(model: str, name: str, server: HostileServer, tmp_path: Path) -> None:
    server.serve()
    (tmp_path / "cat.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    inputs = BAD_INPUTS[name](tmp_path / "cat.png")
    client = make_client(server, tmp_path)
    check(measure(lambda: client.submit(model, **inputs)), budget=1.0, tmp=tmp_path, expect=genvid.InvalidInput)
    assert not server.seen, "a request was sent for an invalid input"


CONFIGS: dict[str, Callable[[], object]] = {
    "retry-negative": lambda: genvid.RetryPolicy(max_retries=-1),
    "retry-float-count": lambda: genvid.RetryPolicy(max_retries=2.5),  # type: ignore[arg-type]
    "retry-nan-backoff": lambda: genvid.RetryPolicy(backoff=math.nan),
    "retry-statuses": lambda: genvid.RetryPolicy(retry_statuses=frozenset({"500"})),  # type: ignore[arg-type]
    "poll-negative": lambda: genvid.PollPolicy(initial=-1),
    "poll-shrinking": lambda: genvid.PollPolicy(factor=0.5),
    "poll-inf": lambda: genvid.PollPolicy(maximum=math.inf),
    "key-int": lambda: genvid.Decart(api_key=123),  # type: ignore[arg-type]
    "key-newline": lambda: genvid.Luma(api_key="abc\r\nX-Evil: 1"),
    "key-space": lambda: genvid.Fal(api_key="two words"),
    "client-key-bytes": lambda: genvid.Client(api_keys={"luma": b"key"}).service("luma"),  # type: ignore[dict-item]
    "client-timeout-negative": lambda: genvid.Client(timeout=-1),
}


@pytest.mark.parametrize("name", list(CONFIGS))
def test_bad_configuration_is_refused(name: str, tmp_path: Path) -> None:
    error = check(measure(CONFIGS[name]), budget=0.5, tmp=tmp_path)
    assert isinstance(error, genvid.InvalidInput | genvid.ConfigurationError)
    assert "X-Evil" not in str(error) and "two words" not in str(error)


# === 6. Job ids round-trip whatever characters the service uses =====================================

ODD_IDS = ["a:b", "a:b:c", "::", "id with spaces", "ünïcødé", "a%2Fb", "a?b#c", "a/b", "..", "-", "x" * 300]


@pytest.mark.parametrize("model", ["ray-2", "owner/app", "odd:model", "odd%3Amodel"])
@pytest.mark.parametrize("request_id", ODD_IDS)
def test_job_ids_round_trip(model: str, request_id: str) -> None:
    job = genvid.Job("fal", model, request_id)
    assert genvid.Job.parse(job.id) == job
    assert genvid.Job.parse(job.id).id == job.id


@pytest.mark.parametrize("service", ["decart", "fal", "luma"])
def test_a_colon_request_id_is_resumed(service: str, server: HostileServer, tmp_path: Path) -> None:
    server.serve(script=Script(request_id="queue:2026:0001"))
    client = make_client(server, tmp_path)
    job = client.submit(MODELS[service], prompt="a lake", save_to=tmp_path / "out.mp4")
    assert job.request_id == "queue:2026:0001"
    outcomes = make_client(server, tmp_path).resume(timeout=5)
    assert [o.error for o in outcomes] == [None]
    assert (tmp_path / "out.mp4").read_bytes() == MEDIA


# === 7. Nothing overwrites a file genvid did not just write for this job ============================


def test_two_results_with_one_file_name_do_not_collide(server: HostileServer, tmp_path: Path) -> None:
    other = MEDIA[::-1]
    paths = []
    for i, media in enumerate((MEDIA, other)):
        server.serve(script=Script(request_id=f"req-{i}", media=media, file_size=len(media)))
        paths.append(make_client(server, tmp_path).generate("fal:hostile/app", prompt="a lake", timeout=5)
                     .save(tmp_path))
    assert paths[0] != paths[1]
    assert paths[0].read_bytes() == MEDIA and paths[1].read_bytes() == other


def test_save_never_overwrites_another_file(server: HostileServer, tmp_path: Path) -> None:
    server.serve()
    result = make_client(server, tmp_path).generate("luma:ray-2", prompt="a lake", timeout=5)
    target = tmp_path / "mine.mp4"
    target.write_bytes(b"the user's own edit")
    check(measure(lambda: result.save(target)), budget=5, tmp=tmp_path)  # (no target: it is the user's file)
    assert target.read_bytes() == b"the user's own edit"
    assert result.save(target, overwrite=True).read_bytes() == MEDIA
    assert result.save(target) == target  # the same job's own bytes: saving again is fine


def test_resume_does_not_overwrite_an_edited_file(server: HostileServer, tmp_path: Path) -> None:
    server.serve()
    client = make_client(server, tmp_path)
    target = tmp_path / "out.mp4"
    job = client.submit("luma:ray-2", prompt="a lake", save_to=target)
    [outcome] = client.wait_all([job], timeout=5)
    outcome.result.save(target)
    target.write_bytes(b"edited afterwards")
    make_client(server, tmp_path).resume(timeout=5)
    assert target.read_bytes() == b"edited afterwards"


# === 8. Keys the server echoes back never reach errors or the journal ================================

ECHO = {"echo-401": lambda: echo_key(401), "echo-500": lambda: echo_key(500), "echo-200": lambda: echo_key(200)}


@pytest.mark.parametrize("case", matrix(API_PHASES | {"decart": (*API_PHASES["decart"], "download")}, ECHO))
def test_echoed_keys_are_scrubbed(case: Case, server: HostileServer, tmp_path: Path) -> None:
    run_case(case, server, tmp_path)


@pytest.mark.parametrize("name", ["gzip-bomb", "labelled-video", "chunked-json", "bad-gzip", "deep-json",
                                  "echo-401", "echo-200"])
def test_a_broken_status_stream_falls_back_to_polling(name: str, server: HostileServer, tmp_path: Path) -> None:
    """fal's stream is an optimisation: whatever breaks it, the wait polls, in bounded memory and time."""
    server.serve({"stream": {**BLOAT, **RAW, **ECHO}[name](), "status": running_first})
    target = tmp_path / "out.mp4"
    outcome = measure(lambda: make_client(server, tmp_path).generate("fal:hostile/app", prompt="a lake", timeout=5,
                                                                     save_to=target))
    assert outcome.error is None, repr(outcome.error)
    assert outcome.seconds <= 5 and (outcome.rss_growth or 0) <= RSS_LIMIT
    assert target.read_bytes() == MEDIA and "stream" in server.phases() and server.phases().count("status") >= 2
    assert not leaked(journal_rows(tmp_path))


def test_a_status_stream_left_open_after_completion(server: HostileServer, tmp_path: Path) -> None:
    """fal closes the stream after COMPLETED; one that stays open delays the result by a second at most."""
    def completed_then_silence(req: Any, conn: Any, srv: HostileServer) -> bool:
        event = b'data: {"status": "COMPLETED", "request_id": "req-1", "logs": null}\n\n'
        conn.send(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                  + f"{len(event):x}\r\n".encode() + event + b"\r\n")
        conn.hold()
        return False

    server.serve({"stream": completed_then_silence, "status": running_first})
    outcome = measure(lambda: make_client(server, tmp_path).generate("fal:hostile/app", prompt="a lake", timeout=10,
                                                                     save_to=tmp_path / "out.mp4"))
    assert outcome.error is None, repr(outcome.error)
    assert outcome.seconds < 2.5
    assert server.phases().count("status") == 1 and "stream" in server.phases()  # the stream's own COMPLETED was used


def test_echoed_key_in_a_failure_reason_is_scrubbed(server: HostileServer, tmp_path: Path) -> None:
    def status(req: Any, conn: Any, srv: HostileServer) -> bool:
        return answer(200, {"id": "req-1", "state": "failed", "failure_reason": f"bad key {req.key}",
                            "generation_type": "video", "model": "ray-2"})(req, conn, srv)

    server.serve({"status": status})
    error = run_case(Case("luma", "status", status, expect=genvid.JobFailed), server, tmp_path)
    assert "***" in str(error)


# === 9. Webhooks ========================================================================================

_SIGNER = Ed25519PrivateKey.generate()
_JWKS = {"keys": [{"kty": "OKP", "crv": "Ed25519", "x": base64.urlsafe_b64encode(
    _SIGNER.public_key().public_bytes_raw()).rstrip(b"=").decode()}]}


def _signed(body: bytes = b'{"request_id": "r", "status": "OK", "payload": {}}') -> tuple[dict[str, str], bytes]:
    ts = str(int(time.time()))
    message = f"r\nu\n{ts}\n{hashlib.sha256(body).hexdigest()}".encode()
    return {webhooks.HEADER_REQUEST_ID: "r", webhooks.HEADER_USER_ID: "u", webhooks.HEADER_TIMESTAMP: ts,
            webhooks.HEADER_SIGNATURE: _SIGNER.sign(message).hex()}, body


@pytest.mark.parametrize("behaviour", list(SLOW))
def test_slow_jwks_blocks_no_one_for_long(behaviour: str, server: HostileServer, tmp_path: Path) -> None:
    server.serve({"jwks": SLOW[behaviour]()})
    verifier = webhooks.FalWebhookVerifier(jwks_url=server.url + "/jwks.json", cache=webhooks.JwksCache(timeout=CALL))
    errors: list[Outcome] = []
    other = threading.Thread(target=lambda: errors.append(measure(lambda: verifier.verify(*_signed()))))
    other.start()
    check(measure(lambda: verifier.verify(*_signed())), budget=CALL, tmp=tmp_path,
          expect=genvid.WebhookVerificationError)
    other.join(CALL + SLACK)
    assert errors and errors[0].seconds <= CALL + SLACK and isinstance(errors[0].error, genvid.GenvidError)


@pytest.mark.parametrize("name", ["nested", "bad-gzip"])
def test_hostile_jwks_is_refused(name: str, server: HostileServer, tmp_path: Path) -> None:
    server.serve({"jwks": deep_json() if name == "nested" else bad_gzip()})
    verifier = webhooks.FalWebhookVerifier(jwks_url=server.url + "/jwks.json", cache=webhooks.JwksCache())
    error = check(measure(lambda: verifier.verify(*_signed())), budget=CALL, tmp=tmp_path,
                  expect=genvid.WebhookVerificationError)
    assert getattr(error, "reason", None) == "jwks_unavailable"


def test_a_jwks_redirect_to_another_origin_is_not_followed(server: HostileServer, tmp_path: Path) -> None:
    """A redirect would let another host choose the keys every signature is checked against."""
    attacker = HostileServer()  # serves keys that verify the forged delivery
    try:
        attacker.serve(script=Script(jwks=_JWKS))
        server.serve({"jwks": redirect(f"http://localhost:{attacker.port}/jwks.json")})
        verifier = webhooks.FalWebhookVerifier(jwks_url=server.url + "/jwks.json", cache=webhooks.JwksCache())
        error = check(measure(lambda: verifier.verify(*_signed())), budget=CALL, tmp=tmp_path,
                      expect=genvid.WebhookVerificationError)
        assert getattr(error, "reason", None) == "jwks_unavailable" and not attacker.seen
    finally:
        attacker.close()


WEBHOOK_MISUSE: dict[str, Callable[[], object]] = {
    "http-jwks-url": lambda: webhooks.FalWebhookVerifier(jwks_url="http://keys.example.com/jwks.json"),
    "luma-secret-int": lambda: webhooks.LumaCallbacks(32),  # type: ignore[arg-type]
    "luma-secret-zeros": lambda: webhooks.LumaCallbacks(bytes(32)),
    "luma-secret-short": lambda: webhooks.LumaCallbacks("hunter2"),
    "tolerance-nan": lambda: webhooks.FalWebhookVerifier(jwks=_JWKS, tolerance=math.nan),
    "tolerance-inf": lambda: webhooks.verify_fal(*_signed(), jwks=_JWKS, tolerance=math.inf),
    "str-body": lambda: webhooks.verify_fal(_signed()[0], _signed()[1].decode(), jwks=_JWKS),  # type: ignore[arg-type]
    "none-headers": lambda: webhooks.verify_fal(None, b"{}", jwks=_JWKS),  # type: ignore[arg-type]
    "luma-str-body": lambda: webhooks.LumaCallbacks("s" * 32).verify("https://x.test/cb", "{}"),  # type: ignore[arg-type]
    "luma-none-url": lambda: webhooks.LumaCallbacks("s" * 32).verify(None, b"{}"),  # type: ignore[arg-type]
}


@pytest.mark.parametrize("name", list(WEBHOOK_MISUSE))
def test_webhook_misuse_is_refused(name: str, tmp_path: Path) -> None:
    check(measure(WEBHOOK_MISUSE[name]), budget=0.5, tmp=tmp_path)


def test_luma_secret_refusal_and_nan_tolerance_replay() -> None:
    """A day-old delivery never passes, whatever the tolerance; an int is never taken as a key."""
    headers, body = _signed()
    headers[webhooks.HEADER_TIMESTAMP] = str(int(time.time()) - 86400)
    with pytest.raises(genvid.GenvidError):
        webhooks.verify_fal(headers, body, jwks=_JWKS, tolerance=math.nan)
    with pytest.raises(genvid.ConfigurationError):
        webhooks.LumaCallbacks(32)  # type: ignore[arg-type]


# === 10. Result URLs the server chooses: an opt-in host policy ========================================

PRIVATE = ["https://169.254.169.254/latest/meta-data/", "https://10.0.0.1/x.mp4", "https://[fe80::1]/x.mp4",
           "https://127.0.0.1:{other}/x.mp4", "https://localhost:{other}/x.mp4", "https://[::1]:{other}/x.mp4",
           "http://cdn.example.com/x.mp4", "file:///etc/passwd"]


@pytest.mark.parametrize("url", PRIVATE)
@pytest.mark.parametrize("service", ["fal", "luma", "luma-agents"])
def test_url_policy_refuses_private_result_urls(service: str, url: str, server: HostileServer,
                                                tmp_path: Path) -> None:
    other = HostileServer()  # a service on another port of the same host: it must not be called
    try:
        server.serve(script=Script(media_url=url.format(other=other.port)))
        target = tmp_path / "out.mp4"
        client = make_client(server, tmp_path, url_policy=genvid.UrlPolicy())
        outcome = measure(lambda: client.generate(MODELS[service], prompt="a lake", timeout=CALL, save_to=target))
        check(outcome, budget=CALL, tmp=tmp_path, target=target)
        assert not other.connections, "the policy let a request through to a private address"
        assert "download" not in server.phases()
    finally:
        other.close()


def test_url_policy_allows_the_configured_hosts(server: HostileServer, tmp_path: Path) -> None:
    """The API's and the emulator's own origin stay allowed (the harness serves media there)."""
    server.serve()
    client = make_client(server, tmp_path, url_policy=genvid.UrlPolicy())
    assert client.generate("luma:ray-2", prompt="a lake", timeout=5).read() == MEDIA


def test_contrib_adapters_verify_with_the_policy_on() -> None:
    from genvid.contrib import default_verifier

    assert default_verifier().url_policy == genvid.UrlPolicy()


def test_the_flask_example_downloads_under_the_policy(emu: Any, tmp_path: Path) -> None:
    """The example's own client has the policy on, and the emulator's results still download."""
    pytest.importorskip("flask")
    example = str(Path(__file__).resolve().parent.parent / "examples" / "flask_app")
    sys.path.insert(0, example)
    try:
        from app import create_app
    finally:
        sys.path.remove(example)
    client = create_app(GENVID_EMULATOR_URL=emu.urls.root).extensions["genvid"]["client"]
    assert client.service("luma").url_policy == genvid.UrlPolicy(origins=(emu.urls.root,))
    assert client.generate("luma:ray-2", prompt="a lake", timeout=30).save(tmp_path / "v.mp4").stat().st_size


# === 11. Ids placed in a path are percent-encoded =======================================================

PATH_IDS = ["a/../../../v1/files", "..", ".", "a?b=c", "a#b", "%2e%2e"]
ID_SEGMENT = {"decart": 3, "fal": 4, "luma": 2}  # where the id sits in the path after the service prefix


@pytest.mark.parametrize("request_id", PATH_IDS)
@pytest.mark.parametrize("service", ["decart", "fal", "luma"])
def test_path_shaped_ids_stay_in_their_segment(service: str, request_id: str, server: HostileServer,
                                               tmp_path: Path) -> None:
    server.serve(script=Script(request_id=request_id))
    client = make_client(server, tmp_path)
    outcome = measure(lambda: client.generate(MODELS[service], prompt="a lake", timeout=CALL, save_to=tmp_path / "o"))
    assert outcome.error is None, repr(outcome.error)
    paths = [r.target.split("?", 1)[0][len(PREFIX[service]):] for r in server.seen[1:]
             if not r.target.startswith("/media/")]
    assert paths
    for path in paths:
        segments = path.split("/")
        assert not {".", ".."} & set(segments), path
        assert unquote(segments[ID_SEGMENT[service]]) == request_id, path
    if service == "decart":
        url = httpx.URL(client.result(f"decart:lucy-pro-t2v:{request_id}").url or "")
        assert unquote(url.raw_path.decode().split("/")[-2]) == request_id, url


# === 12. .part files after kill -9 are reused or cleaned up ===============================================

CHILD = textwrap.dedent("""
    import sys, genvid
    keys, url, target, journal = eval(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    client = genvid.Client(api_keys=keys, base_urls={"luma": url + "/luma"}, journal=journal)
    client.generate("luma:ray-2", prompt="a lake", save_to=target, timeout=60)
""")


def test_part_files_after_kill_are_reused(server: HostileServer, tmp_path: Path) -> None:
    big = MEDIA * 64  # 1 MiB
    half = len(big) // 2

    def stall(req: Any, conn: Any, srv: HostileServer) -> bool:
        conn.send(f"HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nContent-Length: {len(big)}\r\n\r\n".encode()
                  + big[:half])
        conn.hold()
        return False

    server.serve({"download": stall}, Script(media=big, file_size=len(big)))
    target = tmp_path / "out.mp4"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    child = subprocess.Popen([sys.executable, "-c", CHILD, repr(KEYS), server.url, str(target),
                              str(tmp_path / "journal.sqlite3")], env=env)
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            parts = [p for p in tmp_path.iterdir() if p.name.endswith(".part")]
            if parts and parts[0].stat().st_size >= half // 2:
                break
            time.sleep(0.05)
        else:
            pytest.fail("the child never started its download")
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    server.serve(script=Script(media=big, file_size=len(big)))
    outcomes = make_client(server, tmp_path).resume(timeout=10)
    assert [o.error for o in outcomes] == [None]
    assert target.read_bytes() == big
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")], "a .part file was left behind"
    assert any("range" in r.headers for r in server.seen), "the partial download was not reused"
