"""Instagram: one test per fixture (signed, verified, parsed): DMs, comments, mentions."""

from __future__ import annotations

import pytest

from integrations.errors import UnknownEvent
from integrations.events import (
    AttachmentKind,
    ChannelKind,
    Deletion,
    DeliveryReceipt,
    Echo,
    Ignored,
    InboundMessage,
    MessageKind,
    Postback,
    Reaction,
    ReactionAction,
    ReceiptStatus,
)
from integrations.instagram.parse import parse
from integrations.instagram.verify import sign, verify_signature
from tests.integrations.helpers import APP_SECRET, fixture, fixture_names, ms, s

IGID = "17841405822304914"
IGSID = "1139485726301948"
COVERED = {
    "message_text", "message_attachments", "story_mention", "story_reply", "message_echo", "message_unsend",
    "message_unsupported", "messaging_seen", "reaction_unreact", "postback", "comment", "comment_reply",
    "mention_comment", "mention_caption", "dashboard_test", "story_insights", "unknown_change", "batch",
}  # fmt: skip


def signed_parse(name: str, **kwargs):
    raw = fixture("instagram", name)
    verify_signature(raw, sign(raw, APP_SECRET), APP_SECRET)
    return parse(raw, **kwargs)


def test_every_fixture_has_a_test():
    assert set(fixture_names("instagram")) == COVERED


def test_message_text():
    [event] = signed_parse("message_text")
    assert isinstance(event, InboundMessage)
    assert event.channel_kind is ChannelKind.INSTAGRAM
    assert event.sender.external_id == IGSID
    assert event.text == "Hi! Do you ship the linen dress to Kraków? 👗"
    assert event.sent_at == ms(1763820123321)
    assert event.external_id.startswith("aWdfZAG1")


def test_message_attachments():
    [event] = signed_parse("message_attachments")
    assert [(a.kind, a.name) for a in event.attachments] == [
        (AttachmentKind.IMAGE, ""),
        (AttachmentKind.VIDEO, "ig_reel"),
        (AttachmentKind.FILE, "share"),
    ]
    assert event.attachments[2].url == "https://www.instagram.com/p/C9xYz12AbCd/"


def test_story_mention_is_a_mention():
    [event] = signed_parse("story_mention")
    assert event.kind is MessageKind.MENTION
    assert event.attachments[0].kind is AttachmentKind.IMAGE
    assert event.attachments[0].name == "story_mention"
    assert event.attachments[0].url.startswith("https://lookaside.fbsbx.com/ig_messaging_cdn/")


def test_story_reply_points_at_the_story():
    [event] = signed_parse("story_reply")
    assert event.kind is MessageKind.MESSAGE
    assert event.text == "¿Cuándo vuelve este modelo en talla M?"
    assert event.thread.reply_to_external_id == "3472819283746510293"


def test_message_echo_is_inside_messages():
    [event] = signed_parse("message_echo")
    assert isinstance(event, Echo)
    assert event.recipient_external_id == IGSID
    assert event.text == "Yes! Shipping to Poland takes 3–5 business days."
    assert event.app_id == ""


def test_message_unsend():
    [event] = signed_parse("message_unsend")
    assert isinstance(event, Deletion)
    assert event.sender_external_id == IGSID
    assert event.external_message_id == parse(fixture("instagram", "message_text"))[0].external_id


def test_message_unsupported_still_reaches_the_inbox():
    [event] = signed_parse("message_unsupported")
    assert isinstance(event, InboundMessage)
    assert (event.text, event.attachments) == ("", ())


def test_messaging_seen_names_the_message():
    [event] = signed_parse("messaging_seen")
    assert isinstance(event, DeliveryReceipt)
    assert event.status is ReceiptStatus.READ
    assert event.external_message_id == parse(fixture("instagram", "message_echo"))[0].external_id
    assert event.watermark is None


def test_reaction_unreact():
    [event] = signed_parse("reaction_unreact")
    assert isinstance(event, Reaction)
    assert event.action is ReactionAction.UNREACT
    assert event.emoji == ""


def test_postback_icebreaker():
    [event] = signed_parse("postback")
    assert isinstance(event, Postback)
    assert (event.title, event.payload) == ("Gdzie jest moja paczka?", "ICEBREAKER_WHERE_IS_MY_ORDER")


def test_comment_uses_entry_time_in_seconds():
    [event] = signed_parse("comment")
    assert event.kind is MessageKind.COMMENT
    assert event.external_id == "18093847561029384"
    assert event.sender.external_id == "4478291038475610"
    assert event.sender.username == "marta.kowalska_"
    assert event.text == "Czy ta sukienka jest jeszcze dostępna w rozmiarze S?"
    assert event.thread.post_id == "18047293847561029"
    assert event.sent_at == s(1763820900)


def test_comment_reply_on_an_ad_keeps_parent_and_post():
    [event] = signed_parse("comment_reply")
    assert event.kind is MessageKind.COMMENT
    assert event.thread.post_id == "18047293847561029"
    assert event.thread.reply_to_external_id == "18093847561029384"
    assert event.text == "@marta.kowalska_ yo también la quiero 😍"


def test_mention_in_a_comment():
    [event] = signed_parse("mention_comment")
    assert event.kind is MessageKind.MENTION
    assert event.external_id == "17865019283746510"
    assert event.thread.post_id == "17920384756102938"
    assert event.text == ""  # the text has to be fetched (mentioned_comment)
    assert event.sent_at == s(1763821000)


def test_mention_in_a_caption_is_keyed_by_media():
    [event] = signed_parse("mention_caption")
    assert event.kind is MessageKind.MENTION
    assert event.external_id == "media:17920384756109999"
    assert event.thread.post_id == "17920384756109999"


def test_dashboard_test_shape_with_string_seconds():
    [event] = signed_parse("dashboard_test")
    assert isinstance(event, InboundMessage)
    assert (event.external_id, event.text) == ("random_mid", "random_text")
    assert event.sent_at == s(1527459824)


def test_story_insights_are_ignored():
    [event] = signed_parse("story_insights")
    assert isinstance(event, Ignored)
    assert event.event_type == "story_insights"


def test_unknown_change_field():
    [event] = signed_parse("unknown_change")
    assert isinstance(event, Ignored)
    assert event.event_type == "collab_invites"
    assert event.where == "$.entry[0].changes[0].value"
    with pytest.raises(UnknownEvent):
        signed_parse("unknown_change", unknown="raise")


def test_batch_mixes_messaging_and_changes():
    events = signed_parse("batch")
    assert [type(e).__name__ for e in events] == ["InboundMessage", "Reaction", "InboundMessage", "InboundMessage"]
    assert [e.kind for e in (events[0], events[2], events[3])] == [MessageKind.MESSAGE, MessageKind.COMMENT, MessageKind.COMMENT]
    assert events[3].text == "¿Hacéis envíos a Canarias?"
    assert events[0].sent_at == ms(1763821300101)
    assert events[2].sent_at == s(1763821301)


def test_unknown_mode_is_validated():
    with pytest.raises(ValueError):
        parse(fixture("instagram", "comment"), unknown="crash")
