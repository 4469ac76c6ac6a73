"""Set-based ingest: many customer messages into cases in a constant number of statements.

`messages_ingest_batch` is what the inbound drain (inbox.inbound) uses for the common case.
For the messages it takes it writes exactly the rows `inbox.ingest.message_ingest` would
write, called once per message in the same order with the same `received_at`: customers and
identities (created on first contact, profile fields refreshed as `identity_resolve` does,
a profile lookup queued for a new nameless identity), the case (the open one of the
identity, account and thread, woken from pending/snoozed with its STATUS_CHANGED row; or a
new one with its CREATED row and the account's default team), the message (search vector
in the customer's language), the case's columns, the SLA clocks and reporting events (the
receivers' bulk counterparts, below), the realtime log rows (the same types, payloads and
groups, in the same order, pushed after commit) and automatic assignment.

The fast lane takes a message that is a redelivery (stored already, or earlier in the
batch: nothing is written), or when all of these hold:
- it threads into an open case (new, open, pending, snoozed) of its sender's identity on
  that account and thread key (comments and mentions thread by post, email by its root), or
  there is none and no resolved case there within the account's reopen window (a new case
  opens); for email, a case its In-Reply-To/References point at (stored, or stored earlier
  in the batch by the fast lane) comes first, as in `message_ingest`, when that case is
  open and not merged;
- that case belongs to the identity's customer;
- an email without a header match has no reply token and no "[#id]" subject tag (when the
  account threads by subject);
- it does not reply to (or, email, answer) a message of the same batch that the fast lane
  did not store (a reply to a stored message is linked in the insert).
Everything else — reopening a resolved case, emails answering closed or merged cases or
threaded by token or subject tag, and every later message of a sender once one of its
messages fell back (so each sender's messages keep their order) — is returned as None, for
the caller to pass to `message_ingest` after this call, in the same transaction.

Callers hold every sender's identity lock (customers.services.identity_lock keys, taken in
one global order) before calling, inside a transaction: two workers on the same new customer
then give one customer and one case, and the unique constraints stay the last line of
defence (a violation raises; the drain then replays the batch event by event).

Signal receivers: `case_opened` and `message_received` are not sent; each receiver that has
registered a bulk counterpart (`bulk_receiver`) gets all the batch's sends at once, and every
other live receiver is still called once per message, in order, after the rows are written
and the batch's realtime rows logged (with the case as the batch left it). The bulk
counterparts read the cases' facts as the batch leaves them (status, waiting time, team and
customer do not change between a case's messages within one batch, assignment excepted:
it runs last, per opened case, as `assignment.on_case_opened`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from asgiref.sync import async_to_sync
from django.dispatch import Signal
from django.utils import timezone

from channel_accounts.models import ChannelAccount
from core import instances, reads, realtime
from core.bulk import Extra, insert_rows, update_rows
from customers.models import Customer, Identity
from customers.services import identity_new, identity_refresh
from inbox import assignment, events, signals
from inbox.ingest import SUBJECT_CASE_TAG, _thread_key, attachment_rows, case_apply_inbound, case_wake, search_config_for
from inbox.media import attachment_needs_fetch
from inbox.models import (
    OPEN_STATUSES,
    AssignmentMode,
    AssignmentPolicy,
    Case,
    CaseEvent,
    CaseEventKind,
    CaseStatus,
    DeliveryStatus,
    Direction,
    Message,
    MessageAttachment,
)
from inbox.profiles import PROFILE_KINDS
from inbox.selectors import messages_by_platform_id
from integrations.events import ChannelKind, InboundMessage

# Where, within one message, message_ingest publishes: the realtime rows keep that order.
PHASE_TIMELINE, PHASE_CASE_OPENED, PHASE_MESSAGE_RECEIVED, PHASE_CASE, PHASE_MESSAGE = range(5)
INGEST_SIGNALS = (signals.case_opened, signals.message_received)


@dataclass(frozen=True)
class BatchItem:
    channel_account: ChannelAccount
    inbound: InboundMessage
    received_at: datetime


@dataclass(frozen=True)
class BatchIngestResult:
    """What the fast lane did with one message (None in its place: the caller ingests it)."""

    created: bool  # False: a redelivery; nothing changed
    message_id: int | None
    case_id: int | None
    case_created: bool = False
    customer_created: bool = False


@dataclass(frozen=True)
class Send:
    """One signal message_ingest would have sent: `position` is the message's place in the
    batch and the phase within it, for realtime rows published by bulk receivers."""

    signal: Signal
    case: Case
    at: datetime
    message: Message | None
    position: tuple[int, int]


@dataclass
class BulkSends:
    """What a bulk receiver gets: the sends it stands in for, in order, and `publish` to log a
    realtime event at a send's place (pushed after commit with the batch's own)."""

    sends: list[Send]
    publish: Callable[..., None]


@dataclass
class _BulkReceiver:
    function: Callable[[BulkSends], None]
    replaces: frozenset[tuple[Signal, Callable]]


_bulk_receivers: list[_BulkReceiver] = []


def bulk_receiver(*replaces: tuple[Signal, Callable]):
    """Register the decorated function as the batch counterpart of per-message receivers
    `(signal, receiver)`: the batch calls it once with every send of those signals instead
    of calling those receivers once per message (only while the receiver is connected)."""

    def register(function: Callable[[BulkSends], None]) -> Callable[[BulkSends], None]:
        # A module imported twice (autoreload, tests) registers once.
        name = (function.__module__, function.__qualname__)
        _bulk_receivers[:] = [
            entry for entry in _bulk_receivers if (entry.function.__module__, entry.function.__qualname__) != name
        ]
        _bulk_receivers.append(_BulkReceiver(function=function, replaces=frozenset(replaces)))
        return function

    return register


@dataclass
class _Sender:
    identity: Identity
    created: bool
    identity_changed: bool = False
    seen: bool = False  # wrote in this batch (its customer's last_seen_at moved)
    profile_account: ChannelAccount | None = None  # a new nameless identity: look its profile up


@dataclass
class _Batch:
    now: datetime
    realtime: list[tuple[tuple, int, str, dict, list[str]]] = field(default_factory=list)
    timeline: list[tuple[tuple, Case, str, datetime, dict]] = field(default_factory=list)
    sends: list[Send] = field(default_factory=list)
    summaries: list[tuple[tuple, dict, Case, str]] = field(default_factory=list)
    messages: list[tuple[tuple, Message, Case, Any]] = field(default_factory=list)

    def publish(self, position: tuple, event_type: str, payload: dict, *, workspace_id: int, groups: Iterable[str]) -> None:
        self.realtime.append((position, workspace_id, event_type, payload, sorted(set(groups))))


def messages_ingest_batch(*, items: Sequence[BatchItem]) -> list[BatchIngestResult | None]:
    """Ingest `items` (in arrival order, any accounts and workspaces) set-wise: one result per
    item, None for those left to `message_ingest` (see the module docstring for which, and
    for what is guaranteed). Call inside a transaction holding the senders' identity locks."""
    results: list[BatchIngestResult | None] = [None] * len(items)
    if not items:
        return results
    batch = _Batch(now=timezone.now())

    # 1. Reads: every (account, external id) of the batch and of the messages emails answer
    # (redeliveries, email threads), the senders' identities, their open cases (locked).
    stored = _stored_messages(items)
    identities = _identities(items)
    answered = {
        stored[key][1]
        for item in items
        if item.channel_account.kind == ChannelKind.EMAIL
        for key in ((item.channel_account.pk, reference) for reference in _references(item.inbound))
        if key in stored
    }
    open_cases, resolved_at, cases_by_pk = _cases(identities.values(), answered)

    senders: dict[tuple, _Sender] = {key: _Sender(identity=identity, created=False) for key, identity in identities.items()}
    fell_back: set[tuple] = set()
    seen_in_batch: dict[tuple[int, str], int] = {}  # stored by this call: its item's index
    earlier: set[tuple[int, str]] = set()  # every (account, external id) before the current item
    new_cases: list[Case] = []
    touched_cases: dict[int, Case] = {}  # id(case) -> case, existing cases whose columns change
    opened: list[Case] = []
    message_rows: list[tuple[Message, Case, Identity, str, str]] = []

    case_of_item: dict[int, Case] = {}

    for index, item in enumerate(items):
        account, inbound, at = item.channel_account, item.inbound, item.received_at
        sender_key = (account.workspace_id, account.kind, inbound.sender.external_id)
        message_key = (account.pk, inbound.external_id)
        reply_in_batch = (
            bool(inbound.thread.reply_to_external_id) and (account.pk, inbound.thread.reply_to_external_id) in earlier
        )
        email_case, email_unknown = None, False
        if account.kind == ChannelKind.EMAIL:
            email_case, email_unknown = _email_case(account, inbound, stored, cases_by_pk, earlier, seen_in_batch, case_of_item)
        earlier.add(message_key)
        if sender_key in fell_back:
            continue
        if inbound.external_id and message_key in stored:
            results[index] = BatchIngestResult(created=False, message_id=stored[message_key][0], case_id=stored[message_key][1])
            continue
        if inbound.external_id and message_key in seen_in_batch:
            results[index] = seen_in_batch[message_key]  # a redelivery of an earlier item: resolved below
            continue
        sender = senders.get(sender_key)
        thread_key = _thread_key(inbound)
        case_key = (sender_key, account.pk, thread_key)
        case = email_case or open_cases.get(case_key)
        if (
            email_unknown
            or reply_in_batch
            or (case is None and _reopens(resolved_at.get(case_key), at, account))
            or (case is not None and (sender is None or not _same_customer(case, sender.identity)))
        ):
            fell_back.add(sender_key)
            continue

        # identity_resolve, in memory.
        if sender is None:
            sender = senders[sender_key] = _Sender(identity=_new_identity(account, inbound, at), created=True)
            if not sender.identity.display_name and account.kind in PROFILE_KINDS:
                sender.profile_account = account  # profile_fetch_later: only for an identity created now
        else:
            sender.identity_changed |= _refresh_identity(sender.identity, inbound, at)
            sender.seen = True
        identity, customer = sender.identity, sender.identity.customer

        # _thread, in memory.
        woke_from = None
        created = False
        if case is None:
            created = True
            case = instances.new(
                Case,
                workspace_id=account.workspace_id,
                customer=customer,
                identity=identity,
                channel_account=account,
                thread_key=thread_key,
                subject=(inbound.thread.subject or "")[:300],
                status=CaseStatus.NEW,
                team_id=account.default_team_id,
                opened_at=at,
                last_message_at=at,
            )
            open_cases[case_key] = case
            new_cases.append(case)
            opened.append(case)
        else:
            case.channel_account = account
            case.customer = customer
            touched_cases[id(case)] = case
            woke_from = case_wake(case)

        # _store_message + _update_case_for_inbound, in memory.
        message = instances.new(
            Message,
            workspace_id=account.workspace_id,
            channel_account=account,
            direction=Direction.IN,
            source_kind=inbound.kind.value,
            text=inbound.text,
            external_id=inbound.external_id,
            sent_at=inbound.sent_at,
            received_at=at,
            status=DeliveryStatus.RECEIVED,
        )
        message._new_attachments = []
        message_rows.append(
            (
                message,
                case,
                identity,
                search_config_for(inbound.sender.language or customer.language),
                inbound.thread.reply_to_external_id,
            )
        )
        case_apply_inbound(case, inbound, at)

        if created:
            batch.timeline.append(((index, PHASE_TIMELINE), case, CaseEventKind.CREATED, at, {"channel_kind": account.kind}))
            batch.sends.append(Send(signals.case_opened, case, at, None, (index, PHASE_CASE_OPENED)))
        elif woke_from:
            batch.timeline.append(
                (
                    (index, PHASE_TIMELINE),
                    case,
                    CaseEventKind.STATUS_CHANGED,
                    at,
                    {"old": woke_from, "new": case.status, "reason": "customer_replied"},
                )
            )
        batch.sends.append(Send(signals.message_received, case, at, message, (index, PHASE_MESSAGE_RECEIVED)))
        batch.summaries.append(
            ((index, PHASE_CASE), events.case_summary(case), case, "case.created" if created else "case.updated")
        )
        batch.messages.append(((index, PHASE_MESSAGE), message, case, inbound.attachments))
        if inbound.external_id:
            seen_in_batch[message_key] = index
        case_of_item[index] = case
        results[index] = (message, case, created, sender.created)  # a BatchIngestResult once ids exist

    if not message_rows:
        return results

    # 2. Writes, one statement per table.
    _write_senders(senders.values(), batch.now)
    for case in new_cases:
        case.customer, case.identity = case.customer, case.identity  # now with their ids
    insert_rows(Case, new_cases, batch.now)
    _write_messages(message_rows, batch.now)
    _write_attachments(batch.messages, batch.now)
    update_rows(
        Case,
        list(touched_cases.values()),
        [
            "status",
            "snoozed_until",
            "last_message_at",
            "last_customer_message_at",
            "waiting_since",
            "last_message_preview",
            "subject",
        ],
        batch.now,
    )
    _write_timeline(batch)
    _queue_profiles(senders.values())

    # 3. Receivers: per-message ones without a bulk counterpart (in order), the bulk
    # counterparts, then the realtime log and assignment.
    per_message, bulk = _receivers()
    if any(per_message.values()):
        _call_per_message(batch, per_message)
    for function, signals_handled in bulk:
        sends = [send for send in batch.sends if send.signal in signals_handled]
        if sends:
            function(BulkSends(sends=sends, publish=batch.publish))
    _write_realtime(batch)
    _assign(opened)

    for index, result in enumerate(results):
        if isinstance(result, tuple):
            message, case, created, customer_created = result
            results[index] = BatchIngestResult(
                created=True, message_id=message.pk, case_id=case.pk, case_created=created, customer_created=customer_created
            )
    for index, result in enumerate(results):
        if isinstance(result, int):
            first = results[result]
            results[index] = BatchIngestResult(created=False, message_id=first.message_id, case_id=first.case_id)
    return results


