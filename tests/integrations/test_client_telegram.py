"""Telegram client against the local Bot API fake, over real HTTP."""

from __future__ import annotations

import json

import pytest

from integrations.errors import CredentialsRejected, PlatformError, RateLimited, RecipientBlocked
from integrations.events import AttachmentKind, ChannelKind, InboundMessage
from integrations.fakes.telegram import FakeTelegram
from integrations.outbound import OutboundAttachment, OutboundMessage
from integrations.telegram.client import DEFAULT_BASE_URL, TelegramClient
from integrations.telegram.parse import parse

BOT_TOKEN = "7012345678:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
BOT_ID = "7012345678"
CHAT = 523198764


@pytest.fixture
def telegram():
    fake = FakeTelegram()
    fake.add_bot(BOT_TOKEN)
    fake.add_chat(CHAT, first_name="Iván", last_name="Petrov", username="ivanp", photo_file_id="AgACAgIAAxUAAWa1")
    fake.add_chat(600000001, first_name="Ana")
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture
def client(telegram):
    with TelegramClient(credentials={"bot_token": BOT_TOKEN}, account_external_id=BOT_ID, base_url=telegram.base_url) as bot:
        yield bot


def message(text: str = "Hola Iván, lo revisamos", **kwargs) -> OutboundMessage:
    return OutboundMessage(recipient_external_id=str(CHAT), text=text, **kwargs)


def test_kind_and_default_base_url(client):
    assert client.kind is ChannelKind.TELEGRAM
    assert DEFAULT_BASE_URL == "https://api.telegram.org"


def test_send_message(telegram, client):
    result = client.send(message())

    request = telegram.last_request()
    assert (request.method, request.path) == ("POST", f"/bot{BOT_TOKEN}/sendMessage")
    assert request.body == {"chat_id": CHAT, "text": "Hola Iván, lo revisamos"}
    assert result.external_id == f"{CHAT}:1"
    assert result.sent_at is not None


def test_reply_ids_match_the_inbound_parser(telegram, client):
    """The customer's message (keyed by the webhook parser) is what we quote; our reply's key has
    the same `<chat>:<message_id>` shape, so receipts/edits of either correlate."""
    inbound_id = telegram.allocate_message_id(CHAT)
    update = {
        "update_id": 900001,
        "message": {
            "message_id": inbound_id,
            "from": {"id": CHAT, "is_bot": False, "first_name": "Iván"},
            "chat": {"id": CHAT, "type": "private", "first_name": "Iván"},
            "date": 1764000000,
            "text": "¿Dónde está mi pedido?",
        },
    }
    [inbound] = parse(json.dumps(update).encode())
    assert isinstance(inbound, InboundMessage)

    result = client.send(message("Sale hoy", reply_to_external_id=inbound.external_id))

    assert telegram.last_request().body["reply_parameters"] == {"message_id": inbound_id, "allow_sending_without_reply": True}
    assert result.external_id == f"{CHAT}:{inbound_id + 1}"


def test_attachments_use_their_own_methods(telegram, client):
    result = client.send(
        message(
            "Te mando los documentos",
            reply_to_external_id=f"{CHAT}:999",  # a deleted message: still sent (allow_sending_without_reply)
            attachments=(
                OutboundAttachment(kind=AttachmentKind.IMAGE, url="https://files.example/foto.jpg"),
                OutboundAttachment(kind=AttachmentKind.FILE, url="https://files.example/factura.pdf"),
                OutboundAttachment(kind=AttachmentKind.VIDEO, url="telegram-file:BAACAgIAAxkBAAIB"),
                OutboundAttachment(kind=AttachmentKind.AUDIO, url="https://files.example/nota.mp3"),
                OutboundAttachment(kind=AttachmentKind.LOCATION, url="geo:55.7558,37.6173"),
            ),
        )
    )

    calls = [(r.path.rsplit("/", 1)[-1], r.body) for r in telegram.requests]
    assert calls == [
        (
            "sendMessage",
            {
                "chat_id": CHAT,
                "text": "Te mando los documentos",
                "reply_parameters": {"message_id": 999, "allow_sending_without_reply": True},
            },
        ),
        ("sendPhoto", {"chat_id": CHAT, "photo": "https://files.example/foto.jpg"}),
        ("sendDocument", {"chat_id": CHAT, "document": "https://files.example/factura.pdf"}),
        ("sendVideo", {"chat_id": CHAT, "video": "BAACAgIAAxkBAAIB"}),  # re-sent by file_id
        ("sendAudio", {"chat_id": CHAT, "audio": "https://files.example/nota.mp3"}),
        ("sendLocation", {"chat_id": CHAT, "latitude": 55.7558, "longitude": 37.6173}),
    ]
    assert result.external_id == f"{CHAT}:1"


