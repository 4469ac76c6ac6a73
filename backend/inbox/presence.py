"""Agent presence, and who is looking at which case.

An agent is *online* — and so may receive cases automatically — when all three hold:
- their explicit status (set by the agent) is online, not away or offline;
- at least one of their websockets is live (`connections`, counted up and down by the
  websocket consumer in whichever process holds the socket);
- one of those sockets was heard from within PRESENCE_TIMEOUT (`last_seen_at`, refreshed by
  the consumer every HEARTBEAT_INTERVAL). A process that dies never closes its sockets, so
  its counts stay behind; this condition makes them expire on their own, and
  `presence_sweep_stale` then zeroes them and tells the browsers.

"Who is viewing" lives in the same row (`viewing`: case id → how many of the agent's sockets
have it open), so it is correct however many processes hold the sockets, and expires with
the presence of a dead process. Viewer lists and typing are ephemeral: they go out with
core.realtime.send_to_groups, never through the event log. Presence changes are state
(the inbox shows who is online), so they go through the log with publish_on_commit.

Every service here locks the agent's presence row: two sockets of one agent connecting at
once never lose a count, and the "did the effective status change?" comparison is exact.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any, Protocol

from django.db import connection, transaction
from django.db.models import F, Q
from django.db.models.functions import Greatest
from django.utils import timezone

from accounts.models import Membership
from core.durability import NO_FLUSH_WAIT_SQL
from core.errors import ApplicationError
from core.realtime import case_group, publish_on_commit, send_to_groups, supervision_group, user_group
from inbox import assignment
from inbox.models import PRESENCE_TIMEOUT, AgentPresence, Case, PresenceStatus

# How often a live socket refreshes last_seen_at; well under PRESENCE_TIMEOUT, so one missed
# beat never makes a connected agent look offline.
HEARTBEAT_INTERVAL = timedelta(seconds=30)


def online_filter(*, now: datetime, prefix: str = "presence__") -> Q:
    """The online condition as a query filter (on Membership by default; prefix="" for
    AgentPresence itself) — the same rule as AgentPresence.effective_status_at."""
    return Q(
        **{
            f"{prefix}status": PresenceStatus.ONLINE,
            f"{prefix}connections__gt": 0,
            f"{prefix}last_seen_at__gte": now - PRESENCE_TIMEOUT,
        }
    )


def _locked_presence(membership: Membership) -> AgentPresence:
    """The agent's presence row, created on first use, locked until the transaction ends."""
    presence = AgentPresence.objects.select_for_update().filter(membership_id=membership.pk).first()
    if presence is None:
        # get_or_create survives two first sockets racing (the one-to-one is unique).
        AgentPresence.objects.get_or_create(membership_id=membership.pk, defaults={"workspace_id": membership.workspace_id})
        presence = AgentPresence.objects.select_for_update().get(membership_id=membership.pk)
    return presence


def _announce_if_changed(membership: Membership, before: str, after: str) -> None:
    if before == after:
        return
    publish_on_commit(
        "presence.updated",
        {"membership_id": membership.pk, "user_id": membership.user_id, "status": after},
        workspace_id=membership.workspace_id,
        # Supervisors watch who is online (the board); the agent's own other tabs follow their
        # status. Not every agent: 1,000 agents coming online would be a million deliveries.
        groups=[supervision_group(membership.workspace_id), user_group(membership.user_id)],
    )
    if after == PresenceStatus.ONLINE:
        # After commit, outside the presence lock: assignment locks policies before presence
        # rows, and taking them in the other order here could deadlock with a new case.
        # Robust: a failed drain must not undo a connection; the backlog sweep retries it.
        transaction.on_commit(lambda: assignment.on_agent_freed(membership), robust=True)


def presence_connect(*, membership: Membership) -> AgentPresence:
    """Count one more live socket for the agent and mark them seen now.

    If the row was stale (no socket refreshed it within PRESENCE_TIMEOUT), its counts were
    left by a dead process: they restart from this socket. Announces `presence.updated`
    when the effective status changes; an agent coming online drains the backlog after
    commit."""
    now = timezone.now()
    with transaction.atomic():
        presence = _locked_presence(membership)
        before = presence.effective_status_at(now)
        if presence.is_stale(now):
            AgentPresence.objects.filter(pk=presence.pk).update(connections=1, viewing={}, last_seen_at=now, updated_at=now)
            presence.connections, presence.viewing = 1, {}
        else:
            AgentPresence.objects.filter(pk=presence.pk).update(connections=F("connections") + 1, last_seen_at=now, updated_at=now)
            presence.connections += 1
        presence.last_seen_at = now
        _announce_if_changed(membership, before, presence.effective_status_at(now))
    return presence


