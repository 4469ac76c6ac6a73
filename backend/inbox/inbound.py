"""Processing stored webhook requests (channel_accounts.InboundEvent) into the inbox.

The drain job claims due events in batches (`FOR UPDATE SKIP LOCKED`, so several workers
share the queue), re-parses each one's raw bytes with its connector, and applies every
normalized event: customer messages and postbacks first through the set-based fast lane
(`inbox.batch_ingest.messages_ingest_batch`, a constant number of statements for the whole
batch), the messages it leaves (email, reopens…) through `message_ingest`; echoes and
receipts onto our outbound messages, set-based too (`inbox.receipts`' batch functions);
edits/deletions/reactions onto the timeline. One transaction per batch (one commit for many
messages): each fast lane in one savepoint (if any of its statements fails, what it held goes
event by event instead), then one savepoint per event that still writes: an event that fails
rolls back alone (what the fast lane stored of it stays: a retry finds those messages stored
and changes nothing), is retried with
exponential backoff, and after INBOUND_EVENT_MAX_ATTEMPTS is parked as `dead` for a human
to reprocess.

Durability: the raw request was committed (synchronously) by the accept path before its 200;
a batch's transaction here commits without waiting for the WAL flush (core.durability: for
that transaction only). A crash can then lose the last fraction of a second of
processed batches, never a message: their events are still pending in the database and are
processed again on restart (agents may have been shown what is redone). Waiting for the
flush cost every batch 1–2 ms, and tens of ms while a checkpoint writes: most of the
webhook → websocket tail in bench/webhooks.py.

Idempotent by construction: messages are unique per (channel account, platform id), receipts
only move a status forwards, edits and reactions are keyed by what they change — so a retry
after a crash, or a platform's redelivery, changes nothing.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from procrastinate.exceptions import AlreadyEnqueued

from channel_accounts.models import ChannelAccount, InboundEvent, InboundEventStatus
from channel_accounts.selectors import webhook_account_of
from channel_accounts.webhooks import WebhookAccount, events_parse
from core import reads, realtime
from core.bulk import update_rows
from core.durability import commit_without_flush_wait
from inbox import receipts
from inbox.batch_ingest import BatchItem, messages_ingest_batch
from inbox.ingest import message_ingest
from integrations.errors import IntegrationError
from integrations.events import (
    Deletion,
    DeliveryReceipt,
    Echo,
    Edit,
    Event,
    Ignored,
    InboundMessage,
    Postback,
    Reaction,
    Sender,
    ThreadHints,
)

logger = logging.getLogger("dialogo.inbound")

# Events claimed per batch. Each batch pays a fixed ≈30 statements (claim, reads, one INSERT or
# UPDATE per table, the SLA and reporting receivers): at 50 that was a third of the drain's CPU
# per message; 200 halves it (bench/ingest_drain.py --batch-size). Only a backlog fills a batch:
# a quiet drain claims whatever is pending, so this does not delay a lone message.
BATCH_SIZE = 200
IDLE_RECHECK_SECONDS = 0.2  # an accept that saw this drain still waiting commits within milliseconds
MAX_BACKOFF = timedelta(hours=1)
# When a message counts as received (tests pin it to compare the fast lane with message_ingest).
received_now = timezone.now


def _backoff(attempts: int) -> timedelta:
    return min(timedelta(seconds=5 * 2 ** (attempts - 1)), MAX_BACKOFF)


def inbound_events_drain(*, batch_size: int = BATCH_SIZE, max_seconds: float = 20.0) -> int:
    """Process due inbound events until none is left (or `max_seconds` pass). Returns how many
    were handled. Before stopping it looks once more after a short pause: an accept that found
    this job already queued may commit just after the job's last claim."""
    handled = 0
    deadline = time.monotonic() + max_seconds
    rechecked = False
    while time.monotonic() < deadline:
        count = _drain_batch(batch_size)
        handled += count
        if count:
            if count == batch_size:
                # A backlog: keep one more drain waiting so an idle worker joins in (SKIP LOCKED
                # shares the queue), instead of this job working through it alone.
                _schedule_drain(at=None)
            rechecked = False
            continue
        if rechecked:
            return handled
        rechecked = True
        time.sleep(IDLE_RECHECK_SECONDS)
    _schedule_drain(at=None)  # out of time with work left: another run picks it up
    return handled


