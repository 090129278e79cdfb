"""Fleet-wide concurrency caps per service, held in Redis.

An account allows so many concurrent jobs per service; a fleet of workers on several
machines must stay under that together. ``RedisCaps`` keeps, per service, a sorted set
of the jobs holding a slot, each scored by when its lease ends:

    caps = RedisCaps("redis://127.0.0.1:6379/0", {"luma": 10, "fal": 20})
    if caps.acquire("luma", job_key):    # atomic (one Lua script): expired leases are dropped first
        ...submit...
    caps.renew("luma", job_key)          # on every status check while the job runs
    caps.release("luma", job_key)        # when the job has ended at the service

A slot is taken before the submit and given back when the service reports the job ended
(or the submit was refused), so the service never sees more than the cap at once. A worker
that dies holding slots does not leak them: each lease expires ``ttl`` seconds after its
last renewal (Redis's own clock, so the workers' clocks do not matter). A job that is
still running when its lease was lost gets its slot back on the next renewal, even past
the cap, so the count stays true and new jobs wait until it is back under.

``acquire`` is re-entrant per holder: a redelivered task holding a slot keeps it. A
service without a limit is never capped. ``redis`` is imported when a ``RedisCaps`` is made.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._catalog import normalize_provider
from .._exceptions import ConfigurationError, InvalidInput, TransportError

__all__ = ["RedisCaps", "RedisHeartbeats", "parse_limits"]

# KEYS[1] the service's sorted set. ARGV: holder, limit, ttl seconds, force (1: add even past the limit).
# Returns 1 when the holder has a slot, 0 when the service is at its cap.
_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local expires = now + tonumber(ARGV[3])
if redis.call('ZSCORE', KEYS[1], ARGV[1]) or ARGV[4] == '1'
   or redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], expires, ARGV[1])
  redis.call('EXPIRE', KEYS[1], math.ceil(tonumber(ARGV[3])) + 60)
  return 1
end
return 0
"""
_LIVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
return redis.call('ZRANGE', KEYS[1], 0, -1)
"""


def parse_limits(limits: Mapping[str, int] | str | None) -> dict[str, int]:
    """``{"luma": 10}`` or ``"luma=10,fal=20"`` as ``{provider: limit}`` (providers normalised)."""
    if limits is None:
        return {}
    items: list[tuple[str, object]]
    if isinstance(limits, str):
        items = []
        for part in limits.split(","):
            if not part.strip():
                continue
            name, sep, text = part.partition("=")
            if not sep:
                raise InvalidInput(f"caps are written service=limit, got {part.strip()!r}", field="caps",
                                   hint="e.g. GENVID_CAPS=luma=10,fal=20")
            items.append((name, text.strip()))
    else:
        items = list(limits.items())
    out: dict[str, int] = {}
    for name, value in items:
        try:
            limit = int(str(value))
        except ValueError:
            raise InvalidInput(f"the cap of {name.strip()} must be an integer, got {value!r}", field="caps") from None
        if limit < 1:
            raise InvalidInput(f"the cap of {name.strip()} must be at least 1", field="caps")
        out[normalize_provider(name)] = limit
    return out


class RedisCaps:
    """Per-service concurrency caps shared by every worker that uses the same Redis and ``prefix``.

    ``limits`` maps providers (``decart``, ``fal``, ``luma``, ``luma-agents``) to how many of
    their jobs may run at once; ``ttl`` is how long a slot outlives its last renewal (make it
    well above the longest gap between two status checks of one job).
    """

    def __init__(self, url: str, limits: Mapping[str, int] | str, *, ttl: float = 300.0,
                 prefix: str = "genvid:caps:", client: Any = None) -> None:
        if ttl <= 0:
            raise InvalidInput("ttl must be > 0 seconds", field="ttl")
        self.limits = parse_limits(limits)
        self.ttl = float(ttl)
        self.prefix = prefix
        client = client if client is not None else _connect(url, "fleet caps")
        self._redis = client
        self._location = _redact(url)
        self._acquire = client.register_script(_ACQUIRE)
        self._live = client.register_script(_LIVE)

    def __repr__(self) -> str:
        return f"RedisCaps({self._location!r}, {self.limits!r}, ttl={self.ttl:g})"

    def limit(self, service: str) -> int | None:
        """The cap of a service (None: not capped)."""
        return self.limits.get(normalize_provider(service))

    def _key(self, service: str) -> str:
        return f"{self.prefix}{normalize_provider(service)}"

    def _call(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            import redis

            if isinstance(exc, redis.RedisError):
                raise TransportError(f"the caps store at {self._location} failed: {type(exc).__name__}: {exc}",
                                     service="caps", hint="check that Redis is up") from None
            raise

    def acquire(self, service: str, holder: str) -> bool:
        """Take a slot for ``holder`` (a job key); False when the service is at its cap (wait and try again)."""
        limit = self.limit(service)
        if limit is None:
            return True
        return bool(self._call(self._acquire, keys=[self._key(service)], args=[holder, limit, self.ttl, 0]))

    def renew(self, service: str, holder: str) -> None:
        """Extend ``holder``'s lease (its job is still running at the service); re-taken if it had expired."""
        limit = self.limit(service)
        if limit is not None:
            self._call(self._acquire, keys=[self._key(service)], args=[holder, limit, self.ttl, 1])

    def release(self, service: str, holder: str) -> None:
        """Give ``holder``'s slot back (idempotent)."""
        if self.limit(service) is not None:
            self._call(self._redis.zrem, self._key(service), holder)

    def holders(self, service: str) -> list[str]:
        """The holders of the service's live slots."""
        if self.limit(service) is None:
            return []
        return [h.decode() if isinstance(h, bytes) else str(h)
                for h in self._call(self._live, keys=[self._key(service)], args=[])]

    def in_use(self, service: str) -> int:
        """How many of the service's slots are held now."""
        return len(self.holders(service))

    def clear(self) -> None:
        """Drop every slot of every capped service (for tests and for starting over)."""
        for service in self.limits:
            self._call(self._redis.delete, self._key(service))


