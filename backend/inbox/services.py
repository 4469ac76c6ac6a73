"""Every agent action on a case. Each one locks the case row, checks the current state,
writes in one short transaction, records a timeline row and publishes after commit."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Membership, Team
from core.errors import ApplicationError, ConflictError
from core.realtime import publish_on_commit, team_group, user_group
from inbox import assignment, events, signals
from inbox.models import (
    OPEN_STATUSES,
    CannedResponse,
    Case,
    CaseEventKind,
    CaseStatus,
    DeliveryStatus,
    Direction,
    Mention,
    Message,
    MessageKind,
    Priority,
)
from inbox.reply_media import reply_uploads_attach

# Statuses an agent may set directly (new, merged are reached only through the ingest
# and case_merge; snoozed only through case_snooze, which needs a wake-up time).
SETTABLE_STATUSES = {CaseStatus.OPEN, CaseStatus.PENDING, CaseStatus.RESOLVED, CaseStatus.CLOSED, CaseStatus.SPAM}
MENTION_TOKEN = re.compile(r"(?<![\w.])@([\w.+-]+)")
TEMPLATE_VARIABLE = re.compile(r"\{\{\s*([a-z_.]+)\s*\}\}")
TEMPLATE_VARIABLES = {"customer.name", "customer.first_name", "agent.name", "agent.first_name", "case.id"}
MAX_TAG_LENGTH = 64


def _lock(case: Case) -> Case:
    """The case row, locked until the transaction ends, with what events need loaded."""
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("customer", "channel_account")
        .get(pk=case.pk, workspace_id=case.workspace_id)
    )


def _refuse_if_final(case: Case, action: str) -> None:
    if case.status == CaseStatus.MERGED:
        raise ConflictError(f"Case #{case.pk} was merged into #{case.merged_into_id}; {action} there.", code="case_merged")


def _after_commit(function, *args) -> None:
    # robust: the action already committed; a failing follow-up must not turn it into a 500.
    transaction.on_commit(lambda: function(*args), robust=True)


def _member_of(workspace_id: int, membership_id: int | None, *, field: str) -> Membership | None:
    if membership_id is None:
        return None
    membership = Membership.objects.filter(pk=membership_id, workspace_id=workspace_id, is_active=True).select_related("user").first()
    if membership is None:
        raise ApplicationError(f"No active member with id {membership_id}.", extra={"fields": {field: ["Unknown member."]}})
    return membership


# --- Conversation -------------------------------------------------------------------------


@transaction.atomic
def case_reply(
    *,
    case: Case,
    author: Membership,
    text: str,
    reply_to: Message | None = None,
    canned_response: CannedResponse | None = None,
    template: dict | None = None,
    upload_ids: Sequence[int] = (),
) -> Message:
    """Queue a public reply to the customer. The message is stored as queued; the channel's
    delivery job (on `outbound_message_queued`) sends it and receipts move its status.
    Files the agent uploaded in the composer (`upload_ids`) go with it.
    The first human reply stamps the case's first response; a new case becomes open."""
    text = (text or "").strip()
    if not text and not upload_ids:
        raise ApplicationError("A reply needs text or a file.", extra={"fields": {"text": ["This field may not be blank."]}})
    case = _lock(case)
    _refuse_if_final(case, "reply")
    if template and case.channel_account.kind != "whatsapp":
        raise ApplicationError("Templates are sent on WhatsApp only.", extra={"fields": {"template": ["WhatsApp cases only."]}})
    if template and upload_ids:
        raise ApplicationError("A template is sent alone, without files.", extra={"fields": {"upload_ids": ["Not with a template."]}})
    if reply_to is not None and reply_to.case_id != case.pk:
        raise ApplicationError("reply_to must be a message of this case.", extra={"fields": {"reply_to_id": ["Not in this case."]}})
    now = timezone.now()
    message = Message.objects.create(
        workspace_id=case.workspace_id,
        case=case,
        channel_account_id=case.channel_account_id,
        direction=Direction.OUT,
        kind=MessageKind.PUBLIC,
        author=author,
        text=text,
        reply_to=reply_to,
        received_at=now,
        status=DeliveryStatus.QUEUED,
        template=dict(template) if template else None,
    )
    reply_uploads_attach(message=message, upload_ids=upload_ids)
    first_response = case.first_response_at is None
    if first_response:
        case.first_response_at = now
    case.last_message_at = now
    case.last_agent_reply_at = now
    case.waiting_since = None
    case.agent_reply_count += 1
    case.last_message_preview = text[:200] if text else _files_preview(message)
    old_status = case.status
    if case.status == CaseStatus.NEW:
        case.status = CaseStatus.OPEN
    case.save()

    if old_status != case.status:
        events.timeline(case, CaseEventKind.STATUS_CHANGED, actor=author, at=now, old=old_status, new=case.status, reason="agent_replied")
    signals.agent_replied.send(sender=Case, case=case, at=now, message=message, first_response=first_response)
    signals.outbound_message_queued.send(sender=Case, case=case, at=now, message=message)
    events.case_changed(case)
    events.message_created(message, case)
    return message


