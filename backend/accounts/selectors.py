"""Reads for accounts, each with the prefetching its callers need."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from accounts.models import ApiToken, Membership, Team, User, Workspace
from accounts.services import hash_token


def active_memberships_of(user: User) -> QuerySet[Membership]:
    # The user rides along: services name the acting member in timeline and realtime events.
    return Membership.objects.filter(user=user, is_active=True).select_related("workspace", "user").order_by("pk")


def membership_list(*, workspace: Workspace) -> QuerySet[Membership]:
    # Teams in one prefetch for the whole page: the members screen shows them per row.
    return (
        Membership.objects.for_workspace(workspace)
        .select_related("user")
        .prefetch_related(Prefetch("teams", queryset=Team.objects.order_by("name")))
        .order_by("user__name", "user__email")
    )


def team_list(*, workspace: Workspace) -> QuerySet[Team]:
    members = Membership.objects.select_related("user").order_by("user__name", "user__email")
    return Team.objects.for_workspace(workspace).prefetch_related(Prefetch("members", queryset=members))


def api_token_list(*, membership: Membership) -> QuerySet[ApiToken]:
    return ApiToken.objects.for_workspace(membership.workspace_id).filter(membership=membership).order_by("-created_at")


def api_token_authenticate(raw_token: str) -> ApiToken | None:
    """The usable token with this value, its membership, user and workspace loaded; or None."""
    token = (
        ApiToken.objects.select_related("membership__user", "membership__workspace")
        .filter(token_hash=hash_token(raw_token))
        .first()
    )
    if token is None or not token.is_usable(timezone.now()):
        return None
    membership = token.membership
    if not membership.is_active or not membership.user.is_active:
        return None
    return token
