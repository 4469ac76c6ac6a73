"""The one ingest service: a normalized inbound message becomes, exactly once, a message
in the right case of the right customer.

dedupe → identity → customer → case (threading) → message → case timestamps → reporting
event → realtime publish on commit.

Threading rules (per channel account):
- a message joins the customer's open case on that account and thread;
- pending (waiting on customer) and snoozed cases wake up to "open";
- a resolved case reopens if the message comes within the account's reopen window
  (default 7 days) of its resolution; after it, a new case opens; closed cases never reopen;
- email threads by In-Reply-To/References first, by a "[#<case id>]" subject tag second,
  and otherwise starts a new case per thread;
- comments and mentions on the same public post thread together (thread "post:<id>").
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.db import transaction
from django.db.models import TextField, Value
from django.utils import timezone

from channel_accounts.models import ChannelAccount
from core import instances
from customers.models import Identity
from customers.services import identity_lock, identity_resolve
from inbox import assignment, events, signals
from inbox.media import attachments_fetch_later
from inbox.models import OPEN_STATUSES, Case, CaseEventKind, CaseStatus, DeliveryStatus, Direction, Message, MessageAttachment
from inbox.profiles import profile_fetch_later
from integrations.events import ChannelKind, InboundMessage, MessageKind

SUBJECT_CASE_TAG = re.compile(r"\[#(\d+)\]")
REPLY_TOKEN = re.compile(r"c(\d+)\.([0-9a-f]{12})")
SEARCH_CONFIGS = {"en": "english", "es": "spanish"}  # Polish has no stemmer in PostgreSQL


def search_config_for(language: str) -> str:
    return SEARCH_CONFIGS.get((language or "")[:2].lower(), "simple")


@dataclass(frozen=True)
class IngestResult:
    message: Message
    case: Case
    created: bool  # False: a redelivery of a message we already had; nothing changed
    case_created: bool = False
    case_reopened: bool = False


def message_ingest(*, channel_account: ChannelAccount, inbound: InboundMessage, received_at: datetime | None = None) -> IngestResult:
    """Store `inbound` once. A redelivery returns the stored message and changes nothing;
    two workers racing on the first messages of a new customer give one customer and one
    case. Realtime events leave only after commit."""
    received_at = received_at or timezone.now()
    with transaction.atomic():
        identity_lock(workspace_id=channel_account.workspace_id, channel_kind=channel_account.kind, external_id=inbound.sender.external_id)
        existing = (
            Message.objects.select_related("case").filter(channel_account=channel_account, external_id=inbound.external_id).first()
        )
        if existing is not None:
            return IngestResult(message=existing, case=existing.case, created=False)

        identity = identity_resolve(
            workspace_id=channel_account.workspace_id, channel_kind=channel_account.kind, sender=inbound.sender, seen_at=received_at
        )
        if not identity.display_name:
            profile_fetch_later(identity=identity, channel_account=channel_account)
        case, case_created, case_reopened, woke_from = _thread(channel_account, identity, inbound, received_at)
        # Loaded already: keeps the realtime summary free of extra queries.
        case.channel_account = channel_account
        if case.customer_id == identity.customer_id:
            case.customer = identity.customer
        message = _store_message(channel_account, case, identity, inbound, received_at)
        _update_case_for_inbound(case, inbound, received_at)

        if case_created:
            events.timeline(case, CaseEventKind.CREATED, at=received_at, channel_kind=channel_account.kind)
            signals.case_opened.send(sender=Case, case=case, at=received_at)
        elif case_reopened:
            events.timeline(case, CaseEventKind.REOPENED, at=received_at)
            signals.case_reopened.send(sender=Case, case=case, at=received_at)
        elif woke_from:
            events.timeline(case, CaseEventKind.STATUS_CHANGED, at=received_at, old=woke_from, new=case.status, reason="customer_replied")
        signals.message_received.send(sender=Case, case=case, at=received_at, message=message)
        events.case_changed(case, "case.created" if case_created else "case.updated")
        events.message_created(message, case)
        if case_created or case_reopened:
            # After the created/message events, so clients see created → message → assigned.
            assignment.on_case_opened(case)
    return IngestResult(message=message, case=case, created=True, case_created=case_created, case_reopened=case_reopened)


def _thread_key(inbound: InboundMessage) -> str:
    if inbound.kind in (MessageKind.COMMENT, MessageKind.MENTION) and inbound.thread.post_id:
        return f"post:{inbound.thread.post_id}"
    if inbound.channel_kind == ChannelKind.EMAIL:
        # A new email thread is keyed by its root message id.
        root = (inbound.thread.email_references or (inbound.thread.email_in_reply_to,))[0] or inbound.thread.email_message_id or inbound.external_id
        return f"email:{root}"[:300]
    return ""


def email_reply_token(case: Case) -> str:
    """The token of the plus-addressed Reply-To we put on our emails for `case`
    (`mailbox+<token>@domain`): the case id plus an HMAC, so a reply to it threads into the case
    even when the customer's client dropped the References, and nobody can guess another case's."""
    return f"c{case.pk}.{_reply_token_signature(case.workspace_id, case.pk)}"


def _reply_token_signature(workspace_id: int, case_id: int) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"email-reply:{workspace_id}:{case_id}".encode(), hashlib.sha256).hexdigest()[:12]


def _case_from_reply_token(channel_account: ChannelAccount, token: str) -> Case | None:
    match = REPLY_TOKEN.fullmatch(token or "")
    if not match:
        return None
    case_id = int(match.group(1))
    if not hmac.compare_digest(match.group(2), _reply_token_signature(channel_account.workspace_id, case_id)):
        return None
    return Case.objects.select_for_update().filter(pk=case_id, channel_account=channel_account).first()


def _email_case(channel_account: ChannelAccount, identity: Identity, inbound: InboundMessage) -> Case | None:
    """The case an email replies to: by its headers, then our signed reply+token address, else
    by a [#id] tag in the subject."""
    referenced = [ref for ref in (inbound.thread.email_in_reply_to, *reversed(inbound.thread.email_references)) if ref]
    if referenced:
        # The case of the newest message we know among those this email answers.
        found = (
            Message.objects.filter(channel_account=channel_account, external_id__in=referenced)
            .order_by("-received_at")
            .values_list("case_id", flat=True)
            .first()
        )
        if found:
            return Case.objects.select_for_update().get(pk=found)
    by_token = _case_from_reply_token(channel_account, inbound.thread.reply_token)
    if by_token is not None:
        return by_token
    if channel_account.email_subject_threading:
        tag = SUBJECT_CASE_TAG.search(inbound.thread.subject or "")
        if tag:
            # Only the same customer's case: a subject tag is typed by people and forwarded.
            return (
                Case.objects.select_for_update()
                .filter(pk=int(tag.group(1)), channel_account=channel_account, customer_id=identity.customer_id)
                .first()
            )
    return None


def _thread(channel_account: ChannelAccount, identity: Identity, inbound: InboundMessage, now: datetime):
    """Returns (case, created, reopened, woke_from_status) with the case row locked."""
    candidate = None
    if channel_account.kind == ChannelKind.EMAIL:
        candidate = _email_case(channel_account, identity, inbound)
        if candidate is not None and candidate.merged_into_id:
            candidate = Case.objects.select_for_update().get(pk=candidate.merged_into_id)

    thread_key = _thread_key(inbound)
    if candidate is None:
        candidate = (
            Case.objects.select_for_update()
            .filter(identity=identity, channel_account=channel_account, thread_key=thread_key, status__in=OPEN_STATUSES)
            .first()
        )
    if candidate is None:
        candidate = (
            Case.objects.select_for_update()
            .filter(identity=identity, channel_account=channel_account, thread_key=thread_key, status=CaseStatus.RESOLVED)
            .order_by("-resolved_at")
            .first()
        )

    if candidate is not None and candidate.is_open:
        return candidate, False, False, case_wake(candidate)

    if (
        candidate is not None
        and candidate.status == CaseStatus.RESOLVED
        and candidate.resolved_at is not None
        and now - candidate.resolved_at <= channel_account.reopen_window
        and not _has_other_open_case(candidate)
    ):
        candidate.status = CaseStatus.OPEN
        candidate.resolved_at = None
        candidate.reopened_count += 1
        return candidate, False, True, None

    case = Case.objects.create(
        workspace_id=channel_account.workspace_id,
        customer_id=identity.customer_id,
        identity=identity,
        channel_account=channel_account,
        team_id=channel_account.default_team_id,
        thread_key=thread_key,
        subject=(inbound.thread.subject or "")[:300],
        status=CaseStatus.NEW,
        opened_at=now,
        last_message_at=now,
    )
    return case, True, False, None


def case_wake(case: Case) -> str | None:
    """A customer message wakes a pending or snoozed case to open: returns the status it woke
    from (None if it was awake), in memory (the batch ingest shares it)."""
    if case.status not in (CaseStatus.PENDING, CaseStatus.SNOOZED):
        return None
    woke_from = case.status
    case.status = CaseStatus.OPEN
    case.snoozed_until = None
    return woke_from


def _has_other_open_case(case: Case) -> bool:
    # An email reply to an old resolved thread while the same thread key is open elsewhere
    # (rare): reopening would break "one open case per thread", so a new case opens instead.
    return Case.objects.filter(
        identity_id=case.identity_id, channel_account_id=case.channel_account_id, thread_key=case.thread_key, status__in=OPEN_STATUSES
    ).exclude(pk=case.pk).exists()


def _store_message(channel_account, case: Case, identity: Identity, inbound: InboundMessage, received_at: datetime) -> Message:
    reply_to_id = None
    if inbound.thread.reply_to_external_id:
        reply_to_id = (
            Message.objects.filter(channel_account=channel_account, external_id=inbound.thread.reply_to_external_id)
            .values_list("pk", flat=True)
            .first()
        )
    config = search_config_for(inbound.sender.language or identity.customer.language)
    message = Message.objects.create(
        workspace_id=channel_account.workspace_id,
        case=case,
        channel_account=channel_account,
        direction=Direction.IN,
        source_kind=inbound.kind.value,
        text=inbound.text,
        reply_to_id=reply_to_id,
        external_id=inbound.external_id,
        sent_at=inbound.sent_at,
        received_at=received_at,
        status=DeliveryStatus.RECEIVED,
        search_vector=SearchVector(Value(inbound.text, output_field=TextField()), config=config),
    )
    message._new_attachments = MessageAttachment.objects.bulk_create(attachment_rows(message, inbound.attachments))
    if message._new_attachments:
        attachments_fetch_later(message._new_attachments)
    return message


def attachment_rows(message: Message, attachments) -> list[MessageAttachment]:
    """The rows of a customer message's attachments (not saved): `pending` until a job fetches
    our copy of the platform's link, or `stored` at once with the file we already hold."""
    return [
        instances.new(
            MessageAttachment,
            workspace_id=message.workspace_id,
            message=message,
            kind=attachment.kind.value,
            url=attachment.url,
            mime_type=attachment.mime_type,
            size_bytes=attachment.size_bytes,
            name=attachment.name,
            file=attachment.stored_file,
            fetch_status="stored" if attachment.stored_file else "pending",
        )
        for attachment in attachments
    ]


def _preview(inbound: InboundMessage) -> str:
    if inbound.text:
        return inbound.text[:200]
    if inbound.attachments:
        return f"[{inbound.attachments[0].kind.value}]"
    return ""


def case_apply_inbound(case: Case, inbound: InboundMessage, received_at: datetime) -> None:
    """A customer message's effect on its case's columns, in memory (the batch ingest shares it)."""
    case.last_message_at = max(case.last_message_at, received_at)
    case.last_customer_message_at = received_at
    if case.waiting_since is None:
        case.waiting_since = received_at
    case.last_message_preview = _preview(inbound)
    if not case.subject and inbound.thread.subject:
        case.subject = inbound.thread.subject[:300]


def _update_case_for_inbound(case: Case, inbound: InboundMessage, received_at: datetime) -> None:
    case_apply_inbound(case, inbound, received_at)
    case.save()
