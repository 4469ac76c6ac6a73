"""Telegram: secret-token check, then one test per fixture."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from integrations.errors import BadSignature, MalformedPayload, UnknownEvent
from integrations.events import (
    AttachmentKind,
    ChannelKind,
    Deletion,
    Edit,
    Ignored,
    InboundMessage,
    Postback,
    Reaction,
    ReactionAction,
)
from integrations.telegram.parse import parse, parse_get_updates, update_id
from integrations.telegram.verify import is_valid_secret, verify_secret_token
from tests.integrations.helpers import fixture, fixture_names, s

SECRET = "dlg_7c1e-Qx93kPz0aB"
RECEIVED = datetime(2025, 11, 22, 14, 30, tzinfo=UTC)
COVERED = {
    "message_text", "message_photo", "message_document", "message_voice", "message_location", "message_reply",
    "edited_message", "callback_query", "message_reaction", "message_reaction_removed", "deleted_business_messages",
    "my_chat_member", "unknown_update", "get_updates",
}  # fmt: skip


def verified_parse(name: str, **kwargs):
    raw = fixture("telegram", name)
    verify_secret_token(SECRET, SECRET)
    return parse(raw, **kwargs)


def test_every_fixture_has_a_test():
    assert set(fixture_names("telegram")) == COVERED


@pytest.mark.parametrize("header", [None, "", "dlg_7c1e-Qx93kPz0aC", SECRET + " ", "dlg_7c1e"])
def test_wrong_or_missing_secret_token(header):
    with pytest.raises(BadSignature):
        verify_secret_token(header, SECRET)


def test_no_configured_secret_rejects():
    with pytest.raises(BadSignature):
        verify_secret_token("", "")


def test_secret_format():
    assert is_valid_secret(SECRET)
    assert not is_valid_secret("has space")
    assert not is_valid_secret("x" * 257)


def test_message_text_in_seconds():
    [event] = verified_parse("message_text")
    assert isinstance(event, InboundMessage)
    assert event.channel_kind is ChannelKind.TELEGRAM
    assert event.external_id == "5829301746:4821"
    assert event.sender.external_id == "5829301746"
    assert (event.sender.display_name, event.sender.username, event.sender.language) == ("Katarzyna Wójcik", "kasia_wojcik", "pl")
    assert event.text == "Dzień dobry! Zamówienie #48213 nie doszło, co mam zrobić?"
    assert event.sent_at == s(1763820123)
    assert update_id(fixture("telegram", "message_text")) == 718293645


def test_message_photo_keeps_the_largest_size_and_caption():
    [event] = verified_parse("message_photo")
    [attachment] = event.attachments
    assert attachment.kind is AttachmentKind.IMAGE
    assert attachment.url == "telegram-file:AgACAgQAAxkBAAIS0mdA1_large1280x960"
    assert attachment.size_bytes == 148210
    assert event.text == "La caja llegó abierta 😞"


def test_message_document():
    [attachment] = verified_parse("message_document")[0].attachments
    assert (attachment.kind, attachment.name, attachment.mime_type) == (AttachmentKind.FILE, "potwierdzenie_przelewu.pdf", "application/pdf")


def test_message_voice():
    [attachment] = verified_parse("message_voice")[0].attachments
    assert (attachment.kind, attachment.mime_type) == (AttachmentKind.AUDIO, "audio/ogg")


def test_message_location():
    [attachment] = verified_parse("message_location")[0].attachments
    assert (attachment.kind, attachment.url) == (AttachmentKind.LOCATION, "geo:41.387917,2.169919")


def test_message_reply():
    [event] = verified_parse("message_reply")
    assert event.thread.reply_to_external_id == "7720193846:4826"


def test_edited_message_uses_edit_date():
    [event] = verified_parse("edited_message")
    assert isinstance(event, Edit)
    assert event.external_message_id == "5829301746:4821"
    assert "#48231" in event.text
    assert event.at == s(1763820460)


def test_callback_query():
    [event] = verified_parse("callback_query", received_at=RECEIVED)
    assert isinstance(event, Postback)
    assert event.external_id == "callback:2493817265019283746"
    assert event.payload == "csat:5"
    assert event.reply_to_external_id == "7720193846:4830"
    assert event.at == RECEIVED
    [without_clock] = parse(fixture("telegram", "callback_query"))
    assert without_clock.at == s(1763820500)  # falls back to the date of the message with the button


def test_message_reaction():
    [event] = verified_parse("message_reaction")
    assert isinstance(event, Reaction)
    assert (event.action, event.emoji, event.external_message_id) == (ReactionAction.REACT, "❤", "5829301746:4831")


def test_message_reaction_removed():
    [event] = verified_parse("message_reaction_removed")
    assert (event.action, event.emoji) == (ReactionAction.UNREACT, "❤")


def test_deleted_business_messages_need_a_clock():
    events = verified_parse("deleted_business_messages", received_at=RECEIVED)
    assert all(isinstance(e, Deletion) for e in events)
    assert [e.external_message_id for e in events] == ["6612098374:4840", "6612098374:4841"]
    with pytest.raises(MalformedPayload, match="received_at"):
        parse(fixture("telegram", "deleted_business_messages"))


def test_my_chat_member_is_ignored():
    [event] = verified_parse("my_chat_member")
    assert isinstance(event, Ignored)
    assert event.event_type == "my_chat_member"


def test_unknown_update():
    [event] = verified_parse("unknown_update")
    assert isinstance(event, Ignored)
    assert (event.event_type, event.where) == ("guest_message", "$.guest_message")
    with pytest.raises(UnknownEvent):
        parse(fixture("telegram", "unknown_update"), unknown="raise")


def test_get_updates_batch():
    events = parse_get_updates(fixture("telegram", "get_updates"))
    assert [type(e).__name__ for e in events] == ["InboundMessage", "InboundMessage", "Edit"]
    assert events[1].external_id == "-1002938475610:12"  # group chat ids are negative
    assert events[2].at == s(1763820805)


@pytest.mark.parametrize(
    ("raw", "where"),
    [
        (b'{"message":{}}', "$"),
        (b'{"update_id":1}', "$"),
        (b'{"update_id":1,"message":{"message_id":1,"chat":{"id":2},"from":{"id":2},"date":1763820123000}}', "$.message.date"),
        (b'{"update_id":1,"message":{"message_id":"1","chat":{"id":2},"from":{"id":2},"date":1763820123}}', "$.message.message_id"),
        (b'{"update_id":1,"message":{"message_id":1,"chat":{"id":2},"date":1763820123}}', "$.message"),
    ],
)
def test_malformed_payload_says_where(raw, where):
    with pytest.raises(MalformedPayload) as info:
        parse(raw)
    assert info.value.where == where
