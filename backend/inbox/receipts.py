"""What platforms tell us about messages already in the inbox: delivery/read receipts, echoes
of our own sends, and the customer's edits, deletions and reactions.

Each service is idempotent: a status only moves forwards (queued → sent → delivered → read;
failed only from queued/sent), an echo we already know changes nothing, an edit or reaction
replayed leaves the same state. Changes reach the agents' browsers as `message.updated`.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from channel_accounts.models import ChannelAccount
from core.realtime import case_group, publish_on_commit
from inbox import events
from inbox.models import Case, DeliveryStatus, Direction, Message, MessageKind
from integrations.events import Deletion, DeliveryReceipt, Echo, Edit, Reaction, ReactionAction

STATUS_RANK = {DeliveryStatus.QUEUED: 0, DeliveryStatus.SENT: 1, DeliveryStatus.DELIVERED: 2, DeliveryStatus.READ: 3}
ECHO_CORRELATION_PREFIX = "dialogo:"  # Messenger `metadata` of our sends: dialogo:<message id>


def _lower_statuses(status: str) -> list[str]:
    """The statuses a receipt of `status` may replace."""
    if status == DeliveryStatus.FAILED:
        return [DeliveryStatus.QUEUED, DeliveryStatus.SENT]
    return [name for name, rank in STATUS_RANK.items() if rank < STATUS_RANK[status]]


def message_updated(message: Message) -> None:
    publish_on_commit(
        "message.updated",
        {
            "id": message.pk,
            "case_id": message.case_id,
            "status": message.status,
            "text": message.text,
            "error_code": message.error_code,
            "error_message": message.error_message,
            "edited_at": message.edited_at.isoformat() if message.edited_at else None,
            "deleted_at": message.deleted_at.isoformat() if message.deleted_at else None,
            "reaction": message.reaction,
        },
        workspace_id=message.workspace_id,
        groups=[case_group(message.case_id)],
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
    for message in candidates.select_for_update().order_by("pk")[:500]:
        changed += message_status_advance(
            message=message, status=status, error_code=receipt.error_code, error_message=receipt.error_title
        )
    return changed


def message_echo_record(*, channel_account: ChannelAccount, echo: Echo) -> str:
    """An echo of a message sent from the brand's side. Ours (known platform id, or our
    correlation id in Messenger's `metadata`) → matched, not stored twice. Sent with another
    tool (the platform's own app) → recorded as an agent message in the customer's latest case.
    Returns the outcome: matched | recorded | duplicate | no_case."""
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
    case = (
        Case.objects.filter(channel_account=channel_account, identity__external_id=echo.recipient_external_id)
        .order_by("-last_message_at")
        .first()
    )
    if case is None:
        return "no_case"
    now = timezone.now()
    message = Message.objects.create(
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
    case.last_message_at = max(case.last_message_at, now)
    case.last_message_preview = echo.text[:200]
    case.save(update_fields=["last_message_at", "last_message_preview", "updated_at"])
    events.message_created(message, case)
    return "recorded"


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