def _files_preview(message: Message) -> str:
    attachments = getattr(message, "_new_attachments", [])
    return f"[{attachments[0].kind}]" if attachments else ""


@transaction.atomic
def case_add_note(
    *, case: Case, author: Membership, text: str, mention_ids: Iterable[int] = (), upload_ids: Sequence[int] = ()
) -> Message:
    """A private note for colleagues, with files if `upload_ids` name composer uploads.
    Mentions come from `mention_ids` and from @tokens matching a colleague's email name
    (e.g. @ana for ana@brand.com); each mentioned colleague is notified. Notes never touch
    the case's clocks."""
    text = (text or "").strip()
    if not text and not upload_ids:
        raise ApplicationError("A note needs text or a file.", extra={"fields": {"text": ["This field may not be blank."]}})
    case = _lock(case)
    _refuse_if_final(case, "add notes")
    mentioned = {m.pk: m for m in (_member_of(case.workspace_id, pk, field="mention_ids") for pk in set(mention_ids))}
    tokens = {token.lower() for token in MENTION_TOKEN.findall(text)}
    if tokens:
        local_parts = Q()
        for token in tokens:
            local_parts |= Q(user__email__istartswith=f"{token}@")
        for membership in Membership.objects.filter(local_parts, workspace_id=case.workspace_id, is_active=True).select_related("user"):
            mentioned[membership.pk] = membership
    mentioned.pop(author.pk, None)

    now = timezone.now()
    note = Message.objects.create(
        workspace_id=case.workspace_id,
        case=case,
        channel_account_id=case.channel_account_id,
        direction=Direction.OUT,
        kind=MessageKind.NOTE,
        author=author,
        text=text,
        received_at=now,
        status=DeliveryStatus.SENT,
    )
    reply_uploads_attach(message=note, upload_ids=upload_ids)
    Mention.objects.bulk_create([Mention(workspace_id=case.workspace_id, message=note, membership=m) for m in mentioned.values()])
    events.message_created(note, case)
    for membership in mentioned.values():
        publish_on_commit(
            "mention.created",
            {"case_id": case.pk, "message_id": note.pk, "author_id": author.pk, "text": text[:200]},
            workspace_id=case.workspace_id,
            groups=[user_group(membership.user_id)],
        )
    return note


# --- Ownership ------------------------------------------------------------------------------


@transaction.atomic
def case_assign(*, case: Case, assignee: Membership | None, actor: Membership | None, automatic: bool = False) -> Case:
    """Give the case to `assignee` (None: unassign). Assigning to the current assignee is a
    no-op. An unassigned case goes back to the queue; the minute backlog sweep offers it to
    agents with room (not at once, so it does not bounce straight back to whoever let go)."""
    case = _lock(case)
    _refuse_if_final(case, "assign it")
    if assignee is not None:
        assignee = _member_of(case.workspace_id, assignee.pk, field="assignee_id")
    if case.assignee_id == (assignee.pk if assignee else None):
        return case
    if assignee is not None:
        return assignment.case_assignee_set(case, assignee, automatic, actor=actor)
    previous = Membership.objects.select_related("user").get(pk=case.assignee_id)
    now = timezone.now()
    case.assignee = None
    case.save(update_fields=["assignee", "updated_at"])
    events.timeline(case, CaseEventKind.UNASSIGNED, actor=actor, at=now, previous_assignee_id=previous.pk)
    signals.case_assigned.send(sender=Case, case=case, at=now, assignee=None, actor=actor, automatic=automatic)
    events.case_changed(case, extra_groups=events.assignee_groups(previous))
    return case


