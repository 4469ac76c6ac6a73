"""An agent typing a reply shows in the visitor's widget; a private note never does.

Both sockets run the real ASGI websocket application (config.routing) in-process: the agent's
/ws/ (inbox.consumers) and the visitor's /ws/widget/ (webchat.consumers), on real PostgreSQL.
"Nothing reached the visitor" is proven without waiting for a silence: a later frame that must
reach them is the first one they get (frames from one socket arrive in order).
"""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from accounts.models import Membership, Role
from accounts.services import api_token_create, member_add
from config.routing import websocket_application
from inbox import presence
from inbox.models import Message
from tests.conftest import PASSWORD, make_tenant
from tests.inbox_helpers import channel_account, ingest
from tests.test_webchat import SECRET, new_id, next_frame, open_widget_socket, start_session, widget_for
from webchat.services import identity_hash

pytestmark = pytest.mark.django_db(transaction=True)


async def agent_socket(membership: Membership, *case_ids: int) -> WebsocketCommunicator:
    _, raw_token = await sync_to_async(api_token_create)(membership=membership, name="ws")
    socket = WebsocketCommunicator(websocket_application, "/ws/", headers=[(b"authorization", f"Bearer {raw_token}".encode())])
    assert (await socket.connect(timeout=5))[0]
    for case_id in case_ids:
        await socket.send_json_to({"type": "subscribe", "case": case_id})
        await next_frame(socket, "case.viewers")
    return socket


async def visitor_with_case(widget, **session_fields) -> tuple[WebsocketCommunicator, int]:
    """A visitor's open widget and the case their first message opened."""
    token = (await sync_to_async(start_session)(widget, **session_fields)).json()["session_token"]
    visitor, _ = await open_widget_socket(token)
    await visitor.send_json_to({"type": "message.create", "client_message_id": new_id(), "text": "hola"})
    ack = await next_frame(visitor, "message.ack")
    case_id = await sync_to_async(lambda: Message.objects.get(pk=ack["message_id"]).case_id)()
    return visitor, case_id


def typing(case_id: int, is_typing: bool, mode: str | None = "reply") -> dict:
    frame = {"type": "typing", "case": case_id, "is_typing": is_typing}
    if mode is not None:
        frame["mode"] = mode
    return frame


async def user_name(membership: Membership) -> str:
    return await sync_to_async(lambda: Membership.objects.select_related("user").get(pk=membership.pk).user.name)()


async def test_an_agent_typing_a_reply_shows_in_the_widget_until_they_stop():
    tenant = await sync_to_async(make_tenant)("acme")
    widget = await sync_to_async(widget_for)(tenant)
    visitor, case_id = await visitor_with_case(widget)
    agent = await agent_socket(tenant.agent, case_id)
    name = await user_name(tenant.agent)

    await agent.send_json_to(typing(case_id, True))
    # The agent's name, as the widget shows their replies (never the email).
    assert await visitor.receive_json_from(timeout=5) == {"type": "typing", "is_typing": True, "name": name}
    await agent.send_json_to(typing(case_id, False))
    assert await visitor.receive_json_from(timeout=5) == {"type": "typing", "is_typing": False, "name": name}
    await agent.disconnect()
    await visitor.disconnect()


async def colleague_of(tenant) -> Membership:
    return await sync_to_async(member_add)(
        workspace=tenant.workspace, email="colleague@acme.test", name="Colleague", role=Role.AGENT, password=PASSWORD
    )


async def test_a_note_being_written_stays_among_agents():
    tenant = await sync_to_async(make_tenant)("acme")
    colleague = await colleague_of(tenant)
    widget = await sync_to_async(widget_for)(tenant)
    visitor, case_id = await visitor_with_case(widget)
    agent = await agent_socket(tenant.agent, case_id)
    watcher = await agent_socket(colleague, case_id)
    agent_name = await user_name(tenant.agent)

    await agent.send_json_to(typing(case_id, True, "note"))
    seen = await next_frame(watcher, "case.typing")  # colleagues do see a note being written
    assert seen["payload"]["is_typing"] is True and seen["payload"]["case_id"] == case_id
    await agent.send_json_to(typing(case_id, False, "note"))
    await agent.send_json_to(typing(case_id, True, None))  # a browser that does not say: not a reply either
    await agent.send_json_to(typing(case_id, False, None))
    # The colleague writes a reply: the first thing the visitor hears is theirs.
    await watcher.send_json_to(typing(case_id, True, "reply"))
    assert await visitor.receive_json_from(timeout=5) == {"type": "typing", "is_typing": True, "name": "Colleague"}

    # The agent's reply turned into a note: the visitor is told the typing stopped, then nothing.
    await agent.send_json_to(typing(case_id, True, "reply"))
    assert await visitor.receive_json_from(timeout=5) == {"type": "typing", "is_typing": True, "name": agent_name}
    await agent.send_json_to(typing(case_id, True, "note"))
    assert await visitor.receive_json_from(timeout=5) == {"type": "typing", "is_typing": False, "name": agent_name}
    await agent.send_json_to(typing(case_id, True, "note"))
    await agent.send_json_to(typing(case_id, False, "note"))
    await watcher.send_json_to(typing(case_id, False, "reply"))
    assert await visitor.receive_json_from(timeout=5) == {"type": "typing", "is_typing": False, "name": "Colleague"}
    for socket in (agent, watcher, visitor):
        await socket.disconnect()


