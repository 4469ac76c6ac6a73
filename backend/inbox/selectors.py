"""Reads over cases, messages and canned responses, each with the loading its callers need:
a list of N cases costs the same number of queries as a list of one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ObjectDoesNotExist
from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.models import Membership, Team
from customers.models import Identity
from inbox.models import OPEN_STATUSES, CannedResponse, Case, CaseEvent, CaseStatus, Mention, Message, MessageAttachment
from sla.selectors import case_sla_summaries, case_sla_summary


def case_list(*, workspace) -> QuerySet[Case]:
    """Case rows as lists show them (inbox.events.case_summary): customer and channel
    account joined, nothing fetched per row (the rows' SLA clocks come in one more query
    for the whole page: case_sla_summaries_attach)."""
    return Case.objects.for_workspace(workspace).select_related("customer", "channel_account")


def case_sla_summaries_attach(*, cases: list[Case]) -> None:
    """Each case's row clock (sla.selectors.SlaSummary, or None) as `case.sla_summary`: one
    query for the whole list, none for cases whose clocks the queryset joined (case_detail)."""
    now = timezone.now()
    missing = [case for case in cases if not hasattr(case, "sla_summary") and not Case.sla.is_cached(case)]
    if missing:
        found = case_sla_summaries(workspace=missing[0].workspace_id, case_ids=[case.pk for case in missing], now=now)
        for case in missing:
            case.sla_summary = found.get(case.pk)
    for case in cases:
        if not hasattr(case, "sla_summary"):
            try:
                case_sla = case.sla
            except ObjectDoesNotExist:  # joined, and there is none: no policy applied
                case_sla = None
            case.sla_summary = case_sla_summary(case_sla, now=now) if case_sla is not None else None


def message_list(*, workspace) -> QuerySet[Message]:
    """Messages in arrival order with their authors, attachments and mentions loaded."""
    return (
        Message.objects.for_workspace(workspace)
        .select_related("author__user")
        .prefetch_related(
            Prefetch("attachments", queryset=MessageAttachment.objects.order_by("pk")),
            Prefetch("mentions", queryset=Mention.objects.select_related("membership__user").order_by("pk")),
        )
        .order_by("received_at", "pk")
    )


def case_detail(*, workspace) -> QuerySet[Case]:
    """Cases with everything the case screen shows, in a fixed number of queries: messages
    in arrival order with authors, attachments and mentions; the timeline with actors; the
    customer with their identities; the SLA clocks joined (the row's clock, no extra query)."""
    messages = message_list(workspace=workspace)
    return (
        case_list(workspace=workspace)
        .select_related("assignee__user", "team", "customer", "sla__calendar")
        .prefetch_related(
            Prefetch("messages", queryset=messages),
            Prefetch("events", queryset=CaseEvent.objects.select_related("actor__user").order_by("occurred_at", "pk")),
            Prefetch("customer__identities", queryset=Identity.objects.order_by("channel_kind", "pk")),
        )
    )


@dataclass(frozen=True)
class TeamCount:
    team: Team
    count: int


@dataclass(frozen=True)
class CaseCounts:
    mine: int
    unassigned: int
    all: int
    pending: int
    snoozed: int
    teams: list[TeamCount]


def case_counts(*, membership: Membership) -> CaseCounts:
    """How many cases each inbox view of `membership` holds, in two queries (their teams,
    then one aggregate with a filtered COUNT per view). "Open" is every open status, as the
    list's `status=open`, so a count always equals the length of the list it labels."""
    teams = list(Team.objects.for_workspace(membership.workspace_id).filter(members=membership).order_by("name"))
    is_open = Q(status__in=OPEN_STATUSES)
    aggregates = {
        "mine": Count("pk", filter=is_open & Q(assignee_id=membership.pk)),
        "unassigned": Count("pk", filter=is_open & Q(assignee__isnull=True)),
        "all": Count("pk", filter=is_open),
        "pending": Count("pk", filter=Q(status=CaseStatus.PENDING)),
        "snoozed": Count("pk", filter=Q(status=CaseStatus.SNOOZED)),
        **{f"team_{team.pk}": Count("pk", filter=is_open & Q(team_id=team.pk)) for team in teams},
    }
    # Only rows that can count anywhere are scanned: open cases (pending and snoozed are open).
    totals = Case.objects.for_workspace(membership.workspace_id).filter(is_open).aggregate(**aggregates)
    return CaseCounts(
        mine=totals["mine"],
        unassigned=totals["unassigned"],
        all=totals["all"],
        pending=totals["pending"],
        snoozed=totals["snoozed"],
        teams=[TeamCount(team=team, count=totals[f"team_{team.pk}"]) for team in teams],
    )


def canned_response_list(*, workspace) -> QuerySet[CannedResponse]:
    return CannedResponse.objects.for_workspace(workspace).select_related("team").order_by("shortcut")


def customer_case_list(*, workspace, customer_id: int) -> QuerySet[Case]:
    """A customer's cases on every channel (case rows; newest first is the paginator's)."""
    return case_list(workspace=workspace).filter(customer_id=customer_id)


def case_tag_counts(*, workspace, limit: int = 200) -> list[dict]:
    """Every tag on the workspace's open cases with how many open cases carry it, most used
    first: the sidebar's tag views and the tag autocomplete."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT tag, count(*) FROM inbox_case, unnest(tags) AS tag
            WHERE workspace_id = %s AND status = ANY(%s)
            GROUP BY tag ORDER BY count(*) DESC, tag LIMIT %s
            """,
            [getattr(workspace, "pk", workspace), [str(status) for status in OPEN_STATUSES], limit],
        )
        return [{"tag": tag, "open_count": count} for tag, count in cursor.fetchall()]


def messages_by_platform_id(keys: set[tuple[int, str]]) -> dict[tuple[int, str], tuple[int, int, datetime]]:
    """(channel account, platform id) → (message id, case id, received_at) of the stored
    messages among `keys`, in one query whatever their number (the drain's batches: redeliveries,
    email references, echoes of known sends). Scoped by the accounts named."""
    keys = {key for key in keys if key[1]}
    if not keys:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT m.channel_account_id, m.external_id, m.id, m.case_id, m.received_at FROM {Message._meta.db_table} m "
            "JOIN unnest(%s::bigint[], %s::text[]) AS k(account_id, external_id) "
            "ON m.channel_account_id = k.account_id AND m.external_id = k.external_id WHERE m.external_id <> ''",
            [[key[0] for key in keys], [key[1] for key in keys]],
        )
        return {(account_id, external_id): (pk, case_id, at) for account_id, external_id, pk, case_id, at in cursor.fetchall()}
