"""Inbound email through the email providers' forms, end to end on real PostgreSQL: a Mailgun
route's `forward()` post (the raw message in `body-mime`, signed over timestamp + token) and
SendGrid's Inbound Parse (the raw message in `email`, the secret as HTTP Basic password) →
stored → processed like a raw message → a case. Both accept paths: the Django view (test client)
and the ASGI gateway (channel_accounts.webhook_gateway, driven in-process)."""

from __future__ import annotations

import base64
import secrets
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote_from_bytes

import pytest
from asgiref.sync import sync_to_async
from conftest import make_tenant
from django.db import connections
from django.utils import timezone

from channel_accounts.models import ChannelAccount, InboundEvent, WebhookNonce
from channel_accounts.services import channel_account_create
from channel_accounts.webhooks import DUPLICATE_NONCE
from inbox.inbound import inbound_events_drain
from inbox.models import Case, Message, MessageAttachment
from integrations.email.verify import sign_mailgun

FIXTURES = Path(__file__).parent / "integrations" / "fixtures" / "email"
MAILBOX = "soporte@solymar.example"
SIGNING_KEY = "mailgun-http-webhook-signing-key-for-tests"
SECRET = "sendgrid-basic-auth-secret"
BOUNDARY = "dialogo-form-boundary-7d1f"
ACCOUNTS = "/api/v1/channel-accounts/"


def eml(name: str) -> bytes:
    return (FIXTURES / f"{name}.eml").read_bytes()


def multipart(fields: dict[str, bytes]) -> tuple[bytes, str]:
    """A form exactly as the providers post it (CRLF, one part per field, no file names)."""
    parts = [
        b"--" + BOUNDARY.encode() + b'\r\nContent-Disposition: form-data; name="' + name.encode() + b'"\r\n\r\n' + value + b"\r\n"
        for name, value in fields.items()
    ]
    return b"".join(parts) + b"--" + BOUNDARY.encode() + b"--\r\n", f"multipart/form-data; boundary={BOUNDARY}"


def mailgun_fields(message: bytes | None, *, key: str = SIGNING_KEY, age: int = 0, token: str | None = None) -> dict[str, bytes]:
    """What a route's forward() to a URL ending in `mime` posts, signed `age` seconds ago."""
    timestamp, token = str(int(time.time()) - age), token or secrets.token_hex(25)
    fields = {"recipient": MAILBOX.encode(), "sender": b"marta.gil@correo.example.es", "subject": b"Paquete"}
    if message is not None:
        fields["body-mime"] = message
    return fields | {
        "timestamp": timestamp.encode(),
        "token": token.encode(),
        "signature": sign_mailgun(timestamp, token, key).encode(),
    }


def sendgrid_fields(message: bytes | None) -> dict[str, bytes]:
    """Inbound Parse with "POST the raw, full MIME message" ticked (without it: no `email`)."""
    fields = {
        "to": MAILBOX.encode(),
        "from": b"Marta Gil <marta.gil@correo.example.es>",
        "SPF": b"pass",
        "charsets": b'{"to": "UTF-8"}',
    }
    if message is not None:
        fields["email"] = message
    return fields | {"envelope": b'{"to": ["soporte@solymar.example"], "from": "marta.gil@correo.example.es"}'}


def basic(password: str) -> str:
    return "Basic " + base64.b64encode(f"dialogo:{password}".encode()).decode()


@pytest.fixture
def mailgun_box(tenant_a) -> ChannelAccount:
    credentials = {"inbound_format": "mailgun", "mailgun_signing_key": SIGNING_KEY}
    return channel_account_create(
        workspace=tenant_a.workspace, kind="email", name="Mailgun", external_id=MAILBOX, credentials=credentials
    )


@pytest.fixture
def sendgrid_box(tenant_a) -> ChannelAccount:
    credentials = {"inbound_format": "sendgrid", "inbound_secret": SECRET}
    return channel_account_create(
        workspace=tenant_a.workspace, kind="email", name="SendGrid", external_id=MAILBOX, credentials=credentials
    )


