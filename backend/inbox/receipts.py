"""What platforms tell us about messages already in the inbox: delivery/read receipts, echoes
of our own sends, and the customer's edits, deletions and reactions.

Each service is idempotent: a status only moves forwards (queued → sent → delivered → read;
failed only from queued/sent), an echo we already know changes nothing, an edit or reaction
replayed leaves the same state. Changes reach the agents' browsers as `message.updated`.

Receipts and echoes come one at a time (`message_receipt_apply`, `message_echo_record`: the
reference semantics) or as a whole drain batch (`message_receipts_apply_batch`,
`message_echoes_record_batch`: the same rows and results in a constant number of statements).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection
from django.utils import timezone

from channel_accounts.models import ChannelAccount
from core import realtime
from core.bulk import insert_rows, update_rows
from core.realtime import case_group, publish_on_commit
from customers.models import Identity
from inbox import events
from inbox.models import Case, DeliveryStatus, Direction, Message, MessageKind
from inbox.selectors import messages_by_platform_id
from integrations.events import Deletion, DeliveryReceipt, Echo, Edit, Reaction, ReactionAction

STATUS_RANK = {DeliveryStatus.QUEUED: 0, DeliveryStatus.SENT: 1, DeliveryStatus.DELIVERED: 2, DeliveryStatus.READ: 3}
ECHO_CORRELATION_PREFIX = "dialogo:"  # Messenger `metadata` of our sends: dialogo:<message id>
WATERMARK_LIMIT = 500  # messages one watermark receipt may move


def _lower_statuses(status: str) -> list[str]:
    """The statuses a receipt of `status` may replace."""
    if status == DeliveryStatus.FAILED:
        return [DeliveryStatus.QUEUED, DeliveryStatus.SENT]
    return [name for name, rank in STATUS_RANK.items() if rank < STATUS_RANK[status]]


def _updated_payload(message: Message | _Outbound) -> dict[str, Any]:
    return {"id": message.pk, "case_id": message.case_id, **events.message_state(message)}


def message_updated(message: Message) -> None:
    publish_on_commit(
        "message.updated", _updated_payload(message), workspace_id=message.workspace_id, groups=[case_group(message.case_id)]
    )


def message_status_advance(*, message: Message, status: str, error_code: str = "", error_message: str = "") -> bool:
    """Move `message` to `status` if that is forwards; returns whether it moved."""
    if message.status not in _lower_statuses(status):
        return False
    message.status = status
    fields = ["status", "updated_at"]
    if status == DeliveryStatus.FAILED:
        message.error_code, message.error_message = error_code[:64], error_message
        fields += ["error_code", "error_message"]
    message.save(update_fields=fields)
    message_updated(message)
    return True


def message_receipt_apply(*, channel_account: ChannelAccount, receipt: DeliveryReceipt) -> int:
    """Apply a platform receipt to our outbound messages; returns how many changed. By message
    id, or — Messenger reads and id-less deliveries — to everything sent to that customer at or
    before the watermark."""
    status = str(receipt.status)
    outbound = Message.objects.filter(
        channel_account=channel_account, direction=Direction.OUT, status__in=_lower_statuses(status)
    )
    if receipt.external_message_id:
        candidates = outbound.filter(external_id=receipt.external_message_id)
    elif receipt.watermark is not None and receipt.counterpart_external_id:
        candidates = outbound.filter(
            case__identity__external_id=receipt.counterpart_external_id, sent_at__lte=receipt.watermark
        ).exclude(external_id="")
    else:
        return 0
    changed = 0
    for message in candidates.select_for_update().order_by("pk")[:WATERMARK_LIMIT]:
        changed += message_status_advance(
            message=message, status=status, error_code=receipt.error_code, error_message=receipt.error_title
        )
    return changed


def message_echo_record(*, channel_account: ChannelAccount, echo: Echo) -> str:
    """An echo of a message sent from the brand's side. Ours (known platform id, or our
    correlation id in Messenger's `metadata`) → matched, not stored twice. Sent with another
    tool (the platform's own app) → recorded as an agent message in the customer's latest case.
    Returns the outcome: matched | recorded | no_case | no_id."""
    if not echo.external_id:
        return "no_id"
    if Message.objects.filter(channel_account=channel_account, external_id=echo.external_id).exists():
        return "matched"
    if echo.metadata.startswith(ECHO_CORRELATION_PREFIX):
        ours = Message.objects.filter(
            channel_account=channel_account,
            direction=Direction.OUT,
            pk=_int(echo.metadata.removeprefix(ECHO_CORRELATION_PREFIX)),
            external_id="",
        ).first()
        if ours is not None:
            ours.external_id = echo.external_id
            ours.sent_at = ours.sent_at or echo.sent_at
            ours.save(update_fields=["external_id", "sent_at", "updated_at"])
            message_status_advance(message=ours, status=DeliveryStatus.SENT)
            return "matched"
    return _echo_record_from_another_tool(channel_account, echo)


def _echo_record_from_another_tool(channel_account: ChannelAccount, echo: Echo) -> str:
    """The echo of a send we know nothing of: an agent message in the customer's latest case."""
    case = (
        Case.objects.filter(channel_account=channel_account, identity__external_id=echo.recipient_external_id)
        .order_by("-last_message_at")
        .first()
    )
    if case is None:
        return "no_case"
    message = _echo_as_message(case, channel_account, echo, timezone.now())
    message.save(force_insert=True)
    case.save(update_fields=["last_message_at", "last_message_preview", "updated_at"])
    events.message_created(message, case)
    return "recorded"


def _echo_as_message(case: Case, channel_account: ChannelAccount, echo: Echo, now: datetime) -> Message:
    """The agent message an echo from another tool becomes (not saved), and the case's last
    message moved to it (in memory)."""
    case.last_message_at = max(case.last_message_at, now)
    case.last_message_preview = echo.text[:200]
    return Message(
        workspace_id=case.workspace_id,
        case=case,
        channel_account=channel_account,
        direction=Direction.OUT,
        kind=MessageKind.PUBLIC,
        text=echo.text,
        external_id=echo.external_id,
        sent_at=echo.sent_at,
        received_at=now,
        status=DeliveryStatus.SENT,
    )


# --- Whole drain batches ------------------------------------------------------------------------


@dataclass(slots=True)
class _Outbound:
    """One of our messages as a batch reads (locked) and changes it: what the UPDATE and the
    `message.updated` payload need, without building model instances."""

    pk: int
    workspace_id: int
    case_id: int
    channel_account_id: int
    external_id: str
    status: str
    sent_at: datetime | None
    text: str
    error_code: str
    error_message: str
    edited_at: datetime | None
    deleted_at: datetime | None
    reaction: str
    status_moved: bool = False
    updated_at: datetime | None = None  # set by core.bulk.update_rows


_OUTBOUND_COLUMNS = (
    "m.id, m.workspace_id, m.case_id, m.channel_account_id, m.external_id, m.status, m.sent_at, m.text, "
    "m.error_code, m.error_message, m.edited_at, m.deleted_at, m.reaction"
)
_BIGINT = range(-(2**63), 2**63)


def message_receipts_apply_batch(*, items: Sequence[tuple[ChannelAccount, DeliveryReceipt]]) -> list[int]:
    """Apply many receipts (in arrival order, any accounts and workspaces): per item, how many
    messages it changed — exactly what `message_receipt_apply` called once per item, in order,
    returns and writes, but each changed message is written once and announced once
    (`message.updated` with its final state).

    Three statements whatever the batch holds: one SELECT that locks, in primary key order,
    every message a receipt may move (by platform id; or, for id-less receipts, the first
    ones at or before the watermark); one UPDATE of the locked rows (core.bulk); one INSERT of
    the realtime rows (pushed after commit). Every lookup is scoped by channel account. Call
    inside a transaction."""
    counts = [0] * len(items)
    by_external_id, watermarks = _receipt_targets(items)
    if not by_external_id and not watermarks:
        return counts
    by_key, by_receipt = _outbound_lock(by_external_id, watermarks)
    changed: dict[int, _Outbound] = {}  # in order of first change
    for index, (account, receipt) in enumerate(items):
        status = str(receipt.status)
        lower = _lower_statuses(status)
        if receipt.external_message_id:
            message = by_key.get((account.pk, receipt.external_message_id))
            candidates = [message] if message is not None else []
        else:
            candidates = by_receipt.get(index, [])
        for message in candidates:
            if counts[index] == WATERMARK_LIMIT:
                break
            if message.status not in lower:
                continue
            message.status = status
            if status == DeliveryStatus.FAILED:
                message.error_code, message.error_message = receipt.error_code[:64], receipt.error_title
            changed.setdefault(message.pk, message)
            counts[index] += 1
    if changed:
        now = timezone.now()
        update_rows(Message, list(changed.values()), ["status", "error_code", "error_message"], now)
        _publish_updated(list(changed.values()), now)
    return counts


def _receipt_targets(items: Sequence[tuple[ChannelAccount, DeliveryReceipt]]) -> tuple[dict, list[dict]]:
    """What the lock must cover: per (account, platform id), the statuses its receipts may
    replace; per watermark receipt, how many of its candidates to read (by pk): WATERMARK_LIMIT,
    plus as many as the account's earlier receipts in the batch may have moved out of its reach
    (one per id receipt, WATERMARK_LIMIT per watermark receipt)."""
    by_external_id: dict[tuple[int, str], set[str]] = {}
    watermarks = []
    moved_before: dict[int, int] = {}  # per account: how many messages earlier receipts may have moved
    for index, (account, receipt) in enumerate(items):
        status = str(receipt.status)
        if receipt.external_message_id:
            by_external_id.setdefault((account.pk, receipt.external_message_id), set()).update(_lower_statuses(status))
            moved_before[account.pk] = moved_before.get(account.pk, 0) + 1
        elif receipt.watermark is not None and receipt.counterpart_external_id:
            watermarks.append(
                {
                    "receipt": index,
                    "account_id": account.pk,
                    "counterpart": receipt.counterpart_external_id,
                    "watermark": receipt.watermark.isoformat(),
                    "statuses": ",".join(_lower_statuses(status)),
                    "take": WATERMARK_LIMIT + moved_before.get(account.pk, 0),
                }
            )
            moved_before[account.pk] = moved_before.get(account.pk, 0) + WATERMARK_LIMIT
    return by_external_id, watermarks


def _outbound_lock(by_external_id: dict[tuple[int, str], set[str]], watermarks: list[dict]) -> tuple[dict, dict]:
    """Lock (pk order, one statement: no deadlock with another worker's batch) and read the
    messages the receipts may move. Returns them by (account, platform id), and per watermark
    receipt its candidates in pk order. A candidate list may hold more than the receipt moves:
    the batch's fold skips the ones earlier receipts moved past its status."""
    message_table, case_table, identity_table = Message._meta.db_table, Case._meta.db_table, Identity._meta.db_table
    keys = [
        {"account_id": account_id, "external_id": external_id, "statuses": ",".join(sorted(statuses))}
        for (account_id, external_id), statuses in by_external_id.items()
    ]
    rows = _execute(
        f"""WITH target(id, receipt) AS (
            SELECT t.id, NULL::int
            FROM json_to_recordset(%s::json) AS k(account_id bigint, external_id text, statuses text)
            JOIN {message_table} t ON t.channel_account_id = k.account_id AND t.external_id = k.external_id
            WHERE t.external_id <> '' AND t.direction = %s AND t.status = ANY(string_to_array(k.statuses, ','))
          UNION ALL
            SELECT w.id, r.receipt
            FROM json_to_recordset(%s::json)
                AS r(receipt int, account_id bigint, counterpart text, watermark timestamptz, statuses text, take int)
            CROSS JOIN LATERAL (
                SELECT t.id FROM {message_table} t
                JOIN {case_table} c ON c.id = t.case_id
                JOIN {identity_table} i ON i.id = c.identity_id
                WHERE t.channel_account_id = r.account_id AND t.direction = %s
                  AND t.status = ANY(string_to_array(r.statuses, ','))
                  AND i.external_id = r.counterpart AND t.sent_at <= r.watermark AND t.external_id <> ''
                ORDER BY t.id LIMIT r.take
            ) AS w
        )
        SELECT {_OUTBOUND_COLUMNS}, target.receipt FROM {message_table} m JOIN target ON target.id = m.id
        ORDER BY m.id FOR UPDATE OF m""",
        [_json(keys), Direction.OUT.value, _json(watermarks), Direction.OUT.value],
    )
    messages: dict[int, _Outbound] = {}
    by_key: dict[tuple[int, str], _Outbound] = {}
    by_receipt: dict[int, list[_Outbound]] = {}
    for *columns, receipt in rows:
        message = messages.get(columns[0])
        if message is None:
            message = messages[columns[0]] = _Outbound(*columns)
        if receipt is None:
            by_key[(message.channel_account_id, message.external_id)] = message
        else:
            by_receipt.setdefault(receipt, []).append(message)  # rows come in pk order
    return by_key, by_receipt


def message_echoes_record_batch(*, items: Sequence[tuple[ChannelAccount, Echo]]) -> list[str]:
    """Record many echoes (in arrival order, any accounts and workspaces): per item the outcome
    `message_echo_record` called once per item, in order, gives — matched | recorded |
    no_case | no_id — with the same rows. An echo whose platform id is stored, or was matched
    or recorded earlier in the batch, is matched; one naming our message in its metadata
    gives it that id (and moves it to sent, announced once after the batch's writes).

    One query for the known platform ids, one that locks (pk order) the messages the
    metadata names, one UPDATE and one realtime INSERT for those; echoes sent from another
    tool (a reply from the platform's own app) take five more statements together. Call
    inside a transaction."""
    outcomes = [""] * len(items)
    known = set(messages_by_platform_id({(account.pk, echo.external_id) for account, echo in items}))
    correlated = {
        (account.pk, pk)
        for account, echo in items
        if echo.external_id
        and (account.pk, echo.external_id) not in known
        and echo.metadata.startswith(ECHO_CORRELATION_PREFIX)
        and (pk := _int(echo.metadata.removeprefix(ECHO_CORRELATION_PREFIX))) in _BIGINT
    }
    ours = _ours_lock(correlated)
    claimed: list[_Outbound] = []
    to_record: list[tuple[int, ChannelAccount, Echo]] = []
    recording: set[tuple[int, str]] = set()  # platform ids an echo before in the batch may record
    for index, (account, echo) in enumerate(items):
        if not echo.external_id:
            outcomes[index] = "no_id"
            continue
        key = (account.pk, echo.external_id)
        if key in known:
            outcomes[index] = "matched"
            continue
        if key in recording:  # matched if that earlier echo gets recorded
            to_record.append((index, account, echo))
            continue
        if echo.metadata.startswith(ECHO_CORRELATION_PREFIX):
            message = ours.pop((account.pk, _int(echo.metadata.removeprefix(ECHO_CORRELATION_PREFIX))), None)
            if message is not None:  # gone from `ours`: its platform id is no longer empty
                message.external_id = echo.external_id
                message.sent_at = message.sent_at or echo.sent_at
                if message.status in _lower_statuses(DeliveryStatus.SENT):
                    message.status, message.status_moved = DeliveryStatus.SENT, True
                claimed.append(message)
                known.add(key)
                outcomes[index] = "matched"
                continue
        to_record.append((index, account, echo))
        recording.add(key)
    for index, outcome in _echoes_record_from_another_tool(to_record).items():
        outcomes[index] = outcome
    if claimed:
        now = timezone.now()
        update_rows(Message, claimed, ["external_id", "sent_at", "status"], now)
        _publish_updated([message for message in claimed if message.status_moved], now)
    return outcomes


def _echoes_record_from_another_tool(records: list[tuple[int, ChannelAccount, Echo]]) -> dict[int, str]:
    """`_echo_record_from_another_tool` for many echoes, in order (by item index: recorded |
    no_case | matched, for a platform id an earlier one of them recorded): the customers'
    latest cases in one query, the messages in one INSERT, the cases in one UPDATE, their
    `message.created` events in one realtime INSERT."""
    if not records:
        return {}
    counterparts = {(account.pk, echo.recipient_external_id) for _, account, echo in records}
    latest = {
        (account_id, counterpart): case_id
        for account_id, counterpart, case_id in _execute(
            f"SELECT DISTINCT ON (k.account_id, k.counterpart) k.account_id, k.counterpart, c.id "
            f"FROM json_to_recordset(%s::json) AS k(account_id bigint, counterpart text) "
            f"JOIN {Case._meta.db_table} c ON c.channel_account_id = k.account_id "
            f"JOIN {Identity._meta.db_table} i ON i.id = c.identity_id AND i.external_id = k.counterpart "
            "ORDER BY k.account_id, k.counterpart, c.last_message_at DESC, c.id DESC",
            [_json({"account_id": account_id, "counterpart": counterpart} for account_id, counterpart in counterparts)],
        )
    }
    cases = Case.objects.in_bulk(set(latest.values())) if latest else {}
    now = timezone.now()
    outcomes: dict[int, str] = {}
    recorded: set[tuple[int, str]] = set()
    messages: list[Message] = []
    for index, account, echo in records:
        if (account.pk, echo.external_id) in recorded:
            outcomes[index] = "matched"
            continue
        case = cases.get(latest.get((account.pk, echo.recipient_external_id)))
        if case is None:
            outcomes[index] = "no_case"
            continue
        messages.append(_echo_as_message(case, account, echo, now))
        recorded.add((account.pk, echo.external_id))
        outcomes[index] = "recorded"
    if messages:
        insert_rows(Message, messages, now)
        update_rows(Case, list({message.case_id: message.case for message in messages}.values()), ["last_message_at", "last_message_preview"], now)
        realtime.publish_many_on_commit(
            [
                {
                    "workspace_id": message.workspace_id,
                    "type": "message.created",
                    "payload": events.message_payload(message),
                    "groups": [case_group(message.case_id)],
                }
                for message in messages
            ],
            now,
        )
    return outcomes


def _ours_lock(keys: set[tuple[int, int]]) -> dict[tuple[int, int], _Outbound]:
    """Our outbound messages still without a platform id that echoes' metadata name, locked in
    pk order, by (account, pk)."""
    if not keys:
        return {}
    rows = _execute(
        f"SELECT {_OUTBOUND_COLUMNS} FROM json_to_recordset(%s::json) AS k(account_id bigint, id bigint) "
        f"JOIN {Message._meta.db_table} m ON m.channel_account_id = k.account_id AND m.id = k.id "
        "WHERE m.direction = %s AND m.external_id = '' ORDER BY m.id FOR UPDATE OF m",
        [_json({"account_id": account_id, "id": pk} for account_id, pk in keys), Direction.OUT.value],
    )
    messages = [_Outbound(*row) for row in rows]
    return {(message.channel_account_id, message.pk): message for message in messages}


def _publish_updated(messages: list[_Outbound], now: datetime) -> None:
    """`message_updated` for many messages: logged in one INSERT, pushed after commit in one hop."""
    realtime.publish_many_on_commit(
        [
            {
                "workspace_id": message.workspace_id,
                "type": "message.updated",
                "payload": _updated_payload(message),
                "groups": [case_group(message.case_id)],
            }
            for message in messages
        ],
        now,
    )


def _execute(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def _json(rows) -> str:
    return json.dumps(list(rows), ensure_ascii=False)


def _customer_message(channel_account: ChannelAccount, external_message_id: str) -> Message | None:
    return Message.objects.select_for_update().filter(channel_account=channel_account, external_id=external_message_id).first()


def message_edit_record(*, channel_account: ChannelAccount, edit: Edit) -> bool:
    """The customer edited a message: keep the first text as `original_text`, show the new one."""
    message = _customer_message(channel_account, edit.external_message_id)
    if message is None:
        return False
    if message.text == edit.text and message.edited_at is not None:
        return True  # a replay
    if not message.edited_at:
        message.original_text = message.text
    message.text = edit.text
    message.edited_at = _later(message.edited_at, edit.at)
    message.save(update_fields=["text", "original_text", "edited_at", "updated_at"])
    message_updated(message)
    return True


def message_deletion_record(*, channel_account: ChannelAccount, deletion: Deletion) -> bool:
    """The customer unsent a message: agents see that it was withdrawn; the text is kept for
    the audit trail (`original_text`) but no longer shown."""
    message = _customer_message(channel_account, deletion.external_message_id)
    if message is None:
        return False
    if message.deleted_at is None:
        message.original_text = message.original_text or message.text
        message.text = ""
        message.deleted_at = deletion.at
        message.save(update_fields=["text", "original_text", "deleted_at", "updated_at"])
        message_updated(message)
    return True


def message_reaction_record(*, channel_account: ChannelAccount, reaction: Reaction) -> bool:
    """The customer's current reaction to a message (one per customer on these platforms)."""
    message = _customer_message(channel_account, reaction.external_message_id)
    if message is None:
        return False
    value = (reaction.emoji or reaction.reaction or "👍") if reaction.action == ReactionAction.REACT else ""
    if message.reaction != value:
        message.reaction = value[:32]
        message.save(update_fields=["reaction", "updated_at"])
        message_updated(message)
    return True


def _later(current: datetime | None, candidate: datetime) -> datetime:
    return candidate if current is None or candidate > current else current


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        return -1
