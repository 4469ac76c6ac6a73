"""The inbox websocket: routing (team, assignee, supervision, workspace only while watched),
case subscriptions, who is viewing and typing, presence from the connection, and resync
after a reconnect.

Runs the real ASGI websocket application (auth stack + consumer) in-process with Channels'
communicator, on real PostgreSQL; sockets authenticate with API tokens like a script would.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.utils import timezone

from accounts.models import Membership, Role, Workspace
from accounts.services import api_token_create, member_add, team_create
from channel_accounts.services import channel_account_update
from config.routing import websocket_application
from core import realtime
from core.realtime import case_group, latest_seq, publish_on_commit, team_group, workspace_group
from inbox import consumers, services
from inbox.models import AgentPresence, AssignmentMode, AssignmentPolicy, Case
from tests.conftest import make_tenant
from tests.inbox_helpers import channel_account, ingest

pytestmark = pytest.mark.django_db(transaction=True)


# --- Builders ---------------------------------------------------------------------------------


@sync_to_async
def workspace_with_agents(slug: str = "acme", count: int = 3) -> list[Membership]:
    tenant = make_tenant(slug)
    return [
        member_add(workspace=tenant.workspace, email=f"agent{i}@{slug}.test", name=f"Agent {i}", role=Role.AGENT)
        for i in range(1, count + 1)
    ]


@sync_to_async
def new_case(workspace_id: int, customer: str = "c1") -> Case:
    account = channel_account(Workspace.objects.get(pk=workspace_id))
    return ingest(account, sender=customer).case


@sync_to_async
def publish(event_type: str, payload: dict, *, workspace_id: int, groups: list[str]) -> int:
    return publish_on_commit(event_type, payload, workspace_id=workspace_id, groups=groups).seq


@sync_to_async
def presence_of(membership: Membership) -> AgentPresence | None:
    return AgentPresence.objects.filter(membership=membership).first()


@sync_to_async
def supervisor_of(membership: Membership) -> Membership:
    return member_add(workspace=membership.workspace, email="supervisor@acme.test", name="Sonia", role=Role.SUPERVISOR)


async def open_socket(membership: Membership) -> tuple[WebsocketCommunicator, dict]:
    _, raw_token = await sync_to_async(api_token_create)(membership=membership, name="ws")
    communicator = WebsocketCommunicator(websocket_application, "/ws/", headers=[(b"authorization", f"Bearer {raw_token}".encode())])
    connected, _ = await communicator.connect(timeout=5)
    assert connected
    hello = await communicator.receive_json_from(timeout=5)
    assert hello["type"] == "hello"
    return communicator, hello


async def next_frame(communicator: WebsocketCommunicator, frame_type: str, timeout: float = 5) -> dict:
    """The next frame of `frame_type`, skipping others (presence news, our own viewers list…)."""
    while True:
        frame = await communicator.receive_json_from(timeout=timeout)
        if frame["type"] == frame_type:
            return frame


async def frames_for(communicator: WebsocketCommunicator, seconds: float = 0.4) -> list[dict]:
    """Everything that arrives until `seconds` pass quietly."""
    frames = []
    while not await communicator.receive_nothing(timeout=seconds):
        frames.append(await communicator.receive_json_from())
    return frames


async def watch(communicator: WebsocketCommunicator, scope: str) -> None:
    await communicator.send_json_to({"type": "watch", "scope": scope})
    assert await next_frame(communicator, "watching") == {"type": "watching", "scope": scope}


async def next_presence(communicator: WebsocketCommunicator, membership: Membership) -> dict:
    while True:
        frame = await next_frame(communicator, "presence.updated")
        if frame["payload"]["membership_id"] == membership.pk:
            return frame


def of_type(frames: list[dict], frame_type: str) -> list[dict]:
    return [f for f in frames if f["type"] == frame_type]


# --- Connection, groups, presence -------------------------------------------------------------


async def test_hello_names_the_membership_and_the_latest_seq_and_counts_the_connection():
    a1, a2, _ = await workspace_with_agents()
    seq = await publish("case.created", {"id": 1}, workspace_id=a1.workspace_id, groups=[workspace_group(a1.workspace_id)])
    watcher, _ = await open_socket(await supervisor_of(a1))
    socket_1, hello = await open_socket(a1)
    assert hello == {"type": "hello", "workspace": a1.workspace_id, "user": a1.user_id, "membership": a1.pk, "role": "agent", "seq": hello["seq"]}
    assert hello["seq"] > seq  # includes a1's own presence announcement
    assert (await presence_of(a1)).effective_status == "online"
    online = await next_presence(watcher, a1)
    assert online["payload"] == {"membership_id": a1.pk, "user_id": a1.user_id, "status": "online"}

    await socket_1.disconnect()
    presence = await presence_of(a1)
    assert (presence.connections, presence.effective_status) == (0, "offline")
    offline = await next_presence(watcher, a1)
    assert offline["payload"]["status"] == "offline" and offline["seq"] > online["seq"]
    await watcher.disconnect()


async def test_team_events_reach_team_members_only():
    a1, a2, _ = await workspace_with_agents()
    team = await sync_to_async(lambda: team_create(workspace=Workspace.objects.get(pk=a1.workspace_id), name="Billing", member_ids=[a1.pk]))()
    in_team, _ = await open_socket(a1)
    outside, _ = await open_socket(a2)
    await frames_for(in_team)
    await frames_for(outside)

    await publish("case.updated", {"id": 5}, workspace_id=a1.workspace_id, groups=[team_group(team.pk)])
    assert (await next_frame(in_team, "case.updated"))["payload"] == {"id": 5}
    assert of_type(await frames_for(outside), "case.updated") == []
    await in_team.disconnect()
    await outside.disconnect()


async def test_workspace_events_reach_only_sockets_showing_a_workspace_view():
    a1, a2, _ = await workspace_with_agents()
    watcher, _ = await open_socket(a1)
    other, _ = await open_socket(a2)
    await watch(watcher, "workspace")
    await frames_for(other)

    await publish("case.created", {"id": 1}, workspace_id=a1.workspace_id, groups=[workspace_group(a1.workspace_id)])
    assert (await next_frame(watcher, "case.created"))["payload"] == {"id": 1}
    assert of_type(await frames_for(other), "case.created") == []

    await watch(watcher, "teams")  # back to Mine: the workspace's news stop
    await publish("case.created", {"id": 2}, workspace_id=a1.workspace_id, groups=[workspace_group(a1.workspace_id)])
    assert of_type(await frames_for(watcher), "case.created") == []
    await watcher.send_json_to({"type": "watch", "scope": "everything"})
    assert (await next_frame(watcher, "error"))["code"] == "invalid"
    await watcher.disconnect()
    await other.disconnect()


async def test_case_events_reach_the_team_the_assignee_and_supervisors_once_each():
    a1, a2, a3 = await workspace_with_agents()
    supervisor = await supervisor_of(a1)

    @sync_to_async
    def routed_account():
        workspace = Workspace.objects.get(pk=a1.workspace_id)
        team = team_create(workspace=workspace, name="Social", member_ids=[a1.pk])
        account = channel_account(workspace)
        return channel_account_update(channel_account=account, default_team_id=team.pk), team

    account, team = await routed_account()
    in_team, _ = await open_socket(a1)
    outsider, _ = await open_socket(a2)
    watching_all, _ = await open_socket(a3)
    board, _ = await open_socket(supervisor)
    await watch(watching_all, "workspace")
    await watch(board, "workspace")  # in the workspace and the supervision group: told once
    for communicator in (in_team, outsider, board):
        await frames_for(communicator)

    case = await sync_to_async(lambda: ingest(account, sender="routed").case)()
    assert case.team_id == team.pk  # the account's default team
    for communicator in (in_team, watching_all, board):
        frames = of_type(await frames_for(communicator), "case.created")
        assert [f["payload"]["id"] for f in frames] == [case.pk]
    assert of_type(await frames_for(outsider), "case.created") == []

    # Given to the outsider: they hear of it as its assignee (Mine), by membership.
    await sync_to_async(services.case_assign)(case=case, assignee=a2, actor=supervisor)
    updated = of_type(await frames_for(outsider), "case.updated")
    assert [f["payload"]["assignee_id"] for f in updated] == [a2.pk]
    for communicator in (in_team, outsider, watching_all, board):
        await communicator.disconnect()


async def test_setting_presence_over_the_socket_is_announced():
    a1, a2, _ = await workspace_with_agents()
    socket_1, _ = await open_socket(a1)
    watcher, _ = await open_socket(await supervisor_of(a1))
    other_agent, _ = await open_socket(a2)
    await socket_1.send_json_to({"type": "presence", "status": "away"})
    assert (await next_presence(watcher, a1))["payload"]["status"] == "away"
    own = [f["payload"]["status"] for f in of_type(await frames_for(socket_1), "presence.updated")]
    assert own[-1:] == ["away"]  # the agent's own tabs follow
    told = [f for f in of_type(await frames_for(other_agent), "presence.updated") if f["payload"]["membership_id"] == a1.pk]
    assert told == []  # other agents are not told
    await other_agent.disconnect()
    await socket_1.send_json_to({"type": "presence", "status": "busy"})
    assert (await next_frame(socket_1, "error"))["code"] == "invalid"
    await socket_1.disconnect()
    await watcher.disconnect()


async def test_an_agent_connecting_drains_the_backlog_and_hears_of_it():
    (a1,) = await workspace_with_agents(count=1)

    @sync_to_async
    def waiting_case() -> Case:
        account = channel_account(Workspace.objects.get(pk=a1.workspace_id))
        AssignmentPolicy.objects.create(workspace_id=a1.workspace_id, channel_account=account, mode=AssignmentMode.ROUND_ROBIN)
        return ingest(account, sender="waiting").case

    case = await waiting_case()
    assert case.assignee_id is None
    socket_1, _ = await open_socket(a1)
    assigned = await next_frame(socket_1, "case.updated")
    assert (assigned["payload"]["id"], assigned["payload"]["assignee_id"]) == (case.pk, a1.pk)
    await socket_1.disconnect()


async def test_the_socket_keeps_presence_fresh_with_or_without_pings(monkeypatch):
    (a1,) = await workspace_with_agents(count=1)
    monkeypatch.setattr(consumers, "HEARTBEAT_SECONDS", 0)  # beats as often as allowed (once a second)
    socket_1, _ = await open_socket(a1)
    mark_quiet = sync_to_async(AgentPresence.objects.filter(membership=a1).update)

    long_ago = timezone.now() - timedelta(minutes=1)
    await mark_quiet(last_seen_at=long_ago)
    await socket_1.send_json_to({"type": "ping"})
    assert await next_frame(socket_1, "pong") == {"type": "pong"}
    await frames_for(socket_1, 0.2)  # the refresh is written after the pong
    assert (await presence_of(a1)).last_seen_at > long_ago

    # A quiet browser: the server-side heartbeat alone refreshes it, and restores a count the
    # stale sweep zeroed while this process could not reach the database.
    await mark_quiet(last_seen_at=long_ago, connections=0)
    await frames_for(socket_1, 1.5)
    presence = await presence_of(a1)
    assert presence.last_seen_at > long_ago and presence.connections == 1
    await socket_1.disconnect()
    assert (await presence_of(a1)).connections == 0


# --- Case subscriptions: viewers and typing -------------------------------------------------


async def test_a_case_of_another_workspace_cannot_be_subscribed():
    (a1,) = await workspace_with_agents(count=1)
    (foreign_agent,) = await workspace_with_agents("globex", count=1)
    foreign = await new_case(foreign_agent.workspace_id)
    socket_1, _ = await open_socket(a1)
    await socket_1.send_json_to({"type": "subscribe", "case": foreign.pk})
    error = await next_frame(socket_1, "error")
    assert (error["code"], error["case"]) == ("not_found", foreign.pk)

    await publish("message.created", {"id": 1}, workspace_id=foreign.workspace_id, groups=[case_group(foreign.pk)])
    assert of_type(await frames_for(socket_1), "message.created") == []
    await socket_1.send_json_to({"type": "subscribe", "case": "12"})
    assert (await next_frame(socket_1, "error"))["code"] == "invalid"
    await socket_1.disconnect()


async def test_viewers_and_typing_reach_the_cases_watchers_only():
    a1, a2, a3 = await workspace_with_agents()
    case = await new_case(a1.workspace_id)
    socket_1, _ = await open_socket(a1)
    socket_2, _ = await open_socket(a2)
    bystander, _ = await open_socket(a3)

    await socket_1.send_json_to({"type": "subscribe", "case": case.pk})
    assert [v["user_id"] for v in (await next_frame(socket_1, "case.viewers"))["payload"]["viewers"]] == [a1.user_id]
    await socket_2.send_json_to({"type": "subscribe", "case": case.pk})
    both = [
        {"membership_id": a1.pk, "user_id": a1.user_id, "name": "Agent 1"},
        {"membership_id": a2.pk, "user_id": a2.user_id, "name": "Agent 2"},
    ]
    for watcher in (socket_1, socket_2):
        frame = await next_frame(watcher, "case.viewers")
        while len(frame["payload"]["viewers"]) < 2:
            frame = await next_frame(watcher, "case.viewers")
        assert frame == {"type": "case.viewers", "payload": {"case_id": case.pk, "viewers": both}}

    await socket_1.send_json_to({"type": "typing", "case": case.pk, "is_typing": True})
    typing = await next_frame(socket_2, "case.typing")
    assert typing == {"type": "case.typing", "payload": {"case_id": case.pk, "user_id": a1.user_id, "name": "Agent 1", "is_typing": True}}
    assert of_type(await frames_for(socket_1), "case.typing") == []  # nobody is told they are typing
    bystander_frames = await frames_for(bystander)
    assert of_type(bystander_frames, "case.typing") == of_type(bystander_frames, "case.viewers") == []

    # Typing needs the case open; the bystander is told so.
    await bystander.send_json_to({"type": "typing", "case": case.pk, "is_typing": True})
    assert (await next_frame(bystander, "error"))["code"] == "not_subscribed"
    assert of_type(await frames_for(socket_2), "case.typing") == []

    # Logged case events reach subscribers too.
    await publish("message.created", {"id": 9}, workspace_id=a1.workspace_id, groups=[case_group(case.pk)])
    assert (await next_frame(socket_2, "message.created"))["payload"] == {"id": 9}
    assert of_type(await frames_for(bystander), "message.created") == []

    # Leaving: closing the socket and unsubscribing both update the list.
    await socket_2.disconnect()
    assert (await next_frame(socket_1, "case.viewers"))["payload"]["viewers"] == both[:1]
    await socket_1.send_json_to({"type": "unsubscribe", "case": case.pk})
    await frames_for(socket_1)
    assert (await presence_of(a1)).viewing == {}
    await socket_1.disconnect()
    await bystander.disconnect()


# --- Resync -------------------------------------------------------------------------------------


async def test_resync_returns_what_a_reconnecting_socket_missed_in_order(monkeypatch):
    a1, _, _ = await workspace_with_agents()
    (foreign_agent,) = await workspace_with_agents("globex", count=1)
    case = await new_case(a1.workspace_id)
    other_case = await new_case(a1.workspace_id, "c2")
    socket_1, hello = await open_socket(a1)
    await frames_for(socket_1)
    last_seen = await sync_to_async(latest_seq)(workspace_id=a1.workspace_id)
    await socket_1.disconnect()

    workspace = [workspace_group(a1.workspace_id)]
    missed = [
        await publish("case.created", {"n": 1}, workspace_id=a1.workspace_id, groups=workspace),
        await publish("case.updated", {"n": 2}, workspace_id=a1.workspace_id, groups=workspace),
        await publish("message.created", {"n": 3}, workspace_id=a1.workspace_id, groups=[case_group(case.pk)]),
    ]
    await publish("message.created", {"n": "other case"}, workspace_id=a1.workspace_id, groups=[case_group(other_case.pk)])
    await publish("case.created", {"n": "other tenant"}, workspace_id=foreign_agent.workspace_id, groups=[workspace_group(foreign_agent.workspace_id)])

    socket_1, hello = await open_socket(a1)
    # Without a workspace view on screen, workspace events are not this socket's to replay.
    await socket_1.send_json_to({"type": "resync", "since": last_seen})
    reply = await next_frame(socket_1, "resync")
    assert [e["seq"] for e in reply["events"] if e["type"] != "presence.updated" and e["seq"] > last_seen] == []
    # The browser re-sends what it shows before asking what it missed (watch, then subscribe).
    await watch(socket_1, "workspace")
    await socket_1.send_json_to({"type": "subscribe", "case": case.pk})
    await next_frame(socket_1, "case.viewers")
    await socket_1.send_json_to({"type": "resync", "since": last_seen})
    reply = await next_frame(socket_1, "resync")
    # Events before `since` come back too (the lookback window for late commits); the client
    # drops the seqs it has seen.
    replayed = [e for e in reply["events"] if e["type"] != "presence.updated" and e["seq"] > last_seen]
    assert [e["seq"] for e in replayed] == missed
    assert [e["payload"]["n"] for e in replayed] == [1, 2, 3]
    assert [e["seq"] for e in reply["events"]] == sorted(e["seq"] for e in reply["events"])
    assert reply["complete"] is True and reply["seq"] >= hello["seq"] >= missed[-1]

    monkeypatch.setattr(realtime, "RESYNC_LIMIT", 2)
    await socket_1.send_json_to({"type": "resync", "since": last_seen})
    reply = await next_frame(socket_1, "resync")
    assert len(reply["events"]) == 2 and reply["complete"] is False
    await socket_1.send_json_to({"type": "resync", "since": -1})
    assert (await next_frame(socket_1, "error"))["code"] == "invalid"
    await socket_1.disconnect()


async def test_unknown_messages_get_an_error_frame():
    (a1,) = await workspace_with_agents(count=1)
    socket_1, _ = await open_socket(a1)
    await socket_1.send_json_to({"type": "dance"})
    assert (await next_frame(socket_1, "error"))["code"] == "unknown_message"
    await socket_1.disconnect()


# --- Across processes ---------------------------------------------------------------------------


@pytest.mark.redis
async def test_viewers_and_typing_travel_over_the_redis_layer(redis_channel_layer):
    a1, a2, _ = await workspace_with_agents()
    case = await new_case(a1.workspace_id)
    socket_1, _ = await open_socket(a1)
    socket_2, _ = await open_socket(a2)
    for communicator in (socket_1, socket_2):
        await communicator.send_json_to({"type": "subscribe", "case": case.pk})
    frame = await next_frame(socket_1, "case.viewers")
    while len(frame["payload"]["viewers"]) < 2:
        frame = await next_frame(socket_1, "case.viewers")
    await socket_2.send_json_to({"type": "typing", "case": case.pk, "is_typing": False})
    assert (await next_frame(socket_1, "case.typing"))["payload"]["user_id"] == a2.user_id
    await socket_1.disconnect()
    await socket_2.disconnect()
