"""Send the simulated traffic to a running server: async httpx, a rate, bounded concurrency.

    sim = Simulator("http://127.0.0.1:8000", accounts, rate=2.0, concurrency=8)
    summary = await sim.run(duration=60)          # or messages=100
    print(summary.report())

    background = sim.start_in_thread()             # the demo: gentle traffic until stopped
    ...
    background.stop()

Arrivals are open-loop at `rate` requests/s (Poisson when `jitter`, evenly spaced otherwise): a
slow server makes requests queue behind the `concurrency` bound, it does not slow the schedule
down; `rate=None` sends back to back on every concurrency slot (closed loop, for load tests).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import re
import threading
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from integrations.simulator.conversations import Traffic, TrafficOptions
from integrations.simulator.payloads import SimAccount, WebhookRequest

_RATE = re.compile(r"^\s*(?P<n>\d+(?:\.\d+)?)\s*(?:/\s*(?P<per>\d+(?:\.\d+)?)?\s*(?P<unit>s|sec|m|min|h)?)?\s*$")


def parse_rate(text: str | float | None) -> float | None:
    """`2/s`, `1/5s` (one every 5 s), `30/m`, `0.5`, or `max`/`0`/None (as fast as possible) → req/s."""
    if text is None:
        return None
    if isinstance(text, int | float):
        return float(text) if text > 0 else None
    if text.strip().lower() in ("max", "0", "inf", "unlimited"):
        return None
    match = _RATE.match(text)
    if not match:
        raise ValueError(f"rate must look like 2/s, 1/5s, 30/m or max, not {text!r}")
    per = float(match["per"] or 1) * {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600}[match["unit"] or "s"]
    rate = float(match["n"]) / per
    return rate if rate > 0 else None


def load_accounts(source: str | Path | Iterable[Mapping[str, Any]]) -> list[SimAccount]:
    """Accounts from a JSON file (list of {kind, id, external_id, credentials}) or from dicts."""
    if isinstance(source, str | Path):
        source = json.loads(Path(source).read_text())
    return [SimAccount.from_dict(item) for item in source]


def percentile(sorted_values: Sequence[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, max(0, math.ceil(q * len(sorted_values)) - 1))]


@dataclass
class Summary:
    sent: int = 0
    statuses: Counter = field(default_factory=Counter)  # HTTP status → count
    transport_errors: Counter = field(default_factory=Counter)  # exception name → count
    events: Counter = field(default_factory=Counter)  # payload event → count
    latencies_ms: list[float] = field(default_factory=list)  # successful (2xx) requests
    lag_ms: list[float] = field(default_factory=list)  # how late requests left against the schedule
    error_samples: list[str] = field(default_factory=list)
    wall_seconds: float = 0.0
    messages: int = 0  # requests carrying a customer message (the rest: receipts, echoes, edits)

    @property
    def ok(self) -> int:
        return sum(n for status, n in self.statuses.items() if 200 <= status < 300)

    def count(self, low: int, high: int) -> int:
        return sum(n for status, n in self.statuses.items() if low <= status < high)

    def report(self) -> str:
        ordered = sorted(self.latencies_ms)
        lag = sorted(self.lag_ms)
        rate = self.sent / self.wall_seconds if self.wall_seconds else 0.0
        lines = [
            f"sent {self.sent} webhook requests in {self.wall_seconds:.1f} s ({rate:.1f}/s; {self.messages} customer messages)",
            f"  2xx {self.ok}  4xx {self.count(400, 500)}  5xx {self.count(500, 600)}  transport errors {sum(self.transport_errors.values())}"
            + (f" {dict(self.transport_errors)}" if self.transport_errors else ""),
            f"  latency ms: p50 {percentile(ordered, 0.5):.1f}  p90 {percentile(ordered, 0.9):.1f}  p99 {percentile(ordered, 0.99):.1f}  "
            f"max {ordered[-1] if ordered else float('nan'):.1f}",
        ]
        if lag and lag[-1] > 100:
            lines.append(
                f"  behind schedule: p50 {percentile(lag, 0.5):.0f} ms, max {lag[-1]:.0f} ms (concurrency bound reached)"
            )
        lines.append("  events: " + ", ".join(f"{name} {n}" for name, n in sorted(self.events.items())))
        lines.extend(f"  error: {sample}" for sample in self.error_samples[:5])
        return "\n".join(lines)


class Simulator:
    """Plays `Traffic` over `accounts` against `base_url` through the signed webhook path."""

    def __init__(
        self,
        base_url: str,
        accounts: Sequence[SimAccount | Mapping[str, Any]],
        *,
        rate: float | str | None = 2.0,
        concurrency: int = 8,
        seed: int | None = None,
        duplicates: float = 0.05,
        pace: float = 1.0,
        jitter: bool = True,
        timeout: float = 10.0,
        on_response: Any = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.accounts = [a if isinstance(a, SimAccount) else SimAccount.from_dict(a) for a in accounts]
        self.rate = parse_rate(rate)
        self.concurrency = max(1, concurrency)
        self.jitter = jitter
        self.timeout = timeout
        self.on_response = on_response  # callable(request, status, latency_s, sent_at_monotonic), e.g. for benches
        self.transport = transport  # tests: httpx.ASGITransport(app) instead of the network
        self.traffic = Traffic(self.accounts, seed=seed, options=TrafficOptions(duplicates=duplicates, pace=pace))
        self._stop: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    # --- receipts for what the product sends -----------------------------------------------------

    def outbound_sent(self, sent: Any) -> bool:
        """Hook for the fake platforms' `on_sent` (integrations.fakes.SentMessage or anything with
        kind, account_external_id, recipient, external_id): the platform's receipts follow."""
        return self.traffic.outbound_sent(str(sent.kind), sent.account_external_id, sent.recipient, sent.external_id)

    # --- running -----------------------------------------------------------------------------------

    def stop(self) -> None:
        """Stop a run from any thread: requests in flight finish, nothing new starts."""
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)

    async def run(self, duration: float | None = None, messages: int | None = None) -> Summary:
        """Send until `duration` seconds pass, `messages` webhook requests (customer messages,
        receipts, echoes… each counts) were sent, or `stop()` — whichever comes first."""
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        summary = Summary()
        started = time.monotonic()
        deadline = started + duration if duration else math.inf
        limits = httpx.Limits(max_connections=self.concurrency, max_keepalive_connections=self.concurrency)
        async with httpx.AsyncClient(
            base_url=self.base_url, timeout=self.timeout, limits=limits, transport=self.transport
        ) as client:
            slots = asyncio.Semaphore(self.concurrency)
            tasks: set[asyncio.Task] = set()
            rng = self.traffic.rng
            next_at = started
            sent = 0
            while not self._stop.is_set() and (messages is None or sent < messages):
                if self.rate is not None:
                    next_at += rng.expovariate(self.rate) if self.jitter else 1 / self.rate
                    if next_at >= deadline:
                        break
                    with contextlib.suppress(asyncio.TimeoutError):
                        await asyncio.wait_for(self._stop.wait(), max(0.0, next_at - time.monotonic()))
                    if self._stop.is_set():
                        break
                elif time.monotonic() >= deadline:
                    break
                await slots.acquire()
                if self._stop.is_set():
                    slots.release()
                    break
                request = self.traffic.next_request()
                sent += 1
                scheduled = next_at if self.rate is not None else time.monotonic()
                task = asyncio.create_task(self._send(client, request, summary, slots, scheduled))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
            if tasks:
                await asyncio.gather(*tasks, return_exceptions=True)
        summary.wall_seconds = time.monotonic() - started
        return summary

    async def _send(
        self, client: httpx.AsyncClient, request: WebhookRequest, summary: Summary, slots: asyncio.Semaphore, scheduled: float
    ) -> None:
        try:
            begin = time.monotonic()
            summary.lag_ms.append((begin - scheduled) * 1000)
            summary.sent += 1
            summary.events[request.event] += 1
            summary.messages += request.creates_message
            status = 0
            try:
                response = await client.post(request.path, content=request.body, headers=request.headers)
                status = response.status_code
            except httpx.HTTPError as exc:
                summary.transport_errors[type(exc).__name__] += 1
                if len(summary.error_samples) < 20:
                    summary.error_samples.append(f"{request.event}: {type(exc).__name__}: {exc}")
            elapsed = time.monotonic() - begin
            if status:
                summary.statuses[status] += 1
                if 200 <= status < 300:
                    summary.latencies_ms.append(elapsed * 1000)
                elif len(summary.error_samples) < 20:
                    summary.error_samples.append(f"{request.event} → {status}: {response.text[:200]}")
            if self.on_response is not None:
                self.on_response(request, status, elapsed, begin)
        finally:
            slots.release()

    def start_in_thread(self, duration: float | None = None, messages: int | None = None) -> BackgroundSimulator:
        """Run in a daemon thread with its own event loop (the demo keeps its inbox alive this way)."""
        background = BackgroundSimulator(self, duration=duration, messages=messages)
        background.start()
        return background


