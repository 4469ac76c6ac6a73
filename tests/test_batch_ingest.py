"""The set-based batch ingest (inbox.batch_ingest) through the real drain: the same rows as
`message_ingest` one message at a time, concurrency, and a pinned query count per batch."""

from __future__ import annotations

import json
import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from itertools import count

import pytest
from conftest import make_tenant
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from procrastinate.contrib.django.models import ProcrastinateJob

import inbox.inbound
from accounts.services import team_create
from channel_accounts.models import ChannelAccount, InboundEvent, InboundEventStatus
from core.models import RealtimeEvent
from customers import services as customer_services
from customers.models import Customer, Identity
from inbox import services as inbox_services
from inbox.batch_ingest import BatchItem, messages_ingest_batch
from inbox.inbound import _drain_batch
from inbox.ingest import message_ingest
from inbox.models import Case, CaseEvent, Message, MessageAttachment
from integrations.events import Attachment, AttachmentKind, ChannelKind, InboundMessage, MessageKind, Sender, ThreadHints
from reports.models import ReportingEvent
from sla import services as sla_services
from sla.models import CaseSla, SlaEvent
from tests.inbox_helpers import channel_account, image

T = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
STEP = timedelta(seconds=20)


class Clock:
    def __init__(self, moment: datetime):
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


@pytest.fixture
def clock(monkeypatch):
    frozen = Clock(T)
    monkeypatch.setattr(timezone, "now", frozen)
    return frozen


def message(
    sender: str, text: str, external_id: str, *, name: str = "", language: str = "", kind: str = ChannelKind.API, **extra
) -> InboundMessage:
    thread = {key: extra.pop(key) for key in list(extra) if key in ThreadHints.__dataclass_fields__}
    profile = {key: extra.pop(key) for key in ("username", "follower_count", "email", "avatar_url") if key in extra}
    return InboundMessage(
        channel_kind=ChannelKind(kind),
        external_id=external_id,
        sender=Sender(external_id=sender, display_name=name, language=language, **profile),
        sent_at=T - timedelta(seconds=5),
        text=text,
        thread=ThreadHints(**thread),
        **extra,
    )


def email(address: str, text: str, message_id: str, **extra) -> InboundMessage:
    return message(address, text, message_id, kind=ChannelKind.EMAIL, email=address, email_message_id=message_id, **extra)


