"""Email: webhook checks, then one test per raw-MIME fixture, then the edge cases of decoding."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from integrations.email.parse import (
    address_token,
    attachment_bytes,
    decode_bytes,
    decode_header_words,
    html_to_text,
    load_message,
    normalize_message_id,
    parse,
    reply_token,
    sanitized_html,
    strip_quoted,
)
from integrations.email.verify import sign_mailgun, verify_mailgun, verify_shared_secret
from integrations.errors import BadSignature, MalformedPayload
from integrations.events import AttachmentKind, ChannelKind, DeliveryReceipt, Echo, Ignored, InboundMessage, ReceiptStatus

FIXTURES = Path(__file__).parent / "fixtures" / "email"
MAILBOX = "soporte@solymar.example"
DOMAIN = "solymar.example"
SIGNING_KEY = "key-3ax6xnjp29jd6fds4gc373sgvjxteol0"  # test-only Mailgun signing key
COVERED = {
    "plain_es_latin1", "html_only_en", "multipart_alternative_pl", "attachments", "reply_threaded",
    "reply_plus_addressed", "auto_reply_es", "auto_reply_en", "bounce_dsn", "bounce_gmail", "broken_charset",
    "mislabeled_windows1252", "no_message_id", "echo_ours", "read_receipt_mdn",
}  # fmt: skip


def eml(name: str) -> bytes:
    return (FIXTURES / f"{name}.eml").read_bytes()


def one(name: str, **kwargs):
    events = parse(eml(name), mailbox_address=MAILBOX, our_message_id_domain=DOMAIN, **kwargs)
    assert len(events) == 1
    return events[0]


def test_every_fixture_has_a_test():
    assert {path.stem for path in FIXTURES.glob("*.eml")} == COVERED


def test_fixtures_are_stored_with_crlf_line_ends():
    for name in COVERED:
        raw = eml(name)
        assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b""), name


# --- webhook checks ---------------------------------------------------------------------------


def test_mailgun_signature_accepts_fresh_signed_request():
    signature = sign_mailgun("1763720000", "a" * 50, SIGNING_KEY)
    verify_mailgun("1763720000", "a" * 50, signature, SIGNING_KEY, now=1763720030)
    verify_mailgun(1763720000, "a" * 50, signature.upper(), SIGNING_KEY, now=datetime.fromtimestamp(1763720100, tz=UTC))


@pytest.mark.parametrize(
    ("timestamp", "token", "signature", "key", "now"),
    [
        ("1763720000", "a" * 50, None, SIGNING_KEY, 1763720000),  # missing signature
        ("1763720000", "b" * 50, "SIG", SIGNING_KEY, 1763720000),  # token swapped
        ("1763720000", "a" * 50, "SIG", "key-other", 1763720000),  # other key
        ("1763720000", "a" * 50, "SIG", SIGNING_KEY, 1763720121),  # too old (replay window)
        ("1763720000", "a" * 50, "SIG", SIGNING_KEY, 1763719800),  # from the future
        ("17637e0000", "a" * 50, "SIG", SIGNING_KEY, 1763720000),  # not seconds
        ("1763720000", "a" * 50, "SIG", "", 1763720000),  # no key configured
    ],
)
def test_mailgun_signature_rejections(timestamp, token, signature, key, now):
    if signature == "SIG":
        signature = sign_mailgun("1763720000", "a" * 50, SIGNING_KEY)
    with pytest.raises(BadSignature):
        verify_mailgun(timestamp, token, signature, key, now=now)


def test_shared_secret():
    verify_shared_secret("s3cr3t-inbound", "s3cr3t-inbound")
    for header in (None, "", "s3cr3t-inbounD", "s3cr3t-inbound "):
        with pytest.raises(BadSignature):
            verify_shared_secret(header, "s3cr3t-inbound")
    with pytest.raises(BadSignature):
        verify_shared_secret("", "")


# --- one test per fixture ---------------------------------------------------------------------


def test_plain_es_latin1():
    message = one("plain_es_latin1")
    assert isinstance(message, InboundMessage)
    assert message.channel_kind == ChannelKind.EMAIL
    assert message.external_id == "20251118091358.4F2A1C0E12@correo.example.es"
    assert message.sender.external_id == "jose.martinez@correo.example.es"
    assert message.sender.display_name == "José Martínez Peña"
    assert message.sender.email == "jose.martinez@correo.example.es"
    assert message.sent_at == datetime(2025, 11, 18, 8, 13, 58, tzinfo=UTC)
    assert message.thread.subject == "¿Dónde está mi pedido 48213?"
    assert message.text.startswith("Buenos días:\n\nHice el pedido nº 48213 el lunes")
    assert "¿Podéis decirme qué pasa?" in message.text
    assert message.text.endswith("José Martínez Peña")
    assert message.attachments == ()
    assert message.account_external_id == MAILBOX


def test_html_only_en_becomes_readable_text():
    message = one("html_only_en")
    assert isinstance(message, InboundMessage)
    assert message.sender.display_name == "Emily Carter"
    text = message.text
    assert text.startswith("Hi there,\n\nI returned the linen shirt (size M) two weeks ago — tracking is RR123456789GB")
    assert "(https://track.example.com/RR123456789GB)" in text
    assert "hasn't shown up yet" in text
    assert "- Order: #48377\n- Amount: £39.00" in text
    assert "Thanks,\nEmily Carter\n+44 20 7946 0958" in text
    for leaked in ("<", "alert", "margin", "Refund request"):  # tags, script, style, <title>
        assert leaked not in text
    html = sanitized_html(eml("html_only_en"))
    assert "<script" not in html and "alert" not in html and "<b>linen shirt (size M)</b>" in html


def test_multipart_alternative_pl_prefers_text_part():
    message = one("multipart_alternative_pl")
    assert isinstance(message, InboundMessage)
    assert message.sender.display_name == "Łukasz Wiśniewski"
    assert message.thread.subject == "Wymiana kurtki – zły rozmiar, zamówienie 48402"  # split across two encoded words
    assert message.text.startswith(
        "Dzień dobry,\n\nzamówiłem kurtkę przeciwdeszczową (zamówienie 48402), ale przyszła w złym\nrozmiarze"
    )
    assert "<" not in message.text and "\r" not in message.text
    assert message.sent_at == datetime(2025, 11, 18, 10, 20, 9, tzinfo=UTC)


def test_attachments_image_and_pdf():
    raw = eml("attachments")
    message = one("attachments")
    assert isinstance(message, InboundMessage)
    assert (
        message.text
        == "Hola,\n\nEl jarrón del pedido 48455 ha llegado roto. Os adjunto una foto del\npaquete y la factura.\n\nMarta"
    )
    image, pdf = message.attachments
    assert (image.kind, image.mime_type, image.name) == (AttachmentKind.IMAGE, "image/jpeg", "paquete_roto.jpg")
    assert (pdf.kind, pdf.mime_type, pdf.name) == (
        AttachmentKind.FILE,
        "application/pdf",
        "factura nº 48455.pdf",
    )  # RFC 2231 name
    assert image.url.startswith("part:") and pdf.url.startswith("part:")
    image_bytes = attachment_bytes(raw, image.url)
    assert image_bytes.startswith(b"\xff\xd8\xff") and image_bytes.endswith(b"\xff\xd9")
    assert len(image_bytes) == image.size_bytes
    pdf_bytes = attachment_bytes(raw, int(pdf.url.removeprefix("part:")))
    assert pdf_bytes.startswith(b"%PDF-1.4") and pdf_bytes.rstrip().endswith(b"%%EOF")
    assert len(pdf_bytes) == pdf.size_bytes
    with pytest.raises(MalformedPayload):
        attachment_bytes(raw, "part:99")
    with pytest.raises(MalformedPayload):
        attachment_bytes(raw, "cid:nothing-here")


def test_reply_threaded_keeps_thread_and_cuts_quote():
    message = one("reply_threaded")
    assert isinstance(message, InboundMessage)
    assert message.thread.email_message_id == "CAB1x2y3z4=reply2@mail.gmail.example"
    assert message.thread.email_in_reply_to == "case-123.0f1e2d3c4b5a6978@solymar.example"
    assert message.thread.email_references == ("CAB1x2y3z4=root@mail.gmail.example", "case-123.0f1e2d3c4b5a6978@solymar.example")
    assert message.thread.subject == "Re: Cambio de talla pedido 48120"
    assert message.sender.display_name == "Ana López"
    assert (
        message.text
        == "Perfecto, entonces lo devuelvo mañana en la oficina de correos. ¿Tengo que imprimir la etiqueta?\n\nGracias!\nAna"
    )
    full = one("reply_threaded", keep_quoted=True)
    assert "> Claro, puedes cambiar la talla sin coste." in full.text
    assert reply_token(eml("reply_threaded"), mailbox_address=MAILBOX) == "case-123"


def test_reply_plus_addressed_exposes_token():
    raw = eml("reply_plus_addressed")
    message = one("reply_plus_addressed")
    assert isinstance(message, InboundMessage)
    assert message.thread.email_in_reply_to == "" and message.thread.email_references == ()
    assert message.thread.subject == "RE: Factura duplicada"
    # the Spanish attribution wraps over two lines; the 8-bit UTF-8 body has no transfer encoding
    assert message.text == "Sí, es la misma factura: la 2025-1187 me ha llegado dos veces y me habéis\ncobrado dos veces 54,90 €."
    assert reply_token(raw, mailbox_address=MAILBOX) == "case-77"
    assert reply_token(load_message(raw)) == "case-77"
    assert reply_token(raw, mailbox_address="ventas@solymar.example") == ""


def test_auto_reply_es_is_ignored():
    event = one("auto_reply_es")
    assert isinstance(event, Ignored)
    assert event.event_type == "auto_reply"
    assert event.reason == "Auto-Submitted: auto-replied"
    assert event.account_external_id == MAILBOX


def test_auto_reply_en_exchange_is_ignored():
    event = one("auto_reply_en")
    assert isinstance(event, Ignored)
    assert event.reason == "X-Auto-Response-Suppress: All"


def test_bounce_dsn_fails_our_message():
    receipt = one("bounce_dsn")
    assert isinstance(receipt, DeliveryReceipt)
    assert receipt.status == ReceiptStatus.FAILED
    assert receipt.external_message_id == "case-123.7c6d5e4f3a2b1908@solymar.example"
    assert receipt.error_code == "5.1.1"
    assert receipt.error_title.startswith("550-5.1.1 The email account that you tried to reach does not exist.")
    assert receipt.counterpart_external_id == "ana.lopezz@gmail.example"
    assert receipt.account_external_id == MAILBOX
    assert receipt.at == datetime(2025, 11, 21, 9, 40, 18, tzinfo=UTC)


def test_bounce_gmail_with_returned_message():
    receipt = one("bounce_gmail")
    assert isinstance(receipt, DeliveryReceipt)
    assert receipt.status == ReceiptStatus.FAILED
    assert receipt.external_message_id == "case-45.1122334455667788@solymar.example"
    assert (receipt.error_code, receipt.error_title) == ("5.7.1", "554 5.7.1 Message rejected: mailbox full and sender blocked")
    assert receipt.counterpart_external_id == "kasia.nowak@poczta.example.pl"


def test_broken_charset_never_crashes():
    message = one("broken_charset")
    assert isinstance(message, InboundMessage)
    assert message.sender.display_name == "Michèle Dubois"  # unknown charset in an encoded word → Latin-1 guess
    assert message.thread.subject == "Réclamation commande 48533 échange"  # raw 8-bit UTF-8 + unknown-8bit word
    assert (
        message.text == "Bonjour,\n\nLa théière commandée est arrivée fêlée. Je voudrais un échange, s'il vous plaît.\n\nMichèle"
    )
    assert "\x00" not in message.text


def test_mislabeled_windows1252_is_read_as_windows1252():
    message = one("mislabeled_windows1252")
    assert isinstance(message, InboundMessage)
    assert message.text == "Hello,\n\nYour site says “voucher invalid” for my €20 gift card – it was a present."


def test_no_message_id_falls_back_to_raw_hash_and_received_date():
    raw = eml("no_message_id")
    message = one("no_message_id")
    assert isinstance(message, InboundMessage)
    assert message.external_id == "sha256:" + hashlib.sha256(raw).hexdigest()
    assert message.thread.email_message_id == ""
    assert message.sent_at == datetime(2025, 11, 23, 6, 45, 12, tzinfo=UTC)  # newest Received header
    assert message.text == "Nombre: Ramón López\nConsulta: ¿Hacéis envíos a Canarias? ¿Cuánto cuesta?"
    assert parse(raw)[0].external_id == message.external_id  # same bytes, same key


def test_echo_of_our_message():
    echo = one("echo_ours")
    assert isinstance(echo, Echo)
    assert echo.external_id == "case-123.9a8b7c6d5e4f3a2b@solymar.example"
    assert echo.metadata == "case-123"
    assert echo.recipient_external_id == "ana.lopez@gmail.example"
    assert echo.text == "No hace falta imprimirla: en la oficina de correos escanean el QR."
    assert echo.sent_at == datetime(2025, 11, 23, 9, 15, 1, tzinfo=UTC)
    # Without our domain the same copy is still an echo: it is From the mailbox itself.
    (by_sender,) = parse(eml("echo_ours"), mailbox_address=MAILBOX)
    assert isinstance(by_sender, Echo) and by_sender.external_id == echo.external_id


def test_read_receipt_mdn():
    receipt = one("read_receipt_mdn")
    assert isinstance(receipt, DeliveryReceipt)
    assert receipt.status == ReceiptStatus.READ
    assert receipt.external_message_id == "case-45.99aabbccddeeff00@solymar.example"
    assert receipt.counterpart_external_id == "kasia.nowak@poczta.example.pl"


# --- edge cases -------------------------------------------------------------------------------


def mail(headers: str, body: str = "Hola\n") -> bytes:
    return (headers.strip("\n") + "\n\n" + body).replace("\n", "\r\n").encode("utf-8")


BASE = "From: Ana <ana@example.es>\nTo: soporte@solymar.example\nMessage-ID: <x1@example.es>\nDate: Mon, 24 Nov 2025 10:00:00 +0100\n"


@pytest.mark.parametrize(
    "headers",
    [
        "Subject: Out of Office: Re: pedido",
        "Subject: Automatic reply: Re: pedido",
        "Subject: Respuesta automática: pedido",
        "Subject: Automatyczna odpowiedź: Re: zamówienie",
        "Subject: hola\nPrecedence: bulk",
        "Subject: hola\nPrecedence: auto_reply",
        "Subject: hola\nX-Autorespond: on vacation",
        "Subject: hola\nAuto-Submitted: auto-generated",
    ],
)
def test_auto_reply_signals(headers):
    (event,) = parse(mail(BASE + headers))
    assert isinstance(event, Ignored) and event.event_type == "auto_reply"


@pytest.mark.parametrize(
    "subject", ["Out of office hours support?", "Automatic replies do not work", "Re: respuesta automática rota"]
)
def test_human_subjects_that_mention_auto_replies_are_kept(subject):
    (event,) = parse(mail(BASE + f"Subject: {subject}\nAuto-Submitted: no"))
    assert isinstance(event, InboundMessage)


def test_colleague_at_our_domain_is_not_an_echo():
    raw = mail(
        "From: Jefe <jefe@solymar.example>\nTo: soporte@solymar.example\nMessage-ID: <CAF00=abc@solymar.example>\nSubject: hola"
    )
    (event,) = parse(raw, mailbox_address=MAILBOX, our_message_id_domain=DOMAIN)
    assert isinstance(event, InboundMessage)


def test_mailbox_own_auto_acknowledgement_is_not_an_echo():
    raw = mail(
        "From: Sol y Mar <soporte@solymar.example>\nTo: ana@example.es\nMessage-ID: <ack-1@helpdesk.example>\n"
        "Subject: Hemos recibido tu mensaje\nAuto-Submitted: auto-replied"
    )
    (event,) = parse(raw, mailbox_address="Soporte@SolyMar.example", our_message_id_domain=DOMAIN)
    assert isinstance(event, Ignored) and event.account_external_id == "Soporte@SolyMar.example"
    (echo,) = parse(raw.replace(b"Auto-Submitted: auto-replied", b"X-Mailer: Outlook"), mailbox_address="Soporte@SolyMar.example")
    assert isinstance(echo, Echo) and echo.metadata == "" and echo.recipient_external_id == "ana@example.es"


def test_delayed_dsn_is_ignored():
    raw = mail(
        "From: MAILER-DAEMON@mx1.solymar.example\nTo: soporte@solymar.example\nSubject: Delayed Mail (still being retried)\n"
        'MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary="b"',
        "--b\nContent-Type: text/plain\n\ndelayed\n--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx1\n\n"
        "Final-Recipient: rfc822; a@b.example\nAction: delayed\nStatus: 4.4.1\n\n--b\nContent-Type: text/rfc822-headers\n\n"
        "Message-ID: <case-1.0011223344556677@solymar.example>\n\n--b--\n",
    )
    (event,) = parse(raw, mailbox_address=MAILBOX, our_message_id_domain=DOMAIN)
    assert isinstance(event, Ignored) and event.event_type == "delivery_delayed"


def test_non_dsn_bounce_from_mailer_daemon():
    raw = mail(
        "From: MAILER-DAEMON@old.example.net\nTo: soporte@solymar.example\nSubject: failure notice\nMessage-ID: <q1@old.example.net>",
        "Hi. This is the qmail-send program.\n<x@old.example.net>:\n550 5.1.1 sorry, no mailbox here by that name\n\n"
        "--- Below this line is a copy of the message.\n\nMessage-ID: <case-9.8899aabbccddeeff@solymar.example>\nSubject: Re: hola\n",
    )
    (receipt,) = parse(raw, mailbox_address=MAILBOX, our_message_id_domain=DOMAIN)
    assert isinstance(receipt, DeliveryReceipt)
    assert receipt.external_message_id == "case-9.8899aabbccddeeff@solymar.example"
    assert receipt.error_code == "5.1.1" and "no mailbox here" in receipt.error_title


def test_bounce_without_original_id_is_ignored():
    raw = mail(
        "From: postmaster@example.net\nTo: soporte@solymar.example\nSubject: Undeliverable", "Your mail could not be delivered.\n"
    )
    (event,) = parse(raw, mailbox_address=MAILBOX, our_message_id_domain=DOMAIN)
    assert isinstance(event, Ignored) and event.event_type == "bounce"


def test_date_fallbacks():
    received = datetime(2025, 11, 24, 12, 0, tzinfo=UTC)
    (no_date,) = parse(mail("From: a@b.example\nSubject: x"), received_at=received)
    assert no_date.sent_at == received
    (bad_date,) = parse(mail("From: a@b.example\nDate: yesterday-ish\nSubject: x"), received_at=received)
    assert bad_date.sent_at == received
    (minus_zero,) = parse(mail("From: a@b.example\nDate: Mon, 24 Nov 2025 10:00:00 -0000\nSubject: x"))
    assert minus_zero.sent_at == datetime(2025, 11, 24, 10, 0, tzinfo=UTC)


def test_missing_from_is_malformed_and_text_input_is_refused():
    with pytest.raises(MalformedPayload):
        parse(mail("To: soporte@solymar.example\nSubject: x"))
    with pytest.raises(TypeError):
        parse("From: a@b.example\n\nhi")  # type: ignore[arg-type]


def test_multiple_in_reply_to_and_bare_ids():
    (message,) = parse(mail(BASE + "In-Reply-To: <p1@x.example> <p2@x.example>\nReferences: <r0@x.example> <p1@x.example>"))
    assert message.thread.email_in_reply_to == "p1@x.example"
    assert message.thread.email_references == ("r0@x.example", "p1@x.example", "p2@x.example")
    assert normalize_message_id("  bare-id@host.example ") == "bare-id@host.example"
    assert normalize_message_id("<a@b> (comment)") == "a@b"
    assert normalize_message_id("") == ""


def test_encoded_display_name_with_comma_stays_one_address():
    (message,) = parse(mail("From: =?UTF-8?Q?Kowalski=2C_Jan_=C5=81?= <jan@example.pl>\nMessage-ID: <k@example.pl>\nSubject: x"))
    assert message.sender.display_name == "Kowalski, Jan Ł"
    assert message.sender.external_id == "jan@example.pl"


def test_sender_id_is_lowercased_but_email_kept():
    (message,) = parse(mail("From: Ana <Ana.Lopez@Example.ES>\nSubject: x"))
    assert message.sender.external_id == "ana.lopez@example.es"
    assert message.sender.email == "Ana.Lopez@Example.ES"


def test_decode_helpers():
    assert decode_header_words("=?UTF-8?B?xYF1a2Fzeg==?= =?UTF-8?Q?_W?=") == "Łukasz W"
    assert decode_header_words("=?utf-8?q?multi_byte_=C5?= =?utf-8?q?=81_split?=") == "multi byte Ł split"
    assert decode_header_words("=?UTF-8?B?!!!notbase64?=") in ("=?UTF-8?B?!!!notbase64?=", "")
    assert decode_header_words("plain text") == "plain text"
    assert decode_bytes(b"caf\xe9", "x-nonsense") == "café"
    assert decode_bytes(b"\xe2\x82\xac", "us-ascii") == "€"
    assert decode_bytes(b"hi", "base64") == "hi"  # not a text charset → ignored
    assert decode_bytes("Zażółć".encode("iso-8859-2"), "iso-8859-2") == "Zażółć"


def test_strip_quoted_is_conservative():
    only_quote = "On Mon, 1 Dec 2025, Ana <a@b.example> wrote:\n> hola"
    assert strip_quoted(only_quote) == only_quote  # nothing of the reply would be left
    interleaved = "> question one?\nanswer one\n> question two?\nanswer two"
    assert strip_quoted(interleaved) == interleaved
    assert strip_quoted("Gracias\n\n-----Mensaje original-----\nDe: Soporte") == "Gracias"
    assert strip_quoted("Dzięki\n\nW dniu 20.11.2025 o 10:05, Soporte <s@x.example> napisał:\n> cześć") == "Dzięki"
    assert strip_quoted("Thanks\n\n________________________________\nFrom: Support <s@x.example>\nSent: Monday") == "Thanks"
    assert strip_quoted("I wrote: nothing special\nOn my side all good") == "I wrote: nothing special\nOn my side all good"


def test_html_to_text_blockquote_and_entities():
    text = html_to_text("<p>Yes&nbsp;please</p><blockquote><p>Do you want it?</p></blockquote>")
    assert text == "Yes please\n\n> Do you want it?"


def test_address_token():
    assert address_token("soporte+case-1@solymar.example") == "case-1"
    assert address_token("Soporte+case-1@Solymar.Example", mailbox_address=MAILBOX) == "case-1"
    assert address_token("soporte@solymar.example") == ""
    assert address_token("otro+case-1@solymar.example", mailbox_address=MAILBOX) == ""
