"""The inbox's side of other apps' events."""

from __future__ import annotations

from django.dispatch import receiver

from customers.events import customer_merged
from customers.services import tagging_rules_apply
from inbox import signals
from inbox.events import timeline
from inbox.models import Case, CaseEventKind


@receiver(customer_merged, dispatch_uid="inbox.move_cases_on_customer_merge")
def move_cases_to_merged_customer(sender, *, source, target, actor=None, **kwargs) -> int:
    cases = list(Case.objects.select_for_update().filter(customer=source).order_by("pk"))
    Case.objects.filter(pk__in=[c.pk for c in cases]).update(customer=target)
    for case in cases:
        timeline(case, CaseEventKind.CUSTOMER_CHANGED, actor=actor, old_customer_id=source.pk, new_customer_id=target.pk)
    return len(cases)


@receiver(signals.message_received, dispatch_uid="inbox.apply_tagging_rules")
def apply_tagging_rules(sender, *, case: Case, at, message, **kwargs) -> None:
    """The workspace's tagging rules on a customer message: tags on the customer (customers'
    service) and, for rules that say so, on the case.

    Sent by the ingest service with the case row locked and saved, and followed by its
    case.updated event: the tags go into the row and the in-memory case, so that event (and
    any later save of the case) carries them; no event of our own. No rule matching costs
    no query.
    """
    outcome = tagging_rules_apply(customer=case.customer, channel_kind=case.channel_account.kind, text=message.text or "")
    added = [tag for tag in outcome.case_tags if tag not in case.tags]
    if not added:
        return
    case.tags = [*case.tags, *added]
    Case.objects.filter(pk=case.pk).update(tags=case.tags)
    timeline(case, CaseEventKind.TAGGED, at=at, tags=added, tagging_rule_ids=list(outcome.rule_ids))