def test_attachment_only_message_starts_with_the_file(telegram, client):
    client.send(
        OutboundMessage(
            recipient_external_id=str(CHAT), attachments=(OutboundAttachment(kind=AttachmentKind.STICKER, url="CAACAgIAAxkB"),)
        )
    )
    assert telegram.last_request().path.endswith("/sendSticker")


def test_blocked_by_the_user(telegram, client):
    telegram.fail_next("blocked")
    with pytest.raises(RecipientBlocked, match="bot was blocked by the user"):
        client.send(message())


def test_flood_control(telegram, client):
    telegram.fail_next("rate_limited", retry_after=17)
    with pytest.raises(RateLimited) as caught:
        client.send(message())
    assert caught.value.retry_after == 17


def test_bad_token(telegram):
    client = TelegramClient(credentials={"bot_token": "7012345678:WRONG"}, account_external_id=BOT_ID, base_url=telegram.base_url)
    with pytest.raises(CredentialsRejected, match="Unauthorized"):
        client.send(message())


def test_missing_token():
    with pytest.raises(CredentialsRejected):
        TelegramClient(credentials={}, account_external_id=BOT_ID, base_url="http://127.0.0.1:9")


def test_chat_not_found_is_a_platform_error(client):
    with pytest.raises(PlatformError) as caught:
        client.send(OutboundMessage(recipient_external_id="111", text="hola"))
    assert (caught.value.code, caught.value.retryable) == ("400", False)
    assert "chat not found" in str(caught.value)


def test_server_error_is_retryable_and_hides_the_token(telegram, client):
    telegram.fail_next("server_error")
    with pytest.raises(PlatformError) as caught:
        client.send(message())
    assert caught.value.retryable is True
    assert BOT_TOKEN not in str(caught.value)


def test_timeout_hides_the_token(telegram):
    client = TelegramClient(
        credentials={"bot_token": BOT_TOKEN}, account_external_id=BOT_ID, base_url=telegram.base_url, timeout=0.2
    )
    telegram.fail_next("slow", delay=1.0)
    with pytest.raises(PlatformError) as caught:
        client.send(message())
    assert (caught.value.code, caught.value.retryable) == ("timeout", True)
    assert BOT_TOKEN not in str(caught.value)


def test_partial_send_reports_what_went_out(telegram, client):
    telegram.fail_next("rate_limited", after=1, retry_after=3)
    with pytest.raises(RateLimited) as caught:
        client.send(message(attachments=(OutboundAttachment(kind=AttachmentKind.IMAGE, url="https://files.example/a.jpg"),)))
    assert caught.value.sent_external_ids == (f"{CHAT}:1",)


def test_mark_read_is_a_no_op(telegram, client):
    client.mark_read(recipient_external_id=str(CHAT), external_message_id=f"{CHAT}:1")
    assert telegram.requests == []


def test_profile_from_get_chat(telegram, client):
    sender = client.profile(str(CHAT))

    assert sender is not None
    assert (sender.external_id, sender.display_name, sender.username, sender.avatar_url) == (
        str(CHAT),
        "Iván Petrov",
        "ivanp",
        "telegram-file:AgACAgIAAxUAAWa1",  # same scheme as inbound attachments: fetched via getFile
    )
    assert sender.follower_count is None
    request = telegram.last_request()
    assert (request.path, request.body) == (f"/bot{BOT_TOKEN}/getChat", {"chat_id": CHAT})


def test_profile_without_photo_and_unknown_chat(client):
    sender = client.profile("600000001")
    assert sender is not None and (sender.display_name, sender.avatar_url) == ("Ana", "")
    assert client.profile("111") is None
