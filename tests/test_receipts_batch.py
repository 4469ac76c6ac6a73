"""Receipts and echoes for a whole drain batch (inbox.receipts): the same rows and results as
`message_receipt_apply` / `message_echo_record` called once per event, in order; a pinned
number of statements per batch; one `message.updated` per changed message, after commit."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import RealtimeEvent
from inbox import receipts
from inbox.models import Case, DeliveryStatus, Direction, Message
from inbox.receipts import message_echo_record, message_echoes_record_batch, message_receipt_apply, message_receipts_apply_batch
from integrations.events import ChannelKind, DeliveryReceipt, Echo, ReceiptStatus
from tests.inbox_helpers import channel_account, ingest

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
WATERMARK = NOW - timedelta(minutes=1)
MESSENGER = ChannelKind.MESSENGER


@pytest.fixture(autouse=True)
def frozen_now(monkeypatch):
    """One clock for both runs: `updated_at` and the realtime rows compare equal."""
    monkeypatch.setattr(timezone, "now", lambda: NOW)


def customer_case(account, psid: str) -> Case:
    return ingest(account, sender=psid, external_id=f"in-{account.pk}-{psid}", at=NOW - timedelta(hours=1)).case


def outbound(case: Case, external_id: str, status: str, *, sent_minutes_ago: int | None = 10) -> Message:
    return Message.objects.create(
        workspace_id=case.workspace_id,
        case=case,
        channel_account_id=case.channel_account_id,
        direction=Direction.OUT,
        text=f"reply {external_id or status}",
        external_id=external_id,
        sent_at=None if sent_minutes_ago is None else NOW - timedelta(minutes=sent_minutes_ago),
        received_at=NOW - timedelta(minutes=30),
        status=status,
    )


def receipt(status: ReceiptStatus, external_message_id: str = "", *, counterpart: str = "", watermark=None, **error) -> DeliveryReceipt:
    return DeliveryReceipt(
        channel_kind=MESSENGER,
        status=status,
        at=NOW,
        external_message_id=external_message_id,
        watermark=watermark,
        counterpart_external_id=counterpart,
        **error,
    )


def echo(external_id: str, recipient: str = "psid-ana", *, metadata: str = "", minutes_ago: int = 2) -> Echo:
    return Echo(
        channel_kind=MESSENGER,
        external_id=external_id,
        sent_at=NOW - timedelta(minutes=minutes_ago),
        recipient_external_id=recipient,
        text=f"sent elsewhere {external_id}",
        metadata=metadata,
    )


def message_rows() -> list[dict]:
    # Ids of messages created during a run differ between runs (sequences do not roll back).
    rows = [{k: v for k, v in row.items() if k != "id"} for row in Message.objects.values()]
    return sorted(rows, key=lambda row: (row["channel_account_id"], row["external_id"], row["text"]))


def updated_events() -> list[tuple[list[str], dict]]:
    return [(event.groups, event.payload) for event in RealtimeEvent.objects.filter(type="message.updated").order_by("seq")]


def run_both(one_by_one, batch):
    """Run the per-event reference and then the batch from the same starting rows (the first
    run rolled back): what each returned, left and published."""
    seq_before = RealtimeEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    savepoint = transaction.savepoint()
    expected = one_by_one()
    expected_state = (message_rows(), list(Case.objects.order_by("pk").values()))
    expected_events = list(RealtimeEvent.objects.filter(seq__gt=seq_before).order_by("seq").values("type", "groups", "payload"))
    transaction.savepoint_rollback(savepoint)
    got = batch()
    got_state = (message_rows(), list(Case.objects.order_by("pk").values()))
    got_events = list(RealtimeEvent.objects.filter(seq__gt=seq_before).order_by("seq").values("type", "groups", "payload"))
    return (expected, expected_state, expected_events), (got, got_state, got_events)


@pytest.fixture
def world(tenant_a, tenant_b):
    page = channel_account(tenant_a.workspace, MESSENGER)
    other_page = channel_account(tenant_a.workspace, MESSENGER)
    foreign_page = channel_account(tenant_b.workspace, MESSENGER)
    ana, ben = customer_case(page, "psid-ana"), customer_case(page, "psid-ben")
    foreign_ana = customer_case(foreign_page, "psid-ana")  # same platform user id, another tenant
    outbound(ana, "m-a1", DeliveryStatus.SENT)
    outbound(ana, "m-a2", DeliveryStatus.SENT, sent_minutes_ago=9)
    outbound(ana, "m-a3", DeliveryStatus.QUEUED, sent_minutes_ago=8)
    outbound(ana, "m-a4", DeliveryStatus.DELIVERED, sent_minutes_ago=7)
    outbound(ana, "m-a5", DeliveryStatus.SENT, sent_minutes_ago=-5)  # after the watermark
    outbound(ana, "", DeliveryStatus.QUEUED, sent_minutes_ago=None)  # not sent yet
    outbound(ben, "m-b1", DeliveryStatus.SENT, sent_minutes_ago=5)
    outbound(ben, "m-b2", DeliveryStatus.READ)
    outbound(ben, "m-b3", DeliveryStatus.FAILED)
    outbound(ben, "m-b4", DeliveryStatus.QUEUED)
    outbound(foreign_ana, "m-a1", DeliveryStatus.SENT)
    outbound(foreign_ana, "m-f2", DeliveryStatus.SENT)
    return page, other_page, foreign_page, ana


def mixed_receipts(page, other_page, foreign_page) -> list[tuple]:
    read, delivered, sent, failed = ReceiptStatus.READ, ReceiptStatus.DELIVERED, ReceiptStatus.SENT, ReceiptStatus.FAILED
    window_closed = {"error_code": "x" * 80, "error_title": "Outside the 24 h window"}
    return [
        (page, receipt(read, "m-a2")),  # read before delivered
        (page, receipt(delivered, "m-a2")),  # late: never backwards
        (page, receipt(delivered, "m-a1")),
        (page, receipt(delivered, "m-a1")),  # a duplicate
        (page, receipt(failed, "m-b1", **window_closed)),
        (page, receipt(read, "m-b1")),  # failed is terminal
        (page, receipt(failed, "m-a4", error_code="late")),  # failed only from queued/sent
        (page, receipt(delivered, "m-unknown")),
        (page, receipt(sent, "m-a3")),  # queued → sent
        (foreign_page, receipt(delivered, "m-a1")),  # the other tenant's own m-a1
        (page, receipt(read, counterpart="psid-ana", watermark=WATERMARK)),  # a1, a3, a4 (a2 read, a5 later)
        (page, receipt(failed, "m-a3", error_code="too-late")),  # read by the watermark just before
        (page, receipt(delivered)),  # neither id nor watermark
        (page, receipt(delivered, counterpart="psid-nobody", watermark=WATERMARK)),
        (page, receipt(read, f"in-{page.pk}-psid-ana")),  # the customer's own message
        (other_page, receipt(delivered, "m-a2")),  # same workspace, another account
        (page, receipt(failed, "m-b4", error_code="131047", error_title="Re-engagement message")),  # from queued
        (page, receipt(delivered, "m-b4")),
        (page, receipt(delivered, counterpart="psid-ben", watermark=WATERMARK)),  # nothing left to move
        (foreign_page, receipt(read, counterpart="psid-ana", watermark=WATERMARK)),  # f2 (m-a1 delivered)
    ]


@pytest.mark.django_db
def test_a_mixed_batch_of_receipts_leaves_what_applying_them_one_by_one_leaves(world):
    page, other_page, foreign_page, _ = world
    items = mixed_receipts(page, other_page, foreign_page)
    (expected, expected_state, expected_events), (got, got_state, got_events) = run_both(
        lambda: [message_receipt_apply(channel_account=account, receipt=r) for account, r in items],
        lambda: message_receipts_apply_batch(items=items),
    )
    assert got == expected == [1, 0, 1, 0, 1, 0, 0, 0, 1, 1, 3, 0, 0, 0, 0, 0, 1, 0, 0, 2]
    assert got_state == expected_state
    # One message.updated per changed message, carrying its final state: the last one the
    # per-event path published for it, in the order the messages first changed.
    last_payloads = {event["payload"]["id"]: event for event in expected_events}
    assert [event["payload"]["id"] for event in got_events] == list(dict.fromkeys(e["payload"]["id"] for e in expected_events))
    assert got_events == list(last_payloads.values())
    assert {event["type"] for event in got_events} == {"message.updated"}
    failed = Message.objects.get(channel_account=page, external_id="m-b1")
    assert (failed.status, failed.error_code, failed.error_message) == ("failed", "x" * 64, "Outside the 24 h window")
    assert Message.objects.get(channel_account=foreign_page, external_id="m-a1").status == "read"
    assert Message.objects.get(channel_account=page, external_id="m-a1").status == "read"
    assert len(got_events) == 8  # a1, a2, a3, a4, b1, b4 and the other tenant's m-a1, m-f2


@pytest.mark.django_db
def test_watermark_receipts_move_the_first_ones_still_behind_after_the_earlier_receipts(world, monkeypatch):
    """The cap per watermark receipt counts the messages still eligible once the batch's earlier
    receipts moved some: the lock must read past the ones they moved."""
    monkeypatch.setattr(receipts, "WATERMARK_LIMIT", 2)
    page, _, _, ana = world
    for n in range(1, 6):
        outbound(ana, f"w{n}", DeliveryStatus.SENT, sent_minutes_ago=20 - n)
    read, delivered = ReceiptStatus.READ, ReceiptStatus.DELIVERED
    items = [
        (page, receipt(read, "m-a1")),
        (page, receipt(read, "w1")),
        (page, receipt(delivered, counterpart="psid-ana", watermark=WATERMARK)),
        (page, receipt(read, counterpart="psid-ana", watermark=WATERMARK)),
        (page, receipt(delivered, counterpart="psid-ana", watermark=WATERMARK)),
        (page, receipt(delivered, counterpart="psid-ana", watermark=WATERMARK)),
    ]
    (expected, expected_state, expected_events), (got, got_state, got_events) = run_both(
        lambda: [message_receipt_apply(channel_account=account, receipt=r) for account, r in items],
        lambda: message_receipts_apply_batch(items=items),
    )
    assert got == expected == [1, 1, 2, 2, 2, 2]
    assert got_state == expected_state
    assert got_events == list({event["payload"]["id"]: event for event in expected_events}.values())


@pytest.mark.django_db
def test_the_id_receipts_of_a_batch_take_three_statements_whatever_its_size(tenant_a):
    page = channel_account(tenant_a.workspace, MESSENGER)
    ana = customer_case(page, "psid-ana")
    for n in range(40):
        outbound(ana, f"q{n}", DeliveryStatus.SENT)

    def statements(items) -> tuple[int, list[int]]:
        with CaptureQueriesContext(connection) as queries:
            counts = message_receipts_apply_batch(items=items)
        return len(queries), counts

    delivered = ReceiptStatus.DELIVERED
    small = [(page, receipt(delivered, f"q{n}")) for n in range(2)]
    large = [(page, receipt(delivered if n % 3 else ReceiptStatus.READ, f"q{n}")) for n in range(2, 22)]
    # lock (pk order) + UPDATE + realtime INSERT, whatever the size; watermarks join the same lock.
    assert statements(small) == (3, [1, 1])
    assert statements(large) == (3, [1] * 20)
    with_watermark = [*large[:5], (page, receipt(ReceiptStatus.READ, counterpart="psid-ana", watermark=WATERMARK))]
    assert statements(with_watermark)[0] == 3
    assert statements([(page, receipt(delivered, "q1")), (page, receipt(delivered, "nope"))]) == (1, [0, 0])  # nothing moved
    assert statements([(page, receipt(delivered))]) == (0, [0])


@pytest.mark.django_db
def test_the_receipts_publish_once_per_message_after_commit(tenant_a, django_capture_on_commit_callbacks):
    from asgiref.sync import async_to_sync
    from channels.layers import get_channel_layer

    page = channel_account(tenant_a.workspace, MESSENGER)
    ana = customer_case(page, "psid-ana")
    reply = outbound(ana, "m-r1", DeliveryStatus.SENT)
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(f"case.{ana.pk}", channel)
    items = [(page, receipt(ReceiptStatus.DELIVERED, "m-r1")), (page, receipt(ReceiptStatus.READ, "m-r1"))]
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        assert message_receipts_apply_batch(items=items) == [1, 1]
    assert len(callbacks) == 1
    received = async_to_sync(layer.receive)(channel)
    frame = json.loads(received["text"])
    event = RealtimeEvent.objects.get(type="message.updated")
    assert frame == {"type": "message.updated", "payload": event.payload, "seq": event.seq}
    assert event.groups == [f"case.{ana.pk}"] and event.workspace_id == tenant_a.workspace.pk
    assert event.payload == {
        "id": reply.pk,
        "case_id": ana.pk,
        "status": "read",
        "text": "reply m-r1",
        "error_code": "",
        "error_message": "",
        "edited_at": None,
        "deleted_at": None,
        "reaction": "",
    }


# --- Echoes -----------------------------------------------------------------------------------


def created_ids_free(events: list[dict]) -> list[str]:
    """The runs' realtime rows, comparable across runs: a message created in a run has a new id
    each time, and the batch announces its metadata matches after its per-item records."""
    normalized = []
    for event in events:
        payload = dict(event["payload"])
        if event["type"] == "message.created":
            payload.pop("id")
        normalized.append(json.dumps([event["type"], event["groups"], payload], sort_keys=True))
    return sorted(normalized)


@pytest.mark.django_db
def test_a_mixed_batch_of_echoes_records_what_recording_them_one_by_one_records(world, tenant_b):
    page, other_page, foreign_page, ana = world
    ours = outbound(ana, "", DeliveryStatus.QUEUED, sent_minutes_ago=None)
    ours_failed = outbound(ana, "", DeliveryStatus.FAILED, sent_minutes_ago=None)
    ours_sent_at = outbound(ana, "", DeliveryStatus.QUEUED, sent_minutes_ago=30)
    foreign_ours = Message.objects.filter(channel_account=foreign_page, external_id="m-f2").get()
    foreign_ours.external_id = ""
    foreign_ours.save(update_fields=["external_id"])
    items = [
        (page, echo("")),
        (page, echo("m-a1")),  # our send, its platform id known
        (page, echo("e-ours", metadata=f"dialogo:{ours.pk}")),
        (page, echo("e-ours", metadata=f"dialogo:{ours.pk}")),  # matched earlier in the batch
        (page, echo("e-ours-again", metadata=f"dialogo:{ours.pk}")),  # ours has an id now: another tool's
        (page, echo("e-suite")),  # sent from Business Suite
        (page, echo("e-suite")),
        (page, echo("e-lost", recipient="psid-nobody")),
        (page, echo("e-lost", recipient="psid-nobody")),
        (page, echo("e-failed", metadata=f"dialogo:{ours_failed.pk}")),  # gets its id, stays failed
        (page, echo("e-sent-at", metadata=f"dialogo:{ours_sent_at.pk}")),  # keeps its own sent_at
        (page, echo("e-foreign", metadata=f"dialogo:{foreign_ours.pk}")),  # not this account's
        (page, echo("e-garbled", metadata="dialogo:12ab")),
        (page, echo("e-huge", metadata="dialogo:99999999999999999999999")),
        (foreign_page, echo("m-a1", recipient="psid-ana")),
        (foreign_page, echo("e-foreign-ours", metadata=f"dialogo:{foreign_ours.pk}")),
        (other_page, echo("e-suite", recipient="psid-ana")),  # no case on that account
        (page, echo(f"in-{page.pk}-psid-ben")),  # the id of a customer message: known
    ]
    (expected, expected_state, expected_events), (got, got_state, got_events) = run_both(
        lambda: [message_echo_record(channel_account=account, echo=e) for account, e in items],
        lambda: message_echoes_record_batch(items=items),
    )
    assert got == expected
    assert got == [
        "no_id",
        "matched",
        "matched",
        "matched",
        "recorded",
        "recorded",
        "matched",
        "no_case",
        "no_case",
        "matched",
        "matched",
        "recorded",
        "recorded",
        "recorded",
        "matched",
        "matched",
        "no_case",
        "matched",
    ]
    assert got_state == expected_state
    assert created_ids_free(got_events) == created_ids_free(expected_events)
    ours.refresh_from_db()
    assert (ours.external_id, ours.status, ours.updated_at) == ("e-ours", "sent", NOW)
    ours_failed.refresh_from_db()
    assert (ours_failed.external_id, ours_failed.status) == ("e-failed", "failed")


@pytest.mark.django_db
def test_echoes_of_known_sends_take_one_statement(tenant_a):
    page = channel_account(tenant_a.workspace, MESSENGER)
    ana = customer_case(page, "psid-ana")
    for n in range(20):
        outbound(ana, f"k{n}", DeliveryStatus.SENT)
    with CaptureQueriesContext(connection) as queries:
        assert message_echoes_record_batch(items=[(page, echo(f"k{n}")) for n in range(20)]) == ["matched"] * 20
    assert len(queries) == 1
    correlated = [outbound(ana, "", DeliveryStatus.QUEUED, sent_minutes_ago=None) for _ in range(10)]
    with CaptureQueriesContext(connection) as queries:
        items = [(page, echo(f"c{n}", metadata=f"dialogo:{message.pk}")) for n, message in enumerate(correlated)]
        assert message_echoes_record_batch(items=items) == ["matched"] * 10
    # known ids + lock of the named messages + UPDATE + realtime INSERT
    assert len(queries) == 4
    assert set(Message.objects.filter(pk__in=[m.pk for m in correlated]).values_list("status", flat=True)) == {"sent"}


@pytest.mark.django_db
def test_echoes_sent_from_another_tool_cost_the_same_statements_for_2_or_10(tenant_a):
    page = channel_account(tenant_a.workspace, MESSENGER)
    customer_case(page, "psid-ana")
    customer_case(page, "psid-ben")

    def statements(count: int) -> int:
        items = [(page, echo(f"suite-{count}-{n}", recipient=("psid-ana", "psid-ben")[n % 2])) for n in range(count)]
        with CaptureQueriesContext(connection) as queries:
            assert message_echoes_record_batch(items=items) == ["recorded"] * count
        return len(queries)

    # known ids + latest cases + the cases + message INSERT + case UPDATE + realtime INSERT
    assert statements(2) == statements(10) == 6
    assert Message.objects.filter(external_id__startswith="suite-").count() == 12
