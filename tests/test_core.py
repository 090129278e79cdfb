"""The facade's core: inputs, retries, errors, downloads, waiting — against the emulator's faults."""

from __future__ import annotations

import io
import logging
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

import genvid
from genvid._inputs import to_media
from genvid._transport import RetryPolicy, RetryTransport, redact_url, retry_after_seconds
from genvid_emulator._media import probe

CANARY = "sk-canary-5f1e0c2b9a7d4e3f"


def _decart(emu: Any, **kwargs: Any) -> genvid.Decart:
    return genvid.Decart(api_key=CANARY, base_url=emu.urls.decart, **kwargs)


def _faulty(emu: Any, fault: str, **kwargs: Any) -> genvid.Decart:
    d = _decart(emu, **kwargs)
    d.api().get_httpx_client().headers["X-Genvid-Fault"] = fault
    return d


def _count(emu: Any, path_part: str) -> int:
    items = httpx.get(emu.urls.root + "/_emulator/requests?limit=100000").json()["requests"]
    return sum(1 for r in items if path_part in r["path"])


# --- inputs ---------------------------------------------------------------------------
def test_media_inputs_of_every_kind(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 20
    path = tmp_path / "a.png"
    path.write_bytes(png)
    assert to_media("image", path).media_type == "image/png"
    assert to_media("image", str(path)).source == "path"
    assert to_media("image", png).read() == png
    assert to_media("image", io.BytesIO(png)).media_type == "image/png"
    assert to_media("image", "https://example.com/x.jpg").url == "https://example.com/x.jpg"
    uri = to_media("image", png).data_uri()
    assert uri.startswith("data:image/png;base64,")
    assert to_media("image", uri).read() == png


@pytest.mark.parametrize("bad", [42, "no/such/file.png", "ftp://x/y.png", b"", "data:image/png;base64,!!!",
                                 io.StringIO("text")])
def test_bad_media_inputs_name_the_field(bad: object) -> None:
    with pytest.raises(genvid.InvalidInput) as info:
        to_media("image", bad)
    assert info.value.field == "image"


def test_model_names_are_checked() -> None:
    client = genvid.Client(api_keys={"decart": "k"})
    with pytest.raises(genvid.InvalidInput) as info:
        client.submit("lucy-pro-t2v", prompt="x")
    assert info.value.field == "model" and "provider:model" in str(info.value)
    with pytest.raises(genvid.ConfigurationError) as unknown:
        client.submit("nope:lucy", prompt="x")
    assert "known: decart, fal, luma, luma-agents" in str(unknown.value)


def test_missing_key_is_a_configuration_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DECART_API_KEY", raising=False)
    with pytest.raises(genvid.ConfigurationError) as info:
        genvid.Client().submit("decart:lucy-pro-t2v", prompt="x")
    assert "DECART_API_KEY" in str(info.value)


# --- retries ------------------------------------------------------------------------------
def test_retry_after_parsing() -> None:
    assert retry_after_seconds(httpx.Headers({"retry-after": "3"})) == 3.0
    assert retry_after_seconds(httpx.Headers({"retry-after-ms": "250"})) == 0.25
    assert retry_after_seconds(httpx.Headers({})) is None


def test_idempotent_requests_retry_on_5xx_and_429() -> None:
    calls: list[str] = []
    answers = iter([503, 429, 200])

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.method)
        return httpx.Response(next(answers), headers={"retry-after": "0"})

    events: list[int | None] = []
    policy = RetryPolicy(max_retries=3, sleep=lambda s: None, on_retry=lambda e: events.append(e.status))
    with httpx.Client(transport=RetryTransport(httpx.MockTransport(handler), policy)) as c:
        assert c.get("https://x/y").status_code == 200
    assert calls == ["GET", "GET", "GET"] and events == [503, 429]


def test_posts_are_not_retried_unless_provably_refused() -> None:
    answers = iter([500, 200])

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(next(answers))

    policy = RetryPolicy(max_retries=3, sleep=lambda s: None)
    with httpx.Client(transport=RetryTransport(httpx.MockTransport(handler), policy)) as c:
        assert c.post("https://x/y").status_code == 500  # a 500 may have created the job: not resent

    refused = iter([429, 503, 200])
    with httpx.Client(transport=RetryTransport(httpx.MockTransport(lambda r: httpx.Response(next(refused))),
                                               policy)) as c:
        assert c.post("https://x/y").status_code == 200


def test_submit_429_is_retried_and_creates_one_job(emu: Any) -> None:
    before = _count(emu, "/decart/v1/jobs/lucy-pro-t2v")
    d = _faulty(emu, "429=0", retry=RetryPolicy(max_retries=2, sleep=lambda s: None))
    with pytest.raises(genvid.RateLimited) as info:
        d.queue.submit({"model": "lucy-pro-t2v", "prompt": "x"})
    assert info.value.status == 429 and info.value.retry_after == 0
    assert _count(emu, "/decart/v1/jobs/lucy-pro-t2v") - before == 3  # 1 try + 2 retries, all refused


def test_reset_after_submit_is_uncertain_and_never_resent(emu: Any) -> None:
    before = len(httpx.get(emu.urls.root + "/_emulator/jobs").json()["jobs"])
    d = _faulty(emu, "reset-after", retry=RetryPolicy(max_retries=5, sleep=lambda s: None))
    with pytest.raises(genvid.SubmitUncertain) as info:
        d.queue.submit({"model": "lucy-pro-t2v", "prompt": "x"})
    assert "did not resend" in str(info.value) and info.value.hint
    after = len(httpx.get(emu.urls.root + "/_emulator/jobs").json()["jobs"])
    assert after - before == 1  # the service did accept it once; genvid did not send it again


