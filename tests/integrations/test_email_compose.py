"""Email compose: our Message-IDs, threading headers, subject, body — and the round trip through parse."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email import message_from_bytes
from email.policy import default as default_policy

import pytest

from integrations.email.compose import (
    MAX_REFERENCES,
    case_ref_from_message_id,
    compose,
    new_message_id,
    plus_address,
    reply_subject,
)
from integrations.email.parse import parse, reply_token
from integrations.events import AttachmentKind, Echo, InboundMessage
from integrations.outbound import EmailHeaders, OutboundAttachment, OutboundMessage

DOMAIN = "solymar.example"
FROM = "soporte@solymar.example"
NOW = datetime(2025, 11, 24, 9, 30, tzinfo=UTC)


def reply(**email) -> OutboundMessage:
    headers = {
        "message_id": "case-123.0123456789abcdef@solymar.example",
        "subject": "Cambio de talla pedido 48120",
        "in_reply_to": "CAB1x2y3z4=reply2@mail.gmail.example",
        "references": ("CAB1x2y3z4=root@mail.gmail.example", "case-123.0f1e2d3c4b5a6978@solymar.example"),
        "from_name": "Sol y Mar – Atención al cliente",
    }
    headers.update(email)
    return OutboundMessage(
        recipient_external_id="ana.lopez@gmail.example",
        text="Hola Ana,\n\nNo hace falta imprimirla: escanean el QR.\n\nUn saludo,\nCarla",
        email=EmailHeaders(**headers),
    )


def test_new_message_id_encodes_the_case():
    first, second = new_message_id("case-123", DOMAIN), new_message_id("case-123", "SolyMar.Example")
    assert re.fullmatch(r"case-123\.[0-9a-f]{16}@solymar\.example", first)
    assert first != second
    assert case_ref_from_message_id(first) == "case-123"
    assert case_ref_from_message_id(f"<{first}>", DOMAIN) == "case-123"
    assert case_ref_from_message_id(first, "other.example") == ""
    assert case_ref_from_message_id("CAB1x2y3z4=reply2@mail.gmail.example") == ""
    assert case_ref_from_message_id("case-1.nothex0123456789@solymar.example") == ""
    for bad_ref in ("", "case 1", "case.1", "x" * 65, "caso-ñ"):
        with pytest.raises(ValueError):
            new_message_id(bad_ref, DOMAIN)
    with pytest.raises(ValueError):
        new_message_id("case-1", "not a domain")


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Pedido", "Re: Pedido"),
        ("Re: Pedido", "Re: Pedido"),
        ("RE: Re: AW: Pedido", "Re: Pedido"),
        ("Re[2]: Pedido", "Re: Pedido"),
        ("Odp: SV: zamówienie", "Re: zamówienie"),
        ("Fwd: Pedido", "Re: Fwd: Pedido"),
        ("Reembolso", "Re: Reembolso"),
        ("", "Re:"),
    ],
)
def test_reply_subject_says_re_once(subject, expected):
    assert reply_subject(subject) == expected


def test_plus_address():
    assert plus_address(FROM, "case-123") == "soporte+case-123@solymar.example"
    assert plus_address("soporte+old@solymar.example", "case-9") == "soporte+case-9@solymar.example"
    with pytest.raises(ValueError):
        plus_address("no-at-sign", "x")
    with pytest.raises(ValueError):
        plus_address(FROM, "bad token")


def test_compose_threads_the_reply():
    mail = compose(reply(), from_address=FROM, domain=DOMAIN, now=NOW)
    assert mail["Message-ID"] == "<case-123.0123456789abcdef@solymar.example>"
    assert mail["In-Reply-To"] == "<CAB1x2y3z4=reply2@mail.gmail.example>"
    assert mail["References"] == (
        "<CAB1x2y3z4=root@mail.gmail.example> <case-123.0f1e2d3c4b5a6978@solymar.example> <CAB1x2y3z4=reply2@mail.gmail.example>"
    )
    assert mail["Subject"] == "Re: Cambio de talla pedido 48120"
    assert mail["To"].addresses[0].addr_spec == "ana.lopez@gmail.example"
    assert mail["From"].addresses[0].display_name == "Sol y Mar – Atención al cliente"
    assert mail["Reply-To"].addresses[0].addr_spec == "soporte+case-123@solymar.example"  # derived from our Message-ID
    assert mail["Date"] == "Mon, 24 Nov 2025 09:30:00 +0000"
    assert mail.get_content_type() == "multipart/alternative"
    text, html = mail.iter_parts()
    assert text.get_content() == "Hola Ana,\n\nNo hace falta imprimirla: escanean el QR.\n\nUn saludo,\nCarla\n"
    assert "<p>Un saludo,<br>\nCarla</p>" in html.get_content()


def test_compose_wire_format_is_ascii_and_parses_back():
    raw = compose(reply(), from_address=FROM, domain=DOMAIN, now=NOW).as_bytes()
    head = raw.split(b"\r\n\r\n", 1)[0] if b"\r\n\r\n" in raw else raw.split(b"\n\n", 1)[0]
    assert head.isascii()  # non-ASCII name encoded as RFC 2047
    parsed = message_from_bytes(raw, policy=default_policy)
    assert str(parsed["Subject"]) == "Re: Cambio de talla pedido 48120"
    assert parsed["From"].addresses[0].display_name == "Sol y Mar – Atención al cliente"


def test_explicit_reply_to_and_new_conversation_subject():
    message = reply(
        in_reply_to="", references=(), reply_to="soporte+6f1c2a@solymar.example", subject="Tu encuesta de satisfacción"
    )
    mail = compose(message, from_address=FROM, domain=DOMAIN, now=NOW)
    assert mail["Subject"] == "Tu encuesta de satisfacción"
    assert mail["In-Reply-To"] is None and mail["References"] is None
    assert mail["Reply-To"].addresses[0].addr_spec == "soporte+6f1c2a@solymar.example"


def test_long_reference_chains_keep_root_and_newest():
    references = tuple(f"m{i}@x.example" for i in range(40))
    mail = compose(reply(references=references, in_reply_to="m40@x.example"), from_address=FROM, domain=DOMAIN, now=NOW)
    ids = re.findall(r"<([^>]+)>", str(mail["References"]))
    assert len(ids) == MAX_REFERENCES
    assert ids[0] == "m0@x.example" and ids[-1] == "m40@x.example" and ids[-2] == "m39@x.example"


def test_attachments_are_linked_not_embedded():
    message = OutboundMessage(
        recipient_external_id="ana.lopez@gmail.example",
        text="Te adjunto la etiqueta.",
        attachments=(
            OutboundAttachment(
                kind=AttachmentKind.FILE,
                url="https://files.solymar.example/a/etiqueta-48120.pdf",
                mime_type="application/pdf",
                name="etiqueta.pdf",
            ),
            OutboundAttachment(kind=AttachmentKind.IMAGE, url="https://files.solymar.example/a/qr.png?x=1&y=<2>"),
        ),
        email=EmailHeaders(message_id=new_message_id("case-5", DOMAIN), subject="Etiqueta"),
    )
    mail = compose(message, from_address=FROM, domain=DOMAIN, now=NOW)
    text, html = mail.iter_parts()
    assert text.get_content() == (
        "Te adjunto la etiqueta.\n\nAttachments:\n- etiqueta.pdf: https://files.solymar.example/a/etiqueta-48120.pdf\n"
        "- qr.png?x=1&y=<2>: https://files.solymar.example/a/qr.png?x=1&y=<2>\n"
    )
    assert '<a href="https://files.solymar.example/a/qr.png?x=1&amp;y=&lt;2&gt;">' in html.get_content()
    assert not any(part.get_content_disposition() == "attachment" for part in mail.walk())


def test_attachments_with_their_bytes_travel_as_mime_parts():
    pdf = b"%PDF-1.7 etiqueta"
    message = OutboundMessage(
        recipient_external_id="ana.lopez@gmail.example",
        text="Te adjunto la etiqueta.",
        attachments=(
            OutboundAttachment(kind=AttachmentKind.FILE, url="https://dialogo.example/m/1", mime_type="application/pdf", name="etiqueta.pdf", content=pdf),
            OutboundAttachment(kind=AttachmentKind.VIDEO, url="https://dialogo.example/m/2", mime_type="video/mp4", name="unboxing.mp4"),
        ),
        email=EmailHeaders(message_id=new_message_id("case-5", DOMAIN), subject="Etiqueta"),
    )
    mail = compose(message, from_address=FROM, domain=DOMAIN, now=NOW)
    parsed = message_from_bytes(mail.as_bytes(), policy=default_policy)
    [attached] = list(parsed.iter_attachments())
    assert attached.get_filename() == "etiqueta.pdf" and attached.get_content_type() == "application/pdf"
    assert attached.get_content() == pdf
    body = parsed.get_body(preferencelist=("plain",)).get_content()
    assert "unboxing.mp4: https://dialogo.example/m/2" in body and "etiqueta.pdf:" not in body  # only the link-only one is listed


def test_agent_text_is_escaped_in_html():
    message = OutboundMessage(
        recipient_external_id="a@b.example",
        text="<script>alert(1)</script> & co",
        email=EmailHeaders(message_id=new_message_id("c1", DOMAIN)),
    )
    html = compose(message, from_address=FROM, domain=DOMAIN).get_body(("html",)).get_content()
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html


def test_compose_without_email_headers_still_has_our_message_id():
    message = OutboundMessage(recipient_external_id="a@b.example", text="hola", correlation_id="msg-42")
    mail = compose(message, from_address=FROM, domain=DOMAIN)
    assert case_ref_from_message_id(str(mail["Message-ID"]), DOMAIN) == "msg-42"
    with pytest.raises(ValueError):
        compose(OutboundMessage(recipient_external_id="+34600111222", text="x"), from_address=FROM, domain=DOMAIN)


def test_round_trip_echo_and_customer_reply():
    mail = compose(reply(), from_address=FROM, domain=DOMAIN, now=NOW)
    (echo,) = parse(mail.as_bytes(), our_message_id_domain=DOMAIN)
    assert isinstance(echo, Echo)
    assert echo.external_id == "case-123.0123456789abcdef@solymar.example" and echo.metadata == "case-123"
    assert echo.recipient_external_id == "ana.lopez@gmail.example"
    assert echo.text.startswith("Hola Ana,")

    answer = (
        "From: Ana <ana.lopez@gmail.example>\r\nTo: soporte+case-123@solymar.example\r\n"
        f"Subject: {mail['Subject']}\r\nMessage-ID: <CAB-answer@mail.gmail.example>\r\n"
        f"In-Reply-To: {mail['Message-ID']}\r\nReferences: {mail['References']} {mail['Message-ID']}\r\n\r\nVale, gracias.\r\n"
    ).encode()
    (message,) = parse(answer, mailbox_address=FROM, our_message_id_domain=DOMAIN)
    assert isinstance(message, InboundMessage)
    assert case_ref_from_message_id(message.thread.email_in_reply_to, DOMAIN) == "case-123"
    assert message.thread.email_references[-1] == "case-123.0123456789abcdef@solymar.example"
    assert reply_token(answer, mailbox_address=FROM) == "case-123"
    assert message.thread.subject == "Re: Cambio de talla pedido 48120"
