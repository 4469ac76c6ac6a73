"""SmtpClient against the aiosmtpd fake over real SMTP on 127.0.0.1."""

from __future__ import annotations

import socket

import pytest

from integrations.email.compose import new_message_id
from integrations.email.parse import parse
from integrations.email.smtp import SmtpClient
from integrations.errors import CredentialsRejected, PlatformError, RateLimited, RecipientBlocked
from integrations.events import ChannelKind, Echo
from integrations.fakes.smtp import FakeSmtp
from integrations.fakes.tls import self_signed_tls
from integrations.outbound import EmailHeaders, OutboundMessage

pytestmark = pytest.mark.filterwarnings("ignore:Session.login_data is deprecated")

MAILBOX = "soporte@solymar.example"
DOMAIN = "solymar.example"


@pytest.fixture
def smtp():
    with FakeSmtp(username="soporte@solymar.example", password="smtp-s3cret") as server:
        yield server


def client_for(server: FakeSmtp, **overrides: str) -> SmtpClient:
    return SmtpClient(credentials=server.credentials(**overrides), account_external_id=MAILBOX, timeout=5)


def reply(to: str = "ana.lopez@gmail.example") -> OutboundMessage:
    return OutboundMessage(
        recipient_external_id=to,
        text="Hola Ana, ya está en camino.",
        email=EmailHeaders(
            message_id=new_message_id("case-123", DOMAIN),
            subject="¿Dónde está mi pedido?",
            in_reply_to="CAB-1@mail.gmail.example",
            from_name="Sol y Mar Soporte",
        ),
    )


def test_send_delivers_over_smtp_with_auth(smtp):
    client = client_for(smtp)
    assert client.kind == ChannelKind.EMAIL
    message = reply()
    result = client.send(message)
    assert result.external_id == message.email.message_id
    assert result.sent_at is not None
    (received,) = smtp.messages
    assert received.mail_from == MAILBOX
    assert received.rcpt_tos == ("ana.lopez@gmail.example",)
    assert received.login == "soporte@solymar.example"
    assert smtp.auth_attempts == ["soporte@solymar.example"]
    mail = received.message
    assert mail["Message-ID"] == f"<{result.external_id}>"
    assert str(mail["Subject"]) == "Re: ¿Dónde está mi pedido?"
    assert mail["In-Reply-To"] == "<CAB-1@mail.gmail.example>"
    (echo,) = parse(received.data, mailbox_address=MAILBOX, our_message_id_domain=DOMAIN)
    assert isinstance(echo, Echo) and echo.external_id == result.external_id and echo.text == "Hola Ana, ya está en camino."


def test_send_without_auth_when_no_username():
    with FakeSmtp() as server:
        result = client_for(server).send(reply())
        assert server.messages[0].login == ""
        assert server.messages[0].message["Message-ID"] == f"<{result.external_id}>"


def test_wrong_password_is_credentials_rejected(smtp):
    with pytest.raises(CredentialsRejected):
        client_for(smtp, smtp_password="wrong").send(reply())
    assert smtp.messages == []


def test_server_requiring_auth_without_username(smtp):
    with pytest.raises(PlatformError) as error:
        client_for(smtp, smtp_username="", smtp_password="").send(reply())
    assert error.value.code == "530" and not error.value.retryable


def test_refused_recipient_is_recipient_blocked(smtp):
    smtp.reject_next(1, code=550, text="5.1.1 <nobody@solymar.example>: Recipient address rejected: User unknown")
    with pytest.raises(RecipientBlocked, match="5.1.1"):
        client_for(smtp).send(reply("nobody@solymar.example"))
    client_for(smtp).send(reply())  # only the next one was refused
    assert len(smtp.messages) == 1


def test_temporary_refusal_is_retryable(smtp):
    smtp.reject_next(1, code=450, text="4.2.0 Mailbox busy, try later")
    with pytest.raises(PlatformError) as error:
        client_for(smtp).send(reply())
    assert error.value.retryable and error.value.code == "450"


def test_throttling_is_rate_limited(smtp):
    smtp.reject_next(1, code=451, text="4.7.1 Too many messages, slow down", stage="data")
    with pytest.raises(RateLimited):
        client_for(smtp).send(reply())


def test_content_refused_at_data_is_not_retryable(smtp):
    smtp.reject_next(1, code=554, text="5.7.1 Message rejected as spam", stage="data")
    with pytest.raises(PlatformError) as error:
        client_for(smtp).send(reply())
    assert error.value.code == "554" and not error.value.retryable


def test_sender_refused(smtp):
    smtp.reject_next(1, code=553, text="5.7.1 Sender address not owned by user", stage="mail")
    with pytest.raises(PlatformError) as error:
        client_for(smtp).send(reply())
    assert error.value.code == "553" and not error.value.retryable


def test_unreachable_server_is_retryable():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = SmtpClient(
        credentials={"smtp_host": "127.0.0.1", "smtp_port": str(port), "smtp_security": "none"},
        account_external_id=MAILBOX,
        timeout=2,
    )
    with pytest.raises(PlatformError) as error:
        client.send(reply())
    assert error.value.retryable and error.value.code == "connect"


def test_starttls_not_offered_is_a_setup_problem(smtp):
    with pytest.raises(CredentialsRejected, match="STARTTLS|smtp_security"):
        client_for(smtp, smtp_security="starttls").send(reply())


def test_check_and_noops(smtp):
    client = client_for(smtp)
    client.check()
    assert smtp.messages == []
    assert client.mark_read(recipient_external_id="a@b.example") is None
    assert client.profile("a@b.example") is None


@pytest.mark.parametrize(
    ("credentials", "error"),
    [
        ({}, CredentialsRejected),
        ({"smtp_host": "smtp.example", "smtp_security": "ssl3"}, CredentialsRejected),
        ({"smtp_host": "smtp.example", "smtp_port": "twenty-five"}, CredentialsRejected),
    ],
)
def test_bad_configuration(credentials, error):
    with pytest.raises(error):
        SmtpClient(credentials=credentials, account_external_id=MAILBOX)


def test_default_ports_and_domain():
    assert SmtpClient(credentials={"smtp_host": "h", "smtp_security": "tls"}, account_external_id=MAILBOX).port == 465
    client = SmtpClient(credentials={"smtp_host": "h"}, account_external_id=MAILBOX)
    assert (client.port, client.security, client.domain) == (587, "starttls", DOMAIN)
    with pytest.raises(ValueError):
        SmtpClient(credentials={"smtp_host": "h"}, account_external_id="not-an-address")


# --- Over TLS ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tls():
    return self_signed_tls("127.0.0.1")


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_mail_goes_over_tls_with_the_certificate_checked(tls, security):
    with FakeSmtp(username=MAILBOX, password="smtp-s3cret", tls_context=tls.server_context, security=security) as server:
        client = SmtpClient(credentials=server.credentials(), account_external_id=MAILBOX, timeout=5, ssl_context=tls.client_context)
        client.send(reply())
        (received,) = server.messages
    assert received.login == MAILBOX and received.rcpt_tos == ("ana.lopez@gmail.example",)


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_an_untrusted_certificate_is_refused_before_logging_in(tls, security):
    with FakeSmtp(username=MAILBOX, password="smtp-s3cret", tls_context=tls.server_context, security=security) as server:
        client = SmtpClient(credentials=server.credentials(), account_external_id=MAILBOX, timeout=5)  # system CAs only
        with pytest.raises(PlatformError) as error:
            client.send(reply())
        assert server.auth_attempts == [] and server.messages == []
    assert error.value.code == "tls"
