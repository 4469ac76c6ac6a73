"""Automatic assignment: who gets a case nobody has picked.

Policies (AssignmentPolicy) belong to a channel account or to a team. A case with a team
follows its team's policy (a team without one assigns by hand); a case without a team
follows its channel account's policy. Modes:
- manual: nobody is picked; agents take cases from the queue;
- round_robin: the next eligible agent after the one picked last, in membership order,
  wrapping around;
- load_balanced: the eligible agent with the fewest open cases; ties go round in the same
  order as round robin, so equal agents take turns.

Eligible: active members of the workspace (and of the team, for a team policy) who are
online (inbox.presence) and hold fewer than the policy's `agent_capacity` open cases
(every status in OPEN_STATUSES counts, whoever assigned them). Agents come first;
supervisors and admins receive a case only when no agent can take it.

A case nobody can take stays unassigned: the backlog. `on_agent_freed` drains it, oldest
waiting first, when an agent comes online or has room again; `assignment_backlog_sweep`
runs every minute to catch whatever a race between the two left behind.

Locks, always in this order: case → policy → agent presence. The policy lock makes two new
cases of one policy choose one after the other (and keeps round robin's turn exact); the
presence lock makes two policies, or a policy and a backlog drain, never push one agent
past capacity. Backlog cases are claimed with SKIP LOCKED, so a drain never waits on a case
another transaction is working on.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Membership, Role, TeamMembership
from core.realtime import user_group
from inbox import events, presence, signals
from inbox.models import OPEN_STATUSES, AgentPresence, AssignmentMode, AssignmentPolicy, Case, CaseEventKind

# Roles that may receive cases automatically; the first is preferred over the others.
ASSIGNABLE_ROLES = (Role.AGENT, Role.SUPERVISOR, Role.ADMIN)


def case_assignee_set(case: Case, membership: Membership, automatic: bool = True, *, actor: Membership | None = None) -> Case:
    """Give `case` to `membership`: the one write every assignment goes through.

    The caller holds the case row lock and has checked the case may be assigned. Saves
    the assignee, records the timeline row, sends `case_assigned` (reports count it) and
    publishes `case.updated` to the case's groups and to the new (and any previous)
    assignee's own group, after commit. `case` needs its customer and channel account
    loaded (the realtime summary shows them)."""
    now = timezone.now()
    previous_id = case.assignee_id
    case.assignee = membership
    case.save(update_fields=["assignee", "updated_at"])
    events.timeline(case, CaseEventKind.ASSIGNED, actor=actor, at=now, assignee_id=membership.pk, automatic=automatic)
    signals.case_assigned.send(sender=Case, case=case, at=now, assignee=membership, actor=actor, automatic=automatic)
    groups = [user_group(membership.user_id)]
    if previous_id and previous_id != membership.pk:
        previous_user_id = Membership.objects.filter(pk=previous_id).values_list("user_id", flat=True).first()
        if previous_user_id:
            groups.append(user_group(previous_user_id))
    events.case_changed(case, extra_groups=groups)
    return case


def _open_case_counts(workspace_id: int, membership_ids: list[int]) -> dict[int, int]:
    """Open cases held by each of `membership_ids` (what capacity is measured against)."""
    rows = (
        Case.objects.filter(workspace_id=workspace_id, assignee_id__in=membership_ids, status__in=OPEN_STATUSES)
        .values_list("assignee_id")
        .annotate(count=Count("pk"))
    )
    counts = dict.fromkeys(membership_ids, 0)
    counts.update(dict(rows))
    return counts


def _online_eligible(policy: AssignmentPolicy, now) -> list[Membership]:
    members = (
        Membership.objects.filter(workspace_id=policy.workspace_id, is_active=True, role__in=ASSIGNABLE_ROLES)
        .filter(presence.online_filter(now=now))
        .select_related("user")
        .order_by("pk")
    )
    if policy.team_id:
        members = members.filter(teams=policy.team_id)
    return list(members)


def _pick(policy: AssignmentPolicy, members: list[Membership], load: dict[int, int]) -> Membership | None:
    """The policy's choice among `members` (online, in pk order), or None if all are full."""
    with_room = [m for m in members if load[m.pk] < policy.agent_capacity]
    pool = [m for m in with_room if m.role == Role.AGENT] or with_room
    if not pool:
        return None
    if policy.mode == AssignmentMode.LOAD_BALANCED:
        fewest = min(load[m.pk] for m in pool)
        pool = [m for m in pool if load[m.pk] == fewest]
    after = policy.last_assigned_id or 0
    return next((m for m in pool if m.pk > after), pool[0])


def _policy_for(case: Case, *, lock: bool) -> AssignmentPolicy | None:
    policies = AssignmentPolicy.objects.select_for_update() if lock else AssignmentPolicy.objects.all()
    if case.team_id:
        return policies.filter(team_id=case.team_id).first()
    return policies.filter(channel_account_id=case.channel_account_id).first()


def _lock_presence_if_online(membership: Membership, now) -> bool:
    """Lock the agent's presence row (until the transaction ends); True if they are online."""
    locked = (
        AgentPresence.objects.select_for_update()
        .filter(membership_id=membership.pk)
        .filter(presence.online_filter(now=now, prefix=""))
        .values_list("pk", flat=True)
        .first()
    )
    return locked is not None


def _policy_of(case: Case, policies: list[AssignmentPolicy]) -> AssignmentPolicy:
    if case.team_id:
        return next(p for p in policies if p.team_id == case.team_id)
    return next(p for p in policies if p.channel_account_id == case.channel_account_id)