def setup_workspace(slug: str, clock: Clock) -> dict:
    """A workspace with two API accounts, a Messenger page, a mailbox, an SLA policy and
    customers whose cases are pending, snoozed, resolved lately, resolved long ago, answered."""
    tenant = make_tenant(slug)
    workspace = tenant.workspace
    team = team_create(workspace=workspace, name="Care")
    accounts = {
        "api1": channel_account(workspace, name="api1"),
        "api2": channel_account(workspace, name="api2"),
        "page": channel_account(workspace, kind=ChannelKind.MESSENGER, name="page"),
        "mail": channel_account(workspace, kind=ChannelKind.EMAIL, name="mail"),
        "chat": channel_account(workspace, kind=ChannelKind.WEBCHAT, name="chat"),
    }
    ChannelAccount.objects.filter(pk=accounts["api2"].pk).update(default_team=team)  # new cases there go to the team
    accounts["api2"].refresh_from_db()
    sla_services.policy_create(
        workspace=workspace,
        name="Default",
        is_default=True,
        first_response_seconds=3600,
        next_response_seconds=1800,
        resolution_seconds=86400,
    )
    agent = tenant.agent
    customer_services.tagging_rule_create(
        workspace=workspace, name="Billing", keywords=["factura", "invoice"], tags=["billing"], tag_case=True
    )

    def ingest(account: str, inbound: InboundMessage, at: datetime):
        clock.moment = at
        return message_ingest(channel_account=accounts[account], inbound=inbound, received_at=at)

    pending = ingest(
        "api1", message("p-es", "¿Dónde está mi pedido 55?", "pre-p", name="Pablo Ruiz", language="es"), T - timedelta(hours=2)
    )
    inbox_services.case_reply(case=pending.case, author=agent, text="¿Nos das el número de pedido?")
    inbox_services.case_set_status(case=Case.objects.get(pk=pending.case.pk), status="pending", actor=agent)
    snoozed = ingest(
        "api1", message("s-en", "My parcel is late", "pre-s", name="Sophie Evans", language="en"), T - timedelta(hours=3)
    )
    inbox_services.case_snooze(case=snoozed.case, until=T + timedelta(days=1), actor=agent)
    resolved = ingest(
        "api1", message("r-pl", "Faktura jest błędna", "pre-r", name="Ewa Nowak", language="pl"), T - timedelta(days=3)
    )
    clock.moment = T - timedelta(days=1)
    inbox_services.case_set_status(case=resolved.case, status="resolved", actor=agent)
    old = ingest("api2", message("o-es", "Hola otra vez", "pre-o", name="Diego López", language="es"), T - timedelta(days=40))
    clock.moment = T - timedelta(days=39)
    inbox_services.case_set_status(case=old.case, status="resolved", actor=agent)
    answered = ingest(
        "api1", message("f-en", "Hello, wrong size", "pre-f", name="", username="jack_w", language="en"), T - timedelta(hours=1)
    )
    inbox_services.case_reply(case=answered.case, author=agent, text="Sorry! Which size do you need?")
    mailed = ingest(
        "mail",
        email("z@example.com", "Refund?", "<pre-z@example.com>", name="Zofia Wójcik", language="pl"),
        T - timedelta(days=2),
    )
    clock.moment = T - timedelta(days=1)
    inbox_services.case_set_status(case=mailed.case, status="resolved", actor=agent)
    clock.moment = T
    return {"workspace": workspace, "accounts": accounts, "agent": agent, "team": team}


def visitor_file(name: str, mime_type: str = "image/png") -> Attachment:
    """A web-chat visitor's upload as webchat.services names it: our stored copy already."""
    kind = AttachmentKind.IMAGE if mime_type.startswith("image/") else AttachmentKind.FILE
    return Attachment(
        kind=kind, url=f"webchat-upload:{name}", mime_type=mime_type, size_bytes=2048, name=name, stored_file=f"webchat/2026/11/{name}"
    )


