#!/usr/bin/env python
"""Ingest core benchmark: N normalized inbound messages through `inbox.ingest.message_ingest`.

    .venv/bin/python bench/ingest_core.py --quick          # 5,000 messages / 500 customers, < 1 min
    .venv/bin/python bench/ingest_core.py                  # 100,000 messages / 10,000 customers
    .venv/bin/python bench/ingest_core.py --contended      # two workers on the same customers
    .venv/bin/python bench/ingest_core.py --help

What it does (see bench/README.md):
- creates a scratch database `dialogo_bench` (dropped and recreated at the start, dropped at
  the end) on the embedded PostgreSQL under ./var/ or on the server of --database-url, and
  migrates it with `call_command("migrate")` — never the dev `dialogo` database;
- seeds one workspace with channel accounts (kind "api", one in ten "email" with
  In-Reply-To/References threading);
- builds a deterministic workload: customers writing in es/en/pl from a few templates,
  conversations spread over simulated days, bursts of consecutive messages, a few
  attachments, a share of redeliveries; between conversations the *bench* resolves the
  customer's open cases directly through the ORM (`Case.objects.filter(...).update(status=
  "resolved")` — no timeline or reporting rows for those), so later messages reopen a case
  (within the 7-day window) or open a new one (after it);
- runs it in --workers processes (spawned, each with its own django.setup() and connection),
  customers split across workers, or with --contended every customer spread over all workers
  (advisory-lock waits, concurrent first messages and concurrent redeliveries);
- prints messages/s, per-message latency percentiles, outcomes, DB invariants, peak RSS per
  worker, the PostgreSQL settings used, and the number of queries each kind of message costs.

`--variant` applies monkeypatched experiments (batching, bulk realtime rows, …) inside the
bench processes only; the product code is never changed by this script.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import random
import resource
import sys
import time
from array import array
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PROJECT_DIR = Path(__file__).resolve().parent.parent
BACKEND_DIR = PROJECT_DIR / "backend"
for _path in (str(PROJECT_DIR), str(BACKEND_DIR)):
    if _path not in sys.path:
        sys.path.insert(0, _path)

from integrations.events import (  # noqa: E402  (needs the sys.path above; pure Python)
    Attachment,
    AttachmentKind,
    ChannelKind,
    InboundMessage,
    Sender,
    ThreadHints,
)

BENCH_DATABASE = "dialogo_bench"
WORKSPACE_SLUG = "bench"
SIM_START = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)
SIM_SPAN_DAYS = 30

# Outcome codes recorded per delivery.
DUPLICATE, NEW_CUSTOMER, NEW_CASE, REOPENED, FOLLOW_UP, ERROR = range(6)
OUTCOME_NAMES = {
    NEW_CUSTOMER: "new customer (new case)",
    NEW_CASE: "new case, known customer",
    REOPENED: "reopened case",
    FOLLOW_UP: "follow-up into open case",
    DUPLICATE: "duplicate (redelivery)",
}
OP_MESSAGE, OP_RESOLVE = 0, 1

# --- Workload ------------------------------------------------------------------------------

LANGUAGES = ("es", "en", "pl")
LANGUAGE_WEIGHTS = (0.45, 0.35, 0.20)
FIRST_NAMES = {
    "es": ("María", "José", "Lucía", "Javier", "Carmen", "Pablo", "Ana", "Diego"),
    "en": ("Emma", "John", "Olivia", "James", "Sophie", "Harry", "Grace", "Jack"),
    "pl": ("Zofia", "Jan", "Łukasz", "Agnieszka", "Piotr", "Małgorzata", "Krzysztof", "Ewa"),
}
LAST_NAMES = {
    "es": ("García", "López", "Martín", "Sánchez", "Fernández", "Ruiz"),
    "en": ("Smith", "Brown", "Taylor", "Wilson", "Evans", "Walker"),
    "pl": ("Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kamińska", "Zieliński"),
}
CITIES = {"es": ("Madrid", "Sevilla", "Valencia"), "en": ("London", "Leeds", "Bristol"), "pl": ("Krakowie", "Gdańsku", "Poznaniu")}
OPENERS = {
    "es": (
        "Hola, mi pedido {order} no ha llegado todavía.",
        "¿Podéis ayudarme con la factura {order}? El importe no cuadra.",
        "Buenas, el producto del pedido {order} llegó roto 😞",
        "¿A qué hora abre la tienda de {city} el sábado?",
    ),
    "en": (
        "Hi, my order {order} hasn't arrived yet.",
        "Can you help me with invoice {order}? The amount looks wrong.",
        "Hello, the item from order {order} arrived broken :(",
        "What time does the {city} store open on Saturday?",
    ),
    "pl": (
        "Dzień dobry, moje zamówienie {order} jeszcze nie dotarło.",
        "Czy możecie pomóc z fakturą {order}? Kwota się nie zgadza.",
        "Produkt z zamówienia {order} przyszedł uszkodzony.",
        "O której otwiera się sklep w {city} w sobotę?",
    ),
}
FOLLOW_UPS = {
    "es": ("Sigo esperando respuesta sobre el pedido {order}.", "Os adjunto la foto.", "Gracias, ya funciona 🙂", "¿Alguna novedad?"),
    "en": ("Still waiting for an answer about order {order}.", "Attaching a photo.", "Thanks, that fixed it!", "Any news?"),
    "pl": ("Nadal czekam na odpowiedź w sprawie zamówienia {order}.", "Przesyłam zdjęcie.", "Dziękuję, już działa!", "Czy są jakieś nowości?"),
}
SUBJECTS = {"es": "Pedido {order}", "en": "Order {order}", "pl": "Zamówienie {order}"}
MAIL_DOMAINS = {"es": "correo.example.es", "en": "mail.example.co.uk", "pl": "poczta.example.pl"}


def email_account_indexes(accounts: int) -> set[int]:
    """One channel account in ten is an email mailbox (at least one when there are two or more)."""
    count = accounts // 10 if accounts >= 10 else (1 if accounts >= 2 else 0)
    return set(range(accounts - count, accounts))


def master_plan(args) -> tuple[list[int], list[int]]:
    """Per customer: unique message count (heavy-tailed, ≥ 1) and redelivery count."""
    rng = random.Random(args.seed)
    n_dup = round(args.messages * args.duplicates)
    n_unique = args.messages - n_dup
    if n_unique < args.customers:
        raise SystemExit("--messages must leave at least one unique message per customer")
    weights = [rng.paretovariate(2.2) for _ in range(args.customers)]
    total = sum(weights)
    extra = n_unique - args.customers
    counts = [1 + int(extra * w / total) for w in weights]
    for c in rng.sample(range(args.customers), n_unique - sum(counts)):
        counts[c] += 1
    dups = [0] * args.customers
    for c in rng.choices(range(args.customers), weights=counts, k=n_dup):
        dups[c] += 1
    return counts, dups


def customer_ops(args, c: int, count: int, n_dups: int, email_accounts: set[int]) -> list[tuple]:
    """All deliveries and bench-side resolves of customer `c`, in time order.

    An op is (at, order, op_kind, account_index, payload, customer, message_index):
    payload is an InboundMessage for OP_MESSAGE, (channel_kind, sender external id) for
    OP_RESOLVE; message_index counts the customer's unique messages (for --contended)."""
    rng = random.Random(args.seed * 1_000_003 + c)
    lang = rng.choices(LANGUAGES, weights=LANGUAGE_WEIGHTS)[0]
    first, last = rng.choice(FIRST_NAMES[lang]), rng.choice(LAST_NAMES[lang])
    home = rng.randrange(args.accounts)
    is_email = home in email_accounts
    api_accounts = [a for a in range(args.accounts) if a not in email_accounts]
    second = rng.choice(api_accounts) if (not is_email and len(api_accounts) > 1 and rng.random() < 0.1) else home
    followers = rng.randint(10, 50_000) if rng.random() < 0.3 else None
    if is_email:
        address = f"{first}.{last}.{c}@{MAIL_DOMAINS[lang]}".lower()
        sender = Sender(external_id=address, display_name=f"{first} {last}", email=address, language=lang)
        kind = ChannelKind.EMAIL
    else:
        username = f"{first.lower()}_{c}"
        sender = Sender(
            external_id=f"u{c}",
            display_name=f"{first} {last}",
            username=username,
            avatar_url=f"https://cdn.example.com/avatars/{c}.jpg",
            language=lang,
            follower_count=followers,
        )
        kind = ChannelKind.API

    ops: list[tuple] = []
    at = SIM_START + timedelta(seconds=rng.uniform(0, SIM_SPAN_DAYS * 86400))
    remaining, n = count, 0
    thread = None  # email: (root id, ids so far, subject)
    while remaining:
        size = min(remaining, rng.choice((1, 1, 2, 2, 3, 3, 4, 5, 6)))
        account = home if rng.random() < 0.7 else second
        order = f"{rng.randint(100000, 999999)}"
        city = rng.choice(CITIES[lang])
        if is_email and (thread is None or rng.random() < 0.5):
            thread = None  # a new email thread, else the customer replies to the old one
        for j in range(size):
            if j:
                # People split a thought over several messages (seconds apart) or answer an agent later.
                at += timedelta(seconds=rng.uniform(2, 30) if rng.random() < 0.6 else rng.uniform(120, 1800))
            templates = OPENERS[lang] if j == 0 else FOLLOW_UPS[lang]
            text = rng.choice(templates).format(order=order, city=city)
            attachments = ()
            if rng.random() < 0.04:
                attachments = (
                    Attachment(
                        kind=AttachmentKind.IMAGE,
                        url=f"https://cdn.example.com/media/{c}/{n}.jpg",
                        mime_type="image/jpeg",
                        size_bytes=rng.randint(40_000, 3_000_000),
                        name=f"IMG_{n:04d}.jpg",
                    ),
                )
                if rng.random() < 0.3:
                    text = ""
            sent_at = at - timedelta(seconds=rng.uniform(0.05, 3))
            if is_email:
                message_id = f"<{c}.{n}.{rng.getrandbits(32):08x}@{MAIL_DOMAINS[lang]}>"
                if thread is None:
                    thread = (message_id, [message_id], SUBJECTS[lang].format(order=order))
                    hints = ThreadHints(email_message_id=message_id, subject=thread[2])
                else:
                    root, ids, subject = thread
                    references = (root, *ids[1:][-9:])
                    hints = ThreadHints(email_message_id=message_id, email_in_reply_to=ids[-1], email_references=references, subject=f"Re: {subject}")
                    ids.append(message_id)
                inbound = InboundMessage(channel_kind=kind, external_id=message_id, sender=sender, sent_at=sent_at, text=text, attachments=attachments, thread=hints)
            else:
                inbound = InboundMessage(channel_kind=kind, external_id=f"m{c}.{n}", sender=sender, sent_at=sent_at, text=text, attachments=attachments)
            ops.append((at, 0, OP_MESSAGE, account, inbound, c, n))
            n += 1
        remaining -= size
        ends_resolved = rng.random() < (0.85 if remaining else 0.5)
        gap = timedelta(days=rng.uniform(1, 6) if rng.random() < 0.6 else rng.uniform(8, 25))
        if ends_resolved:
            # An agent resolves it 10 minutes to 20 hours later: the next conversation then
            # reopens it (1–6 days later) or opens a new case (after the 7-day window).
            resolve_at = at + timedelta(seconds=rng.uniform(600, 20 * 3600))
            ops.append((resolve_at, 0, OP_RESOLVE, account, (kind.value, sender.external_id), c, n - 1))
        at += gap

    messages = [op for op in ops if op[2] == OP_MESSAGE]
    for _ in range(n_dups):
        original = rng.choice(messages)
        ops.append((original[0] + timedelta(seconds=rng.uniform(0.2, 60)), 1, *original[2:]))
    ops.sort(key=lambda op: (op[0], op[1]))
    return ops