def post_mailgun(client, account, fields: dict[str, bytes], *, path: str = "mime"):
    body, content_type = multipart(fields)
    return client.post(f"/webhooks/email/{account.pk}/{path}", data=body, content_type=content_type)


def statuses() -> list[tuple[str, str]]:
    return list(InboundEvent.objects.order_by("id").values_list("status", "error"))


# --- Mailgun --------------------------------------------------------------------------------


def test_a_signed_mailgun_post_becomes_the_same_case_message_as_the_raw_mail(client, tenant_a, mailgun_box):
    body, content_type = multipart(mailgun_fields(eml("attachments")))
    response = client.post(f"/webhooks/email/{mailgun_box.pk}/mime", data=body, content_type=content_type)
    assert (response.status_code, response.json()) == (200, {"ok": True})
    stored = InboundEvent.objects.get()
    assert (stored.status, bytes(stored.body), stored.headers["content-type"]) == ("pending", body, content_type)

    assert inbound_events_drain() == 1
    stored.refresh_from_db()
    assert (stored.status, stored.outcome) == ("processed", {"message": 1}), stored.error
    message = Message.objects.get()
    assert message.external_id == "CAMx8Lr5=vZ3q@mail.correo.example.es" and message.channel_account_id == mailgun_box.pk
    assert message.case.subject == "Paquete llegado roto - fotos y factura"
    assert "El jarrón del pedido 48455 ha llegado roto" in message.text

    # The same mail posted raw to a raw-format mailbox reads the same.
    raw_box = channel_account_create(
        workspace=tenant_a.workspace, kind="email", name="Raw", credentials={"inbound_secret": SECRET}
    )
    raw = client.post(
        f"/webhooks/email/{raw_box.pk}/", data=eml("attachments"), content_type="message/rfc822", HTTP_AUTHORIZATION=basic(SECRET)
    )
    assert raw.status_code == 200 and inbound_events_drain() == 1
    via_raw = Message.objects.get(channel_account=raw_box)

    def attachments(of: Message) -> list[tuple]:
        return list(
            MessageAttachment.objects.filter(message=of).order_by("id").values_list("kind", "name", "mime_type", "size_bytes")
        )

    assert (
        attachments(message)
        == attachments(via_raw)
        == [
            ("image", "paquete_roto.jpg", "image/jpeg", attachments(via_raw)[0][3]),
            ("file", "factura nº 48455.pdf", "application/pdf", attachments(via_raw)[1][3]),
        ]
    )
    assert (message.text, message.case.subject) == (via_raw.text, via_raw.case.subject)


