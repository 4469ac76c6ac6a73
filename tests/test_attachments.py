"""Attachments are copied into our storage right after ingest (platform links expire) and
served to members of the workspace only."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import client_for
from procrastinate.contrib.django.models import ProcrastinateJob

from channel_accounts.services import channel_account_create
from inbox.ingest import message_ingest
from inbox.media import attachment_fetch
from inbox.models import MessageAttachment
from integrations.events import Attachment, AttachmentKind, ChannelKind, InboundMessage, Sender

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


class _Cdn(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        if self.path == "/photo.png":
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(PNG)))
            self.end_headers()
            self.wfile.write(PNG)
        else:
            self.send_response(404)
            self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def cdn():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Cdn)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _ingest(tenant, url: str):
    account = channel_account_create(workspace=tenant.workspace, kind="api", name="API")
    inbound = InboundMessage(
        channel_kind=ChannelKind.API,
        external_id="photo-1",
        sender=Sender(external_id="cust-1", display_name="Ana"),
        sent_at=datetime(2026, 11, 22, 10, 0, tzinfo=UTC),
        text="Así llegó la caja",
        attachments=(Attachment(kind=AttachmentKind.IMAGE, url=url, name="caja rota.png"),),
    )
    return message_ingest(channel_account=account, inbound=inbound).message.attachments.get()


def test_an_attachment_is_queued_downloaded_and_served_to_members_only(tenant_a, tenant_b, cdn):
    attachment = _ingest(tenant_a, f"{cdn}/photo.png")
    assert ProcrastinateJob.objects.filter(task_name="fetch_attachment", args={"attachment_id": attachment.pk}).exists()
    agent = client_for(tenant_a.agent)
    before = agent.get(f"/api/v1/attachments/{attachment.pk}/")
    assert (before.status_code, before["Location"]) == (302, f"{cdn}/photo.png")  # not copied yet: the platform's link

    assert attachment_fetch(attachment_id=attachment.pk) == "stored"
    assert attachment_fetch(attachment_id=attachment.pk) == "skipped"  # a retried job changes nothing
    attachment.refresh_from_db()
    assert (attachment.fetch_status, attachment.size_bytes) == ("stored", len(PNG))
    response = agent.get(f"/api/v1/attachments/{attachment.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png"
    assert client_for(tenant_b.admin).get(f"/api/v1/attachments/{attachment.pk}/").status_code == 404

    case_messages = agent.get(f"/api/v1/cases/{attachment.message.case_id}/").json()["messages"]
    assert case_messages[0]["attachments"][0]["url"] == f"/api/v1/attachments/{attachment.pk}/"


def test_a_link_that_is_gone_is_marked_failed_with_the_reason(tenant_a, cdn):
    attachment = _ingest(tenant_a, f"{cdn}/expired.png")
    assert attachment_fetch(attachment_id=attachment.pk) == "failed"
    attachment = MessageAttachment.objects.get(pk=attachment.pk)
    assert attachment.fetch_status == "failed" and "404" in attachment.fetch_error
