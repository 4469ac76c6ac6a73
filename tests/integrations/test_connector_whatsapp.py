"""WhatsApp Cloud API: one test per fixture (signed, verified, parsed)."""

from __future__ import annotations

import pytest

from integrations.errors import MalformedPayload, UnknownEvent
from integrations.events import (
    AttachmentKind,
    ChannelKind,
    DeliveryReceipt,
    Echo,
    Ignored,
    InboundMessage,
    Postback,
    Reaction,
    ReactionAction,
    ReceiptStatus,
)
from integrations.whatsapp.parse import parse
from integrations.whatsapp.verify import sign, verify_signature
from tests.integrations.helpers import APP_SECRET, fixture, fixture_names, s

ES_NUMBER = "106540352242922"
COVERED = {
    "text", "image", "document", "location", "reply_context", "interactive_button_reply", "interactive_list_reply",
    "template_button", "reaction", "reaction_removed", "unsupported", "system_number_changed", "status_sent",
    "status_read", "status_failed", "smb_message_echo", "bsuid_user", "template_status_update", "unknown_type", "batch",
}  # fmt: skip


def signed_parse(name: str, **kwargs):
    raw = fixture("whatsapp", name)
    verify_signature(raw, sign(raw, APP_SECRET), APP_SECRET)
    return parse(raw, **kwargs)


def test_every_fixture_has_a_test():
    assert set(fixture_names("whatsapp")) == COVERED


def test_text_with_string_seconds():
    [event] = signed_parse("text")
    assert isinstance(event, InboundMessage)
    assert event.channel_kind is ChannelKind.WHATSAPP
    assert event.external_id == "wamid.HBgLMzQ2MTIzNDU2NzgVAgASGBQzQTk4RjJDMUU0QjdBMEQ1RjE2RQA="
    assert event.sender.external_id == "34612345678"
    assert event.sender.display_name == "María López"
    assert event.sender.phone == "+34612345678"
    assert event.text == "Buenas tardes, ¿puedo cambiar la dirección de entrega del pedido 48213?"
    assert event.sent_at == s(1763820123)


def test_image_with_caption_keeps_the_media_id():
    [event] = signed_parse("image")
    assert event.text == "Así llegó la caja"
    [attachment] = event.attachments
    assert attachment.kind is AttachmentKind.IMAGE
    assert attachment.url == "whatsapp-media:1287346529183746"
    assert attachment.mime_type == "image/jpeg"


def test_document():
    [event] = signed_parse("document")
    [attachment] = event.attachments
    assert (attachment.kind, attachment.name) == (AttachmentKind.FILE, "faktura_FV-2025-11-0192.pdf")
    assert event.sender.display_name == "Piotr Zieliński"


def test_location():
    [event] = signed_parse("location")
    [attachment] = event.attachments
    assert attachment.kind is AttachmentKind.LOCATION
    assert attachment.url == "geo:40.416775,-3.70379"
    assert attachment.name.startswith("Puerta del Sol — Plaza")


def test_reply_context():
    [event] = signed_parse("reply_context")
    assert event.thread.reply_to_external_id == "wamid.HBgMNDQ3NzAwOTAwMTIzFQIAERgSMDhBOUU3QjZGNUQ0QzNCMkExAA=="


def test_interactive_button_reply_is_a_postback():
    [event] = signed_parse("interactive_button_reply")
    assert isinstance(event, Postback)
    assert (event.payload, event.title) == ("csat_5", "Excellent")
    assert event.reply_to_external_id.startswith("wamid.")
    assert event.account_external_id == "110293847561029"


def test_interactive_list_reply_is_a_postback():
    [event] = signed_parse("interactive_list_reply")
    assert (event.payload, event.title) == ("topic_returns", "Zwroty")


def test_template_button_is_a_postback():
    [event] = signed_parse("template_button")
    assert isinstance(event, Postback)
    assert (event.payload, event.title) == ("CONFIRM_DELIVERY_SLOT", "Confirmar")


