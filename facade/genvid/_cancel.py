"""Cancel tokens: any ``threading.Event`` (or object with ``is_set()``), and calls they can interrupt.

The seeds cancel with an ``asyncio.Event``; a blocking client accepts it too, by looking at
it often. ``interruptible`` runs one blocking request so that a set token returns at once.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from ._exceptions import Cancelled, InvalidInput

CHECK = 0.05  # how often a running call looks at its cancel token, in seconds
T = TypeVar("T")


class Polled(threading.Event):
    """A token that is not a ``threading.Event`` (an ``asyncio.Event``), seen as one."""

    def __init__(self, token: Any) -> None:
        super().__init__()
        self._token = token

    def is_set(self) -> bool:
        return bool(self._token.is_set())

    def wait(self, timeout: float | None = None) -> bool:
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self.is_set():
            left = CHECK if deadline is None else min(CHECK, deadline - time.monotonic())
            if left <= 0:
                return False
            time.sleep(left)
        return True


def as_event(value: Any, *, service: str | None = None, field: str = "cancel_token") -> threading.Event | None:
    """The caller's cancel token as an Event: a ``threading.Event``, or anything with ``is_set()``."""
    if value is None or isinstance(value, threading.Event):
        return value
    if callable(getattr(value, "is_set", None)):
        return Polled(value)
    raise InvalidInput(f"{field} must be a threading.Event (or have is_set()), got {type(value).__name__}",
                       field=field, service=service)


def interruptible(call: Callable[[dict[str, Any]], T], cancel: threading.Event, *, service: str,
                  what: str) -> T:
    """Run ``call`` on a helper thread; when ``cancel`` is set, return at once with ``Cancelled``.

    ``call`` gets a dict in which it puts the response it is reading (``"response"``): a cancel
    closes it, which stops the download. A request still waiting for its answer is left to end
    on its own timeout; its answer is dropped.
    """
    if cancel.is_set():
        raise Cancelled(f"{what} was cancelled before it started", service=service)
    outcome: dict[str, Any] = {}
    done = threading.Event()

    def run() -> None:
        try:
            outcome["result"] = call(outcome)
        except BaseException as exc:  # handed to the caller's thread
            outcome["error"] = exc
        finally:
            done.set()

    threading.Thread(target=run, name=f"genvid-{service}-{what}", daemon=True).start()
    while not done.wait(CHECK):
        if cancel.is_set():
            response = outcome.get("response")
            if response is not None:
                response.close()
            raise Cancelled(f"{what} was cancelled; the service may still finish (and bill) the request",
                            service=service, hint="nothing was saved; submit again to retry")
    if "error" in outcome:
        raise outcome["error"]
    result: T = outcome["result"]
    return result
