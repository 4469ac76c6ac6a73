"""Files a visitor sends from the widget: uploaded over REST, named by the message, stored once
as the message's attachment (agents read it through /api/v1/attachments/<id>/ like any customer's
file), never twice on a resend, never someone else's.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from procrastinate.contrib.django.models import ProcrastinateJob
from rest_framework.test import APIClient

from core.models import RealtimeEvent
from inbox.models import Case, Message, MessageAttachment
from tests.conftest import client_for, make_tenant
from tests.test_webchat import (
    MESSAGES,
    SESSIONS,
    SHOP,
    new_id,
    next_frame,
    open_widget_socket,
    start_session,
    visitor_client,
    widget_for,
)
from tests.test_webchat_agent_typing import agent_socket
from webchat import services
from webchat.models import WidgetUpload

# Async tests reach the database through database_sync_to_async, which closes the connection it
# used: the test client leaves its own open, and the test database could not be dropped.
pytestmark = pytest.mark.django_db(transaction=True)

UPLOADS = "/api/widget/v1/uploads"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"pixels" * 50
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def tenant(db):
    return make_tenant("acme")


@pytest.fixture
def widget(tenant):
    return widget_for(tenant)


def upload(client: APIClient, content: bytes, name: str = "foto", content_type: str = "application/octet-stream"):
    return client.post(UPLOADS, {"file": SimpleUploadedFile(name, content, content_type=content_type)}, format="multipart")


def download(response) -> bytes:
    return b"".join(response.streaming_content)


def fetch_jobs() -> int:
    return ProcrastinateJob.objects.filter(task_name__contains="fetch_attachment").count()


def test_a_visitors_file_reaches_the_inbox_as_our_stored_copy(tenant, widget):
    session = start_session(widget).json()
    assert session["upload_max_bytes"] == services.MAX_UPLOAD_BYTES and "application/pdf" in session["upload_types"]
    visitor = visitor_client(session["session_token"])

    uploaded = upload(visitor, PNG, name="foto del paquete")  # the browser said nothing useful; the bytes say PNG
    assert uploaded.status_code == 201, uploaded.json()
    assert uploaded["Access-Control-Allow-Origin"] == SHOP
    body = uploaded.json()
    assert body["name"] == "foto del paquete.png" and body["mime_type"] == "image/png" and body["size_bytes"] == len(PNG)
    with CaptureQueriesContext(connection) as queries:
        sent = visitor.post(
            MESSAGES, {"client_message_id": new_id(), "text": "", "attachments": [{"upload_id": body["id"]}]}, format="json"
        )
    assert sent.status_code == 201, sent.json()
    # The row is born stored with its file: never written `pending` and corrected afterwards.
    attachment_writes = [q["sql"].split(" SET ")[0] for q in queries if '"inbox_messageattachment"' in q["sql"]]
    assert attachment_writes and not any(sql.startswith("UPDATE") for sql in attachment_writes)

    # The agents' case screen: a customer message whose attachment is stored, served by the inbox.
    case = Case.objects.get()
    assert case.last_message_preview == "[image]"
    agent = client_for(tenant.agent)
    [message] = agent.get(f"/api/v1/cases/{case.pk}/").json()["messages"]
    assert message["direction"] == "in" and message["id"] == sent.json()["message_id"]
    [attachment] = message["attachments"]
    assert attachment["kind"] == "image" and attachment["fetch_status"] == "stored"
    assert attachment["name"] == "foto del paquete.png" and attachment["mime_type"] == "image/png"
    assert attachment["url"] == f"/api/v1/attachments/{attachment['id']}/"
    assert download(agent.get(attachment["url"])) == PNG
    # Our copy from the start: nothing to download from anywhere.
    assert fetch_jobs() == 0

    # The visitor sees their own file back, through the session (a customer's file has no public link).
    [mine] = visitor.get(MESSAGES).json()["messages"]
    [file] = mine["attachments"]
    assert file["authenticated"] is True and file["url"] == f"/api/widget/v1/attachments/{attachment['id']}"
    assert download(visitor.get(file["url"])) == PNG
    stranger = visitor_client(start_session(widget).json()["session_token"])
    assert stranger.get(file["url"]).status_code == 404
    assert APIClient().get(file["url"]).status_code == 401


async def test_over_the_websocket_with_text_and_the_other_tabs_see_the_file():
    tenant = await database_sync_to_async(make_tenant)("acme")
    widget = await database_sync_to_async(widget_for)(tenant)
    token = (await database_sync_to_async(start_session)(widget)).json()["session_token"]
    files = [
        await database_sync_to_async(upload)(visitor_client(token), content, name=name)
        for content, name in ((PDF, "factura.pdf"), (PNG, "foto.png"))
    ]
    upload_ids = [response.json()["id"] for response in files]
    tab_1, _ = await open_widget_socket(token)
    tab_2, _ = await open_widget_socket(token)
    await tab_1.send_json_to(
        {
            "type": "message.create",
            "client_message_id": new_id(),
            "text": "La factura y el paquete",
            "attachments": [{"upload_id": pk} for pk in upload_ids],
        }
    )
    ack = await next_frame(tab_1, "message.ack")
    echoed = (await next_frame(tab_2, "message.created"))["message"]
    assert echoed["id"] == ack["message_id"] and echoed["text"] == "La factura y el paquete"
    assert [(f["name"], f["kind"], f["authenticated"]) for f in echoed["attachments"]] == [
        ("factura.pdf", "file", True),
        ("foto.png", "image", True),
    ]
    stored = await database_sync_to_async(
        lambda: list(
            MessageAttachment.objects.filter(message_id=ack["message_id"]).order_by("pk").values_list("name", "fetch_status")
        )
    )()
    assert stored == [("factura.pdf", "stored"), ("foto.png", "stored")]

    await tab_1.send_json_to(
        {"type": "message.create", "client_message_id": new_id(), "text": "x", "attachments": [{"upload_id": "1"}]}
    )
    assert (await next_frame(tab_1, "error"))["code"] == "invalid"
    await tab_1.disconnect()
    await tab_2.disconnect()


async def test_agents_hear_of_a_visitors_file_as_stored_and_rest_agrees():
    tenant = await database_sync_to_async(make_tenant)("acme")
    widget = await database_sync_to_async(widget_for)(tenant)
    token = (await database_sync_to_async(start_session)(widget)).json()["session_token"]
    visitor, _ = await open_widget_socket(token)
    await visitor.send_json_to({"type": "message.create", "client_message_id": new_id(), "text": "hola"})
    first = await next_frame(visitor, "message.ack")
    case_id = await database_sync_to_async(lambda: Message.objects.get(pk=first["message_id"]).case_id)()
    agent = await agent_socket(tenant.agent, case_id)  # an agent has the case open

    upload_id = (await database_sync_to_async(upload)(visitor_client(token), PNG, name="roto.png")).json()["id"]
    await visitor.send_json_to(
        {"type": "message.create", "client_message_id": new_id(), "text": "Así llegó", "attachments": [{"upload_id": upload_id}]}
    )
    ack = await next_frame(visitor, "message.ack")

    # The live frame: stored at once, at the authorised URL, no "pending" to wait on.
    live = (await next_frame(agent, "message.created"))["payload"]
    assert live["id"] == ack["message_id"]
    [announced] = live["attachments"]
    assert announced["fetch_status"] == "stored"
    assert announced["url"] == f"/api/v1/attachments/{announced['id']}/"
    assert (announced["name"], announced["mime_type"], announced["size_bytes"]) == ("roto.png", "image/png", len(PNG))
    await agent.disconnect()
    await visitor.disconnect()

    def rest_view() -> tuple[dict, bytes, int]:
        agent_client = client_for(tenant.agent)
        messages = agent_client.get(f"/api/v1/cases/{case_id}/").json()["messages"]
        [shown] = next(m for m in messages if m["id"] == ack["message_id"])["attachments"]
        return shown, download(agent_client.get(shown["url"])), fetch_jobs()

    shown, content, jobs = await database_sync_to_async(rest_view)()
    assert shown == announced  # REST says what the frame said
    assert content == PNG
    assert jobs == 0  # our copy from the start: no download job
    logged = await database_sync_to_async(
        lambda: [e.payload for e in RealtimeEvent.objects.filter(type="message.created") if e.payload["id"] == ack["message_id"]]
    )()
    assert [a["fetch_status"] for p in logged for a in p["attachments"]] == ["stored"]  # a resync replays the same


def test_too_big_or_not_an_image_or_pdf_is_refused_with_a_json_error(widget, monkeypatch):
    monkeypatch.setattr(services, "MAX_UPLOAD_BYTES", 4096)
    visitor = visitor_client(start_session(widget).json()["session_token"])

    too_big = upload(visitor, PDF + b"0" * 5000, name="big.pdf")  # over the limit, under the body's margin: read, then refused
    assert too_big.status_code == 413
    assert too_big.json()["code"] == "file_too_large" and too_big.json()["extra"]["max_bytes"] == 4096
    assert too_big["Access-Control-Allow-Origin"] == SHOP  # the widget can read why
    far_too_big = upload(visitor, PDF + b"0" * 200_000, name="huge.pdf")  # refused by its Content-Length alone
    assert far_too_big.status_code == 413 and far_too_big.json()["code"] == "file_too_large"

    # The browser's word is not taken: an HTML page called a PNG, an SVG (script in our origin).
    for content, name, content_type in (
        (b"<html><script>alert(1)</script></html>", "cat.png", "image/png"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "logo.svg", "image/svg+xml"),
    ):
        refused = upload(visitor, content, name=name, content_type=content_type)
        assert refused.status_code == 415 and refused.json()["code"] == "unsupported_file_type", name
        assert "fields" in refused.json()["extra"]
    empty = upload(visitor, b"", name="nothing.pdf")
    assert empty.status_code == 400
    assert not WidgetUpload.objects.exists()


def test_a_name_always_ends_as_its_content_is(widget):
    visitor = visitor_client(start_session(widget).json()["session_token"])
    assert upload(visitor, PNG, name="page.html").json()["name"] == "page.html.png"
    assert upload(visitor, PDF, name="../../etc/Factura.PDF").json()["name"] == "Factura.PDF"


async def test_a_resend_after_reconnect_stores_one_message_and_one_attachment():
    tenant = await database_sync_to_async(make_tenant)("acme")
    widget = await database_sync_to_async(widget_for)(tenant)
    token = (await database_sync_to_async(start_session)(widget)).json()["session_token"]
    upload_id = (await database_sync_to_async(upload)(visitor_client(token), PNG)).json()["id"]
    frame = {"type": "message.create", "client_message_id": new_id(), "text": "Mirad", "attachments": [{"upload_id": upload_id}]}

    socket, _ = await open_widget_socket(token)
    await socket.send_json_to(frame)
    first_ack = await next_frame(socket, "message.ack")
    await socket.disconnect()  # the ack was lost with the connection: the widget sends it again
    socket, _ = await open_widget_socket(token, after=0)
    await socket.send_json_to({"type": "batch", "frames": [frame]})
    assert await next_frame(socket, "message.ack") == first_ack
    await socket.disconnect()
    # And once more over REST (the widget's fallback).
    resent = await database_sync_to_async(visitor_client(token).post)(
        MESSAGES, {k: v for k, v in frame.items() if k != "type"}, format="json"
    )
    assert resent.status_code == 200 and resent.json()["message_id"] == first_ack["message_id"]

    assert await database_sync_to_async(Message.objects.count)() == 1
    attachments = await database_sync_to_async(
        lambda: list(MessageAttachment.objects.values_list("message_id", "fetch_status"))
    )()
    assert attachments == [(first_ack["message_id"], "stored")]
    assert await database_sync_to_async(fetch_jobs)() == 0
    assert (
        await database_sync_to_async(lambda: WidgetUpload.objects.get(pk=upload_id).attachment.message_id)()
        == first_ack["message_id"]
    )


def test_another_visitors_upload_or_a_sent_one_is_refused(widget, tenant):
    owner = visitor_client(start_session(widget).json()["session_token"])
    upload_id = upload(owner, PDF).json()["id"]
    other = visitor_client(start_session(widget).json()["session_token"])
    taken = other.post(
        MESSAGES, {"client_message_id": new_id(), "text": "mine now", "attachments": [{"upload_id": upload_id}]}, format="json"
    )
    assert taken.status_code == 400 and taken.json()["code"] == "unknown_upload"
    assert "attachments" in taken.json()["extra"]["fields"]
    assert not Message.objects.exists()  # the whole message is refused, not sent without the file

    # The owner still can; and a sent file cannot go out again with another message.
    sent = owner.post(
        MESSAGES, {"client_message_id": new_id(), "text": "", "attachments": [{"upload_id": upload_id}]}, format="json"
    )
    assert sent.status_code == 201
    again = owner.post(
        MESSAGES, {"client_message_id": new_id(), "text": "again", "attachments": [{"upload_id": upload_id}]}, format="json"
    )
    assert again.status_code == 400 and again.json()["code"] == "unknown_upload"
    # Nor can another workspace's visitor, whose ids are just numbers too.
    globex_widget = widget_for(make_tenant("globex"), name="Globex chat")
    outsider = visitor_client(start_session(globex_widget).json()["session_token"])
    fresh_id = upload(owner, PNG).json()["id"]
    refused = outsider.post(
        MESSAGES, {"client_message_id": new_id(), "text": "x", "attachments": [{"upload_id": fresh_id}]}, format="json"
    )
    assert refused.status_code == 400 and Message.objects.count() == 1
    # A visitor's own file is theirs only: another workspace's session cannot fetch it either.
    attachment_id = MessageAttachment.objects.get().pk
    assert outsider.get(f"/api/widget/v1/attachments/{attachment_id}").status_code == 404


def test_uploads_are_rate_limited_and_capped_per_visitor(widget):
    visitor = visitor_client(start_session(widget).json()["session_token"])
    for _ in range(services.VISITOR_UPLOADS.limit):
        assert upload(visitor, PNG).status_code == 201
    flood = upload(visitor, PNG)
    assert flood.status_code == 429 and flood.json()["code"] == "rate_limited" and int(flood["Retry-After"]) >= 1

    session = WidgetUpload.objects.first().session
    for _ in range(services.MAX_UNSENT_UPLOADS - services.VISITOR_UPLOADS.limit):
        services.visitor_upload_create(session=session, file=SimpleUploadedFile("a.png", PNG))
    with pytest.raises(services.ApplicationError) as refused:
        services.visitor_upload_create(session=session, file=SimpleUploadedFile("a.png", PNG))
    assert refused.value.code == "too_many_uploads"


def test_unsent_uploads_are_pruned_with_their_files(widget, media_root):
    visitor = visitor_client(start_session(widget).json()["session_token"])
    kept, forgotten = upload(visitor, PNG).json()["id"], upload(visitor, PDF).json()["id"]
    visitor.post(MESSAGES, {"client_message_id": new_id(), "text": "", "attachments": [{"upload_id": kept}]}, format="json")
    WidgetUpload.objects.update(created_at=timezone.now() - timedelta(days=2))
    forgotten_file = media_root / WidgetUpload.objects.get(pk=forgotten).file.name
    assert forgotten_file.exists()

    assert services.unsent_widget_uploads_prune() == 1
    assert list(WidgetUpload.objects.values_list("pk", flat=True)) == [kept]
    assert not forgotten_file.exists()
    attachment = MessageAttachment.objects.get()
    assert (media_root / attachment.file.name).read_bytes() == PNG  # the sent one is the message's now


def test_the_session_answer_says_the_limits(widget):
    body = APIClient().post(SESSIONS, {"widget": widget.pk}, format="json", HTTP_ORIGIN=SHOP).json()
    assert body["upload_max_bytes"] == 25 * 1024 * 1024
    assert sorted(body["upload_types"]) == ["application/pdf", "image/gif", "image/jpeg", "image/png", "image/webp"]