def workload() -> list[list[tuple[str, InboundMessage]]]:
    """Inbound events (each a list of (account, message)) in arrival order: es/en/pl customers,
    follow-ups, redeliveries inside a batch and across batches, a pending and a snoozed case
    waking up, a reopen and an email (fallbacks), nameless Messenger identities, a comment, replies."""
    n1 = message(
        "n1-es", "Hola, mi pedido 123 no ha llegado todavía.", "e1", name="María García", language="es", follower_count=120
    )
    n2a = message("n2-en", "Hi, my order 456 hasn't arrived yet.", "e2a", name="Emma Smith", language="en")
    n2b = message("n2-en", "Any news?", "e2b", name="Emma Smith", language="en")
    n4 = message("n4-en", "Hello there", "e19", name="Harry Walker", language="en")
    return [
        [("api1", n1)],
        [("api1", n2a), ("api1", n2b)],
        [("api1", message("p-es", "El pedido es 55-B", "e3", name="Pablo Ruiz", language="es"))],
        [
            (
                "api1",
                message(
                    "s-en",
                    "Still waiting!",
                    "e4",
                    name="Sophie Evans",
                    avatar_url="https://cdn.example/sophie.jpg",
                    language="en",
                ),
            )
        ],
        [("page", message("psid-1", "hola??", "e5", kind=ChannelKind.MESSENGER))],
        [
            (
                "api1",
                message(
                    "n1-es",
                    "¿Alguna novedad? Y la factura también.",
                    "e6",
                    name="María García",
                    language="es",
                    follower_count=150,
                ),
            )
        ],
        [("api1", n1)],  # redelivered inside the batch
        [("api1", message("r-pl", "Nadal czekam na odpowiedź", "e8", name="Ewa Nowak", language="pl"))],  # reopens: fallback
        [("api1", message("r-pl", "Przesyłam zdjęcie.", "e9", name="Ewa Nowak", language="pl"))],  # same sender after a fallback
        [
            (
                "api2",
                message(
                    "n3-pl", "Produkt przyszedł uszkodzony.", "e10", name="Jan Kowalski", language="pl", attachments=(image(),)
                ),
            )
        ],
        [("api2", message("o-es", "Vuelvo a escribir", "e11", name="Diego López", language="es"))],
        [("mail", email("x@example.com", "Invoice question", "<e12@example.com>", name="Xavi", subject="Invoice 77"))],
        [("api1", message("f-en", "It's a medium", "e13", name="Jack Wilson", language="en"))],
        [("api1", n2a)],  # redelivered across batches
        [("page", message("psid-1", "¿hay alguien?", "e15", kind=ChannelKind.MESSENGER))],
        [
            (
                "api1",
                message(
                    "n1-es", "Qué bonito post", "e16", name="María García", language="es", kind=ChannelKind.API, post_id="post-9"
                ),
            )
        ],
        [("api1", message("n2-en", "About this one", "e17", name="Emma Smith", language="en", reply_to_external_id="e2a"))],
        [("api2", message("n3-pl", "Dziękuję, już działa!", "e18", name="Jan Kowalski", language="pl"))],
        [
            ("api1", n4),
            ("api1", message("n4-en", "this one", "e20", name="Harry Walker", language="en", reply_to_external_id="e19")),
        ],
        [("page", message("psid-2", "hi", "e21", kind=ChannelKind.MESSENGER))],
        [("page", message("psid-2", "me again", "e22", kind=ChannelKind.MESSENGER, name="Grace Taylor", language="en"))],
        # Email: a reply to a stored email, a reply to that one in the same batch, a reply token, a resolved thread.
        [
            (
                "mail",
                email(
                    "x@example.com",
                    "And the VAT?",
                    "<e23@example.com>",
                    name="Xavi",
                    email_in_reply_to="<e12@example.com>",
                    email_references=("<e12@example.com>",),
                    subject="Re: Invoice 77",
                ),
            )
        ],
        [
            (
                "mail",
                email(
                    "x@example.com",
                    "Sorry, one more",
                    "<e24@example.com>",
                    name="Xavi",
                    email_in_reply_to="<e23@example.com>",
                    email_references=("<e12@example.com>", "<e23@example.com>"),
                    subject="Re: Invoice 77",
                ),
            )
        ],
        [("mail", email("y@example.com", "Replying to you", "<e25@example.com>", name="Yann", reply_token="c999.0123456789ab"))],
        [
            (
                "mail",
                email(
                    "z@example.com",
                    "Still no refund",
                    "<e26@example.com>",
                    name="Zofia Wójcik",
                    language="pl",
                    email_in_reply_to="<pre-z@example.com>",
                ),
            )
        ],
        # A new customer's email answering another new customer's email of the same batch: that case.
        [("mail", email("w@example.com", "Question about delivery", "<e27@example.com>", name="Wanda"))],
        [("mail", email("v@example.com", "Hello", "<e28@example.com>", name="Víctor", language="es"))],
        [
            (
                "mail",
                email(
                    "v@example.com",
                    "Same problem here",
                    "<e29@example.com>",
                    name="Víctor",
                    email_in_reply_to="<e27@example.com>",
                ),
            )
        ],
        # A web-chat visitor's message with two files, stored when they were uploaded.
        [
            (
                "chat",
                message(
                    "visitor:v1",
                    "Así llegó la caja",
                    "41:c-1",
                    name="Visitor v1",
                    language="es",
                    kind=ChannelKind.WEBCHAT,
                    attachments=(visitor_file("caja.png"), visitor_file("albaran.pdf", "application/pdf")),
                ),
            )
        ],
    ]


def fix_kinds(events):
    # A comment on a post (thread "post:<id>").
    return [
        [(account, replace(m, kind=MessageKind.COMMENT) if m.thread.post_id else m) for account, m in event] for event in events
    ]


def received_times():
    return (T + STEP * n for n in count())


