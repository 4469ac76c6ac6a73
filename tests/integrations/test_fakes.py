"""The platform fakes themselves: lifecycle, recording, control endpoints, validation, `on_sent`.

Control endpoints are driven with plain httpx, as a test or demo in another process would."""

from __future__ import annotations

import json

import httpx
import pytest

from integrations.errors import MessagingWindowClosed, PlatformError, RateLimited, RecipientBlocked
from integrations.events import ChannelKind
from integrations.fakes import FakeGraph, FakeTelegram, FakeX, SentMessage
from integrations.messenger.client import MessengerClient
from integrations.outbound import OutboundMessage
from integrations.telegram.client import TelegramClient

PAGE, PAGE_TOKEN, PSID = "104857600123456", "PAGE-TOKEN", "6234567890123456"
BOT_TOKEN = "7012345678:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"


@pytest.fixture
def graph():
    fake = FakeGraph()
    fake.add_page(PAGE, access_token=PAGE_TOKEN)
    fake.add_user(PSID, {"first_name": "Lucía"})
    with fake:
        yield fake


@pytest.fixture
def messenger(graph):
    return MessengerClient(credentials={"page_access_token": PAGE_TOKEN}, account_external_id=PAGE, base_url=graph.base_url)


def hello(recipient: str = PSID) -> OutboundMessage:
    return OutboundMessage(recipient_external_id=recipient, text="hola")


def test_start_returns_a_local_base_url_and_stop_frees_it():
    fake = FakeGraph()
    url = fake.start()
    assert url.startswith("http://127.0.0.1:") and url.endswith("/v21.0")
    assert fake.start() == url  # idempotent
    fake.stop()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{url}/me", timeout=1)
    fake.stop()  # idempotent too


def test_control_fail_endpoint_drives_a_client(graph, messenger):
    answer = httpx.post(f"{graph.host_url}/_fake/fail", json={"error": "window_closed", "count": 2})
    assert answer.status_code == 200

    for _ in range(2):
        with pytest.raises(MessagingWindowClosed):
            messenger.send(hello())
    assert messenger.send(hello()).external_id.startswith("m_")  # only two were queued


def test_control_fail_with_an_explicit_response(graph, messenger):
    httpx.post(
        f"{graph.host_url}/_fake/fail",
        json={"status": 429, "body": {"error": {"message": "slow down", "code": 613}}, "headers": {"Retry-After": "42"}},
    )
    with pytest.raises(RateLimited) as caught:
        messenger.send(hello())
    assert caught.value.retry_after == 42


def test_control_requests_and_reset(graph, messenger):
    messenger.send(hello())
    listed = httpx.get(f"{graph.host_url}/_fake/requests").json()["requests"]
    assert len(listed) == 1
    assert listed[0]["method"] == "POST"
    assert listed[0]["path"] == f"/v21.0/{PAGE}/messages"
    assert listed[0]["headers"]["authorization"] == f"Bearer {PAGE_TOKEN}"
    assert listed[0]["body"]["message"] == {"text": "hola"}

    graph.fail_next("server_error")
    assert httpx.post(f"{graph.host_url}/_fake/reset").json() == {"ok": True}
    assert httpx.get(f"{graph.host_url}/_fake/requests").json() == {"requests": []}
    messenger.send(hello())  # the queued failure was forgotten too


def test_control_rejects_unknown_presets_and_actions(graph):
    answer = httpx.post(f"{graph.host_url}/_fake/fail", json={"error": "meteor_strike"})
    assert answer.status_code == 400
    assert "window_closed" in answer.json()["error"]
    assert httpx.get(f"{graph.host_url}/_fake/nothing").status_code == 404
    with pytest.raises(ValueError):
        graph.fail_next("meteor_strike")


def test_failures_only_hit_sends(graph, messenger):
    graph.fail_next("server_error")
    assert messenger.profile(PSID) is not None  # a profile lookup does not consume it
    messenger.mark_read(recipient_external_id=PSID)  # nor does a read mark
    with pytest.raises(PlatformError):
        messenger.send(hello())


