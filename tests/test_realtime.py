"""The websocket at /ws/: same authentication as the API, events only after commit.

Runs the real ASGI websocket application (Channels auth stack + consumer) in-process with
Channels' communicator. The in-memory layer is the embedded default; the Redis test runs
the same flow over the Redis pub/sub layer used when REDIS_URL is set.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings as django_settings
from django.db import transaction
from django.test import Client
from django.utils import timezone

from accounts.services import api_token_create
from config.routing import websocket_application
from core.models import RealtimeEvent
from core.realtime import events_since, publish_on_commit, pushes_batched, supervision_group, workspace_group
from tests.conftest import make_tenant

pytestmark = pytest.mark.django_db(transaction=True)

OWN_ORIGIN = (b"origin", b"http://127.0.0.1:8000")


@sync_to_async
def session_cookie_for(slug: str, *, role: str = "agent") -> tuple[bytes, int]:
    tenant = make_tenant(slug)
    client = Client()
    client.force_login(getattr(tenant, role).user)
    cookie = f"{django_settings.SESSION_COOKIE_NAME}={client.cookies[django_settings.SESSION_COOKIE_NAME].value}"
    return cookie.encode(), tenant.workspace.pk


async def connect(headers: list[tuple[bytes, bytes]]) -> tuple[WebsocketCommunicator, bool]:
    communicator = WebsocketCommunicator(websocket_application, "/ws/", headers=headers)
    connected, _ = await communicator.connect(timeout=5)
    return communicator, connected


async def next_event(communicator: WebsocketCommunicator) -> dict:
    """The next frame, skipping presence news (a connecting agent is announced online)."""
    while True:
        frame = await communicator.receive_json_from(timeout=5)
        if frame["type"] != "presence.updated":
            return frame


async def watch_workspace(communicator: WebsocketCommunicator) -> None:
    """Show a workspace-wide view: only then do workspace events reach the socket."""
    await communicator.send_json_to({"type": "watch", "scope": "workspace"})
    assert await next_event(communicator) == {"type": "watching", "scope": "workspace"}


async def nothing_but_presence(communicator: WebsocketCommunicator, timeout: float = 0.3) -> bool:
    while not await communicator.receive_nothing(timeout=timeout):
        if (await communicator.receive_json_from())["type"] != "presence.updated":
            return False
    return True


@sync_to_async
def publish_in_transaction(workspace_id: int, *, commit: bool) -> None:
    try:
        with transaction.atomic():
            publish_on_commit("case.created", {"id": 7}, workspace_id=workspace_id, groups=[workspace_group(workspace_id)])
            if not commit:
                raise RuntimeError("roll back")
    except RuntimeError:
        pass


async def test_session_socket_gets_hello_and_events_after_commit_only():
    cookie, workspace_id = await session_cookie_for("acme")
    communicator, connected = await connect([(b"cookie", cookie), OWN_ORIGIN])
    assert connected
    hello = await communicator.receive_json_from(timeout=5)
    assert hello["type"] == "hello" and hello["workspace"] == workspace_id and hello["role"] == "agent"
    await watch_workspace(communicator)

    await publish_in_transaction(workspace_id, commit=False)
    assert await nothing_but_presence(communicator)

    await publish_in_transaction(workspace_id, commit=True)
    event = await next_event(communicator)
    assert event["type"] == "case.created" and event["payload"] == {"id": 7} and event["seq"] > 0
    await communicator.disconnect()


@sync_to_async
def publish_batch(workspace_id: int) -> None:
    """What the inbound drain does with a batch: several transactions' events, one rolled back
    in a savepoint, held until the end of the block and pushed per group."""
    with pushes_batched(), transaction.atomic():
        for case_id in (1, 2):
            publish_on_commit(
                "case.created",
                {"id": case_id},
                workspace_id=workspace_id,
                groups=[workspace_group(workspace_id), supervision_group(workspace_id)],
            )
        try:
            with transaction.atomic():
                publish_on_commit("case.created", {"id": 99}, workspace_id=workspace_id, groups=[workspace_group(workspace_id)])
                raise RuntimeError("roll back this one")
        except RuntimeError:
            pass
        publish_on_commit("case.updated", {"id": 1}, workspace_id=workspace_id, groups=[supervision_group(workspace_id)])


async def test_a_batch_reaches_a_socket_in_several_of_its_groups_once_per_event_in_order():
    cookie, workspace_id = await session_cookie_for("acme", role="admin")
    communicator, connected = await connect([(b"cookie", cookie), OWN_ORIGIN])
    assert connected
    await communicator.receive_json_from(timeout=5)  # hello
    await watch_workspace(communicator)  # now in the workspace group as well as supervision

    await publish_batch(workspace_id)
    frames = [await next_event(communicator) for _ in range(3)]
    assert [(frame["type"], frame["payload"]["id"]) for frame in frames] == [
        ("case.created", 1),
        ("case.created", 2),
        ("case.updated", 1),
    ]
    assert frames[0]["seq"] < frames[1]["seq"] < frames[2]["seq"]
    assert await nothing_but_presence(communicator)  # no copy through the second group, no rolled-back event
    await communicator.disconnect()


def test_a_batch_leaves_as_one_layer_message_per_group():
    from asgiref.sync import async_to_sync
    from channels.layers import get_channel_layer

    tenant = make_tenant("acme")
    workspace_id = tenant.workspace.pk
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(supervision_group(workspace_id), channel)
    publish_batch.func(workspace_id)
    received = async_to_sync(layer.receive)(channel)
    assert [json.loads(text)["payload"]["id"] for text, _ in received["frames"]] == [1, 2, 1]
    assert [seq for _, seq in received["frames"]] == sorted(seq for _, seq in received["frames"])


async def test_events_do_not_cross_workspaces():
    cookie_a, workspace_a = await session_cookie_for("acme")
    cookie_b, _ = await session_cookie_for("globex")
    socket_b, connected = await connect([(b"cookie", cookie_b), OWN_ORIGIN])
    assert connected
    await socket_b.receive_json_from(timeout=5)  # hello
    await watch_workspace(socket_b)
    await publish_in_transaction(workspace_a, commit=True)
    assert await nothing_but_presence(socket_b)
    await socket_b.disconnect()


async def test_unauthenticated_socket_is_refused():
    communicator, connected = await connect([OWN_ORIGIN])
    assert not connected


async def test_cookie_from_a_foreign_origin_is_refused():
    cookie, _ = await session_cookie_for("acme")
    communicator, connected = await connect([(b"cookie", cookie), (b"origin", b"https://evil.example")])
    assert not connected


async def test_api_token_authenticates_a_script_without_origin():
    @sync_to_async
    def mint() -> tuple[str, int]:
        tenant = make_tenant("acme")
        return api_token_create(membership=tenant.admin, name="ws")[1], tenant.workspace.pk

    raw_token, workspace_id = await mint()
    communicator, connected = await connect([(b"authorization", f"Bearer {raw_token}".encode())])
    assert connected
    assert (await communicator.receive_json_from(timeout=5))["role"] == "admin"
    await communicator.send_json_to({"type": "ping"})
    assert await next_event(communicator) == {"type": "pong"}
    await communicator.disconnect()

    bad, connected = await connect([(b"authorization", b"Bearer dlg_not_a_token")])
    assert not connected


@pytest.mark.redis
async def test_events_travel_over_redis_pubsub_layer(redis_channel_layer):
    cookie, workspace_id = await session_cookie_for("acme")
    communicator, connected = await connect([(b"cookie", cookie), OWN_ORIGIN])
    assert connected
    await communicator.receive_json_from(timeout=5)
    await watch_workspace(communicator)
    await publish_in_transaction(workspace_id, commit=True)
    event = await next_event(communicator)
    assert (event["type"], event["payload"]) == ("case.created", {"id": 7})
    await communicator.disconnect()


def test_resync_replays_a_late_committer_with_a_lower_seq():
    """seq is taken at INSERT: an event of a transaction that began first can become
    visible after one with a higher seq was pushed. Resync looks back a little to catch it."""
    tenant = make_tenant("acme")
    group = workspace_group(tenant.workspace.pk)
    old = RealtimeEvent.objects.create(workspace=tenant.workspace, type="case.updated", payload={"n": 0}, groups=[group])
    RealtimeEvent.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    late = RealtimeEvent.objects.create(workspace=tenant.workspace, type="case.updated", payload={"n": 1}, groups=[group])
    seen = RealtimeEvent.objects.create(workspace=tenant.workspace, type="case.updated", payload={"n": 2}, groups=[group])
    newer = RealtimeEvent.objects.create(workspace=tenant.workspace, type="case.updated", payload={"n": 3}, groups=["team.999"])

    frames, complete = events_since(workspace_id=tenant.workspace.pk, since_seq=seen.seq, groups=[group])
    assert complete
    assert [f["seq"] for f in frames] == [late.seq, seen.seq], "the lookback window, not events of other groups or long ago"
    assert newer.seq not in [f["seq"] for f in frames]
