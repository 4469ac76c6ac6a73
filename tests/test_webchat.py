"""The web-chat widget end to end: sessions (anonymous and HMAC-verified), the origin check,
visitor messages into cases through the one ingest path, resends after a reconnect (same
ack, no duplicate), agent replies delivered to the visitor's socket, read receipts, and
tenant isolation.

Websockets run the real ASGI websocket application (config.routing) in-process with
Channels' communicator, on real PostgreSQL.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from urllib.parse import urlsplit

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from channel_accounts.models import ChannelAccount
from channel_accounts.services import channel_account_create
from config.routing import websocket_application
from customers.models import Identity
from inbox.delivery import message_deliver
from inbox.models import Case, DeliveryStatus, Direction, Message
from inbox.services import case_reply
from tests.conftest import Tenant, client_for, make_tenant
from webchat.models import WidgetSession
from webchat.origins import origin_allowed
from webchat.services import identity_hash

pytestmark = pytest.mark.django_db(transaction=True)

SESSIONS = "/api/widget/v1/sessions"
MESSAGES = "/api/widget/v1/messages"
RECEIPTS = "/api/widget/v1/receipts"
SHOP = "https://shop.example.com"
SECRET = "widget-identity-secret"


# --- Builders ---------------------------------------------------------------------------------


def widget_for(tenant: Tenant, *, allowed_origins: str = "", name: str = "Shop chat") -> ChannelAccount:
    return channel_account_create(
        workspace=tenant.workspace,
        kind="webchat",
        name=name,
        credentials={"identity_secret": SECRET, "allowed_origins": allowed_origins},
    )


def start_session(widget: ChannelAccount, origin: str | None = SHOP, **fields):
    client = APIClient()
    headers = {"HTTP_ORIGIN": origin} if origin else {}
    return client.post(SESSIONS, {"widget": widget.pk, **fields}, format="json", **headers)


def visitor_client(token: str, origin: str = SHOP) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ORIGIN=origin)
    return client


def new_id() -> str:
    return str(uuid.uuid4())


async def open_widget_socket(token: str, *, after: int | None = None, origin: str = SHOP) -> tuple[WebsocketCommunicator, dict]:
    path = f"/ws/widget/?token={token}" + (f"&after={after}" if after is not None else "")
    communicator = WebsocketCommunicator(websocket_application, path, headers=[(b"origin", origin.encode())])
    connected, _ = await communicator.connect(timeout=5)
    assert connected
    hello = await communicator.receive_json_from(timeout=5)
    assert hello["type"] == "hello"
    history = await communicator.receive_json_from(timeout=5)
    assert history["type"] == "history"
    return communicator, history


async def next_frame(communicator: WebsocketCommunicator, frame_type: str, timeout: float = 5) -> dict:
    while True:
        frame = await communicator.receive_json_from(timeout=timeout)
        if frame["type"] == frame_type:
            return frame


@pytest.fixture
def tenant(db) -> Tenant:
    return make_tenant("acme")


@pytest.fixture
def widget(tenant) -> ChannelAccount:
    return widget_for(tenant)


# --- Sessions ---------------------------------------------------------------------------------


def test_a_session_gets_a_random_token_of_which_only_the_hash_is_stored_and_resumes(widget):
    response = start_session(widget, language="es-ES")
    assert response.status_code == 201, response.json()
    body = response.json()
    token = body["session_token"]
    assert len(token) >= 22  # ≥ 128 bits, base64url
    assert body["resumed"] is False and body["verified"] is False and body["widget"] == widget.pk
    assert body["widget_name"] == "Shop chat" and body["websocket_path"] == "/ws/widget/"
    session = WidgetSession.objects.get(visitor_id=body["visitor_id"])
    assert session.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {str(value) for value in WidgetSession.objects.values().get(pk=session.pk).values()}
    assert session.identity_external_id == f"visitor:{body['visitor_id']}"
    assert session.language == "es-ES"

    resumed = start_session(widget, session_token=token)
    assert resumed.status_code == 200
    assert resumed.json()["visitor_id"] == body["visitor_id"] and resumed.json()["session_token"] == token
    assert resumed.json()["resumed"] is True
    # The token as a bearer header resumes too; an unknown token just starts a new session.
    by_header = APIClient().post(
        SESSIONS, {"widget": widget.pk}, format="json", HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ORIGIN=SHOP
    )
    assert by_header.status_code == 200 and by_header.json()["visitor_id"] == body["visitor_id"]
    fresh = start_session(widget, session_token="not-a-token")
    assert fresh.status_code == 201 and fresh.json()["visitor_id"] != body["visitor_id"]
    assert WidgetSession.objects.count() == 2


def test_an_unknown_or_inactive_widget_is_404(widget):
    assert start_session(widget, origin=None).status_code == 201  # no Origin: allowed when unrestricted
    response = APIClient().post(SESSIONS, {"widget": 999999}, format="json")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    ChannelAccount.objects.filter(pk=widget.pk).update(is_active=False)
    assert start_session(widget).status_code == 404


def test_a_verified_identity_is_that_customer_and_its_profile_is_trusted(widget):
    signed = identity_hash(identity_secret=SECRET, user_identifier="cust-42")
    assert signed == hmac.new(SECRET.encode(), b"cust-42", hashlib.sha256).hexdigest()
    response = start_session(widget, user_identifier="cust-42", user_hash=signed, name="Ana García", email="ana@example.com")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["verified"] is True and body["name"] == "Ana García"
    session = WidgetSession.objects.get(visitor_id=body["visitor_id"])
    assert session.identity_external_id == "user:cust-42"

    ack = visitor_client(body["session_token"]).post(MESSAGES, {"client_message_id": new_id(), "text": "Hola"}, format="json")
    assert ack.status_code == 201, ack.json()
    identity = Identity.objects.select_related("customer").get(external_id="user:cust-42")
    assert identity.channel_kind == "webchat"
    assert (identity.customer.display_name, identity.customer.email) == ("Ana García", "ana@example.com")

    # Another browser of the same customer: a second session, the same identity and conversation.
    other = start_session(widget, user_identifier="cust-42", user_hash=signed.upper())
    assert other.status_code == 201
    history = visitor_client(other.json()["session_token"]).get(MESSAGES).json()
    assert [m["text"] for m in history["messages"]] == ["Hola"]


@pytest.mark.parametrize(
    "fields",
    [
        {"user_identifier": "cust-42", "user_hash": "0" * 64},
        {"user_identifier": "cust-42", "user_hash": identity_hash(identity_secret="another-secret", user_identifier="cust-42")},
        {"user_identifier": "cust-42"},
        {"user_identifier": "cust-43", "user_hash": identity_hash(identity_secret=SECRET, user_identifier="cust-42")},
    ],
)
def test_a_wrong_or_missing_hash_is_refused_not_downgraded(widget, fields):
    response = start_session(widget, name="Mallory", **fields)
    assert response.status_code == 403
    assert response.json()["code"] == "identity_not_verified"
    assert "user_hash" in response.json()["extra"]["fields"]
    assert not WidgetSession.objects.exists()


def test_an_anonymous_visitors_name_is_not_written_onto_a_customer(widget):
    body = start_session(widget, name="Claims To Be The CEO", email="ceo@brand.com").json()
    assert body["verified"] is False and body["name"] == "" and body["email"] == ""
    visitor_client(body["session_token"]).post(MESSAGES, {"client_message_id": new_id(), "text": "hi"}, format="json")
    customer = Identity.objects.select_related("customer").get(external_id=f"visitor:{body['visitor_id']}").customer
    assert customer.email == "" and "CEO" not in customer.display_name


def test_an_identified_session_is_not_resumed_for_another_identity(widget):
    anonymous = start_session(widget).json()
    signed = identity_hash(identity_secret=SECRET, user_identifier="cust-1")
    verified = start_session(widget, session_token=anonymous["session_token"], user_identifier="cust-1", user_hash=signed)
    assert verified.status_code == 201 and verified.json()["verified"] is True
    # Logged out on the host site: the verified conversation is not handed to whoever is next.
    logged_out = start_session(widget, session_token=verified.json()["session_token"])
    assert logged_out.status_code == 201 and logged_out.json()["verified"] is False


# --- Origins ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("allowed", "origin", "expected"),
    [
        ("", "https://anything.example", True),
        ("", None, True),
        ("*", "https://anything.example", True),
        ("https://shop.example.com", "https://shop.example.com", True),
        ("https://shop.example.com/", "https://shop.example.com:443", True),
        ("https://shop.example.com", "http://shop.example.com", False),
        ("https://shop.example.com", "https://evil.example.com", False),
        ("https://shop.example.com", "https://shop.example.com.evil.net", False),
        ("https://shop.example.com", None, False),
        ("https://shop.example.com", "null", False),
        ("shop.example.com", "http://shop.example.com", True),
        ("https://a.test, https://*.example.com", "https://www.example.com", True),
        ("https://*.example.com", "https://example.com", False),
        ("https://*.example.com", "https://evilexample.com", False),
        ("http://localhost:8000", "http://localhost:8000", True),
        ("http://localhost:8000", "http://localhost:9000", False),
    ],
)
def test_origin_rules(allowed, origin, expected):
    assert origin_allowed(allowed_origins=allowed, origin=origin) is expected


def test_a_page_on_another_origin_is_refused_on_every_call(tenant):
    widget = widget_for(tenant, allowed_origins=f"{SHOP}, https://www.shop.example.com")
    refused = start_session(widget, origin="https://evil.example")
    assert refused.status_code == 403 and refused.json()["code"] == "origin_not_allowed"
    assert start_session(widget, origin=None).status_code == 403
    body = start_session(widget, origin=SHOP).json()
    assert body["session_token"]
    # The token alone is not enough from another page.
    stolen = visitor_client(body["session_token"], origin="https://evil.example")
    assert stolen.post(MESSAGES, {"client_message_id": new_id(), "text": "hi"}, format="json").status_code == 403
    assert stolen.get(MESSAGES).status_code == 403
    assert not Message.objects.exists()
    # Allowed pages can read the answers (CORS), and preflights pass.
    ok = visitor_client(body["session_token"]).get(MESSAGES)
    assert ok.status_code == 200 and ok["Access-Control-Allow-Origin"] == SHOP
    preflight = APIClient().options(MESSAGES, HTTP_ORIGIN=SHOP, HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST")
    assert preflight.status_code == 204 and "Authorization" in preflight["Access-Control-Allow-Headers"]


async def test_the_websocket_handshake_is_refused_for_another_origin():
    tenant = await sync_to_async(make_tenant)("acme")
    widget = await sync_to_async(widget_for)(tenant, allowed_origins=SHOP)
    token = (await sync_to_async(start_session)(widget)).json()["session_token"]
    communicator = WebsocketCommunicator(
        websocket_application, f"/ws/widget/?token={token}", headers=[(b"origin", b"https://evil.example")]
    )
    connected, _ = await communicator.connect(timeout=5)
    assert not connected
    socket, _ = await open_widget_socket(token)
    await socket.disconnect()


async def test_an_unknown_token_is_told_to_start_a_new_session():
    communicator = WebsocketCommunicator(websocket_application, "/ws/widget/?token=nope", headers=[(b"origin", SHOP.encode())])
    connected, _ = await communicator.connect(timeout=5)
    assert connected
    assert (await communicator.receive_json_from(timeout=5))["code"] == "invalid_session"
    closed = await communicator.receive_output(timeout=5)
    assert closed == {"type": "websocket.close", "code": 4401}


# --- Visitor messages -------------------------------------------------------------------------


def test_a_visitor_message_opens_a_case_in_the_inbox(tenant, widget):
    body = start_session(widget).json()
    client = visitor_client(body["session_token"])
    client_message_id = new_id()
    ack = client.post(MESSAGES, {"client_message_id": client_message_id, "text": "Where is my order?"}, format="json")
    assert ack.status_code == 201, ack.json()
    message = Message.objects.select_related("case").get()
    session = WidgetSession.objects.get(visitor_id=body["visitor_id"])
    assert message.external_id == f"{session.pk}:{client_message_id}"
    assert ack.json() == {
        "type": "message.ack",
        "client_message_id": client_message_id,
        "message_id": message.pk,
        "seq": message.pk,
        "created_at": ack.json()["created_at"],
    }

    cases = client_for(tenant.agent).get("/api/v1/cases/").json()["results"]
    assert [(row["id"], row["channel_kind"], row["last_message_preview"]) for row in cases] == [
        (message.case_id, "webchat", "Where is my order?")
    ]

    # The same client_message_id again (a retry): the same ack, nothing new.
    again = client.post(MESSAGES, {"client_message_id": client_message_id, "text": "Where is my order?"}, format="json")
    assert again.status_code == 200 and again.json() == ack.json()
    assert Message.objects.count() == 1


def test_bad_messages_say_what_is_wrong(widget):
    client = visitor_client(start_session(widget).json()["session_token"])
    blank = client.post(MESSAGES, {"client_message_id": new_id(), "text": "   "}, format="json")
    assert blank.status_code == 400 and "text" in blank.json()["extra"]["fields"]
    bad_id = client.post(MESSAGES, {"client_message_id": "no spaces allowed", "text": "hi"}, format="json")
    assert bad_id.status_code == 400 and "client_message_id" in bad_id.json()["extra"]["fields"]
    assert APIClient().get(MESSAGES).status_code == 401
    assert visitor_client("forged-token").get(MESSAGES).status_code == 401


async def test_a_resend_after_reconnect_gets_the_same_ack_and_stores_nothing_twice():
    tenant = await sync_to_async(make_tenant)("acme")
    widget = await sync_to_async(widget_for)(tenant)
    token = (await sync_to_async(start_session)(widget)).json()["session_token"]

    socket, history = await open_widget_socket(token)
    assert history == {"type": "history", "messages": [], "has_more": False}
    first_id = new_id()
    await socket.send_json_to(
        {"type": "message.create", "client_message_id": first_id, "text": "Hello", "sent_at": "2026-11-20T10:00:00.123Z"}
    )
    first_ack = await next_frame(socket, "message.ack")
    assert first_ack["client_message_id"] == first_id
    await socket.disconnect()  # say the connection dropped before the widget got the ack

    # Reconnect: the offline queue (the unacked first message again, and one typed offline) as a batch.
    socket, history = await open_widget_socket(token, after=0)
    assert [m["id"] for m in history["messages"]] == [first_ack["message_id"]]
    assert history["messages"][0]["client_message_id"] == first_id
    second_id = new_id()
    await socket.send_json_to(
        {
            "type": "batch",
            "frames": [
                {"type": "message.create", "client_message_id": first_id, "text": "Hello"},
                {"type": "message.create", "client_message_id": second_id, "text": "Are you there?"},
            ],
        }
    )
    resent_ack = await next_frame(socket, "message.ack")
    second_ack = await next_frame(socket, "message.ack")
    assert resent_ack == first_ack
    assert second_ack["client_message_id"] == second_id and second_ack["message_id"] > first_ack["message_id"]
    await socket.disconnect()

    texts = await sync_to_async(lambda: list(Message.objects.order_by("pk").values_list("text", flat=True)))()
    assert texts == ["Hello", "Are you there?"]
    assert await sync_to_async(Case.objects.count)() == 1
    sent_at = await sync_to_async(lambda: Message.objects.get(pk=first_ack["message_id"]).sent_at)()
    assert sent_at.isoformat() == "2026-11-20T10:00:00.123000+00:00"

    # Gap filling: only what came after the last id the widget has.
    socket, history = await open_widget_socket(token, after=first_ack["message_id"])
    assert [m["id"] for m in history["messages"]] == [second_ack["message_id"]]
    await socket.disconnect()


async def test_the_visitors_other_tabs_see_their_message_and_the_sending_tab_gets_the_ack():
    tenant = await sync_to_async(make_tenant)("acme")
    widget = await sync_to_async(widget_for)(tenant)
    token = (await sync_to_async(start_session)(widget)).json()["session_token"]
    tab_1, _ = await open_widget_socket(token)
    tab_2, _ = await open_widget_socket(token)
    client_message_id = new_id()
    await tab_1.send_json_to({"type": "message.create", "client_message_id": client_message_id, "text": "from tab 1"})
    ack = await next_frame(tab_1, "message.ack")
    echoed = await next_frame(tab_2, "message.created")
    assert echoed["message"]["id"] == ack["message_id"]
    assert echoed["message"]["client_message_id"] == client_message_id and echoed["message"]["direction"] == "in"
    assert await tab_1.receive_nothing(timeout=0.3)
    await tab_1.send_json_to({"type": "nonsense"})
    assert (await tab_1.receive_json_from(timeout=5))["code"] == "unknown_frame"
    await tab_1.send_to(text_data="{not json")
    assert (await tab_1.receive_json_from(timeout=5))["code"] == "invalid_json"
    await tab_1.send_json_to({"type": "message.create", "client_message_id": "x y", "text": "hi"})
    error = await tab_1.receive_json_from(timeout=5)
    assert (error["type"], error["code"], error["ref"]) == ("error", "invalid", "x y")
    await tab_1.send_json_to({"type": "ping"})
    assert (await tab_1.receive_json_from(timeout=5)) == {"type": "pong"}
    await tab_1.disconnect()
    await tab_2.disconnect()


# --- Agent replies and receipts ---------------------------------------------------------------


async def test_an_agent_reply_reaches_the_widget_is_marked_sent_and_then_read():
    tenant = await sync_to_async(make_tenant)("acme")
    widget = await sync_to_async(widget_for)(tenant)
    token = (await sync_to_async(start_session)(widget)).json()["session_token"]
    socket, _ = await open_widget_socket(token)
    await socket.send_json_to({"type": "message.create", "client_message_id": new_id(), "text": "Do you ship to Poland?"})
    ack = await next_frame(socket, "message.ack")

    case = await sync_to_async(lambda: Message.objects.select_related("case").get(pk=ack["message_id"]).case)()
    reply = await sync_to_async(case_reply)(case=case, author=tenant.agent, text="Yes, in 3 days.")
    assert reply.status == DeliveryStatus.QUEUED
    assert await sync_to_async(message_deliver)(message_id=reply.pk) == "sent"

    created = await next_frame(socket, "message.created")
    assert created["message"]["id"] == reply.pk and created["message"]["direction"] == "out"
    assert created["message"]["text"] == "Yes, in 3 days." and created["message"]["status"] == "sent"
    assert created["message"]["author"] == {"name": tenant.agent.user.name}  # a name, never the email
    stored = await sync_to_async(Message.objects.get)(pk=reply.pk)
    assert stored.status == DeliveryStatus.SENT and stored.external_id == f"webchat-out:dialogo:{reply.pk}"
    assert await sync_to_async(message_deliver)(message_id=reply.pk) == "skipped"  # a rerun sends nothing

    await socket.send_json_to({"type": "receipt.read", "up_to_message_id": reply.pk})
    await socket.send_json_to({"type": "ping"})
    await next_frame(socket, "pong")
    assert (await sync_to_async(Message.objects.get)(pk=reply.pk)).status == DeliveryStatus.READ
    await socket.disconnect()

    # A widget that was closed meanwhile gets the reply from the history, in server order.
    socket, history = await open_widget_socket(token)
    assert [(m["direction"], m["id"]) for m in history["messages"]] == [("in", ack["message_id"]), ("out", reply.pk)]
    await socket.disconnect()


def test_read_receipts_over_rest_and_history_fill_gaps(tenant, widget):
    body = start_session(widget).json()
    client = visitor_client(body["session_token"])
    ack = client.post(MESSAGES, {"client_message_id": new_id(), "text": "hi"}, format="json").json()
    case = Message.objects.get(pk=ack["message_id"]).case
    replies = [case_reply(case=case, author=tenant.agent, text=f"reply {n}") for n in range(3)]
    for reply in replies[:2]:
        message_deliver(message_id=reply.pk)
    gap = client.get(MESSAGES, {"after": ack["message_id"]}).json()
    assert [m["text"] for m in gap["messages"]] == ["reply 0", "reply 1", "reply 2"]

    read = client.post(RECEIPTS, {"up_to_message_id": replies[2].pk}, format="json")
    assert read.status_code == 200
    assert read.json() == {"read": [replies[0].pk, replies[1].pk]}  # the queued one is not read before it is sent
    statuses = dict(Message.objects.filter(direction=Direction.OUT).values_list("pk", "status"))
    assert statuses == {replies[0].pk: "read", replies[1].pk: "read", replies[2].pk: "queued"}


# --- Tenant isolation -------------------------------------------------------------------------


def test_a_session_of_one_workspace_cannot_touch_another_workspaces_widget(tenant, widget):
    other_tenant = make_tenant("globex")
    other_widget = widget_for(other_tenant, name="Globex chat")
    other_visitor = start_session(other_widget).json()
    other_ack = (
        visitor_client(other_visitor["session_token"])
        .post(MESSAGES, {"client_message_id": new_id(), "text": "globex secret"}, format="json")
        .json()
    )
    other_case = Message.objects.get(pk=other_ack["message_id"]).case
    other_reply = case_reply(case=other_case, author=other_tenant.agent, text="globex answer")
    message_deliver(message_id=other_reply.pk)

    mine = start_session(widget).json()
    client = visitor_client(mine["session_token"])
    # My token names my session only: on the other widget it starts a new, unrelated session.
    crossed = start_session(other_widget, session_token=mine["session_token"])
    assert crossed.status_code == 201 and crossed.json()["visitor_id"] != mine["visitor_id"]
    assert client.get(MESSAGES, {"after": 0}).json() == {"messages": [], "has_more": False}
    assert client.post(RECEIPTS, {"up_to_message_id": other_reply.pk}, format="json").json() == {"read": []}
    assert Message.objects.get(pk=other_reply.pk).status == DeliveryStatus.SENT
    # Another visitor of the same widget is a stranger too.
    stranger = visitor_client(start_session(widget).json()["session_token"])
    client.post(MESSAGES, {"client_message_id": new_id(), "text": "mine"}, format="json")
    assert stranger.get(MESSAGES).json()["messages"] == []
    # And the message landed in my workspace only.
    assert [row["last_message_preview"] for row in client_for(tenant.agent).get("/api/v1/cases/").json()["results"]] == ["mine"]
    assert [row["last_message_preview"] for row in client_for(other_tenant.agent).get("/api/v1/cases/").json()["results"]] == [
        "globex answer"
    ]


# --- The script and the demo page -------------------------------------------------------------


def test_the_widget_script_and_demo_page_are_served(widget):
    client = APIClient()
    script = client.get("/widget.js")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    source = b"".join(script.streaming_content) if script.streaming else script.content
    assert b"data-widget" in source and b"innerHTML" not in source
    demo = client.get(f"/widget/demo/?widget={widget.pk}")
    assert demo.status_code == 200
    assert f'data-widget="{widget.pk}"'.encode() in demo.content
    assert client.get("/widget/demo/?widget=999999").status_code == 404


# --- In a real browser ------------------------------------------------------------------------


@pytest.mark.e2e
def test_the_widget_in_a_browser_sends_receives_and_survives_a_reload(dialogo_server, tmp_path):
    import os
    import subprocess
    import time

    from tests.conftest import PROJECT_DIR
    from tests.test_e2e_browser import require_browser_stack

    require_browser_stack()
    tenant = make_tenant("acme")
    widget = widget_for(tenant, allowed_origins=dialogo_server.url)
    reply_text = "¡Sí! Enviamos a Polonia en 3 días."
    process = subprocess.Popen(
        ["node", str(PROJECT_DIR / "backend" / "webchat" / "e2e" / "widget.e2e.mjs")],
        env={
            **os.environ,
            "DIALOGO_URL": dialogo_server.url,
            "DIALOGO_WIDGET": str(widget.pk),
            "DIALOGO_REPLY_TEXT": reply_text,
            "DIALOGO_FRONTEND_DIR": str(PROJECT_DIR / "frontend"),
            "DIALOGO_SCREENSHOT_DIR": str(tmp_path),
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output = []
    try:
        for line in process.stdout:
            output.append(line)
            if line.startswith("e2e: acked "):
                message = Message.objects.select_related("case").get(pk=int(line.split()[-1]))
                assert message.text.startswith("<img src=x")
                case_reply(case=message.case, author=tenant.agent, text=reply_text)  # the server's worker delivers it
        process.wait(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    log = "".join(output)
    assert process.returncode == 0, f"{log}\n--- server log ---\n{dialogo_server.log()[-4000:]}"
    assert "e2e: 5 passed, 0 failed" in log
    reply = Message.objects.get(direction=Direction.OUT)
    deadline = time.monotonic() + 10
    while reply.status != DeliveryStatus.READ and time.monotonic() < deadline:  # the open panel reports it read
        time.sleep(0.2)
        reply.refresh_from_db()
    assert reply.status == DeliveryStatus.READ
    assert Message.objects.filter(direction=Direction.IN).count() == 1


def test_the_history_costs_four_queries_whatever_its_length(tenant, widget, django_assert_num_queries):
    client = visitor_client(start_session(widget).json()["session_token"])
    ack = client.post(MESSAGES, {"client_message_id": new_id(), "text": "hi"}, format="json").json()
    case = Message.objects.get(pk=ack["message_id"]).case
    for n in range(4):
        message_deliver(message_id=case_reply(case=case, author=tenant.agent, text=f"reply {n}").pk)
        client.post(MESSAGES, {"client_message_id": new_id(), "text": f"thanks {n}"}, format="json")
    # The session (with its widget), the visitor's identity, the messages (with their authors),
    # the agents' files.
    with django_assert_num_queries(4):
        body = client.get(MESSAGES).json()
    assert len(body["messages"]) == 9 and [m["id"] for m in body["messages"]] == sorted(m["id"] for m in body["messages"])
    assert body["messages"][1]["author"] == {"name": tenant.agent.user.name}


async def test_the_agents_on_the_case_see_the_visitor_typing():
    from accounts.services import api_token_create

    tenant = await sync_to_async(make_tenant)("acme")
    widget = await sync_to_async(widget_for)(tenant)
    token = (await sync_to_async(start_session)(widget)).json()["session_token"]
    visitor, _ = await open_widget_socket(token)
    await visitor.send_json_to({"type": "message.create", "client_message_id": new_id(), "text": "hola"})
    ack = await next_frame(visitor, "message.ack")
    case_id = await sync_to_async(lambda: Message.objects.get(pk=ack["message_id"]).case_id)()

    _, raw_token = await sync_to_async(api_token_create)(membership=tenant.agent, name="ws")
    agent = WebsocketCommunicator(websocket_application, "/ws/", headers=[(b"authorization", f"Bearer {raw_token}".encode())])
    assert (await agent.connect(timeout=5))[0]
    await agent.send_json_to({"type": "subscribe", "case": case_id})
    await next_frame(agent, "case.viewers")
    await visitor.send_json_to({"type": "typing", "state": "on"})
    typing = await next_frame(agent, "case.typing")
    assert typing["payload"]["case_id"] == case_id and typing["payload"]["is_typing"] is True
    assert typing["payload"]["customer"] is True and typing["payload"]["user_id"] is None
    await visitor.disconnect()
    await agent.disconnect()


# --- Files and limits ---------------------------------------------------------------------------


def test_an_agents_file_reaches_the_visitor_through_its_public_link(tenant, widget, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = visitor_client(start_session(widget).json()["session_token"])
    ack = client.post(MESSAGES, {"client_message_id": new_id(), "text": "Can I see the invoice?"}, format="json").json()
    case = Message.objects.get(pk=ack["message_id"]).case
    agent = client_for(tenant.agent)
    pdf = b"%PDF-1.7 invoice"
    upload = agent.post(f"/api/v1/cases/{case.pk}/uploads/", {"file": SimpleUploadedFile("invoice.pdf", pdf, content_type="application/pdf")})
    reply = agent.post(f"/api/v1/cases/{case.pk}/reply/", {"text": "Here it is", "upload_ids": [upload.json()["id"]]}, format="json")
    assert message_deliver(message_id=reply.json()["id"]) == "sent"

    [_, sent] = client.get(MESSAGES).json()["messages"]
    [attachment] = sent["attachments"]
    assert attachment["name"] == "invoice.pdf" and attachment["mime_type"] == "application/pdf"
    assert "/media/replies/" in attachment["url"]
    assert Client().get(urlsplit(attachment["url"]).path).getvalue() == pdf


def test_a_flood_of_visitor_messages_is_refused_with_when_to_retry(widget):
    client = visitor_client(start_session(widget).json()["session_token"])
    first_id = new_id()
    for n in range(30):
        sent = client.post(MESSAGES, {"client_message_id": first_id if n == 0 else new_id(), "text": f"hola {n}"}, format="json")
        assert sent.status_code == 201
    # A resend of a stored message is not counted (a reconnect replays its batch) …
    assert client.post(MESSAGES, {"client_message_id": first_id, "text": "hola 0"}, format="json").status_code == 200
    # … a 31st new one in the minute is.
    flood = client.post(MESSAGES, {"client_message_id": new_id(), "text": "spam"}, format="json")
    assert flood.status_code == 429 and flood.json()["code"] == "rate_limited"
    assert 1 <= int(flood["Retry-After"]) <= 60 and flood.json()["extra"]["retry_after"] == int(flood["Retry-After"])
    assert Message.objects.count() == 30


def test_sessions_started_from_one_address_are_limited(widget):
    for _ in range(30):
        assert start_session(widget).status_code == 201
    refused = start_session(widget)
    assert refused.status_code == 429 and "Too many chat sessions" in refused.json()["message"]


async def test_the_websocket_says_rate_limited_to_a_flooding_visitor():
    tenant = await sync_to_async(make_tenant)("acme")
    widget = await sync_to_async(widget_for)(tenant)
    token = (await sync_to_async(start_session)(widget)).json()["session_token"]
    socket, _ = await open_widget_socket(token)
    await socket.send_json_to({"type": "batch", "frames": [{"type": "message.create", "client_message_id": new_id(), "text": f"m{n}"} for n in range(31)]})
    error = await next_frame(socket, "error")
    assert error["code"] == "rate_limited" and error["ref"]
    await socket.disconnect()