def worker_ops(args, worker: int) -> list[tuple]:
    """The ops worker `worker` runs, in time order. Split mode: whole customers per worker.
    Contended: each customer's messages alternate between workers and a redelivery goes to
    another worker than its original, so workers really meet on the same customers."""
    counts, dups = master_plan(args)
    email_accounts = email_account_indexes(args.accounts)
    mine = []
    for c in range(args.customers):
        if not args.contended and c % args.workers != worker:
            continue
        for op in customer_ops(args, c, counts[c], dups[c], email_accounts):
            owner = c % args.workers
            if args.contended:
                owner = (op[6] + op[1] + c) % args.workers  # op[1] == 1 marks a redelivery
            if owner == worker and not (args.no_resolves and op[2] == OP_RESOLVE):
                mine.append(op)
    mine.sort(key=lambda op: (op[0], op[5], op[1]))
    return mine


# --- Database and Django setup ------------------------------------------------------------


def with_database(url: str, database: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{database}"))


def server_url(args) -> tuple[str, str]:
    """(URL of the server's maintenance database, description of the server)."""
    if args.database_url:
        return with_database(args.database_url, "postgres"), f"PostgreSQL at {urlsplit(args.database_url).hostname or 'local socket'} (--database-url)"
    from config.embedded_postgres import embedded_database_url  # starts or joins the embedded server

    var_dir = Path(os.environ.get("DIALOGO_VAR_DIR", PROJECT_DIR / "var"))
    return embedded_database_url(var_dir, "postgres"), f"embedded PostgreSQL (pgserver) under {var_dir}/postgres"


def recreate_database(admin_url: str, name: str, *, drop_only: bool = False) -> None:
    import psycopg
    from psycopg import sql

    assert name != "dialogo" and "bench" in name, "the scratch database must be a bench database"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if not drop_only:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def django_setup(database_url: str, pool_max: int = 2) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ.setdefault("DEBUG", "0")  # DEBUG would keep every query in memory
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["DB_POOL_MIN_SIZE"] = "1"
    os.environ["DB_POOL_MAX_SIZE"] = str(pool_max)
    import django

    django.setup()


def seed(args) -> str:
    from accounts.models import Workspace
    from channel_accounts.models import ChannelAccount

    workspace = Workspace.objects.create(name="Bench", slug=WORKSPACE_SLUG)
    email_accounts = email_account_indexes(args.accounts)
    for index in range(args.accounts):
        kind = ChannelKind.EMAIL if index in email_accounts else ChannelKind.API
        ChannelAccount.objects.create(workspace=workspace, kind=kind, name=f"{kind.value} {index:02d}", external_id=f"bench-{index}")
    return seed_sla(workspace) if args.sla else "no SLA policies (--no-sla)"


def seed_sla(workspace) -> str:
    """The demo's SLA setup (inbox seed_demo_inbox): a 24/7 policy for social channels and a
    default office-hours policy, so every bench case gets clocks. Skipped without the app."""
    from django.apps import apps

    if not apps.is_installed("sla"):
        return "sla app not installed: no SLA clocks"
    from sla import services as sla_services

    office = sla_services.calendar_create(
        workspace=workspace, name="Madrid office", timezone="Europe/Madrid",
        hours=[{"weekday": day, "start": "09:00", "end": "18:00"} for day in range(5)], holiday_country="ES", holiday_subdivision="MD",
    )
    sla_services.policy_create(
        workspace=workspace, name="Social channels, 24/7", position=0,
        conditions={"channel_kinds": ["messenger", "instagram", "whatsapp", "telegram", "x", "webchat"]},
        first_response_seconds=30 * 60, first_response_business=False, next_response_seconds=60 * 60, next_response_business=False,
        resolution_seconds=24 * 3600, resolution_business=False,
    )
    sla_services.policy_create(
        workspace=workspace, name="Email and API, office hours", is_default=True, calendar=office,
        first_response_seconds=4 * 3600, next_response_seconds=8 * 3600, resolution_seconds=3 * 9 * 3600,
    )
    return "SLA policies as in the demo seed (default: email and API, office hours, Madrid calendar with holidays)"


def bench_resolve(cases, at) -> int:
    """What the bench does between conversations in place of an agent: resolve the open
    cases in `cases` at simulated time `at` with a direct ORM write (the inbox service would
    stamp the wall clock), then send the inbox's `case_status_changed` domain signal so the
    reporting event and the SLA clocks follow as they do for an agent's resolve. No timeline
    row, no realtime event. Returns the number of cases resolved."""
    from django.db import transaction

    from inbox import signals
    from inbox.models import OPEN_STATUSES, Case, CaseStatus

    with transaction.atomic():
        locked = list(cases.filter(status__in=OPEN_STATUSES).select_for_update(of=("self",)).select_related("customer", "channel_account"))
        for case in locked:
            old = case.status
            case.status, case.resolved_at, case.waiting_since, case.snoozed_until = CaseStatus.RESOLVED, at, None, None
            case.save(update_fields=["status", "resolved_at", "waiting_since", "snoozed_until", "updated_at"])
            signals.case_status_changed.send(sender=Case, case=case, at=at, old=old, new=CaseStatus.RESOLVED, actor=None)
    return len(locked)


def bench_accounts():
    from channel_accounts.models import ChannelAccount

    return list(ChannelAccount.objects.filter(workspace__slug=WORKSPACE_SLUG).order_by("external_id"))


def pg_settings() -> list[tuple[str, str]]:
    from django.db import connection

    names = [
        "server_version", "shared_buffers", "effective_cache_size", "work_mem", "max_connections", "synchronous_commit",
        "fsync", "full_page_writes", "wal_level", "wal_buffers", "max_wal_size", "checkpoint_timeout", "commit_delay",
        "random_page_cost", "jit", "default_transaction_isolation",
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, setting, unit FROM pg_settings WHERE name = ANY(%s)", [names])
        rows = {name: f"{setting}{(' ' + unit) if unit else ''}" for name, setting, unit in cursor.fetchall()}
        cursor.execute("SELECT current_setting('data_directory', true)")
    return [(name, rows.get(name, "?")) for name in names]


# --- Experiments: monkeypatched variants (bench processes only) ----------------------------


def parse_variants(values: list[str]) -> dict[str, str]:
    known = {"email-thread-fix", "batch-sql", "batch-ingest", "batch", "nosavepoint", "async-commit", "server-binding", "bulk-realtime", "new-identity-fastpath", "lazy-last-seen", "no-push"}
    variants = {}
    for value in values or []:
        name, _, arg = value.partition("=")
        if name not in known:
            raise SystemExit(f"unknown --variant {name!r}; known: {', '.join(sorted(known))}")
        variants[name] = arg
    if "batch-sql" in variants and "batch-ingest" in variants:
        raise SystemExit("--variant batch-sql and batch-ingest are alternatives")
    if "nosavepoint" in variants and "batch" not in variants:
        raise SystemExit("--variant nosavepoint needs --variant batch=K")
    return variants


def apply_variants(variants: dict[str, str]) -> None:
    """Monkeypatch the per-message experiments into this process (see README for each)."""
    import core.realtime as realtime
    import inbox.events as inbox_events
    import inbox.ingest as ingest

    if "server-binding" in variants:
        from django.db import connection

        connection.settings_dict["OPTIONS"]["server_side_binding"] = True  # before the first connection

    if "no-push" in variants:
        realtime.send_to_groups = lambda frame, groups: None

    if "bulk-realtime" in variants:
        from django.db import transaction

        from core.models import RealtimeEvent

        state: dict[str, list | None] = {"buffer": None}
        publish = realtime.publish_on_commit

        def buffered_publish(event_type, payload, *, workspace_id, groups, using="default"):
            if state["buffer"] is None:
                return publish(event_type, payload, workspace_id=workspace_id, groups=groups, using=using)
            event = RealtimeEvent(workspace_id=workspace_id, type=event_type, payload=payload, groups=sorted(set(groups)))
            state["buffer"].append(event)
            return event

        def flush() -> None:
            events, state["buffer"] = state["buffer"] or [], None
            if not events:
                return
            RealtimeEvent.objects.bulk_create(events)  # RETURNING seq: frames keep their sequence numbers

            def push() -> None:
                # One async_to_sync for all frames and groups of the transaction, not one per group.
                try:
                    realtime_send_many([(realtime.event_frame(event), event.groups) for event in events])
                except Exception:
                    realtime.logger.exception("realtime push failed")

            transaction.on_commit(push)

        from asgiref.sync import async_to_sync
        from channels.layers import get_channel_layer

        async def send_many(items) -> None:
            layer = get_channel_layer()
            if layer is None:
                return
            for frame, groups in items:
                for group in groups:
                    await layer.group_send(group, {"type": realtime.CONSUMER_HANDLER, "event": frame})

        realtime_send_many = async_to_sync(send_many)
        if "no-push" in variants:
            realtime_send_many = lambda items: None  # noqa: E731
        message_created = inbox_events.message_created

        def message_created_then_flush(message, case):
            message_created(message, case)
            flush()  # the last event of message_ingest, still inside its transaction

        inbox_events.publish_on_commit = buffered_publish
        inbox_events.message_created = message_created_then_flush
        ingest_inner = ingest.message_ingest

        def message_ingest_buffered(**kwargs):
            state["buffer"] = []
            try:
                return ingest_inner(**kwargs)
            finally:
                state["buffer"] = None

        ingest.message_ingest = message_ingest_buffered

    if "lazy-last-seen" in variants:
        threshold = timedelta(seconds=float(variants["lazy-last-seen"] or 300))
        ingest.identity_resolve = _identity_resolve_lazy(threshold)

    if "email-thread-fix" in variants:
        ingest._thread = _thread_email_fix(ingest)

    if "new-identity-fastpath" in variants:
        resolve, thread = ingest.identity_resolve, ingest._thread
        from inbox.models import Case, CaseStatus

        def resolve_flagging(**kwargs):
            identity = resolve(**kwargs)
            # The product diff returns a `created` flag; here: a customer first seen now is new.
            identity._bench_created = identity.customer.first_seen_at == kwargs["seen_at"]
            return identity

        def thread_fast(channel_account, identity, inbound, now):
            hints = inbound.thread
            plain = channel_account.kind != ChannelKind.EMAIL or not (hints.email_in_reply_to or hints.email_references or "[#" in hints.subject)
            if getattr(identity, "_bench_created", False) and plain:
                # A brand-new identity has no case yet: no open/resolved case lookups.
                case = Case.objects.create(
                    workspace_id=channel_account.workspace_id, customer_id=identity.customer_id, identity=identity,
                    channel_account=channel_account, thread_key=ingest._thread_key(inbound), subject=(hints.subject or "")[:300],
                    status=CaseStatus.NEW, opened_at=now, last_message_at=now,
                )
                return case, True, False, None
            return thread(channel_account, identity, inbound, now)

        ingest.identity_resolve = resolve_flagging
        ingest._thread = thread_fast


class BatchIngestPrototype:
    """--variant batch-sql=K: a *prototype* of set-based ingest, K messages per transaction
    with a handful of statements per batch instead of ~12 per message. It keeps the product's
    rules and writes for the messages it handles (dedupe, identity and customer, open case /
    reopen within the window / new case, message with its search vector, attachments, case
    columns, timeline rows, reporting events, realtime log rows pushed after commit, the same
    advisory lock keys) and hands everything else (email, comments, replies-to) to
    `message_ingest` inside the same transaction. Differences: one case.created/updated
    realtime event per case per batch (final state) instead of one per message, and the
    automatic-assignment hook only runs when an involved account or team has an automatic
    policy (one query per batch finds out). Not product code: a measurement of the ceiling."""

    def __init__(self):
        from asgiref.sync import async_to_sync
        from channels.layers import get_channel_layer

        import core.realtime as realtime

        self.realtime = realtime

        async def send_many(items) -> None:
            layer = get_channel_layer()
            if layer is None:
                return
            for frame, groups in items:
                for group in groups:
                    await layer.group_send(group, {"type": realtime.CONSUMER_HANDLER, "event": frame})

        self.send_many = async_to_sync(send_many)

    def __call__(self, items: list[tuple]) -> list[int]:
        """items: (channel_account, inbound, received_at) in arrival order, one workspace.
        Call inside transaction.atomic(). Returns an outcome code per item."""
        from django.contrib.postgres.search import SearchVector
        from django.db import connection, transaction
        from django.db.models import TextField, Value
        from django.utils import timezone

        import inbox.ingest as ingest
        from core.models import RealtimeEvent
        from core.realtime import case_group
        from customers.models import Customer, Identity
        from inbox import assignment
        from inbox.events import case_groups, case_summary, message_payload
        from inbox.models import (
            OPEN_STATUSES,
            AssignmentMode,
            AssignmentPolicy,
            Case,
            CaseEvent,
            CaseEventKind,
            CaseStatus,
            Message,
            MessageAttachment,
        )
        from reports.models import ReportingEvent

        workspace_id = items[0][0].workspace_id
        assert all(account.workspace_id == workspace_id for account, _, _ in items)
        now = timezone.now()

        def plain(account, inbound) -> bool:
            return account.kind != ChannelKind.EMAIL and not (inbound.thread.post_id or inbound.thread.reply_to_external_id)

        # 1. The same advisory locks as message_ingest, all at once, in one global order.
        keys = sorted({f"identity:{workspace_id}:{account.kind}:{inbound.sender.external_id}" for account, inbound, _ in items})
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0))) FROM unnest(%s::text[]) AS k", [keys])
            # 2. Dedupe against stored messages (and inside the batch).
            cursor.execute(
                "SELECT m.channel_account_id, m.external_id FROM inbox_message m "
                "JOIN unnest(%s::bigint[], %s::text[]) AS k(account_id, external_id) "
                "ON m.channel_account_id = k.account_id AND m.external_id = k.external_id WHERE m.external_id <> ''",
                [[account.pk for account, _, _ in items], [inbound.external_id for _, inbound, _ in items]],
            )
            seen = set(cursor.fetchall())
        outcomes: list[int | None] = [None] * len(items)
        fresh = []  # (index, account, inbound, received_at) handled here
        fallback = []
        for index, (account, inbound, received_at) in enumerate(items):
            key = (account.pk, inbound.external_id)
            if inbound.external_id and key in seen:
                outcomes[index] = DUPLICATE
                continue
            if inbound.external_id:
                seen.add(key)
            (fresh if plain(account, inbound) else fallback).append((index, account, inbound, received_at))

        # 3. Identities and customers: one read, bulk inserts for the new ones, one update.
        identities: dict[tuple[str, str], Identity] = {}
        created_identities: set[tuple[str, str]] = set()
        if fresh:
            wanted = {(account.kind, inbound.sender.external_id) for _, account, inbound, _ in fresh}
            kinds, external_ids = zip(*wanted, strict=True)
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT i.id FROM customers_identity i JOIN unnest(%s::text[], %s::text[]) AS k(kind, external_id) "
                    "ON i.channel_kind = k.kind AND i.external_id = k.external_id WHERE i.workspace_id = %s",
                    [list(kinds), list(external_ids), workspace_id],
                )
                ids = [row[0] for row in cursor.fetchall()]
            for identity in Identity.objects.select_related("customer").filter(pk__in=ids) if ids else ():
                identities[(identity.channel_kind, identity.external_id)] = identity
            first_seen: dict[tuple[str, str], tuple] = {}
            for _, account, inbound, received_at in fresh:
                key = (account.kind, inbound.sender.external_id)
                if key not in identities and key not in first_seen:
                    first_seen[key] = (inbound.sender, received_at)
            if first_seen:
                customers = Customer.objects.bulk_create([
                    Customer(
                        workspace_id=workspace_id, display_name=sender.display_name or sender.username, avatar_url=sender.avatar_url,
                        email=sender.email.lower(), phone=sender.phone, language=sender.language, follower_count=sender.follower_count,
                        first_seen_at=at, last_seen_at=at,
                    )
                    for sender, at in first_seen.values()
                ])
                new_identities = Identity.objects.bulk_create([
                    Identity(
                        workspace_id=workspace_id, customer=customer, channel_kind=kind, external_id=sender.external_id,
                        username=sender.username, display_name=sender.display_name or sender.username, avatar_url=sender.avatar_url,
                        follower_count=sender.follower_count,
                    )
                    for ((kind, _), (sender, _)), customer in zip(first_seen.items(), customers, strict=True)
                ])
                for key, identity in zip(first_seen, new_identities, strict=True):
                    identities[key] = identity
                    created_identities.add(key)
            touched_customers: dict[int, tuple] = {}
            for _, account, inbound, received_at in fresh:
                key = (account.kind, inbound.sender.external_id)
                if key in created_identities:
                    identities[key].customer.last_seen_at = max(identities[key].customer.last_seen_at, received_at)
                    continue
                customer, sender = identities[key].customer, inbound.sender
                customer.last_seen_at = max(customer.last_seen_at or received_at, received_at)
                if not customer.display_name and (sender.display_name or sender.username):
                    customer.display_name = sender.display_name or sender.username
                if sender.follower_count is not None and (customer.follower_count or 0) < sender.follower_count:
                    customer.follower_count = sender.follower_count
                touched_customers[customer.pk] = (customer.last_seen_at, customer.display_name, customer.follower_count)
            for key in created_identities:  # several first messages in one batch: last_seen is the latest
                customer = identities[key].customer
                if customer.last_seen_at != customer.first_seen_at:
                    touched_customers[customer.pk] = (customer.last_seen_at, customer.display_name, customer.follower_count)
            if touched_customers:
                ids = list(touched_customers)
                with connection.cursor() as cursor:
                    cursor.execute(
                        "UPDATE customers_customer c SET last_seen_at = v.last_seen_at, display_name = v.display_name, "
                        "follower_count = v.follower_count, updated_at = %s "
                        "FROM unnest(%s::bigint[], %s::timestamptz[], %s::text[], %s::int[]) AS v(id, last_seen_at, display_name, follower_count) "
                        "WHERE c.id = v.id",
                        [now, ids, [touched_customers[i][0] for i in ids], [touched_customers[i][1] for i in ids], [touched_customers[i][2] for i in ids]],
                    )
            # (Identity profile changes — username, avatar… — are rare: left to message_ingest's path.)

        # 4. Cases: open ones locked, the latest resolved per thread locked, threading in memory.
        open_cases: dict[tuple, Case] = {}
        resolved_cases: dict[tuple, Case] = {}
        identity_ids = [identities[k].pk for k in identities if k not in created_identities]
        if identity_ids:
            for case in Case.objects.select_for_update().filter(identity_id__in=identity_ids, status__in=OPEN_STATUSES):
                open_cases[(case.identity_id, case.channel_account_id, case.thread_key)] = case
            latest_resolved = (
                Case.objects.filter(identity_id__in=identity_ids, status=CaseStatus.RESOLVED)
                .order_by("identity_id", "channel_account_id", "thread_key", "-resolved_at")
                .distinct("identity_id", "channel_account_id", "thread_key")
                .values("pk")
            )
            for case in Case.objects.select_for_update().filter(pk__in=latest_resolved):
                resolved_cases[(case.identity_id, case.channel_account_id, case.thread_key)] = case
        new_cases: list[Case] = []
        touched: dict[int, Case] = {}  # id(case) -> case, in first-touch order
        timeline: list[tuple[Case, str, datetime, dict]] = []
        reporting: list[tuple[str, Case, datetime, Message | None]] = []
        opened: list[Case] = []
        messages: list[tuple[Case, Message, tuple]] = []
        for index, account, inbound, received_at in fresh:
            identity = identities[(account.kind, inbound.sender.external_id)]
            thread_key = ingest._thread_key(inbound)
            key = (identity.pk, account.pk, thread_key)
            case = open_cases.get(key)
            if case is not None:
                outcome = FOLLOW_UP
                if case.status in (CaseStatus.PENDING, CaseStatus.SNOOZED):
                    timeline.append((case, CaseEventKind.STATUS_CHANGED, received_at, {"old": case.status, "new": CaseStatus.OPEN, "reason": "customer_replied"}))
                    case.status, case.snoozed_until = CaseStatus.OPEN, None
            else:
                candidate = resolved_cases.get(key)
                if candidate is not None and candidate.resolved_at is not None and received_at - candidate.resolved_at <= account.reopen_window:
                    case, outcome = candidate, REOPENED
                    case.status, case.resolved_at = CaseStatus.OPEN, None
                    case.reopened_count += 1
                    timeline.append((case, CaseEventKind.REOPENED, received_at, {}))
                    reporting.append(("case_reopened", case, received_at, None))
                else:
                    outcome = NEW_CUSTOMER if (account.kind, inbound.sender.external_id) in created_identities else NEW_CASE
                    case = Case(
                        workspace_id=workspace_id, customer_id=identity.customer_id, identity=identity, channel_account=account,
                        thread_key=thread_key, subject=(inbound.thread.subject or "")[:300], status=CaseStatus.NEW,
                        opened_at=received_at, last_message_at=received_at,
                    )
                    new_cases.append(case)
                    timeline.append((case, CaseEventKind.CREATED, received_at, {"channel_kind": account.kind}))
                    reporting.append(("case_opened", case, received_at, None))
                open_cases[key] = case
                resolved_cases.pop(key, None)
                opened.append(case)
            case.channel_account = account
            if case.customer_id == identity.customer_id:
                case.customer = identity.customer
            # ingest._update_case_for_inbound, minus the save.
            case.last_message_at = max(case.last_message_at, received_at)
            case.last_customer_message_at = received_at
            if case.waiting_since is None:
                case.waiting_since = received_at
            case.last_message_preview = ingest._preview(inbound)
            if not case.subject and inbound.thread.subject:
                case.subject = inbound.thread.subject[:300]
            touched.setdefault(id(case), case)
            config = ingest.search_config_for(inbound.sender.language or identity.customer.language)
            message = Message(
                workspace_id=workspace_id, channel_account=account, direction="in", source_kind=inbound.kind.value, text=inbound.text,
                external_id=inbound.external_id, sent_at=inbound.sent_at, received_at=received_at, status="received",
                search_vector=SearchVector(Value(inbound.text, output_field=TextField()), config=config),
            )
            messages.append((case, message, inbound.attachments))
            reporting.append(("message_received", case, received_at, message))
            outcomes[index] = outcome

        if fresh:
            # 5. Writes: new cases (final state), messages, attachments, existing cases, events.
            Case.objects.bulk_create(new_cases)
            for case, message, _ in messages:
                message.case = case
            Message.objects.bulk_create([message for _, message, _ in messages])
            attachments = []
            for _, message, items_ in messages:
                message._new_attachments = [
                    MessageAttachment(
                        workspace_id=workspace_id, message=message, kind=a.kind.value, url=a.url, mime_type=a.mime_type,
                        size_bytes=a.size_bytes, name=a.name,
                    )
                    for a in items_
                ]
                attachments += message._new_attachments
            if attachments:
                MessageAttachment.objects.bulk_create(attachments)
            new_ids = {id(case) for case in new_cases}
            existing = [case for case in touched.values() if id(case) not in new_ids]
            if existing:
                with connection.cursor() as cursor:
                    cursor.execute(
                        "UPDATE inbox_case c SET status = v.status, snoozed_until = v.snoozed_until, resolved_at = v.resolved_at, "
                        "reopened_count = v.reopened_count, last_message_at = v.last_message_at, "
                        "last_customer_message_at = v.last_customer_message_at, waiting_since = v.waiting_since, "
                        "last_message_preview = v.preview, subject = v.subject, updated_at = %s "
                        "FROM unnest(%s::bigint[], %s::text[], %s::timestamptz[], %s::timestamptz[], %s::int[], %s::timestamptz[], "
                        "%s::timestamptz[], %s::timestamptz[], %s::text[], %s::text[]) "
                        "AS v(id, status, snoozed_until, resolved_at, reopened_count, last_message_at, last_customer_message_at, "
                        "waiting_since, preview, subject) WHERE c.id = v.id",
                        [now, [c.pk for c in existing], [c.status for c in existing], [c.snoozed_until for c in existing],
                         [c.resolved_at for c in existing], [c.reopened_count for c in existing], [c.last_message_at for c in existing],
                         [c.last_customer_message_at for c in existing], [c.waiting_since for c in existing],
                         [c.last_message_preview for c in existing], [c.subject for c in existing]],
                    )
            CaseEvent.objects.bulk_create([
                CaseEvent(workspace_id=workspace_id, case=case, kind=kind, data=data, occurred_at=at) for case, kind, at, data in timeline
            ])
            ReportingEvent.objects.bulk_create([
                ReportingEvent(
                    workspace_id=workspace_id, kind=kind, occurred_at=at, case_id=case.pk, customer_id=case.customer_id,
                    channel_account_id=case.channel_account_id, channel_kind=case.channel_account.kind, team_id=case.team_id,
                    data={"message_id": message.pk} if message is not None else {},
                )
                for kind, case, at, message in reporting
            ])
            events = [
                RealtimeEvent(
                    workspace_id=workspace_id, type="case.timeline", groups=[case_group(case.pk)],
                    payload={"case_id": case.pk, "kind": kind, "actor_id": None, "data": data, "occurred_at": at.isoformat()},
                )
                for case, kind, at, data in timeline
            ]
            events += [
                RealtimeEvent(
                    workspace_id=workspace_id, type="case.created" if id(case) in new_ids else "case.updated",
                    payload=case_summary(case), groups=sorted(set(case_groups(case))),
                )
                for case in touched.values()
            ]
            events += [
                RealtimeEvent(workspace_id=workspace_id, type="message.created", payload=message_payload(message), groups=[case_group(case.pk)])
                for case, message, _ in messages
            ]
            RealtimeEvent.objects.bulk_create(events)
            frames = [(self.realtime.event_frame(event), event.groups) for event in events]

            def push() -> None:
                try:
                    self.send_many(frames)
                except Exception:
                    self.realtime.logger.exception("realtime push failed")

            transaction.on_commit(push)
            # 6. Automatic assignment, only if an involved account has an automatic policy.
            if opened and AssignmentPolicy.objects.filter(
                channel_account_id__in={c.channel_account_id for c in opened}
            ).exclude(mode=AssignmentMode.MANUAL).exists():
                for case in opened:
                    assignment.on_case_opened(case)

        # 7. Everything else, the product's way, inside the same transaction.
        for index, account, inbound, received_at in fallback:
            result = ingest.message_ingest(channel_account=account, inbound=inbound, received_at=received_at)
            if not result.created:
                outcomes[index] = DUPLICATE
            elif result.case_created:
                outcomes[index] = NEW_CUSTOMER if result.case.customer.first_seen_at == received_at else NEW_CASE
            else:
                outcomes[index] = REOPENED if result.case_reopened else FOLLOW_UP
        return outcomes