def test_on_sent_reports_each_accepted_send(graph, messenger):
    sent: list[SentMessage] = []
    graph.on_sent = sent.append
    graph.fail_next("blocked")
    with pytest.raises(RecipientBlocked):  # refused: not reported
        messenger.send(hello())
    result = messenger.send(hello())
    assert sent == [SentMessage(ChannelKind.MESSENGER, PAGE, PSID, result.external_id, "hola")]


def test_a_failing_on_sent_callback_does_not_fail_the_send(graph, messenger):
    def explode(_: SentMessage) -> None:
        raise RuntimeError("demo bug")

    graph.on_sent = explode
    assert messenger.send(hello()).external_id.startswith("m_")


def test_graph_accepts_query_token_and_versionless_paths(graph):
    answer = httpx.post(
        f"{graph.host_url}/{PAGE}/messages",
        params={"access_token": PAGE_TOKEN},
        json={"recipient": {"id": PSID}, "messaging_type": "RESPONSE", "message": {"text": "hola"}},
    )
    assert answer.status_code == 200
    assert answer.json()["recipient_id"] == PSID
    assert graph.last_request().query == {"access_token": PAGE_TOKEN}


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ({"messaging_type": "RESPONSE", "message": {"text": "x"}}, "recipient is required"),
        ({"recipient": {"id": PSID}, "message": {"text": "x"}}, "messaging_type is required"),
        ({"recipient": {"id": PSID}, "messaging_type": "MESSAGE_TAG", "message": {"text": "x"}}, "Tag is required"),
        ({"recipient": {"id": PSID}, "messaging_type": "RESPONSE", "message": {"text": "x" * 2001}}, "2000"),
        (
            {"recipient": {"id": PSID}, "messaging_type": "RESPONSE", "message": {"attachment": {"type": "gif", "payload": {}}}},
            "attachment",
        ),
    ],
)
def test_graph_validates_send_api_bodies(graph, body, needle):
    answer = httpx.post(f"{graph.base_url}/{PAGE}/messages", headers={"Authorization": f"Bearer {PAGE_TOKEN}"}, json=body)
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error["code"] == 100 and needle in error["message"]
    assert error["fbtrace_id"]


def test_graph_auth_errors_are_graphs():
    fake = FakeGraph()
    fake.add_page(PAGE, access_token=PAGE_TOKEN)
    with fake:
        missing = httpx.post(f"{fake.base_url}/{PAGE}/messages", json={})
        wrong = httpx.post(f"{fake.base_url}/{PAGE}/messages", headers={"Authorization": "Bearer nope"}, json={})
    assert missing.json()["error"]["code"] == 104
    assert (wrong.json()["error"]["code"], wrong.json()["error"]["type"]) == (190, "OAuthException")


def test_graph_can_accept_any_recipient_for_demos():
    fake = FakeGraph(accept_unknown_recipients=True)
    fake.add_page(PAGE, access_token=PAGE_TOKEN)
    with fake:
        client = MessengerClient(credentials={"page_access_token": PAGE_TOKEN}, account_external_id=PAGE, base_url=fake.base_url)
        assert client.send(hello("6999999999999999")).external_id.startswith("m_")


def test_whatsapp_ids_look_real():
    fake = FakeGraph()
    fake.add_phone_number("106540352242922", access_token="WA")
    with fake:
        answer = httpx.post(
            f"{fake.base_url}/106540352242922/messages",
            headers={"Authorization": "Bearer WA"},
            json={"messaging_product": "whatsapp", "to": "34600111222", "type": "text", "text": {"body": "hola"}},
        ).json()
        refused = httpx.post(
            f"{fake.base_url}/106540352242922/messages", headers={"Authorization": "Bearer WA"}, json={"to": "34600111222"}
        )
    assert answer["contacts"] == [{"input": "34600111222", "wa_id": "34600111222"}]
    assert answer["messages"][0]["id"].startswith("wamid.HBgL")
    assert refused.status_code == 400 and "messaging_product" in refused.json()["error"]["message"]