def presence_disconnect(*, membership: Membership, viewed_case_ids: Iterable[int] = ()) -> AgentPresence:
    """Count one socket fewer (never below zero) and drop the cases that socket had open.

    Announces `presence.updated` when the effective status changes, and the new viewer
    lists of the cases it was viewing, after commit."""
    now = timezone.now()
    viewed_case_ids = sorted(set(viewed_case_ids))
    with transaction.atomic():
        presence = _locked_presence(membership)
        before = presence.effective_status_at(now)
        presence.viewing = _without_viewer(presence.viewing, viewed_case_ids)
        # Greatest: a stale count reset on reconnect may meet a late disconnect of the old socket.
        AgentPresence.objects.filter(pk=presence.pk).update(
            connections=Greatest(F("connections") - 1, 0), viewing=presence.viewing, updated_at=now
        )
        presence.connections = max(presence.connections - 1, 0)
        _announce_if_changed(membership, before, presence.effective_status_at(now))
        _broadcast_viewers_on_commit(membership.workspace_id, viewed_case_ids)
    return presence


def presence_set_status(*, membership: Membership, status: str) -> AgentPresence:
    """The agent's own choice: online, away (connected, but no new cases) or offline.

    Announces `presence.updated` only when the effective status changes (setting online
    with no socket open changes nothing visible); coming online drains the backlog."""
    if status not in PresenceStatus.values:
        raise ApplicationError(
            f"Presence status must be one of {PresenceStatus.values}.", extra={"fields": {"status": ["Invalid."]}}
        )
    now = timezone.now()
    with transaction.atomic():
        presence = _locked_presence(membership)
        before = presence.effective_status_at(now)
        if presence.status != status:
            presence.status = status
            presence.save(update_fields=["status", "updated_at"])
        _announce_if_changed(membership, before, presence.effective_status_at(now))
    return presence


def presence_touch(*, membership: Membership) -> None:
    """A live socket of the agent was heard from: refresh last_seen_at.

    A live socket also proves at least one connection, which restores a count the stale
    sweep zeroed while this process could not reach the database.

    The common beat — a connected agent seen within PRESENCE_TIMEOUT — changes nothing anyone
    sees: one UPDATE, no lock held across statements, nothing announced (1,000 sockets beat
    33 times a second). Anything else takes the locked path below."""
    now = timezone.now()
    if _beat(membership, now):
        return
    with transaction.atomic():
        presence = _locked_presence(membership)
        before = presence.effective_status_at(now)
        AgentPresence.objects.filter(pk=presence.pk).update(
            connections=Greatest(F("connections"), 1), last_seen_at=now, updated_at=now
        )
        presence.connections = max(presence.connections, 1)
        presence.last_seen_at = now
        _announce_if_changed(membership, before, presence.effective_status_at(now))


def _beat(membership: Membership, now: datetime) -> bool:
    """The common beat's UPDATE; whether it found the agent connected and fresh. On its own
    (autocommit, as the consumer calls it) it commits without waiting for the WAL flush
    (core.durability: a lost beat is repaired by the next one; 1,000 sockets beat 33 times a
    second). Inside a caller's transaction it leaves that transaction's durability alone."""
    on_its_own = not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute(
            (f"WITH no_flush_wait AS ({NO_FLUSH_WAIT_SQL}) " if on_its_own else "")
            + f"UPDATE {AgentPresence._meta.db_table} SET last_seen_at = %s, updated_at = %s "
            + ("FROM no_flush_wait " if on_its_own else "")
            + "WHERE membership_id = %s AND connections > 0 AND last_seen_at >= %s",
            [now, now, membership.pk, now - PRESENCE_TIMEOUT],
        )
        return cursor.rowcount > 0


def presence_sweep_stale(*, now: datetime | None = None) -> int:
    """Zero the counts of every agent no socket has refreshed within PRESENCE_TIMEOUT (a
    process died holding their sockets), announce them offline and update the viewer lists
    of the cases they had open. Safe to run concurrently and repeatedly. Returns how many."""
    now = now or timezone.now()
    cutoff = now - PRESENCE_TIMEOUT
    with transaction.atomic():
        stale = list(
            AgentPresence.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("membership")
            .filter(connections__gt=0)
            .filter(Q(last_seen_at__lt=cutoff) | Q(last_seen_at__isnull=True))
            .order_by("pk")
        )
        for presence in stale:
            viewed = sorted(int(case_id) for case_id in presence.viewing)
            AgentPresence.objects.filter(pk=presence.pk).update(connections=0, viewing={}, updated_at=now)
            if presence.status == PresenceStatus.ONLINE:
                # Browsers last heard "online": effective status went offline silently with time.
                _announce_if_changed(presence.membership, PresenceStatus.ONLINE, PresenceStatus.OFFLINE)
            _broadcast_viewers_on_commit(presence.workspace_id, viewed)
    return len(stale)


# --- Who is viewing, who is typing ----------------------------------------------------------


def _without_viewer(viewing: dict[str, int], case_ids: Iterable[int]) -> dict[str, int]:
    viewing = dict(viewing)
    for case_id in case_ids:
        key = str(case_id)
        remaining = viewing.get(key, 0) - 1
        if remaining > 0:
            viewing[key] = remaining
        else:
            viewing.pop(key, None)
    return viewing


