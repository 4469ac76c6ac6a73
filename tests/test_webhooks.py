"""Platform webhooks end to end on the Django path: handshake, signature over the raw bytes,
one stored InboundEvent (+ its job, by trigger), processing into cases, receipts, echoes,
refusals stored and never processed, retries ending in a dead letter, reprocess.

The ASGI fast path (channel_accounts.webhook_gateway) makes the same decision; it is driven
over real HTTP in tests/test_webhook_gateway.py.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from conftest import client_for
from django.db import connection
from django.test import Client
from django.utils import timezone
from procrastinate.contrib.django.models import ProcrastinateJob

from channel_accounts.models import ChannelAccount, InboundEvent
from channel_accounts.services import channel_account_create
from inbox.inbound import inbound_events_drain
from inbox.models import Case, DeliveryStatus, Direction, Message
from integrations.meta.verify import sign as meta_sign
from integrations.x.verify import sign as x_sign

APP_SECRET = "test-app-secret-0123456789"
PAGE_ID = "104857392018475"
PSID = "6723451987364512"


def messenger_body(*items: dict, page_id: str = PAGE_ID) -> bytes:
    return json.dumps({"object": "page", "entry": [{"id": page_id, "time": 1763820123456, "messaging": list(items)}]}).encode()


def customer_message(mid: str, text: str, *, psid: str = PSID, ts: int = 1763820123123) -> dict:
    return {"sender": {"id": psid}, "recipient": {"id": PAGE_ID}, "timestamp": ts, "message": {"mid": mid, "text": text}}


@pytest.fixture
def page(tenant_a) -> ChannelAccount:
    return channel_account_create(
        workspace=tenant_a.workspace,
        kind="messenger",
        name="Acme page",
        external_id=PAGE_ID,
        credentials={"app_secret": APP_SECRET, "verify_token": "open-sesame", "page_access_token": "EAAG-test"},
    )


def post(client: Client, account: ChannelAccount, body: bytes, *, signature: str | None = "sign", kind: str = "messenger", **headers):
    if signature == "sign":
        signature = meta_sign(body, APP_SECRET)
    if signature is not None:
        headers["HTTP_X_HUB_SIGNATURE_256"] = signature
    return client.post(f"/webhooks/{kind}/{account.pk}/", data=body, content_type="application/json", **headers)


# --- Handshake ------------------------------------------------------------------------------


def test_meta_handshake_echoes_the_challenge_for_our_verify_token(client, page):
    response = client.get(f"/webhooks/messenger/{page.pk}/", {"hub.mode": "subscribe", "hub.verify_token": "open-sesame", "hub.challenge": "1158201444"})
    assert response.status_code == 200
    assert response.content == b"1158201444"


def test_meta_handshake_with_another_token_is_refused_with_json(client, page):
    response = client.get(f"/webhooks/messenger/{page.pk}/", {"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1"})
    assert response.status_code == 403
    assert response.json()["code"] == "handshake_rejected"
    assert not InboundEvent.objects.exists()


def test_x_crc_challenge_is_answered_with_the_consumer_secret(client, tenant_a):
    account = channel_account_create(workspace=tenant_a.workspace, kind="x", name="Acme on X", external_id="1500", credentials={"consumer_secret": "cs"})
    response = client.get(f"/webhooks/x/{account.pk}/", {"crc_token": "challenge-abc"})
    assert response.status_code == 200
    assert response.json() == {"response_token": x_sign(b"challenge-abc", "cs")}


# --- Accept ---------------------------------------------------------------------------------


def test_a_signed_message_is_stored_byte_exact_with_its_job_and_answered_200(client, page):
    body = messenger_body(customer_message("m_1", "Hola, mi pedido llegó dañado"))
    response = post(client, page, body)
    assert response.status_code == 200
    event = InboundEvent.objects.get()
    assert (event.status, bytes(event.body), event.workspace_id) == ("pending", body, page.workspace_id)
    assert event.headers["x-hub-signature-256"] == meta_sign(body, APP_SECRET)
    # The trigger enqueued its processing in the same transaction: one waiting drain job.
    assert ProcrastinateJob.objects.filter(task_name="inbound_events_drain", status="todo").count() == 1
    post(client, page, messenger_body(customer_message("m_2", "¿Hay alguien?")))
    assert ProcrastinateJob.objects.filter(task_name="inbound_events_drain", status="todo").count() == 1


def test_unsigned_is_401_and_forged_is_403_both_kept_and_never_processed(client, page):
    body = messenger_body(customer_message("m_1", "hola"))
    unsigned = post(client, page, body, signature=None)
    forged = post(client, page, body, signature=meta_sign(body, "not-the-secret"))
    assert (unsigned.status_code, unsigned.json()["code"]) == (401, "signature_missing")
    assert (forged.status_code, forged.json()["code"]) == (403, "signature_invalid")
    assert list(InboundEvent.objects.order_by("id").values_list("status", flat=True)) == ["rejected", "rejected"]
    assert bytes(InboundEvent.objects.first().body) == body
    assert inbound_events_drain() == 0
    assert not Message.objects.exists()


def test_a_body_changed_after_signing_is_forged(client, page):
    body = messenger_body(customer_message("m_1", "pay 10"))
    response = post(client, page, body.replace(b"10", b"99"), signature=meta_sign(body, APP_SECRET))
    assert response.status_code == 403


def test_malformed_is_400_saying_where_and_kept(client, page):
    body = b'{"object":"page","entry":[{"id":"1","time":1,"messaging":[{"sender":{},"recipient":{"id":"1"},"timestamp":1,"message":{"mid":"m"}}]}]}'
    response = post(client, page, body)
    assert response.status_code == 400
    error = response.json()
    assert error["code"] == "malformed_payload"
    assert error["extra"]["where"].startswith("$.entry[0].messaging[0]")
    event = InboundEvent.objects.get()
    assert (event.status, bytes(event.body)) == ("malformed", body)


def test_not_json_at_all_is_400(client, page):
    response = post(client, page, b"<xml/>")
    assert response.status_code == 400
    assert "not JSON" in response.json()["message"]


def test_unknown_event_types_are_200_and_stored_as_ignored(client, page):
    body = messenger_body({"sender": {"id": PSID}, "recipient": {"id": PAGE_ID}, "timestamp": 1, "message_summary": {"text": "?"}})
    response = post(client, page, body)
    assert response.status_code == 200
    event = InboundEvent.objects.get()
    assert event.status == "ignored"
    assert "message_summary" in event.error


def test_unknown_account_or_wrong_kind_is_a_json_404_and_not_stored(client, page):
    body = messenger_body(customer_message("m_1", "hola"))
    assert client.post("/webhooks/messenger/999999/", data=body, content_type="application/json").status_code == 404
    assert post(client, page, body, kind="whatsapp").status_code == 404
    assert client.post(f"/webhooks/sms/{page.pk}/", data=body, content_type="application/json").status_code == 404
    assert not InboundEvent.objects.exists()


def test_a_deactivated_account_keeps_the_event_as_ignored(client, page):
    ChannelAccount.objects.filter(pk=page.pk).update(is_active=False)
    assert post(client, page, messenger_body(customer_message("m_1", "hola"))).status_code == 200
    assert InboundEvent.objects.get().status == "ignored"


def test_credentials_are_encrypted_at_rest(page):
    with connection.cursor() as cursor:
        cursor.execute("SELECT credentials_ciphertext FROM channel_accounts_channelaccount WHERE id = %s", [page.pk])
        (stored,) = cursor.fetchone()
    assert APP_SECRET not in stored and "EAAG-test" not in stored
    assert ChannelAccount.objects.get(pk=page.pk).credentials["app_secret"] == APP_SECRET


# --- Processing -----------------------------------------------------------------------------


def test_processing_turns_the_event_into_a_case_visible_in_the_inbox_api(client, page, tenant_a):
    post(client, page, messenger_body(customer_message("m_1", "Hola, mi pedido #48213 llegó dañado")))
    assert inbound_events_drain() == 1
    event = InboundEvent.objects.get()
    assert (event.status, event.outcome) == ("processed", {"message": 1})
    case = Case.objects.get()
    assert (case.channel_account_id, case.identity.external_id) == (page.pk, PSID)
    cases = client_for(tenant_a.agent).get("/api/v1/cases/").json()["results"]
    assert [c["id"] for c in cases] == [case.pk]
    assert "48213" in cases[0]["last_message_preview"]


def test_duplicate_deliveries_change_nothing(client, page):
    body = messenger_body(customer_message("m_1", "hola"))
    post(client, page, body)
    post(client, page, body)
    post(client, page, messenger_body(customer_message("m_1", "hola"), customer_message("m_2", "¿sigue ahí?", ts=1763820124000)))
    inbound_events_drain()
    assert sorted(Message.objects.values_list("external_id", flat=True)) == ["m_1", "m_2"]
    assert Case.objects.count() == 1
    assert [e.outcome for e in InboundEvent.objects.order_by("id")] == [{"message": 1}, {"duplicate": 1}, {"duplicate": 1, "message": 1}]


def test_a_batch_for_two_pages_routes_each_event_to_its_own_account(client, page, tenant_a):
    other = channel_account_create(workspace=tenant_a.workspace, kind="messenger", name="Second page", external_id="2002", credentials={"app_secret": APP_SECRET})
    body = json.dumps(
        {
            "object": "page",
            "entry": [
                {"id": PAGE_ID, "time": 1, "messaging": [customer_message("m_a", "para la página 1")]},
                {"id": "2002", "time": 1, "messaging": [{**customer_message("m_b", "para la página 2"), "recipient": {"id": "2002"}}]},
                {"id": "3003", "time": 1, "messaging": [customer_message("m_c", "una página que no conectamos")]},
            ],
        }
    ).encode()
    post(client, page, body)
    inbound_events_drain()
    assert dict(Message.objects.values_list("external_id", "channel_account_id")) == {"m_a": page.pk, "m_b": other.pk}
    assert InboundEvent.objects.get().outcome == {"message": 2, "unknown_account": 1}


def test_a_failing_event_retries_with_backoff_then_dies_and_reprocess_brings_it_back(client, page, tenant_a, settings, monkeypatch):
    settings.INBOUND_EVENT_MAX_ATTEMPTS = 2
    post(client, page, messenger_body(customer_message("m_1", "hola")))
    post(client, page, messenger_body(customer_message("m_2", "otro cliente", psid="999")))

    import inbox.inbound

    real_ingest = inbox.inbound.message_ingest

    def flaky(*, channel_account, inbound, **kwargs):
        if inbound.external_id == "m_1":
            raise RuntimeError("database hiccup")
        return real_ingest(channel_account=channel_account, inbound=inbound, **kwargs)

    real_batch = inbox.inbound.messages_ingest_batch

    def flaky_batch(*, items):
        # The fast lane's statements fail with it: the drain replays the batch event by event.
        if any(item.inbound.external_id == "m_1" for item in items):
            raise RuntimeError("database hiccup")
        return real_batch(items=items)

    monkeypatch.setattr(inbox.inbound, "message_ingest", flaky)
    monkeypatch.setattr(inbox.inbound, "messages_ingest_batch", flaky_batch)
    inbound_events_drain()
    first, second = InboundEvent.objects.order_by("id")
    assert (first.status, first.attempts, "database hiccup" in first.error) == ("failed", 1, True)
    assert first.next_attempt_at > timezone.now() + timedelta(seconds=3)
    assert second.status == "processed"  # one failure does not hold back the batch
    assert list(Message.objects.values_list("external_id", flat=True)) == ["m_2"]
    # A retry job is scheduled for when the backoff ends.
    assert ProcrastinateJob.objects.filter(task_name="inbound_events_drain", scheduled_at__isnull=False).exists()

    InboundEvent.objects.filter(pk=first.pk).update(next_attempt_at=timezone.now())
    inbound_events_drain()
    first.refresh_from_db()
    assert (first.status, first.attempts, first.next_attempt_at) == ("dead", 2, None)

    admin = client_for(tenant_a.admin)
    dead = admin.get("/api/v1/inbound-events/", {"status": "dead"}).json()["results"]
    assert [e["id"] for e in dead] == [first.pk]
    detail = admin.get(f"/api/v1/inbound-events/{first.pk}/").json()
    assert "hola" in detail["body_text"] and detail["headers"]["x-hub-signature-256"].startswith("sha256=")

    monkeypatch.setattr(inbox.inbound, "message_ingest", real_ingest)
    monkeypatch.setattr(inbox.inbound, "messages_ingest_batch", real_batch)
    response = admin.post(f"/api/v1/inbound-events/{first.pk}/reprocess/")
    assert response.status_code == 202 and response.json()["status"] == "pending"
    assert admin.post(f"/api/v1/inbound-events/{first.pk}/reprocess/").status_code == 409
    inbound_events_drain()
    first.refresh_from_db()
    assert first.status == "processed"
    assert sorted(Message.objects.values_list("external_id", flat=True)) == ["m_1", "m_2"]


def test_refused_requests_cannot_be_reprocessed(client, page, tenant_a):
    post(client, page, b"{}", signature=None)
    event = InboundEvent.objects.get()
    response = client_for(tenant_a.admin).post(f"/api/v1/inbound-events/{event.pk}/reprocess/")
    assert response.status_code == 409
    assert response.json()["code"] == "not_reprocessable"


def test_the_inbound_event_log_is_for_admins_of_its_own_workspace(client, page, tenant_a, tenant_b):
    post(client, page, messenger_body(customer_message("m_1", "hola")))
    event = InboundEvent.objects.get()
    assert client_for(tenant_a.agent).get("/api/v1/inbound-events/").status_code == 403
    assert client_for(tenant_b.admin).get("/api/v1/inbound-events/").json()["results"] == []
    assert client_for(tenant_b.admin).get(f"/api/v1/inbound-events/{event.pk}/").status_code == 404
    assert client_for(tenant_b.admin).post(f"/api/v1/inbound-events/{event.pk}/reprocess/").status_code == 404


# --- Receipts, echoes, edits, reactions -----------------------------------------------------


def _agent_reply(page, text="Lo sentimos, enviamos un reemplazo", external_id="m_ours_1", status=DeliveryStatus.SENT) -> Message:
    case = Case.objects.get()
    return Message.objects.create(
        workspace_id=page.workspace_id,
        case=case,
        channel_account=page,
        direction=Direction.OUT,
        text=text,
        external_id=external_id,
        sent_at=timezone.now() - timedelta(minutes=1),
        received_at=timezone.now(),
        status=status,
    )


def test_receipts_move_status_forwards_only(client, page):
    post(client, page, messenger_body(customer_message("m_1", "hola")))
    inbound_events_drain()
    reply = _agent_reply(page)
    now_ms = int(timezone.now().timestamp() * 1000)
    read = {"sender": {"id": PSID}, "recipient": {"id": PAGE_ID}, "timestamp": now_ms, "read": {"watermark": now_ms}}
    delivered = {"sender": {"id": PSID}, "recipient": {"id": PAGE_ID}, "delivery": {"mids": ["m_ours_1"], "watermark": now_ms}}
    post(client, page, messenger_body(read))
    inbound_events_drain()
    reply.refresh_from_db()
    assert reply.status == "read"
    post(client, page, messenger_body(delivered))  # late delivery receipt: never backwards
    inbound_events_drain()
    reply.refresh_from_db()
    assert reply.status == "read"


def test_our_echo_is_matched_and_another_tools_send_is_recorded_once(client, page):
    post(client, page, messenger_body(customer_message("m_1", "hola")))
    inbound_events_drain()
    ours = _agent_reply(page, external_id="", status=DeliveryStatus.QUEUED)

    def echo(mid: str, text: str, metadata: str = "") -> dict:
        message = {"is_echo": True, "app_id": 1517776481860111, "mid": mid, "text": text}
        if metadata:
            message["metadata"] = metadata
        return {"sender": {"id": PAGE_ID}, "recipient": {"id": PSID}, "timestamp": 1763820456700, "message": message}

    post(client, page, messenger_body(echo("m_echo_ours", "Lo sentimos", metadata=f"dialogo:{ours.pk}")))
    post(client, page, messenger_body(echo("m_from_business_suite", "Respondido desde la app de Meta")))
    post(client, page, messenger_body(echo("m_from_business_suite", "Respondido desde la app de Meta")))
    inbound_events_drain()
    ours.refresh_from_db()
    assert (ours.external_id, ours.status) == ("m_echo_ours", "sent")
    outbound = Message.objects.filter(direction=Direction.OUT).order_by("id")
    assert [(m.external_id, m.author_id) for m in outbound] == [("m_echo_ours", None), ("m_from_business_suite", None)]
    assert [e.outcome for e in InboundEvent.objects.order_by("id")][1:] == [{"echo_matched": 1}, {"echo_recorded": 1}, {"echo_matched": 1}]


def test_edits_and_reactions_update_the_customer_message(client, page):
    post(client, page, messenger_body(customer_message("m_1", "mi pedido es 4821")))
    inbound_events_drain()
    edit = {"sender": {"id": PSID}, "recipient": {"id": PAGE_ID}, "timestamp": 1763820200000, "message_edit": {"mid": "m_1", "text": "mi pedido es 48213", "num_edit": 1}}
    reaction = {
        "sender": {"id": PSID},
        "recipient": {"id": PAGE_ID},
        "timestamp": 1763820300000,
        "reaction": {"reaction": "love", "emoji": "❤️", "action": "react", "mid": "m_1"},
    }
    post(client, page, messenger_body(edit))
    post(client, page, messenger_body(reaction))
    post(client, page, messenger_body(edit))
    inbound_events_drain()
    message = Message.objects.get(external_id="m_1")
    assert (message.text, message.original_text, message.reaction) == ("mi pedido es 48213", "mi pedido es 4821", "❤️")
    assert message.edited_at is not None


def test_a_crash_before_the_batch_commits_loses_nothing_and_the_retry_stores_each_message_once(client, page, monkeypatch):
    post(client, page, messenger_body(customer_message("m_1", "hola"), customer_message("m_2", "¿hay alguien?", ts=1763820124000)))
    post(client, page, messenger_body(customer_message("m_3", "otro", psid="42")))

    def crash(*args, **kwargs):
        raise ConnectionError("worker killed mid-batch")

    import inbox.inbound

    with monkeypatch.context() as patch:
        patch.setattr(inbox.inbound, "update_rows", crash)  # the batch's last statement
        with pytest.raises(ConnectionError):
            inbound_events_drain()
    # Everything of the batch rolled back with it: no message, both events still waiting.
    assert not Message.objects.exists() and not Case.objects.exists()
    assert set(InboundEvent.objects.values_list("status", flat=True)) == {"pending"}

    assert inbound_events_drain() == 2
    assert sorted(Message.objects.values_list("external_id", flat=True)) == ["m_1", "m_2", "m_3"]
    assert Case.objects.count() == 2


def test_the_drain_commits_without_waiting_for_the_wal_flush_while_the_accept_path_waits(client, page, monkeypatch):
    """The raw request is durable before its 200 (the accept path commits synchronously); the
    drain's batch may skip the flush wait, since a batch lost in a crash is redone from those
    stored events (see inbox.inbound)."""
    import inbox.inbound

    def setting() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            return cursor.fetchone()[0]

    assert setting() == "on"
    post(client, page, messenger_body(customer_message("m_1", "hola")))
    assert setting() == "on"  # the accept path left the default alone
    seen = []
    real_ingest = inbox.inbound.messages_ingest_batch

    def ingest_noting_the_setting(*, items):
        seen.append(setting())
        return real_ingest(items=items)

    monkeypatch.setattr(inbox.inbound, "messages_ingest_batch", ingest_noting_the_setting)
    assert inbound_events_drain() == 1
    assert seen == ["off"]


def test_a_batch_of_receipts_and_echoes_costs_the_same_statements_for_3_or_30(client, page):
    """The drain applies a batch's echoes, then its receipts, set-based: an echo that gives our
    queued message its platform id lets a delivery receipt for that id in the same batch find
    it, and thirty receipts cost what three do."""
    from django.test.utils import CaptureQueriesContext

    post(client, page, messenger_body(customer_message("m_1", "hola")))
    inbound_events_drain()

    def drain_statements(count: int) -> int:
        replies = [_agent_reply(page, external_id="", status=DeliveryStatus.QUEUED) for _ in range(count)]
        for reply in replies:
            echo = {"is_echo": True, "app_id": 1517776481860111, "mid": f"m_ours_{reply.pk}", "metadata": f"dialogo:{reply.pk}"}
            post(client, page, messenger_body({"sender": {"id": PAGE_ID}, "recipient": {"id": PSID}, "timestamp": 1763820456700, "message": echo}))
        delivered = {"mids": [f"m_ours_{reply.pk}" for reply in replies], "watermark": 1763820456900}
        post(client, page, messenger_body({"sender": {"id": PSID}, "recipient": {"id": PAGE_ID}, "delivery": delivered}))
        with CaptureQueriesContext(connection) as captured:
            assert inbound_events_drain() == count + 1
        assert {reply.external_id: reply.status for reply in Message.objects.filter(pk__in=[r.pk for r in replies])} == {
            f"m_ours_{reply.pk}": "delivered" for reply in replies
        }
        assert InboundEvent.objects.order_by("-id").first().outcome == {"receipt_delivered": count, "receipt_applied": count}
        return len(captured.captured_queries)

    assert drain_statements(3) == drain_statements(30)
