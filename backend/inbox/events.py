"""What a change to a case tells the world: one timeline row, realtime events to the
groups that watch the case, and the domain signal reports listen to. Services call these
inside their transaction; realtime pushes leave only after commit."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from core.realtime import (
    case_group,
    member_group,
    publish_on_commit,
    supervision_group,
    team_group,
    user_group,
    workspace_group,
)
from inbox.models import Case, CaseEvent, Message


def case_groups(case: Case) -> list[str]:
    """Who sees a change to the case in a list: the sockets showing a view it can be in.

    - the case's own group (the case is open on screen);
    - its team's group: the team's view, and "My teams";
    - its assignee's membership group: "Mine" (by `assignee_id`, so no query for the user);
    - supervisors and admins (the board counts every case);
    - the workspace group: only sockets showing a workspace-wide view are in it (All,
      Unassigned, Pending, Snoozed, Breaching soon, a tag).
    A case without a team therefore reaches agents only through their workspace views (or as
    its assignee); their other counts follow by refetching (see the frontend's views list).
    """
    groups = [case_group(case.pk), workspace_group(case.workspace_id), supervision_group(case.workspace_id)]
    if case.team_id:
        groups.append(team_group(case.team_id))
    if case.assignee_id:
        groups.append(member_group(case.assignee_id))
    return groups


def case_summary(case: Case) -> dict[str, Any]:
    """The case as a list row needs it: what realtime events carry (no extra queries beyond
    the customer and account, which callers have loaded)."""
    return {
        "id": case.pk,
        "status": case.status,
        "priority": case.priority,
        "subject": case.subject,
        "assignee_id": case.assignee_id,
        "team_id": case.team_id,
        "tags": case.tags,
        "customer": {"id": case.customer_id, "display_name": case.customer.display_name, "avatar_url": case.customer.avatar_url},
        "channel_account_id": case.channel_account_id,
        "channel_kind": case.channel_account.kind,
        "last_message_preview": case.last_message_preview,
        "last_message_at": case.last_message_at.isoformat() if case.last_message_at else None,
        "waiting_since": case.waiting_since.isoformat() if case.waiting_since else None,
        "opened_at": case.opened_at.isoformat(),
        "snoozed_until": case.snoozed_until.isoformat() if case.snoozed_until else None,
    }


def person(membership) -> dict[str, Any] | None:
    """{id, name} of a member, as the REST API shows authors and actors."""
    if membership is None:
        return None
    return {"id": membership.pk, "name": membership.user.name or membership.user.email}


def attachment_payload(attachment) -> dict[str, Any]:
    """As the API shows it (inbox.serializers.AttachmentSerializer): our copy's URL first."""
    return {
        "id": attachment.pk,
        "kind": attachment.kind,
        "url": attachment.url if attachment.url.startswith("geo:") else f"/api/v1/attachments/{attachment.pk}/",
        "original_url": attachment.url,
        "mime_type": attachment.mime_type,
        "size_bytes": attachment.size_bytes,
        "name": attachment.name,
        "fetch_status": attachment.fetch_status,
    }


def message_state(message) -> dict[str, Any]:
    """What may change on a stored message (status, edits, withdrawal, reaction): all that
    `message.updated` carries besides the ids."""
    return {
        "text": message.text,
        "status": message.status,
        "error_code": message.error_code,
        "error_message": message.error_message,
        "edited_at": message.edited_at.isoformat() if message.edited_at else None,
        "deleted_at": message.deleted_at.isoformat() if message.deleted_at else None,
        "reaction": message.reaction,
    }


def message_payload(message: Message) -> dict[str, Any]:
    return {
        "id": message.pk,
        "case_id": message.case_id,
        "direction": message.direction,
        "kind": message.kind,
        "source_kind": message.source_kind,
        "author_id": message.author_id,
        "author": person(message.author) if message.author_id else None,
        **message_state(message),
        "sent_at": message.sent_at.isoformat() if message.sent_at else None,
        "received_at": message.received_at.isoformat(),
        "attachments": [attachment_payload(a) for a in getattr(message, "_new_attachments", [])],
    }


def timeline(case: Case, kind: str, *, actor=None, at: datetime | None = None, **data: Any) -> CaseEvent:
    """Record one timeline row and tell the case's watchers."""
    event = CaseEvent.objects.create(
        workspace_id=case.workspace_id, case=case, kind=kind, actor=actor, data=data, occurred_at=at or timezone.now()
    )
    publish_on_commit(
        "case.timeline",
        {
            "id": event.pk,
            "case_id": case.pk,
            "kind": kind,
            "actor_id": actor.pk if actor else None,
            "actor": person(actor),
            "data": data,
            "occurred_at": event.occurred_at.isoformat(),
        },
        workspace_id=case.workspace_id,
        groups=[case_group(case.pk)],
    )
    return event


def case_changed(case: Case, event_type: str = "case.updated", *, extra_groups: list[str] = ()) -> None:
    publish_on_commit(event_type, case_summary(case), workspace_id=case.workspace_id, groups=[*case_groups(case), *extra_groups])


def message_created(message: Message, case: Case) -> None:
    # Message bodies go to those watching the case; list views learn of it by case.updated.
    publish_on_commit("message.created", message_payload(message), workspace_id=case.workspace_id, groups=[case_group(case.pk)])


def assignee_groups(*memberships) -> list[str]:
    return [user_group(m.user_id) for m in memberships if m is not None]