class ProductBatchIngest:
    """--variant batch-ingest=K: the product's set-based path as the inbound drain runs it
    (inbox.inbound): the senders' identity locks in one global order, `messages_ingest_batch`
    in a savepoint, then `message_ingest` for the messages it leaves (email, reopens…) in the
    same transaction. K messages per transaction."""

    def __call__(self, items: list[tuple]) -> list[int]:
        from django.db import connection, transaction

        import inbox.ingest as ingest
        from inbox.batch_ingest import BatchItem, messages_ingest_batch

        keys = sorted({f"identity:{account.workspace_id}:{account.kind}:{inbound.sender.external_id}" for account, inbound, _ in items})
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended(key, 0)) FROM unnest(%s::text[]) WITH ORDINALITY AS t(key, n) ORDER BY n",
                [keys],
            )
        with transaction.atomic():
            results = messages_ingest_batch(items=[BatchItem(account, inbound, at) for account, inbound, at in items])
        outcomes = []
        for (account, inbound, at), result in zip(items, results, strict=True):
            if result is None:
                result = ingest.message_ingest(channel_account=account, inbound=inbound, received_at=at)
                if not result.created:
                    outcomes.append(DUPLICATE)
                elif result.case_created:
                    outcomes.append(NEW_CUSTOMER if result.case.customer.first_seen_at == at else NEW_CASE)
                else:
                    outcomes.append(REOPENED if result.case_reopened else FOLLOW_UP)
            elif not result.created:
                outcomes.append(DUPLICATE)
            elif result.case_created:
                outcomes.append(NEW_CUSTOMER if result.customer_created else NEW_CASE)
            else:
                outcomes.append(FOLLOW_UP)
        return outcomes


