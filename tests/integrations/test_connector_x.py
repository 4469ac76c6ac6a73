"""X Account Activity API: CRC, base64 signature, one test per fixture."""

from __future__ import annotations

import base64
import hashlib
import hmac

import pytest

from integrations.errors import BadSignature, HandshakeRejected, UnknownEvent
from integrations.events import ChannelKind, Deletion, DeliveryReceipt, Echo, Ignored, InboundMessage, MessageKind, ReceiptStatus
from integrations.x.parse import parse
from integrations.x.verify import crc_response, sign, verify_signature
from tests.integrations.helpers import APP_SECRET, OTHER_SECRET, fixture, fixture_names, ms

US = "1450283746512093184"
COVERED = {
    "dm_message", "dm_echo", "dm_media", "dm_mark_read", "tweet_mention", "tweet_reply", "tweet_delete",
    "favorite", "unknown_events", "dm_batch",
}  # fmt: skip


def signed_parse(name: str, **kwargs):
    raw = fixture("x", name)
    verify_signature(raw, sign(raw, APP_SECRET), APP_SECRET)
    return parse(raw, **kwargs)


def test_every_fixture_has_a_test():
    assert set(fixture_names("x")) == COVERED


def test_crc_response_is_base64_hmac_of_the_token():
    expected = base64.b64encode(hmac.new(APP_SECRET.encode(), b"Mx3kQ9-crc", hashlib.sha256).digest()).decode()
    assert crc_response("Mx3kQ9-crc", APP_SECRET) == {"response_token": f"sha256={expected}"}
    with pytest.raises(HandshakeRejected):
        crc_response("", APP_SECRET)


def test_signature_is_base64_over_raw_bytes():
    raw = fixture("x", "dm_message")
    header = sign(raw, APP_SECRET)
    assert header == "sha256=" + base64.b64encode(hmac.new(APP_SECRET.encode(), raw, hashlib.sha256).digest()).decode()
    verify_signature(raw, header, APP_SECRET)
    with pytest.raises(BadSignature):
        verify_signature(raw + b" ", header, APP_SECRET)
    with pytest.raises(BadSignature):
        verify_signature(raw, sign(raw, OTHER_SECRET), APP_SECRET)
    with pytest.raises(BadSignature):
        verify_signature(raw, "sha256=" + hmac.new(APP_SECRET.encode(), raw, hashlib.sha256).hexdigest(), APP_SECRET)  # hex is Meta's
    with pytest.raises(BadSignature):
        verify_signature(raw, None, APP_SECRET)


def test_dm_message_with_follower_count():
    [event] = signed_parse("dm_message")
    assert isinstance(event, InboundMessage)
    assert event.channel_kind is ChannelKind.X
    assert event.external_id == "1860312938475610293"
    assert (event.sender.display_name, event.sender.username, event.sender.follower_count) == ("Sophie Turner", "sophie_t_uk", 1843)
    assert event.sent_at == ms(1763820123456)
    assert event.text == "Hi, my refund for order 48213 still hasn't arrived 😕"


def test_dm_echo_carries_source_app():
    [event] = signed_parse("dm_echo")
    assert isinstance(event, Echo)
    assert (event.recipient_external_id, event.app_id) == ("982374651029384756", "28374651")


def test_dm_media():
    [event] = signed_parse("dm_media")
    [attachment] = event.attachments
    assert attachment.url.startswith("https://ton.twitter.com/1.1/ton/data/dm/")
    assert event.sender.display_name == "Lucía Moreno"


def test_dm_mark_read():
    [event] = signed_parse("dm_mark_read")
    assert isinstance(event, DeliveryReceipt)
    assert (event.status, event.external_message_id) == (ReceiptStatus.READ, "1860313001928374650")


def test_tweet_mention_uses_full_text():
    [event] = signed_parse("tweet_mention")
    assert event.kind is MessageKind.MENTION
    assert event.text.endswith("Order 48377.")
    assert event.thread.post_id == "1860313928374650192"
    assert event.sender.follower_count == 15230
    assert event.sent_at == ms(1763820700123)


def test_tweet_reply_threads_on_our_post():
    [event] = signed_parse("tweet_reply")
    assert event.kind is MessageKind.COMMENT
    assert event.thread.post_id == "1860200000000000001"
    assert event.text == "@dialogo_shop Czy wysyłacie też do Polski?"


def test_tweet_delete():
    [event] = signed_parse("tweet_delete")
    assert isinstance(event, Deletion)
    assert (event.external_message_id, event.sender_external_id) == ("1860313928374650192", "3920192837")


def test_favorite_is_ignored():
    [event] = signed_parse("favorite")
    assert isinstance(event, Ignored)


def test_unknown_events():
    [event] = signed_parse("unknown_events")
    assert (event.event_type, event.where) == ("community_note_events", "$.community_note_events")
    with pytest.raises(UnknownEvent):
        signed_parse("unknown_events", unknown="raise")


def test_dm_batch_with_an_echo_from_the_x_app():
    events = signed_parse("dm_batch")
    assert [type(e).__name__ for e in events] == ["InboundMessage", "InboundMessage", "Echo"]
    assert events[1].text == "¿Y el reembolso de la tarifa de envío?"
    assert events[2].app_id == ""  # not sent by us: record it as an agent message