def _redact(url: str) -> str:
    from .._journal_pg import redact

    return redact(url)


class RedisHeartbeats:
    """When each job's next task is due, in Redis: what ``genvid.sweep`` uses to find jobs whose tasks were lost.

    Every re-scheduled step touches its job's key with a lease a little longer than its
    countdown; a job in the journal whose lease has run out has no task coming (its message
    was dropped: a Redis broker loses the message a worker is killed between receiving and
    recording), so the sweep sets it going again.
    """

    def __init__(self, url: str, *, prefix: str = "genvid:due:", grace: float = 300.0, client: Any = None) -> None:
        self._redis = client if client is not None else _connect(url, "heartbeats")
        self.prefix = prefix
        self.grace = float(grace)
        self._location = _redact(url)

    def __repr__(self) -> str:
        return f"RedisHeartbeats({self._location!r}, grace={self.grace:g})"

    def touch(self, key: str, countdown: float) -> None:
        """The job ``key`` has a task due in ``countdown`` seconds (the lease adds ``grace`` for a busy queue)."""
        try:
            self._redis.set(self.prefix + key, "1", px=max(1, int((countdown + self.grace) * 1000)))
        except Exception as exc:
            import redis

            if isinstance(exc, redis.RedisError):  # a missed heartbeat only means an extra check later
                return
            raise

    def alive(self, keys: list[str]) -> set[str]:
        """Those of ``keys`` whose next task is still due."""
        if not keys:
            return set()
        try:
            values = self._redis.mget([self.prefix + k for k in keys])
        except Exception as exc:
            import redis

            if isinstance(exc, redis.RedisError):
                raise TransportError(f"the heartbeat store at {self._location} failed: {exc}", service="caps",
                                     hint="check that Redis is up") from None
            raise
        return {k for k, v in zip(keys, values, strict=True) if v is not None}

    def forget(self, key: str) -> None:
        """The job has ended: no task is due."""
        try:
            self._redis.delete(self.prefix + key)
        except Exception as exc:
            import redis

            if not isinstance(exc, redis.RedisError):
                raise


def _connect(url: str, what: str) -> Any:
    """A Redis client for ``url`` whose every call returns within 10 s."""
    try:
        import redis
    except ImportError:
        raise ConfigurationError(f"{what} need the redis package", service="caps",
                                 hint="pip install 'genvid[celery]' (or redis)") from None
    return redis.Redis.from_url(url, socket_timeout=10, socket_connect_timeout=10, health_check_interval=30)
