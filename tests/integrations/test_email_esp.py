"""Email providers' inbound forms (integrations.email.esp): one test per form fixture — the raw
message comes out byte-exact and parses like the .eml it carries — then the other shapes and
the broken ones."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote_from_bytes

import pytest

from integrations.email.esp import InboundFormat, form_fields, inbound_format, message_bytes
from integrations.email.parse import parse
from integrations.email.verify import verify_mailgun
from integrations.errors import BadSignature, MalformedPayload
from integrations.events import InboundMessage

FIXTURES = Path(__file__).parent / "fixtures" / "email"
MAILBOX = "soporte@solymar.example"
# How the fixtures were posted (their boundaries), and the key the Mailgun one was signed with.
MAILGUN_CONTENT_TYPE = "multipart/form-data; boundary=4f6c1f0d1b7c4d9a8b2e5c3a7d9e1f20"
MAILGUN_SIGNING_KEY = "key-mailgun-fixture-signing-key"
MAILGUN_SENT_AT = 1763567130
SENDGRID_CONTENT_TYPE = "multipart/form-data; boundary=xYzZY"


def form(name: str) -> bytes:
    return (FIXTURES / f"{name}.form").read_bytes()


def eml(name: str) -> bytes:
    return (FIXTURES / f"{name}.eml").read_bytes()


# --- one test per fixture ---------------------------------------------------------------------


def test_mailgun_forward_mime_carries_the_raw_message_and_a_signature_over_timestamp_and_token():
    fields = form_fields(form("mailgun_forward_mime"), content_type=MAILGUN_CONTENT_TYPE, inbound_format=InboundFormat.MAILGUN)
    assert fields["recipient"] == b"soporte@solymar.example" and fields["sender"] == b"marta.gil@correo.example.es"
    assert fields["body-mime"] == eml("attachments")  # byte-exact: CRLF and 8-bit text kept
    timestamp, token, signature = (fields[name].decode() for name in ("timestamp", "token", "signature"))
    verify_mailgun(timestamp, token, signature, MAILGUN_SIGNING_KEY, now=MAILGUN_SENT_AT + 30)
    with pytest.raises(BadSignature):
        verify_mailgun(timestamp, token, signature, MAILGUN_SIGNING_KEY, now=MAILGUN_SENT_AT + 600)

    raw = message_bytes(form("mailgun_forward_mime"), content_type=MAILGUN_CONTENT_TYPE, inbound_format=InboundFormat.MAILGUN)
    assert parse(raw, mailbox_address=MAILBOX) == parse(eml("attachments"), mailbox_address=MAILBOX)
    [message] = parse(raw, mailbox_address=MAILBOX)
    assert isinstance(message, InboundMessage)
    assert [a.name for a in message.attachments] == ["paquete_roto.jpg", "factura nº 48455.pdf"]


def test_sendgrid_inbound_parse_raw_carries_the_message_in_email():
    fields = form_fields(form("sendgrid_inbound_raw"), content_type=SENDGRID_CONTENT_TYPE, inbound_format=InboundFormat.SENDGRID)
    assert fields["email"] == eml("attachments")
    assert fields["SPF"] == b"pass" and fields["envelope"].startswith(b'{"to": ["soporte@solymar.example"]')
    # Raw accounts read SendGrid's form too: a multipart/form-data body is never a message.
    for shape in (InboundFormat.SENDGRID, InboundFormat.RAW):
        raw = message_bytes(form("sendgrid_inbound_raw"), content_type=SENDGRID_CONTENT_TYPE, inbound_format=shape)
        assert raw == eml("attachments")


# --- other shapes -----------------------------------------------------------------------------


def test_mailgun_without_attachments_posts_urlencoded_and_the_8bit_message_survives():
    message = eml("mislabeled_windows1252")
    assert any(byte > 127 for byte in message)  # raw 8-bit bytes, not UTF-8
    body = b"recipient=soporte%40solymar.example&token=abc&body-mime=" + quote_from_bytes(message, safe="").encode()
    content_type = "application/x-www-form-urlencoded"
    assert message_bytes(body, content_type=content_type, inbound_format=InboundFormat.MAILGUN) == message
    plus_spaces = b"subject=Hola+qu%C3%A9+tal&body-mime=" + quote_from_bytes(message, safe=" ").replace(" ", "+").encode()
    fields = form_fields(plus_spaces, content_type=content_type, inbound_format=InboundFormat.MAILGUN)
    assert fields["subject"] == "Hola qué tal".encode() and fields["body-mime"] == message


def test_a_raw_message_labelled_urlencoded_stays_the_body_outside_mailgun():
    # `curl --data-binary @mail.eml` sends Content-Type: application/x-www-form-urlencoded.
    message = eml("plain_es_latin1")
    for shape in (InboundFormat.RAW, InboundFormat.SENDGRID):
        assert message_bytes(message, content_type="application/x-www-form-urlencoded", inbound_format=shape) == message
        assert message_bytes(message, content_type="message/rfc822", inbound_format=shape) == message
        assert message_bytes(message, content_type="", inbound_format=shape) == message


def test_multipart_with_a_preamble_quoted_names_and_a_file_part():
    body = (
        b'preamble ignored\r\n--b1\r\nContent-Disposition: form-data; name="token"\r\n\r\nt-1\r\n'
        b'--b1\r\nContent-Disposition: form-data; name=email; filename="mail.eml"\r\nContent-Type: message/rfc822\r\n\r\n'
        b"From: a@example.com\n\nhola\r\n--b1--\r\n"
    )
    fields = form_fields(body, content_type='multipart/form-data; boundary="b1"', inbound_format=InboundFormat.SENDGRID)
    assert fields == {"token": b"t-1", "email": b"From: a@example.com\n\nhola"}  # the field's own line ends kept


def test_multipart_delimited_by_bare_line_feeds_is_malformed():
    # RFC 7578 delimits parts with CRLF (what Mailgun and SendGrid send); a body that does not is refused, not guessed at.
    body = b'--b1\nContent-Disposition: form-data; name="email"\n\nFrom: a@example.com\n\nhola\n--b1--\n'
    with pytest.raises(MalformedPayload) as error:
        form_fields(body, content_type="multipart/form-data; boundary=b1", inbound_format=InboundFormat.SENDGRID)
    assert error.value.where == "body"


def test_the_inbound_format_defaults_to_raw():
    assert inbound_format({}) == InboundFormat.RAW
    assert inbound_format({"inbound_format": "mailgun"}) == InboundFormat.MAILGUN
    assert inbound_format({"inbound_format": "postmark"}) == InboundFormat.RAW  # refused when saved; never a crash here


# --- broken forms -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("shape", "content_type", "hint"),
    [
        (InboundFormat.MAILGUN, MAILGUN_CONTENT_TYPE, "end the Mailgun route's forward() URL in /mime"),
        (InboundFormat.SENDGRID, SENDGRID_CONTENT_TYPE, "tick 'POST the raw, full MIME message'"),
    ],
)
def test_a_form_without_the_raw_message_says_how_to_get_it(shape, content_type, hint):
    boundary = content_type.rpartition("=")[2].encode()
    body = b"--" + boundary + b'\r\nContent-Disposition: form-data; name="body-plain"\r\n\r\nhola\r\n--' + boundary + b"--\r\n"
    with pytest.raises(MalformedPayload) as error:
        message_bytes(body, content_type=content_type, inbound_format=shape)
    assert error.value.where == "form" and hint in error.value.detail


@pytest.mark.parametrize(
    ("body", "content_type", "detail"),
    [
        (
            b'--b\r\nContent-Disposition: form-data; name="email"\r\n\r\nFrom: a@b',
            "multipart/form-data; boundary=b",
            "Unexpected end of multipart stream",
        ),
        (b"From: a@b\r\n\r\nhola", "multipart/form-data; boundary=b", "Unexpected end of multipart stream"),
        (b"--b--\r\n", "multipart/form-data", "without a boundary"),
    ],
)
def test_a_broken_multipart_body_is_malformed(body, content_type, detail):
    with pytest.raises(MalformedPayload) as error:
        form_fields(body, content_type=content_type, inbound_format=InboundFormat.SENDGRID)
    assert detail in error.value.detail