def _schedule_drain(*, at) -> None:
    """One more drain: at `at` (a retry's backoff), or now unless one is already waiting (the
    same queueing lock as the InboundEvent trigger's)."""
    from inbox.tasks import drain_inbound_events  # tasks import this module

    if at is not None:
        drain_inbound_events.configure(schedule_at=at).defer()
        return
    try:
        with transaction.atomic():  # a savepoint when called inside a transaction: the conflict stays in it
            drain_inbound_events.configure(queueing_lock="inbound_events_drain").defer()
    except AlreadyEnqueued:
        pass


def _drain_batch(batch_size: int) -> int:
    # The batch's realtime events leave together after its commit: one channel-layer message
    # per group, not one per event and group.
    with realtime.pushes_batched():
        return _drain_batch_in_transaction(batch_size)


def _drain_batch_in_transaction(batch_size: int) -> int:
    now = timezone.now()
    retry_at = None
    with transaction.atomic():
        commit_without_flush_wait()  # see the module's docstring: durability
        batch = _claim(now, batch_size)
        if not batch:
            return 0
        accounts = {
            account.pk: account
            for account in reads.instances(
                ChannelAccount,
                f"SELECT {reads.columns(ChannelAccount, 'a')} FROM channel_accounts_channelaccount a WHERE a.id = ANY(%s)",
                [sorted({event.channel_account_id for event in batch})],
            )
        }
        webhook_accounts = {pk: webhook_account_of(account) for pk, account in accounts.items()}  # decrypted once per account
        parsed = [
            (event, _parse(event, accounts.get(event.channel_account_id), webhook_accounts.get(event.channel_account_id)))
            for event in batch
        ]
        _lock_senders(parsed)
        accounts_by_platform_id: dict[tuple[int, str], ChannelAccount | None] = {}
        steps = [
            [] if parse_error else _steps(account, events, accounts_by_platform_id) for _, (account, events, parse_error) in parsed
        ]
        ingested = _fast_lanes(steps)
        for (event, (_, _, parse_error)), event_steps, event_ingested in zip(parsed, steps, ingested, strict=True):
            event.attempts += 1
            try:
                if parse_error:
                    raise parse_error
                if _all_done(event_steps, event_ingested):
                    event.outcome = _apply(event_steps, event_ingested)  # counts only: no savepoint to pay for
                else:
                    with transaction.atomic():
                        event.outcome = _apply(event_steps, event_ingested)
            except Exception as exc:  # noqa: BLE001 - every failure is recorded on the event, none stops the batch
                logger.exception("inbound event %s (%s) failed, attempt %s", event.pk, event.kind, event.attempts)
                event.error = f"{type(exc).__name__}: {exc}"[:4000]
                if isinstance(exc, IntegrationError) or event.attempts >= settings.INBOUND_EVENT_MAX_ATTEMPTS:
                    event.status = InboundEventStatus.DEAD  # bytes that do not parse now never will
                    event.next_attempt_at = None
                else:
                    event.status = InboundEventStatus.FAILED
                    event.next_attempt_at = now + _backoff(event.attempts)
                    retry_at = min(retry_at or event.next_attempt_at, event.next_attempt_at)
            else:
                event.status = InboundEventStatus.PROCESSED
                event.processed_at = timezone.now()
                event.next_attempt_at = None
                event.error = ""
        # One UPDATE for the batch (Django's bulk_update, a CASE per row and field, cost more CPU
        # than the fast lane itself).
        update_rows(InboundEvent, batch, ["status", "attempts", "error", "next_attempt_at", "processed_at", "outcome"], now)
        if retry_at is not None:
            _schedule_drain(at=retry_at)  # joins this transaction, like every Procrastinate defer here
    return len(batch)


