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
    tune_after_startup()


def procrastinate_app_ready(app) -> None:  # noqa: ARG001 - PROCRASTINATE_ON_APP_READY's signature
    """Called wherever Procrastinate's Django app loads (every manage.py command, the tests):
    only the worker command is a long-running process."""
    if sys.argv[1:3] == ["procrastinate", "worker"]:
        long_running_process_ready()
