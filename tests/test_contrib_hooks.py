"""The ``on_delivery`` hook of the Flask and Django receivers (what ``genvid.contrib.celery.finish_pushed`` plugs into).

It is called once with each verified delivery, before the view; never for a rejected one; and if
it raises (the broker is down), the delivery is not acknowledged, so the sender retries it.
"""

from __future__ import annotations

from typing import Any

import pytest
from test_webhooks import GEN_BODY, JWKS, REQ, SECRET, _django_setup, body_of, sign

from genvid.webhooks import FalWebhook, FalWebhookVerifier, LumaCallback, LumaCallbacks


def test_flask_on_delivery() -> None:
    pytest.importorskip("flask")
    import flask

    from genvid.contrib.flask import fal_webhook, luma_callback

    app = flask.Flask("hooks-test")
    pushed: list[Any] = []
    viewed: list[str] = []
    broken = {"on": False}

    def on_delivery(delivery: Any) -> None:
        if broken["on"]:
            raise ConnectionError("the broker is down")
        pushed.append(delivery)

    @app.post("/fal")
    @fal_webhook(FalWebhookVerifier(jwks=JWKS, tolerance=10 ** 10), on_delivery=on_delivery)
    def on_fal(hook: FalWebhook) -> Any:
        viewed.append(hook.request_id)
        return {"ok": True}

    callbacks = LumaCallbacks(SECRET)

    @app.post("/luma")
    @luma_callback(callbacks, on_delivery=on_delivery)
    def on_luma(callback: LumaCallback) -> Any:
        viewed.append(callback.id)
        return "", 204

    client = app.test_client()
    body = body_of()
    assert client.post("/fal", data=body, headers=sign(body), content_type="application/json").status_code == 200
    assert [type(d).__name__ for d in pushed] == ["FalWebhook"] and pushed[0].request_id == REQ == viewed[0]
    assert client.post("/fal", data=body + b" ", headers=sign(body)).status_code == 401  # tampered: no hook call
    path = callbacks.url("http://localhost/luma", job="j1")[len("http://localhost"):]
    assert client.post(path, data=GEN_BODY, content_type="application/json").status_code == 204
    assert len(pushed) == 2 and isinstance(pushed[1], LumaCallback) and pushed[1].context == {"job": "j1"}
    broken["on"] = True
    app.testing = False
    r = client.post("/fal", data=body, headers=sign(body), content_type="application/json")
    assert r.status_code == 500 and len(viewed) == 2  # not acknowledged: fal delivers it again


def test_django_on_delivery() -> None:
    _django_setup()
    from django.http import JsonResponse  # type: ignore[import-untyped,unused-ignore]
    from django.test import RequestFactory  # type: ignore[import-untyped,unused-ignore]

    from genvid.contrib.django import fal_webhook, luma_callback

    pushed: list[Any] = []

    @fal_webhook(FalWebhookVerifier(jwks=JWKS, tolerance=10 ** 10), on_delivery=pushed.append)
    def on_fal(hook: FalWebhook, request: Any) -> Any:
        return JsonResponse({"ok": hook.request_id})

    callbacks = LumaCallbacks(SECRET)

    @luma_callback(callbacks, on_delivery=pushed.append)
    def on_luma(callback: LumaCallback, request: Any) -> Any:
        return JsonResponse({"ok": callback.id})

    factory = RequestFactory()
    body = body_of()
    headers = {"HTTP_" + k.upper().replace("-", "_"): v for k, v in sign(body).items()}
    assert on_fal(factory.post("/fal", data=body, content_type="application/json", **headers)).status_code == 200
    assert on_fal(factory.post("/fal", data=body + b" ", content_type="application/json", **headers)).status_code == 401
    path = callbacks.url("http://testserver/luma", job="j2")[len("http://testserver"):]
    assert on_luma(factory.post(path, data=GEN_BODY, content_type="application/json")).status_code == 200
    assert [type(d).__name__ for d in pushed] == ["FalWebhook", "LumaCallback"]