def run_one_by_one(env, events, clock):
    times = received_times()
    for event in events:
        for account, inbound in event:
            at = next(times)
            clock.moment = at
            message_ingest(channel_account=env["accounts"][account], inbound=inbound, received_at=at)


def run_drain(env, events, clock, monkeypatch, batch_size: int = 7) -> list[InboundEvent]:
    """Through the real drain: each event stored as an InboundEvent whose parse returns it."""
    by_body: dict[bytes, list] = {}
    stored = []
    for number, event in enumerate(events):
        body = f"event-{env['workspace'].slug}-{number}".encode()
        by_body[body] = [inbound for _, inbound in event]
        account = env["accounts"][event[0][0]]
        stored.append(
            InboundEvent.objects.create(
                workspace=env["workspace"],
                channel_account=account,
                kind=account.kind,
                status=InboundEventStatus.PENDING,
                received_at=T,
                body=body,
                next_attempt_at=T,
            )
        )
    times = received_times()

    def received_now():
        clock.moment = next(times)
        return clock.moment

    monkeypatch.setattr(inbox.inbound, "events_parse", lambda *, kind, body, account, **_: by_body[bytes(body)])
    monkeypatch.setattr(inbox.inbound, "received_now", received_now)
    while _drain_batch(batch_size):
        pass
    return [InboundEvent.objects.get(pk=event.pk) for event in stored]


# --- Comparing two workspaces' rows ----------------------------------------------------------