# --- Reads ---------------------------------------------------------------------------------


def _references(inbound: InboundMessage) -> list[str]:
    # ingest._email_case's order: In-Reply-To, then References newest first.
    return [ref for ref in (inbound.thread.email_in_reply_to, *reversed(inbound.thread.email_references)) if ref]


def _stored_messages(items: Sequence[BatchItem]) -> dict[tuple[int, str], tuple[int, int, datetime]]:
    """(account, external id) → (message id, case id, received_at) of the stored messages the
    batch's items are (redeliveries) or answer (an email's In-Reply-To and References)."""
    keys = {(item.channel_account.pk, item.inbound.external_id) for item in items if item.inbound.external_id}
    keys |= {
        (item.channel_account.pk, reference)
        for item in items
        if item.channel_account.kind == ChannelKind.EMAIL
        for reference in _references(item.inbound)
    }
    return messages_by_platform_id(keys)


def _email_case(account, inbound, stored, cases_by_pk, earlier, seen_in_batch, case_of_item) -> tuple[Case | None, bool]:
    """ingest._email_case for the fast lane: (the open case the email's headers point at, or
    None to thread by key; True when the fast lane cannot tell: the headers point at a
    message of this batch it did not store, or at a case that is not open (a reopen) or was
    merged, or the email has no header match but a reply token or a subject tag)."""
    referenced = _references(inbound)
    if any((account.pk, ref) in earlier and (account.pk, ref) not in seen_in_batch for ref in referenced):
        return None, True
    in_batch = [seen_in_batch[(account.pk, ref)] for ref in referenced if (account.pk, ref) in seen_in_batch]
    if in_batch:
        case = case_of_item[max(in_batch)]  # the newest message answered: one of this batch
    else:
        found = [stored[(account.pk, ref)] for ref in referenced if (account.pk, ref) in stored]
        case = cases_by_pk.get(max(found, key=lambda row: row[2])[1]) if found else None
    if case is not None:
        return (None, True) if case.merged_into_id or case.status not in OPEN_STATUSES else (case, False)
    subject_tag = account.email_subject_threading and SUBJECT_CASE_TAG.search(inbound.thread.subject or "")
    return None, bool(inbound.thread.reply_token or subject_tag)


