"""Reads over customers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from customers.models import Customer, Identity, TaggingRule


def customer_list(*, workspace) -> QuerySet[Customer]:
    """Live customers (merged ones are hidden: they live on in their target)."""
    return Customer.objects.for_workspace(workspace).filter(merged_into__isnull=True)


def customer_with_identities(*, workspace, customer_id: int) -> Customer | None:
    return customer_list(workspace=workspace).prefetch_related("identities").filter(pk=customer_id).first()


def phone_digits(phone: str) -> str:
    return re.sub(r"\D", "", phone or "")


@dataclass(frozen=True)
class MergeSuggestion:
    customer: Customer
    reasons: tuple[str, ...]


def customer_merge_suggestions(*, customer: Customer, limit: int = 10) -> list[MergeSuggestion]:
    """Other live customers sharing this one's email or phone number. Names alone are never
    a reason: two people called "Ana García" are two people."""
    matchers = Q()
    if customer.email:
        matchers |= Q(email__iexact=customer.email)
    digits = phone_digits(customer.phone)
    if len(digits) >= 7:
        matchers |= Q(phone__endswith=digits[-9:])
    if not matchers:
        return []
    candidates = customer_list(workspace=customer.workspace_id).filter(matchers).exclude(pk=customer.pk)[: limit * 2]
    suggestions = []
    for candidate in candidates:
        reasons = []
        if customer.email and candidate.email.lower() == customer.email.lower():
            reasons.append("same_email")
        candidate_digits = phone_digits(candidate.phone)
        if len(digits) >= 7 and candidate_digits and candidate_digits[-9:] == digits[-9:]:
            reasons.append("same_phone")
        if reasons:
            suggestions.append(MergeSuggestion(customer=candidate, reasons=tuple(reasons)))
    return suggestions[:limit]


def identity_list(*, workspace) -> QuerySet[Identity]:
    return Identity.objects.for_workspace(workspace)


def tagging_rule_list(*, workspace) -> QuerySet[TaggingRule]:
    return TaggingRule.objects.for_workspace(workspace).order_by("name", "pk")
