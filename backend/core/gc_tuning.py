"""Garbage-collector settings for the long-running processes (web/websockets and job workers).

CPython's full collections walk every tracked object. In a Django process that is several
hundred thousand objects made at startup (modules, models, URL patterns, settings) plus, in a
websocket server, a thousand consumers: measured with bench/webhooks.py, a worker's full
collection stopped it for 50–70 ms — a new customer's message waited that long to reach the
agents. Startup objects live as long as the process, so `gc.freeze()` moves them where the
collector never looks again: full collections then walk only what was made since. (The
thresholds stay CPython's: a larger young generation made each collection of it slower, up to
~100 ms with a thousand sockets, which is what this is meant to avoid.)
"""

from __future__ import annotations

import gc


def tune_after_startup() -> None:
    """Call once the process has imported and built what it keeps (idempotent)."""
    gc.collect()  # what startup left as garbage is freed, not frozen
    gc.freeze()