def test_mailgun_posts_urlencoded_when_there_are_no_attachments(client, mailgun_box):
    fields = mailgun_fields(eml("mislabeled_windows1252"))  # raw 8-bit bytes, percent-encoded by Mailgun
    body = b"&".join(name.encode() + b"=" + quote_from_bytes(value, safe="").encode() for name, value in fields.items())
    # The URL without /mime is the same endpoint (Mailgun's raw mode needs the /mime one).
    response = client.post(f"/webhooks/email/{mailgun_box.pk}/", data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200, response.content
    assert inbound_events_drain() == 1
    assert InboundEvent.objects.get().outcome == {"message": 1}
    assert Case.objects.count() == 1 and Message.objects.get().direction == "in"


def test_forged_stale_and_unsigned_mailgun_posts_are_refused_kept_and_never_processed(client, mailgun_box):
    message = eml("attachments")
    answers = [
        post_mailgun(client, mailgun_box, mailgun_fields(message, key="someone-elses-key")),
        post_mailgun(client, mailgun_box, mailgun_fields(message, age=600)),  # a replay of an old capture
        post_mailgun(client, mailgun_box, {"body-mime": message}),
        client.post(f"/webhooks/email/{mailgun_box.pk}/mime", data=message, content_type="message/rfc822"),
    ]
    assert [(r.status_code, r.json()["code"]) for r in answers] == [
        (403, "signature_invalid"),
        (403, "signature_invalid"),
        (401, "signature_missing"),
        (401, "signature_missing"),
    ]
    assert "Mailgun signature does not match" in answers[0].json()["message"]
    assert "Mailgun timestamp is 60" in answers[1].json()["message"] and "s off (allowed: 120 s)" in answers[1].json()["message"]
    assert "Mailgun posts a form, this body is message/rfc822" in answers[3].json()["message"]
    assert [status for status, _ in statuses()] == ["rejected"] * 4
    assert bytes(InboundEvent.objects.order_by("id").last().body) == message  # kept byte-exact for inspection
    assert inbound_events_drain() == 0
    assert not Message.objects.exists() and not WebhookNonce.objects.exists()


def test_a_signed_mailgun_post_without_the_raw_message_is_400_saying_how_to_get_it(client, mailgun_box):
    # A route whose forward() URL does not end in "mime" posts parsed fields only.
    fields = mailgun_fields(None) | {"body-plain": b"Hola", "stripped-text": b"Hola", "message-headers": b"[]"}
    response = post_mailgun(client, mailgun_box, fields, path="")
    assert response.status_code == 400
    error = response.json()
    assert error["code"] == "malformed_payload" and error["extra"]["where"] == "form"
    assert "end the Mailgun route's forward() URL in /mime" in error["message"]
    assert [status for status, _ in statuses()] == ["malformed"]
    assert inbound_events_drain() == 0


def test_a_mailgun_token_is_taken_once_and_a_redelivery_changes_nothing(client, mailgun_box):
    first = mailgun_fields(eml("attachments"))
    assert post_mailgun(client, mailgun_box, first).status_code == 200
    assert post_mailgun(client, mailgun_box, first).status_code == 200  # the same request twice
    # The same proof carrying another message (the body is not signed): a replay, never processed.
    replay = first | {"body-mime": eml("plain_es_latin1")}
    assert post_mailgun(client, mailgun_box, replay).status_code == 200
    # Mailgun delivering the same mail again signs it anew: stored, processed, deduped by Message-ID.
    assert post_mailgun(client, mailgun_box, mailgun_fields(eml("attachments"))).status_code == 200
    assert statuses() == [("pending", ""), ("ignored", DUPLICATE_NONCE), ("ignored", DUPLICATE_NONCE), ("pending", "")]

    assert inbound_events_drain() == 2
    assert [event.outcome for event in InboundEvent.objects.order_by("id")] == [{"message": 1}, {}, {}, {"duplicate": 1}]
    assert list(Message.objects.values_list("external_id", flat=True)) == ["CAMx8Lr5=vZ3q@mail.correo.example.es"]
    assert Case.objects.count() == 1
    assert WebhookNonce.objects.filter(channel_account=mailgun_box).count() == 2


def test_expired_tokens_are_forgotten_by_the_next_post(client, mailgun_box):
    stale = WebhookNonce.objects.create(
        workspace_id=mailgun_box.workspace_id,
        channel_account=mailgun_box,
        nonce="old",
        expires_at=timezone.now() - timedelta(seconds=1),
    )
    live = WebhookNonce.objects.create(
        workspace_id=mailgun_box.workspace_id,
        channel_account=mailgun_box,
        nonce="live",
        expires_at=timezone.now() + timedelta(minutes=5),
    )
    assert post_mailgun(client, mailgun_box, mailgun_fields(eml("attachments"), token="fresh")).status_code == 200
    assert sorted(WebhookNonce.objects.values_list("nonce", flat=True)) == ["fresh", "live"]
    assert not WebhookNonce.objects.filter(pk=stale.pk).exists() and WebhookNonce.objects.filter(pk=live.pk).exists()


# --- SendGrid -------------------------------------------------------------------------------


def test_sendgrid_inbound_parse_with_the_secret_as_basic_password_becomes_a_case(client, sendgrid_box):
    body = (FIXTURES / "sendgrid_inbound_raw.form").read_bytes()  # SendGrid's own boundary, xYzZY
    url = f"/webhooks/email/{sendgrid_box.pk}/"
    content_type = "multipart/form-data; boundary=xYzZY"
    answers = [
        client.post(url, data=body, content_type=content_type, HTTP_AUTHORIZATION=basic(SECRET)),
        client.post(url, data=body, content_type=content_type),
        client.post(url, data=body, content_type=content_type, HTTP_AUTHORIZATION=basic("guessed")),
    ]
    assert [(r.status_code, r.json().get("code")) for r in answers] == [
        (200, None),
        (401, "signature_missing"),
        (403, "signature_invalid"),
    ]
    assert [status for status, _ in statuses()] == ["pending", "rejected", "rejected"]
    assert all("authorization" not in event.headers for event in InboundEvent.objects.all())  # credentials never stored
    assert inbound_events_drain() == 1
    message = Message.objects.get()
    assert message.external_id == "CAMx8Lr5=vZ3q@mail.correo.example.es" and message.case.identity.channel_kind == "email"
    assert MessageAttachment.objects.filter(message=message).count() == 2


def test_sendgrid_without_the_raw_mime_option_is_400_saying_which_box_to_tick(client, sendgrid_box):
    body, content_type = multipart(sendgrid_fields(None) | {"text": b"Hola", "html": b"<p>Hola</p>"})
    response = client.post(
        f"/webhooks/email/{sendgrid_box.pk}/", data=body, content_type=content_type, HTTP_AUTHORIZATION=basic(SECRET)
    )
    assert response.status_code == 400 and "tick 'POST the raw, full MIME message'" in response.json()["message"]
    assert [status for status, _ in statuses()] == ["malformed"]


def test_an_auto_reply_in_a_form_is_ignored_like_a_raw_one(client, sendgrid_box):
    body, content_type = multipart(sendgrid_fields(eml("auto_reply_es")))
    response = client.post(
        f"/webhooks/email/{sendgrid_box.pk}/", data=body, content_type=content_type, HTTP_AUTHORIZATION=basic(SECRET)
    )
    assert response.status_code == 200
    [(status, error)] = statuses()
    assert status == "ignored" and error.startswith("auto_reply")


# --- Setting the format up --------------------------------------------------------------------


def test_the_inbound_format_is_checked_and_picks_the_setup_to_paste(admin_client, agent_client):
    def create(credentials):
        return admin_client.post(ACCOUNTS, {"kind": "email", "name": "Box", "credentials": credentials}, format="json")

    unknown = create({"inbound_format": "postmark"})
    assert unknown.status_code == 400 and set(unknown.json()["extra"]["fields"]) == {"credentials.inbound_format"}
    keyless = create({"inbound_format": "mailgun"})
    assert keyless.status_code == 400 and keyless.json()["code"] == "mailgun_signing_key_missing"

    mailgun = create({"inbound_format": "mailgun", "mailgun_signing_key": SIGNING_KEY})
    assert mailgun.status_code == 201, mailgun.json()
    account = mailgun.json()
    assert account["credentials"]["inbound_format"] == "mailgun"
    assert account["credentials"]["mailgun_signing_key"] == "••••" + SIGNING_KEY[-4:]
    setup = account["setup"]
    assert setup["webhook_url"].endswith(f"/webhooks/email/{account['id']}/mime")
    assert 'forward("<webhook URL>")' in setup["instructions"]
    assert "secret_header" not in setup and "secret" not in setup  # Mailgun's signature proves its posts
    # The key cannot be dropped while Mailgun is the format; switching back to raw drops the need.
    url = f"{ACCOUNTS}{account['id']}/"
    assert admin_client.patch(url, {"credentials": {"mailgun_signing_key": ""}}, format="json").status_code == 400
    assert (
        admin_client.patch(url, {"credentials": {"inbound_format": "raw", "mailgun_signing_key": ""}}, format="json").status_code
        == 200
    )

    sendgrid = create({"inbound_format": "sendgrid", "inbound_secret": "s3cret/with:odd@chars"}).json()
    setup = sendgrid["setup"]
    base, _, path = setup["webhook_url"].partition("://")
    assert setup["webhook_url_with_secret"] == f"{base}://dialogo:s3cret%2Fwith%3Aodd%40chars@{path}"
    assert "POST the raw, full MIME message" in setup["instructions"]
    assert "webhook_url_with_secret" not in agent_client.get(f"{ACCOUNTS}{sendgrid['id']}/").json()["setup"]


# --- The ASGI gateway makes the same decisions --------------------------------------------------


@pytest.mark.django_db(transaction=True)
async def test_the_gateway_takes_mailgun_once_and_sendgrid_with_the_secret():
    from channel_accounts.webhook_gateway import WebhookGateway

    @sync_to_async
    def mailboxes():
        tenant = make_tenant("gateway-mail")
        mailgun = channel_account_create(
            workspace=tenant.workspace,
            kind="email",
            name="Mailgun",
            external_id=MAILBOX,
            credentials={"inbound_format": "mailgun", "mailgun_signing_key": SIGNING_KEY},
        )
        sendgrid = channel_account_create(
            workspace=tenant.workspace,
            kind="email",
            name="SendGrid",
            credentials={"inbound_format": "sendgrid", "inbound_secret": SECRET},
        )
        return mailgun, sendgrid

    mailgun, sendgrid = await mailboxes()
    passed_on = []

    async def django_app(scope, receive, send):
        passed_on.append(scope["path"])
        await send({"type": "http.response.start", "status": 404, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    gateway = WebhookGateway(django_app)

    async def post(path: str, fields: dict[str, bytes], **headers: str) -> int:
        body, content_type = multipart(fields)
        scope = {
            "type": "http",
            "method": "POST",
            "path": path,
            "query_string": b"",
            "headers": [(b"content-type", content_type.encode()), *((k.encode(), v.encode()) for k, v in headers.items())],
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
        signed = mailgun_fields(eml("attachments"))
        mime_url = f"/webhooks/email/{mailgun.pk}/mime"
        assert await post(mime_url, signed) == 200
        assert await post(mime_url, signed) == 200  # its token again
        assert await post(mime_url, mailgun_fields(eml("attachments"), key="forged")) == 403
        assert await post(mime_url, mailgun_fields(eml("attachments"), age=600)) == 403
        assert (
            await post(f"/webhooks/email/{sendgrid.pk}/", sendgrid_fields(eml("plain_es_latin1")), authorization=basic(SECRET))
            == 200
        )
        assert await post(f"/webhooks/email/{sendgrid.pk}/", sendgrid_fields(eml("plain_es_latin1"))) == 401
        assert await post(f"/webhooks/telegram/{mailgun.pk}/mime", signed) == 404  # only email has a /mime URL
        assert passed_on == [f"/webhooks/telegram/{mailgun.pk}/mime"]
    finally:
        if gateway._pool is not None:
            await gateway._pool.close()

    stored = await sync_to_async(
        lambda: list(InboundEvent.objects.order_by("id").values_list("channel_account_id", "status", "error"))
    )()
    assert [(account, status) for account, status, _ in stored] == [
        (mailgun.pk, "pending"),
        (mailgun.pk, "ignored"),
        (mailgun.pk, "rejected"),
        (mailgun.pk, "rejected"),
        (sendgrid.pk, "pending"),
        (sendgrid.pk, "rejected"),
    ]
    assert stored[1][2] == DUPLICATE_NONCE
    assert await sync_to_async(inbound_events_drain)() == 2
    external_ids = await sync_to_async(lambda: sorted(Message.objects.values_list("channel_account_id", "external_id")))()
    assert external_ids == sorted(
        [(mailgun.pk, "CAMx8Lr5=vZ3q@mail.correo.example.es"), (sendgrid.pk, "20251118091358.4F2A1C0E12@correo.example.es")]
    )
    await sync_to_async(connections.close_all)()  # this thread's connection, so the test database can be dropped
