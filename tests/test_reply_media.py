"""Agents attach files to replies and notes, and see the channel's reply window before
writing: upload → reply with upload ids → the fake Graph API receives the Send API request
with our public link → the platform (here: the test) fetches the file through that link."""

from __future__ import annotations

import email
import os
from datetime import timedelta
from email import policy

import pytest
from conftest import client_for
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from test_delivery import _customer_writes, graph, page  # noqa: F401 (fixtures)
from test_email_channel import FIXTURES, MAILBOX, SECRET, _receive

from channel_accounts.services import channel_account_create
from inbox.delivery import message_deliver
from inbox.models import Case, MessageAttachment, ReplyUpload
from inbox.reply_media import unsent_uploads_prune
from inbox.reply_windows import ReplyPolicy, reply_window
from integrations.fakes.smtp import FakeSmtp

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PUBLIC_BASE_URL = "https://dialogo.example"


def _upload(agent, case, name="factura.png", content=PNG, content_type="image/png"):
    return agent.post(f"/api/v1/cases/{case.pk}/uploads/", {"file": SimpleUploadedFile(name, content, content_type=content_type)})


def test_a_reply_with_a_file_reaches_the_platform_through_a_signed_public_link(client, graph, page, tenant_a):  # noqa: F811
    case = _customer_writes(client, page)
    agent = client_for(tenant_a.agent)
    upload = _upload(agent, case)
    assert upload.status_code == 201, upload.json()
    assert upload.json()["name"] == "factura.png" and upload.json()["mime_type"] == "image/png"

    reply = agent.post(f"/api/v1/cases/{case.pk}/reply/", {"text": "Aquí está tu factura", "upload_ids": [upload.json()["id"]]}, format="json")
    assert reply.status_code == 201, reply.json()
    [attachment] = reply.json()["attachments"]
    assert attachment["kind"] == "image" and attachment["fetch_status"] == "stored"
    assert attachment["url"] == f"/api/v1/attachments/{attachment['id']}/"
    assert agent.get(attachment["url"]).getvalue() == PNG  # agents read it like a customer's file

    assert message_deliver(message_id=reply.json()["id"]) == "sent"
    sends = [r.body for r in graph.requests if r.path.endswith("/messages")]
    public_url = MessageAttachment.objects.get(pk=attachment["id"]).url
    assert public_url.startswith("https://dialogo.example/media/replies/")
    assert any(body["message"].get("attachment", {}).get("payload", {}).get("url") == public_url for body in sends), sends

    # The platform fetches it without logging in; a wrong signature gets nothing.
    path = public_url.removeprefix("https://dialogo.example")
    fetched = Client().get(path)
    assert fetched.status_code == 200 and fetched.getvalue() == PNG and fetched["Content-Type"] == "image/png"
    forged = path.replace(path.split("/")[4], "0" * 32)
    assert Client().get(forged).status_code == 404


def test_an_upload_is_sent_once_and_only_in_its_own_case(client, graph, page, tenant_a, tenant_b):  # noqa: F811
    case = _customer_writes(client, page)
    agent = client_for(tenant_a.agent)
    upload_id = _upload(agent, case).json()["id"]
    assert agent.post(f"/api/v1/cases/{case.pk}/notes/", {"upload_ids": [upload_id]}, format="json").status_code == 201
    again = agent.post(f"/api/v1/cases/{case.pk}/reply/", {"text": "otra vez", "upload_ids": [upload_id]}, format="json")
    assert again.status_code == 400 and "upload_ids" in again.json()["extra"]["fields"]
    # Another workspace can neither upload to the case nor see it.
    assert _upload(client_for(tenant_b.agent), case).status_code == 404


def test_uploads_are_refused_in_words_when_empty_or_too_large(client, graph, page, tenant_a, monkeypatch):  # noqa: F811
    case = _customer_writes(client, page)
    agent = client_for(tenant_a.agent)
    assert _upload(agent, case, content=b"").status_code == 400
    monkeypatch.setattr("inbox.reply_media.MAX_UPLOAD_BYTES", 10)
    big = _upload(agent, case)
    assert big.status_code == 400 and big.json()["code"] == "file_too_large" and "MB" in big.json()["message"]
    assert agent.post(f"/api/v1/cases/{case.pk}/reply/", {"text": ""}, format="json").status_code == 400