def _identities(items: Sequence[BatchItem]) -> dict[tuple, Identity]:
    wanted = sorted({(item.channel_account.workspace_id, item.channel_account.kind, item.inbound.sender.external_id) for item in items})
    if not wanted:
        return {}
    rows = reads.fetch(
        f"SELECT {reads.columns(Identity, 'i')}, {reads.columns(Customer, 'c')} "
        "FROM unnest(%s::bigint[], %s::text[], %s::text[]) AS w(workspace_id, channel_kind, external_id) "
        "JOIN customers_identity i USING (workspace_id, channel_kind, external_id) "
        "JOIN customers_customer c ON c.id = i.customer_id",
        [list(column) for column in zip(*wanted, strict=True)],
    )
    found = {}
    for row in rows:
        identity, customer = reads.joined(row, Identity, Customer)
        identity.customer = customer  # as select_related("customer")
        found[(identity.workspace_id, identity.channel_kind, identity.external_id)] = identity
    return found


def _cases(
    identities: Iterable[Identity], answered_case_ids: set[int]
) -> tuple[dict[tuple, Case], dict[tuple, datetime | None], dict[int, Case]]:
    """The identities' open cases by thread, their latest resolution per thread, and every
    such case and those of the messages emails answer by id — all locked, in pk order."""
    by_id = {identity.pk: identity for identity in identities}
    if not by_id and not answered_case_ids:
        return {}, {}, {}

    def key(identity_id: int, account_id: int, thread_key: str) -> tuple:
        identity = by_id[identity_id]
        return ((identity.workspace_id, identity.channel_kind, identity.external_id), account_id, thread_key)

    cases_by_pk = {
        case.pk: case
        for case in reads.instances(
            Case,
            f"SELECT {reads.columns(Case, 'c')} FROM inbox_case c "
            "WHERE (c.identity_id = ANY(%s) AND c.status = ANY(%s)) OR c.id = ANY(%s) ORDER BY c.id FOR UPDATE",
            [sorted(by_id), [status.value for status in OPEN_STATUSES], sorted(answered_case_ids)],
        )
    }
    open_cases = {
        key(case.identity_id, case.channel_account_id, case.thread_key): case
        for case in cases_by_pk.values()
        if case.status in OPEN_STATUSES and case.identity_id in by_id
    }
    resolved = reads.fetch(
        "SELECT DISTINCT ON (identity_id, channel_account_id, thread_key) identity_id, channel_account_id, thread_key, resolved_at "
        "FROM inbox_case WHERE identity_id = ANY(%s) AND status = %s "
        "ORDER BY identity_id, channel_account_id, thread_key, resolved_at DESC",
        [sorted(by_id), CaseStatus.RESOLVED.value],
    )
    return open_cases, {key(identity_id, account_id, thread): at for identity_id, account_id, thread, at in resolved}, cases_by_pk


