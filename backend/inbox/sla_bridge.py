"""The inbox's side of the SLA: inbox events drive the clocks, clock alerts reach people.

sla sits below inbox and never imports it, so the glue lives here:
- inbox signals (sent inside the transaction that changed the case, with the case row
  locked) become calls to sla's clock services, with the case's facts;
- sla's at-risk and breach signals (sent by sla's dispatcher, after the sweep) become a
  timeline row, realtime events to the assignee, the team and the workspace's supervisors,
  and the policy's escalations, done through the inbox's own services: raise the priority,
  move the case to a team, and email a supervisor after commit.

A customer's loyalty tier is read from a "tier:<name>" customer tag (e.g. "tier:gold")
until customers carry a tier of their own; only `case_facts` needs to change then.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.dispatch import receiver

from core.realtime import publish_on_commit
from inbox import events, services, signals
from inbox.batch_ingest import BulkSends, bulk_receiver
from inbox.models import Case
from sla import selectors as sla_selectors
from sla import services as sla_services
from sla import signals as sla_signals
from sla.facts import CaseFacts
from sla.models import SlaEvent, SlaEventKind, Target

TIER_TAG_PREFIX = "tier:"
TIMELINE_KIND = {SlaEventKind.AT_RISK: "sla_at_risk", SlaEventKind.BREACHED: "sla_breached"}
REALTIME_TYPE = {SlaEventKind.AT_RISK: "sla.at_risk", SlaEventKind.BREACHED: "sla.breached"}


def case_facts(case: Case) -> CaseFacts:
    """What sla may know of a case. Needs the case's customer and channel account (loaded
    by the ingest and by every inbox service's lock)."""
    tags = tuple(case.customer.tags or ())
    tier = next((tag[len(TIER_TAG_PREFIX) :] for tag in tags if tag.startswith(TIER_TAG_PREFIX)), None)
    return CaseFacts(
        case_id=case.pk,
        workspace_id=case.workspace_id,
        channel_kind=case.channel_account.kind,
        channel_account_id=case.channel_account_id,
        priority=case.priority,
        team_id=case.team_id,
        customer_tier=tier,
        customer_tags=tags,
        opened_at=case.opened_at,
        status=case.status,
        waiting_since=case.waiting_since,
        assignee_id=case.assignee_id,
    )


def case_facts_for(case_ids: Sequence[int]) -> dict[int, CaseFacts]:
    cases = Case.objects.filter(pk__in=list(case_ids)).select_related("customer", "channel_account")
    return {case.pk: case_facts(case) for case in cases}


sla_services.case_facts_loader_register(case_facts_for)


def _publish_clocks(case: Case, change: sla_services.SlaChange, at: datetime) -> None:
    """Tell whoever shows the case that its clocks moved (only when something visible did)."""
    if change.case_sla is None or not change.changed:
        return
    publish_on_commit(
        "sla.updated",
        sla_selectors.case_sla_payload(change.case_sla, now=at),
        workspace_id=case.workspace_id,
        groups=events.case_groups(case),
    )


# --- Inbox events → clocks ------------------------------------------------------------------


@receiver(signals.case_opened, dispatch_uid="inbox.sla_bridge.case_opened")
def start_clocks(sender, *, case: Case, at: datetime, **kwargs) -> None:
    _publish_clocks(case, sla_services.case_sla_start(facts=case_facts(case), at=at), at)


@receiver(signals.message_received, dispatch_uid="inbox.sla_bridge.message_received")
def customer_wrote(sender, *, case: Case, at: datetime, message, **kwargs) -> None:
    _publish_clocks(case, sla_services.case_sla_customer_wrote(facts=case_facts(case), at=at), at)


@bulk_receiver((signals.case_opened, start_clocks), (signals.message_received, customer_wrote))
def clocks_on_ingest(batch: BulkSends) -> None:
    """start_clocks and customer_wrote for a whole ingest batch: the same clocks, events and
    sla.updated events, through sla's set-based `case_sla_steps_apply`."""
    facts: dict[int, CaseFacts] = {}
    steps = []
    for send in batch.sends:
        if id(send.case) not in facts:
            facts[id(send.case)] = case_facts(send.case)
        action = sla_services.ClockStep.START if send.signal is signals.case_opened else sla_services.ClockStep.CUSTOMER_WROTE
        steps.append(sla_services.ClockStep(action=action, facts=facts[id(send.case)], at=send.at))

    def observe(index: int, change: sla_services.SlaChange) -> None:
        # _publish_clocks, logged at the send's place in the batch.
        if change.case_sla is None or not change.changed:
            return
        send = batch.sends[index]
        batch.publish(
            send.position,
            "sla.updated",
            sla_selectors.case_sla_payload(change.case_sla, now=send.at),
            workspace_id=send.case.workspace_id,
            groups=events.case_groups(send.case),
        )

    sla_services.case_sla_steps_apply(steps=steps, observe=observe)