def test_reaction():
    [event] = signed_parse("reaction")
    assert isinstance(event, Reaction)
    assert (event.action, event.emoji) == (ReactionAction.REACT, "👍")
    assert event.external_message_id == "wamid.HBgMNDQ3NzAwOTAwMTIzFQIAERgSMDhBOUU3QjZGNUQ0QzNCMkExAA=="


def test_reaction_removed_has_no_emoji():
    [event] = signed_parse("reaction_removed")
    assert (event.action, event.emoji) == (ReactionAction.UNREACT, "")


def test_unsupported_still_reaches_the_inbox():
    [event] = signed_parse("unsupported")
    assert isinstance(event, InboundMessage)
    assert (event.text, event.attachments) == ("", ())


def test_system_number_change_is_ignored_with_its_type():
    [event] = signed_parse("system_number_changed")
    assert isinstance(event, Ignored)
    assert event.event_type == "system.user_changed_number"


def test_status_sent():
    [event] = signed_parse("status_sent")
    assert isinstance(event, DeliveryReceipt)
    assert event.status is ReceiptStatus.SENT
    assert event.counterpart_external_id == "34612345678"
    assert event.at == s(1763820750)
    assert event.account_external_id == ES_NUMBER


def test_status_read():
    [event] = signed_parse("status_read")
    assert event.status is ReceiptStatus.READ
    assert event.external_message_id == "wamid.HBgLMzQ2MTIzNDU2NzgVAgARGBJCMUMyRDNFNEY1QTZCN0M4RDkA"


def test_status_failed_carries_the_error():
    [event] = signed_parse("status_failed")
    assert event.status is ReceiptStatus.FAILED
    assert (event.error_code, event.error_title) == ("131047", "Re-engagement message")


def test_smb_message_echo():
    [event] = signed_parse("smb_message_echo")
    assert isinstance(event, Echo)
    assert event.recipient_external_id == "34612345678"
    assert event.text == "Hola María, ya hemos cambiado la dirección 👍"
    assert event.account_external_id == ES_NUMBER


def test_bsuid_user_without_phone():
    [event] = signed_parse("bsuid_user")
    assert event.sender.external_id == "US.13491208655302741918"
    assert (event.sender.phone, event.sender.username, event.sender.display_name) == ("", "emma.w", "Emma")


def test_template_status_update_is_ignored():
    [event] = signed_parse("template_status_update")
    assert isinstance(event, Ignored)
    assert event.event_type == "message_template_status_update"


def test_unknown_message_type():
    [event] = signed_parse("unknown_type")
    assert isinstance(event, Ignored)
    assert event.event_type == "hologram"
    assert event.where == "$.entry[0].changes[0].value.messages[0]"
    with pytest.raises(UnknownEvent):
        signed_parse("unknown_type", unknown="raise")


def test_batch_iterates_entries_changes_messages_and_statuses():
    events = signed_parse("batch")
    assert [type(e).__name__ for e in events] == ["InboundMessage", "InboundMessage", "DeliveryReceipt", "DeliveryReceipt", "InboundMessage"]
    assert [e.sender.display_name for e in (events[0], events[1], events[4])] == ["María López", "Javier Ruiz", "Piotr Zieliński"]
    assert [e.status for e in events[2:4]] == [ReceiptStatus.DELIVERED, ReceiptStatus.READ]
    assert events[4].text == "Dzień dobry, czy paczka już wysłana?"


@pytest.mark.parametrize(
    ("raw", "where"),
    [
        (b'{"object":"page","entry":[]}', "$.object"),
        (b'{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{}}]}]}', "$.entry[0].changes[0].value"),
        (
            b'{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"9"},'
            b'"messages":[{"from":"1","id":"wamid.x","timestamp":1763821100000,"type":"text","text":{"body":"x"}}]}}]}]}',
            "$.entry[0].changes[0].value.messages[0].timestamp",
        ),
        (
            b'{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"9"},'
            b'"statuses":[{"id":"wamid.x","status":"lost","timestamp":"1763821100"}]}}]}]}',
            "$.entry[0].changes[0].value.statuses[0].status",
        ),
    ],
)
def test_malformed_payload_says_where(raw, where):
    with pytest.raises(MalformedPayload) as info:
        parse(raw)
    assert info.value.where == where
