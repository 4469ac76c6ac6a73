"""The webhook fast path over real HTTP: the server process (uvicorn, ASGI) answers platform
webhooks before Django, stores them with one INSERT on its async pool, and its worker turns
them into cases. Same answers as the Django view (tests/test_webhooks.py)."""

from __future__ import annotations

import json
import time

import httpx
import pytest
from conftest import make_tenant

from channel_accounts.models import InboundEvent
from channel_accounts.services import channel_account_create
from inbox.models import Message
from integrations.meta.verify import sign

pytestmark = pytest.mark.django_db(transaction=True)

APP_SECRET = "gateway-test-secret"


def _body(mid: str, text: str) -> bytes:
    item = {"sender": {"id": "777"}, "recipient": {"id": "555"}, "timestamp": 1763820123123, "message": {"mid": mid, "text": text}}
    return json.dumps({"object": "page", "entry": [{"id": "555", "time": 1763820123456, "messaging": [item]}]}).encode()


def _wait_for(predicate, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out")


def test_the_running_server_accepts_verifies_stores_and_processes_webhooks(dialogo_server):
    tenant = make_tenant("gateway")
    page = channel_account_create(
        workspace=tenant.workspace, kind="messenger", name="Page", external_id="555", credentials={"app_secret": APP_SECRET, "verify_token": "vt"}
    )
    url = f"{dialogo_server.url}/webhooks/messenger/{page.pk}/"
    with httpx.Client(timeout=10) as http:
        handshake = http.get(url, params={"hub.mode": "subscribe", "hub.verify_token": "vt", "hub.challenge": "42"})
        assert (handshake.status_code, handshake.text) == (200, "42")

        body = _body("m_gw_1", "Hola desde la pasarela")
        accepted = http.post(url, content=body, headers={"X-Hub-Signature-256": sign(body, APP_SECRET), "Content-Type": "application/json"})
        assert (accepted.status_code, accepted.json()) == (200, {"ok": True})

        unsigned = http.post(url, content=body)
        forged = http.post(url, content=body, headers={"X-Hub-Signature-256": sign(body, "wrong")})
        malformed = http.post(url, content=b"[1,2", headers={"X-Hub-Signature-256": sign(b"[1,2", APP_SECRET)})
        assert [(r.status_code, r.json()["code"]) for r in (unsigned, forged, malformed)] == [
            (401, "signature_missing"),
            (403, "signature_invalid"),
            (400, "malformed_payload"),
        ]
        assert http.post(f"{dialogo_server.url}/webhooks/messenger/99999999/", content=body).status_code == 404

    message = _wait_for(lambda: Message.objects.filter(external_id="m_gw_1").first())
    assert message.text == "Hola desde la pasarela" and message.channel_account_id == page.pk
    statuses = _wait_for(lambda: (s := list(InboundEvent.objects.order_by("id").values_list("status", flat=True)))[0] == "processed" and s)
    assert statuses == ["processed", "rejected", "rejected", "malformed"]
    stored = InboundEvent.objects.order_by("id").first()
    assert bytes(stored.body) == body and stored.headers["x-hub-signature-256"] == sign(body, APP_SECRET)


async def test_concurrent_webhooks_are_stored_together_each_answered_after_its_commit():
    """Group commit: what arrives while an INSERT is in flight is written by the next one; every
    request is answered 200 only once its row is committed, and a failed INSERT answers 500 to
    every request it held (the platforms deliver them again)."""
    import asyncio

    from asgiref.sync import sync_to_async

    from channel_accounts import webhook_gateway
    from channel_accounts.webhook_gateway import WebhookGateway

    @sync_to_async
    def page_account():
        tenant = make_tenant("burst")
        return channel_account_create(
            workspace=tenant.workspace, kind="messenger", name="Page", external_id="555", credentials={"app_secret": APP_SECRET}
        )

    page = await page_account()

    async def django_app(scope, receive, send):
        raise AssertionError("webhooks never reach Django")

    gateway = WebhookGateway(django_app)

    async def post(n: int) -> int:
        body = _body(f"m_burst_{n}", f"hola {n}")
        scope = {
            "type": "http",
            "method": "POST",
            "path": f"/webhooks/messenger/{page.pk}/",
            "query_string": b"",
            "headers": [(b"x-hub-signature-256", sign(body, APP_SECRET).encode())],
        }
        answered = []

        async def receive():
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message):
            if message["type"] == "http.response.start":
                answered.append(message["status"])

        await gateway(scope, receive, send)
        return answered[0]

    try:
        assert await asyncio.gather(*(post(n) for n in range(30))) == [200] * 30
        stored = await sync_to_async(lambda: list(InboundEvent.objects.filter(channel_account=page).values_list("status", flat=True)))()
        assert stored == ["pending"] * 30

        original = webhook_gateway.INSERT_EVENTS
        webhook_gateway.INSERT_EVENTS = "SELECT no_such_column"
        try:
            assert await asyncio.gather(*(post(n) for n in range(100, 110))) == [500] * 10
        finally:
            webhook_gateway.INSERT_EVENTS = original
        assert await sync_to_async(InboundEvent.objects.filter(channel_account=page).count)() == 30
    finally:
        if gateway._pool is not None:
            await gateway._pool.close()
