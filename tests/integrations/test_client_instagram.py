"""Instagram client against the local Graph fake, over real HTTP."""

from __future__ import annotations

import pytest

from integrations.errors import CredentialsRejected, MessagingWindowClosed, PlatformError, RateLimited, RecipientBlocked
from integrations.events import AttachmentKind, ChannelKind
from integrations.fakes.graph import FakeGraph
from integrations.instagram.client import DEFAULT_BASE_URL, InstagramClient
from integrations.meta.graph import private_reply_recipient
from integrations.outbound import OutboundAttachment, OutboundMessage

IG_ACCOUNT = "17841400000000001"
TOKEN = "EAAGm0PX4ZCpsBAInstagramToken"
IGSID = "1234567890123456"
PROFILE = {
    "name": "Marta Ruiz",
    "username": "marta.ruiz",
    "profile_pic": "https://cdn.example/marta.jpg",
    "follower_count": 1532,
    "is_verified_user": False,
}


@pytest.fixture
def graph():
    fake = FakeGraph()
    fake.add_instagram_account(IG_ACCOUNT, access_token=TOKEN)
    fake.add_user(IGSID, PROFILE)
    fake.add_user("1234567890000000", {})
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture
def client(graph):
    with InstagramClient(credentials={"access_token": TOKEN}, account_external_id=IG_ACCOUNT, base_url=graph.base_url) as ig:
        yield ig


def dm(body: str = "¡Hola Marta! Te ayudamos", **kwargs) -> OutboundMessage:
    return OutboundMessage(recipient_external_id=IGSID, text=body, **kwargs)


def test_kind_and_default_base_url(client):
    assert client.kind is ChannelKind.INSTAGRAM
    assert DEFAULT_BASE_URL == "https://graph.facebook.com/v21.0"


def test_dm_text(graph, client):
    result = client.send(dm())

    request = graph.last_request()
    assert (request.method, request.path) == ("POST", f"/v21.0/{IG_ACCOUNT}/messages")
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    assert request.body == {"recipient": {"id": IGSID}, "message": {"text": "¡Hola Marta! Te ayudamos"}}
    assert result.external_id.startswith("m_")


def test_dm_with_attachments_and_human_agent_tag(graph, client):
    sent = []
    graph.on_sent = sent.append
    result = client.send(
        dm(
            "Mira esto",
            human_agent_tag=True,
            attachments=(
                OutboundAttachment(kind=AttachmentKind.VIDEO, url="https://files.example/tutorial.mp4"),
                OutboundAttachment(kind=AttachmentKind.LOCATION, url="geo:41.38,2.17"),
            ),
        )
    )

    bodies = [r.body for r in graph.requests]
    assert bodies == [
        {
            "recipient": {"id": IGSID},
            "messaging_type": "MESSAGE_TAG",
            "tag": "HUMAN_AGENT",
            "message": {"text": "Mira esto\ngeo:41.38,2.17"},
        },
        {
            "recipient": {"id": IGSID},
            "messaging_type": "MESSAGE_TAG",
            "tag": "HUMAN_AGENT",
            "message": {"attachment": {"type": "video", "payload": {"url": "https://files.example/tutorial.mp4"}}},
        },
    ]
    assert result.external_id == sent[0].external_id
    assert sent[0].kind is ChannelKind.INSTAGRAM


def test_public_reply_to_a_comment(graph, client):
    result = client.send(
        OutboundMessage(recipient_external_id=IGSID, text="¡Gracias por comentar!", comment_id="17890000000000123")
    )

    request = graph.last_request()
    assert (request.method, request.path) == ("POST", "/v21.0/17890000000000123/replies")
    assert request.body == {"message": "¡Gracias por comentar!"}
    assert result.external_id.isdigit()  # a comment id, as the `comments` webhook will repeat it


def test_private_reply_to_a_comment(graph, client):
    client.send(OutboundMessage(recipient_external_id=private_reply_recipient("17890000000000123"), text="Te escribimos por DM"))
    request = graph.last_request()
    assert request.path == f"/v21.0/{IG_ACCOUNT}/messages"
    assert request.body == {"recipient": {"comment_id": "17890000000000123"}, "message": {"text": "Te escribimos por DM"}}


def test_mark_read(graph, client):
    client.mark_read(recipient_external_id=IGSID)
    assert graph.last_request().body == {"recipient": {"id": IGSID}, "sender_action": "mark_seen"}


def test_profile_includes_follower_count(graph, client):
    sender = client.profile(IGSID)

    assert sender is not None
    assert (sender.display_name, sender.username, sender.avatar_url, sender.follower_count) == (
        "Marta Ruiz",
        "marta.ruiz",
        "https://cdn.example/marta.jpg",
        1532,
    )
    assert graph.last_request().query == {"fields": "name,username,profile_pic,follower_count,is_verified_user"}


def test_profile_none_when_empty_or_unknown(client):
    assert client.profile("1234567890000000") is None
    assert client.profile("1999999999999999") is None


def test_window_closed_uses_instagrams_subcode(graph, client):
    graph.fail_next("window_closed")
    with pytest.raises(MessagingWindowClosed):
        client.send(dm())
    assert graph.requests[-1].body["recipient"] == {"id": IGSID}


@pytest.mark.parametrize(
    ("preset", "error_type"),
    [("blocked", RecipientBlocked), ("token_invalid", CredentialsRejected), ("rate_limited", RateLimited)],
)
def test_typed_errors(graph, client, preset, error_type):
    graph.fail_next(preset)
    with pytest.raises(error_type):
        client.send(dm())


def test_comment_reply_failures_are_typed_too(graph, client):
    graph.fail_next("server_error")
    with pytest.raises(PlatformError) as caught:
        client.send(OutboundMessage(recipient_external_id=IGSID, text="hola", comment_id="17890000000000123"))
    assert caught.value.retryable is True


def test_instagram_text_limit_is_enforced_by_the_fake(client):
    with pytest.raises(PlatformError) as caught:
        client.send(dm("x" * 1001))
    assert caught.value.code == "100"


def test_page_token_cannot_send_for_the_instagram_account(graph):
    graph.add_page("104857600123456", access_token="PAGE-TOKEN")
    wrong = InstagramClient(credentials={"access_token": "PAGE-TOKEN"}, account_external_id=IG_ACCOUNT, base_url=graph.base_url)
    with pytest.raises(PlatformError) as caught:
        wrong.send(dm())
    assert caught.value.code == "10"
    assert not isinstance(caught.value, MessagingWindowClosed)