def on_case_opened(case: Case) -> Membership | None:
    """A case was opened, reopened or moved to a team: if it is open and unassigned and its
    policy is automatic, give it to the policy's choice. Returns the assignee, or None
    (manual policy, or nobody online with room: the case waits in the backlog).

    Works inside the caller's transaction (ingest) or on its own (after commit). The team
    on `case` as the caller holds it picks the policy; the row is then re-read under its
    lock. `case` is updated in place, so the caller's later events show the assignee. Never
    assigns an agent past the policy's capacity, however many cases open at once."""
    # Read without a lock or a savepoint first: manual policies (the default) must cost ingest
    # one query and serialize nothing.
    policy = _policy_for(case, lock=False)
    if policy is None or policy.mode == AssignmentMode.MANUAL or case.assignee_id is not None:
        return None
    with transaction.atomic():
        current = (
            Case.objects.select_for_update(of=("self",))
            .filter(pk=case.pk)
            .values("status", "assignee_id", "team_id", "channel_account_id")
            .first()
        )
        if current is None or current["assignee_id"] is not None or current["status"] not in OPEN_STATUSES:
            return None
        case.status, case.team_id, case.channel_account_id = current["status"], current["team_id"], current["channel_account_id"]
        policy = _policy_for(case, lock=True)
        if policy is None or policy.mode == AssignmentMode.MANUAL:
            return None

        now = timezone.now()
        members = _online_eligible(policy, now)
        load = _open_case_counts(policy.workspace_id, [m.pk for m in members])
        while members:
            chosen = _pick(policy, members, load)
            if chosen is None:
                return None
            # Another policy or a backlog drain may have given them a case meanwhile: the
            # presence lock serializes those, and the count is re-read under it.
            if _lock_presence_if_online(chosen, now):
                if _open_case_counts(policy.workspace_id, [chosen.pk])[chosen.pk] < policy.agent_capacity:
                    case_assignee_set(case, chosen)
                    policy.last_assigned = chosen
                    policy.save(update_fields=["last_assigned", "updated_at"])
                    return chosen
            members.remove(chosen)
        return None


def on_agent_freed(membership: Membership) -> list[Case]:
    """The agent came online or has room again (a case resolved, closed, reassigned): while
    they are online and under capacity, give them the oldest-waiting unassigned open cases
    that an automatic policy would give them. Returns the cases assigned.

    Safe to call at any time and repeatedly (it only fills free capacity). Call it after
    the change that freed the agent commits, or inside that transaction after the change."""
    now = timezone.now()
    with transaction.atomic():
        member = Membership.objects.select_related("user").filter(pk=membership.pk, is_active=True, role__in=ASSIGNABLE_ROLES).first()
        if member is None:
            return []
        team_ids = list(TeamMembership.objects.filter(membership_id=member.pk).values_list("team_id", flat=True))
        # Policies locked in pk order, like on_case_opened takes each one: a case opening on
        # one of them meanwhile either waits for this drain or is visible to it.
        policies = list(
            AssignmentPolicy.objects.select_for_update()
            .filter(workspace_id=member.workspace_id)
            .exclude(mode=AssignmentMode.MANUAL)
            .filter(Q(team_id__in=team_ids) | Q(channel_account__isnull=False))
            .order_by("pk")
        )
        if not policies or not _lock_presence_if_online(member, now):
            return []
        load = _open_case_counts(member.workspace_id, [member.pk])[member.pk]
        assigned: list[Case] = []
        used: set[int] = set()
        while True:
            with_room = [p for p in policies if load < p.agent_capacity]
            if not with_room:
                break
            scope = Q(team_id__in=[p.team_id for p in with_room if p.team_id]) | Q(
                team__isnull=True, channel_account_id__in=[p.channel_account_id for p in with_room if p.channel_account_id]
            )
            case = (
                Case.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("customer", "channel_account")
                .filter(workspace_id=member.workspace_id, assignee__isnull=True, status__in=OPEN_STATUSES)
                .filter(scope)
                .order_by(Coalesce("waiting_since", "opened_at"), "pk")
                .first()
            )
            if case is None:
                break
            case_assignee_set(case, member)
            assigned.append(case)
            load += 1
            used.add(_policy_of(case, with_room).pk)
        # Round robin continues after this agent on every policy they just drew from.
        AssignmentPolicy.objects.filter(pk__in=used).update(last_assigned=member, updated_at=now)
        return assigned


def assignment_backlog_sweep() -> int:
    """Offer the backlog to every online agent with room, agents before supervisors and
    admins. Catches cases a race left unassigned (a case committed just after a drain
    looked). Safe to run concurrently and repeatedly; returns how many cases were assigned."""
    now = timezone.now()
    workspace_ids = (
        Case.objects.filter(assignee__isnull=True, status__in=OPEN_STATUSES)
        .filter(workspace_id__in=AssignmentPolicy.objects.exclude(mode=AssignmentMode.MANUAL).values("workspace_id"))
        .values_list("workspace_id", flat=True)
        .distinct()
    )
    members = list(
        Membership.objects.filter(workspace_id__in=list(workspace_ids), is_active=True, role__in=ASSIGNABLE_ROLES)
        .filter(presence.online_filter(now=now))
        .select_related("user")
        .order_by("workspace_id", "pk")
    )
    members.sort(key=lambda m: (m.workspace_id, m.role != Role.AGENT, m.pk))
    return sum(len(on_agent_freed(member)) for member in members)
