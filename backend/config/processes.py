"""What a long-running process does once it has loaded: the ASGI server (config.asgi, which the
embedded default's `serve` also runs the worker in) and `manage.py procrastinate worker`.

It loads now what the first message would otherwise wait for, then moves everything loaded so
far out of the garbage collector's way (core.gc_tuning).
"""

from __future__ import annotations

import sys

from core.gc_tuning import tune_after_startup
from sla.calendars import holiday_rules_preload


def long_running_process_ready() -> None:
    holiday_rules_preload()  # before the freeze: it lives as long as the process
    _backends_preload()
    tune_after_startup()


def _backends_preload() -> None:
    """Build the channel layer, the cache backend and the platform clients' TLS context now:
    with Redis, the first realtime push and the first cache call would otherwise import
    redis-py, channels_redis and msgpack (≈ 75 modules) inside a worker's first batch, and the
    first send load the CA bundle. None opens a connection here."""
    from channels.layers import get_channel_layer
    from django.core.cache import caches

    from integrations.http import tls_context

    get_channel_layer()
    caches["default"]
    tls_context()


def procrastinate_app_ready(app) -> None:  # noqa: ARG001 - PROCRASTINATE_ON_APP_READY's signature
    """Called wherever Procrastinate's Django app loads (every manage.py command, the tests):
    only the worker command is a long-running process."""
    if sys.argv[1:3] == ["procrastinate", "worker"]:
        long_running_process_ready()
