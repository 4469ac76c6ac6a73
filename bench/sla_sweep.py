#!/usr/bin/env python
"""SLA sweep benchmark: one sweep over 1,000 due clocks among 100,000 and 1,000,000 open ones.

    .venv/bin/python bench/sla_sweep.py               # 100k then 1M open case clocks
    .venv/bin/python bench/sla_sweep.py --quick       # 10k then 100k, a smoke check (< 1 min)
    .venv/bin/python bench/sla_sweep.py --help

What it does:
- creates a scratch database `dialogo_bench_sla` (dropped and recreated at the start,
  dropped at the end unless --keep-db) on the embedded PostgreSQL under ./var/ or on the
  server of --database-url, and migrates it — never the dev `dialogo` database;
- seeds one workspace, channel account, customer and identity, a Madrid 09:00–17:00
  business calendar and a default policy (first response 1 h, resolution 8 h, business time);
- fills `inbox_case` and `sla_casesla` with INSERT … SELECT generate_series (no Python per
  row): open cases whose next check is between one minute and five days ahead, plus, for
  each measurement, 1,000 cases whose next check has passed — half of them crossed their
  at-risk point, half their deadline (a breach, whose margin is computed in business time);
- times `sla.services.sla_sweep` (what the every-minute job runs) at the small size, then
  grows the table to the large size and times it again, five fresh rounds each; prints
  the plan of the sweep's claim query (EXPLAIN ANALYZE, BUFFERS) to show it reads the
  partial index on next_check_at, and the time to send the alerts of one round
  (`sla_events_dispatch`: timeline rows, realtime events), which runs after the sweep.
  The calendar is built once before measuring, as in a long-lived worker.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

PROJECT_DIR = Path(__file__).resolve().parent.parent
BACKEND_DIR = PROJECT_DIR / "backend"
for _path in (str(PROJECT_DIR), str(BACKEND_DIR)):
    if _path not in sys.path:
        sys.path.insert(0, _path)

BENCH_DATABASE = "dialogo_bench_sla"
DUE_PER_ROUND = 1_000
ROUNDS = 5
# A Wednesday, mid-morning in Madrid: the sweep's "now".
NOW = datetime(2026, 11, 18, 11, 0, tzinfo=ZoneInfo("Europe/Madrid"))


def with_database(url: str, database: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{database}"))


def server_url(args) -> tuple[str, str]:
    if args.database_url:
        return with_database(args.database_url, "postgres"), f"PostgreSQL at {urlsplit(args.database_url).hostname or 'local socket'}"
    from config.embedded_postgres import embedded_database_url  # starts or joins the embedded server

    var_dir = Path(os.environ.get("DIALOGO_VAR_DIR", PROJECT_DIR / "var"))
    return embedded_database_url(var_dir, "postgres"), f"embedded PostgreSQL (pgserver) under {var_dir}/postgres"


def recreate_database(admin_url: str, *, drop_only: bool = False) -> None:
    import psycopg
    from psycopg import sql

    assert BENCH_DATABASE != "dialogo" and "bench" in BENCH_DATABASE
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(BENCH_DATABASE)))
        if not drop_only:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(BENCH_DATABASE)))


def django_setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "0"  # DEBUG would keep every query in memory
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["DB_POOL_MIN_SIZE"] = "1"
    os.environ["DB_POOL_MAX_SIZE"] = "2"
    import django

    django.setup()


# --- Bulk rows in SQL ------------------------------------------------------------------------


def insert_select(model, overrides: dict[str, str], source: str) -> str:
    """INSERT INTO <model> (every column) SELECT … FROM <source>. A column not in `overrides`
    gets the model field's default as a literal, so the bench keeps up with new fields on
    the models; `overrides` and `source` may use %(name)s parameters."""
    from django.db import connection

    columns, expressions = [], []
    with connection.cursor() as cursor:
        for field in model._meta.concrete_fields:
            if field.primary_key:
                continue
            columns.append(connection.ops.quote_name(field.column))
            if field.name in overrides:
                expressions.append(overrides[field.name])
                continue
            default = field.get_default()
            if default is None and not field.null:
                raise SystemExit(f"{model.__name__}.{field.name} needs a value in the bench")
            literal = cursor.mogrify("%s", [field.get_db_prep_save(default, connection)])
            expressions.append(literal.replace("%", "%%"))
    return f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) SELECT {', '.join(expressions)} FROM {source}"


class Seed:
    def __init__(self):
        from accounts.models import Workspace
        from channel_accounts.models import ChannelAccount
        from customers.models import Customer, Identity
        from sla import services

        self.workspace = Workspace.objects.create(name="SLA bench", slug="sla-bench", timezone="Europe/Madrid")
        self.account = ChannelAccount.objects.create(workspace=self.workspace, kind="api", name="API", external_id="bench")
        self.customer = Customer.objects.create(workspace=self.workspace, display_name="Bench customer")
        self.identity = Identity.objects.create(workspace=self.workspace, customer=self.customer, channel_kind="api", external_id="c1")
        self.calendar = services.calendar_create(
            workspace=self.workspace, name="Madrid office", timezone="Europe/Madrid",
            hours=[{"weekday": day, "start": "09:00", "end": "17:00"} for day in range(5)],
            holiday_country="ES", holiday_subdivision="MD",
        )  # fmt: skip
        self.policy = services.policy_create(
            workspace=self.workspace, name="Standard", is_default=True, calendar=self.calendar,
            first_response_seconds=3600, resolution_seconds=8 * 3600,
        )  # fmt: skip
        self.next_thread = 0


def add_open_cases(seed: Seed, count: int, *, due: bool) -> float:
    """`count` open cases with their clocks, in two statements; returns the seconds taken.

    Not due: opened in the last few minutes, next check one minute to five days ahead.
    Due: opened two hours ago; the even ones passed their at-risk point (first response
    at risk at now − 1 min, due at now + 11 min), the odd ones their deadline (due at
    now − 5 min): the sweep marks them at risk and breached."""
    import json

    from django.db import connection, transaction

    from inbox.models import Case
    from sla.models import CaseSla

    first, seed.next_thread = seed.next_thread + 1, seed.next_thread + count
    params = {
        "workspace": seed.workspace.pk, "customer": seed.customer.pk, "identity": seed.identity.pk, "account": seed.account.pk,
        "policy": seed.policy.pk, "calendar": seed.calendar.pk, "targets": json.dumps(seed.policy.targets()),
        "now": NOW, "first": first, "last": seed.next_thread,
    }  # fmt: skip
    case_sql = insert_select(
        Case,
        {
            "workspace": "%(workspace)s", "customer": "%(customer)s", "identity": "%(identity)s", "channel_account": "%(account)s",
            "thread_key": "'bench:' || n", "status": "'open'",
            "opened_at": "%(now)s::timestamptz - interval '2 hours'" if due else "%(now)s::timestamptz - (n %% 600) * interval '1 second'",
            "last_message_at": "%(now)s", "waiting_since": "%(now)s", "created_at": "now()", "updated_at": "now()",
        },
        "generate_series(%(first)s::bigint, %(last)s::bigint) AS n",
    )  # fmt: skip
    if due:
        even = "c.id %% 2 = 0"
        fr_status = f"CASE WHEN {even} THEN 'on_track' ELSE 'at_risk' END"
        fr_at_risk = f"CASE WHEN {even} THEN %(now)s::timestamptz - interval '1 minute' ELSE %(now)s::timestamptz - interval '17 minutes' END"
        fr_due = f"CASE WHEN {even} THEN %(now)s::timestamptz + interval '11 minutes' ELSE %(now)s::timestamptz - interval '5 minutes' END"
        next_check = f"CASE WHEN {even} THEN %(now)s::timestamptz - interval '1 minute' ELSE %(now)s::timestamptz - interval '5 minutes' END"
    else:
        spread = "((c.id * 7919) %% 432000 + 60) * interval '1 second'"  # one minute to five days ahead
        fr_status = "'on_track'"
        fr_at_risk = next_check = f"%(now)s::timestamptz + {spread}"
        fr_due = f"%(now)s::timestamptz + {spread} + interval '12 minutes'"
    clock_sql = insert_select(
        CaseSla,
        {
            "workspace": "c.workspace_id", "case": "c.id", "policy": "%(policy)s", "calendar": "%(calendar)s",
            "targets": "%(targets)s::jsonb",
            "first_response_status": fr_status, "first_response_cycle": "1", "first_response_started_at": "c.opened_at",
            "first_response_due_at": fr_due, "first_response_at_risk_at": fr_at_risk,
            "resolution_status": "'on_track'", "resolution_cycle": "1", "resolution_started_at": "c.opened_at",
            "resolution_due_at": "%(now)s::timestamptz + interval '6 days'",
            "resolution_at_risk_at": "%(now)s::timestamptz + interval '5 days'",
            "next_check_at": next_check, "next_due_at": fr_due, "created_at": "now()", "updated_at": "now()",
        },
        "inbox_case c WHERE c.workspace_id = %(workspace)s AND c.id BETWEEN %(first_id)s AND %(last_id)s",
    )  # fmt: skip
    started = time.monotonic()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM inbox_case")
        params["first_id"] = cursor.fetchone()[0] + 1
        cursor.execute(case_sql, params)
        cursor.execute("SELECT max(id) FROM inbox_case")
        params["last_id"] = cursor.fetchone()[0]
        cursor.execute(clock_sql, params)
    return time.monotonic() - started


# --- Measuring -----------------------------------------------------------------------------


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE inbox_case")
        cursor.execute("VACUUM ANALYZE sla_casesla")
        cursor.execute("VACUUM ANALYZE sla_slaevent")


def open_clocks() -> int:
    from sla.models import CaseSla

    return CaseSla.objects.filter(stopped_at__isnull=True).count()


def claim_plan(batch_size: int = 500) -> list[str]:
    """EXPLAIN (ANALYZE, BUFFERS) of the sweep's claim query, exactly as the ORM sends it;
    rolled back so the locks and rows it touched are left as they were."""
    from django.db import connection, transaction

    from sla.models import CaseSla

    query = CaseSla.objects.select_for_update(skip_locked=True).filter(next_check_at__lte=NOW).order_by("next_check_at")[:batch_size]
    with transaction.atomic(), connection.cursor() as cursor:
        sql, params = query.query.sql_with_params()
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        lines = [row[0] for row in cursor.fetchall()]
        transaction.set_rollback(True)
    return lines


def sweep_round(seed: Seed) -> dict:
    from sla.models import SlaEvent
    from sla.services import sla_events_dispatch, sla_sweep

    add_open_cases(seed, DUE_PER_ROUND, due=True)
    analyze()
    plan = claim_plan()
    started = time.perf_counter()
    examined = sla_sweep(now=NOW)
    sweep_seconds = time.perf_counter() - started
    started = time.perf_counter()
    again = sla_sweep(now=NOW)
    rerun_seconds = time.perf_counter() - started
    pending = SlaEvent.objects.filter(dispatched_at__isnull=True).count()
    started = time.perf_counter()
    dispatched = sla_events_dispatch()
    dispatch_seconds = time.perf_counter() - started
    return {
        "examined": examined, "sweep": sweep_seconds, "rerun_examined": again, "rerun": rerun_seconds,
        "events": pending, "dispatched": dispatched, "dispatch": dispatch_seconds, "plan": plan,
    }  # fmt: skip


def measure(seed: Seed, label: str) -> list[dict]:
    rounds = [sweep_round(seed) for _ in range(ROUNDS)]
    sweeps = [r["sweep"] for r in rounds]
    print(f"\n== {label}: {open_clocks():,} open case clocks ==")
    for index, r in enumerate(rounds, 1):
        print(
            f"  round {index}: sweep of {r['examined']:,} due clocks {r['sweep'] * 1000:7.1f} ms"
            f" | re-run: {r['rerun_examined']} rows in {r['rerun'] * 1000:5.1f} ms"
            f" | alerts: {r['dispatched']:,} events sent in {r['dispatch'] * 1000:7.1f} ms"
        )
    print(f"  sweep median {statistics.median(sweeps) * 1000:.1f} ms (min {min(sweeps) * 1000:.1f}, max {max(sweeps) * 1000:.1f})")
    print("  claim query plan (last round, before the sweep):")
    for line in rounds[-1]["plan"]:
        print(f"    {line}")
    return rounds


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", type=int, default=100_000, help="open case clocks at the first measurement (100,000)")
    parser.add_argument("--large", type=int, default=1_000_000, help="open case clocks at the second measurement (1,000,000)")
    parser.add_argument("--quick", action="store_true", help="10,000 then 100,000")
    parser.add_argument("--database-url", default="", help="server to create the scratch database on (default: embedded PostgreSQL)")
    parser.add_argument("--keep-db", action="store_true", help=f"leave {BENCH_DATABASE} in place for inspection")
    args = parser.parse_args(argv)
    if args.quick:
        args.small, args.large = 10_000, 100_000
    if not 0 < args.small < args.large:
        parser.error("need 0 < --small < --large")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    admin_url, server_description = server_url(args)
    print(f"preparing {BENCH_DATABASE} on the {server_description} …", file=sys.stderr, flush=True)
    recreate_database(admin_url)
    try:
        django_setup(with_database(admin_url, BENCH_DATABASE))
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0)
        seed = Seed()
        # A long-lived worker builds a calendar once (importing the `holidays` country data
        # costs ≈0.5 s the first time); the rounds measure the steady state.
        from datetime import date

        from sla.selectors import working_calendar

        date(2026, 1, 1) in working_calendar(seed.calendar).closed  # noqa: B015
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
        print(f"PostgreSQL {version}, {os.cpu_count()} CPUs; sweep 'now' = {NOW.isoformat()}; {DUE_PER_ROUND:,} due clocks per round")

        filler = args.small - ROUNDS * DUE_PER_ROUND
        print(f"filling {filler:,} not-due open cases …", file=sys.stderr, flush=True)
        seconds = add_open_cases(seed, filler, due=False)
        print(f"  ({filler:,} cases + clocks inserted in {seconds:.1f} s)")
        small = measure(seed, "small")

        filler = args.large - open_clocks() - ROUNDS * DUE_PER_ROUND
        print(f"filling {filler:,} more not-due open cases …", file=sys.stderr, flush=True)
        seconds = 0.0
        for chunk_start in range(0, filler, 250_000):
            seconds += add_open_cases(seed, min(250_000, filler - chunk_start), due=False)
        print(f"  ({filler:,} cases + clocks inserted in {seconds:.1f} s)")
        large = measure(seed, "large")

        small_ms = statistics.median(r["sweep"] for r in small) * 1000
        large_ms = statistics.median(r["sweep"] for r in large) * 1000
        print(
            f"\nsweep of {DUE_PER_ROUND:,} due clocks: {small_ms:.1f} ms at {args.small:,} open, {large_ms:.1f} ms at {args.large:,} open"
            f" (×{large_ms / small_ms:.2f} for ×{args.large / args.small:.0f} open cases; target < 1000 ms)"
        )
        return 0
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep_db:
            recreate_database(admin_url, drop_only=True)


if __name__ == "__main__":
    sys.exit(main())