@transaction.atomic
def case_set_team(*, case: Case, team: Team | None, actor: Membership | None) -> Case:
    """Move the case to `team` (None: no team). An unassigned case moved to a team with an
    automatic policy is offered to that team's agents after commit."""
    case = _lock(case)
    _refuse_if_final(case, "move it")
    if team is not None and team.workspace_id != case.workspace_id:
        raise ApplicationError("No such team.", extra={"fields": {"team_id": ["Unknown team."]}})
    if case.team_id == (team.pk if team else None):
        return case
    previous_team_id = case.team_id
    case.team = team
    case.save(update_fields=["team", "updated_at"])
    events.timeline(case, CaseEventKind.TEAM_CHANGED, actor=actor, old_team_id=previous_team_id, new_team_id=team.pk if team else None)
    events.case_changed(case, extra_groups=[team_group(previous_team_id)] if previous_team_id else [])
    if team is not None and case.assignee_id is None and case.is_open:
        _after_commit(assignment.on_case_opened, case)
    return case


# --- Status ---------------------------------------------------------------------------------


def _allowed(old: str, new: str) -> bool:
    if old == CaseStatus.MERGED:
        return False
    if old == CaseStatus.CLOSED:
        return False  # closed is final: a customer's next message opens a new case
    if old == CaseStatus.RESOLVED:
        return new in (CaseStatus.OPEN, CaseStatus.CLOSED, CaseStatus.SPAM)
    if old == CaseStatus.SPAM:
        return new in (CaseStatus.OPEN, CaseStatus.CLOSED)
    return True


@transaction.atomic
def case_set_status(*, case: Case, status: str, actor: Membership | None) -> Case:
    """Move the case through its life: open, pending (waiting on the customer), resolved,
    closed (final), spam. Resolving stops the clocks; reopening a resolved case counts as a
    reopen (first-contact resolution looks at it)."""
    if status not in SETTABLE_STATUSES:
        hint = " Use snooze with a time." if status == CaseStatus.SNOOZED else ""
        raise ApplicationError(f"Status '{status}' cannot be set directly.{hint}", extra={"fields": {"status": ["Not settable."]}})
    case = _lock(case)
    old = case.status
    if old == status:
        return case
    if not _allowed(old, status):
        raise ConflictError(f"A {old} case cannot become {status}.", code="invalid_transition", extra={"from": old, "to": status})
    now = timezone.now()
    reopened = old in (CaseStatus.RESOLVED, CaseStatus.SPAM) and status == CaseStatus.OPEN
    case.status = status
    case.snoozed_until = None
    if status == CaseStatus.RESOLVED:
        case.resolved_at = now
    elif reopened:
        case.resolved_at = None
        case.reopened_count += 1
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError:
        other = Case.objects.filter(
            identity_id=case.identity_id, channel_account_id=case.channel_account_id, thread_key=case.thread_key, status__in=OPEN_STATUSES
        ).exclude(pk=case.pk).values_list("pk", flat=True).first()
        raise ConflictError(
            f"The customer already has an open case on this conversation (#{other}); merge into it instead.",
            code="open_case_exists",
            extra={"open_case_id": other},
        )
    events.timeline(case, CaseEventKind.REOPENED if reopened else CaseEventKind.STATUS_CHANGED, actor=actor, at=now, old=old, new=status)
    signals.case_status_changed.send(sender=Case, case=case, at=now, old=old, new=status, actor=actor)
    if reopened:
        signals.case_reopened.send(sender=Case, case=case, at=now)
    events.case_changed(case)
    if status not in OPEN_STATUSES and case.assignee_id:
        assignee = Membership.objects.select_related("user").get(pk=case.assignee_id)
        _after_commit(assignment.on_agent_freed, assignee)
    return case


