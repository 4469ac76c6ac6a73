"""The websocket at /ws/: live inbox events, presence, who is viewing and who is typing.

Authentication happens before this consumer runs (accounts.realtime_auth puts `user`,
`workspace_id` and `role` in the scope, from the session cookie or an API token). A socket
without them is refused at the handshake (HTTP 403), never accepted and then closed.

What a socket hears (groups: see core.realtime):
- always: its user and membership (cases assigned to the agent, mentions, own presence),
  each of its teams (cases of the team), and, for supervisors and admins, the supervision
  group (every case change and everyone's presence: the board);
- while the browser shows a workspace-wide view (All, Unassigned, Pending, Snoozed,
  Breaching soon, a tag): the workspace group — every case change in the workspace. Not by
  default: 1,000 agents each told of every case is a million deliveries for a thousand cases;
- the cases it has subscribed to (the case the agent has open): their messages and timeline.
Server → client frames are `{"type", "payload", "seq"}` for logged events (seq orders them
and feeds resync) and `{"type", "payload"}` for ephemeral ones (case.viewers, case.typing).
An event addressed to several of the socket's groups is sent once.

Client → server messages (JSON):
- `{"type": "ping"}` → `{"type": "pong"}`
- `{"type": "watch", "scope": "workspace" | "teams"}` → `{"type": "watching", "scope"}`:
  what the browser shows. `workspace` joins the workspace group; `teams` (the default at
  connect: Mine, a team's view, or no inbox on screen) leaves it. Send it when the view
  changes and again after every `hello` (a new connection starts at `teams`), before
  `resync`, so the resync covers the workspace group too.
- `{"type": "subscribe", "case": ID}` / `{"type": "unsubscribe", "case": ID}`: open or
  close a case; everyone on the case gets the new `case.viewers` list.
- `{"type": "typing", "case": ID, "is_typing": bool, "mode": "reply" | "note"}` →
  `case.typing` to the case's other watchers (only for a subscribed case); while the mode is
  `reply`, also to the customer when their channel shows typing (the web-chat widget).
- `{"type": "resync", "since": SEQ}` → `{"type": "resync", "events": [...], "complete":
  bool, "seq": latest}`: what this socket's groups (as they are now: watch scope and open
  cases included) missed; `complete: false` means too much was missed to replay — refetch
  the views instead.
- `{"type": "presence", "status": "online" | "away" | "offline"}`: the agent's own status.
Errors come back as `{"type": "error", "code", "message"}`.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections import deque
from typing import Any

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from procrastinate.exceptions import AlreadyEnqueued

from accounts.models import Membership, Role, TeamMembership
from core.errors import ApplicationError
from core.realtime import (
    CONSUMER_HANDLER,
    case_group,
    events_since,
    latest_seq,
    member_group,
    supervision_group,
    team_group,
    user_group,
    workspace_group,
)
from inbox import presence

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = presence.HEARTBEAT_INTERVAL.total_seconds()
WATCH_SCOPES = ("teams", "workspace")
# How many recently sent seqs a socket remembers to forward an event once however many of
# its groups it was addressed to (the copies arrive within one batch's pushes: the inbound
# drain pushes up to a few hundred events per batch, one channel-layer message per group).
RECENT_SEQS = 512


@database_sync_to_async
def _membership_and_teams(user_id: int, workspace_id: int) -> tuple[Membership | None, list[int]]:
    membership = Membership.objects.select_related("user").filter(user_id=user_id, workspace_id=workspace_id, is_active=True).first()
    if membership is None:
        return None, []
    return membership, list(TeamMembership.objects.filter(membership=membership).order_by("team_id").values_list("team_id", flat=True))


@database_sync_to_async
def _resync(workspace_id: int, since: int, groups: list[str]) -> dict[str, Any]:
    events, complete = events_since(workspace_id=workspace_id, since_seq=since, groups=groups)
    return {"type": "resync", "events": events, "complete": complete, "seq": latest_seq(workspace_id=workspace_id)}


def _case_id(content: dict) -> int | None:
    value = content.get("case")
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        return None
    return value


class RealtimeConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self) -> None:
        user = self.scope.get("user")
        workspace_id = self.scope.get("workspace_id")
        if user is None or not user.is_authenticated or workspace_id is None:
            await self.close()
            return
        membership, team_ids = await _membership_and_teams(user.pk, workspace_id)
        if membership is None:
            await self.close()
            return
        self.membership = membership
        self.workspace_id = workspace_id
        self.display_name = user.name or user.email
        self.base_groups = [user_group(user.pk), member_group(membership.pk), *(team_group(team_id) for team_id in team_ids)]
        if membership.has_role(Role.SUPERVISOR):
            self.base_groups.append(supervision_group(workspace_id))
        self.watching_workspace = False
        self.viewing: set[int] = set()
        self.recent_seqs: deque[int] = deque()  # oldest first; recent_seq_set for lookups
        self.recent_seq_set: set[int] = set()
        self.typing_relays: dict[int, presence.TypingRelay | None] = {}  # per case, asked once
        self.customer_sees_typing: set[int] = set()  # cases whose customer was told "typing"
        # Serializes the heartbeat with disconnect, so a beat finishing late cannot count a
        # connection back in after the socket has been counted out.
        self.presence_lock = asyncio.Lock()
        self.heartbeat: asyncio.Task | None = None  # set once the connection is counted
        for group in self.base_groups:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
        await database_sync_to_async(presence.presence_connect)(membership=membership)
        # As if last touched up to one interval ago: the first beat comes at a random point of the
        # interval. Sockets reconnecting together (a deploy, a network blip) would otherwise beat
        # together forever — a burst of presence UPDATEs every interval that delays live events.
        self.last_touch = time.monotonic() - random.uniform(0, HEARTBEAT_SECONDS)
        self.heartbeat = asyncio.create_task(self._heartbeat_forever())
        # Read after joining the groups: anything logged later reaches this socket live.
        seq = await database_sync_to_async(latest_seq)(workspace_id=workspace_id)
        await self.send_json(
            {"type": "hello", "workspace": workspace_id, "user": user.pk, "membership": membership.pk, "role": self.scope.get("role"), "seq": seq}
        )

    async def disconnect(self, code: int) -> None:
        if not hasattr(self, "base_groups"):
            return  # refused at the handshake: nothing joined, nothing counted
        async with self.presence_lock:
            viewed = sorted(self.viewing)
            self.viewing.clear()
            for group in [*self._groups(), *(case_group(case_id) for case_id in viewed)]:
                await self.channel_layer.group_discard(group, self.channel_name)
            if self.heartbeat is None:
                return  # failed before the connection was counted
            self.heartbeat.cancel()
            try:
                await database_sync_to_async(presence.presence_disconnect)(membership=self.membership, viewed_case_ids=viewed)
            except Exception:  # the socket is gone either way; a stale count expires on its own
                logger.exception("presence_disconnect failed for membership %s", self.membership.pk)

    # --- Client → server ------------------------------------------------------------------

    async def receive_json(self, content, **kwargs) -> None:
        kind = content.get("type") if isinstance(content, dict) else None
        handler = {
            "ping": self._ping,
            "watch": self._watch,
            "subscribe": self._subscribe,
            "unsubscribe": self._unsubscribe,
            "typing": self._typing,
            "resync": self._resync,
            "presence": self._presence,
        }.get(kind)
        if handler is None:
            await self._error("unknown_message", "Unknown message type.")
            return
        try:
            await handler(content)
        except ApplicationError as error:
            await self._error(error.code, error.message, **({"case": content.get("case")} if "case" in content else {}))

    async def _ping(self, content: dict) -> None:
        await self.send_json({"type": "pong"})
        if time.monotonic() - self.last_touch >= HEARTBEAT_SECONDS:
            async with self.presence_lock:
                await self._touch()

    def _groups(self) -> list[str]:
        """The socket's groups but its open cases'."""
        return [*self.base_groups, workspace_group(self.workspace_id)] if self.watching_workspace else list(self.base_groups)

    async def _watch(self, content: dict) -> None:
        scope = content.get("scope")
        if scope not in WATCH_SCOPES:
            raise ApplicationError(f"'scope' must be one of {list(WATCH_SCOPES)}.", code="invalid")
        workspace = scope == "workspace"
        if workspace and not self.watching_workspace:
            await self.channel_layer.group_add(workspace_group(self.workspace_id), self.channel_name)
        elif not workspace and self.watching_workspace:
            await self.channel_layer.group_discard(workspace_group(self.workspace_id), self.channel_name)
        self.watching_workspace = workspace
        await self.send_json({"type": "watching", "scope": scope})

    async def _subscribe(self, content: dict) -> None:
        case_id = _case_id(content)
        if case_id is None:
            raise ApplicationError("'case' must be a case id.", code="invalid")
        if case_id in self.viewing:
            # Already open on this socket: counted once; the client just gets the list again.
            await database_sync_to_async(presence.case_viewers_broadcast)(workspace_id=self.workspace_id, case_id=case_id)
            return
        # Checked against the socket's workspace before joining: another tenant's case group
        # is never joined, not even for a moment.
        await database_sync_to_async(presence.case_viewing_start)(membership=self.membership, case_id=case_id)
        self.viewing.add(case_id)
        await self.channel_layer.group_add(case_group(case_id), self.channel_name)
        await database_sync_to_async(presence.case_viewers_broadcast)(workspace_id=self.workspace_id, case_id=case_id)
        await database_sync_to_async(_mark_read_later)(case_id)

    async def _unsubscribe(self, content: dict) -> None:
        case_id = _case_id(content)
        if case_id is None or case_id not in self.viewing:
            return  # closing a case that is not open is already done
        self.viewing.discard(case_id)
        await self.channel_layer.group_discard(case_group(case_id), self.channel_name)
        await database_sync_to_async(presence.case_viewing_stop)(membership=self.membership, case_id=case_id)

    async def _typing(self, content: dict) -> None:
        case_id = _case_id(content)
        if case_id is None or case_id not in self.viewing:
            raise ApplicationError("Subscribe to the case before typing on it.", code="not_subscribed")
        is_typing = bool(content.get("is_typing"))
        # The customer hears only of a public reply being written (`"mode": "reply"`); a note — or
        # a browser that does not say — stays among agents. Switching to a note after the
        # customer was told "typing" tells them it stopped.
        customer_typing = is_typing and content.get("mode") == "reply"
        relay = None
        if customer_typing or case_id in self.customer_sees_typing:
            if case_id not in self.typing_relays:  # the one query; every later frame costs none
                self.typing_relays[case_id] = await database_sync_to_async(presence.case_typing_relay)(
                    workspace_id=self.workspace_id, case_id=case_id
                )
            relay = self.typing_relays[case_id]
        if relay is not None and customer_typing:
            self.customer_sees_typing.add(case_id)
        else:
            self.customer_sees_typing.discard(case_id)
        # No database involved: run off the database thread so typing never queues behind queries.
        await sync_to_async(presence.case_typing_broadcast, thread_sensitive=False)(
            membership=self.membership,
            name=self.display_name,
            case_id=case_id,
            is_typing=is_typing,
            customer_relay=relay,
            customer_typing=customer_typing,
            customer_name=self.membership.user.name or "",  # as the widget shows replies: never the email
        )

    async def _resync(self, content: dict) -> None:
        since = content.get("since")
        if isinstance(since, bool) or not isinstance(since, int) or since < 0:
            raise ApplicationError("'since' must be the last seq received (0 for everything kept).", code="invalid")
        groups = [*self._groups(), *(case_group(case_id) for case_id in sorted(self.viewing))]
        await self.send_json(await _resync(self.workspace_id, since, groups))

    async def _presence(self, content: dict) -> None:
        await database_sync_to_async(presence.presence_set_status)(membership=self.membership, status=content.get("status"))

    async def _error(self, code: str, message: str, **extra: Any) -> None:
        await self.send_json({"type": "error", "code": code, "message": message, **extra})

    # --- Presence heartbeat -------------------------------------------------------------------

    async def _touch(self) -> None:
        self.last_touch = time.monotonic()
        await database_sync_to_async(presence.presence_touch)(membership=self.membership)

    async def _heartbeat_forever(self) -> None:
        """Keep last_seen_at fresh while the socket lives, whether or not the browser pings:
        presence must expire when this process dies, not when a browser is quiet."""
        while True:
            await asyncio.sleep(max(HEARTBEAT_SECONDS - (time.monotonic() - self.last_touch), 1))
            if time.monotonic() - self.last_touch < HEARTBEAT_SECONDS:
                continue  # a ping refreshed it meanwhile
            async with self.presence_lock:
                try:
                    await self._touch()
                except Exception:  # a database hiccup: the next beat tries again
                    logger.exception("presence heartbeat failed for membership %s", self.membership.pk)

    # --- Server → client ----------------------------------------------------------------------

    async def dispatch(self, message: dict) -> None:
        """Channels runs `close_old_connections` before every handler, in the one thread that does
        all database work: for a pushed event that is a hop through that thread per socket, one
        socket after another (a team's new case reaches 70 sockets), queued behind connects and
        heartbeats. Forwarding a frame touches no database, so it goes straight to its handler;
        everything else as Channels does it (database calls here use database_sync_to_async,
        which closes stale connections itself)."""
        if message["type"] == CONSUMER_HANDLER:
            await self.realtime_event(message)
        else:
            await super().dispatch(message)

    async def realtime_event(self, message: dict) -> None:
        """Forward pushed frames (core.realtime: one `text`, or a group's `frames` of a batch):
        each once per seq, and never a person's own typing back to them."""
        if message.get("exclude_user_id") == self.membership.user_id:
            return  # nobody needs to be told they are typing
        if "frames" in message:
            for text, seq in message["frames"]:
                await self._forward(text, seq)
        else:
            await self._forward(message["text"], message.get("seq"))

    async def _forward(self, text: str, seq: int | None) -> None:
        if seq is not None:
            if seq in self.recent_seq_set:
                return  # the same event through another of this socket's groups
            self.recent_seq_set.add(seq)
            self.recent_seqs.append(seq)
            if len(self.recent_seqs) > RECENT_SEQS:
                self.recent_seq_set.discard(self.recent_seqs.popleft())
        await self.send(text_data=text)


def _mark_read_later(case_id: int) -> None:
    """An agent opened the case: the customer's platform shows "seen" (a job; one waiting per case)."""
    from inbox.tasks import mark_case_read

    try:
        mark_case_read.configure(queueing_lock=f"mark_case_read:{case_id}").defer(case_id=case_id)
    except AlreadyEnqueued:
        pass