def _thread_email_fix(ingest):
    """inbox.ingest._thread with the fix proposed for the contended-email IntegrityError: when
    the email headers point at a case that is not open, an open case of the same thread key
    (a reply to an older message of the thread, or emails processed out of order) takes the
    message instead of a new case that would break "one open case per thread"."""
    from inbox.models import OPEN_STATUSES, Case, CaseStatus

    def _thread(channel_account, identity, inbound, now):
        candidate = None
        if channel_account.kind == ChannelKind.EMAIL:
            candidate = ingest._email_case(channel_account, identity, inbound)
            if candidate is not None and candidate.merged_into_id:
                candidate = Case.objects.select_for_update().get(pk=candidate.merged_into_id)
        thread_key = ingest._thread_key(inbound)
        if candidate is None or not candidate.is_open:
            open_case = (
                Case.objects.select_for_update()
                .filter(identity=identity, channel_account=channel_account, thread_key=thread_key, status__in=OPEN_STATUSES)
                .first()
            )
            candidate = open_case or candidate
        if candidate is None:
            candidate = (
                Case.objects.select_for_update()
                .filter(identity=identity, channel_account=channel_account, thread_key=thread_key, status=CaseStatus.RESOLVED)
                .order_by("-resolved_at")
                .first()
            )
        if candidate is not None and candidate.is_open:
            woke_from = candidate.status if candidate.status in (CaseStatus.PENDING, CaseStatus.SNOOZED) else None
            if woke_from:
                candidate.status = CaseStatus.OPEN
                candidate.snoozed_until = None
            return candidate, False, False, woke_from
        if (
            candidate is not None
            and candidate.status == CaseStatus.RESOLVED
            and candidate.resolved_at is not None
            and now - candidate.resolved_at <= channel_account.reopen_window
            and not ingest._has_other_open_case(candidate)
        ):
            candidate.status = CaseStatus.OPEN
            candidate.resolved_at = None
            candidate.reopened_count += 1
            return candidate, False, True, None
        case = Case.objects.create(
            workspace_id=channel_account.workspace_id, customer_id=identity.customer_id, identity=identity,
            channel_account=channel_account, thread_key=thread_key, subject=(inbound.thread.subject or "")[:300],
            status=CaseStatus.NEW, opened_at=now, last_message_at=now,
        )
        return case, True, False, None

    return _thread