def snapshot(env) -> dict:
    workspace = env["workspace"]
    accounts = {account.pk: name for name, account in env["accounts"].items()}
    identities = {i.pk: (i.channel_kind, i.external_id) for i in Identity.objects.filter(workspace=workspace)}
    customer_key = {
        i.customer_id: key
        for i, key in ((i, (i.channel_kind, i.external_id)) for i in Identity.objects.filter(workspace=workspace))
    }
    cases = Case.objects.filter(workspace=workspace)
    case_key = {c.pk: (identities[c.identity_id], accounts[c.channel_account_id], c.thread_key, c.opened_at) for c in cases}
    messages = Message.objects.filter(workspace=workspace)
    message_key = {m.pk: (accounts[m.channel_account_id], m.external_id or f"#{m.direction}{m.text}") for m in messages}
    team_name = {env["team"].pk: "team"}

    def group(name: str) -> str:
        kind, _, number = name.partition(".")
        if kind == "case":
            return f"case:{case_key[int(number)]}"
        if kind == "team":
            return f"team:{team_name.get(int(number), number)}"
        return kind

    def without_ids(data: dict) -> dict:
        return {k: v for k, v in data.items() if k != "tagging_rule_ids"}

    def timestamps_out(row: dict) -> dict:
        return {k: v for k, v in row.items() if k not in ("id", "created_at", "updated_at", "workspace_id")}

    realtime_by_case: dict = {}
    for event in RealtimeEvent.objects.filter(workspace=workspace).order_by("seq"):
        payload = event.payload
        case_id = payload.get("case_id") or (
            payload.get("id") if event.type.startswith("case.") and event.type != "case.timeline" else None
        )
        details = {}
        if event.type in ("case.created", "case.updated"):
            details = {
                k: payload[k]
                for k in (
                    "status",
                    "subject",
                    "last_message_preview",
                    "last_message_at",
                    "waiting_since",
                    "team_id",
                    "snoozed_until",
                )
            }
            details["team_id"] = team_name.get(details["team_id"], details["team_id"])
            details["customer"] = payload["customer"]["display_name"]
            details["tags"] = payload["tags"]
        elif event.type == "message.created":
            details = {k: payload[k] for k in ("text", "source_kind", "received_at", "status")}
            details["attachments"] = [(a["original_url"], a["fetch_status"]) for a in payload["attachments"]]
        elif event.type == "case.timeline":
            details = {"kind": payload["kind"], "data": without_ids(payload["data"]), "occurred_at": payload["occurred_at"]}
        elif event.type == "sla.updated":
            details = {k: payload[k] for k in ("paused", "next_due_at", "clocks")}
        realtime_by_case.setdefault(case_key.get(case_id), []).append(
            (event.type, sorted(group(g) for g in event.groups), details)
        )

    return {
        "customers": sorted(
            (customer_key[c["id"]], timestamps_out(c))
            for c in Customer.objects.filter(workspace=workspace).values()
            if c["id"] in customer_key
        ),
        "identities": sorted(
            (key, {**timestamps_out(i), "customer_id": customer_key[i["customer_id"]]})
            for i in Identity.objects.filter(workspace=workspace).values()
            for key in [identities[i["id"]]]
        ),
        "cases": sorted(
            (
                case_key[c["id"]],
                {
                    **timestamps_out(c),
                    "customer_id": customer_key[c["customer_id"]],
                    "identity_id": identities[c["identity_id"]],
                    "channel_account_id": accounts[c["channel_account_id"]],
                    "team_id": team_name.get(c["team_id"], c["team_id"]),
                    "assignee_id": c["assignee_id"] is not None,
                },
            )
            for c in cases.values()
        ),
        "messages": sorted(
            (
                message_key[m["id"]],
                {
                    **timestamps_out(m),
                    "case_id": case_key[m["case_id"]],
                    "channel_account_id": accounts[m["channel_account_id"]],
                    "reply_to_id": message_key.get(m["reply_to_id"]),
                    "author_id": m["author_id"] is not None,
                    "search_vector": str(m["search_vector"]),
                },
            )
            for m in messages.values()
        ),
        "attachments": sorted(
            (message_key[a["message_id"]], a["url"], a["kind"], a["mime_type"], a["size_bytes"], a["fetch_status"], a["file"])
            for a in MessageAttachment.objects.filter(workspace=workspace).values()
        ),
        "timeline": sorted(
            (
                case_key[e["case_id"]],
                e["occurred_at"],
                e["kind"],
                sorted(without_ids(e["data"]).items()),
                e["actor_id"] is not None,
            )
            for e in CaseEvent.objects.filter(workspace=workspace).values()
        ),
        "clocks": sorted(
            (case_key[s["case_id"]], {k: v for k, v in timestamps_out(s).items() if k not in ("case_id", "policy_id")})
            for s in CaseSla.objects.filter(workspace=workspace).values()
        ),
        "sla_events": sorted(
            (case_key[e.case_id], e.target, e.kind, e.cycle, e.business, e.due_at, e.occurred_at, e.margin_seconds)
            for e in SlaEvent.objects.filter(workspace=workspace)
        ),
        "reporting": sorted(
            (
                r.kind,
                r.occurred_at,
                case_key.get(r.case_id),
                customer_key.get(r.customer_id),
                accounts.get(r.channel_account_id),
                r.channel_kind,
                team_name.get(r.team_id, r.team_id),
                r.value_seconds,
                sorted((k, message_key.get(v, v) if k == "message_id" else v) for k, v in r.data.items() if k != "policy_id"),
            )
            for r in ReportingEvent.objects.filter(workspace_id=workspace.pk)
        ),
        # Per case, in order; events of per-message receivers (the tagging rules' timeline row)
        # are logged before the batch's own rows, so they are compared apart.
        "realtime": sorted(
            ((case, [e for e in rows if e[2].get("kind") != "tagged"]) for case, rows in realtime_by_case.items()),
            key=lambda item: str(item[0]),
        ),
        "realtime_tagged": sorted(str(e) for rows in realtime_by_case.values() for e in rows if e[2].get("kind") == "tagged"),
        "profile_jobs": sorted(
            identities[job.args["identity_id"]]
            for job in ProcrastinateJob.objects.filter(task_name="fetch_identity_profile")
            if job.args["identity_id"] in identities
        ),
        "attachment_jobs": ProcrastinateJob.objects.filter(
            task_name="fetch_attachment",
            args__attachment_id__in=list(MessageAttachment.objects.filter(workspace=workspace).values_list("pk", flat=True)),
        ).count(),
    }


