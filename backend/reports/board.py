"""The supervisor board: the live state of the queues, right now.

Read from the operational tables (open cases, their SLA clocks, agents' presence), not from
rollups: it answers "what needs attention this minute", and open cases are a small, indexed
slice of the data. A handful of aggregate queries whatever the workspace's size.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Min, Q
from django.utils import timezone

from accounts.models import Membership, Role, Team
from inbox.models import OPEN_STATUSES, AgentPresence, AssignmentMode, AssignmentPolicy, Case, PresenceStatus
from sla.models import ClockStatus

SLA_STATES = {
    "at_risk": ClockStatus.AT_RISK,
    "breached": ClockStatus.BREACHED,
}


def _sla_state(state: str) -> Q:
    status = SLA_STATES[state]
    return Q(sla__first_response_status=status) | Q(sla__next_response_status=status) | Q(sla__resolution_status=status)


QUEUE_AGGREGATES = {
    "open": Count("pk"),
    "unassigned": Count("pk", filter=Q(assignee__isnull=True)),
    "waiting": Count("pk", filter=Q(waiting_since__isnull=False)),
    "oldest_waiting_since": Min("waiting_since"),
    "at_risk": Count("pk", filter=_sla_state("at_risk")),
    "breached": Count("pk", filter=_sla_state("breached")),
}


@dataclass
class Board:
    generated_at: datetime
    totals: dict
    teams: list[dict] = field(default_factory=list)
    agents: list[dict] = field(default_factory=list)
    channels: list[dict] = field(default_factory=list)


def supervisor_board(*, workspace) -> Board:
    workspace_id = getattr(workspace, "pk", workspace)
    open_cases = Case.objects.for_workspace(workspace_id).filter(status__in=OPEN_STATUSES)

    totals = open_cases.aggregate(**{k: v for k, v in QUEUE_AGGREGATES.items() if k != "oldest_waiting_since"})
    by_team = {row.pop("team_id"): row for row in open_cases.values("team_id").annotate(**QUEUE_AGGREGATES).order_by()}
    teams = [
        {"id": team.pk, "name": team.name, **_queue(by_team.pop(team.pk, None))}
        for team in Team.objects.for_workspace(workspace_id).order_by("name")
    ]
    if None in by_team:
        teams.append({"id": None, "name": "", **_queue(by_team.pop(None))})

    channels = [
        {"kind": row["channel_account__kind"], "open": row["open"], "waiting": row["waiting"]}
        for row in open_cases.values("channel_account__kind")
        .annotate(open=Count("pk"), waiting=Count("pk", filter=Q(waiting_since__isnull=False)))
        .order_by("-open", "channel_account__kind")
    ]

    agents = _agents(workspace_id, open_cases)
    totals["agents_online"] = sum(1 for agent in agents if agent["status"] == PresenceStatus.ONLINE)
    return Board(generated_at=timezone.now(), totals=totals, teams=teams, agents=agents, channels=channels)


def _queue(row: dict | None) -> dict:
    empty = {"open": 0, "unassigned": 0, "waiting": 0, "oldest_waiting_since": None, "at_risk": 0, "breached": 0}
    return {**empty, **(row or {})}


def _agents(workspace_id: int, open_cases) -> list[dict]:
    members = list(
        Membership.objects.filter(workspace_id=workspace_id, is_active=True)
        .select_related("user")
        .prefetch_related("teams")
        .order_by("user__name", "pk")
    )
    assigned = dict(open_cases.filter(assignee__isnull=False).values_list("assignee_id").annotate(n=Count("pk")).order_by())
    presence = {p.membership_id: p for p in AgentPresence.objects.for_workspace(workspace_id)}
    capacity_by_team = dict(
        AssignmentPolicy.objects.for_workspace(workspace_id)
        .filter(team__isnull=False)
        .exclude(mode=AssignmentMode.MANUAL)
        .values_list("team_id", "agent_capacity")
    )
    agents = []
    for member in members:
        seen = presence.get(member.pk)
        capacities = [capacity_by_team[team.pk] for team in member.teams.all() if team.pk in capacity_by_team]
        agents.append(
            {
                "membership_id": member.pk,
                "name": member.user.name,
                "email": member.user.email,
                "role": member.role,
                "status": seen.status if seen and seen.connections else PresenceStatus.OFFLINE,
                "open_assigned": assigned.get(member.pk, 0),
                "capacity": min(capacities) if capacities else None,
                "viewing_case_ids": sorted(int(case_id) for case_id in (seen.viewing or {}) if str(case_id).isdigit()) if seen else [],
            }
        )
    # Agents first, busiest first: the board is about who can take more.
    agents.sort(key=lambda a: (a["role"] != Role.AGENT, a["status"] == PresenceStatus.OFFLINE, -a["open_assigned"], a["name"]))
    return agents
