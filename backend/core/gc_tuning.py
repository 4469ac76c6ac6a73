"""Garbage-collector settings for the long-running processes (web/websockets and job workers).

CPython's full collections walk every tracked object. In a Django process that is several
hundred thousand objects made at startup (modules, models, URL patterns, settings) plus, in a
websocket server, a thousand consumers: measured with bench/webhooks.py, a worker's full
collection stopped it for 50–70 ms — a new customer's message waited that long to reach the
agents. Startup objects live as long as the process, so `gc.freeze()` moves them where the
collector never looks again: full collections then walk only what was made since. (The
thresholds stay CPython's: a larger young generation made each collection of it slower, up to
~100 ms with a thousand sockets, which is what this is meant to avoid.)

Every collection that still takes SLOW_COLLECTION_MS or more is logged as a warning
(`dialogo.gc`). With a thousand agents, the web process's full collections take 90–200 ms
while sockets connect or disconnect in bulk (measured with bench/webhooks.py); in between,
none reached 20 ms.
"""

from __future__ import annotations

import gc
import logging
import time

logger = logging.getLogger("dialogo.gc")

SLOW_COLLECTION_MS = 20.0  # a pause agents would notice in realtime latency


def tune_after_startup() -> None:
    """Call once the process has imported and built what it keeps (idempotent)."""
    gc.collect()  # what startup left as garbage is freed, not frozen
    gc.freeze()
    if _log_slow_collections not in gc.callbacks:
        gc.callbacks.append(_log_slow_collections)


_collection_started = 0.0


def _log_slow_collections(phase: str, info: dict) -> None:
    """A warning for every collection that stopped the process for SLOW_COLLECTION_MS or more:
    the one pause a latency figure cannot show the cause of."""
    global _collection_started
    if phase == "start":
        _collection_started = time.perf_counter()
        return
    elapsed_ms = (time.perf_counter() - _collection_started) * 1000
    if elapsed_ms >= SLOW_COLLECTION_MS:
        logger.warning(
            "garbage collection of generation %s took %.0f ms (%s objects freed; %s frozen at startup)",
            info.get("generation"),
            elapsed_ms,
            info.get("collected"),
            gc.get_freeze_count(),
        )