@transaction.atomic
def case_snooze(*, case: Case, until: datetime, actor: Membership | None) -> Case:
    """Hide the case until `until`; it wakes up then, or earlier if the customer writes."""
    if until <= timezone.now():
        raise ApplicationError("Snooze until a time in the future.", extra={"fields": {"until": ["Must be in the future."]}})
    case = _lock(case)
    if case.status not in OPEN_STATUSES:
        raise ConflictError(f"A {case.status} case cannot be snoozed.", code="invalid_transition")
    old = case.status
    case.status = CaseStatus.SNOOZED
    case.snoozed_until = until
    case.save(update_fields=["status", "snoozed_until", "updated_at"])
    events.timeline(case, CaseEventKind.SNOOZED, actor=actor, old=old, until=until.isoformat())
    signals.case_status_changed.send(sender=Case, case=case, at=timezone.now(), old=old, new=CaseStatus.SNOOZED, actor=actor)
    events.case_changed(case)
    return case


def snoozed_cases_wake(*, now: datetime | None = None, batch_size: int = 500) -> int:
    """Wake every snoozed case whose time has come. Safe to run concurrently and repeatedly:
    rows are claimed with SKIP LOCKED and re-checked under the lock."""
    now = now or timezone.now()
    woken = 0
    while True:
        with transaction.atomic():
            due = list(
                Case.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("customer", "channel_account")
                .filter(status=CaseStatus.SNOOZED, snoozed_until__lte=now)
                .order_by("snoozed_until", "pk")[:batch_size]
            )
            for case in due:
                case.status = CaseStatus.OPEN
                case.snoozed_until = None
                case.save(update_fields=["status", "snoozed_until", "updated_at"])
                events.timeline(case, CaseEventKind.WOKE_UP, at=now)
                signals.case_status_changed.send(sender=Case, case=case, at=now, old=CaseStatus.SNOOZED, new=CaseStatus.OPEN, actor=None)
                events.case_changed(case, extra_groups=[user_group(case.assignee.user_id)] if case.assignee_id else [])
        woken += len(due)
        if len(due) < batch_size:
            return woken


@transaction.atomic
def case_set_priority(*, case: Case, priority: int, actor: Membership | None) -> Case:
    if priority not in Priority.values:
        raise ApplicationError(f"Priority must be one of {Priority.values}.", extra={"fields": {"priority": ["Invalid."]}})
    case = _lock(case)
    if case.priority == priority:
        return case
    old = case.priority
    case.priority = priority
    case.save(update_fields=["priority", "updated_at"])
    events.timeline(case, CaseEventKind.PRIORITY_CHANGED, actor=actor, old=old, new=priority)
    events.case_changed(case)
    return case


def _clean_tags(tags: Iterable[str]) -> list[str]:
    cleaned = []
    for tag in tags:
        tag = (tag or "").strip().lower()
        if not tag or len(tag) > MAX_TAG_LENGTH:
            raise ApplicationError(f"Tags must have 1 to {MAX_TAG_LENGTH} characters.", extra={"fields": {"tags": [repr(tag)]}})
        if tag not in cleaned:
            cleaned.append(tag)
    return cleaned


@transaction.atomic
def case_tag(*, case: Case, add: Iterable[str] = (), remove: Iterable[str] = (), actor: Membership | None) -> Case:
    add, remove = _clean_tags(add), _clean_tags(remove)
    case = _lock(case)
    added = [tag for tag in add if tag not in case.tags]
    removed = [tag for tag in remove if tag in case.tags]
    if not added and not removed:
        return case
    case.tags = [tag for tag in case.tags if tag not in removed] + added
    case.save(update_fields=["tags", "updated_at"])
    if added:
        events.timeline(case, CaseEventKind.TAGGED, actor=actor, tags=added)
    if removed:
        events.timeline(case, CaseEventKind.UNTAGGED, actor=actor, tags=removed)
    events.case_changed(case)
    return case