def _identity_resolve_lazy(threshold: timedelta):
    """customers.services.identity_resolve, but the customer row is only written when
    last_seen_at moves by more than `threshold` (or another field changes)."""
    from customers.models import Customer, Identity
    from customers.services import _profile_changes

    def identity_resolve(*, workspace_id, channel_kind, sender, seen_at):
        identity = (
            Identity.objects.select_related("customer")
            .filter(workspace_id=workspace_id, channel_kind=channel_kind, external_id=sender.external_id)
            .first()
        )
        display_name = sender.display_name or sender.username
        if identity is None:
            customer = Customer.objects.create(
                workspace_id=workspace_id, display_name=display_name, avatar_url=sender.avatar_url, email=sender.email.lower(),
                phone=sender.phone, language=sender.language, follower_count=sender.follower_count, first_seen_at=seen_at, last_seen_at=seen_at,
            )
            return Identity.objects.create(
                workspace_id=workspace_id, customer=customer, channel_kind=channel_kind, external_id=sender.external_id,
                username=sender.username, display_name=display_name, avatar_url=sender.avatar_url, follower_count=sender.follower_count,
            )
        identity_changes = _profile_changes(
            identity,
            {"username": sender.username, "display_name": display_name, "avatar_url": sender.avatar_url, "follower_count": sender.follower_count},
        )
        if identity_changes:
            identity.save(update_fields=[*identity_changes, "updated_at"])
        customer = identity.customer
        customer_fields = []
        if customer.last_seen_at is None or seen_at - customer.last_seen_at > threshold:
            customer.last_seen_at = seen_at
            customer_fields.append("last_seen_at")
        if not customer.display_name and display_name:
            customer.display_name = display_name
            customer_fields.append("display_name")
        if sender.follower_count is not None and (customer.follower_count or 0) < sender.follower_count:
            customer.follower_count = sender.follower_count
            customer_fields.append("follower_count")
        if customer_fields:
            customer.save(update_fields=[*customer_fields, "updated_at"])
        return identity

    return identity_resolve


class DbTimer:
    """--db-timing: time spent in cursor.execute (client + round trip + server) and COMMIT."""

    def __init__(self, connection):
        self.execute = self.commit = 0.0
        self.queries = self.commits = 0
        connection.execute_wrappers.append(self)
        commit = connection._commit

        def timed_commit():
            start = time.perf_counter()
            try:
                return commit()
            finally:
                self.commit += time.perf_counter() - start
                self.commits += 1

        connection._commit = timed_commit

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.execute += time.perf_counter() - start
            self.queries += 1


# --- Worker process ---------------------------------------------------------------------------