class BackgroundSimulator:
    """A `Simulator.run` in a thread: `stop()` ends it, `summary` holds the result once done."""

    def __init__(self, simulator: Simulator, *, duration: float | None, messages: int | None) -> None:
        self.simulator = simulator
        self.summary: Summary | None = None
        self.error: BaseException | None = None
        self._args = (duration, messages)
        self._started = threading.Event()
        self._thread = threading.Thread(target=self._main, name="dialogo-traffic-simulator", daemon=True)

    def start(self) -> None:
        self._thread.start()
        self._started.wait(5)

    def _main(self) -> None:
        async def main() -> Summary:
            task = asyncio.create_task(self.simulator.run(*self._args))
            await asyncio.sleep(0)  # run() sets up its stop event before start() returns
            self._started.set()
            return await task

        try:
            self.summary = asyncio.run(main())
        except BaseException as exc:  # noqa: BLE001 - kept for whoever joins
            self.error = exc
        finally:
            self._started.set()

    def stop(self, timeout: float = 15.0) -> Summary | None:
        self.simulator.stop()
        self._thread.join(timeout)
        return self.summary

    def join(self, timeout: float | None = None) -> Summary | None:
        self._thread.join(timeout)
        if self.error is not None:
            raise self.error
        return self.summary

    @property
    def running(self) -> bool:
        return self._thread.is_alive()