def test_status_survives_transient_faults(emu: Any) -> None:
    d = _decart(emu, retry=RetryPolicy(max_retries=3, sleep=lambda s: None))
    job = d.queue.submit({"model": "lucy-pro-t2v", "prompt": "x"})
    for fault in ("502", "500", "503", "reset-before", "429=0"):
        with httpx.Client() as raw:
            pass
        d2 = _faulty(emu, fault, retry=RetryPolicy(max_retries=1, sleep=lambda s: None))
        with pytest.raises(genvid.GenvidError) as info:
            d2.queue.status(job.job_id)
        assert isinstance(info.value, (genvid.ServerError, genvid.TransportError, genvid.RateLimited)), fault
        assert CANARY not in str(info.value) and CANARY not in repr(info.value)
        del raw
    assert d.queue.status(job.job_id).job_id == job.job_id


def test_html_502_is_a_typed_error_not_a_json_error(emu: Any) -> None:
    d = _faulty(emu, "502", retry=RetryPolicy(max_retries=0))
    with pytest.raises(genvid.ServerError) as info:
        d.queue.status("whatever")
    assert info.value.status == 502 and "HTML" in str(info.value)


# --- downloads -------------------------------------------------------------------------------
def test_cut_downloads_resume_with_range(emu: Any, tmp_path: Path) -> None:
    client = genvid.Client(emulator=emu.urls.root)
    result = client.generate("decart:lucy-pro-t2v", prompt="resume me")
    whole = result.read()
    # every first attempt is cut half-way; the Range retry completes it
    http = client.service("decart").api().get_httpx_client()
    http.headers["X-Genvid-Fault"] = "truncate"
    seen: list[int] = []
    try:
        with pytest.raises(genvid.DownloadError):
            result.save(tmp_path / "never.mp4")  # the fault applies to every attempt: gives up
    finally:
        del http.headers["X-Genvid-Fault"]
    assert not (tmp_path / "never.mp4").exists()
    assert not list(tmp_path.glob("*.part"))
    path = result.save(tmp_path / "ok.mp4", on_progress=lambda done, total: seen.append(done))
    assert path.read_bytes() == whole and seen[-1] == len(whole)
    assert probe(whole)["codec"] == "h264"


def test_one_cut_then_resume(emu: Any, tmp_path: Path) -> None:
    client = genvid.Client(emulator=emu.urls.root)
    result = client.generate("decart:lucy-pro-t2v", prompt="cut once")
    whole = result.read()
    http = client.service("decart").api().get_httpx_client()
    original = http.send
    cuts = {"n": 0}
    ranges: list[str] = []

    def send(request: httpx.Request, **kw: Any) -> httpx.Response:
        ranges.append(request.headers.get("range", ""))
        if cuts["n"] == 0 and "/content" in str(request.url):
            cuts["n"] += 1
            request.headers["X-Genvid-Fault"] = "truncate"
        return original(request, **kw)

    http.send = send  # type: ignore[method-assign]
    assert result.read() == whole
    assert cuts["n"] == 1 and any(r.startswith("bytes=") for r in ranges)


# --- waiting ------------------------------------------------------------------------------
def test_deadline_and_cancel_from_another_thread(emu: Any) -> None:
    d = _faulty(emu, "hang")
    job = d._submit(d._prepare("lucy-pro-t2v", {"prompt": "forever"}))
    client = genvid.Client(emulator=emu.urls.root)
    t0 = time.monotonic()
    with pytest.raises(genvid.DeadlineExceeded) as info:
        client.wait(job, timeout=0.5)
    assert time.monotonic() - t0 < 3 and info.value.job_id == job.id
    stop = threading.Event()
    threading.Timer(0.3, stop.set).start()
    with pytest.raises(genvid.Cancelled):
        client.wait(job, timeout=30, cancel=stop)


def test_failed_job_raises_job_failed(emu: Any) -> None:
    d = _faulty(emu, "fail")
    job = d._submit(d._prepare("lucy-pro-t2v", {"prompt": "doomed"}))
    with pytest.raises(genvid.JobFailed) as info:
        genvid.Client(emulator=emu.urls.root).wait(job, timeout=30)
    assert info.value.code == "PROCESSING_ERROR" and info.value.job_id == job.id


def test_wait_all_many_jobs_from_one_thread(emu: Any) -> None:
    client = genvid.Client(emulator=emu.urls.root)
    jobs = [client.submit("decart:lucy-pro-t2v", prompt=f"many {i}") for i in range(30)]
    threads_before = threading.active_count()
    outcomes = client.wait_all(jobs, timeout=60)
    assert [o.job.id for o in outcomes] == [j.id for j in jobs]
    assert all(o.ok for o in outcomes)
    assert threading.active_count() <= threads_before + 1


# --- secrets -------------------------------------------------------------------------------
def test_keys_never_reach_reprs_logs_or_errors(emu: Any, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    d = _decart(emu)
    text = [repr(d), repr(d.api())]
    client = genvid.Client(api_keys={"decart": CANARY}, base_urls={"decart": emu.urls.decart})
    result = client.generate("decart:lucy-pro-t2i", prompt="secret-free")
    text += [repr(client), repr(result)]
    bad = _faulty(emu, "500", retry=RetryPolicy(max_retries=1, sleep=lambda s: None))
    with pytest.raises(genvid.ServerError) as info:
        bad.queue.status("x")
    text += [str(info.value), repr(info.value), str(info.value.body)]
    text += [r.getMessage() for r in caplog.records]
    assert all(CANARY not in t for t in text)


def test_redact_url() -> None:
    assert "secret" not in redact_url("https://x/y?token=secret&a=1")
    assert "a=1" in redact_url("https://x/y?token=secret&a=1")
