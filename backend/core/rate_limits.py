"""Fixed-window rate limits kept in Django's cache: Redis when REDIS_URL is set (shared by every
process), this process's memory otherwise (the embedded default is one process).

A fixed window lets a burst of up to twice the limit straddle a boundary; for keeping scripts
from flooding a public endpoint that is enough, and it costs one INCR.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.core.cache import cache

from core.errors import RateLimitedError

# The clock windows are counted on (tests pin it: a test's requests must not straddle a window).
clock = time.time


@dataclass(frozen=True, slots=True)
class RateLimit:
    scope: str  # the cache key's part naming what is limited: "webchat-messages"
    description: str  # for the error: "messages from this visitor"
    limit: int
    window_seconds: int


def rate_limit_hit(rule: RateLimit, key: str, *, now: float | None = None) -> None:
    """Count one use of `rule` by `key` (an IP, a session…); raise RateLimitedError (429, with
    the seconds until the window ends) once `key` went over the limit in this window."""
    now = clock() if now is None else now
    window = int(now // rule.window_seconds)
    cache_key = f"rate:{rule.scope}:{key}:{window}"
    cache.add(cache_key, 0, timeout=rule.window_seconds + 1)
    try:
        used = cache.incr(cache_key)
    except ValueError:  # expired between add and incr: a fresh window
        cache.set(cache_key, 1, timeout=rule.window_seconds + 1)
        used = 1
    if used > rule.limit:
        retry_after = max(1, int((window + 1) * rule.window_seconds - now + 0.999))
        raise RateLimitedError(
            f"Too many {rule.description}: at most {rule.limit} every {rule.window_seconds} s. Try again in {retry_after} s.",
            retry_after=retry_after,
        )
