"""Every platform's webhook, end to end on the Django path: a realistic signed request (the
connector fixtures, byte-exact) → stored → processed → a customer message in a case."""

from __future__ import annotations

from pathlib import Path

import pytest

from channel_accounts.models import InboundEvent
from channel_accounts.services import channel_account_create
from inbox.inbound import inbound_events_drain
from inbox.models import Message
from integrations.meta.verify import sign as meta_sign
from integrations.x.verify import sign as x_sign

FIXTURES = Path(__file__).parent / "integrations" / "fixtures"
SECRET = "kinds-test-secret"

# kind, fixture, credentials, headers for the body
CASES = [
    ("messenger", "messenger/message_text.json", {"app_secret": SECRET}, lambda body: {"HTTP_X_HUB_SIGNATURE_256": meta_sign(body, SECRET)}),
    ("instagram", "instagram/message_text.json", {"app_secret": SECRET}, lambda body: {"HTTP_X_HUB_SIGNATURE_256": meta_sign(body, SECRET)}),
    ("instagram", "instagram/comment.json", {"app_secret": SECRET}, lambda body: {"HTTP_X_HUB_SIGNATURE_256": meta_sign(body, SECRET)}),
    ("whatsapp", "whatsapp/text.json", {"app_secret": SECRET}, lambda body: {"HTTP_X_HUB_SIGNATURE_256": meta_sign(body, SECRET)}),
    ("telegram", "telegram/message_text.json", {"secret_token": SECRET}, lambda body: {"HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN": SECRET}),
    ("x", "x/dm_message.json", {"consumer_secret": SECRET}, lambda body: {"HTTP_X_TWITTER_WEBHOOKS_SIGNATURE": x_sign(body, SECRET)}),
    ("email", "email/plain_es_latin1.eml", {"inbound_secret": SECRET}, lambda body: {"HTTP_X_DIALOGO_WEBHOOK_SECRET": SECRET}),
]


@pytest.mark.parametrize(("kind", "fixture", "credentials", "headers"), CASES, ids=[c[1] for c in CASES])
def test_a_signed_platform_message_becomes_a_case_message(client, tenant_a, kind, fixture, credentials, headers):
    # No external id: the URL alone routes every event of the request to this account.
    account = channel_account_create(workspace=tenant_a.workspace, kind=kind, name=kind, credentials=credentials)
    body = (FIXTURES / fixture).read_bytes()
    content_type = "message/rfc822" if kind == "email" else "application/json"
    response = client.post(f"/webhooks/{kind}/{account.pk}/", data=body, content_type=content_type, **headers(body))
    assert response.status_code == 200, response.content
    assert inbound_events_drain() == 1
    event = InboundEvent.objects.get()
    assert event.status == "processed", event.error
    assert event.outcome.get("message") == 1, event.outcome
    message = Message.objects.get()
    assert message.channel_account_id == account.pk and message.direction == "in"
    assert message.case.identity.channel_kind == kind


def test_email_with_the_secret_as_basic_auth_password_is_accepted_and_without_it_refused(client, tenant_a):
    import base64

    account = channel_account_create(workspace=tenant_a.workspace, kind="email", name="mailbox", credentials={"inbound_secret": SECRET})
    body = (FIXTURES / "email/plain_es_latin1.eml").read_bytes()
    basic = "Basic " + base64.b64encode(f"forwarder:{SECRET}".encode()).decode()
    url = f"/webhooks/email/{account.pk}/"
    assert client.post(url, data=body, content_type="message/rfc822", HTTP_AUTHORIZATION=basic).status_code == 200
    assert client.post(url, data=body, content_type="message/rfc822").status_code == 401
    assert client.post(url, data=body, content_type="message/rfc822", HTTP_X_DIALOGO_WEBHOOK_SECRET="nope").status_code == 403
    stored = InboundEvent.objects.order_by("id").first()
    assert "authorization" not in stored.headers  # the caller's credentials are never stored


def test_telegram_secret_is_masked_in_the_log_and_undated_updates_are_accepted(client, tenant_a):
    account = channel_account_create(workspace=tenant_a.workspace, kind="telegram", name="bot", credentials={"secret_token": SECRET})
    body = (FIXTURES / "telegram/deleted_business_messages.json").read_bytes()
    response = client.post(f"/webhooks/telegram/{account.pk}/", data=body, content_type="application/json", HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN=SECRET)
    assert response.status_code == 200, response.content
    stored = InboundEvent.objects.get()
    assert stored.headers["x-telegram-bot-api-secret-token"] == "••••" + SECRET[-4:]
    assert inbound_events_drain() == 1
    assert InboundEvent.objects.get().outcome == {"deletion_unknown_message": 2}  # two ids, none of ours
