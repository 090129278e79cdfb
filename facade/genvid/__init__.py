"""genvid: one blocking, typed client for AI video and image generation.

    import genvid
    client = genvid.Client()
    client.generate("decart:lucy-pro-t2v", prompt="A lake at sunset", seed=42).save("lake.mp4")

Services: Decart (``genvid.Decart``), fal.ai (``genvid.Fal``), Luma Dream Machine
(``genvid.Luma``) and Luma Agents (``genvid.LumaAgents``). Everything is imported
lazily, so ``import genvid`` stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._exceptions import (
    APIError,
    AuthenticationError,
    BadRequest,
    Cancelled,
    ConfigurationError,
    Conflict,
    DeadlineExceeded,
    DownloadError,
    GenvidError,
    InvalidInput,
    JobFailed,
    MalformedResponse,
    NotFound,
    PermissionDenied,
    RateLimited,
    RequestTimeout,
    ServerError,
    SubmitUncertain,
    TransportError,
    UnknownProvider,
    UnsafeURL,
    WebhookVerificationError,
)

if TYPE_CHECKING:
    from ._catalog import ModelInfo, models
    from ._client import Client
    from ._decart import Decart
    from ._fal import Fal
    from ._jobs import Job, JobInfo, JobOutcome, JobStatus, Submitted
    from ._luma import Luma
    from ._luma_agents import LumaAgents
    from ._results import Result
    from ._service import PollPolicy
    from ._transport import RetryEvent, RetryPolicy, UrlPolicy

__version__ = "0.1.0"

_LAZY = {
    "Client": "._client",
    "Decart": "._decart",
    "Fal": "._fal",
    "Luma": "._luma",
    "LumaAgents": "._luma_agents",
    "Job": "._jobs",
    "JobStatus": "._jobs",
    "JobOutcome": "._jobs",
    "Submitted": "._jobs",
    "JobInfo": "._jobs",
    "Result": "._results",
    "ModelInfo": "._catalog",
    "models": "._catalog",
    "PollPolicy": "._service",
    "RetryPolicy": "._transport",
    "RetryEvent": "._transport",
    "UrlPolicy": "._transport",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        if name == "webhooks":
            return importlib.import_module(".webhooks", __name__)
        raise AttributeError(f"module 'genvid' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "APIError",
    "AuthenticationError",
    "BadRequest",
    "Cancelled",
    "Client",
    "ConfigurationError",
    "Conflict",
    "DeadlineExceeded",
    "Decart",
    "DownloadError",
    "Fal",
    "GenvidError",
    "InvalidInput",
    "Job",
    "JobFailed",
    "JobInfo",
    "JobOutcome",
    "JobStatus",
    "Luma",
    "LumaAgents",
    "MalformedResponse",
    "ModelInfo",
    "NotFound",
    "PermissionDenied",
    "PollPolicy",
    "RateLimited",
    "RequestTimeout",
    "Result",
    "RetryEvent",
    "RetryPolicy",
    "ServerError",
    "SubmitUncertain",
    "Submitted",
    "TransportError",
    "UnknownProvider",
    "UnsafeURL",
    "UrlPolicy",
    "WebhookVerificationError",
    "models",
]