@pytest.mark.django_db
def test_the_drains_batch_path_writes_what_message_ingest_writes_one_by_one(clock, monkeypatch):
    events = fix_kinds(workload())
    one_by_one = setup_workspace("solo", clock)
    batched = setup_workspace("batch", clock)

    run_one_by_one(one_by_one, events, clock)
    fast_lane = []
    real_batch = inbox.inbound.messages_ingest_batch

    def spying_batch(*, items):
        results = real_batch(items=items)
        fast_lane.extend(item.inbound.external_id for item, result in zip(items, results, strict=True) if result is not None)
        return results

    monkeypatch.setattr(inbox.inbound, "messages_ingest_batch", spying_batch)
    stored = run_drain(batched, events, clock, monkeypatch)

    assert {event.status for event in stored} == {"processed"}
    assert [event.outcome for event in stored][6] == {"duplicate": 1}
    # The fast lane took the common cases; the reopens, everything after one from that sender,
    # the reply to a message of the same batch and the email with a reply token went through
    # message_ingest.
    assert {"e1", "e3", "e4", "e16", "e17", "<e12@example.com>", "<e23@example.com>", "<e24@example.com>"} <= set(fast_lane)
    assert not {"e8", "e9", "e20", "<e25@example.com>", "<e26@example.com>", "<e29@example.com>"} & set(fast_lane)
    assert "<e28@example.com>" in fast_lane

    expected, actual = snapshot(one_by_one), snapshot(batched)
    for table in expected:
        assert actual[table] == expected[table], table
    assert len(expected["messages"]) > 25 and expected["profile_jobs"] == [("messenger", "psid-1"), ("messenger", "psid-2")]
    # The visitor's files are written stored with their file, announced stored, and not fetched:
    # the one download queued is the platform's link.
    assert "41:c-1" in fast_lane
    visitor_files = [row for row in expected["attachments"] if row[0] == ("chat", "41:c-1")]
    assert [(row[5], row[6]) for row in visitor_files] == [
        ("stored", "webchat/2026/11/albaran.pdf"),
        ("stored", "webchat/2026/11/caja.png"),
    ]
    assert [row[5] for row in expected["attachments"] if row[0] != ("chat", "41:c-1")] == ["pending"]
    announced = [
        attachments
        for _, rows in expected["realtime"]
        for event_type, _, details in rows
        if event_type == "message.created" and (attachments := details["attachments"])
    ]
    assert sorted(announced) == [
        [("https://cdn.example/photo.jpg", "pending")],
        [("webchat-upload:caja.png", "stored"), ("webchat-upload:albaran.pdf", "stored")],
    ]
    assert expected["attachment_jobs"] == 1


# --- Concurrency -----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_workers_with_the_same_new_customer_make_one_customer_and_one_case():
    tenant = make_tenant("race")
    account = channel_account(tenant.workspace)
    barrier = threading.Barrier(2)
    errors = []

    def worker(number: int) -> None:
        try:
            items = [
                BatchItem(
                    account, message("same-new", f"hola {number}", f"race-{number}", name="Lucía", language="es"), timezone.now()
                ),
                BatchItem(
                    account, message(f"only-{number}", "hi", f"solo-{number}", name="Other", language="en"), timezone.now()
                ),
            ]
            with transaction.atomic():
                with connection.cursor() as cursor:
                    keys = sorted(
                        f"identity:{account.workspace_id}:{account.kind}:{item.inbound.sender.external_id}" for item in items
                    )
                    barrier.wait(timeout=10)
                    cursor.execute(
                        "SELECT pg_advisory_xact_lock(hashtextextended(key, 0)) FROM unnest(%s::text[]) WITH ORDINALITY AS t(key, n) ORDER BY n",
                        [keys],
                    )
                results = messages_ingest_batch(items=items)
                assert all(result is not None and result.created for result in results)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Identity.objects.filter(external_id="same-new").count() == 1
    assert Customer.objects.filter(identities__external_id="same-new").count() == 1
    case = Case.objects.get(identity__external_id="same-new")
    assert sorted(case.messages.values_list("external_id", flat=True)) == ["race-1", "race-2"]
    assert CaseEvent.objects.filter(case=case, kind="created").count() == 1
    assert ReportingEvent.objects.filter(case_id=case.pk, kind="case_opened").count() == 1


