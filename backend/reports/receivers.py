"""Domain events → append-only reporting events, in the same transaction as the change."""

from __future__ import annotations

from django.dispatch import receiver
from django.utils import timezone

from core.bulk import insert_rows
from inbox import signals
from inbox.batch_ingest import BulkSends, bulk_receiver
from inbox.models import Case
from reports.models import ReportingEvent
from sla import signals as sla_signals


def _record(kind: str, case, at, **fields) -> None:
    ReportingEvent(**_values(kind, case, at, **fields)).save(force_insert=True)


def _values(kind: str, case, at, **fields) -> dict:
    return {
        "workspace_id": case.workspace_id,
        "kind": kind,
        "occurred_at": at,
        "case_id": case.pk,
        "customer_id": case.customer_id,
        "channel_account_id": case.channel_account_id,
        "channel_kind": case.channel_account.kind,
        "team_id": case.team_id,
        **fields,
    }


@receiver(signals.case_opened, dispatch_uid="reports.case_opened")
def on_case_opened(sender, *, case, at, **kwargs) -> None:
    _record("case_opened", case, at)


@receiver(signals.case_reopened, dispatch_uid="reports.case_reopened")
def on_case_reopened(sender, *, case, at, **kwargs) -> None:
    _record("case_reopened", case, at)


@receiver(signals.message_received, dispatch_uid="reports.message_received")
def on_message_received(sender, *, case, at, message, **kwargs) -> None:
    _record("message_received", case, at, data={"message_id": message.pk})


@bulk_receiver((signals.case_opened, on_case_opened), (signals.message_received, on_message_received))
def on_ingest_batch(batch: BulkSends) -> None:
    """on_case_opened and on_message_received for a whole ingest batch, in one insert (rows
    as dicts: insert_rows fills in the defaults)."""
    insert_rows(
        ReportingEvent,
        [
            _values("case_opened", send.case, send.at)
            if send.signal is signals.case_opened
            else _values("message_received", send.case, send.at, data={"message_id": send.message.pk})
            for send in batch.sends
        ],
        timezone.now(),
    )


@receiver(signals.agent_replied, dispatch_uid="reports.agent_replied")
def on_agent_replied(sender, *, case, at, message, first_response: bool, **kwargs) -> None:
    _record(
        "agent_replied",
        case,
        at,
        membership_id=message.author_id,
        value_seconds=(at - case.opened_at).total_seconds() if first_response else None,
        data={"message_id": message.pk, "first_response": first_response},
    )


@receiver(signals.case_status_changed, dispatch_uid="reports.case_status_changed")
def on_case_status_changed(sender, *, case, at, old, new, actor=None, **kwargs) -> None:
    kind = {"resolved": "case_resolved", "closed": "case_closed"}.get(new, "case_status_changed")
    value = (at - case.opened_at).total_seconds() if new == "resolved" else None
    _record(kind, case, at, membership_id=actor.pk if actor else case.assignee_id, value_seconds=value, data={"old": old, "new": new})


@receiver(signals.case_assigned, dispatch_uid="reports.case_assigned")
def on_case_assigned(sender, *, case, at, assignee=None, actor=None, automatic=False, **kwargs) -> None:
    _record("case_assigned", case, at, membership_id=assignee.pk if assignee else None, data={"automatic": automatic, "actor_id": actor.pk if actor else None})


def _record_sla(event, **kwargs) -> None:
    # The sweep never touches case rows; the reporting row copies the case's channel and team
    # (one read, on the dispatcher's path, not the sweep's).
    case = Case.objects.select_related("channel_account").filter(pk=event.case_id).first()
    if case is None:
        return
    _record(
        f"sla_{event.kind}",
        case,
        event.occurred_at,
        membership_id=case.assignee_id,
        value_seconds=event.margin_seconds,
        data={"target": event.target, "cycle": event.cycle, "business": event.business, "policy_id": event.policy_id},
    )


@receiver(sla_signals.sla_met, dispatch_uid="reports.sla_met")
def on_sla_met(sender, *, event, **kwargs) -> None:
    _record_sla(event)


@receiver(sla_signals.sla_at_risk, dispatch_uid="reports.sla_at_risk")
def on_sla_at_risk(sender, *, event, **kwargs) -> None:
    _record_sla(event)


@receiver(sla_signals.sla_breached, dispatch_uid="reports.sla_breached")
def on_sla_breached(sender, *, event, **kwargs) -> None:
    _record_sla(event)
