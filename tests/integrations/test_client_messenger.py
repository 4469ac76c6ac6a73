"""Messenger client against the local Graph fake, over real HTTP: exact requests and typed errors.

The Graph error mapping shared with Instagram and WhatsApp (integrations.meta.graph) is pinned here
too, by making the fake answer Graph's real error bodies."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from integrations.errors import (
    CredentialsRejected,
    MessagingWindowClosed,
    PlatformError,
    RateLimited,
    RecipientBlocked,
    TemplateRequired,
)
from integrations.events import AttachmentKind, ChannelKind
from integrations.fakes.graph import FakeGraph
from integrations.messenger.client import DEFAULT_BASE_URL as MESSENGER_DEFAULT
from integrations.messenger.client import MessengerClient
from integrations.meta.graph import DEFAULT_BASE_URL, GraphError, private_reply_recipient
from integrations.outbound import OutboundAttachment, OutboundClient, OutboundMessage

PAGE = "104857600123456"
TOKEN = "EAAGm0PX4ZCpsBAPageToken"
SECRET = "4f1c8e2b9a7d6350e1f2a3b4c5d6e7f8"
PSID = "6234567890123456"
NO_PROFILE_PSID = "6234567890000001"
EMPTY_PSID = "6234567890000002"


@pytest.fixture
def graph():
    fake = FakeGraph()
    fake.add_page(PAGE, access_token=TOKEN)
    fake.add_user(PSID, {"first_name": "Lucía", "last_name": "Gómez", "profile_pic": "https://cdn.example/lucia.jpg"})
    fake.add_user(NO_PROFILE_PSID, None)
    fake.add_user(EMPTY_PSID, {})
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture
def client(graph):
    with MessengerClient(
        credentials={"page_access_token": TOKEN}, account_external_id=PAGE, base_url=graph.base_url
    ) as messenger:
        yield messenger


def text(body: str = "Hola Lucía, ya lo miramos", **kwargs) -> OutboundMessage:
    return OutboundMessage(recipient_external_id=PSID, text=body, **kwargs)


def test_satisfies_the_outbound_protocol_and_points_at_graph_by_default(client):
    typed: OutboundClient = client  # what the outbound job holds (a static check)
    assert all(callable(getattr(typed, name)) for name in ("send", "mark_read", "profile"))
    assert client.kind is ChannelKind.MESSENGER
    assert MESSENGER_DEFAULT == DEFAULT_BASE_URL == "https://graph.facebook.com/v21.0"


def test_text_reply_is_one_send_api_call_with_metadata(graph, client):
    result = client.send(text(correlation_id="msg-42"))

    request = graph.last_request()
    assert (request.method, request.path) == ("POST", f"/v21.0/{PAGE}/messages")
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    assert "access_token" not in request.query  # the token stays out of URLs (and logs)
    assert request.body == {
        "recipient": {"id": PSID},
        "messaging_type": "RESPONSE",
        "message": {"text": "Hola Lucía, ya lo miramos", "metadata": "msg-42"},
    }
    assert result.external_id.startswith("m_")
    assert result.sent_at is None


def test_reply_to_and_human_agent_tag(graph, client):
    client.send(text(reply_to_external_id="m_customer_said", human_agent_tag=True))

    body = graph.last_request().body
    assert body["messaging_type"] == "MESSAGE_TAG"
    assert body["tag"] == "HUMAN_AGENT"
    assert body["reply_to"] == {"mid": "m_customer_said"}


def test_attachments_go_one_request_each_after_the_text(graph):
    sent = []
    graph.on_sent = sent.append
    client = MessengerClient(credentials={"page_access_token": TOKEN}, account_external_id=PAGE, base_url=graph.base_url)
    message = text(
        "Aquí tienes la factura",
        correlation_id="msg-7",
        reply_to_external_id="m_question",
        attachments=(
            OutboundAttachment(kind=AttachmentKind.IMAGE, url="https://files.example/foto.jpg"),
            OutboundAttachment(kind=AttachmentKind.FILE, url="https://files.example/factura.pdf", name="factura.pdf"),
        ),
    )

    result = client.send(message)

    bodies = [r.body for r in graph.requests]
    assert [b["message"] for b in bodies] == [
        {"text": "Aquí tienes la factura", "metadata": "msg-7"},
        {
            "attachment": {"type": "image", "payload": {"url": "https://files.example/foto.jpg", "is_reusable": True}},
            "metadata": "msg-7",
        },
        {
            "attachment": {"type": "file", "payload": {"url": "https://files.example/factura.pdf", "is_reusable": True}},
            "metadata": "msg-7",
        },
    ]
    assert "reply_to" in bodies[0] and "reply_to" not in bodies[1]  # the quote goes on the first part only
    assert result.external_id == sent[0].external_id  # the first part's mid
    assert [s.kind for s in sent] == [ChannelKind.MESSENGER] * 3
    assert {s.account_external_id for s in sent} == {PAGE}


def test_a_failure_after_the_first_part_says_what_already_went_out(graph, client):
    message = text(attachments=(OutboundAttachment(kind=AttachmentKind.IMAGE, url="https://files.example/a.jpg"),))
    graph.fail_next("rate_limited", after=1, retry_after=12)  # the text goes, the image is refused

    with pytest.raises(RateLimited) as caught:
        client.send(message)

    assert caught.value.retry_after == 12
    assert len(caught.value.sent_external_ids) == 1
    assert caught.value.sent_external_ids[0].startswith("m_")


def test_a_failure_of_the_first_part_has_nothing_sent(graph, client):
    graph.fail_next("server_error")
    with pytest.raises(PlatformError) as caught:
        client.send(text(attachments=(OutboundAttachment(kind=AttachmentKind.IMAGE, url="https://files.example/a.jpg"),)))
    assert not hasattr(caught.value, "sent_external_ids")
    assert len(graph.requests) == 1  # it stopped at the first refusal


def test_location_is_sent_as_a_link_in_the_text(graph, client):
    client.send(text("Estamos aquí", attachments=(OutboundAttachment(kind=AttachmentKind.LOCATION, url="geo:40.4168,-3.7038"),)))
    assert [r.body["message"] for r in graph.requests] == [{"text": "Estamos aquí\ngeo:40.4168,-3.7038"}]


def test_public_reply_to_a_page_comment(graph, client):
    result = client.send(OutboundMessage(recipient_external_id=PSID, text="¡Gracias!", comment_id="987654321_123456789"))

    request = graph.last_request()
    assert (request.method, request.path) == ("POST", "/v21.0/987654321_123456789/comments")
    assert request.body == {"message": "¡Gracias!"}
    assert result.external_id.startswith("987654321_")


def test_private_reply_to_a_comment(graph, client):
    client.send(
        OutboundMessage(
            recipient_external_id=private_reply_recipient("123456789"),
            text="Te escribimos por privado",
            attachments=(OutboundAttachment(kind=AttachmentKind.IMAGE, url="https://files.example/a.jpg"),),
        )
    )
    assert len(graph.requests) == 1  # exactly one private reply is allowed
    assert graph.last_request().body == {
        "recipient": {"comment_id": "123456789"},
        "messaging_type": "RESPONSE",
        "message": {"text": "Te escribimos por privado\nhttps://files.example/a.jpg"},
    }


def test_mark_read_is_the_mark_seen_sender_action(graph, client):
    client.mark_read(recipient_external_id=PSID, external_message_id="m_whatever")
    request = graph.last_request()
    assert request.path == f"/v21.0/{PAGE}/messages"
    assert request.body == {"recipient": {"id": PSID}, "sender_action": "mark_seen"}


def test_profile(graph, client):
    sender = client.profile(PSID)
    assert sender is not None
    assert (sender.external_id, sender.display_name, sender.avatar_url) == (PSID, "Lucía Gómez", "https://cdn.example/lucia.jpg")
    assert sender.follower_count is None  # Messenger has no follower count
    request = graph.last_request()
    assert (request.method, request.path, request.query) == (
        "GET",
        f"/v21.0/{PSID}",
        {"fields": "first_name,last_name,profile_pic"},
    )


@pytest.mark.parametrize("psid", [NO_PROFILE_PSID, EMPTY_PSID, "6299999999999999"], ids=["2018218", "empty", "unknown"])
def test_profile_is_none_when_meta_has_none(client, psid):
    assert client.profile(psid) is None


def test_appsecret_proof_is_sent_when_the_app_secret_is_known(graph):
    graph.add_page("200000000000001", access_token="SECURE-TOKEN", app_secret=SECRET)
    graph.add_user(PSID, {"first_name": "Lucía"})
    credentials = {"page_access_token": "SECURE-TOKEN", "app_secret": SECRET}
    client = MessengerClient(credentials=credentials, account_external_id="200000000000001", base_url=graph.base_url)

    client.send(text())

    expected = hmac.new(SECRET.encode(), b"SECURE-TOKEN", hashlib.sha256).hexdigest()
    assert graph.last_request().query == {"appsecret_proof": expected}

    wrong = MessengerClient(
        credentials={"page_access_token": "SECURE-TOKEN", "app_secret": "not-the-secret"},
        account_external_id="200000000000001",
        base_url=graph.base_url,
    )
    with pytest.raises(CredentialsRejected, match="appsecret_proof"):
        wrong.send(text())
    without = MessengerClient(
        credentials={"page_access_token": "SECURE-TOKEN"}, account_external_id="200000000000001", base_url=graph.base_url
    )
    with pytest.raises(CredentialsRejected, match="appsecret_proof"):
        without.send(text())


def test_bad_token_is_credentials_rejected(graph):
    client = MessengerClient(credentials={"page_access_token": "EXPIRED"}, account_external_id=PAGE, base_url=graph.base_url)
    with pytest.raises(CredentialsRejected, match="Invalid OAuth access token"):
        client.send(text())


def test_missing_token_is_rejected_before_any_call():
    with pytest.raises(CredentialsRejected):
        MessengerClient(credentials={}, account_external_id=PAGE, base_url="http://127.0.0.1:9")


def test_unknown_recipient_is_a_platform_error_with_graphs_code(client):
    with pytest.raises(GraphError) as caught:
        client.send(OutboundMessage(recipient_external_id="6200000000000000", text="hola"))
    assert caught.value.code == "100"
    assert caught.value.subcode == 2018001
    assert caught.value.retryable is False
    assert "No matching user found" in str(caught.value)


@pytest.mark.parametrize(
    ("preset", "error_type"),
    [
        ("window_closed", MessagingWindowClosed),
        ("blocked", RecipientBlocked),
        ("token_invalid", CredentialsRejected),
        ("rate_limited", RateLimited),
    ],
)
def test_presets_map_to_typed_errors(graph, client, preset, error_type):
    graph.fail_next(preset)
    with pytest.raises(error_type) as caught:
        client.send(text())
    assert not isinstance(caught.value, TemplateRequired)


def test_rate_limit_carries_retry_after(graph, client):
    graph.fail_next("rate_limited", retry_after=30)
    with pytest.raises(RateLimited) as caught:
        client.send(text())
    assert caught.value.retry_after == 30


def test_server_error_is_retryable(graph, client):
    graph.fail_next("server_error")
    with pytest.raises(PlatformError) as caught:
        client.send(text())
    assert caught.value.retryable is True
    assert caught.value.code == "2"


def test_timeout_and_connection_failure_are_retryable(graph):
    slow = MessengerClient(
        credentials={"page_access_token": TOKEN}, account_external_id=PAGE, base_url=graph.base_url, timeout=0.2
    )
    graph.fail_next("slow", delay=1.0)
    with pytest.raises(PlatformError) as timed_out:
        slow.send(text())
    assert (timed_out.value.code, timed_out.value.retryable) == ("timeout", True)
    assert TOKEN not in str(timed_out.value)

    stopped = FakeGraph()
    url = stopped.start()
    stopped.stop()
    gone = MessengerClient(credentials={"page_access_token": TOKEN}, account_external_id=PAGE, base_url=url)
    with pytest.raises(PlatformError) as refused:
        gone.send(text())
    assert (refused.value.code, refused.value.retryable) == ("network", True)


# --- the Graph error table (shared by Messenger, Instagram, WhatsApp) ------------------------------


def graph_body(code: int, message: str, subcode: int | None = None) -> dict:
    error = {"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "AbCdEfGh123"}
    if subcode is not None:
        error["error_subcode"] = subcode
    return {"error": error}


@pytest.mark.parametrize(
    ("status", "body", "error_type"),
    [
        (400, graph_body(190, "Error validating access token", 463), CredentialsRejected),
        (400, graph_body(102, "Session key invalid"), CredentialsRejected),
        (400, graph_body(551, "This person isn't available right now.", 1545041), RecipientBlocked),
        (400, graph_body(10, "(#10) This message is sent outside of allowed window."), MessagingWindowClosed),
        (400, graph_body(200, "(#200) Outside of the 24 hour window"), MessagingWindowClosed),
        (
            400,
            graph_body(230, "(#230) Requires pages_messaging_subscriptions permission to message outside the 24 hour window"),
            MessagingWindowClosed,
        ),
        (400, graph_body(100, "(#100) message outside allowed window", 2018278), MessagingWindowClosed),
        (400, graph_body(10, "(#10) This message is sent outside of allowed window.", 2534022), MessagingWindowClosed),
        (400, graph_body(131047, "Re-engagement message"), TemplateRequired),
        (400, graph_body(613, "Calls to this api have exceeded the rate limit."), RateLimited),
        (400, graph_body(4, "Application request limit reached"), RateLimited),
        (400, graph_body(17, "User request limit reached"), RateLimited),
        (400, graph_body(32, "Page request limit reached"), RateLimited),
        (400, graph_body(80007, "There have been too many messages sent to this WhatsApp Business Account"), RateLimited),
        (400, graph_body(130429, "Rate limit hit"), RateLimited),
        (400, graph_body(131056, "(Business Account, Consumer Account) pair rate limit hit"), RateLimited),
        (429, {"error": {"message": "Too many calls"}}, RateLimited),
    ],
)
def test_graph_error_table(graph, client, status, body, error_type):
    graph.fail_next(status=status, body=body)
    with pytest.raises(error_type):
        client.send(text())


def test_permission_errors_without_window_wording_stay_platform_errors(graph, client):
    graph.fail_next(status=403, body=graph_body(10, "(#10) Application does not have permission for this action"))
    with pytest.raises(GraphError) as caught:
        client.send(text())
    assert not isinstance(caught.value, MessagingWindowClosed)
    assert (caught.value.code, caught.value.retryable, caught.value.fbtrace_id) == ("10", False, "AbCdEfGh123")


def test_usage_header_gives_retry_after_when_retry_after_is_missing(graph, client):
    usage = '{"104857600123456": [{"type": "messenger", "call_count": 100, "estimated_time_to_regain_access": 3}]}'
    graph.fail_next(status=400, body=graph_body(80006, "rate"), headers={"X-Business-Use-Case-Usage": usage})
    with pytest.raises(GraphError):  # 80006 is not in our rate table: the header alone does not make it one
        client.send(text())
    graph.fail_next(status=400, body=graph_body(613, "rate"), headers={"X-Business-Use-Case-Usage": usage})
    with pytest.raises(RateLimited) as caught:
        client.send(text())
    assert caught.value.retry_after == 180


def test_non_json_5xx_is_retryable(graph, client):
    graph.fail_next(status=502, body="Bad Gateway")
    with pytest.raises(PlatformError) as caught:
        client.send(text())
    assert (caught.value.code, caught.value.retryable) == ("502", True)
