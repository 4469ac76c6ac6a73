"""The Redis cache backend shares one client (one connection pool) per process: Django builds a
backend per context, and each ASGI request or job runs in a fresh one."""

from __future__ import annotations

import os
from contextvars import copy_context

import pytest
from django.core.cache import CacheHandler

from tests.conftest import reachable_redis_url


@pytest.fixture
def redis_cache_settings():
    url = reachable_redis_url()
    if url is None:
        if os.environ.get("CI"):
            pytest.fail("CI must test the Redis path: no Redis at REDIS_URL or 127.0.0.1:6379")
        pytest.skip("no Redis server reachable (set REDIS_URL)")
    return {"default": {"BACKEND": "core.cache.ProcessSharedRedisCache", "LOCATION": url, "KEY_PREFIX": "dialogo-test-cache"}}


def test_backends_in_separate_contexts_share_one_connection_pool(redis_cache_settings):
    handler = CacheHandler(redis_cache_settings)

    def backend_in_a_fresh_context():
        return copy_context().run(lambda: handler["default"])

    first, second = backend_in_a_fresh_context(), backend_in_a_fresh_context()
    assert first is not second  # Django's per-context backends…
    assert first._cache is second._cache  # …over one client and pool
    first.set("shared-pool-probe", {"n": 1}, 5)
    assert second.get("shared-pool-probe") == {"n": 1}
    second.delete("shared-pool-probe")
    pool = first._cache._get_connection_pool(write=True)
    assert pool is second._cache._get_connection_pool(write=False)