@receiver(signals.agent_replied, dispatch_uid="inbox.sla_bridge.agent_replied")
def agent_replied(sender, *, case: Case, at: datetime, message, **kwargs) -> None:
    _publish_clocks(case, sla_services.case_sla_agent_replied(facts=case_facts(case), at=at), at)


@receiver(signals.case_status_changed, dispatch_uid="inbox.sla_bridge.case_status_changed")
def status_changed(sender, *, case: Case, at: datetime, old: str, new: str, **kwargs) -> None:
    _publish_clocks(case, sla_services.case_sla_status_changed(facts=case_facts(case), old=old, new=new, at=at), at)


@receiver(signals.case_reopened, dispatch_uid="inbox.sla_bridge.case_reopened")
def reopened(sender, *, case: Case, at: datetime, **kwargs) -> None:
    _publish_clocks(case, sla_services.case_sla_reopened(facts=case_facts(case), at=at), at)


# --- Clock alerts → people --------------------------------------------------------------------


def _alert(event: SlaEvent) -> None:
    case = Case.objects.select_related("customer", "assignee__user").filter(pk=event.case_id).first()
    if case is None:
        return
    data = {
        "target": event.target,
        "cycle": event.cycle,
        "due_at": event.due_at.isoformat() if event.due_at else None,
        "margin_seconds": event.margin_seconds,
        "business": event.business,
    }
    events.timeline(case, TIMELINE_KIND[event.kind], at=event.occurred_at, **data)
    publish_on_commit(
        REALTIME_TYPE[event.kind],
        {
            "case_id": case.pk,
            **data,
            "occurred_at": event.occurred_at.isoformat(),
            "subject": case.subject,
            "priority": case.priority,
            "assignee_id": case.assignee_id,
            "team_id": case.team_id,
        },
        workspace_id=case.workspace_id,
        # Where the case's own news goes: its watchers, team, assignee, supervisors, workspace views.
        groups=events.case_groups(case),
    )
    policy = getattr(event, "policy", None)
    if policy is not None and case.is_open and (event.kind == SlaEventKind.BREACHED or policy.escalate_on_at_risk):
        _escalate(case, policy, event)


def _escalate(case: Case, policy, event: SlaEvent) -> None:
    if policy.escalate_priority is not None and case.priority < policy.escalate_priority:
        case = services.case_set_priority(case=case, priority=policy.escalate_priority, actor=None)
    if policy.escalate_team is not None and case.team_id != policy.escalate_team_id:
        case = services.case_set_team(case=case, team=policy.escalate_team, actor=None)
    supervisor = policy.escalate_notify
    if supervisor is not None and supervisor.is_active and supervisor.user.email:
        what = "at risk" if event.kind == SlaEventKind.AT_RISK else "breached"
        due = f"due {event.due_at:%Y-%m-%d %H:%M} UTC" if event.due_at else "no deadline"
        subject = f"SLA {what}: {Target(event.target).label.lower()} of case #{case.pk}"
        lines = [
            f"Case #{case.pk}: {case.subject or case.last_message_preview or '(no subject)'}",
            f"Customer: {case.customer.display_name or case.customer_id}",
            f"Target: {Target(event.target).label} ({'business' if event.business else 'wall'} time), {due}",
            f"Policy: {policy.name}",
        ]
        recipient = supervisor.user.email
        transaction.on_commit(
            lambda: send_mail(subject, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, [recipient], fail_silently=True)
        )


@receiver(sla_signals.sla_at_risk, dispatch_uid="inbox.sla_bridge.sla_at_risk")
def clock_at_risk(sender, *, event: SlaEvent, **kwargs) -> None:
    _alert(event)


@receiver(sla_signals.sla_breached, dispatch_uid="inbox.sla_bridge.sla_breached")
def clock_breached(sender, *, event: SlaEvent, **kwargs) -> None:
    _alert(event)
