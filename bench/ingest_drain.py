#!/usr/bin/env python
"""Drain benchmark: stored webhook requests through the real inbound drain, in one process.

    .venv/bin/python bench/ingest_drain.py --quick --database-url postgresql://postgres@127.0.0.1:5432/postgres
    .venv/bin/python bench/ingest_drain.py --events 20000 --batch-size 200 --profile /tmp/drain.prof

What it does: creates a scratch database (`dialogo_bench_drain`, dropped at the start and at
the end), seeds a workspace like bench/webhooks.py (one channel account per webhook kind in
turn, each routing new cases to a team, the demo's SLA policies), has the traffic simulator
(integrations.simulator) sign `--events` platform requests (messages, postbacks, receipts,
echoes, edits, emails; ~5 % redeliveries), stores them as pending InboundEvents the way the
accept path does, then times `inbox.inbound._drain_batch` until the queue is empty: the
claim, the connectors' parsing, the set-based fast lane, the per-message fallbacks, the
receipts and the final update — everything a Procrastinate worker runs, without the job
queue and HTTP around it. Prints customer messages/s and the CPU per customer message of
this process (Python) and of its PostgreSQL backend (from /proc: a server on this machine).
The channel layer is in-memory unless REDIS_URL is set (then each push is a Redis PUBLISH).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from collections import Counter
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))
import ingest_core as core  # noqa: E402  (sets up sys.path for the project and backend)
import webhooks  # noqa: E402

BENCH_DATABASE = "dialogo_bench_drain"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=10_000, help="stored webhook requests (10,000; --quick 3,000)")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--batch-size", type=int, default=200, help="events claimed per drain batch (the drain's default, inbox.inbound.BATCH_SIZE: 200)")
    parser.add_argument("--accounts", type=int, default=12)
    parser.add_argument("--teams", type=int, default=6)
    parser.add_argument(
        "--database-url", default="", help="server to create the scratch database on (default: embedded PostgreSQL)"
    )
    parser.add_argument("--database-name", default=BENCH_DATABASE)
    parser.add_argument(
        "--profile", metavar="FILE", help="cProfile (CPU time) of the drain into FILE and print the top functions"
    )
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--per-message",
        action="store_true",
        help="switch the fast lane off: every message through message_ingest (the drain before batch ingest)",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.events = 3_000
    if "bench" not in args.database_name:
        raise SystemExit("--database-name must contain 'bench'")

    admin_url, server = core.server_url(argparse.Namespace(database_url=args.database_url))
    core.recreate_database(admin_url, args.database_name)
    try:
        return _run(args, core.with_database(admin_url, args.database_name), server)
    finally:
        core.recreate_database(admin_url, args.database_name, drop_only=True)


def _run(args, database_url: str, server: str) -> int:
    core.django_setup(database_url)
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    seed_args = argparse.Namespace(teams=args.teams, accounts=args.accounts, agents=0, ws_watchers=0)
    accounts, _ = webhooks.seed(seed_args)

    import inbox.inbound
    from channel_accounts.models import ChannelAccount, InboundEvent, InboundEventStatus
    from inbox.inbound import _drain_batch
    from inbox.models import Direction, Message

    if args.per_message:
        inbox.inbound.messages_ingest_batch = lambda *, items: [None] * len(items)
    by_id = ChannelAccount.objects.in_bulk()
    now = timezone.now()
    events = []
    for path, headers, body in webhooks.build_pool(accounts, args.events, args.seed):
        kind, account_id = path.strip("/").split("/")[1:3]
        account = by_id[int(account_id)]
        events.append(
            InboundEvent(
                workspace_id=account.workspace_id, channel_account=account, kind=kind, status=InboundEventStatus.PENDING,
                received_at=now, headers={k.lower(): v for k, v in headers.items()}, body=body, next_attempt_at=now,
            )
        )  # fmt: skip
    InboundEvent.objects.bulk_create(events)

    from config.processes import long_running_process_ready

    long_running_process_ready()  # what a worker does at startup (holiday rules loaded, gc frozen)
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend_pid = cursor.fetchone()[0]
    profiler = cProfile.Profile(time.process_time) if args.profile else None
    load_before = os.getloadavg()[0]
    machine_start = core._machine_cpu_seconds()
    cpu_start, backend_start, started = time.process_time(), core._proc_cpu_seconds(backend_pid), time.monotonic()
    if profiler:
        profiler.enable()
    batches = 0
    while _drain_batch(args.batch_size):
        batches += 1
    if profiler:
        profiler.disable()
    cpu_end, backend_end, finished = time.process_time(), core._proc_cpu_seconds(backend_pid), time.monotonic()
    machine_end = core._machine_cpu_seconds()

    messages = Message.objects.filter(direction=Direction.IN).count()
    statuses = Counter(InboundEvent.objects.values_list("status", flat=True))
    wall = finished - started
    busy = (machine_end[0] - machine_start[0]) / max(machine_end[1] - machine_start[1], 1e-9)
    print("-" * 100)
    print(f"Dialogo drain benchmark — bench/ingest_drain.py — {server}; load average before start {load_before:.2f}")
    print(
        f"  path: {'message_ingest per message (--per-message)' if args.per_message else 'set-based fast lane + message_ingest for the rest'}"
    )
    print(
        f"  {len(events):,} stored webhook requests in {batches} batches of ≤ {args.batch_size}; events by status {dict(statuses)}"
    )
    print(f"  customer messages stored: {messages:,} in {wall:.1f} s = {messages / wall:,.0f} messages/s (one process)")
    backend = "n/a" if backend_start is None or backend_end is None else f"{1000 * (backend_end - backend_start) / messages:.2f}"
    print(
        f"  CPU per customer message (ms): drain process (Python, Django, psycopg) {1000 * (cpu_end - cpu_start) / messages:.2f}"
        f" + its PostgreSQL backend {backend}; machine {100 * busy:.0f}% busy of {os.cpu_count()} CPUs"
    )
    print("  (receipts, echoes and edits of the same traffic are processed too; their cost is inside these figures)")
    if profiler:
        profiler.dump_stats(args.profile)
        pstats.Stats(args.profile).sort_stats("cumulative").print_stats(r"backend|integrations", 30)
    connection.close()
    return 0 if statuses.keys() == {"processed"} else 2


if __name__ == "__main__":
    sys.exit(main())
