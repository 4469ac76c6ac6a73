"""WhatsApp Cloud API client against the local Graph fake, over real HTTP."""

from __future__ import annotations

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
from integrations.outbound import OutboundAttachment, OutboundMessage, TemplateRef
from integrations.whatsapp.client import DEFAULT_BASE_URL, WhatsAppClient

PHONE_NUMBER_ID = "106540352242922"
TOKEN = "EAAJB3WhatsAppSystemUserToken"
WA_ID = "34600111222"


@pytest.fixture
def graph():
    fake = FakeGraph()
    fake.add_phone_number(PHONE_NUMBER_ID, access_token=TOKEN)
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture
def client(graph):
    with WhatsAppClient(credentials={"access_token": TOKEN}, account_external_id=PHONE_NUMBER_ID, base_url=graph.base_url) as wa:
        yield wa


def test_kind_and_default_base_url(client):
    assert client.kind is ChannelKind.WHATSAPP
    assert DEFAULT_BASE_URL == "https://graph.facebook.com/v21.0"


def test_text_with_quote(graph, client):
    result = client.send(
        OutboundMessage(recipient_external_id=WA_ID, text="Tu pedido sale hoy", reply_to_external_id="wamid.CUSTOMER")
    )

    request = graph.last_request()
    assert (request.method, request.path) == ("POST", f"/v21.0/{PHONE_NUMBER_ID}/messages")
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    assert request.body == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": WA_ID,
        "type": "text",
        "text": {"body": "Tu pedido sale hoy", "preview_url": False},
        "context": {"message_id": "wamid.CUSTOMER"},
    }
    assert result.external_id.startswith("wamid.HBg")


def test_links_turn_on_the_preview(graph, client):
    client.send(OutboundMessage(recipient_external_id=WA_ID, text="Sigue tu envío en https://track.example/123"))
    assert graph.last_request().body["text"]["preview_url"] is True


def test_media_are_sent_by_link_after_the_text(graph, client):
    sent = []
    graph.on_sent = sent.append
    result = client.send(
        OutboundMessage(
            recipient_external_id=WA_ID,
            text="Te adjunto la factura",
            reply_to_external_id="wamid.CUSTOMER",
            attachments=(
                OutboundAttachment(kind=AttachmentKind.FILE, url="https://files.example/f.pdf", name="factura-123.pdf"),
                OutboundAttachment(kind=AttachmentKind.IMAGE, url="https://files.example/p.jpg"),
                OutboundAttachment(kind=AttachmentKind.AUDIO, url="https://files.example/a.ogg"),
                OutboundAttachment(kind=AttachmentKind.VIDEO, url="https://files.example/v.mp4"),
            ),
        )
    )

    bodies = [r.body for r in graph.requests]
    assert [(b["type"], b.get(b["type"])) for b in bodies] == [
        ("text", {"body": "Te adjunto la factura", "preview_url": False}),
        ("document", {"link": "https://files.example/f.pdf", "filename": "factura-123.pdf"}),
        ("image", {"link": "https://files.example/p.jpg"}),
        ("audio", {"link": "https://files.example/a.ogg"}),
        ("video", {"link": "https://files.example/v.mp4"}),
    ]
    assert ["context" in b for b in bodies] == [True, False, False, False, False]
    assert result.external_id == sent[0].external_id
    assert {s.recipient for s in sent} == {WA_ID}


def test_template_outside_the_window(graph, client):
    template = TemplateRef(name="seguimiento_pedido", language="es", parameters=("Lucía", "A-1234"))
    result = client.send(OutboundMessage(recipient_external_id=WA_ID, text="ignored", template=template))

    assert graph.last_request().body == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": WA_ID,
        "type": "template",
        "template": {
            "name": "seguimiento_pedido",
            "language": {"code": "es"},
            "components": [
                {"type": "body", "parameters": [{"type": "text", "text": "Lucía"}, {"type": "text", "text": "A-1234"}]}
            ],
        },
    }
    assert len(graph.requests) == 1
    assert result.external_id.startswith("wamid.")


def test_template_without_parameters_has_no_components(graph, client):
    client.send(OutboundMessage(recipient_external_id=WA_ID, template=TemplateRef(name="hello_world", language="en_US")))
    assert graph.last_request().body["template"] == {"name": "hello_world", "language": {"code": "en_US"}}


def test_mark_read(graph, client):
    client.mark_read(recipient_external_id=WA_ID, external_message_id="wamid.CUSTOMER")
    assert graph.last_request().body == {"messaging_product": "whatsapp", "status": "read", "message_id": "wamid.CUSTOMER"}


def test_mark_read_without_a_message_id_and_profile_make_no_call(graph, client):
    client.mark_read(recipient_external_id=WA_ID)
    assert client.profile(WA_ID) is None
    assert graph.requests == []


def test_free_form_outside_the_window_requires_a_template(graph, client):
    graph.fail_next("window_closed")
    with pytest.raises(TemplateRequired) as caught:
        client.send(OutboundMessage(recipient_external_id=WA_ID, text="¿Sigues ahí?"))
    assert isinstance(caught.value, MessagingWindowClosed)  # callers catching the general case still do
    assert "24 hours" in str(caught.value)


def test_throughput_and_pair_rate_limits(graph, client):
    graph.fail_next("rate_limited", retry_after=6)
    with pytest.raises(RateLimited) as caught:
        client.send(OutboundMessage(recipient_external_id=WA_ID, text="hola"))
    assert caught.value.retry_after == 6

    pair_limit = {"error": {"message": "(#131056) (Business Account, Consumer Account) pair rate limit hit", "code": 131056}}
    graph.fail_next(status=400, body=pair_limit)
    with pytest.raises(RateLimited) as caught:
        client.send(OutboundMessage(recipient_external_id=WA_ID, text="hola"))
    assert caught.value.retry_after is None


@pytest.mark.parametrize(
    ("preset", "error_type", "retryable"),
    [("blocked", RecipientBlocked, None), ("token_invalid", CredentialsRejected, None), ("server_error", PlatformError, True)],
)
def test_typed_errors(graph, client, preset, error_type, retryable):
    graph.fail_next(preset)
    with pytest.raises(error_type) as caught:
        client.send(OutboundMessage(recipient_external_id=WA_ID, text="hola"))
    if retryable is not None:
        assert caught.value.retryable is retryable


def test_wrong_token(graph):
    client = WhatsAppClient(credentials={"access_token": "nope"}, account_external_id=PHONE_NUMBER_ID, base_url=graph.base_url)
    with pytest.raises(CredentialsRejected):
        client.send(OutboundMessage(recipient_external_id=WA_ID, text="hola"))


def test_unknown_phone_number_id(graph):
    client = WhatsAppClient(credentials={"access_token": TOKEN}, account_external_id="999", base_url=graph.base_url)
    with pytest.raises(PlatformError) as caught:
        client.send(OutboundMessage(recipient_external_id=WA_ID, text="hola"))
    assert caught.value.code == "100"
    assert "does not exist" in str(caught.value)