def _same_customer(case: Case, identity: Identity) -> bool:
    # A case opened earlier in this batch has no ids yet: compare the objects.
    return case.customer is identity.customer if case.pk is None else case.customer_id == identity.customer_id


def _reopens(resolved_at: datetime | None, at: datetime, account: ChannelAccount) -> bool:
    # _thread's own test: the latest resolved case of the thread reopens within the window.
    return resolved_at is not None and at - resolved_at <= account.reopen_window


# --- identity_resolve, in memory -------------------------------------------------------------


def _new_identity(account: ChannelAccount, inbound: InboundMessage, at: datetime) -> Identity:
    return identity_new(workspace_id=account.workspace_id, channel_kind=account.kind, sender=inbound.sender, seen_at=at)


def _refresh_identity(identity: Identity, inbound: InboundMessage, at: datetime) -> bool:
    """customers.services.identity_resolve on a known identity, written later with the batch.
    Returns whether the identity changed (the customer's last_seen_at always does)."""
    identity_changes, _ = identity_refresh(identity, sender=inbound.sender, seen_at=at)
    return bool(identity_changes)


# --- Writes ----------------------------------------------------------------------------------


def _write_senders(senders: Iterable[_Sender], now: datetime) -> None:
    senders = list(senders)
    created = [sender for sender in senders if sender.created]
    insert_rows(Customer, [sender.identity.customer for sender in created], now)
    for sender in created:
        sender.identity.customer = sender.identity.customer  # now with its id
    insert_rows(Identity, [sender.identity for sender in created], now)
    known = [sender for sender in senders if not sender.created and sender.seen]
    update_rows(
        Customer,
        [sender.identity.customer for sender in known],
        ["last_seen_at", "display_name", "avatar_url", "follower_count"],
        now,
    )
    update_rows(
        Identity,
        [sender.identity for sender in known if sender.identity_changed],
        ["username", "display_name", "avatar_url", "follower_count"],
        now,
    )


