"""Email end to end: raw MIME by webhook → case; the agent's reply leaves over SMTP (a local
aiosmtpd fake) with our Message-ID, In-Reply-To, References and a signed reply+token
address; the customer's answer threads back by headers or by that address alone; a bounce of
our reply fails it with the server's words."""

from __future__ import annotations

import email
from email import policy
from pathlib import Path

import pytest

from channel_accounts.services import channel_account_create
from inbox import services
from inbox.delivery import message_deliver
from inbox.inbound import inbound_events_drain
from inbox.models import Case, Message
from integrations.fakes.smtp import FakeSmtp

FIXTURES = Path(__file__).parent / "integrations" / "fixtures" / "email"
MAILBOX = "soporte@solymar.example"
SECRET = "email-inbound-secret"


@pytest.fixture
def smtp():
    with FakeSmtp() as fake:
        yield fake


@pytest.fixture
def mailbox(tenant_a, smtp):
    return channel_account_create(
        workspace=tenant_a.workspace,
        kind="email",
        name="Sol y Mar Soporte",
        external_id=MAILBOX,
        credentials={"inbound_secret": SECRET, "smtp_host": "127.0.0.1", "smtp_port": str(smtp.port), "smtp_security": "none"},
    )


def _receive(client, mailbox, raw: bytes) -> None:
    response = client.post(f"/webhooks/email/{mailbox.pk}/", data=raw, content_type="message/rfc822", HTTP_X_DIALOGO_WEBHOOK_SECRET=SECRET)
    assert response.status_code == 200, response.content
    inbound_events_drain()


def _customer_reply(*, to: str, subject: str, message_id: str, in_reply_to: str = "", references: str = "") -> bytes:
    headers = [
        "From: =?ISO-8859-1?Q?Jos=E9_Mart=EDnez?= <jose.martinez@correo.example.es>",
        f"To: {to}",
        f"Subject: {subject}",
        "Date: Sat, 22 Nov 2025 10:00:00 +0100",
        f"Message-ID: <{message_id}>",
    ]
    if in_reply_to:
        headers.append(f"In-Reply-To: <{in_reply_to}>")
    if references:
        headers.append(f"References: {references}")
    headers += ["MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "", "Gracias, ya lo tengo.", ""]
    return "\r\n".join(headers).encode()


def test_email_in_reply_out_over_smtp_and_the_answer_threads_back(client, tenant_a, mailbox, smtp):
    _receive(client, mailbox, (FIXTURES / "plain_es_latin1.eml").read_bytes())
    case = Case.objects.get()
    first = Message.objects.get()
    assert first.external_id == "20251118091358.4F2A1C0E12@correo.example.es"
    assert "48213" in first.text and case.subject.startswith("¿Dónde está mi pedido")

    reply = services.case_reply(case=case, author=tenant_a.agent, text="Hola José, tu pedido sale hoy.")
    assert message_deliver(message_id=reply.pk) == "sent"
    [mail] = smtp.messages
    sent = email.message_from_bytes(mail.data, policy=policy.default)
    reply.refresh_from_db()
    assert sent["Message-ID"].strip("<>") == reply.external_id and reply.status == "sent"
    assert sent["In-Reply-To"].strip() == f"<{first.external_id}>"
    assert first.external_id in sent["References"]
    assert sent["Subject"].startswith("Re: ¿Dónde está mi pedido")
    reply_to = sent["Reply-To"].addresses[0].addr_spec
    assert reply_to.startswith("soporte+c") and reply_to.endswith("@solymar.example")
    assert "jose.martinez@correo.example.es" in str(sent["To"])

    # Threads back by In-Reply-To …
    _receive(client, mailbox, _customer_reply(to=MAILBOX, subject="Re: pedido", message_id="a1@correo.example.es", in_reply_to=reply.external_id))
    # … and by the signed reply+token address alone (a client that dropped the headers).
    _receive(client, mailbox, _customer_reply(to=reply_to, subject="otra cosa", message_id="a2@correo.example.es"))
    assert Case.objects.count() == 1
    assert Message.objects.filter(case=case, direction="in").count() == 3

    # A forged token (another case id, no valid signature) opens a new case instead.
    forged = reply_to.replace(f"+c{case.pk}.", f"+c{case.pk + 1}.")
    _receive(client, mailbox, _customer_reply(to=forged, subject="hola", message_id="a3@correo.example.es"))
    assert Case.objects.count() == 2


def test_auto_replies_are_not_cases(client, mailbox):
    _receive(client, mailbox, (FIXTURES / "auto_reply_es.eml").read_bytes())
    assert not Case.objects.exists()


def test_an_imap_mailbox_is_polled_into_cases_once(tenant_a):
    from channel_accounts.mailboxes import mailboxes_poll
    from channel_accounts.models import ChannelAccount, InboundEvent
    from integrations.fakes.imap import FakeImap

    with FakeImap(username=MAILBOX) as imap:
        account = channel_account_create(workspace=tenant_a.workspace, kind="email", name="IMAP box", external_id=MAILBOX, credentials=imap.credentials())
        imap.add_message((FIXTURES / "plain_es_latin1.eml").read_bytes())
        imap.add_message((FIXTURES / "multipart_alternative_pl.eml").read_bytes())
        assert mailboxes_poll() == 2
        assert mailboxes_poll() == 0  # the cursor moved: nothing is read twice
        imap.add_message((FIXTURES / "html_only_en.eml").read_bytes())
        assert mailboxes_poll() == 1
    account.refresh_from_db()
    assert account.imap_cursor["last_uid"] == 3
    assert InboundEvent.objects.filter(channel_account=account).count() == 3
    inbound_events_drain()
    assert Case.objects.filter(channel_account=account).count() == 3
    assert {e.headers["x-dialogo-source"] for e in InboundEvent.objects.all()} == {"imap"}
    assert ChannelAccount.objects.get(pk=account.pk).credentials["imap_password"] == imap.password