def test_unsent_uploads_are_pruned_after_a_day(client, graph, page, tenant_a):  # noqa: F811
    case = _customer_writes(client, page)
    upload_id = _upload(client_for(tenant_a.agent), case).json()["id"]
    upload = ReplyUpload.objects.get(pk=upload_id)
    path = upload.file.path
    ReplyUpload.objects.filter(pk=upload_id).update(created_at=timezone.now() - timedelta(days=2))
    assert unsent_uploads_prune() == 1
    assert not ReplyUpload.objects.filter(pk=upload_id).exists()
    assert not os.path.exists(path)


@pytest.mark.parametrize(
    ("kind", "thread_key", "hours_ago", "policy"),
    [
        ("messenger", "", 2, ReplyPolicy.OPEN),
        ("messenger", "", 30, ReplyPolicy.HUMAN_AGENT),
        ("instagram", "", 24 * 8, ReplyPolicy.CLOSED),
        ("instagram", "post:1789", 24 * 30, ReplyPolicy.UNRESTRICTED),  # a public comment thread
        ("whatsapp", "", 23, ReplyPolicy.OPEN),
        ("whatsapp", "", 25, ReplyPolicy.TEMPLATE_ONLY),
        ("telegram", "", 24 * 30, ReplyPolicy.UNRESTRICTED),
        ("email", "email:x", 24 * 30, ReplyPolicy.UNRESTRICTED),
    ],
)
def test_reply_windows_follow_each_platforms_rules(kind, thread_key, hours_ago, policy):
    now = timezone.now()
    window = reply_window(channel_kind=kind, thread_key=thread_key, last_customer_message_at=now - timedelta(hours=hours_ago), now=now)
    assert window.policy == policy
    if policy in (ReplyPolicy.OPEN, ReplyPolicy.HUMAN_AGENT):
        assert window.closes_at > now


def test_the_case_screen_shows_the_window(client, graph, page, tenant_a):  # noqa: F811
    case = _customer_writes(client, page)
    agent = client_for(tenant_a.agent)
    window = agent.get(f"/api/v1/cases/{case.pk}/").json()["reply_window"]
    assert window["policy"] == "open" and window["closes_at"]
    Case.objects.filter(pk=case.pk).update(last_customer_message_at=timezone.now() - timedelta(days=2))
    assert agent.get(f"/api/v1/cases/{case.pk}/").json()["reply_window"]["policy"] == "human_agent"


def test_an_email_reply_carries_the_agents_file_as_a_mime_part(client, tenant_a):
    """Email takes bytes, not links: the agent's PDF leaves over SMTP attached to the reply."""
    with FakeSmtp() as smtp:
        mailbox = channel_account_create(
            workspace=tenant_a.workspace,
            kind="email",
            name="Soporte",
            external_id=MAILBOX,
            credentials={"inbound_secret": SECRET, "smtp_host": "127.0.0.1", "smtp_port": str(smtp.port), "smtp_security": "none"},
        )
        _receive(client, mailbox, (FIXTURES / "plain_es_latin1.eml").read_bytes())
        case = Case.objects.get(channel_account=mailbox)
        agent = client_for(tenant_a.agent)
        pdf = b"%PDF-1.7 factura 48213"
        upload_id = _upload(agent, case, name="factura-48213.pdf", content=pdf, content_type="application/pdf").json()["id"]
        reply = agent.post(f"/api/v1/cases/{case.pk}/reply/", {"text": "Te adjunto la factura.", "upload_ids": [upload_id]}, format="json")
        assert message_deliver(message_id=reply.json()["id"]) == "sent"
        [mail] = smtp.messages
    sent = email.message_from_bytes(mail.data, policy=policy.default)
    [attached] = list(sent.iter_attachments())
    assert attached.get_filename() == "factura-48213.pdf" and attached.get_content() == pdf
    assert "Te adjunto la factura." in sent.get_body(preferencelist=("plain",)).get_content()
