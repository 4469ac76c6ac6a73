"""The one place realtime events leave a transaction.

`publish_on_commit` writes the event to the RealtimeEvent log inside the caller's
transaction (so it gets a sequence number and survives for resync) and pushes it to the
sockets only after commit: a browser never hears about a row that was rolled back. Groups
are chosen by the caller — send events to the groups that need them, not to everyone (one
delivery costs ≈0.3–0.5 ms of CPU per socket).

Groups a browser's socket can be in (inbox.consumers):
- `user.<user id>` and `member.<membership id>`: always (the person's own news; cases
  assigned to them);
- `team.<team id>`: always, one per team the agent belongs to;
- `supervision.<workspace id>`: always, for supervisors and admins;
- `workspace.<workspace id>`: only while the browser shows a workspace-wide view (All,
  Unassigned, Pending, Snoozed, Breaching soon, a tag), on the client's `watch` message;
- `case.<case id>`: while the case is open on screen.
A frame is serialized to JSON once per push, not once per socket; a socket in several of
an event's groups forwards it once (the consumer drops a seq it has just sent).

Pushes of many events (the inbound drain commits dozens of messages at once) leave as one
channel-layer message per group, carrying that group's frames in order: one Redis PUBLISH
per group per batch instead of one per event and group (`pushes_batched`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.bulk import insert_rows, json_fragment, json_text
from core.models import RealtimeEvent

logger = logging.getLogger(__name__)

# The consumer method that forwards an event to the socket (`realtime.event` → realtime_event).
CONSUMER_HANDLER = "realtime.event"
# How many missed events a reconnecting browser may replay before it must refetch instead.
RESYNC_LIMIT = 500
RETENTION = timedelta(days=2)
# seq is taken at INSERT, visibility comes at COMMIT: a transaction that started earlier can
# commit an event with a lower seq after a client saw a higher one. Resync therefore also
# returns events from this long before the client's last one; clients drop seqs they saw.
RESYNC_LOOKBACK = timedelta(seconds=30)


def workspace_group(workspace_id: int) -> str:
    return f"workspace.{workspace_id}"


def supervision_group(workspace_id: int) -> str:
    """Supervisors' and admins' sockets: news only the people watching the whole floor need."""
    return f"supervision.{workspace_id}"


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def member_group(membership_id: int) -> str:
    """One membership's sockets: what a case's `assignee_id` (a membership) routes to, with no
    query for the user behind it."""
    return f"member.{membership_id}"


def team_group(team_id: int) -> str:
    return f"team.{team_id}"


def case_group(case_id: int) -> str:
    return f"case.{case_id}"


def event_frame(event: RealtimeEvent) -> dict[str, Any]:
    return {"type": event.type, "payload": event.payload, "seq": event.seq}


def layer_message(frame: dict[str, Any], *, exclude_user_id: int | None = None) -> dict[str, Any]:
    """What travels over the channel layer: the frame already as JSON text (encoded once, not
    once per socket), its seq (for the consumer's duplicate check) and, for typing, whose
    sockets must not get it."""
    message: dict[str, Any] = {"type": CONSUMER_HANDLER, "text": json_text(frame), "seq": frame.get("seq")}
    if exclude_user_id is not None:
        message["exclude_user_id"] = exclude_user_id
    return message


def _layer_messages_by_group(frames: Iterable[tuple[dict[str, Any], Iterable[str]]]) -> list[tuple[str, dict[str, Any]]]:
    """One channel-layer message per group: its frames (each encoded once) in push order. A
    group with one frame gets the plain `layer_message`; with more, `{"frames": [[text, seq],
    …]}` (the consumer forwards each)."""
    by_group: dict[str, list[list[Any]]] = {}
    for frame, groups in frames:
        encoded = [json_text(frame), frame.get("seq")]
        for group in groups:
            by_group.setdefault(group, []).append(encoded)
    messages = []
    for group, items in by_group.items():
        if len(items) == 1:
            messages.append((group, {"type": CONSUMER_HANDLER, "text": items[0][0], "seq": items[0][1]}))
        else:
            messages.append((group, {"type": CONSUMER_HANDLER, "frames": items}))
    return messages


async def _group_send_all(layer, messages: list[tuple[str, dict[str, Any]]]) -> None:
    for group, message in messages:
        await layer.group_send(group, message)


_batching = threading.local()


@contextmanager
def pushes_batched() -> Iterator[None]:
    """Hold back the pushes made in this block (after their transaction commits) and send them
    together at its end, grouped per group (`push_frames`). The inbound drain wraps each batch
    in it. A push held back from a rolled-back savepoint never reaches the list: only
    committed transactions run their on_commit hooks."""
    if getattr(_batching, "frames", None) is not None:  # nested: the outer block sends
        yield
        return
    _batching.frames = held = []
    try:
        yield
    finally:
        _batching.frames = None
        if held:
            try:
                _push_now(held)
            except Exception:  # the data is committed; clients resync from the log
                logger.exception("realtime push of %s held frames failed", len(held))


def _push_now(frames: list[tuple[dict[str, Any], Iterable[str]]]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    messages = _layer_messages_by_group(frames)
    if messages:
        async_to_sync(_group_send_all)(layer, messages)


def push_frames(frames: Iterable[tuple[dict[str, Any], Iterable[str]]]) -> None:
    """Push many (frame, groups), in order, in one hop onto the event loop (each hop from a sync
    thread costs more than a publish) and one channel-layer message per group; held back
    until the end of a `pushes_batched` block if one is open."""
    held = getattr(_batching, "frames", None)
    if held is not None:
        held.extend(frames)
        return
    _push_now(list(frames))


def send_to_groups(frame: dict[str, Any], groups: Iterable[str], *, exclude_user_id: int | None = None) -> None:
    """Push a frame now, bypassing the log (presence and typing: ephemeral by nature)."""
    layer = get_channel_layer()
    groups = list(groups)
    if layer is None or not groups:
        return
    message = layer_message(frame, exclude_user_id=exclude_user_id)
    async_to_sync(_group_send_all)(layer, [(group, message) for group in groups])


def publish_on_commit(
    event_type: str, payload: dict[str, Any], *, workspace_id: int, groups: Iterable[str], using: str = "default"
) -> RealtimeEvent:
    """Log `event_type` now and push it to `groups` once the current transaction commits.

    Outside a transaction (autocommit) it is pushed at once. A failed push is logged and
    never breaks the caller: the data is committed, and clients resync from the log.
    """
    event = RealtimeEvent.objects.using(using).create(
        workspace_id=workspace_id, type=event_type, payload=payload, groups=sorted(set(groups))
    )
    _push_after_commit([(event_frame(event), event.groups)], using=using)
    return event


def publish_many_on_commit(rows: list[dict[str, Any]], now: datetime) -> None:
    """`publish_on_commit` for many events at once (the drain's batches): `rows` are
    {workspace_id, type, payload, groups}, logged in one INSERT and pushed after commit in one
    hop onto the channel layer, in order."""
    if not rows:
        return
    # Each payload encoded once, for the log's row and for the pushed frame alike.
    rows = [{**row, "payload": json_fragment(row["payload"])} for row in rows]
    keys = insert_rows(RealtimeEvent, rows, now)
    # event_frame's shape, without reading the rows back.
    _push_after_commit(
        [({"type": row["type"], "payload": row["payload"], "seq": seq}, row["groups"]) for row, (seq,) in zip(rows, keys, strict=True)]
    )


def _push_after_commit(frames: list[tuple[dict[str, Any], Iterable[str]]], *, using: str = "default") -> None:
    """Push logged events once the current transaction commits. A failed push is logged and
    never raises: the events are committed, and clients resync from the log."""

    def push() -> None:
        try:
            push_frames(frames)
        except Exception:
            logger.exception("realtime push of %s events (%s…) failed", len(frames), frames[0][0]["type"])

    transaction.on_commit(push, using=using)


def events_since(*, workspace_id: int, since_seq: int, groups: Iterable[str]) -> tuple[list[dict[str, Any]], bool]:
    """Events after `since_seq` addressed to any of `groups`, oldest first.

    Returns (frames, complete). `complete` is False when more than RESYNC_LIMIT were missed:
    the client should then refetch its views rather than replay.
    """
    window = Q(seq__gt=since_seq)
    since_time = RealtimeEvent.objects.filter(workspace_id=workspace_id, seq=since_seq).values_list("created_at", flat=True).first()
    if since_time is not None:
        window |= Q(created_at__gte=since_time - RESYNC_LOOKBACK)
    rows = list(
        RealtimeEvent.objects.filter(window, workspace_id=workspace_id, groups__overlap=list(groups)).order_by("seq")[: RESYNC_LIMIT + 1]
    )
    return [event_frame(row) for row in rows[:RESYNC_LIMIT]], len(rows) <= RESYNC_LIMIT


def latest_seq(*, workspace_id: int) -> int:
    last = RealtimeEvent.objects.filter(workspace_id=workspace_id).order_by("-seq").values_list("seq", flat=True).first()
    return last or 0


def realtime_events_prune(*, older_than: timedelta = RETENTION) -> int:
    deleted, _ = RealtimeEvent.objects.filter(created_at__lt=timezone.now() - older_than).delete()
    return deleted
