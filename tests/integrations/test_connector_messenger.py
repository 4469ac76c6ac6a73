"""Messenger: one test per fixture (each signed with the test secret, verified, then parsed)."""

from __future__ import annotations

import pytest

from integrations.errors import MalformedPayload, UnknownEvent
from integrations.events import (
    AttachmentKind,
    ChannelKind,
    DeliveryReceipt,
    Echo,
    Edit,
    Ignored,
    InboundMessage,
    MessageKind,
    Postback,
    Reaction,
    ReactionAction,
    ReceiptStatus,
)
from integrations.messenger.parse import parse
from integrations.messenger.verify import sign, verify_signature
from tests.integrations.helpers import APP_SECRET, fixture, fixture_names, ms, s

PAGE = "104857392018475"
PSID = "6723451987364512"
COVERED = {
    "message_text", "message_attachments", "message_reply", "message_echo", "delivery", "read", "message_edit",
    "reaction", "postback", "postback_wrapped", "optin", "unknown_event", "standby", "batch",
}  # fmt: skip


def signed_parse(name: str, **kwargs):
    raw = fixture("messenger", name)
    verify_signature(raw, sign(raw, APP_SECRET), APP_SECRET)
    return parse(raw, **kwargs)


def test_every_fixture_has_a_test():
    assert set(fixture_names("messenger")) == COVERED


def test_message_text():
    [event] = signed_parse("message_text")
    assert isinstance(event, InboundMessage)
    assert event.channel_kind is ChannelKind.MESSENGER
    assert event.external_id.startswith("m_Xk2pQz8v")
    assert event.sender.external_id == PSID
    assert event.text == "Hola, mi pedido #48213 llegó dañado. ¿Pueden ayudarme?"
    assert event.sent_at == ms(1763820123123)
    assert event.kind is MessageKind.MESSAGE


def test_message_attachments():
    [event] = signed_parse("message_attachments")
    assert event.text == ""
    kinds = [a.kind for a in event.attachments]
    assert kinds == [AttachmentKind.IMAGE, AttachmentKind.FILE, AttachmentKind.STICKER]
    assert event.attachments[0].url.startswith("https://scontent.xx.fbcdn.net/v/t1.15752-9/468213_box_damaged_n.jpg?")
    assert event.attachments[2].name == "369239263222822"


def test_message_reply():
    [event] = signed_parse("message_reply")
    assert event.text == "Sí, el número de seguimiento es ES-9931-PL"
    assert event.thread.reply_to_external_id.startswith("m_OurQuestion_")


def test_message_echo():
    [event] = signed_parse("message_echo")
    assert isinstance(event, Echo)
    assert event.recipient_external_id == PSID  # sender/recipient are reversed for echoes
    assert event.account_external_id == PAGE
    assert event.app_id == "1517776481860111"
    assert event.metadata == "dialogo:outbound:7f3c2a10-5b1e-4c8e-9d2a-1e6f0b7c4a91"
    assert event.text == "Lo sentimos mucho 🙏 Te enviamos un reemplazo hoy mismo."
    assert event.sent_at == ms(1763820456700)


def test_delivery_without_timestamp_uses_watermark():
    [event] = signed_parse("delivery")
    assert isinstance(event, DeliveryReceipt)
    assert event.status is ReceiptStatus.DELIVERED
    assert event.external_message_id.startswith("m_EchoOurs_")
    assert event.watermark == ms(1763820469001)
    assert event.at == ms(1763820469001)
    assert event.counterpart_external_id == PSID


def test_read_is_a_watermark():
    [event] = signed_parse("read")
    assert event.status is ReceiptStatus.READ
    assert event.external_message_id == ""
    assert event.watermark == ms(1763820469001)
    assert event.at == ms(1763820512300)


def test_message_edit():
    [event] = signed_parse("message_edit")
    assert isinstance(event, Edit)
    assert event.external_message_id.startswith("m_Xk2pQz8v")
    assert "#48231" in event.text
    assert event.edit_count == 1


