"""Hostile and broken servers: typed errors, bounded memory, no raw exceptions, no escaping paths."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

import genvid
from genvid._results import result_from_url

Handler = Callable[[httpx.Request], httpx.Response]


def _decart(handler: Handler) -> genvid.Decart:
    return genvid.Decart(api_key="k", base_url="https://api.decart.test", transport=httpx.MockTransport(handler),
                         retry=genvid.RetryPolicy(max_retries=0))


def _luma(handler: Handler) -> Any:
    return genvid.Luma(api_key="k", base_url="https://luma.test/v1", transport=httpx.MockTransport(handler),
                       retry=genvid.RetryPolicy(max_retries=0))


def _fal(handler: Handler) -> genvid.Fal:
    return genvid.Fal(api_key="k", base_url="https://queue.fal.test", transport=httpx.MockTransport(handler),
                      retry=genvid.RetryPolicy(max_retries=0), use_sse=False)


CASES: dict[str, Handler] = {
    "html 200": lambda r: httpx.Response(200, text="<html><body>oops</body></html>",
                                         headers={"content-type": "text/html"}),
    "truncated json": lambda r: httpx.Response(200, text='{"job_id": "abc", "sta',
                                               headers={"content-type": "application/json"}),
    "missing field": lambda r: httpx.Response(200, json={"status": "pending"}),
    "wrong type": lambda r: httpx.Response(200, json=["not", "an", "object"]),
    "empty body": lambda r: httpx.Response(200, content=b""),
    "text/plain json": lambda r: httpx.Response(200, text='{"nope": 1}', headers={"content-type": "text/plain"}),
    "html 502": lambda r: httpx.Response(502, text="<html>bad gateway</html>", headers={"content-type": "text/html"}),
    "json 500 odd shape": lambda r: httpx.Response(500, json={"weird": [1, 2]}),
    "status 520": lambda r: httpx.Response(520, text="cloudflare"),
    "redirect elsewhere": lambda r: httpx.Response(302, headers={"location": "https://evil.test/steal"}),
    "huge body": lambda r: httpx.Response(200, content=b"[" + b"1," * (20 * 1024 * 1024) + b"1]",
                                          headers={"content-type": "application/json"}),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_decart_status_against_hostile_answers(case: str) -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url.host))
        return CASES[case](request)

    with pytest.raises(genvid.GenvidError) as info:
        _decart(handler).queue.status("abc")
    assert type(info.value).__module__.startswith("genvid")
    assert "evil.test" not in seen  # redirects are never followed with the key


@pytest.mark.parametrize("case", sorted(set(CASES) - {"missing field"}))  # {"status": ...} is a valid future state
def test_fal_and_luma_against_hostile_answers(case: str) -> None:
    with pytest.raises(genvid.GenvidError):
        _fal(CASES[case]).status("decart/lucy-i2v", "rid")
    with pytest.raises(genvid.GenvidError):
        _luma(CASES[case]).generations.get("4fac0ef4-b336-45bf-a5dc-6de436cfbd62")


def test_unknown_states_and_fields_parse() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"job_id": "abc", "status": "warming_up", "eta": 3})

    status = _decart(handler).queue.status("abc")
    assert status.status.value == "warming_up" and status.additional_properties["eta"] == 3


def test_service_file_names_cannot_escape_the_target_directory(tmp_path: Path) -> None:
    body = b"\x00\x00\x00\x18ftypmp42" + b"0" * 100

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body, headers={"content-type": "video/mp4"})

    with httpx.Client(transport=httpx.MockTransport(handler)) as http:
        for evil in ("../../escape.mp4", "/etc/passwd", "..\\..\\win.mp4", "....//x.mp4", "", ".hidden", "a/b/c.mp4"):
            result = result_from_url(http, "https://cdn.test/x", file_name=evil, job={"request_id": "r1"})
            path = result.save(tmp_path)
            assert path.parent == tmp_path and path.read_bytes() == body
    assert not (tmp_path.parent / "escape.mp4").exists()


def test_download_size_mismatch_is_detected(tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b"short", headers={"content-type": "video/mp4"})

    with httpx.Client(transport=httpx.MockTransport(handler)) as http:
        result = result_from_url(http, "https://cdn.test/x", size=1000)
        with pytest.raises(genvid.DownloadError):
            result.save(tmp_path / "out.mp4")
    assert not (tmp_path / "out.mp4").exists()


def test_malformed_webhook_like_json_in_fal_result() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/status"):
            return httpx.Response(200, json={"status": "COMPLETED", "logs": None})
        return httpx.Response(200, json={"video": {"no_url": True}})

    fal = _fal(handler)
    client_job = genvid.Job("fal", "decart/lucy-i2v", "rid")
    with pytest.raises(genvid.MalformedResponse):
        fal._result(client_job, fal._status(client_job))
    assert json.dumps({"ok": 1})