@transaction.atomic
def case_merge(*, source: Case, target: Case, actor: Membership | None) -> Case:
    """Fold `source` into `target` (same customer): its messages move, clocks and counters
    combine, tags unite; `source` becomes `merged` and points at `target`. Returns target."""
    if source.pk == target.pk:
        raise ApplicationError("A case cannot be merged into itself.", extra={"fields": {"target_case_id": ["Same case."]}})
    first, second = sorted([source, target], key=lambda c: c.pk)
    locked = {first.pk: _lock(first), second.pk: _lock(second)}  # pk order: no deadlocks
    source, target = locked[source.pk], locked[target.pk]
    if source.workspace_id != target.workspace_id:
        raise ApplicationError("No such case.", extra={"fields": {"target_case_id": ["Unknown case."]}})
    for case in (source, target):
        _refuse_if_final(case, "merge")
    if source.customer_id != target.customer_id:
        raise ConflictError("These cases belong to different customers; merge the customers first.", code="different_customers")

    moved = Message.objects.filter(case=source).update(case=target)
    target.last_message_at = max(target.last_message_at, source.last_message_at)
    if source.last_message_at > target.last_message_at or not target.last_message_preview:
        target.last_message_preview = source.last_message_preview
    for field, pick in [("first_response_at", min), ("waiting_since", min), ("last_customer_message_at", max), ("last_agent_reply_at", max)]:
        values = [v for v in (getattr(source, field), getattr(target, field)) if v is not None]
        setattr(target, field, pick(values) if values else None)
    target.opened_at = min(source.opened_at, target.opened_at)
    target.agent_reply_count += source.agent_reply_count
    target.tags = target.tags + [tag for tag in source.tags if tag not in target.tags]
    target.priority = max(target.priority, source.priority)
    target.save()
    old_status = source.status
    source.status = CaseStatus.MERGED
    source.merged_into = target
    source.snoozed_until = None
    source.save(update_fields=["status", "merged_into", "snoozed_until", "updated_at"])

    events.timeline(source, CaseEventKind.MERGED, actor=actor, into_case_id=target.pk, moved_messages=moved)
    events.timeline(target, CaseEventKind.MERGED, actor=actor, from_case_id=source.pk, moved_messages=moved)
    signals.case_status_changed.send(sender=Case, case=source, at=timezone.now(), old=old_status, new=CaseStatus.MERGED, actor=actor)
    events.case_changed(source)
    events.case_changed(target)
    return target


# --- Canned responses -----------------------------------------------------------------------


def _validate_template(body: str) -> None:
    unknown = sorted({name for name in TEMPLATE_VARIABLE.findall(body)} - TEMPLATE_VARIABLES)
    if unknown:
        raise ApplicationError(
            f"Unknown variables {unknown}; use {sorted(TEMPLATE_VARIABLES)}.", extra={"fields": {"body": [f"Unknown: {', '.join(unknown)}"]}}
        )


def canned_response_create(*, workspace, shortcut: str, title: str, body: str, team: Team | None = None) -> CannedResponse:
    _validate_template(body)
    try:
        with transaction.atomic():
            return CannedResponse.objects.create(workspace_id=getattr(workspace, "pk", workspace), shortcut=shortcut, title=title, body=body, team=team)
    except IntegrityError:
        raise ConflictError(f"The shortcut /{shortcut} is taken.", code="shortcut_taken", extra={"fields": {"shortcut": ["Already taken."]}})


def canned_response_update(*, canned_response: CannedResponse, **changes) -> CannedResponse:
    unknown = set(changes) - {"shortcut", "title", "body", "team"}
    if unknown:
        raise ApplicationError(f"Cannot change {sorted(unknown)}.", extra={"fields": {name: ["Read-only."] for name in unknown}})
    if "body" in changes:
        _validate_template(changes["body"])
    for field, value in changes.items():
        setattr(canned_response, field, value)
    try:
        with transaction.atomic():
            canned_response.save()
    except IntegrityError:
        raise ConflictError("That shortcut is taken.", code="shortcut_taken", extra={"fields": {"shortcut": ["Already taken."]}})
    return canned_response


def canned_response_delete(*, canned_response: CannedResponse) -> None:
    canned_response.delete()


def _first_name(name: str) -> str:
    return name.split()[0] if name.strip() else ""


def canned_response_render(*, canned_response: CannedResponse, case: Case, agent: Membership) -> str:
    """The body with {{customer.name}}, {{agent.first_name}}… filled for this case and agent."""
    customer_name = case.customer.display_name
    agent_name = agent.user.name or agent.user.email.split("@")[0]
    values = {
        "customer.name": customer_name,
        "customer.first_name": _first_name(customer_name),
        "agent.name": agent_name,
        "agent.first_name": _first_name(agent_name),
        "case.id": str(case.pk),
    }
    return TEMPLATE_VARIABLE.sub(lambda match: values.get(match.group(1), ""), canned_response.body)