def worker_main(worker: int, args, database_url: str, variants: dict[str, str], barrier, results) -> None:
    try:
        if args.runner == "job":
            # As Procrastinate 3 runs a sync task: in a worker thread (asgiref sync_to_async,
            # thread_sensitive=False) beside the worker's asyncio loop. async_to_sync inside
            # (the realtime push) then hops onto that loop instead of building a new one.
            import asyncio

            from asgiref.sync import sync_to_async

            async def job() -> dict:
                return await sync_to_async(_worker_run, thread_sensitive=False)(worker, args, database_url, variants, barrier)

            results.put(asyncio.run(job()))
        else:
            results.put(_worker_run(worker, args, database_url, variants, barrier))
    except BaseException as exc:  # report instead of hanging the parent
        import traceback

        barrier.abort()
        results.put({"worker": worker, "crash": f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"})


def _proc_cpu_seconds(pid: int) -> float | None:
    """utime + stime of a local process (a PostgreSQL backend), or None if not visible."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def _machine_cpu_seconds() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, from /proc/stat."""
    with open("/proc/stat") as stat:
        values = [int(v) for v in stat.readline().split()[1:]]
    idle = values[3] + values[4]
    tick = os.sysconf("SC_CLK_TCK")
    return (sum(values) - idle) / tick, sum(values) / tick


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _worker_run(worker: int, args, database_url: str, variants: dict[str, str], barrier) -> dict:
    django_setup(database_url)
    from django.db import connection, transaction

    import inbox.ingest as ingest
    from inbox.models import Case

    apply_variants(variants)
    ops = worker_ops(args, worker)
    accounts = bench_accounts()
    workspace_id = accounts[0].workspace_id
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend_pid = cursor.fetchone()[0]
    timer = DbTimer(connection) if args.db_timing else None
    profiler = None
    if args.profile:
        import cProfile

        # CPU time, not wall time: on a shared 2-core machine wall time mostly measures waiting.
        profiler = cProfile.Profile(time.process_time)
    batch = int(variants.get("batch") or 1)
    no_savepoint = "nosavepoint" in variants
    if no_savepoint:
        from types import SimpleNamespace

        from django.db import transaction as real_transaction

        ingest.transaction = SimpleNamespace(atomic=lambda *a, **k: real_transaction.atomic(savepoint=False))

    n_messages = sum(1 for op in ops if op[2] == OP_MESSAGE)
    latencies = array("d")
    outcomes = bytearray()
    errors: dict[str, int] = {}
    error_samples: list[str] = []
    resolves = resolve_time = 0
    rss_before = _rss_mb()
    progress_every = max(1, n_messages // 10)

    def resolve(op) -> None:
        at, _, _, account, (kind, external_id), _, _ = op
        bench_resolve(
            Case.objects.filter(workspace_id=workspace_id, channel_account=accounts[account], identity__channel_kind=kind, identity__external_id=external_id),
            at,
        )

    def ingest_one(op) -> int:
        at, _, _, account, inbound, _, _ = op
        result = ingest.message_ingest(channel_account=accounts[account], inbound=inbound, received_at=at)
        if not result.created:
            return DUPLICATE
        if result.case_created:
            return NEW_CUSTOMER if result.case.customer.first_seen_at == at else NEW_CASE
        return REOPENED if result.case_reopened else FOLLOW_UP

    def record_error(exc: BaseException) -> None:
        name = type(exc).__name__
        errors[name] = errors.get(name, 0) + 1
        if len(error_samples) < 5:
            error_samples.append(f"{name}: {str(exc).strip()[:300]}")

    batch_sql = BatchIngestPrototype() if "batch-sql" in variants else ProductBatchIngest() if "batch-ingest" in variants else None
    batch_sql_size = int(variants.get("batch-sql") or variants.get("batch-ingest") or 50)
    pending: list[tuple] = []
    pending_senders: set[tuple[str, str]] = set()
    batches = [0]

    def flush() -> None:
        """batch-sql: the pending messages in one transaction; latency = batch start to commit."""
        t0 = time.perf_counter()
        batches[0] += 1
        items = [(accounts[op[3]], op[4], op[0]) for op in pending]
        try:
            with transaction.atomic():
                batch_outcomes = batch_sql(items)
        except Exception as exc:  # e.g. a deadlock with another batch: redo one by one
            record_error(exc)
            batch_outcomes = []
            for op in pending:
                try:
                    batch_outcomes.append(ingest_one(op))
                except Exception as inner:
                    record_error(inner)
                    batch_outcomes.append(ERROR)
        committed = time.perf_counter()
        for outcome in batch_outcomes:
            latencies.append((committed - t0) * 1000)
            outcomes.append(outcome)
        pending.clear()
        pending_senders.clear()

    barrier.wait()
    if profiler:
        profiler.enable()
    machine_start, cpu_start, backend_start = _machine_cpu_seconds(), sum(os.times()[:2]), _proc_cpu_seconds(backend_pid)
    started = time.monotonic()
    done, next_progress = 0, progress_every
    for i in range(0, len(ops), 1 if batch_sql else batch):
        chunk = ops[i : i + batch]
        if batch_sql:
            op = chunk[0]
            if op[2] == OP_RESOLVE:
                if op[4] in pending_senders:  # the bench resolves after the messages it follows
                    flush()
                t0 = time.perf_counter()
                resolve(op)
                resolve_time += time.perf_counter() - t0
                resolves += 1
                continue
            pending.append(op)
            pending_senders.add((op[4].channel_kind.value, op[4].sender.external_id))
            if len(pending) >= batch_sql_size:
                flush()
            done = len(latencies)
        elif batch == 1:
            op = chunk[0]
            t0 = time.perf_counter()
            if op[2] == OP_RESOLVE:
                resolve(op)
                resolve_time += time.perf_counter() - t0
                resolves += 1
                continue
            try:
                outcome = ingest_one(op)
            except Exception as exc:
                record_error(exc)
                outcome = ERROR
            latencies.append((time.perf_counter() - t0) * 1000)
            outcomes.append(outcome)
            done += 1
        else:
            # Several ops per transaction: a message is visible (and pushed) at the batch
            # commit, so its latency runs from its own start to that commit.
            starts, chunk_outcomes = [], []
            try:
                with transaction.atomic():
                    for op in chunk:
                        t0 = time.perf_counter()
                        if op[2] == OP_RESOLVE:
                            resolve(op)
                            resolves += 1
                            continue
                        starts.append(t0)
                        try:
                            chunk_outcomes.append(ingest_one(op))
                        except Exception as exc:
                            if no_savepoint:
                                raise
                            record_error(exc)
                            chunk_outcomes.append(ERROR)
            except Exception as exc:
                # Without savepoints one failure aborts the batch: redo it op by op.
                record_error(exc)
                starts, chunk_outcomes = [], []
                for op in chunk:
                    t0 = time.perf_counter()
                    if op[2] == OP_RESOLVE:
                        resolve(op)
                        continue
                    starts.append(t0)
                    try:
                        with transaction.atomic():
                            chunk_outcomes.append(ingest_one(op))
                    except Exception as inner:
                        record_error(inner)
                        chunk_outcomes.append(ERROR)
            committed = time.perf_counter()
            for t0, outcome in zip(starts, chunk_outcomes, strict=True):
                latencies.append((committed - t0) * 1000)
                outcomes.append(outcome)
            done += len(starts)
        if worker == 0 and done >= next_progress and not args.quiet:
            next_progress += progress_every
            elapsed = time.monotonic() - started
            print(f"  [worker 0] {done:,}/{n_messages:,} messages, {done / elapsed:,.0f}/s", file=sys.stderr, flush=True)
    if pending:
        flush()
    finished = time.monotonic()
    machine_end, cpu_end, backend_end = _machine_cpu_seconds(), sum(os.times()[:2]), _proc_cpu_seconds(backend_pid)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        same_backend = cursor.fetchone()[0] == backend_pid
    if profiler:
        profiler.disable()
        profiler.dump_stats(str(Path(args.profile) / f"worker{worker}.prof"))
    out = {
        "worker": worker,
        "started": started,
        "finished": finished,
        "latencies": latencies,
        "outcomes": bytes(outcomes),
        "errors": errors,
        "error_samples": error_samples,
        "resolves": resolves,
        "resolve_seconds": resolve_time,
        "batches": batches[0],
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "rss_before_mb": rss_before,
        "rss_after_mb": _rss_mb(),
        "cpu_seconds": cpu_end - cpu_start,
        "backend_cpu_seconds": (backend_end - backend_start) if backend_start is not None and backend_end is not None and same_backend else None,
        "machine_start": machine_start,
        "machine_end": machine_end,
    }
    if timer:
        out["db"] = {"execute": timer.execute, "queries": timer.queries, "commit": timer.commit, "commits": timer.commits}
    connection.close()
    return out


# --- Reporting ------------------------------------------------------------------------------------


def percentile(sorted_values, q: float) -> float:
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, max(0, math.ceil(q * len(sorted_values)) - 1))]


def latency_line(values) -> str:
    ordered = sorted(values)
    return (
        f"p50 {percentile(ordered, 0.50):6.2f}  p90 {percentile(ordered, 0.90):6.2f}  "
        f"p99 {percentile(ordered, 0.99):6.2f}  max {ordered[-1] if ordered else float('nan'):7.2f}"
    )


def db_counts() -> dict[str, int]:
    from django.db import connection

    tables = {
        "customers": "customers_customer", "identities": "customers_identity", "cases": "inbox_case", "messages": "inbox_message",
        "attachments": "inbox_messageattachment", "case events": "inbox_caseevent", "reporting events": "reports_reportingevent",
        "realtime events": "core_realtimeevent",
    }
    counts = {}
    with connection.cursor() as cursor:
        for label, table in tables.items():
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed table names
            counts[label] = cursor.fetchone()[0]
        cursor.execute("SELECT status, count(*) FROM inbox_case GROUP BY status ORDER BY status")
        counts["cases by status"] = dict(cursor.fetchall())
        cursor.execute("SELECT coalesce(sum(reopened_count), 0) FROM inbox_case")
        counts["reopens recorded"] = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM (SELECT identity_id, channel_account_id, thread_key FROM inbox_case "
            "WHERE status IN ('new','open','pending','snoozed') GROUP BY 1, 2, 3 HAVING count(*) > 1) dupes"
        )
        counts["identity threads with >1 open case"] = cursor.fetchone()[0]
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        counts["database size"] = cursor.fetchone()[0]
    return counts


def query_report(variants: dict[str, str], show_sql: bool, args_sla: bool) -> list[tuple[str, int, list[str]]]:
    """Queries per message kind, measured with CaptureQueriesContext on a fresh workspace."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    import inbox.ingest as ingest
    from accounts.models import Workspace
    from channel_accounts.models import ChannelAccount
    from inbox.models import Case

    workspace = Workspace.objects.create(name="Bench queries", slug="bench-queries")
    if args_sla:
        seed_sla(workspace)
    api = ChannelAccount.objects.create(workspace=workspace, kind=ChannelKind.API, name="api", external_id="q-api")
    mail = ChannelAccount.objects.create(workspace=workspace, kind=ChannelKind.EMAIL, name="mail", external_id="q-mail")
    sender = Sender(external_id="q1", display_name="Ana Ruiz", username="ana", language="es")
    at = SIM_START

    def message(n: int, **extra) -> InboundMessage:
        return InboundMessage(channel_kind=ChannelKind.API, external_id=f"q.{n}", sender=sender, sent_at=at, text="Hola, mi pedido 123 no ha llegado.", **extra)

    def resolve_all(when) -> None:
        bench_resolve(Case.objects.filter(workspace=workspace), when)

    rows = []

    def measure(label: str, account, inbound, when) -> None:
        with CaptureQueriesContext(connection) as captured:
            ingest.message_ingest(channel_account=account, inbound=inbound, received_at=when)
        rows.append((label, len(captured), [q["sql"] for q in captured.captured_queries] if show_sql else []))

    measure("new customer (first message, new case)", api, message(1), at)
    measure("follow-up into the open case", api, message(2), at + timedelta(minutes=1))
    measure("follow-up with one attachment", api, message(3, attachments=(Attachment(kind=AttachmentKind.IMAGE, url="https://cdn.example.com/x.jpg"),)), at + timedelta(minutes=2))
    measure("duplicate (redelivery)", api, message(2), at + timedelta(minutes=3))
    resolve_all(at + timedelta(hours=1))
    measure("reopen (resolved 1 day ago)", api, message(4), at + timedelta(days=1))
    resolve_all(at + timedelta(days=1, hours=1))
    measure("new case, known customer (after 7-day window)", api, message(5), at + timedelta(days=10))
    mail_sender = Sender(external_id="ana@example.es", display_name="Ana Ruiz", email="ana@example.es", language="es")
    root = InboundMessage(channel_kind=ChannelKind.EMAIL, external_id="<r1@example.es>", sender=mail_sender, sent_at=at,
                          text="Hola", thread=ThreadHints(email_message_id="<r1@example.es>", subject="Pedido 1"))
    measure("email, new customer, new thread", mail, root, at)
    reply = InboundMessage(channel_kind=ChannelKind.EMAIL, external_id="<r2@example.es>", sender=mail_sender, sent_at=at, text="¿Alguna novedad?",
                           thread=ThreadHints(email_message_id="<r2@example.es>", email_in_reply_to="<r1@example.es>",
                                              email_references=("<r1@example.es>",), subject="Re: Pedido 1"))
    measure("email reply (In-Reply-To)", mail, reply, at + timedelta(hours=2))
    return rows


def round_trip_floor(database_url: str) -> float:
    """Microseconds for one `SELECT 1` with raw psycopg on one connection (the per-query floor)."""
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        for _ in range(200):
            conn.execute("SELECT 1")
        start = time.perf_counter()
        for _ in range(2000):
            conn.execute("SELECT 1").fetchone()
        return (time.perf_counter() - start) / 2000 * 1e6


def profile_summary(directory: str, deliveries: int, top: int = 30) -> None:
    import pstats

    files = sorted(str(p) for p in Path(directory).glob("worker*.prof"))
    if not files:
        return
    stats = pstats.Stats(*files)
    print(f"\ncProfile: {stats.total_calls:,} Python function calls in the workers' run loops "
          f"({stats.total_calls / max(deliveries, 1):,.0f} per delivery — a contention-free measure of Python work)")
    stats.sort_stats("tottime")
    print(f"\ncProfile, CPU time (all workers, {len(files)} files in {directory}), top {top} by own time:")
    stats.print_stats(top)


# --- Main ---------------------------------------------------------------------------------------------


def source_state() -> str:
    """The commit measured, and whether the code the ingest path runs differed from it."""
    import subprocess

    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT_DIR, capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "backend", "integrations"], cwd=PROJECT_DIR, capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return f"{PROJECT_DIR} (not a git checkout)"
    return f"{head}{' + uncommitted changes in backend/ or integrations/' if dirty.strip() else ''}"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=100_000, help="deliveries fed to message_ingest, redeliveries included (100,000)")
    parser.add_argument("--customers", type=int, default=10_000, help="distinct customers (10,000)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (2)")
    parser.add_argument("--accounts", type=int, default=10, help="channel accounts; one in ten is email (10)")
    parser.add_argument("--duplicates", type=float, default=0.05, help="share of deliveries that are redeliveries (0.05)")
    parser.add_argument("--contended", action="store_true", help="every customer's messages spread over all workers")
    parser.add_argument("--quick", action="store_true", help="smoke check: 5,000 messages over 500 customers")
    parser.add_argument("--database-url", default="", help="server to create the scratch database on (default: embedded PostgreSQL)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--database-name", default=BENCH_DATABASE,
                        help=f"scratch database, dropped and recreated ({BENCH_DATABASE}; must contain 'bench')")
    parser.add_argument("--no-resolves", action="store_true",
                        help="no bench resolves between conversations: every later message joins the customer's open case "
                             "(the steady state of a live inbox; batches stay full with --variant batch-ingest)")
    parser.add_argument("--keep-db", action="store_true", help="leave the scratch database in place for inspection")
    parser.add_argument("--db-timing", action="store_true", help="split ingest time into cursor.execute, COMMIT and the rest (Python)")
    parser.add_argument("--profile", metavar="DIR", help="cProfile every worker into DIR/worker<N>.prof and print the top functions")
    parser.add_argument("--show-sql", action="store_true", help="print the SQL of each query-count scenario")
    parser.add_argument("--variant", action="append", default=[], metavar="NAME[=ARG]",
                        help="experiment, repeatable: batch-ingest=K (the product's drain path), batch-sql=K, batch=K, nosavepoint, async-commit, server-binding, bulk-realtime, "
                             "new-identity-fastpath, lazy-last-seen=SECONDS, no-push, email-thread-fix (see bench/README.md)")
    parser.add_argument("--runner", choices=["job", "plain"], default="job",
                        help="job (default): the ingest loop runs in a thread beside an asyncio loop, as Procrastinate runs sync tasks; "
                             "plain: a bare synchronous process (every realtime push then builds its own event loop)")
    parser.add_argument("--no-sla", dest="sla", action="store_false", help="seed no SLA policies (cases then get no clocks)")
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    args = parser.parse_args(argv)
    if args.quick:
        args.messages, args.customers = 5_000, 500
    if "bench" not in args.database_name or args.database_name == "dialogo":
        parser.error("--database-name must name a bench database (contain 'bench')")
    if args.workers < 1 or args.customers < 1 or not 0 <= args.duplicates < 1:
        parser.error("need --workers ≥ 1, --customers ≥ 1 and 0 ≤ --duplicates < 1")
    return args


def main(argv=None) -> int:
    import multiprocessing

    args = parse_args(argv)
    variants = parse_variants(args.variant)
    if args.profile:
        Path(args.profile).mkdir(parents=True, exist_ok=True)
    args.load_before = os.getloadavg()
    admin_url, server_description = server_url(args)
    database_url = with_database(admin_url, args.database_name)
    print(f"preparing {args.database_name} on the {server_description} …", file=sys.stderr, flush=True)
    recreate_database(admin_url, args.database_name)
    try:
        return _run(args, variants, database_url, server_description, multiprocessing.get_context("spawn"))
    finally:
        if not args.keep_db:
            from django.db import connections

            connections.close_all()
            recreate_database(admin_url, args.database_name, drop_only=True)


def _run(args, variants, database_url: str, server_description: str, mp) -> int:
    django_setup(database_url)
    import django
    from django.core.management import call_command
    from django.db import connection

    setup_started = time.monotonic()
    call_command("migrate", verbosity=0)
    sla_description = seed(args)
    if "async-commit" in variants:
        with connection.cursor() as cursor:
            cursor.execute(f'ALTER DATABASE "{args.database_name}" SET synchronous_commit TO off')
            cursor.execute("SET synchronous_commit TO off")  # this session too, so the settings below show it
    settings_used = pg_settings()
    from django.conf import settings

    layer = settings.CHANNEL_LAYERS["default"]["BACKEND"].rsplit(".", 1)[-1]
    counts, dups = master_plan(args)
    email_accounts = email_account_indexes(args.accounts)
    print(f"migrated and seeded in {time.monotonic() - setup_started:.1f} s; starting {args.workers} workers …", file=sys.stderr, flush=True)

    barrier = mp.Barrier(args.workers)
    results = mp.Queue()
    processes = [mp.Process(target=worker_main, args=(w, args, database_url, variants, barrier, results)) for w in range(args.workers)]
    for process in processes:
        process.start()
    reports = [results.get() for _ in processes]
    for process in processes:
        process.join()
    crashed = [r for r in reports if "crash" in r]
    if crashed:
        for report in crashed:
            print(f"worker {report['worker']} crashed:\n{report['crash']}", file=sys.stderr)
        return 1
    reports.sort(key=lambda r: r["worker"])

    wall = max(r["finished"] for r in reports) - min(r["started"] for r in reports)
    latencies = array("d")
    outcomes = bytearray()
    for report in reports:
        latencies.extend(report["latencies"])
        outcomes.extend(report["outcomes"])
    by_outcome: dict[int, array] = {}
    for value, outcome in zip(latencies, outcomes, strict=True):
        by_outcome.setdefault(outcome, array("d")).append(value)
    errors: dict[str, int] = {}
    for report in reports:
        for name, n in report["errors"].items():
            errors[name] = errors.get(name, 0) + n
    resolves = sum(r["resolves"] for r in reports)
    delivered = len(latencies)
    n_dups = sum(dups)
    unique = sum(counts)
    langs = {lang: 0 for lang in LANGUAGES}
    for c in range(args.customers):
        langs[random.Random(args.seed * 1_000_003 + c).choices(LANGUAGES, weights=LANGUAGE_WEIGHTS)[0]] += 1
    stored = db_counts()

    import psycopg

    line = "-" * 100
    print(line)
    print(f"Dialogo ingest core benchmark — bench/ingest_core.py — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    print(f"  machine: {os.cpu_count()} CPUs, {platform.platform()}, Python {platform.python_version()}, "
          f"Django {django.get_version()}, psycopg {psycopg.__version__}; "
          f"load average before start {args.load_before[0]:.2f}")
    print(f"  code: commit {source_state()}")
    print(f"  database: {server_description}; scratch database {args.database_name} ({'kept' if args.keep_db else 'dropped at the end'})")
    print(f"  channel layer: {layer} — realtime pushes reach no socket (none connected in these processes);"
          " RealtimeEvent rows are still written in each transaction")
    print(f"  variants: {', '.join(f'{k}={v}' if v else k for k, v in variants.items()) or 'none (product code as is)'}"
          f"{'; db timing on' if args.db_timing else ''}{'; cProfile on (slower)' if args.profile else ''}")
    print("workload:")
    print(f"  {args.messages:,} deliveries = {unique:,} unique messages + {n_dups:,} redeliveries ({args.duplicates:.0%}), "
          f"{args.customers:,} customers ({', '.join(f'{k} {v:,}' for k, v in langs.items())})")
    print(f"  {args.accounts} channel accounts ({args.accounts - len(email_accounts)} api, {len(email_accounts)} email with In-Reply-To threading); "
          f"{args.workers} worker processes, {'contended: every customer on all workers' if args.contended else 'customers split across workers'}; "
          f"runner {args.runner}")
    print(f"  simulated span {SIM_SPAN_DAYS}+ days; {resolves:,} bench resolves between conversations (ORM write at simulated time + "
          f"the case_status_changed signal; {sum(r['resolve_seconds'] for r in reports):.1f} s, inside the wall time)")
    print(f"  {sla_description}")
    print("results:")
    print(f"  wall time            {wall:8.2f} s")
    print(f"  throughput           {delivered / wall:8,.0f} messages/s ({unique / wall:,.0f} unique messages stored/s)")
    ingest_only = sum(len(r["latencies"]) / max(r["finished"] - r["started"] - r["resolve_seconds"], 1e-9) for r in reports)
    if resolves and "batch" not in variants:
        print(f"                       {ingest_only:8,.0f} messages/s not counting the time workers spent on the bench's resolves")
    print(f"  latency (ms)         {latency_line(latencies)}   (inside message_ingest, commit included)")
    for code, name in OUTCOME_NAMES.items():
        if code in by_outcome:
            print(f"    {name:<30} {len(by_outcome[code]):>7,}  {latency_line(by_outcome[code])}")
    created = len(by_outcome.get(NEW_CUSTOMER, ())) + len(by_outcome.get(NEW_CASE, ()))
    print(f"  cases created        {created:,} ({len(by_outcome.get(NEW_CUSTOMER, ())):,} for new customers), "
          f"reopened {len(by_outcome.get(REOPENED, ())):,}, follow-ups {len(by_outcome.get(FOLLOW_UP, ())):,}")
    print(f"  duplicates detected  {len(by_outcome.get(DUPLICATE, ())):,} (redeliveries sent: {n_dups:,})")
    print(f"  errors               {sum(errors.values()):,} {errors or ''}")
    if "batch-sql" in variants or "batch-ingest" in variants:
        n_batches = sum(r["batches"] for r in reports)
        print(f"  batch transactions {n_batches:,} (mean {delivered / max(n_batches, 1):.1f} messages; a bench resolve of a "
              "customer with pending messages closes the batch early)")
    for report in reports:
        for sample in report["error_samples"]:
            print(f"    worker {report['worker']}: {sample}")
    for report in reports:
        n = len(report["latencies"])
        span = report["finished"] - report["started"]
        print(f"  worker {report['worker']}: {n:,} messages in {span:.1f} s ({n / span:,.0f}/s), peak RSS {report['peak_rss_mb']:.0f} MB "
              f"(RSS {report['rss_before_mb']:.0f} MB with its workload loaded before the run, {report['rss_after_mb']:.0f} MB after)")
    first = min(reports, key=lambda r: r["started"])["machine_start"]
    last = max(reports, key=lambda r: r["finished"])["machine_end"]
    machine_busy, machine_total = last[0] - first[0], last[1] - first[1]
    worker_cpu = sum(r["cpu_seconds"] for r in reports)
    backend_cpu = None if any(r["backend_cpu_seconds"] is None for r in reports) else sum(r["backend_cpu_seconds"] for r in reports)
    per = 1000 / max(delivered, 1)
    cpu_line = f"  CPU per delivery (ms): worker processes (Python, Django, psycopg) {worker_cpu * per:.2f}"
    if backend_cpu is not None:
        cpu_line += f" + their PostgreSQL backends {backend_cpu * per:.2f} = {(worker_cpu + backend_cpu) * per:.2f}"
    print(cpu_line)
    other = machine_busy - worker_cpu - (backend_cpu or 0)
    print(f"  machine during the run: {machine_busy / max(machine_total, 1e-9):.0%} busy of {os.cpu_count()} CPUs; "
          f"other processes (WAL writer, checkpointer, anything else running) used {max(other, 0):.1f} CPU-s "
          f"= {max(other, 0) / max(wall, 1e-9):.2f} cores on average{'  ← not a quiet machine' if other / max(wall, 1e-9) > 0.25 else ''}")
    if args.db_timing:
        execute = sum(r["db"]["execute"] for r in reports)
        commit = sum(r["db"]["commit"] for r in reports)
        queries = sum(r["db"]["queries"] for r in reports)
        total = sum(latencies) / 1000
        floor = round_trip_floor(database_url)
        print(f"  time split per delivery (ms, mean): total {total * per:.2f} = cursor.execute {execute * per:.2f} "
              f"({queries / max(delivered, 1):.1f} queries incl. resolves) + COMMIT {commit * per:.2f} + Python/ORM rest {(total - execute - commit) * per:.2f}")
        print(f"    raw psycopg SELECT 1 round trip on this server: {floor:.0f} µs (per-query floor)")
    print("database after the run:")
    print("  " + ", ".join(f"{k} {v:,}" for k, v in stored.items() if isinstance(v, int)))
    print(f"  cases by status {stored['cases by status']}; database size {stored['database size']}")
    checks = {
        "messages stored == unique messages": stored["messages"] == unique,
        "duplicates detected == redeliveries": len(by_outcome.get(DUPLICATE, ())) == n_dups,
        "one identity per customer": stored["customers"] == stored["identities"] == args.customers,
        "cases == created": stored["cases"] == created,
        "one open case per identity thread": stored["identity threads with >1 open case"] == 0,
        "no errors": not errors,
    }
    print("  checks: " + ", ".join(f"{name}: {'ok' if ok else 'FAILED'}" for name, ok in checks.items()))
    print("PostgreSQL settings used:")
    print("  " + ", ".join(f"{name}={value}" for name, value in settings_used))

    apply_variants({k: v for k, v in variants.items() if k not in ("batch", "nosavepoint", "batch-sql", "batch-ingest")})
    print("queries per message (CaptureQueriesContext, one message each, advisory lock and savepoints included):")
    for label, n, sqls in query_report(variants, args.show_sql, args.sla):
        print(f"  {label:<48} {n:>3}")
        for sql in sqls:
            print(f"      {sql[:180]}")
    print(line)
    if args.profile:
        profile_summary(args.profile, delivered)
    return 0 if all(checks.values()) else 2


if __name__ == "__main__":
    sys.exit(main())