def _write_messages(rows: list[tuple[Message, Case, Identity, str, str]], now: datetime) -> None:
    for message, case, _, _, _ in rows:
        message.case = case
    _insert_messages(
        [message for message, _, _, _, _ in rows], [config for _, _, _, config, _ in rows], [reply for *_, reply in rows], now
    )


def _insert_messages(messages: list[Message], configs: list[str], reply_ids: list[str], now: datetime) -> None:
    """Messages in one INSERT: the search vector per row's text-search config, and reply_to
    found among the stored messages of the same account (as _store_message)."""
    returned = insert_rows(
        Message,
        messages,
        now,
        extras=[
            Extra(
                "search_vector",
                "search_config",
                "text",
                "to_tsvector(v.search_config::regconfig, COALESCE(v.\"text\", ''))",
                configs,
            ),
            Extra(
                "reply_to_id",
                "reply_external_id",
                "text",
                "(SELECT r.id FROM inbox_message r WHERE r.channel_account_id = v.channel_account_id "
                "AND r.external_id = v.reply_external_id AND v.reply_external_id <> '' ORDER BY r.id LIMIT 1)",
                reply_ids,
            ),
        ],
        returning=["reply_to_id"],
    )
    for message, (_, reply_to_id) in zip(messages, returned, strict=True):
        message.reply_to_id = reply_to_id


