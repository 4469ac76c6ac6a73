"""Long-running processes freeze what startup built and log every collection that stopped them
for long enough to show in realtime latency."""

from __future__ import annotations

import gc
import logging

from core import gc_tuning


def test_startup_tuning_registers_the_slow_collection_log_once():
    try:
        gc_tuning.tune_after_startup()
        gc_tuning.tune_after_startup()
        assert gc.callbacks.count(gc_tuning._log_slow_collections) == 1
        assert gc.get_freeze_count() > 0
    finally:
        while gc_tuning._log_slow_collections in gc.callbacks:
            gc.callbacks.remove(gc_tuning._log_slow_collections)
        gc.unfreeze()


def test_a_collection_over_the_threshold_is_logged_and_a_short_one_is_not(monkeypatch, caplog):
    clock = [100.0]
    monkeypatch.setattr(gc_tuning.time, "perf_counter", lambda: clock[0])
    caplog.set_level(logging.WARNING, logger="dialogo.gc")

    gc_tuning._log_slow_collections("start", {"generation": 0})
    clock[0] += 0.005
    gc_tuning._log_slow_collections("stop", {"generation": 0, "collected": 3})
    assert not caplog.records

    gc_tuning._log_slow_collections("start", {"generation": 2})
    clock[0] += 0.120
    gc_tuning._log_slow_collections("stop", {"generation": 2, "collected": 485})
    assert [record.getMessage().split(" (")[0] for record in caplog.records] == ["garbage collection of generation 2 took 120 ms"]