# --- Query count ------------------------------------------------------------------------------


def _batch_queries(account, prefix: str, size: int, senders: int, *, round_: int = 1, files: tuple[Attachment, ...] = ()) -> int:
    items = [
        BatchItem(
            account,
            message(
                f"{prefix}-s{n % senders}",
                f"mensaje {n}",
                f"{prefix}-{round_}-{n}",
                name=f"Cliente {n % senders}",
                language="es",
                attachments=files,
            ),
            T + STEP * (n + 100 * round_),
        )
        for n in range(size)
    ]
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        results = messages_ingest_batch(items=items)
    assert all(result is not None and result.created for result in results)
    return len(queries)


@pytest.mark.django_db
def test_a_batch_costs_the_same_number_of_queries_whatever_its_size(clock, tenant_a):
    account = channel_account(tenant_a.workspace)
    sla_services.policy_create(workspace=tenant_a.workspace, name="Default", is_default=True, first_response_seconds=3600)
    _batch_queries(account, "warm", 2, 2)  # receivers' per-process caches (e.g. tagging rules)
    # New customers: customers, identities, cases, messages, timeline, clocks, reporting, realtime.
    small, large = _batch_queries(account, "a", 5, 5), _batch_queries(account, "b", 50, 50)
    assert small == large
    # Known customers writing again into their open cases (and a few new).
    follow_small, follow_large = _batch_queries(account, "a", 5, 5, round_=2), _batch_queries(account, "b", 50, 60, round_=2)
    assert follow_small == follow_large
    # Savepoint and release; messages already stored; identities; customers, identities,
    # cases, messages, timeline rows inserted; clocks read (locked), policies, clocks
    # inserted; reporting events; realtime events; the opened cases' assignment policies.
    assert (small, large) == (15, 15)
    # Known customers: their open cases (locked) and latest resolutions read; customers and
    # cases updated instead of inserted; clocks updated; no timeline row, policy or assignment.
    assert (follow_small, follow_large) == (13, 13)


@pytest.mark.django_db
def test_stored_files_cost_one_insert_per_batch_and_queue_no_download(clock, tenant_a):
    account = channel_account(tenant_a.workspace, kind=ChannelKind.WEBCHAT)
    _batch_queries(account, "warm", 2, 2)
    plain = _batch_queries(account, "p", 5, 5)
    files = (visitor_file("foto.png"), visitor_file("factura.pdf", "application/pdf"))
    small, large = _batch_queries(account, "a", 5, 5, files=files), _batch_queries(account, "b", 50, 50, files=files)
    # One INSERT for every attachment of the batch; no job row (nothing to fetch).
    assert small == large == plain + 1
    assert MessageAttachment.objects.filter(fetch_status="stored").exclude(file="").count() == 2 * 55
    assert not ProcrastinateJob.objects.filter(task_name="fetch_attachment").exists()


# --- Realtime push ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_batch_pushes_its_frames_after_commit_in_the_layers_format(tenant_a, django_capture_on_commit_callbacks):
    from asgiref.sync import async_to_sync
    from channels.layers import get_channel_layer

    from core.realtime import CONSUMER_HANDLER, supervision_group

    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(supervision_group(tenant_a.workspace.pk), channel)
    account = channel_account(tenant_a.workspace)
    items = [BatchItem(account, message("push-1", "hola", "push-m1", name="Ana", language="es"), T)]
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        messages_ingest_batch(items=items)
    assert len(callbacks) >= 1
    received = async_to_sync(layer.receive)(channel)
    frame = json.loads(received["text"])
    assert received["type"] == CONSUMER_HANDLER and received["seq"] == frame["seq"]
    assert frame["type"] == "case.created" and frame["payload"]["customer"]["display_name"] == "Ana"
    assert frame["seq"] == RealtimeEvent.objects.get(type="case.created").seq