def _write_attachments(messages: list[tuple[tuple, Message, Case, Any]], now: datetime) -> None:
    attachments = [row for _, message, _, inbound_attachments in messages for row in attachment_rows(message, inbound_attachments)]
    if not attachments:
        return
    for attachment in attachments:
        attachment.message_id = attachment.message.pk
    insert_rows(MessageAttachment, attachments, now)
    for attachment in attachments:
        attachment.message._new_attachments.append(attachment)
    downloads = [{"attachment_id": attachment.pk} for attachment in attachments if attachment_needs_fetch(attachment)]
    if downloads:
        from inbox.tasks import fetch_attachment  # tasks import the ingest path

        fetch_attachment.batch_defer(*downloads)  # as media.attachments_fetch_later, in one insert


def _queue_profiles(senders: Iterable[_Sender]) -> None:
    lookups = [
        {"identity_id": sender.identity.pk, "channel_account_id": sender.profile_account.pk}
        for sender in senders
        if sender.profile_account is not None
    ]
    if lookups:
        from inbox.tasks import fetch_identity_profile  # tasks import the ingest path

        fetch_identity_profile.batch_defer(*lookups)  # as profiles.profile_fetch_later, in one insert


def _write_timeline(batch: _Batch) -> None:
    rows = [
        {"workspace_id": case.workspace_id, "case_id": case.pk, "kind": kind, "data": data, "occurred_at": at}
        for _, case, kind, at, data in batch.timeline
    ]
    keys = insert_rows(CaseEvent, rows, batch.now)
    for (position, case, kind, at, data), (event_id,) in zip(batch.timeline, keys, strict=True):
        # events.timeline's payload and group.
        batch.publish(
            position,
            "case.timeline",
            {
                "id": event_id,
                "case_id": case.pk,
                "kind": kind,
                "actor_id": None,
                "actor": None,
                "data": data,
                "occurred_at": at.isoformat(),
            },
            workspace_id=case.workspace_id,
            groups=[realtime.case_group(case.pk)],
        )