def _claim(now, batch_size: int) -> list[InboundEvent]:
    """The due events, oldest first, locked; those another worker holds are skipped. The status
    list is written out so the planner matches the partial index (inbound_event_due_idx)."""
    return reads.instances(
        InboundEvent,
        f"SELECT {reads.columns(InboundEvent, 'e')} FROM channel_accounts_inboundevent e "
        f"WHERE e.status IN ('{InboundEventStatus.PENDING}', '{InboundEventStatus.FAILED}') AND e.next_attempt_at <= %s "
        "ORDER BY e.next_attempt_at, e.id LIMIT %s FOR UPDATE SKIP LOCKED",
        [now, batch_size],
    )


def _parse(event: InboundEvent, account: ChannelAccount | None, webhook_account: WebhookAccount | None):
    if account is None:  # pragma: no cover - the foreign key cascades
        return None, [], LookupError(f"channel account {event.channel_account_id} is gone")
    try:
        events = events_parse(
            kind=event.kind,
            body=bytes(event.body),
            account=webhook_account,
            content_type=(event.headers or {}).get("content-type", ""),
        )
        return account, events, None
    except Exception as exc:  # noqa: BLE001 - recorded on the event by the caller
        return account, [], exc


def _lock_senders(parsed) -> None:
    """Take every sender's identity lock for the batch up front, in one global order: two
    workers draining batches that share customers then wait for each other instead of
    deadlocking (message_ingest takes the same locks again; they are re-entrant)."""
    keys = sorted(
        {
            f"identity:{account.workspace_id}:{account.kind}:{event.sender.external_id}"
            for _, (account, events, _) in parsed
            if account is not None
            for event in events
            if isinstance(event, InboundMessage | Postback)
        }
    )
    if keys:
        with connection.cursor() as cursor:
            # Volatile functions in the select list run after ORDER BY: the locks are taken in order.
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended(key, 0)) FROM unnest(%s::text[]) WITH ORDINALITY AS t(key, n) ORDER BY n",
                [keys],
            )


def _steps(account: ChannelAccount, events: list[Event], cache: dict) -> list[tuple[ChannelAccount | None, Event, object]]:
    """Each normalized event with the account it is for (None: unknown) and, for a customer
    message, when it counts as received (a postback reads as a message)."""
    steps = []
    for event in events:
        target = _account_for(account, getattr(event, "account_external_id", ""), cache)
        if isinstance(event, Postback):
            event = _postback_as_message(event)
        steps.append((target, event, received_now() if target is not None and isinstance(event, InboundMessage) else None))
    return steps


def _fast_lane(steps: list[list[tuple]], kind: type, run: Callable[[list[tuple]], list], what: str) -> list[dict[int, object]]:
    """The batch's `kind` events, in arrival order, through a set-based `run` (it takes the
    (target account, event, received_at) steps and gives one result per step, None for one it
    leaves to the per-event path): per event, the results by position. In one savepoint: if
    `run` fails, it rolls back alone and every one of them goes event by event."""
    items, where = [], []
    for event_index, event_steps in enumerate(steps):
        for position, step in enumerate(event_steps):
            if step[0] is not None and isinstance(step[1], kind):
                items.append(step)
                where.append((event_index, position))
    done: list[dict[int, object]] = [{} for _ in steps]
    if not items:
        return done
    try:
        with transaction.atomic():
            results = run(items)
    except Exception:  # noqa: BLE001 - the per-event path retries each one on its own
        logger.exception("set-based %s of %s events failed; applying them event by event", what, len(items))
        return done
    for (event_index, position), result in zip(where, results, strict=True):
        if result is not None:
            done[event_index][position] = result
    return done


