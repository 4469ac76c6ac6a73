"""What the sla app knows of a case: plain facts the inbox hands over (sla never imports
inbox), and the rule that matches them against a policy's conditions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

# Case statuses, as strings (inbox.models.CaseStatus owns them).
PAUSED_STATUSES = frozenset({"pending", "snoozed"})
RUNNING_CASE_STATUSES = frozenset({"new", "open"})
RESOLVED_STATUSES = frozenset({"resolved", "closed"})
DISCARDED_STATUSES = frozenset({"merged", "spam"})
OPEN_CASE_STATUSES = RUNNING_CASE_STATUSES | PAUSED_STATUSES

# Condition key → the CaseFacts attribute it looks at.
CONDITION_FIELDS = {
    "channel_kinds": "channel_kind",
    "channel_account_ids": "channel_account_id",
    "priorities": "priority",
    "customer_tiers": "customer_tier",
    "customer_tags": "customer_tags",
    "team_ids": "team_id",
}


@dataclass(frozen=True)
class CaseFacts:
    case_id: int
    workspace_id: int
    channel_kind: str
    channel_account_id: int
    priority: int
    team_id: int | None
    customer_tier: str | None
    customer_tags: tuple[str, ...]
    opened_at: datetime
    status: str
    # The oldest customer message not yet answered by an agent (None: all answered).
    waiting_since: datetime | None = None
    assignee_id: int | None = None


def conditions_match(conditions: Mapping[str, Any], facts: CaseFacts) -> bool:
    """Every condition given must hold; within one, any listed value will do. Tags match
    when the customer has any of them (case-insensitively)."""
    for key, attribute in CONDITION_FIELDS.items():
        wanted = conditions.get(key)
        if not wanted:
            continue
        value = getattr(facts, attribute)
        if key == "customer_tags":
            if not {tag.lower() for tag in value} & {tag.lower() for tag in wanted}:
                return False
        elif key == "customer_tiers":
            if value is None or value.lower() not in {tier.lower() for tier in wanted}:
                return False
        elif value not in wanted:
            return False
    return True