def _receivers() -> tuple[dict[Signal, list[Callable]], list[tuple[Callable[[BulkSends], None], set[Signal]]]]:
    """The live receivers of the ingest's signals: per signal, those to call once per message,
    and the bulk counterparts standing in for the others (with the signals they take)."""
    per_message: dict[Signal, list[Callable]] = {}
    for signal in INGEST_SIGNALS:
        # Django keeps no public list of a signal's receivers; this is the one send() walks.
        sync_receivers, async_receivers = signal._live_receivers(Case)
        per_message[signal] = [*sync_receivers, *(async_to_sync(receiver) for receiver in async_receivers)]
    bulk = []
    for entry in _bulk_receivers:
        handled = {(signal, receiver) for signal, receiver in entry.replaces if receiver in per_message.get(signal, ())}
        if not handled:
            continue
        for signal, receiver in handled:
            per_message[signal].remove(receiver)
        bulk.append((entry.function, {signal for signal, _ in handled}))
    return per_message, bulk


def _call_per_message(batch: _Batch, per_message: dict[Signal, list[Callable]]) -> None:
    """Receivers without a bulk counterpart, once per send, in the batch's order (e.g. the
    tagging rules). message_ingest sends before publishing case.updated: what a receiver
    changes on the case (tags, priority) reaches the summaries of that message and later ones."""
    summaries_of: dict[int, list[tuple[tuple, dict]]] = {}
    for position, summary, case, _ in batch.summaries:
        summaries_of.setdefault(id(case), []).append((position, summary))
    for send in batch.sends:
        receivers = per_message.get(send.signal, ())
        for receiver in receivers:
            receiver(signal=send.signal, sender=Case, **_send_kwargs(send))
        if receivers:
            for position, summary in summaries_of.get(id(send.case), ()):
                if position >= send.position:
                    summary["tags"], summary["priority"] = list(send.case.tags), send.case.priority


def _send_kwargs(send: Send) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"case": send.case, "at": send.at}
    if send.message is not None:
        kwargs["message"] = send.message
    return kwargs


def _write_realtime(batch: _Batch) -> None:
    """The batch's realtime events, in message_ingest's order, logged in one INSERT and pushed
    after commit in one hop onto the channel layer (core.realtime.publish_many_on_commit)."""
    for position, summary, case, event_type in batch.summaries:
        summary["id"], summary["customer"]["id"] = case.pk, case.customer_id
        batch.publish(position, event_type, summary, workspace_id=case.workspace_id, groups=events.case_groups(case))
    for position, message, case, _ in batch.messages:
        batch.publish(
            position,
            "message.created",
            events.message_payload(message),
            workspace_id=case.workspace_id,
            groups=[realtime.case_group(case.pk)],
        )
    batch.realtime.sort(key=lambda row: row[0])  # stable: each message's events in publish order
    realtime.publish_many_on_commit(
        [
            {"workspace_id": workspace_id, "type": event_type, "payload": payload, "groups": groups}
            for _, workspace_id, event_type, payload, groups in batch.realtime
        ],
        batch.now,
    )


def _assign(opened: list[Case]) -> None:
    """assignment.on_case_opened for each opened case whose policy is automatic, found in one
    query (on_case_opened itself reads the policy first: one query per case otherwise)."""
    if not opened:
        return
    automatic = reads.fetch(
        f"SELECT team_id, channel_account_id FROM {AssignmentPolicy._meta.db_table} "
        "WHERE (team_id = ANY(%s) OR channel_account_id = ANY(%s)) AND mode <> %s",
        [
            sorted({case.team_id for case in opened if case.team_id}),
            sorted({case.channel_account_id for case in opened if not case.team_id}),
            AssignmentMode.MANUAL.value,
        ],
    )
    teams, accounts = set(), set()
    for team_id, channel_account_id in automatic:
        teams.add(team_id)
        accounts.add(channel_account_id)
    for case in opened:
        if (case.team_id in teams) if case.team_id else (case.channel_account_id in accounts):
            assignment.on_case_opened(case)