async def test_typing_on_a_case_of_another_channel_reaches_no_visitor():
    tenant = await sync_to_async(make_tenant)("acme")
    colleague = await colleague_of(tenant)
    widget = await sync_to_async(widget_for)(tenant)
    visitor, webchat_case_id = await visitor_with_case(widget)
    api_case_id = await sync_to_async(lambda: ingest(channel_account(tenant.workspace), sender="someone").case.pk)()
    assert await sync_to_async(presence.case_typing_relay)(workspace_id=tenant.workspace.pk, case_id=api_case_id) is None
    assert await sync_to_async(presence.case_typing_relay)(workspace_id=tenant.workspace.pk, case_id=webchat_case_id) is not None
    agent = await agent_socket(tenant.agent, api_case_id)
    watcher = await agent_socket(colleague, webchat_case_id)

    await agent.send_json_to(typing(api_case_id, True))
    await agent.send_json_to(typing(api_case_id, False))
    await watcher.send_json_to(typing(webchat_case_id, True))
    # The web-chat case's typing is the first the visitor hears: the other case's reached nobody.
    assert await visitor.receive_json_from(timeout=5) == {"type": "typing", "is_typing": True, "name": "Colleague"}
    for socket in (agent, watcher, visitor):
        await socket.disconnect()


async def test_another_workspaces_visitor_never_hears_it():
    # The same verified customer id on two workspaces' widgets: two different visitors.
    acme, globex = await sync_to_async(make_tenant)("acme"), await sync_to_async(make_tenant)("globex")
    acme_widget = await sync_to_async(widget_for)(acme)
    globex_widget = await sync_to_async(widget_for)(globex, name="Globex chat")
    alice = {"user_identifier": "alice", "user_hash": identity_hash(identity_secret=SECRET, user_identifier="alice")}
    acme_visitor, acme_case_id = await visitor_with_case(acme_widget, **alice)
    globex_visitor, globex_case_id = await visitor_with_case(globex_widget, **alice)
    # Not even by naming the other workspace's case: the relay is looked up within the agent's workspace.
    assert await sync_to_async(presence.case_typing_relay)(workspace_id=acme.workspace.pk, case_id=globex_case_id) is None
    acme_agent = await agent_socket(acme.agent, acme_case_id)
    globex_agent = await agent_socket(globex.agent, globex_case_id)

    await acme_agent.send_json_to(typing(acme_case_id, True))
    assert (await acme_visitor.receive_json_from(timeout=5))["name"] == await user_name(acme.agent)
    await globex_agent.send_json_to(typing(globex_case_id, True))
    assert (await globex_visitor.receive_json_from(timeout=5))["name"] == await user_name(globex.agent)
    for socket in (acme_agent, globex_agent, acme_visitor, globex_visitor):
        await socket.disconnect()


async def test_the_case_is_looked_up_once_per_socket_not_per_keystroke(monkeypatch):
    tenant = await sync_to_async(make_tenant)("acme")
    widget = await sync_to_async(widget_for)(tenant)
    visitor, case_id = await visitor_with_case(widget)
    agent = await agent_socket(tenant.agent, case_id)
    lookups = []
    real_lookup = presence.case_typing_relay

    def counting_lookup(**kwargs):
        lookups.append(kwargs["case_id"])
        return real_lookup(**kwargs)

    monkeypatch.setattr(presence, "case_typing_relay", counting_lookup)
    for _ in range(5):
        await agent.send_json_to(typing(case_id, True))
    await agent.send_json_to(typing(case_id, False))
    frames = [await visitor.receive_json_from(timeout=5) for _ in range(6)]
    assert [frame["is_typing"] for frame in frames] == [True] * 5 + [False]
    assert lookups == [case_id]
    await agent.disconnect()
    await visitor.disconnect()