def test_telegram_ids_increase_per_chat_and_share_the_sequence_with_simulated_inbound():
    fake = FakeTelegram(accept_unknown_chats=True)
    fake.add_bot(BOT_TOKEN)
    with fake:
        client = TelegramClient(credentials={"bot_token": BOT_TOKEN}, account_external_id="7012345678", base_url=fake.base_url)
        first = client.send(OutboundMessage(recipient_external_id="100", text="a")).external_id
        inbound = fake.allocate_message_id(100)
        second = client.send(OutboundMessage(recipient_external_id="100", text="b")).external_id
        other_chat = client.send(OutboundMessage(recipient_external_id="200", text="c")).external_id
    assert (first, inbound, second, other_chat) == ("100:1", 2, "100:3", "200:1")


def test_telegram_answers_like_the_bot_api():
    fake = FakeTelegram()
    fake.add_bot(BOT_TOKEN)
    fake.add_chat(100, first_name="Ana")
    with fake:
        base = f"{fake.base_url}/bot{BOT_TOKEN}"
        form = httpx.post(f"{base}/sendMessage", data={"chat_id": "100", "text": "por formulario"}).json()
        empty = httpx.post(f"{base}/sendMessage", json={"chat_id": 100, "text": " "}).json()
        unknown_method = httpx.post(f"{base}/sendTelepathy", json={}).json()
        bad_token = httpx.post(f"{fake.base_url}/bot1:nope/getMe").json()
        me = httpx.get(f"{base}/getMe").json()
        httpx.post(f"{fake.host_url}/_fake/fail", json={"error": "rate_limited", "retry_after": 9})
        limited = httpx.post(f"{base}/sendMessage", json={"chat_id": 100, "text": "x"})
    assert form["ok"] is True and form["result"]["text"] == "por formulario"
    assert empty == {"ok": False, "error_code": 400, "description": "Bad Request: message text is empty"}
    assert unknown_method == {"ok": False, "error_code": 404, "description": "Not Found"}
    assert bad_token == {"ok": False, "error_code": 401, "description": "Unauthorized"}
    assert me["result"]["id"] == 7012345678 and me["result"]["is_bot"] is True
    assert limited.status_code == 429
    assert limited.json()["parameters"] == {"retry_after": 9}


def test_x_answers_problems_and_snowflakes():
    sent: list[SentMessage] = []
    fake = FakeX(on_sent=sent.append)
    fake.add_account("1500000000000000001", access_token="T")
    fake.add_user("2244994945", name="Sam", username="sam")
    with fake:
        headers = {"Authorization": "Bearer T"}
        url = f"{fake.base_url}/2/dm_conversations/with/2244994945/messages"
        created = httpx.post(url, headers=headers, json={"text": "hi"})
        empty = httpx.post(url, headers=headers, json={})
        anonymous = httpx.post(url, json={"text": "hi"})
    assert created.status_code == 201
    data = created.json()["data"]
    assert data["dm_conversation_id"] == "2244994945-1500000000000000001"  # lower id first
    assert len(data["dm_event_id"]) == 19
    assert empty.status_code == 400 and empty.json()["type"].endswith("/invalid-request")
    assert anonymous.status_code == 401 and anonymous.json()["title"] == "Unauthorized"
    assert sent == [SentMessage(ChannelKind.X, "1500000000000000001", "2244994945", data["dm_event_id"], "hi")]


def test_requests_are_recorded_even_when_refused(graph):
    httpx.post(f"{graph.base_url}/{PAGE}/messages", json={"recipient": {"id": PSID}})
    [request] = graph.requests
    assert request.body == {"recipient": {"id": PSID}}
    assert json.loads(request.raw) == {"recipient": {"id": PSID}}  # the exact bytes are kept too
