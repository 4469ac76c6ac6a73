"""Agent replies leave through the channel's client to the (fake) platform and come back as
receipts: signed webhook → case → reply → the fake Graph API receives the exact Send API
request → delivery/read webhooks move the status forwards; platform refusals reach the agent."""

from __future__ import annotations

import json

import pytest
from conftest import client_for
from procrastinate.contrib.django.models import ProcrastinateJob

from channel_accounts.services import channel_account_create
from inbox import services
from inbox.delivery import message_deliver
from inbox.inbound import inbound_events_drain
from inbox.models import Case, Message
from integrations.fakes.graph import FakeGraph
from integrations.meta.verify import sign

APP_SECRET = "delivery-app-secret"
PAGE_ID = "104857392018475"
PSID = "6723451987364512"
TOKEN = "EAAG-delivery-token"


@pytest.fixture
def graph(settings):
    fake = FakeGraph(accept_unknown_recipients=True)
    fake.start()
    fake.add_page(PAGE_ID, access_token=TOKEN)
    settings.PLATFORM_API_BASE_URLS = {**settings.PLATFORM_API_BASE_URLS, "messenger": fake.base_url}
    yield fake
    fake.stop()


@pytest.fixture
def page(tenant_a):
    return channel_account_create(
        workspace=tenant_a.workspace,
        kind="messenger",
        name="Acme page",
        external_id=PAGE_ID,
        credentials={"app_secret": APP_SECRET, "verify_token": "vt", "page_access_token": TOKEN},
    )


def _webhook(client, page, *items):
    body = json.dumps({"object": "page", "entry": [{"id": PAGE_ID, "time": 1763820123456, "messaging": list(items)}]}).encode()
    response = client.post(f"/webhooks/messenger/{page.pk}/", data=body, content_type="application/json", HTTP_X_HUB_SIGNATURE_256=sign(body, APP_SECRET))
    assert response.status_code == 200
    inbound_events_drain()


def _customer_writes(client, page, mid="m_in_1", text="Mi pedido llegó roto"):
    from django.utils import timezone

    now_ms = int(timezone.now().timestamp() * 1000)
    _webhook(client, page, {"sender": {"id": PSID}, "recipient": {"id": PAGE_ID}, "timestamp": now_ms, "message": {"mid": mid, "text": text}})
    return Case.objects.get()


def test_a_reply_is_sent_through_the_send_api_and_receipts_move_it_to_read(client, graph, page, tenant_a):
    case = _customer_writes(client, page)
    reply = services.case_reply(case=case, author=tenant_a.agent, text="Lo sentimos, te enviamos otro hoy")
    job = ProcrastinateJob.objects.get(task_name="deliver_message")
    assert job.args == {"message_id": reply.pk}  # queued in the reply's own transaction

    assert message_deliver(message_id=reply.pk) == "sent"
    request = graph.last_request()
    assert request.path == f"/v21.0/{PAGE_ID}/messages"
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    assert request.body["recipient"] == {"id": PSID}
    assert request.body["messaging_type"] == "RESPONSE"
    assert request.body["message"]["text"] == "Lo sentimos, te enviamos otro hoy"
    assert request.body["message"]["metadata"] == f"dialogo:{reply.pk}"
    reply.refresh_from_db()
    assert reply.status == "sent" and reply.external_id.startswith("m_")
    assert message_deliver(message_id=reply.pk) == "skipped"  # a repeated job sends nothing twice
    assert len(graph.requests) == 1

    # The echo of our own send is matched, not stored again; then delivery and read receipts.
    echo = {"is_echo": True, "app_id": 1, "mid": reply.external_id, "text": reply.text, "metadata": f"dialogo:{reply.pk}"}
    _webhook(client, page, {"sender": {"id": PAGE_ID}, "recipient": {"id": PSID}, "timestamp": 1763820200000, "message": echo})
    assert Message.objects.filter(direction="out").count() == 1
    _webhook(client, page, {"sender": {"id": PSID}, "recipient": {"id": PAGE_ID}, "delivery": {"mids": [reply.external_id], "watermark": 1}})
    reply.refresh_from_db()
    assert reply.status == "delivered"
    from django.utils import timezone

    now_ms = int(timezone.now().timestamp() * 1000) + 1000
    _webhook(client, page, {"sender": {"id": PSID}, "recipient": {"id": PAGE_ID}, "timestamp": now_ms, "read": {"watermark": now_ms}})
    reply.refresh_from_db()
    assert reply.status == "read"
    timeline = client_for(tenant_a.agent).get(f"/api/v1/cases/{case.pk}/").json()["messages"]
    assert [(m["direction"], m["status"]) for m in timeline] == [("in", "received"), ("out", "read")]


def test_a_closed_window_fails_the_reply_with_what_to_do(client, graph, page, tenant_a):
    case = _customer_writes(client, page)
    reply = services.case_reply(case=case, author=tenant_a.agent, text="¿Sigues ahí?")
    graph.fail_next("window_closed")
    assert message_deliver(message_id=reply.pk) == "failed"
    reply.refresh_from_db()
    assert (reply.status, reply.error_code) == ("failed", "window_closed")
    assert "HUMAN_AGENT" in reply.error_message