def _fast_lanes(steps: list[list[tuple]]) -> list[dict[int, object]]:
    """Every set-based lane over the batch: customer messages (inbox.batch_ingest), then echoes,
    then receipts (inbox.receipts). Echoes before receipts: one that gives our message its
    platform id lets a receipt for that id in the same batch find it."""
    lanes = [
        _fast_lane(
            steps,
            InboundMessage,
            lambda items: messages_ingest_batch(items=[BatchItem(channel_account=t, inbound=e, received_at=r) for t, e, r in items]),
            "ingest",
        ),
        _fast_lane(steps, Echo, lambda items: receipts.message_echoes_record_batch(items=[(t, e) for t, e, _ in items]), "echoes"),
        _fast_lane(
            steps, DeliveryReceipt, lambda items: receipts.message_receipts_apply_batch(items=[(t, e) for t, e, _ in items]), "receipts"
        ),
    ]
    return [{position: result for lane in event_lanes for position, result in lane.items()} for event_lanes in zip(*lanes, strict=True)]


def _all_done(steps: list[tuple], ingested: dict[int, object]) -> bool:
    """Whether applying the event writes nothing: its messages, receipts and echoes are all in
    the fast lanes' results, the rest unknown accounts or ignored."""
    return all(
        position in ingested or target is None or isinstance(event, Ignored) for position, (target, event, _) in enumerate(steps)
    )


def _apply(steps: list[tuple], ingested: dict[int, object]) -> dict[str, int]:
    """Count (and, for what no fast lane took, apply) each normalized event of one webhook
    request: `ingested` holds the fast lanes' results by position."""
    outcome: Counter[str] = Counter()
    for position, (target, event, received_at) in enumerate(steps):
        if target is None:
            outcome["unknown_account"] += 1
            continue
        if isinstance(event, InboundMessage):
            result = ingested.get(position)
            if result is None:
                result = message_ingest(channel_account=target, inbound=event, received_at=received_at)
            outcome["message" if result.created else "duplicate"] += 1
        elif isinstance(event, DeliveryReceipt):
            outcome[f"receipt_{event.status}"] += 1
            changed = ingested.get(position)
            if changed is None:
                changed = receipts.message_receipt_apply(channel_account=target, receipt=event)
            outcome["receipt_applied"] += changed
        elif isinstance(event, Echo):
            echo_outcome = ingested.get(position)
            if echo_outcome is None:
                echo_outcome = receipts.message_echo_record(channel_account=target, echo=event)
            outcome[f"echo_{echo_outcome}"] += 1
        elif isinstance(event, Edit):
            outcome["edit" if receipts.message_edit_record(channel_account=target, edit=event) else "edit_unknown_message"] += 1
        elif isinstance(event, Deletion):
            outcome[
                "deletion"
                if receipts.message_deletion_record(channel_account=target, deletion=event)
                else "deletion_unknown_message"
            ] += 1
        elif isinstance(event, Reaction):
            outcome[
                "reaction"
                if receipts.message_reaction_record(channel_account=target, reaction=event)
                else "reaction_unknown_message"
            ] += 1
        elif isinstance(event, Ignored):
            outcome["ignored"] += 1
        else:  # pragma: no cover - a new event type the inbox does not handle yet
            outcome[f"unhandled_{type(event).__name__}"] += 1
    return dict(outcome)


def _account_for(url_account: ChannelAccount, platform_id: str, cache: dict) -> ChannelAccount | None:
    """The account an event is for: the URL's, or — Meta batches several pages in one POST —
    another account of the same kind in the same workspace."""
    if not platform_id or not url_account.external_id or platform_id == url_account.external_id:
        return url_account
    key = (url_account.pk, platform_id)
    if key not in cache:
        cache[key] = ChannelAccount.objects.filter(
            workspace_id=url_account.workspace_id, kind=url_account.kind, external_id=platform_id
        ).first()
    return cache[key]


def _postback_as_message(postback: Postback) -> InboundMessage:
    """A button press reads, for the agent, as the customer saying the button's title."""
    return InboundMessage(
        channel_kind=postback.channel_kind,
        external_id=postback.external_id,
        sender=postback.sender if isinstance(postback.sender, Sender) else Sender(external_id=str(postback.sender)),
        sent_at=postback.at,
        text=postback.title or postback.payload,
        account_external_id=postback.account_external_id,
        thread=ThreadHints(reply_to_external_id=postback.reply_to_external_id),
    )