def case_viewing_start(*, membership: Membership, case_id: int) -> None:
    """One more socket of the agent has the case open. Refuses (not_found) a case outside
    the agent's workspace, so a socket can never join another tenant's case group.

    Does not broadcast: the caller joins the case group first and then calls
    `case_viewers_broadcast`, so the new viewer hears the list too."""
    if not Case.objects.filter(pk=case_id, workspace_id=membership.workspace_id).exists():
        raise ApplicationError(f"No case {case_id} in this workspace.", code="not_found", status_code=404)
    with transaction.atomic():
        presence = _locked_presence(membership)
        key = str(case_id)
        presence.viewing = {**presence.viewing, key: presence.viewing.get(key, 0) + 1}
        presence.save(update_fields=["viewing", "updated_at"])


def case_viewing_stop(*, membership: Membership, case_id: int) -> None:
    """One socket of the agent closed the case; the case's watchers get the new list after commit."""
    with transaction.atomic():
        presence = _locked_presence(membership)
        presence.viewing = _without_viewer(presence.viewing, [case_id])
        presence.save(update_fields=["viewing", "updated_at"])
        _broadcast_viewers_on_commit(membership.workspace_id, [case_id])


def case_viewers(*, workspace_id: int, case_id: int, now: datetime | None = None) -> list[dict[str, Any]]:
    """Who has the case open right now, in membership order (away agents included: they
    are still looking; agents of a dead process are not)."""
    now = now or timezone.now()
    rows = (
        AgentPresence.objects.filter(workspace_id=workspace_id, viewing__has_key=str(case_id), connections__gt=0)
        .filter(last_seen_at__gte=now - PRESENCE_TIMEOUT)
        .order_by("membership_id")
        .values_list("membership_id", "membership__user_id", "membership__user__name", "membership__user__email")
    )
    return [
        {"membership_id": membership_id, "user_id": user_id, "name": name or email}
        for membership_id, user_id, name, email in rows
    ]


def case_viewers_broadcast(*, workspace_id: int, case_id: int) -> None:
    """Send the case's current viewer list to everyone in the case group (ephemeral)."""
    frame = {"type": "case.viewers", "payload": {"case_id": case_id, "viewers": case_viewers(workspace_id=workspace_id, case_id=case_id)}}
    send_to_groups(frame, [case_group(case_id)])


def _broadcast_viewers_on_commit(workspace_id: int, case_ids: Iterable[int]) -> None:
    for case_id in case_ids:
        transaction.on_commit(
            lambda case_id=case_id: case_viewers_broadcast(workspace_id=workspace_id, case_id=case_id), robust=True
        )


class TypingRelay(Protocol):
    """Shows the customer of one case that an agent is (no longer) typing a reply: a push on
    the channel's own transport, no database (it runs for every typing frame)."""

    def __call__(self, *, is_typing: bool, name: str) -> None: ...


# (channel_account_id=, recipient_external_id=) → the relay to that customer, or None.
TypingRelayFactory = Callable[..., TypingRelay | None]
_typing_relays: dict[str, TypingRelayFactory] = {}


def typing_relay_register(kind: str, factory: TypingRelayFactory) -> None:
    """A channel whose customers can see an agent typing (the web-chat widget) says how to tell
    them, at start-up — as channels register their outbound clients with inbox.delivery, so the
    inbox never imports them."""
    _typing_relays[kind] = factory


def case_typing_relay(*, workspace_id: int, case_id: int) -> TypingRelay | None:
    """How to show the customer of `case_id` that an agent is typing, or None when its channel
    cannot. One query: the websocket consumer asks once per case and keeps the answer (a case
    never changes channel account or identity), so typing frames themselves cost none."""
    if not _typing_relays:
        return None
    row = (
        Case.objects.filter(pk=case_id, workspace_id=workspace_id)
        .values_list("channel_account__kind", "channel_account_id", "identity__external_id")
        .first()
    )
    if row is None:
        return None
    kind, channel_account_id, recipient_external_id = row
    factory = _typing_relays.get(kind)
    return factory(channel_account_id=channel_account_id, recipient_external_id=recipient_external_id) if factory else None


def case_typing_broadcast(
    *,
    membership: Membership,
    name: str,
    case_id: int,
    is_typing: bool,
    customer_relay: TypingRelay | None = None,
    customer_typing: bool = False,
    customer_name: str = "",
) -> None:
    """Tell the case's watchers that the agent started or stopped typing (ephemeral; the
    caller checks the agent has the case open) and, through `customer_relay`, the customer:
    `customer_typing` is true only while the agent writes a public reply — a private note is
    never the customer's business. `customer_name` is what the customer may see of the agent
    (their name, never their email; may be empty)."""
    frame = {
        "type": "case.typing",
        "payload": {"case_id": case_id, "user_id": membership.user_id, "name": name, "is_typing": is_typing},
    }
    send_to_groups(frame, [case_group(case_id)], exclude_user_id=membership.user_id)
    if customer_relay is not None:
        customer_relay(is_typing=customer_typing, name=customer_name)