def test_rate_limits_come_back_later_and_then_send(client, graph, page, tenant_a):
    from inbox.tasks import deliver_message

    case = _customer_writes(client, page)
    reply = services.case_reply(case=case, author=tenant_a.agent, text="Un momento, lo reviso")
    graph.fail_next("rate_limited", retry_after=30)
    assert deliver_message(message_id=reply.pk) == "retry"
    retry = ProcrastinateJob.objects.filter(task_name="deliver_message").order_by("-id").first()
    assert retry.scheduled_at is not None
    reply.refresh_from_db()
    assert (reply.status, reply.send_attempts) == ("queued", 1)
    assert deliver_message(message_id=reply.pk) == "sent"


def test_a_new_customer_gets_their_name_and_avatar_from_the_platform(client, graph, page):
    from inbox.profiles import identity_profile_fetch

    graph.add_user(PSID, {"first_name": "Lucía", "last_name": "Fernández", "profile_pic": "https://cdn.example/lucia.jpg"})
    case = _customer_writes(client, page)
    job = ProcrastinateJob.objects.get(task_name="fetch_identity_profile")
    assert job.args == {"identity_id": case.identity_id, "channel_account_id": page.pk}
    assert identity_profile_fetch(**job.args) == "updated"
    case.identity.refresh_from_db()
    case.customer.refresh_from_db()
    assert (case.identity.display_name, case.customer.display_name) == ("Lucía Fernández", "Lucía Fernández")
    assert case.customer.avatar_url == "https://cdn.example/lucia.jpg"
    _customer_writes(client, page, mid="m_in_2", text="¿Hola?")  # a known identity: no second lookup
    assert ProcrastinateJob.objects.filter(task_name="fetch_identity_profile").count() == 1


def test_whatsapp_after_the_window_the_agent_sends_an_approved_template(client, graph, tenant_a, settings):
    from pathlib import Path

    settings.PLATFORM_API_BASE_URLS = {**settings.PLATFORM_API_BASE_URLS, "whatsapp": graph.base_url}
    phone = channel_account_create(
        workspace=tenant_a.workspace,
        kind="whatsapp",
        name="WhatsApp",
        external_id="106540352242922",
        credentials={"app_secret": APP_SECRET, "access_token": "WA-TOKEN"},
    )
    graph.add_phone_number("106540352242922", access_token="WA-TOKEN")
    body = (Path(__file__).parent / "integrations/fixtures/whatsapp/text.json").read_bytes()
    client.post(f"/webhooks/whatsapp/{phone.pk}/", data=body, content_type="application/json", HTTP_X_HUB_SIGNATURE_256=sign(body, APP_SECRET))
    inbound_events_drain()
    case = Case.objects.get(channel_account=phone)
    agent = client_for(tenant_a.agent)

    free_text = agent.post(f"/api/v1/cases/{case.pk}/reply/", {"text": "¿Sigues ahí?"}, format="json").json()
    graph.fail_next("template_required")
    assert message_deliver(message_id=free_text["id"]) == "failed"
    failed = Message.objects.get(pk=free_text["id"])
    assert failed.error_code == "template_required" and "template" in failed.error_message

    template = {"name": "order_update", "language": "es", "parameters": ["48213"]}
    sent = agent.post(f"/api/v1/cases/{case.pk}/reply/", {"text": "[plantilla order_update]", "template": template}, format="json")
    assert sent.status_code == 201, sent.json()
    assert message_deliver(message_id=sent.json()["id"]) == "sent"
    request = graph.last_request()
    assert request.body["type"] == "template"
    assert request.body["template"]["name"] == "order_update" and request.body["template"]["language"] == {"code": "es"}
    assert request.body["to"] == "34612345678"


def test_templates_are_refused_outside_whatsapp(client, graph, page, tenant_a):
    case = _customer_writes(client, page)
    response = client_for(tenant_a.agent).post(
        f"/api/v1/cases/{case.pk}/reply/", {"text": "x", "template": {"name": "order_update", "language": "es"}}, format="json"
    )
    assert response.status_code == 400 and "template" in response.json()["extra"]["fields"]


def test_opening_a_case_shows_seen_on_the_platform_until_we_have_answered(client, graph, page, tenant_a):
    from inbox.delivery import case_mark_read

    case = _customer_writes(client, page)
    assert case_mark_read(case_id=case.pk) == "marked"
    request = graph.last_request()
    assert request.body["recipient"] == {"id": PSID} and request.body["sender_action"].lower() == "mark_seen"
    services.case_reply(case=case, author=tenant_a.agent, text="Ya está")
    assert case_mark_read(case_id=case.pk) == "skipped"  # the last word is ours: nothing unread
    _customer_writes(client, page, mid="m_in_2", text="gracias")
    assert case_mark_read(case_id=case.pk) == "marked"
