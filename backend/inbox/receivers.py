"""The inbox's side of other apps' events."""

from __future__ import annotations

from django.dispatch import receiver

from customers.events import customer_merged
from inbox.events import timeline
from inbox.models import Case, CaseEventKind


@receiver(customer_merged, dispatch_uid="inbox.move_cases_on_customer_merge")
def move_cases_to_merged_customer(sender, *, source, target, actor=None, **kwargs) -> int:
    cases = list(Case.objects.select_for_update().filter(customer=source).order_by("pk"))
    Case.objects.filter(pk__in=[c.pk for c in cases]).update(customer=target)
    for case in cases:
        timeline(case, CaseEventKind.CUSTOMER_CHANGED, actor=actor, old_customer_id=source.pk, new_customer_id=target.pk)
    return len(cases)