def test_reaction():
    [event] = signed_parse("reaction")
    assert isinstance(event, Reaction)
    assert event.action is ReactionAction.REACT
    assert (event.reaction, event.emoji) == ("love", "❤️")
    assert event.sender.external_id == PSID


def test_postback():
    [event] = signed_parse("postback")
    assert isinstance(event, Postback)
    assert (event.payload, event.title) == ("GET_STARTED", "Get Started")
    assert event.external_id.startswith("m_Pb_3eR4")
    assert event.at == ms(1763820800812)


def test_postback_wrapped_uses_string_seconds():
    [event] = signed_parse("postback_wrapped")
    assert isinstance(event, Postback)
    assert event.payload == "HUMAN_AGENT"
    assert event.at == s(1763820900)
    assert event.account_external_id == PAGE


def test_optin_is_explicitly_ignored():
    [event] = signed_parse("optin")
    assert isinstance(event, Ignored)
    assert event.event_type == "optin"


def test_unknown_event_is_ignored_by_default_and_raises_when_strict():
    [event] = signed_parse("unknown_event")
    assert isinstance(event, Ignored)
    assert event.event_type == "message_summary"
    assert event.where == "$.entry[0].messaging[0]"
    with pytest.raises(UnknownEvent) as info:
        signed_parse("unknown_event", unknown="raise")
    assert info.value.event_type == "message_summary"


def test_standby_messages_are_parsed():
    [event] = signed_parse("standby")
    assert isinstance(event, InboundMessage)
    assert event.text == "Hello, is anyone there? I was talking to your bot."


def test_batch_iterates_every_entry_and_item():
    events = signed_parse("batch")
    assert [type(e).__name__ for e in events] == ["InboundMessage", "DeliveryReceipt", "DeliveryReceipt", "DeliveryReceipt", "Echo"]
    assert events[0].text == "Dziękuję, czekam na paczkę."
    assert [e.external_message_id for e in events[1:3]] == ["m_Out_aa11bb22", "m_Out_cc33dd44"]
    assert events[3].status is ReceiptStatus.READ
    assert events[4].account_external_id == "209384756102938"  # second page in the same POST


def test_malformed_json():
    with pytest.raises(MalformedPayload, match="not JSON"):
        parse(b'{"object":"page","entry":[')


@pytest.mark.parametrize(
    ("raw", "where"),
    [
        (b'{"entry":[]}', "$"),
        (b'{"object":"instagram","entry":[]}', "$.object"),
        (b'{"object":"page","entry":{}}', "$.entry"),
        (b'{"object":"page","entry":[{"time":1}]}', "$.entry[0]"),
        (b'{"object":"page","entry":[{"id":"1","messaging":[{"sender":{"id":"2"},"timestamp":1763820123123,"message":{"text":"hi"}}]}]}', "$.entry[0].messaging[0].message"),
        (b'{"object":"page","entry":[{"id":"1","messaging":[{"sender":{"id":"2"},"timestamp":"yesterday","message":{"mid":"m_1"}}]}]}', "$.entry[0].messaging[0].timestamp"),
        (b'{"object":"page","entry":[{"id":"1","messaging":[{"sender":{"id":"2"},"message":{"mid":"m_1"}}]}]}', "$.entry[0].messaging[0]"),
        (b'[1,2]', "$"),
        (b'\xff\xfe', "$"),
    ],
)
def test_malformed_payload_says_where(raw, where):
    with pytest.raises(MalformedPayload) as info:
        parse(raw)
    assert info.value.where == where


def test_parse_needs_bytes():
    with pytest.raises(TypeError):
        parse({"object": "page"})  # type: ignore[arg-type]


def test_events_are_frozen():
    [event] = parse(fixture("messenger", "message_text"))
    with pytest.raises(AttributeError):
        event.text = "changed"  # type: ignore[misc]
