"""A typed tour of the public API: ``mypy --strict`` checks this file in CI (it is not run)."""

from __future__ import annotations

import threading
from pathlib import Path

import genvid
from genvid import Client, Job, JobOutcome, JobStatus, ModelInfo, Result, RetryEvent, RetryPolicy


def tour(emulator_url: str) -> None:
    def on_retry(event: RetryEvent) -> None:
        print(event.attempt, event.delay, event.status)

    client: Client = genvid.Client(emulator=emulator_url, retry=RetryPolicy(max_retries=2, on_retry=on_retry))
    result: Result = client.generate("decart:lucy-pro-t2v", prompt="A lake at sunset", seed=42, timeout=600)
    saved: Path = result.save("lake.mp4", on_progress=lambda done, total: None)
    media: str | None = result.media_type
    data: bytes = result.read()
    chunks = list(result.iter_bytes())
    job: Job = client.submit("fal:decart/lucy-14b/image-to-video", prompt="p", image=b"\x89PNG")
    same: Job = client.job(job.id)
    status: JobStatus = client.status(same)
    cancel = threading.Event()

    def show(s: JobStatus) -> None:
        print(s.state, s.queue_position, s.logs)

    try:
        waited: Result = client.wait(job, timeout=60, on_status=show, cancel=cancel)
        print(waited.url)
    except genvid.JobFailed as exc:
        print(exc.code, exc.failure_code, exc.reason, exc.request_id)
    except genvid.DeadlineExceeded as exc:
        print(exc.job_id, exc.last_status)
    cancelled: bool = client.cancel(job)
    outcomes: list[JobOutcome] = client.wait_all([job, client.submit("luma:ray-2", prompt="a teddy bear")])
    for outcome in client.as_completed([job]):
        print(outcome.ok, outcome.result, outcome.error)
    models: list[ModelInfo] = genvid.models()
    names: list[str] = [m.name for m in models]
    print(saved, media, data, chunks, status, cancelled, outcomes, names)

    decart = genvid.Decart(api_key="k", base_url=emulator_url + "/decart")
    video: bytes = decart.process({"model": genvid.Decart.models.video("lucy-pro-t2v"), "prompt": "lake"})
    polled = decart.queue.submit_and_poll({"model": "lucy-2.6", "prompt": "snow", "data": video},
                                           on_status_change=print)
    if polled.status == "completed":
        print(len(polled.data))
    else:
        print(polled.error)

    fal = genvid.Fal(api_key="k", emulator=emulator_url)
    output: dict[str, object] = fal.subscribe("decart/lucy-edit/pro", {"prompt": "p", "video_url": "https://x/v.mp4"},
                                              with_logs=True, on_queue_update=print)
    handle = fal.submit("decart/lucy-i2v", {"prompt": "p", "image_url": "https://x/i.png"}, webhook_url="https://h")
    print(output, handle.request_id, fal.upload(b"bytes", "image/png"))

    try:
        client.generate("decart:lucy-pro-i2v", prompt="no image")
    except genvid.InvalidInput as exc:
        field: str | None = exc.field
        print(field)
